//! Cutting the input into jobs for the threads that read it.
//!
//! Where the input is lines (NDJSON), it is cut into blocks of whole lines,
//! each read on its own by any thread: reading is then done on every core,
//! and nothing is read twice. A block's reader that ends between
//! documents read what the reader of the whole input reads there (a
//! scanner started between documents scans on as one that got there); the
//! first block whose reader did not (a
//! document or broken JSON running over its end) is read again, with the
//! blocks handed out after it, by one reader in input order, which hands
//! each alert it finds to a thread to parse; once that reader is between
//! documents past the block's end, cutting goes on from there. Input
//! without line ends (a page, an array) is read that way throughout.
//!
//! Every cut is decided by the input alone, never by timing, so the jobs,
//! and the batches, are the same whatever the number of threads.

use super::blocks::{Blocks, Cut};
use super::chunk::Rejected;
use super::job::{Job, Next, Verdict};
use super::source::Source;
use crate::AlertReader;
use crate::stream::input::Start;
use crate::stream::scan::Scanner;
use crate::stream::{Parts, copy_of};
use std::io::Read;
use std::sync::Arc;

/// How large a block is cut: a few hundred alerts.
pub(super) const BLOCK: usize = 1 << 20;

/// At most how many blocks read again in a row make the stretch read in
/// order after them four times longer (to 64 blocks).
const MOST_MISSES: u32 = 4;

/// How many buffers of used blocks are kept for the next blocks.
const SPARE_BUFFERS: usize = 8;

/// How many alerts a job of alerts found in order holds at most.
const ALERTS_IN_ORDER: usize = 512;

/// How the input is being cut.
enum Mode<R> {
    /// Into blocks of lines, each read on its own.
    Blocks(Blocks<R>),
    /// Alerts found by one reader, in order.
    InOrder(InOrder<R>),
    /// At the end.
    Done,
}

/// Reading in order.
struct InOrder<R> {
    reader: Box<AlertReader<Source<R>>>,
    /// Cutting blocks goes on once the reader is between documents at or
    /// past this offset.
    until: u64,
    /// The first job replaces the void jobs after a block read again.
    replaces_void: bool,
}

