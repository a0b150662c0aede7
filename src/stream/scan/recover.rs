//! Where reading goes on after broken JSON: after the broken value, when
//! its brackets close soundly, or else at the next line after its start
//! that starts with `{` or `[`.

use super::Scanner;
use super::token::StrScan;
use super::window::{Halt, Scan, Window, is_whitespace, skip_whitespace};
use crate::{Error, ErrorKind};

#[derive(Debug)]
enum Phase {
    /// The broken value passed over by its brackets, from its start.
    Value(Balanced),
    /// After it: what follows must be sound.
    AfterValue,
    /// At `at`, where the scan stopped: a line may start there.
    AtStop,
    /// Looking for the next line end.
    Lines,
    /// Just after a line end.
    LineStart,
}

/// Finding where to go on after broken JSON, with the error to hand out.
#[derive(Debug)]
pub(in crate::stream) struct Recovery {
    error: Option<Error>,
    /// Where the broken value starts, and where the scan stopped.
    start: u64,
    at: u64,
    top_level: bool,
    phase: Phase,
}

impl Recovery {
    pub(in crate::stream) fn pinned(&self) -> Option<u64> {
        match self.phase {
            Phase::Value(_) | Phase::AfterValue => Some(self.at),
            _ => None,
        }
    }
}

impl Scanner {
    /// Broken JSON at `at`: the error, placed where the broken value
    /// starts; and the search for where to go on, begun.
    #[cold]
    pub(super) fn recovery(&mut self, message: String, at: u64, w: &mut Window<'_>) -> Recovery {
        let (line, column) = self.lines.position(at, w);
        let unit = self.unit;
        let error = if (line, column) == (unit.line, unit.column) {
            Error::at(ErrorKind::Syntax, unit.path(), message, (line, column))
        } else {
            Error::at(
                ErrorKind::Syntax,
                unit.path(),
                format!("{message} at line {line} column {column}, in the value that starts"),
                (unit.line, unit.column),
            )
        };
        let mut recovery = Recovery {
            error: Some(error),
            start: self.skip_from(),
            at,
            top_level: self.levels.is_empty(),
            phase: Phase::Lines,
        };
        let unit_start = self.unit_start;
        match unit_start {
            Some(start) if self.is_kept_from(start, w) => {
                w.seek(start);
                let limit = self.limit as u64;
                recovery.phase = Phase::Value(Balanced::new(start, limit));
            }
            _ => recovery.phase = self.go_to_next_line(&recovery, w),
        }
        recovery
    }

    /// Goes on finding where to go on: the error, and where what was
    /// passed over starts.
    pub(super) fn recover(
        &mut self,
        recovery: &mut Recovery,
        w: &mut Window<'_>,
    ) -> Scan<(Error, u64)> {
        loop {
            recovery.phase = match &mut recovery.phase {
                Phase::Value(balanced) => match balanced.run(w)? {
                    true => Phase::AfterValue,
                    false => self.unsound(recovery, w),
                },
                Phase::AfterValue => {
                    let sound = match skip_whitespace(w)? {
                        None | Some(b'{' | b'[') => recovery.top_level,
                        Some(b',' | b']') => !recovery.top_level,
                        // Stray tokens after it at the top level (`"x" 1
                        // {...}`) are skipped with it.
                        Some(_) if recovery.top_level => {
                            let left =
                                (self.limit as u64).saturating_sub(w.offset() - recovery.start);
                            recovery.phase = Phase::Value(Balanced::new(w.offset(), left));
                            continue;
                        }
                        _ => false,
                    };
                    if !sound {
                        self.unsound(recovery, w)
                    } else {
                        self.take_overflow(w);
                        return Ok(self.recovered(recovery));
                    }
                }
                Phase::AtStop => {
                    let at = recovery.at;
                    if self.lines.position(at, w).1 == 1 && matches!(w.peek()?, Some(b'{' | b'[')) {
                        return Ok(self.recovered(recovery));
                    }
                    Phase::Lines
                }
                Phase::Lines => match memchr::memchr(b'\n', w.rest()) {
                    Some(i) => {
                        w.advance(i + 1);
                        Phase::LineStart
                    }
                    None => {
                        w.advance(w.rest().len());
                        w.peek()?;
                        return Ok(self.recovered(recovery));
                    }
                },
                Phase::LineStart => match w.peek()? {
                    Some(b'{' | b'[') => return Ok(self.recovered(recovery)),
                    _ => Phase::Lines,
                },
            };
        }
    }

    fn recovered(&mut self, recovery: &mut Recovery) -> (Error, u64) {
        let error = recovery.error.take().expect("handed out once");
        (error, recovery.start)
    }

