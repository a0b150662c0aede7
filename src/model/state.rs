//! What a connection holds besides its public fields, so that it is
//! written back exactly as it came in: which properties were `null`, and
//! the original text of a timestamp; and the text of each property value.

use crate::Property;
use crate::model::timestamp::GraphTimestamp;
use chrono::{DateTime, Utc};
use std::borrow::Cow;
use std::fmt;

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

    pub(crate) fn keep_text(&mut self, property: Property, instant: DateTime<Utc>, text: Box<str>) {
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
    pub(crate) fn kept_text(&self, property: Property, instant: &DateTime<Utc>) -> Option<&str> {
        self.kept
            .iter()
            .find(|kept| kept.property == property && kept.instant == *instant)
            .map(|kept| &*kept.text)
    }
}

/// A property value type: the text written for it.
pub(crate) trait PropertyValue {
    /// The text written for the value of `property`.
    fn text<'a>(&'a self, property: Property, state: &'a WireState) -> Cow<'a, str>;

    /// The text kept from the input for `property`, when it is what is
    /// written for the value: a different text from the value's own form.
    fn kept_text<'a>(&self, _property: Property, _state: &'a WireState) -> Option<&'a str> {
        None
    }
}

impl PropertyValue for String {
    fn text<'a>(&'a self, _property: Property, _state: &'a WireState) -> Cow<'a, str> {
        Cow::Borrowed(self)
    }
}

impl PropertyValue for DateTime<Utc> {
    fn text<'a>(&'a self, property: Property, state: &'a WireState) -> Cow<'a, str> {
        match state.kept_text(property, self) {
            Some(text) => Cow::Borrowed(text),
            None => Cow::Owned(GraphTimestamp(*self).to_string()),
        }
    }

    fn kept_text<'a>(&self, property: Property, state: &'a WireState) -> Option<&'a str> {
        state.kept_text(property, self)
    }
}
