//! Reads a Graph alert payload, prints its network connections as a table,
//! then writes the payload back: the same JSON, with every connection having
//! gone through `NetworkConnection`.
//!
//! `cargo run --example parse_alert [FILE]` (default: a real alert shipped in
//! `examples/data/alert.json`).

use msgraph_network_connection::NetworkConnection;
use serde_json::Value;
use std::error::Error;

fn main() -> Result<(), Box<dyn Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/alert.json").into());
    let text = std::fs::read_to_string(&path)?;
    let original: Value = serde_json::from_str(&text)?;

    let mut document = original.clone();
    let mut connections = Vec::new();
    retype_connections(&mut document, &mut connections)?;

    println!(
        "{:<9} {:<16} {:<6} {:<16} {:<6} {:<10} {:<8} location",
        "protocol", "source", "port", "destination", "port", "direction", "status"
    );
    for c in &connections {
        println!(
            "{:<9} {:<16} {:<6} {:<16} {:<6} {:<10} {:<8} {}",
            c.protocol.as_ref().map_or("-", |p| p.as_str()),
            c.source_address.as_deref().unwrap_or("-"),
            c.source_port.as_deref().unwrap_or("-"),
            c.destination_address.as_deref().unwrap_or("-"),
            c.destination_port.as_deref().unwrap_or("-"),
            c.direction.as_ref().map_or("-", |d| d.as_str()),
            c.status.as_ref().map_or("-", |s| s.as_str()),
            c.source_location.as_deref().unwrap_or("-"),
        );
        if let Err(problems) = c.validate() {
            println!("  ! {problems}");
        }
    }

    assert_eq!(document, original, "a connection did not round-trip");
    println!("\n{}", serde_json::to_string_pretty(&document)?);
    Ok(())
}

/// Replaces every connection in the document by its round trip through
/// `NetworkConnection`, collecting the typed connections.
fn retype_connections(
    value: &mut Value,
    found: &mut Vec<NetworkConnection>,
) -> Result<(), serde_json::Error> {
    match value {
        Value::Object(object) => {
            for (name, child) in object.iter_mut() {
                match (name.as_str(), child) {
                    ("networkConnections", Value::Array(items)) => {
                        for item in items {
                            let connection: NetworkConnection =
                                serde_json::from_value(item.clone())?;
                            *item = serde_json::to_value(&connection)?;
                            found.push(connection);
                        }
                    }
                    (_, child) => retype_connections(child, found)?,
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                retype_connections(item, found)?;
            }
        }
        _ => {}
    }
    Ok(())
}
