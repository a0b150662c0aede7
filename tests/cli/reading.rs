//! `msgraph-connections export` at the reader's edges: a line cut short
//! costs that line only, a document that is not an alert is refused by
//! what it is, and each refusal's exact text is in the rejects file.

use super::{connections_csv, run, temp, without_context};

const A: &str = r#"{"id":"a","networkConnections":[{"protocol":"tcp"}]}"#;
const B: &str = r#"{"id":"b","networkConnections":[{"protocol":"udp"}]}"#;
const C: &str = r#"[{"id":"c","networkConnections":[{"protocol":"icmp"}]},7]"#;
const GRAPH_ERROR: &str = r#"{"error":{"code":"Forbidden","message":"Insufficient privileges"}}"#;

#[test]
fn every_good_line_is_exported_and_every_refusal_has_its_text() {
    let input = format!("{A}\n{{\"id\":\"cut\"\n{B}\n{GRAPH_ERROR}\n{C}\n");
    for threads in ["1", "2"] {
        let out = temp(&format!("reading-out-{threads}.csv"));
        let rejects = temp(&format!("reading-rejects-{threads}.ndjson"));
        let output = run(
            &[
                "export",
                "-",
                "-o",
                out.to_str().unwrap(),
                "--rejects",
                rejects.to_str().unwrap(),
                "--threads",
                threads,
                "--quiet",
            ],
            input.as_bytes(),
        );
        assert_eq!(output.status.code(), Some(1), "{output:?}");
        assert_eq!(
            String::from_utf8(output.stderr).unwrap(),
            concat!(
                "-: expected `,` or `}` at line 3 column 1, in the value that starts at line 2 column 1\n",
                "-: a Graph error response, not an alert: Forbidden: Insufficient privileges at line 4 column 1\n",
                "-: [1]: expected an alert or a page object at line 5 column 56\n",
            )
        );
        // The good alerts' rows, as the example writes them from the good
        // lines alone.
        let good = format!("{A}\n{B}\n{}]\n", &C[..C.len() - 3]);
        let mut expected = Vec::new();
        connections_csv::write_csv(good.as_bytes(), &mut expected).unwrap();
        assert_eq!(
            without_context(&std::fs::read(&out).unwrap()),
            String::from_utf8(expected).unwrap()
        );
        assert_eq!(
            std::fs::read_to_string(&rejects).unwrap(),
            concat!(
                r#"{"input":"-","path":"","line":2,"column":1,"error":"expected `,` or `}` at line 3 column 1, in the value that starts at line 2 column 1","text":"{\"id\":\"cut\"\n"}"#,
                "\n",
                r#"{"input":"-","path":"","line":4,"column":1,"error":"a Graph error response, not an alert: Forbidden: Insufficient privileges at line 4 column 1","text":"{\"error\":{\"code\":\"Forbidden\",\"message\":\"Insufficient privileges\"}}"}"#,
                "\n",
                r#"{"input":"-","path":"[1]","line":5,"column":56,"error":"[1]: expected an alert or a page object at line 5 column 56","text":"7"}"#,
                "\n",
            )
        );
        std::fs::remove_file(out).unwrap();
        std::fs::remove_file(rejects).unwrap();
    }
}
