//! The structure around the alerts, a step at a time: each step is a
//! [`Task`] that goes on where the bytes fed ended.

use super::object::ObjectScan;
use super::property::PropertyScan;
use super::recover::Recovery;
use super::stop::Stop;
use super::value::ValueScan;
use super::window::{Halt, Scan, Window, next_token, skip_whitespace};
use super::{Event, Level, Scanner};
use crate::Error;
use crate::stream::locate::Place;

/// What the scanner is doing.
pub(super) enum Task {
    /// At the input's start: a byte-order mark is looked for.
    Start,
    /// Between steps: the level says what comes next.
    Idle,
    /// Between top-level documents.
    TopWhitespace,
    /// Before an element of an array or page (`items`), or its end.
    Element {
        index: usize,
        items: bool,
        at: Before,
    },
    /// A top-level document or array element (`array`), or a page item.
    Object {
        scan: ObjectScan,
        array: Option<usize>,
        item: bool,
    },
    /// An array element that is not an object, passed over.
    NotAnObject {
        scan: ValueScan,
        expected: &'static str,
    },
    /// A top-level value that is not `{` or `[`.
    NotADocument,
    /// A page's property after its items.
    PageProperty(PropertyScan),
    /// Finding where to go on after broken JSON.
    Recover(Recovery),
}

impl Task {
    /// The offset from which the task needs the input held.
    pub(super) fn pinned(&self) -> Option<u64> {
        match self {
            Task::Object { scan, .. } => scan.pinned(),
            Task::PageProperty(property) => property.pinned(),
            Task::Recover(recovery) => recovery.pinned(),
            _ => None,
        }
    }

    pub(super) fn is_between_documents(&self) -> bool {
        matches!(self, Task::Idle | Task::TopWhitespace)
    }
}

impl Scanner {
    pub(super) fn next_event(&mut self, w: &mut Window<'_>) -> Event {
        loop {
            let mut task = std::mem::replace(&mut self.task, Task::Idle);
            let stop = match self.run(&mut task, w) {
                Ok(next) => {
                    self.task = next;
                    continue;
                }
                Err(stop) => stop,
            };
            match stop {
                Stop::Alert(found) => {
                    (self.keep, self.lent) = (None, Some(found.start));
                    return Event::Alert(found);
                }
                Stop::Refused(error, from) => return self.refused(error, from, w),
                Stop::Halt(Halt::Need) => {
                    self.task = task;
                    return Event::Need;
                }
                Stop::Halt(Halt::Broken { message, at }) => {
                    self.task = Task::Recover(self.recovery(message, at, w));
                }
                Stop::End => {
                    self.finished = true;
                    return Event::End;
                }
                Stop::Fatal(error) => {
                    self.finished = true;
                    return Event::Error {
                        error,
                        skipped: None,
                    };
                }
            }
        }
    }

    /// The error event for `error`, with the input from `from` to here
    /// when it is kept.
    fn refused(&mut self, error: Error, from: u64, w: &Window<'_>) -> Event {
        let held = !self.take_overflow(w) && self.is_kept_from(from, w);
        self.keep = None;
        let skipped = held.then_some((from, w.offset()));
        self.lent = held.then_some(from);
        Event::Error { error, skipped }
    }

    /// Runs `task` on: the next task, or how the step ended.
    fn run(&mut self, task: &mut Task, w: &mut Window<'_>) -> Result<Task, Stop> {
        match task {
            Task::Start => {
                self.check_start(w)?;
                Ok(Task::Idle)
            }
            Task::Idle => Ok(self.next_task(w)),
            Task::TopWhitespace => self.document(w),
            Task::Element { index, items, at } => self.element(*index, *items, at, w),
            Task::Object { scan, array, item } => {
                let kept = self.keep;
                let object = scan.run(w, kept)?;
                self.object_scanned(object, *array, *item, w)
            }
            Task::NotAnObject { scan, expected } => {
                scan.run(w)?;
                let unit = self.unit;
                let message = format!("expected {expected}");
                Err(Stop::Refused(
                    Error::json(unit.path(), message, (unit.line, unit.column)),
                    self.skip_from(),
                ))
            }
            Task::NotADocument => Err(self.not_a_document(w)?),
            Task::PageProperty(property) => self.page_property(property, w).map(|()| Task::Idle),
            Task::Recover(recovery) => {
                let (error, from) = self.recover(recovery, w)?;
                Err(Stop::Refused(error, from))
            }
        }
    }

