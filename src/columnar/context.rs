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

use super::capture::Captured;
use arrow_array::ArrayRef;
use arrow_array::builder::{StringBuilder, TimestampMicrosecondBuilder};
use arrow_schema::{DataType, Field, TimeUnit};
use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

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

/// The context columns, in the schema's order, right after `alertId`.
pub(crate) const CONTEXT: &[ContextColumn] = &[
    timestamp("alertCreatedDateTime", "createdDateTime"),
    timestamp("alertEventDateTime", "eventDateTime"),
    timestamp("alertLastModifiedDateTime", "lastModifiedDateTime"),
    text("alertSeverity", "severity"),
    text("alertStatus", "status"),
    text("alertCategory", "category"),
    text("alertTitle", "title"),
    below("alertProvider", "vendorInformation", "provider"),
    below("alertVendor", "vendorInformation", "vendor"),
    text("alertTenantId", "azureTenantId"),
];

/// The columns a builder writes after `alertId`, and the alert properties
/// they are read from.
#[derive(Debug)]
pub(crate) struct Layout {
    /// Each alert property read, once.
    pub(crate) properties: Vec<Source>,
    pub(crate) columns: Vec<Placed>,
}

/// An alert property the columns are read from.
#[derive(Debug)]
pub(crate) struct Source {
    pub(crate) name: Cow<'static, str>,
    /// Whether a column holds its whole value; when not, only `children`
    /// are kept of an object.
    pub(crate) whole: bool,
    /// The properties of its object that columns hold.
    pub(crate) children: Vec<Cow<'static, str>>,
}

/// A column, with the index of its property in the layout's `properties`
/// and of its child in that property's `children`.
#[derive(Debug)]
pub(crate) struct Placed {
    pub(crate) column: ContextColumn,
    pub(crate) property: usize,
    pub(crate) child: Option<usize>,
}

impl Layout {
    /// The layout of [`CONTEXT`], made once.
    pub(crate) fn standard() -> Arc<Layout> {
        static STANDARD: OnceLock<Arc<Layout>> = OnceLock::new();
        STANDARD
            .get_or_init(|| Arc::new(Layout::of(CONTEXT)))
            .clone()
    }

    fn of(table: &[ContextColumn]) -> Layout {
        let mut layout = Layout {
            properties: Vec::new(),
            columns: Vec::new(),
        };
        for column in table {
            layout.place(*column);
        }
        layout
    }

    /// Adds a column, and its property when new.
    fn place(&mut self, column: ContextColumn) {
        let property = match self.slot(column.property) {
            Some(index) => index,
            None => {
                self.properties.push(Source {
                    name: Cow::Borrowed(column.property),
                    whole: false,
                    children: Vec::new(),
                });
                self.properties.len() - 1
            }
        };
        let source = &mut self.properties[property];
        let child = match column.child {
            None => {
                source.whole = true;
                None
            }
            Some(child) => Some(match source.children.iter().position(|c| c == child) {
                Some(index) => index,
                None => {
                    source.children.push(Cow::Borrowed(child));
                    source.children.len() - 1
                }
            }),
        };
        self.columns.push(Placed {
            column,
            property,
            child,
        });
    }

    /// Where the value of the alert property `name` is captured, if it is
    /// read at all.
    pub(crate) fn slot(&self, name: &str) -> Option<usize> {
        self.properties.iter().position(|p| p.name == name)
    }

    /// The columns whose values are nearly unique to each alert (its
    /// timestamps and their text), which a Parquet dictionary would only
    /// slow down.
    pub(crate) fn unique_columns(&self) -> Vec<String> {
        let timestamps = self.columns.iter().map(|placed| placed.column);
        let timestamps = timestamps.filter(|column| column.kind == ContextKind::Timestamp);
        timestamps
            .flat_map(|column| [column.name.to_string(), format!("{}Text", column.name)])
            .collect()
    }

    /// The Arrow fields of the columns, in order.
    pub(crate) fn fields(&self) -> Vec<Field> {
        let mut fields = Vec::new();
        for placed in &self.columns {
            let name = placed.column.name;
            match placed.column.kind {
                ContextKind::Timestamp => {
                    let micros = DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into()));
                    fields.push(Field::new(name, micros, true));
                    fields.push(Field::new(format!("{name}Text"), DataType::Utf8, true));
                }
                ContextKind::Text => fields.push(Field::new(name, DataType::Utf8, true)),
            }
        }
        fields
    }
}

