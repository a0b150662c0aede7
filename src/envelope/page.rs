//! `GraphPage`: the OData collection envelope Graph wraps lists in.

use crate::AdditionalData;
use crate::envelope::shared::{
    self as envelope, CountSeed, ElementReader, Known, ListSeed, Slot, WriteEntry,
};
use crate::json::{
    self, ItemSeed, KeySeed, Listed, Path, Report, SeenNames, reject_types, visitor_seed,
};
use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::marker::PhantomData;

const CONTEXT: usize = 0;
const COUNT: usize = 1;
const NEXT_LINK: usize = 2;
const DELTA_LINK: usize = 3;
const VALUE: usize = 4;
const KNOWN: &[&str] = &[
    "@odata.context",
    "@odata.count",
    "@odata.nextLink",
    "@odata.deltaLink",
    "value",
];

/// One page of a Graph collection:
/// `{"@odata.context": ..., "@odata.nextLink": ..., "value": [...]}`.
///
/// Generic over the item; `GraphPage<Alert>` is what `GET /security/alerts`
/// returns. Lossless like [`Alert`](crate::Alert): every other property is kept in
/// [`additional_data`](GraphPage::additional_data), `null`s and the order of
/// properties are kept, and `"value": null`, `[]` and absent stay apart.
///
/// Errors inside items name their path, e.g.
/// `value[3].networkConnections[0].sourcePort`, when the item is an
/// [`Alert`](crate::Alert) or a [`NetworkConnection`](crate::NetworkConnection); errors from
/// other item types carry their own message and the position.
///
/// ```
/// use msgraph_network_connection::{Alert, GraphPage};
///
/// let page: GraphPage<Alert> = serde_json::from_str(
///     r#"{"@odata.nextLink":"https://graph.microsoft.com/v1.0/security/alerts?$skip=1",
///         "value":[{"id":"a1","networkConnections":[{"sourcePort":"443"}]}]}"#,
/// )?;
/// assert_eq!(page.value[0].network_connections[0].source_port.as_deref(), Some("443"));
/// assert!(page.next_link.is_some());
///
/// let bad = serde_json::from_str::<GraphPage<Alert>>(
///     r#"{"value":[{"id":"a1","networkConnections":[{"sourcePort":443}]}]}"#,
/// );
/// assert_eq!(
///     bad.unwrap_err().to_string(),
///     "value[0].networkConnections[0].sourcePort: invalid type: integer `443`, \
///      expected a string or null at line 1 column 60"
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone)]
#[non_exhaustive]
pub struct GraphPage<T> {
    /// `@odata.context`: the metadata URL of the collection.
    pub odata_context: Option<String>,
    /// `@odata.count`: the size of the whole collection, when asked for.
    pub count: Option<u64>,
    /// `@odata.nextLink`: the URL of the next page.
    pub next_link: Option<String>,
    /// `@odata.deltaLink`: the URL to ask for later changes.
    pub delta_link: Option<String>,
    /// `value`: the items of this page.
    pub value: Vec<T>,
    /// Every other property and annotation, in input order (with the default
    /// `preserve_order` feature; `shift_remove` keeps the order of the rest,
    /// `remove` does not).
    pub additional_data: AdditionalData,
    slots: [Slot; 5],
}

impl<T> Default for GraphPage<T> {
    fn default() -> Self {
        GraphPage {
            odata_context: None,
            count: None,
            next_link: None,
            delta_link: None,
            value: Vec::new(),
            additional_data: AdditionalData::new(),
            slots: Default::default(),
        }
    }
}

impl<T> GraphPage<T> {
    /// Whether the property came in as `null` and its field is still empty.
    fn is_null(&self, index: usize) -> bool {
        let empty = match index {
            CONTEXT => self.odata_context.is_none(),
            COUNT => self.count.is_none(),
            NEXT_LINK => self.next_link.is_none(),
            DELTA_LINK => self.delta_link.is_none(),
            _ => self.value.is_empty(),
        };
        empty && self.slots[index].null
    }

    /// Whether `value` is written as an array (`[]` when empty).
    fn value_is_written(&self) -> bool {
        !self.value.is_empty() || (self.slots[VALUE].position.is_some() && !self.slots[VALUE].null)
    }
}

impl<T: PartialEq> PartialEq for GraphPage<T> {
    fn eq(&self, other: &Self) -> bool {
        self.odata_context == other.odata_context
            && self.count == other.count
            && self.next_link == other.next_link
            && self.delta_link == other.delta_link
            && self.value == other.value
            && self.additional_data == other.additional_data
            && (0..KNOWN.len()).all(|i| self.is_null(i) == other.is_null(i))
            && self.value_is_written() == other.value_is_written()
    }
}

