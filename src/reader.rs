//! Streaming alerts and their connections out of any `std::io::Read`.
//!
//! The input is split into alerts by a light scan of its outer structure
//! (objects, arrays, strings: no values are decoded), and each alert's bytes
//! are then parsed from memory. Only the alert being read is held, so memory
//! follows the largest alert, not the input; and the scan knows where each
//! alert ends, so a malformed alert is reported and reading goes on after it.

use crate::alert::AlertSeed;
use crate::path::Path;
use crate::{Alert, Error, NetworkConnection};
use serde::de::{DeserializeSeed, IgnoredAny};
use std::io::{self, Read};

/// How much input is read at a time.
const CHUNK: usize = 64 * 1024;

/// Reads Graph alerts one at a time from any reader, whatever shape the
/// input has: a single alert (`GET /security/alerts/{id}`), a page
/// (`{"@odata.context": ..., "value": [...]}`), a JSON array of alerts or
/// of pages, or many of these one after another (NDJSON, or JSON documents
/// simply concatenated).
///
/// Memory stays bounded by the largest single alert: a 1 GB page is read
/// alert by alert.
///
/// # Errors
///
/// Each item is a `Result`. An alert that is malformed inside (a property of
/// the wrong type, a bad timestamp, a duplicate property, a syntax error
/// within its braces) is an `Err` naming its path and position, and reading
/// **continues** with the next alert: the scan has already found where the
/// bad alert ends, so nothing is guessed. When the structure around the
/// alerts is broken (a missing comma between alerts, an unterminated string
/// or bracket, input that is not an object or array) or reading fails, that
/// error is the last item: the iterator ends, since where the next alert
/// would start cannot be known.
///
/// Page properties other than `value` (`@odata.nextLink`, ...) are checked
/// but not returned; read the page with [`GraphPage`](crate::GraphPage) to
/// get them.
///
/// ```
/// use msgraph_network_connection::AlertReader;
///
/// let input = br#"{"value":[{"id":"a1","networkConnections":[{"protocol":"tcp"}]},{"id":"a2"}]}
/// {"id":"a3","networkConnections":[{"protocol":"udp"},{"protocol":"icmp"}]}"#;
/// let mut ids = Vec::new();
/// for connection in AlertReader::new(&input[..]).connections() {
///     let connection = connection?;
///     ids.push(connection.alert_id.unwrap());
/// }
/// assert_eq!(ids, ["a1", "a3", "a3"]);
/// # Ok::<(), msgraph_network_connection::Error>(())
/// ```
pub struct AlertReader<R> {
    input: Input<R>,
    levels: Vec<Level>,
    keep_unknown: bool,
    finished: bool,
}

/// Where the scan is in the outer structure.
enum Level {
    /// In a top-level array; `next` is the index of the next element.
    Array { next: usize },
    /// In the `value` array of a page (itself element `array` of a top-level
    /// array, if any).
    Items {
        array: Option<usize>,
        next: usize,
        envelope_keys: Vec<Vec<u8>>,
    },
    /// In a page, after its `value` array.
    PageRest {
        array: Option<usize>,
        envelope_keys: Vec<Vec<u8>>,
    },
}

/// Where an alert was found, and its bytes in the buffer.
struct Found {
    array: Option<usize>,
    item: Option<usize>,
    start: usize,
    end: usize,
}

impl<R: Read> AlertReader<R> {
    /// Reads alerts from `reader`. It is read in large chunks, so it needs
    /// no `BufReader`.
    pub fn new(reader: R) -> Self {
        AlertReader {
            input: Input::new(reader),
            levels: Vec::new(),
            keep_unknown: true,
            finished: false,
        }
    }

    /// Each network connection of each alert, in input order, with its
    /// alert's `id` (which may come after `networkConnections` in the
    /// input). The alerts' other properties are checked and skipped, which
    /// makes this faster than reading whole alerts.
    pub fn connections(mut self) -> Connections<R> {
        self.keep_unknown = false;
        Connections {
            alerts: self,
            alert_id: None,
            pending: Vec::new().into_iter(),
        }
    }

