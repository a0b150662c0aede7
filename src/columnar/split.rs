//! Cutting the input into jobs for the threads that read it.
//!
//! Where the input is lines (NDJSON), it is cut into blocks of whole lines,
//! each read on its own by any thread: reading is then done on every core,
//! and nothing is read twice. A block's reader that ends between
//! documents read what the reader of the whole input reads there (see
//! `stream::reader::piece`); the first block whose reader did not (a
//! document or broken JSON running over its end) is read again, with the
//! blocks handed out after it, by one reader in input order, which hands
//! each alert it finds to a thread to parse; once that reader is between
//! documents past the block's end, cutting goes on from there. Input
//! without line ends (a page, an array) is read that way throughout.
//!
//! Every cut is decided by the input alone, never by timing, so the jobs,
//! and the batches, are the same whatever the number of threads.

use super::chunk::Rejected;
use super::job::{Job, Next, Verdict};
use super::source::Source;
use crate::AlertReader;
use crate::stream::Start;
use crate::stream::copy_of;
use std::collections::VecDeque;
use std::io::{self, Read};
use std::sync::Arc;

/// How large a block is cut: a few hundred alerts.
pub(super) const BLOCK: usize = 1 << 20;

/// How many blocks' worth of input without a line end is taken for a long
/// line (read in order from there) rather than waited on.
const LONGEST_LINE_IN_BLOCKS: usize = 8;

/// At most how many blocks read again in a row make the stretch read in
/// order after them four times longer (to 64 blocks).
const MOST_MISSES: u32 = 4;

/// How many buffers of used blocks are kept for the next blocks.
const SPARE_BUFFERS: usize = 8;

/// How many alerts a job of alerts found in order holds at most.
const ALERTS_IN_ORDER: usize = 512;

enum Mode<R> {
    Blocks {
        source: Source<R>,
        /// Where the next block starts, and its bytes read so far.
        start: Start,
        pending: Vec<u8>,
    },
    InOrder {
        reader: Box<AlertReader<Source<R>>>,
        /// Cutting blocks goes on once the reader is between documents
        /// at or past this offset.
        until: u64,
        replaces_void: bool,
    },
    /// Between modes, or at the end.
    Done,
}

/// Cuts the input into [`Job`]s.
pub(super) struct Splitter<R> {
    mode: Mode<R>,
    /// [`BLOCK`], but for tests.
    block: usize,
    max_alert_size: usize,
    /// Jobs handed out, in order.
    handed_out: u64,
    /// Blocks handed out and not yet used: read again if one of them is.
    unused: VecDeque<(u64, Arc<Vec<u8>>, Start)>,
    /// How far the blocks read again lately call for reading in order
    /// beyond them: up one for each block read again, down one for each
    /// used. Input of documents over several lines (pretty-printed) is
    /// then read in order in ever longer stretches, rather than read in
    /// vain in blocks and again.
    misses: u32,
    /// Buffers of used blocks, for the next: a fresh megabyte for each
    /// block measured a fifth more time in the kernel (page faults).
    spare: Vec<Vec<u8>>,
}

impl<R: Read> Splitter<R> {
    /// Cuts what `reader` reads. A reader that has read something already
    /// is read on in order until it is between documents.
    pub(super) fn new(reader: AlertReader<R>, block: usize) -> Self {
        let max_alert_size = reader.max_alert_size();
        let mode = match reader.is_fresh() {
            true => Mode::Blocks {
                source: Source::new(reader.into_source()),
                start: Start::INPUT,
                pending: Vec::new(),
            },
            false => Mode::InOrder {
                reader: Box::new(reader.map_source(Source::new)),
                until: 0,
                replaces_void: false,
            },
        };
        Splitter {
            mode,
            block,
            max_alert_size,
            handed_out: 0,
            unused: VecDeque::new(),
            misses: 0,
            spare: Vec::new(),
        }
    }

    /// How many jobs have been handed out: the number of the next one.
    pub(super) fn handed_out(&self) -> u64 {
        self.handed_out
    }

