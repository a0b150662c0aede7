//! The context columns straight from JSON against the typed `Alert`: the
//! same alerts accepted, the same rows, column by column.

use crate::columnar::ConnectionBatchBuilder;
use crate::columnar::append::{Direct, HELD_ROWS};
use crate::{AlertReader, RawAlert};
use arrow_array::{Array, RecordBatch};

/// Alert properties asked for as columns, by name.
const ASKED: &[&str] = &[
    "vendorInformation.subProvider",
    "@odata.type",
    "comments",
    "assignedTo",
    "vendorInformation",
    "a.b.c",
];

/// A builder with the standard columns, or with those of [`ASKED`] too.
fn builder(asked: bool) -> ConnectionBatchBuilder {
    match asked {
        false => ConnectionBatchBuilder::new(),
        true => ConnectionBatchBuilder::with_alert_columns(ASKED).unwrap(),
    }
}

/// The batch of the direct path, or `None` when it refuses the alert.
fn direct(raw: &RawAlert, asked: bool) -> Option<RecordBatch> {
    let mut batch = builder(asked);
    match batch.append_direct(raw.bytes()) {
        Direct::Appended(_) => Some(batch.finish()),
        Direct::Refused => None,
        Direct::Many { id } => {
            batch.append_checked(raw.bytes(), id.as_deref(), |_, _| true)?;
            Some(batch.finish())
        }
    }
}

/// The batch of the typed `Alert`, or `None` when it refuses the alert.
fn typed(raw: &RawAlert, asked: bool) -> Option<RecordBatch> {
    let alert = raw.parse().ok()?;
    let mut batch = builder(asked);
    batch.append_alert(&alert);
    Some(batch.finish())
}

/// Compares the two paths on every alert of `input`; how many the typed
/// path accepted and refused.
fn agree(input: &[u8]) -> (usize, usize) {
    let counts = agree_with(input, false);
    assert_eq!(agree_with(input, true), counts);
    counts
}

fn agree_with(input: &[u8], asked: bool) -> (usize, usize) {
    let mut counts = (0, 0);
    let mut reader = AlertReader::new(input);
    while let Some(item) = reader.next_raw() {
        let Ok(raw) = item else { continue };
        let typed = typed(&raw, asked);
        let text = String::from_utf8_lossy(raw.bytes());
        assert_eq!(direct(&raw, asked), typed, "{text}");
        // What the export does with the alert, refused or not.
        let mut exported = builder(asked);
        let appended = exported.append_raw(&raw);
        assert_eq!(appended.is_ok(), typed.is_some(), "{text}");
        assert_eq!(typed.as_ref().map(|_| exported.finish()), typed, "{text}");
        match typed {
            Some(_) => counts.0 += 1,
            None => counts.1 += 1,
        }
    }
    counts
}

const CONTEXT: &str = r#""createdDateTime":"2022-03-30T13:19:15.8039138Z","eventDateTime":"2022-03-30T10:16:56.846+02:00","lastModifiedDateTime":"2022-03-30T13:19:48Z","severity":"high","status":"newAlert","category":"Storage","title":"T \"q\" \u00e9\n","vendorInformation":{"provider":"ASC","providerVersion":null,"subProvider":null,"vendor":"Microsoft"},"azureTenantId":"b8e1""#;

const CASES: &[&str] = &[
    // Some context, absent properties null.
    r#"{"id":"a","severity":"high","networkConnections":[{"protocol":"tcp"},{}]}"#,
    // Unexpected JSON types: kept as compact JSON text, never refused.
    r#"{"id":"b","severity":3,"status":2.5,"title":["a",{"b":null}],"category":{"a":{"b":[1,true]}},"azureTenantId":false,"networkConnections":[{}]}"#,
    r#"{"id":"c","createdDateTime":1648646355,"eventDateTime":{"x":1},"lastModifiedDateTime":[],"vendorInformation":"ASC","networkConnections":[{}]}"#,
    r#"{"id":"d","vendorInformation":{"provider":5,"vendor":null},"networkConnections":[{}]}"#,
    r#"{"id":"e","vendorInformation":null,"severity":null,"createdDateTime":null,"networkConnections":[{}]}"#,
    // Malformed and unusual timestamps: null instants, the text kept.
    r#"{"id":"f","createdDateTime":"2022-13-01T00:00:00Z","eventDateTime":"yesterday","lastModifiedDateTime":"","networkConnections":[{}]}"#,
    r#"{"id":"g","createdDateTime":"2022-03-30T13:19:15.8039138","eventDateTime":"2022-03-30t13:19:15-05:30","lastModifiedDateTime":"1969-12-31T23:59:59.9999999Z","networkConnections":[{}]}"#,
    // Escaped names and values.
    r#"{"id":"h","sev\u0065rity":"l\u006fw","networkConnections":[{}]}"#,
    // Refused by both: duplicates, however spelled, at any depth.
    r#"{"id":"i","severity":"a","severity":"b","networkConnections":[]}"#,
    r#"{"id":"j","severity":"a","sev\u0065rity":"b","networkConnections":[]}"#,
    r#"{"id":"k","vendorInformation":{"provider":"a","provider":"b"},"networkConnections":[]}"#,
    r#"{"id":"l","title":[{"x":1,"x":2}],"networkConnections":[]}"#,
];