    /// Finds the next alert in the outer structure; `None` at the end.
    fn find_next(&mut self) -> Result<Option<Found>, Error> {
        self.input.skip_byte_order_mark()?;
        loop {
            self.input.forget_consumed();
            self.input.skip_whitespace()?;
            let found = match self.levels.last_mut() {
                None => match self.input.peek()? {
                    None => return Ok(None),
                    Some(b'[') => {
                        self.input.pos += 1;
                        self.levels.push(Level::Array { next: 0 });
                        None
                    }
                    Some(b'{') => self.object(None)?,
                    Some(_) => {
                        return Err(self.input.error_here(
                            "expected an alert, a page or an array of them (`{` or `[`)",
                        ));
                    }
                },
                Some(Level::Array { next }) => {
                    let index = *next;
                    if self.input.end_or_comma(b']', index == 0)? {
                        self.levels.pop();
                        None
                    } else {
                        *next += 1;
                        match self.input.peek()? {
                            Some(b'{') => self.object(Some(index))?,
                            _ => {
                                return Err(self.input.error_here(&format!(
                                    "[{index}]: expected an alert or a page object"
                                )));
                            }
                        }
                    }
                }
                Some(Level::Items {
                    array,
                    next,
                    envelope_keys,
                }) => {
                    let (array, index) = (*array, *next);
                    if self.input.end_or_comma(b']', index == 0)? {
                        let envelope_keys = std::mem::take(envelope_keys);
                        self.levels.pop();
                        self.levels.push(Level::PageRest {
                            array,
                            envelope_keys,
                        });
                        None
                    } else {
                        *next += 1;
                        let start = self.input.pos;
                        match self.input.peek()? {
                            Some(b'{') => {
                                self.input.skip_value()?;
                                Some(Found {
                                    array,
                                    item: Some(index),
                                    start,
                                    end: self.input.pos,
                                })
                            }
                            _ => {
                                let message = with_path(array, Some(index), |at| {
                                    format!("{at}: expected an alert object")
                                });
                                return Err(self.input.error_here(&message));
                            }
                        }
                    }
                }
                Some(Level::PageRest {
                    array,
                    envelope_keys,
                }) => {
                    let array = *array;
                    if self.input.end_or_comma(b'}', false)? {
                        self.levels.pop();
                    } else {
                        let mut keys = std::mem::take(envelope_keys);
                        self.page_property(array, &mut keys)?;
                        if let Some(Level::PageRest { envelope_keys, .. }) = self.levels.last_mut()
                        {
                            *envelope_keys = keys;
                        }
                    }
                    None
                }
            };
            if let Some(found) = found {
                return Ok(Some(found));
            }
        }
    }

    /// Scans an object that is an alert or a page. Returns the alert, or
    /// `None` when it turned out to be a page, whose items come next.
    fn object(&mut self, array: Option<usize>) -> Result<Option<Found>, Error> {
        let start = self.input.pos;
        self.input.pos += 1;
        let mut keys = Vec::new();
        let mut first = true;
        loop {
            self.input.skip_whitespace()?;
            if self.input.end_or_comma(b'}', first)? {
                return Ok(Some(Found {
                    array,
                    item: None,
                    start,
                    end: self.input.pos,
                }));
            }
            first = false;
            let key_start = self.input.pos;
            let key = self.input.property_name()?;
            if key == b"\"value\"" && self.input.peek()? == Some(b'[') {
                self.check_envelope(array, start, key_start)?;
                self.input.pos += 1;
                keys.push(key);
                self.levels.push(Level::Items {
                    array,
                    next: 0,
                    envelope_keys: keys,
                });
                return Ok(None);
            }
            keys.push(key);
            self.input.skip_value()?;
        }
    }

