//! Reading alerts into batches on every core, in input order.
//!
//! One thread finds the alerts ([`AlertReader::next_raw`]), workers parse
//! them and build a batch per chunk of alerts, and the caller's thread
//! receives the chunks in input order. Chunks are cut by alert count alone,
//! so the batches are the same whatever the number of threads.

use super::ConnectionBatchBuilder;
use crate::{AlertReader, Error, RawAlert};
use arrow_array::RecordBatch;
use std::collections::BTreeMap;
use std::io::Read;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};

/// How many alerts a chunk holds.
const CHUNK_ALERTS: usize = 512;

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
    mut reader: AlertReader<R>,
    threads: usize,
    mut sink: impl FnMut(Chunk) -> Result<(), E>,
) -> Result<(), E> {
    if threads <= 1 {
        while let Some((items, bytes_read)) = next_job(&mut reader) {
            sink(build(items, bytes_read))?;
        }
        return Ok(());
    }
    // Chunks dispatched but not yet handed to `sink`: a bound on memory
    // when one chunk is slow and the others run ahead.
    let in_flight = threads * 4;
    let (job_tx, job_rx) = sync_channel::<(u64, Job)>(threads);
    let job_rx = Arc::new(Mutex::new(job_rx));
    let (done_tx, done_rx) = sync_channel::<(u64, Chunk)>(in_flight);
    let (token_tx, token_rx) = sync_channel::<()>(in_flight);
    for _ in 0..in_flight {
        token_tx.send(()).expect("the receiver is here");
    }
    std::thread::scope(|scope| {
        scope.spawn(move || dispatch(&mut reader, job_tx, token_rx));
        for _ in 0..threads {
            let (jobs, done) = (Arc::clone(&job_rx), done_tx.clone());
            scope.spawn(move || work(&jobs, &done));
        }
        drop(done_tx);
        let result = collect(&done_rx, &token_tx, &mut sink);
        // On an error of `sink`, let the others finish what they hold.
        drop(token_tx);
        while done_rx.recv().is_ok() {}
        result
    })
}

/// Alerts found, or errors with the input they passed over.
type Job = (Vec<Result<RawAlert, Rejected>>, u64);

fn next_job<R: Read>(reader: &mut AlertReader<R>) -> Option<Job> {
    let mut items = Vec::new();
    let mut alerts = 0;
    while alerts < CHUNK_ALERTS {
        let Some(item) = reader.next_raw() else { break };
        alerts += usize::from(item.is_ok());
        items.push(item.map_err(|error| Rejected {
            error,
            text: reader.skipped_text().map(<[u8]>::to_vec),
        }));
    }
    (!items.is_empty()).then(|| (items, reader.bytes_read()))
}

fn dispatch<R: Read>(
    reader: &mut AlertReader<R>,
    jobs: SyncSender<(u64, Job)>,
    tokens: Receiver<()>,
) {
    let mut sequence = 0;
    while tokens.recv().is_ok() {
        let Some(job) = next_job(reader) else { return };
        if jobs.send((sequence, job)).is_err() {
            return;
        }
        sequence += 1;
    }
}

fn work(jobs: &Mutex<Receiver<(u64, Job)>>, done: &SyncSender<(u64, Chunk)>) {
    loop {
        let job = jobs.lock().map(|jobs| jobs.recv());
        let Ok(Ok((sequence, (items, bytes_read)))) = job else {
            return;
        };
        if done.send((sequence, build(items, bytes_read))).is_err() {
            return;
        }
    }
}

fn collect<E>(
    done: &Receiver<(u64, Chunk)>,
    tokens: &SyncSender<()>,
    sink: &mut impl FnMut(Chunk) -> Result<(), E>,
) -> Result<(), E> {
    let mut waiting = BTreeMap::new();
    let mut next = 0;
    while let Ok((sequence, chunk)) = done.recv() {
        waiting.insert(sequence, chunk);
        while let Some(chunk) = waiting.remove(&next) {
            sink(chunk)?;
            next += 1;
            let _ = tokens.send(());
        }
    }
    Ok(())
}

/// Parses one chunk's alerts into a batch.
fn build(items: Vec<Result<RawAlert, Rejected>>, bytes_read: u64) -> Chunk {
    let mut batch = ConnectionBatchBuilder::new();
    let mut alerts = 0;
    let mut rejected = Vec::new();
    for item in items {
        let raw = match item {
            Ok(raw) => raw,
            Err(reject) => {
                rejected.push(reject);
                continue;
            }
        };
        match batch.append_raw(&raw) {
            Ok(_) => alerts += 1,
            Err(error) => rejected.push(Rejected {
                error,
                text: Some(raw.into_bytes()),
            }),
        }
    }
    Chunk {
        batch: batch.finish(),
        alerts,
        rejected,
        bytes_read,
    }
}
