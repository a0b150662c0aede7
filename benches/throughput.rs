//! Throughput of this crate against what users would otherwise write, on
//! Graph-shaped data, all in one run so that the ratios are comparable:
//!
//! ```sh
//! cargo bench --bench throughput
//! ```
//!
//! Deserialize and serialize are measured on five mixes of connections
//! (`benches/support/mixes.rs`): `realistic`, `null-free`, `timestamps`,
//! `sparse` and `corpus`. After criterion's own report it prints the table
//! of ratios per mix that the README quotes, the other ratios, and the
//! allocations per connection.

use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};
use msgraph_network_connection::{Alert, AlertReader, GraphPage, NetworkConnection};
use serde::de::{DeserializeOwned, IgnoredAny};
use serde::{Deserialize, Serialize};
use std::alloc::{GlobalAlloc, Layout, System};
use std::borrow::Cow;
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use support::median_ns;
use support::mixes::{self, Mix};

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

/// [`Naive`] leaving `None` out, as a user would write it for output
/// without nulls: `Naive` writes `null` for every `None`.
#[derive(Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
struct NaiveSkip {
    #[serde(rename = "@odata.type", skip_serializing_if = "Option::is_none")]
    odata_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    application_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    destination_address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    destination_domain: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    destination_location: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    destination_port: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    destination_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    direction: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    domain_registered_date_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    local_dns_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    nat_destination_address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    nat_destination_port: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    nat_source_address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    nat_source_port: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    protocol: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    risk_score: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_location: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_port: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
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
        mixes::connection(3 * i, true),
        mixes::connection(3 * i + 1, true),
        mixes::connection(3 * i + 2, false),
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

/// Which naive struct writes, for a mix, the bytes this crate writes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum NaiveWriter {
    /// [`Naive`]: where every property is there, with a value or `null`.
    Nulls,
    /// [`NaiveSkip`]: where there are no nulls.
    Skip,
}

/// The naive struct that writes the same bytes as this crate on each mix
/// (asserted at startup); `None` where neither can, and no serialize ratio
/// is reported. The corpus has both `null`s and absent properties, which
/// neither keeps apart.
fn naive_writer(mix: &str) -> Option<NaiveWriter> {
    match mix {
        "realistic" | "null-free" => Some(NaiveWriter::Nulls),
        "timestamps" | "sparse" => Some(NaiveWriter::Skip),
        _ => None,
    }
}

/// What `T` writes after reading `json`: the naive structs get the same
/// data as this crate.
fn rewritten<T: DeserializeOwned + Serialize>(json: &str) -> String {
    let parsed: Vec<T> = serde_json::from_str(json).unwrap();
    serde_json::to_string(&parsed).unwrap()
}

/// Checks a mix before it is measured: this crate writes it back byte for
/// byte; the sparse mix reads back as the builder built it; the naive
/// struct of [`naive_writer`] writes the same bytes, and where there is
/// none, neither does. Returns, for the table, what each naive struct
/// writes where neither matches.
fn check(mix: &Mix) -> Option<(usize, usize)> {
    let ours: Vec<NetworkConnection> = serde_json::from_str(&mix.json).unwrap();
    let written = serde_json::to_string(&ours).unwrap();
    assert!(
        written == mix.json,
        "{}: this crate must write the input back byte for byte",
        mix.name
    );
    if mix.name == "sparse" {
        assert!(
            ours == mixes::sparse_connections(),
            "sparse: reads back as built"
        );
    }
    let with_nulls = rewritten::<Naive>(&mix.json);
    let skipping = rewritten::<NaiveSkip>(&mix.json);
    match naive_writer(mix.name) {
        Some(NaiveWriter::Nulls) => {
            assert!(
                with_nulls == written,
                "{}: naive must write the same bytes",
                mix.name
            );
            None
        }
        Some(NaiveWriter::Skip) => {
            assert!(
                skipping == written,
                "{}: naive (skipping None) must write the same bytes",
                mix.name
            );
            None
        }
        None => {
            assert!(
                with_nulls != written && skipping != written,
                "{}: a naive struct writes the same bytes; claim it in naive_writer",
                mix.name
            );
            Some((with_nulls.len(), skipping.len()))
        }
    }
}

