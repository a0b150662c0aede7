//! The enum tables, checked exhaustively against Graph's metadata.

use msgraph_network_connection::{ConnectionDirection, ConnectionStatus, SecurityNetworkProtocol};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::collections::HashSet;
use std::fmt::{Debug, Display};
use std::hash::Hash;
use std::str::FromStr;

/// Graph's members as (code, wire name), transcribed from the CSDL metadata.
const PROTOCOLS: &[(i32, &str)] = &[
    (-1, "unknown"),
    (0, "ip"),
    (1, "icmp"),
    (2, "igmp"),
    (3, "ggp"),
    (4, "ipv4"),
    (6, "tcp"),
    (12, "pup"),
    (17, "udp"),
    (22, "idp"),
    (41, "ipv6"),
    (43, "ipv6RoutingHeader"),
    (44, "ipv6FragmentHeader"),
    (50, "ipSecEncapsulatingSecurityPayload"),
    (51, "ipSecAuthenticationHeader"),
    (58, "icmpV6"),
    (59, "ipv6NoNextHeader"),
    (60, "ipv6DestinationOptions"),
    (77, "nd"),
    (255, "raw"),
    (1000, "ipx"),
    (1256, "spx"),
    (1257, "spxII"),
    (32767, "unknownFutureValue"),
];
const DIRECTIONS: &[(i32, &str)] = &[
    (0, "unknown"),
    (1, "inbound"),
    (2, "outbound"),
    (127, "unknownFutureValue"),
];
const STATUSES: &[(i32, &str)] = &[
    (0, "unknown"),
    (1, "attempted"),
    (2, "succeeded"),
    (3, "blocked"),
    (4, "failed"),
    (127, "unknownFutureValue"),
];

/// What every Graph enum offers, so one test body checks all three.
trait GraphEnum:
    Clone
    + Debug
    + Display
    + Eq
    + Hash
    + FromStr<Err = msgraph_network_connection::Error>
    + TryFrom<i32, Error = msgraph_network_connection::Error>
    + Serialize
    + DeserializeOwned
    + 'static
{
    const NAME: &'static str;
    fn all() -> &'static [Self];
    fn as_str(&self) -> &str;
    fn code(&self) -> Option<i32>;
    fn from_code(code: i32) -> Option<Self>;
    fn is_known(&self) -> bool;
}

macro_rules! graph_enum_impl {
    ($($type:ty, $name:literal;)+) => {$(
        impl GraphEnum for $type {
            const NAME: &'static str = $name;
            fn all() -> &'static [Self] { <$type>::ALL }
            fn as_str(&self) -> &str { <$type>::as_str(self) }
            fn code(&self) -> Option<i32> { <$type>::code(self) }
            fn from_code(code: i32) -> Option<Self> { <$type>::from_code(code) }
            fn is_known(&self) -> bool { <$type>::is_known(self) }
        }
    )+};
}

graph_enum_impl! {
    SecurityNetworkProtocol, "securityNetworkProtocol";
    ConnectionDirection, "connectionDirection";
    ConnectionStatus, "connectionStatus";
}

fn codes_to_try() -> impl Iterator<Item = i32> {
    (-5..=1400).chain([127, 32767, 32768, -32768, i32::MIN, i32::MAX])
}

