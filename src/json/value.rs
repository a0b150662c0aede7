//! Unknown properties: any JSON value, kept as a `serde_json::Value` or
//! checked and skipped, refusing a name given twice at any depth.
//!
//! `serde_json::Value` keeps the last of two equal names and drops the
//! first; this crate promises that nothing is dropped, so it reads unknown
//! values itself.

use crate::json::path::{Path, accept_null};
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

/// Reads any JSON value found at `at`: `Some(value)` when `keep` is set,
/// `None` once checked otherwise.
pub(crate) struct UnknownValue<'a, 'p> {
    pub(crate) at: &'a Path<'p>,
    pub(crate) keep: bool,
}

impl<'de> DeserializeSeed<'de> for UnknownValue<'_, '_> {
    type Value = Option<Value>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        let at = self.at;
        deserializer
            .deserialize_any(self)
            .map_err(|error| at.locate(error))
    }
}

impl<'de> Visitor<'de> for UnknownValue<'_, '_> {
    type Value = Option<Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    accept_null!(|seed: Self| seed.keep.then_some(Value::Null));

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(self.keep.then_some(Value::Bool(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(self.keep.then(|| Value::Number(v.into())))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(self.keep.then(|| Value::Number(v.into())))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        // JSON text cannot spell a non-finite number, and serde_json refuses
        // one that overflows, so this is only reached with a finite `v`.
        Ok(self
            .keep
            .then(|| Number::from_f64(v).map_or(Value::Null, Value::Number)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self.keep.then(|| Value::String(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(self.keep.then_some(Value::String(v)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        let mut index = 0;
        while let Some(item) = seq.next_element_seed(UnknownValue {
            at: &self.at.index(index),
            keep: self.keep,
        })? {
            items.extend(item);
            index += 1;
        }
        Ok(self.keep.then_some(Value::Array(items)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut kept = Map::new();
        let mut seen = Names::default();
        while let Some(name) = map
            .next_key_seed(NameSeed)
            .map_err(|error| self.at.locate(error))?
        {
            let duplicate = match self.keep {
                true => kept.contains_key(name.as_ref()),
                false => !seen.insert(name.clone()),
            };
            if duplicate {
                return Err(self.at.key(&name).duplicate());
            }
            let value = map.next_value_seed(UnknownValue {
                at: &self.at.key(&name),
                keep: self.keep,
            })?;
            if let Some(value) = value {
                kept.insert(name.into_owned(), value);
            }
        }
        Ok(self.keep.then_some(Value::Object(kept)))
    }
}

/// The names of an object's properties read so far, to refuse one given
/// twice. Borrowed from the input where it has no escapes; a few are
/// searched in a list, more in a hash set, so that time stays linear.
#[derive(Default)]
pub(crate) struct Names<'de> {
    few: Vec<Cow<'de, str>>,
    /// A bit per hash of each name in `few`: a name whose bit is clear is
    /// new without searching the list. An alert has 30-40 properties, and
    /// searching for each measured 6% of an export's instructions.
    few_hashes: [u64; 4],
    many: HashSet<Cow<'de, str>>,
}

impl<'de> Names<'de> {
    const FEW: usize = 64;

    /// Adds `name`; `false` when it was there already.
    pub(crate) fn insert(&mut self, name: Cow<'de, str>) -> bool {
        if self.many.is_empty() {
            let (word, bit) = hash_bit(&name);
            if self.few_hashes[word] & bit != 0 && self.few.contains(&name) {
                return false;
            }
            if self.few.len() < Self::FEW {
                self.few_hashes[word] |= bit;
                if self.few.capacity() == 0 {
                    self.few.reserve(16);
                }
                self.few.push(name);
                return true;
            }
            self.many.extend(self.few.drain(..));
        }
        self.many.insert(name)
    }
}

/// Which of [`Names::few_hashes`]' 256 bits stands for `name`: a hash of
/// its length and of its first and last eight bytes (names of one object
/// often share a prefix or a suffix such as `DateTime`, rarely both).
#[inline]
fn hash_bit(name: &str) -> (usize, u64) {
    let bytes = name.as_bytes();
    let (head, tail) = match bytes.len() {
        8.. => {
            let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8"));
            (word(0), word(bytes.len() - 8))
        }
        // A loop, not a copy of a variable length (a call to `memcpy`).
        _ => (bytes.iter().fold(0, |word, &b| word << 8 | u64::from(b)), 0),
    };
    let mixed =
        (head ^ tail.rotate_left(29) ^ bytes.len() as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    let bit = (mixed >> 56) as usize;
    (bit / 64, 1 << (bit % 64))
}

/// Reads a property name, borrowing it from the input when it can.
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

#[cfg(test)]
mod tests {
    use super::Names;
    use std::borrow::Cow;
    use std::collections::HashSet;

    /// `Names` against a plain `HashSet` on names that share prefixes and
    /// suffixes, short and empty ones, and more than `FEW`, each offered
    /// again at every point.
    #[test]
    fn names_refuse_exactly_what_was_seen() {
        let stems = [
            "",
            "a",
            "ab",
            "id",
            "abcdefg",
            "abcdefgh",
            "created",
            "lastModified",
        ];
        let suffixes = ["", "DateTime", "At", "x", "DateTimeX"];
        let mut all: Vec<String> = Vec::new();
        for stem in stems {
            for suffix in suffixes {
                all.push(format!("{stem}{suffix}"));
            }
        }
        all.extend((0..80).map(|i| format!("property{i}")));
        all.sort();
        all.dedup();
        assert!(all.len() > Names::FEW + 20, "{}", all.len());
        for count in [1, 10, Names::FEW - 1, Names::FEW, Names::FEW + 1, all.len()] {
            let mut names = Names::default();
            let mut expected = HashSet::new();
            for (i, name) in all.iter().take(count).enumerate() {
                assert_eq!(
                    names.insert(Cow::Borrowed(name)),
                    expected.insert(name),
                    "{name}"
                );
                // A name seen before is refused, however it is held.
                let again = &all[i / 2];
                assert!(!names.insert(Cow::Owned(again.clone())), "{again} again");
            }
            for name in all.iter().skip(count) {
                assert!(names.insert(Cow::Borrowed(name)), "{name} is new");
            }
        }
    }
}
