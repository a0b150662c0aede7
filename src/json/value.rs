//! Unknown properties: any JSON value, kept as a `serde_json::Value` or
//! checked and skipped, refusing a name given twice at any depth.
//!
//! `serde_json::Value` keeps the last of two equal names and drops the
//! first; this crate promises that nothing is dropped, so it reads unknown
//! values itself.

use crate::json::key::NameSeed;
use crate::json::names::SeenNames;
use crate::json::path::{Path, accept_null};
use crate::json::seed::visitor_seed;
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::borrow::Cow;
use std::fmt;

/// Reads any JSON value found at `at`: `Some(value)` when `keep` is set,
/// `None` once checked otherwise.
pub(crate) struct UnknownValue<'a, 'p> {
    pub(crate) at: &'a Path<'p>,
    pub(crate) keep: bool,
}

visitor_seed!(['de] UnknownValue<'_, '_>, placed);

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
        let mut seen = SeenNames::default();
        while let Some(name) = map
            .next_key_seed(NameSeed)
            .map_err(|error| self.at.locate(error))?
        {
            read_unknown(&mut map, self.at, name, self.keep, &mut kept, &mut seen)?;
        }
        Ok(self.keep.then_some(Value::Object(kept)))
    }
}

/// Reads the value of an unknown property `name` of the object at `at`
/// into `kept` (with `keep`), or checks and skips it, refusing a name
/// already `seen`.
#[inline]
pub(crate) fn read_unknown<'de, A: MapAccess<'de>>(
    map: &mut A,
    at: &Path<'_>,
    name: Cow<'de, str>,
    keep: bool,
    kept: &mut Map<String, Value>,
    seen: &mut SeenNames<'de>,
) -> Result<(), A::Error> {
    if !seen.first_other(&name, keep.then_some(&*kept)) {
        return Err(at.key(&name).duplicate());
    }
    let value = map.next_value_seed(UnknownValue {
        at: &at.key(&name),
        keep,
    })?;
    if let Some(value) = value {
        kept.insert(name.into_owned(), value);
    }
    Ok(())
}
