//! What Rust users reach for first: ordering and hashing, parsing names,
//! `Debug` on everything, errors read by property, builders from optional
//! values, and one call for every typed value.

use msgraph_network_connection::{
    AlertReader, ConnectionStatus, NetworkConnection, Property, SecurityNetworkProtocol,
};
use std::collections::{BTreeMap, HashSet};

fn parse(text: &str) -> NetworkConnection {
    serde_json::from_str(text).unwrap()
}

/// Enums order by Graph's code, then unrecognized members by name.
#[test]
fn enums_group_in_a_btree_map_in_graph_order() {
    let export = r#"[{"protocol":"udp"},{"protocol":"tcp"},{"protocol":"quic"},
        {"protocol":"udp"},{"protocol":"ip"},{"protocol":"amqp"},{"protocol":"quic"}]"#;
    let connections: Vec<NetworkConnection> = serde_json::from_str(export).unwrap();
    let mut counts: BTreeMap<SecurityNetworkProtocol, usize> = BTreeMap::new();
    for connection in &connections {
        *counts
            .entry(connection.protocol.clone().unwrap())
            .or_default() += 1;
    }
    let grouped: Vec<(String, usize)> = counts
        .iter()
        .map(|(protocol, count)| (protocol.to_string(), *count))
        .collect();
    assert_eq!(
        grouped,
        [
            ("ip".to_string(), 1),
            ("tcp".to_string(), 1),
            ("udp".to_string(), 2),
            ("amqp".to_string(), 1),
            ("quic".to_string(), 2),
        ]
    );
    let mut statuses = ConnectionStatus::ALL.to_vec();
    statuses.reverse();
    statuses.sort();
    assert_eq!(statuses, ConnectionStatus::ALL);
}

/// Equal connections hash alike, whatever the order of their unknown
/// properties; a `null` and an absent property stay apart.
#[test]
fn connections_deduplicate_in_a_hash_set() {
    let set: HashSet<NetworkConnection> = [
        r#"{"protocol":"tcp","x":1,"y":{"a":[1,2]}}"#,
        r#"{"y":{"a":[1,2]},"protocol":"tcp","x":1}"#,
        r#"{"protocol":"tcp","x":1,"y":{"a":[1,2]},"sourcePort":null}"#,
        r#"{"protocol":"tcp","x":1,"y":{"a":[1,2]}}"#,
    ]
    .into_iter()
    .map(parse)
    .collect();
    assert_eq!(set.len(), 2);
}

