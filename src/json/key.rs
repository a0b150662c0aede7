//! Property names: the one decoder of an object's keys, for serde (known
//! names matched without allocating, others borrowed from the input where
//! they have no escapes) and for a name's raw text found by a scan.

use serde::de::{self, DeserializeSeed, Visitor};
use std::borrow::Cow;
use std::fmt;

/// Reads a property name: `Some` of what `lookup` makes of a name it knows
/// (no allocation), `None` for any other, whose name it leaves in
/// `unknown`. Returning only the known key keeps the per-property path
/// lean: one byte for a connection's `Property` rather than a
/// `String`-sized enum measured 13 instructions of 34 a key (callgrind, the
/// corpus mix).
pub(crate) struct KeySeed<'u, 'de, L> {
    lookup: L,
    unknown: &'u mut Option<Cow<'de, str>>,
}

impl<'u, 'de, K, L: Fn(&str) -> Option<K>> KeySeed<'u, 'de, L> {
    /// A seed that knows the names `lookup` knows, leaving others in
    /// `unknown`.
    #[inline]
    pub(crate) fn new(lookup: L, unknown: &'u mut Option<Cow<'de, str>>) -> Self {
        KeySeed { lookup, unknown }
    }
}

impl<'de, K, L: Fn(&str) -> Option<K>> DeserializeSeed<'de> for KeySeed<'_, 'de, L> {
    type Value = Option<K>;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Option<K>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

/// Out of line, so that matching a known name saves no registers.
#[cold]
#[inline(never)]
fn keep<'de>(unknown: &mut Option<Cow<'de, str>>, name: Cow<'de, str>) {
    *unknown = Some(name);
}

impl<'de, K, L: Fn(&str) -> Option<K>> Visitor<'de> for KeySeed<'_, 'de, L> {
    type Value = Option<K>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_borrowed_str<E: de::Error>(self, name: &'de str) -> Result<Option<K>, E> {
        let key = (self.lookup)(name);
        if key.is_none() {
            keep(self.unknown, Cow::Borrowed(name));
        }
        Ok(key)
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Option<K>, E> {
        let key = (self.lookup)(name);
        if key.is_none() {
            keep(self.unknown, Cow::Owned(name.to_owned()));
        }
        Ok(key)
    }

    fn visit_string<E: de::Error>(self, name: String) -> Result<Option<K>, E> {
        let key = (self.lookup)(&name);
        if key.is_none() {
            keep(self.unknown, Cow::Owned(name));
        }
        Ok(key)
    }
}

/// Reads a property name that is not looked up, borrowing it from the
/// input when it can.
pub(crate) struct NameSeed;

impl<'de> DeserializeSeed<'de> for NameSeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        let mut name = None;
        KeySeed::new(|_| None::<()>, &mut name).deserialize(deserializer)?;
        Ok(name.expect("every name is unknown to a lookup that knows none"))
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
