//! The streaming reader: every input shape, errors with their place, and
//! the deliberate behaviour after an error.

use msgraph_network_connection::{Alert, AlertReader, Error, GraphPage};
use std::io::{self, Read};
use support::oracle::Trickle;

mod support {
    pub mod oracle;
}

/// What the reader yields, as text: `alert id: connections` or the error.
fn outline(input: &[u8]) -> Vec<String> {
    let whole = outline_of(AlertReader::new(input));
    for step in [1, 7] {
        let trickled = outline_of(AlertReader::new(Trickle { data: input, step }));
        assert_eq!(trickled, whole, "read {step} bytes at a time");
    }
    let connections: Vec<String> = AlertReader::new(input)
        .connections()
        .map(|item| match item {
            Ok(c) => format!(
                "{}: {}",
                c.alert_id.as_deref().unwrap_or("-"),
                serde_json::to_string(&c.connection).unwrap()
            ),
            Err(e) => format!("error: {e}"),
        })
        .collect();
    let expected: Vec<String> = whole
        .iter()
        .flat_map(|line| match line.split_once(" => ") {
            Some((id, list)) => serde_json::from_str::<Vec<serde_json::Value>>(list)
                .unwrap()
                .iter()
                .map(|c| format!("{id}: {c}"))
                .collect(),
            None => vec![line.clone()],
        })
        .collect();
    assert_eq!(connections, expected, "connections() follows the alerts");
    whole
}

fn outline_of(reader: impl Iterator<Item = Result<Alert, Error>>) -> Vec<String> {
    reader
        .map(|item| match item {
            Ok(alert) => format!(
                "{} => {}",
                alert.id.as_deref().unwrap_or("-"),
                serde_json::to_string(&alert.network_connections).unwrap()
            ),
            Err(e) => format!("error: {e}"),
        })
        .collect()
}

