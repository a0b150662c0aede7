//! Temporary output files, and what SIGINT, SIGTERM, SIGHUP and SIGQUIT
//! (Ctrl-\) do to them:
//! each temporary file is listed before it is created and unlisted once
//! renamed into place, under one lock, so that a signal at any moment
//! removes exactly the files that replaced nothing yet, then ends the
//! process as the signal would have. Folders a run creates for its outputs
//! are listed too, and removed after the files when they are left empty.

use crate::unix;
use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
use signal_hook::iterator::Signals;
use std::collections::HashSet;
use std::fs::{self, File, OpenOptions};
use std::io;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, MutexGuard};

/// The temporary files that exist now.
static TEMPORARY: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn temporary() -> MutexGuard<'static, Vec<PathBuf>> {
    TEMPORARY.lock().unwrap_or_else(|e| e.into_inner())
}

/// The folders this run created, in the order it created them.
static CREATED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn created() -> MutexGuard<'static, Vec<PathBuf>> {
    CREATED.lock().unwrap_or_else(|e| e.into_inner())
}

/// Watches, on a thread of its own, for the signals that end a run, but
/// those its starter ignores (`nohup`), which stay ignored.
pub fn on_signals_remove_temporary_files() -> io::Result<()> {
    unix::report_file_size_limit();
    let watched: Vec<i32> = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]
        .into_iter()
        .filter(|&signal| !unix::is_ignored(signal))
        .collect();
    let mut signals = Signals::new(watched)?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                // Holding the lock until the end: no rename can follow.
                let mut files = temporary();
                for file in files.drain(..) {
                    let _ = fs::remove_file(file);
                }
                remove_created_folders();
                let _ = signal_hook::low_level::emulate_default_handler(signal);
                std::process::exit(128 + signal);
            }
        })?;
    Ok(())
}

/// The longest file name most file systems take, in bytes.
const NAME_MAX: usize = 255;

/// Creates a new file in the folder of `path`, named after it, to be
/// renamed over it; with no more permissions than `mode`, the old file's.
/// A name left by a run that was killed (`SIGKILL`) is passed over.
pub fn create_temporary(path: &Path, mode: Option<u32>) -> io::Result<(File, PathBuf)> {
    static COUNT: AtomicU32 = AtomicU32::new(0);
    let folder = path.parent().unwrap_or(Path::new(""));
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    // Room for the dot, the process id, the count and `.tmp`.
    let mut cut = name.len().min(NAME_MAX - 32);
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    let mut files = temporary();
    loop {
        let count = COUNT.fetch_add(1, Ordering::Relaxed);
        let temp = folder.join(format!(
            ".{}.{}-{count}.tmp",
            &name[..cut],
            std::process::id()
        ));
        let created = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(mode.unwrap_or(0o666))
            .open(&temp);
        match created {
            Ok(file) => {
                files.push(temp.clone());
                return Ok((file, temp));
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && count < 1000 => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Renames each temporary file over its output under one lock, so that a
/// signal finds all of them renamed or none. When one rename fails, the
/// temporary files from it on are removed, and the folders this run
/// created that are left empty: which one failed, and why. When all are
/// renamed, the folders this run created are kept.
pub fn rename_into_place(moves: &[(&Path, &Path)]) -> Result<(), (usize, io::Error)> {
    let mut files = temporary();
    let mut result = Ok(());
    for (i, (temp, path)) in moves.iter().enumerate() {
        if result.is_ok() {
            result = fs::rename(temp, path).map_err(|e| (i, e));
        }
        if result.is_err() {
            let _ = fs::remove_file(temp);
        }
    }
    // One pass, for the thousands of files of a partitioned table.
    let moved: HashSet<&Path> = moves.iter().map(|(temp, _)| *temp).collect();
    files.retain(|file| !moved.contains(file.as_path()));
    match result {
        Ok(()) => created().clear(),
        Err(_) => remove_created_folders(),
    }
    result
}

/// Creates the folder `path` (its parent must exist), listed to be removed
/// if the run fails or is ended by a signal and leaves it empty.
pub fn create_folder(path: &Path) -> io::Result<()> {
    let mut folders = created();
    fs::create_dir(path)?;
    folders.push(path.to_path_buf());
    Ok(())
}

/// Removes the folders this run created that are empty, the last created
/// first, after their temporary files are removed.
pub fn remove_created_folders() {
    for folder in created().drain(..).rev() {
        let _ = fs::remove_dir(folder);
    }
}

/// Removes a temporary file that will not be renamed.
pub fn remove_temporary(temp: &Path) {
    let mut files = temporary();
    let _ = fs::remove_file(temp);
    // Files are mostly removed in the order they were created: found
    // first, and unlisted without moving the others, for a table's
    // thousands.
    if let Some(at) = files.iter().position(|file| file == temp) {
        files.swap_remove(at);
    }
}

#[cfg(test)]
mod tests {
    use super::create_temporary;

    /// A run killed with `SIGKILL` leaves its temporary file; a later run
    /// with the same process id (in a container, always 1) passes over it.
    #[test]
    fn a_name_left_by_a_killed_run_is_passed_over() {
        let folder = std::env::temp_dir().join(format!("msgraph-temp-{}", std::process::id()));
        std::fs::create_dir_all(&folder).unwrap();
        let pid = std::process::id();
        for count in 0..10 {
            std::fs::write(folder.join(format!(".x.csv.{pid}-{count}.tmp")), b"left").unwrap();
        }
        let (_, temp) = create_temporary(&folder.join("x.csv"), None).unwrap();
        assert_eq!(temp, folder.join(format!(".x.csv.{pid}-10.tmp")));
        std::fs::remove_dir_all(folder).unwrap();
    }
}
