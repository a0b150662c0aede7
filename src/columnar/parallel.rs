//! Reading alerts into batches on every core, in input order.
//!
//! The input is cut into jobs ([`split`](super::split): blocks of lines to
//! read, or alerts found in order to parse); workers turn each into a
//! chunk, and the caller's thread receives the chunks in input order,
//! judging each block (sound, or to be read again). The cuts depend on the
//! input alone, so the chunks are the same whatever the number of threads.

use super::alert_table::ALERTS_TABLE_MAX_ALERT_SIZE;
use super::chunk::Chunk;
use super::job::{Job, Next, Verdict};
use super::options::ExportOptions;
use super::room::Room;
use super::split::{BLOCK, Splitter};
use super::work::{Done, Piece, work, work_caught};
use crate::AlertReader;
use std::collections::{BTreeMap, VecDeque};
use std::io::Read;
use std::sync::mpsc::{Receiver, Sender, SyncSender, TrySendError, channel, sync_channel};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;

/// Reads `reader` on `threads` threads (1 reads on the caller's), handing
/// each chunk to `sink` in input order. Stops at the first error of `sink`,
/// or when reading the input fails (then the last chunk's `rejected` ends
/// with the I/O error). The columns are those of
/// [`connection_schema`](super::connection_schema); see
/// [`read_chunks_with`] for others, and for the alerts table.
pub fn read_chunks<R: Read + Send, E>(
    reader: AlertReader<R>,
    threads: usize,
    sink: impl FnMut(Chunk) -> Result<(), E>,
) -> Result<(), E> {
    read_chunks_with(reader, threads, &ExportOptions::new(), sink)
}

/// [`read_chunks`] with the columns of `options`, and the alerts table
/// when they ask for it (each chunk's
/// [`alert_batch`](Chunk::alert_batch)). The chunks are the same whatever
/// the number of threads. With the alerts table, alerts over
/// [`ALERTS_TABLE_MAX_ALERT_SIZE`](super::ALERTS_TABLE_MAX_ALERT_SIZE)
/// are refused as over the reader's `max_alert_size`.
pub fn read_chunks_with<R: Read + Send, E>(
    mut reader: AlertReader<R>,
    threads: usize,
    options: &ExportOptions,
    sink: impl FnMut(Chunk) -> Result<(), E>,
) -> Result<(), E> {
    if options.alerts_table && reader.max_alert_size() > ALERTS_TABLE_MAX_ALERT_SIZE {
        reader = reader.with_max_alert_size(ALERTS_TABLE_MAX_ALERT_SIZE);
    }
    read_in_blocks_of(reader, BLOCK, threads, options, sink)
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
    read_in_blocks_of(reader, block, threads, &ExportOptions::new(), sink)
}

/// [`read_chunks`], cutting blocks of `block` bytes.
fn read_in_blocks_of<R: Read + Send, E>(
    reader: AlertReader<R>,
    block: usize,
    threads: usize,
    options: &ExportOptions,
    mut sink: impl FnMut(Chunk) -> Result<(), E>,
) -> Result<(), E> {
    let mut splitter = Splitter::new(reader, block);
    let mut judge = Judge::default();
    if threads > 1 {
        let slot = Mutex::new(Some(splitter));
        let on = Threads {
            block,
            threads,
            options,
        };
        match on_threads(&slot, on, &mut judge, &mut sink) {
            Some(result) => return result,
            // No thread could be started: read here.
            None => splitter = take(&slot).expect("the splitter's thread never started"),
        }
    }
    let mut room = Room::default();
    loop {
        let number = splitter.handed_out();
        match splitter.next() {
            Next::Job(job) => {
                let done = work(job, options, &mut room);
                splitter.verdict(judge.receive(number, done, &mut sink)?);
            }
            Next::Wait => unreachable!("each job is judged before the next is cut"),
            Next::End => return Ok(()),
        }
    }
}

fn take<T>(slot: &Mutex<Option<T>>) -> Option<T> {
    slot.lock().unwrap_or_else(PoisonError::into_inner).take()
}

/// How the work is done on threads: the size of blocks, how many threads,
/// and what each job is read into.
#[derive(Clone, Copy)]
struct Threads<'o> {
    block: usize,
    threads: usize,
    options: &'o ExportOptions,
}

