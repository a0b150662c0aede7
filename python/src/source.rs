//! What `read_connections` reads: files, `bytes`, or a binary file object,
//! each opened before reading starts, as the command line opens its inputs.

use pyo3::exceptions::{PyIsADirectoryError, PyOSError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyList, PyMemoryView, PyTuple};
use std::fs::File;
use std::io::{self, Read};
use std::path::PathBuf;

/// An input, opened: how rejects name it (a file's path as given), and
/// what reads it.
pub struct Opened {
    pub name: Option<String>,
    pub reader: Box<dyn Read + Send>,
}

/// Opens `source`: a path (`str` or `os.PathLike`), a list or tuple of
/// paths, `bytes` (read in place), `bytearray` or `memoryview` (copied),
/// or a binary file object (anything with `read`).
pub fn open(source: &Bound<'_, PyAny>) -> PyResult<Vec<Opened>> {
    let py = source.py();
    if let Ok(bytes) = source.cast::<PyBytes>() {
        return Ok(vec![in_memory(Box::new(HeldBytes::new(bytes)))]);
    }
    if let Ok(bytes) = source.cast::<PyByteArray>() {
        return Ok(vec![in_memory(Box::new(io::Cursor::new(bytes.to_vec())))]);
    }
    if source.is_instance_of::<PyMemoryView>() {
        let bytes: Vec<u8> = source.call_method0("tobytes")?.extract()?;
        return Ok(vec![in_memory(Box::new(io::Cursor::new(bytes)))]);
    }
    if source.is_instance_of::<PyList>() || source.is_instance_of::<PyTuple>() {
        let paths: Vec<PathBuf> = source.extract().map_err(|_| {
            PyTypeError::new_err("source: a list is read as paths, and holds something else")
        })?;
        return paths.iter().map(open_file).collect();
    }
    if let Ok(path) = source.extract::<PathBuf>() {
        return Ok(vec![open_file(&path)?]);
    }
    if source.hasattr("read")? {
        let text_io = py.import("io")?.getattr("TextIOBase")?;
        if source.is_instance(&text_io)? {
            return Err(PyTypeError::new_err(
                "source: a text file: open it in binary mode ('rb')",
            ));
        }
        let file = PyFile(source.clone().unbind());
        return Ok(vec![in_memory(Box::new(file))]);
    }
    let type_name = source.get_type().name()?;
    Err(PyTypeError::new_err(format!(
        "source: expected a path, a list of paths, bytes or a binary file object, got {type_name}"
    )))
}

fn in_memory(reader: Box<dyn Read + Send>) -> Opened {
    Opened { name: None, reader }
}

/// Opens a file, refusing a folder; an error is Python's `OSError` of
/// the right kind (`FileNotFoundError`, ...), naming the path.
fn open_file(path: &PathBuf) -> PyResult<Opened> {
    let name = path.display().to_string();
    let os_error = |e: io::Error| match e.raw_os_error() {
        Some(code) => PyOSError::new_err((code, e.to_string(), name.clone())),
        None => PyOSError::new_err(format!("{name}: {e}")),
    };
    if std::fs::metadata(path).map_err(os_error)?.is_dir() {
        // EISDIR, as `open` on a folder says it.
        return Err(PyIsADirectoryError::new_err((21, "Is a directory", name)));
    }
    let file = File::open(path).map_err(os_error)?;
    Ok(Opened {
        name: Some(name),
        reader: Box::new(file),
    })
}

/// `bytes` read where they are: a `bytes` object never changes, and the
/// reference held keeps it alive, so its buffer is read without the GIL.
struct HeldBytes {
    _bytes: Py<PyBytes>,
    start: *const u8,
    len: usize,
    at: usize,
}

// SAFETY: the pointer is into an immutable object kept alive by `_bytes`.
unsafe impl Send for HeldBytes {}

impl HeldBytes {
    fn new(bytes: &Bound<'_, PyBytes>) -> Self {
        let slice = bytes.as_bytes();
        HeldBytes {
            _bytes: bytes.clone().unbind(),
            start: slice.as_ptr(),
            len: slice.len(),
            at: 0,
        }
    }
}

impl Read for HeldBytes {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        // SAFETY: see the type's comment.
        let rest =
            unsafe { std::slice::from_raw_parts(self.start.add(self.at), self.len - self.at) };
        let n = rest.len().min(buf.len());
        buf[..n].copy_from_slice(&rest[..n]);
        self.at += n;
        Ok(n)
    }
}

/// A Python binary file object, read on any thread: each read takes the
/// GIL for the call to its `read`.
struct PyFile(Py<PyAny>);

impl Read for PyFile {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        Python::attach(|py| {
            let data = self.0.bind(py).call_method1("read", (buf.len(),))?;
            let Ok(bytes) = data.cast::<PyBytes>() else {
                let type_name = data.get_type().name()?;
                let why = format!("the file object's read gave {type_name}, not bytes: open it in binary mode ('rb')");
                return Ok(Err(io::Error::new(io::ErrorKind::InvalidData, why)));
            };
            let bytes = bytes.as_bytes();
            if bytes.len() > buf.len() {
                let why = "the file object's read gave more bytes than asked for";
                return Ok(Err(io::Error::new(io::ErrorKind::InvalidData, why)));
            }
            buf[..bytes.len()].copy_from_slice(bytes);
            Ok(Ok(bytes.len()))
        })
        .unwrap_or_else(|error: PyErr| Err(io::Error::other(format!("the file object's read failed: {error}"))))
    }
}
