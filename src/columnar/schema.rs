//! The columns connections are written in: one table of property kinds
//! drives the Arrow schema, the builders and the documentation.

use super::context_table::CONTEXT;
use crate::Property;
use arrow_schema::{DataType, Field, Schema, TimeUnit};
use std::sync::Arc;

/// How a property becomes columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Not written (the `@odata.type` annotation).
    Skipped,
    /// One Utf8 column: the text.
    Text,
    /// Int32 (the port; null when null, absent or not a port) and Utf8
    /// `...Text` (the exact text).
    Port,
    /// Utf8 (the member name, unrecognized ones included) and Int32
    /// `...Code` (Graph's numeric value; null when unrecognized).
    Member,
    /// Timestamp in microseconds, UTC, and Utf8 `...Text`.
    Timestamp,
    /// Float64 (null when not a number from 0 to 1) and Utf8 `...Text`.
    Score,
}

/// Each property's kind. A property added to the table fails to compile
/// here until it is given one.
pub(crate) const fn kind(property: Property) -> Kind {
    match property {
        Property::ODataType => Kind::Skipped,
        Property::ApplicationName
        | Property::DestinationAddress
        | Property::DestinationDomain
        | Property::DestinationLocation
        | Property::DestinationUrl
        | Property::LocalDnsName
        | Property::NatDestinationAddress
        | Property::NatSourceAddress
        | Property::SourceAddress
        | Property::SourceLocation
        | Property::UrlParameters => Kind::Text,
        Property::DestinationPort
        | Property::NatDestinationPort
        | Property::NatSourcePort
        | Property::SourcePort => Kind::Port,
        Property::Direction | Property::Protocol | Property::Status => Kind::Member,
        Property::DomainRegisteredDateTime => Kind::Timestamp,
        Property::RiskScore => Kind::Score,
    }
}

/// The first column: the alert's `id`.
pub const ALERT_ID: &str = "alertId";

/// The Arrow schema of connections: `alertId`, then the alert's context
/// (`alertCreatedDateTime` and its `...Text`, `alertEventDateTime`,
/// `alertLastModifiedDateTime`, `alertSeverity`, `alertStatus`,
/// `alertCategory`, `alertTitle`, `alertProvider`, `alertVendor`,
/// `alertTenantId`), then each connection property in Graph's order (less `@odata.type`), each typed column followed by its
/// companion (`destinationPort`, `destinationPortText`; `protocol`,
/// `protocolCode`; ...). Every column is nullable; null means the property
/// was `null` or absent, or, in a typed column, that its text does not
/// parse. See the README's "Data lake" section for the table.
pub fn connection_schema() -> Arc<Schema> {
    schema_with(standard_context())
}

/// The fields of the standard context columns.
fn standard_context() -> Vec<Field> {
    let context = CONTEXT.iter();
    context
        .flat_map(|column| column.kind.fields(column.name))
        .collect()
}

/// The alerts table's column of how many rows the alert gave in the
/// connections table.
pub(crate) const CONNECTION_COUNT: &str = "connectionCount";

/// The alerts table's column of the alert's exact JSON text.
pub(crate) const ALERT_JSON: &str = "json";

/// The Arrow schema of the alerts table, one row per alert read, with or
/// without connections: `alertId` and the context columns, as in
/// [`connection_schema`], then `connectionCount` (Int64, never null: the
/// rows the alert gave in the connections table) and `json` (Utf8, never
/// null: the alert's JSON text exactly as it stands in the input; for an
/// alert in a page, the text of its element of `value`). With alert
/// columns asked for, see
/// [`ExportOptions::alerts_schema`](super::ExportOptions::alerts_schema).
pub fn alerts_schema() -> Arc<Schema> {
    alerts_schema_with(standard_context())
}

/// The schema of the alerts table with the context columns of `context`.
pub(crate) fn alerts_schema_with(context: Vec<Field>) -> Arc<Schema> {
    let mut fields = vec![Field::new(ALERT_ID, DataType::Utf8, true)];
    fields.extend(context);
    fields.push(Field::new(CONNECTION_COUNT, DataType::Int64, false));
    fields.push(Field::new(ALERT_JSON, DataType::Utf8, false));
    Arc::new(Schema::new(fields))
}

/// Whether a property's values are nearly unique to each connection
/// (addresses, the ports connections are made from, URLs): a Parquet
/// dictionary of them is larger than their plain values and slower to
/// write, where one of the other properties' (enum members, domains,
/// locations, the ports connections are made to) is several times smaller
/// (`benches/dictionary.rs` measures both ways).
#[cfg(feature = "parquet")]
pub(crate) const fn nearly_unique(property: Property) -> bool {
    matches!(
        property,
        Property::SourceAddress
            | Property::DestinationAddress
            | Property::NatSourceAddress
            | Property::NatDestinationAddress
            | Property::DestinationUrl
            | Property::UrlParameters
            | Property::SourcePort
            | Property::NatSourcePort
    )
}

/// The columns of the connection properties that are [`nearly_unique`].
#[cfg(feature = "parquet")]
pub(crate) fn nearly_unique_columns() -> impl Iterator<Item = String> {
    let properties = Property::ALL.iter().filter(|&&p| nearly_unique(p));
    properties.flat_map(|&p| property_fields(p).into_iter().map(|f| f.name().clone()))
}

/// The schema of connections with the context columns of `context`.
pub(crate) fn schema_with(context: Vec<Field>) -> Arc<Schema> {
    let mut fields = vec![Field::new(ALERT_ID, DataType::Utf8, true)];
    fields.extend(context);
    fields.extend(Property::ALL.iter().flat_map(|&p| property_fields(p)));
    Arc::new(Schema::new(fields))
}

/// The columns of a connection property.
fn property_fields(property: Property) -> Vec<Field> {
    let name = property.name();
    let utf8 = |name: String| Field::new(name, DataType::Utf8, true);
    match kind(property) {
        Kind::Skipped => vec![],
        Kind::Text => vec![utf8(name.into())],
        Kind::Port => vec![
            Field::new(name, DataType::Int32, true),
            utf8(format!("{name}Text")),
        ],
        Kind::Member => vec![
            utf8(name.into()),
            Field::new(format!("{name}Code"), DataType::Int32, true),
        ],
        Kind::Timestamp => {
            let micros = DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into()));
            vec![Field::new(name, micros, true), utf8(format!("{name}Text"))]
        }
        Kind::Score => vec![
            Field::new(name, DataType::Float64, true),
            utf8(format!("{name}Text")),
        ],
    }
}
