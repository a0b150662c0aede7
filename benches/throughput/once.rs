//! One operation run once, for counting instructions (`THROUGHPUT_ONCE`).

use crate::inputs::{exports, mix_json};
use crate::naive::{Naive, NaiveSkip, rewritten};
use crate::support::mixes;
use msgraph_network_connection::{AlertReader, NetworkConnection};
use std::hint::black_box;

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
pub(crate) fn run_once(operation: &str) {
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
