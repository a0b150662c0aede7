//! `Edm.DateTimeOffset` on the wire: parsing RFC 3339 text and writing an
//! instant the way Graph does.

use chrono::{DateTime, Datelike, Timelike, Utc};
use std::fmt;

/// Parses an RFC 3339 timestamp to the instant it names. Digits beyond
/// nanoseconds are accepted and truncated (the text itself is kept by the
/// caller, so nothing is lost on the wire).
pub(crate) fn parse(text: &str) -> Result<DateTime<Utc>, chrono::ParseError> {
    match parse_common(text.as_bytes()) {
        Some(instant) => Ok(instant),
        None => DateTime::parse_from_rfc3339(text).map(|instant| instant.to_utc()),
    }
}

/// The forms Graph and .NET write (`T`, up to nine fraction digits, `Z` or
/// `+00:00`), read without chrono's general parser, which measured 440
/// instructions a timestamp against about 100 here. `None` for any other
/// text, which chrono then reads (or refuses); what this accepts, chrono
/// accepts as the same instant (`tests` below compare the two).
fn parse_common(bytes: &[u8]) -> Option<DateTime<Utc>> {
    let body = match bytes {
        [body @ .., b'Z'] => body,
        [body @ .., b'+', b'0', b'0', b':', b'0', b'0'] => body,
        _ => return None,
    };
    let (fixed, fraction) = match body.split_at_checked(19)? {
        (fixed, []) => (fixed, &[][..]),
        (fixed, [b'.', digits @ ..]) if (1..=9).contains(&digits.len()) => (fixed, digits),
        _ => return None,
    };
    let number = |digits: &[u8]| {
        digits.iter().try_fold(0u32, |value, &b| {
            b.is_ascii_digit().then(|| value * 10 + u32::from(b - b'0'))
        })
    };
    let separators = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
    if separators.iter().any(|&(at, b)| fixed[at] != b) {
        return None;
    }
    let date = chrono::NaiveDate::from_ymd_opt(
        number(&fixed[0..4])? as i32,
        number(&fixed[5..7])?,
        number(&fixed[8..10])?,
    )?;
    let nanos = number(fraction)? * 10u32.pow(9 - fraction.len() as u32);
    // A leap second (`:60`) is left to chrono.
    let time = chrono::NaiveTime::from_hms_nano_opt(
        number(&fixed[11..13])?,
        number(&fixed[14..16])?,
        number(&fixed[17..19]).filter(|&second| second < 60)?,
        nanos,
    )?;
    Some(date.and_time(time).and_utc())
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
    #[inline]
    pub(crate) fn is_writable(&self) -> bool {
        // `naive_utc`: the `DateTime` accessors add the (zero) offset first.
        (0..=9999).contains(&self.0.naive_utc().year())
    }

    /// The longest text: `YYYY-MM-DDTHH:MM:SS.fffffffffZ`.
    pub(crate) const MAX_LEN: usize = 30;

    /// The text. Digits are written two at a time from a table, the
    /// fraction's eight at once and trimmed without a branch per digit,
    /// because this is on the serialization path, where `fmt` and a
    /// digit-by-digit loop cost several times what copying a string does
    /// (and varying fractions mispredict a loop); years outside
    /// 0000-9999 keep only their last four digits (callers check
    /// [`is_writable`](Self::is_writable) first).
    // Inlined so the text is built where it is written, not copied out.
    #[inline(always)]
    pub(crate) fn text(&self) -> TimestampText {
        let mut text = TimestampText {
            bytes: [b'0'; Self::MAX_LEN],
            len: 0,
        };
        let buf = &mut text.bytes;
        let t = self.0.naive_utc();
        let (date, time) = (t.date(), t.time());
        // chrono keeps a leap second as a nanosecond count past one second.
        let (leap, nanos) = match time.nanosecond() {
            n if n >= 1_000_000_000 => (1, n - 1_000_000_000),
            n => (0, n),
        };
        let seconds = time.num_seconds_from_midnight();
        let year = date.year().rem_euclid(10_000) as u32;
        put_two(&mut buf[0..2], year / 100);
        put_two(&mut buf[2..4], year % 100);
        put_two(&mut buf[5..7], date.month());
        put_two(&mut buf[8..10], date.day());
        put_two(&mut buf[11..13], seconds / 3600);
        put_two(&mut buf[14..16], seconds / 60 % 60);
        put_two(&mut buf[17..19], seconds % 60 + leap);
        buf[4] = b'-';
        buf[7] = b'-';
        buf[10] = b'T';
        buf[13] = b':';
        buf[16] = b':';
        let mut len = 19;
        if nanos != 0 {
            // The first digit, then eight at once; the trailing zeros to
            // trim are the high zero bytes of the eight (the last digits).
            let rest = eight_digits(nanos % 100_000_000);
            buf[19] = b'.';
            buf[20] = b'0' + (nanos / 100_000_000) as u8;
            buf[21..29].copy_from_slice(&(rest | ASCII_ZEROS).to_le_bytes());
            len = 29 - (rest.leading_zeros() / 8) as usize;
        }
        buf[len] = b'Z';
        text.len = len + 1;
        text
    }
}