    /// Checks the page's properties before `value`, from `start` (its `{`)
    /// to `value_key` (the `"value"` key), as a page with an empty `value`.
    fn check_envelope(
        &self,
        array: Option<usize>,
        start: usize,
        value_key: usize,
    ) -> Result<(), Error> {
        let mut text = self.input.buf[start..value_key].to_vec();
        text.extend_from_slice(br#""value":[]}"#);
        self.check_page_text(array, &text, start, 0)
    }

    /// Reads one page property after `value` and checks it.
    fn page_property(
        &mut self,
        array: Option<usize>,
        keys: &mut Vec<Vec<u8>>,
    ) -> Result<(), Error> {
        let start = self.input.pos;
        let key = self.input.property_name()?;
        let key_end = start + key.len();
        self.input.skip_value()?;
        if keys.contains(&key) {
            let name = String::from_utf8_lossy(&key[1..key.len() - 1]).into_owned();
            let message = with_path(array, None, |at| at.key(&name).to_string());
            // Placed at the key's closing quote, as for other duplicates.
            let (line, column) = self.input.position_of(key_end - 1);
            return Err(Error::Json {
                message: format!("{message}: duplicate property"),
                line,
                column,
            });
        }
        keys.push(key);
        let mut text = b"{".to_vec();
        text.extend_from_slice(&self.input.buf[start..self.input.pos]);
        text.push(b'}');
        self.check_page_text(array, &text, start, 1)
    }

    /// Parses page properties as a page of ignored items; `shift` is how
    /// many bytes `text` has before the input's byte at `start`.
    fn check_page_text(
        &self,
        array: Option<usize>,
        text: &[u8],
        start: usize,
        shift: usize,
    ) -> Result<(), Error> {
        with_path(array, None, |at| {
            let mut de = serde_json::Deserializer::from_slice(text);
            crate::page::PageSeed::<IgnoredAny> {
                at,
                item: std::marker::PhantomData,
            }
            .deserialize(&mut de)
            .map(drop)
            .map_err(|e| self.input.slice_error(e, start, shift, at))
        })
    }

    /// Parses the alert the scan found.
    fn parse(&self, found: &Found) -> Result<Alert, Error> {
        with_path(found.array, found.item, |at| {
            let bytes = &self.input.buf[found.start..found.end];
            // Checking UTF-8 once for the whole alert is faster than string
            // by string, as parsing from bytes would.
            let text = std::str::from_utf8(bytes).map_err(|e| {
                let (line, column) = self.input.position_of(found.start + e.valid_up_to());
                let message = match at {
                    Path::Root => "invalid UTF-8".to_owned(),
                    at => format!("{at}: invalid UTF-8"),
                };
                Error::Json {
                    message,
                    line,
                    column,
                }
            })?;
            let mut de = serde_json::Deserializer::from_str(text);
            AlertSeed {
                at,
                keep_unknown: self.keep_unknown,
            }
            .deserialize(&mut de)
            .and_then(|alert| de.end().map(|()| alert))
            .map_err(|e| self.input.slice_error(e, found.start, 0, at))
        })
    }
}

impl<R: Read> Iterator for AlertReader<R> {
    type Item = Result<Alert, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.finished {
            return None;
        }
        match self.find_next() {
            Ok(Some(found)) => Some(self.parse(&found)),
            Ok(None) => {
                self.finished = true;
                None
            }
            Err(error) => {
                self.finished = true;
                Some(Err(error))
            }
        }
    }
}

impl<R: Read> std::iter::FusedIterator for AlertReader<R> {}

/// Calls `f` with the path of a document (element `array` of a top-level
/// array, if any) or of item `item` of its page: `[1]`, `value[3]`,
/// `[1].value[3]`.
fn with_path<T>(array: Option<usize>, item: Option<usize>, f: impl FnOnce(&Path<'_>) -> T) -> T {
    let root = Path::Root;
    let doc = array.map(|i| root.index(i));
    let doc = doc.as_ref().unwrap_or(&root);
    let value = doc.key("value");
    let item = item.map(|i| value.index(i));
    f(item.as_ref().unwrap_or(doc))
}

/// Each connection of each alert, from [`AlertReader::connections`].
pub struct Connections<R> {
    alerts: AlertReader<R>,
    alert_id: Option<String>,
    pending: std::vec::IntoIter<NetworkConnection>,
}

/// A network connection with the `id` of the alert it belongs to.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct AlertConnection {
    /// The alert's `id`, if it has one.
    pub alert_id: Option<String>,
    /// The connection.
    pub connection: NetworkConnection,
}

