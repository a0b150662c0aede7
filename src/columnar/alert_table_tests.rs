//! The alerts table and the alert columns of the export against the typed
//! `Alert`: one row per alert that parses, in input order, holding the
//! alert's exact text; the same on any number of threads.

use crate::columnar::work::MANY_ROWS;
use crate::columnar::{Chunk, ConnectionBatchBuilder, ExportOptions, read_chunks_with};
use crate::{AlertReader, RawAlert};
use arrow_array::{Array, Int64Array, RecordBatch, StringArray};

/// Alert properties asked for as columns, by name.
const ASKED: &[&str] = &[
    "vendorInformation.subProvider",
    "@odata.type",
    "comments",
    "a.b",
];

fn options() -> ExportOptions {
    let options = ExportOptions::new().with_alert_columns(ASKED);
    options
        .expect("names that can be columns")
        .with_alerts_table(true)
}

fn read(input: &[u8], threads: usize) -> Vec<Chunk> {
    let mut chunks = Vec::new();
    let reader = AlertReader::new(input);
    read_chunks_with(reader, threads, &options(), |chunk| {
        chunks.push(chunk);
        Ok::<(), ()>(())
    })
    .expect("the sink takes every chunk");
    chunks
}

/// What the typed path makes of every alert of `input`: its connections
/// (through the public `append_alert`), its rows of the alerts table, and
/// each alert's text and connections, for those that parse.
fn typed(input: &[u8]) -> (RecordBatch, RecordBatch, Vec<(String, usize)>) {
    let mut connections = ConnectionBatchBuilder::with_alert_columns(ASKED).expect("columns");
    let mut table = ConnectionBatchBuilder::with_options(&options());
    let mut alerts = Vec::new();
    let mut reader = AlertReader::new(input);
    while let Some(item) = reader.next_raw() {
        let Some((raw, alert)) = item.ok().and_then(|raw: RawAlert| {
            let alert = raw.parse().ok()?;
            Some((raw, alert))
        }) else {
            continue;
        };
        let text = std::str::from_utf8(raw.bytes()).expect("an alert that parses is UTF-8");
        connections.append_alert(&alert);
        table.append_parsed(&alert, Some(text));
        alerts.push((text.to_string(), alert.network_connections.len()));
    }
    (
        connections.finish(),
        table.finish_table().expect("asked for"),
        alerts,
    )
}

/// Checks the chunks of `input` against the typed path: the same rows of
/// both tables, the text and the number of connections of each alert.
fn assert_typed_agrees(input: &[u8], chunks: &[Chunk]) -> usize {
    let (connections, table, alerts) = typed(input);
    let (mut row, mut alert) = (0, 0);
    for chunk in chunks {
        let rows = chunk.batch.num_rows();
        assert_eq!(chunk.batch, connections.slice(row, rows), "rows {row}..");
        let batch = chunk.alert_batch.as_ref().expect("asked for");
        assert_eq!(batch.num_rows(), chunk.alerts);
        assert_eq!(batch, &table.slice(alert, chunk.alerts), "alerts {alert}..");
        (row, alert) = (row + rows, alert + chunk.alerts);
    }
    assert_eq!((row, alert), (connections.num_rows(), alerts.len()));
    assert_eq!(table.schema(), options().alerts_schema());
    assert_eq!(connections.schema(), options().connection_schema());
    let json = text_column(&table, "json");
    let counts = table.column_by_name("connectionCount").expect("a column");
    let counts = counts.as_any().downcast_ref::<Int64Array>().expect("Int64");
    for (i, (text, connections)) in alerts.iter().enumerate() {
        assert_eq!(json[i].as_deref(), Some(text.as_str()));
        assert_eq!(counts.value(i), *connections as i64);
    }
    alerts.len()
}

fn text_column(batch: &RecordBatch, name: &str) -> Vec<Option<String>> {
    let column = batch.column_by_name(name).expect("a column");
    let column = column.as_any().downcast_ref::<StringArray>().expect("Utf8");
    let value = |i| column.is_valid(i).then(|| column.value(i).to_string());
    (0..column.len()).map(value).collect()
}

