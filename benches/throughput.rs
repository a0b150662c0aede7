//! Throughput of this crate against what users would otherwise write, on
//! Graph-shaped data, all in one run so that the ratios are comparable:
//!
//! ```sh
//! cargo bench --bench throughput
//! ```
//!
//! After criterion's own report it prints the table of ratios that the
//! README quotes, and the allocations per connection.

use criterion::{BenchmarkId, Criterion, Throughput};
use msgraph_network_connection::{Alert, AlertReader, GraphPage, NetworkConnection};
use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};
use std::alloc::{GlobalAlloc, Layout, System};
use std::borrow::Cow;
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use support::median_ns;

mod support;

/// Counts allocations, to report how many a connection costs.
struct CountingAllocator;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: CountingAllocator = CountingAllocator;

/// The struct a user would write in five minutes.
#[derive(Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
struct Naive {
    #[serde(rename = "@odata.type")]
    odata_type: Option<String>,
    application_name: Option<String>,
    destination_address: Option<String>,
    destination_domain: Option<String>,
    destination_location: Option<String>,
    destination_port: Option<String>,
    destination_url: Option<String>,
    direction: Option<String>,
    domain_registered_date_time: Option<String>,
    local_dns_name: Option<String>,
    nat_destination_address: Option<String>,
    nat_destination_port: Option<String>,
    nat_source_address: Option<String>,
    nat_source_port: Option<String>,
    protocol: Option<String>,
    risk_score: Option<String>,
    source_address: Option<String>,
    source_location: Option<String>,
    source_port: Option<String>,
    status: Option<String>,
    url_parameters: Option<String>,
}

/// The naive struct borrowing from the input where it can: the floor for
/// a zero-copy design (see the README).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct NaiveBorrowed<'a> {
    #[serde(rename = "@odata.type", borrow)]
    odata_type: Option<Cow<'a, str>>,
    #[serde(borrow)]
    application_name: Option<Cow<'a, str>>,
    #[serde(borrow)]
    destination_address: Option<Cow<'a, str>>,
    #[serde(borrow)]
    destination_domain: Option<Cow<'a, str>>,
    #[serde(borrow)]
    destination_location: Option<Cow<'a, str>>,
    #[serde(borrow)]
    destination_port: Option<Cow<'a, str>>,
    #[serde(borrow)]
    destination_url: Option<Cow<'a, str>>,
    #[serde(borrow)]
    direction: Option<Cow<'a, str>>,
    #[serde(borrow)]
    domain_registered_date_time: Option<Cow<'a, str>>,
    #[serde(borrow)]
    local_dns_name: Option<Cow<'a, str>>,
    #[serde(borrow)]
    nat_destination_address: Option<Cow<'a, str>>,
    #[serde(borrow)]
    nat_destination_port: Option<Cow<'a, str>>,
    #[serde(borrow)]
    nat_source_address: Option<Cow<'a, str>>,
    #[serde(borrow)]
    nat_source_port: Option<Cow<'a, str>>,
    #[serde(borrow)]
    protocol: Option<Cow<'a, str>>,
    #[serde(borrow)]
    risk_score: Option<Cow<'a, str>>,
    #[serde(borrow)]
    source_address: Option<Cow<'a, str>>,
    #[serde(borrow)]
    source_location: Option<Cow<'a, str>>,
    #[serde(borrow)]
    source_port: Option<Cow<'a, str>>,
    #[serde(borrow)]
    status: Option<Cow<'a, str>>,
    #[serde(borrow)]
    url_parameters: Option<Cow<'a, str>>,
}

const CONNECTIONS: usize = 20_000;

