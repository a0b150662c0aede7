//! `msgraph-connections` run as a user runs it: exit codes, the rejects
//! file, standard input, and CSV equal to the example's with the alert's
//! context added (`context`, against Python and DuckDB); the alerts table
//! and alert columns asked for (`alert_tables`); what it does to
//! the user's files (`outputs`, `adversary`), to spreadsheet formulas
//! (`cells`), and to broken input (`reading`, `truncated`).

mod adversary;
mod alert_tables;
mod cells;
mod context;
mod outputs;
mod reading;
mod truncated;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

#[allow(dead_code)]
#[path = "../../examples/connections_csv.rs"]
mod connections_csv;

/// What `tests/support/SCRIPT` prints when run with `args`; a failed run
/// fails the test with its output.
fn python(script: &str, args: &[&str]) -> String {
    let script = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/support")
        .join(script);
    let output = Command::new("python3")
        .arg(script)
        .args(args)
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "{args:?}: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn temp(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("msgraph-cli-{}-{name}", std::process::id()))
}

/// A new, empty folder for one test, removed when the test ends.
fn folder(name: &str) -> Scratch {
    let folder = temp(name);
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    Scratch(folder)
}

struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = Path;

    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The names in a folder, sorted: no temporary file may be left there.
fn names_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

/// A CSV of the export less the alert's context columns (those between
/// `alertId` and `applicationName`): the `connections_csv` example's CSV.
fn without_context(csv: &[u8]) -> String {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv);
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let mut context = 0..0;
    for (i, record) in reader.records().enumerate() {
        let record = record.unwrap();
        if i == 0 {
            let end = record.iter().position(|f| f == "applicationName").unwrap();
            context = 1..end;
        }
        let kept = record
            .iter()
            .enumerate()
            .filter(|(i, _)| !context.contains(i));
        writer.write_record(kept.map(|(_, field)| field)).unwrap();
    }
    String::from_utf8(writer.into_inner().unwrap()).unwrap()
}

fn command() -> Command {
    Command::new(env!("CARGO_BIN_EXE_msgraph-connections"))
}

fn run(args: &[&str], stdin: &[u8]) -> Output {
    run_in(Path::new("."), args, stdin)
}

/// Runs the command in `dir`, so that relative spellings of paths can be
/// tried.
fn run_in(dir: &Path, args: &[&str], stdin: &[u8]) -> Output {
    let mut child = command()
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn corpus(name: &str) -> String {
    format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Every payload of `tests/data`, sorted.
fn corpus_files() -> Vec<String> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut inputs: Vec<String> = std::fs::read_dir(data)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| p.to_str().unwrap().to_string())
        .collect();
    inputs.sort();
    inputs
}

const INPUT: &str = concat!(
    r#"{"id":"a","networkConnections":[{"protocol":"tcp","sourcePort":"443"}]}"#,
    "\n",
    r#"{"id":"b","networkConnections":[{"sourcePort":443}]}"#,
    "\n",
    "<html>502 Bad Gateway</html>\n",
    r#"{"id":"c","networkConnections":[{"protocol":"quic","sourceLocation":"Dublin, IE"}]}"#,
    "\n",
);

#[test]
fn csv_from_stdin_equals_the_example_and_rejects_are_kept() {
    let out = temp("out.csv");
    let rejects = temp("rejects.ndjson");
    let output = run(
        &[
            "export",
            "-",
            "-o",
            out.to_str().unwrap(),
            "--rejects",
            rejects.to_str().unwrap(),
            "--quiet",
        ],
        INPUT.as_bytes(),
    );
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        concat!(
            "-: networkConnections[0].sourcePort: invalid type: integer `443`, expected a string or null at line 2 column 49\n",
            "-: expected an alert, a page or an array of them (`{` or `[`) at line 3 column 1\n",
        )
    );
    let mut example = Vec::new();
    connections_csv::write_csv(INPUT.as_bytes(), &mut example).unwrap();
    let csv = std::fs::read(&out).unwrap();
    assert_eq!(without_context(&csv), String::from_utf8(example).unwrap());
    assert_eq!(
        std::fs::read_to_string(&rejects).unwrap(),
        concat!(
            r#"{"input":"-","path":"networkConnections[0].sourcePort","line":2,"column":49,"error":"networkConnections[0].sourcePort: invalid type: integer `443`, expected a string or null at line 2 column 49","text":"{\"id\":\"b\",\"networkConnections\":[{\"sourcePort\":443}]}"}"#,
            "\n",
            r#"{"input":"-","path":"","line":3,"column":1,"error":"expected an alert, a page or an array of them (`{` or `[`) at line 3 column 1","text":"<html>502 Bad Gateway</html>\n"}"#,
            "\n",
        )
    );
    std::fs::remove_file(out).unwrap();
    std::fs::remove_file(rejects).unwrap();
}

