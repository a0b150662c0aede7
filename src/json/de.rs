//! Reading a `NetworkConnection` from JSON: a hand-written visitor, so that
//! the input is read once, in order, with nothing buffered.

use crate::json::fields;
use crate::json::path::{Path, Report, reject_types};
use crate::json::value::UnknownValue;
use crate::model::PropertySet;
use crate::{NetworkConnection, Property};
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use std::fmt;

impl<'de> Deserialize<'de> for NetworkConnection {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let report = Report::in_text();
        ConnectionSeed {
            at: &Path::Root(&report),
        }
        .deserialize(deserializer)
    }
}

/// Deserializes a connection found at `at` in a larger document, so that
/// errors name the full path to the offending property.
pub(crate) struct ConnectionSeed<'a, 'p> {
    pub(crate) at: &'a Path<'p>,
}

impl<'de> DeserializeSeed<'de> for ConnectionSeed<'_, '_> {
    type Value = NetworkConnection;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ConnectionSeed<'_, '_> {
    type Value = NetworkConnection;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a networkConnection object")
    }

    reject_types!(null, bool, i64, u64, f64, str, bytes, seq);

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut connection = NetworkConnection::default();
        let mut seen = PropertySet::default();
        let mut unknown_name = None;
        while let Some(key) = map
            .next_key_seed(KeySeed {
                unknown: &mut unknown_name,
            })
            .map_err(|error| self.at.locate(error))?
        {
            match key {
                Some(property) => {
                    if seen.contains(property) {
                        return Err(self.at.property(property).duplicate());
                    }
                    seen.insert(property);
                    fields::read_property(&mut connection, property, self.at, &mut map)?;
                }
                None => {
                    let name = unknown_name
                        .take()
                        .expect("the key seed keeps unknown names");
                    if connection.additional_data.contains_key(&name) {
                        return Err(duplicate(self.at, &name));
                    }
                    let value = map.next_value_seed(UnknownValue {
                        at: &self.at.key(&name),
                        keep: true,
                    })?;
                    connection
                        .additional_data
                        .insert(name, value.expect("kept"));
                }
            }
        }
        Ok(connection)
    }
}

#[cold]
fn duplicate<E: de::Error>(at: &Path<'_>, name: &str) -> E {
    at.key(name).duplicate()
}

/// Reads a property name: `Some` for one the model knows (no allocation),
/// `None` for any other, whose name it leaves in `unknown`. Returning one
/// byte rather than a `String`-sized enum keeps the per-property path lean.
struct KeySeed<'a> {
    unknown: &'a mut Option<String>,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Option<Property>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

/// Out of line, so that matching a known name saves no registers: 13
/// instructions of 34 a key (callgrind, the corpus mix).
#[cold]
#[inline(never)]
fn keep_unknown(unknown: &mut Option<String>, name: &str) {
    *unknown = Some(name.to_owned());
}

impl Visitor<'_> for KeySeed<'_> {
    type Value = Option<Property>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Self::Value, E> {
        let property = Property::from_name(name);
        if property.is_none() {
            keep_unknown(self.unknown, name);
        }
        Ok(property)
    }

    fn visit_string<E: de::Error>(self, name: String) -> Result<Self::Value, E> {
        let property = Property::from_name(&name);
        if property.is_none() {
            *self.unknown = Some(name);
        }
        Ok(property)
    }
}
