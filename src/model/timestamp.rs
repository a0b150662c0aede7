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

impl GraphTimestamp {
    /// The longest text: `YYYY-MM-DDTHH:MM:SS.fffffffffZ`.
    pub(crate) const MAX_LEN: usize = 30;

    /// Writes the text into `buf` and returns it. Digits are written by
    /// hand because this is on the serialization path and `fmt` is slow;
    /// years outside 0000-9999 keep only their last four digits (callers
    /// check [`is_writable`](Self::is_writable) first).
    pub(crate) fn write_into<'b>(&self, buf: &'b mut [u8; Self::MAX_LEN]) -> &'b str {
        // The naive value's fields are stored; `DateTime`'s are recomputed
        // from the offset on every call.
        let t = self.0.naive_utc();
        // chrono keeps a leap second as a nanosecond count past one second.
        let (second, nanos) = match t.nanosecond() {
            n if n >= 1_000_000_000 => (60, n - 1_000_000_000),
            n => (t.second(), n),
        };
        let year = t.year().rem_euclid(10_000) as u32;
        let fields = [
            (year, 4, b'-'),
            (t.month(), 2, b'-'),
            (t.day(), 2, b'T'),
            (t.hour(), 2, b':'),
            (t.minute(), 2, b':'),
            (second, 2, b'.'),
        ];
        let mut len = 0;
        for (value, width, separator) in fields {
            put_digits(&mut buf[len..len + width], value);
            buf[len + width] = separator;
            len += width + 1;
        }
        if nanos == 0 {
            len -= 1; // no fraction: drop the `.`
        } else {
            let mut digits = 9;
            let mut fraction = nanos;
            while fraction % 10 == 0 {
                fraction /= 10;
                digits -= 1;
            }
            put_digits(&mut buf[len..len + digits], fraction);
            len += digits;
        }
        buf[len] = b'Z';
        std::str::from_utf8(&buf[..=len]).expect("ASCII digits and separators")
    }
}

/// Writes `value` as decimal digits filling `out`, with leading zeros.
fn put_digits(out: &mut [u8], mut value: u32) {
    for digit in out.iter_mut().rev() {
        *digit = b'0' + (value % 10) as u8;
        value /= 10;
    }
}

/// Graph's form where the year has four digits; otherwise ISO 8601's
/// expanded form with a sign (`+10000-01-01T00:00:00Z`), which is not RFC
/// 3339 (so writing refuses it) but names the same instant.
impl fmt::Display for GraphTimestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.is_writable() {
            let text = self.0.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
            return f.write_str(&text);
        }
        f.write_str(self.write_into(&mut [0; Self::MAX_LEN]))
    }
}