const ALERTS: &[&str] = &[
    r##"{"id":"a","@odata.type":"#microsoft.graph.alert","severity":"high","vendorInformation":{"provider":"ASC","subProvider":"MDATP"},"networkConnections":[{"protocol":"tcp"},{}]}"##,
    r#"{"id":"b","comments":["x",{"y":null}],"a.b":7,"a":{"b":"below"},"createdDateTime":"2022-03-30T13:19:15.8039138Z"}"#,
    r#"{"networkConnections":[],"vendorInformation":"ASC","@odata.type":null,"eventDateTime":"yesterday"}"#,
    r#"{"id":"c","severity":"a","severity":"b","networkConnections":[]}"#,
    r#"{"id":"d","networkConnections":[{"sourcePort":443}]}"#,
    r#"{"id":"e","a":{"b":{"c":[1,2.5,true]}},"networkConnections":null}"#,
    "<html>502 Bad Gateway</html>",
    r#"{"value":[ {"id":"p1" , "networkConnections":[ {} ]} ,
      {"id":"p2","title":"in a \"page\"\n"} ],"@odata.nextLink":"n"}"#,
    r#"[{"id":"q1","comments":"one"},{"value":[{"id":"q2"}]}]"#,
];

#[test]
fn the_alerts_table_follows_the_typed_path_on_any_number_of_threads() {
    let mut input = ALERTS.join("\n").into_bytes();
    for (_, payload) in crate::columnar::corpus::payloads() {
        input.push(b'\n');
        input.extend_from_slice(&payload);
    }
    let one = read(&input, 1);
    let accepted = assert_typed_agrees(&input, &one);
    assert!(accepted > 20, "{accepted} alerts");
    for threads in [2, 4] {
        let many = read(&input, threads);
        assert_eq!(many.len(), one.len());
        for (a, b) in many.iter().zip(&one) {
            assert_eq!((&a.batch, &a.alert_batch), (&b.batch, &b.alert_batch));
        }
    }
}

