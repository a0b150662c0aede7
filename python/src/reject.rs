//! What could not be read: the crate's `Error` and the exact text, as a
//! Python `AlertError` (`msgraph_network_connection.AlertError`) or as a
//! row of a batch of rejects.

use arrow_array::builder::{Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use msgraph_network_connection::{Error, ErrorKind};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDict};
use std::sync::Arc;

/// A rejected alert, or stretch of input, held without Python.
#[derive(Clone)]
pub struct Reject {
    /// The file it came from, for a reader of files.
    pub input: Option<String>,
    /// The string it came from, for `connections_from_json`.
    pub index: Option<i64>,
    pub error: Error,
    pub text: Option<Vec<u8>>,
}

/// Python's name for an error's kind.
pub fn kind_name(kind: ErrorKind) -> String {
    match kind {
        ErrorKind::Syntax => "syntax".into(),
        ErrorKind::Data => "data".into(),
        ErrorKind::InvalidValue => "invalid_value".into(),
        ErrorKind::Duplicate => "duplicate".into(),
        ErrorKind::Limit => "limit".into(),
        ErrorKind::Io => "io".into(),
        ErrorKind::Parquet => "parquet".into(),
        // Kinds added later keep their Rust name.
        other => format!("{other:?}").to_lowercase(),
    }
}

impl Reject {
    /// The `AlertError` that says the same: its text is the crate's, and
    /// its attributes are the error's accessors.
    pub fn to_python<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        static CLASS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
        let class = CLASS.get_or_try_init(py, || {
            let module = py.import("msgraph_network_connection._errors")?;
            module.getattr("AlertError").map(Bound::unbind)
        })?;
        let error = &self.error;
        let options = PyDict::new(py);
        options.set_item("kind", kind_name(error.kind()))?;
        options.set_item("message", error.message())?;
        options.set_item("path", error.path())?;
        options.set_item("line", error.line())?;
        options.set_item("column", error.column())?;
        options.set_item("text", self.text.as_deref().map(|t| PyBytes::new(py, t)))?;
        options.set_item("input", self.input.as_deref())?;
        options.set_item("index", self.index)?;
        class.bind(py).call((error.to_string(),), Some(&options))
    }
}

/// The columns of a batch of rejects.
pub fn rejects_schema() -> SchemaRef {
    let text = |name| Field::new(name, DataType::Utf8, true);
    let number = |name| Field::new(name, DataType::Int64, true);
    Arc::new(Schema::new(vec![
        Field::new("index", DataType::Int64, false),
        text("kind"),
        text("path"),
        number("line"),
        number("column"),
        text("message"),
        text("error"),
        text("text"),
    ]))
}

/// Rejects as a batch in [`rejects_schema`], in their order. Texts come
/// from strings, so they are UTF-8 but for a stretch cut inside a
/// character, whose broken bytes are replaced (U+FFFD).
pub fn rejects_batch(rejects: &[Reject]) -> RecordBatch {
    let mut index = Int64Builder::new();
    let mut kind = StringBuilder::new();
    let mut path = StringBuilder::new();
    let mut line = Int64Builder::new();
    let mut column = Int64Builder::new();
    let mut message = StringBuilder::new();
    let mut display = StringBuilder::new();
    let mut text = StringBuilder::new();
    let number = |n: Option<usize>| n.map(|n| n as i64);
    for reject in rejects {
        let error = &reject.error;
        index.append_value(reject.index.unwrap_or_default());
        kind.append_value(kind_name(error.kind()));
        path.append_option(error.path());
        line.append_option(number(error.line()));
        column.append_option(number(error.column()));
        message.append_value(error.message());
        display.append_value(error.to_string());
        text.append_option(reject.text.as_deref().map(String::from_utf8_lossy));
    }
    let columns: Vec<ArrayRef> = vec![
        Arc::new(index.finish()),
        Arc::new(kind.finish()),
        Arc::new(path.finish()),
        Arc::new(line.finish()),
        Arc::new(column.finish()),
        Arc::new(message.finish()),
        Arc::new(display.finish()),
        Arc::new(text.finish()),
    ];
    RecordBatch::try_new(rejects_schema(), columns).expect("columns made for the schema")
}
