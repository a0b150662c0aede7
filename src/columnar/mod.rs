//! Connections as columns, for the engines that query data lakes (DuckDB,
//! Spark, Polars, DataFusion): Arrow record batches (feature `arrow`) and
//! Parquet files (feature `parquet`).

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
mod job;
mod layout;
mod parallel;
#[cfg(feature = "parquet")]
mod parquet;
mod partition;
mod schema;
mod source;
mod split;
mod work;

pub use batch::ConnectionBatchBuilder;
pub use chunk::{Chunk, Rejected};
pub use layout::AlertColumnError;
pub use parallel::read_chunks;
#[cfg(fuzzing)]
#[doc(hidden)]
pub use parallel::read_chunks_in_blocks_of;
#[cfg(feature = "parquet")]
pub use parquet::{ExportSummary, ParquetExport, writer_properties};
pub use partition::{HIVE_DEFAULT_PARTITION, Partition, PartitionBy, PartitionRun};
pub use schema::{ALERT_ID, connection_schema};
