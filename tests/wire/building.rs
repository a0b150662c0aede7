//! Connections built in code: written as Graph writes them, with only
//! what was set.

use super::{parse, write};
use chrono::{TimeZone, Utc};
use msgraph_network_connection::{
    ConnectionDirection, ConnectionStatus, NetworkConnection, Property, SecurityNetworkProtocol,
};
use serde_json::json;

#[test]
fn built_in_code_writes_only_what_was_set_in_graph_order() {
    let connection = NetworkConnection::builder()
        .url_parameters("?a=1")
        .status(ConnectionStatus::Succeeded)
        .source("[2001:db8::1]:50000".parse().unwrap())
        .destination_address("203.0.113.9".parse().unwrap())
        .destination_port_text("https")
        .protocol(SecurityNetworkProtocol::Udp)
        .direction(ConnectionDirection::Inbound)
        .nat_source("192.0.2.1:1".parse().unwrap())
        .nat_destination("192.0.2.2:2".parse().unwrap())
        .risk_score(1.0)
        .odata_type("#microsoft.graph.networkConnection")
        .application_name("svchost.exe")
        .destination_domain("contoso.com")
        .destination_location("Redmond, WA, US")
        .destination_url("contoso.com/a")
        .local_dns_name("contoso.com")
        .source_location("Lisbon, PT")
        .domain_registered_date_time(Utc.with_ymd_and_hms(2001, 2, 3, 4, 5, 6).unwrap())
        .additional("vendorScore", 7)
        .null(Property::SourceAddress)
        .source_address_text("host-17")
        .build();
    assert_eq!(
        write(&connection),
        concat!(
            r##"{"@odata.type":"#microsoft.graph.networkConnection","applicationName":"svchost.exe","##,
            r#""destinationAddress":"203.0.113.9","destinationDomain":"contoso.com","#,
            r#""destinationLocation":"Redmond, WA, US","destinationPort":"https","#,
            r#""destinationUrl":"contoso.com/a","direction":"inbound","#,
            r#""domainRegisteredDateTime":"2001-02-03T04:05:06Z","localDnsName":"contoso.com","#,
            r#""natDestinationAddress":"192.0.2.2","natDestinationPort":"2","#,
            r#""natSourceAddress":"192.0.2.1","natSourcePort":"1","protocol":"udp","#,
            r#""riskScore":"1","sourceAddress":"host-17","sourceLocation":"Lisbon, PT","#,
            r#""sourcePort":"50000","status":"succeeded","urlParameters":"?a=1","vendorScore":7}"#
        )
    );
    assert_eq!(parse(&write(&connection)), connection);
}

#[test]
fn default_and_field_assignment_build_a_connection() {
    let mut connection = NetworkConnection::default();
    connection.protocol = Some(SecurityNetworkProtocol::Icmp);
    connection.source_address = Some("198.51.100.4".into());
    connection.additional_data.insert("x".into(), json!(null));
    assert_eq!(
        write(&connection),
        r#"{"protocol":"icmp","sourceAddress":"198.51.100.4","x":null}"#
    );
    assert_eq!(write(&NetworkConnection::default()), "{}");
}

#[test]
fn connections_are_send_sync_and_clone() {
    fn assert_traits<T: Clone + std::fmt::Debug + Default + PartialEq + Send + Sync>() {}
    fn assert_enum<T: Clone + std::fmt::Debug + Eq + std::hash::Hash + Send + Sync>() {}
    assert_traits::<NetworkConnection>();
    assert_enum::<SecurityNetworkProtocol>();
    assert_enum::<ConnectionDirection>();
    assert_enum::<ConnectionStatus>();
}
