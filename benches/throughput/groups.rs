//! The criterion benchmark groups: `deserialize`, `serialize` and `stream`.

use crate::naive::{Naive, NaiveBorrowed, NaiveSkip, NaiveWriter, naive_writer};
use crate::support::mixes::{self, Mix};
use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};
use msgraph_network_connection::{Alert, AlertReader, GraphPage, NetworkConnection};
use serde::Serialize;
use serde::de::IgnoredAny;
use std::hint::black_box;
use std::time::Duration;

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

pub(crate) fn deserialize(c: &mut Criterion, mixes: &[Mix]) {
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

pub(crate) fn serialize(c: &mut Criterion, mixes: &[Mix]) {
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

pub(crate) fn stream(c: &mut Criterion, page: &[u8], ndjson: &[u8]) {
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
