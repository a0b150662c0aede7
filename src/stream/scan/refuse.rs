//! What the scanner refuses, and how it says so: a top-level value that is
//! not a document, an array element that is not an object, an alert too
//! large or too deep, an object that is not an alert, a page where an
//! alert was expected; and the start of the input.

use super::object::{Object, ObjectScan};
use super::steps::{Before, Task};
use super::stop::Stop;
use super::value::ValueScan;
use super::window::{Halt, Scan, Window};
use super::{Between, Found, Level, Scanner};
use crate::envelope::alert::AlertSeed;
use crate::stream::page_check::PageCheck;
use crate::{Error, ErrorKind};
use serde::de::DeserializeSeed;

impl Scanner {
    /// Looks at the start of the input: a UTF-8 byte-order mark is
    /// skipped, as RFC 8259 allows (many Windows tools write one); UTF-16
    /// is refused with a message that says so.
    pub(super) fn check_start(&mut self, w: &mut Window<'_>) -> Result<(), Stop> {
        let head = w.ahead(3)?;
        if head.starts_with(b"\xef\xbb\xbf") {
            w.advance(3);
        } else if head.starts_with(b"\xff\xfe") || head.starts_with(b"\xfe\xff") {
            return Err(Stop::Fatal(Error::at(
                ErrorKind::Syntax,
                String::new(),
                "the input is UTF-16 (it starts with a UTF-16 byte-order mark, as Windows \
                 PowerShell's Out-File writes); convert it to UTF-8, e.g. with \
                 `iconv -f UTF-16 -t UTF-8`"
                    .to_owned(),
                (1, 1),
            )));
        }
        Ok(())
    }

    /// What is wrong with a top-level value that is not `{` or `[`. Only
    /// the input's start may hold a byte-order mark, and one anywhere else
    /// (files concatenated with `cat`, each written by a Windows tool) is
    /// named as such.
    #[cold]
    pub(super) fn not_a_document(&mut self, w: &mut Window<'_>) -> Scan<Stop> {
        let message = match w.ahead(3)?.starts_with(b"\xef\xbb\xbf") {
            true => {
                "a byte-order mark (U+FEFF) in the middle of the input, where only its start \
                 may have one; expected an alert, a page or an array of them (`{` or `[`)"
            }
            false => "expected an alert, a page or an array of them (`{` or `[`)",
        };
        w.broken(message)
    }

    /// An element of an array (or a page's items), at its first byte.
    pub(super) fn element(
        &mut self,
        index: usize,
        items: bool,
        at: &mut Before,
        w: &mut Window<'_>,
    ) -> Result<Task, Stop> {
        let Some(b) = self.element_or_end(at, w)? else {
            if let Some(Level::Items { array, page, .. }) = self.levels.pop() {
                self.levels.push(Level::PageRest { array, page });
            }
            return Ok(Task::Idle);
        };
        let held = self.keep == Some(self.floor);
        let between = Between {
            floor: self.floor,
            unit: self.unit,
            held,
        };
        let (array, depth) = match self.levels.last() {
            Some(Level::Items { array, .. }) => (*array, array.map_or(0, |_| 1) + 2),
            _ => (Some(index), 1),
        };
        match items {
            true => self.begin_unit(array, Some(index), w),
            false => self.begin_unit(array, None, w),
        }
        self.between = Some(between);
        if b == b'{' {
            return Ok(Task::Object {
                scan: ObjectScan::new(w.offset(), depth, !items),
                array,
                item: items,
            });
        }
        let expected = match items {
            true => "an alert object",
            false => "an alert or a page object",
        };
        // An array in an array, or in a page's `value`, that starts a line
        // is taken as the next line of NDJSON after one cut short.
        if self.unit.column == 1 && b == b'[' {
            let message = format!("expected {expected}, found an array at the start of a line");
            return Err(self.next_line_starts(w.offset(), message));
        }
        Ok(Task::NotAnObject {
            scan: ValueScan::new(depth, None),
            expected,
        })
    }

