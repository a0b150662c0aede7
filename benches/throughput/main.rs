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
mod report;
#[path = "../support/mod.rs"]
mod support;

use criterion::Criterion;
use groups::{deserialize, serialize, stream};
use inputs::{data_dir, exports};
use interleaved::print_interleaved;
use naive::check;
use once::run_once;
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

    report::mixes(&mixes);
    report::ratios(&mixes, &not_comparable);
    report::other_ratios(&mixes, &export_page, &export_ndjson);
    report::allocations_per_connection(&mixes);
}