/// A timestamp's text, built by [`GraphTimestamp::text`] only.
pub(crate) struct TimestampText {
    /// ASCII only: filled with `0`s, then written with digits and `-T:.Z`.
    bytes: [u8; GraphTimestamp::MAX_LEN],
    len: usize,
}

impl TimestampText {
    #[inline]
    pub(crate) fn as_str(&self) -> &str {
        debug_assert!(self.bytes.is_ascii());
        // SAFETY: the bytes are ASCII (see the field), so UTF-8. Checking
        // them with `from_utf8` measured 88 instructions a timestamp, a
        // third of writing it (callgrind, serializing 20,000 timestamps).
        unsafe { std::str::from_utf8_unchecked(&self.bytes[..self.len]) }
    }
}

const ASCII_ZEROS: u64 = u64::from_le_bytes([b'0'; 8]);

/// The eight decimal digits of `value` (below 10^8) as byte values 0-9, the
/// first digit in the lowest byte: halved into four-digit lanes, then
/// two-digit lanes, then digits, every lane divided at once.
#[inline(always)]
fn eight_digits(value: u32) -> u64 {
    let value = u64::from(value);
    let fours = (value / 10_000) | ((value % 10_000) << 32);
    let hundreds = by_100(fours) & 0x0000_007f_0000_007f;
    let pairs = hundreds | ((fours - hundreds * 100) << 16);
    let tens = by_10(pairs) & 0x000f_000f_000f_000f;
    tens | ((pairs - tens * 10) << 8)
}

/// `x / 100` for `x` below 10^4, by a reciprocal: exact there (tested), and
/// the product stays inside a 32-bit lane.
#[inline(always)]
fn by_100(x: u64) -> u64 {
    (x * 10_486) >> 20
}

/// `x / 10` for `x` below 100, by a reciprocal: exact there (tested), and
/// the product stays inside a 16-bit lane.
#[inline(always)]
fn by_10(x: u64) -> u64 {
    (x * 103) >> 10
}

