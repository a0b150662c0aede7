//! What a connection is: the property table, the enum tables, timestamps,
//! typed views and the builder. No serde and no I/O: the JSON form of
//! these types is [`crate::json`]'s, built from the same tables.

mod additional_data;
mod builder;
mod connection;
mod enums;
mod error;
mod member;
mod setters;
mod state;
mod table;
mod timestamp;
mod view;

pub use additional_data::AdditionalData;
pub use builder::NetworkConnectionBuilder;
pub use connection::{NetworkConnection, Property};
pub use enums::{ConnectionDirection, ConnectionStatus, SecurityNetworkProtocol};
pub use member::UnrecognizedMember;
pub(crate) use state::{PropertyValue, WireState};
pub(crate) use table::property_table;
pub(crate) use timestamp::{GraphTimestamp, is_graph_form, parse as parse_timestamp};
#[cfg(feature = "arrow")]
pub(crate) use view::port_from_text;
pub use view::{Endpoint, TypedConnection};
