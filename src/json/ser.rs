//! Writing a `NetworkConnection`: `@odata.type`, then Graph's properties in
//! Graph's order, then the unknown ones in the order they came in.

use crate::json::fields;
use crate::{NetworkConnection, Property};
use serde::ser::{self, SerializeMap};
use serde::{Serialize, Serializer};
use serde_json::Value;

impl Serialize for NetworkConnection {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Text formats take no length (JSON looks only at whether it is
        // zero, and `{` `}` come out the same without it); counting the
        // properties measured 117 instructions a connection.
        let len = (!serializer.is_human_readable())
            .then(|| self.written_count() + self.additional_data.len());
        let mut map = serializer.serialize_map(len)?;
        fields::write_properties(self, &mut map)?;
        for (name, value) in self.additional_data.written().into_iter().flatten() {
            write_unknown(&mut map, name, value, Property::from_name(name).is_some())?;
        }
        map.end()
    }
}

/// Writes a property from `additional_data`. One the model knows would be
/// written twice: an ambiguous document that this crate refuses to read,
/// so it refuses to write it.
#[inline]
pub(crate) fn write_unknown<M: SerializeMap>(
    map: &mut M,
    name: &str,
    value: &Value,
    is_known_name: bool,
) -> Result<(), M::Error> {
    if is_known_name {
        return Err(ser::Error::custom(format_args!(
            "`{name}` is in additional_data but is a property the model knows; set its field instead"
        )));
    }
    map.serialize_entry(name, value)
}
