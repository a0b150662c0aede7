//! The reader's costs on hostile input, as ratios measured in one run:
//! time per page property with 10,000 and with 160,000 of them after
//! `value` (linear time means 1.0x), and the time to report a malformed
//! alert against the time to read a valid one.
//!
//! ```sh
//! cargo bench --bench hostile
//! ```

use criterion::{Criterion, Throughput};
use msgraph_network_connection::AlertReader;
use std::hint::black_box;
use std::time::Duration;
use support::median_ns;

mod support;

fn page_with_properties(count: usize) -> Vec<u8> {
    let mut page = br#"{"value":[{"id":"a"}]"#.to_vec();
    for i in 0..count {
        page.extend_from_slice(format!(r#","p{i}":"x""#).as_bytes());
    }
    page.push(b'}');
    page
}

const CONNECTION: &str = r#"{"destinationAddress":"10.0.0.4","destinationPort":"514","direction":"inbound","domainRegisteredDateTime":"2017-01-01T00:01:30.7098297Z","protocol":"tcp","riskScore":"0.83","sourceAddress":"52.214.204.49","sourceLocation":"Dublin, Dublin, IE","sourcePort":"49152","status":"blocked"}"#;

/// NDJSON of `count` alerts; in the malformed ones the last connection's
/// `sourcePort` is a number, so the error is found at the alert's end.
fn alerts(count: usize, malformed: bool) -> Vec<u8> {
    let last = if malformed {
        r#"{"protocol":"udp","sourcePort":443}"#
    } else {
        r#"{"protocol":"udp","sourcePort":"443"}"#
    };
    let mut out = Vec::new();
    for i in 0..count {
        out.extend_from_slice(
            format!(
                r#"{{"id":"alert-{i}","severity":"medium","networkConnections":[{CONNECTION},{CONNECTION},{last}]}}"#
            )
            .as_bytes(),
        );
        out.push(b'\n');
    }
    out
}

fn read_all(input: &[u8]) -> usize {
    AlertReader::new(input).filter(|item| item.is_ok()).count()
}

fn main() {
    let small = page_with_properties(10_000);
    let large = page_with_properties(160_000);
    let valid = alerts(2_000, false);
    let malformed = alerts(2_000, true);
    assert_eq!(read_all(&valid), 2_000);
    assert_eq!(read_all(&malformed), 0);

    let mut c = Criterion::default().configure_from_args();
    let mut group = c.benchmark_group("hostile");
    group.measurement_time(Duration::from_secs(5));
    // Interleaved: each pair is measured one after the other.
    group.throughput(Throughput::Elements(10_000));
    group.bench_function("page properties 10000", |b| {
        b.iter(|| read_all(black_box(&small)))
    });
    group.throughput(Throughput::Elements(160_000));
    group.bench_function("page properties 160000", |b| {
        b.iter(|| read_all(black_box(&large)))
    });
    group.throughput(Throughput::Elements(2_000));
    group.bench_function("alerts valid", |b| b.iter(|| read_all(black_box(&valid))));
    group.bench_function("alerts malformed", |b| {
        b.iter(|| read_all(black_box(&malformed)))
    });
    group.finish();
    c.final_summary();

    let per_small = median_ns("hostile", "page properties 10000") / 10_000.0;
    let per_large = median_ns("hostile", "page properties 160000") / 160_000.0;
    println!("\n| measure | ratio |\n|---|---|");
    println!(
        "| time per page property, 160,000 / 10,000 properties | {:.2}x |",
        per_large / per_small
    );
    println!(
        "| time per alert, malformed (reported) / valid | {:.2}x |",
        median_ns("hostile", "alerts malformed") / median_ns("hostile", "alerts valid")
    );
}
