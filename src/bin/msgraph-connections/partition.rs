//! `--partition-by`: where a table folder goes, checked before anything is
//! created (new, empty, or `--append` to a table cut the same way), and
//! what its files are named. The writing is `partitioned`'s.

use crate::args::{Export, Format, Partitioning};
use crate::cleanup;
use crate::output::{Output, Table};
use crate::partitioned::PartitionedParquet;
use crate::sink::Complete;
use crate::target::Target;
use arrow_array::RecordBatch;
use msgraph_network_connection::columnar::{
    PartitionBy, alerts_writer_properties, writer_properties,
};
use parquet::file::properties::WriterProperties;
use std::fs;
use std::hash::{BuildHasher, RandomState};
use std::io;
use std::path::{Component, Path, PathBuf};

/// Where the rows go, planned before anything is created.
pub enum Destination {
    /// One file, or standard output.
    File(Format, Target),
    /// A table folder, cut into partitions.
    Table(TablePlan),
}

/// Where the rows go, open.
pub enum RowWriter {
    File(Box<Output>),
    Table(Box<PartitionedParquet>),
}

impl Destination {
    /// Plans an output of rows, `path` given as `flag`: a table folder
    /// with `--partition-by`, else a file.
    pub fn plan(
        args: &Export,
        flag: &'static str,
        path: &Path,
        format: Format,
    ) -> Result<Destination, String> {
        match args.partition_by {
            Some(by) => TablePlan::new(flag, path, by, args.append).map(Destination::Table),
            None => Ok(Destination::File(format, Target::plan(path)?)),
        }
    }

    /// The file, when the rows go to one.
    pub fn file(&self) -> Option<&Target> {
        match self {
            Destination::File(_, target) => Some(target),
            Destination::Table(_) => None,
        }
    }

    /// Creates what is written to `path`, holding `table`: the temporary
    /// file, or the table's folder.
    pub fn open(self, args: &Export, path: &Path, table: Table<'_>) -> Result<RowWriter, String> {
        Ok(match self {
            Destination::File(format, target) => {
                let sink = target.open(path)?;
                let escape = !args.no_escape_formulas;
                let threads = args.threads();
                RowWriter::File(Box::new(Output::new(format, sink, escape, table, threads)?))
            }
            Destination::Table(plan) => {
                let properties = match table {
                    Table::Connections(_) => writer_properties(),
                    Table::Alerts(options) => alerts_writer_properties(options),
                };
                RowWriter::Table(Box::new(plan.open(properties)?))
            }
        })
    }
}

impl RowWriter {
    pub fn write(&mut self, batch: &RecordBatch) -> Result<(), String> {
        match self {
            RowWriter::File(output) => output.write(batch),
            RowWriter::Table(table) => table.write(batch),
        }
    }

    /// Every file written whole and synced, to be put in place.
    pub fn finish(self) -> Result<Vec<Complete>, String> {
        match self {
            RowWriter::File(output) => Ok(vec![output.finish()?.complete()?]),
            RowWriter::Table(table) => table.finish(),
        }
    }
}

/// With `--partition-by`, the format is Parquet.
pub fn format_of(format: Option<Format>) -> Result<Format, String> {
    match format {
        None | Some(Format::Parquet) => Ok(Format::Parquet),
        Some(Format::Csv) => Err("--format csv: --partition-by writes Parquet files only".into()),
    }
}

/// A table folder to write, checked.
pub struct TablePlan {
    /// The flag and the folder as given, for messages: `-o table`.
    pub flag: &'static str,
    pub shown: String,
    pub folder: PathBuf,
    pub by: PartitionBy,
    /// Whether the folder is there yet.
    exists: bool,
    pub naming: Naming,
}

/// What a table's files are called. In a new or empty folder, the same
/// whatever the number of threads: `part-00000.parquet`, `part-00001...`
/// in each partition's folder, numbered in the order they are started.
/// Added with `--append`, they also carry 64 random bits of this run's
/// (`part-00000-1f0c...e2.parquet`), so that they fall beside the files
/// there, under names no other run takes.
#[derive(Clone, Copy)]
pub enum Naming {
    New,
    Appended(u64),
}

