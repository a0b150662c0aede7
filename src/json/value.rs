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
        deserializer.deserialize_any(self)
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
        while let Some(name) = map.next_key_seed(NameSeed)? {
            let duplicate = match self.keep {
                true => kept.contains_key(name.as_ref()),
                false => !seen.insert(name.clone()),
            };
            if duplicate {
                return Err(self.at.key(&name).error("duplicate property"));
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
    many: HashSet<Cow<'de, str>>,
}

impl<'de> Names<'de> {
    const FEW: usize = 64;

    /// Adds `name`; `false` when it was there already.
    pub(crate) fn insert(&mut self, name: Cow<'de, str>) -> bool {
        if self.many.is_empty() {
            if self.few.contains(&name) {
                return false;
            }
            if self.few.len() < Self::FEW {
                self.few.push(name);
                return true;
            }
            self.many.extend(self.few.drain(..));
        }
        self.many.insert(name)
    }
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
