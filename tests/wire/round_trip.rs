//! What goes in comes out: byte for byte in Graph's compact order, as the
//! same JSON value otherwise, with `null` and absent told apart.

use super::{parse, write};
use msgraph_network_connection::{NetworkConnection, Property};
use serde_json::Value;

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
