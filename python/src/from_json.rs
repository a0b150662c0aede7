//! `connections_from_json`: the connections of a column of JSON strings
//! (NDJSON lines, whole files, pages: any shape the reader takes), each
//! row with the index of the string it came from. What an engine calls on
//! each batch of text it holds.

use crate::arrow_ffi::{ExportedBatch, import_arrays, single_column};
use crate::reject::{Reject, rejects_batch};
use arrow_array::builder::Int64Builder;
use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use msgraph_network_connection::AlertReader;
use msgraph_network_connection::columnar::ConnectionBatchBuilder;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyTuple;
use std::sync::Arc;

/// The column of each row's string.
pub const INDEX: &str = "index";

#[pyfunction]
#[pyo3(signature = (strings, *, with_rejects = false, max_alert_size = None, alert_columns = None))]
pub fn connections_from_json<'py>(
    py: Python<'py>,
    strings: &Bound<'py, PyAny>,
    with_rejects: bool,
    max_alert_size: Option<usize>,
    alert_columns: Option<Vec<String>>,
) -> PyResult<Bound<'py, PyAny>> {
    if alert_columns.iter().flatten().any(|name| name == INDEX) {
        let why = format!("alert_columns: `{INDEX}` is the column of each row's string");
        return Err(PyValueError::new_err(why));
    }
    let builder = crate::builder(alert_columns.as_deref())?;
    let arrays = import_arrays(strings)?
        .into_iter()
        .map(single_column)
        .collect::<PyResult<Vec<_>>>()?;
    for array in &arrays {
        check_strings(array)?;
    }
    let parsing = Parsing {
        builder,
        index: Int64Builder::new(),
        max_alert_size: crate::max_alert_size(max_alert_size)?,
        rejects: Vec::new(),
        stop_at_reject: !with_rejects,
    };
    let (batch, rejects) = py.detach(move || parsing.read_all(&arrays));
    let record_batch = py.import("pyarrow")?.getattr("record_batch")?;
    let batch = record_batch.call1((ExportedBatch::new(batch),))?;
    if with_rejects {
        let rejects = record_batch.call1((ExportedBatch::new(rejects_batch(&rejects)),))?;
        return Ok(PyTuple::new(py, [batch, rejects])?.into_any());
    }
    match rejects.first() {
        Some(reject) => Err(PyErr::from_value(reject.to_python(py)?)),
        None => Ok(batch),
    }
}

fn check_strings(array: &ArrayRef) -> PyResult<()> {
    match array.data_type() {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => Ok(()),
        other => Err(PyTypeError::new_err(format!(
            "expected strings (string, large_string or string_view), got {other}"
        ))),
    }
}

/// The columns being built, and what was rejected.
struct Parsing {
    builder: ConnectionBatchBuilder,
    index: Int64Builder,
    max_alert_size: usize,
    rejects: Vec<Reject>,
    /// Whether the first reject ends the work (it is then raised).
    stop_at_reject: bool,
}

impl Parsing {
    /// Reads every string of `arrays`, numbered across them; a null string
    /// has no rows.
    fn read_all(mut self, arrays: &[ArrayRef]) -> (RecordBatch, Vec<Reject>) {
        let mut number = 0;
        'arrays: for array in arrays {
            let strings: Box<dyn Iterator<Item = Option<&str>>> = match array.data_type() {
                DataType::Utf8 => Box::new(array.as_string::<i32>().iter()),
                DataType::LargeUtf8 => Box::new(array.as_string::<i64>().iter()),
                _ => Box::new(array.as_string_view().iter()),
            };
            for string in strings {
                if let Some(text) = string {
                    self.read(number, text.as_bytes());
                    if self.stop_at_reject && !self.rejects.is_empty() {
                        break 'arrays;
                    }
                }
                number += 1;
            }
        }
        (self.finish(), self.rejects)
    }

    /// Reads one string, as `AlertReader` reads a file.
    fn read(&mut self, number: i64, text: &[u8]) {
        let mut reader = AlertReader::new(text).with_max_alert_size(self.max_alert_size);
        while let Some(next) = reader.next_raw() {
            let (error, text) = match next {
                Ok(raw) => match self.builder.append_raw(&raw) {
                    Ok(rows) => {
                        self.index.append_value_n(number, rows);
                        continue;
                    }
                    Err(error) => (error, Some(raw.into_bytes())),
                },
                Err(error) => (error, reader.skipped_text().map(<[u8]>::to_vec)),
            };
            self.rejects.push(Reject {
                input: None,
                index: Some(number),
                error,
                text,
            });
            if self.stop_at_reject {
                return;
            }
        }
    }

    /// The batch: `index`, then the builder's columns.
    fn finish(&mut self) -> RecordBatch {
        let connections = self.builder.finish();
        let mut fields = vec![Arc::new(Field::new(INDEX, DataType::Int64, false))];
        fields.extend(connections.schema().fields().iter().cloned());
        let mut columns: Vec<ArrayRef> = vec![Arc::new(self.index.finish())];
        columns.extend(connections.columns().iter().cloned());
        let schema = Arc::new(Schema::new(fields));
        RecordBatch::try_new(schema, columns).expect("one index per row")
    }
}
