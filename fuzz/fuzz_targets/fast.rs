//! Bytes to the export's fast reader of an alert and to its serde path:
//! wherever the fast reader reads the text, the serde path reads it to the
//! same `id`, shape, rows and context (standard columns, and alert columns
//! asked for). Only built by `cargo fuzz`, which sets `cfg(fuzzing)` for
//! the hook.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    #[cfg(fuzzing)]
    msgraph_network_connection::columnar::fast_reader_agrees(data);
    #[cfg(not(fuzzing))]
    let _ = data;
});
