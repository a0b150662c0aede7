//! Ratios timed in alternating rounds, beside criterion's medians.

use crate::inputs::data_dir;
use crate::naive::{Naive, NaiveSkip, NaiveWriter, naive_writer};
use crate::support::mixes::{self, Mix};
use msgraph_network_connection::NetworkConnection;
use serde::Serialize;
use std::hint::black_box;
use std::time::Duration;

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
pub(crate) fn interleaved_serialize(mix: &Mix) -> Option<f64> {
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
pub(crate) fn interleaved_deserialize(mix: &Mix) -> f64 {
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

/// Only the interleaved ratios, each mix in turn, a minute in all: for
/// comparing two builds quickly (`THROUGHPUT_INTERLEAVED=1 cargo bench
/// --bench throughput`). The full run reports these beside criterion's.
pub(crate) fn print_interleaved() {
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
