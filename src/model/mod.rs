//! What a connection is: the property table, the enum tables, timestamps,
//! typed views and the builder. The serde glue that the property table
//! generates calls into [`crate::json`].

mod additional_data;
mod builder;
mod connection;
mod enums;
mod error;
pub(crate) mod member;
mod setters;
pub(crate) mod timestamp;
pub(crate) mod view;

pub use additional_data::AdditionalData;
pub use builder::NetworkConnectionBuilder;
pub use connection::{NetworkConnection, Property};
pub use enums::{ConnectionDirection, ConnectionStatus, SecurityNetworkProtocol};
pub use member::UnrecognizedMember;
pub use view::{Endpoint, TypedConnection};
