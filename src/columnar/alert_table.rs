//! The alerts table: one row per alert read, with or without connections,
//! holding its context columns, how many rows it gave, and its exact text,
//! so that nothing of an alert is lost on the way to a lake.

use super::context::{AlertValues, ContextBuilders};
use super::layout::Layout;
use arrow_array::builder::{ArrayBuilder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::Schema;
use std::sync::Arc;

/// The largest alert the alerts table holds, in bytes of JSON text: 1 GiB.
/// An Arrow string column addresses 2 GiB in all, and a batch holds an
/// alert with up to a few megabytes of others; real alerts are kilobytes.
/// Reading with the alerts table refuses larger alerts as over
/// `max_alert_size`, lowering the reader's limit to this one.
pub const ALERTS_TABLE_MAX_ALERT_SIZE: usize = 1 << 30;

/// Builds the alerts table's rows, in the schema of
/// [`Layout::alerts_schema`].
pub(crate) struct AlertTable {
    schema: Arc<Schema>,
    alert_id: StringBuilder,
    context: ContextBuilders,
    connection_count: Int64Builder,
    json: StringBuilder,
}

impl AlertTable {
    pub(crate) fn new(layout: Arc<Layout>) -> Self {
        AlertTable {
            schema: layout.alerts_schema(),
            alert_id: StringBuilder::new(),
            context: ContextBuilders::new(layout),
            connection_count: Int64Builder::new(),
            json: StringBuilder::new(),
        }
    }

    /// Appends the row of the alert with `id`, context `values` (set from
    /// the same layout), `connections` rows and JSON text `json`.
    pub(crate) fn append(
        &mut self,
        id: Option<&str>,
        values: &AlertValues,
        connections: usize,
        json: &str,
    ) {
        self.alert_id.append_option(id);
        self.context.append(values);
        // A count of rows of one alert in memory is far below i64::MAX.
        self.connection_count.append_value(connections as i64);
        self.json.append_value(json);
    }

    /// How many rows are waiting.
    pub(crate) fn len(&self) -> usize {
        self.alert_id.len()
    }

    /// The rows appended so far as a batch; the builder is empty after.
    pub(crate) fn finish(&mut self) -> RecordBatch {
        let mut arrays: Vec<ArrayRef> = vec![Arc::new(self.alert_id.finish())];
        self.context.finish(&mut arrays);
        arrays.push(Arc::new(self.connection_count.finish()));
        arrays.push(Arc::new(self.json.finish()));
        RecordBatch::try_new(self.schema.clone(), arrays)
            .expect("the columns are built from the layout of the schema")
    }
}

#[cfg(test)]
#[path = "alert_table_tests.rs"]
mod tests;