/// Short runs: there are many benchmarks, on a small shared machine. Flat
/// sampling (as many iterations in every sample) keeps each within its
/// 3 s, where linear sampling needs 210 iterations of 20 samples.
fn short<M: criterion::measurement::Measurement>(group: &mut criterion::BenchmarkGroup<'_, M>) {
    group
        .sample_size(SAMPLES)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
}

/// Samples per benchmark: 20 of the slowest (`Value` on the null-free mix,
/// about 0.14 s a read) fit in the 3 s of measurement.
const SAMPLES: usize = 20;

fn deserialize(c: &mut Criterion, mixes: &[Mix]) {
    let mut group = c.benchmark_group("deserialize");
    short(&mut group);
    for mix in mixes {
        let input = mix.json.as_str();
        group.throughput(Throughput::Bytes(input.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("this crate", mix.name),
            input,
            |b, input| {
                b.iter(|| serde_json::from_str::<Vec<NetworkConnection>>(black_box(input)).unwrap())
            },
        );
        group.bench_with_input(
            BenchmarkId::new("naive derive", mix.name),
            input,
            |b, input| b.iter(|| serde_json::from_str::<Vec<Naive>>(black_box(input)).unwrap()),
        );
        group.bench_with_input(BenchmarkId::new("Value", mix.name), input, |b, input| {
            b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(input)).unwrap())
        });
        if mix.name == "realistic" {
            group.bench_with_input(
                BenchmarkId::new("naive borrowed", mix.name),
                input,
                |b, input| {
                    b.iter(|| serde_json::from_str::<Vec<NaiveBorrowed>>(black_box(input)).unwrap())
                },
            );
            group.bench_with_input(
                BenchmarkId::new("IgnoredAny", mix.name),
                input,
                |b, input| b.iter(|| serde_json::from_str::<IgnoredAny>(black_box(input)).unwrap()),
            );
        }
    }
    group.finish();
}

fn serialize(c: &mut Criterion, mixes: &[Mix]) {
    let mut group = c.benchmark_group("serialize");
    short(&mut group);
    for mix in mixes {
        let input = mix.json.as_str();
        // The sparse mix is what the builder built; the others what was read.
        let ours: Vec<NetworkConnection> = if mix.name == "sparse" {
            mixes::sparse_connections()
        } else {
            serde_json::from_str(input).unwrap()
        };
        let mut out = Vec::with_capacity(2 * input.len());
        group.throughput(Throughput::Bytes(input.len() as u64));
        write_bench(&mut group, "this crate", mix.name, &ours, &mut out);
        match naive_writer(mix.name) {
            Some(NaiveWriter::Nulls) => {
                let naive: Vec<Naive> = serde_json::from_str(input).unwrap();
                write_bench(&mut group, "naive derive", mix.name, &naive, &mut out);
            }
            Some(NaiveWriter::Skip) => {
                let naive: Vec<NaiveSkip> = serde_json::from_str(input).unwrap();
                write_bench(&mut group, "naive derive", mix.name, &naive, &mut out);
            }
            // No naive struct writes these bytes: nothing to compare with.
            None => {}
        }
    }
    group.finish();
}

/// Median time of `a` over median time of `b`, timed in alternating
/// rounds (ABBA), so that both meet the same state of a shared machine:
/// criterion times one benchmark after the other.
fn interleaved(rounds: usize, mut a: impl FnMut(), mut b: impl FnMut()) -> f64 {
    let (mut times_a, mut times_b) = (Vec::new(), Vec::new());
    let time = |f: &mut dyn FnMut(), times: &mut Vec<Duration>| {
        let start = std::time::Instant::now();
        f();
        times.push(start.elapsed());
    };
    for round in 0..rounds {
        if round % 2 == 0 {
            time(&mut a, &mut times_a);
            time(&mut b, &mut times_b);
        } else {
            time(&mut b, &mut times_b);
            time(&mut a, &mut times_a);
        }
    }
    times_a.sort();
    times_b.sort();
    times_a[rounds / 2].as_secs_f64() / times_b[rounds / 2].as_secs_f64()
}

