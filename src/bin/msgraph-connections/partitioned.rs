//! A table folder of Parquet files, one Hive-style folder per partition
//! (`alertDate=2024-03-07/part-00000.parquet`), from batches of any schema
//! with the alert's `alertEventDateTime` and `alertCreatedDateTime`.
//!
//! Bounded whatever the number of partitions: at most
//! [`MAX_OPEN_PARTITIONS`] files are open (the least recently written is
//! closed to open another, and a partition seen again gets a new file), and
//! their row groups in progress hold at most [`ROW_GROUP_MEMORY`] bytes
//! together (past it, the largest is written out). Each file is written
//! under a temporary name and closed complete; all are synced together,
//! then renamed in with the other outputs when the run completes.

use crate::partition::TablePlan;
use crate::sink::{Complete, Failure, Sink};
use crate::target::Target;
use crate::unix;
use arrow_array::RecordBatch;
use msgraph_network_connection::columnar::{Partition, PartitionRun};
use parquet::arrow::ArrowWriter;
use parquet::file::properties::WriterProperties;
use std::collections::HashMap;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Files open at once, at most.
pub const MAX_OPEN_PARTITIONS: usize = 16;

/// Bytes the open files' row groups in progress hold together, at most:
/// past it the largest is written out, a row group of at least
/// `ROW_GROUP_MEMORY / MAX_OPEN_PARTITIONS` bytes.
pub const ROW_GROUP_MEMORY: usize = 32 << 20;

/// What each open file buffers: Parquet writes pages and row groups
/// whole, in writes larger than this, which bypass it.
const FILE_BUFFER: usize = 64 << 10;

pub struct PartitionedParquet {
    table: TablePlan,
    /// The properties of every file: those of the table's own writer.
    properties: WriterProperties,
    /// The least recently written first.
    open: Vec<OpenFile>,
    /// Files closed, each complete and synced, and where it goes.
    closed: Vec<(PathBuf, Complete)>,
    /// How many files each partition has had: the next one's number.
    started: HashMap<Partition, u32>,
}

struct OpenFile {
    partition: Partition,
    writer: ArrowWriter<Sink>,
    /// The file's first failed write, which Parquet's account of it gives
    /// way to.
    failure: Failure,
    /// Where it goes.
    path: PathBuf,
}

impl PartitionedParquet {
    pub fn new(table: TablePlan, properties: WriterProperties) -> PartitionedParquet {
        PartitionedParquet {
            table,
            properties,
            open: Vec::new(),
            closed: Vec::new(),
            started: HashMap::new(),
        }
    }

    /// Writes each row of `batch` to its partition's file.
    pub fn write(&mut self, batch: &RecordBatch) -> Result<(), String> {
        let runs = self.table.by.runs(batch).map_err(|e| e.to_string())?;
        for (partition, rows) in by_partition(runs) {
            let at = self.file_of(partition, batch)?;
            let file = &mut self.open[at];
            for rows in rows {
                let slice = batch.slice(rows.start, rows.len());
                let written = file.writer.write(&slice);
                written.map_err(|e| file.failure.or(e.to_string()))?;
            }
            self.within_memory()?;
        }
        Ok(())
    }

    /// Closes every file and syncs them: all of them, complete and on
    /// disk, to be renamed in with the run's other outputs. A name taken
    /// meanwhile (by another run writing the same table) stops the run
    /// with nothing renamed.
    pub fn finish(mut self) -> Result<Vec<Complete>, String> {
        while !self.open.is_empty() {
            self.close(0)?;
        }
        if !self.closed.is_empty() {
            let synced = unix::sync_file_system(&self.table.folder);
            let table = &self.table;
            synced.map_err(|e| format!("{} {}: cannot write: {e}", table.flag, table.shown))?;
        }
        for (path, _) in &self.closed {
            if path.symlink_metadata().is_ok() {
                return Err(format!(
                    "{}: exists already (another run is writing this table?); nothing was written",
                    self.shown(path)
                ));
            }
        }
        Ok(self.closed.into_iter().map(|(_, file)| file).collect())
    }

