//! Connections into a Parquet file.

use super::ConnectionBatchBuilder;
use super::chunk::Chunk;
use super::encoders::ThreadedWriter;
use super::layout::Layout;
use super::options::ExportOptions;
use super::parallel::read_chunks_with;
use crate::{AlertReader, Error, NetworkConnection};
use arrow_array::RecordBatch;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::{WriterProperties, WriterPropertiesBuilder};
use parquet::schema::types::ColumnPath;
use std::fmt;
use std::io::{Read, Write};

/// Rows per row group: bounds the writer's memory (about a hundred bytes a
/// row before compression) whatever the input's size.
const ROW_GROUP_ROWS: usize = 128 * 1024;

/// Rows buffered before they become a batch, when appending one by one.
const BATCH_ROWS: usize = 8 * 1024;

/// Writes connections to a Parquet file in the schema of
/// [`connection_schema`](super::connection_schema) (or that of
/// [`ExportOptions::connection_schema`]): snappy-compressed (fast, and
/// read by every engine) row groups of at most 131,072 rows. The columns
/// are encoded on the caller's thread, or on threads of their own
/// ([`with_threads`](Self::with_threads); [`write_alerts`](Self::write_alerts)
/// with more than one thread): the file is the same either way.
///
/// ```
/// use msgraph_network_connection::{AlertReader, columnar::ParquetExport};
///
/// let export = br#"{"id":"a1","networkConnections":[{"protocol":"tcp","sourcePort":"443"}]}"#;
/// let mut file = Vec::new();
/// let summary = ParquetExport::new(&mut file)?.write_alerts(AlertReader::new(&export[..]), 1, |_| {})?;
/// assert_eq!((summary.alerts, summary.connections, summary.rejected), (1, 1, 0));
/// assert_eq!(&file[..4], b"PAR1");
/// # Ok::<(), msgraph_network_connection::Error>(())
/// ```
pub struct ParquetExport<W: Write + Send> {
    writer: Encoder<W>,
    /// Rows appended one by one; its columns are the file's.
    pending: ConnectionBatchBuilder,
}

/// Where the columns are encoded.
enum Encoder<W: Write + Send> {
    /// On the caller's thread.
    Inline(ArrowWriter<W>),
    /// On threads of their own.
    Threads(ThreadedWriter<W>),
    /// Neither: moving from one to the other failed.
    Lost,
}

/// What an export wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ExportSummary {
    /// Alerts read.
    pub alerts: u64,
    /// Rows written: one per connection.
    pub connections: u64,
    /// Alerts (or stretches of input) that could not be read.
    pub rejected: u64,
}

impl<W: Write + Send> fmt::Debug for ParquetExport<W> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ParquetExport")
            .field("pending", &self.pending)
            .finish_non_exhaustive()
    }
}

/// Parquet's errors: I/O errors as the crate's I/O errors, the others
/// of kind `Parquet`.
pub(super) fn io(error: parquet::errors::ParquetError) -> Error {
    match error {
        parquet::errors::ParquetError::External(inner) => {
            match inner.downcast::<std::io::Error>() {
                Ok(io) => Error::from(*io),
                Err(other) => Error::parquet(parquet::errors::ParquetError::External(other)),
            }
        }
        other => Error::parquet(other),
    }
}

/// The properties of the Parquet files [`ParquetExport`] writes, for an
/// `ArrowWriter` of its own (one per partition of a table, say): snappy
/// compression, row groups of at most 131,072 rows, and no dictionary for
/// the alert's timestamps and their text, which are nearly unique.
pub fn writer_properties() -> WriterProperties {
    properties(&Layout::standard().unique_columns())
        .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
        .build()
}

impl<W: Write + Send> ParquetExport<W> {
    /// Starts a file written to `out`.
    pub fn new(out: W) -> Result<Self, Error> {
        Self::with_options(out, &ExportOptions::new())
    }

    /// Starts a file written to `out`, with the columns of `options`
    /// ([`ExportOptions::connection_schema`]). It writes connections only:
    /// the alerts table goes to an
    /// [`AlertsExport`](super::AlertsExport) of its own.
    pub fn with_options(out: W, options: &ExportOptions) -> Result<Self, Error> {
        Self::with_threads(out, options, 1)
    }

    /// [`with_options`](Self::with_options), encoding the columns on
    /// `threads` threads of their own (with 1, on the caller's): each
    /// column on one thread, in the order the batches are written, so the
    /// file is the same whatever `threads` is. Encoding (dictionaries,
    /// statistics, pages, compression) is about a quarter of an export's
    /// work.
    pub fn with_threads(out: W, options: &ExportOptions, threads: usize) -> Result<Self, Error> {
        let properties = properties(&options.layout.unique_columns())
            .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
            .build();
        let schema = options.connection_schema();
        let writer = ArrowWriter::try_new(out, schema, Some(properties)).map_err(io)?;
        let mut export = ParquetExport {
            writer: Encoder::Inline(writer),
            pending: ConnectionBatchBuilder::with_options(
                &options.clone().with_alerts_table(false),
            ),
        };
        export.encode_on(threads)?;
        Ok(export)
    }

