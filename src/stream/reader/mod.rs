//! `AlertReader`: finds each alert in any input shape and hands it out
//! parsed, or as its bytes to parse on any thread.

// Reading pieces of the input on several threads, for the columnar export.
#[cfg(feature = "arrow")]
mod piece;
mod refuse;
mod resume;

#[cfg(feature = "arrow")]
pub(crate) use piece::LentAlert;

use crate::envelope::alert::AlertSeed;
use crate::stream::input::{Input, Offset, copy_of};
use crate::stream::lexeme::{self, Scan, Stop};
use crate::stream::locate::Place;
use crate::stream::object::{self, Object};
use crate::stream::page_check::{self, PageCheck};
use crate::stream::raw::RawAlert;
use crate::stream::step::{Fault, Found};
use crate::{Alert, Error};
use serde::de::DeserializeSeed;
use std::fmt;
use std::io::Read;

/// The largest alert [`AlertReader`] reads unless told otherwise: 64 MiB.
/// Real alerts are a few kilobytes; the largest published ones are under
/// a megabyte.
pub const DEFAULT_MAX_ALERT_SIZE: usize = 64 * 1024 * 1024;

/// Reads Graph alerts one at a time from any reader, whatever shape the
/// input has: a single alert (`GET /security/alerts/{id}`), a page
/// (`{"@odata.context": ..., "value": [...]}`), a JSON array of alerts or
/// of pages, or many of these one after another (NDJSON, or JSON documents
/// simply concatenated).
///
/// Memory is bounded by the largest alert, and no alert is held over
/// [`with_max_alert_size`](AlertReader::with_max_alert_size): a 1 GB page is read
/// alert by alert, and what lies between alerts is not held at all.
///
/// # What it agrees with
///
/// Each alert it yields is what `serde_json` yields for [`Alert`] on that
/// alert's text. Where `serde_json` refuses a document as an [`Alert`],
/// a [`GraphPage<Alert>`](crate::GraphPage) or a `Vec` of them, the reader
/// yields an error for it. An object is read as a page when it has a
/// `value` array before any `id` or `networkConnections` property, as an
/// alert when it has either, and is refused otherwise (a Graph error
/// response, a `$batch` response, a page inside a page); an `id`
/// or `networkConnections` after such a `value` is an error, so that
/// nothing is dropped silently. A page's own properties (`@odata.nextLink`,
/// ...) are checked as [`GraphPage`](crate::GraphPage) checks them, but
/// not returned; read the page with `GraphPage` to get them.
///
/// # Errors, and reading on
///
/// Each item is a `Result`, and an error costs only what it is about:
/// - A malformed alert (a property of the wrong type, a bad timestamp, a
///   duplicate property, an alert over the size limit) is an `Err` naming
///   its path and position; reading goes on with the next alert.
/// - Broken JSON (a truncated line, a line of garbage, an unterminated
///   string) is an `Err` placed where the broken alert or document starts,
///   naming what was expected where. Reading goes on after the broken value
///   when its brackets close soundly, or else at the next line after its
///   start that starts with `{` or `[`. In NDJSON, a bad line costs that
///   line only.
/// - A failed read ends the iteration, and so does UTF-16 input (the
///   error says so).
///
/// [`next_raw`](AlertReader::next_raw) hands out each alert's bytes instead,
/// to parse on other threads.
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
    max_alert_size: usize,
    started: bool,
    finished: bool,
    /// The value that broken JSON would skip: where it starts, and what a
    /// resumed read may not go back before.
    unit: Place,
    floor: Offset,
    /// Where the value that is the unit starts; `None` when the unit is
    /// the structure around values (a page after its items, say).
    unit_start: Option<Offset>,
    /// The input the last error made the reader pass over, if it held it.
    skipped: Option<Vec<u8>>,
    /// Whether the iteration ended between documents, where the input's
    /// end was first seen (see `piece`).
    #[cfg_attr(not(feature = "arrow"), allow(dead_code))]
    ended_between_documents: bool,
}

/// Where the reader is in the structure around the alerts.
enum Level {
    /// In a top-level array; `next` is the index of the next element.
    Array { next: usize, place: Place },
    /// In the `value` array of a page.
    Items {
        array: Option<usize>,
        next: usize,
        page: PageCheck,
    },
    /// In a page, after its `value` array.
    PageRest {
        array: Option<usize>,
        page: PageCheck,
    },
}

impl<R> fmt::Debug for AlertReader<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AlertReader")
            .field("max_alert_size", &self.max_alert_size)
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}

impl<R: Read> AlertReader<R> {
    /// Reads alerts from `reader`. It is read in large chunks, so it needs
    /// no `BufReader`.
    pub fn new(reader: R) -> Self {
        Self::on(Input::new(reader))
    }

