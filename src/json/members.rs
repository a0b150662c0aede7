//! The JSON form of the model's small types: Graph's enums (lenient:
//! names this version does not know are kept), `Property` (strict) and
//! `AdditionalData`.

use crate::json::key::NameSeed;
use crate::json::path::Path;
use crate::json::wire::WireValue;
use crate::model::WireState;
use crate::{
    AdditionalData, ConnectionDirection, ConnectionStatus, Property, SecurityNetworkProtocol,
};
use serde::de::{self, DeserializeSeed};
use std::borrow::Cow;
use std::fmt;

/// Serde and the wire form of each Graph enum.
macro_rules! members {
    ($($type:ident),+) => {$(
        impl serde::Serialize for $type {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        /// Lenient like Graph's clients must be: any string is accepted, and
        /// names this version does not know become `Unrecognized`.
        impl<'de> serde::Deserialize<'de> for $type {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct MemberVisitor;

                impl de::Visitor<'_> for MemberVisitor {
                    type Value = $type;

                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        write!(f, "a {} member name", $type::GRAPH_NAME)
                    }

                    fn visit_str<E: de::Error>(self, name: &str) -> Result<$type, E> {
                        Ok($type::from_wire_name(name))
                    }
                }

                deserializer.deserialize_str(MemberVisitor)
            }
        }

        impl WireValue for $type {
            fn expecting(f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "a string ({} member name)", $type::GRAPH_NAME)
            }

            fn from_wire<E: de::Error>(
                text: Cow<'_, str>,
                _at: &Path<'_>,
                _state: &mut WireState,
            ) -> Result<Self, E> {
                Ok($type::from_wire_name(&text))
            }
        }
    )+};
}

members!(
    SecurityNetworkProtocol,
    ConnectionDirection,
    ConnectionStatus
);

/// Written as its wire name.
impl serde::Serialize for Property {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// Read from its wire name; any other name is an error.
impl<'de> serde::Deserialize<'de> for Property {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = NameSeed.deserialize(deserializer)?;
        Property::from_name(&name)
            .ok_or_else(|| serde::de::Error::unknown_variant(&name, &PROPERTY_NAMES))
    }
}

/// Every property's wire name, for error messages.
const PROPERTY_NAMES: [&str; Property::ALL.len()] = {
    let mut names = [""; Property::ALL.len()];
    let mut i = 0;
    while i < names.len() {
        names[i] = Property::ALL[i].name();
        i += 1;
    }
    names
};

/// Written as a JSON object.
impl serde::Serialize for AdditionalData {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(serializer)
    }
}
