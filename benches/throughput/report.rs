//! The tables printed after criterion's own report, which the README
//! quotes.

use crate::allocations::{allocations, present_strings};
use crate::interleaved::{interleaved_deserialize, interleaved_serialize};
use crate::naive::{Naive, NaiveWriter, naive_writer};
use crate::support::median_ns;
use crate::support::mixes::{self, Mix};
use msgraph_network_connection::NetworkConnection;

/// The ratio of two benchmarks' median times in `group`.
fn ratio(group: &str, a: &str, b: &str) -> f64 {
    median_ns(group, a) / median_ns(group, b)
}

/// MB/s of a benchmark of `group` over `bytes`.
fn mb_s(group: &str, id: &str, bytes: usize) -> f64 {
    bytes as f64 / median_ns(group, id) * 1e3
}

/// The mixes measured.
pub(crate) fn mixes(mixes: &[Mix]) {
    println!("\nThe mixes ({} connections each):", mixes::CONNECTIONS);
    println!("| mix | what | bytes |");
    println!("|---|---|---|");
    for mix in mixes {
        println!(
            "| {} | {} | {} |",
            mix.name,
            mix.description,
            mix.json.len()
        );
    }
}

/// This crate against the naive struct and `Value`, per mix.
pub(crate) fn ratios(mixes: &[Mix], not_comparable: &[Option<(usize, usize)>]) {
    println!(
        "\nRatios of median times, this run (criterion's medians; `interleaved`: medians of 31 alternating rounds):"
    );
    println!(
        "| mix | deserialize: this crate / naive derive | deserialize: this crate / Value | serialize: this crate / naive derive |"
    );
    println!("|---|---|---|---|");
    for (mix, not_comparable) in mixes.iter().zip(not_comparable) {
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
}

/// The other ratios, on the realistic mix and the exports.
pub(crate) fn other_ratios(mixes: &[Mix], export_page: &[u8], export_ndjson: &[u8]) {
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
}

/// Allocations per connection, deserializing.
pub(crate) fn allocations_per_connection(mixes: &[Mix]) {
    println!("\nAllocations per connection, deserializing (Vec growth included):");
    println!(
        "| mix | this crate | naive derive | present string properties (not null, not enums) |"
    );
    println!("|---|---|---|---|");
    for mix in mixes {
        println!(
            "| {} | {:.2} | {:.2} | {:.2} |",
            mix.name,
            allocations::<NetworkConnection>(&mix.json),
            allocations::<Naive>(&mix.json),
            present_strings(&mix.json)
        );
    }
}