impl Naming {
    pub fn file_name(self, number: u32) -> String {
        match self {
            Naming::New => format!("part-{number:05}.parquet"),
            Naming::Appended(run) => format!("part-{number:05}-{run:016x}.parquet"),
        }
    }
}

impl TablePlan {
    /// Checks the folder `path`: new, empty, or with `append`, a table cut
    /// the same way (or not at all); never a file or standard output.
    pub fn new(
        flag: &'static str,
        path: &Path,
        by: Partitioning,
        append: bool,
    ) -> Result<TablePlan, String> {
        let by = match by {
            Partitioning::Day => PartitionBy::Day,
            Partitioning::Month => PartitionBy::Month,
        };
        let shown = path.display().to_string();
        if shown == "-" {
            let why = "--partition-by writes a folder, not standard output";
            return Err(format!("{flag} -: {why}"));
        }
        let refused = |why: &str| format!("{flag} {}: {why}; nothing was written", path.display());
        let exists = match fs::metadata(path) {
            Ok(m) if m.is_dir() => true,
            Ok(_) => return Err(refused("is a file; --partition-by writes a folder")),
            Err(e) if e.kind() == io::ErrorKind::NotFound => false,
            Err(e) => return Err(format!("{flag} {shown}: {e}")),
        };
        let naming = match append {
            // Seeded with the system's randomness, once per process.
            true => Naming::Appended(RandomState::new().hash_one(std::process::id())),
            false => Naming::New,
        };
        let plan = TablePlan {
            flag,
            shown,
            folder: path.to_path_buf(),
            by,
            exists,
            naming,
        };
        if exists {
            plan.check_contents(append).map_err(|why| refused(&why))?;
        }
        Ok(plan)
    }

    /// What is in the folder already: nothing, or with `append`, no
    /// partition folders of another column.
    fn check_contents(&self, append: bool) -> Result<(), String> {
        let column = self.by.column();
        let entries = fs::read_dir(&self.folder).map_err(|e| e.to_string())?;
        for entry in entries {
            let entry = entry.map_err(|e| e.to_string())?;
            if !append {
                return Err("is not empty; name a new or empty folder, or add --append".into());
            }
            let name = entry.file_name();
            let is_folder = entry.file_type().is_ok_and(|t| t.is_dir());
            if let Some((other, _)) = name.to_string_lossy().split_once('=')
                && is_folder
                && other != column
            {
                return Err(format!(
                    "holds {other}= folders, and --partition-by {} writes {column}= ones",
                    match self.by {
                        PartitionBy::Day => "day",
                        PartitionBy::Month => "month",
                    }
                ));
            }
        }
        Ok(())
    }

    /// Refuses an output (`flag path`) inside the table's folder, which
    /// would be taken for a file of the table.
    pub fn refuse_inside(&self, flag: &str, path: &Path) -> Result<(), String> {
        if path.as_os_str() != "-" && absolute(path).starts_with(absolute(&self.folder)) {
            return Err(format!(
                "{flag} {}: is inside the table folder {} {}; nothing was written",
                path.display(),
                self.flag,
                self.shown
            ));
        }
        Ok(())
    }

    /// Creates the folder when it is new.
    fn open(self, properties: WriterProperties) -> Result<PartitionedParquet, String> {
        if !self.exists {
            let created = cleanup::create_folder(&self.folder);
            created.map_err(|e| format!("{} {}: {e}", self.flag, self.shown))?;
        }
        Ok(PartitionedParquet::new(self, properties))
    }
}

/// `path` as a canonical path: the longest part of it that exists,
/// canonical, and the rest as written (without `.`).
fn absolute(path: &Path) -> PathBuf {
    let mut existing = path;
    let mut rest = Vec::new();
    loop {
        let resolved = match existing.as_os_str().is_empty() {
            true => fs::canonicalize("."),
            false => fs::canonicalize(existing),
        };
        if let Ok(resolved) = resolved {
            let rest = rest.iter().rev().filter(|c| *c != &Component::CurDir);
            return rest.fold(resolved, |path, part| path.join(part));
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                existing = parent;
            }
            _ => return path.to_path_buf(),
        }
    }
}
