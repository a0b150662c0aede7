//! The inputs, all opened before any output is created, so that a missing
//! one stops the run with nothing written.

use crate::target::FileId;
use std::fs::File;
use std::io::{self, Read};
use std::os::fd::AsFd;
use std::path::Path;

/// An input opened for reading.
pub struct Input {
    /// How messages name it: its path as given, `-` for standard input.
    pub name: String,
    /// The regular file it is, if it is one (standard input included).
    pub id: Option<FileId>,
    pub reader: Box<dyn Read + Send>,
}

/// Opens every input, in order.
pub fn open_all(paths: &[impl AsRef<Path>]) -> Result<Vec<Input>, String> {
    paths.iter().map(|p| open(p.as_ref())).collect()
}

fn open(path: &Path) -> Result<Input, String> {
    let name = path.display().to_string();
    let failed = |e: io::Error| format!("{name}: {e}");
    if name == "-" {
        let stdin = io::stdin();
        let metadata = File::from(stdin.as_fd().try_clone_to_owned().map_err(failed)?).metadata();
        let id = metadata.ok().as_ref().and_then(FileId::of_regular);
        let reader = Box::new(WaitingStdin(stdin));
        return Ok(Input { name, id, reader });
    }
    let file = File::open(path).map_err(failed)?;
    let metadata = file.metadata().map_err(failed)?;
    if metadata.is_dir() {
        return Err(format!("{name}: is a directory"));
    }
    let id = FileId::of_regular(&metadata);
    Ok(Input {
        name,
        id,
        reader: Box::new(file),
    })
}

/// Standard input that waits for data when it was left non-blocking by
/// whoever started the program, rather than failing with `EAGAIN`.
struct WaitingStdin(io::Stdin);

impl Read for WaitingStdin {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            match self.0.read(buf) {
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => wait_readable(&self.0)?,
                other => return other,
            }
        }
    }
}

/// Blocks until `fd` has data or its end to read.
fn wait_readable(fd: &impl AsFd) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    let mut poll = libc::pollfd {
        fd: fd.as_fd().as_raw_fd(),
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid `pollfd`, for a descriptor open for the call.
    match unsafe { libc::poll(&mut poll, 1, -1) } {
        -1 => match io::Error::last_os_error() {
            e if e.kind() == io::ErrorKind::Interrupted => Ok(()),
            e => Err(e),
        },
        _ => Ok(()),
    }
}