/// Serializing, this crate over the naive struct that writes the same
/// bytes, timed interleaved on the data the serialize benchmarks write.
fn interleaved_serialize(mix: &Mix) -> Option<f64> {
    let ours: Vec<NetworkConnection> = if mix.name == "sparse" {
        mixes::sparse_connections()
    } else {
        serde_json::from_str(&mix.json).unwrap()
    };
    Some(match naive_writer(mix.name)? {
        NaiveWriter::Nulls => {
            let naive: Vec<Naive> = serde_json::from_str(&mix.json).unwrap();
            interleaved(31, writing(&ours), writing(&naive))
        }
        NaiveWriter::Skip => {
            let naive: Vec<NaiveSkip> = serde_json::from_str(&mix.json).unwrap();
            interleaved(31, writing(&ours), writing(&naive))
        }
    })
}

/// A closure that writes `value` into a buffer of its own, reused.
fn writing<T: Serialize>(value: &T) -> impl FnMut() + '_ {
    let mut out = Vec::new();
    move || {
        out.clear();
        serde_json::to_writer(&mut out, black_box(value)).unwrap();
    }
}

/// Deserializing (and dropping), this crate over the naive derive,
/// timed interleaved.
fn interleaved_deserialize(mix: &Mix) -> f64 {
    let json = mix.json.as_str();
    interleaved(
        31,
        || {
            drop(black_box(
                serde_json::from_str::<Vec<NetworkConnection>>(json).unwrap(),
            ))
        },
        || drop(black_box(serde_json::from_str::<Vec<Naive>>(json).unwrap())),
    )
}

fn write_bench<T: Serialize, M: criterion::measurement::Measurement>(
    group: &mut criterion::BenchmarkGroup<'_, M>,
    who: &str,
    mix: &str,
    value: &T,
    out: &mut Vec<u8>,
) {
    group.bench_function(BenchmarkId::new(who, mix), |b| {
        b.iter(|| {
            out.clear();
            serde_json::to_writer(&mut *out, black_box(value)).unwrap();
        })
    });
}

fn stream(c: &mut Criterion, page: &[u8], ndjson: &[u8]) {
    let mut group = c.benchmark_group("stream");
    // Flat sampling: 10 samples of about a second each, where linear
    // sampling needs 55 iterations (30 s and more a benchmark).
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Duration::from_secs(10))
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

/// Allocations per connection when deserializing `input` (`Vec` growth
/// included).
fn allocations<T: DeserializeOwned>(input: &str) -> f64 {
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    let parsed: Vec<T> = serde_json::from_str(input).unwrap();
    let after = ALLOCATIONS.load(Ordering::Relaxed);
    let count = parsed.len();
    drop(parsed);
    (after - before) as f64 / count as f64
}

/// String properties per connection that are not `null` and not an enum.
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
    count as f64 / value.len() as f64
}

fn data_dir() -> &'static std::path::Path {
    std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data"))
}

/// The JSON of one mix, reading the data files only for the corpus.
fn mix_json(name: &str) -> String {
    let data = if name == "corpus" {
        mixes::read_data_files(data_dir())
    } else {
        Vec::new()
    };
    mixes::mix(name, &data).json
}

/// Reads `json` as a `Vec` of `who`'s type.
fn deserialize_once(who: &str, json: &str) {
    match who {
        "this-crate" => drop(black_box(
            serde_json::from_str::<Vec<NetworkConnection>>(json).unwrap(),
        )),
        "naive" => drop(black_box(serde_json::from_str::<Vec<Naive>>(json).unwrap())),
        "naive-skip" => drop(black_box(
            serde_json::from_str::<Vec<NaiveSkip>>(json).unwrap(),
        )),
        "value" => drop(black_box(
            serde_json::from_str::<serde_json::Value>(json).unwrap(),
        )),
        other => panic!("unknown reader {other}: this-crate, naive, naive-skip or value"),
    }
}

