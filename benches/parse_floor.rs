//! The parse floor of an export: `serde_json` skipping every value of an
//! NDJSON file (`IgnoredAny`), on 1 or 2 threads (the file cut in two at a
//! line end), with nothing built. No export reads JSON faster; the engines
//! benchmark (`benches/duckdb_export.py`) shows it as its ceiling row.
//!
//! ```sh
//! cargo bench --bench parse_floor -- FILE THREADS
//! ```
//!
//! Prints the seconds taken, reading the file included.

use serde::de::IgnoredAny;
use std::time::Instant;

fn skip_all(bytes: &[u8]) -> usize {
    let mut documents = 0;
    for value in serde_json::Deserializer::from_slice(bytes).into_iter::<IgnoredAny>() {
        value.expect("valid JSON");
        documents += 1;
    }
    documents
}

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let (Some(path), threads) = (args.next(), args.next()) else {
        eprintln!("usage: parse_floor FILE [THREADS]");
        std::process::exit(2);
    };
    let threads: usize = threads.map_or(1, |t| t.parse().expect("a number of threads"));
    let start = Instant::now();
    let bytes = std::fs::read(&path).expect("a readable file");
    let documents = if threads < 2 {
        skip_all(&bytes)
    } else {
        let middle = bytes.len() / 2;
        let cut = memchr_newline(&bytes[middle..]).map_or(bytes.len(), |i| middle + i + 1);
        let (first, second) = bytes.split_at(cut);
        std::thread::scope(|scope| {
            let other = scope.spawn(|| skip_all(second));
            skip_all(first) + other.join().expect("no panic")
        })
    };
    let seconds = start.elapsed().as_secs_f64();
    eprintln!("{documents} documents");
    println!("{seconds}");
}

fn memchr_newline(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'\n')
}
