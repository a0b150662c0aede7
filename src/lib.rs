#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

// The layers, lowest first; each uses only its own layer and those below.
#[cfg(feature = "arrow")]
pub mod columnar;
mod envelope;
mod error;
mod json;
mod model;
mod stream;

pub use envelope::{Alert, GraphPage, ItemPath, PageItem};
pub use error::Error;
pub use model::{
    AdditionalData, ConnectionDirection, ConnectionStatus, NetworkConnection,
    NetworkConnectionBuilder, Property, SecurityNetworkProtocol, UnrecognizedMember,
};
pub use model::{Endpoint, TypedConnection};
pub use stream::{AlertConnection, AlertReader, Connections, DEFAULT_MAX_ALERT_SIZE, RawAlert};
