//! What the reader refuses, and how it says so: a top-level value that is
//! not a document, an array element that is not an object, an alert too
//! large or too deep, an object that is not an alert, a page where an
//! alert was expected.

use super::AlertReader;
use crate::Error;
use crate::envelope::alert::AlertSeed;
use crate::stream::input::Offset;
use crate::stream::lexeme::Stop;
use crate::stream::locate::Place;
use crate::stream::object::{self, Object};
use crate::stream::page_check;
use crate::stream::scan;
use crate::stream::step::{Fault, Found};
use serde::de::DeserializeSeed;
use std::io::Read;

impl<R: Read> AlertReader<R> {
    /// What is wrong with a top-level value that is not `{` or `[`.
    #[cold]
    pub(super) fn not_a_document(&mut self) -> Fault {
        let message = match page_check::byte_order_mark_next(&mut self.input) {
            Ok(true) => {
                "a byte-order mark (U+FEFF) in the middle of the input, where only its start \
                 may have one; expected an alert, a page or an array of them (`{` or `[`)"
            }
            Ok(false) => "expected an alert, a page or an array of them (`{` or `[`)",
            Err(error) => return error.into(),
        };
        Stop::broken(&self.input, message).into()
    }

    /// Skips an array element that is not an object, and says so.
    /// An array in an array, or in a page's `value`, that starts a line is
    /// taken as the next line of NDJSON after one cut short (see
    /// [`next_line_starts`](Self::next_line_starts)).
    pub(super) fn not_an_object(
        &mut self,
        depth: usize,
        expected: &str,
        between: (Offset, Place),
    ) -> Fault {
        if self.unit.column == 1 && self.input.available().first() == Some(&b'[') {
            let at = self.input.offset();
            let message = format!("expected {expected}, found an array at the start of a line");
            return self.next_line_starts(at, between, &message);
        }
        if let Err(stop) = scan::skip_value(&mut self.input, depth, &mut None) {
            return Fault::Scan(stop);
        }
        Fault::Data(Error::json(
            self.unit.path(),
            format!("expected {expected}"),
            (self.unit.line, self.unit.column),
        ))
    }

    /// A document that starts a line at `at`, where an element of the
    /// array or page around it was expected, is the next line of NDJSON
    /// after a line cut short inside that array or page: the array or page
    /// (`between`, the unit before the element) is broken there, and
    /// reading goes on with the line.
    pub(super) fn next_line_starts(
        &mut self,
        at: Offset,
        between: (Offset, Place),
        message: &str,
    ) -> Fault {
        (self.floor, self.unit) = between;
        self.unit_start = None;
        if self.input.held_from() <= self.floor {
            self.input.keep_from(self.floor);
        }
        Fault::Scan(Stop::Broken {
            message: message.to_owned(),
            at,
        })
    }

    /// Scans a page's item (at its `{`) to its end.
    /// `between` is the unit before the item (the page around it).
    pub(super) fn item(&mut self, depth: usize, between: (Offset, Place)) -> Result<Found, Fault> {
        let scanned = object::scan(
            &mut self.input,
            self.unit,
            depth,
            self.max_alert_size,
            false,
        )?;
        let Object::Alert {
            start,
            too_deep,
            alert_key,
            page,
        } = scanned
        else {
            unreachable!("an item is scanned as an alert")
        };
        if page && !alert_key && self.unit.column == 1 && self.input.held_from() <= start {
            self.input.take_overflow();
            let message = "a page where an alert was expected, at the start of a line";
            return Err(self.next_line_starts(start, between, message));
        }
        self.finish_alert(start, too_deep, alert_key)
    }

    /// Checks the size and depth of an alert scanned from `start`, and
    /// that it is one (`alert_key`: it has `id` or `networkConnections`).
    pub(super) fn finish_alert(
        &mut self,
        start: Offset,
        too_deep: Option<Offset>,
        alert_key: bool,
    ) -> Result<Found, Fault> {
        let end = self.input.offset();
        let overflowed = self.input.take_overflow();
        let place = self.unit;
        if overflowed || (end.0 - start.0) as usize > self.max_alert_size {
            // Not handed out: it is over the limit (if it is held at all).
            self.input.release();
            return Err(Fault::Data(Error::json(
                place.path(),
                format!(
                    "the alert is {} bytes, over the limit of {} (max_alert_size)",
                    end.0 - start.0,
                    self.max_alert_size
                ),
                (place.line, place.column),
            )));
        }
        if let Some(at) = too_deep {
            let position = self.input.position(at);
            return Err(Fault::Data(Error::json(
                place.path(),
                "recursion limit exceeded",
                position,
            )));
        }
        let found = Found { place, start, end };
        if !alert_key {
            return Err(Fault::Data(self.not_an_alert(&found)));
        }
        Ok(found)
    }

    /// The error for an object found without `id` and `networkConnections`:
    /// what parsing it as an [`Alert`] says, so that the reader refuses
    /// what `Alert` refuses, in the same words.
    #[cold]
    fn not_an_alert(&mut self, found: &Found) -> Error {
        let parsed = found.place.parse(self.bytes(found), 0, |at, de| {
            AlertSeed {
                at,
                keep_unknown: false,
                max_connections: 0,
            }
            .deserialize(de)
        });
        let place = found.place;
        let end = self.input.position(Offset(found.end.0 - 1));
        let ends_at = |error: &Error| (error.line(), error.column()) == (Some(end.0), Some(end.1));
        match parsed {
            // Refused at its end, where the parse finds no `id` and no
            // `networkConnections`: placed where it starts.
            Err(error) if ends_at(&error) => {
                Error::json(place.path(), error.message(), (place.line, place.column))
            }
            Err(error) => error,
            // `Alert` refuses every such object; this is in case it
            // ever does not.
            Ok(_) => Error::json(
                found.place.path(),
                "not an alert: an object with neither `id` nor `networkConnections`",
                (found.place.line, found.place.column),
            ),
        }
    }
}
