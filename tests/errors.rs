//! Bad input is an error naming the property, never a panic or a silent drop.

use msgraph_network_connection::{NetworkConnection, Property};

fn error(text: &str) -> String {
    match serde_json::from_str::<NetworkConnection>(text) {
        Ok(connection) => panic!("{text} was accepted as {connection:?}"),
        Err(e) => e.to_string(),
    }
}

const NAMED: &[(&str, &str)] = &[
    (
        r#"{"sourcePort":443}"#,
        "sourcePort: invalid type: integer `443`, expected a string or null at line 1 column 17",
    ),
    (
        r#"{"protocol":6}"#,
        "protocol: invalid type: integer `6`, expected a string (securityNetworkProtocol member name) or null at line 1 column 13",
    ),
    (
        r#"{"direction":true}"#,
        "direction: invalid type: boolean `true`, expected a string (connectionDirection member name) or null at line 1 column 17",
    ),
    (
        r#"{"status":{"a":1}}"#,
        "status: invalid type: map, expected a string (connectionStatus member name) or null at line 1 column 11",
    ),
    (
        r#"{"riskScore":0.83}"#,
        "riskScore: invalid type: floating point `0.83`, expected a string or null at line 1 column 17",
    ),
    (
        r#"{"sourceAddress":[]}"#,
        "sourceAddress: invalid type: sequence, expected a string or null at line 1 column 19",
    ),
    (
        r#"{"natSourcePort":-1}"#,
        "natSourcePort: invalid type: integer `-1`, expected a string or null at line 1 column 19",
    ),
    (
        r#"{"@odata.type":1}"#,
        "@odata.type: invalid type: integer `1`, expected a string or null at line 1 column 16",
    ),
    (
        r#"{"domainRegisteredDateTime":20140101}"#,
        "domainRegisteredDateTime: invalid type: integer `20140101`, expected a string (RFC 3339 timestamp) or null at line 1 column 36",
    ),
    (
        r#"{"domainRegisteredDateTime":"2019-02-30T00:00:00Z"}"#,
        "domainRegisteredDateTime: `2019-02-30T00:00:00Z` is not an RFC 3339 timestamp (input is out of range) at line 1 column 50",
    ),
    (
        r#"{"domainRegisteredDateTime":"2019-02-03T24:00:00Z"}"#,
        "domainRegisteredDateTime: `2019-02-03T24:00:00Z` is not an RFC 3339 timestamp (input is out of range) at line 1 column 50",
    ),
    (
        r#"{"domainRegisteredDateTime":"2019-02-03T10:00:00"}"#,
        "domainRegisteredDateTime: `2019-02-03T10:00:00` is not an RFC 3339 timestamp (premature end of input) at line 1 column 49",
    ),
    (
        r#"{"domainRegisteredDateTime":"2019-02-03"}"#,
        "domainRegisteredDateTime: `2019-02-03` is not an RFC 3339 timestamp (premature end of input) at line 1 column 40",
    ),
    (
        r#"{"domainRegisteredDateTime":"yesterday"}"#,
        "domainRegisteredDateTime: `yesterday` is not an RFC 3339 timestamp (premature end of input) at line 1 column 39",
    ),
    (
        r#"{"domainRegisteredDateTime":""}"#,
        "domainRegisteredDateTime: `` is not an RFC 3339 timestamp (premature end of input) at line 1 column 30",
    ),
    (
        r#"{"sourcePort":"1","sourcePort":"2"}"#,
        "sourcePort: duplicate property at line 1 column 30",
    ),
    (
        r#"{"sourcePort":null,"sourcePort":null}"#,
        "sourcePort: duplicate property at line 1 column 31",
    ),
    (
        r#"{"x":1,"x":1}"#,
        "x: duplicate property at line 1 column 10",
    ),
    (
        r#"[]"#,
        "invalid type: sequence, expected a networkConnection object at line 1 column 2",
    ),
    (
        r#""tcp""#,
        "invalid type: string \"tcp\", expected a networkConnection object at line 1 column 5",
    ),
    (
        r#"null"#,
        "invalid type: null, expected a networkConnection object at line 1 column 4",
    ),
    (
        r#"{"protocol":"tcp"} x"#,
        "trailing characters at line 1 column 20",
    ),
    (
        r#"{"protocol":"tcp""#,
        "EOF while parsing an object at line 1 column 17",
    ),
    (
        r#"{"protocol":"tcp",}"#,
        "trailing comma at line 1 column 19",
    ),
    ("", "EOF while parsing a value at line 1 column 0"),
];

#[test]
fn errors_name_the_property_and_the_position() {
    let cases = NAMED;
    for &(input, expected) in cases {
        assert_eq!(error(input), expected, "{input}");
    }
}

