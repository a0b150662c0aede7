//! What each column must hold, computed from `serde_json::Value`
//! independently of the crate's model, and the check against it.

use crate::parquet_file::{cell, export, read_back};
use chrono::DateTime;
use msgraph_network_connection::columnar::connection_schema;
use msgraph_network_connection::{
    ConnectionDirection, ConnectionStatus, Property, SecurityNetworkProtocol,
};
use serde_json::{Value, json};

/// Every (alert, connection) of the input, from `serde_json::Value`:
/// arrays hold alerts or pages; a page is an object with a `value` array
/// and no `id`.
pub(crate) fn connections_of(input: &[u8]) -> Vec<(Value, Value)> {
    fn visit(value: Value, out: &mut Vec<(Value, Value)>) {
        match value {
            Value::Array(items) => items.into_iter().for_each(|item| visit(item, out)),
            Value::Object(mut page)
                if page.get("value").is_some_and(Value::is_array) && !page.contains_key("id") =>
            {
                visit(page.remove("value").unwrap(), out)
            }
            alert => {
                if let Some(Value::Array(connections)) = alert.get("networkConnections") {
                    out.extend(connections.iter().map(|c| (alert.clone(), c.clone())));
                }
            }
        }
    }
    let mut out = Vec::new();
    for document in serde_json::Deserializer::from_slice(input).into_iter::<Value>() {
        visit(document.unwrap(), &mut out);
    }
    out
}

/// The alert's context columns: a string as it is, any other value as
/// compact JSON, a timestamp's instant when its text is RFC 3339.
fn expected_context(alert: &Value, row: &mut serde_json::Map<String, Value>) {
    let text = |value: Option<&Value>| match value {
        None | Some(Value::Null) => Value::Null,
        Some(Value::String(s)) => json!(s),
        Some(other) => json!(other.to_string()),
    };
    for (column, property) in [
        ("alertCreatedDateTime", "createdDateTime"),
        ("alertEventDateTime", "eventDateTime"),
        ("alertLastModifiedDateTime", "lastModifiedDateTime"),
    ] {
        let t = text(alert.get(property));
        let micros = t
            .as_str()
            .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
            .map_or(Value::Null, |m| json!(m.timestamp_micros()));
        row.insert(column.into(), micros);
        row.insert(format!("{column}Text"), t);
    }
    for (column, property) in [
        ("alertSeverity", "severity"),
        ("alertStatus", "status"),
        ("alertCategory", "category"),
        ("alertTitle", "title"),
        ("alertTenantId", "azureTenantId"),
    ] {
        row.insert(column.into(), text(alert.get(property)));
    }
    let vendor = alert.get("vendorInformation").filter(|v| v.is_object());
    for (column, property) in [("alertProvider", "provider"), ("alertVendor", "vendor")] {
        row.insert(column.into(), text(vendor.and_then(|v| v.get(property))));
    }
}

/// What each column must hold for one connection, by column name.
pub(crate) fn expected_row(alert: &Value, connection: &Value) -> serde_json::Map<String, Value> {
    let mut row = serde_json::Map::new();
    row.insert(
        "alertId".into(),
        alert.get("id").cloned().unwrap_or(Value::Null),
    );
    expected_context(alert, &mut row);
    let text = |name: &str| match connection.get(name) {
        Some(Value::String(s)) => json!(s),
        _ => Value::Null,
    };
    for property in Property::ALL {
        let name = property.name();
        let t = text(name);
        let s = t.as_str();
        match name {
            "@odata.type" => {}
            "destinationPort" | "natDestinationPort" | "natSourcePort" | "sourcePort" => {
                let port = s
                    .filter(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
                    .and_then(|s| s.parse::<u16>().ok());
                row.insert(name.into(), port.map_or(Value::Null, |p| json!(p)));
                row.insert(format!("{name}Text"), t.clone());
            }
            "direction" | "protocol" | "status" => {
                let code = s.and_then(|s| match name {
                    "direction" => s.parse::<ConnectionDirection>().ok().and_then(|m| m.code()),
                    "protocol" => s
                        .parse::<SecurityNetworkProtocol>()
                        .ok()
                        .and_then(|m| m.code()),
                    _ => s.parse::<ConnectionStatus>().ok().and_then(|m| m.code()),
                });
                row.insert(name.into(), t.clone());
                row.insert(
                    format!("{name}Code"),
                    code.map_or(Value::Null, |c| json!(c)),
                );
            }
            "domainRegisteredDateTime" => {
                let micros = s.map(|s| DateTime::parse_from_rfc3339(s).unwrap().timestamp_micros());
                row.insert(name.into(), micros.map_or(Value::Null, |m| json!(m)));
                row.insert(format!("{name}Text"), t.clone());
            }
            "riskScore" => {
                let score = s
                    .and_then(|s| s.parse::<f64>().ok())
                    .filter(|f| (0.0..=1.0).contains(f));
                row.insert(name.into(), score.map_or(Value::Null, |f| json!(f)));
                row.insert(format!("{name}Text"), t.clone());
            }
            _ => {
                row.insert(name.into(), t);
            }
        }
    }
    row
}

pub(crate) fn assert_round_trip(input: &[u8]) {
    let batches = read_back(&export(input, 2));
    let schema = connection_schema();
    let mut rows = Vec::new();
    for batch in &batches {
        assert_eq!(batch.schema().fields(), schema.fields());
        for row in 0..batch.num_rows() {
            let cells: serde_json::Map<String, Value> = schema
                .fields()
                .iter()
                .enumerate()
                .map(|(i, field)| (field.name().clone(), cell(batch.column(i).as_ref(), row)))
                .collect();
            rows.push(cells);
        }
    }
    let expected: Vec<_> = connections_of(input)
        .iter()
        .map(|(id, connection)| expected_row(id, connection))
        .collect();
    assert_eq!(
        rows.len(),
        expected.len(),
        "{}",
        String::from_utf8_lossy(&input[..input.len().min(200)])
    );
    for (i, (got, want)) in rows.iter().zip(&expected).enumerate() {
        assert_eq!(got, want, "row {i}");
    }
}
