//! What a thread makes of a job: its rows as chunks, in input order, with
//! each alert of very many connections left whole, to be appended in
//! batches of bounded size where the chunks are taken ([`Many`]).

use super::ConnectionBatchBuilder;
use super::append::Direct;
use super::chunk::{Chunk, Rejected};
use super::job::Job;
use super::options::ExportOptions;
use super::room::Room;
use crate::stream::copy_of;
use crate::stream::input::Start;
use crate::stream::scan::{Event, Found, Scanner};
use crate::{Error, RawAlert};
use std::any::Any;
use std::panic::AssertUnwindSafe;

/// Rows in each batch of an alert of very many connections: a few
/// megabytes of columns.
pub(super) const MANY_ROWS: usize = 64 * 1024;

/// Bytes of text in each batch of an alert of very many connections, at
/// most (and a row): for connections of long texts.
pub(super) const MANY_TEXT_BYTES: usize = 8 << 20;

/// What a thread made of a job.
pub(super) enum Done {
    Block {
        pieces: Vec<Piece>,
        sound: bool,
    },
    InOrder {
        pieces: Vec<Piece>,
        replaces_void: bool,
    },
    Panicked(Box<dyn Any + Send>),
}

/// A part of a job's rows, in input order.
pub(super) enum Piece {
    Chunk(Chunk),
    Many(Many),
}

/// An alert of more connections than are held at once, checked whole: its
/// rows are appended, and handed on, a batch at a time.
pub(super) struct Many {
    bytes: Vec<u8>,
    id: Option<String>,
    bytes_read: u64,
    options: ExportOptions,
}

impl Many {
    /// Appends the alert's rows in batches of [`MANY_ROWS`] rows or
    /// [`MANY_TEXT_BYTES`] of text, handing each to `sink` as a chunk; the
    /// last one counts the alert, and holds its row of the alerts table.
    pub(super) fn append_in_batches<E>(
        self,
        sink: &mut impl FnMut(Chunk) -> Result<(), E>,
    ) -> Result<(), E> {
        let chunk = |batch: &mut ConnectionBatchBuilder, alerts| Chunk {
            batch: batch.finish(),
            alert_batch: batch.finish_table(),
            alerts,
            rejected: Vec::new(),
            bytes_read: self.bytes_read,
        };
        let (mut failed, mut text_bytes) = (None, 0);
        let mut batch = ConnectionBatchBuilder::with_options(&self.options);
        batch.append_checked(&self.bytes, self.id.as_deref(), |batch, row_text| {
            text_bytes += row_text;
            if batch.len() < MANY_ROWS && text_bytes < MANY_TEXT_BYTES {
                return true;
            }
            text_bytes = 0;
            let result = sink(chunk(batch, 0));
            failed = result.err();
            failed.is_none()
        });
        match failed {
            Some(error) => Err(error),
            None => sink(chunk(&mut batch, 1)),
        }
    }
}

/// [`work`] on a thread of its own: a panic is handed on, so that the
/// caller's thread raises it rather than waiting for this job's chunk for
/// ever.
pub(super) fn work_caught(job: Job, options: &ExportOptions, room: &mut Room) -> Done {
    std::panic::catch_unwind(AssertUnwindSafe(|| work(job, options, room)))
        .unwrap_or_else(Done::Panicked)
}

/// Does `job`, making `room` in its chunk's columns; `room` is then that
/// of the job's last chunk, for the thread's next job.
pub(super) fn work(job: Job, options: &ExportOptions, room: &mut Room) -> Done {
    let done = pieces_of(job, options, room);
    let (Done::Block { pieces, .. } | Done::InOrder { pieces, .. }) = &done else {
        return done;
    };
    if let Some(Piece::Chunk(last)) = pieces.last()
        && last.batch.num_rows() > 0
    {
        *room = Room::after(&last.batch);
    }
    done
}

