//! Every connection in the real alert payloads of `tests/data` comes back
//! unchanged: as the same JSON value, and byte for byte in compact form.

use msgraph_network_connection::{NetworkConnection, SecurityNetworkProtocol};
use serde_json::Value;
use std::path::Path;

/// Each payload with the number of connections it holds.
const PAYLOADS: &[(&str, usize)] = &[
    ("cli-m365_docs_security-alerts-list_response.json", 1),
    ("cli-m365_spec_alertASC.json", 1),
    ("cli-m365_spec_alertIPC.json", 0),
    ("cli-m365_spec_alertMCAS.json", 0),
    ("cli-m365_spec_alertResponse.json", 1),
    (
        "ibm-resilient_fn_microsoft_security_graph_get_alert_details_content.json",
        0,
    ),
    (
        "ibm-resilient_fn_microsoft_security_graph_update_alert_content.json",
        1,
    ),
    (
        "wandeg-graph-docs_docstub_security-list-alerts_response.json",
        1,
    ),
    (
        "xsoar_msgraphsecurity_get_alert_details_mock_response.json",
        0,
    ),
    ("xsoar_msgraphsecurity_search_alerts_mock_response.json", 0),
];

fn data_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data"))
}

fn load(name: &str) -> Value {
    let text = std::fs::read_to_string(data_dir().join(name)).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Every element of every `networkConnections` array in the document.
fn connections(value: &Value, found: &mut Vec<Value>) {
    match value {
        Value::Object(object) => {
            for (name, child) in object {
                match (name.as_str(), child) {
                    ("networkConnections", Value::Array(items)) => {
                        found.extend(items.iter().cloned())
                    }
                    _ => connections(child, found),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| connections(item, found)),
        _ => {}
    }
}

fn corpus_connections(name: &str) -> Vec<Value> {
    let mut found = Vec::new();
    connections(&load(name), &mut found);
    found
}

#[test]
fn the_table_lists_every_payload() {
    let mut on_disk: Vec<String> = std::fs::read_dir(data_dir())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".json"))
        .collect();
    on_disk.sort();
    let listed: Vec<&str> = PAYLOADS.iter().map(|(name, _)| *name).collect();
    assert_eq!(on_disk, listed);
}

#[test]
fn every_corpus_connection_round_trips() {
    let mut total = 0;
    for &(name, count) in PAYLOADS {
        let found = corpus_connections(name);
        assert_eq!(found.len(), count, "{name}");
        for value in found {
            let connection: NetworkConnection = serde_json::from_value(value.clone()).unwrap();
            assert_eq!(serde_json::to_value(&connection).unwrap(), value, "{name}");

            let compact = serde_json::to_string(&value).unwrap();
            let connection: NetworkConnection = serde_json::from_str(&compact).unwrap();
            assert_eq!(
                serde_json::to_string(&connection).unwrap(),
                compact,
                "{name}"
            );
            total += 1;
        }
    }
    assert_eq!(total, 5);
}

#[test]
fn a_real_defender_for_cloud_connection_reads_typed() {
    let found =
        corpus_connections("ibm-resilient_fn_microsoft_security_graph_update_alert_content.json");
    let connection: NetworkConnection = serde_json::from_value(found[0].clone()).unwrap();
    assert_eq!(connection.protocol, Some(SecurityNetworkProtocol::Tcp));
    assert_eq!(
        connection.source_ip().unwrap(),
        Some([12, 34, 56, 78].into())
    );
    assert_eq!(connection.destination_port_number().unwrap(), Some(514));
    assert_eq!(
        connection.source_location.as_deref(),
        Some("Fort Worth, Texas, US")
    );
    assert_eq!(connection.source_port_number().unwrap(), None);
    assert_eq!(connection.validate(), Ok(()));
}

#[test]
fn the_documentation_sample_keeps_placeholders_and_its_timestamp() {
    let found = corpus_connections("wandeg-graph-docs_docstub_security-list-alerts_response.json");
    let connection: NetworkConnection = serde_json::from_value(found[0].clone()).unwrap();
    assert_eq!(
        connection.odata_type.as_deref(),
        Some("microsoft.graph.networkConnection")
    );
    let protocol = connection.protocol.as_ref().unwrap();
    assert!(!protocol.is_known());
    assert_eq!(protocol.as_str(), "String");
    assert_eq!(
        connection.domain_registered_date_time.unwrap().to_rfc3339(),
        "2017-01-01T00:01:30.709829700+00:00"
    );
    assert_eq!(
        connection.validate().unwrap_err().to_string(),
        "8 malformed properties: \
         destinationAddress: `Destination Address value` is not an IP address; \
         destinationPort: `Destination Port value` is not a port number (0-65535); \
         natDestinationAddress: `Nat Destination Address value` is not an IP address; \
         natDestinationPort: `Nat Destination Port value` is not a port number (0-65535); \
         natSourceAddress: `Nat Source Address value` is not an IP address; \
         natSourcePort: `Nat Source Port value` is not a port number (0-65535); \
         sourceAddress: `Source Address value` is not an IP address; \
         sourcePort: `Source Port value` is not a port number (0-65535)"
    );
}