    fn on(mut input: Input<R>) -> Self {
        input.set_limit(DEFAULT_MAX_ALERT_SIZE);
        AlertReader {
            input,
            levels: Vec::new(),
            max_alert_size: DEFAULT_MAX_ALERT_SIZE,
            started: false,
            finished: false,
            unit: Place::default(),
            floor: Offset(0),
            unit_start: None,
            skipped: None,
            ended_between_documents: false,
        }
    }

    /// Sets the largest alert to read, in bytes of JSON text
    /// ([`DEFAULT_MAX_ALERT_SIZE`] unless set). A larger alert is an `Err`
    /// naming the limit, and reading goes on after it without holding it.
    /// A page's own properties are held to the same limit.
    pub fn with_max_alert_size(mut self, bytes: usize) -> Self {
        self.max_alert_size = bytes;
        self.input.set_limit(bytes);
        self
    }

    /// The largest alert it reads, in bytes of JSON text.
    ///
    /// ```
    /// use msgraph_network_connection::{AlertReader, DEFAULT_MAX_ALERT_SIZE};
    ///
    /// let reader = AlertReader::new(&b""[..]);
    /// assert_eq!(reader.max_alert_size(), DEFAULT_MAX_ALERT_SIZE);
    /// assert_eq!(reader.with_max_alert_size(1 << 20).max_alert_size(), 1 << 20);
    /// ```
    pub fn max_alert_size(&self) -> usize {
        self.max_alert_size
    }

    /// The next alert's bytes, with its place, to parse here or on another
    /// thread; errors found while finding it, as [`Iterator::next`] gives
    /// them.
    pub fn next_raw(&mut self) -> Option<Result<RawAlert, Error>> {
        let found = match self.next_found()? {
            Ok(found) => found,
            Err(error) => return Some(Err(error)),
        };
        // A copy the allocator refuses ends the reading, as a buffer that
        // cannot grow does.
        let copy = copy_of(self.bytes(&found));
        self.input.release();
        self.finished |= copy.is_err();
        Some(copy.map(|bytes| RawAlert::new(bytes, found.place)))
    }

    /// How many bytes of the input have been read past.
    pub fn bytes_read(&self) -> u64 {
        self.input.offset().0
    }

    /// The next alert found, or the error that came instead.
    pub(super) fn next_found(&mut self) -> Option<Result<Found, Error>> {
        self.skipped = None;
        if self.finished {
            return None;
        }
        match self.find_next() {
            Ok(Some(found)) => Some(Ok(found)),
            Ok(None) => {
                self.finished = true;
                None
            }
            Err(Fault::Data(error)) => {
                // What was refused is handed out as it stands, as broken
                // JSON's stretch is: the alert, the element, the page's
                // properties.
                self.keep_skipped(self.unit_start.unwrap_or(self.floor));
                Some(Err(error))
            }
            Err(Fault::Scan(Stop::Io(error))) => {
                self.finished = true;
                Some(Err(error))
            }
            Err(Fault::Scan(Stop::Broken { message, at })) => Some(Err(self.recover(message, at))),
        }
    }

    /// The bytes of an alert found by [`AlertReader::next_found`].
    pub(super) fn bytes(&self, found: &Found) -> &[u8] {
        self.input.bytes_between(found.start, found.end)
    }

    /// Lets the bytes of the last alert found go.
    pub(super) fn done_with(&mut self) {
        self.input.release();
    }

    fn find_next(&mut self) -> Result<Option<Found>, Fault> {
        if !self.started {
            self.started = true;
            page_check::check_start(&mut self.input)?;
        }
        loop {
            let found = match self.levels.last_mut() {
                None => {
                    self.input.release();
                    let end_unseen = !self.input.has_seen_end();
                    let Some(b) = lexeme::skip_whitespace(&mut self.input)? else {
                        self.ended_between_documents = end_unseen;
                        return Ok(None);
                    };
                    self.begin_unit(None, None);
                    match b {
                        b'[' => {
                            self.input.advance(1);
                            let place = self.unit;
                            self.levels.push(Level::Array { next: 0, place });
                            None
                        }
                        b'{' => self.object(None)?,
                        _ => return Err(self.not_a_document()),
                    }
                }
                Some(Level::Array { next, place }) => {
                    let index = *next;
                    *next += 1;
                    let place = *place;
                    self.begin_between(place);
                    match self.element_or_end(b']', index == 0)? {
                        None => {
                            self.levels.pop();
                            None
                        }
                        Some(b) => {
                            let between = (self.floor, self.unit);
                            self.begin_unit(Some(index), None);
                            match b {
                                b'{' => self.object(Some(index))?,
                                _ => {
                                    let expected = "an alert or a page object";
                                    return Err(self.not_an_object(1, expected, between));
                                }
                            }
                        }
                    }
                }
                Some(Level::Items { array, next, page }) => {
                    let (array, index) = (*array, *next);
                    *next += 1;
                    let place = page.place;
                    self.begin_between(place);
                    match self.element_or_end(b']', index == 0)? {
                        None => {
                            let Some(Level::Items { page, .. }) = self.levels.pop() else {
                                unreachable!("the level was just seen")
                            };
                            self.levels.push(Level::PageRest { array, page });
                            None
                        }
                        Some(b'{') => {
                            let between = (self.floor, self.unit);
                            self.begin_unit(array, Some(index));
                            let depth = array.map_or(0, |_| 1) + 2;
                            Some(self.item(depth, between)?)
                        }
                        Some(_) => {
                            let between = (self.floor, self.unit);
                            self.begin_unit(array, Some(index));
                            let depth = array.map_or(0, |_| 1) + 2;
                            return Err(self.not_an_object(depth, "an alert object", between));
                        }
                    }
                }
                Some(Level::PageRest { page, .. }) => {
                    let place = page.place;
                    self.begin_between(place);
                    self.page_property()?;
                    None
                }
            };
            if let Some(found) = found {
                return Ok(Some(found));
            }
        }
    }

