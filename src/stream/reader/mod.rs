//! `AlertReader`: finds each alert in any input shape and hands it out
//! parsed, or as its bytes to parse on any thread. It is the loop that
//! reads the input into a buffer and feeds it to the
//! [`Scanner`](crate::stream::scan::Scanner).

mod buffer;
mod parts;

use buffer::Buffer;
pub(crate) use buffer::copy_of;
pub(crate) use parts::Parts;

use crate::envelope::alert::AlertSeed;
use crate::stream::input::Start;
use crate::stream::page_end::PageProperties;
use crate::stream::raw::RawAlert;
use crate::stream::scan::{Event, Found, Scanner};
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
/// ...) are checked as [`GraphPage`](crate::GraphPage) checks them, and
/// [`last_page`](AlertReader::last_page) hands them out once the page ends.
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
    /// What is read, the bytes read and not yet let go, and the scanner
    /// they are fed to.
    source: R,
    buffer: Buffer,
    scanner: Scanner,
    finished: bool,
    /// The input the last error made the reader pass over, if it held it.
    skipped: Option<(u64, u64)>,
}

impl<R> fmt::Debug for AlertReader<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AlertReader")
            .field("max_alert_size", &self.scanner.limit())
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}

impl<R: Read> AlertReader<R> {
    /// Reads alerts from `reader`. It is read in large chunks, so it needs
    /// no `BufReader`.
    pub fn new(reader: R) -> Self {
        let scanner = Scanner::new(Start::INPUT, DEFAULT_MAX_ALERT_SIZE);
        Self::from_parts(Parts::new(reader, scanner))
    }

    /// Sets the largest alert to read, in bytes of JSON text
    /// ([`DEFAULT_MAX_ALERT_SIZE`] unless set). A larger alert is an `Err`
    /// naming the limit, and reading goes on after it without holding it.
    /// A page's own properties are held to the same limit.
    pub fn with_max_alert_size(mut self, bytes: usize) -> Self {
        self.scanner.set_limit(bytes);
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
        self.scanner.limit()
    }

    /// The own properties of the last page that ended (`@odata.nextLink`,
    /// `@odata.context`, `@odata.count`, `@odata.deltaLink`), wherever they
    /// stood in it: there from the item after the page's end, or once the
    /// iteration has ended. A link over [`MAX_PAGE_LINK`](crate::MAX_PAGE_LINK) is an error
    /// instead, and is not kept.
    ///
    /// ```
    /// use msgraph_network_connection::AlertReader;
    ///
    /// let page = br#"{"value":[{"id":"a1"}],"@odata.nextLink":"https://graph.microsoft.com/v1.0/security/alerts?$skip=1"}"#;
    /// let mut reader = AlertReader::new(&page[..]);
    /// let ids: Vec<_> = reader.by_ref().map(|alert| alert.unwrap().id).collect();
    /// assert_eq!(ids, [Some("a1".to_string())]);
    /// let next = reader.last_page().and_then(|page| page.next_link.as_deref());
    /// assert_eq!(next, Some("https://graph.microsoft.com/v1.0/security/alerts?$skip=1"));
    /// ```
    pub fn last_page(&self) -> Option<&PageProperties> {
        self.scanner.last_page()
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
        let raw = found.copy_out(self.bytes(&found));
        self.done_with();
        self.finished |= raw.is_err();
        Some(raw)
    }

    /// How many bytes of the input have been read past.
    pub fn bytes_read(&self) -> u64 {
        self.scanner.offset()
    }

    /// The next alert found, or the error that came instead: the scanner
    /// fed until it finds one.
    pub(crate) fn next_found(&mut self) -> Option<Result<Found, Error>> {
        self.skipped = None;
        if self.finished {
            return None;
        }
        loop {
            let held = self.buffer.from(self.scanner.hold_from());
            match self.scanner.scan(held, self.buffer.has_seen_end()) {
                Event::Alert(found) => return Some(Ok(found)),
                Event::Error { error, skipped } => {
                    self.skipped = skipped;
                    return Some(Err(error));
                }
                Event::Need => {
                    let from = self.scanner.hold_from();
                    if let Err(error) = self.buffer.read(&mut self.source, from) {
                        self.finished = true;
                        return Some(Err(error));
                    }
                }
                Event::End => {
                    self.finished = true;
                    return None;
                }
            }
        }
    }

    /// The bytes of an alert found by [`AlertReader::next_found`].
    pub(crate) fn bytes(&self, found: &Found) -> &[u8] {
        self.buffer.between(found.start, found.end)
    }

    /// Lets the bytes of the last alert found go.
    pub(crate) fn done_with(&mut self) {
        self.scanner.release();
    }

    /// The input the last error passed over (the broken alert, or the
    /// stretch up to where reading went on; the alert, element or page
    /// property refused), exactly as it stands, for a file of rejects;
    /// `None` after an item that was not an error, when the stretch was
    /// longer than [`max_alert_size`](Self::max_alert_size), or for a
    /// page link that is broken or not valid (it streams past unheld).
    /// Errors inside an alert whose extent was found (a wrong type, a
    /// duplicate) leave the alert whole in [`RawAlert::bytes`](crate::RawAlert::bytes) instead.
    pub fn skipped_text(&self) -> Option<&[u8]> {
        self.skipped.map(|(from, to)| self.buffer.between(from, to))
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
