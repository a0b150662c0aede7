//! The scanner: a state machine over the input's bytes that finds the
//! alerts in any shape of input, checks the structure around them, and
//! finds where reading goes on after broken JSON. It is fed bytes, says
//! what it found, and never reads: [`AlertReader`](crate::AlertReader) is
//! the loop that reads and feeds it, and the columnar export feeds it
//! blocks of the input.
//!
//! Each call to [`Scanner::scan`] is fed the input from
//! [`Scanner::hold_from`] (as it was after the last call) to as far as has
//! been read, and returns one [`Event`]. The scanner holds what it is
//! scanning by asking for it to be fed again: the alert being scanned (up
//! to the size limit), what broken JSON may make it look back over, and
//! the few bytes of a token cut by the end of what was fed. A string of
//! any length streams past unheld.
//!
//! Layers, lowest first: `window` (the bytes fed), `search` (the bytes a
//! scan stops at), `token` (one string, number or literal), `value` (a
//! whole value), `object` (an alert or a page), `property` (a page's own
//! properties after its items), `steps` (the structure around the
//! alerts), `refuse` and `recover` (what is refused, and where reading
//! goes on after broken JSON).

mod lines;
mod object;
mod property;
mod recover;
mod refuse;
mod search;
mod steps;
mod stop;
mod token;
mod value;
mod window;

pub(in crate::stream) use object::{KeyScan, Name};
pub(in crate::stream) use value::ValueScan;
pub(in crate::stream) use window::{Window, expect, next_token};

use crate::Error;
use crate::stream::input::Start;
use crate::stream::locate::Place;
use crate::stream::page_check::PageCheck;
use crate::stream::page_end::PageProperties;
use lines::Lines;
use steps::Task;

/// Where an alert was found: its bytes are `start..end` of the input.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Found {
    pub(crate) start: u64,
    pub(crate) end: u64,
    pub(in crate::stream) place: Place,
}

/// What a call to [`Scanner::scan`] found.
#[derive(Debug)]
pub(crate) enum Event {
    /// An alert, whose bytes stay held until the next call.
    Alert(Found),
    /// Something refused, or broken JSON, with the stretch of input passed
    /// over when it is held (until the next call).
    Error {
        error: Error,
        skipped: Option<(u64, u64)>,
    },
    /// The bytes fed are used up: feed more, from
    /// [`hold_from`](Scanner::hold_from).
    Need,
    /// The input has ended (or cannot be read on).
    End,
}

/// Where the scanner is in the structure around the alerts.
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

/// The unit before an array element or page item, and whether its input
/// is still held.
#[derive(Clone, Copy, Debug)]
struct Between {
    floor: u64,
    unit: Place,
    held: bool,
}

/// The scanner's state: everything needed to go on with the next bytes.
pub(crate) struct Scanner {
    /// The largest alert (and stretch held for broken JSON).
    limit: usize,
    /// The offset of the next byte.
    pos: u64,
    /// Where the bytes of the next call start.
    base: u64,
    lines: Lines,
    levels: Vec<Level>,
    task: Task,
    finished: bool,
    /// Bytes from here on are held, up to the limit.
    keep: Option<u64>,
    /// Whether kept bytes were let go, over the limit, since last asked.
    overflowed: bool,
    /// The bytes of the last event, held until the next call.
    lent: Option<u64>,
    /// The value that broken JSON would skip: where it starts, and what a
    /// resumed read may not go back before.
    unit: Place,
    floor: u64,
    /// Where the value that is the unit starts; `None` when the unit is
    /// the structure around values (a page after its items, say).
    unit_start: Option<u64>,
    /// The unit before an array element or page item (an element that is
    /// the next line of NDJSON gives it back).
    between: Option<Between>,
    /// The properties of the last page that ended.
    last_page: Option<PageProperties>,
}