    /// A document that starts a line at `at`, where an element of the
    /// array or page around it was expected, is the next line of NDJSON
    /// after a line cut short inside that array or page: the array or page
    /// (the unit before the element) is broken there, and reading goes on
    /// with the line.
    fn next_line_starts(&mut self, at: u64, message: String) -> Stop {
        if let Some(between) = self.between {
            (self.floor, self.unit) = (between.floor, between.unit);
            self.unit_start = None;
            if between.held {
                self.keep = Some(between.floor);
            }
        }
        Stop::Halt(Halt::Broken { message, at })
    }

    /// An object scanned: an alert to hand out, or a page whose items come
    /// next.
    pub(super) fn object_scanned(
        &mut self,
        object: Object,
        array: Option<usize>,
        item: bool,
        w: &Window<'_>,
    ) -> Result<Task, Stop> {
        let (start, too_deep, alert_key, page_like) = match object {
            Object::Alert {
                start,
                too_deep,
                alert_key,
                page_like,
            } => (start, too_deep, alert_key, page_like),
            Object::Page { start, value_key } => {
                let over = self.take_overflow(w) || !self.is_kept_from(start, w);
                let prefix = (!over).then(|| w.between(start, value_key));
                let (page, error) = PageCheck::from_prefix(self.unit, prefix, self.limit);
                let next = 0;
                self.levels.push(Level::Items { array, next, page });
                return match error {
                    Some(error) => Err(Stop::Refused(error, self.skip_from())),
                    None => Ok(Task::Idle),
                };
            }
        };
        if item && page_like && !alert_key && self.unit.column == 1 && self.is_kept_from(start, w) {
            self.take_overflow(w);
            let message = "a page where an alert was expected, at the start of a line";
            return Err(self.next_line_starts(start, message.to_owned()));
        }
        Err(self.finish_alert(start, too_deep, alert_key, w))
    }

    /// Checks the size and depth of an alert scanned from `start`, and
    /// that it is one (`alert_key`: it has `id` or `networkConnections`).
    fn finish_alert(
        &mut self,
        start: u64,
        too_deep: Option<u64>,
        alert_key: bool,
        w: &Window<'_>,
    ) -> Stop {
        let end = w.offset();
        let overflowed = self.take_overflow(w);
        let place = self.unit;
        let refused = |error| Stop::Refused(error, start);
        if overflowed || (end - start) as usize > self.limit {
            // Not handed out: it is over the limit (if it is held at all).
            self.keep = None;
            return refused(Error::at(
                ErrorKind::Limit,
                place.path(),
                format!(
                    "the alert is {} bytes, over the limit of {} (max_alert_size)",
                    end - start,
                    self.limit
                ),
                (place.line, place.column),
            ));
        }
        if let Some(at) = too_deep {
            let position = self.lines.position(at, w);
            return refused(Error::at(
                ErrorKind::Limit,
                place.path(),
                "recursion limit exceeded".to_owned(),
                position,
            ));
        }
        let found = Found { start, end, place };
        if !alert_key {
            return refused(self.not_an_alert(&found, w));
        }
        Stop::Alert(found)
    }

    /// The error for an object found without `id` and `networkConnections`:
    /// what parsing it as an [`Alert`](crate::Alert) says, so that the
    /// reader refuses what `Alert` refuses, in the same words.
    #[cold]
    fn not_an_alert(&mut self, found: &Found, w: &Window<'_>) -> Error {
        let bytes = w.between(found.start, found.end);
        let parsed = found.place.parse(bytes, 0, |at, de| {
            AlertSeed {
                at,
                keep_unknown: false,
                max_connections: 0,
            }
            .deserialize(de)
        });
        let place = found.place;
        let end = self.lines.position(found.end - 1, w);
        let ends_at = |error: &Error| (error.line(), error.column()) == (Some(end.0), Some(end.1));
        match parsed {
            // Refused at its end, where the parse finds no `id` and no
            // `networkConnections`: placed where it starts.
            Err(error) if ends_at(&error) => {
                let position = (place.line, place.column);
                Error::at(error.kind(), place.path(), error.message(), position)
                    .with_property(error.property_name())
            }
            Err(error) => error,
            // `Alert` refuses every such object; this is in case it
            // ever does not.
            Ok(_) => Error::json(
                place.path(),
                "not an alert: an object with neither `id` nor `networkConnections`",
                (place.line, place.column),
            ),
        }
    }
}
