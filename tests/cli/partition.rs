//! `--partition-by` against independent readings: Python's `json` on the
//! input computes each connection's partition, and DuckDB, pyarrow and
//! Polars read the table folder (`tests/support/partitions.py`); the files
//! are the same whatever the number of threads; `--append` adds files and
//! touches none.

use super::{folder, run_in, stderr};
use std::path::Path;
use std::time::SystemTime;

/// What `tests/support/partitions.py` prints when run with `args`.
pub(crate) fn python(args: &[&str]) -> String {
    super::python("partitions.py", args)
}

/// Each file under `dir`: its path inside, its bytes and when it was
/// last written.
pub(crate) fn tree(dir: &Path) -> Vec<(String, Vec<u8>, SystemTime)> {
    let mut files = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            let inside = path.strip_prefix(dir).unwrap().display().to_string();
            let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
            files.push((inside, std::fs::read(&path).unwrap(), modified));
        }
    }
    files.sort();
    files
}

/// Exports `inputs` to the table `out` in `dir`, cut `by`; exit 0.
pub(crate) fn export(dir: &Path, inputs: &[&str], out: &str, by: &str, more: &[&str]) {
    let mut args = vec!["export", "-o", out, "--partition-by", by, "--quiet"];
    args.extend(more);
    args.extend(inputs);
    let output = run_in(dir, &args, b"");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{args:?}: {}",
        stderr(&output)
    );
}

/// `agree: N rows in P partitions, F files`: the three numbers.
fn agreed(summary: &str) -> [usize; 3] {
    let numbers: Vec<usize> = summary
        .split(' ')
        .filter_map(|word| word.trim_end_matches(',').parse().ok())
        .collect();
    assert!(summary.starts_with("agree: "), "{summary}");
    numbers.try_into().expect(summary)
}

#[test]
fn generated_partitions_agree_with_python_duckdb_pyarrow_and_polars() {
    let dir = folder("partitions");
    let input = dir.join("alerts.ndjson");
    let input = input.to_str().unwrap();
    // About 3.6 MB: several blocks, each touching more partitions than
    // stay open.
    python(&["generate", input, "20000", "7"]);
    for by in ["day", "month"] {
        let one = format!("{by}-1");
        export(&dir, &[input], &one, by, &["--threads", "1"]);
        let table = dir.join(&one);
        let [rows, partitions, files] =
            agreed(&python(&["compare", by, table.to_str().unwrap(), input]));
        assert!(rows > 35_000, "{rows} rows");
        match by {
            "day" => assert!(
                partitions > 140 && files > partitions,
                "{partitions}, {files}"
            ),
            _ => assert_eq!((partitions, files), (7, 7)),
        }
        for threads in ["2", "4"] {
            let many = format!("{by}-{threads}");
            export(&dir, &[input], &many, by, &["--threads", threads]);
            let bytes = |dir: &Path| -> Vec<(String, Vec<u8>)> {
                tree(dir)
                    .into_iter()
                    .map(|(name, bytes, _)| (name, bytes))
                    .collect()
            };
            assert!(
                bytes(&dir.join(&many)) == bytes(&table),
                "{threads} threads"
            );
        }
    }
}

#[test]
fn the_corpus_by_month_agrees_with_python_and_duckdb() {
    let dir = folder("partitions-corpus");
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut inputs: Vec<String> = std::fs::read_dir(data)
        .unwrap()
        .map(|e| e.unwrap().path().to_str().unwrap().to_string())
        .filter(|p| p.ends_with(".json"))
        .collect();
    inputs.sort();
    let inputs: Vec<&str> = inputs.iter().map(String::as_str).collect();
    export(&dir, &inputs, "table", "month", &[]);
    let table = dir.join("table");
    let mut args = vec!["compare", "month", table.to_str().unwrap()];
    args.extend(&inputs);
    // Five connections, of alerts of two months and of none.
    assert_eq!(agreed(&python(&args)), [5, 3, 3]);
}

/// `--alerts-output` with `--partition-by`: the alerts table cut the same
/// way, each alert in its partition with its exact text, whatever
/// `--threads`; and refused inside the connections' folder.
#[test]
fn the_alerts_table_is_partitioned_as_the_connections_are() {
    let dir = folder("partitions-alerts");
    let input = dir.join("alerts.ndjson");
    let input = input.to_str().unwrap();
    python(&["generate", input, "3000", "5"]);
    for threads in ["1", "2"] {
        let (out, alerts) = (
            format!("connections-{threads}"),
            format!("alerts-{threads}"),
        );
        let more = ["--threads", threads, "--alerts-output", &alerts];
        export(&dir, &[input], &out, "month", &more);
        let table = dir.join(&alerts);
        let summary = python(&["alerts", "month", table.to_str().unwrap(), input]);
        assert_eq!(agreed(&summary), [3000, 7, 7], "{summary}");
    }
    let bytes = |name: &str| -> Vec<(String, Vec<u8>)> {
        let files = tree(&dir.join(name)).into_iter();
        files.map(|(name, bytes, _)| (name, bytes)).collect()
    };
    assert!(bytes("alerts-1") == bytes("alerts-2"));
    let args = [
        "export",
        "-o",
        "t",
        "--partition-by",
        "day",
        "--alerts-output",
        "t/a",
        input,
    ];
    let output = run_in(&dir, &args, b"");
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "msgraph-connections: --alerts-output t/a: is inside the table folder -o t; nothing was written\n"
    );
}

/// Each appended run doubles the rows of every partition, under names of
/// its own, and leaves each file there as it was.
#[test]
fn append_adds_files_and_touches_none() {
    let dir = folder("partitions-append");
    let input = dir.join("alerts.ndjson");
    let input = input.to_str().unwrap();
    python(&["generate", input, "3000", "11"]);
    let table = dir.join("table");
    let counts = || python(&["counts", "day", table.to_str().unwrap()]);
    export(&dir, &[input], "table", "day", &[]);
    let first = tree(&table);
    let once = counts();
    let doubled: String = once
        .lines()
        .map(|line| {
            let (value, count) = line.rsplit_once(' ').unwrap();
            format!("{value} {}\n", 2 * count.parse::<usize>().unwrap())
        })
        .collect();
    export(&dir, &[input], "table", "day", &["--append"]);
    assert_eq!(counts(), doubled);
    let second = tree(&table);
    assert_eq!(second.len(), 2 * first.len());
    for file in &first {
        assert!(second.contains(file), "{} was changed", file.0);
    }
    // The added files: `part-NNNNN-<16 hex digits>.parquet`, one run's.
    let runs: Vec<&str> = second
        .iter()
        .filter(|file| !first.contains(file))
        .map(|(name, _, _)| {
            let file = name.rsplit_once("/part-").expect(name).1;
            let (number, run) = file.strip_suffix(".parquet").expect(name).split_at(6);
            assert!(number.len() == 6 && number.ends_with('-'), "{name}");
            run
        })
        .collect();
    let hex = |run: &str| run.len() == 16 && run.bytes().all(|b| b.is_ascii_hexdigit());
    assert!(
        runs.iter().all(|run| hex(run) && run == &runs[0]),
        "{runs:?}"
    );
    export(&dir, &[input], "table", "day", &["--append"]);
    assert_eq!(tree(&table).len(), 3 * first.len());
}
