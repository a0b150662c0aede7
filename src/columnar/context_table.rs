//! The alert's context in every row of its connections: when it was raised,
//! how severe, by whom. One table ([`CONTEXT`]) names each column, the
//! alert property it comes from and its type; the schema, the builders, the
//! CSV header and the README follow it.
//!
//! A context value never refuses an alert: it is context, not the
//! connection. A string is its text; any other JSON value its compact JSON
//! text; `null`, an absent property, or a property below one that is not an
//! object, is null. A timestamp column holds the instant of its text, null
//! when the text is not a timestamp.

use arrow_schema::{DataType, Field, TimeUnit};

/// How a context value becomes columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ContextKind {
    /// Timestamp in microseconds, UTC, and Utf8 `...Text`.
    Timestamp,
    /// One Utf8 column.
    Text,
}

/// One context column: its name, the alert property it comes from (and
/// the property of that one's object, if any), and its kind.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ContextColumn {
    pub(crate) name: &'static str,
    pub(crate) property: &'static str,
    pub(crate) child: Option<&'static str>,
    pub(crate) kind: ContextKind,
}

const fn timestamp(name: &'static str, property: &'static str) -> ContextColumn {
    let kind = ContextKind::Timestamp;
    ContextColumn {
        name,
        property,
        child: None,
        kind,
    }
}

const fn text(name: &'static str, property: &'static str) -> ContextColumn {
    let kind = ContextKind::Text;
    ContextColumn {
        name,
        property,
        child: None,
        kind,
    }
}

const fn below(name: &'static str, property: &'static str, child: &'static str) -> ContextColumn {
    let kind = ContextKind::Text;
    ContextColumn {
        name,
        property,
        child: Some(child),
        kind,
    }
}

/// The column of the alert's `createdDateTime`.
pub(crate) const ALERT_CREATED: &str = "alertCreatedDateTime";

/// The column of the alert's `eventDateTime`.
pub(crate) const ALERT_EVENT: &str = "alertEventDateTime";

/// The context columns, in the schema's order, right after `alertId`.
pub(crate) const CONTEXT: &[ContextColumn] = &[
    timestamp(ALERT_CREATED, "createdDateTime"),
    timestamp(ALERT_EVENT, "eventDateTime"),
    timestamp("alertLastModifiedDateTime", "lastModifiedDateTime"),
    text("alertSeverity", "severity"),
    text("alertStatus", "status"),
    text("alertCategory", "category"),
    text("alertTitle", "title"),
    below("alertProvider", "vendorInformation", "provider"),
    below("alertVendor", "vendorInformation", "vendor"),
    text("alertTenantId", "azureTenantId"),
];

impl ContextKind {
    /// The Arrow fields of a context column `name` of this kind.
    pub(crate) fn fields(self, name: &str) -> Vec<Field> {
        match self {
            ContextKind::Timestamp => {
                let micros = DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into()));
                vec![
                    Field::new(name, micros, true),
                    Field::new(format!("{name}Text"), DataType::Utf8, true),
                ]
            }
            ContextKind::Text => vec![Field::new(name, DataType::Utf8, true)],
        }
    }
}