/// Writes `value` (below 100) as two decimal digits.
#[inline(always)]
fn put_two(out: &mut [u8], value: u32) {
    const PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819\
        2021222324252627282930313233343536373839\
        4041424344454647484950515253545556575859\
        6061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899";
    let at = value as usize * 2;
    out.copy_from_slice(&PAIRS[at..at + 2]);
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
        f.write_str(self.text().as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::{GraphTimestamp, by_10, by_100, eight_digits, parse_common};
    use chrono::{DateTime, NaiveDate, Timelike};

    #[test]
    fn the_reciprocals_divide_exactly_below_their_bounds() {
        for x in 0..10_000u64 {
            assert_eq!(by_100(x), x / 100, "{x}");
        }
        for x in 0..100u64 {
            assert_eq!(by_10(x), x / 10, "{x}");
        }
    }

    #[test]
    fn eight_digits_are_the_decimal_digits() {
        let values = (0..100_000_000)
            .step_by(9_973)
            .chain([0, 1, 9, 10, 99_999_999, 10_000_000, 12_345_678, 90_000_000]);
        for value in values {
            let digits: Vec<u8> = eight_digits(value)
                .to_le_bytes()
                .iter()
                .map(|digit| b'0' + digit)
                .collect();
            assert_eq!(digits, format!("{value:08}").as_bytes(), "{value}");
        }
    }

    /// The text against chrono's own formatting, trimmed as Graph trims:
    /// every count of trailing zeros, leap seconds, the first and last years.
    #[test]
    fn the_text_is_chronos_with_the_fraction_trimmed() {
        let mut nanos: Vec<u32> = (0..=9)
            .map(|zeros| 123_456_789 / 10u32.pow(zeros) * 10u32.pow(zeros))
            .collect();
        nanos.extend([
            0,
            1,
            100_000_000,
            999_999_999,
            1_000_000_000,
            1_999_999_999,
            1_500_000_000,
        ]);
        nanos.extend((0..1_000_000_000).step_by(7_777_777));
        let dates = [
            (0, 1, 1),
            (1970, 1, 1),
            (2019, 4, 16),
            (2020, 2, 29),
            (9999, 12, 31),
        ];
        let mut compared = 0;
        for (year, month, day) in dates {
            for &nano in &nanos {
                let second = if nano >= 1_000_000_000 { 59 } else { 45 };
                let Some(instant) = NaiveDate::from_ymd_opt(year, month, day)
                    .and_then(|date| date.and_hms_nano_opt(23, 58, second, nano))
                else {
                    continue;
                };
                let instant = instant.and_utc();
                let mut expected = instant.format("%Y-%m-%dT%H:%M:%S%.9f").to_string();
                if instant.nanosecond() >= 1_000_000_000 {
                    // chrono writes a leap second as :59 with the fraction over one.
                    expected = instant.format("%Y-%m-%dT%H:%M:60%.9f").to_string();
                }
                let expected = expected
                    .trim_end_matches('0')
                    .trim_end_matches('.')
                    .to_string()
                    + "Z";
                assert_eq!(
                    GraphTimestamp(instant).text().as_str(),
                    expected,
                    "{instant:?}"
                );
                compared += 1;
            }
        }
        assert!(compared > 600, "{compared}");
    }

    /// Every text the fast reader accepts, chrono accepts as the same
    /// instant; and it accepts the common forms. The texts are the common
    /// forms with each byte in turn replaced by each byte that matters to
    /// the grammar, and with bytes cut from the end.
    #[test]
    fn the_fast_reader_agrees_with_chrono() {
        let forms = [
            "2019-04-16T09:27:45Z",
            "2019-04-16T09:27:45.1Z",
            "2019-04-16T09:27:45.1234567Z",
            "2019-04-16T09:27:45.123456789Z",
            "2019-04-16T09:27:45.1234567+00:00",
            "2019-04-16T09:27:45+00:00",
            "2020-02-29T23:59:59.999999999Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:60.5Z",
        ];
        let replacements = b"0123456789-+:.TtZz 5\x00\xff";
        let mut compared = 0;
        for form in forms {
            let mut texts = vec![form.as_bytes().to_vec()];
            for at in 0..form.len() {
                for &b in replacements.iter() {
                    let mut text = form.as_bytes().to_vec();
                    text[at] = b;
                    texts.push(text);
                }
                texts.push(form.as_bytes()[..at].to_vec());
                let mut longer = form.as_bytes().to_vec();
                longer.insert(at, b'1');
                texts.push(longer);
            }
            for text in texts {
                let fast = parse_common(&text);
                let chrono = std::str::from_utf8(&text)
                    .ok()
                    .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
                    .map(|instant| instant.to_utc());
                if let Some(fast) = fast {
                    assert_eq!(Some(fast), chrono, "{}", String::from_utf8_lossy(&text));
                    compared += 1;
                }
            }
        }
        assert!(compared > 100, "{compared}");
        for form in &forms[..8] {
            assert!(parse_common(form.as_bytes()).is_some(), "{form}");
        }
        assert_eq!(parse_common(b"9999-12-31T23:59:60.5Z"), None);
    }
}
