//! What an export writes besides the standard columns: alert properties
//! asked for as columns, and the alerts table.

use super::layout::{AlertColumnError, Layout};
use arrow_schema::Schema;
use std::sync::Arc;

/// How alerts are read into columns by
/// [`read_chunks_with`](super::read_chunks_with) and
/// [`ParquetExport::with_options`](super::ParquetExport::with_options):
/// which alert properties become columns besides the standard context,
/// and whether the alerts table is built.
///
/// ```
/// use msgraph_network_connection::AlertReader;
/// use msgraph_network_connection::columnar::{ExportOptions, read_chunks_with};
///
/// let export = br#"{"id":"a1","vendorInformation":{"subProvider":"MDATP"},"networkConnections":[{},{}]}
/// {"id":"a2"}
/// "#;
/// let options = ExportOptions::new()
///     .with_alert_columns(["vendorInformation.subProvider"])?
///     .with_alerts_table(true);
/// let mut chunks = Vec::new();
/// read_chunks_with(AlertReader::new(&export[..]), 1, &options, |chunk| {
///     chunks.push(chunk);
///     Ok::<(), ()>(())
/// })
/// .unwrap();
/// let alerts = chunks[0].alert_batch.as_ref().unwrap();
/// assert_eq!((chunks[0].batch.num_rows(), alerts.num_rows()), (2, 2));
/// assert_eq!(alerts.schema(), options.alerts_schema());
/// assert!(options.connection_schema().field_with_name("vendorInformation.subProvider").is_ok());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct ExportOptions {
    pub(super) layout: Arc<Layout>,
    pub(super) alerts_table: bool,
}

impl Default for ExportOptions {
    fn default() -> Self {
        Self::new()
    }
}

impl ExportOptions {
    /// The standard columns, and no alerts table: what
    /// [`read_chunks`](super::read_chunks) reads.
    pub fn new() -> Self {
        ExportOptions {
            layout: Layout::standard(),
            alerts_table: false,
        }
    }

    /// These options, with a Utf8 column for each of `names` after the
    /// alert's context, in both tables: the alert property of that name,
    /// or one level down (`vendorInformation.subProvider`), by the rules of
    /// [`ConnectionBatchBuilder::with_alert_columns`](super::ConnectionBatchBuilder::with_alert_columns),
    /// which refuses the same names. Replaces the columns asked for before.
    pub fn with_alert_columns<S: AsRef<str>>(
        mut self,
        names: impl IntoIterator<Item = S>,
    ) -> Result<Self, AlertColumnError> {
        self.layout = Arc::new(Layout::with_alert_columns(names)?);
        Ok(self)
    }

    /// These options, building the alerts table or not: each chunk's
    /// [`alert_batch`](super::Chunk::alert_batch), one row per alert
    /// read, in the schema of [`alerts_schema`](Self::alerts_schema).
    /// Reading with it holds alerts of up to
    /// [`ALERTS_TABLE_MAX_ALERT_SIZE`](super::ALERTS_TABLE_MAX_ALERT_SIZE)
    /// bytes at most, whatever the reader's `max_alert_size`.
    pub fn with_alerts_table(mut self, build: bool) -> Self {
        self.alerts_table = build;
        self
    }

    /// Whether the alerts table is built.
    pub fn alerts_table(&self) -> bool {
        self.alerts_table
    }

    /// The schema of the connections: [`connection_schema`](super::connection_schema)
    /// with the alert columns asked for.
    pub fn connection_schema(&self) -> Arc<Schema> {
        self.layout.schema()
    }

    /// The schema of the alerts table: [`alerts_schema`](super::alerts_schema)
    /// with the alert columns asked for, after the context.
    pub fn alerts_schema(&self) -> Arc<Schema> {
        self.layout.alerts_schema()
    }
}
