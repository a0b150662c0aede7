//! Reading alerts into batches on every core, in input order.
//!
//! The input is cut into jobs ([`split`](super::split): blocks of lines to
//! read, or alerts found in order to parse); workers turn each into a
//! chunk, and the caller's thread receives the chunks in input order,
//! judging each block (sound, or to be read again). The cuts depend on the
//! input alone, so the chunks are the same whatever the number of threads.

use super::ConnectionBatchBuilder;
use super::split::{BLOCK, Job, Next, Splitter, Verdict};
use crate::{AlertReader, Error};
use arrow_array::RecordBatch;
use std::any::Any;
use std::collections::BTreeMap;
use std::io::Read;
use std::panic::AssertUnwindSafe;
use std::sync::mpsc::{Receiver, Sender, SyncSender, TrySendError, channel, sync_channel};
use std::sync::{Arc, Mutex};

/// What came of one chunk of alerts, in input order.
#[derive(Debug)]
#[non_exhaustive]
pub struct Chunk {
    /// The connections of the chunk's alerts that parsed.
    pub batch: RecordBatch,
    /// How many alerts parsed.
    pub alerts: usize,
    /// What could not be read, in input order.
    pub rejected: Vec<Rejected>,
    /// How many bytes of the input had been read past when the chunk was cut.
    pub bytes_read: u64,
}

/// An alert, or a stretch of input, that could not be read.
#[derive(Debug)]
#[non_exhaustive]
pub struct Rejected {
    /// Why.
    pub error: Error,
    /// The exact text of the alert, or of the input passed over; `None`
    /// only when that was longer than the reader's `max_alert_size`.
    pub text: Option<Vec<u8>>,
}

/// Reads `reader` on `threads` threads (1 reads on the caller's), handing
/// each chunk to `sink` in input order. Stops at the first error of `sink`,
/// or when reading the input fails (then the last chunk's `rejected` ends
/// with the I/O error).
pub fn read_chunks<R: Read + Send, E>(
    reader: AlertReader<R>,
    threads: usize,
    sink: impl FnMut(Chunk) -> Result<(), E>,
) -> Result<(), E> {
    read_in_blocks_of(reader, BLOCK, threads, sink)
}

/// [`read_chunks`], cutting blocks of `block` bytes: for the fuzz target
/// `blocks`, which cuts inputs of a few bytes.
#[cfg(fuzzing)]
#[doc(hidden)]
pub fn read_chunks_in_blocks_of<R: Read + Send, E>(
    reader: AlertReader<R>,
    block: usize,
    threads: usize,
    sink: impl FnMut(Chunk) -> Result<(), E>,
) -> Result<(), E> {
    read_in_blocks_of(reader, block, threads, sink)
}

/// [`read_chunks`], cutting blocks of `block` bytes.
fn read_in_blocks_of<R: Read + Send, E>(
    reader: AlertReader<R>,
    block: usize,
    threads: usize,
    mut sink: impl FnMut(Chunk) -> Result<(), E>,
) -> Result<(), E> {
    let mut splitter = Splitter::new(reader, block);
    let mut judge = Judge::default();
    if threads <= 1 {
        loop {
            let number = splitter.handed_out();
            match splitter.next() {
                Next::Job(job) => splitter.verdict(judge.receive(number, work(job), &mut sink)?),
                Next::Wait => unreachable!("each job is judged before the next is cut"),
                Next::End => return Ok(()),
            }
        }
    }
    // Jobs handed out but not yet judged: a bound on memory when one job
    // is slow and the others run ahead.
    let in_flight = threads as u64 * 4;
    // The splitter's thread is the last worker: it takes a job itself when
    // the others have one waiting each. It is busy only while it reads in
    // order (a page), and then the others parse what it finds.
    let workers = threads - 1;
    let (job_tx, job_rx) = sync_channel::<(u64, Job)>(workers);
    let job_rx = Arc::new(Mutex::new(job_rx));
    let (done_tx, done_rx) = sync_channel::<(u64, Done)>(in_flight as usize);
    let (verdict_tx, verdict_rx) = channel::<Verdict>();
    std::thread::scope(|scope| {
        let own_done = done_tx.clone();
        scope.spawn(move || cut(&mut splitter, &job_tx, &own_done, &verdict_rx, in_flight));
        for _ in 0..workers {
            let (jobs, done) = (Arc::clone(&job_rx), done_tx.clone());
            scope.spawn(move || work_on(&jobs, &done));
        }
        drop(done_tx);
        let result = collect(&done_rx, &verdict_tx, &mut judge, &mut sink);
        // On an error of `sink`, let the others finish what they hold.
        drop(verdict_tx);
        while done_rx.recv().is_ok() {}
        result
    })
}

/// What a worker made of a job.
enum Done {
    Block { chunk: Chunk, sound: bool },
    InOrder { chunk: Chunk, replaces_void: bool },
    Panicked(Box<dyn Any + Send>),
}

/// The receiving side's state: whether it is passing over void jobs.
#[derive(Default)]
struct Judge {
    voiding: bool,
}