impl<R: Read> Iterator for Connections<R> {
    type Item = Result<AlertConnection, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(connection) = self.pending.next() {
                return Some(Ok(AlertConnection {
                    alert_id: self.alert_id.clone(),
                    connection,
                }));
            }
            match self.alerts.next()? {
                Ok(alert) => {
                    self.alert_id = alert.id;
                    self.pending = alert.network_connections.into_iter();
                }
                Err(error) => return Some(Err(error)),
            }
        }
    }
}

impl<R: Read> std::iter::FusedIterator for Connections<R> {}

/// The input, buffered so that the alert being read is contiguous, with
/// the line and column of its first byte.
struct Input<R> {
    reader: R,
    /// Input in `buf[..end]`; the rest is room for the next read.
    buf: Vec<u8>,
    end: usize,
    /// The next byte to read.
    pos: usize,
    eof: bool,
    /// Line (from 1) and column (from 1) of `buf[0]`.
    line: usize,
    column: usize,
    /// Whether the start of the input (and a byte-order mark there) has
    /// been looked at.
    seen_start: bool,
}

impl<R: Read> Input<R> {
    fn new(reader: R) -> Self {
        Input {
            reader,
            buf: Vec::new(),
            end: 0,
            pos: 0,
            eof: false,
            line: 1,
            column: 1,
            seen_start: false,
        }
    }

    /// Skips a UTF-8 byte-order mark at the very start of the input, as
    /// RFC 8259 allows: many Windows tools write one.
    fn skip_byte_order_mark(&mut self) -> Result<(), Error> {
        const MARK: &[u8] = b"\xef\xbb\xbf";
        if self.seen_start {
            return Ok(());
        }
        self.seen_start = true;
        while self.end < MARK.len() && self.fill()? {}
        if self.buf[..self.end].starts_with(MARK) {
            self.pos = MARK.len();
        }
        Ok(())
    }

