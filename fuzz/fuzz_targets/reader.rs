//! Bytes to the streaming reader: never a panic or a hang; every alert it
//! yields is a fixed point; the same input fed a byte at a time gives the
//! same items.
#![no_main]

use libfuzzer_sys::fuzz_target;
use msgraph_network_connection::{Alert, AlertReader};
use std::io::Read;

struct OneByte<'a>(&'a [u8]);

impl Read for OneByte<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let Some((&first, rest)) = self.0.split_first() else {
            return Ok(0);
        };
        match buf.first_mut() {
            Some(slot) => {
                *slot = first;
                self.0 = rest;
                Ok(1)
            }
            None => Ok(0),
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let whole: Vec<_> = AlertReader::new(data).collect();
    let trickled: Vec<_> = AlertReader::new(OneByte(data)).collect();
    assert_eq!(whole, trickled);
    for alert in whole.into_iter().flatten() {
        let written = serde_json::to_vec(&alert).expect("a parsed alert writes");
        let again: Alert = serde_json::from_slice(&written).expect("written JSON reads back");
        assert_eq!(again, alert);
    }
    let connections = AlertReader::new(data)
        .connections()
        .filter(Result::is_ok)
        .count();
    let _ = connections;
});
