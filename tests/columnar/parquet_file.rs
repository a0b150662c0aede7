//! Writing the Parquet file and reading it back as JSON cells.

use arrow_array::{
    Array, Float64Array, Int32Array, RecordBatch, StringArray, TimestampMicrosecondArray,
};
use msgraph_network_connection::AlertReader;
use msgraph_network_connection::columnar::ParquetExport;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use serde_json::{Value, json};
use std::path::PathBuf;

pub(crate) fn temp_file(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("msgraph-columnar-{}-{name}", std::process::id()))
}

pub(crate) fn export(input: &[u8], threads: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut parquet = ParquetExport::new(&mut out).unwrap();
    let summary = parquet
        .write_alerts(AlertReader::new(input), threads, |_| {})
        .unwrap();
    assert_eq!(
        summary.rejected,
        0,
        "{}",
        String::from_utf8_lossy(&input[..input.len().min(300)])
    );
    parquet.finish().unwrap();
    out
}

pub(crate) fn read_back(file: &[u8]) -> Vec<RecordBatch> {
    let path = temp_file("read-back.parquet");
    std::fs::write(&path, file).unwrap();
    let reader = ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(&path).unwrap())
        .unwrap()
        .build()
        .unwrap();
    let batches = reader.collect::<Result<Vec<_>, _>>().unwrap();
    std::fs::remove_file(path).unwrap();
    batches
}

/// A cell as JSON, whatever its Arrow type.
pub(crate) fn cell(column: &dyn Array, row: usize) -> Value {
    if column.is_null(row) {
        return Value::Null;
    }
    let any = column.as_any();
    if let Some(text) = any.downcast_ref::<StringArray>() {
        json!(text.value(row))
    } else if let Some(int) = any.downcast_ref::<Int32Array>() {
        json!(int.value(row))
    } else if let Some(float) = any.downcast_ref::<Float64Array>() {
        json!(float.value(row))
    } else if let Some(time) = any.downcast_ref::<TimestampMicrosecondArray>() {
        json!(time.value(row))
    } else {
        panic!("unexpected column type {:?}", column.data_type())
    }
}
