//! Connections as columns, for the engines that query data lakes (DuckDB,
//! Spark, Polars, DataFusion): Arrow record batches (feature `arrow`) and
//! Parquet files (feature `parquet`).

mod alert_table;
mod append;
mod batch;
mod blocks;
mod capture;
mod chunk;
mod context;
mod context_table;
#[cfg(test)]
mod corpus;
mod direct;
#[cfg(feature = "parquet")]
mod encoders;
mod fast;
#[cfg(any(test, fuzzing))]
mod fast_check;
mod job;
mod layout;
mod options;
mod parallel;
#[cfg(feature = "parquet")]
mod parquet;
#[cfg(feature = "parquet")]
mod parquet_alerts;
mod partition;
mod room;
mod schema;
mod source;
mod split;
mod string_scan;
mod work;

pub use alert_table::ALERTS_TABLE_MAX_ALERT_SIZE;
pub use batch::ConnectionBatchBuilder;
pub use chunk::{Chunk, Rejected};
#[cfg(fuzzing)]
#[doc(hidden)]
pub use fast_check::agree as fast_reader_agrees;
pub use layout::AlertColumnError;
pub use options::ExportOptions;
#[cfg(fuzzing)]
#[doc(hidden)]
pub use parallel::read_chunks_in_blocks_of;
pub use parallel::{read_chunks, read_chunks_with};
#[cfg(feature = "parquet")]
pub use parquet::{ExportSummary, ParquetExport, writer_properties};
#[cfg(feature = "parquet")]
pub use parquet_alerts::{AlertsExport, alerts_writer_properties};
pub use partition::{HIVE_DEFAULT_PARTITION, Partition, PartitionBy, PartitionRun};
pub use schema::{ALERT_ID, alerts_schema, connection_schema};
