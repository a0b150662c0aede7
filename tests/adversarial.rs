//! Hostile input: every case is an exact error text or an exact
//! round trip, never a panic, a hang or a silent drop.

use msgraph_network_connection::{Alert, AlertReader, GraphPage, NetworkConnection};

fn connection_error(input: &[u8]) -> String {
    match serde_json::from_slice::<NetworkConnection>(input) {
        Ok(c) => panic!("accepted as {c:?}"),
        Err(e) => e.to_string(),
    }
}

fn reader_items(input: &[u8]) -> Vec<String> {
    AlertReader::new(input)
        .map(|item| match item {
            Ok(alert) => format!("alert {}", alert.id.as_deref().unwrap_or("-")),
            Err(e) => format!("error: {e}"),
        })
        .collect()
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let depth = 100_000;
    let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let input = format!(r#"{{"sourcePort":"1","extra":{nested}}}"#);
    assert_eq!(
        connection_error(input.as_bytes()),
        "recursion limit exceeded at line 1 column 153"
    );
    let objects = format!(
        r#"{{"extra":{}1{}}}"#,
        r#"{"a":"#.repeat(depth),
        "}".repeat(depth)
    );
    assert_eq!(
        connection_error(objects.as_bytes()),
        "recursion limit exceeded at line 1 column 640"
    );
    // The reader's scan does not recurse either; the alert is refused and
    // the next one is read.
    let stream = format!("{{\"id\":\"deep\",\"x\":{nested}}}\n{{\"id\":\"next\"}}");
    assert_eq!(
        reader_items(stream.as_bytes()),
        [
            "error: recursion limit exceeded at line 1 column 144",
            "alert next"
        ]
    );
    let page = format!(r#"{{"value":[{{"id":"a","x":{nested}}}]}}"#);
    assert_eq!(
        serde_json::from_str::<GraphPage<Alert>>(&page)
            .unwrap_err()
            .to_string(),
        "recursion limit exceeded at line 1 column 149"
    );
}

#[test]
fn a_100_mb_string_is_kept_whole() {
    let long = "x".repeat(100 << 20);
    let input = format!(r#"{{"urlParameters":"{long}","note":"{long}"}}"#);
    let connection: NetworkConnection = serde_json::from_str(&input).unwrap();
    assert_eq!(
        connection.url_parameters.as_deref().map(str::len),
        Some(100 << 20)
    );
    assert_eq!(
        serde_json::to_string(&connection).unwrap().len(),
        input.len()
    );
    let streamed: Vec<_> =
        AlertReader::new(format!(r#"{{"networkConnections":[{input}]}}"#).as_bytes())
            .with_max_alert_size(256 << 20)
            .connections()
            .collect::<Result<_, _>>()
            .unwrap();
    assert_eq!(streamed[0].connection, connection);
}

#[test]
fn invalid_utf8_lone_surrogates_and_byte_order_marks() {
    assert_eq!(
        connection_error(b"{\"sourceLocation\":\"Dub\xfflin\"}"),
        "sourceLocation: invalid unicode code point at line 1 column 28"
    );
    assert_eq!(
        connection_error(br#"{"sourceLocation":"\ud800"}"#),
        "sourceLocation: unexpected end of hex escape at line 1 column 27"
    );
    assert_eq!(
        connection_error(br#"{"sourceLocation":"\udc00x"}"#),
        "sourceLocation: lone leading surrogate in hex escape at line 1 column 25"
    );
    assert_eq!(
        connection_error(b"\xef\xbb\xbf{}"),
        "expected value at line 1 column 1"
    );
    assert_eq!(
        reader_items(b"{\"id\":\"a\"}\n{\"id\":\"b\",\"x\":\"\xc3\x28\"}\n{\"id\":\"c\"}"),
        [
            "alert a",
            "error: invalid UTF-8 at line 2 column 16",
            "alert c"
        ]
    );
    assert_eq!(
        reader_items(b"{\"value\":[{\"id\":\"\xff\"}]}"),
        ["error: value[0]: invalid UTF-8 at line 1 column 18"]
    );
    // A byte-order mark opens many Windows exports; the reader skips it at
    // the very start of the input, and nowhere else.
    assert_eq!(reader_items(b"\xef\xbb\xbf{\"id\":\"a\"}"), ["alert a"]);
    assert_eq!(
        reader_items(b"{\"id\":\"a\"}\n\xef\xbb\xbf{\"id\":\"b\"}"),
        [
            "alert a",
            "error: a byte-order mark (U+FEFF) in the middle of the input, where only its start may have one; expected an alert, a page or an array of them (`{` or `[`) at line 2 column 1",
            "alert b",
        ]
    );
    // Windows PowerShell 5's `Out-File` writes UTF-16 with a byte-order
    // mark: said as such, rather than as a syntax error.
    let utf16: Vec<u8> = "\u{feff}{\"id\":\"a\"}"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    assert_eq!(
        reader_items(&utf16),
        [
            "error: the input is UTF-16 (it starts with a UTF-16 byte-order mark, as Windows \
          PowerShell's Out-File writes); convert it to UTF-8, e.g. with \
          `iconv -f UTF-16 -t UTF-8` at line 1 column 1"
        ]
    );
}

#[test]
fn trailing_garbage_is_refused() {
    assert_eq!(
        connection_error(br#"{"protocol":"tcp"}x"#),
        "trailing characters at line 1 column 19"
    );
    assert_eq!(
        connection_error(br#"{"protocol":"tcp"}}"#),
        "trailing characters at line 1 column 19"
    );
    assert_eq!(
        reader_items(br#"{"id":"a"} garbage"#),
        [
            "alert a",
            "error: expected an alert, a page or an array of them (`{` or `[`) at line 1 column 12"
        ]
    );
    assert_eq!(
        reader_items(br#"{"value":[{"id":"a"}]}]"#),
        [
            "alert a",
            "error: expected an alert, a page or an array of them (`{` or `[`) at line 1 column 23"
        ]
    );
}

#[test]
fn numbers_out_of_range() {
    assert_eq!(
        connection_error(br#"{"x":1e400}"#),
        "x: number out of range at line 1 column 11"
    );
    assert_eq!(
        serde_json::from_str::<GraphPage<Alert>>(r#"{"@odata.count":18446744073709551616}"#)
            .unwrap_err()
            .to_string(),
        "@odata.count: invalid type: floating point `18446744073709552000.0`, expected a non-negative integer or null at line 1 column 36"
    );
    // In range, but too long for an f64: kept as the nearest number.
    let connection: NetworkConnection =
        serde_json::from_str(r#"{"x":123456789012345678901234567890}"#).unwrap();
    assert_eq!(
        serde_json::to_string(&connection).unwrap(),
        r#"{"x":1.2345678901234568e+29}"#
    );
}

#[test]
fn duplicates_anywhere_are_refused() {
    let cases: &[(&str, &str)] = &[
        (
            r#"{"protocol":"tcp","protocol":"udp"}"#,
            "protocol: duplicate property at line 1 column 28",
        ),
        (
            r#"{"@odata.type":"a","@odata.type":"a"}"#,
            "@odata.type: duplicate property at line 1 column 32",
        ),
        (
            r#"{"x":null,"x":null}"#,
            "x: duplicate property at line 1 column 13",
        ),
        (
            r#"{"p@odata.type":"a","p@odata.type":"b"}"#,
            "p@odata.type: duplicate property at line 1 column 34",
        ),
    ];
    for (input, expected) in cases {
        assert_eq!(connection_error(input.as_bytes()), *expected, "{input}");
    }
    // Keys that differ only by escaping are the same key.
    assert_eq!(
        connection_error(br#"{"sourcePort":"1","source\u0050ort":"2"}"#),
        "sourcePort: duplicate property at line 1 column 35"
    );
    // At any depth inside unknown properties, in all three types, and in
    // the reader whether it keeps them (alerts) or skips them (connections).
    assert_eq!(
        connection_error(br#"{"extra":{"a":1,"a":2}}"#),
        "extra.a: duplicate property at line 1 column 19"
    );
    assert_eq!(
        serde_json::from_str::<Alert>(r#"{"vendorInformation":{"provider":"a","provider":"b"}}"#)
            .unwrap_err()
            .to_string(),
        "vendorInformation.provider: duplicate property at line 1 column 47"
    );
    assert_eq!(
        serde_json::from_str::<GraphPage<Alert>>(r#"{"value":[{"x":[{"k":1,"k":2}]}]}"#)
            .unwrap_err()
            .to_string(),
        "value[0].x[0].k: duplicate property at line 1 column 26"
    );
    let alert = br#"{"id":"a","x":{"y":{"k":1,"k":2}},"networkConnections":[{}]}"#;
    assert_eq!(
        reader_items(alert),
        ["error: x.y.k: duplicate property at line 1 column 29"]
    );
    let connections: Vec<String> = AlertReader::new(&alert[..])
        .connections()
        .map(|c| {
            c.map(|c| c.alert_id.unwrap())
                .unwrap_or_else(|e| e.to_string())
        })
        .collect();
    assert_eq!(
        connections,
        ["x.y.k: duplicate property at line 1 column 29"]
    );
}

#[test]
fn timestamps_that_are_not_instants() {
    let cases = [
        ("2019-02-29T00:00:00Z", "input is out of range"),
        ("2019-13-01T00:00:00Z", "input is out of range"),
        ("2019-01-01T24:00:00Z", "input is out of range"),
        ("2019-01-01T23:60:00Z", "input is out of range"),
        ("2019-01-01T23:59:61Z", "input is out of range"),
        ("2019-01-01T00:00:00", "premature end of input"),
        ("2019-01-01", "premature end of input"),
        ("2019-01-01T00:00:00+25:00", "input is out of range"),
        ("2019-01-01T00:00:00.Z", "input contains invalid characters"),
        ("2019-01-01T00:00:00Z junk", "trailing input"),
        ("20190101T000000Z", "premature end of input"),
        ("1556000000", "premature end of input"),
    ];
    for (text, problem) in cases {
        let input = format!(r#"{{"domainRegisteredDateTime":"{text}"}}"#);
        assert_eq!(
            connection_error(input.as_bytes()),
            format!(
                "domainRegisteredDateTime: `{text}` is not an RFC 3339 timestamp ({problem}) at line 1 column {}",
                input.len() - 1
            ),
            "{text}"
        );
    }
}

/// The parser's own errors about a value (a number beyond `f64`, a lone
/// surrogate, an unknown escape) name the property they are in, and keep
/// the place the parser found them at.
#[test]
fn a_bad_number_or_string_is_named_by_its_property() {
    let input = concat!(
        r#"{"id":"a","x":1e400}"#,
        "\n",
        r#"{"value":[{"id":"b","y":{"z":["\ud800"]}}]}"#,
        "\n",
        r#"{"id":"c","networkConnections":[{"sourceLocation":"D\qblin"}]}"#,
        "\n",
        r#"{"id":"d","\udc00x":1}"#,
        "\n",
    );
    let errors: Vec<(String, Option<String>)> = AlertReader::new(input.as_bytes())
        .map(|item| {
            let error = item.unwrap_err();
            (
                error.to_string(),
                error.property().map(|p| p.name().to_string()),
            )
        })
        .collect();
    assert_eq!(
        errors,
        [
            (
                "x: number out of range at line 1 column 19".to_string(),
                None
            ),
            (
                "value[0].y.z[0]: unexpected end of hex escape at line 2 column 38".to_string(),
                None
            ),
            (
                "networkConnections[0].sourceLocation: invalid escape at line 3 column 54"
                    .to_string(),
                Some("sourceLocation".to_string())
            ),
            (
                "lone leading surrogate in hex escape at line 4 column 17".to_string(),
                None
            ),
        ]
    );
}
