//! The inputs that deserialize and serialize are measured on: five mixes of
//! connections, each a JSON array's text.
//!
//! Pure functions of their arguments (the corpus is handed the data files'
//! texts), so that another program can take them with
//! `#[path = ".../benches/support/mixes.rs"] mod mixes;`: the sonic-rs
//! reference in `benches/sonic-reference` does. They need only this crate
//! and `serde_json`.

use msgraph_network_connection::{ConnectionDirection, NetworkConnection, SecurityNetworkProtocol};
use serde_json::Value;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Connections in every generated mix (the corpus is repeated to this).
pub const CONNECTIONS: usize = 20_000;

/// The mixes' names, in the order they are measured and reported.
pub const NAMES: [&str; 5] = ["realistic", "null-free", "timestamps", "sparse", "corpus"];

/// One mix: its name, what it is, and its JSON array text.
pub struct Mix {
    /// One of [`NAMES`].
    pub name: &'static str,
    /// One line for tables.
    pub description: &'static str,
    /// The JSON array of its connections.
    pub json: String,
}

/// Every mix, in the order of [`NAMES`]; `data_files` are the texts of
/// `tests/data/*.json` (see [`read_data_files`]).
pub fn all(data_files: &[String]) -> Vec<Mix> {
    NAMES.iter().map(|name| mix(name, data_files)).collect()
}

/// The mix called `name`; `data_files` are needed only for `corpus`.
pub fn mix(name: &str, data_files: &[String]) -> Mix {
    let (name, description, json) = match name {
        "realistic" => (
            "realistic",
            "all properties, about half null, @odata.type, 7-digit timestamps, 1 in 10 unknown enum members",
            realistic(),
        ),
        "null-free" => ("null-free", "all 21 properties set, no nulls", null_free()),
        "timestamps" => (
            "timestamps",
            "5 properties; timestamps in 16 forms: 0-7 fraction digits, Z and +00:00",
            timestamps(),
        ),
        "sparse" => (
            "sparse",
            "5 properties as the builder writes them, no nulls, no @odata.type",
            sparse(),
        ),
        "corpus" => (
            "corpus",
            "the real connections of tests/data, repeated",
            corpus(data_files),
        ),
        other => panic!("unknown mix {other}; the mixes are {NAMES:?}"),
    };
    Mix {
        name,
        description,
        json,
    }
}

/// Connection `i` as Graph writes it: every property, `@odata.type` first,
/// a 7-digit timestamp; with `nulls`, about half the properties `null`;
/// every tenth has enum members this version does not know.
pub fn connection(i: usize, nulls: bool) -> String {
    let unknown = i % 10 == 9;
    let text = |n: usize, value: String| {
        if nulls && (i + n).is_multiple_of(2) {
            "null".to_string()
        } else {
            format!("\"{value}\"")
        }
    };
    let protocol = if unknown {
        "quic"
    } else {
        ["tcp", "udp", "icmp", "ipv6"][i % 4]
    };
    let direction = if unknown {
        "String"
    } else {
        ["inbound", "outbound"][i % 2]
    };
    let status = if unknown {
        "quarantined"
    } else {
        ["blocked", "succeeded", "attempted"][i % 3]
    };
    format!(
        concat!(
            r##"{{"@odata.type":"#microsoft.graph.networkConnection","applicationName":{},"destinationAddress":{},"##,
            r#""destinationDomain":{},"destinationLocation":{},"destinationPort":{},"destinationUrl":{},"#,
            r#""direction":"{}","domainRegisteredDateTime":{},"localDnsName":{},"natDestinationAddress":{},"#,
            r#""natDestinationPort":{},"natSourceAddress":{},"natSourcePort":{},"protocol":"{}","riskScore":{},"#,
            r#""sourceAddress":{},"sourceLocation":{},"sourcePort":{},"status":"{}","urlParameters":{}}}"#
        ),
        text(1, format!("svc{}.exe", i % 97)),
        text(2, format!("10.{}.{}.{}", i % 256, (i / 256) % 256, i % 7)),
        text(3, format!("host{i}.contoso.com")),
        text(4, "Redmond, Washington, US".into()),
        text(5, format!("{}", 1024 + i % 60000)),
        text(6, format!("host{i}.contoso.com/path/to/page.html")),
        direction,
        text(
            8,
            format!(
                "20{:02}-0{}-1{}T0{}:2{}:3{}.{:07}Z",
                i % 25,
                1 + i % 9,
                i % 9,
                i % 10,
                i % 10,
                i % 10,
                1_000_001 + i
            )
        ),
        text(9, format!("host{i}.contoso.com")),
        text(10, format!("192.168.{}.{}", i % 256, (i / 7) % 256)),
        text(11, format!("{}", i % 65536)),
        text(12, format!("172.16.{}.{}", i % 256, (i / 3) % 256)),
        text(13, format!("{}", (i * 7) % 65536)),
        protocol,
        text(15, format!("0.{}", i % 100)),
        text(16, format!("52.214.{}.{}", i % 256, (i / 5) % 256)),
        text(17, "Dublin, Dublin, IE".into()),
        text(18, format!("{}", 49152 + i % 16000)),
        status,
        text(20, format!("?q={i}&lang=en")),
    )
}

/// A JSON array of the texts.
fn array(items: impl IntoIterator<Item = String>) -> String {
    let items: Vec<String> = items.into_iter().collect();
    format!("[{}]", items.join(","))
}

/// Graph-realistic: [`connection`] with nulls.
pub fn realistic() -> String {
    array((0..CONNECTIONS).map(|i| connection(i, true)))
}

/// Every property set: [`connection`] without nulls.
pub fn null_free() -> String {
    array((0..CONNECTIONS).map(|i| connection(i, false)))
}

