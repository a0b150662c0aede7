//! The streaming reader against `serde_json` on the crate's types, on
//! generated and mutated documents in every shape the reader accepts: see
//! `support/oracle.rs` for the rules checked.

use proptest::prelude::*;
use serde_json::{Value, json};
use support::mutation::{Mutation, apply, corpus, mutation};

mod support {
    pub mod mutation;
    pub mod oracle;
}

/// Every alert in the corpus, as JSON values.
fn corpus_alerts() -> Vec<Value> {
    let mut alerts = Vec::new();
    for file in corpus() {
        match serde_json::from_slice::<Value>(&file).unwrap() {
            Value::Object(mut page) if page.contains_key("value") => {
                if let Some(Value::Array(items)) = page.remove("value") {
                    alerts.extend(items);
                }
            }
            alert => alerts.push(alert),
        }
    }
    alerts
}

/// A small alert: an `id` (or not) and connections, around other
/// properties, in any order.
fn small_alert() -> impl Strategy<Value = Value> {
    let connection = prop_oneof![
        Just(json!({"protocol": "tcp", "sourcePort": "443"})),
        Just(json!({"direction": null, "riskScore": "0.5", "x": {"y": [1, 2.5, "z"]}})),
        Just(json!({"domainRegisteredDateTime": "2019-01-01T00:00:00.1234567+00:00"})),
        Just(json!({"protocol": "quic", "status": "blocked"})),
        Just(json!({"sourcePort": 443})),
    ];
    (
        proptest::option::of("[a-z0-9]{1,6}"),
        proptest::collection::vec(connection, 0..3),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(id, connections, connections_first, extra)| {
            let mut alert = serde_json::Map::new();
            let connections = Value::Array(connections);
            if connections_first {
                alert.insert("networkConnections".into(), connections.clone());
            }
            if let Some(id) = id {
                alert.insert("id".into(), id.into());
            }
            if extra {
                alert.insert("severity".into(), "high".into());
                alert.insert("value".into(), json!([1]));
            }
            if !connections_first {
                alert.insert("networkConnections".into(), connections);
            }
            Value::Object(alert)
        })
}

/// How the alerts are laid out.
#[derive(Clone, Copy, Debug)]
enum Layout {
    Ndjson,
    Concatenated,
    Page,
    PrettyPage,
    Array,
    ArrayOfPages,
    NdjsonOfPages,
}

fn render(alerts: &[Value], layout: Layout) -> Vec<u8> {
    let page = |items: &[Value]| {
        json!({"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#security/alerts",
               "value": items, "@odata.nextLink": "https://graph.microsoft.com/v1.0/security/alerts?$skip=2"})
    };
    let compact = |v: &Value| serde_json::to_string(v).unwrap();
    let text = match layout {
        Layout::Ndjson => alerts.iter().map(compact).collect::<Vec<_>>().join("\n"),
        Layout::Concatenated => alerts.iter().map(compact).collect(),
        Layout::Page => compact(&page(alerts)),
        Layout::PrettyPage => serde_json::to_string_pretty(&page(alerts)).unwrap(),
        Layout::Array => compact(&Value::Array(alerts.to_vec())),
        Layout::ArrayOfPages => compact(&Value::Array(alerts.chunks(2).map(page).collect())),
        Layout::NdjsonOfPages => alerts
            .chunks(2)
            .map(|items| compact(&page(items)))
            .collect::<Vec<_>>()
            .join("\r\n"),
    };
    text.into_bytes()
}

fn layout() -> impl Strategy<Value = Layout> {
    proptest::sample::select(vec![
        Layout::Ndjson,
        Layout::Concatenated,
        Layout::Page,
        Layout::PrettyPage,
        Layout::Array,
        Layout::ArrayOfPages,
        Layout::NdjsonOfPages,
    ])
}

fn alerts() -> impl Strategy<Value = Vec<Value>> {
    let real = corpus_alerts();
    let one = prop_oneof![
        2 => small_alert(),
        1 => proptest::sample::select(real),
    ];
    proptest::collection::vec(one, 0..6)
}