    /// What broken JSON or a refusal hands out from: the unit's start.
    pub(super) fn skip_from(&self) -> u64 {
        self.unit_start.unwrap_or(self.floor)
    }

    /// The next step, by the level.
    fn next_task(&mut self, w: &Window<'_>) -> Task {
        self.between = None;
        match self.levels.last_mut() {
            None => {
                self.keep = None;
                Task::TopWhitespace
            }
            Some(Level::Array { next, place }) => {
                let (index, place) = (*next, *place);
                *next += 1;
                self.begin_between(place, w);
                Task::Element {
                    index,
                    items: false,
                    at: if index == 0 {
                        Before::First
                    } else {
                        Before::Comma
                    },
                }
            }
            Some(Level::Items { next, page, .. }) => {
                let (index, place) = (*next, page.place);
                *next += 1;
                self.begin_between(place, w);
                Task::Element {
                    index,
                    items: true,
                    at: if index == 0 {
                        Before::First
                    } else {
                        Before::Comma
                    },
                }
            }
            Some(Level::PageRest { page, array }) => {
                let (place, array) = (page.place, *array);
                self.begin_between(place, w);
                Task::PageProperty(PropertyScan::new(array))
            }
        }
    }

    /// Between top-level documents: the next one, or the end.
    fn document(&mut self, w: &mut Window<'_>) -> Result<Task, Stop> {
        let Some(b) = skip_whitespace(w)? else {
            return Err(Stop::End);
        };
        self.begin_unit(None, None, w);
        match b {
            b'[' => {
                w.advance(1);
                let place = self.unit;
                self.levels.push(Level::Array { next: 0, place });
                Ok(Task::Idle)
            }
            b'{' => Ok(Task::Object {
                scan: ObjectScan::new(w.offset(), 0, true),
                array: None,
                item: false,
            }),
            _ => Ok(Task::NotADocument),
        }
    }

    /// Marks the structure around values (`unit`), from here, as what
    /// broken JSON would skip, and holds the input from here so that what
    /// it passes over can be handed out however the input was fed.
    fn begin_between(&mut self, unit: Place, w: &Window<'_>) {
        self.floor = w.offset();
        (self.unit, self.unit_start) = (unit, None);
        self.keep = Some(self.floor);
    }

    /// Marks the start of a value that broken JSON would skip.
    pub(super) fn begin_unit(&mut self, array: Option<usize>, item: Option<usize>, w: &Window<'_>) {
        self.floor = w.offset();
        self.unit_start = Some(self.floor);
        self.keep = Some(self.floor);
        let (line, column) = self.lines.position(self.floor, w);
        self.unit = Place {
            array,
            item,
            line,
            column,
        };
    }

    /// At a place where `]` or another element come (after a comma
    /// unless it is the first): the element's first byte, or `None` after
    /// the `]`.
    pub(super) fn element_or_end(
        &mut self,
        at: &mut Before,
        w: &mut Window<'_>,
    ) -> Scan<Option<u8>> {
        if *at != Before::CommaPassed {
            let b = next_token(w)?;
            if b == b']' {
                w.advance(1);
                return Ok(None);
            }
            if *at == Before::First {
                return Ok(Some(b));
            }
            if b != b',' {
                return w.broken("expected `,` or `]`");
            }
            w.advance(1);
            *at = Before::CommaPassed;
        }
        let b = next_token(w)?;
        if b == b']' {
            return w.broken("trailing comma");
        }
        Ok(Some(b))
    }
}

/// Where an element is looked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Before {
    First,
    Comma,
    CommaPassed,
}
