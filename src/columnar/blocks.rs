//! Cutting the input into blocks of whole lines, by its bytes alone.

use super::job::Job;
use super::source::Source;
use crate::stream::input::Start;
use std::collections::VecDeque;
use std::io::{self, Read};
use std::sync::Arc;

/// How many blocks' worth of input without a line end is taken for a long
/// line (read in order from there) rather than waited on.
const LONGEST_LINE_IN_BLOCKS: usize = 8;

/// Cutting blocks: the input, where the next block starts, and its bytes
/// read so far.
pub(super) struct Blocks<R> {
    pub(super) source: Source<R>,
    pub(super) start: Start,
    pub(super) pending: Pending,
    /// Blocks handed out and not yet used (job number, bytes, start): read
    /// again if one of them is.
    pub(super) unused: VecDeque<(u64, Arc<Vec<u8>>, Start)>,
}

/// What was cut.
pub(super) enum Cut {
    /// A block's bytes; the input's last block.
    Block(Vec<u8>, bool),
    /// The input has ended.
    End,
    /// A line too long to wait for, or a failed read: what is pending is
    /// read in order.
    LongLine,
}

impl<R: Read> Blocks<R> {
    pub(super) fn new(source: Source<R>, start: Start) -> Self {
        Blocks {
            source,
            start,
            pending: Pending::default(),
            unused: VecDeque::new(),
        }
    }

    /// Cuts the next block of about `block` bytes. The cut depends on the
    /// bytes alone, not on how much each read returned: after the last
    /// line end in the first `block` bytes, or else after the first one
    /// past them. `spare` holds buffers of used blocks.
    pub(super) fn cut(&mut self, block: usize, spare: &mut Vec<Vec<u8>>) -> Cut {
        let pending = &mut self.pending;
        // Past `block`, how far a line end has been looked for.
        let mut searched = block;
        loop {
            if pending.len() >= block {
                let cut = match memchr::memrchr(b'\n', &pending.bytes()[..block]) {
                    Some(at) => Some(at + 1),
                    None => {
                        let found = memchr::memchr(b'\n', &pending.bytes()[searched..]);
                        let cut = found.map(|at| searched + at + 1);
                        searched = pending.len();
                        cut
                    }
                };
                if let Some(cut) = cut {
                    return Cut::Block(pending.take_block(cut, spare.pop()), false);
                }
                if pending.len() >= LONGEST_LINE_IN_BLOCKS * block {
                    return Cut::LongLine;
                }
            }
            match pending.fill(&mut self.source, block / 4) {
                Ok(true) => {}
                Ok(false) if pending.len() == 0 => return Cut::End,
                Ok(false) => return Cut::Block(pending.take_all(), true),
                Err(error) => {
                    // The reader reports it, in its place.
                    self.source.failed = Some(error);
                    return Cut::LongLine;
                }
            }
        }
    }

    /// The job for block `number`, `bytes` from where the last ended.
    pub(super) fn job(&mut self, number: u64, bytes: Vec<u8>, last: bool, limit: usize) -> Job {
        let start = self.start;
        self.start = start.after(&bytes);
        let bytes = Arc::new(bytes);
        self.unused.push_back((number, Arc::clone(&bytes), start));
        Job::Block {
            bytes,
            start,
            last,
            max_alert_size: limit,
        }
    }
}

/// Bytes read and not yet cut into a block, at the front of a buffer
/// whose bytes past them are already initialized (by its use before):
/// reading into it does not zero them first, as `read_to_end` would.
#[derive(Default)]
pub(super) struct Pending {
    buffer: Vec<u8>,
    filled: usize,
}

impl Pending {
    pub(super) fn bytes(&self) -> &[u8] {
        &self.buffer[..self.filled]
    }

    pub(super) fn len(&self) -> usize {
        self.filled
    }

    /// Reads up to `most` bytes more of `source`; `false` at its end.
    fn fill<R: Read>(&mut self, source: &mut R, most: usize) -> io::Result<bool> {
        let end = self.filled + most.max(1);
        if self.buffer.len() < end {
            self.buffer.resize(end, 0);
        }
        loop {
            match source.read(&mut self.buffer[self.filled..end]) {
                Ok(read) => {
                    self.filled += read;
                    return Ok(read > 0);
                }
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => return Err(error),
            }
        }
    }

    /// The first `cut` bytes; the rest is kept, moved to the front of
    /// `spare` (a used block's buffer) when there is one.
    fn take_block(&mut self, cut: usize, spare: Option<Vec<u8>>) -> Vec<u8> {
        let rest = &self.buffer[cut..self.filled];
        let mut front = spare.unwrap_or_default();
        if front.len() < rest.len() {
            front.resize(rest.len(), 0);
        }
        front[..rest.len()].copy_from_slice(rest);
        self.filled = rest.len();
        let mut block = std::mem::replace(&mut self.buffer, front);
        block.truncate(cut);
        block
    }

    /// Everything read.
    fn take_all(&mut self) -> Vec<u8> {
        let mut all = std::mem::take(&mut self.buffer);
        all.truncate(std::mem::take(&mut self.filled));
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three bytes a read, each read after an interruption.
    struct Trickle<'a> {
        rest: &'a [u8],
        interrupted: bool,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            self.interrupted = !self.interrupted;
            if self.interrupted {
                return Err(io::ErrorKind::Interrupted.into());
            }
            let n = buf.len().min(3).min(self.rest.len());
            buf[..n].copy_from_slice(&self.rest[..n]);
            self.rest = &self.rest[n..];
            Ok(n)
        }
    }

    #[test]
    fn blocks_are_the_input_whatever_their_buffers_held_before() {
        let input = b"one\ntwo\nthree\nfour\nfive\nsix seven eight\n".repeat(9);
        let source = Source::new(Trickle {
            rest: &input,
            interrupted: false,
        });
        let mut blocks = Blocks::new(source, Start::INPUT);
        // Used buffers, longer and shorter than what is kept in them.
        let mut spare = vec![vec![b'x'; 3], vec![b'y'; 64]];
        let mut read = Vec::new();
        loop {
            match blocks.cut(16, &mut spare) {
                Cut::Block(bytes, last) => {
                    assert!(bytes.ends_with(b"\n"), "{bytes:?}");
                    assert!(bytes.len() <= 16 || !bytes[..16].contains(&b'\n'));
                    read.extend_from_slice(&bytes);
                    spare.push(bytes.iter().map(|_| b'z').collect());
                    if last {
                        break;
                    }
                }
                Cut::End => break,
                Cut::LongLine => panic!("no line is that long"),
            }
        }
        assert_eq!(read, input);
    }
}
