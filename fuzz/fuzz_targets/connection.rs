//! Bytes to `NetworkConnection`: never a panic; what parses is a fixed point.
#![no_main]

use libfuzzer_sys::fuzz_target;
use msgraph_network_connection::NetworkConnection;

fuzz_target!(|data: &[u8]| {
    let Ok(connection) = serde_json::from_slice::<NetworkConnection>(data) else {
        return;
    };
    let written = serde_json::to_vec(&connection).expect("a parsed connection writes");
    let again: NetworkConnection =
        serde_json::from_slice(&written).expect("written JSON reads back");
    assert_eq!(again, connection);
    assert_eq!(
        serde_json::to_vec(&again).unwrap(),
        written,
        "a second write differs"
    );
    let _ = connection.validate();
});