    /// Encodes the columns on `threads` threads from now on, when nothing
    /// is buffered for a row group (the file is then the same).
    fn encode_on(&mut self, threads: usize) -> Result<(), Error> {
        let inline =
            matches!(&self.writer, Encoder::Inline(writer) if writer.in_progress_rows() == 0);
        if threads < 2 || !inline || !self.pending.is_empty() {
            return Ok(());
        }
        let Encoder::Inline(writer) = std::mem::replace(&mut self.writer, Encoder::Lost) else {
            unreachable!("matched above");
        };
        self.writer = match ThreadedWriter::new(writer, &self.pending.schema(), threads) {
            Ok(Ok(threaded)) => Encoder::Threads(threaded),
            Ok(Err(inline)) => Encoder::Inline(inline),
            Err(error) => return Err(io(error)),
        };
        Ok(())
    }

    /// Appends one connection of the alert with `alert_id`.
    pub fn append(
        &mut self,
        alert_id: Option<&str>,
        connection: &NetworkConnection,
    ) -> Result<(), Error> {
        self.pending.append(alert_id, connection);
        if self.pending.len() >= BATCH_ROWS {
            let batch = self.pending.finish();
            self.write_batch(&batch)?;
        }
        Ok(())
    }

    /// Writes a batch in the schema of the file: that of
    /// [`connection_schema`](super::connection_schema), or of the options
    /// it was started with.
    pub fn write_batch(&mut self, batch: &RecordBatch) -> Result<(), Error> {
        if !self.pending.is_empty() {
            let pending = self.pending.finish();
            self.writer.write(&pending)?;
        }
        self.writer.write(batch)
    }

    /// Reads every connection of `reader` into the file, parsing on
    /// `threads` threads with the rows in input order (the file is the
    /// same for any number of threads). `on_chunk` sees each chunk of
    /// alerts as it is written, with what was rejected (for reporting and
    /// progress). Stops at a failed read or write.
    pub fn write_alerts<R: Read + Send>(
        &mut self,
        reader: AlertReader<R>,
        threads: usize,
        mut on_chunk: impl FnMut(&Chunk),
    ) -> Result<ExportSummary, Error> {
        self.encode_on(threads)?;
        let mut summary = ExportSummary::default();
        let mut failed_read = None;
        // The file's columns, without the alerts table.
        let options = ExportOptions {
            layout: self.pending.context.layout.clone(),
            alerts_table: false,
        };
        read_chunks_with(reader, threads, &options, |chunk: Chunk| {
            self.write_batch(&chunk.batch)?;
            summary.alerts += chunk.alerts as u64;
            summary.connections += chunk.batch.num_rows() as u64;
            summary.rejected += chunk.rejected.len() as u64;
            on_chunk(&chunk);
            if let Some(last) = chunk.rejected.last()
                && last.error.is_io()
            {
                failed_read = Some(last.error.clone());
            }
            Ok::<(), Error>(())
        })?;
        match failed_read {
            Some(error) => Err(error),
            None => Ok(summary),
        }
    }

    /// Writes what is pending and the file's footer; returns the output.
    pub fn finish(mut self) -> Result<W, Error> {
        if !self.pending.is_empty() {
            let pending = self.pending.finish();
            self.writer.write(&pending)?;
        }
        self.writer.into_inner()
    }
}

impl<W: Write + Send> Encoder<W> {
    fn write(&mut self, batch: &RecordBatch) -> Result<(), Error> {
        match self {
            Encoder::Inline(writer) => writer.write(batch).map_err(io),
            Encoder::Threads(writer) => writer.write(batch).map_err(io),
            Encoder::Lost => Err(Self::lost()),
        }
    }

    fn into_inner(self) -> Result<W, Error> {
        match self {
            Encoder::Inline(writer) => writer.into_inner().map_err(io),
            Encoder::Threads(writer) => writer.into_inner().map_err(io),
            Encoder::Lost => Err(Self::lost()),
        }
    }

    fn lost() -> Error {
        io(parquet::errors::ParquetError::General(
            "the Parquet writer failed before".into(),
        ))
    }
}

/// Snappy compression (fast, and read by every engine), without
/// dictionaries for the `unique` columns, whose values a dictionary would
/// only slow down.
pub(super) fn properties(unique: &[String]) -> WriterPropertiesBuilder {
    let mut properties = WriterProperties::builder().set_compression(Compression::SNAPPY);
    for column in unique {
        let column = ColumnPath::from(column.as_str());
        properties = properties.set_column_dictionary_enabled(column, false);
    }
    properties
}
