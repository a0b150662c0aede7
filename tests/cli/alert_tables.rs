//! The alerts table (`--alerts-output`) and the alert columns asked for
//! (`--alert-column`) against an independent reading: Python's `json` on
//! the input, DuckDB on the Parquet files and Python's `csv` on the CSV
//! files (`tests/support/alert_tables.py`), column by column, on generated
//! alerts and on the corpus; exact bytes of a small export; and the
//! refusals, before anything is written.

use super::outputs::{OLD, workplace};
use super::{folder, names_in, run_in, stderr};
use std::fs;
use std::path::Path;

/// The columns asked for: nested, a name with a dot that exists whole or
/// one level down, `@odata.type`, non-string values, one never present.
const ASKED: &[&str] = &[
    "@odata.type",
    "vendorInformation.subProvider",
    "a.b",
    "comments",
    "description",
    "assignedTo",
];

fn python(args: &[&str]) -> String {
    super::python("alert_tables.py", args)
}

/// Exports `inputs` on `threads` to both tables in Parquet and in CSV, in
/// a folder of their own, and compares them with the reading of the
/// inputs; the summary line.
fn exported_and_compared(dir: &Path, inputs: &[&str], threads: &str) -> String {
    let out = dir.join(format!("threads-{threads}"));
    fs::create_dir(&out).unwrap();
    for format in ["parquet", "csv"] {
        let (connections, alerts) = (format!("connections.{format}"), format!("alerts.{format}"));
        let mut args = vec!["export", "-o", &connections, "--alerts-output", &alerts];
        args.extend(["--threads", threads, "--quiet", "--no-escape-formulas"]);
        for name in ASKED {
            args.extend(["--alert-column", name]);
        }
        args.extend(inputs);
        let output = run_in(&out, &args, b"");
        assert_eq!(output.status.code(), Some(0), "{output:?}");
    }
    let asked = ASKED.join(",");
    let mut args = vec!["compare", out.to_str().unwrap(), &asked];
    args.extend(inputs);
    python(&args)
}

#[test]
fn generated_alerts_agree_with_python_and_duckdb() {
    let dir = folder("alert-tables");
    let input = dir.join("alerts.json");
    let input = input.to_str().unwrap();
    python(&["generate", input, "1500", "7"]);
    let one = exported_and_compared(&dir, &[input], "1");
    let counts = one.strip_prefix("agree: ").expect(&one);
    let (alerts, rows) = counts.split_once(" alerts, ").expect(&one);
    let rows = rows.trim_end().strip_suffix(" rows").expect(&one);
    let (alerts, rows): (usize, usize) = (alerts.parse().unwrap(), rows.parse().unwrap());
    assert!(alerts > 1500 && rows > 2000, "{one}");
    assert_eq!(exported_and_compared(&dir, &[input], "3"), one);
}

#[test]
fn corpus_alerts_agree_with_python_and_duckdb() {
    let dir = folder("alert-tables-corpus");
    let inputs = super::corpus_files();
    let inputs: Vec<&str> = inputs.iter().map(String::as_str).collect();
    let summary = exported_and_compared(&dir, &inputs, "2");
    assert!(summary.starts_with("agree: "), "{summary}");
}

