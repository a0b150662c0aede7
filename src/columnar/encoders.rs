//! A Parquet file whose column chunks are encoded on threads of their own.
//!
//! Encoding (dictionaries, statistics, pages, compression) is about a
//! quarter of an export's work; on the caller's thread it holds up the
//! chunks that parsing threads hand over in order. Here each column is
//! encoded by one thread, which receives the batches in the order they
//! are written: every column writer sees the same slices as
//! `ArrowWriter`'s would, so the file is byte for byte the one
//! `ArrowWriter` writes, whatever the number of threads.

use arrow_array::RecordBatch;
use arrow_schema::{DataType, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_writer::{
    ArrowColumnChunk, ArrowColumnWriter, ArrowRowGroupWriterFactory, compute_leaves,
};
use parquet::errors::{ParquetError, Result};
use parquet::file::writer::SerializedFileWriter;
use std::io::Write;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::{self, JoinHandle};

/// Batches queued for each encoding thread: what it holds beyond the row
/// group it encodes, a few megabytes at most.
const QUEUED_BATCHES: usize = 4;

/// Writes record batches to a Parquet file as `ArrowWriter` does, encoding
/// the columns on encoding threads.
pub(super) struct ThreadedWriter<W: Write + Send> {
    file: SerializedFileWriter<W>,
    factory: ArrowRowGroupWriterFactory,
    lanes: Lanes,
    /// The lane of each column.
    lane_of: Vec<usize>,
    max_rows: usize,
    /// Rows of the row group being encoded; `None` between row groups.
    buffered: Option<usize>,
    /// Row groups started.
    row_groups: usize,
    /// Whether the lanes are closing a row group not yet in the file.
    closing: bool,
}

/// The encoding threads, ended when dropped.
struct Lanes(Vec<Lane>);

/// One encoding thread: its tasks, and the column chunks it closes.
struct Lane {
    tasks: SyncSender<Task>,
    closed: Receiver<Result<Vec<(usize, ArrowColumnChunk)>>>,
    thread: Option<JoinHandle<()>>,
}

enum Task {
    /// The writers of a new row group's columns, by column.
    Start(Vec<(usize, ArrowColumnWriter)>),
    Write(RecordBatch),
    Close,
}

impl<W: Write + Send> ThreadedWriter<W> {
    /// `writer`, with nothing buffered, encoding `schema`'s columns on
    /// `threads` threads from now on, in row groups of its properties' row
    /// count (the crate's files have no cap in bytes, which this writer
    /// does not take). `writer` itself when its columns are nested or rows
    /// are buffered (they would make a row group of their own), or when no
    /// thread could be started.
    pub(super) fn new(
        writer: ArrowWriter<W>,
        schema: &SchemaRef,
        threads: usize,
    ) -> Result<std::result::Result<Self, ArrowWriter<W>>> {
        let flat = schema
            .fields()
            .iter()
            .all(|field| !field.data_type().is_nested());
        if !flat || writer.in_progress_rows() > 0 {
            return Ok(Err(writer));
        }
        let mut lanes = Lanes(Vec::with_capacity(threads));
        for _ in 0..threads {
            match Lane::start(schema.clone()) {
                Some(lane) => lanes.0.push(lane),
                None => return Ok(Err(writer)),
            }
        }
        let (file, factory) = writer.into_serialized_writer()?;
        let properties = file.properties();
        debug_assert!(properties.max_row_group_bytes().is_none(), "a cap in bytes");
        let max_rows = properties
            .max_row_group_row_count()
            .unwrap_or(usize::MAX)
            .max(1);
        Ok(Ok(ThreadedWriter {
            row_groups: file.flushed_row_groups().len(),
            file,
            factory,
            lanes,
            lane_of: lanes_by_cost(schema, threads),
            max_rows,
            buffered: None,
            closing: false,
        }))
    }

    /// Writes `batch`, cutting row groups where `ArrowWriter` would.
    pub(super) fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        let mut remaining = batch.clone();
        while remaining.num_rows() > 0 {
            let buffered = match self.buffered {
                Some(rows) => rows,
                None => self.start_row_group()?,
            };
            let room = self.max_rows - buffered;
            let now = remaining.slice(0, room.min(remaining.num_rows()));
            remaining = remaining.slice(now.num_rows(), remaining.num_rows() - now.num_rows());
            let buffered = buffered + now.num_rows();
            for lane in 0..self.lanes.0.len() {
                self.send(lane, Task::Write(now.clone()))?;
            }
            self.buffered = Some(buffered);
            if buffered >= self.max_rows {
                self.close_row_group()?;
            }
        }
        Ok(())
    }

    /// Writes what is buffered and the file's footer; returns the output.
    pub(super) fn into_inner(mut self) -> Result<W> {
        if self.buffered.is_some() {
            self.close_row_group()?;
        }
        self.append_closed()?;
        for lane in 0..self.lanes.0.len() {
            self.lanes.0[lane].end();
            // A thread that panicked passes its panic on.
            self.stopped(lane);
        }
        self.file.into_inner()
    }

    fn start_row_group(&mut self) -> Result<usize> {
        let writers = self.factory.create_column_writers(self.row_groups)?;
        self.row_groups += 1;
        let mut by_lane: Vec<Vec<_>> = self.lanes.0.iter().map(|_| Vec::new()).collect();
        for (column, writer) in writers.into_iter().enumerate() {
            by_lane[self.lane_of[column]].push((column, writer));
        }
        for (lane, writers) in by_lane.into_iter().enumerate() {
            self.send(lane, Task::Start(writers))?;
        }
        self.buffered = Some(0);
        Ok(0)
    }

    /// Has the lanes close the row group; the one closed before is
    /// appended to the file first, so that at most one is held.
    fn close_row_group(&mut self) -> Result<()> {
        self.append_closed()?;
        for lane in 0..self.lanes.0.len() {
            self.send(lane, Task::Close)?;
        }
        self.buffered = None;
        self.closing = true;
        Ok(())
    }

    /// Appends the row group the lanes closed, its columns in order.
    fn append_closed(&mut self) -> Result<()> {
        if !std::mem::take(&mut self.closing) {
            return Ok(());
        }
        let mut chunks = Vec::with_capacity(self.lane_of.len());
        for lane in 0..self.lanes.0.len() {
            match self.lanes.0[lane].closed.recv() {
                Ok(closed) => chunks.extend(closed?),
                Err(_) => return Err(self.stopped(lane)),
            }
        }
        chunks.sort_unstable_by_key(|(column, _)| *column);
        let mut row_group = self.file.next_row_group()?;
        for (_, chunk) in chunks {
            chunk.append_to_row_group(&mut row_group)?;
        }
        row_group.close()?;
        Ok(())
    }

    fn send(&mut self, lane: usize, task: Task) -> Result<()> {
        match self.lanes.0[lane].tasks.send(task) {
            Ok(()) => Ok(()),
            Err(_) => Err(self.stopped(lane)),
        }
    }

    /// The error of a lane that stopped: it panicked (the panic goes on
    /// here), or failed.
    fn stopped(&mut self, lane: usize) -> ParquetError {
        if let Some(thread) = self.lanes.0[lane].thread.take()
            && let Err(panic) = thread.join()
        {
            std::panic::resume_unwind(panic);
        }
        ParquetError::General("a column's encoding thread stopped".into())
    }
}

