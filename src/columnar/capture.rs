//! The alert properties the context columns are read from, captured as
//! the alert is read: a string borrowed from the input where it has no
//! escapes, any other value checked and kept by the typed path's own
//! reader, so that both paths refuse and keep the same.

use super::layout::Layout;
use crate::AdditionalData;
use crate::json::{NameSeed, Path, Report, SeenNames, UnknownValue, visitor_seed};
use serde::de::{self, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::borrow::Cow;
use std::fmt::{self, Write as _};

/// One captured property's value.
#[derive(Debug)]
pub(crate) enum Captured<'de> {
    Null,
    Text(Cow<'de, str>),
    /// Any other JSON value.
    Json(Value),
    /// Of an object whose whole value no column holds, the properties
    /// columns do hold, indexed as the source's `children`.
    Children(Vec<Option<Captured<'de>>>),
}

impl<'de> Captured<'de> {
    /// The typed path's value of a property kept in `additional_data`.
    pub(crate) fn of(value: &'de Value) -> Self {
        match value {
            Value::Null => Captured::Null,
            Value::String(text) => Captured::Text(Cow::Borrowed(text)),
            other => Captured::Json(other.clone()),
        }
    }

    /// Writes the value's text into `out` (a string itself, any other
    /// value as compact JSON); `false` for `null`.
    pub(crate) fn write_text(&self, out: &mut String) -> bool {
        match self {
            Captured::Null => false,
            Captured::Text(text) => {
                out.push_str(text);
                true
            }
            Captured::Json(value) => value_text(value, out),
            Captured::Children(_) => false,
        }
    }

    /// Writes the text of the property `name` (the source's child `index`)
    /// of the value, when it is an object; `false` when there is none.
    pub(crate) fn write_child(&self, index: usize, name: &str, out: &mut String) -> bool {
        match self {
            Captured::Json(Value::Object(map)) => map.get(name).is_some_and(|v| value_text(v, out)),
            Captured::Children(children) => children[index]
                .as_ref()
                .is_some_and(|child| child.write_text(out)),
            _ => false,
        }
    }
}

/// Writes a JSON value's text into `out`: a string itself, any other value
/// as compact JSON; `false` for `null`.
pub(crate) fn value_text(value: &Value, out: &mut String) -> bool {
    match value {
        Value::Null => false,
        Value::String(text) => {
            out.push_str(text);
            true
        }
        other => {
            write!(out, "{other}").expect("writing to a String");
            true
        }
    }
}

/// The captured values of one alert, indexed as the layout's properties.
#[derive(Debug, Default)]
pub(crate) struct Capture<'de> {
    pub(crate) values: Vec<Option<Captured<'de>>>,
}

impl<'de> Capture<'de> {
    pub(crate) fn new(layout: &Layout) -> Self {
        Capture {
            values: (0..layout.properties.len()).map(|_| None).collect(),
        }
    }

    /// The typed path's values: the properties of `additional_data`.
    pub(crate) fn of_typed(layout: &Layout, additional_data: &'de AdditionalData) -> Self {
        let values = layout
            .properties
            .iter()
            .map(|source| additional_data.get(source.name.as_ref()).map(Captured::of))
            .collect();
        Capture { values }
    }

    /// Reads the value of the alert property `name`, captured at `slot` of
    /// `layout`,
    /// refusing a second property of the same name (as the typed path
    /// does) with `seen`, the names of the alert's properties read so far.
    pub(crate) fn read<A: MapAccess<'de>>(
        &mut self,
        layout: &Layout,
        map: &mut A,
        slot: usize,
        name: Cow<'de, str>,
        seen: &mut SeenNames<'de>,
    ) -> Result<(), A::Error> {
        if !seen.first_other(&name, None) {
            return Err(de::Error::custom("duplicate property"));
        }
        self.values[slot] = Some(map.next_value_seed(CapturedSeed::of(layout, slot))?);
        Ok(())
    }
}

/// Captures the context of an alert already known to be sound, passing
/// over everything else (its connections included) unread.
pub(crate) fn capture_only<'de>(bytes: &'de [u8], layout: &Layout) -> Capture<'de> {
    let mut capture = Capture::new(layout);
    if let Ok(text) = std::str::from_utf8(bytes) {
        let mut de = serde_json::Deserializer::from_str(text);
        let only = CaptureOnly {
            layout,
            capture: &mut capture,
        };
        // Sound alerts read; anything else leaves the context null.
        let _ = de::Deserializer::deserialize_map(&mut de, only);
    }
    capture
}

struct CaptureOnly<'l, 'c, 'de> {
    layout: &'l Layout,
    capture: &'c mut Capture<'de>,
}

impl<'de> Visitor<'de> for CaptureOnly<'_, '_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an alert object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(name) = map.next_key_seed(NameSeed)? {
            match self.layout.slot(&name) {
                Some(slot) => {
                    let seed = CapturedSeed::of(self.layout, slot);
                    self.capture.values[slot] = Some(map.next_value_seed(seed)?);
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// A captured value: strings borrowed where they can be, every other value
/// read by the typed path's reader of unknown values; of an object whose
/// whole value no column holds, only the `children` that columns hold.
#[derive(Clone, Copy)]
struct CapturedSeed<'l> {
    children: &'l [Cow<'static, str>],
}

impl<'l> CapturedSeed<'l> {
    fn of(layout: &'l Layout, slot: usize) -> Self {
        CapturedSeed {
            children: layout.properties[slot].children_read(),
        }
    }
}

visitor_seed!(['de] CapturedSeed<'_>);

/// Calls `read` with the typed path's reader of unknown values, keeping
/// what it reads when `keep` is set.
fn unknown_value<T>(keep: bool, read: impl FnOnce(UnknownValue<'_, '_>) -> T) -> T {
    let report = Report::default();
    let at = Path::Root(&report);
    read(UnknownValue { at: &at, keep })
}

fn json<'de>(value: Option<Value>) -> Captured<'de> {
    Captured::Json(value.unwrap_or(Value::Null))
}

impl<'de> Visitor<'de> for CapturedSeed<'_> {
    type Value = Captured<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Captured::Null)
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Captured::Text(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Captured::Text(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Captured::Text(Cow::Owned(v)))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        unknown_value(true, |seed| seed.visit_bool(v)).map(json)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        unknown_value(true, |seed| seed.visit_i64(v)).map(json)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        unknown_value(true, |seed| seed.visit_u64(v)).map(json)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        unknown_value(true, |seed| seed.visit_f64(v)).map(json)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        unknown_value(true, |seed| seed.visit_seq(seq)).map(json)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        if self.children.is_empty() {
            return unknown_value(true, |seed| seed.visit_map(map)).map(json);
        }
        let mut children: Vec<Option<Captured<'de>>> = self.children.iter().map(|_| None).collect();
        let mut seen = SeenNames::default();
        while let Some(name) = map.next_key_seed(NameSeed)? {
            if !seen.first_other(&name, None) {
                return Err(de::Error::custom("duplicate property"));
            }
            match self.children.iter().position(|child| *child == name) {
                Some(index) => {
                    let whole = CapturedSeed { children: &[] };
                    children[index] = Some(map.next_value_seed(whole)?);
                }
                None => {
                    unknown_value(false, |seed| map.next_value_seed(seed))?;
                }
            }
        }
        Ok(Captured::Children(children))
    }
}
