//! What alerts and pages share: a few known properties among many unknown
//! ones, each known one kept as it came in (value, `null` or absent) and
//! written back in its original place.

use crate::json::{Path, SeenNames, accept_null, reject_types, visitor_seed, write_unknown};
use serde::de::{self, SeqAccess, Visitor};
use serde::ser::SerializeMap;
use serde_json::{Map, Value};
use std::fmt;

/// How a known property came in, and where among the object's properties.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Slot {
    /// How many properties came before it; `None` when it was absent.
    pub(crate) position: Option<usize>,
    /// It came in as `null`.
    pub(crate) null: bool,
}

impl Slot {
    /// Marks the property `name` (of index `index` among the object's
    /// known ones) as read at `position`, refusing a second one.
    pub(crate) fn arrive<'de, E: de::Error>(
        &mut self,
        seen: &mut SeenNames<'de>,
        (index, name): (usize, &str),
        position: usize,
        at: &Path<'_>,
    ) -> Result<(), E> {
        if !seen.first_known(index) {
            return Err(at.key(name).duplicate());
        }
        self.position = Some(position);
        Ok(())
    }
}

/// Writes one property into a map.
pub(crate) type WriteEntry<'a, M> = dyn Fn(&mut M) -> Result<(), <M as SerializeMap>::Error> + 'a;

/// A known property about to be written: its place and how to write it.
pub(crate) struct Known<'a, M: SerializeMap> {
    /// Where it stood in the input; `None` places it first (in declaration
    /// order), or last when `last` is set.
    pub(crate) position: Option<usize>,
    pub(crate) last: bool,
    /// `None` when the property is not written at all.
    pub(crate) write: Option<&'a WriteEntry<'a, M>>,
}

/// Writes the known properties at their places among the unknown ones.
pub(crate) fn write_object<M: SerializeMap, const N: usize>(
    map: &mut M,
    known: [Known<'_, M>; N],
    additional: &Map<String, Value>,
    is_known_name: impl Fn(&str) -> bool,
) -> Result<(), M::Error> {
    // Each property, with the number of properties that must come before
    // it (`None` when it is not written); a stable sort keeps declaration
    // order among ties. An array: no allocation per object written.
    let mut due = known.map(|k| {
        let place = match (k.position, k.last) {
            (Some(position), _) => position,
            (None, false) => 0,
            (None, true) => usize::MAX,
        };
        k.write.map(|write| (place, write))
    });
    due.sort_by_key(|entry| entry.map_or(usize::MAX, |(place, _)| place));
    let mut due = due.into_iter().flatten().peekable();
    let mut written = 0;
    for (name, value) in additional {
        while let Some((_, write)) = due.next_if(|(place, _)| *place <= written) {
            write(map)?;
            written += 1;
        }
        write_unknown(map, name, value, is_known_name(name))?;
        written += 1;
    }
    for (_, write) in due {
        write(map)?;
    }
    Ok(())
}

/// Reads the elements of a JSON array one by one into the caller's target.
pub(crate) trait ElementReader<'de> {
    /// Reads the next element, found at `at`; `Ok(false)` at the end.
    fn read_next<A: SeqAccess<'de>>(
        &mut self,
        seq: &mut A,
        at: &Path<'_>,
    ) -> Result<bool, A::Error>;
}

/// Reads a JSON array or `null`, handing each element its path so that
/// element errors carry their index. Yields `true` for an array, `false`
/// for `null`.
pub(crate) struct ListSeed<'a, 'p, R> {
    pub(crate) at: &'a Path<'p>,
    pub(crate) expecting: &'static str,
    pub(crate) elements: R,
}

visitor_seed!(['de, R: ElementReader<'de>] ListSeed<'_, '_, R>);

impl<'de, R: ElementReader<'de>> Visitor<'de> for ListSeed<'_, '_, R> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} or null", self.expecting)
    }

    accept_null!(|_| false);

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<bool, A::Error> {
        let mut index = 0;
        while self.elements.read_next(&mut seq, &self.at.index(index))? {
            index += 1;
        }
        Ok(true)
    }

    reject_types!(bool, i64, u64, f64, str, bytes, map);
}

/// Reads `@odata.count`: a non-negative integer or `null`.
pub(crate) struct CountSeed<'a, 'p> {
    pub(crate) at: &'a Path<'p>,
}

visitor_seed!(['de] CountSeed<'_, '_>, placed);

impl<'de> Visitor<'de> for CountSeed<'_, '_> {
    type Value = Option<u64>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a non-negative integer or null")
    }

    accept_null!(|_| None);

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Option<u64>, E> {
        Ok(Some(v))
    }

    reject_types!(bool, i64, f64, str, bytes, seq, map);
}
