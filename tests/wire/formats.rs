//! The property table, `Debug`, the spellings serde_json normalizes, and
//! formats that are not text.

use super::{parse, write};
use msgraph_network_connection::{NetworkConnection, Property};

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