#[test]
fn several_inputs_in_order_to_parquet_and_csv() {
    let inputs = [
        corpus("xsoar_msgraphsecurity_search_alerts_mock_response.json"),
        corpus("cli-m365_spec_alertASC.json"),
    ];
    let csv = temp("corpus.csv");
    let output = run(
        &[
            "export",
            &inputs[0],
            &inputs[1],
            "-o",
            csv.to_str().unwrap(),
            "--threads",
            "2",
            "--quiet",
        ],
        b"",
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(output.stderr.is_empty());
    let mut example = Vec::new();
    for input in &inputs {
        let mut one = Vec::new();
        connections_csv::write_csv(std::fs::read(input).unwrap().as_slice(), &mut one).unwrap();
        // One header for the whole output.
        let body = if example.is_empty() {
            &one[..]
        } else {
            &one[one.iter().position(|&b| b == b'\n').unwrap() + 1..]
        };
        example.extend_from_slice(body);
    }
    assert_eq!(
        without_context(&std::fs::read(&csv).unwrap()),
        String::from_utf8(example).unwrap()
    );

    let parquet = temp("corpus.parquet");
    let output = run(
        &[
            "export",
            &inputs[0],
            &inputs[1],
            "-o",
            parquet.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_eq!(&std::fs::read(&parquet).unwrap()[..4], b"PAR1");
    std::fs::remove_file(csv).unwrap();
    std::fs::remove_file(parquet).unwrap();
}

#[test]
fn a_closing_line_says_what_was_read_and_how_fast() {
    let out = temp("closing.PARQUET");
    let output = run(
        &["export", "-", "-o", out.to_str().unwrap()],
        INPUT.as_bytes(),
    );
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let stderr = stderr(&output);
    let closing = stderr.lines().last().unwrap();
    let prefix = format!(
        "msgraph-connections: 2 alerts, 2 connections, 2 rejected; {:.1} MB in ",
        INPUT.len() as f64 / 1e6
    );
    let rest = closing.strip_prefix(&prefix).expect(closing);
    let (seconds, rate) = rest.split_once(" s (").expect(closing);
    let seconds: f64 = seconds.parse().expect(closing);
    let rate: f64 = rate
        .strip_suffix(" MB/s)")
        .expect(closing)
        .parse()
        .expect(closing);
    assert!(seconds >= 0.0 && rate >= 0.0, "{closing}");
    assert_eq!(
        stderr.lines().count(),
        3,
        "two rejects, then the closing line"
    );
    assert_eq!(
        &std::fs::read(&out).unwrap()[..4],
        b"PAR1",
        "an upper-case extension"
    );
    std::fs::remove_file(out).unwrap();
}

#[test]
fn usage_and_io_errors_exit_2() {
    let missing = run(
        &[
            "export",
            "/nonexistent/alerts.json",
            "-o",
            temp("x.csv").to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(missing.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(missing.stderr).unwrap(),
        "msgraph-connections: /nonexistent/alerts.json: No such file or directory (os error 2)\n"
    );
    let format = run(&["export", "-", "-o", "out.txt"], b"");
    assert_eq!(format.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(format.stderr).unwrap(),
        "msgraph-connections: out.txt: say --format parquet or --format csv\n"
    );
    let usage = run(&["export", "-"], b"");
    assert_eq!(usage.status.code(), Some(2));
    let help = run(&["export", "--help"], b"");
    assert_eq!(help.status.code(), Some(0));
    assert!(
        String::from_utf8(help.stdout)
            .unwrap()
            .contains("msgraph-connections export alerts-2025-*.ndjson -o connections.parquet")
    );
}