    /// Takes in the verdict on a job handed out.
    pub(super) fn verdict(&mut self, verdict: Verdict) {
        match verdict {
            Verdict::Used(job) => {
                while self.unused.front().is_some_and(|(block, ..)| *block <= job) {
                    let Some((_, bytes, _)) = self.unused.pop_front() else {
                        break;
                    };
                    self.misses = self.misses.saturating_sub(1);
                    // The worker is done with it unless the block was void.
                    if let Ok(mut bytes) = Arc::try_unwrap(bytes)
                        && self.spare.len() < SPARE_BUFFERS
                    {
                        bytes.clear();
                        self.spare.push(bytes);
                    }
                }
            }
            Verdict::ReadAgain(job) => self.read_again(job),
        }
    }

    /// The next job.
    pub(super) fn next(&mut self) -> Next {
        let job = match &mut self.mode {
            Mode::Blocks { .. } => self.next_block(),
            Mode::InOrder { .. } => self.next_in_order(),
            Mode::Done => return Next::End,
        };
        match job {
            Next::Job(job) => {
                if let Job::Block { bytes, start, .. } = &job {
                    self.unused
                        .push_back((self.handed_out, Arc::clone(bytes), *start));
                }
                self.handed_out += 1;
                Next::Job(job)
            }
            other => other,
        }
    }

    fn next_block(&mut self) -> Next {
        // After blocks read again, one block at a time until one is used:
        // blocks handed out behind one read again are read in vain.
        if self.misses > 0 && !self.unused.is_empty() {
            return Next::Wait;
        }
        let Mode::Blocks {
            source, pending, ..
        } = &mut self.mode
        else {
            unreachable!("in block mode")
        };
        // Past `block`, how far a line end has been looked for.
        let mut searched = self.block;
        let at_end = loop {
            if pending.len() >= self.block {
                // The cut depends on the bytes alone, not on how much each
                // read returned: after the last line end in the first
                // `block` bytes, or else after the first one past them.
                let cut = match memchr::memrchr(b'\n', &pending[..self.block]) {
                    Some(at) => Some(at + 1),
                    None => {
                        let found = memchr::memchr(b'\n', &pending[searched..]);
                        let cut = found.map(|at| searched + at + 1);
                        searched = pending.len();
                        cut
                    }
                };
                if let Some(cut) = cut {
                    let mut rest = self.spare.pop().unwrap_or_default();
                    rest.extend_from_slice(&pending[cut..]);
                    pending.truncate(cut);
                    let bytes = std::mem::replace(pending, rest);
                    return Next::Job(self.block(bytes, false));
                }
                if pending.len() >= LONGEST_LINE_IN_BLOCKS * self.block {
                    break false;
                }
            }
            match fill(source, pending, self.block / 4) {
                Ok(true) => {}
                Ok(false) => break true,
                Err(error) => {
                    // The reader reports it, in its place.
                    source.failed = Some(error);
                    break false;
                }
            }
        };
        if at_end {
            if pending.is_empty() {
                // A block still to be judged may be read again.
                if !self.unused.is_empty() {
                    return Next::Wait;
                }
                self.mode = Mode::Done;
                return Next::End;
            }
            let bytes = std::mem::take(pending);
            return Next::Job(self.block(bytes, true));
        }
        // A line too long to wait for (or a failed read): read in order
        // from here, once the blocks before are known to be sound.
        if !self.unused.is_empty() {
            return Next::Wait;
        }
        let Mode::Blocks {
            mut source,
            start,
            pending,
        } = std::mem::replace(&mut self.mode, Mode::Done)
        else {
            unreachable!("in block mode")
        };
        source.put_back(&pending);
        self.in_order(source, start, start.offset, false);
        self.next_in_order()
    }

    fn block(&mut self, bytes: Vec<u8>, last: bool) -> Job {
        let Mode::Blocks { start, .. } = &mut self.mode else {
            unreachable!("in block mode")
        };
        let block_start = *start;
        *start = start.after(&bytes);
        Job::Block {
            bytes: Arc::new(bytes),
            start: block_start,
            last,
            max_alert_size: self.max_alert_size,
        }
    }

