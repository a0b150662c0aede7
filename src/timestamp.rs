//! `Edm.DateTimeOffset` on the wire: parsing RFC 3339 text and writing an
//! instant the way Graph does.

use chrono::{DateTime, Datelike, Timelike, Utc};
use std::fmt;

/// Parses an RFC 3339 timestamp to the instant it names. Digits beyond
/// nanoseconds are accepted and truncated (the text itself is kept by the
/// caller, so nothing is lost on the wire).
pub(crate) fn parse(text: &str) -> Result<DateTime<Utc>, chrono::ParseError> {
    DateTime::parse_from_rfc3339(text).map(|instant| instant.to_utc())
}

/// Whether a text that [`parse`] accepted is exactly what [`GraphTimestamp`]
/// writes for its instant, so that it need not be kept. RFC 3339 fixes the
/// width of every field, so only the separator, the fraction and the offset
/// can differ.
pub(crate) fn is_graph_form(text: &str) -> bool {
    let bytes = text.as_bytes();
    let (Some(&b'T'), Some(&b'Z')) = (bytes.get(10), bytes.last()) else {
        return false;
    };
    match bytes.len() {
        20 => true,
        // A fraction of 1 to 9 digits, without trailing zeros.
        22..=30 => bytes[19] == b'.' && bytes[bytes.len() - 2] != b'0',
        _ => false,
    }
}

/// An instant written as Graph writes timestamps: UTC with `Z`, the fraction
/// with trailing zeros trimmed, and none for whole seconds
/// (`2019-04-16T09:27:45.12Z`).
pub(crate) struct GraphTimestamp(pub(crate) DateTime<Utc>);

impl GraphTimestamp {
    /// Whether the year fits RFC 3339's four digits, so the text reads back.
    pub(crate) fn is_writable(&self) -> bool {
        (0..=9999).contains(&self.0.year())
    }
}

impl fmt::Display for GraphTimestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = &self.0;
        // chrono keeps a leap second as a nanosecond count past one second.
        let (second, nanos) = match t.nanosecond() {
            n if n >= 1_000_000_000 => (60, n - 1_000_000_000),
            n => (t.second(), n),
        };
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            t.year(),
            t.month(),
            t.day(),
            t.hour(),
            t.minute(),
            second
        )?;
        if nanos != 0 {
            let mut digits = 9;
            let mut fraction = nanos;
            while fraction % 10 == 0 {
                fraction /= 10;
                digits -= 1;
            }
            write!(f, ".{fraction:0digits$}")?;
        }
        f.write_str("Z")
    }
}
