//! Where an output goes, without destroying anything on the way: a regular
//! file (or a new one) is written under a temporary name in its folder and
//! renamed into place only when the run completes; standard output and
//! special files (`/dev/null`, pipes) are written directly.

use crate::cleanup;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// What a file is, whatever path names it: device and inode. Two paths
/// (symlinks, `./x`, hard links) name the same file when these agree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileId {
    device: u64,
    inode: u64,
}

impl FileId {
    /// The identity of a regular file; `None` for anything else (a pipe,
    /// a terminal, a device), which reading and writing cannot destroy.
    pub fn of_regular(metadata: &fs::Metadata) -> Option<FileId> {
        metadata.is_file().then(|| FileId {
            device: metadata.dev(),
            inode: metadata.ino(),
        })
    }
}

/// An output, planned before anything is created.
#[derive(Debug)]
pub enum Target {
    /// `-`: standard output.
    Stdout,
    /// A special file that exists, written in place.
    Special(PathBuf),
    /// A regular file that exists (`Some` identity) or does not yet,
    /// replaced as a whole at the end: the path after following symlinks.
    Replace(PathBuf, Option<FileId>),
}

impl Target {
    /// Plans the output named `path`: an `-o` that is a symlink replaces
    /// the file it points to; `/dev/stdout` and the like are special files.
    pub fn plan(path: &Path) -> Result<Target, String> {
        if path.as_os_str() == "-" {
            return Ok(Target::Stdout);
        }
        let named = |e: io::Error| format!("{}: {e}", path.display());
        match fs::metadata(path) {
            Ok(m) if m.is_dir() => Err(format!("{}: is a directory", path.display())),
            Ok(m) if m.is_file() => {
                let resolved = fs::canonicalize(path).map_err(named)?;
                Ok(Target::Replace(resolved, FileId::of_regular(&m)))
            }
            Ok(_) => Ok(Target::Special(path.to_path_buf())),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                Ok(Target::Replace(follow_links(path).map_err(named)?, None))
            }
            Err(e) => Err(named(e)),
        }
    }

    /// Whether `self` and `other` would write the same regular file, or
    /// both standard output.
    pub fn same_file(&self, other: &Target) -> bool {
        match (self, other) {
            (Target::Stdout, Target::Stdout) => true,
            (Target::Replace(_, Some(a)), Target::Replace(_, Some(b))) => a == b,
            (Target::Replace(a, None), Target::Replace(b, None)) => {
                canonical_new(a).is_some_and(|a| Some(a) == canonical_new(b))
            }
            _ => false,
        }
    }

    /// Whether `self` would write the regular file `input`.
    pub fn is(&self, input: FileId) -> bool {
        matches!(self, Target::Replace(_, Some(id)) if *id == input)
    }

    /// Creates what is written: the temporary file for a regular file.
    pub fn open(self, shown: &Path) -> Result<Sink, String> {
        let shown = shown.display().to_string();
        let (file, pending): (Box<dyn Write + Send>, _) = match self {
            Target::Stdout => (Box::new(io::stdout()), None),
            Target::Special(path) => {
                let file = OpenOptions::new().write(true).open(&path);
                (Box::new(file.map_err(|e| format!("{shown}: {e}"))?), None)
            }
            Target::Replace(path, _) => {
                let (file, temp) = cleanup::create_temporary(&path)
                    .map_err(|e| format!("{shown}: cannot create a temporary file: {e}"))?;
                let file = keep_permissions(&path, file);
                let writer = file.try_clone().map_err(|e| format!("{shown}: {e}"))?;
                (
                    Box::new(writer),
                    Some(Pending {
                        file,
                        temp,
                        path,
                        renamed: false,
                    }),
                )
            }
        };
        Ok(Sink {
            out: BufWriter::with_capacity(1 << 20, file),
            failure: Failure::default(),
            shown,
            pending,
        })
    }
}

/// The path a chain of symlinks ends at, for a path that does not exist:
/// a link to a file not yet written.
fn follow_links(path: &Path) -> io::Result<PathBuf> {
    let mut path = path.to_path_buf();
    // Linux's own limit on links followed in one lookup.
    for _ in 0..40 {
        match fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => {
                let target = fs::read_link(&path)?;
                path = match path.parent() {
                    Some(folder) => folder.join(target),
                    None => target,
                };
            }
            _ => return Ok(path),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// A path that does not exist yet, spelled canonically: its folder's
/// canonical path and its name.
fn canonical_new(path: &Path) -> Option<PathBuf> {
    let folder = match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    };
    Some(fs::canonicalize(folder).ok()?.join(path.file_name()?))
}

/// A file that replaces another takes on its permissions.
fn keep_permissions(path: &Path, file: File) -> File {
    if let Ok(old) = fs::metadata(path) {
        // Best effort: a file owned by someone else keeps the new mode.
        let _ = file.set_permissions(old.permissions());
    }
    file
}

/// A temporary file waiting to be renamed over `path`; removed if it
/// never is.
struct Pending {
    file: File,
    temp: PathBuf,
    path: PathBuf,
    renamed: bool,
}

impl Drop for Pending {
    fn drop(&mut self) {
        if !self.renamed {
            cleanup::remove_temporary(&self.temp);
        }
    }
}

/// An output written whole and synced, to be put in place once every
/// output is.
pub struct Complete {
    pending: Option<Pending>,
    shown: String,
}

impl Complete {
    /// Renames the temporary file over the output.
    pub fn put_in_place(mut self) -> Result<(), String> {
        let Some(pending) = &mut self.pending else {
            return Ok(());
        };
        pending.renamed = true;
        cleanup::rename_into_place(&pending.temp, &pending.path)
            .map_err(|e| format!("{}: {e}", self.shown))
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

impl Sink {
    /// Its first failed write, as it will be reported.
    pub fn failure(&self) -> Failure {
        self.failure.clone()
    }

    /// Flushes and syncs: what is written is on disk.
    pub fn complete(mut self) -> Result<Complete, String> {
        self.flush().map_err(|e| self.describe(&e))?;
        if let Some(pending) = &self.pending {
            pending.file.sync_all().map_err(|e| self.describe(&e))?;
        }
        Ok(Complete {
            pending: self.pending.take(),
            shown: std::mem::take(&mut self.shown),
        })
    }

    fn describe(&self, error: &io::Error) -> String {
        describe_write_error(&self.shown, error)
    }

    fn record(&self, error: &io::Error) {
        let mut slot = self.failure.slot();
        slot.get_or_insert_with(|| describe_write_error(&self.shown, error));
    }
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
