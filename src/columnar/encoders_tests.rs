use super::super::corpus;
use super::super::parquet::properties;
use super::*;
use crate::AlertReader;
use crate::columnar::ConnectionBatchBuilder;
use arrow_array::{Int32Array, RecordBatch};
use arrow_schema::{Field, Schema};
use parquet::file::properties::WriterProperties;
use std::sync::Arc;

/// The corpus's connections, `times` over, as one batch.
fn connections(times: usize) -> RecordBatch {
    let mut builder = ConnectionBatchBuilder::new();
    for _ in 0..times {
        for alert in corpus::alerts() {
            let raw = AlertReader::new(&alert[..]).next_raw().unwrap().unwrap();
            let _ = builder.append_raw(&raw);
        }
    }
    builder.finish()
}

fn capped(rows: usize) -> WriterProperties {
    properties(&[String::from("alertId")])
        .set_max_row_group_row_count(Some(rows))
        .build()
}

/// `batch` cut into pieces of the sizes of `cuts`, in turn (empty ones
/// among them).
fn pieces(batch: &RecordBatch, cuts: &[usize]) -> Vec<RecordBatch> {
    let (mut at, mut pieces) = (0, Vec::new());
    for &cut in cuts.iter().cycle() {
        if at == batch.num_rows() {
            return pieces;
        }
        let cut = cut.min(batch.num_rows() - at);
        pieces.push(batch.slice(at, cut));
        at += cut;
    }
    unreachable!("the cuts are not all empty")
}

fn arrow_writers_file(pieces: &[RecordBatch], properties: WriterProperties) -> Vec<u8> {
    let schema = pieces[0].schema();
    let mut writer = ArrowWriter::try_new(Vec::new(), schema, Some(properties)).unwrap();
    for piece in pieces {
        writer.write(piece).unwrap();
    }
    writer.into_inner().unwrap()
}

fn threaded_file(pieces: &[RecordBatch], rows: usize, threads: usize) -> Result<Vec<u8>> {
    let schema = pieces[0].schema();
    let writer = ArrowWriter::try_new(Vec::new(), schema.clone(), Some(capped(rows)))?;
    let Ok(mut writer) = ThreadedWriter::new(writer, &schema, threads)? else {
        panic!("threads could not be started");
    };
    for piece in pieces {
        writer.write(piece)?;
    }
    writer.into_inner()
}

#[test]
fn the_file_is_arrow_writers_whatever_the_threads_and_row_groups() {
    let batch = connections(60);
    assert!(batch.num_rows() > 100, "{}", batch.num_rows());
    for rows in [3, 64, 1000, 1 << 20] {
        for cuts in [&[3, 0, 17][..], &[1][..], &[batch.num_rows()][..]] {
            let pieces = pieces(&batch, cuts);
            let expected = arrow_writers_file(&pieces, capped(rows));
            for threads in [2, 3, 5] {
                let file = threaded_file(&pieces, rows, threads).unwrap();
                assert!(
                    file == expected,
                    "{rows} rows, cuts {cuts:?}, {threads} threads"
                );
            }
        }
    }
}

#[test]
fn a_column_that_fails_fails_the_file_with_arrow_writers_error() {
    let schema = Arc::new(Schema::new(vec![
        Field::new("a", DataType::Int32, true),
        Field::new("b", DataType::Int32, false),
    ]));
    let column = |values: Vec<Option<i32>>| Arc::new(Int32Array::from(values)) as _;
    let good = RecordBatch::try_new(
        schema.clone(),
        vec![column(vec![Some(1), None]), column(vec![Some(2), Some(3)])],
    )
    .unwrap();
    // Text where the file has numbers.
    let text = Arc::new(Schema::new(vec![
        Field::new("a", DataType::Int32, true),
        Field::new("b", DataType::Utf8, false),
    ]));
    let bad = RecordBatch::try_new(
        text,
        vec![
            column(vec![Some(4)]),
            Arc::new(arrow_array::StringArray::from(vec!["5"])),
        ],
    )
    .unwrap();
    let mut arrow = ArrowWriter::try_new(Vec::new(), schema.clone(), Some(capped(10))).unwrap();
    arrow.write(&good).unwrap();
    let expected = arrow.write(&bad).unwrap_err().to_string();
    for threads in [2, 3] {
        let writer = ArrowWriter::try_new(Vec::new(), schema.clone(), Some(capped(10))).unwrap();
        let Ok(Ok(mut writer)) = ThreadedWriter::new(writer, &schema, threads) else {
            panic!("threads could not be started");
        };
        writer.write(&good).unwrap();
        // Known when the row group closes.
        let _ = writer.write(&bad);
        let _ = writer.write(&good);
        let error = writer.into_inner().unwrap_err().to_string();
        assert_eq!(error, expected);
        assert_eq!(
            expected,
            "Arrow: Incompatible type. Field 'b' has type Int32, array has type Utf8"
        );
    }
}

#[test]
fn a_writer_dropped_part_way_ends_its_threads() {
    let batch = connections(1);
    let schema = batch.schema();
    let writer = ArrowWriter::try_new(Vec::new(), schema.clone(), Some(capped(3))).unwrap();
    let Ok(Ok(mut writer)) = ThreadedWriter::new(writer, &schema, 4) else {
        panic!("threads could not be started");
    };
    writer.write(&batch).unwrap();
    drop(writer);
}

#[test]
fn columns_are_spread_by_cost() {
    let schema = Arc::new(Schema::new(
        [
            DataType::Utf8,
            DataType::Int32,
            DataType::Int32,
            DataType::Float64,
            DataType::Utf8,
        ]
        .into_iter()
        .enumerate()
        .map(|(i, kind)| Field::new(format!("c{i}"), kind, true))
        .collect::<Vec<_>>(),
    ));
    assert_eq!(lanes_by_cost(&schema, 2), [0, 1, 1, 1, 0]);
    assert_eq!(lanes_by_cost(&schema, 3), [0, 1, 2, 1, 2]);
}
