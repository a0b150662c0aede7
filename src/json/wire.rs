//! What keeps the wire form exact: which properties came in as `null`, the
//! timestamp's original text, and the per-type reading and writing of values.

use crate::Property;
use crate::json::path::{Path, accept_null, reject_types};
use crate::model::timestamp::{self, GraphTimestamp};
use chrono::{DateTime, Utc};
use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde::ser::{self, SerializeMap};
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

// The table must fit `PropertySet`'s bits.
const _: () = assert!(
    Property::ALL.len() <= u32::BITS as usize,
    "PropertySet has one bit per property"
);

/// A set of properties, one bit each.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct PropertySet(u32);

impl PropertySet {
    pub(crate) fn contains(self, property: Property) -> bool {
        self.0 & property.bit() != 0
    }

    pub(crate) fn insert(&mut self, property: Property) {
        self.0 |= property.bit();
    }

    pub(crate) fn remove(&mut self, property: Property) {
        self.0 &= !property.bit();
    }

    /// This set and the properties whose bits are set in `bits`.
    pub(crate) fn with(self, bits: u32) -> PropertySet {
        PropertySet(self.0 | bits)
    }

    pub(crate) fn len(self) -> usize {
        self.0.count_ones() as usize
    }
}

impl fmt::Debug for PropertySet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set()
            .entries(Property::ALL.iter().filter(|p| self.contains(**p)))
            .finish()
    }
}

/// The parts of the wire form that the public fields do not hold.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct WireState {
    /// Properties that came in as `null` (their fields are `None`).
    pub(crate) nulls: PropertySet,
    /// Timestamps as they came in, where Graph's own form of the instant is
    /// a different text. A boxed slice: usually empty, which costs no
    /// allocation and keeps a connection small.
    kept: Box<[KeptText]>,
}

/// A property's text as it came in, with the instant it names: written back
/// while the field still holds that instant.
#[derive(Clone, Debug, PartialEq)]
struct KeptText {
    property: Property,
    instant: DateTime<Utc>,
    text: Box<str>,
}

impl WireState {
    /// Forgets the text kept for `property`, so that a value set again is
    /// written in Graph's own form.
    pub(crate) fn forget_text_of(&mut self, property: Property) {
        if self.kept.iter().any(|kept| kept.property == property) {
            self.kept = self
                .kept
                .iter()
                .filter(|kept| kept.property != property)
                .cloned()
                .collect();
        }
    }

    fn keep_text(&mut self, property: Property, instant: DateTime<Utc>, text: Box<str>) {
        self.forget_text_of(property);
        let kept = KeptText {
            property,
            instant,
            text,
        };
        // One allocation for the usual single text; a `Vec` would allocate
        // for four and then shrink.
        self.kept = if self.kept.is_empty() {
            Box::new([kept])
        } else {
            self.kept.iter().cloned().chain([kept]).collect()
        };
    }

    /// The text that came in for `property`, if it names this instant.
    #[inline]
    fn kept_text(&self, property: Property, instant: &DateTime<Utc>) -> Option<&str> {
        self.kept
            .iter()
            .find(|kept| kept.property == property && kept.instant == *instant)
            .map(|kept| &*kept.text)
    }
}

/// A property value type: how it is read from a JSON string and written back.
pub(crate) trait WireValue: Sized {
    /// What the value must be, for error messages.
    const EXPECTING: &'static str;

    /// Reads the value from the (unescaped) text of a JSON string.
    fn from_wire<E: de::Error>(
        text: Cow<'_, str>,
        at: &Path<'_>,
        state: &mut WireState,
    ) -> Result<Self, E>;

    /// The text written for the value of `property`.
    fn text<'a>(&'a self, property: Property, state: &'a WireState) -> Cow<'a, str>;

    /// The text kept from the input for `property`, when it is what is
    /// written for the value: a different text from the value's own form.
    fn kept_text<'a>(&self, _property: Property, _state: &'a WireState) -> Option<&'a str> {
        None
    }

    /// Writes `property: value` into the map.
    #[inline(always)]
    fn write<M: SerializeMap>(
        &self,
        property: Property,
        state: &WireState,
        map: &mut M,
    ) -> Result<(), M::Error> {
        map.serialize_entry(property.name(), &*self.text(property, state))
    }
}

impl WireValue for String {
    const EXPECTING: &'static str = "a string";

    fn text<'a>(&'a self, _property: Property, _state: &'a WireState) -> Cow<'a, str> {
        Cow::Borrowed(self)
    }

    fn from_wire<E: de::Error>(
        text: Cow<'_, str>,
        _at: &Path<'_>,
        _state: &mut WireState,
    ) -> Result<Self, E> {
        Ok(text.into_owned())
    }
}

