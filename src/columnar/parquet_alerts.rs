//! The alerts table into a Parquet file, in row groups bounded by bytes as
//! well as rows: an alert's text may be megabytes.

use super::options::ExportOptions;
use super::parquet::{io, properties};
use super::schema::{ALERT_ID, ALERT_JSON};
use crate::Error;
use arrow_array::{Array, RecordBatch, StringArray};
use parquet::arrow::ArrowWriter;
use parquet::file::properties::EnabledStatistics;
use parquet::schema::types::ColumnPath;
use std::fmt;
use std::io::Write;

/// Rows per row group, at most: tens of megabytes of alerts of a few
/// kilobytes.
const ALERT_GROUP_ROWS: usize = 64 * 1024;

/// Bytes per row group, at most, as the writer estimates them once
/// encoded: what the writer holds, whatever the alerts' size. A group
/// ends once it is over, so it may hold one slice more.
const ALERT_GROUP_BYTES: usize = 32 << 20;

/// Bytes of alerts' text handed to the writer at a time (or one alert,
/// when larger), so that a row group passes its bytes by one slice at
/// most, whatever the batches' size.
const SLICE_BYTES: usize = 1 << 20;

/// Writes the alerts table (one row per alert:
/// [`alerts_schema`](super::alerts_schema), or that of
/// [`ExportOptions::alerts_schema`]) to a Parquet file: snappy-compressed
/// row groups of at most 65,536 alerts and about 32 MiB encoded, so that
/// the writer's memory is bounded whatever the alerts' size. The batches
/// come from [`read_chunks_with`](super::read_chunks_with) with the alerts
/// table asked for.
///
/// ```
/// use msgraph_network_connection::AlertReader;
/// use msgraph_network_connection::columnar::{AlertsExport, ExportOptions, ParquetExport, read_chunks_with};
///
/// let export = br#"{"id":"a1","severity":"high","networkConnections":[{"protocol":"tcp"}]}
/// {"id":"a2","networkConnections":[]}"#;
/// let options = ExportOptions::new().with_alerts_table(true);
/// let (mut connections, mut alerts) = (Vec::new(), Vec::new());
/// let mut connections_file = ParquetExport::with_options(&mut connections, &options)?;
/// let mut alerts_file = AlertsExport::with_options(&mut alerts, &options)?;
/// read_chunks_with(AlertReader::new(&export[..]), 2, &options, |chunk| {
///     connections_file.write_batch(&chunk.batch)?;
///     alerts_file.write_batch(chunk.alert_batch.as_ref().expect("asked for"))
/// })?;
/// connections_file.finish()?;
/// alerts_file.finish()?;
/// assert_eq!(&alerts[..4], b"PAR1");
/// # Ok::<(), msgraph_network_connection::Error>(())
/// ```
pub struct AlertsExport<W: Write + Send> {
    writer: ArrowWriter<W>,
    /// The index of the `json` column.
    json: usize,
}

impl<W: Write + Send> fmt::Debug for AlertsExport<W> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AlertsExport")
            .field("rows_in_progress", &self.writer.in_progress_rows())
            .finish_non_exhaustive()
    }
}

impl<W: Write + Send> AlertsExport<W> {
    /// Starts a file written to `out`, in the schema of
    /// [`alerts_schema`](super::alerts_schema).
    pub fn new(out: W) -> Result<Self, Error> {
        Self::with_options(out, &ExportOptions::new())
    }

    /// Starts a file written to `out`, with the alert columns of `options`
    /// ([`ExportOptions::alerts_schema`]).
    pub fn with_options(out: W, options: &ExportOptions) -> Result<Self, Error> {
        // Nearly unique to each alert: its id, timestamps and text.
        let mut unique = options.layout.unique_columns();
        unique.extend([ALERT_ID, ALERT_JSON].map(String::from));
        let properties = properties(&unique)
            .set_max_row_group_row_count(Some(ALERT_GROUP_ROWS))
            .set_max_row_group_bytes(Some(ALERT_GROUP_BYTES))
            // The least and greatest alert text say nothing, and cost a
            // comparison of every text.
            .set_column_statistics_enabled(ColumnPath::from(ALERT_JSON), EnabledStatistics::None)
            .build();
        let schema = options.alerts_schema();
        let json = schema
            .index_of(ALERT_JSON)
            .expect("the alerts table has `json`");
        let writer = ArrowWriter::try_new(out, schema, Some(properties)).map_err(io)?;
        Ok(AlertsExport { writer, json })
    }

    /// Writes a batch of the alerts table, in the file's schema, a slice
    /// of about a megabyte of alerts' text at a time.
    pub fn write_batch(&mut self, batch: &RecordBatch) -> Result<(), Error> {
        let texts = batch
            .column(self.json)
            .as_any()
            .downcast_ref::<StringArray>();
        let Some(texts) = texts else {
            // Not the file's schema: the writer says why.
            return self.writer.write(batch).map_err(io);
        };
        let offsets = texts.value_offsets();
        let mut start = 0;
        while start < batch.num_rows() {
            let from = offsets[start] as usize;
            let mut end = start + 1;
            while end < batch.num_rows() && offsets[end + 1] as usize - from <= SLICE_BYTES {
                end += 1;
            }
            self.writer
                .write(&batch.slice(start, end - start))
                .map_err(io)?;
            start = end;
        }
        Ok(())
    }

    /// Writes what is pending and the file's footer; returns the output.
    pub fn finish(self) -> Result<W, Error> {
        self.writer.into_inner().map_err(io)
    }
}