impl Judge {
    /// Takes in job `number`'s result, in job order.
    fn receive<E>(
        &mut self,
        number: u64,
        done: Done,
        sink: &mut impl FnMut(Chunk) -> Result<(), E>,
    ) -> Result<Verdict, E> {
        let chunk = match done {
            Done::Panicked(panic) => std::panic::resume_unwind(panic),
            Done::Block { .. } if self.voiding => return Ok(Verdict::Used(number)),
            Done::Block { sound: false, .. } => {
                self.voiding = true;
                return Ok(Verdict::ReadAgain(number));
            }
            Done::Block { chunk, .. } => chunk,
            Done::InOrder {
                chunk,
                replaces_void,
            } => {
                debug_assert!(replaces_void || !self.voiding, "void jobs are blocks");
                self.voiding = false;
                chunk
            }
        };
        sink(chunk)?;
        Ok(Verdict::Used(number))
    }
}

/// The splitter's thread: hands out jobs while fewer than `in_flight` wait
/// for a verdict, and does one itself when every worker has one waiting.
fn cut<R: Read>(
    splitter: &mut Splitter<R>,
    jobs: &SyncSender<(u64, Job)>,
    done: &SyncSender<(u64, Done)>,
    verdicts: &Receiver<Verdict>,
    in_flight: u64,
) {
    let mut judged = 0;
    loop {
        while let Ok(verdict) = verdicts.try_recv() {
            judged += 1;
            splitter.verdict(verdict);
        }
        let number = splitter.handed_out();
        let next = match number - judged >= in_flight {
            true => Next::Wait,
            false => splitter.next(),
        };
        match next {
            Next::Job(job) => match jobs.try_send((number, job)) {
                Ok(()) => {}
                Err(TrySendError::Full((number, job))) => {
                    if done.send((number, work_caught(job))).is_err() {
                        return;
                    }
                }
                Err(TrySendError::Disconnected(_)) => return,
            },
            Next::Wait => match verdicts.recv() {
                Ok(verdict) => {
                    judged += 1;
                    splitter.verdict(verdict);
                }
                Err(_) => return,
            },
            Next::End => return,
        }
    }
}

fn work_on(jobs: &Mutex<Receiver<(u64, Job)>>, done: &SyncSender<(u64, Done)>) {
    loop {
        let job = jobs.lock().map(|jobs| jobs.recv());
        let Ok(Ok((number, job))) = job else {
            return;
        };
        if done.send((number, work_caught(job))).is_err() {
            return;
        }
    }
}

fn collect<E>(
    done: &Receiver<(u64, Done)>,
    verdicts: &Sender<Verdict>,
    judge: &mut Judge,
    sink: &mut impl FnMut(Chunk) -> Result<(), E>,
) -> Result<(), E> {
    let mut waiting = BTreeMap::new();
    let mut next = 0;
    while let Ok((number, result)) = done.recv() {
        waiting.insert(number, result);
        while let Some(result) = waiting.remove(&next) {
            let verdict = judge.receive(next, result, sink)?;
            // The splitter may have ended; the verdict is then moot.
            let _ = verdicts.send(verdict);
            next += 1;
        }
    }
    Ok(())
}

/// [`work`] on a thread of its own: a panic is handed on, so that the
/// caller's thread raises it rather than waiting for this job's chunk for
/// ever.
fn work_caught(job: Job) -> Done {
    std::panic::catch_unwind(AssertUnwindSafe(|| work(job))).unwrap_or_else(Done::Panicked)
}

fn work(job: Job) -> Done {
    match job {
        Job::Block {
            bytes,
            start,
            last,
            max_alert_size,
        } => {
            let mut reader = AlertReader::resumed(&bytes[..], start, max_alert_size);
            let mut chunk = ChunkBuilder::default();
            while let Some(item) = reader.next_lent() {
                match item {
                    Ok(alert) => {
                        let appended = chunk.batch.append_lent(&alert);
                        chunk.appended(appended, || alert.bytes().to_vec());
                    }
                    Err(error) => chunk.rejected.push(Rejected {
                        error,
                        text: reader.skipped_text().map(<[u8]>::to_vec),
                    }),
                }
            }
            Done::Block {
                chunk: chunk.finish(start.offset + bytes.len() as u64),
                sound: last || reader.ended_between_documents(),
            }
        }
        Job::InOrder {
            items,
            bytes_read,
            replaces_void,
        } => {
            let mut chunk = ChunkBuilder::default();
            for item in items {
                match item {
                    Ok(raw) => {
                        let appended = chunk.batch.append_raw(&raw);
                        chunk.appended(appended, || raw.into_bytes());
                    }
                    Err(reject) => chunk.rejected.push(reject),
                }
            }
            Done::InOrder {
                chunk: chunk.finish(bytes_read),
                replaces_void,
            }
        }
    }
}

/// A chunk being built: its batch, how many alerts parsed, and what could
/// not be read.
#[derive(Default)]
struct ChunkBuilder {
    batch: ConnectionBatchBuilder,
    alerts: usize,
    rejected: Vec<Rejected>,
}

impl ChunkBuilder {
    /// Takes in what appending an alert to the batch gave; `text` is the
    /// alert's text, copied only when the alert is refused.
    fn appended(&mut self, appended: Result<usize, Error>, text: impl FnOnce() -> Vec<u8>) {
        match appended {
            Ok(_) => self.alerts += 1,
            Err(error) => self.rejected.push(Rejected {
                error,
                text: Some(text()),
            }),
        }
    }

    fn finish(mut self, bytes_read: u64) -> Chunk {
        Chunk {
            batch: self.batch.finish(),
            alerts: self.alerts,
            rejected: self.rejected,
            bytes_read,
        }
    }
}

#[cfg(test)]
#[path = "split_tests.rs"]
mod tests;