impl WireValue for DateTime<Utc> {
    const EXPECTING: &'static str = "a string (RFC 3339 timestamp)";

    fn text<'a>(&'a self, property: Property, state: &'a WireState) -> Cow<'a, str> {
        match state.kept_text(property, self) {
            Some(text) => Cow::Borrowed(text),
            None => Cow::Owned(GraphTimestamp(*self).to_string()),
        }
    }

    fn kept_text<'a>(&self, property: Property, state: &'a WireState) -> Option<&'a str> {
        state.kept_text(property, self)
    }

    fn from_wire<E: de::Error>(
        text: Cow<'_, str>,
        at: &Path<'_>,
        state: &mut WireState,
    ) -> Result<Self, E> {
        match timestamp::parse(&text) {
            Ok(instant) => {
                if !timestamp::is_graph_form(&text)
                    && let Some(property) = at.last_property()
                {
                    state.keep_text(property, instant, text.into());
                }
                Ok(instant)
            }
            Err(problem) => Err(at.raise(
                crate::ErrorKind::InvalidValue,
                format_args!("`{text}` is not an RFC 3339 timestamp ({problem})"),
            )),
        }
    }

    fn write<M: SerializeMap>(
        &self,
        property: Property,
        state: &WireState,
        map: &mut M,
    ) -> Result<(), M::Error> {
        if let Some(text) = state.kept_text(property, self) {
            return map.serialize_entry(property.name(), text);
        }
        let timestamp = GraphTimestamp(*self);
        if !timestamp.is_writable() {
            return Err(ser::Error::custom(format_args!(
                "{property}: {self:?} has a year outside RFC 3339's 0000-9999"
            )));
        }
        map.serialize_entry(property.name(), timestamp.text().as_str())
    }
}

/// Reads one property's value into its field: a string becomes the value,
/// `null` leaves the field `None` and is remembered, anything else is an
/// error naming the property.
// Inlined into the per-property dispatch: measured 3% fewer instructions
// per connection (callgrind, `THROUGHPUT_ONCE=deserialize/this-crate`).
#[inline(always)]
pub(crate) fn read_field<'de, T: WireValue, A: MapAccess<'de>>(
    field: &mut Option<T>,
    property: Property,
    parent: &Path<'_>,
    state: &mut WireState,
    map: &mut A,
) -> Result<(), A::Error> {
    let at = parent.property(property);
    *field = map.next_value_seed(FieldSeed {
        at: &at,
        state: &mut *state,
        value: PhantomData,
    })?;
    if field.is_none() {
        state.nulls.insert(property);
    }
    Ok(())
}

/// Reads a string-or-null value that has no wire state of its own (an
/// alert's `id`, a page's links), with errors naming `at`.
pub(crate) fn read_text<'de, A: MapAccess<'de>>(
    map: &mut A,
    at: &Path<'_>,
) -> Result<Option<String>, A::Error> {
    map.next_value_seed(FieldSeed {
        at,
        state: &mut WireState::default(),
        value: PhantomData,
    })
}

/// Writes one property: its value if set, `null` if it came in as `null`
/// and is still unset, nothing otherwise.
// Inlined for the same reason as `read_field` (1% on serialization).
#[inline(always)]
pub(crate) fn write_field<T: WireValue, M: SerializeMap>(
    field: &Option<T>,
    property: Property,
    state: &WireState,
    map: &mut M,
) -> Result<(), M::Error> {
    match field {
        Some(value) => value.write(property, state, map),
        None if state.nulls.contains(property) => map.serialize_entry(property.name(), &()),
        None => Ok(()),
    }
}

/// Deserializes one property value, with errors that name the property.
///
/// It asks for any JSON type rather than a string so that a value of the
/// wrong type reaches this visitor, which names the property in the error;
/// the format's own type error would give only a position.
struct FieldSeed<'a, 'p, T> {
    at: &'a Path<'p>,
    state: &'a mut WireState,
    value: PhantomData<T>,
}

impl<'de, T: WireValue> DeserializeSeed<'de> for FieldSeed<'_, '_, T> {
    type Value = Option<T>;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        let at = self.at;
        deserializer
            .deserialize_any(self)
            .map_err(|error| at.locate(error))
    }
}

impl<'de, T: WireValue> Visitor<'de> for FieldSeed<'_, '_, T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} or null", T::EXPECTING)
    }

    accept_null!(|_| None);

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Option<T>, E> {
        T::from_wire(Cow::Borrowed(text), self.at, self.state).map(Some)
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Option<T>, E> {
        T::from_wire(Cow::Owned(text), self.at, self.state).map(Some)
    }

    reject_types!(bool, i64, u64, f64, bytes, seq, map);
}