#[test]
fn each_alert_is_a_row_with_its_exact_text() {
    let input = ALERTS.join("\n");
    let chunks = read(input.as_bytes(), 2);
    assert_eq!(assert_typed_agrees(input.as_bytes(), &chunks), 8);
    let table = chunks[0].alert_batch.as_ref().expect("asked for");
    assert_eq!(
        text_column(table, "json"),
        [
            ALERTS[0],
            ALERTS[1],
            ALERTS[2],
            ALERTS[5],
            r#"{"id":"p1" , "networkConnections":[ {} ]}"#,
            r#"{"id":"p2","title":"in a \"page\"\n"}"#,
            r#"{"id":"q1","comments":"one"}"#,
            r#"{"id":"q2"}"#,
        ]
        .map(|text| Some(text.to_string()))
    );
    let column = |name| text_column(table, name);
    let id = |id: &str| Some(id.to_string());
    let ids = [
        id("a"),
        id("b"),
        None,
        id("e"),
        id("p1"),
        id("p2"),
        id("q1"),
        id("q2"),
    ];
    assert_eq!(column("alertId"), ids);
    let none = || [None, None, None, None, None, None, None];
    let below = [Some("MDATP"), None, None, None, None, None, None, None];
    assert_eq!(
        column("vendorInformation.subProvider"),
        below.map(|v| v.map(String::from))
    );
    let mut comments = none().to_vec();
    comments.insert(1, Some(r#"["x",{"y":null}]"#.to_string()));
    comments[6] = Some("one".to_string());
    assert_eq!(column("comments"), comments);
    let mut a_b = vec![None; 8];
    (a_b[1], a_b[3]) = (Some("7".into()), Some(r#"{"c":[1,2.5,true]}"#.into()));
    assert_eq!(column("a.b"), a_b);
    assert_eq!(
        column("alertEventDateTimeText")[2].as_deref(),
        Some("yesterday")
    );
    let counts = table.column_by_name("connectionCount").expect("a column");
    let counts = counts.as_any().downcast_ref::<Int64Array>().expect("Int64");
    assert_eq!(counts.values().to_vec(), [2, 0, 0, 0, 1, 0, 0, 0]);
    let rejected: Vec<String> = chunks
        .iter()
        .flat_map(|c| &c.rejected)
        .map(|r| r.error.to_string())
        .collect();
    assert_eq!(
        rejected,
        [
            "severity: duplicate property at line 4 column 35",
            "networkConnections[0].sourcePort: invalid type: integer `443`, expected a string or null at line 5 column 49",
            "expected an alert, a page or an array of them (`{` or `[`) at line 7 column 1",
        ]
    );
}

/// Invalid UTF-8 anywhere in an alert refuses it, so that the text the
/// alerts table holds is always text.
#[test]
fn alerts_that_are_not_utf8_have_no_row() {
    let cases: [&[u8]; 6] = [
        b"{\"id\":\"a\xff\"}",
        b"{\"id\":\"a\",\"x\":\"\xff\"}",
        b"{\"id\":\"a\",\"x\":{\"y\":[\"\xc3\"]}}",
        b"{\"id\":\"a\",\"\xff\":1}",
        b"{\"id\":\"a\",\"networkConnections\":[{\"x\":\"\xe2\x82\"}]}",
        b"{\"id\":\"a\",\"networkConnections\":[{\"sourceAddress\":\"\xed\xa0\x80\"}]}",
    ];
    for case in cases {
        let mut input = case.to_vec();
        input.extend_from_slice(b"\n{\"id\":\"good\"}\n");
        for threads in [1, 2] {
            let chunks = read(&input, threads);
            let table: Vec<_> = chunks
                .iter()
                .filter_map(|c| c.alert_batch.as_ref())
                .collect();
            let json: Vec<_> = table.iter().flat_map(|b| text_column(b, "json")).collect();
            assert_eq!(json, [Some(r#"{"id":"good"}"#.to_string())], "{case:?}");
            let rejected: usize = chunks.iter().map(|c| c.rejected.len()).sum();
            assert_eq!(rejected, 1, "{case:?}");
        }
    }
}

/// An alert of more rows than a batch holds comes in several chunks: its
/// row of the alerts table is in the last, which counts the alert.
#[test]
fn an_alert_of_very_many_connections_has_its_row_in_its_last_chunk() {
    let count = MANY_ROWS + 10;
    let connections = vec!["{}"; count].join(",");
    let alert = format!(r#"{{"networkConnections":[{connections}],"id":"m","severity":"low"}}"#);
    let input = format!("{{\"id\":\"before\"}}\n{alert}\n{{\"id\":\"after\"}}\n");
    let chunks = read(input.as_bytes(), 2);
    assert_typed_agrees(input.as_bytes(), &chunks);
    let per_chunk: Vec<(usize, usize, usize)> = chunks
        .iter()
        .map(|c| {
            let table = c.alert_batch.as_ref().expect("asked for");
            (c.batch.num_rows(), c.alerts, table.num_rows())
        })
        .collect();
    assert_eq!(
        per_chunk,
        [(0, 1, 1), (MANY_ROWS, 0, 0), (10, 1, 1), (0, 1, 1)]
    );
    let last = chunks[2].alert_batch.as_ref().expect("asked for");
    assert_eq!(text_column(last, "json"), [Some(alert)]);
    assert_eq!(
        text_column(last, "alertSeverity"),
        [Some("low".to_string())]
    );
}

/// Without the alerts table, chunks have none; with it, an input of no
/// alerts gives an empty table.
#[test]
fn the_alerts_table_is_built_only_when_asked_for() {
    let mut chunks = Vec::new();
    let reader = AlertReader::new(&b"{\"id\":\"a\"}"[..]);
    read_chunks_with(reader, 1, &ExportOptions::new(), |chunk| {
        chunks.push(chunk);
        Ok::<(), ()>(())
    })
    .expect("the sink takes every chunk");
    assert_eq!(chunks.len(), 1);
    assert!(chunks[0].alert_batch.is_none());
    let chunks = read(b"  \n", 1);
    let rows: Vec<_> = chunks
        .iter()
        .map(|c| c.alert_batch.as_ref().map(RecordBatch::num_rows))
        .collect();
    assert_eq!(rows, [Some(0)]);
}
