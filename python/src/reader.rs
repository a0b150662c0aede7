//! `read_connections`: the export's reading (`columnar::read_chunks_with`) on a
//! thread of its own, handing batches to Python as they come, through a
//! channel of one chunk, so that memory stays bounded as in the command
//! line whatever the input's size.

use crate::arrow_ffi::{ExportedBatch, schema_capsule, stream_capsule};
use crate::reject::Reject;
use crate::source::{self, Opened};
use arrow_array::{RecordBatch, RecordBatchReader};
use arrow_schema::{ArrowError, SchemaRef};
use msgraph_network_connection::AlertReader;
use msgraph_network_connection::columnar::{Chunk, ExportOptions, read_chunks_with};
use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyList};
use std::sync::mpsc::{Receiver, sync_channel};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// Reads `source` (see `source::open`) into batches of the export's
/// schema; nothing is read until the batches are asked for.
#[pyfunction]
#[pyo3(signature = (source, *, threads = None, max_alert_size = None, alert_columns = None, on_reject = None))]
pub fn read_connections(
    source: &Bound<'_, PyAny>,
    threads: Option<usize>,
    max_alert_size: Option<usize>,
    alert_columns: Option<Vec<String>>,
    on_reject: Option<Py<PyAny>>,
) -> PyResult<ConnectionReader> {
    let threads = match threads {
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
        Some(0) => return Err(PyValueError::new_err("threads: must be at least 1")),
        Some(n) => n,
    };
    let options = crate::options(alert_columns.as_deref())?;
    let schema = options.connection_schema();
    let reading = Reading {
        inputs: source::open(source)?,
        threads,
        max_alert_size: crate::max_alert_size(max_alert_size)?,
        options,
    };
    let tally = Arc::new(Mutex::new(Tally::default()));
    let batches = Batches {
        schema: schema.clone(),
        chunks: None,
        tally: tally.clone(),
        on_reject,
    };
    Ok(ConnectionReader {
        schema,
        tally,
        stage: Mutex::new(Stage::Ready(reading, batches)),
    })
}

/// What a reader will read.
struct Reading {
    inputs: Vec<Opened>,
    threads: usize,
    max_alert_size: usize,
    options: ExportOptions,
}

/// What has been read so far, for Python while another thread (DuckDB's)
/// takes the batches.
#[derive(Default)]
struct Tally {
    alerts: u64,
    connections: u64,
    /// Bytes of the inputs before the one being read, and of that one.
    bytes_before: u64,
    bytes_in_input: u64,
    input: usize,
    rejects: Vec<Reject>,
    /// What `on_reject` raised, which stopped the reading.
    raised: Option<PyErr>,
}

/// A chunk, and the input it came from: its number and name.
type Message = (usize, Option<String>, Chunk);

/// A stream of connections from `read_connections`: give it to
/// `pyarrow.RecordBatchReader.from_stream`, DuckDB or Polars (the Arrow
/// PyCapsule stream interface), or iterate it for `pyarrow.RecordBatch`es.
///
/// No lock is held while Python runs or while a batch is waited for: a
/// callback, or another thread, may ask for the counts at any time.
#[pyclass(module = "msgraph_network_connection._native")]
pub struct ConnectionReader {
    schema: SchemaRef,
    tally: Arc<Mutex<Tally>>,
    stage: Mutex<Stage>,
}

enum Stage {
    /// Nothing read yet.
    Ready(Reading, Batches),
    /// Being read through this object's iteration.
    Iterating(Batches),
    /// A batch being waited for by this object's iteration.
    Waiting,
    /// Handed to a consumer of the stream interface.
    HandedOver,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl ConnectionReader {
    /// Takes the stage out, leaving `instead`.
    fn take_stage(&self, instead: Stage) -> Stage {
        std::mem::replace(&mut *lock(&self.stage), instead)
    }

    fn taken(stage: &Stage) -> PyErr {
        match stage {
            Stage::Waiting => PyValueError::new_err("the reader is being read on another thread"),
            _ => PyValueError::new_err("the reader's batches were already taken"),
        }
    }
}

#[pymethods]
impl ConnectionReader {
    /// The schema of the batches (`pyarrow.Schema`).
    #[getter]
    fn schema<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let exported = crate::arrow_ffi::ExportedSchema(self.schema.clone());
        py.import("pyarrow")?.getattr("schema")?.call1((exported,))
    }

    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyCapsule>> {
        schema_capsule(py, &self.schema)
    }