    /// The broken value did not end soundly: reading goes on at the next
    /// line that starts a document.
    fn unsound(&mut self, recovery: &Recovery, w: &mut Window<'_>) -> Phase {
        self.take_overflow(w);
        self.go_to_next_line(recovery, w)
    }

    /// Places the read position at the first line after the unit's floor
    /// that starts with `{` or `[`: among what is kept up to `at`, where
    /// the scan stopped, at `at` itself, or else after it, reading on
    /// without holding anything.
    fn go_to_next_line(&mut self, recovery: &Recovery, w: &mut Window<'_>) -> Phase {
        self.levels.clear();
        // Held while the reader looks for where to go on, up to the limit,
        // so that what is passed over can be handed to the caller.
        if self.is_kept_from(recovery.start, w) {
            self.keep = Some(recovery.start);
        }
        let at = recovery.at;
        // What is kept, not what happens to be still held: where reading
        // goes on must not depend on how the input was fed.
        let kept = self.keep.unwrap_or(at);
        let from = (self.floor + 1).max(kept);
        let held = if from < at { w.between(from, at) } else { &[] };
        let line = memchr::memchr_iter(b'\n', held)
            .find(|&i| matches!(held.get(i + 1), Some(b'{' | b'[')));
        if let Some(i) = line {
            w.seek(from + i as u64 + 1);
            return Phase::LineStart;
        }
        w.seek(at.max(from));
        // The scan may have stopped right at such a line's first byte (a
        // line cut after a complete token, then the next line's `{`): that
        // line is where reading goes on, not skipped.
        match at >= from {
            true => Phase::AtStop,
            false => Phase::Lines,
        }
    }
}

#[derive(Clone, Copy, Debug)]
enum Bal {
    Start,
    Str(StrScan),
    Scalar,
    Open(usize),
    OpenStr(usize, StrScan),
    LineStart(usize),
}

/// A value (at its first byte) passed over by its brackets alone, to find
/// where a malformed value ends: `false` when the input ends, a string
/// holds a control character, more than `limit` bytes go by, or a line
/// that starts with `{` or `[` comes first (the value was then cut short,
/// and that line is the next value).
#[derive(Clone, Copy, Debug)]
struct Balanced {
    start: u64,
    limit: u64,
    phase: Bal,
}

impl Balanced {
    fn new(start: u64, limit: u64) -> Self {
        Balanced {
            start,
            limit,
            phase: Bal::Start,
        }
    }

    fn run(&mut self, w: &mut Window<'_>) -> Scan<bool> {
        loop {
            self.phase = match &mut self.phase {
                Bal::Start => match w.peek()? {
                    Some(b'{' | b'[') => Bal::Open(0),
                    Some(b'"') => Bal::Str(StrScan::new(false)),
                    // A scalar, or a stray token: up to the next delimiter.
                    Some(_) => Bal::Scalar,
                    None => return Ok(false),
                },
                Bal::Str(string) => return sound(string.run(w)),
                Bal::Scalar => {
                    while let Some(b) = w.peek()? {
                        if is_whitespace(b) || matches!(b, b',' | b'{' | b'[' | b'}' | b']' | b'"')
                        {
                            break;
                        }
                        w.advance(1);
                    }
                    return Ok(w.offset() > self.start);
                }
                Bal::Open(depth) => {
                    let depth = *depth;
                    let Some(b) = w.peek()? else {
                        return Ok(false);
                    };
                    if w.offset() - self.start > self.limit {
                        return Ok(false);
                    }
                    if b == b'"' {
                        self.phase = Bal::OpenStr(depth, StrScan::new(false));
                        continue;
                    }
                    w.advance(1);
                    match b {
                        b'{' | b'[' => Bal::Open(depth + 1),
                        b'}' | b']' => {
                            if depth == 1 {
                                return Ok(true);
                            }
                            Bal::Open(depth - 1)
                        }
                        b'\n' => Bal::LineStart(depth),
                        _ => Bal::Open(depth),
                    }
                }
                Bal::OpenStr(depth, string) => {
                    let depth = *depth;
                    if !sound(string.run(w))? {
                        return Ok(false);
                    }
                    Bal::Open(depth)
                }
                Bal::LineStart(depth) => match w.peek()? {
                    Some(b'{' | b'[') => return Ok(false),
                    _ => Bal::Open(*depth),
                },
            };
        }
    }
}

/// A string passed over in a broken value: `false` when it is broken.
fn sound(scan: Scan<()>) -> Scan<bool> {
    match scan {
        Ok(()) => Ok(true),
        Err(Halt::Broken { .. }) => Ok(false),
        Err(Halt::Need) => Err(Halt::Need),
    }
}
