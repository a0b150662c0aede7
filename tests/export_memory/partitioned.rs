//! Peak memory of `--partition-by day` on unsorted alerts: over as many
//! partitions as stay open (every file's row group in progress grows, until
//! the largest are written out), and over hundreds (files are closed and
//! others opened, the least recently written first).

use super::{MIB, peak_of_export, rows_of};
use std::io::Write;

/// `count` alerts of three connections, each with a URL of `url` random
/// letters (which no encoding or compression makes much smaller), on
/// `days` days of 2024 (at most 336) in scrambled order.
fn unsorted_alerts(
    out: &mut dyn Write,
    count: usize,
    days: usize,
    url: usize,
) -> std::io::Result<()> {
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    let mut letters = vec![0u8; url];
    for i in 0..count {
        // Fibonacci hashing: consecutive alerts fall on days far apart.
        let day = ((i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize % days;
        let (month, date) = (1 + day / 28, 1 + day % 28);
        write!(
            out,
            r#"{{"id":"alert-{i}","eventDateTime":"2024-{month:02}-{date:02}T12:00:00Z","networkConnections":["#
        )?;
        for c in 0..3 {
            for letter in &mut letters {
                // xorshift64
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                *letter = b'a' + (state % 26) as u8;
            }
            let comma = if c == 0 { "" } else { "," };
            write!(out, r#"{comma}{{"destinationUrl":"https://example.com/"#)?;
            out.write_all(&letters)?;
            out.write_all(b"\"}")?;
        }
        out.write_all(b"]}\n")?;
    }
    Ok(())
}

/// Exports `count` unsorted alerts on `days` days to a table folder; checks
/// its rows, partitions and the export's peak RSS.
fn table_within(what: &str, count: usize, days: usize, url: usize, peak_mib: u64) {
    let out = std::env::temp_dir().join(format!(
        "export-memory-{}-table-{count}-{days}",
        std::process::id()
    ));
    let input = move |out: &mut dyn Write| unsorted_alerts(out, count, days, url);
    let peak = peak_of_export(what, 2, input, &out, &["--partition-by", "day"]);
    let (mut rows, mut partitions, mut files) = (0, 0, 0);
    for folder in std::fs::read_dir(&out).expect("the table is written") {
        partitions += 1;
        for file in std::fs::read_dir(folder.unwrap().path()).unwrap() {
            files += 1;
            rows += rows_of(&file.unwrap().path());
        }
    }
    std::fs::remove_dir_all(&out).expect("removed");
    eprintln!("{what}: {files} files");
    assert_eq!((rows, partitions), (3 * count as i64, days), "{what}");
    assert!(peak < peak_mib * MIB, "{what}: peak RSS {peak} bytes");
}

#[test]
fn sixteen_unsorted_partitions_hold_bounded_row_groups() {
    table_within("100 MB over 16 days", 100_000, 16, 300, 96);
}

#[test]
#[ignore = "exports 400 MB; run with --ignored"]
fn sixteen_unsorted_partitions_hold_bounded_row_groups_full() {
    table_within("400 MB over 16 days", 400_000, 16, 300, 96);
}

#[test]
fn hundreds_of_unsorted_partitions_in_bounded_memory() {
    table_within("5 MB over 300 days", 10_000, 300, 100, 64);
}

#[test]
#[ignore = "writes some 30,000 files; run with --ignored"]
fn hundreds_of_unsorted_partitions_in_bounded_memory_full() {
    table_within("100 MB over 300 days", 200_000, 300, 100, 64);
}