/// Connection `i` as Graph writes it: every property, `@odata.type` first,
/// a 7-digit timestamp; with `nulls`, about half the properties `null`;
/// every tenth has enum members this version does not know.
fn connection(i: usize, nulls: bool) -> String {
    let unknown = i % 10 == 9;
    let text = |n: usize, value: String| {
        if nulls && (i + n).is_multiple_of(2) {
            "null".to_string()
        } else {
            format!("\"{value}\"")
        }
    };
    let protocol = if unknown {
        "quic"
    } else {
        ["tcp", "udp", "icmp", "ipv6"][i % 4]
    };
    let direction = if unknown {
        "String"
    } else {
        ["inbound", "outbound"][i % 2]
    };
    let status = if unknown {
        "quarantined"
    } else {
        ["blocked", "succeeded", "attempted"][i % 3]
    };
    format!(
        concat!(
            r##"{{"@odata.type":"#microsoft.graph.networkConnection","applicationName":{},"destinationAddress":{},"##,
            r#""destinationDomain":{},"destinationLocation":{},"destinationPort":{},"destinationUrl":{},"#,
            r#""direction":"{}","domainRegisteredDateTime":{},"localDnsName":{},"natDestinationAddress":{},"#,
            r#""natDestinationPort":{},"natSourceAddress":{},"natSourcePort":{},"protocol":"{}","riskScore":{},"#,
            r#""sourceAddress":{},"sourceLocation":{},"sourcePort":{},"status":"{}","urlParameters":{}}}"#
        ),
        text(1, format!("svc{}.exe", i % 97)),
        text(2, format!("10.{}.{}.{}", i % 256, (i / 256) % 256, i % 7)),
        text(3, format!("host{i}.contoso.com")),
        text(4, "Redmond, Washington, US".into()),
        text(5, format!("{}", 1024 + i % 60000)),
        text(6, format!("host{i}.contoso.com/path/to/page.html")),
        direction,
        text(
            8,
            format!(
                "20{:02}-0{}-1{}T0{}:2{}:3{}.{:07}Z",
                i % 25,
                1 + i % 9,
                i % 9,
                i % 10,
                i % 10,
                i % 10,
                1_000_001 + i
            )
        ),
        text(9, format!("host{i}.contoso.com")),
        text(10, format!("192.168.{}.{}", i % 256, (i / 7) % 256)),
        text(11, format!("{}", i % 65536)),
        text(12, format!("172.16.{}.{}", i % 256, (i / 3) % 256)),
        text(13, format!("{}", (i * 7) % 65536)),
        protocol,
        text(15, format!("0.{}", i % 100)),
        text(16, format!("52.214.{}.{}", i % 256, (i / 5) % 256)),
        text(17, "Dublin, Dublin, IE".into()),
        text(18, format!("{}", 49152 + i % 16000)),
        status,
        text(20, format!("?q={i}&lang=en")),
    )
}

fn page(nulls: bool) -> String {
    let items: Vec<String> = (0..CONNECTIONS).map(|i| connection(i, nulls)).collect();
    format!("[{}]", items.join(","))
}

/// An alert around three connections, for the streaming inputs.
fn alert(i: usize) -> String {
    format!(
        concat!(
            r#"{{"id":"alert-{}","azureTenantId":"b8e1599d-b418-4be9-8f39-df03c3abe27a","category":"Network_TrafficFromUnrecommendedIP","#,
            r#""createdDateTime":"2022-04-11T17:03:34.0185371Z","severity":"medium","status":"newAlert","tags":[],"#,
            r#""title":"Traffic from unrecommended IP addresses was detected","vendorInformation":{{"provider":"ASC","#,
            r#""providerVersion":null,"subProvider":null,"vendor":"Microsoft"}},"networkConnections":[{},{},{}]}}"#
        ),
        i,
        connection(3 * i, true),
        connection(3 * i + 1, true),
        connection(3 * i + 2, false),
    )
}

/// About 200 MB of alerts: as one page, and as NDJSON.
fn exports(size: usize) -> (Vec<u8>, Vec<u8>) {
    let mut page = br#"{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#security/alerts","value":["#.to_vec();
    let mut ndjson = Vec::new();
    let mut i = 0;
    while ndjson.len() < size {
        let alert = alert(i);
        if i > 0 {
            page.push(b',');
        }
        page.extend_from_slice(alert.as_bytes());
        ndjson.extend_from_slice(alert.as_bytes());
        ndjson.push(b'\n');
        i += 1;
    }
    page.extend_from_slice(b"]}");
    (page, ndjson)
}

fn deserialize(c: &mut Criterion, input: &str) {
    let mut group = c.benchmark_group("deserialize");
    group.measurement_time(Duration::from_secs(10));
    group.throughput(Throughput::Bytes(input.len() as u64));
    group.bench_function("this crate", |b| {
        b.iter(|| serde_json::from_str::<Vec<NetworkConnection>>(black_box(input)).unwrap())
    });
    group.bench_function("naive derive", |b| {
        b.iter(|| serde_json::from_str::<Vec<Naive>>(black_box(input)).unwrap())
    });
    group.bench_function("naive borrowed", |b| {
        b.iter(|| serde_json::from_str::<Vec<NaiveBorrowed>>(black_box(input)).unwrap())
    });
    group.bench_function("Value", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(input)).unwrap())
    });
    group.bench_function("IgnoredAny", |b| {
        b.iter(|| serde_json::from_str::<IgnoredAny>(black_box(input)).unwrap())
    });
    group.finish();
}

