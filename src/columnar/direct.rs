//! Columns straight from an alert's JSON text: each property's text is
//! borrowed from the input (copied only when it holds escapes), with no
//! `NetworkConnection` and no `String` per property.
//!
//! This path accepts only alerts that the typed path
//! ([`RawAlert::connections`](crate::RawAlert::connections)) accepts, and
//! gives the same texts: it refuses every alert the typed path refuses
//! (wrong types, duplicate names at any depth, bad timestamps, trailing
//! bytes), reusing the typed path's own readers for the alert's other
//! properties and for unknown values. When it refuses, the caller reads the
//! alert the typed path's way, which gives the error (with its path and
//! position) or, should the two ever disagree, the rows. `tests/direct.rs`
//! compares the two on generated and mutated alerts.

use super::batch::{PROPERTIES, Texts};
use super::capture::Capture;
use super::layout::Layout;
use crate::Property;
use crate::json::{self, KeySeed, Listed, Path, PropertyKeys, Report, SeenNames, visitor_seed};
use crate::model::parse_timestamp;
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::fmt;

/// The alert properties read here; the others are checked and skipped.
const KNOWN: &[&str] = &["id", "networkConnections"];
const ID: usize = 0;

/// What is done with each row as it is read: `false` stops the reading,
/// which is then an error.
pub(super) type OnRow<'r, 'de> = &'r mut dyn FnMut(Row<'de>) -> bool;

/// One connection: each property's text, indexed by `Property as usize`,
/// and the instant of `domainRegisteredDateTime` in microseconds.
pub(super) struct Row<'de> {
    texts: [Option<Cow<'de, str>>; PROPERTIES],
    pub(super) instant: Option<i64>,
}

impl<'de> Row<'de> {
    /// A connection of no properties.
    pub(super) fn empty() -> Self {
        Row {
            texts: Default::default(),
            instant: None,
        }
    }

    #[inline]
    pub(super) fn set(&mut self, property: Property, text: Option<Cow<'de, str>>) {
        self.texts[property as usize] = text;
    }

    /// The texts as the batch builder takes them.
    pub(super) fn texts(&self) -> Texts<'_> {
        std::array::from_fn(|i| self.texts[i].as_deref())
    }
}

/// Reads an alert's JSON text, handing each row to `on_row` as it is read;
/// the alert's `id`, or `Err` for anything the typed path would refuse (the
/// error's message is not meant to be shown). Rows are handed out before
/// the alert is known to be sound, and before its `id` when that comes
/// after `networkConnections`.
pub(super) fn read<'de>(
    bytes: &'de [u8],
    on_row: OnRow<'_, 'de>,
) -> Result<Option<Cow<'de, str>>, serde_json::Error> {
    let text = std::str::from_utf8(bytes).map_err(de::Error::custom)?;
    Ok(read_capturing(text, on_row, None)?.id)
}

/// What [`read_capturing`] read of an alert, besides its rows.
pub(super) struct Read<'de> {
    pub(super) id: Option<Cow<'de, str>>,
    /// Whether the scanner takes the object for an alert: it has `id` or
    /// `networkConnections`, and no `value` before them (which would make
    /// it a page, or a refusal).
    pub(super) alert_shaped: bool,
}

/// [`read`] of an alert's text already known to be UTF-8, also capturing
/// the alert properties of the context columns
/// ([`context`](super::context)) where `capture` is given.
pub(super) fn read_capturing<'de>(
    text: &'de str,
    on_row: OnRow<'_, 'de>,
    capture: Option<(&Layout, &mut Capture<'de>)>,
) -> Result<Read<'de>, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let visitor = AlertVisitor { on_row, capture };
    let read = de::Deserializer::deserialize_any(&mut de, visitor)?;
    de.end()?;
    Ok(read)
}

