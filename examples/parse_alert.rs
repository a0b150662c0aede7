//! Reads a Graph alert payload, prints its network connections as a table,
//! then writes the payload back: the same JSON, having gone through the
//! typed `Alert` and `NetworkConnection`.
//!
//! `cargo run --example parse_alert [FILE]`. FILE holds an alert, a page of
//! alerts or an array of alerts; by default, a real alert shipped in
//! `examples/data/alert.json` (Defender for Cloud, via Graph v1.0).

use msgraph_network_connection::{Alert, GraphPage};
use serde_json::Value;
use std::error::Error;

fn main() -> Result<(), Box<dyn Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/alert.json").into());
    let text = std::fs::read_to_string(&path)?;

    let original: Value = serde_json::from_str(&text)?;
    let (alerts, written) = match &original {
        Value::Array(_) => {
            let alerts: Vec<Alert> = serde_json::from_str(&text)?;
            let written = serde_json::to_value(&alerts)?;
            (alerts, written)
        }
        Value::Object(object) if object.contains_key("value") => {
            let page: GraphPage<Alert> = serde_json::from_str(&text)?;
            let written = serde_json::to_value(&page)?;
            (page.value, written)
        }
        _ => {
            let alert: Alert = serde_json::from_str(&text)?;
            let written = serde_json::to_value(&alert)?;
            (vec![alert], written)
        }
    };

    println!(
        "{:<56} {:<6} {:<16} {:<6} {:<16} {:<6} {:<9} {:<9} source location",
        "alert", "proto", "source", "port", "destination", "port", "direction", "status"
    );
    for alert in &alerts {
        for c in &alert.network_connections {
            println!(
                "{:<56} {:<6} {:<16} {:<6} {:<16} {:<6} {:<9} {:<9} {}",
                alert.id.as_deref().unwrap_or("-"),
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
    }

    assert_eq!(written, original, "the payload did not come back unchanged");
    println!("\n{}", serde_json::to_string_pretty(&written)?);
    Ok(())
}