/// Reads what the splitter in `slot` cuts on up to `threads` threads, the
/// caller's included; `None` when not even the splitter's thread could be
/// started (the splitter is then still in `slot`). Workers that cannot be
/// started are done without: the splitter's thread does the jobs that no
/// worker takes.
fn on_threads<R: Read + Send, E>(
    slot: &Mutex<Option<Splitter<R>>>,
    on: Threads<'_>,
    judge: &mut Judge,
    sink: &mut impl FnMut(Chunk) -> Result<(), E>,
) -> Option<Result<(), E>> {
    let Threads {
        block,
        threads,
        options,
    } = on;
    // The splitter's thread is the last worker: it takes a job itself when
    // the others have one waiting each. It is busy only while it reads in
    // order (a page), and then the others parse what it finds.
    let workers = threads - 1;
    let (job_tx, job_rx) = sync_channel::<(u64, Job)>(workers);
    let job_rx = Arc::new(Mutex::new(job_rx));
    let (done_tx, done_rx) = sync_channel::<(u64, Done)>(threads * 4);
    let (verdict_tx, verdict_rx) = channel::<Verdict>();
    // How many workers did start, for the splitter's thread.
    let (started_tx, started_rx) = channel::<usize>();
    std::thread::scope(|scope| {
        let own_done = done_tx.clone();
        let splitter = move || {
            let Ok(started) = started_rx.recv() else {
                return;
            };
            // What is in flight follows the threads that did start.
            let flight = InFlight {
                sizes: VecDeque::new(),
                bytes: 0,
                threads: started + 1,
                block,
            };
            if let Some(mut splitter) = take(slot) {
                cut(
                    &mut splitter,
                    &job_tx,
                    &own_done,
                    &verdict_rx,
                    flight,
                    options,
                );
            }
        };
        // Started first: without it, nothing is read.
        thread::Builder::new().spawn_scoped(scope, splitter).ok()?;
        let mut started = 0;
        while started < workers {
            let (jobs, done) = (Arc::clone(&job_rx), done_tx.clone());
            let worker =
                thread::Builder::new().spawn_scoped(scope, move || work_on(&jobs, &done, options));
            if worker.is_err() {
                break;
            }
            started += 1;
        }
        let _ = started_tx.send(started);
        // The workers hold the jobs' receiver: with none, the splitter's
        // thread does every job itself.
        drop(job_rx);
        drop(done_tx);
        let result = collect(&done_rx, &verdict_tx, judge, sink);
        // On an error of `sink`, let the others finish what they hold.
        drop(verdict_tx);
        while done_rx.recv().is_ok() {}
        Some(result)
    })
}

/// The jobs handed out and not yet judged, with the bytes of input they
/// hold: the bound on what is in flight when one job is slow and the
/// others run ahead. Jobs go out while few are in flight, or while they
/// hold little: about `threads × 2` alerts at most when alerts are large,
/// a few blocks' worth when they are small.
struct InFlight {
    sizes: VecDeque<usize>,
    bytes: usize,
    threads: usize,
    block: usize,
}

impl InFlight {
    /// The most jobs in flight.
    fn most(&self) -> usize {
        self.threads * 4
    }

    fn has_room(&self) -> bool {
        let jobs = self.sizes.len();
        jobs < self.threads * 2
            || (jobs < self.most() && self.bytes < self.threads * 2 * self.block)
    }

    fn handed_out(&mut self, job: &Job) {
        let size = job.size();
        self.sizes.push_back(size);
        self.bytes += size;
    }

    /// Verdicts come in job order.
    fn judged(&mut self) {
        self.bytes -= self.sizes.pop_front().unwrap_or(0);
    }
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
        let pieces = match done {
            Done::Panicked(panic) => std::panic::resume_unwind(panic),
            Done::Block { .. } if self.voiding => return Ok(Verdict::Used(number)),
            Done::Block { sound: false, .. } => {
                self.voiding = true;
                return Ok(Verdict::ReadAgain(number));
            }
            Done::Block { pieces, .. } => pieces,
            Done::InOrder {
                pieces,
                replaces_void,
            } => {
                debug_assert!(replaces_void || !self.voiding, "void jobs are blocks");
                self.voiding = false;
                pieces
            }
        };
        for piece in pieces {
            match piece {
                Piece::Chunk(chunk) => sink(chunk)?,
                Piece::Many(many) => many.append_in_batches(sink)?,
            }
        }
        Ok(Verdict::Used(number))
    }
}

/// The splitter's thread: hands out jobs while there is room in flight,
/// and does one itself when every worker has one waiting.
fn cut<R: Read>(
    splitter: &mut Splitter<R>,
    jobs: &SyncSender<(u64, Job)>,
    done: &SyncSender<(u64, Done)>,
    verdicts: &Receiver<Verdict>,
    mut flight: InFlight,
    options: &ExportOptions,
) {
    let mut room = Room::default();
    let verdict = |splitter: &mut Splitter<R>, flight: &mut InFlight, verdict| {
        flight.judged();
        splitter.verdict(verdict);
    };
    loop {
        while let Ok(judged) = verdicts.try_recv() {
            verdict(splitter, &mut flight, judged);
        }
        let number = splitter.handed_out();
        let next = match flight.has_room() {
            true => splitter.next(),
            false => Next::Wait,
        };
        match next {
            Next::Job(job) => {
                flight.handed_out(&job);
                match jobs.try_send((number, job)) {
                    Ok(()) => {}
                    Err(
                        TrySendError::Full((number, job))
                        | TrySendError::Disconnected((number, job)),
                    ) => {
                        let done_here = work_caught(job, options, &mut room);
                        if done.send((number, done_here)).is_err() {
                            return;
                        }
                    }
                }
            }
            Next::Wait => match verdicts.recv() {
                Ok(judged) => verdict(splitter, &mut flight, judged),
                Err(_) => return,
            },
            Next::End => return,
        }
    }
}

fn work_on(
    jobs: &Mutex<Receiver<(u64, Job)>>,
    done: &SyncSender<(u64, Done)>,
    options: &ExportOptions,
) {
    let mut room = Room::default();
    loop {
        let job = jobs.lock().map(|jobs| jobs.recv());
        let Ok(Ok((number, job))) = job else {
            return;
        };
        if done
            .send((number, work_caught(job, options, &mut room)))
            .is_err()
        {
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

#[cfg(test)]
#[path = "parallel_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "bounds_tests.rs"]
mod bounds_tests;
