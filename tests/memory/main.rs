//! Peak memory of the streaming reader on generated inputs: pages and
//! NDJSON, whitespace runs, huge page properties, alerts over the limit and
//! one huge alert read as connections; with feature `parquet`, both tables
//! of an export, the alerts table holding alerts of megabytes. Each test
//! comes at the full size of 150 to 400 MB and at a quarter of it
//! (`..._reduced`, with bounds that holding the input would break), which
//! `.ci/run` runs; both are ignored by default (they take a while):
//!
//! ```sh
//! cargo test --release --all-features --test memory -- --ignored --test-threads 1
//! cargo test --all-features --test memory -- --ignored _reduced
//! ```
//!
//! Each test resets the peak before it starts, and they run one at a time
//! (the peak is the process's).

#[cfg(feature = "parquet")]
mod alerts_table;
mod inputs;
mod measure;

use inputs::Parts;
use measure::{check, read_within};
use msgraph_network_connection::AlertReader;

const MB: usize = 1_000_000;

/// The full size, and the reduced one that runs by default.
const FULL: usize = 4;
const REDUCED: usize = 1;

#[test]
#[ignore = "reads 200 MB; run with --ignored"]
fn whitespace_between_alerts_is_not_held() {
    whitespace_between_alerts(FULL);
}

#[test]
#[ignore = "reduced size: .ci/run runs it"]
fn whitespace_between_alerts_is_not_held_reduced() {
    whitespace_between_alerts(REDUCED);
}

fn whitespace_between_alerts(quarters: usize) {
    let input = Parts::new(&[
        (br#"{"id":"a"}"#, 1),
        (b" \n\t\r", quarters * 25 * MB / 2),
        (br#"{"id":"b"}"#, 1),
    ]);
    read_within(
        &format!("{} MB of whitespace", quarters * 50),
        AlertReader::new(input),
        false,
        &["alert a", "alert b"],
        16,
    );
}

#[test]
#[ignore = "reads 400 MB; run with --ignored"]
fn a_huge_page_link_is_checked_without_holding_it() {
    a_huge_page_link(FULL);
}

#[test]
#[ignore = "reduced size: .ci/run runs it"]
fn a_huge_page_link_is_checked_without_holding_it_reduced() {
    a_huge_page_link(REDUCED);
}

fn a_huge_page_link(quarters: usize) {
    let link: &[u8] = b"https://graph.microsoft.com/";
    let times = quarters * 7 * MB / 4;
    let mb = link.len() * times / MB;
    // After `value`, a link of any length streams past: over
    // `MAX_PAGE_LINK` it is an error, and it is not held.
    let input = Parts::new(&[
        (br#"{"value":[{"id":"a"}],"@odata.nextLink":""#, 1),
        (link, times),
        (b"\"}\n{\"id\":\"b\"}", 1),
    ]);
    read_within(
        &format!("a {mb} MB nextLink after value"),
        AlertReader::new(input),
        false,
        &[
            "alert a",
            "error: @odata.nextLink: a page link over the limit of 65536 bytes (MAX_PAGE_LINK) at line 1 column 23",
            "alert b",
        ],
        16,
    );
    // Before `value` the object could still be an alert, so it is held up
    // to the limit, then let go with an error naming the limit.
    let input = Parts::new(&[
        (br#"{"@odata.nextLink":""#, 1),
        (link, times),
        (br#"","value":[{"id":"a"}]}"#, 1),
    ]);
    read_within(
        &format!("a {mb} MB nextLink before value"),
        AlertReader::new(input).with_max_alert_size(1 << 20),
        false,
        &[
            "error: the page's properties before `value` are over the limit of 1048576 bytes (max_alert_size) at line 1 column 1",
            "alert a",
        ],
        16,
    );
}

#[test]
#[ignore = "reads 400 MB; run with --ignored"]
fn alerts_over_the_limit_are_refused_without_holding_them() {
    alerts_over_the_limit(FULL, 64 << 20, 96);
}

#[test]
#[ignore = "reduced size: .ci/run runs it"]
fn alerts_over_the_limit_are_refused_without_holding_them_reduced() {
    alerts_over_the_limit(REDUCED, 16 << 20, 32);
}

fn alerts_over_the_limit(quarters: usize, limit: usize, peak_mib: usize) {
    let (big, endless) = (quarters * 5 * MB, quarters * 25 * MB);
    let input = Parts::new(&[
        (br#"{"id":"big","x":""#, 1),
        (b"0123456789", big),
        (b"\"}\n{\"id\":\"after\"}\n", 1),
        // An alert that never ends: cut off by the end of the input.
        (br#"{"id":"endless","x":["#, 1),
        (b"1,", endless),
    ]);
    read_within(
        &format!(
            "a {} MB alert and a {} MB unterminated one",
            big / MB * 10,
            endless / MB * 2
        ),
        AlertReader::new(input).with_max_alert_size(limit),
        false,
        &[
            &format!(
                "error: the alert is {} bytes, over the limit of {limit} (max_alert_size) at line 1 column 1",
                big * 10 + 19
            ),
            "alert after",
            &format!(
                "error: unexpected end of input at line 3 column {}, in the value that starts at line 3 column 1",
                endless * 2 + 22
            ),
        ],
        peak_mib,
    );
}

#[test]
#[ignore = "reads 150 MB; run with --ignored"]
fn a_huge_alert_hands_out_connections_one_at_a_time() {
    a_huge_alert(FULL, 400);
}

#[test]
#[ignore = "reduced size: .ci/run runs it"]
fn a_huge_alert_hands_out_connections_one_at_a_time_reduced() {
    a_huge_alert(REDUCED, 100);
}

fn a_huge_alert(quarters: usize, peak_mib: usize) {
    let count = quarters * 1_000_000;
    let input = Parts::new(&[
        (
            br#"{"networkConnections":[{"protocol":"tcp","sourcePort":"443"}"#,
            1,
        ),
        (br#",{"protocol":"tcp","sourcePort":"443"}"#, count - 1),
        (br#"],"id":"huge"}"#, 1),
    ]);
    read_within(
        &format!("one {} MB alert with {count} connections", count * 38 / MB),
        AlertReader::new(input).with_max_alert_size(256 << 20),
        true,
        &["first of huge", &format!("{count} connections")],
        peak_mib,
    );
}

#[test]
#[ignore = "reads 400 MB; run with --ignored"]
fn a_200_mb_page_streams_in_small_memory() {
    check(true, 100_000, 64);
}

#[test]
#[ignore = "reads 400 MB; run with --ignored"]
fn a_200_mb_ndjson_file_streams_in_small_memory() {
    check(false, 100_000, 64);
}

#[test]
#[ignore = "reduced size: .ci/run runs it"]
fn a_200_mb_page_streams_in_small_memory_reduced() {
    check(true, 25_000, 16);
}

#[test]
#[ignore = "reduced size: .ci/run runs it"]
fn a_200_mb_ndjson_file_streams_in_small_memory_reduced() {
    check(false, 25_000, 16);
}

#[test]
#[cfg(feature = "parquet")]
#[ignore = "exports 400 MB; run with --ignored"]
fn both_tables_are_exported_in_bounded_memory() {
    for threads in [1, 2] {
        alerts_table::both_tables(FULL * 25, threads, 96);
    }
}

#[test]
#[cfg(feature = "parquet")]
#[ignore = "reduced size: .ci/run runs it"]
fn both_tables_are_exported_in_bounded_memory_reduced() {
    alerts_table::both_tables(REDUCED * 25, 2, 96);
}
