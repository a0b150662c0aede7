//! `msgraph_network_connection._native`: the crate's reader and columns for
//! Python, on the Arrow C data and stream interfaces. The package's Python
//! modules (`msgraph_network_connection/`) wrap it; users import those.

mod arrow_ffi;
mod from_json;
mod reader;
mod reject;
mod source;

use arrow_ffi::ExportedSchema;
use msgraph_network_connection::columnar::{
    AlertColumnError, ConnectionBatchBuilder, ExportOptions,
};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

/// The columns of `read_connections`, with the alert columns asked for.
#[pyfunction]
#[pyo3(signature = (alert_columns = None))]
fn connection_schema(alert_columns: Option<Vec<String>>) -> PyResult<ExportedSchema> {
    Ok(ExportedSchema(
        options(alert_columns.as_deref())?.connection_schema(),
    ))
}

/// The columns of the rejects of `connections_from_json`.
#[pyfunction]
fn rejects_schema() -> ExportedSchema {
    ExportedSchema(reject::rejects_schema())
}

/// A builder of the export's columns and of the alert columns asked for.
pub(crate) fn builder(alert_columns: Option<&[String]>) -> PyResult<ConnectionBatchBuilder> {
    match alert_columns {
        None => Ok(ConnectionBatchBuilder::new()),
        Some(names) => {
            ConnectionBatchBuilder::with_alert_columns(names).map_err(alert_columns_error)
        }
    }
}

/// The export's options: the alert columns asked for.
pub(crate) fn options(alert_columns: Option<&[String]>) -> PyResult<ExportOptions> {
    let options = ExportOptions::new();
    match alert_columns {
        None => Ok(options),
        Some(names) => options
            .with_alert_columns(names)
            .map_err(alert_columns_error),
    }
}

fn alert_columns_error(error: AlertColumnError) -> PyErr {
    PyValueError::new_err(format!("alert_columns: {error}"))
}

/// The largest alert a reader holds, checked: at least one byte.
pub(crate) fn max_alert_size(bytes: Option<usize>) -> PyResult<usize> {
    match bytes {
        None => Ok(msgraph_network_connection::DEFAULT_MAX_ALERT_SIZE),
        Some(0) => Err(PyValueError::new_err("max_alert_size: must be at least 1")),
        Some(bytes) => Ok(bytes),
    }
}

#[pymodule]
fn _native(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_function(wrap_pyfunction!(connection_schema, module)?)?;
    module.add_function(wrap_pyfunction!(rejects_schema, module)?)?;
    module.add_function(wrap_pyfunction!(from_json::connections_from_json, module)?)?;
    module.add_function(wrap_pyfunction!(reader::read_connections, module)?)?;
    module.add_class::<reader::ConnectionReader>()?;
    module.add_class::<arrow_ffi::ExportedSchema>()?;
    module.add_class::<arrow_ffi::ExportedBatch>()?;
    Ok(())
}