#[test]
fn the_two_paths_agree_on_the_context() {
    let mut counts = (0, 0);
    let first = format!(r#"{{"id":"a",{CONTEXT},"networkConnections":[{{}},{{}}]}}"#);
    let last = format!(r#"{{"networkConnections":[{{"protocol":"udp"}}],"id":"z",{CONTEXT}}}"#);
    for case in CASES.iter().copied().chain([&first[..], &last[..]]) {
        let (accepted, refused) = agree(case.as_bytes());
        assert_eq!(accepted + refused, 1, "{case}");
        counts = (counts.0 + accepted, counts.1 + refused);
    }
    assert_eq!(counts, (10, 4));
}

#[test]
fn an_alert_of_very_many_connections_has_its_context_in_every_row() {
    let connections = vec!["{}"; HELD_ROWS + 3].join(",");
    let alert = format!(r#"{{"networkConnections":[{connections}],"id":"m",{CONTEXT}}}"#);
    assert_eq!(agree(alert.as_bytes()), (1, 0));
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

/// Context properties inserted into corpus alerts: new ones, duplicates,
/// other types.
const SNIPPETS: &[&str] = &[
    r#""severity":7,"#,
    r#""severity":"x","#,
    r#""createdDateTime":"2020-02-30T00:00:00Z","#,
    r#""eventDateTime":"2020-02-29T00:00:00.123456789123+01:00","#,
    r#""vendorInformation":{"provider":{"a":[1]}},"#,
    r#""provider":"P","#,
    r#""title":null,"#,
];

#[test]
fn the_two_paths_agree_on_corpus_alerts_with_context_inserted() {
    let alerts = crate::columnar::corpus::alerts();
    let (mut accepted, mut refused) = (0, 0);
    for (i, alert) in alerts.iter().enumerate() {
        for (j, snippet) in SNIPPETS.iter().enumerate() {
            // After the `{` of the alert, or of an object inside it.
            let opening: Vec<usize> = (0..alert.len()).filter(|&k| alert[k] == b'{').collect();
            let at = opening[(i * 7 + j * 3) % opening.len()] + 1;
            let mut mutated = alert.clone();
            mutated.splice(at..at, snippet.bytes());
            let (ok, bad) = agree(&mutated);
            accepted += ok;
            refused += bad;
        }
    }
    assert!(accepted > 20 && refused > 5, "{accepted} / {refused}");
}

#[test]
fn columns_asked_for_take_the_whole_name_first_then_one_level_down() {
    let alerts = [
        r#"{"id":"a","vendorInformation.subProvider":"whole","vendorInformation":{"subProvider":"below"},"networkConnections":[{}]}"#,
        r#"{"id":"b","vendorInformation":{"subProvider":{"x":[1]}},"@odata.type":null,"a.b.c":3,"networkConnections":[{}]}"#,
        r#"{"id":"c","vendorInformation":"ASC","a":{"b.c":"deep"},"comments":[],"networkConnections":[{}]}"#,
    ];
    let mut values = Vec::new();
    for alert in alerts {
        let raw = AlertReader::new(alert.as_bytes())
            .next_raw()
            .unwrap()
            .unwrap();
        let batch = direct(&raw, true).unwrap();
        assert_eq!(Some(&batch), typed(&raw, true).as_ref());
        for name in [
            "vendorInformation.subProvider",
            "a.b.c",
            "comments",
            "alertProvider",
        ] {
            let column = batch.column_by_name(name).unwrap();
            let column = column
                .as_any()
                .downcast_ref::<arrow_array::StringArray>()
                .unwrap();
            values.push(column.is_valid(0).then(|| column.value(0).to_string()));
        }
    }
    let expected = [
        Some("whole"),
        None,
        None,
        None,
        Some(r#"{"x":[1]}"#),
        Some("3"),
        None,
        None,
        None,
        Some("deep"),
        Some("[]"),
        None,
    ];
    assert_eq!(values, expected.map(|v| v.map(String::from)));
}

#[test]
fn columns_asked_for_that_cannot_be_are_refused() {
    for (names, message) in [
        (
            &["alertSeverity"][..],
            "alert column `alertSeverity`: already a column",
        ),
        (&["x", "x"][..], "alert column `x`: already a column"),
        (
            &["sourcePort"][..],
            "alert column `sourcePort`: already a column",
        ),
        (
            &["connectionCount"][..],
            "alert column `connectionCount`: already a column",
        ),
        (&["a", "json"][..], "alert column `json`: already a column"),
        (&[""][..], "alert column ``: an empty name"),
        (
            &["id"][..],
            "alert column `id`: not context (it is `alertId`, or the rows)",
        ),
    ] {
        let error = ConnectionBatchBuilder::with_alert_columns(names).unwrap_err();
        assert_eq!(error.to_string(), message);
    }
}
