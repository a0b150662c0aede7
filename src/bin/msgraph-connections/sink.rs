//! Writing an output: through one buffer whose first failed write is kept
//! (so every format reports it in the same words, naming the file), and,
//! for a regular file, into a temporary file in its folder that replaces
//! it only once every output is written and synced.

use crate::cleanup;
use crate::target::Target;
use crate::unix;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// What an output buffers before it writes: few writes for CSV's fields.
const BUFFER: usize = 1 << 20;

impl Target {
    /// Creates what is written: the temporary file for a regular file.
    pub fn open(self, shown: &Path) -> Result<Sink, String> {
        self.open_buffered(shown, BUFFER)
    }

    /// Creates what is written, through a buffer of `capacity` bytes.
    pub fn open_buffered(self, shown: &Path, capacity: usize) -> Result<Sink, String> {
        let shown = shown.display().to_string();
        let (file, pending): (Box<dyn Write + Send>, _) = match self {
            Target::Stdout(_) => (Box::new(Stdout(io::stdout())), None),
            Target::Special(path, _) => {
                let file = fs::OpenOptions::new().write(true).open(&path);
                (Box::new(file.map_err(|e| format!("{shown}: {e}"))?), None)
            }
            Target::Replace(path, _) => {
                let old = fs::metadata(&path).ok();
                let mode = old.as_ref().map(|m| m.mode() & 0o7777);
                let (file, temp) = cleanup::create_temporary(&path, mode)
                    .map_err(|e| format!("{shown}: cannot create a temporary file: {e}"))?;
                if let Some(old) = old {
                    take_on(&file, &old);
                }
                let writer = file.try_clone();
                let pending = Pending {
                    file: Some(file),
                    temp,
                    path,
                    renamed: false,
                };
                (
                    Box::new(writer.map_err(|e| format!("{shown}: {e}"))?),
                    Some(pending),
                )
            }
        };
        Ok(Sink {
            out: BufWriter::with_capacity(capacity, file),
            failure: Failure::default(),
            shown,
            pending,
        })
    }
}

/// Standard output, waited on when it was left non-blocking.
struct Stdout(io::Stdout);

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let out = &self.0;
        unix::blocking(out, false, || out.lock().write(buf))
    }

    fn flush(&mut self) -> io::Result<()> {
        let out = &self.0;
        unix::blocking(out, false, || out.lock().flush())
    }
}

/// A temporary file waiting to be renamed over `path`; removed if it
/// never is. Closed once complete, so that a run of thousands of outputs
/// (the files of a partitioned table) holds no more open than it writes.
struct Pending {
    file: Option<File>,
    temp: PathBuf,
    path: PathBuf,
    renamed: bool,
}

/// Gives a temporary file the owner and mode of the file it replaces. Best
/// effort: only root may give a file away. The file was created with no
/// more permissions than the old one, so nothing is readable meanwhile
/// that was not before.
fn take_on(file: &File, old: &fs::Metadata) {
    let _ = std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid()));
    let _ = file.set_permissions(old.permissions());
}

impl Drop for Pending {
    fn drop(&mut self) {
        if !self.renamed {
            cleanup::remove_temporary(&self.temp);
        }
    }
}

/// The first failed write or flush of an output, worded once for every
/// format: whatever error a format reports after it gives way to it.
#[derive(Clone, Default)]
pub struct Failure(Arc<Mutex<Option<String>>>);

impl Failure {
    /// The failed write's own account, when there was one, else `error`.
    pub fn or(&self, error: String) -> String {
        self.slot().clone().unwrap_or(error)
    }

    fn slot(&self) -> std::sync::MutexGuard<'_, Option<String>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// An output being written.
pub struct Sink {
    out: BufWriter<Box<dyn Write + Send>>,
    failure: Failure,
    shown: String,
    pending: Option<Pending>,
}

/// An output written whole and synced (or, for a table's file, to be
/// synced with the others of its table), waiting for the other outputs.
pub struct Complete(Option<Pending>, String);

impl Sink {
    /// Its first failed write, as it will be reported.
    pub fn failure(&self) -> Failure {
        self.failure.clone()
    }

    /// Flushes and syncs: what is written is on disk.
    pub fn complete(self) -> Result<Complete, String> {
        self.closed(true)
    }

    /// Flushes and closes, unsynced: for one of many files (a table's),
    /// synced together by [`unix::sync_file_system`] before they are put
    /// in place, rather than one disk flush each.
    pub fn complete_unsynced(self) -> Result<Complete, String> {
        self.closed(false)
    }

    fn closed(mut self, sync: bool) -> Result<Complete, String> {
        self.flush().map_err(|e| self.describe(&e))?;
        if let Some(file) = self.pending.as_mut().and_then(|p| p.file.take())
            && sync
        {
            file.sync_all().map_err(|e| self.describe(&e))?;
        }
        Ok(Complete(
            self.pending.take(),
            std::mem::take(&mut self.shown),
        ))
    }

    fn describe(&self, error: &io::Error) -> String {
        describe_write_error(&self.shown, error)
    }

    fn record(&self, error: &io::Error) {
        let mut slot = self.failure.slot();
        slot.get_or_insert_with(|| describe_write_error(&self.shown, error));
    }
}

/// Renames every complete output's temporary file into place, at once as
/// far as a signal can tell: all of them, or none.
pub fn put_in_place(outputs: Vec<Complete>) -> Result<(), String> {
    let mut pending: Vec<(Pending, String)> = outputs
        .into_iter()
        .filter_map(|Complete(pending, shown)| Some((pending?, shown)))
        .collect();
    let moves: Vec<(&Path, &Path)> = pending
        .iter()
        .map(|(p, _)| (p.temp.as_path(), p.path.as_path()))
        .collect();
    let renamed = cleanup::rename_into_place(&moves);
    // Each temporary file is now renamed or removed.
    for (p, _) in &mut pending {
        p.renamed = true;
    }
    renamed.map_err(|(failed, e)| format!("{}: {e}", pending[failed].1))
}

/// One wording for a failed write, whichever output and format.
fn describe_write_error(shown: &str, error: &io::Error) -> String {
    format!("{shown}: cannot write: {error}")
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.out.write(buf).inspect_err(|e| self.record(e))
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.out.write_all(buf).inspect_err(|e| self.record(e))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush().inspect_err(|e| self.record(e))
    }
}
