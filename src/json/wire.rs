//! What keeps the wire form exact: which properties came in as `null`, the
//! timestamp's original text, and the per-type reading and writing of values.

use crate::Property;
use crate::json::path::{Path, reject_types};
use crate::model::timestamp::{self, GraphTimestamp};
use chrono::{DateTime, Utc};
use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde::ser::{self, SerializeMap};
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

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
    /// `domainRegisteredDateTime` as it came in, with the instant it names,
    /// when Graph's own form of that instant is a different text. Written
    /// back while the field still holds that instant. Boxed: it is usually
    /// absent, and a connection is kept small.
    pub(crate) timestamp_text: Option<Box<(DateTime<Utc>, Box<str>)>>,
}

impl WireState {
    /// Forgets the text kept for `property`, so that a value set again is
    /// written in Graph's own form.
    pub(crate) fn forget_text_of(&mut self, property: Property) {
        if property == Property::DomainRegisteredDateTime {
            self.timestamp_text = None;
        }
    }

    /// The timestamp text that came in, if it names this instant.
    pub(crate) fn timestamp_text_for(&self, instant: &DateTime<Utc>) -> Option<&str> {
        match self.timestamp_text.as_deref() {
            Some((kept, text)) if kept == instant => Some(text),
            _ => None,
        }
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

    /// The text written for the value.
    fn text<'a>(&'a self, state: &'a WireState) -> Cow<'a, str>;

    /// Writes `name: value` into the map.
    fn write<M: SerializeMap>(
        &self,
        name: &'static str,
        state: &WireState,
        map: &mut M,
    ) -> Result<(), M::Error>;
}

impl WireValue for String {
    const EXPECTING: &'static str = "a string";

    fn text<'a>(&'a self, _state: &'a WireState) -> Cow<'a, str> {
        Cow::Borrowed(self)
    }

    fn from_wire<E: de::Error>(
        text: Cow<'_, str>,
        _at: &Path<'_>,
        _state: &mut WireState,
    ) -> Result<Self, E> {
        Ok(text.into_owned())
    }

    fn write<M: SerializeMap>(
        &self,
        name: &'static str,
        _state: &WireState,
        map: &mut M,
    ) -> Result<(), M::Error> {
        map.serialize_entry(name, self.as_str())
    }
}

impl WireValue for DateTime<Utc> {
    const EXPECTING: &'static str = "a string (RFC 3339 timestamp)";

    fn text<'a>(&'a self, state: &'a WireState) -> Cow<'a, str> {
        match state.timestamp_text_for(self) {
            Some(text) => Cow::Borrowed(text),
            None => Cow::Owned(GraphTimestamp(*self).to_string()),
        }
    }

    fn from_wire<E: de::Error>(
        text: Cow<'_, str>,
        at: &Path<'_>,
        state: &mut WireState,
    ) -> Result<Self, E> {
        match timestamp::parse(&text) {
            Ok(instant) => {
                if !timestamp::is_graph_form(&text) {
                    state.timestamp_text = Some(Box::new((instant, text.into())));
                }
                Ok(instant)
            }
            Err(problem) => Err(at.error(format_args!(
                "`{text}` is not an RFC 3339 timestamp ({problem})"
            ))),
        }
    }

    fn write<M: SerializeMap>(
        &self,
        name: &'static str,
        state: &WireState,
        map: &mut M,
    ) -> Result<(), M::Error> {
        match state.timestamp_text_for(self) {
            Some(text) => map.serialize_entry(name, text),
            None => map.serialize_entry(name, &GraphTimestamp(*self)),
        }
    }
}

impl serde::Serialize for GraphTimestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if !self.is_writable() {
            return Err(ser::Error::custom(format_args!(
                "domainRegisteredDateTime: {:?} has a year outside RFC 3339's 0000-9999",
                self.0
            )));
        }
        serializer.serialize_str(self.write_into(&mut [0; GraphTimestamp::MAX_LEN]))
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
        Some(value) => value.write(property.name(), state, map),
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
        deserializer.deserialize_any(self)
    }
}

impl<'de, T: WireValue> Visitor<'de> for FieldSeed<'_, '_, T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} or null", T::EXPECTING)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_some<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Option<T>, E> {
        T::from_wire(Cow::Borrowed(text), self.at, self.state).map(Some)
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Option<T>, E> {
        T::from_wire(Cow::Owned(text), self.at, self.state).map(Some)
    }

    reject_types!(bool, i64, u64, f64, bytes, seq, map);
}