/// A page with spaces and a line break inside, an alert without
/// connections, one refused: the alerts table's CSV, byte for byte.
#[test]
fn the_alerts_table_in_csv_is_exact() {
    let dir = folder("alert-tables-exact");
    let input = concat!(
        "{\"value\":[ {\"id\":\"a\" ,\"severity\":\"high\",\n",
        "\"networkConnections\":[{},{}]} , {\"id\":\"b\",\"x\":{\"y\":[1,\"=2\"]}}]}\n",
        "{\"id\":\"c\",\"networkConnections\":[{\"sourcePort\":443}]}\n",
        "{\"createdDateTime\":\"2022-03-30T13:19:15.8039138Z\",\"x.y\":null,\"networkConnections\":[]}\n",
    );
    fs::write(dir.join("in.json"), input).unwrap();
    let args = [
        "export",
        "in.json",
        "-o",
        "c.csv",
        "--alerts-output",
        "a.CSV",
        "--alert-column",
        "x.y",
        "-q",
    ];
    let output = run_in(&dir, &args, b"");
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let header = "alertId,alertCreatedDateTime,alertEventDateTime,alertLastModifiedDateTime,\
        alertSeverity,alertStatus,alertCategory,alertTitle,alertProvider,alertVendor,alertTenantId,\
        x.y,connectionCount,json\r\n";
    let expected = [
        header,
        "a,,,,high,,,,,,,,2,\"{\"\"id\"\":\"\"a\"\" ,\"\"severity\"\":\"\"high\"\",\n\"\"networkConnections\"\":[{},{}]}\"\r\n",
        "b,,,,,,,,,,,\"[1,\"\"=2\"\"]\",0,\"{\"\"id\"\":\"\"b\"\",\"\"x\"\":{\"\"y\"\":[1,\"\"=2\"\"]}}\"\r\n",
        ",2022-03-30T13:19:15.8039138Z,,,,,,,,,,,0,\"{\"\"createdDateTime\"\":\"\"2022-03-30T13:19:15.8039138Z\"\",\"\"x.y\"\":null,\"\"networkConnections\"\":[]}\"\r\n",
    ];
    assert_eq!(
        fs::read_to_string(dir.join("a.CSV")).unwrap(),
        expected.concat()
    );
    let connections = fs::read_to_string(dir.join("c.csv")).unwrap();
    let lines: Vec<&str> = connections.lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(
        lines[0].starts_with("alertId,alertCreatedDateTime,"),
        "{}",
        lines[0]
    );
    assert!(
        lines[0].contains(",alertTenantId,x.y,applicationName,"),
        "{}",
        lines[0]
    );
    assert!(lines[1].starts_with("a,,,,high,,,,,,,,"), "{}", lines[1]);
    assert_eq!(names_in(&dir), ["a.CSV", "c.csv", "in.json"]);
}

#[test]
fn columns_that_cannot_be_are_usage_errors() {
    let dir = workplace("alert-columns-refused");
    for (name, message) in [
        (
            "alertSeverity",
            "alert column `alertSeverity`: already a column",
        ),
        ("sourcePort", "alert column `sourcePort`: already a column"),
        (
            "connectionCount",
            "alert column `connectionCount`: already a column",
        ),
        ("json", "alert column `json`: already a column"),
        ("", "alert column ``: an empty name"),
        (
            "id",
            "alert column `id`: not context (it is `alertId`, or the rows)",
        ),
        (
            "networkConnections",
            "alert column `networkConnections`: not context (it is `alertId`, or the rows)",
        ),
    ] {
        let args = [
            "export",
            "in.json",
            "-o",
            "out.parquet",
            "--alert-column",
            name,
        ];
        let output = run_in(&dir, &args, b"");
        assert_eq!(output.status.code(), Some(2), "{name}");
        assert_eq!(stderr(&output), format!("msgraph-connections: {message}\n"));
        assert_eq!(fs::read(dir.join("out.parquet")).unwrap(), OLD);
        assert_eq!(names_in(&dir), ["in.json", "out.parquet"]);
    }
    let twice = [
        "export",
        "in.json",
        "-o",
        "new.csv",
        "--alert-column",
        "x",
        "--alert-column",
        "x",
    ];
    let output = run_in(&dir, &twice, b"");
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "msgraph-connections: alert column `x`: already a column\n"
    );
    assert_eq!(names_in(&dir), ["in.json", "out.parquet"]);
}

