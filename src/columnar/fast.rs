//! The common alert read in one tight pass over its bytes, without serde.
//!
//! Most alerts are plain: names and strings without escapes, short
//! numbers, shallow objects. Read through serde, each value costs a
//! visitor's dispatch, an `Option<Cow>` and a copy of the row holding it,
//! several times the cost of the bytes themselves. This reader takes such
//! an alert as the serde path ([`direct`](super::direct)) does, to the same
//! rows, `id` and captured context, and leaves everything else to that
//! path by returning `None`, having decided nothing: a name with an
//! escape, a string with a control character or an escaped UTF-16
//! surrogate, a number with an exponent or more than
//! 15 digits (serde_json refuses some of those as out of range), nesting
//! deeper than 32, an object of more than 64 names, a name given twice, a
//! value of a type a column does not take, a bad timestamp, more
//! connections than asked, bytes after the alert. The serde path then
//! reads the alert, and refuses it or not by its own rules.
//! `fast_tests.rs` compares the two on the corpus, generated alerts and
//! every truncation and many mutations of them.

use super::capture::{Capture, Captured};
use super::direct::{Read, Row};
use super::layout::Layout;
use super::string_scan::special;
use crate::Property;
use crate::model::parse_timestamp;
use std::borrow::Cow;

/// Nesting past this is left to serde_json, whose limit is 128.
const DEEPEST: usize = 32;
/// Names past this in one object are left to the serde path, which has no
/// quadratic search for repeats.
const MOST_NAMES: usize = 64;
/// A number of at most this many digits and no exponent is in range.
const MOST_DIGITS: usize = 15;

/// Reads the alert object `text`, at most `most_rows` of its connections
/// into `rows` and the context properties of `layout` into `capture`;
/// `None` (with `rows` and `capture` partly filled) for anything left to
/// the serde path.
pub(super) fn read_alert<'de>(
    text: &'de str,
    layout: &Layout,
    most_rows: usize,
    rows: &mut Vec<Row<'de>>,
    capture: &mut Capture<'de>,
) -> Option<Read<'de>> {
    let mut cursor = Cursor { text, at: 0 };
    let (mut id, mut alert_key, mut value_first) = (None, false, false);
    let mut names = Names::default();
    cursor.open(b'{', b'}', |cursor| {
        let name = cursor.name(&mut names)?;
        match name {
            "id" => {
                alert_key = true;
                id = cursor.text_or_null()?;
            }
            "networkConnections" => {
                alert_key = true;
                cursor.connections(rows, most_rows)?;
            }
            _ => {
                value_first |= !alert_key && name == "value";
                match layout.slot(name) {
                    Some(slot) => capture.values[slot] = Some(cursor.captured(layout, slot)?),
                    None => cursor.skip_value(1)?,
                }
            }
        }
        Some(())
    })?;
    cursor.blank();
    (cursor.at == text.len()).then_some(Read {
        id,
        alert_shaped: alert_key && !value_first,
    })
}

/// The names of one object read so far.
struct Names<'de> {
    names: [&'de str; MOST_NAMES],
    len: usize,
}

impl Default for Names<'_> {
    fn default() -> Self {
        Names {
            names: [""; MOST_NAMES],
            len: 0,
        }
    }
}

impl<'de> Names<'de> {
    /// `None` for a name already read, or one too many.
    fn insert(&mut self, name: &'de str) -> Option<()> {
        let read = &self.names[..self.len];
        if self.len == MOST_NAMES || read.contains(&name) {
            return None;
        }
        self.names[self.len] = name;
        self.len += 1;
        Some(())
    }
}

/// Where the reading is in the alert's text.
struct Cursor<'de> {
    text: &'de str,
    at: usize,
}