struct AlertVisitor<'r, 'de> {
    on_row: OnRow<'r, 'de>,
    capture: Option<(&'r Layout, &'r mut Capture<'de>)>,
}

impl<'de> Visitor<'de> for AlertVisitor<'_, 'de> {
    type Value = Read<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an alert object")
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut id = None;
        let mut seen = SeenNames::default();
        let mut unread = None;
        let mut unknown = None;
        let (mut alert_key, mut value_first) = (false, false);
        while let Some(key) = map.next_key_seed(KeySeed::new(Listed(KNOWN), &mut unknown))? {
            match key {
                Some(index) => {
                    alert_key = true;
                    if !seen.first_known(index) {
                        return Err(de::Error::custom("duplicate property"));
                    }
                    if index == ID {
                        id = map.next_value_seed(TextSeed)?;
                    } else {
                        map.next_value_seed(ConnectionsSeed {
                            on_row: &mut *self.on_row,
                        })?;
                    }
                }
                None => {
                    let name = unknown.take().expect("the key seed keeps unknown names");
                    value_first |= !alert_key && name == "value";
                    match &mut self.capture {
                        Some((layout, capture)) if let Some(slot) = layout.slot(&name) => {
                            capture.read(layout, &mut map, slot, name, &mut seen)?
                        }
                        _ => skip_unknown(&mut map, name, &mut seen, &mut unread)?,
                    }
                }
            }
        }
        Ok(Read {
            id,
            alert_shaped: alert_key && !value_first,
        })
    }
}

/// A string (borrowed where it has no escapes) or `null`.
struct TextSeed;

visitor_seed!(['de] TextSeed);

impl<'de> Visitor<'de> for TextSeed {
    type Value = Option<Cow<'de, str>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or null")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Some(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v)))
    }
}

/// `networkConnections`: an array of connection objects, or `null`.
struct ConnectionsSeed<'r, 'de> {
    on_row: OnRow<'r, 'de>,
}

visitor_seed!(['de] ConnectionsSeed<'_, 'de>);

impl<'de> Visitor<'de> for ConnectionsSeed<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of networkConnection objects or null")
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(row) = seq.next_element_seed(RowSeed)? {
            if !(self.on_row)(row) {
                return Err(de::Error::custom("stopped"));
            }
        }
        Ok(())
    }
}

/// One connection object.
struct RowSeed;

visitor_seed!(['de] RowSeed);

impl<'de> Visitor<'de> for RowSeed {
    type Value = Row<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a networkConnection object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Row<'de>, A::Error> {
        let mut row = Row::empty();
        let mut seen = SeenNames::default();
        let mut unread = None;
        let mut unknown = None;
        while let Some(key) = map.next_key_seed(KeySeed::new(PropertyKeys, &mut unknown))? {
            let Some(property) = key else {
                let name = unknown.take().expect("the key seed keeps unknown names");
                skip_unknown(&mut map, name, &mut seen, &mut unread)?;
                continue;
            };
            if !seen.first_known(property as usize) {
                return Err(de::Error::custom("duplicate property"));
            }
            let text = map.next_value_seed(TextSeed)?;
            if property == Property::DomainRegisteredDateTime
                && let Some(text) = &text
            {
                let instant = parse_timestamp(text).map_err(de::Error::custom)?;
                row.instant = Some(instant.timestamp_micros());
            }
            row.set(property, text);
        }
        Ok(row)
    }
}

/// Checks and skips the value of an unknown property `name`, refusing a
/// name already `seen`, as the typed path does.
fn skip_unknown<'de, A: MapAccess<'de>>(
    map: &mut A,
    name: Cow<'de, str>,
    seen: &mut SeenNames<'de>,
    unread: &mut Option<Unread>,
) -> Result<(), A::Error> {
    let unread = unread.get_or_insert_with(Unread::default);
    let at = Path::Root(&unread.report);
    json::read_unknown(map, &at, name, false, &mut unread.kept, seen)
}

/// What checking and skipping an object's unknown properties needs, made
/// once per object and only if it has any: a map's hasher is seeded when
/// the map is made, which measured 4% of exporting the corpus when done
/// for each property.
#[derive(Default)]
struct Unread {
    report: Report,
    /// Stays empty: skipped values are not kept.
    kept: serde_json::Map<String, serde_json::Value>,
}

#[cfg(test)]
#[path = "direct_tests.rs"]
pub(super) mod tests;
