//! `Alert` and `GraphPage`: whole documents come back as the same JSON value.

use msgraph_network_connection::{Alert, GraphPage, NetworkConnection, SecurityNetworkProtocol};
use serde_json::Value;

fn data(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// Reads `text` as `T` and checks that it writes back the same JSON value,
/// and byte for byte from its compact form.
fn round_trip<T>(text: &str) -> T
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let typed: T = serde_json::from_str(text).unwrap();
    let value: Value = serde_json::from_str(text).unwrap();
    assert_eq!(serde_json::to_value(&typed).unwrap(), value);
    let compact = serde_json::to_string(&value).unwrap();
    let from_compact: T = serde_json::from_str(&compact).unwrap();
    assert_eq!(serde_json::to_string(&from_compact).unwrap(), compact);
    assert_eq!(from_compact, typed);
    let from_value: T = serde_json::from_value(value).unwrap();
    assert_eq!(from_value, typed);
    typed
}

#[test]
fn every_corpus_document_round_trips_typed() {
    let single: &[(&str, usize)] = &[
        ("cli-m365_spec_alertASC.json", 1),
        ("cli-m365_spec_alertIPC.json", 0),
        ("cli-m365_spec_alertMCAS.json", 0),
        (
            "ibm-resilient_fn_microsoft_security_graph_get_alert_details_content.json",
            0,
        ),
        (
            "ibm-resilient_fn_microsoft_security_graph_update_alert_content.json",
            1,
        ),
        (
            "xsoar_msgraphsecurity_get_alert_details_mock_response.json",
            0,
        ),
    ];
    for &(name, connections) in single {
        let alert: Alert = round_trip(&data(name));
        assert_eq!(alert.network_connections.len(), connections, "{name}");
        assert!(alert.id.is_some(), "{name}");
    }

    let pages: &[(&str, usize, usize)] = &[
        (
            "wandeg-graph-docs_docstub_security-list-alerts_response.json",
            1,
            1,
        ),
        (
            "xsoar_msgraphsecurity_search_alerts_mock_response.json",
            3,
            0,
        ),
    ];
    for &(name, alerts, connections) in pages {
        let page: GraphPage<Alert> = round_trip(&data(name));
        assert_eq!(page.value.len(), alerts, "{name}");
        let total: usize = page.value.iter().map(|a| a.network_connections.len()).sum();
        assert_eq!(total, connections, "{name}");
    }

    let list: Vec<Alert> = round_trip(&data("cli-m365_docs_security-alerts-list_response.json"));
    assert_eq!(list.len(), 1);
    assert_eq!(
        list[0].network_connections[0].protocol,
        Some(SecurityNetworkProtocol::Tcp)
    );

    let pages: Vec<GraphPage<Alert>> = round_trip(&data("cli-m365_spec_alertResponse.json"));
    assert_eq!(pages[0].value.len(), 4);
    assert_eq!(
        pages[0].odata_context.as_deref(),
        Some("https://graph.microsoft.com/v1.0/$metadata#security/alerts")
    );
}