fn serialize(c: &mut Criterion, input: &str) {
    let ours: Vec<NetworkConnection> = serde_json::from_str(input).unwrap();
    let naive: Vec<Naive> = serde_json::from_str(input).unwrap();
    let written = serde_json::to_string(&ours).unwrap();
    assert_eq!(
        written,
        serde_json::to_string(&naive).unwrap(),
        "both must write the same bytes"
    );
    assert_eq!(
        written, input,
        "a null-free Graph page comes back byte for byte"
    );

    let mut group = c.benchmark_group("serialize");
    group.measurement_time(Duration::from_secs(10));
    group.throughput(Throughput::Bytes(input.len() as u64));
    let mut out = Vec::with_capacity(input.len());
    group.bench_function("this crate", |b| {
        b.iter(|| {
            out.clear();
            serde_json::to_writer(&mut out, black_box(&ours)).unwrap();
        })
    });
    group.bench_function("naive derive", |b| {
        b.iter(|| {
            out.clear();
            serde_json::to_writer(&mut out, black_box(&naive)).unwrap();
        })
    });
    group.finish();
}

fn stream(c: &mut Criterion, page: &[u8], ndjson: &[u8]) {
    let mut group = c.benchmark_group("stream");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20))
        .warm_up_time(Duration::from_secs(1));
    for (shape, input) in [("page", page), ("ndjson", ndjson)] {
        group.throughput(Throughput::Bytes(input.len() as u64));
        group.bench_with_input(BenchmarkId::new("connections", shape), input, |b, input| {
            b.iter(|| {
                AlertReader::new(input)
                    .connections()
                    .map(Result::unwrap)
                    .count()
            })
        });
        group.bench_with_input(BenchmarkId::new("alerts", shape), input, |b, input| {
            b.iter(|| AlertReader::new(input).map(Result::unwrap).count())
        });
    }
    group.throughput(Throughput::Bytes(page.len() as u64));
    group.bench_with_input(BenchmarkId::new("in memory", "page"), page, |b, input| {
        b.iter(|| {
            serde_json::from_slice::<GraphPage<Alert>>(input)
                .unwrap()
                .value
                .len()
        })
    });
    group.finish();
}

/// Allocations per connection when deserializing `input`, and how many
/// string properties (not `null`, not an enum) it holds per connection.
fn allocations<T: serde::de::DeserializeOwned>(input: &str) -> f64 {
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    let parsed: Vec<T> = serde_json::from_str(input).unwrap();
    let after = ALLOCATIONS.load(Ordering::Relaxed);
    drop(parsed);
    (after - before) as f64 / CONNECTIONS as f64
}

fn present_strings(input: &str) -> f64 {
    let value: Vec<serde_json::Map<String, serde_json::Value>> =
        serde_json::from_str(input).unwrap();
    let count = value
        .iter()
        .flat_map(|c| c.iter())
        .filter(|(name, v)| {
            v.is_string() && !["direction", "protocol", "status"].contains(&name.as_str())
        })
        .count();
    count as f64 / CONNECTIONS as f64
}

