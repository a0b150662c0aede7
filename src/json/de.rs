//! Reading a `NetworkConnection` from JSON: a hand-written visitor, so that
//! the input is read once, in order, with nothing buffered.

use crate::NetworkConnection;
use crate::json::fields;
use crate::json::key::{KeySeed, PropertyKeys};
use crate::json::names::SeenNames;
use crate::json::path::{Path, reject_types};
use crate::json::placed::{ReadAt, deserialize_placed};
use crate::json::seed::visitor_seed;
use crate::json::value::read_unknown;
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use std::fmt;

impl<'de> Deserialize<'de> for NetworkConnection {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_placed(deserializer)
    }
}

impl<'de> ReadAt<'de> for NetworkConnection {
    const EXPECTING: &'static str = "a networkConnection object";

    fn read_at<D: de::Deserializer<'de>>(at: &Path<'_>, deserializer: D) -> Result<Self, D::Error> {
        ConnectionSeed { at }.deserialize(deserializer)
    }
}

/// Deserializes a connection found at `at` in a larger document, so that
/// errors name the full path to the offending property.
pub(crate) struct ConnectionSeed<'a, 'p> {
    pub(crate) at: &'a Path<'p>,
}

visitor_seed!(['de] ConnectionSeed<'_, '_>);

impl<'de> Visitor<'de> for ConnectionSeed<'_, '_> {
    type Value = NetworkConnection;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a networkConnection object")
    }

    reject_types!(null, bool, i64, u64, f64, str, bytes, seq);

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut connection = NetworkConnection::default();
        let mut seen = SeenNames::default();
        let mut unknown = None;
        while let Some(key) = map
            .next_key_seed(KeySeed::new(PropertyKeys, &mut unknown))
            .map_err(|error| self.at.locate(error))?
        {
            match key {
                Some(property) => {
                    if !seen.first_known(property as usize) {
                        return Err(self.at.property(property).duplicate());
                    }
                    fields::read_property(&mut connection, property, self.at, &mut map)?;
                }
                None => {
                    let name = unknown.take().expect("the key seed keeps unknown names");
                    let additional = &mut connection.additional_data;
                    read_unknown(&mut map, self.at, name, true, additional, &mut seen)?;
                }
            }
        }
        Ok(connection)
    }
}