/// Cuts the input into [`Job`]s.
pub(super) struct Splitter<R> {
    mode: Mode<R>,
    /// [`BLOCK`], but for tests.
    block: usize,
    max_alert_size: usize,
    /// Jobs handed out, in order.
    handed_out: u64,
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
        let parts = reader.into_parts();
        let mode = match parts.is_fresh() {
            true => Mode::Blocks(Blocks::new(Source::new(parts.source), Start::INPUT)),
            false => {
                let reader = AlertReader::from_parts(parts.map_source(Source::new));
                Mode::InOrder(InOrder {
                    reader: Box::new(reader),
                    until: 0,
                    replaces_void: false,
                })
            }
        };
        Splitter {
            mode,
            block,
            max_alert_size,
            handed_out: 0,
            misses: 0,
            spare: Vec::new(),
        }
    }

    /// How many jobs have been handed out: the number of the next one.
    pub(super) fn handed_out(&self) -> u64 {
        self.handed_out
    }

    /// Takes in the verdict on a job handed out. Only blocks are read
    /// again, and blocks are unused only while cutting blocks.
    pub(super) fn verdict(&mut self, verdict: Verdict) {
        let Mode::Blocks(blocks) = &mut self.mode else {
            return;
        };
        match verdict {
            Verdict::Used(job) => {
                while blocks
                    .unused
                    .front()
                    .is_some_and(|(block, ..)| *block <= job)
                {
                    let Some((_, bytes, _)) = blocks.unused.pop_front() else {
                        break;
                    };
                    self.misses = self.misses.saturating_sub(1);
                    // The worker is done with it unless the block was void.
                    // Kept whole: its bytes are read over, not zeroed first.
                    if let Ok(bytes) = Arc::try_unwrap(bytes)
                        && self.spare.len() < SPARE_BUFFERS
                    {
                        self.spare.push(bytes);
                    }
                }
            }
            Verdict::ReadAgain(job) => {
                let mode = std::mem::replace(&mut self.mode, Mode::Done);
                if let Mode::Blocks(blocks) = mode {
                    self.read_again(blocks, job);
                }
            }
        }
    }

    /// The next job.
    pub(super) fn next(&mut self) -> Next {
        let (mode, next) = match std::mem::replace(&mut self.mode, Mode::Done) {
            Mode::Blocks(blocks) => self.next_block(blocks),
            Mode::InOrder(in_order) => self.next_in_order(in_order),
            Mode::Done => (Mode::Done, Next::End),
        };
        self.mode = mode;
        if let Next::Job(_) = next {
            self.handed_out += 1;
        }
        next
    }

    fn next_block(&mut self, mut blocks: Blocks<R>) -> (Mode<R>, Next) {
        // After blocks read again, one block at a time until one is used:
        // blocks handed out behind one read again are read in vain.
        if self.misses > 0 && !blocks.unused.is_empty() {
            return (Mode::Blocks(blocks), Next::Wait);
        }
        match blocks.cut(self.block, &mut self.spare) {
            Cut::Block(bytes, last) => {
                let job = blocks.job(self.handed_out, bytes, last, self.max_alert_size);
                (Mode::Blocks(blocks), Next::Job(job))
            }
            // A block still to be judged may be read again.
            Cut::End if !blocks.unused.is_empty() => (Mode::Blocks(blocks), Next::Wait),
            Cut::End => (Mode::Done, Next::End),
            // A line too long to wait for (or a failed read): read in
            // order from here, once the blocks before are known sound.
            Cut::LongLine if !blocks.unused.is_empty() => (Mode::Blocks(blocks), Next::Wait),
            Cut::LongLine => {
                let Blocks {
                    mut source,
                    start,
                    pending,
                    ..
                } = blocks;
                source.put_back(pending.bytes());
                let in_order = self.in_order(source, start, start.offset, false);
                self.next_in_order(in_order)
            }
        }
    }

    fn in_order(&self, source: Source<R>, start: Start, until: u64, void: bool) -> InOrder<R> {
        let scanner = Scanner::new(start, self.max_alert_size);
        InOrder {
            reader: Box::new(AlertReader::from_parts(Parts::new(source, scanner))),
            until,
            replaces_void: void,
        }
    }

    /// Block `job` is read again, with everything after it, in order.
    fn read_again(&mut self, mut blocks: Blocks<R>, job: u64) {
        while blocks
            .unused
            .front()
            .is_some_and(|(block, ..)| *block < job)
        {
            blocks.unused.pop_front();
        }
        let &(_, ref first, start) = blocks.unused.front().expect("kept until used");
        // Going back to blocks is decided by the blocks up to this one, not
        // by how many were handed out after it.
        self.misses = (self.misses + 1).min(MOST_MISSES);
        let beyond = self.block as u64 * ((1 << (2 * (self.misses - 1))) - 1);
        let until = start.offset + first.len() as u64 + beyond;
        let mut again = Vec::new();
        for (_, bytes, _) in blocks.unused.drain(..) {
            again.extend_from_slice(&bytes);
        }
        again.extend_from_slice(blocks.pending.bytes());
        blocks.source.put_back(&again);
        self.mode = Mode::InOrder(self.in_order(blocks.source, start, until, true));
    }

    fn next_in_order(&mut self, mut in_order: InOrder<R>) -> (Mode<R>, Next) {
        let reader = &mut in_order.reader;
        let (mut items, mut alerts, mut held) = (Vec::new(), 0, 0);
        let (mut back_to_blocks, mut refused) = (false, false);
        // A few hundred alerts, or about a block's bytes of them (one
        // alert when they are larger): what is in flight is bounded by
        // bytes, whatever the alerts' size.
        while alerts < ALERTS_IN_ORDER && held < self.block {
            let Some(item) = reader.next_raw() else {
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
            if reader.is_between_documents() && reader.bytes_read() >= in_order.until {
                back_to_blocks = true;
                break;
            }
        }
        let replaces_void = std::mem::take(&mut in_order.replaces_void);
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
            return (Mode::Done, Next::Job(job));
        }
        if back_to_blocks {
            let Parts {
                mut source,
                mut scanner,
                read_ahead: held,
                ..
            } = in_order.reader.into_parts();
            let start = scanner.resume_point(&held);
            source.put_back(&held[(start.offset - scanner.hold_from()) as usize..]);
            return (Mode::Blocks(Blocks::new(source, start)), Next::Job(job));
        }
        if ended {
            return (Mode::Done, Next::End);
        }
        (Mode::InOrder(in_order), Next::Job(job))
    }
}