impl<T: fmt::Debug> fmt::Debug for GraphPage<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GraphPage")
            .field("odata_context", &self.odata_context)
            .field("count", &self.count)
            .field("next_link", &self.next_link)
            .field("delta_link", &self.delta_link)
            .field("value", &self.value)
            .field("additional_data", &self.additional_data)
            .finish()
    }
}

impl<T: Serialize> Serialize for GraphPage<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let context =
            |m: &mut S::SerializeMap| m.serialize_entry(KNOWN[CONTEXT], &self.odata_context);
        let count = |m: &mut S::SerializeMap| m.serialize_entry(KNOWN[COUNT], &self.count);
        let next = |m: &mut S::SerializeMap| m.serialize_entry(KNOWN[NEXT_LINK], &self.next_link);
        let delta =
            |m: &mut S::SerializeMap| m.serialize_entry(KNOWN[DELTA_LINK], &self.delta_link);
        let value = |m: &mut S::SerializeMap| match self.value_is_written() {
            true => m.serialize_entry(KNOWN[VALUE], &self.value),
            false => m.serialize_entry(KNOWN[VALUE], &()),
        };
        let writers: [(&WriteEntry<'_, S::SerializeMap>, bool); 5] = [
            (&context, self.odata_context.is_some()),
            (&count, self.count.is_some()),
            (&next, self.next_link.is_some()),
            (&delta, self.delta_link.is_some()),
            (&value, self.value_is_written()),
        ];
        let mut index = 0;
        let known = writers.map(|(write, set)| {
            let known = Known {
                position: self.slots[index].position,
                last: false,
                write: (set || self.is_null(index)).then_some(write),
            };
            index += 1;
            known
        });
        let mut map = serializer.serialize_map(None)?;
        envelope::write_object(&mut map, known, &self.additional_data, |name| {
            KNOWN.contains(&name)
        })?;
        map.end()
    }
}

/// Any item type that is `Deserialize`; an alert's or a connection's
/// errors name its place (`value[3]`).
impl<'de, T: Deserialize<'de>> Deserialize<'de> for GraphPage<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let report = Report::in_text();
        PageSeed {
            at: &Path::Root(&report),
            item: PhantomData,
        }
        .deserialize(deserializer)
    }
}

pub(crate) struct PageSeed<'a, 'p, T> {
    pub(crate) at: &'a Path<'p>,
    pub(crate) item: PhantomData<T>,
}

visitor_seed!(['de, T: Deserialize<'de>] PageSeed<'_, '_, T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for PageSeed<'_, '_, T> {
    type Value = GraphPage<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Graph collection page object")
    }

    reject_types!(null, bool, i64, u64, f64, str, bytes, seq);

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<GraphPage<T>, A::Error> {
        let mut page = GraphPage::default();
        let mut seen = SeenNames::default();
        let mut unknown = None;
        let mut position = 0;
        while let Some(key) = map.next_key_seed(KeySeed::new(Listed(KNOWN), &mut unknown))? {
            match key {
                Some(index) => {
                    let slot = &mut page.slots[index];
                    slot.arrive(&mut seen, (index, KNOWN[index]), position, self.at)?;
                    let at = self.at.key(KNOWN[index]);
                    let text = match index {
                        CONTEXT => Some(&mut page.odata_context),
                        NEXT_LINK => Some(&mut page.next_link),
                        DELTA_LINK => Some(&mut page.delta_link),
                        _ => None,
                    };
                    page.slots[index].null = match (index, text) {
                        (_, Some(field)) => {
                            *field = json::read_text(&mut map, &at)?;
                            field.is_none()
                        }
                        (COUNT, None) => {
                            page.count = map.next_value_seed(CountSeed { at: &at })?;
                            page.count.is_none()
                        }
                        _ => !map.next_value_seed(ListSeed {
                            at: &at,
                            expecting: "an array",
                            elements: ItemsInto(&mut page.value),
                        })?,
                    };
                }
                None => {
                    let name = unknown.take().expect("the key seed keeps unknown names");
                    let kept = &mut page.additional_data;
                    json::read_unknown(&mut map, self.at, name, true, kept, &mut seen)?
                }
            }
            position += 1;
        }
        if page.slots[VALUE].position.is_none() {
            // Without this, a single alert read as a page would be an
            // empty page holding the alert's properties.
            return Err(self.at.error("missing property `value`"));
        }
        Ok(page)
    }
}

struct ItemsInto<'v, T>(&'v mut Vec<T>);

impl<'de, T: Deserialize<'de>> ElementReader<'de> for ItemsInto<'_, T> {
    fn read_next<A: SeqAccess<'de>>(
        &mut self,
        seq: &mut A,
        _at: &Path<'_>,
    ) -> Result<bool, A::Error> {
        let index = self.0.len();
        let item = PhantomData;
        match seq.next_element_seed(ItemSeed { index, item })? {
            Some(item) => {
                self.0.push(item);
                Ok(true)
            }
            None => Ok(false),
        }
    }
}