/// Runs one operation once on the 20,000-connection pages, for counting
/// instructions (noise-free, unlike time on a shared machine):
/// `THROUGHPUT_ONCE=deserialize/this-crate valgrind --tool=callgrind BENCH_BINARY`.
fn run_once(operation: &str, with_nulls: &str, null_free: &str) {
    match operation {
        "setup" => {}
        "deserialize/this-crate" => drop(black_box(
            serde_json::from_str::<Vec<NetworkConnection>>(with_nulls).unwrap(),
        )),
        "deserialize/naive" => drop(black_box(
            serde_json::from_str::<Vec<Naive>>(with_nulls).unwrap(),
        )),
        "deserialize-null-free/this-crate" => drop(black_box(
            serde_json::from_str::<Vec<NetworkConnection>>(null_free).unwrap(),
        )),
        "deserialize-null-free/naive" => drop(black_box(
            serde_json::from_str::<Vec<Naive>>(null_free).unwrap(),
        )),
        "roundtrip/this-crate" => {
            let parsed: Vec<NetworkConnection> = serde_json::from_str(null_free).unwrap();
            black_box(serde_json::to_string(&parsed).unwrap());
        }
        "roundtrip/naive" => {
            let parsed: Vec<Naive> = serde_json::from_str(null_free).unwrap();
            black_box(serde_json::to_string(&parsed).unwrap());
        }
        stream if stream.starts_with("stream/") => {
            // 5 MB exports: small enough for callgrind.
            let (page, ndjson) = exports(5_000_000);
            let input = if stream.ends_with("page") {
                page
            } else {
                ndjson
            };
            let count = match stream {
                "stream/connections-page" | "stream/connections-ndjson" => {
                    AlertReader::new(&input[..])
                        .connections()
                        .map(Result::unwrap)
                        .count()
                }
                "stream/alerts-page" | "stream/alerts-ndjson" => {
                    AlertReader::new(&input[..]).map(Result::unwrap).count()
                }
                // The exports built and nothing read: subtract it.
                "stream/none-page" | "stream/none-ndjson" => input.len(),
                other => panic!("unknown operation {other}"),
            };
            black_box(count);
        }
        other => panic!("unknown operation {other}"),
    }
}

fn main() {
    let with_nulls = page(true);
    let null_free = page(false);
    if let Ok(operation) = std::env::var("THROUGHPUT_ONCE") {
        return run_once(&operation, &with_nulls, &null_free);
    }
    let (export_page, export_ndjson) = exports(200_000_000);

    let mut c = Criterion::default().configure_from_args();
    deserialize(&mut c, &with_nulls);
    serialize(&mut c, &null_free);
    stream(&mut c, &export_page, &export_ndjson);
    c.final_summary();

    let ratio = |group: &str, a: &str, b: &str| median_ns(group, a) / median_ns(group, b);
    let mb_s = |group: &str, id: &str, bytes: usize| bytes as f64 / median_ns(group, id) * 1e3;
    println!(
        "\nRatios of median times, this run ({} connections, {} bytes with nulls):",
        CONNECTIONS,
        with_nulls.len()
    );
    println!("| measure | ratio |");
    println!("|---|---|");
    for (label, group, a, b) in [
        (
            "deserialize: this crate / naive derive",
            "deserialize",
            "this crate",
            "naive derive",
        ),
        (
            "deserialize: this crate / serde_json::Value",
            "deserialize",
            "this crate",
            "Value",
        ),
        (
            "deserialize: this crate / IgnoredAny",
            "deserialize",
            "this crate",
            "IgnoredAny",
        ),
        (
            "deserialize: naive derive / IgnoredAny",
            "deserialize",
            "naive derive",
            "IgnoredAny",
        ),
        (
            "deserialize: naive borrowed (Cow) / IgnoredAny",
            "deserialize",
            "naive borrowed",
            "IgnoredAny",
        ),
        (
            "serialize: this crate / naive derive",
            "serialize",
            "this crate",
            "naive derive",
        ),
    ] {
        println!("| {label} | {:.2}x |", ratio(group, a, b));
    }
    let in_memory = mb_s("stream", "in memory/page", export_page.len());
    for (id, bytes) in [
        ("connections/page", export_page.len()),
        ("connections/ndjson", export_ndjson.len()),
        ("alerts/page", export_page.len()),
        ("alerts/ndjson", export_ndjson.len()),
    ] {
        let speed = mb_s("stream", id, bytes);
        println!(
            "| stream {id}: {speed:.0} MB/s / in-memory GraphPage<Alert> {in_memory:.0} MB/s | {:.2}x |",
            speed / in_memory
        );
    }
    println!(
        "| deserialize throughput, this crate | {:.0} MB/s |",
        mb_s("deserialize", "this crate", with_nulls.len())
    );
    println!(
        "| deserialize throughput, IgnoredAny | {:.0} MB/s |",
        mb_s("deserialize", "IgnoredAny", with_nulls.len())
    );

    println!("\nAllocations per connection (page with nulls; Vec growth included):");
    println!(
        "  this crate: {:.2}",
        allocations::<NetworkConnection>(&with_nulls)
    );
    println!("  naive derive: {:.2}", allocations::<Naive>(&with_nulls));
    println!(
        "  present string properties (not null, not enums): {:.2}",
        present_strings(&with_nulls)
    );
}
