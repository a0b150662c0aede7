//! Builds a connection in code and prints Graph's JSON for it.
//!
//! `cargo run --example build_connection`

use chrono::{TimeZone, Utc};
use msgraph_network_connection::{
    ConnectionDirection, ConnectionStatus, NetworkConnection, Property, SecurityNetworkProtocol,
};
use std::net::SocketAddr;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let source: SocketAddr = "10.1.2.3:51234".parse()?;
    let destination: SocketAddr = "[2001:db8::7]:443".parse()?;

    let connection = NetworkConnection::builder()
        .application_name("msedge.exe")
        .protocol(SecurityNetworkProtocol::Tcp)
        .direction(ConnectionDirection::Outbound)
        .status(ConnectionStatus::Blocked)
        .source(source)
        .destination(destination)
        .destination_domain("contoso.example")
        .domain_registered_date_time(Utc.with_ymd_and_hms(2014, 1, 1, 0, 0, 0).unwrap())
        .risk_score(0.83)
        // Graph writes what it does not know as null; so can you.
        .null(Property::UrlParameters)
        .build();

    connection.validate()?;
    println!("{}", serde_json::to_string_pretty(&connection)?);

    // The typed views read the values back.
    assert_eq!(connection.source_socket()?, Some(source));
    assert_eq!(connection.destination_socket()?, Some(destination));
    assert_eq!(connection.risk_score_value()?, Some(0.83));
    Ok(())
}
