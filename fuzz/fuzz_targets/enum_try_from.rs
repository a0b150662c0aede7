//! Integers to each enum: `TryFrom<i32>` accepts exactly the codes, and
//! what it accepts has that code.
#![no_main]

use libfuzzer_sys::fuzz_target;
use msgraph_network_connection::{ConnectionDirection, ConnectionStatus, SecurityNetworkProtocol};

fn check<T: TryFrom<i32>>(code: i32, all: &[T], code_of: fn(&T) -> Option<i32>) {
    match T::try_from(code) {
        Ok(member) => assert_eq!(code_of(&member), Some(code)),
        Err(_) => assert!(all.iter().all(|m| code_of(m) != Some(code))),
    }
}

fuzz_target!(|code: i32| {
    check(
        code,
        SecurityNetworkProtocol::ALL,
        SecurityNetworkProtocol::code,
    );
    check(code, ConnectionDirection::ALL, ConnectionDirection::code);
    check(code, ConnectionStatus::ALL, ConnectionStatus::code);
});
