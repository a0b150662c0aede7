//! Property names: the one decoder of an object's keys, for serde (known
//! names matched without allocating, others borrowed from the input where
//! they have no escapes) and for a name's raw text found by a scan.

use serde::de::{self, DeserializeSeed, Visitor};
use std::borrow::Cow;
use std::fmt;

/// The names an object's reader knows, and what it makes of each.
pub(crate) trait Keys {
    /// What a known name is to the reader: a `Property`, an index.
    type Key;

    /// The key of `name`, if the reader knows it.
    fn lookup(&self, name: &str) -> Option<Self::Key>;
}

/// A connection's properties.
pub(crate) struct PropertyKeys;

impl Keys for PropertyKeys {
    type Key = crate::Property;

    // Inlined into key decoding: 1% fewer instructions per connection.
    #[inline(always)]
    fn lookup(&self, name: &str) -> Option<crate::Property> {
        crate::Property::from_name(name)
    }
}

/// The few names of an alert or a page, by their index in the list.
pub(crate) struct Listed(pub(crate) &'static [&'static str]);

impl Keys for Listed {
    type Key = usize;

    #[inline]
    fn lookup(&self, name: &str) -> Option<usize> {
        self.0.iter().position(|known| *known == name)
    }
}

/// Reads a property name: `Some` of the key of a name that `keys` knows
/// (no allocation), `None` for any other, whose name it leaves in
/// `unknown`. Returning only the known key keeps the per-property path
/// lean: one byte for a connection's `Property` rather than a
/// `String`-sized enum measured 13 instructions of 34 a key (callgrind, the
/// corpus mix).
pub(crate) struct KeySeed<'u, 'de, K> {
    keys: K,
    unknown: &'u mut Option<Cow<'de, str>>,
}

impl<'u, 'de, K: Keys> KeySeed<'u, 'de, K> {
    /// A seed that knows the names `keys` knows, leaving others in
    /// `unknown`.
    #[inline]
    pub(crate) fn new(keys: K, unknown: &'u mut Option<Cow<'de, str>>) -> Self {
        KeySeed { keys, unknown }
    }
}

impl<'de, K: Keys> DeserializeSeed<'de> for KeySeed<'_, 'de, K> {
    type Value = Option<K::Key>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

/// Out of line, so that matching a known name saves no registers.
#[cold]
#[inline(never)]
fn keep<'de>(unknown: &mut Option<Cow<'de, str>>, name: Cow<'de, str>) {
    *unknown = Some(name);
}

impl<'de, K: Keys> Visitor<'de> for KeySeed<'_, 'de, K> {
    type Value = Option<K::Key>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_borrowed_str<E: de::Error>(self, name: &'de str) -> Result<Self::Value, E> {
        let key = self.keys.lookup(name);
        if key.is_none() {
            keep(self.unknown, Cow::Borrowed(name));
        }
        Ok(key)
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Self::Value, E> {
        let key = self.keys.lookup(name);
        if key.is_none() {
            keep(self.unknown, Cow::Owned(name.to_owned()));
        }
        Ok(key)
    }

    fn visit_string<E: de::Error>(self, name: String) -> Result<Self::Value, E> {
        let key = self.keys.lookup(&name);
        if key.is_none() {
            keep(self.unknown, Cow::Owned(name));
        }
        Ok(key)
    }
}

/// Reads a property name that is not looked up (any name of an unknown
/// object), borrowing it from the input when it can.
pub(crate) struct NameSeed;

impl<'de> DeserializeSeed<'de> for NameSeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for NameSeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

/// The name in `raw`, a property name's text as it stands in the input,
/// quotes included: borrowed when it has no escapes, decoded when it has;
/// `None` when it is not a valid JSON string (the parse of the value it
/// belongs to says why). For names that a scan of the input finds, so
/// that they decode exactly as serde's.
pub(crate) fn decode_name(raw: &[u8]) -> Option<Cow<'_, str>> {
    let inner = raw.strip_prefix(b"\"")?.strip_suffix(b"\"")?;
    match inner.iter().any(|&b| b == b'\\' || b == b'"' || b < 0x20) {
        false => std::str::from_utf8(inner).ok().map(Cow::Borrowed),
        true => serde_json::from_slice::<String>(raw).ok().map(Cow::Owned),
    }
}

#[cfg(test)]
mod tests {
    use super::decode_name;

    #[test]
    fn names_decode_as_json_strings() {
        assert_eq!(decode_name(br#""value""#).as_deref(), Some("value"));
        assert_eq!(decode_name(br#""v\u0061lue""#).as_deref(), Some("value"));
        assert_eq!(decode_name(br#""a\"b""#).as_deref(), Some("a\"b"));
        assert_eq!(decode_name(b"\"\xff\""), None);
        assert_eq!(decode_name(br#""\q""#), None);
        assert_eq!(decode_name(br#"value"#), None);
    }
}
