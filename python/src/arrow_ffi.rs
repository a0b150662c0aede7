//! Arrow across the boundary, without a copy: the Arrow PyCapsule
//! interface (`__arrow_c_schema__`, `__arrow_c_array__`,
//! `__arrow_c_stream__`) over arrow-rs's C data and stream interfaces.
//!
//! A capsule owns the C struct it holds until a consumer moves it out
//! (leaving its `release` null, as the interface requires); dropping the
//! capsule's value releases whatever is still in it.

use arrow_array::ffi::{FFI_ArrowArray, FFI_ArrowSchema, from_ffi, to_ffi};
use arrow_array::ffi_stream::{ArrayStreamReader, FFI_ArrowArrayStream};
use arrow_array::{Array, ArrayRef, RecordBatch, RecordBatchReader, StructArray, make_array};
use arrow_schema::SchemaRef;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyTuple};

const SCHEMA: &std::ffi::CStr = c"arrow_schema";
const ARRAY: &std::ffi::CStr = c"arrow_array";
const STREAM: &std::ffi::CStr = c"arrow_array_stream";

fn arrow_error(error: arrow_schema::ArrowError) -> PyErr {
    PyValueError::new_err(error.to_string())
}

/// A schema, for `pyarrow.schema(...)` and any other consumer of
/// `__arrow_c_schema__`.
#[pyclass(frozen, module = "msgraph_network_connection._native")]
pub struct ExportedSchema(pub SchemaRef);

#[pymethods]
impl ExportedSchema {
    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyCapsule>> {
        schema_capsule(py, &self.0)
    }
}

pub fn schema_capsule<'py>(py: Python<'py>, schema: &SchemaRef) -> PyResult<Bound<'py, PyCapsule>> {
    let exported = FFI_ArrowSchema::try_from(schema.as_ref()).map_err(arrow_error)?;
    PyCapsule::new_with_value(py, exported, SCHEMA)
}

/// A record batch, for `pyarrow.record_batch(...)`: exported as a struct
/// array once, by whoever asks first.
#[pyclass(module = "msgraph_network_connection._native")]
pub struct ExportedBatch(Option<RecordBatch>);

impl ExportedBatch {
    pub fn new(batch: RecordBatch) -> Self {
        ExportedBatch(Some(batch))
    }
}

#[pymethods]
impl ExportedBatch {
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_array__<'py>(
        &mut self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        // The batch is given in its own schema: a consumer casts if it must.
        let _ = requested_schema;
        let batch = self
            .0
            .take()
            .ok_or_else(|| PyValueError::new_err("the batch was already handed over"))?;
        let data = StructArray::from(batch).into_data();
        let (array, schema) = to_ffi(&data).map_err(arrow_error)?;
        let schema = PyCapsule::new_with_value(py, schema, SCHEMA)?;
        let array = PyCapsule::new_with_value(py, array, ARRAY)?;
        PyTuple::new(py, [schema.into_any(), array.into_any()])
    }
}

/// A stream of batches in a capsule, for `__arrow_c_stream__`.
pub fn stream_capsule(
    py: Python<'_>,
    reader: Box<dyn RecordBatchReader + Send>,
) -> PyResult<Bound<'_, PyCapsule>> {
    PyCapsule::new_with_value(py, FFI_ArrowArrayStream::new(reader), STREAM)
}

/// The arrays of an object of the Arrow PyCapsule interface: one for an
/// array (`__arrow_c_array__`), each chunk of a stream
/// (`__arrow_c_stream__`: a chunked array, a table's column).
pub fn import_arrays(object: &Bound<'_, PyAny>) -> PyResult<Vec<ArrayRef>> {
    if object.hasattr("__arrow_c_array__")? {
        let pair = object.call_method0("__arrow_c_array__")?;
        let (schema, array): (Bound<'_, PyCapsule>, Bound<'_, PyCapsule>) = pair.extract()?;
        let schema = schema
            .pointer_checked(Some(SCHEMA))?
            .cast::<FFI_ArrowSchema>();
        let array = array.pointer_checked(Some(ARRAY))?.cast::<FFI_ArrowArray>();
        // SAFETY: the capsules' names promise these structs; the array is
        // moved out (its capsule keeps an empty one, released as nothing),
        // the schema is read in place while its capsule lives.
        let data = unsafe {
            let array = std::ptr::replace(array.as_ptr(), FFI_ArrowArray::empty());
            from_ffi(array, schema.as_ref())
        };
        return Ok(vec![make_array(data.map_err(arrow_error)?)]);
    }
    if object.hasattr("__arrow_c_stream__")? {
        let capsule = object.call_method0("__arrow_c_stream__")?;
        let capsule = capsule.cast_into::<PyCapsule>()?;
        let stream = capsule
            .pointer_checked(Some(STREAM))?
            .cast::<FFI_ArrowArrayStream>();
        // SAFETY: as above; the stream is moved out of its capsule.
        let stream = unsafe { std::ptr::replace(stream.as_ptr(), FFI_ArrowArrayStream::empty()) };
        let reader = ArrayStreamReader::try_new(stream).map_err(arrow_error)?;
        return reader
            .map(|array| array.map_err(arrow_error))
            .collect::<PyResult<Vec<_>>>();
    }
    let type_name = object.get_type().name()?;
    Err(PyTypeError::new_err(format!(
        "expected an Arrow array of strings (`__arrow_c_array__` or `__arrow_c_stream__`), got {type_name}"
    )))
}

/// The only column of a struct array (a record batch of one column), or
/// the array itself.
pub fn single_column(array: ArrayRef) -> PyResult<ArrayRef> {
    let Some(columns) = array.as_any().downcast_ref::<StructArray>() else {
        return Ok(array);
    };
    match columns.columns() {
        [column] if columns.null_count() == 0 => Ok(column.clone()),
        _ => Err(PyTypeError::new_err(format!(
            "expected one column of strings, got a record batch of {} columns: pass the column",
            columns.num_columns()
        ))),
    }
}