    /// The open file of `partition`, now the most recently written: opened
    /// (after closing the least recently written, when too many are open)
    /// if it is not.
    fn file_of(&mut self, partition: Partition, batch: &RecordBatch) -> Result<usize, String> {
        if let Some(at) = self.open.iter().position(|f| f.partition == partition) {
            let file = self.open.remove(at);
            self.open.push(file);
        } else {
            if self.open.len() == MAX_OPEN_PARTITIONS {
                self.close(0)?;
            }
            let file = self.start(partition, batch)?;
            self.open.push(file);
        }
        Ok(self.open.len() - 1)
    }

    /// Starts the next file of `partition`, in its folder (created when
    /// missing), under a temporary name.
    fn start(&mut self, partition: Partition, batch: &RecordBatch) -> Result<OpenFile, String> {
        let folder = self.table.folder.join(partition.folder());
        let number = self.started.get(&partition).copied().unwrap_or(0);
        if number == 0 {
            partition_folder(&folder).map_err(|e| format!("{}: {e}", self.shown(&folder)))?;
        }
        self.started.insert(partition, number + 1);
        let path = folder.join(self.table.naming.file_name(number));
        let shown = self.shown(&path);
        let target = Target::Replace(path.clone(), None);
        let sink = target.open_buffered(Path::new(&shown), FILE_BUFFER)?;
        let failure = sink.failure();
        let writer = ArrowWriter::try_new(sink, batch.schema(), Some(self.properties.clone()));
        let writer = writer.map_err(|e| failure.or(e.to_string()))?;
        Ok(OpenFile {
            partition,
            writer,
            failure,
            path,
        })
    }

    /// Writes the footer of the open file `at`, syncs it and sets it aside.
    fn close(&mut self, at: usize) -> Result<(), String> {
        let OpenFile {
            writer,
            failure,
            path,
            ..
        } = self.open.remove(at);
        let sink = writer.into_inner().map_err(|e| failure.or(e.to_string()))?;
        self.closed.push((path, sink.complete_unsynced()?));
        Ok(())
    }

    /// Writes out the largest row groups in progress until they hold no
    /// more than [`ROW_GROUP_MEMORY`] together.
    fn within_memory(&mut self) -> Result<(), String> {
        let memory = |file: &OpenFile| file.writer.memory_size();
        while self.open.iter().map(memory).sum::<usize>() > ROW_GROUP_MEMORY {
            let largest = self.open.iter_mut().max_by_key(|file| memory(file));
            let Some(file) = largest else { break };
            let flushed = file.writer.flush();
            flushed.map_err(|e| file.failure.or(e.to_string()))?;
        }
        Ok(())
    }

    /// How messages name a path of the table: under the folder as given.
    fn shown(&self, path: &Path) -> String {
        let inside = path.strip_prefix(&self.table.folder).unwrap_or(path);
        Path::new(&self.table.shown)
            .join(inside)
            .display()
            .to_string()
    }
}

/// Creates a partition's folder, or takes the one there (with `--append`).
fn partition_folder(folder: &Path) -> io::Result<()> {
    match crate::cleanup::create_folder(folder) {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists && folder.is_dir() => Ok(()),
        other => other,
    }
}

/// The runs of a batch by partition, in the order each partition first
/// appears, each partition's rows in input order: a batch of more
/// partitions than stay open closes and reopens none of them on its own.
fn by_partition(runs: Vec<PartitionRun>) -> Vec<(Partition, Vec<Range<usize>>)> {
    let mut grouped: Vec<(Partition, Vec<Range<usize>>)> = Vec::new();
    let mut index: HashMap<Partition, usize> = HashMap::new();
    for run in runs {
        let at = *index.entry(run.partition).or_insert_with(|| {
            grouped.push((run.partition, Vec::new()));
            grouped.len() - 1
        });
        grouped[at].1.push(run.rows);
    }
    grouped
}
