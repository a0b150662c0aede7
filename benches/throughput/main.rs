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

mod allocations;
mod groups;
mod inputs;
mod interleaved;
mod naive;
mod once;
#[path = "../support/mod.rs"]
mod support;

use allocations::{allocations, present_strings};
use criterion::Criterion;
use groups::{deserialize, serialize, stream};
use inputs::{data_dir, exports};
use interleaved::{interleaved_deserialize, interleaved_serialize, print_interleaved};
use msgraph_network_connection::NetworkConnection;
use naive::{Naive, NaiveWriter, check, naive_writer};
use once::run_once;
use support::median_ns;
use support::mixes;

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
