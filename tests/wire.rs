//! The wire form: what goes in comes out, byte for byte or as the same JSON
//! value, and what is built in code is written as Graph writes it.

use chrono::{DateTime, TimeZone, Utc};
use msgraph_network_connection::{
    ConnectionDirection, ConnectionStatus, NetworkConnection, Property, SecurityNetworkProtocol,
};
use serde_json::{Value, json};

fn parse(text: &str) -> NetworkConnection {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn write(connection: &NetworkConnection) -> String {
    serde_json::to_string(connection).unwrap()
}

/// Compact inputs in Graph order that must come back byte for byte, through
/// `from_str`, `from_slice` and `from_value`, and again on a second hop.
const BYTE_EXACT: &[&str] = &[
    r#"{}"#,
    // Graph's usual shape: every property, null for what it does not know.
    r#"{"applicationName":null,"destinationAddress":null,"destinationDomain":null,"destinationLocation":null,"destinationPort":null,"destinationUrl":null,"direction":null,"domainRegisteredDateTime":null,"localDnsName":null,"natDestinationAddress":null,"natDestinationPort":null,"natSourceAddress":null,"natSourcePort":null,"protocol":"tcp","riskScore":null,"sourceAddress":"52.214.204.49","sourceLocation":"Dublin, Dublin, IE","sourcePort":null,"status":null,"urlParameters":null}"#,
    // Absent stays absent, null stays null.
    r#"{"applicationName":null,"sourcePort":"443"}"#,
    r##"{"@odata.type":"#microsoft.graph.networkConnection","protocol":"udp"}"##,
    r#"{"@odata.type":"microsoft.graph.networkConnection","direction":"String","protocol":"String","status":"String"}"#,
    // Unrecognized members and the sentinel.
    r#"{"direction":"sideways","protocol":"quic","status":"Blocked"}"#,
    r#"{"direction":"unknownFutureValue","protocol":"unknownFutureValue","status":"unknownFutureValue"}"#,
    r#"{"protocol":"TCP"}"#,
    r#"{"protocol":""}"#,
    // Timestamps keep their text.
    r#"{"domainRegisteredDateTime":"2014-01-01T00:00:00Z"}"#,
    r#"{"domainRegisteredDateTime":"2020-04-19T10:18:39.35Z"}"#,
    r#"{"domainRegisteredDateTime":"2020-04-19T10:18:39.69Z"}"#,
    r#"{"domainRegisteredDateTime":"2017-01-01T00:01:30.7098297+00:00"}"#,
    r#"{"domainRegisteredDateTime":"2019-04-16T09:27:45.1234567Z"}"#,
    r#"{"domainRegisteredDateTime":"2019-04-16T09:27:45.120Z"}"#,
    r#"{"domainRegisteredDateTime":"2019-04-16T11:27:45+02:00"}"#,
    r#"{"domainRegisteredDateTime":"2019-04-16T09:27:45-00:00"}"#,
    r#"{"domainRegisteredDateTime":"2016-12-31T23:59:60Z"}"#,
    // Unknown properties and annotations, in input order, after the known ones.
    r##"{"protocol":"tcp","protocol@odata.type":"#microsoft.graph.securityNetworkProtocol"}"##,
    r#"{"sourceAddress":"10.0.0.1","@odata.id":"x","zeta":1,"alpha":[true,null,{"b":2,"a":1}],"empty":{}}"#,
    r#"{"futureProperty":null}"#,
    r#"{"n":-0.5,"big":1.2345678901234568e+30,"i":-9223372036854775808,"u":18446744073709551615}"#,
    // Strings with escapes that serde_json also writes.
    r#"{"sourceLocation":"São Paulo, BR 🛰","urlParameters":"?q=\"a\\b\"\n\t\u0001"}"#,
];

#[test]
fn compact_graph_order_input_comes_back_byte_for_byte() {
    for &input in BYTE_EXACT {
        let from_str = parse(input);
        if cfg!(feature = "preserve_order") {
            assert_eq!(write(&from_str), input);
        } else {
            // Without it, unknown properties come back in serde_json's
            // order: the same JSON value.
            let written: Value = serde_json::from_str(&write(&from_str)).unwrap();
            assert_eq!(written, serde_json::from_str::<Value>(input).unwrap());
        }

        let from_slice: NetworkConnection = serde_json::from_slice(input.as_bytes()).unwrap();
        assert_eq!(from_slice, from_str, "{input}");

        let value: Value = serde_json::from_str(input).unwrap();
        let from_value: NetworkConnection = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(from_value, from_str, "{input}");
        assert_eq!(serde_json::to_value(&from_value).unwrap(), value);

        let reader: NetworkConnection = serde_json::from_reader(input.as_bytes()).unwrap();
        assert_eq!(reader, from_str, "{input}");

        // A fixed point: parse(write(x)) == x.
        assert_eq!(parse(&write(&from_str)), from_str, "{input}");
    }
}

#[test]
fn other_valid_input_comes_back_as_the_same_json_value_then_is_a_fixed_point() {
    let cases = [
        // Pretty-printed.
        "{\n  \"protocol\": \"tcp\",\n  \"sourcePort\": null\n}",
        // Out of Graph order, unknown properties interleaved.
        r#"{"zeta":1,"sourcePort":"1","@odata.type":"t","alpha":2,"applicationName":"a"}"#,
        // Escapes serde_json writes differently.
        r#"{"destinationUrl":"https:\/\/contoso.com\/a","sourceLocation":"S\u00e3o Paulo"}"#,
        // Numbers serde_json writes in another form (a fixed point only
        // when they are read correctly rounded).
        if cfg!(feature = "float_roundtrip") {
            r#"{"a":1e5,"b":1.50,"c":1234567890123456789012345678901,"d":-0}"#
        } else {
            r#"{"a":1e5,"b":1.50,"d":-0}"#
        },
    ];
    for input in cases {
        let connection = parse(input);
        let written = write(&connection);
        let input_value: Value = serde_json::from_str(input).unwrap();
        let written_value: Value = serde_json::from_str(&written).unwrap();
        assert_eq!(written_value, input_value, "{input}");
        let again = parse(&written);
        assert_eq!(again, connection, "{input}");
        assert_eq!(write(&again), written, "{input}");
    }
}

#[test]
fn out_of_order_input_is_written_in_graph_order() {
    let connection =
        parse(r#"{"zeta":1,"sourcePort":"1","@odata.type":"t","applicationName":"a"}"#);
    assert_eq!(
        write(&connection),
        r#"{"@odata.type":"t","applicationName":"a","sourcePort":"1","zeta":1}"#
    );
}

#[test]
fn null_and_absent_are_told_apart() {
    let with_null = parse(r#"{"sourcePort":null}"#);
    let absent = parse(r#"{}"#);
    assert_eq!(with_null.source_port, None);
    assert_eq!(absent.source_port, None);
    assert!(with_null.is_null(Property::SourcePort));
    assert!(!absent.is_null(Property::SourcePort));
    assert_ne!(with_null, absent);
    assert_eq!(write(&with_null), r#"{"sourcePort":null}"#);
    assert_eq!(write(&absent), r#"{}"#);
}

#[test]
fn null_properties_follow_changes_made_in_code() {
    let mut connection = parse(r#"{"sourcePort":null,"destinationPort":null}"#);
    connection.source_port = Some("443".into());
    assert!(!connection.is_null(Property::SourcePort));
    assert_eq!(
        write(&connection),
        r#"{"destinationPort":null,"sourcePort":"443"}"#
    );

    // Back to None: it was null on the wire, so it is null again.
    connection.source_port = None;
    assert_eq!(
        write(&connection),
        r#"{"destinationPort":null,"sourcePort":null}"#
    );

    connection.remove(Property::SourcePort);
    assert_eq!(write(&connection), r#"{"destinationPort":null}"#);

    connection.destination_address = Some("10.0.0.1".into());
    connection.set_null(Property::DestinationAddress);
    assert_eq!(connection.destination_address, None);
    assert_eq!(
        write(&connection),
        r#"{"destinationAddress":null,"destinationPort":null}"#
    );

    connection.set_null(Property::ODataType);
    assert!(connection.is_null(Property::ODataType));
    assert_eq!(
        write(&connection),
        r#"{"@odata.type":null,"destinationAddress":null,"destinationPort":null}"#
    );
}

#[test]
fn timestamp_keeps_its_text_and_holds_the_instant() {
    let connection = parse(r#"{"domainRegisteredDateTime":"2017-01-01T02:01:30.7098297+02:00"}"#);
    let expected: DateTime<Utc> = Utc.with_ymd_and_hms(2017, 1, 1, 0, 1, 30).unwrap()
        + chrono::Duration::nanoseconds(709_829_700);
    assert_eq!(connection.domain_registered_date_time, Some(expected));
    assert_eq!(
        write(&connection),
        r#"{"domainRegisteredDateTime":"2017-01-01T02:01:30.7098297+02:00"}"#
    );
}

#[test]
fn timestamp_changed_in_code_is_written_as_graph_writes_it() {
    let mut connection =
        parse(r#"{"domainRegisteredDateTime":"2017-01-01T02:01:30.7098297+02:00"}"#);
    let cases = [
        (
            (2019, 4, 16, 9, 27, 45),
            120_000_000,
            "2019-04-16T09:27:45.12Z",
        ),
        ((2019, 4, 16, 9, 27, 45), 0, "2019-04-16T09:27:45Z"),
        ((2014, 1, 1, 0, 0, 0), 0, "2014-01-01T00:00:00Z"),
        (
            (2020, 4, 19, 10, 18, 39),
            123_456_700,
            "2020-04-19T10:18:39.1234567Z",
        ),
        (
            (2020, 4, 19, 10, 18, 39),
            1,
            "2020-04-19T10:18:39.000000001Z",
        ),
        (
            (2020, 4, 19, 10, 18, 39),
            100_000_000,
            "2020-04-19T10:18:39.1Z",
        ),
        ((5, 2, 3, 4, 5, 6), 0, "0005-02-03T04:05:06Z"),
        (
            (9999, 12, 31, 23, 59, 59),
            999_999_999,
            "9999-12-31T23:59:59.999999999Z",
        ),
    ];
    for ((y, mo, d, h, mi, s), nanos, expected) in cases {
        let instant = Utc.with_ymd_and_hms(y, mo, d, h, mi, s).unwrap()
            + chrono::Duration::nanoseconds(nanos);
        connection.domain_registered_date_time = Some(instant);
        let written = write(&connection);
        assert_eq!(
            written,
            format!(r#"{{"domainRegisteredDateTime":"{expected}"}}"#)
        );
        assert_eq!(parse(&written).domain_registered_date_time, Some(instant));
    }
}

#[test]
fn timestamp_outside_four_digit_years_is_not_written() {
    let mut connection = NetworkConnection::default();
    connection.domain_registered_date_time =
        Some(Utc.with_ymd_and_hms(10000, 1, 1, 0, 0, 0).unwrap());
    assert_eq!(
        serde_json::to_string(&connection).unwrap_err().to_string(),
        "domainRegisteredDateTime: +10000-01-01T00:00:00Z has a year outside RFC 3339's 0000-9999"
    );
    // The text view names the same instant, in ISO 8601's expanded form,
    // rather than a four-digit year that would name another.
    for ((year, month, day), text) in [
        ((10000, 1, 1), "+10000-01-01T00:00:00Z"),
        ((-1, 12, 31), "-0001-12-31T00:00:00Z"),
        ((0, 1, 1), "0000-01-01T00:00:00Z"),
    ] {
        connection.domain_registered_date_time =
            Some(Utc.with_ymd_and_hms(year, month, day, 0, 0, 0).unwrap());
        assert_eq!(
            connection.domain_registered_date_time_text().as_deref(),
            Some(text)
        );
    }
}

#[test]
fn timestamp_finer_than_nanoseconds_keeps_its_text() {
    let text = r#"{"domainRegisteredDateTime":"2019-02-03T23:00:00.12345678912345Z"}"#;
    let connection = parse(text);
    assert_eq!(
        connection.domain_registered_date_time,
        Some(
            Utc.with_ymd_and_hms(2019, 2, 3, 23, 0, 0).unwrap()
                + chrono::Duration::nanoseconds(123_456_789)
        )
    );
    assert_eq!(write(&connection), text);
}

#[test]
fn enums_are_typed_and_unknown_members_kept() {
    let connection = parse(r#"{"direction":"outbound","protocol":"spxII","status":"quarantined"}"#);
    assert_eq!(connection.direction, Some(ConnectionDirection::Outbound));
    assert_eq!(connection.protocol, Some(SecurityNetworkProtocol::SpxII));
    let status = connection.status.as_ref().unwrap();
    assert!(!status.is_known());
    assert_eq!(status.as_str(), "quarantined");
    assert_eq!(status.code(), None);

    let mut changed = connection.clone();
    changed.status = Some(ConnectionStatus::Failed);
    assert_eq!(
        write(&changed),
        r#"{"direction":"outbound","protocol":"spxII","status":"failed"}"#
    );
}

#[test]
fn additional_data_is_kept_in_order_and_written_last() {
    let connection =
        parse(r#"{"z":{"y":[1,2]},"protocol":"tcp","a":"x","protocol@odata.type":"p"}"#);
    let names: Vec<&str> = connection
        .additional_data
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(connection.additional_data["z"], json!({"y": [1, 2]}));
    if cfg!(feature = "preserve_order") {
        assert_eq!(names, ["z", "a", "protocol@odata.type"]);
        assert_eq!(
            write(&connection),
            r#"{"protocol":"tcp","z":{"y":[1,2]},"a":"x","protocol@odata.type":"p"}"#
        );
    } else {
        assert_eq!(names, ["a", "protocol@odata.type", "z"]);
        assert_eq!(
            write(&connection),
            r#"{"protocol":"tcp","a":"x","protocol@odata.type":"p","z":{"y":[1,2]}}"#
        );
    }
}

#[test]
fn a_known_name_in_additional_data_is_refused_when_writing() {
    let mut connection = parse(r#"{"sourcePort":"1"}"#);
    connection
        .additional_data
        .insert("sourcePort".into(), json!("2"));
    assert_eq!(
        serde_json::to_string(&connection).unwrap_err().to_string(),
        "`sourcePort` is in additional_data but is a property the model knows; set its field instead"
    );
}

#[test]
fn long_numbers_in_unknown_properties_are_a_fixed_point() {
    let first =
        parse(r#"{"n":1234567890123456789012345678901,"m":0.30000000000000004,"k":5e-324}"#);
    let written = write(&first);
    match (
        cfg!(feature = "preserve_order"),
        cfg!(feature = "float_roundtrip"),
    ) {
        (true, true) => {
            assert_eq!(
                written,
                r#"{"n":1.2345678901234568e+30,"m":0.30000000000000004,"k":5e-324}"#
            );
            let second = parse(&written);
            assert_eq!(second, first);
            assert_eq!(write(&second), written);
        }
        // Without `float_roundtrip`, serde_json's faster parse can be one
        // unit in the last place off: the number changes on the first trip.
        (false, false) => assert_eq!(
            written,
            r#"{"k":5e-324,"m":0.30000000000000004,"n":1.2345678901234567e+30}"#
        ),
        _ => {}
    }
}

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

#[test]
fn property_table_is_graph_order() {
    let names: Vec<&str> = Property::ALL.iter().map(|p| p.name()).collect();
    assert_eq!(
        names,
        [
            "@odata.type",
            "applicationName",
            "destinationAddress",
            "destinationDomain",
            "destinationLocation",
            "destinationPort",
            "destinationUrl",
            "direction",
            "domainRegisteredDateTime",
            "localDnsName",
            "natDestinationAddress",
            "natDestinationPort",
            "natSourceAddress",
            "natSourcePort",
            "protocol",
            "riskScore",
            "sourceAddress",
            "sourceLocation",
            "sourcePort",
            "status",
            "urlParameters",
        ]
    );
    for &property in Property::ALL {
        assert_eq!(Property::from_name(property.name()), Some(property));
        assert_eq!(property.to_string(), property.name());
    }
    assert_eq!(Property::from_name("SourcePort"), None);
}

#[test]
fn debug_shows_what_is_written() {
    let connection = parse(
        r#"{"protocol":"quic","sourcePort":null,"domainRegisteredDateTime":"2014-01-01T00:00:00+00:00","x":1}"#,
    );
    assert_eq!(
        format!("{connection:?}"),
        "NetworkConnection { domain_registered_date_time: 2014-01-01T00:00:00Z, \
         protocol: Unrecognized(\"quic\"), nulls: [SourcePort], \
         kept_texts: [(DomainRegisteredDateTime, \"2014-01-01T00:00:00+00:00\")], \
         additional_data: {\"x\": Number(1)} }"
    );
    assert_eq!(
        format!("{:?}", NetworkConnection::default()),
        "NetworkConnection"
    );
}

#[test]
fn normalized_spellings_are_the_documented_ones() {
    let connection =
        parse(r#"{"destinationUrl":"https:\/\/contoso.com","sourceLocation":"S\u00e3o","n":1e5}"#);
    assert_eq!(
        write(&connection),
        r#"{"destinationUrl":"https://contoso.com","sourceLocation":"São","n":100000.0}"#
    );
}

/// Formats that are not text (length-prefixed ones) are told the exact
/// number of properties written: set ones, `null` ones and unknown ones.
#[test]
fn compact_formats_get_the_exact_length() {
    use serde_test::{Configure, Token, assert_ser_tokens};

    let mut connection = parse(
        r#"{"sourcePort":null,"natSourcePort":null,"protocol":"quic","domainRegisteredDateTime":"2014-01-01T00:00:00+00:00","x":1}"#,
    );
    connection.destination_port = Some("443".into());
    connection.source_port = Some("80".into());
    assert_ser_tokens(
        &connection.compact(),
        &[
            Token::Map { len: Some(6) },
            Token::Str("destinationPort"),
            Token::Str("443"),
            Token::Str("domainRegisteredDateTime"),
            Token::Str("2014-01-01T00:00:00+00:00"),
            Token::Str("natSourcePort"),
            Token::Unit,
            Token::Str("protocol"),
            Token::Str("quic"),
            Token::Str("sourcePort"),
            Token::Str("80"),
            Token::Str("x"),
            Token::U64(1),
            Token::MapEnd,
        ],
    );
    assert_ser_tokens(
        &NetworkConnection::default().readable(),
        &[Token::Map { len: None }, Token::MapEnd],
    );
}