#[test]
fn network_connections_null_empty_and_absent_stay_apart() {
    for text in [
        r#"{"id":"a","networkConnections":null}"#,
        r#"{"id":"a","networkConnections":[]}"#,
        r#"{"id":"a"}"#,
        r#"{"networkConnections":[],"id":null}"#,
        r#"{"x":1,"networkConnections":null,"y":2,"id":"a","z":3}"#,
    ] {
        let alert: Alert = serde_json::from_str(text).unwrap();
        assert!(alert.network_connections.is_empty());
        assert_eq!(serde_json::to_string(&alert).unwrap(), text);
    }
    let null: Alert = serde_json::from_str(r#"{"id":"a","networkConnections":null}"#).unwrap();
    let empty: Alert = serde_json::from_str(r#"{"id":"a","networkConnections":[]}"#).unwrap();
    let absent: Alert = serde_json::from_str(r#"{"id":"a"}"#).unwrap();
    assert!(null.network_connections_is_null());
    assert!(!empty.network_connections_is_null());
    assert_ne!(null, empty);
    assert_ne!(empty, absent);
    assert_ne!(null, absent);
}

#[test]
fn connections_added_in_code_are_written_where_graph_puts_them() {
    let mut alert: Alert =
        serde_json::from_str(r#"{"id":"a","networkConnections":null,"severity":"high"}"#).unwrap();
    alert.network_connections.push(
        NetworkConnection::builder()
            .protocol(SecurityNetworkProtocol::Udp)
            .build(),
    );
    assert_eq!(
        serde_json::to_string(&alert).unwrap(),
        r#"{"id":"a","networkConnections":[{"protocol":"udp"}],"severity":"high"}"#
    );

    let mut built = Alert::default();
    built.id = Some("b".into());
    built.additional_data.insert("title".into(), "t".into());
    built.network_connections.push(NetworkConnection::default());
    assert_eq!(
        serde_json::to_string(&built).unwrap(),
        r#"{"id":"b","title":"t","networkConnections":[{}]}"#
    );
}

#[test]
fn pages_keep_their_envelope() {
    for text in [
        r#"{"@odata.context":"c","@odata.count":2,"value":[{"id":"a"},{"id":"b"}],"@odata.nextLink":"n"}"#,
        r#"{"value":null}"#,
        r#"{"value":[]}"#,
        r#"{"@odata.deltaLink":"d","@odata.nextLink":null,"@odata.count":null,"value":[],"extra":[1]}"#,
    ] {
        let page: GraphPage<Alert> = serde_json::from_str(text).unwrap();
        assert_eq!(serde_json::to_string(&page).unwrap(), text);
    }
    let page: GraphPage<Alert> = serde_json::from_str(
        r#"{"@odata.context":"c","@odata.count":2,"@odata.nextLink":"n","@odata.deltaLink":"d","value":[],"x":true}"#,
    )
    .unwrap();
    assert_eq!(page.odata_context.as_deref(), Some("c"));
    assert_eq!(page.count, Some(2));
    assert_eq!(page.next_link.as_deref(), Some("n"));
    assert_eq!(page.delta_link.as_deref(), Some("d"));
    assert_eq!(page.additional_data["x"], true);

    let mut built: GraphPage<NetworkConnection> = GraphPage::default();
    built.next_link = Some("n".into());
    built.value.push(NetworkConnection::default());
    assert_eq!(
        serde_json::to_string(&built).unwrap(),
        r#"{"@odata.nextLink":"n","value":[{}]}"#
    );

    // A page without `value` is refused: it is most likely a single alert
    // read as the wrong type, whose properties would land in
    // `additional_data` of an empty page.
    for (text, error) in [
        ("{}", "missing property `value` at line 1 column 2"),
        (
            r#"{"id":"a","networkConnections":[{"protocol":"tcp"}]}"#,
            "missing property `value` at line 1 column 52",
        ),
    ] {
        let refused = serde_json::from_str::<GraphPage<Alert>>(text).unwrap_err();
        assert_eq!(refused.to_string(), error, "{text}");
    }

    let values: GraphPage<Value> = serde_json::from_str(r#"{"value":[1,"a",null]}"#).unwrap();
    assert_eq!(
        values.value,
        [Value::from(1), Value::from("a"), Value::Null]
    );
}

/// A user's own item type, borrowing from the input (so not `'static`),
/// is read with its own `Deserialize`, with nothing more to write.
#[test]
fn a_page_holds_a_users_borrowing_type() {
    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Summary<'a> {
        id: &'a str,
    }

    let text = r#"{"@odata.nextLink":"next","value":[{"id":"a1"},{"id":"a2"}]}"#;
    let page: GraphPage<Summary<'_>> = serde_json::from_str(text).unwrap();
    assert_eq!(page.value, [Summary { id: "a1" }, Summary { id: "a2" }]);
    assert_eq!(page.next_link.as_deref(), Some("next"));
    let refused = serde_json::from_str::<GraphPage<Summary<'_>>>(r#"{"value":[{"id":1}]}"#);
    assert_eq!(
        refused.unwrap_err().to_string(),
        "invalid type: integer `1`, expected a borrowed string at line 1 column 17"
    );
}

/// A page of the crate's own types, alerts or connections, names each
/// item's place in its errors; inside a user's own item type (here an
/// `Option`) they are placed from the item, as that type reads them.
#[test]
fn pages_of_any_item_type_name_the_crates_own_items() {
    let bad = r#"{"value":[{"id":"a"},{"networkConnections":[{"sourcePort":443}]}]}"#;
    let expected = "value[1].networkConnections[0].sourcePort: invalid type: integer `443`, \
                    expected a string or null at line 1 column 61";
    let error = serde_json::from_str::<GraphPage<Alert>>(bad).unwrap_err();
    assert_eq!(error.to_string(), expected);
    let optional = serde_json::from_str::<GraphPage<Option<Alert>>>(bad).unwrap_err();
    assert_eq!(optional.to_string(), &expected["value[1].".len()..]);
    let connections = r#"{"value":[{},{"protocol":6}]}"#;
    let error = serde_json::from_str::<GraphPage<NetworkConnection>>(connections).unwrap_err();
    assert_eq!(
        error.to_string(),
        "value[1].protocol: invalid type: integer `6`, expected a string \
         (securityNetworkProtocol member name) or null at line 1 column 26"
    );
    // Read outside a page, they stand at the root, from text or from a value.
    let alert = r#"{"networkConnections":[{"sourcePort":443}]}"#;
    let error = serde_json::from_str::<Alert>(alert).unwrap_err();
    assert_eq!(
        error.to_string(),
        "networkConnections[0].sourcePort: invalid type: integer `443`, \
         expected a string or null at line 1 column 40"
    );
    let value: serde_json::Value = serde_json::from_str(alert).unwrap();
    let error = serde_json::from_value::<Alert>(value).unwrap_err();
    assert_eq!(
        error.to_string(),
        "networkConnections[0].sourcePort: invalid type: integer `443`, \
         expected a string or null"
    );
    let page: GraphPage<serde_json::Value> = serde_json::from_str(bad).unwrap();
    assert_eq!(page.value.len(), 2);
}

#[test]
fn errors_carry_the_json_path() {
    let cases: &[(&str, &str)] = &[
        (
            r#"{"value":[{"id":"a"},{"id":"b"},{"id":"c"},{"networkConnections":[{"sourcePort":443}]}]}"#,
            "value[3].networkConnections[0].sourcePort: invalid type: integer `443`, expected a string or null at line 1 column 83",
        ),
        (
            r#"{"value":[{"networkConnections":[{},{"domainRegisteredDateTime":"2019-02-30T00:00:00Z"}]}]}"#,
            "value[0].networkConnections[1].domainRegisteredDateTime: `2019-02-30T00:00:00Z` is not an RFC 3339 timestamp (input is out of range) at line 1 column 86",
        ),
        (
            r#"{"value":[{"id":"a","id":"b"}]}"#,
            "value[0].id: duplicate property at line 1 column 24",
        ),
        (
            r#"{"value":[{"networkConnections":{}}]}"#,
            "value[0].networkConnections: invalid type: map, expected an array of networkConnection objects or null at line 1 column 34",
        ),
        (
            r#"{"value":[{"networkConnections":["tcp"]}]}"#,
            "value[0].networkConnections[0]: invalid type: string \"tcp\", expected a networkConnection object at line 1 column 38",
        ),
        (
            r#"{"value":[7]}"#,
            "value[0]: invalid type: integer `7`, expected an alert object at line 1 column 11",
        ),
        (
            r#"{"value":{}}"#,
            "value: invalid type: map, expected an array or null at line 1 column 11",
        ),
        (
            r#"{"value":[],"value":[]}"#,
            "value: duplicate property at line 1 column 19",
        ),
        (
            r#"{"@odata.count":"3"}"#,
            "@odata.count: invalid type: string \"3\", expected a non-negative integer or null at line 1 column 19",
        ),
        (
            r#"{"@odata.nextLink":5}"#,
            "@odata.nextLink: invalid type: integer `5`, expected a string or null at line 1 column 20",
        ),
        (
            r#"{"x":1,"x":2}"#,
            "x: duplicate property at line 1 column 10",
        ),
        (
            r#"[]"#,
            "invalid type: sequence, expected a Graph collection page object at line 1 column 2",
        ),
    ];
    for (text, expected) in cases {
        let error = serde_json::from_str::<GraphPage<Alert>>(text).unwrap_err();
        assert_eq!(error.to_string(), *expected, "{text}");
    }
}

#[test]
fn a_known_name_in_additional_data_is_refused_when_writing() {
    let mut alert = Alert::default();
    alert
        .additional_data
        .insert("networkConnections".into(), Value::Null);
    assert_eq!(
        serde_json::to_string(&alert).unwrap_err().to_string(),
        "`networkConnections` is in additional_data but is a property the model knows; set its field instead"
    );
}

/// Alerts are `Eq` and `Hash` as connections are: unknown properties
/// compare regardless of order, and what is written (`null` or absent)
/// counts.
#[test]
fn alerts_deduplicate_in_a_hash_set() {
    let alerts: Vec<Alert> = [
        r#"{"id":"a","severity":"high","x":{"b":1,"c":2},"networkConnections":[{"protocol":"tcp"}]}"#,
        r#"{"x":{"c":2,"b":1},"severity":"high","id":"a","networkConnections":[{"protocol":"tcp"}]}"#,
        r#"{"id":"a","severity":"high","x":{"b":1,"c":2},"networkConnections":[{"protocol":"udp"}]}"#,
        r#"{"id":"a","severity":"high","x":{"b":1,"c":2},"networkConnections":null}"#,
        r#"{"id":"a","severity":"high","x":{"b":1,"c":2}}"#,
    ]
    .iter()
    .map(|text| serde_json::from_str(text).unwrap())
    .collect();
    assert_eq!(alerts[0], alerts[1]);
    let distinct: std::collections::HashSet<&Alert> = alerts.iter().collect();
    assert_eq!(distinct.len(), 4);
    // The unknown properties of an alert are the same type as a
    // connection's.
    let severity: &msgraph_network_connection::AdditionalData = &alerts[0].additional_data;
    assert_eq!(severity.get("severity"), Some(&"high".into()));
}
