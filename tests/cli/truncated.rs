//! NDJSON with truncated lines, through the export on 1, 2 and 4 threads,
//! against an independent reading: Python's `json` on each line, DuckDB on
//! the Parquet file (`tests/support/truncated_lines.py`). A cut line costs
//! that line only: every whole line's connections are rows, in order, with
//! each property's exact text.

use super::{folder, run_in};

/// The independent reading (`tests/support/truncated_lines.py`) run with `args`.
fn python(args: &[&str]) -> String {
    super::python("truncated_lines.py", args)
}

#[test]
fn a_cut_line_costs_that_line_only() {
    let dir = folder("truncated");
    let input = dir.join("alerts.ndjson");
    let input = input.to_str().unwrap();
    python(&["generate", input, "3000", "17"]);
    let mut summaries = Vec::new();
    for threads in ["1", "2", "4"] {
        let out = dir.join(format!("out-{threads}.parquet"));
        let out = out.to_str().unwrap();
        let args = ["export", input, "-o", out, "--threads", threads, "--quiet"];
        let output = run_in(&dir, &args, b"");
        assert_eq!(output.status.code(), Some(1), "{output:?}");
        summaries.push(python(&["compare", input, out]));
    }
    assert!(summaries[0].starts_with("agree: "), "{}", summaries[0]);
    assert_eq!(summaries[1], summaries[0]);
    assert_eq!(summaries[2], summaries[0]);
}