#[test]
fn an_alerts_output_that_is_an_input_or_another_output_is_refused() {
    let dir = workplace("alerts-output-refused");
    fs::copy(dir.join("in.json"), dir.join("alerts.csv")).unwrap();
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "alerts.csv",
                "-o",
                "new.csv",
                "--alerts-output",
                "alerts.csv",
            ],
            "--alerts-output alerts.csv: is the input alerts.csv; nothing was written",
        ),
        (
            &[
                "in.json",
                "-o",
                "out.parquet",
                "--alerts-output",
                "./out.parquet",
            ],
            "--alerts-output ./out.parquet: is the same file as -o out.parquet; nothing was written",
        ),
        (
            &["in.json", "-o", "new.csv", "--alerts-output", "new.csv"],
            "--alerts-output new.csv: is the same file as -o new.csv; nothing was written",
        ),
        (
            &[
                "in.json",
                "-o",
                "new.csv",
                "--rejects",
                "r.csv",
                "--alerts-output",
                "r.csv",
            ],
            "--alerts-output r.csv: is the same file as --rejects r.csv; nothing was written",
        ),
        (
            &["in.json", "-o", "-", "--alerts-output", "-"],
            "--alerts-output -: is the same file as -o -; nothing was written",
        ),
        (
            &["in.json", "-o", "new.csv", "--alerts-output", "alerts.json"],
            "--alerts-output alerts.json: name it .parquet or .csv",
        ),
        (
            &[
                "in.json",
                "-o",
                "new.csv",
                "--alerts-output",
                "a.csv",
                "--max-alert-size",
                "1073741825",
            ],
            "--max-alert-size 1073741825: at most 1073741824 with --alerts-output (each alert's text is one Arrow string)",
        ),
    ];
    for (args, message) in cases {
        let output = run_in(&dir, &[&["export"], *args].concat(), b"");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&output), format!("msgraph-connections: {message}\n"));
        assert_eq!(fs::read(dir.join("out.parquet")).unwrap(), OLD);
        assert_eq!(names_in(&dir), ["alerts.csv", "in.json", "out.parquet"]);
    }
}

/// Standard output takes the format of `-o`.
#[test]
fn the_alerts_table_goes_to_standard_output_in_the_format_of_the_connections() {
    let dir = workplace("alerts-to-stdout");
    let args = [
        "export",
        "in.json",
        "-o",
        "out.parquet",
        "--alerts-output",
        "-",
        "-q",
    ];
    let output = run_in(&dir, &args, b"");
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert_eq!(&output.stdout[..4], b"PAR1");
    assert_eq!(&fs::read(dir.join("out.parquet")).unwrap()[..4], b"PAR1");
    let args = [
        "export",
        "in.json",
        "-o",
        "new.csv",
        "--alerts-output",
        "-",
        "-q",
    ];
    let output = run_in(&dir, &args, b"");
    let csv = String::from_utf8(output.stdout).unwrap();
    assert!(csv.starts_with("alertId,alertCreatedDateTime,"), "{csv}");
    assert_eq!(csv.lines().count(), 3, "a header and two alerts: {csv}");
    assert_eq!(names_in(&dir), ["in.json", "new.csv", "out.parquet"]);
}

/// A failed write of the alerts table, in either format, is exit 2 naming
/// it, and the other outputs stay as they were.
#[test]
fn a_failed_alerts_output_leaves_the_others_as_they_were() {
    let dir = workplace("alerts-output-full");
    fs::write(dir.join("out.csv"), OLD).unwrap();
    for name in ["full.csv", "full.parquet"] {
        std::os::unix::fs::symlink("/dev/full", dir.join(name)).unwrap();
        let args = [
            "export",
            "in.json",
            "-o",
            "out.csv",
            "--alerts-output",
            name,
            "-q",
        ];
        let output = run_in(&dir, &args, b"");
        assert_eq!(output.status.code(), Some(2), "{name}");
        assert_eq!(
            stderr(&output).lines().last().unwrap(),
            format!(
                "msgraph-connections: {name}: cannot write: No space left on device (os error 28)"
            )
        );
        assert_eq!(fs::read(dir.join("out.csv")).unwrap(), OLD);
        assert_eq!(fs::read(dir.join("out.parquet")).unwrap(), OLD);
    }
    let names = [
        "full.csv",
        "full.parquet",
        "in.json",
        "out.csv",
        "out.parquet",
    ];
    assert_eq!(names_in(&dir), names);
}
