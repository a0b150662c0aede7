//! Bytes to the export's reading in blocks (`columnar::read_chunks`), cut
//! into blocks of 1 to 256 bytes (the first byte says how many), on 1 and
//! 2 threads: the same rows, alerts and rejects (error and text passed
//! over) as one reader reading the whole input in order, and the same
//! chunks on both thread counts. Only built by `cargo fuzz`, which sets
//! `cfg(fuzzing)` for the hook that takes the block size.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[cfg(fuzzing)]
fn check(data: &[u8]) {
    use arrow_array::RecordBatch;
    use msgraph_network_connection::AlertReader;
    use msgraph_network_connection::columnar::{ConnectionBatchBuilder, read_chunks_in_blocks_of};

    type Reject = (String, Option<Vec<u8>>);
    let Some((&size, input)) = data.split_first() else {
        return;
    };
    let block = usize::from(size) + 1;

    let mut reader = AlertReader::new(input);
    let mut rows = ConnectionBatchBuilder::new();
    let (mut alerts, mut rejects) = (0, Vec::<Reject>::new());
    while let Some(item) = reader.next_raw() {
        match item {
            Ok(raw) => match rows.append_raw(&raw) {
                Ok(_) => alerts += 1,
                Err(error) => rejects.push((error.to_string(), Some(raw.into_bytes()))),
            },
            Err(error) => {
                rejects.push((error.to_string(), reader.skipped_text().map(<[u8]>::to_vec)))
            }
        }
    }
    let rows = rows.finish();

    let mut first: Option<Vec<(RecordBatch, u64)>> = None;
    for threads in [1, 2] {
        let mut chunks = Vec::new();
        let (mut read_alerts, mut read_rejects) = (0, Vec::<Reject>::new());
        read_chunks_in_blocks_of(AlertReader::new(input), block, threads, |chunk| {
            read_alerts += chunk.alerts;
            for reject in &chunk.rejected {
                read_rejects.push((reject.error.to_string(), reject.text.clone()));
            }
            chunks.push((chunk.batch, chunk.bytes_read));
            Ok::<(), ()>(())
        })
        .expect("the sink takes every chunk");
        let mut row = 0;
        for (batch, _) in &chunks {
            assert!(
                row + batch.num_rows() <= rows.num_rows(),
                "more rows than in order"
            );
            assert_eq!(*batch, rows.slice(row, batch.num_rows()), "rows from {row}");
            row += batch.num_rows();
        }
        assert_eq!(row, rows.num_rows(), "rows");
        assert_eq!(read_alerts, alerts, "alerts");
        assert_eq!(read_rejects, rejects, "rejects");
        match &first {
            None => first = Some(chunks),
            Some(one) => assert!(*one == chunks, "chunks on 1 and 2 threads"),
        }
    }
}

#[cfg(not(fuzzing))]
fn check(_: &[u8]) {}

fuzz_target!(|data: &[u8]| check(data));
