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
    pub(super) pending: Vec<u8>,
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
            pending: Vec::new(),
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
                let cut = match memchr::memrchr(b'\n', &pending[..block]) {
                    Some(at) => Some(at + 1),
                    None => {
                        let found = memchr::memchr(b'\n', &pending[searched..]);
                        let cut = found.map(|at| searched + at + 1);
                        searched = pending.len();
                        cut
                    }
                };
                if let Some(cut) = cut {
                    let mut rest = spare.pop().unwrap_or_default();
                    rest.extend_from_slice(&pending[cut..]);
                    pending.truncate(cut);
                    return Cut::Block(std::mem::replace(pending, rest), false);
                }
                if pending.len() >= LONGEST_LINE_IN_BLOCKS * block {
                    return Cut::LongLine;
                }
            }
            match fill(&mut self.source, pending, block / 4) {
                Ok(true) => {}
                Ok(false) if pending.is_empty() => return Cut::End,
                Ok(false) => return Cut::Block(std::mem::take(pending), true),
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

/// Reads up to `most` bytes more of `source` onto `pending`; `false` at
/// the end.
fn fill<R: Read>(source: &mut R, pending: &mut Vec<u8>, most: usize) -> io::Result<bool> {
    let read = source
        .by_ref()
        .take(most.max(1) as u64)
        .read_to_end(pending)?;
    Ok(read > 0)
}