/// Changes that keep most of the input valid JSON but break what the
/// reader must notice: escaped and duplicate names, page properties in
/// the wrong place, numbers and strings serde_json refuses.
fn json_aware_mutation() -> impl Strategy<Value = Mutation> {
    let inserted = proptest::sample::select(vec![
        br#""v\u0061lue":[],"#.to_vec(),
        br#""value":[],"#.to_vec(),
        br#""id":"dup","#.to_vec(),
        br#""x":{"a":1,"a":2},"#.to_vec(),
        br#""n":1e400,"#.to_vec(),
        br#""s":"\ud800","#.to_vec(),
        br#""@odata.count":"x","#.to_vec(),
        br#""@odata.nextLink":"n","#.to_vec(),
        b"\n{\"id\":\"inserted\"}\n".to_vec(),
        b"<html>502 Bad Gateway</html>\n".to_vec(),
        b"\xff".to_vec(),
    ]);
    (any::<usize>(), inserted).prop_map(|(at, bytes)| Mutation::Insert(at, bytes))
}

/// Inserts happen only after `{` so that inserted properties stand where
/// properties may.
fn apply_after_brace(bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    let braces: Vec<usize> = bytes
        .iter()
        .enumerate()
        .filter(|&(_, &b)| b == b'{')
        .map(|(i, _)| i + 1)
        .collect();
    if braces.is_empty() {
        return bytes;
    }
    let placed: Vec<Mutation> = mutations
        .iter()
        .map(|m| match m {
            Mutation::Insert(at, text) => Mutation::Insert(braces[at % braces.len()], text.clone()),
            other => other.clone(),
        })
        .collect();
    apply(bytes, &placed)
}

/// Where each token of `line` ends: after a string, a number or a literal,
/// and after each of `{ } [ ] , :`.
fn token_ends(line: &[u8]) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut i = 0;
    while i < line.len() {
        match line[i] {
            b'"' => {
                i += 1;
                while i < line.len() && line[i] != b'"' {
                    i += if line[i] == b'\\' { 2 } else { 1 };
                }
                i = (i + 1).min(line.len());
            }
            b'{' | b'}' | b'[' | b']' | b',' | b':' => i += 1,
            b if b.is_ascii_whitespace() => {
                i += 1;
                continue;
            }
            _ => {
                while i < line.len() && !b"{}[],:\" \t\r\n".contains(&line[i]) {
                    i += 1;
                }
            }
        }
        ends.push(i);
    }
    ends
}

/// The `line`-th line (modulo their number) cut right after its
/// `token`-th token (modulo theirs); its line end stays.
fn cut_after_token(text: Vec<u8>, line: usize, token: usize) -> Vec<u8> {
    let starts: Vec<usize> = std::iter::once(0)
        .chain(
            text.iter()
                .enumerate()
                .filter(|&(_, &b)| b == b'\n')
                .map(|(i, _)| i + 1),
        )
        .collect();
    let start = starts[line % starts.len()];
    let end = text[start..]
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map_or(text.len(), |n| start + n);
    let ends = token_ends(&text[start..end]);
    if ends.is_empty() {
        return text;
    }
    let cut = start + ends[token % ends.len()];
    [&text[..cut], &text[end..]].concat()
}

/// Whether a line cut right after `"value":` is followed by a line that is
/// an array: valid JSON across the two lines (`{"value":` then `[...]}`),
/// which the reader takes as one page, as the README's fidelity rules say.
/// No reader of the lines can tell it from a page written over two lines.
fn is_valid_across_the_cut(text: &[u8]) -> bool {
    text.windows(10).any(|w| w == b"\"value\":\n[")
}