/// One alert's context values, as each of its rows repeats them. Kept in
/// the builder and reused from alert to alert, so that setting them does
/// not allocate; empty (all null) between alerts.
#[derive(Debug, Default)]
pub(crate) struct AlertValues {
    texts: Vec<String>,
    present: Vec<bool>,
    instants: Vec<Option<i64>>,
}

impl AlertValues {
    /// Sets the values of the alert whose captured properties (indexed as
    /// the layout's `properties`) are `captured`.
    pub(crate) fn set(&mut self, layout: &Layout, captured: &[Option<Captured<'_>>]) {
        let n = layout.columns.len();
        self.texts.resize_with(n, String::new);
        self.present.resize(n, false);
        self.instants.resize(n, None);
        for (i, placed) in layout.columns.iter().enumerate() {
            let text = &mut self.texts[i];
            text.clear();
            let found = captured.get(placed.property).and_then(Option::as_ref);
            self.present[i] = match (found, placed.child) {
                (None, _) => false,
                (Some(value), None) => value.write_text(text),
                (Some(value), Some(child)) => {
                    let name = &layout.properties[placed.property].children[child];
                    value.write_child(child, name, text)
                }
            };
            self.instants[i] = match placed.column.kind {
                ContextKind::Timestamp if self.present[i] => instant_of(text),
                _ => None,
            };
        }
    }

    /// Back to all null.
    pub(crate) fn clear(&mut self) {
        self.present.fill(false);
        self.instants.fill(None);
    }

    fn text(&self, column: usize) -> Option<&str> {
        self.present
            .get(column)
            .copied()
            .unwrap_or(false)
            .then(|| self.texts[column].as_str())
    }

    fn instant(&self, column: usize) -> Option<i64> {
        self.instants.get(column).copied().flatten()
    }

    /// The bytes of text a row of these values holds.
    pub(crate) fn text_bytes(&self) -> usize {
        (0..self.present.len())
            .filter_map(|i| self.text(i))
            .map(str::len)
            .sum()
    }
}

/// The instant of a timestamp's text, by the rule of
/// `domainRegisteredDateTime`; `None` when the text is not a timestamp.
fn instant_of(text: &str) -> Option<i64> {
    crate::model::timestamp::parse(text)
        .ok()
        .map(|instant| instant.timestamp_micros())
}

/// The builders of the context columns.
pub(crate) struct ContextBuilders {
    pub(crate) layout: Arc<Layout>,
    columns: Vec<ContextBuilder>,
}

enum ContextBuilder {
    Timestamp(TimestampMicrosecondBuilder, StringBuilder),
    Text(StringBuilder),
}

impl ContextBuilders {
    pub(crate) fn new(layout: Arc<Layout>) -> Self {
        let columns = layout
            .columns
            .iter()
            .map(|placed| match placed.column.kind {
                ContextKind::Timestamp => ContextBuilder::Timestamp(
                    TimestampMicrosecondBuilder::new().with_timezone("UTC"),
                    StringBuilder::new(),
                ),
                ContextKind::Text => ContextBuilder::Text(StringBuilder::new()),
            })
            .collect();
        ContextBuilders { layout, columns }
    }

    /// Appends one row of `values`.
    pub(crate) fn append(&mut self, values: &AlertValues) {
        for (i, column) in self.columns.iter_mut().enumerate() {
            match column {
                ContextBuilder::Timestamp(instants, texts) => {
                    instants.append_option(values.instant(i));
                    texts.append_option(values.text(i));
                }
                ContextBuilder::Text(texts) => texts.append_option(values.text(i)),
            }
        }
    }

    /// The columns' arrays, in the schema's order; the builders are empty
    /// after.
    pub(crate) fn finish(&mut self, arrays: &mut Vec<ArrayRef>) {
        for column in &mut self.columns {
            match column {
                ContextBuilder::Timestamp(instants, texts) => {
                    arrays.push(Arc::new(instants.finish()));
                    arrays.push(Arc::new(texts.finish()));
                }
                ContextBuilder::Text(texts) => arrays.push(Arc::new(texts.finish())),
            }
        }
    }
}

#[cfg(test)]
#[path = "context_tests.rs"]
mod tests;
