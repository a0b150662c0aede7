//! The alert's context columns against an independent reading: Python's
//! `json` on the input, DuckDB on the Parquet file and Python's `csv` on
//! the CSV file (`tests/support/alert_context.py`), column by column, on
//! generated alerts (context missing, null, malformed, 7-digit, of other
//! JSON types) and on the corpus.

use super::{folder, run_in};
use std::path::Path;

/// The independent reading (`tests/support/alert_context.py`) run with `args`.
fn python(args: &[&str]) -> String {
    super::python("alert_context.py", args)
}

/// Exports `inputs` to Parquet (on `threads`) and CSV, and compares both
/// with the reading of the inputs; the summary line.
fn exported_and_compared(dir: &Path, inputs: &[&str], threads: &str) -> String {
    let parquet = dir.join(format!("out-{threads}.parquet"));
    let csv = dir.join(format!("out-{threads}.csv"));
    let (parquet, csv) = (parquet.to_str().unwrap(), csv.to_str().unwrap());
    for (out, extra) in [(parquet, None), (csv, Some("--no-escape-formulas"))] {
        let mut args = vec!["export", "-o", out, "--threads", threads, "--quiet"];
        args.extend(extra);
        args.extend(inputs);
        let output = run_in(dir, &args, b"");
        assert_eq!(output.status.code(), Some(0), "{output:?}");
    }
    let mut args = vec!["compare", parquet, csv];
    args.extend(inputs);
    python(&args)
}

#[test]
fn generated_context_agrees_with_python_and_duckdb() {
    let dir = folder("context");
    let input = dir.join("alerts.ndjson");
    let input = input.to_str().unwrap();
    python(&["generate", input, "3000", "20"]);
    let one = exported_and_compared(&dir, &[input], "1");
    assert!(one.starts_with("agree: "), "{one}");
    let rows: usize = one["agree: ".len()..]
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(rows > 3000, "{one}");
    assert_eq!(exported_and_compared(&dir, &[input], "3"), one);
    // Parsed and encoded on three threads, the file is the one of one.
    let file = |threads: &str| std::fs::read(dir.join(format!("out-{threads}.parquet"))).unwrap();
    assert!(file("3") == file("1"));
}

#[test]
fn corpus_context_agrees_with_python_and_duckdb() {
    let dir = folder("context-corpus");
    let inputs = super::corpus_files();
    let inputs: Vec<&str> = inputs.iter().map(String::as_str).collect();
    let summary = exported_and_compared(&dir, &inputs, "2");
    assert!(summary.starts_with("agree: "), "{summary}");
}
