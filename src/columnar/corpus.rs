//! The real payloads of `tests/data`, for the tests that compare the
//! columnar paths on them.

use crate::AlertReader;
use std::path::PathBuf;

/// Each `.json` payload's file name and bytes.
pub(super) fn payloads() -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data"));
    let mut payloads = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let name = path.display().to_string();
            payloads.push((name, std::fs::read(&path).unwrap()));
        }
    }
    payloads
}

/// The bytes of each alert of the payloads, in order.
pub(super) fn alerts() -> Vec<Vec<u8>> {
    let mut alerts = Vec::new();
    for (_, payload) in payloads() {
        let mut reader = AlertReader::new(&payload[..]);
        while let Some(Ok(raw)) = reader.next_raw() {
            alerts.push(raw.into_bytes());
        }
    }
    alerts
}
