//! Reading and writing a connection's properties, one `match` arm per row
//! of the property table.

use crate::json::path::Path;
use crate::json::wire;
use crate::{NetworkConnection, Property};
use serde::de::MapAccess;
use serde::ser::SerializeMap;

/// Generates [`read_property`] and [`write_properties`] from the rows of
/// `model::property_table`.
macro_rules! connection_fields {
    ($( $(#[doc = $doc:literal])* $variant:ident $name:literal $field:ident / $setter:ident: $ty:ty
        $(= $kind:ident($typed:ty) $text:ident / $set_text:ident)?, )+) => {
        /// Reads the value of `property` from the map into its field.
        /// Inlined into the visitor: with `read_field` inlined too, this
        /// removed the last 4% of instructions separating deserializing
        /// from a plain derive.
        #[inline(always)]
        pub(crate) fn read_property<'de, A: MapAccess<'de>>(
            connection: &mut NetworkConnection,
            property: Property,
            at: &Path<'_>,
            map: &mut A,
        ) -> Result<(), A::Error> {
            let wire = &mut connection.wire;
            match property {
                $(Property::$variant => {
                    wire::read_field(&mut connection.$field, property, at, wire, map)
                })+
            }
        }

        /// Writes the known properties in Graph's order.
        pub(crate) fn write_properties<M: SerializeMap>(
            connection: &NetworkConnection,
            map: &mut M,
        ) -> Result<(), M::Error> {
            $(wire::write_field(&connection.$field, Property::$variant, &connection.wire, map)?;)+
            Ok(())
        }
    };
}

crate::model::property_table!(connection_fields);
