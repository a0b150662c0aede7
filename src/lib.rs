#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

// The layers, lowest first; each uses only its own layer and those below
// (`scripts/layers.py` checks it in CI). The command line (`src/bin/`)
// uses only the public API.

// The crate's error, which knows no other layer.
mod error;

// What a connection is (property table, enums, typed views, builder): no
// serde, no I/O.
mod model;

// The wire form: every serde impl of the model, key decoding, duplicate
// names and the paths that errors name.
mod json;

// Alerts and pages around connections.
mod envelope;

// Reading input of any size in bounded memory.
mod stream;

// Arrow and Parquet export (features `arrow`, `parquet`).
#[cfg(feature = "arrow")]
pub mod columnar;

pub use envelope::{Alert, GraphPage};
pub use error::{Error, ErrorKind};
pub use model::{
    AdditionalData, ConnectionDirection, ConnectionStatus, NetworkConnection,
    NetworkConnectionBuilder, Property, SecurityNetworkProtocol, UnrecognizedMember,
};
pub use model::{Endpoint, TypedConnection};
pub use stream::{
    AlertConnection, AlertConnections, AlertReader, Connections, DEFAULT_MAX_ALERT_SIZE,
    MAX_PAGE_LINK, PageProperties, RawAlert,
};

/// The Arrow crates whose types the `columnar` API takes and returns
/// (`RecordBatch`, `Schema`), re-exported so that a program uses the
/// versions this crate was built with, whichever it depends on itself:
/// `msgraph_network_connection::arrow::array::RecordBatch` is
/// `arrow::array::RecordBatch` of the same release.
#[cfg(feature = "arrow")]
pub mod arrow {
    pub use arrow_array as array;
    pub use arrow_schema as schema;
}

/// The Parquet crate that `columnar::ParquetExport` writes with,
/// re-exported for the same reason as [`arrow`].
#[cfg(feature = "parquet")]
pub use parquet;
