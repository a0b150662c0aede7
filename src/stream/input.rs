//! The reader's input: read in chunks, holding only the bytes that are
//! being kept (the alert being read) and a chunk beyond, with the line and
//! column of every byte it holds.

use crate::Error;
use std::io::{self, Read};

/// How much input is read at a time.
const CHUNK: usize = 64 * 1024;

/// A window on the input. Bytes before the read position are forgotten
/// unless they are kept ([`Input::keep_from`]), so memory follows what is
/// kept, not the input.
pub(super) struct Input<R> {
    reader: R,
    /// Input in `buf[..end]`; the rest is room for the next read.
    buf: Vec<u8>,
    end: usize,
    /// The next byte to read.
    pos: usize,
    /// Bytes from here on are not forgotten.
    keep: Option<usize>,
    eof: bool,
    /// Line (from 1) and column (from 1) of `buf[0]`.
    line: usize,
    column: usize,
    /// Offset in the whole input of `buf[0]`.
    forgotten: u64,
    /// The last position asked for, `(index, line, column)`, from which the
    /// next one is counted: asking in input order costs linear time.
    mark: (usize, usize, usize),
    /// Bytes kept beyond this many are let go (see [`Input::overflowed`]).
    limit: usize,
    overflowed: bool,
}

/// The error for input that the allocator refused room for.
fn cannot_hold(bytes: usize) -> Error {
    Error::from(io::Error::new(
        io::ErrorKind::OutOfMemory,
        format!("cannot hold {bytes} bytes of input"),
    ))
}

/// A copy of `bytes` of the input, asked of the allocator without
/// aborting: a refusal is an error.
pub(crate) fn copy_of(bytes: &[u8]) -> Result<Vec<u8>, Error> {
    let mut copy = Vec::new();
    copy.try_reserve_exact(bytes.len())
        .map_err(|_| cannot_hold(bytes.len()))?;
    copy.extend_from_slice(bytes);
    Ok(copy)
}

/// Where a piece of the input starts in the whole input, so that a reader
/// of the piece alone places everything as a reader of the whole would.
#[cfg(feature = "arrow")]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Start {
    /// Bytes of the input before the piece.
    pub(crate) offset: u64,
    /// Line and column (from 1) of the piece's first byte.
    pub(crate) line: usize,
    pub(crate) column: usize,
}

#[cfg(feature = "arrow")]
impl Start {
    /// The input's own start.
    pub(crate) const INPUT: Start = Start {
        offset: 0,
        line: 1,
        column: 1,
    };

    /// Where the input goes on after `bytes`, which start here.
    pub(crate) fn after(self, bytes: &[u8]) -> Start {
        let (line, column) = advance_position((self.line, self.column), bytes);
        Start {
            offset: self.offset + bytes.len() as u64,
            line,
            column,
        }
    }
}

/// A place in the input that stays valid while bytes are forgotten.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Offset(pub(super) u64);

impl<R: Read> Input<R> {
    pub(super) fn new(reader: R) -> Self {
        Input {
            reader,
            buf: Vec::new(),
            end: 0,
            pos: 0,
            keep: None,
            eof: false,
            line: 1,
            column: 1,
            forgotten: 0,
            mark: (0, 1, 1),
            limit: usize::MAX,
            overflowed: false,
        }
    }

    /// A window on `reader`, which holds the input from `start` on.
    #[cfg(feature = "arrow")]
    pub(super) fn starting_at(reader: R, start: Start) -> Self {
        Input {
            line: start.line,
            column: start.column,
            forgotten: start.offset,
            mark: (0, start.line, start.column),
            ..Input::new(reader)
        }
    }

    /// This window, reading through `wrap(reader)`.
    #[cfg(feature = "arrow")]
    pub(super) fn map_reader<S>(self, wrap: impl FnOnce(R) -> S) -> Input<S> {
        Input {
            reader: wrap(self.reader),
            buf: self.buf,
            end: self.end,
            pos: self.pos,
            keep: self.keep,
            eof: self.eof,
            line: self.line,
            column: self.column,
            forgotten: self.forgotten,
            mark: self.mark,
            limit: self.limit,
            overflowed: self.overflowed,
        }
    }

    /// Whether nothing has been read yet.
    #[cfg(feature = "arrow")]
    pub(super) fn is_untouched(&self) -> bool {
        self.forgotten == 0 && self.end == 0 && !self.eof
    }

    /// Whether a read has found the end of the input.
    pub(super) fn has_seen_end(&self) -> bool {
        self.eof
    }

    /// The reader, and where the read position is with the bytes read
    /// ahead of it: what reading goes on with elsewhere.
    #[cfg(feature = "arrow")]
    pub(super) fn into_rest(mut self) -> (R, Start, Vec<u8>) {
        let (line, column) = self.here();
        let start = Start {
            offset: self.offset().0,
            line,
            column,
        };
        self.buf.truncate(self.end);
        self.buf.drain(..self.pos);
        (self.reader, start, self.buf)
    }

    /// Keeps at most `limit` bytes (and a chunk beyond).
    pub(super) fn set_limit(&mut self, limit: usize) {
        self.limit = limit;
    }

