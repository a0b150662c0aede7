//! The line and column of offsets in the input, counted over the bytes as
//! they are fed, before they are let go.

use super::window::Window;
use crate::stream::input::advance_position;

/// An offset with its line and column (from 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Mark {
    offset: u64,
    line: usize,
    column: usize,
}

/// Lines and columns: of the first byte held, and of the last offset asked
/// for, from which the next is counted (asking in input order costs linear
/// time).
#[derive(Clone, Copy, Debug)]
pub(in crate::stream) struct Lines {
    held: Mark,
    last: Mark,
}

impl Lines {
    /// Counting from `offset`, at `line` and `column`.
    pub(in crate::stream) fn at(offset: u64, line: usize, column: usize) -> Self {
        let mark = Mark {
            offset,
            line,
            column,
        };
        Lines {
            held: mark,
            last: mark,
        }
    }

    /// Line and column of `at`, which `w` holds.
    pub(in crate::stream) fn position(&mut self, at: u64, w: &Window<'_>) -> (usize, usize) {
        let from = if self.last.offset <= at {
            self.last
        } else {
            self.held
        };
        let (line, column) = advance_position((from.line, from.column), w.between(from.offset, at));
        self.last = Mark {
            offset: at,
            line,
            column,
        };
        (line, column)
    }

    /// Counts up to `to` before the bytes before it are let go.
    pub(in crate::stream) fn forget_before(&mut self, to: u64, w: &Window<'_>) {
        if to > self.held.offset {
            let last = self.last;
            let (line, column) = self.position(to, w);
            if last.offset > to {
                self.last = last;
            }
            self.held = Mark {
                offset: to,
                line,
                column,
            };
        }
    }
}