impl Scanner {
    /// A scanner of the input from `start`, which is the input's own start
    /// or a place between top-level documents; alerts up to `limit` bytes.
    pub(crate) fn new(start: Start, limit: usize) -> Self {
        Scanner {
            limit,
            pos: start.offset,
            base: start.offset,
            lines: Lines::at(start.offset, start.line, start.column),
            levels: Vec::new(),
            // Only the input's own start may begin with a byte-order mark.
            task: match start == Start::INPUT {
                true => Task::Start,
                false => Task::Idle,
            },
            finished: false,
            keep: None,
            overflowed: false,
            lent: None,
            unit: Place::default(),
            floor: start.offset,
            unit_start: None,
            between: None,
            last_page: None,
        }
    }

    /// The properties of the last page that ended.
    pub(crate) fn last_page(&self) -> Option<&PageProperties> {
        self.last_page.as_ref()
    }

    /// The largest alert it reads.
    pub(crate) fn limit(&self) -> usize {
        self.limit
    }

    pub(crate) fn set_limit(&mut self, limit: usize) {
        self.limit = limit;
    }

    /// The offset of the next byte to scan: how far the input has been
    /// read past.
    pub(crate) fn offset(&self) -> u64 {
        self.pos
    }

    /// The offset from which the input must be fed on the next call (and
    /// held until then).
    pub(crate) fn hold_from(&self) -> u64 {
        self.base
    }

    /// The offset from which the input is still needed, now.
    fn needed_from(&self) -> u64 {
        let between = self.between.filter(|b| b.held).map(|b| b.floor);
        [self.keep, self.lent, self.task.pinned(), between]
            .into_iter()
            .flatten()
            .fold(self.pos, u64::min)
    }

    /// Lets the bytes of the last event go.
    pub(crate) fn release(&mut self) {
        self.lent = None;
    }

    /// Scans `bytes`, the input from [`hold_from`](Self::hold_from) as it
    /// was after the last call; `eof` when the input ends with them.
    pub(crate) fn scan(&mut self, bytes: &[u8], eof: bool) -> Event {
        self.lent = None;
        if self.finished {
            return Event::End;
        }
        let mut w = Window::new(bytes, self.base, self.pos, eof);
        let event = self.next_event(&mut w);
        self.pos = w.offset();
        self.check_overflow();
        let hold = self.needed_from();
        self.lines.forget_before(hold, &w);
        self.base = hold;
        event
    }

    /// Lets the kept bytes go when they are over the limit.
    fn check_overflow(&mut self) {
        if self
            .keep
            .is_some_and(|keep| self.pos - keep > self.limit as u64)
        {
            self.keep = None;
            self.overflowed = true;
        }
        if let Some(between) = &mut self.between
            && self.pos - between.floor > self.limit as u64
        {
            between.held = false;
        }
    }

    /// Whether kept bytes were let go since last asked, at `w`.
    fn take_overflow(&mut self, w: &Window<'_>) -> bool {
        self.pos = w.offset();
        self.check_overflow();
        std::mem::take(&mut self.overflowed)
    }

    /// Whether the input from `from` on is kept (at `w`).
    fn is_kept_from(&mut self, from: u64, w: &Window<'_>) -> bool {
        self.pos = w.offset();
        self.check_overflow();
        self.keep.is_some_and(|kept| kept <= from)
    }
}

/// Starting and stopping between documents, to read pieces of the input
/// apart (unused when nothing does).
#[allow(dead_code)]
impl Scanner {
    /// Whether nothing has been scanned yet.
    pub(crate) fn is_fresh(&self) -> bool {
        self.pos == 0 && matches!(self.task, Task::Start)
    }

    /// Whether the scanner is between top-level documents, holding only
    /// its place: a scanner started here reads on as this one would.
    pub(crate) fn is_between_documents(&self) -> bool {
        !self.finished && self.levels.is_empty() && self.task.is_between_documents()
    }

    /// Where the scanner is, to start another there; `held` is what the
    /// next call would be fed.
    pub(crate) fn resume_point(&mut self, held: &[u8]) -> Start {
        let w = Window::new(held, self.base, self.pos, false);
        let (line, column) = self.lines.position(self.pos, &w);
        Start {
            offset: self.pos,
            line,
            column,
        }
    }
}

#[cfg(test)]
mod tests;
