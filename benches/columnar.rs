//! Connections into Arrow columns, on one thread, against the struct path:
//!
//! ```sh
//! cargo bench --features arrow --bench columnar
//! ```
//!
//! On the same NDJSON in memory (Graph-shaped alerts of three connections,
//! about half the properties `null`, one connection in ten with enum
//! members this version does not know):
//!
//! - `scan`: the reader finding each alert's bytes (`next_raw`), the floor;
//! - `struct`: `AlertReader::connections()`, each connection a
//!   `NetworkConnection`;
//! - `typed-arrow`: each raw alert's connections as `NetworkConnection`s,
//!   appended to a `ConnectionBatchBuilder`;
//! - `direct-arrow`: `ConnectionBatchBuilder::append_raw`, the columns
//!   straight from the JSON text (what the export runs).
//!
//! After criterion's report it prints the ratios the README quotes.

use criterion::{Criterion, Throughput};
use msgraph_network_connection::AlertReader;
use msgraph_network_connection::columnar::ConnectionBatchBuilder;
use std::hint::black_box;
use std::time::Duration;
use support::median_ns;

mod support;

/// Rows per batch: 512 alerts of 3 connections, as the export cuts a page,
/// and about what a block of a megabyte of these alerts holds in NDJSON.
const BATCH_ROWS: usize = 1536;

/// Connection `i`: every property, half of them `null` when `nulls`.
fn connection(i: usize, nulls: bool) -> String {
    let unknown = i % 10 == 9;
    let text = |n: usize, value: String| match nulls && (i + n).is_multiple_of(2) {
        true => "null".to_string(),
        false => format!("\"{value}\""),
    };
    let pick = |names: &[&'static str], odd: &'static str| match unknown {
        true => odd,
        false => names[i % names.len()],
    };
    let values = [
        ("applicationName", text(1, format!("svc{}.exe", i % 97))),
        (
            "destinationAddress",
            text(2, format!("10.{}.0.{}", i % 256, i % 7)),
        ),
        ("destinationDomain", text(3, format!("host{i}.contoso.com"))),
        (
            "destinationLocation",
            text(4, "Redmond, Washington, US".into()),
        ),
        ("destinationPort", text(5, format!("{}", 1024 + i % 60000))),
        (
            "destinationUrl",
            text(6, format!("host{i}.contoso.com/p.html")),
        ),
        (
            "direction",
            format!("\"{}\"", pick(&["inbound", "outbound"], "String")),
        ),
        (
            "domainRegisteredDateTime",
            text(
                8,
                format!("2017-01-0{}T00:01:30.{:07}Z", 1 + i % 9, i % 10_000_000),
            ),
        ),
        ("localDnsName", text(9, format!("host{i}.contoso.com"))),
        (
            "natDestinationAddress",
            text(10, format!("192.168.0.{}", i % 256)),
        ),
        ("natDestinationPort", text(11, format!("{}", i % 65536))),
        (
            "natSourceAddress",
            text(12, format!("172.16.0.{}", i % 256)),
        ),
        ("natSourcePort", text(13, format!("{}", (i * 7) % 65536))),
        (
            "protocol",
            format!("\"{}\"", pick(&["tcp", "udp", "icmp"], "quic")),
        ),
        ("riskScore", text(15, format!("0.{}", i % 100))),
        ("sourceAddress", text(16, format!("52.214.{}.49", i % 256))),
        ("sourceLocation", text(17, "Dublin, Dublin, IE".into())),
        ("sourcePort", text(18, format!("{}", 49152 + i % 16000))),
        (
            "status",
            format!("\"{}\"", pick(&["blocked", "succeeded"], "quarantined")),
        ),
        ("urlParameters", text(20, format!("?q={i}&lang=en"))),
    ];
    let fields: Vec<String> = values
        .iter()
        .map(|(name, value)| format!("\"{name}\":{value}"))
        .collect();
    format!("{{{}}}", fields.join(","))
}

/// About `size` bytes of NDJSON alerts.
fn ndjson(size: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0;
    while out.len() < size {
        let connections: Vec<String> = (0..3).map(|k| connection(3 * i + k, k < 2)).collect();
        out.extend_from_slice(
            format!(
                concat!(
                    r#"{{"id":"alert-{}","azureTenantId":"b8e1599d-b418-4be9-8f39-df03c3abe27a","#,
                    r#""severity":"medium","status":"newAlert","tags":[],"title":"Traffic from unrecommended IP","#,
                    r#""vendorInformation":{{"provider":"ASC","providerVersion":null,"vendor":"Microsoft"}},"#,
                    r#""networkConnections":[{}]}}"#,
                    "\n"
                ),
                i,
                connections.join(",")
            )
            .as_bytes(),
        );
        i += 1;
    }
    out
}

fn scan(input: &[u8]) -> usize {
    let mut reader = AlertReader::new(input);
    let mut bytes = 0;
    while let Some(raw) = reader.next_raw() {
        bytes += raw.unwrap().bytes().len();
    }
    bytes
}

fn structs(input: &[u8]) -> usize {
    let mut count = 0;
    for connection in AlertReader::new(input).connections() {
        black_box(connection.unwrap());
        count += 1;
    }
    count
}

fn arrow(input: &[u8], direct: bool) -> usize {
    let mut reader = AlertReader::new(input);
    let mut batch = ConnectionBatchBuilder::new();
    let mut rows = 0;
    while let Some(raw) = reader.next_raw() {
        let raw = raw.unwrap();
        if direct {
            batch.append_raw(&raw).unwrap();
        } else {
            let alert = raw.connections().unwrap();
            for connection in &alert.connections {
                batch.append(alert.alert_id.as_deref(), connection);
            }
        }
        if batch.len() >= BATCH_ROWS {
            rows += black_box(batch.finish()).num_rows();
        }
    }
    rows + batch.finish().num_rows()
}

fn main() {
    let input = ndjson(20_000_000);
    let connections = structs(&input);
    assert_eq!(arrow(&input, true), connections);
    assert_eq!(arrow(&input, false), connections);

    let mut c = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(8))
        .configure_from_args();
    let mut group = c.benchmark_group("columnar");
    group.throughput(Throughput::Bytes(input.len() as u64));
    group.bench_function("scan", |b| b.iter(|| scan(black_box(&input))));
    group.bench_function("struct", |b| b.iter(|| structs(black_box(&input))));
    group.bench_function("typed-arrow", |b| {
        b.iter(|| arrow(black_box(&input), false))
    });
    group.bench_function("direct-arrow", |b| {
        b.iter(|| arrow(black_box(&input), true))
    });
    group.finish();
    c.final_summary();

    let median = |id| median_ns("columnar", id);
    let (scan, structs) = (median("scan"), median("struct"));
    let (typed, direct) = (median("typed-arrow"), median("direct-arrow"));
    let rate = |ns: f64| input.len() as f64 / ns * 1e3;
    println!(
        "\n{} MB, {connections} connections; MB/s: scan {:.0}, struct {:.0}, typed-arrow {:.0}, direct-arrow {:.0}",
        input.len() / 1_000_000,
        rate(scan),
        rate(structs),
        rate(typed),
        rate(direct)
    );
    println!(
        "time ratios: direct-arrow / struct {:.2}x, direct-arrow / typed-arrow {:.2}x; \
         past the scan: direct-arrow / struct {:.2}x",
        direct / structs,
        direct / typed,
        (direct - scan) / (structs - scan)
    );
}