    /// Marks the structure around values (`unit`), from here, as what
    /// broken JSON would skip, and holds the input from here so that what
    /// it passes over can be handed out however the input was read.
    fn begin_between(&mut self, unit: Place) {
        self.floor = self.input.offset();
        (self.unit, self.unit_start) = (unit, None);
        self.input.keep_from(self.floor);
    }

    /// Marks the start of a value that broken JSON would skip.
    fn begin_unit(&mut self, array: Option<usize>, item: Option<usize>) {
        self.floor = self.input.offset();
        self.unit_start = Some(self.floor);
        self.input.keep_from(self.floor);
        let (line, column) = self.input.here();
        self.unit = Place {
            array,
            item,
            line,
            column,
        };
    }

    /// At a place where `close` or (unless `first`) a comma and another
    /// element come: `None` after `close`, else the element's first byte.
    fn element_or_end(&mut self, close: u8, first: bool) -> Scan<Option<u8>> {
        let mut b = lexeme::next_token(&mut self.input)?;
        if b == close {
            self.input.advance(1);
            return Ok(None);
        }
        if !first {
            if b != b',' {
                return lexeme::broken(&self.input, format!("expected `,` or `{}`", close as char));
            }
            self.input.advance(1);
            b = lexeme::next_token(&mut self.input)?;
        }
        if b == close {
            return lexeme::broken(&self.input, "trailing comma");
        }
        Ok(Some(b))
    }

    /// Scans an object that is an alert or a page (at its `{`). Returns the
    /// alert, or `None` when it is a page, whose items come next.
    fn object(&mut self, array: Option<usize>) -> Result<Option<Found>, Fault> {
        let depth = array.map_or(0, |_| 1);
        match object::scan(&mut self.input, self.unit, depth, self.max_alert_size, true)? {
            Object::Alert {
                start,
                too_deep,
                alert_key,
                ..
            } => self.finish_alert(start, too_deep, alert_key).map(Some),
            Object::Page { page, error } => {
                self.levels.push(Level::Items {
                    array,
                    next: 0,
                    page,
                });
                match error {
                    Some(error) => Err(Fault::Data(error)),
                    None => Ok(None),
                }
            }
        }
    }

    /// Reads one property of a page after its `value`, or its end.
    fn page_property(&mut self) -> Result<(), Fault> {
        let Some(Level::PageRest { array, page }) = self.levels.last_mut() else {
            unreachable!("called in a page")
        };
        let array = *array;
        let mut page = std::mem::take(page);
        let result = page.next_property(&mut self.input, array);
        match &result {
            Ok(true) | Err(Fault::Data(_)) => {
                if let Some(Level::PageRest { page: slot, .. }) = self.levels.last_mut() {
                    *slot = page;
                }
            }
            Ok(false) => {
                self.levels.pop();
            }
            Err(Fault::Scan(_)) => {}
        }
        result.map(drop)
    }
}

impl<R: Read> Iterator for AlertReader<R> {
    type Item = Result<Alert, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        let found = match self.next_found()? {
            Ok(found) => found,
            Err(error) => return Some(Err(error)),
        };
        let alert = found.place.parse(self.bytes(&found), 0, |at, de| {
            AlertSeed {
                at,
                keep_unknown: true,
                max_connections: usize::MAX,
            }
            .deserialize(de)
        });
        self.done_with();
        Some(alert)
    }
}

impl<R: Read> std::iter::FusedIterator for AlertReader<R> {}
