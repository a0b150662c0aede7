//! `Alert`: a Graph security alert, typed where this crate cares (its `id`
//! and `networkConnections`) and kept as it came for everything else.

use crate::envelope::not_alert;
use crate::envelope::shared::{self as envelope, ElementReader, Known, ListSeed, Slot};
use crate::json::{
    self, ConnectionSeed, KeySeed, Listed, Path, SeenNames, reject_types, visitor_seed,
};
use crate::{AdditionalData, NetworkConnection};
use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

const ID: usize = 0;
const NETWORK_CONNECTIONS: usize = 1;
const KNOWN: &[&str] = &["id", "networkConnections"];

/// A Graph security alert (`microsoft.graph.alert`, as returned by
/// `GET /security/alerts/{id}`).
///
/// Its `networkConnections` are typed; every other property is kept in
/// [`additional_data`](Alert::additional_data) untouched and written back in
/// its place, so an alert round-trips to the same JSON value. An `id` or
/// `networkConnections` that came in as `null` goes out as `null`, and
/// `"networkConnections": null`, `[]` and an absent property stay three
/// different things while `network_connections` is empty.
///
/// An object with neither `id` nor `networkConnections` is not an alert
/// and is refused, with an error that says what it is: a Graph error
/// response (`{"error":{"code":...,"message":...}}`, quoted), a `$batch`
/// response, a page, or an object of no known kind.
///
/// ```
/// use msgraph_network_connection::Alert;
///
/// let alert: Alert = serde_json::from_str(
///     r#"{"id":"a1","severity":"high","networkConnections":[{"protocol":"udp"}]}"#,
/// )?;
/// assert_eq!(alert.id.as_deref(), Some("a1"));
/// assert_eq!(alert.network_connections.len(), 1);
/// assert_eq!(alert.additional_data.get("severity"), Some(&"high".into()));
/// assert_eq!(
///     serde_json::to_string(&alert)?,
///     r#"{"id":"a1","severity":"high","networkConnections":[{"protocol":"udp"}]}"#
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Default)]
#[non_exhaustive]
pub struct Alert {
    /// The alert's `id`.
    pub id: Option<String>,
    /// The alert's `networkConnections`.
    pub network_connections: Vec<NetworkConnection>,
    /// Every other property of the alert, in input order (with the default
    /// `preserve_order` feature; `shift_remove` keeps the order of the rest,
    /// `remove` does not).
    pub additional_data: AdditionalData,
    slots: [Slot; 2],
}

impl Alert {
    /// Whether `networkConnections` came in as `null` and is still empty.
    pub fn network_connections_is_null(&self) -> bool {
        self.network_connections.is_empty() && self.slots[NETWORK_CONNECTIONS].null
    }

    /// How `networkConnections` is written.
    fn connections_form(&self) -> ConnectionsForm {
        let slot = &self.slots[NETWORK_CONNECTIONS];
        if !self.network_connections.is_empty() || (slot.position.is_some() && !slot.null) {
            ConnectionsForm::Array
        } else if slot.position.is_some() {
            ConnectionsForm::Null
        } else {
            ConnectionsForm::Absent
        }
    }

    fn id_is_null(&self) -> bool {
        self.id.is_none() && self.slots[ID].null
    }
}

/// How an alert's `networkConnections` is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum ConnectionsForm {
    /// As an array (`[]` when empty).
    Array,
    /// As `null`: it came in so and is still empty.
    Null,
    /// Not at all.
    Absent,
}

impl PartialEq for Alert {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
            && self.network_connections == other.network_connections
            && self.additional_data == other.additional_data
            && self.id_is_null() == other.id_is_null()
            && self.connections_form() == other.connections_form()
    }
}

impl Eq for Alert {}

/// Agrees with `Eq`: hashes what equality compares (unknown properties
/// regardless of their order), so alerts can be deduplicated in a
/// `HashSet`, as connections can.
impl std::hash::Hash for Alert {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.id.hash(state);
        self.network_connections.hash(state);
        self.additional_data.hash(state);
        self.id_is_null().hash(state);
        self.connections_form().hash(state);
    }
}

impl fmt::Debug for Alert {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Alert")
            .field("id", &self.id)
            .field("network_connections", &self.network_connections)
            .field("additional_data", &self.additional_data)
            .finish()
    }
}