    /// The batches, once: reading starts now, on a thread of its own.
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        // The batches come in their own schema: a consumer casts if it must.
        let _ = requested_schema;
        match self.take_stage(Stage::HandedOver) {
            Stage::Ready(reading, batches) => stream_capsule(py, Box::new(batches.start(reading)?)),
            other => {
                let error = Self::taken(&other);
                *lock(&self.stage) = other;
                Err(error)
            }
        }
    }

    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let mut batches = match self.take_stage(Stage::Waiting) {
            Stage::Ready(reading, batches) => batches.start(reading)?,
            Stage::Iterating(batches) => batches,
            other => {
                let error = Self::taken(&other);
                *lock(&self.stage) = other;
                return Err(error);
            }
        };
        let next = batches.next();
        *lock(&self.stage) = Stage::Iterating(batches);
        match next {
            None => Ok(None),
            Some(Ok(batch)) => {
                let record_batch = py.import("pyarrow")?.getattr("record_batch")?;
                record_batch.call1((ExportedBatch::new(batch),)).map(Some)
            }
            Some(Err(error)) => {
                Err(lock(&self.tally)
                    .raised
                    .take()
                    .unwrap_or_else(|| match error {
                        ArrowError::IoError(text, _) => PyOSError::new_err(text),
                        other => PyValueError::new_err(other.to_string()),
                    }))
            }
        }
    }

    /// What was rejected so far, as `AlertError`s, when no `on_reject` was
    /// given.
    #[getter]
    fn rejects<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        // Copied out first: making the errors runs Python.
        let rejects = lock(&self.tally).rejects.clone();
        let errors = rejects.iter().map(|r| r.to_python(py));
        PyList::new(py, errors.collect::<PyResult<Vec<_>>>()?)
    }

    /// How many alerts were read so far (rejected ones left out).
    #[getter]
    fn alerts(&self) -> u64 {
        lock(&self.tally).alerts
    }

    /// How many connections were read so far.
    #[getter]
    fn connections(&self) -> u64 {
        lock(&self.tally).connections
    }

    /// How many bytes of input were read so far (of all inputs).
    #[getter]
    fn bytes_read(&self) -> u64 {
        let tally = lock(&self.tally);
        tally.bytes_before + tally.bytes_in_input
    }
}

/// The batches of a reader, as its reading thread sends them.
struct Batches {
    schema: SchemaRef,
    chunks: Option<Receiver<Message>>,
    tally: Arc<Mutex<Tally>>,
    on_reject: Option<Py<PyAny>>,
}

impl Batches {
    /// Starts reading `reading` on a thread of its own, which holds at
    /// most one chunk ready beside the one it makes.
    fn start(mut self, reading: Reading) -> PyResult<Batches> {
        let (sender, receiver) = sync_channel::<Message>(1);
        let Reading {
            inputs,
            threads,
            max_alert_size,
            options,
        } = reading;
        let read = move || {
            for (number, Opened { name, reader }) in inputs.into_iter().enumerate() {
                let reader = AlertReader::new(reader).with_max_alert_size(max_alert_size);
                let mut failed = false;
                let sent = read_chunks_with(reader, threads, &options, |chunk| {
                    failed |= chunk.rejected.iter().any(|r| r.error.is_io());
                    // Nobody listening: what was not sent is dropped.
                    sender.send((number, name.clone(), chunk)).map_err(drop)
                });
                // Nobody is listening any more, or the input could not be
                // read: the next inputs are not read.
                if sent.is_err() || failed {
                    return;
                }
            }
        };
        std::thread::Builder::new()
            .name("msgraph-connections".into())
            .spawn(read)
            .map_err(|e| PyOSError::new_err(format!("cannot start a thread to read: {e}")))?;
        self.chunks = Some(receiver);
        Ok(self)
    }

    /// The next chunk, waited for without holding the GIL, whether or not
    /// the caller holds it: the reading thread takes it to read a file
    /// object.
    fn receive(&mut self) -> Option<Message> {
        let chunks = self.chunks.take()?;
        let (chunks, message) = Python::attach(|py| {
            py.detach(move || {
                let message = chunks.recv().ok();
                (chunks, message)
            })
        });
        if message.is_some() {
            self.chunks = Some(chunks);
        }
        message
    }

    /// Takes in a chunk's counts and rejects: its batch, or the I/O error
    /// that ended the input, or what `on_reject` raised.
    fn take_in(&mut self, message: Message) -> Result<RecordBatch, ArrowError> {
        let (number, input, chunk) = message;
        {
            let mut tally = lock(&self.tally);
            tally.alerts += chunk.alerts as u64;
            tally.connections += chunk.batch.num_rows() as u64;
            // A chunk says how far its own input was read.
            if number != tally.input {
                tally.bytes_before += tally.bytes_in_input;
                tally.input = number;
            }
            tally.bytes_in_input = chunk.bytes_read;
        }
        for rejected in chunk.rejected {
            let shown = |error| match &input {
                Some(name) => format!("{name}: {error}"),
                None => format!("{error}"),
            };
            if rejected.error.is_io() {
                let text = shown(&rejected.error);
                let error = std::io::Error::other(text.clone());
                return Err(ArrowError::IoError(text, error));
            }
            let reject = Reject {
                input: input.clone(),
                index: None,
                error: rejected.error,
                text: rejected.text,
            };
            self.reject(reject)?;
        }
        Ok(chunk.batch)
    }

    /// Hands a reject to `on_reject`, or keeps it.
    fn reject(&mut self, reject: Reject) -> Result<(), ArrowError> {
        let Some(on_reject) = &self.on_reject else {
            lock(&self.tally).rejects.push(reject);
            return Ok(());
        };
        let called = Python::attach(|py| {
            let error = reject.to_python(py)?;
            on_reject.call1(py, (error,)).map(drop)
        });
        called.map_err(|raised| {
            let text = format!("on_reject raised {raised}");
            lock(&self.tally).raised = Some(raised);
            ArrowError::ExternalError(text.into())
        })
    }
}

impl Iterator for Batches {
    type Item = Result<RecordBatch, ArrowError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let message = self.receive()?;
            match self.take_in(message) {
                Ok(batch) if batch.num_rows() == 0 => {}
                Ok(batch) => return Some(Ok(batch)),
                Err(error) => {
                    // Reading stops: the thread sees nobody listening.
                    self.chunks = None;
                    return Some(Err(error));
                }
            }
        }
    }
}

impl RecordBatchReader for Batches {
    fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }
}
