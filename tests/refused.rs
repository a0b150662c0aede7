//! What the reader refuses, and what it hands out of it: documents that
//! are not alerts are refused in words that say what they are, as the
//! typed reading refuses them, and each refusal hands out the exact text
//! it is about (for `--rejects`), except where the README says it cannot.

use msgraph_network_connection::{Alert, AlertReader, GraphPage};

/// Each item: the alert's id, or the error with the text passed over.
fn items(input: &str) -> Vec<String> {
    let mut reader = AlertReader::new(input.as_bytes());
    let mut items = Vec::new();
    while let Some(item) = reader.next() {
        items.push(match item {
            Ok(alert) => format!("alert {}", alert.id.as_deref().unwrap_or("-")),
            Err(error) => match reader.skipped_text() {
                Some(text) => format!("{error} | {}", String::from_utf8_lossy(text)),
                None => format!("{error} | null"),
            },
        });
    }
    items
}

const GRAPH_ERROR: &str = r#"{"error":{"code":"InvalidRequest","message":"Invalid filter clause","innerError":{"date":"2024-01-01T00:00:00"}}}"#;
const BATCH: &str = r#"{"responses":[{"id":"1","status":200,"body":{"value":[{"id":"a","networkConnections":[{"protocol":"tcp"}]}]}}]}"#;

#[test]
fn documents_that_are_not_alerts_say_what_they_are() {
    let input = [
        GRAPH_ERROR,
        BATCH,
        r#"{"value":[{"value":[{"id":"a","networkConnections":[{"protocol":"udp"}]}]},{"id":"b"}]}"#,
        r#"{}"#,
        r#"{"severity":"high","value":3}"#,
        r#"{"id":null}"#,
        r#"{"networkConnections":null}"#,
    ]
    .join("\n");
    assert_eq!(
        items(&input),
        [
            format!(
                "a Graph error response, not an alert: InvalidRequest: Invalid filter clause at line 1 column 1 | {GRAPH_ERROR}"
            ),
            format!(
                "a `$batch` response, not an alert: read each response's `body` on its own at line 2 column 1 | {BATCH}"
            ),
            "value[0]: a page, not an alert: an object with `value` and neither `id` nor `networkConnections` (pages inside a page's `value` or a `$batch` response are not read) at line 3 column 11 | {\"value\":[{\"id\":\"a\",\"networkConnections\":[{\"protocol\":\"udp\"}]}]}".to_string(),
            "alert b".to_string(),
            "not an alert: an object with neither `id` nor `networkConnections` at line 4 column 1 | {}".to_string(),
            "not an alert: an object with neither `id` nor `networkConnections` at line 5 column 1 | {\"severity\":\"high\",\"value\":3}".to_string(),
            "alert -".to_string(),
            "alert -".to_string(),
        ]
    );
}

