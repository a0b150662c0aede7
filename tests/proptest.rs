//! Property tests: arbitrary connections, written as compact JSON in Graph
//! order, come back byte for byte; anything read is a fixed point.
// The byte-for-byte test needs both default features; its generators are
// unused without them.
#![cfg_attr(
    not(all(feature = "preserve_order", feature = "float_roundtrip")),
    allow(dead_code)
)]

use msgraph_network_connection::{NetworkConnection, Property};
use proptest::prelude::*;
use support::mutation::{apply, corpus, mutation};

mod support {
    pub mod mutation;
}
use serde_json::{Map, Value};

/// One property's state on the wire.
#[derive(Clone, Debug)]
enum Slot {
    Absent,
    Null,
    Text(String),
}

fn member_name(known: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(known).prop_map(String::from),
        1 => "[a-zA-Z]{0,12}",
        1 => any::<String>(),
    ]
}

fn timestamp() -> impl Strategy<Value = String> {
    let fraction = proptest::option::of("[0-9]{1,9}");
    let offset = prop_oneof![
        Just("Z".to_string()),
        Just("z".to_string()),
        (prop_oneof![Just('+'), Just('-')], 0..24u32, 0..60u32)
            .prop_map(|(sign, h, m)| format!("{sign}{h:02}:{m:02}")),
    ];
    (
        (1..=9998i32, 1..=12u32, 1..=28u32),
        (0..24u32, 0..60u32, 0..60u32),
        fraction,
        prop_oneof![Just('T'), Just('t')],
        offset,
    )
        .prop_map(|((y, mo, d), (h, mi, s), fraction, sep, offset)| {
            let fraction = fraction.map(|f| format!(".{f}")).unwrap_or_default();
            format!("{y:04}-{mo:02}-{d:02}{sep}{h:02}:{mi:02}:{s:02}{fraction}{offset}")
        })
}

fn text_for(property: Property) -> BoxedStrategy<String> {
    const PROTOCOLS: &[&str] = &[
        "unknown",
        "ip",
        "tcp",
        "udp",
        "icmpV6",
        "spxII",
        "unknownFutureValue",
    ];
    const DIRECTIONS: &[&str] = &["unknown", "inbound", "outbound", "unknownFutureValue"];
    const STATUSES: &[&str] = &[
        "unknown",
        "attempted",
        "succeeded",
        "blocked",
        "failed",
        "unknownFutureValue",
    ];
    match property {
        Property::Protocol => member_name(PROTOCOLS).boxed(),
        Property::Direction => member_name(DIRECTIONS).boxed(),
        Property::Status => member_name(STATUSES).boxed(),
        Property::DomainRegisteredDateTime => timestamp().boxed(),
        _ => any::<String>().boxed(),
    }
}

fn slot(property: Property) -> impl Strategy<Value = Slot> {
    prop_oneof![
        1 => Just(Slot::Absent),
        1 => Just(Slot::Null),
        2 => text_for(property).prop_map(Slot::Text),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::vec((any::<String>(), inner), 0..4)
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
}

fn additional_data() -> impl Strategy<Value = Map<String, Value>> {
    proptest::collection::vec((any::<String>(), json_value()), 0..4).prop_map(|entries| {
        entries
            .into_iter()
            .filter(|(name, _)| Property::from_name(name).is_none())
            .collect()
    })
}

fn slots() -> impl Strategy<Value = Vec<Slot>> {
    Property::ALL.iter().map(|&p| slot(p)).collect::<Vec<_>>()
}

/// The compact JSON Graph would write for these slots.
fn render(slots: &[Slot], additional: &Map<String, Value>) -> String {
    let mut object = Map::new();
    for (property, slot) in Property::ALL.iter().zip(slots) {
        match slot {
            Slot::Absent => {}
            Slot::Null => {
                object.insert(property.name().into(), Value::Null);
            }
            Slot::Text(text) => {
                object.insert(property.name().into(), Value::String(text.clone()));
            }
        }
    }
    object.extend(additional.clone());
    serde_json::to_string(&object).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    // Byte for byte needs input order and correctly rounded numbers kept.
    #[cfg(all(feature = "preserve_order", feature = "float_roundtrip"))]
    #[test]
    fn compact_graph_order_round_trips_byte_for_byte(slots in slots(), additional in additional_data()) {
        let input = render(&slots, &additional);
        let connection: NetworkConnection = serde_json::from_str(&input).unwrap();
        let written = serde_json::to_string(&connection).unwrap();
        prop_assert_eq!(&written, &input);

        for (&property, slot) in Property::ALL.iter().zip(&slots) {
            prop_assert_eq!(connection.is_null(property), matches!(slot, Slot::Null));
            prop_assert_eq!(connection.is_set(property), matches!(slot, Slot::Text(_)));
        }
        prop_assert_eq!(&connection.additional_data, &additional);

        let value: Value = serde_json::from_str(&input).unwrap();
        let from_value: NetworkConnection = serde_json::from_value(value.clone()).unwrap();
        prop_assert_eq!(&from_value, &connection);
        prop_assert_eq!(serde_json::to_value(&from_value).unwrap(), value);

        let again: NetworkConnection = serde_json::from_str(&written).unwrap();
        prop_assert_eq!(&again, &connection);
        prop_assert_eq!(serde_json::to_string(&again).unwrap(), written);
    }

    #[test]
    fn connections_changed_in_code_are_a_fixed_point(
        slots in slots(),
        seconds in 0i64..253_402_300_799,
        nanos in 0u32..1_000_000_000,
    ) {
        let input = render(&slots, &Map::new());
        let mut connection: NetworkConnection = serde_json::from_str(&input).unwrap();
        connection.domain_registered_date_time = chrono::DateTime::from_timestamp(seconds, nanos);
        let written = serde_json::to_string(&connection).unwrap();
        let again: NetworkConnection = serde_json::from_str(&written).unwrap();
        prop_assert_eq!(&again, &connection);
        prop_assert_eq!(serde_json::to_string(&again).unwrap(), written);
    }
}

/// Every corpus payload, for mutation.
/// Parses `bytes` as `T`; when it parses, writing is a fixed point.
fn parse_is_fixed_point<T>(bytes: &[u8]) -> Result<(), TestCaseError>
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    if let Ok(parsed) = serde_json::from_slice::<T>(bytes) {
        let written = serde_json::to_vec(&parsed).unwrap();
        let again: T = serde_json::from_slice(&written).unwrap();
        prop_assert_eq!(&again, &parsed);
        prop_assert_eq!(serde_json::to_vec(&again).unwrap(), written);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn mutated_corpus_payloads_never_panic(
        which in any::<proptest::sample::Index>(),
        mutations in proptest::collection::vec(mutation(), 1..4),
    ) {
        let corpus = corpus();
        let bytes = apply(which.get(&corpus).clone(), &mutations);
        parse_is_fixed_point::<msgraph_network_connection::Alert>(&bytes)?;
        parse_is_fixed_point::<Vec<msgraph_network_connection::Alert>>(&bytes)?;
        parse_is_fixed_point::<msgraph_network_connection::GraphPage<msgraph_network_connection::Alert>>(&bytes)?;
        parse_is_fixed_point::<Vec<msgraph_network_connection::GraphPage<msgraph_network_connection::Alert>>>(&bytes)?;
        parse_is_fixed_point::<NetworkConnection>(&bytes)?;
        for alert in msgraph_network_connection::AlertReader::new(&bytes[..]).flatten() {
            parse_is_fixed_point::<msgraph_network_connection::Alert>(&serde_json::to_vec(&alert).unwrap())?;
        }
    }
}
