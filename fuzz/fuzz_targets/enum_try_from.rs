//! Integers to each enum: `TryFrom<i32>` accepts exactly the codes, and
//! what it accepts has that code.
#![no_main]

use libfuzzer_sys::fuzz_target;
use msgraph_network_connection::{ConnectionDirection, ConnectionStatus, SecurityNetworkProtocol};

fuzz_target!(|code: i32| {
    match SecurityNetworkProtocol::try_from(code) {
        Ok(member) => assert_eq!(member.code(), Some(code)),
        Err(_) => assert!(
            SecurityNetworkProtocol::ALL
                .iter()
                .all(|m| m.code() != Some(code))
        ),
    }
    match ConnectionDirection::try_from(code) {
        Ok(member) => assert_eq!(member.code(), Some(code)),
        Err(_) => assert!(
            ConnectionDirection::ALL
                .iter()
                .all(|m| m.code() != Some(code))
        ),
    }
    match ConnectionStatus::try_from(code) {
        Ok(member) => assert_eq!(member.code(), Some(code)),
        Err(_) => assert!(ConnectionStatus::ALL.iter().all(|m| m.code() != Some(code))),
    }
});
