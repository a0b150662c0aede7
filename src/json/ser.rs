//! Writing a `NetworkConnection`: `@odata.type`, then Graph's properties in
//! Graph's order, then the unknown ones in the order they came in.

use crate::{NetworkConnection, Property};
use serde::ser::{self, SerializeMap};
use serde::{Serialize, Serializer};

impl Serialize for NetworkConnection {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let len = self.written_count() + self.additional_data.len();
        let mut map = serializer.serialize_map(Some(len))?;
        self.write_properties(&mut map)?;
        for (name, value) in &self.additional_data {
            // A known name here would write the property twice: an ambiguous
            // document that this crate refuses to read, so it refuses to write it.
            if let Some(property) = Property::from_name(name) {
                return Err(ser::Error::custom(format_args!(
                    "`{property}` is in additional_data but is a networkConnection property; set its field instead"
                )));
            }
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}