impl Serialize for Alert {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let id = |map: &mut S::SerializeMap| map.serialize_entry("id", &self.id);
        let connections = |map: &mut S::SerializeMap| match self.connections_form() {
            ConnectionsForm::Null => map.serialize_entry("networkConnections", &()),
            _ => map.serialize_entry("networkConnections", &self.network_connections),
        };
        let known = [
            Known {
                position: self.slots[ID].position,
                last: false,
                write: (self.id.is_some() || self.id_is_null()).then_some(&id as _),
            },
            Known {
                position: self.slots[NETWORK_CONNECTIONS].position,
                last: true,
                write: (self.connections_form() != ConnectionsForm::Absent)
                    .then_some(&connections as _),
            },
        ];
        let mut map = serializer.serialize_map(None)?;
        envelope::write_object(&mut map, known, &self.additional_data, |name| {
            KNOWN.contains(&name)
        })?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for Alert {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        json::deserialize_placed(deserializer)
    }
}

impl<'de> json::ReadAt<'de> for Alert {
    const EXPECTING: &'static str = "an alert object";

    fn read_at<D: Deserializer<'de>>(at: &Path<'_>, deserializer: D) -> Result<Self, D::Error> {
        AlertSeed {
            at,
            keep_unknown: true,
            max_connections: usize::MAX,
        }
        .deserialize(deserializer)
    }
}

/// Deserializes an alert found at `at`; with `keep_unknown` unset, the
/// properties other than `id` and `networkConnections` are checked and
/// skipped rather than kept (for streaming connections). Connections past
/// `max_connections + 1` are checked and dropped, so that a caller can see
/// that there were more than it wants to hold.
pub(crate) struct AlertSeed<'a, 'p> {
    pub(crate) at: &'a Path<'p>,
    pub(crate) keep_unknown: bool,
    pub(crate) max_connections: usize,
}

visitor_seed!(['de] AlertSeed<'_, '_>);

impl<'de> Visitor<'de> for AlertSeed<'_, '_> {
    type Value = Alert;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an alert object")
    }

    reject_types!(null, bool, i64, u64, f64, str, bytes, seq);

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Alert, A::Error> {
        let mut alert = Alert::default();
        let mut seen = SeenNames::default();
        let mut unknown = None;
        let mut position = 0;
        while let Some(key) = map
            .next_key_seed(KeySeed::new(Listed(KNOWN), &mut unknown))
            .map_err(|error| self.at.locate(error))?
        {
            match key {
                Some(index) => {
                    let slot = &mut alert.slots[index];
                    slot.arrive(&mut seen, (index, KNOWN[index]), position, self.at)?;
                    let at = self.at.key(KNOWN[index]);
                    alert.slots[index].null = if index == ID {
                        alert.id = json::read_text(&mut map, &at)?;
                        alert.id.is_none()
                    } else {
                        !map.next_value_seed(ListSeed {
                            at: &at,
                            expecting: "an array of networkConnection objects",
                            elements: ConnectionsInto {
                                kept: &mut alert.network_connections,
                                max: self.max_connections,
                            },
                        })?
                    };
                }
                None => {
                    let name = unknown.take().expect("the key seed keeps unknown names");
                    let keep = self.keep_unknown || not_alert::TELLING.contains(&name.as_ref());
                    let kept = &mut alert.additional_data;
                    json::read_unknown(&mut map, self.at, name, keep, kept, &mut seen)?
                }
            }
            position += 1;
        }
        if alert.slots.iter().all(|slot| slot.position.is_none()) {
            return Err(self.at.error(not_alert::message(&alert.additional_data)));
        }
        if !self.keep_unknown {
            alert.additional_data.clear();
        }
        Ok(alert)
    }
}

struct ConnectionsInto<'v> {
    kept: &'v mut Vec<NetworkConnection>,
    max: usize,
}

impl<'de> ElementReader<'de> for ConnectionsInto<'_> {
    fn read_next<A: SeqAccess<'de>>(
        &mut self,
        seq: &mut A,
        at: &Path<'_>,
    ) -> Result<bool, A::Error> {
        match seq.next_element_seed(ConnectionSeed { at })? {
            Some(connection) => {
                if self.kept.len() <= self.max {
                    self.kept.push(connection);
                }
                Ok(true)
            }
            None => Ok(false),
        }
    }
}