impl<'de> Cursor<'de> {
    fn bytes(&self) -> &'de [u8] {
        self.text.as_bytes()
    }

    /// Passes over JSON's blanks.
    #[inline]
    fn blank(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.bytes().get(self.at) {
            self.at += 1;
        }
    }

    /// The next byte after blanks, not taken.
    #[inline]
    fn peek(&mut self) -> Option<u8> {
        self.blank();
        self.bytes().get(self.at).copied()
    }

    #[inline]
    fn eat(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then(|| self.at += 1)
    }

    /// `word` (`null`, `true`, `false`), after blanks.
    fn word(&mut self, word: &[u8]) -> Option<()> {
        self.blank();
        let found = self.bytes()[self.at..].starts_with(word);
        found.then(|| self.at += word.len())
    }

    /// A string without escapes or control characters: a name.
    fn string(&mut self) -> Option<&'de str> {
        self.eat(b'"')?;
        let rest = &self.bytes()[self.at..];
        let end = special(rest);
        if rest.get(end) != Some(&b'"') {
            return None;
        }
        let start = self.at;
        self.at += end + 1;
        // Quotes are ASCII: both ends are boundaries of the UTF-8 text.
        self.text.get(start..start + end)
    }

    /// A string value: borrowed, or with its escapes decoded (but for
    /// escapes of UTF-16 surrogates, whose rules are left to serde_json).
    fn text(&mut self) -> Option<Cow<'de, str>> {
        self.eat(b'"')?;
        let mut decoded: Option<String> = None;
        // Where the bytes not yet decoded start.
        let mut from = self.at;
        loop {
            let rest = &self.bytes()[self.at..];
            let end = special(rest);
            let &byte = rest.get(end)?;
            if byte < 0x20 {
                return None;
            }
            self.at += end;
            let run = self.text.get(from..self.at)?;
            if byte == b'"' {
                self.at += 1;
                return Some(match decoded {
                    None => Cow::Borrowed(run),
                    Some(mut decoded) => {
                        decoded.push_str(run);
                        Cow::Owned(decoded)
                    }
                });
            }
            let decoded = decoded.get_or_insert_with(|| String::with_capacity(2 * run.len() + 16));
            decoded.push_str(run);
            self.escape(decoded)?;
            from = self.at;
        }
    }

    /// The escape after a backslash, decoded onto `decoded`.
    fn escape(&mut self, decoded: &mut String) -> Option<()> {
        let escape = *self.bytes().get(self.at + 1)?;
        self.at += 2;
        decoded.push(match escape {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let hex = self.bytes().get(self.at..self.at + 4)?;
                let code = hex.iter().try_fold(0, |code, &digit| {
                    Some(code * 16 + char::from(digit).to_digit(16)?)
                })?;
                self.at += 4;
                // A surrogate is not a `char`: left to serde_json.
                char::from_u32(code)?
            }
            _ => return None,
        });
        Some(())
    }

    /// A property's name, not read before in its object, and its colon.
    fn name(&mut self, names: &mut Names<'de>) -> Option<&'de str> {
        let name = self.string()?;
        names.insert(name)?;
        self.eat(b':')?;
        Some(name)
    }

    /// A string, or `null` as `None`.
    fn text_or_null(&mut self) -> Option<Option<Cow<'de, str>>> {
        match self.peek()? {
            b'"' => self.text().map(Some),
            b'n' => self.word(b"null").map(|()| None),
            _ => None,
        }
    }

    /// An object (`{`, `}`) or array (`[`, `]`), each member read by
    /// `member`.
    fn open(
        &mut self,
        open: u8,
        close: u8,
        mut member: impl FnMut(&mut Self) -> Option<()>,
    ) -> Option<()> {
        self.eat(open)?;
        if self.peek()? == close {
            self.at += 1;
            return Some(());
        }
        loop {
            member(self)?;
            match self.peek()? {
                b',' => self.at += 1,
                byte if byte == close => {
                    self.at += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// Checks and passes over any value at nesting `depth`.
    fn skip_value(&mut self, depth: usize) -> Option<()> {
        if depth > DEEPEST {
            return None;
        }
        match self.peek()? {
            b'"' => self.text().map(drop),
            b'{' => {
                let mut names = Names::default();
                self.open(b'{', b'}', |cursor| {
                    cursor.name(&mut names)?;
                    cursor.skip_value(depth + 1)
                })
            }
            b'[' => self.open(b'[', b']', |cursor| cursor.skip_value(depth + 1)),
            b'n' => self.word(b"null"),
            b't' => self.word(b"true"),
            b'f' => self.word(b"false"),
            _ => self.number(),
        }
    }

    /// A number of JSON's grammar, of at most [`MOST_DIGITS`] digits and
    /// without an exponent.
    fn number(&mut self) -> Option<()> {
        let bytes = self.bytes();
        let start = self.at;
        let mut at = start + usize::from(bytes.get(start) == Some(&b'-'));
        let digits = |at: usize| {
            bytes[at.min(bytes.len())..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count()
        };
        let whole = digits(at);
        if whole == 0 || (whole > 1 && bytes[at] == b'0') {
            return None;
        }
        at += whole;
        let mut fraction = 0;
        if bytes.get(at) == Some(&b'.') {
            fraction = digits(at + 1);
            if fraction == 0 {
                return None;
            }
            at += 1 + fraction;
        }
        let exponent = matches!(bytes.get(at), Some(b'e' | b'E'));
        if exponent || whole + fraction > MOST_DIGITS {
            return None;
        }
        self.at = at;
        Some(())
    }

    /// `networkConnections`: `null`, or an array of connection objects.
    fn connections(&mut self, rows: &mut Vec<Row<'de>>, most: usize) -> Option<()> {
        if self.peek()? == b'n' {
            return self.word(b"null");
        }
        self.open(b'[', b']', |cursor| {
            if rows.len() == most {
                return None;
            }
            rows.push(cursor.row()?);
            Some(())
        })
    }

    /// One connection object: each known property a string or `null`.
    fn row(&mut self) -> Option<Row<'de>> {
        let mut row = Row::empty();
        // Known properties read, by bit; other names in `names`.
        let (mut known, mut names) = (0u64, Names::default());
        self.open(b'{', b'}', |cursor| {
            let name = cursor.string()?;
            cursor.eat(b':')?;
            let Some(property) = Property::from_name(name) else {
                names.insert(name)?;
                return cursor.skip_value(4);
            };
            let bit = 1u64 << (property as usize);
            if known & bit != 0 {
                return None;
            }
            known |= bit;
            let text = cursor.text_or_null()?;
            if property == Property::DomainRegisteredDateTime
                && let Some(text) = &text
            {
                row.instant = Some(parse_timestamp(text).ok()?.timestamp_micros());
            }
            row.set(property, text);
            Some(())
        })?;
        Some(row)
    }

    /// The value of a context property: a string, `null`, or the object
    /// whose children the layout takes.
    fn captured(&mut self, layout: &Layout, slot: usize) -> Option<Captured<'de>> {
        let children = layout.properties[slot].children_read();
        match self.peek()? {
            b'{' if !children.is_empty() => {
                let mut values: Vec<Option<Captured<'de>>> =
                    children.iter().map(|_| None).collect();
                let mut names = Names::default();
                self.open(b'{', b'}', |cursor| {
                    let name = cursor.name(&mut names)?;
                    match children.iter().position(|child| child == name) {
                        Some(index) => values[index] = Some(cursor.text_or_null_captured()?),
                        None => cursor.skip_value(3)?,
                    }
                    Some(())
                })?;
                Some(Captured::Children(values))
            }
            _ => self.text_or_null_captured(),
        }
    }

    fn text_or_null_captured(&mut self) -> Option<Captured<'de>> {
        Some(match self.text_or_null()? {
            Some(text) => Captured::Text(text),
            None => Captured::Null,
        })
    }
}

#[cfg(test)]
#[path = "fast_tests.rs"]
mod tests;
