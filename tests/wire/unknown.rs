//! Unrecognized enum members and unknown properties: kept as read, in
//! input order, numbers included.

use super::{parse, write};
use msgraph_network_connection::{ConnectionDirection, ConnectionStatus, SecurityNetworkProtocol};
use serde_json::json;

#[test]
fn enums_are_typed_and_unknown_members_kept() {
    let connection = parse(r#"{"direction":"outbound","protocol":"spxII","status":"quarantined"}"#);
    assert_eq!(connection.direction, Some(ConnectionDirection::Outbound));
    assert_eq!(connection.protocol, Some(SecurityNetworkProtocol::SpxII));
    let status = connection.status.as_ref().unwrap();
    assert!(!status.is_known());
    assert_eq!(status.as_str(), "quarantined");
    assert_eq!(status.code(), None);

    let mut changed = connection.clone();
    changed.status = Some(ConnectionStatus::Failed);
    assert_eq!(
        write(&changed),
        r#"{"direction":"outbound","protocol":"spxII","status":"failed"}"#
    );
}

#[test]
fn additional_data_is_kept_in_order_and_written_last() {
    let connection =
        parse(r#"{"z":{"y":[1,2]},"protocol":"tcp","a":"x","protocol@odata.type":"p"}"#);
    let names: Vec<&str> = connection
        .additional_data
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(connection.additional_data["z"], json!({"y": [1, 2]}));
    if cfg!(feature = "preserve_order") {
        assert_eq!(names, ["z", "a", "protocol@odata.type"]);
        assert_eq!(
            write(&connection),
            r#"{"protocol":"tcp","z":{"y":[1,2]},"a":"x","protocol@odata.type":"p"}"#
        );
    } else {
        assert_eq!(names, ["a", "protocol@odata.type", "z"]);
        assert_eq!(
            write(&connection),
            r#"{"protocol":"tcp","a":"x","protocol@odata.type":"p","z":{"y":[1,2]}}"#
        );
    }
}

#[test]
fn a_known_name_in_additional_data_is_refused_when_writing() {
    let mut connection = parse(r#"{"sourcePort":"1"}"#);
    connection
        .additional_data
        .insert("sourcePort".into(), json!("2"));
    assert_eq!(
        serde_json::to_string(&connection).unwrap_err().to_string(),
        "`sourcePort` is in additional_data but is a property the model knows; set its field instead"
    );
}

#[test]
fn long_numbers_in_unknown_properties_are_a_fixed_point() {
    let first =
        parse(r#"{"n":1234567890123456789012345678901,"m":0.30000000000000004,"k":5e-324}"#);
    let written = write(&first);
    match (
        cfg!(feature = "preserve_order"),
        cfg!(feature = "float_roundtrip"),
    ) {
        (true, true) => {
            assert_eq!(
                written,
                r#"{"n":1.2345678901234568e+30,"m":0.30000000000000004,"k":5e-324}"#
            );
            let second = parse(&written);
            assert_eq!(second, first);
            assert_eq!(write(&second), written);
        }
        // Without `float_roundtrip`, serde_json's faster parse can be one
        // unit in the last place off: the number changes on the first trip.
        (false, false) => assert_eq!(
            written,
            r#"{"k":5e-324,"m":0.30000000000000004,"n":1.2345678901234567e+30}"#
        ),
        _ => {}
    }
}