impl Drop for Lanes {
    fn drop(&mut self) {
        // A panic is not passed on while dropping.
        for lane in &mut self.0 {
            lane.end();
            if let Some(thread) = lane.thread.take() {
                let _ = thread.join();
            }
        }
    }
}

impl Lane {
    fn start(schema: SchemaRef) -> Option<Lane> {
        let (tasks, tasks_rx) = sync_channel(QUEUED_BATCHES);
        let (closed_tx, closed) = sync_channel(1);
        let thread = thread::Builder::new()
            .name("parquet-columns".into())
            .spawn(move || encode(&schema, &tasks_rx, &closed_tx))
            .ok()?;
        Some(Lane {
            tasks,
            closed,
            thread: Some(thread),
        })
    }

    /// Drops the sender of tasks, which ends the thread.
    fn end(&mut self) {
        let (none, _) = sync_channel(0);
        drop(std::mem::replace(&mut self.tasks, none));
    }
}

/// A lane's thread: writes its columns of each batch, and closes them at
/// the end of each row group. An error is kept until then.
fn encode(
    schema: &SchemaRef,
    tasks: &Receiver<Task>,
    closed: &SyncSender<Result<Vec<(usize, ArrowColumnChunk)>>>,
) {
    let mut writers = Vec::new();
    let mut failed = None;
    for task in tasks {
        match task {
            Task::Start(new) => writers = new,
            Task::Write(_) if failed.is_some() => {}
            Task::Write(batch) => failed = write_columns(schema, &batch, &mut writers).err(),
            Task::Close => {
                let chunks = match failed.take() {
                    Some(error) => Err(error),
                    None => std::mem::take(&mut writers)
                        .into_iter()
                        .map(|(column, writer)| Ok((column, writer.close()?)))
                        .collect(),
                };
                if closed.send(chunks).is_err() {
                    return;
                }
            }
        }
    }
}

fn write_columns(
    schema: &SchemaRef,
    batch: &RecordBatch,
    writers: &mut [(usize, ArrowColumnWriter)],
) -> Result<()> {
    for (column, writer) in writers {
        let field = schema.field(*column);
        for leaf in compute_leaves(field, batch.column(*column))? {
            writer.write(&leaf)?;
        }
    }
    Ok(())
}

/// Spreads the columns over `lanes` by their cost to encode, each to the
/// least loaded lane: text costs most (hashing into a dictionary, or
/// copying), then 8-byte values, then 4-byte ones.
fn lanes_by_cost(schema: &SchemaRef, lanes: usize) -> Vec<usize> {
    let mut load = vec![0usize; lanes];
    schema
        .fields()
        .iter()
        .map(|field| {
            let cost = match field.data_type() {
                DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => 4,
                DataType::Int32 => 1,
                _ => 2,
            };
            let lane = (0..lanes).min_by_key(|&lane| load[lane]).unwrap_or(0);
            load[lane] += cost;
            lane
        })
        .collect()
}

#[cfg(test)]
#[path = "encoders_tests.rs"]
mod tests;
