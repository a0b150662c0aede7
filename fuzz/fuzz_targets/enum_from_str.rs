//! Strings to each enum: strict `FromStr` accepts exactly the member names,
//! and what it accepts names itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use msgraph_network_connection::{ConnectionDirection, ConnectionStatus, SecurityNetworkProtocol};

fn check<T>(text: &str, all: &[T])
where
    T: std::str::FromStr + PartialEq + std::fmt::Display + std::fmt::Debug,
{
    match text.parse::<T>() {
        Ok(member) => {
            assert_eq!(member.to_string(), text);
            assert!(all.contains(&member));
        }
        Err(_) => assert!(all.iter().all(|m| m.to_string() != text)),
    }
}

fuzz_target!(|text: &str| {
    check(text, SecurityNetworkProtocol::ALL);
    check(text, ConnectionDirection::ALL);
    check(text, ConnectionStatus::ALL);
    // On the wire any name is kept, and written back unchanged.
    let json = serde_json::to_string(text).unwrap();
    let protocol: SecurityNetworkProtocol = serde_json::from_str(&json).unwrap();
    assert_eq!(protocol.as_str(), text);
    assert_eq!(
        protocol.is_known(),
        text.parse::<SecurityNetworkProtocol>().is_ok()
    );
});