fn check_table<T: GraphEnum>(table: &[(i32, &str)]) {
    // The list of members is exactly the table, in order.
    let listed: Vec<(Option<i32>, &str)> =
        T::all().iter().map(|m| (m.code(), m.as_str())).collect();
    let expected: Vec<(Option<i32>, &str)> = table.iter().map(|&(c, n)| (Some(c), n)).collect();
    assert_eq!(listed, expected, "{}", T::NAME);
    assert_eq!(T::all().iter().collect::<HashSet<_>>().len(), table.len());

    for code in codes_to_try() {
        let expected = table.iter().find(|(c, _)| *c == code).map(|(_, n)| *n);
        let found = T::from_code(code);
        assert_eq!(
            found.as_ref().map(T::as_str),
            expected,
            "{} code {code}",
            T::NAME
        );
        match T::try_from(code) {
            Ok(member) => assert_eq!(Some(member), found),
            Err(e) => {
                assert!(found.is_none());
                assert_eq!(e.to_string(), format!("{code} is not a {} code", T::NAME));
            }
        }
    }

    for &(code, name) in table {
        let member: T = name.parse().unwrap();
        assert!(member.is_known());
        assert_eq!(member.code(), Some(code));
        assert_eq!(member.as_str(), name);
        assert_eq!(member.to_string(), name);
        // Serde: the wire form is the name, and it reads back to the same member.
        let json = serde_json::to_string(&member).unwrap();
        assert_eq!(json, format!("\"{name}\""));
        assert_eq!(serde_json::from_str::<T>(&json).unwrap(), member);
        // Strict parsing is case-sensitive.
        let upper = name.to_uppercase();
        let err = upper.parse::<T>().unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("`{upper}` is not a {} member", T::NAME)
        );
    }

    // On the wire, unknown names are kept, with no code.
    for name in ["quic", "TCP", "String", "", "unknownfuturevalue", "tcp "] {
        let member: T = serde_json::from_str(&format!("\"{name}\"")).unwrap();
        assert!(!member.is_known(), "{name}");
        assert_eq!(member.code(), None);
        assert_eq!(member.as_str(), name);
        assert_eq!(member.to_string(), name);
        assert_eq!(
            serde_json::to_string(&member).unwrap(),
            format!("\"{name}\"")
        );
        assert_eq!(
            name.parse::<T>().unwrap_err().to_string(),
            format!("`{name}` is not a {} member", T::NAME)
        );
    }
    let err = serde_json::from_str::<T>("6").unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "invalid type: integer `6`, expected a {} member name at line 1 column 1",
            T::NAME
        )
    );
}

#[test]
fn security_network_protocol_matches_graph() {
    check_table::<SecurityNetworkProtocol>(PROTOCOLS);
}

#[test]
fn connection_direction_matches_graph() {
    check_table::<ConnectionDirection>(DIRECTIONS);
}

#[test]
fn connection_status_matches_graph() {
    check_table::<ConnectionStatus>(STATUSES);
}

#[test]
fn variants_are_named_as_graph_names_members() {
    use SecurityNetworkProtocol as P;
    let pairs = [
        (P::Unknown, "unknown"),
        (P::Ipv6RoutingHeader, "ipv6RoutingHeader"),
        (
            P::IpSecEncapsulatingSecurityPayload,
            "ipSecEncapsulatingSecurityPayload",
        ),
        (P::IcmpV6, "icmpV6"),
        (P::SpxII, "spxII"),
        (P::UnknownFutureValue, "unknownFutureValue"),
    ];
    for (member, name) in pairs {
        assert_eq!(member.as_str(), name);
    }
    assert_eq!(ConnectionDirection::UnknownFutureValue.code(), Some(127));
    assert_eq!(ConnectionStatus::UnknownFutureValue.code(), Some(127));
    assert_eq!(P::UnknownFutureValue.code(), Some(32767));
}

#[test]
fn unrecognized_members_compare_by_name() {
    let quic: SecurityNetworkProtocol = serde_json::from_str("\"quic\"").unwrap();
    let again: SecurityNetworkProtocol = serde_json::from_str("\"quic\"").unwrap();
    let other: SecurityNetworkProtocol = serde_json::from_str("\"sctp\"").unwrap();
    assert_eq!(quic, again);
    assert_ne!(quic, other);
    assert_eq!(format!("{quic:?}"), "Unrecognized(\"quic\")");
    match &quic {
        SecurityNetworkProtocol::Unrecognized(member) => assert_eq!(member.as_str(), "quic"),
        _ => panic!("quic is not a Graph member"),
    }
}
