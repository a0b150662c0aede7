//! The reader's buffer: the input from where the scanner still needs it to
//! as far as has been read, read a chunk at a time.

use crate::Error;
use std::io::{self, Read};

/// How much input is read at a time.
const CHUNK: usize = 64 * 1024;

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

/// Input held: `buf[..end]` is the input from offset `start`; the rest of
/// `buf` is room for the next read.
#[derive(Debug, Default)]
pub(crate) struct Buffer {
    buf: Vec<u8>,
    end: usize,
    start: u64,
    eof: bool,
}

impl Buffer {
    /// A buffer holding `bytes`, the input from `start`.
    pub(crate) fn holding(start: u64, bytes: Vec<u8>) -> Self {
        Buffer {
            end: bytes.len(),
            buf: bytes,
            start,
            eof: false,
        }
    }

    /// Whether a read has found the end of the input.
    pub(crate) fn has_seen_end(&self) -> bool {
        self.eof
    }

    /// The input held from `from` on.
    pub(crate) fn from(&self, from: u64) -> &[u8] {
        &self.buf[(from - self.start) as usize..self.end]
    }

    /// The input from `from` to `to`, which are held.
    pub(crate) fn between(&self, from: u64, to: u64) -> &[u8] {
        &self.buf[(from - self.start) as usize..(to - self.start) as usize]
    }

    /// The input held from `from` on, taken out (by the export, for a
    /// reader taken apart).
    #[allow(dead_code)]
    pub(crate) fn into_from(mut self, from: u64) -> Vec<u8> {
        self.buf.truncate(self.end);
        self.buf.drain(..(from - self.start) as usize);
        self.buf
    }

    /// Reads a chunk more of `source`, forgetting the input before `from`
    /// when room is needed.
    pub(crate) fn read(&mut self, source: &mut impl Read, from: u64) -> Result<(), Error> {
        if self.buf.len() - self.end < CHUNK / 2 {
            self.make_room(from)?;
        }
        loop {
            match source.read(&mut self.buf[self.end..]) {
                Ok(n) => {
                    self.end += n;
                    self.eof = n == 0;
                    return Ok(());
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Forgets what is before `from`, then grows the buffer if that did
    /// not free a chunk. Growing asks the allocator politely, so that
    /// running out of memory is an error rather than an abort.
    fn make_room(&mut self, from: u64) -> Result<(), Error> {
        let forget = (from - self.start) as usize;
        if forget > 0 {
            self.buf.copy_within(forget..self.end, 0);
            self.end -= forget;
            self.start = from;
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
}
