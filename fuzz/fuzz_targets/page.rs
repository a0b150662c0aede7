//! Bytes to `GraphPage<Alert>`: never a panic; what parses is a fixed point.
#![no_main]

use libfuzzer_sys::fuzz_target;
use msgraph_network_connection::{Alert, GraphPage};

fuzz_target!(|data: &[u8]| {
    let Ok(page) = serde_json::from_slice::<GraphPage<Alert>>(data) else {
        return;
    };
    let written = serde_json::to_vec(&page).expect("a parsed page writes");
    let again: GraphPage<Alert> =
        serde_json::from_slice(&written).expect("written JSON reads back");
    assert_eq!(again, page);
    assert_eq!(
        serde_json::to_vec(&again).unwrap(),
        written,
        "a second write differs"
    );
});
