//! Arrow batches against the struct path on the same NDJSON, one thread:
//! `AlertReader::connections()` into `NetworkConnection`s, and
//! `columnar::read_chunks` into record batches (which parses through the
//! same structs, then builds the columns).
//!
//! ```sh
//! cargo bench --bench columnar --features arrow
//! ```

use criterion::{Criterion, Throughput};
use msgraph_network_connection::AlertReader;
use msgraph_network_connection::columnar::read_chunks;
use std::hint::black_box;
use std::time::Duration;
use support::median_ns;

mod support;

const CONNECTION: &str = r#"{"applicationName":null,"destinationAddress":"10.0.0.4","destinationDomain":null,"destinationLocation":null,"destinationPort":"514","destinationUrl":null,"direction":"inbound","domainRegisteredDateTime":"2017-01-01T00:01:30.7098297Z","localDnsName":null,"natDestinationAddress":null,"natDestinationPort":null,"natSourceAddress":null,"natSourcePort":null,"protocol":"tcp","riskScore":"0.83","sourceAddress":"52.214.204.49","sourceLocation":"Dublin, Dublin, IE","sourcePort":"49152","status":"blocked","urlParameters":null}"#;

fn ndjson(bytes: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0;
    while out.len() < bytes {
        let alert = format!(
            r#"{{"id":"alert-{i}","severity":"medium","title":"Traffic from unrecommended IP addresses","networkConnections":[{CONNECTION},{CONNECTION},{CONNECTION}]}}"#
        );
        out.extend_from_slice(alert.as_bytes());
        out.push(b'\n');
        i += 1;
    }
    out
}

fn main() {
    let input = ndjson(20_000_000);
    let mut c = Criterion::default().configure_from_args();
    let mut group = c.benchmark_group("columnar");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10))
        .throughput(Throughput::Bytes(input.len() as u64));
    group.bench_function("structs", |b| {
        b.iter(|| {
            AlertReader::new(black_box(&input[..]))
                .connections()
                .map(Result::unwrap)
                .count()
        })
    });
    group.bench_function("arrow batches", |b| {
        b.iter(|| {
            let mut rows = 0;
            read_chunks(AlertReader::new(black_box(&input[..])), 1, |chunk| {
                rows += chunk.batch.num_rows();
                Ok::<(), ()>(())
            })
            .unwrap();
            rows
        })
    });
    group.finish();
    c.final_summary();
    println!(
        "\n| arrow batches / structs (time, one thread) | {:.2}x |",
        median_ns("columnar", "arrow batches") / median_ns("columnar", "structs")
    );
}
