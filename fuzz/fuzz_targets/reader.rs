//! Bytes to the streaming reader: never a panic or a hang, and agreement
//! with `serde_json` on the crate's types, read whole or a few bytes at a
//! time, alerts or connections (the rules are in
//! `tests/support/oracle.rs`). Every alert it yields is a fixed point.
#![no_main]

use libfuzzer_sys::fuzz_target;
use msgraph_network_connection::{Alert, AlertReader};

#[path = "../../tests/support/oracle.rs"]
mod oracle;

fuzz_target!(|data: &[u8]| {
    oracle::check(data);
    for alert in AlertReader::new(data).flatten() {
        let written = serde_json::to_vec(&alert).expect("a parsed alert writes");
        let again: Alert = serde_json::from_slice(&written).expect("written JSON reads back");
        assert_eq!(again, alert);
    }
});