#[test]
fn every_property_rejects_every_wrong_json_type() {
    // (value, how the error names it, where serde_json reports it relative
    // to the value's first character: scalars at their end, containers
    // where it stopped looking)
    let wrong = [
        ("true", "boolean `true`", 3),
        ("false", "boolean `false`", 4),
        ("0", "integer `0`", 0),
        ("-7", "integer `-7`", 1),
        ("18446744073709551615", "integer `18446744073709551615`", 19),
        ("1.5", "floating point `1.5`", 2),
        ("[]", "sequence", 1),
        (r#"["tcp"]"#, "sequence", 0),
        ("{}", "map", 1),
        (r#"{"a":1}"#, "map", 0),
    ];
    for &property in Property::ALL {
        let expecting = match property {
            Property::Protocol => "a string (securityNetworkProtocol member name)",
            Property::Direction => "a string (connectionDirection member name)",
            Property::Status => "a string (connectionStatus member name)",
            Property::DomainRegisteredDateTime => "a string (RFC 3339 timestamp)",
            _ => "a string",
        };
        for (json, found, offset) in wrong {
            let input = format!(r#"{{"{}":{json}}}"#, property.name());
            let column = property.name().len() + 5 + offset;
            assert_eq!(
                error(&input),
                format!(
                    "{}: invalid type: {found}, expected {expecting} or null at line 1 column {column}",
                    property.name()
                ),
                "{input}"
            );
        }
    }
}

#[test]
fn errors_point_at_the_line_in_pretty_input() {
    let input = "{\n  \"protocol\": \"tcp\",\n  \"sourcePort\": 443\n}";
    assert_eq!(
        error(input),
        "sourcePort: invalid type: integer `443`, expected a string or null at line 3 column 19"
    );
}

/// What each error is, and where, through the accessors.
#[test]
fn errors_say_their_kind_and_place() {
    use msgraph_network_connection::{AlertReader, ErrorKind};

    let input = concat!(
        r#"{"id":"a","networkConnections":[{"sourcePort":443}]}"#,
        "\n",
        r#"{"id":"b","networkConnections":[{"sourcePort":"1","sourcePort":"2"}]}"#,
        "\n",
        r#"{"id":"c","networkConnections":[{"domainRegisteredDateTime":"yesterday"}]}"#,
        "\n",
        r#"{"id":"d","x":1e400}"#,
        "\n",
    );
    let errors: Vec<_> = AlertReader::new(input.as_bytes())
        .map(|item| {
            let error = item.unwrap_err();
            (
                error.kind(),
                error.path().map(String::from),
                error.property(),
            )
        })
        .collect();
    let path = |text: &str| Some(text.to_string());
    assert_eq!(
        errors,
        [
            (
                ErrorKind::Data,
                path("networkConnections[0].sourcePort"),
                Some(Property::SourcePort)
            ),
            (
                ErrorKind::Duplicate,
                path("networkConnections[0].sourcePort"),
                Some(Property::SourcePort)
            ),
            (
                ErrorKind::InvalidValue,
                path("networkConnections[0].domainRegisteredDateTime"),
                Some(Property::DomainRegisteredDateTime)
            ),
            (ErrorKind::Syntax, path("x"), None),
        ]
    );
    let strict = "quic".parse::<msgraph_network_connection::SecurityNetworkProtocol>();
    let error = strict.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidValue);
    assert_eq!(
        error.to_string(),
        "`quic` is not a securityNetworkProtocol member"
    );
    assert_eq!(
        (error.path(), error.line(), error.column()),
        (None, None, None)
    );
}

/// An I/O error is the source, and a clone keeps its kind and message.
#[test]
fn an_io_error_is_the_source_and_survives_a_clone() {
    use msgraph_network_connection::{Error, ErrorKind};
    use std::error::Error as _;

    let error = Error::from(std::io::Error::new(std::io::ErrorKind::TimedOut, "slow"));
    assert_eq!(std::mem::size_of::<Error>(), std::mem::size_of::<usize>());
    assert_eq!(error.kind(), ErrorKind::Io);
    assert_eq!(error.to_string(), "I/O error: slow");
    let clone = error.clone();
    let source = clone
        .source()
        .unwrap()
        .downcast_ref::<std::io::Error>()
        .unwrap();
    assert_eq!(
        (source.kind(), source.to_string()),
        (std::io::ErrorKind::TimedOut, "slow".into())
    );
    assert_eq!(clone, error);
    assert_eq!(
        std::io::Error::from(clone).kind(),
        std::io::ErrorKind::TimedOut
    );
}