fn pieces_of(job: Job, options: &ExportOptions, room: &Room) -> Done {
    match job {
        Job::Block {
            bytes,
            start,
            last,
            max_alert_size,
        } => {
            let mut pieces = Pieces::new(start.offset + bytes.len() as u64, options, room);
            let sound = read_block(&bytes, start, last, max_alert_size, &mut pieces);
            Done::Block {
                pieces: pieces.finish(),
                sound,
            }
        }
        Job::InOrder {
            items,
            bytes_read,
            replaces_void,
        } => {
            let mut pieces = Pieces::new(bytes_read, options, room);
            for item in items {
                match item {
                    Ok(raw) => pieces.alert_raw(raw),
                    Err(reject) => pieces.chunk.rejected.push(reject),
                }
            }
            Done::InOrder {
                pieces: pieces.finish(),
                replaces_void,
            }
        }
    }
}

/// Reads a block, `bytes` of the input from `start`, into `pieces`:
/// whether it read what a reader of the whole input reads there. It did
/// when it ended between documents (or is the input's `last` block); it
/// did not when a document or broken JSON runs over its end, or when the
/// allocator refused room for a copy (then the block is read again in
/// order, which reports it).
///
/// A line that is one alert is parsed once, straight into the columns;
/// from a line that is anything else, a scanner reads on until it is
/// between documents at a line's end. A scanner started at a line that
/// starts between documents reads what one started earlier would (blocks
/// are cut so), so both ways read the same.
fn read_block(
    bytes: &[u8],
    start: Start,
    last: bool,
    max_alert_size: usize,
    pieces: &mut Pieces,
) -> bool {
    let mut line = start;
    loop {
        let at = (line.offset - start.offset) as usize;
        if at == bytes.len() {
            return true;
        }
        if let Some(next) = pieces.alert_line(&bytes[at..], line, max_alert_size) {
            line = next;
            continue;
        }
        match scan_lines(bytes, start, line, last, max_alert_size, pieces) {
            Ok(next) => line = next,
            Err(sound) => return sound,
        }
    }
}

/// Scans the block's `bytes` from `line` until the scanner is between
/// documents at a line's end: the start of the next line, or (`Err`)
/// whether the block was read soundly when it ended first.
fn scan_lines(
    bytes: &[u8],
    start: Start,
    line: Start,
    last: bool,
    max_alert_size: usize,
    pieces: &mut Pieces,
) -> Result<Start, bool> {
    let mut scanner = Scanner::new(line, max_alert_size);
    let at = |offset: u64| (offset - start.offset) as usize;
    loop {
        let held = &bytes[at(scanner.hold_from())..];
        let held = match scanner.scan(held, last) {
            Event::Alert(found) => {
                pieces.alert_lent(&bytes[at(found.start)..at(found.end)], &found)
            }
            Event::Error { error, skipped } => {
                let text = skipped.map(|(from, to)| &bytes[at(from)..at(to)]);
                pieces.rejected(error, text)
            }
            Event::Need => return Err(scanner.is_between_documents()),
            Event::End => return Err(last),
        };
        if held.is_err() {
            return Err(false);
        }
        if !scanner.is_between_documents() {
            continue;
        }
        let pos = at(scanner.offset());
        let end = pos + bytes[pos..].iter().take_while(is_blank).count();
        if bytes.get(end) == Some(&b'\n') {
            let here = scanner.resume_point(&bytes[at(scanner.hold_from())..]);
            return Ok(Start {
                offset: start.offset + end as u64 + 1,
                line: here.line + 1,
                column: 1,
            });
        }
    }
}

/// JSON's whitespace within a line.
fn is_blank(byte: &&u8) -> bool {
    matches!(**byte, b' ' | b'\t' | b'\r')
}

/// How a line that is one alert ends: blanks, then a line end.
fn alert_of_line(rest: &[u8], max_alert_size: usize) -> Option<(&[u8], usize)> {
    let end = memchr::memchr(b'\n', rest)?;
    if end >= max_alert_size {
        return None;
    }
    let text = &rest[..end];
    let alert = &text[..end - text.iter().rev().take_while(is_blank).count()];
    let object = alert.first() == Some(&b'{') && alert.last() == Some(&b'}');
    object.then_some((alert, end + 1))
}

/// A job's pieces being made.
struct Pieces<'o> {
    done: Vec<Piece>,
    chunk: ChunkBuilder,
    bytes_read: u64,
    options: &'o ExportOptions,
}

/// A chunk being built: its batch (and alerts table), how many alerts
/// parsed, and what could not be read.
struct ChunkBuilder {
    batch: ConnectionBatchBuilder,
    alerts: usize,
    rejected: Vec<Rejected>,
}