    /// Reads more input after what is buffered; `false` at the end.
    fn fill(&mut self) -> Result<bool, Error> {
        if self.eof {
            return Ok(false);
        }
        // Room is made (and zeroed) a chunk at a time, not on every read,
        // so that readers returning a few bytes per call stay cheap.
        if self.buf.len() - self.end < CHUNK / 2 {
            self.buf.resize(self.end + CHUNK, 0);
        }
        loop {
            match self.reader.read(&mut self.buf[self.end..]) {
                Ok(n) => {
                    self.end += n;
                    self.eof = n == 0;
                    return Ok(n != 0);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Drops the bytes before `pos` once they are most of the buffer, so
    /// that memory holds only what is being read.
    fn forget_consumed(&mut self) {
        if self.pos < CHUNK.min(self.end / 2 + 1) {
            return;
        }
        let (line, column) = self.position_of(self.pos);
        self.line = line;
        self.column = column;
        self.buf.copy_within(self.pos..self.end, 0);
        self.end -= self.pos;
        self.pos = 0;
    }

    /// Line and column of `buf[index]`.
    fn position_of(&self, index: usize) -> (usize, usize) {
        let before = &self.buf[..index.min(self.end)];
        match before.iter().rposition(|&b| b == b'\n') {
            None => (self.line, self.column + before.len()),
            Some(last) => {
                let newlines = before.iter().filter(|&&b| b == b'\n').count();
                (self.line + newlines, before.len() - last)
            }
        }
    }

    fn peek(&mut self) -> Result<Option<u8>, Error> {
        while self.pos >= self.end {
            if !self.fill()? {
                return Ok(None);
            }
        }
        Ok(Some(self.buf[self.pos]))
    }

    fn skip_whitespace(&mut self) -> Result<(), Error> {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek()? {
            self.pos += 1;
        }
        Ok(())
    }

    /// At a place where either `close` or (unless `first`) a comma then
    /// another element comes: `true` after consuming `close`, `false` when
    /// positioned at the next element.
    fn end_or_comma(&mut self, close: u8, first: bool) -> Result<bool, Error> {
        self.skip_whitespace()?;
        match self.peek()? {
            Some(b) if b == close => {
                self.pos += 1;
                Ok(true)
            }
            Some(b',') if !first => {
                self.pos += 1;
                self.skip_whitespace()?;
                match self.peek()? {
                    Some(b) if b == close => Err(self.error_here("trailing comma")),
                    _ => Ok(false),
                }
            }
            None => Err(self.eof_error()),
            Some(_) if first => Ok(false),
            Some(_) => Err(self.error_here(&format!("expected `,` or `{}`", close as char))),
        }
    }

    /// Reads `"name" :` and returns the name as it is written, quotes
    /// included; leaves `pos` at the value.
    fn property_name(&mut self) -> Result<Vec<u8>, Error> {
        let start = self.pos;
        if self.peek()? != Some(b'"') {
            return Err(self.error_here("expected a property name"));
        }
        self.skip_string()?;
        let name = self.buf[start..self.pos].to_vec();
        self.skip_whitespace()?;
        match self.peek()? {
            Some(b':') => self.pos += 1,
            None => return Err(self.eof_error()),
            Some(_) => return Err(self.error_here("expected `:`")),
        }
        self.skip_whitespace()?;
        if self.peek()?.is_none() {
            return Err(self.eof_error());
        }
        Ok(name)
    }

    /// Moves past one JSON value: its extent only, its content is checked
    /// when it is parsed.
    fn skip_value(&mut self) -> Result<(), Error> {
        match self.peek()? {
            Some(b'"') => self.skip_string(),
            Some(b'{' | b'[') => self.skip_container(),
            Some(_) => self.skip_scalar(),
            None => Err(self.eof_error()),
        }
    }

    fn skip_string(&mut self) -> Result<(), Error> {
        self.pos += 1;
        loop {
            match find_quote_or_backslash(&self.buf[self.pos..self.end]) {
                Some(offset) => {
                    self.pos += offset + 1;
                    if self.buf[self.pos - 1] == b'"' {
                        return Ok(());
                    }
                    // An escape: the next byte is part of it, whatever it is.
                    if self.peek()?.is_none() {
                        return Err(self.eof_error());
                    }
                    self.pos += 1;
                }
                None => {
                    self.pos = self.end;
                    if !self.fill()? {
                        return Err(self.eof_error());
                    }
                }
            }
        }
    }

    fn skip_container(&mut self) -> Result<(), Error> {
        let mut depth = 0usize;
        loop {
            match find_structural(&self.buf[self.pos..self.end]) {
                Some(offset) => {
                    self.pos += offset;
                    match self.buf[self.pos] {
                        b'"' => self.skip_string()?,
                        b'{' | b'[' => {
                            depth += 1;
                            self.pos += 1;
                        }
                        _ => {
                            depth -= 1;
                            self.pos += 1;
                            if depth == 0 {
                                return Ok(());
                            }
                        }
                    }
                }
                None => {
                    self.pos = self.end;
                    if !self.fill()? {
                        return Err(self.eof_error());
                    }
                }
            }
        }
    }

    fn skip_scalar(&mut self) -> Result<(), Error> {
        while let Some(b) = self.peek()? {
            if matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                break;
            }
            self.pos += 1;
        }
        Ok(())
    }

    fn error_here(&self, message: &str) -> Error {
        let (line, column) = self.position_of(self.pos);
        Error::Json {
            message: message.to_owned(),
            line,
            column,
        }
    }

    fn eof_error(&self) -> Error {
        let (line, column) = self.position_of(self.end);
        Error::Json {
            message: "unexpected end of input".to_owned(),
            line,
            column: column.saturating_sub(1),
        }
    }

    /// An error from parsing bytes that start at `buf[start]` (after
    /// `shift` bytes of the parsed text that are not in the input), placed
    /// in the whole input and naming the path `at` when the message does
    /// not already.
    fn slice_error(
        &self,
        error: serde_json::Error,
        start: usize,
        shift: usize,
        at: &Path<'_>,
    ) -> Error {
        let (start_line, start_column) = self.position_of(start);
        let (line, column) = match error.line() {
            1 => (
                start_line,
                (start_column + error.column()).saturating_sub(1 + shift),
            ),
            n => (start_line + n - 1, error.column()),
        };
        let text = error.to_string();
        let suffix = format!(" at line {} column {}", error.line(), error.column());
        let message = text.strip_suffix(&suffix).unwrap_or(&text);
        let path = at.to_string();
        let message = if path.is_empty() || message.starts_with(&path) {
            message.to_owned()
        } else {
            format!("{path}: {message}")
        };
        Error::Json {
            message,
            line,
            column,
        }
    }
}

/// Eight bytes with `byte` in each.
const fn splat(byte: u8) -> u64 {
    u64::from_ne_bytes([byte; 8])
}

/// The high bit of each byte of `word` that equals `byte`. Only the lowest
/// set bit is exact (borrows can mark bytes above it), which is all the
/// searches below use.
const fn bytes_equal(word: u64, byte: u8) -> u64 {
    let x = word ^ splat(byte);
    x.wrapping_sub(splat(0x01)) & !x & splat(0x80)
}

/// The index of the first byte of `bytes` that matches, eight bytes at a
/// time: the reader's scan is on the hot path and this is several times
/// faster than a byte loop.
fn find_first(
    bytes: &[u8],
    word_matches: impl Fn(u64) -> u64,
    byte_matches: impl Fn(u8) -> bool,
) -> Option<usize> {
    let mut chunks = bytes.chunks_exact(8);
    for (i, chunk) in chunks.by_ref().enumerate() {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let found = word_matches(word);
        if found != 0 {
            return Some(i * 8 + found.trailing_zeros() as usize / 8);
        }
    }
    let tail = chunks.remainder();
    tail.iter()
        .position(|&b| byte_matches(b))
        .map(|i| bytes.len() - tail.len() + i)
}

/// The first `"` or `\`.
fn find_quote_or_backslash(bytes: &[u8]) -> Option<usize> {
    find_first(
        bytes,
        |w| bytes_equal(w, b'"') | bytes_equal(w, b'\\'),
        |b| b == b'"' || b == b'\\',
    )
}

/// The first `"`, `{`, `[`, `}` or `]`. Setting bit 5 maps `[` to `{` and
/// `]` to `}` (and no other byte to either).
fn find_structural(bytes: &[u8]) -> Option<usize> {
    find_first(
        bytes,
        |w| {
            let folded = w | splat(0x20);
            bytes_equal(w, b'"') | bytes_equal(folded, b'{') | bytes_equal(folded, b'}')
        },
        |b| matches!(b, b'"' | b'{' | b'[' | b'}' | b']'),
    )
}

#[cfg(test)]
mod tests {
    use super::{find_quote_or_backslash, find_structural};

    /// The word-at-a-time searches agree with a byte loop at every offset.
    #[test]
    fn searches_match_a_byte_loop() {
        let text: Vec<u8> = (0..=255u8)
            .chain(b"ab\"{c[d}e]\\\x80\xff".iter().copied())
            .collect();
        for start in 0..text.len() {
            for end in start..text.len().min(start + 40) {
                let bytes = &text[start..end];
                assert_eq!(
                    find_quote_or_backslash(bytes),
                    bytes.iter().position(|&b| b == b'"' || b == b'\\'),
                );
                assert_eq!(
                    find_structural(bytes),
                    bytes
                        .iter()
                        .position(|&b| matches!(b, b'"' | b'{' | b'[' | b'}' | b']')),
                );
            }
        }
    }
}
