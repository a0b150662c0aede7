//! Where the reader goes on after broken JSON, and what it passed over.

use super::AlertReader;
use crate::Error;
use crate::stream::input::Offset;
use crate::stream::recover;
use std::io::Read;

impl<R: Read> AlertReader<R> {
    /// Broken JSON at `at`: the error, placed where the broken value
    /// starts; then reading moves to the next line after that start which
    /// starts with `{` or `[`.
    #[cold]
    pub(super) fn recover(&mut self, message: String, at: Offset) -> Error {
        let (line, column) = self.input.position(at);
        let unit = self.unit;
        let error = if (line, column) == (unit.line, unit.column) {
            Error::json(unit.path(), message, (line, column))
        } else {
            Error::json(
                unit.path(),
                format!("{message} at line {line} column {column}, in the value that starts"),
                (unit.line, unit.column),
            )
        };
        let skip_from = self.unit_start.unwrap_or(self.floor);
        if let Some(start) = self.unit_start {
            let top_level = self.levels.is_empty();
            if recover::resume_after_value(&mut self.input, start, self.max_alert_size, top_level) {
                self.keep_skipped(skip_from);
                return error;
            }
        }
        self.levels.clear();
        // Held while the reader looks for where to go on, up to the limit,
        // so that what is passed over can be handed to the caller.
        if self.is_kept_from(skip_from) {
            self.input.keep_from(skip_from);
        }
        if let Err(io) = recover::resume_at_next_line(&mut self.input, self.floor, at) {
            self.finished = true;
            return io;
        }
        self.keep_skipped(skip_from);
        error
    }

    /// Whether the input from `from` on is kept: not merely still held,
    /// which depends on how the reads fell.
    fn is_kept_from(&self, from: Offset) -> bool {
        self.input.kept_from().is_some_and(|kept| kept <= from)
    }

    /// Copies the input from `from` to the read position, if it is kept.
    pub(super) fn keep_skipped(&mut self, from: Offset) {
        let held = !self.input.take_overflow() && self.is_kept_from(from);
        self.skipped = held.then(|| self.input.bytes_since(from).to_vec());
        self.input.release();
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
        self.skipped.as_deref()
    }
}
