//! The inputs: each looked at before any output is planned, and all
//! opened before any output is created, so that a missing one stops the
//! run with nothing written.

use crate::target::FileId;
use crate::unix;
use std::fs::{self, File};
use std::io::{self, Read};
use std::os::fd::AsFd;
use std::path::{Path, PathBuf};

/// An input, known before it is opened (opening a named pipe waits for
/// its writer, so outputs are checked against inputs first).
pub struct Input {
    /// How messages name it: its path as given, `-` for standard input.
    pub name: String,
    path: PathBuf,
    /// The file it is, when it is a regular file or a named pipe
    /// (standard input included).
    pub id: Option<FileId>,
}

/// Looks at every input, in order: each must exist and not be a folder.
pub fn identify_all(paths: &[impl AsRef<Path>]) -> Result<Vec<Input>, String> {
    paths.iter().map(|p| identify(p.as_ref())).collect()
}

fn identify(path: &Path) -> Result<Input, String> {
    let name = path.display().to_string();
    let metadata = match name.as_str() {
        "-" => unix::metadata_of(io::stdin().as_fd()).ok(),
        _ => Some(fs::metadata(path).map_err(|e| format!("{name}: {e}"))?),
    };
    if metadata.as_ref().is_some_and(|m| m.is_dir()) {
        return Err(format!("{name}: is a directory"));
    }
    let id = metadata.as_ref().and_then(FileId::of_data);
    Ok(Input {
        name,
        path: path.to_path_buf(),
        id,
    })
}

/// An input opened: its name, and what reads it.
pub type Opened = (String, Box<dyn Read + Send>);

/// Opens every input, in order, before any output is created.
pub fn open_all(inputs: Vec<Input>) -> Result<Vec<Opened>, String> {
    let open = |Input { name, path, .. }| {
        let reader: Box<dyn Read + Send> = match name.as_str() {
            "-" => Box::new(WaitingStdin(io::stdin())),
            _ => Box::new(File::open(&path).map_err(|e| format!("{name}: {e}"))?),
        };
        Ok((name, reader))
    };
    inputs.into_iter().map(open).collect()
}

/// Standard input that waits for data when it was left non-blocking by
/// whoever started the program, rather than failing with `EAGAIN`.
struct WaitingStdin(io::Stdin);

impl Read for WaitingStdin {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let stdin = &self.0;
        unix::blocking(stdin, true, || stdin.lock().read(buf))
    }
}
