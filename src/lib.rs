#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

mod alert;
mod builder;
#[cfg(feature = "arrow")]
pub mod columnar;
mod connection;
mod de;
mod enums;
mod envelope;
mod error;
mod member;
mod page;
mod path;
mod ser;
mod stream;
mod timestamp;
mod value;
mod view;
mod wire;

pub use alert::Alert;
pub use builder::NetworkConnectionBuilder;
pub use connection::{NetworkConnection, Property};
pub use enums::{ConnectionDirection, ConnectionStatus, SecurityNetworkProtocol};
pub use error::Error;
pub use member::UnrecognizedMember;
pub use page::GraphPage;
pub use stream::{AlertConnection, AlertReader, Connections, DEFAULT_MAX_ALERT_SIZE, RawAlert};
pub use view::{Endpoint, TypedConnection};
