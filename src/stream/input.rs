//! Places in the input: where a piece of it starts, and the line and
//! column after some of its bytes.

/// Where a piece of the input starts in the whole input, so that a scanner
/// of the piece alone places everything as a scanner of the whole would.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Start {
    /// Bytes of the input before the piece.
    pub(crate) offset: u64,
    /// Line and column (from 1) of the piece's first byte.
    pub(crate) line: usize,
    pub(crate) column: usize,
}

impl Start {
    /// The input's own start.
    pub(crate) const INPUT: Start = Start {
        offset: 0,
        line: 1,
        column: 1,
    };

    /// Where the input goes on after `bytes`, which start here.
    #[allow(dead_code)]
    pub(crate) fn after(self, bytes: &[u8]) -> Start {
        let (line, column) = advance_position((self.line, self.column), bytes);
        Start {
            offset: self.offset + bytes.len() as u64,
            line,
            column,
        }
    }
}

/// The line and column after `bytes`, which start at `start`.
pub(super) fn advance_position(start: (usize, usize), bytes: &[u8]) -> (usize, usize) {
    // The count is one vectorized pass; the search for the last newline
    // runs only when there is one (in NDJSON, near the end).
    match memchr::memchr_iter(b'\n', bytes).count() {
        0 => (start.0, start.1 + bytes.len()),
        newlines => {
            let last = memchr::memrchr(b'\n', bytes).unwrap_or(0);
            (start.0 + newlines, bytes.len() - last)
        }
    }
}