#[test]
fn properties_parse_from_their_wire_names() {
    assert_eq!("sourcePort".parse::<Property>(), Ok(Property::SourcePort));
    assert_eq!(
        "SourcePort".parse::<Property>().unwrap_err().to_string(),
        "`SourcePort` is not a networkConnection property"
    );
    assert_eq!(
        serde_json::to_string(&[Property::ODataType, Property::RiskScore]).unwrap(),
        r#"["@odata.type","riskScore"]"#
    );
    let read: Vec<Property> = serde_json::from_str(r#"["destinationUrl","status"]"#).unwrap();
    assert_eq!(read, [Property::DestinationUrl, Property::Status]);
    let refused = serde_json::from_str::<Property>(r#""port""#).unwrap_err();
    assert!(
        refused.to_string().starts_with(
            "unknown variant `port`, expected one of `@odata.type`, `applicationName`"
        ),
        "{refused}"
    );
}

#[test]
fn readers_have_debug() {
    #[derive(Debug)]
    #[allow(dead_code)] // Read only through `Debug`.
    struct Job<'a> {
        alerts: AlertReader<&'a [u8]>,
    }
    let job = Job {
        alerts: AlertReader::new(&b"{}"[..]).with_max_alert_size(1024),
    };
    assert_eq!(
        format!("{job:?}"),
        "Job { alerts: AlertReader { max_alert_size: 1024, finished: false, .. } }"
    );
    let connections = AlertReader::new(&b"{}"[..]).connections();
    assert_eq!(
        format!("{connections:?}"),
        "Connections { alerts: AlertReader { max_alert_size: 67108864, finished: false, .. }, alert_id: None, .. }"
    );
}

/// Errors are grouped by property without reading their text.
#[test]
fn errors_group_by_property() {
    let export = concat!(
        r#"{"id":"a","networkConnections":[{"sourcePort":443}]}"#,
        "\n",
        r#"{"id":"b","networkConnections":[{"protocol":6},{"sourcePort":8080}]}"#,
        "\n",
        r#"{"id":"c","id":"c"}"#,
    );
    let mut by_property: BTreeMap<Option<Property>, Vec<(String, usize, usize)>> = BTreeMap::new();
    for error in AlertReader::new(export.as_bytes()).filter_map(Result::err) {
        by_property.entry(error.property()).or_default().push((
            error.path().unwrap().to_string(),
            error.line().unwrap(),
            error.column().unwrap(),
        ));
    }
    assert_eq!(
        by_property.into_iter().collect::<Vec<_>>(),
        [
            (None, vec![("id".to_string(), 3, 14)]),
            (
                Some(Property::Protocol),
                vec![("networkConnections[0].protocol".to_string(), 2, 45)]
            ),
            (
                Some(Property::SourcePort),
                vec![("networkConnections[0].sourcePort".to_string(), 1, 49)]
            ),
        ]
    );
}

/// `foo(T)` and `set_foo(Option<T>)` take the same `T`, the typed value
/// where the property has one; `None` leaves the property out; `*_text`
/// takes any text.
#[test]
fn setters_take_the_typed_value_and_none_leaves_the_property_out() {
    struct Row {
        source: Option<std::net::IpAddr>,
        port: Option<u16>,
        protocol: Option<SecurityNetworkProtocol>,
        location: Option<String>,
        score: Option<f64>,
        seen: Option<chrono::DateTime<chrono::Utc>>,
    }
    let row = Row {
        source: Some([10, 0, 0, 5].into()),
        port: Some(49152),
        protocol: Some(SecurityNetworkProtocol::Tcp),
        location: None,
        score: Some(0.25),
        seen: "2019-04-16T09:27:45.12Z".parse().ok(),
    };
    let connection = NetworkConnection::builder()
        .set_source_address(row.source)
        .set_source_port(row.port)
        .set_protocol(row.protocol)
        .set_source_location(row.location)
        .set_risk_score(row.score)
        .set_domain_registered_date_time(row.seen)
        .set_destination("[2001:db8::1]:443".parse().ok())
        .destination_port_text("https")
        .set_nat_source_port_text(None)
        .build();
    assert_eq!(
        serde_json::to_string(&connection).unwrap(),
        concat!(
            r#"{"destinationAddress":"2001:db8::1","destinationPort":"https","#,
            r#""domainRegisteredDateTime":"2019-04-16T09:27:45.12Z","protocol":"tcp","#,
            r#""riskScore":"0.25","sourceAddress":"10.0.0.5","sourcePort":"49152"}"#
        )
    );
}

/// A connection already read changes the same way, with the same
/// validation: a value replaces the text and a `null`, `None` removes.
#[test]
fn a_connection_read_is_changed_with_the_same_setters() {
    let mut connection = parse(concat!(
        r#"{"sourcePort":null,"destinationAddress":"fileserver","riskScore":"0.5","#,
        r#""protocol":"tcp","domainRegisteredDateTime":"2017-01-01T00:00:00+00:00"}"#
    ));
    connection.set_source_port(443);
    connection.set_destination_address(std::net::IpAddr::from([192, 0, 2, 1]));
    connection.set_protocol(None);
    connection.set_domain_registered_date_time(connection.domain_registered_date_time);
    assert_eq!(
        connection.set_risk_score(f64::NAN).unwrap_err().to_string(),
        "riskScore: `NaN` is not a number from 0 to 1"
    );
    connection.set_risk_score_text("high".to_string());
    assert_eq!(
        serde_json::to_string(&connection).unwrap(),
        concat!(
            r#"{"destinationAddress":"192.0.2.1","#,
            r#""domainRegisteredDateTime":"2017-01-01T00:00:00Z","riskScore":"high","#,
            r#""sourcePort":"443"}"#
        )
    );
    let rebuilt = connection
        .to_builder()
        .set_source(None)
        .risk_score(1.0)
        .build();
    assert_eq!(
        serde_json::to_string(&rebuilt).unwrap(),
        r#"{"destinationAddress":"192.0.2.1","domainRegisteredDateTime":"2017-01-01T00:00:00Z","riskScore":"1"}"#
    );
}

/// Removing the timestamp forgets the text it came in with.
#[test]
fn a_removed_timestamp_set_again_is_written_in_graph_form() {
    let mut connection = parse(r#"{"domainRegisteredDateTime":"2017-01-01T00:00:00+00:00"}"#);
    let instant = connection.domain_registered_date_time.unwrap();
    connection.remove(Property::DomainRegisteredDateTime);
    connection.domain_registered_date_time = Some(instant);
    assert_eq!(
        serde_json::to_string(&connection).unwrap(),
        r#"{"domainRegisteredDateTime":"2017-01-01T00:00:00Z"}"#
    );
}

/// A known address is not lost when its port is `null`.
#[test]
fn endpoints_keep_each_part() {
    let connection =
        parse(r#"{"sourceAddress":"10.0.0.5","sourcePort":null,"destinationPort":"443"}"#);
    let typed = connection.typed();
    assert_eq!(typed.problems, []);
    assert_eq!(typed.source.ip, Some([10, 0, 0, 5].into()));
    assert_eq!(typed.source.port, None);
    assert_eq!(typed.source.socket(), None);
    assert_eq!(typed.destination.ip, None);
    assert_eq!(typed.destination.port, Some(443));
    assert_eq!(connection.source_socket(), Ok(None));
}

/// A connection's own size, before any string: a `Vec` of a million holds
/// this many megabytes. Parts that are usually empty (unknown members, kept
/// timestamp texts, unknown properties) are held out of line, so a
/// connection is no larger than the struct of 21 `Option<String>`s a user
/// would write, with or without `preserve_order`.
#[test]
fn a_connection_is_small() {
    #[allow(dead_code)]
    struct Naive([Option<String>; 21]);
    assert_eq!(std::mem::size_of::<Naive>(), 504);
    assert_eq!(std::mem::size_of::<NetworkConnection>(), 504);
    assert_eq!(
        std::mem::size_of::<msgraph_network_connection::AdditionalData>(),
        8
    );
    assert_eq!(std::mem::size_of::<Option<SecurityNetworkProtocol>>(), 16);
}

/// `shift_remove` keeps the order of the other unknown properties, as the
/// field's documentation says; `remove` moves the last one.
#[cfg(feature = "preserve_order")]
#[test]
fn removing_an_unknown_property_keeps_the_others_in_order() {
    let mut connection = parse(r#"{"a":1,"b":2,"c":3,"d":4}"#);
    connection.additional_data.shift_remove("b");
    assert_eq!(
        serde_json::to_string(&connection).unwrap(),
        r#"{"a":1,"c":3,"d":4}"#
    );
    connection.additional_data.remove("a");
    assert_eq!(
        serde_json::to_string(&connection).unwrap(),
        r#"{"d":4,"c":3}"#
    );
}
