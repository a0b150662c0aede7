//! Writes every network connection of a Graph alert export as CSV.
//!
//! `cargo run --release --example connections_csv -- FILE` (or `-` for
//! standard input). The input can be an alert, a page of alerts, an array of
//! alerts or pages, or NDJSON; it is streamed, so any size runs in constant
//! memory. One row per connection, in input order; RFC 4180 quoting and
//! CRLF line ends; an empty field for a property that is `null` or absent;
//! enum members and timestamps exactly as they appear in the input.
//!
//! A malformed alert is reported on standard error with its JSON path and
//! position, and the rows of the other alerts are still written; the exit
//! code is then 1.

use msgraph_network_connection::{AlertReader, NetworkConnection, Property};
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
    let properties = Property::ALL.iter().filter(|p| **p != Property::ODataType);
    write_row(
        out,
        std::iter::once("alertId")
            .chain(properties.map(|p| p.name()))
            .map(Some),
    )?;
    for item in AlertReader::new(input).connections() {
        match item {
            Ok(item) => write_row(
                out,
                fields(item.alert_id.as_deref(), &item.connection)
                    .iter()
                    .map(|f| f.as_deref()),
            )?,
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

fn fields<'a>(
    alert_id: Option<&'a str>,
    c: &'a NetworkConnection,
) -> [Option<std::borrow::Cow<'a, str>>; 21] {
    let text = |field: &'a Option<String>| field.as_deref().map(Into::into);
    [
        alert_id.map(Into::into),
        text(&c.application_name),
        text(&c.destination_address),
        text(&c.destination_domain),
        text(&c.destination_location),
        text(&c.destination_port),
        text(&c.destination_url),
        c.direction.as_ref().map(|d| d.as_str().into()),
        c.domain_registered_date_time_text(),
        text(&c.local_dns_name),
        text(&c.nat_destination_address),
        text(&c.nat_destination_port),
        text(&c.nat_source_address),
        text(&c.nat_source_port),
        c.protocol.as_ref().map(|p| p.as_str().into()),
        text(&c.risk_score),
        text(&c.source_address),
        text(&c.source_location),
        text(&c.source_port),
        c.status.as_ref().map(|s| s.as_str().into()),
        text(&c.url_parameters),
    ]
}

/// One CSV record: fields quoted when they hold a comma, a quote or a line
/// break, quotes doubled (RFC 4180).
fn write_row<'a>(
    out: &mut impl Write,
    fields: impl Iterator<Item = Option<&'a str>>,
) -> io::Result<()> {
    for (i, field) in fields.enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        let field = field.unwrap_or("");
        if field.contains([',', '"', '\r', '\n']) {
            write!(out, "\"{}\"", field.replace('"', "\"\""))?;
        } else {
            out.write_all(field.as_bytes())?;
        }
    }
    out.write_all(b"\r\n")
}
