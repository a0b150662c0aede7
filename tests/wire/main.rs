//! The wire form: what goes in comes out, byte for byte or as the same JSON
//! value, and what is built in code is written as Graph writes it.

mod building;
mod formats;
mod round_trip;
mod timestamps;
mod unknown;

use msgraph_network_connection::NetworkConnection;

fn parse(text: &str) -> NetworkConnection {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn write(connection: &NetworkConnection) -> String {
    serde_json::to_string(connection).unwrap()
}
