//! Writes every network connection of a Graph alert export as CSV.
//!
//! `cargo run --release --example connections_csv -- FILE` (or `-` for
//! standard input). The input can be an alert, a page of alerts, an array of
//! alerts or pages, or NDJSON; it is streamed, so any size runs in constant
//! memory. One row per connection, in input order; RFC 4180 quoting and
//! CRLF line ends; an empty field for a property that is `null` or absent;
//! enum members and timestamps exactly as they appear in the input. A cell
//! that a spreadsheet would run as a formula (it begins with `=`, `+`, `-`,
//! `@`, a tab or a carriage return, and is not a plain number like `-0.5`)
//! is written after a `'`, as Kibana's CSV export does: these fields come
//! from whoever raised the alert.
//!
//! A malformed alert is reported on standard error with its JSON path and
//! position, and the rows of the other alerts are still written; the exit
//! code is then 1.

use msgraph_network_connection::{AlertReader, Property};
use std::io::{self, BufWriter, Read, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: connections_csv FILE   (or - for standard input)");
        return ExitCode::from(2);
    };
    let input: Box<dyn Read> = if path == "-" {
        Box::new(io::stdin().lock())
    } else {
        match std::fs::File::open(&path) {
            Ok(file) => Box::new(file),
            Err(e) => {
                eprintln!("{path}: {e}");
                return ExitCode::from(2);
            }
        }
    };
    match write_csv(input, &mut BufWriter::new(io::stdout().lock())) {
        Ok(0) => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        // A closed pipe (`| head`) ends the output; it is not a failure.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{path}: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Writes the CSV; returns how many malformed alerts were reported.
pub fn write_csv(input: impl Read, out: &mut impl Write) -> io::Result<usize> {
    let mut malformed = 0;
    // The connection's properties in Graph's order, less `@odata.type`.
    let properties: Vec<Property> = Property::ALL
        .iter()
        .copied()
        .filter(|p| *p != Property::ODataType)
        .collect();
    let header = properties.iter().map(|p| p.name());
    write_row(out, std::iter::once("alertId").chain(header).map(Some))?;
    for item in AlertReader::new(input).connections() {
        match item {
            Ok(item) => {
                // Each property's exact text, unrecognized members and
                // timestamps as they came in included.
                let texts: Vec<_> = properties
                    .iter()
                    .map(|p| item.connection.text(*p))
                    .collect();
                let fields = std::iter::once(item.alert_id.as_deref())
                    .chain(texts.iter().map(|text| text.as_deref()));
                write_row(out, fields)?;
            }
            Err(e) if e.is_io() => return Err(e.into()),
            Err(e) => {
                eprintln!("{e}");
                malformed += 1;
            }
        }
    }
    out.flush()?;
    Ok(malformed)
}

/// One CSV record: formulas escaped, fields quoted when they hold a comma,
/// a quote or a line break, quotes doubled (RFC 4180).
fn write_row<'a>(
    out: &mut impl Write,
    fields: impl Iterator<Item = Option<&'a str>>,
) -> io::Result<()> {
    for (i, field) in fields.enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        let field = field.unwrap_or("");
        let escaped;
        let field = if is_formula(field) {
            escaped = format!("'{field}");
            &escaped
        } else {
            field
        };
        if field.contains([',', '"', '\r', '\n']) {
            write!(out, "\"{}\"", field.replace('"', "\"\""))?;
        } else {
            out.write_all(field.as_bytes())?;
        }
    }
    out.write_all(b"\r\n")
}

/// Whether a spreadsheet would run the cell as a formula.
fn is_formula(field: &str) -> bool {
    let number = field
        .parse::<f64>()
        .is_ok_and(|_| field.bytes().all(|b| b"0123456789.eE+-".contains(&b)));
    matches!(
        field.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    ) && !number
}