    /// Whether kept bytes were let go since the last call, because they
    /// grew past the limit.
    pub(super) fn take_overflow(&mut self) -> bool {
        std::mem::take(&mut self.overflowed)
    }

    /// Where the kept bytes start, if bytes are kept. Bytes before the
    /// read position that are not kept may be forgotten or not, as reads
    /// fall; what is handed out must not depend on that.
    pub(super) fn kept_from(&self) -> Option<Offset> {
        self.keep.map(|keep| Offset(self.forgotten + keep as u64))
    }

    /// The offset of the first byte still held.
    pub(super) fn held_from(&self) -> Offset {
        Offset(self.forgotten)
    }

    /// The offset of the next byte.
    pub(super) fn offset(&self) -> Offset {
        Offset(self.forgotten + self.pos as u64)
    }

    /// The buffered bytes from the read position on.
    pub(super) fn available(&self) -> &[u8] {
        &self.buf[self.pos..self.end]
    }

    /// Moves the read position `n` bytes on, within what is buffered.
    pub(super) fn advance(&mut self, n: usize) {
        debug_assert!(self.pos + n <= self.end);
        self.pos += n;
    }

    /// The next byte, reading more input when needed; `None` at the end.
    pub(super) fn peek(&mut self) -> Result<Option<u8>, Error> {
        while self.pos >= self.end {
            if !self.fill()? {
                return Ok(None);
            }
        }
        Ok(Some(self.buf[self.pos]))
    }

    /// Keeps the bytes from `from` (at or before the read position) until
    /// [`Input::release`].
    pub(super) fn keep_from(&mut self, from: Offset) {
        let index = self.index_of(from);
        self.keep = Some(index);
    }

    /// Lets kept bytes be forgotten again.
    pub(super) fn release(&mut self) {
        self.keep = None;
    }

    /// The bytes from `from` (kept) to the read position.
    pub(super) fn bytes_since(&self, from: Offset) -> &[u8] {
        &self.buf[self.index_of(from)..self.pos]
    }

    /// The bytes from `from` (kept) to `to`.
    pub(super) fn bytes_between(&self, from: Offset, to: Offset) -> &[u8] {
        &self.buf[self.index_of(from)..self.index_of(to)]
    }

    /// Moves the read position back to `to`, a kept offset.
    pub(super) fn rewind(&mut self, to: Offset) {
        self.pos = self.index_of(to);
    }

    fn index_of(&self, at: Offset) -> usize {
        debug_assert!(at.0 >= self.forgotten, "offset no longer held");
        (at.0.saturating_sub(self.forgotten) as usize).min(self.end)
    }

    /// Reads more input after what is buffered; `false` at the end.
    pub(super) fn fill(&mut self) -> Result<bool, Error> {
        if self.eof {
            return Ok(false);
        }
        if self.buf.len() - self.end < CHUNK / 2 {
            self.make_room()?;
        }
        loop {
            match self.reader.read(&mut self.buf[self.end..]) {
                Ok(n) => {
                    self.end += n;
                    self.eof = n == 0;
                    return Ok(n != 0);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Forgets what is neither kept nor ahead, then grows the buffer if
    /// that did not free a chunk. Growing asks the allocator politely, so
    /// that running out of memory is an error rather than an abort.
    fn make_room(&mut self) -> Result<(), Error> {
        if self.keep.is_some_and(|keep| self.end - keep > self.limit) {
            self.keep = None;
            self.overflowed = true;
        }
        let from = self.keep.unwrap_or(self.pos).min(self.pos);
        if from > 0 {
            self.forget(from);
        }
        let wanted = self.end + CHUNK;
        if self.buf.len() < wanted {
            let grow = wanted - self.buf.len();
            self.buf
                .try_reserve(grow)
                .map_err(|_| cannot_hold(wanted))?;
            // Room is zeroed a chunk at a time, not on every read, so that
            // readers returning a few bytes per call stay cheap.
            self.buf.resize(wanted, 0);
        }
        Ok(())
    }

    /// Drops `buf[..from]`, carrying its line and column forward.
    fn forget(&mut self, from: usize) {
        (self.line, self.column) = self.position_of(from);
        self.mark = (0, self.line, self.column);
        self.buf.copy_within(from..self.end, 0);
        self.end -= from;
        self.pos -= from;
        self.keep = self.keep.map(|keep| keep - from);
        self.forgotten += from as u64;
    }

    /// Line and column (from 1) of the byte at `at`, which must be held.
    pub(super) fn position(&mut self, at: Offset) -> (usize, usize) {
        self.position_of(self.index_of(at))
    }

    /// Line and column of the read position.
    pub(super) fn here(&mut self) -> (usize, usize) {
        self.position_of(self.pos)
    }

    fn position_of(&mut self, index: usize) -> (usize, usize) {
        let index = index.min(self.end);
        let (from, line, column) = match self.mark {
            mark @ (from, ..) if from <= index => mark,
            _ => (0, self.line, self.column),
        };
        let position = advance_position((line, column), &self.buf[from..index]);
        self.mark = (index, position.0, position.1);
        position
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