impl<'o> Pieces<'o> {
    fn new(bytes_read: u64, options: &'o ExportOptions, room: &Room) -> Self {
        Pieces {
            done: Vec::new(),
            chunk: ChunkBuilder::new(options, room),
            bytes_read,
            options,
        }
    }

    /// An alert found in order.
    fn alert_raw(&mut self, raw: RawAlert) {
        match self.chunk.batch.append_direct(raw.bytes()) {
            Direct::Appended(_) => self.chunk.alerts += 1,
            Direct::Refused => self.typed(raw),
            Direct::Many { id } => self.many(raw.into_bytes(), id),
        }
    }

    /// An alert in a block's reader, copied only when the typed path reads
    /// it or it has very many connections; `Err` when the allocator refuses
    /// room for the copy.
    fn alert_lent(&mut self, bytes: &[u8], found: &Found) -> Result<(), Error> {
        match self.chunk.batch.append_direct(bytes) {
            Direct::Appended(_) => self.chunk.alerts += 1,
            Direct::Refused => self.typed(found.copy_out(bytes)?),
            Direct::Many { id } => self.many(copy_of(bytes)?, id),
        }
        Ok(())
    }

    /// The alert that is the first line of `rest` (the input from `line`),
    /// when the line is one alert the scanner would find whole: the start
    /// of the next line. `None`, with nothing appended, when it is not.
    fn alert_line(&mut self, rest: &[u8], line: Start, max_alert_size: usize) -> Option<Start> {
        let (alert, length) = alert_of_line(rest, max_alert_size)?;
        match self.chunk.batch.append_line(alert)? {
            Direct::Appended(_) => self.chunk.alerts += 1,
            Direct::Many { id } => self.many(copy_of(alert).ok()?, id),
            Direct::Refused => return None,
        }
        Some(Start {
            offset: line.offset + length as u64,
            line: line.line + 1,
            column: 1,
        })
    }

    /// An error of the reader, with the text it passed over; `Err` when
    /// the allocator refuses room for the copy of that text.
    fn rejected(&mut self, error: Error, skipped: Option<&[u8]>) -> Result<(), Error> {
        let text = skipped.map(copy_of).transpose()?;
        self.chunk.rejected.push(Rejected { error, text });
        Ok(())
    }

    fn typed(&mut self, raw: RawAlert) {
        match self.chunk.batch.append_typed(&raw) {
            Ok(_) => self.chunk.alerts += 1,
            Err(error) => self.chunk.rejected.push(Rejected {
                error,
                text: Some(raw.into_bytes()),
            }),
        }
    }

    fn many(&mut self, bytes: Vec<u8>, id: Option<String>) {
        if !self.chunk.is_empty() {
            let empty = ChunkBuilder::new(self.options, &Room::default());
            let chunk = std::mem::replace(&mut self.chunk, empty);
            self.done.push(Piece::Chunk(chunk.finish(self.bytes_read)));
        }
        self.done.push(Piece::Many(Many {
            bytes,
            id,
            bytes_read: self.bytes_read,
            options: self.options.clone(),
        }));
    }

    /// The pieces: at least one, and no empty chunk after an alert of
    /// very many connections.
    fn finish(mut self) -> Vec<Piece> {
        if self.done.is_empty() || !self.chunk.is_empty() {
            let chunk = self.chunk.finish(self.bytes_read);
            self.done.push(Piece::Chunk(chunk));
        }
        self.done
    }
}

impl ChunkBuilder {
    fn new(options: &ExportOptions, room: &Room) -> Self {
        ChunkBuilder {
            batch: ConnectionBatchBuilder::with_options_and_room(options, room),
            alerts: 0,
            rejected: Vec::new(),
        }
    }

    fn is_empty(&self) -> bool {
        self.batch.has_no_rows() && self.alerts == 0 && self.rejected.is_empty()
    }

    fn finish(mut self, bytes_read: u64) -> Chunk {
        Chunk {
            batch: self.batch.finish(),
            alert_batch: self.batch.finish_table(),
            alerts: self.alerts,
            rejected: self.rejected,
            bytes_read,
        }
    }
}
