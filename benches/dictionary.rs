//! Parquet dictionary encoding, column by column: the bytes and the time
//! of writing each column of the export's schema with a dictionary and
//! without one, on a file of NDJSON alerts. The export's per-column choice
//! (`columnar::schema`) follows from this table.
//!
//!     cargo bench --features parquet --bench dictionary -- FILE.ndjson
//!
//! Files of each shape are written by `benches/export_shapes.py`. Times are
//! the best of 5 runs, each encoding the column alone, on one thread.

use arrow_array::RecordBatch;
use msgraph_network_connection::AlertReader;
use msgraph_network_connection::columnar::read_chunks;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use std::time::{Duration, Instant};

fn main() {
    let path = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let path = path.expect("usage: dictionary FILE.ndjson");
    let file = std::fs::File::open(&path).expect("the input");
    let mut batches = Vec::new();
    read_chunks(
        AlertReader::new(std::io::BufReader::new(file)),
        2,
        |chunk| {
            batches.push(chunk.batch);
            Ok::<(), ()>(())
        },
    )
    .expect("read");
    let rows: usize = batches.iter().map(RecordBatch::num_rows).sum();
    println!("{path}: {rows} rows\n");
    println!("| column | dictionary KiB | plain KiB | dictionary ms | plain ms |");
    println!("|---|---|---|---|---|");
    let schema = batches[0].schema();
    for (index, field) in schema.fields().iter().enumerate() {
        let column: Vec<RecordBatch> = batches
            .iter()
            .map(|batch| batch.project(&[index]).expect("a column"))
            .collect();
        let (dictionary, dictionary_time) = encode(&column, true);
        let (plain, plain_time) = encode(&column, false);
        println!(
            "| {} | {} | {} | {:.1} | {:.1} |",
            field.name(),
            dictionary / 1024,
            plain / 1024,
            dictionary_time.as_secs_f64() * 1e3,
            plain_time.as_secs_f64() * 1e3,
        );
    }
}

/// The bytes of the column written alone, and the best time of 5.
fn encode(batches: &[RecordBatch], dictionary: bool) -> (usize, Duration) {
    let mut best = Duration::MAX;
    let mut size = 0;
    for _ in 0..5 {
        let properties = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(128 * 1024))
            .set_dictionary_enabled(dictionary)
            .build();
        let started = Instant::now();
        let mut out = Vec::new();
        let schema = batches[0].schema();
        let mut writer = ArrowWriter::try_new(&mut out, schema, Some(properties)).expect("writer");
        for batch in batches {
            writer.write(batch).expect("write");
        }
        writer.close().expect("close");
        best = best.min(started.elapsed());
        size = out.len();
    }
    (size, best)
}