/// Reads `json` as a `Vec` of `who`'s type and writes it.
fn serialize_once(who: &str, json: &str) {
    let written = match who {
        "this-crate" => rewritten::<NetworkConnection>(json),
        "naive" => rewritten::<Naive>(json),
        "naive-skip" => rewritten::<NaiveSkip>(json),
        other => panic!("unknown writer {other}: this-crate, naive or naive-skip"),
    };
    black_box(written);
}

/// Runs one operation once, for counting instructions (noise-free, unlike
/// time on a shared machine):
/// `THROUGHPUT_ONCE=deserialize/this-crate/timestamps valgrind --tool=callgrind BENCH_BINARY`.
///
/// - `setup/<mix>` builds the mix and nothing else: subtract it.
/// - `deserialize/<who>/<mix>` builds the mix and reads it, `<who>` being
///   `this-crate`, `naive` ([`Naive`]), `naive-skip` ([`NaiveSkip`]) or
///   `value`.
/// - `serialize/<who>/<mix>` builds the mix, reads it and writes what it
///   read, `<who>` being `this-crate`, `naive` or `naive-skip`; writing
///   alone is this less `deserialize/<who>/<mix>`. The table compares
///   `naive` on realistic and null-free, `naive-skip` on timestamps and
///   sparse ([`naive_writer`]).
///
/// `<mix>` is one of [`mixes::NAMES`]. The names from before the mixes still
/// run as they did, after building the realistic and null-free mixes:
/// `setup`, `deserialize/this-crate`, `deserialize/naive` (realistic),
/// `deserialize-null-free/...`, `roundtrip/...` (null-free) and
/// `stream/{connections,alerts,none}-{page,ndjson}` (on 5 MB exports).
fn run_once(operation: &str) {
    match operation.split('/').collect::<Vec<_>>().as_slice() {
        ["setup", mix] => drop(black_box(mix_json(mix))),
        ["deserialize", who, mix] => deserialize_once(who, &mix_json(mix)),
        ["serialize", who, mix] => serialize_once(who, &mix_json(mix)),
        _ => run_once_two_pages(operation),
    }
}