/// The forms of `domainRegisteredDateTime` that the timestamps mix cycles
/// through: 0 (whole seconds) to 7 fraction digits, each with `Z` and with
/// `+00:00`.
pub const TIMESTAMP_FORMS: usize = 16;

/// Timestamp `i` of the timestamps mix, in form `i % 16`: fraction digits
/// `i % 8` (none for whole seconds), offset `Z` for the first eight forms and
/// `+00:00` for the other eight. Fractions shorter than 7 digits end in a
/// digit other than 0, as writers that trim them (Graph, System.Text.Json)
/// write them; 7-digit ones are .NET's round-trip `"o"` form, trailing
/// zeros and all.
pub fn timestamp(i: usize) -> String {
    let form = i % TIMESTAMP_FORMS;
    let digits = form % 8;
    let offset = if form < 8 { "Z" } else { "+00:00" };
    let mut fraction = String::new();
    if digits > 0 {
        let all = format!("{:07}", (i * 7_654_321 + 1_234_567) % 10_000_000);
        fraction.push('.');
        fraction.push_str(&all[..digits]);
        if digits < 7 && fraction.ends_with('0') {
            fraction.pop();
            fraction.push('7');
        }
    }
    format!(
        "20{:02}-{:02}-{:02}T{:02}:{:02}:{:02}{fraction}{offset}",
        10 + i % 16,
        1 + i % 12,
        1 + i % 28,
        i % 24,
        (i / 24) % 60,
        (i / 7) % 60,
    )
}

/// A few properties around `domainRegisteredDateTime` in every form .NET
/// and Graph write ([`timestamp`]).
pub fn timestamps() -> String {
    array((0..CONNECTIONS).map(|i| {
        format!(
            concat!(
                r#"{{"destinationAddress":"52.{}.{}.{}","destinationDomain":"site{}.example.org","#,
                r#""domainRegisteredDateTime":"{}","protocol":"{}","sourceAddress":"10.0.{}.{}"}}"#
            ),
            i % 256,
            (i / 256) % 256,
            i % 13,
            i % 1000,
            timestamp(i),
            ["tcp", "udp"][i % 2],
            (i / 256) % 256,
            i % 256,
        )
    }))
}

/// Connections as code builds them: source and destination addresses (one
/// in eight IPv6), destination port, protocol and direction; no nulls, no
/// `@odata.type`.
pub fn sparse_connections() -> Vec<NetworkConnection> {
    (0..CONNECTIONS)
        .map(|i| {
            let octet = |n: usize| (n % 256) as u8;
            let source = IpAddr::V4(Ipv4Addr::new(
                10,
                octet(i / 65536),
                octet(i / 256),
                octet(i),
            ));
            let destination = if i % 8 == 7 {
                IpAddr::V6(Ipv6Addr::new(
                    0x2001,
                    0xdb8,
                    0,
                    (i / 65536) as u16,
                    0,
                    0,
                    0,
                    (i % 65536) as u16,
                ))
            } else {
                IpAddr::V4(Ipv4Addr::new(52, octet(i * 7), octet(i / 3), octet(i * 13)))
            };
            let (port, protocol) = match i % 5 {
                0 => (53, SecurityNetworkProtocol::Udp),
                1 => (80, SecurityNetworkProtocol::Tcp),
                2 | 3 => (443, SecurityNetworkProtocol::Tcp),
                _ => (1024 + (i % 60_000) as u16, SecurityNetworkProtocol::Tcp),
            };
            let direction = if i % 3 == 0 {
                ConnectionDirection::Inbound
            } else {
                ConnectionDirection::Outbound
            };
            NetworkConnection::builder()
                .source_address(source)
                .destination_address(destination)
                .destination_port(port)
                .protocol(protocol)
                .direction(direction)
                .build()
        })
        .collect()
}

/// [`sparse_connections`] as this crate writes them.
pub fn sparse() -> String {
    serde_json::to_string(&sparse_connections()).expect("the builder's connections serialize")
}

/// The objects in the `networkConnections` arrays of every alert in
/// `data_files` (each an alert, a page of alerts, or an array of either), as
/// compact JSON texts in file order.
pub fn corpus_connections(data_files: &[String]) -> Vec<String> {
    fn alerts<'v>(value: &'v Value, out: &mut Vec<&'v serde_json::Map<String, Value>>) {
        match value {
            Value::Array(items) => items.iter().for_each(|item| alerts(item, out)),
            Value::Object(object) if object.contains_key("networkConnections") => out.push(object),
            Value::Object(object) => {
                if let Some(items @ Value::Array(_)) = object.get("value") {
                    alerts(items, out);
                }
            }
            _ => {}
        }
    }
    let mut connections = Vec::new();
    for text in data_files {
        let value: Value = serde_json::from_str(text).expect("the data files are JSON");
        let mut found = Vec::new();
        alerts(&value, &mut found);
        for alert in found {
            if let Some(Value::Array(items)) = alert.get("networkConnections") {
                connections.extend(items.iter().map(|c| c.to_string()));
            }
        }
    }
    connections
}

/// The corpus's connections repeated to [`CONNECTIONS`].
pub fn corpus(data_files: &[String]) -> String {
    let connections = corpus_connections(data_files);
    assert!(
        !connections.is_empty(),
        "no connections in the {} data files",
        data_files.len()
    );
    array(connections.iter().cycle().take(CONNECTIONS).cloned())
}

/// The texts of the `*.json` files in `dir` (the crate's `tests/data`), in
/// name order. The one function here that reads anything.
pub fn read_data_files(dir: &std::path::Path) -> Vec<String> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| {
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        })
        .collect()
}
