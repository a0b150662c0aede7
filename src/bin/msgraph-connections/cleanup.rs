//! Temporary output files, and what SIGINT and SIGTERM do to them: each
//! temporary file is listed before it is created and unlisted once renamed
//! into place, under one lock, so that a signal at any moment removes
//! exactly the files that replaced nothing yet, then ends the process as
//! the signal would have.

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;
use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, MutexGuard};

/// The temporary files that exist now.
static TEMPORARY: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn temporary() -> MutexGuard<'static, Vec<PathBuf>> {
    TEMPORARY.lock().unwrap_or_else(|e| e.into_inner())
}

/// Watches for the signals that end a run, on a thread of its own.
pub fn on_signals_remove_temporary_files() -> io::Result<()> {
    let mut signals = Signals::new([SIGINT, SIGTERM, SIGHUP])?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                // Holding the lock until the end: no rename can follow.
                let mut files = temporary();
                for file in files.drain(..) {
                    let _ = fs::remove_file(file);
                }
                let _ = signal_hook::low_level::emulate_default_handler(signal);
                std::process::exit(128 + signal);
            }
        })?;
    Ok(())
}

/// Creates a new file in the folder of `path`, named after it, to be
/// renamed over it.
pub fn create_temporary(path: &Path) -> io::Result<(File, PathBuf)> {
    static COUNT: AtomicU32 = AtomicU32::new(0);
    let folder = path.parent().unwrap_or(Path::new(""));
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let count = COUNT.fetch_add(1, Ordering::Relaxed);
    let temp = folder.join(format!(".{name}.{}-{count}.tmp", std::process::id()));
    let mut files = temporary();
    let file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)?;
    files.push(temp.clone());
    Ok((file, temp))
}

/// Renames a temporary file over `path`; removes it if that fails.
pub fn rename_into_place(temp: &Path, path: &Path) -> io::Result<()> {
    let mut files = temporary();
    let renamed = fs::rename(temp, path);
    if renamed.is_err() {
        let _ = fs::remove_file(temp);
    }
    files.retain(|file| file != temp);
    renamed
}

/// Removes a temporary file that will not be renamed.
pub fn remove_temporary(temp: &Path) {
    let mut files = temporary();
    let _ = fs::remove_file(temp);
    files.retain(|file| file != temp);
}
