//! `AdditionalData`: the properties a connection, an alert or a page has
//! that the model does not know, held out of line because they are usually
//! none.

use serde_json::{Map, Value};
use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::OnceLock;

/// The properties and instance annotations of a connection, an alert or a
/// page that the model does not know (`protocol@odata.type`, `@odata.id`,
/// an alert's `severity`, properties Graph adds later), in input order
/// (with the default `preserve_order` feature). One type for all three:
/// equal and hashed regardless of order, as `Eq` and `Hash` need.
///
/// It is a [`serde_json::Map`] to use (it dereferences to one), held behind
/// a pointer that is null while the map is empty: most connections have no
/// unknown properties, and an inline map would make every connection 64
/// bytes larger. Mutable access makes the map, so reading never allocates.
///
/// To remove one property and keep the others' order, use `shift_remove`:
/// `remove` moves the last property into the removed one's place.
///
/// ```
/// use msgraph_network_connection::NetworkConnection;
/// use serde_json::json;
///
/// let mut c: NetworkConnection = serde_json::from_str(r#"{"protocol":"tcp","x":1}"#)?;
/// assert_eq!(c.additional_data.get("x"), Some(&json!(1)));
/// c.additional_data.insert("y".into(), json!(true));
/// assert_eq!(serde_json::to_string(&c)?, r#"{"protocol":"tcp","x":1,"y":true}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Default)]
pub struct AdditionalData(Option<Box<Map<String, Value>>>);

impl AdditionalData {
    /// An empty set, with no allocation.
    pub const fn new() -> Self {
        AdditionalData(None)
    }

    /// The map, unless nothing was ever written: no shared empty map to
    /// reach (serialization asks once per connection).
    pub(crate) fn written(&self) -> Option<&Map<String, Value>> {
        self.0.as_deref()
    }

    /// The map itself.
    pub fn into_map(self) -> Map<String, Value> {
        self.0.map(|map| *map).unwrap_or_default()
    }
}

impl Deref for AdditionalData {
    type Target = Map<String, Value>;

    fn deref(&self) -> &Map<String, Value> {
        static EMPTY: OnceLock<Map<String, Value>> = OnceLock::new();
        match &self.0 {
            Some(map) => map,
            None => EMPTY.get_or_init(Map::new),
        }
    }
}

impl DerefMut for AdditionalData {
    fn deref_mut(&mut self) -> &mut Map<String, Value> {
        self.0.get_or_insert_default()
    }
}

impl From<Map<String, Value>> for AdditionalData {
    fn from(map: Map<String, Value>) -> Self {
        AdditionalData((!map.is_empty()).then(|| Box::new(map)))
    }
}

impl From<AdditionalData> for Map<String, Value> {
    fn from(data: AdditionalData) -> Self {
        data.into_map()
    }
}

impl FromIterator<(String, Value)> for AdditionalData {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(iter: I) -> Self {
        Map::from_iter(iter).into()
    }
}

impl Extend<(String, Value)> for AdditionalData {
    fn extend<I: IntoIterator<Item = (String, Value)>>(&mut self, iter: I) {
        let mut iter = iter.into_iter().peekable();
        if iter.peek().is_some() {
            self.deref_mut().extend(iter);
        }
    }
}

impl<'a> IntoIterator for &'a AdditionalData {
    type Item = (&'a String, &'a Value);
    type IntoIter = serde_json::map::Iter<'a>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl IntoIterator for AdditionalData {
    type Item = (String, Value);
    type IntoIter = serde_json::map::IntoIter;

    fn into_iter(self) -> Self::IntoIter {
        self.into_map().into_iter()
    }
}

/// Compares as maps: an empty set equals one that was emptied.
impl PartialEq for AdditionalData {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Eq for AdditionalData {}

impl PartialEq<Map<String, Value>> for AdditionalData {
    fn eq(&self, other: &Map<String, Value>) -> bool {
        **self == *other
    }
}

impl std::hash::Hash for AdditionalData {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (**self).hash(state);
    }
}

impl fmt::Debug for AdditionalData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt(f)
    }
}