#[test]
fn the_typed_reading_refuses_them_alike() {
    let alert = |text: &str| serde_json::from_str::<Alert>(text).unwrap_err().to_string();
    assert_eq!(
        alert(GRAPH_ERROR),
        "a Graph error response, not an alert: InvalidRequest: Invalid filter clause at line 1 column 113"
    );
    assert_eq!(
        alert(r#"{"error":"x","responses":[]}"#),
        "a `$batch` response, not an alert: read each response's `body` on its own at line 1 column 28"
    );
    assert_eq!(
        alert(r#"{}"#),
        "not an alert: an object with neither `id` nor `networkConnections` at line 1 column 2"
    );
    let page = serde_json::from_str::<GraphPage<Alert>>(r#"{"value":[{"id":"a"},{"value":[]}]}"#);
    assert_eq!(
        page.unwrap_err().to_string(),
        "value[1]: a page, not an alert: an object with `value` and neither `id` nor `networkConnections` (pages inside a page's `value` or a `$batch` response are not read) at line 1 column 33"
    );
}

#[test]
fn each_refusal_hands_out_its_text() {
    let deep = format!(
        r#"{{"id":"d","x":{}1{}}}"#,
        "[".repeat(130),
        "]".repeat(130)
    );
    let input = [
        deep.as_str(),
        r#"[{"id":"a"},7,"x",{"id":"b"}]"#,
        r#"{"value":[{"id":"c"}],"id":"x"}"#,
        r#"{"value":[{"id":"e"}],"value":[{"id":"f"}],"@odata.nextLink":"n"}"#,
        r#"{"@odata.count":"x","value":[{"id":"g"}]}"#,
        r#"{"value":[{"id":"h"}],"@odata.nextLink":"n","@odata.nextLink":"m"}"#,
        r#"{"value":[{"id":"i"}],"@odata.nextLink":"\q"}"#,
    ]
    .join("\n");
    assert_eq!(
        items(&input),
        [
            format!("recursion limit exceeded at line 1 column 141 | {deep}"),
            "alert a".to_string(),
            "[1]: expected an alert or a page object at line 2 column 13 | 7".to_string(),
            "[2]: expected an alert or a page object at line 2 column 15 | \"x\"".to_string(),
            "alert b".to_string(),
            "alert c".to_string(),
            "id: a page property; an object with a `value` array before any `id` or `networkConnections` is read as a page at line 3 column 23 | ,\"id\":\"x\"".to_string(),
            "alert e".to_string(),
            "value: duplicate property at line 4 column 23 | ,\"value\":[{\"id\":\"f\"}]".to_string(),
            "@odata.count: invalid type: string \"x\", expected a non-negative integer or null at line 5 column 19 | {\"@odata.count\":\"x\",\"value\":[".to_string(),
            "alert g".to_string(),
            "alert h".to_string(),
            "@odata.nextLink: duplicate property at line 6 column 45 | ,\"@odata.nextLink\":\"m\"".to_string(),
            "alert i".to_string(),
            // A page link streams past unheld, however long: an invalid
            // one is refused without its text.
            "@odata.nextLink: invalid escape or invalid UTF-8 in a string at line 7 column 23 | null".to_string(),
        ]
    );
}

/// A duplicate page property is named by the same path whether it comes
/// before the page's `value` or after it (placed as the typed reading
/// places it before, at its name after).
#[test]
fn a_duplicate_page_property_has_its_full_path_before_and_after_value() {
    let cases = [
        (r#"{"x":1,"x":2,"value":[]}"#, "x", (1, 10)),
        (r#"{"value":[],"x":1,"x":2}"#, "x", (1, 19)),
        (r#"[{"x":1,"x":2,"value":[]}]"#, "[0].x", (1, 11)),
        (r#"[{"value":[],"x":1,"x":2}]"#, "[0].x", (1, 20)),
    ];
    for (input, path, (line, column)) in cases {
        let errors: Vec<_> = AlertReader::new(input.as_bytes())
            .filter_map(Result::err)
            .collect();
        assert_eq!(errors.len(), 1, "{input}");
        let error = &errors[0];
        assert_eq!(error.path(), Some(path), "{input}");
        assert_eq!(
            (error.line(), error.column()),
            (Some(line), Some(column)),
            "{input}"
        );
        assert_eq!(
            error.to_string(),
            format!("{path}: duplicate property at line {line} column {column}"),
            "{input}"
        );
    }
}

/// What the reader itself refuses says its kind: a limit, broken JSON, a
/// duplicate page property, a document that is not an alert.
#[test]
fn the_readers_own_refusals_say_their_kind() {
    use msgraph_network_connection::ErrorKind;

    let deep = format!(r#"{{"id":"d","x":{}{}}}"#, "[".repeat(130), "]".repeat(130));
    let cases: &[(&str, usize, ErrorKind, &str)] = &[
        (
            r#"{"id":"big","networkConnections":[]}"#,
            16,
            ErrorKind::Limit,
            "",
        ),
        (&deep, 1 << 20, ErrorKind::Limit, ""),
        (
            r#"{"id":"cut","networkConnections":["#,
            1 << 20,
            ErrorKind::Syntax,
            "",
        ),
        ("\u{feff}x", 1 << 20, ErrorKind::Syntax, ""),
        (
            r#"{"value":[],"x":1,"x":2}"#,
            1 << 20,
            ErrorKind::Duplicate,
            "x",
        ),
        (
            r#"{"x":1,"x":2,"value":[]}"#,
            1 << 20,
            ErrorKind::Duplicate,
            "x",
        ),
        (
            r#"{"value":[],"@odata.count":"many"}"#,
            1 << 20,
            ErrorKind::Data,
            "@odata.count",
        ),
        (GRAPH_ERROR, 1 << 20, ErrorKind::Data, ""),
        (r#"[1]"#, 1 << 20, ErrorKind::Data, "[0]"),
    ];
    for &(input, limit, kind, path) in cases {
        let mut reader = AlertReader::new(input.as_bytes()).with_max_alert_size(limit);
        let error = reader.next().expect("an item").unwrap_err();
        assert_eq!(
            (error.kind(), error.path()),
            (kind, Some(path)),
            "{input}: {error}"
        );
    }
    let utf16 = b"\xff\xfe{\x00}\x00";
    let error = AlertReader::new(&utf16[..]).next().unwrap().unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Syntax, "{error}");
}