#[test]
fn every_input_shape() {
    let cases: &[(&str, &[&str])] = &[
        ("", &[]),
        (" \n\t ", &[]),
        (r#"{"id":null}"#, &["- => []"]),
        (
            r#"{"id":"a","networkConnections":[{"protocol":"tcp"}]}"#,
            &[r#"a => [{"protocol":"tcp"}]"#],
        ),
        // The id may come after the connections.
        (
            r#"{"networkConnections":[{"protocol":"tcp"}],"title":"t","id":"late"}"#,
            &[r#"late => [{"protocol":"tcp"}]"#],
        ),
        // A page, with its envelope before and after the items.
        (
            r#"{"@odata.context":"c","value":[{"id":"a"},{"id":"b","networkConnections":[{}]}],"@odata.nextLink":"n"}"#,
            &["a => []", "b => [{}]"],
        ),
        (r#"{"value":[]}"#, &[]),
        // An array of alerts, as the Microsoft 365 CLI prints.
        (r#"[{"id":"a"}, {"id":"b"}]"#, &["a => []", "b => []"]),
        (r#"[]"#, &[]),
        // An array of pages.
        (
            r#"[{"value":[{"id":"a"}]},{"value":[{"id":"b"}],"@odata.count":1}]"#,
            &["a => []", "b => []"],
        ),
        // NDJSON, and documents simply one after another.
        ("{\"id\":\"a\"}\n{\"id\":\"b\"}\n", &["a => []", "b => []"]),
        (
            "{\"id\":\"a\"}{\"value\":[{\"id\":\"b\"}]}[{\"id\":\"c\"}]",
            &["a => []", "b => []", "c => []"],
        ),
        // Strings holding brackets, quotes and escapes do not confuse the scan.
        (
            r#"{"id":"a]}\"[{","networkConnections":[{"urlParameters":"?q={[\"]}"}],"x":"\\"}"#,
            &[r#"a]}"[{ => [{"urlParameters":"?q={[\"]}"}]"#],
        ),
        // An alert with a `value` that is not an array is an alert.
        (r#"{"id":"a","value":3}"#, &["a => []"]),
    ];
    for (input, expected) in cases {
        assert_eq!(outline(input.as_bytes()), *expected, "{input}");
    }
}

#[test]
fn malformed_alerts_are_reported_and_reading_goes_on() {
    let input = concat!(
        r#"{"value":[{"id":"a","networkConnections":[{"protocol":"tcp"}]},"#,
        "\n",
        r#"{"id":"b","networkConnections":[{"sourcePort":443}]},"#,
        "\n",
        r#"{"id":"c","id":"c"},"#,
        "\n",
        r#"{"id": tru},"#,
        "\n",
        r#"{"id":"e","networkConnections":[{"status":"blocked"}]}]}"#,
    );
    assert_eq!(
        outline(input.as_bytes()),
        [
            r#"a => [{"protocol":"tcp"}]"#,
            "error: value[1].networkConnections[0].sourcePort: invalid type: integer `443`, expected a string or null at line 2 column 49",
            "error: value[2].id: duplicate property at line 3 column 14",
            "error: value[3].id: expected ident at line 4 column 11",
            r#"e => [{"status":"blocked"}]"#,
        ]
    );
}

/// Broken JSON costs the value it is in: the error names what was
/// expected where, and where the broken value starts; reading goes on after
/// it, or at the next line that starts with `{` or `[`.
const BROKEN: &[(&str, &[&str])] = &[
    (
        "{\"id\":\"a\"}\n{\"id\":\"b\" \"x\":1}\n{\"id\":\"c\"}",
        &[
            "a => []",
            "error: expected `,` or `}` at line 2 column 11, in the value that starts at line 2 column 1",
            "c => []",
        ],
    ),
    // NDJSON: a truncated line, a proxy's HTML page, a line cut after
    // `[` that swallows the next line as an element: each costs itself.
    (
        concat!(
            "{\"id\":\"a\",\"networkConnections\":[{\"protocol\":\"tc\n",
            "{\"id\":\"b\"}\n",
            "<html><body>502 Bad Gateway</body></html>\n",
            "{\"id\":\"c\",\"networkConnections\":[\n",
            "{\"id\":\"d\"}\n",
            "{\"id\":\"e\"}",
        ),
        &[
            "error: control character in a string (unterminated string?) at line 1 column 48, in the value that starts at line 1 column 1",
            "b => []",
            "error: expected an alert, a page or an array of them (`{` or `[`) at line 3 column 1",
            "error: expected `,` or `]` at line 6 column 1, in the value that starts at line 4 column 1",
            "d => []",
            "e => []",
        ],
    ),
    // Inside one line, the structure around the alerts is broken: the
    // rest of the line is skipped.
    (
        r#"[{"id":"a"} {"id":"b"}]"#,
        &[
            "a => []",
            "error: expected `,` or `]` at line 1 column 13, in the value that starts at line 1 column 1",
        ],
    ),
    (
        r#"[{"id":"a"},]"#,
        &[
            "a => []",
            "error: trailing comma at line 1 column 13, in the value that starts at line 1 column 1",
        ],
    ),
    (
        r#"{"value":[{"id":"a"}"#,
        &[
            "a => []",
            "error: unexpected end of input at line 1 column 21, in the value that starts at line 1 column 1",
        ],
    ),
    (
        r#"{"id":"a"#,
        &[
            "error: unterminated string at line 1 column 9, in the value that starts at line 1 column 1",
        ],
    ),
    (
        "{\"id\":\"a\"}\n42",
        &[
            "a => []",
            "error: expected an alert, a page or an array of them (`{` or `[`) at line 2 column 1",
        ],
    ),
    (
        r#"[{"id":"a"},"b",{"id":"c"}]"#,
        &[
            "a => []",
            "error: [1]: expected an alert or a page object at line 1 column 13",
            "c => []",
        ],
    ),
    (
        r#"{"value":[{"id":"a"},null]}"#,
        &[
            "a => []",
            "error: value[1]: expected an alert object at line 1 column 22",
        ],
    ),
    (
        r#"{"value":[],"@odata.count":"x"}"#,
        &[
            "error: @odata.count: invalid type: string \"x\", expected a non-negative integer or null at line 1 column 30",
        ],
    ),
    // The page's own properties are checked before its items are read.
    (
        r#"{"@odata.count":-1,"value":[{"id":"a"}]}"#,
        &[
            "error: @odata.count: invalid type: integer `-1`, expected a non-negative integer or null at line 1 column 18",
            "a => []",
        ],
    ),
    (
        r#"{"@odata.nextLink":"n","value":[],"@odata.nextLink":"m"}"#,
        &["error: @odata.nextLink: duplicate property at line 1 column 35"],
    ),
    (
        r#"{"value":[],"value":[]}"#,
        &["error: value: duplicate property at line 1 column 13"],
    ),
    (
        r#"[{"value":[],"x":1,"x":2}]"#,
        &["error: [0].x: duplicate property at line 1 column 20"],
    ),
];

#[test]
fn broken_json_costs_only_the_broken_value() {
    let cases = BROKEN;
    for (input, expected) in cases {
        assert_eq!(outline(input.as_bytes()), *expected, "{input}");
    }
}

#[test]
fn a_failing_reader_ends_the_reading_with_its_error() {
    struct Failing(bool);
    impl Read for Failing {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if std::mem::replace(&mut self.0, true) {
                return Err(io::Error::new(io::ErrorKind::ConnectionReset, "link down"));
            }
            let data = b"{\"id\":\"a\"}\n{\"id\":";
            buf[..data.len()].copy_from_slice(data);
            Ok(data.len())
        }
    }
    let items: Vec<_> = AlertReader::new(Failing(false)).collect();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].as_ref().unwrap().id.as_deref(), Some("a"));
    let error = items[1].as_ref().unwrap_err();
    assert!(error.is_io());
    let source = std::error::Error::source(error).expect("the io::Error is the source");
    let source = source.downcast_ref::<io::Error>().expect("an io::Error");
    assert_eq!(source.kind(), io::ErrorKind::ConnectionReset);
    assert_eq!(source.to_string(), "link down");
    assert_eq!(
        items[1].as_ref().unwrap_err().to_string(),
        "I/O error: link down"
    );
}

#[test]
fn streamed_alerts_equal_the_ones_read_whole() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/");
    // (file, alerts, connections)
    let files: &[(&str, usize, usize)] = &[
        ("cli-m365_docs_security-alerts-list_response.json", 1, 1),
        ("cli-m365_spec_alertASC.json", 1, 1),
        ("cli-m365_spec_alertIPC.json", 1, 0),
        ("cli-m365_spec_alertMCAS.json", 1, 0),
        ("cli-m365_spec_alertResponse.json", 4, 1),
        (
            "ibm-resilient_fn_microsoft_security_graph_get_alert_details_content.json",
            1,
            0,
        ),
        (
            "ibm-resilient_fn_microsoft_security_graph_update_alert_content.json",
            1,
            1,
        ),
        (
            "wandeg-graph-docs_docstub_security-list-alerts_response.json",
            1,
            1,
        ),
        (
            "xsoar_msgraphsecurity_get_alert_details_mock_response.json",
            1,
            0,
        ),
        (
            "xsoar_msgraphsecurity_search_alerts_mock_response.json",
            3,
            0,
        ),
    ];
    let mut everything = Vec::new();
    for &(name, alerts, connections) in files {
        let bytes = std::fs::read(format!("{dir}{name}")).unwrap();
        let streamed: Vec<Alert> = AlertReader::new(&bytes[..])
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(streamed.len(), alerts, "{name}");
        let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        let whole: Vec<Alert> = match &value {
            serde_json::Value::Array(items)
                if items.first().is_some_and(|i| i.get("value").is_some()) =>
            {
                serde_json::from_value::<Vec<GraphPage<Alert>>>(value)
                    .unwrap()
                    .into_iter()
                    .flat_map(|p| p.value)
                    .collect()
            }
            serde_json::Value::Array(_) => serde_json::from_value(value).unwrap(),
            v if v.get("value").is_some() => {
                serde_json::from_value::<GraphPage<Alert>>(value)
                    .unwrap()
                    .value
            }
            _ => vec![serde_json::from_value(value).unwrap()],
        };
        assert_eq!(streamed, whole, "{name}");
        let counted = AlertReader::new(&bytes[..])
            .connections()
            .map(Result::unwrap)
            .count();
        assert_eq!(counted, connections, "{name}");
        everything.extend_from_slice(&bytes);
        everything.push(b'\n');
    }
    // All of them one after another: one stream of every shape.
    let alerts = AlertReader::new(&everything[..])
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    assert_eq!(alerts.len(), 15);
}

/// What broken JSON made the reader pass over is handed out exactly, so
/// that a file of rejects loses nothing; with the alerts' own bytes, it is
/// all of the input but the whitespace between documents.
#[test]
fn what_an_error_passes_over_is_handed_out() {
    let input = concat!(
        "{\"id\":\"a\"}\n",
        "{\"id\":\"b\",\"networkConnections\":[{\"protocol\":\"tc\n",
        "<html>502</html>\n",
        "{\"id\":\"c\"}\n",
        "[{\"id\":\"d\"},{\"id\":\"e\" \"x\":1},{\"id\":\"f\"}]\n",
    );
    let mut reader = AlertReader::new(input.as_bytes());
    let mut pieces = Vec::new();
    while let Some(item) = reader.next_raw() {
        let text = match item {
            Ok(raw) => format!("alert {}", String::from_utf8(raw.bytes().to_vec()).unwrap()),
            Err(_) => format!(
                "skipped {:?}",
                reader
                    .skipped_text()
                    .map(|t| String::from_utf8(t.to_vec()).unwrap())
            ),
        };
        pieces.push(text);
    }
    assert_eq!(
        pieces,
        [
            r#"alert {"id":"a"}"#,
            // Reading goes on at a line that starts with `{` or `[`: the
            // proxy's line is passed over with the cut one, in one error.
            "skipped Some(\"{\\\"id\\\":\\\"b\\\",\\\"networkConnections\\\":[{\\\"protocol\\\":\\\"tc\\n<html>502</html>\\n\")",
            r#"alert {"id":"c"}"#,
            r#"alert {"id":"d"}"#,
            "skipped Some(\"{\\\"id\\\":\\\"e\\\" \\\"x\\\":1}\")",
            r#"alert {"id":"f"}"#,
        ]
    );
}
