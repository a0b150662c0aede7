//! A reader taken apart and put together again: what lets the columnar
//! export go on from a reader in blocks of its own, and back.

use super::AlertReader;
use super::buffer::Buffer;
use crate::stream::scan::Scanner;

/// What a reader is made of: its input, its scanner, and the bytes read
/// from the input and not yet scanned (from the scanner's
/// [`hold_from`](Scanner::hold_from) on).
pub(crate) struct Parts<R> {
    pub(crate) source: R,
    pub(crate) scanner: Scanner,
    pub(crate) read_ahead: Vec<u8>,
    /// Whether the reader's iteration has ended.
    pub(crate) finished: bool,
}

// Unused in a build without the export, which alone takes readers apart.
#[allow(dead_code)]
impl<R> Parts<R> {
    /// A reader to be of `source`, starting where `scanner` is, with
    /// nothing read ahead.
    pub(crate) fn new(source: R, scanner: Scanner) -> Self {
        Parts {
            source,
            scanner,
            read_ahead: Vec::new(),
            finished: false,
        }
    }

    /// The same parts, reading through `wrap(source)`.
    pub(crate) fn map_source<S>(self, wrap: impl FnOnce(R) -> S) -> Parts<S> {
        Parts {
            source: wrap(self.source),
            scanner: self.scanner,
            read_ahead: self.read_ahead,
            finished: self.finished,
        }
    }

    /// Whether the reader they were has read nothing yet.
    pub(crate) fn is_fresh(&self) -> bool {
        self.scanner.is_fresh() && self.read_ahead.is_empty() && !self.finished
    }
}

#[allow(dead_code)]
impl<R> AlertReader<R> {
    /// The reader put together from `parts`.
    pub(crate) fn from_parts(parts: Parts<R>) -> Self {
        AlertReader {
            source: parts.source,
            buffer: Buffer::holding(parts.scanner.hold_from(), parts.read_ahead),
            scanner: parts.scanner,
            finished: parts.finished,
            skipped: None,
        }
    }

    /// The reader taken apart.
    pub(crate) fn into_parts(self) -> Parts<R> {
        Parts {
            read_ahead: self.buffer.into_from(self.scanner.hold_from()),
            source: self.source,
            scanner: self.scanner,
            finished: self.finished,
        }
    }

    /// Whether the reader is between top-level documents, with input still
    /// to read: a reader started here reads on as this one would.
    pub(crate) fn is_between_documents(&self) -> bool {
        !self.finished && self.scanner.is_between_documents()
    }
}
