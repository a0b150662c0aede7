//! Reading a piece of the input on its own, as the reader of the whole
//! input reads it: what lets a long input be read on several threads.
//!
//! Between two top-level documents the reader holds nothing but its place,
//! so a reader started there (with that place) reads what the reader of
//! the whole would, for as long as it does not need a byte past the end
//! of its piece. A reader that first sees its input's end while skipping
//! the whitespace between documents never did; one that saw it anywhere
//! else (in a document cut short, or looking for where to go on after
//! broken JSON) may have read differently from the whole.

use super::AlertReader;
use crate::Error;
use crate::stream::input::{Input, Start, copy_of};
use crate::stream::locate::Place;
use crate::stream::raw::RawAlert;
use std::io::Read;

impl<R: Read> AlertReader<R> {
    /// A reader of `reader`, which holds the input from `start` on, where
    /// `start` is between top-level documents (or is the input's own start).
    pub(crate) fn resumed(reader: R, start: Start, max_alert_size: usize) -> Self {
        let mut resumed =
            AlertReader::on(Input::starting_at(reader, start)).with_max_alert_size(max_alert_size);
        // Only the input's own start may begin with a byte-order mark.
        resumed.started = start != Start::INPUT;
        resumed
    }

    /// Whether nothing has been read yet.
    pub(crate) fn is_fresh(&self) -> bool {
        !self.started && self.input.is_untouched()
    }

    /// The input, from a [fresh](Self::is_fresh) reader.
    pub(crate) fn into_source(self) -> R {
        debug_assert!(self.is_fresh());
        self.input.into_rest().0
    }

    /// This reader, reading through `wrap(input)`.
    pub(crate) fn map_source<S>(self, wrap: impl FnOnce(R) -> S) -> AlertReader<S> {
        AlertReader {
            input: self.input.map_reader(wrap),
            levels: self.levels,
            max_alert_size: self.max_alert_size,
            started: self.started,
            finished: self.finished,
            unit: self.unit,
            floor: self.floor,
            unit_start: self.unit_start,
            skipped: self.skipped,
            ended_between_documents: self.ended_between_documents,
        }
    }

    /// Whether the iteration has ended where a reader of a longer input
    /// (this one and more) would have gone on to the more: between
    /// documents, at the first sight of the end.
    pub(crate) fn ended_between_documents(&self) -> bool {
        self.ended_between_documents
    }

    /// Whether the reader is between top-level documents, holding only its
    /// place, with input still to read.
    pub(crate) fn is_between_documents(&self) -> bool {
        self.started && !self.finished && self.levels.is_empty()
    }

    /// The input, where the reader is in it, and what it read ahead: to go
    /// on with elsewhere. Only [between documents](Self::is_between_documents).
    pub(crate) fn into_rest(self) -> (R, Start, Vec<u8>) {
        debug_assert!(self.is_between_documents());
        self.input.into_rest()
    }

    /// [`next_raw`](Self::next_raw), asking the allocator for the copy of
    /// the alert's bytes without aborting: a refusal is an error, and the
    /// last item (as when the reader's buffer cannot grow).
    pub(crate) fn try_next_raw(&mut self) -> Option<Result<RawAlert, Error>> {
        let raw = match self.next_lent()? {
            Ok(alert) => alert.try_to_raw(),
            Err(error) => return Some(Err(error)),
        };
        self.done_with();
        self.finished |= raw.is_err();
        Some(raw)
    }

    /// The next alert's bytes, lent until the next call: as
    /// [`next_raw`](Self::next_raw) without copying them.
    pub(crate) fn next_lent(&mut self) -> Option<Result<LentAlert<'_>, Error>> {
        let found = match self.next_found()? {
            Ok(found) => found,
            Err(error) => return Some(Err(error)),
        };
        Some(Ok(LentAlert {
            bytes: self.bytes(&found),
            place: found.place,
        }))
    }
}

/// An alert's bytes in the reader's buffer, with its place.
pub(crate) struct LentAlert<'a> {
    bytes: &'a [u8],
    place: Place,
}

impl LentAlert<'_> {
    /// The alert's JSON text, exactly as in the input.
    pub(crate) fn bytes(&self) -> &[u8] {
        self.bytes
    }

    /// The alert, with its bytes copied out; an error when the allocator
    /// refuses room for them.
    pub(crate) fn try_to_raw(&self) -> Result<RawAlert, Error> {
        Ok(RawAlert::new(copy_of(self.bytes)?, self.place))
    }
}
