//! Which context columns a builder writes, and which alert properties (and
//! properties of their objects) they are read from: the table of
//! [`context`](super::context), and the columns asked for by name.

use super::context_table::{CONTEXT, ContextKind};
use super::schema::{
    ALERT_JSON, CONNECTION_COUNT, alerts_schema_with, connection_schema, schema_with,
};
use arrow_schema::{Field, Schema};
use std::borrow::Cow;
use std::fmt;
use std::sync::{Arc, OnceLock};

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

impl Source {
    /// The children read of its object: none when the whole value is kept.
    pub(crate) fn children_read(&self) -> &[Cow<'static, str>] {
        match self.whole {
            true => &[],
            false => &self.children,
        }
    }
}

/// A column: its name and kind, the index of its property in the layout's
/// `properties` (and of its child in that property's `children`), and
/// where to look when the alert has no such property (a name asked for
/// with a dot: the property before the dot, and its child after it).
#[derive(Debug)]
pub(crate) struct Placed {
    pub(crate) name: Cow<'static, str>,
    pub(crate) kind: ContextKind,
    pub(crate) property: usize,
    pub(crate) child: Option<usize>,
    pub(crate) fallback: Option<(usize, usize)>,
}

/// A column asked for by name
/// ([`ConnectionBatchBuilder::with_alert_columns`](super::ConnectionBatchBuilder::with_alert_columns))
/// that cannot be one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlertColumnError {
    name: String,
    reason: &'static str,
}

impl fmt::Display for AlertColumnError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "alert column `{}`: {}", self.name, self.reason)
    }
}

impl std::error::Error for AlertColumnError {}

impl Layout {
    /// The layout of [`CONTEXT`], made once.
    pub(crate) fn standard() -> Arc<Layout> {
        static STANDARD: OnceLock<Arc<Layout>> = OnceLock::new();
        STANDARD
            .get_or_init(|| Arc::new(Layout::of_table()))
            .clone()
    }

    fn of_table() -> Layout {
        let mut layout = Layout {
            properties: Vec::new(),
            columns: Vec::new(),
        };
        for column in CONTEXT {
            let child = column.child.map(Cow::Borrowed);
            let (property, child) = layout.source(Cow::Borrowed(column.property), child);
            layout.columns.push(Placed {
                name: Cow::Borrowed(column.name),
                kind: column.kind,
                property,
                child,
                fallback: None,
            });
        }
        layout
    }

    /// The standard layout and a Utf8 column for each of `names`, in
    /// order: the alert property of that name, or, when the alert has none
    /// and the name has a dot, the property after the dot of the object
    /// before it (`vendorInformation.subProvider`).
    pub(crate) fn with_alert_columns<S: AsRef<str>>(
        names: impl IntoIterator<Item = S>,
    ) -> Result<Layout, AlertColumnError> {
        let mut layout = Layout::of_table();
        let schema = connection_schema();
        let mut taken: Vec<String> = schema.fields().iter().map(|f| f.name().clone()).collect();
        // The alerts table's own columns, which it writes after these.
        taken.extend([CONNECTION_COUNT, ALERT_JSON].map(String::from));
        for name in names {
            let name = name.as_ref().to_string();
            let refuse = |reason| AlertColumnError {
                name: name.clone(),
                reason,
            };
            match name.as_str() {
                "" => return Err(refuse("an empty name")),
                "id" | "networkConnections" => {
                    return Err(refuse("not context (it is `alertId`, or the rows)"));
                }
                taken_name if taken.iter().any(|t| t == taken_name) => {
                    return Err(refuse("already a column"));
                }
                _ => {}
            }
            taken.push(name.clone());
            let (property, _) = layout.source(Cow::Owned(name.clone()), None);
            let fallback = match name.split_once('.') {
                Some((parent, child)) if !parent.is_empty() && !child.is_empty() => {
                    let child = Some(Cow::Owned(child.to_string()));
                    let (parent, child) = layout.source(Cow::Owned(parent.to_string()), child);
                    child.map(|child| (parent, child))
                }
                _ => None,
            };
            layout.columns.push(Placed {
                name: Cow::Owned(name),
                kind: ContextKind::Text,
                property,
                child: None,
                fallback,
            });
        }
        Ok(layout)
    }

    /// The indexes of a property and of its child, each added when new.
    fn source(
        &mut self,
        name: Cow<'static, str>,
        child: Option<Cow<'static, str>>,
    ) -> (usize, Option<usize>) {
        let property = self.slot(&name).unwrap_or_else(|| {
            self.properties.push(Source {
                name,
                whole: false,
                children: Vec::new(),
            });
            self.properties.len() - 1
        });
        let source = &mut self.properties[property];
        let Some(child) = child else {
            source.whole = true;
            return (property, None);
        };
        let index = source.children.iter().position(|c| *c == child);
        let index = index.unwrap_or_else(|| {
            source.children.push(child);
            source.children.len() - 1
        });
        (property, Some(index))
    }

    /// Where the value of the alert property `name` is captured, if it is
    /// read at all.
    pub(crate) fn slot(&self, name: &str) -> Option<usize> {
        self.properties.iter().position(|p| p.name == name)
    }

    /// The columns whose values are nearly unique to each row or alert
    /// (`alertId`, the alert's timestamps and their text, addresses, URLs),
    /// which a Parquet dictionary would only make larger and slower.
    #[cfg(feature = "parquet")]
    pub(crate) fn unique_columns(&self) -> Vec<String> {
        let timestamps = self.columns.iter();
        let timestamps = timestamps.filter(|placed| placed.kind == ContextKind::Timestamp);
        let context =
            timestamps.flat_map(|placed| [placed.name.to_string(), format!("{}Text", placed.name)]);
        use super::schema::{ALERT_ID, nearly_unique_columns};
        let mut columns = vec![ALERT_ID.to_string()];
        columns.extend(context);
        columns.extend(nearly_unique_columns());
        columns
    }

    /// The Arrow fields of the columns, in order.
    pub(crate) fn fields(&self) -> Vec<Field> {
        let columns = self.columns.iter();
        columns
            .flat_map(|placed| placed.kind.fields(&placed.name))
            .collect()
    }

    /// The schema of connections with these context columns.
    pub(crate) fn schema(&self) -> Arc<Schema> {
        schema_with(self.fields())
    }

    /// The schema of the alerts table with these context columns.
    pub(crate) fn alerts_schema(&self) -> Arc<Schema> {
        alerts_schema_with(self.fields())
    }
}
