//! sonic-rs against serde_json reading this crate's connections, on the
//! mixes of the throughput benchmark: a reference, not a dependency.
//!
//! ```sh
//! cargo run --release --manifest-path benches/sonic-reference/Cargo.toml
//! ```

use msgraph_network_connection::NetworkConnection;
use std::hint::black_box;
use std::time::{Duration, Instant};

#[allow(dead_code)]
#[path = "../../support/mixes.rs"]
mod mixes;

/// Rounds per mix; each times both readers once.
const ROUNDS: usize = 15;

type Reader = fn(&str) -> Vec<NetworkConnection>;

fn serde_json_reader(json: &str) -> Vec<NetworkConnection> {
    serde_json::from_str(json).expect("serde_json reads the mix")
}

fn sonic_reader(json: &str) -> Vec<NetworkConnection> {
    sonic_rs::from_str(json).expect("sonic-rs reads the mix")
}

/// Times one read; the result is dropped outside the timing.
fn time(read: Reader, json: &str) -> (Duration, Vec<NetworkConnection>) {
    let start = Instant::now();
    let connections = black_box(read(black_box(json)));
    (start.elapsed(), connections)
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn on_off(on: bool) -> &'static str {
    if on { "on" } else { "off" }
}

fn main() {
    let data_dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data"));
    let mixes = mixes::all(&mixes::read_data_files(data_dir));
    println!(
        "sonic-rs / serde_json reading Vec<NetworkConnection>: medians of {ROUNDS} alternating rounds \
         (AVX2 {}, PCLMULQDQ {} at compile time)\n",
        on_off(cfg!(target_feature = "avx2")),
        on_off(cfg!(target_feature = "pclmulqdq")),
    );
    println!("| mix | bytes | serde_json | sonic-rs | sonic-rs / serde_json |");
    println!("|---|---|---|---|---|");
    for mix in &mixes {
        let json = mix.json.as_str();
        let expected = serde_json_reader(json);
        assert_eq!(expected.len(), mixes::CONNECTIONS, "{}", mix.name);
        assert!(
            sonic_reader(json) == expected,
            "{}: sonic-rs and serde_json must read equal connections",
            mix.name
        );
        let (mut serde_times, mut sonic_times) = (Vec::new(), Vec::new());
        for round in 0..ROUNDS {
            // Alternate which goes first, so that neither always runs warm.
            let order: [(Reader, &mut Vec<Duration>); 2] = if round % 2 == 0 {
                [
                    (serde_json_reader, &mut serde_times),
                    (sonic_reader, &mut sonic_times),
                ]
            } else {
                [
                    (sonic_reader, &mut sonic_times),
                    (serde_json_reader, &mut serde_times),
                ]
            };
            for (read, times) in order {
                let (elapsed, connections) = time(read, json);
                assert!(connections.len() == expected.len());
                drop(connections);
                times.push(elapsed);
            }
        }
        let (serde_median, sonic_median) = (median(serde_times), median(sonic_times));
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        let mb_s = |d: Duration| json.len() as f64 / d.as_secs_f64() / 1e6;
        println!(
            "| {} | {} | {:.2} ms ({:.0} MB/s) | {:.2} ms ({:.0} MB/s) | {:.2}x |",
            mix.name,
            json.len(),
            ms(serde_median),
            mb_s(serde_median),
            ms(sonic_median),
            mb_s(sonic_median),
            sonic_median.as_secs_f64() / serde_median.as_secs_f64(),
        );
    }
}