    fn in_order(&mut self, source: Source<R>, start: Start, until: u64, replaces_void: bool) {
        self.mode = Mode::InOrder {
            reader: Box::new(AlertReader::resumed(source, start, self.max_alert_size)),
            until,
            replaces_void,
        };
    }

    /// Block `job` is read again, with everything after it, in order.
    fn read_again(&mut self, job: u64) {
        while self.unused.front().is_some_and(|(block, ..)| *block < job) {
            self.unused.pop_front();
        }
        let Some(&(_, _, start)) = self.unused.front() else {
            unreachable!("block {job} is kept until used")
        };
        // Going back to blocks is decided by the blocks up to this one, not
        // by how many were handed out after it.
        self.misses = (self.misses + 1).min(MOST_MISSES);
        let beyond = self.block as u64 * ((1 << (2 * (self.misses - 1))) - 1);
        let until = start.offset
            + self.unused.front().map_or(0, |(_, bytes, _)| bytes.len()) as u64
            + beyond;
        match std::mem::replace(&mut self.mode, Mode::Done) {
            Mode::Blocks {
                mut source,
                pending,
                ..
            } => {
                let mut again = Vec::new();
                for (_, bytes, _) in self.unused.drain(..) {
                    again.extend_from_slice(&bytes);
                }
                again.extend_from_slice(&pending);
                source.put_back(&again);
                self.in_order(source, start, until, true);
            }
            _ => unreachable!("blocks are handed out only in block mode"),
        }
    }

    fn next_in_order(&mut self) -> Next {
        let Mode::InOrder {
            reader,
            until,
            replaces_void,
        } = &mut self.mode
        else {
            unreachable!("in order")
        };
        let (mut items, mut alerts, mut held) = (Vec::new(), 0, 0);
        let (mut back_to_blocks, mut refused) = (false, false);
        // A few hundred alerts, or about a block's bytes of them (one
        // alert when they are larger): what is in flight is bounded by
        // bytes, whatever the alerts' size.
        while alerts < ALERTS_IN_ORDER && held < self.block {
            let Some(item) = reader.try_next_raw() else {
                break;
            };
            let item = match item {
                Ok(raw) => {
                    (alerts, held) = (alerts + 1, held + raw.bytes().len());
                    Ok(raw)
                }
                Err(error) => match reader.skipped_text().map(copy_of).transpose() {
                    Ok(text) => {
                        held += text.as_ref().map_or(0, Vec::len);
                        Err(Rejected { error, text })
                    }
                    Err(refusal) => {
                        items.push(Err(Rejected { error, text: None }));
                        refused = true;
                        Err(Rejected {
                            error: refusal,
                            text: None,
                        })
                    }
                },
            };
            items.push(item);
            if refused {
                break;
            }
            if reader.is_between_documents() && reader.bytes_read() >= *until {
                back_to_blocks = true;
                break;
            }
        }
        let replaces_void = std::mem::take(replaces_void);
        // A first job after a block read again goes out even when empty:
        // it ends the void jobs.
        let ended = items.is_empty() && !replaces_void;
        let job = Job::InOrder {
            bytes_read: reader.bytes_read(),
            replaces_void,
            items,
        };
        if refused {
            // The allocator refused room for input: reading ends with that
            // error, as the reader's own does.
            self.mode = Mode::Done;
        } else if back_to_blocks {
            let Mode::InOrder { reader, .. } = std::mem::replace(&mut self.mode, Mode::Done) else {
                unreachable!("in order")
            };
            let (mut source, start, read_ahead) = reader.into_rest();
            source.put_back(&read_ahead);
            self.mode = Mode::Blocks {
                source,
                start,
                pending: Vec::new(),
            };
        } else if ended {
            self.mode = Mode::Done;
            return Next::End;
        }
        Next::Job(job)
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