/// The operations from before the mixes.
fn run_once_two_pages(operation: &str) {
    let with_nulls = mixes::realistic();
    let null_free = mixes::null_free();
    match operation {
        "setup" => {}
        "deserialize/this-crate" => deserialize_once("this-crate", &with_nulls),
        "deserialize/naive" => deserialize_once("naive", &with_nulls),
        "deserialize-null-free/this-crate" => deserialize_once("this-crate", &null_free),
        "deserialize-null-free/naive" => deserialize_once("naive", &null_free),
        "roundtrip/this-crate" => serialize_once("this-crate", &null_free),
        "roundtrip/naive" => serialize_once("naive", &null_free),
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

/// Only the interleaved ratios, each mix in turn, a minute in all: for
/// comparing two builds quickly (`THROUGHPUT_INTERLEAVED=1 cargo bench
/// --bench throughput`). The full run reports these beside criterion's.
fn print_interleaved() {
    println!("| mix | deserialize: this crate / naive | serialize: this crate / naive |");
    println!("|---|---|---|");
    for mix in mixes::all(&mixes::read_data_files(data_dir())) {
        let serialize = interleaved_serialize(&mix).map_or("-".to_string(), |r| format!("{r:.3}x"));
        println!(
            "| {} | {:.3}x | {serialize} |",
            mix.name,
            interleaved_deserialize(&mix)
        );
    }
}

fn main() {
    if let Ok(operation) = std::env::var("THROUGHPUT_ONCE") {
        return run_once(&operation);
    }
    if std::env::var_os("THROUGHPUT_INTERLEAVED").is_some() {
        return print_interleaved();
    }
    let mixes = mixes::all(&mixes::read_data_files(data_dir()));
    let not_comparable: Vec<Option<(usize, usize)>> = mixes.iter().map(check).collect();
    let (export_page, export_ndjson) = exports(200_000_000);

    let mut c = Criterion::default().configure_from_args();
    deserialize(&mut c, &mixes);
    serialize(&mut c, &mixes);
    stream(&mut c, &export_page, &export_ndjson);
    c.final_summary();

    let ratio = |group: &str, a: &str, b: &str| median_ns(group, a) / median_ns(group, b);
    let mb_s = |group: &str, id: &str, bytes: usize| bytes as f64 / median_ns(group, id) * 1e3;

    println!("\nThe mixes ({} connections each):", mixes::CONNECTIONS);
    println!("| mix | what | bytes |");
    println!("|---|---|---|");
    for mix in &mixes {
        println!(
            "| {} | {} | {} |",
            mix.name,
            mix.description,
            mix.json.len()
        );
    }

    println!(
        "\nRatios of median times, this run (criterion's medians; `interleaved`: medians of 31 alternating rounds):"
    );
    println!(
        "| mix | deserialize: this crate / naive derive | deserialize: this crate / Value | serialize: this crate / naive derive |"
    );
    println!("|---|---|---|---|");
    for (mix, not_comparable) in mixes.iter().zip(&not_comparable) {
        let id = |who: &str| format!("{who}/{}", mix.name);
        let serialize = match (naive_writer(mix.name), not_comparable) {
            (Some(writer), _) => format!(
                "{:.2}x; interleaved {:.2}x ({}; same bytes, asserted)",
                ratio("serialize", &id("this crate"), &id("naive derive")),
                interleaved_serialize(mix).expect("a naive writer"),
                match writer {
                    NaiveWriter::Nulls => "naive writing None as null",
                    NaiveWriter::Skip => "naive skipping None",
                }
            ),
            (None, Some((with_nulls, skipping))) => format!(
                "no ratio: no naive struct writes the same bytes ({} bytes; naive writing None as null {with_nulls}, skipping None {skipping}); this crate {:.0} MB/s",
                mix.json.len(),
                mb_s("serialize", &id("this crate"), mix.json.len())
            ),
            (None, None) => unreachable!("checked"),
        };
        println!(
            "| {} | {:.2}x; interleaved {:.2}x | {:.2}x | {serialize} |",
            mix.name,
            ratio("deserialize", &id("this crate"), &id("naive derive")),
            interleaved_deserialize(mix),
            ratio("deserialize", &id("this crate"), &id("Value")),
        );
    }

    let realistic = &mixes[0];
    assert_eq!(realistic.name, "realistic");
    println!(
        "\nOther ratios, this run (realistic mix, {} bytes):",
        realistic.json.len()
    );
    println!("| measure | ratio |");
    println!("|---|---|");
    for (label, a, b) in [
        (
            "deserialize: this crate / IgnoredAny",
            "this crate",
            "IgnoredAny",
        ),
        (
            "deserialize: naive derive / IgnoredAny",
            "naive derive",
            "IgnoredAny",
        ),
        (
            "deserialize: naive borrowed (Cow) / IgnoredAny",
            "naive borrowed",
            "IgnoredAny",
        ),
    ] {
        println!(
            "| {label} | {:.2}x |",
            ratio(
                "deserialize",
                &format!("{a}/realistic"),
                &format!("{b}/realistic")
            )
        );
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
    for who in ["this crate", "IgnoredAny"] {
        println!(
            "| deserialize throughput, {who} | {:.0} MB/s |",
            mb_s(
                "deserialize",
                &format!("{who}/realistic"),
                realistic.json.len()
            )
        );
    }

    println!("\nAllocations per connection, deserializing (Vec growth included):");
    println!(
        "| mix | this crate | naive derive | present string properties (not null, not enums) |"
    );
    println!("|---|---|---|---|");
    for mix in &mixes {
        println!(
            "| {} | {:.2} | {:.2} | {:.2} |",
            mix.name,
            allocations::<NetworkConnection>(&mix.json),
            allocations::<Naive>(&mix.json),
            present_strings(&mix.json)
        );
    }
}
