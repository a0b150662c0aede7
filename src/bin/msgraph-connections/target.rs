//! Where an output goes, decided before anything is created: standard
//! output, a special file written in place, or a regular file replaced
//! whole at the end; and whether it is an input or the other output.

use crate::unix;
use std::fs;
use std::io::{self, IsTerminal};
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};

/// What a file is, whatever path names it: device and inode. Two paths
/// (symlinks, `./x`, hard links, `/dev/stdout`) name the same file when
/// these agree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileId {
    device: u64,
    inode: u64,
}

impl FileId {
    fn of(metadata: &fs::Metadata) -> FileId {
        FileId {
            device: metadata.dev(),
            inode: metadata.ino(),
        }
    }

    /// The identity of a file that writing could destroy or that reading
    /// and writing at once could hang on: a regular file or a named pipe.
    /// `None` for a terminal or a device, which both ends may share.
    pub fn of_data(metadata: &fs::Metadata) -> Option<FileId> {
        (metadata.is_file() || metadata.file_type().is_fifo()).then(|| FileId::of(metadata))
    }
}

/// An output, planned before anything is created.
#[derive(Debug)]
pub enum Target {
    /// Standard output (`-`, or a path that names it, as `/dev/stdout`
    /// does), written through the descriptor the command was given, so
    /// that `>>` appends; with what it is, when that is a data file.
    Stdout(Option<FileId>),
    /// A special file that exists (a pipe, `/dev/null`), written in place.
    Special(PathBuf, Option<FileId>),
    /// A regular file that exists (`Some` identity) or does not yet,
    /// replaced as a whole at the end: the path after following symlinks.
    Replace(PathBuf, Option<FileId>),
}

impl Target {
    /// Plans the output named `path`: an `-o` that is a symlink replaces
    /// the file it points to; `/dev/stdout` and the like are special files.
    pub fn plan(path: &Path) -> Result<Target, String> {
        let stdout = unix::metadata_of(std::os::fd::AsFd::as_fd(&io::stdout()));
        let stdout_id = stdout.as_ref().ok().map(FileId::of);
        let stdout_data = stdout.as_ref().ok().and_then(FileId::of_data);
        if path.as_os_str() == "-" {
            return Ok(Target::Stdout(stdout_data));
        }
        let named = |e: io::Error| format!("{}: {e}", path.display());
        match fs::metadata(path) {
            Ok(m) if m.is_dir() => Err(format!("{}: is a directory", path.display())),
            Ok(m) if Some(FileId::of(&m)) == stdout_id => Ok(Target::Stdout(stdout_data)),
            Ok(m) if m.is_file() => {
                let resolved = fs::canonicalize(path).map_err(named)?;
                Ok(Target::Replace(resolved, FileId::of_data(&m)))
            }
            Ok(m) => Ok(Target::Special(path.to_path_buf(), FileId::of_data(&m))),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                Ok(Target::Replace(follow_links(path).map_err(named)?, None))
            }
            Err(e) => Err(named(e)),
        }
    }

    /// Whether `self` and `other` would write the same file, or both
    /// standard output (whatever it is: two outputs in one stream).
    pub fn same_file(&self, other: &Target) -> bool {
        match (self, other) {
            (Target::Stdout(_), Target::Stdout(_)) => true,
            (Target::Replace(a, None), Target::Replace(b, None)) => {
                canonical_new(a).is_some_and(|a| Some(a) == canonical_new(b))
            }
            _ => self.id().is_some() && self.id() == other.id(),
        }
    }

    /// Refuses a binary format (Parquet) on a terminal; `shown` is how
    /// the output was named.
    pub fn refuse_parquet_on_terminal(&self, shown: &Path, parquet: bool) -> Result<(), String> {
        let to_terminal = matches!(self, Target::Stdout(_)) && io::stdout().is_terminal();
        if to_terminal && parquet {
            let why = "Parquet is binary: redirect standard output to a file or a pipe";
            return Err(format!("{}: {why}", shown.display()));
        }
        Ok(())
    }

    /// Whether `self` would write the file `input`.
    pub fn is(&self, input: FileId) -> bool {
        self.id() == Some(input)
    }

    fn id(&self) -> Option<FileId> {
        match self {
            Target::Stdout(id) | Target::Special(_, id) | Target::Replace(_, id) => *id,
        }
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
