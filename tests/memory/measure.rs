//! Measuring the peak resident memory of one test at a time.

use crate::inputs::{Generated, Parts};
use msgraph_network_connection::AlertReader;
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Held by each measured test.
static MEASURING: Mutex<()> = Mutex::new(());

fn measuring() -> MutexGuard<'static, ()> {
    MEASURING.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Forgets the peak so far, so that each test measures its own; returns
/// the resident memory now, which what an earlier test left behind in
/// the allocator counts in.
fn reset_peak_rss() -> usize {
    std::fs::write("/proc/self/clear_refs", "5").unwrap();
    status_kib("VmRSS:") * 1024
}

fn status_kib(field: &str) -> usize {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with(field)).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// Reads `input` as alerts (or connections), and checks what came out and
/// the peak resident memory while reading.
pub(crate) fn read_within(
    what: &str,
    reader: AlertReader<Parts>,
    connections: bool,
    expected: &[&str],
    peak_mib: usize,
) {
    let _alone = measuring();
    let before = reset_peak_rss();
    let items: Vec<String> = if connections {
        let mut count = 0;
        let mut out = Vec::new();
        for item in reader.connections() {
            match item {
                Ok(c) => {
                    count += 1;
                    if count == 1 {
                        out.push(format!("first of {}", c.alert_id.unwrap_or_default()));
                    }
                }
                Err(e) => out.push(format!("error: {e}")),
            }
        }
        out.push(format!("{count} connections"));
        out
    } else {
        reader
            .map(|item| match item {
                Ok(alert) => format!("alert {}", alert.id.unwrap_or_default()),
                Err(e) => format!("error: {e}"),
            })
            .collect()
    };
    let peak = peak_rss().saturating_sub(before);
    eprintln!(
        "{what}: peak RSS {:.1} MiB over the start",
        peak as f64 / (1 << 20) as f64
    );
    assert_eq!(items, expected, "{what}");
    assert!(peak < peak_mib << 20, "{what}: peak RSS {peak} bytes");
}

/// Runs `run` alone, and checks that the peak resident memory while it
/// runs stays under `peak_mib` MiB above what it was before.
#[cfg_attr(not(feature = "parquet"), allow(dead_code))]
pub(crate) fn within<T>(what: &str, peak_mib: usize, run: impl FnOnce() -> T) -> T {
    let _alone = measuring();
    let before = reset_peak_rss();
    let result = run();
    let peak = peak_rss().saturating_sub(before);
    eprintln!(
        "{what}: peak RSS {:.1} MiB over the start",
        peak as f64 / (1 << 20) as f64
    );
    assert!(peak < peak_mib << 20, "{what}: peak RSS {peak} bytes");
    result
}

/// Peak resident memory of this process since the last reset, in bytes.
fn peak_rss() -> usize {
    status_kib("VmHWM:") * 1024
}

pub(crate) fn check(page: bool, alerts: usize, peak_mib: usize) {
    let _alone = measuring();
    let before = reset_peak_rss();
    let bytes = Generated::total_len(alerts, page);
    assert!(bytes >= alerts * 2000, "only {bytes} bytes");
    let mut connections = 0;
    for item in AlertReader::new(Generated::new(alerts, page)).connections() {
        let item = item.unwrap();
        assert!(item.alert_id.is_some());
        connections += 1;
    }
    assert_eq!(connections, alerts * 3);
    let peak = peak_rss().saturating_sub(before);
    eprintln!(
        "{} of {bytes} bytes: peak RSS {:.1} MiB over the start",
        if page { "page" } else { "NDJSON" },
        peak as f64 / (1 << 20) as f64
    );
    assert!(peak < peak_mib << 20, "peak RSS {peak} bytes");
}
