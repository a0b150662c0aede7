//! What the export holds is bounded by bytes: jobs of alerts found in order
//! hold about a block of them, jobs in flight are bounded by the bytes they
//! hold, and an alert of very many connections comes in batches.

use super::{InFlight, read_in_blocks_of};
use crate::columnar::ConnectionBatchBuilder;
use crate::columnar::ExportOptions;
use crate::columnar::append::HELD_ROWS;
use crate::columnar::job::Job;
use crate::columnar::work::{MANY_ROWS, MANY_TEXT_BYTES};
use crate::stream::input::Start;
use crate::{AlertReader, RawAlert};
use arrow_array::{Array, StringArray};
use std::sync::Arc;

/// Per chunk: (alerts, rows, alert ids of the rows).
fn chunks(input: &[u8], block: usize, threads: usize) -> Vec<(usize, usize, Vec<String>)> {
    let mut chunks = Vec::new();
    read_in_blocks_of(
        AlertReader::new(input),
        block,
        threads,
        &ExportOptions::new(),
        |chunk| {
            let ids = chunk.batch.column(0).as_any().downcast_ref::<StringArray>();
            let ids = ids.expect("alertId is text");
            let ids = (0..ids.len()).map(|i| ids.value(i).to_owned()).collect();
            chunks.push((chunk.alerts, chunk.batch.num_rows(), ids));
            Ok::<(), ()>(())
        },
    )
    .expect("the sink takes every chunk");
    chunks
}

/// An alert of exactly 100 bytes with one connection.
fn alert_of_100_bytes(i: usize) -> String {
    let head = format!(r#"{{"id":"a{i:02}","networkConnections":[{{}}],"x":""#);
    format!("{head}{}\"}}", "x".repeat(100 - head.len() - 2))
}

#[test]
fn jobs_of_alerts_found_in_order_hold_about_a_block_of_them() {
    let alerts: Vec<String> = (0..40).map(alert_of_100_bytes).collect();
    let page = format!(r#"{{"value":[{}]}}"#, alerts.join(","));
    // Blocks of 256 bytes: the page, on one line, is read in order; each
    // job holds alerts until it holds 256 bytes or more.
    for threads in [1, 2] {
        let counts: Vec<usize> = chunks(page.as_bytes(), 256, threads)
            .iter()
            .map(|(alerts, ..)| *alerts)
            .collect();
        let mut expected = vec![3; 13];
        expected.push(1);
        assert_eq!(counts, expected, "{threads} threads");
    }
}

#[test]
fn jobs_go_out_while_few_are_in_flight_or_they_hold_little() {
    let job = |size| Job::Block {
        bytes: Arc::new(vec![b' '; size]),
        start: Start::INPUT,
        last: false,
        max_alert_size: 1 << 26,
    };
    let new = || InFlight {
        sizes: Default::default(),
        bytes: 0,
        threads: 2,
        block: 1 << 20,
    };
    // Alerts of 4 MB: four jobs, two per thread.
    let mut flight = new();
    let mut handed_out = 0;
    while flight.has_room() {
        flight.handed_out(&job(4_000_000));
        handed_out += 1;
    }
    assert_eq!((handed_out, flight.bytes), (4, 16_000_000));
    flight.judged();
    assert!(flight.has_room());
    // Blocks of a tenth of a megabyte: eight jobs, four per thread.
    let mut flight = new();
    let mut handed_out = 0;
    while flight.has_room() {
        flight.handed_out(&job(100_000));
        handed_out += 1;
    }
    assert_eq!(handed_out, 8);
}

/// An alert of `count` empty connections with its `id` after them, and
/// `last` as its last connection.
fn alert_of_many(count: usize, last: &str) -> String {
    let connections = vec!["{}"; count - 1].join(",");
    format!(r#"{{"networkConnections":[{connections},{last}],"id":"many"}}"#)
}

#[test]
fn an_alert_of_very_many_connections_comes_in_batches() {
    let count = MANY_ROWS + 10;
    let (a, c) = (alert_of_100_bytes(1), alert_of_100_bytes(2));
    let many = alert_of_many(count, "{}");
    let ndjson = format!("{a}\n{many}\n{c}\n");
    let page = format!(r#"{{"value":[{a},{many},{c}]}}"#);
    // NDJSON in blocks, and a page in order (blocks of 4096 bytes).
    for (input, block) in [(ndjson, 1 << 20), (page, 4096)] {
        let one = chunks(input.as_bytes(), block, 1);
        assert_eq!(chunks(input.as_bytes(), block, 2), one);
        let shape: Vec<(usize, usize)> = one.iter().map(|(a, r, _)| (*a, *r)).collect();
        assert_eq!(shape, [(1, 1), (0, MANY_ROWS), (1, 10), (1, 1)]);
        let ids: Vec<String> = one.into_iter().flat_map(|(.., ids)| ids).collect();
        let mut expected = vec!["a01".to_owned()];
        expected.extend(std::iter::repeat_n("many".to_owned(), count));
        expected.push("a02".to_owned());
        assert_eq!(ids, expected);
    }
}

/// The rows of `alert` as `append_raw` and as the typed path give them.
fn both_paths(alert: &str) -> (Result<usize, String>, Result<usize, String>) {
    let raw: RawAlert = AlertReader::new(alert.as_bytes())
        .next_raw()
        .expect("an alert")
        .expect("found");
    let mut direct = ConnectionBatchBuilder::new();
    let appended = direct.append_raw(&raw).map_err(|e| e.to_string());
    let typed = raw.connections().map_err(|e| e.to_string());
    let mut rows = ConnectionBatchBuilder::new();
    let typed = typed.map(|read| {
        for connection in &read.connections {
            rows.append(read.alert_id.as_deref(), connection);
        }
        read.connections.len()
    });
    assert_eq!(direct.finish(), rows.finish(), "{alert:.100}");
    (appended, typed)
}

#[test]
fn an_alert_of_more_rows_than_are_held_is_read_twice_with_the_same_rows() {
    let count = HELD_ROWS + 5;
    let sound = alert_of_many(count, r#"{"sourcePort":"443","protocol":"tcp"}"#);
    assert_eq!(both_paths(&sound), (Ok(count), Ok(count)));
    let broken = alert_of_many(count, r#"{"sourcePort":443}"#);
    let error = format!(
        "networkConnections[{}].sourcePort: invalid type: integer `443`, expected a string or null at line 1 column {}",
        count - 1,
        broken.rfind("443").expect("the bad port") + 3
    );
    assert_eq!(both_paths(&broken), (Err(error.clone()), Err(error)));
}

#[test]
fn an_alert_of_many_connections_of_long_texts_comes_in_batches_of_bounded_text() {
    // 4 KiB of text a row: a batch holds 2,048 rows.
    let connection = format!(r#"{{"urlParameters":"{}"}}"#, "q".repeat(4096));
    let rows_per_batch = MANY_TEXT_BYTES / 4096;
    let count = 2 * rows_per_batch + 100;
    let alert = alert_of_many(count, &connection).replace("{}", &connection);
    for threads in [1, 2] {
        let one = chunks(alert.as_bytes(), 1 << 20, threads);
        let shape: Vec<(usize, usize)> = one.iter().map(|(a, r, _)| (*a, *r)).collect();
        let expected = [(0, rows_per_batch), (0, rows_per_batch), (1, 100)];
        assert_eq!(shape, expected, "{threads} threads");
    }
}
