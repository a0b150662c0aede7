//! The path straight from JSON against the typed path: the same alerts
//! accepted, the same rows.

use super::read;
use crate::columnar::ConnectionBatchBuilder;
use crate::{AlertReader, RawAlert};
use arrow_array::RecordBatch;

/// The batch of the direct path, or `None` when it refuses the alert.
fn direct(raw: &RawAlert) -> Option<RecordBatch> {
    let mut rows = Vec::new();
    let id = read(raw.bytes(), &mut |row| {
        rows.push(row);
        true
    })
    .ok()?;
    let mut batch = ConnectionBatchBuilder::new();
    for row in &rows {
        batch.append_texts(id.as_deref(), &row.texts(), row.instant);
    }
    Some(batch.finish())
}

/// The batch of the typed path, or `None` when it refuses the alert.
fn typed(raw: &RawAlert) -> Option<RecordBatch> {
    let alert = raw.connections().ok()?;
    let mut batch = ConnectionBatchBuilder::new();
    for connection in &alert.connections {
        batch.append(alert.alert_id.as_deref(), connection);
    }
    Some(batch.finish())
}

/// Compares the two paths on every alert of `input` that the reader finds;
/// returns how many the typed path accepted and refused.
fn agree(input: &[u8]) -> (usize, usize) {
    let mut counts = (0, 0);
    let mut reader = AlertReader::new(input);
    while let Some(item) = reader.next_raw() {
        let Ok(raw) = item else { continue };
        let typed = typed(&raw);
        assert_eq!(
            direct(&raw),
            typed,
            "{}",
            String::from_utf8_lossy(raw.bytes())
        );
        if typed.is_some() {
            counts.0 += 1;
        } else {
            counts.1 += 1;
        }
    }
    counts
}

pub(crate) const CASES: &[&str] = &[
    // Values: nulls, absent properties, unrecognized members, malformed
    // ports and scores, timestamps of every form, escapes.
    r#"{"id":"a","networkConnections":[{"applicationName":null,"destinationPort":"443","sourcePort":"-1","natSourcePort":"65536","natDestinationPort":" 80","riskScore":"0.5","direction":"sideways","protocol":"tcp","status":"String"}]}"#,
    r#"{"networkConnections":[{"riskScore":"1.5"},{"riskScore":"NaN"},{"riskScore":"1e-1"},{"riskScore":""},{"destinationPort":""}]}"#,
    r#"{"id":null,"networkConnections":[{"domainRegisteredDateTime":"2017-01-01T00:01:30.7098297+00:00"},{"domainRegisteredDateTime":"2019-04-16T09:27:45.12Z"},{"domainRegisteredDateTime":"2019-04-16T09:27:45.120Z"},{"domainRegisteredDateTime":"2019-04-16t09:27:45-05:30"},{"domainRegisteredDateTime":null}]}"#,
    r##"{"id":"\u0061\n","networkConnections":[{"source\u0050ort":"4\u00343","urlParameters":"q=\"x\"","@odata.type":"#microsoft.graph.networkConnection","extra":{"a":[1,2.5,{"b":null}],"c":true}}]}"##,
    r#"{"id":"a","severity":"high","vendorInformation":{"provider":"ASC","a":{"b":{"c":[{"d":1},{"d":1}]}}},"networkConnections":[]}"#,
    r#"{"networkConnections":null}"#,
    r#"{"id":"a"}"#,
    // Refused by both: duplicates at any depth, wrong types, bad timestamps.
    r#"{"id":"a","networkConnections":[{"sourcePort":"1","sourcePort":"2"}]}"#,
    r#"{"id":"a","networkConnections":[{"sourcePort":"1","source\u0050ort":"2"}]}"#,
    r#"{"id":"a","networkConnections":[{"x":1,"x":2}]}"#,
    r#"{"id":"a","networkConnections":[{"x":{"y":1,"y":2}}]}"#,
    r#"{"id":"a","other":1,"other":2,"networkConnections":[]}"#,
    r#"{"id":"a","other":{"y":[{"z":1,"z":1}]},"networkConnections":[]}"#,
    r#"{"id":"a","id":"b"}"#,
    r#"{"networkConnections":[],"networkConnections":[]}"#,
    r#"{"id":1,"networkConnections":[]}"#,
    r#"{"id":"a","networkConnections":{}}"#,
    r#"{"id":"a","networkConnections":[null]}"#,
    r#"{"id":"a","networkConnections":[[]]}"#,
    r#"{"id":"a","networkConnections":["tcp"]}"#,
    r#"{"networkConnections":[{"sourcePort":443}]}"#,
    r#"{"networkConnections":[{"protocol":6}]}"#,
    r#"{"networkConnections":[{"direction":true}]}"#,
    r#"{"networkConnections":[{"@odata.type":{}}]}"#,
    r#"{"networkConnections":[{"domainRegisteredDateTime":"2019-04-16"}]}"#,
    r#"{"networkConnections":[{"domainRegisteredDateTime":"2019-13-16T09:27:45Z"}]}"#,
    r#"{"networkConnections":[{"domainRegisteredDateTime":1555406865}]}"#,
];

#[test]
fn the_two_paths_agree_on_every_case() {
    let mut counts = (0, 0);
    for case in CASES {
        let (accepted, refused) = agree(case.as_bytes());
        assert_eq!(accepted + refused, 1, "{case}");
        counts = (counts.0 + accepted, counts.1 + refused);
    }
    assert_eq!(counts, (7, 20));
}

#[test]
fn the_two_paths_agree_on_the_corpus() {
    let mut accepted = 0;
    for (name, payload) in crate::columnar::corpus::payloads() {
        let (ok, refused) = agree(&payload);
        assert_eq!(refused, 0, "{name}");
        accepted += ok;
    }
    assert!(accepted >= 10, "{accepted} alerts");
}

/// Insertions that make an alert refused or change its values.
const SNIPPETS: &[&str] = &[
    r#""sourcePort":"1","#,
    r#""sourcePort":1,"#,
    r#""id":"x","#,
    r#""x":{"a":1,"a":2},"#,
    r#""protocol":null,"#,
    r#""domainRegisteredDateTime":"2020-02-30T00:00:00Z","#,
    r#""domainRegisteredDateTime":"2020-02-29T00:00:00.123456789123+01:00","#,
    "\"\\u00e9\":\"\\ud800\",",
    "{",
    "}",
    ",",
    "\"",
    "\\",
    "\u{0}",
];

#[test]
fn the_two_paths_agree_on_mutated_corpus_alerts() {
    let alerts = crate::columnar::corpus::alerts();
    // A fixed xorshift, so that a failure can be replayed.
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    let mut next = |bound: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % bound as u64) as usize
    };
    let (mut accepted, mut refused) = (0, 0);
    for _ in 0..3000 {
        let mut alert = alerts[next(alerts.len())].clone();
        let at = next(alert.len());
        match next(3) {
            0 => {
                let snippet = SNIPPETS[next(SNIPPETS.len())].as_bytes();
                // Right after an object's `{` where there is one, so that
                // the inserted property lands in an object.
                let at = alert[at..]
                    .iter()
                    .position(|&b| b == b'{')
                    .map_or(at, |i| at + i + 1);
                alert.splice(at..at, snippet.iter().copied());
            }
            1 => {
                alert.remove(at);
            }
            _ => alert[at] = b"0\"{}[],:nt\\ "[next(12)],
        }
        let (ok, bad) = agree(&alert);
        accepted += ok;
        refused += bad;
    }
    // Both kinds are well represented.
    assert!(accepted > 1000 && refused > 150, "{accepted} / {refused}");
}