proptest! {
    // PROPTEST_CASES=N runs longer campaigns.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(384)
    ))]

    #[test]
    fn generated_documents_agree(alerts in alerts(), layout in layout()) {
        support::oracle::check(&render(&alerts, layout));
    }

    #[test]
    fn mutated_documents_agree(
        alerts in alerts(),
        layout in layout(),
        mutations in proptest::collection::vec(mutation(), 1..3),
    ) {
        support::oracle::check(&apply(render(&alerts, layout), &mutations));
    }

    #[test]
    fn ndjson_with_a_line_cut_after_a_token_agrees(
        alerts in alerts(),
        pages in any::<bool>(),
        line in any::<usize>(),
        token in any::<usize>(),
    ) {
        let layout = if pages { Layout::NdjsonOfPages } else { Layout::Ndjson };
        let text = cut_after_token(render(&alerts, layout), line, token);
        prop_assume!(!is_valid_across_the_cut(&text));
        support::oracle::check_lines(&text);
    }

    #[test]
    fn documents_with_json_aware_changes_agree(
        alerts in alerts(),
        layout in layout(),
        mutations in proptest::collection::vec(json_aware_mutation(), 1..3),
    ) {
        support::oracle::check(&apply_after_brace(render(&alerts, layout), &mutations));
    }
}

/// A line cut after each kind of token, then good lines.
#[test]
fn lines_cut_after_a_token_cost_that_line_only() {
    for cut in [
        "{",
        "{\"id\"",
        "{\"id\":",
        "{\"id\":\"a\"",
        "{\"id\":\"a\",",
        "[",
        "[{\"id\":\"a\"}",
        "{\"value\":[{\"id\":\"a\"}",
        "{\"id\":\"a\",\"n\":1",
        "{\"id\":\"a\",\"n\":[true",
    ] {
        let input = format!("{{\"id\":\"x\"}}\n{cut}\n{{\"id\":\"b\"}}\n{{\"id\":\"c\"}}\n");
        support::oracle::check_lines(input.as_bytes());
    }
}

/// The cases the reader once got wrong, pinned.
#[test]
fn known_disagreements_are_gone() {
    for input in [
        r#"{"value":[{"id":"a"}],"v\u0061lue":[{"id":"b"}]}"#,
        r#"{"v\u0061lue":[{"id":"b"}]}"#,
        r#"{"id":"a1","networkConnections":[{"protocol":"tcp"}],"value":[]}"#,
        r#"{"id":"a","id":"b","networkConnections":[{}]}"#,
        r#"{"id":"a","x":1e400,"networkConnections":[{}]}"#,
        r#"{"id":"a","x":"\ud800","networkConnections":[{}]}"#,
        r#"{"id":"a","x":{"a":1,"a":2},"networkConnections":[{}]}"#,
        r#"{"value":[{"id":"a"}],"@odata.nextLink":"\ud800"}"#,
        "{\"value\":[{\"id\":\"a\"}],\"@odata.nextLink\":\"\u{ff}\"}",
        // (invalid UTF-8 is pinned in the byte-level test below)
        r#"{"value":[{"id":"a"}],"id":"x"}"#,
        r#"{"value":3,"value":[{"id":"a"}]}"#,
    ] {
        support::oracle::check(input.as_bytes());
    }
    for input in [
        &b"{\"value\":[{\"id\":\"a\"}],\"@odata.nextLink\":\"\xff\"}"[..],
        b"{\"value\":[{\"id\":\"a\"}],\"@odata.nextLink\":\"ok \xc3\"}",
        b"{\"id\":\"\xc3\xa9\",\"networkConnections\":[{\"x\":\"\xed\xa0\x80\"}]}",
        // Found by the fuzzer: stray documents before an alert, and two
        // strings that are two documents to serde_json but one stretch of
        // garbage to the reader.
        b"\"x\" 1 {\"id\":\"a\"}",
        b"\n        \"\x9b\x89\x9a\x99tDateTime 2:\"  \"\x9b\x89\x9a\x99tDateTime 20\"\n\n\n\n\n",
    ] {
        support::oracle::check(input);
    }
}
