//! Reading and writing each property's value: per type, keeping what
//! makes the wire form exact (which properties came in as `null`, the
//! timestamp's original text) in the connection's [`WireState`].

use crate::Property;
use crate::json::path::{Path, accept_null, reject_types};
use crate::json::seed::visitor_seed;
use crate::model::{GraphTimestamp, PropertyValue, WireState, is_graph_form, parse_timestamp};
use chrono::{DateTime, Utc};
use serde::de::{self, MapAccess, Visitor};
use serde::ser::{self, SerializeMap};
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

/// A property value type: how it is read from a JSON string and written
/// back.
pub(crate) trait WireValue: PropertyValue + Sized {
    /// What the value must be, for error messages.
    fn expecting(f: &mut fmt::Formatter<'_>) -> fmt::Result;

    /// Reads the value from the (unescaped) text of a JSON string.
    fn from_wire<E: de::Error>(
        text: Cow<'_, str>,
        at: &Path<'_>,
        state: &mut WireState,
    ) -> Result<Self, E>;

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
    fn expecting(f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
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
    fn expecting(f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string (RFC 3339 timestamp)")
    }

    fn from_wire<E: de::Error>(
        text: Cow<'_, str>,
        at: &Path<'_>,
        state: &mut WireState,
    ) -> Result<Self, E> {
        match parse_timestamp(&text) {
            Ok(instant) => {
                if !is_graph_form(&text)
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

visitor_seed!(['de, T: WireValue] FieldSeed<'_, '_, T>, placed);

impl<'de, T: WireValue> Visitor<'de> for FieldSeed<'_, '_, T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        T::expecting(f)?;
        f.write_str(" or null")
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
