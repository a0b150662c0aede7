//! Telling an alert from a page: an object is a page when it has a `value`
//! array before any `id` or `networkConnections` property.

use super::token::StrScan;
use super::value::{FastScan, ValueScan};
use super::window::{Scan, Window, expect, next_token};
use crate::json::decode_name;

/// The property names that decide what an object is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(in crate::stream) enum Name {
    Value,
    Id,
    NetworkConnections,
}

/// The name a property's text (quotes included) spells, when it is one
/// that decides what the object is. Names spelled with escapes are
/// decoded, so `"v\u0061lue"` is `value`.
fn name_of(raw: &[u8]) -> Option<Name> {
    match raw {
        br#""value""# => Some(Name::Value),
        br#""id""# => Some(Name::Id),
        br#""networkConnections""# => Some(Name::NetworkConnections),
        _ if raw.contains(&b'\\') => match decode_name(raw).as_deref() {
            Some("value") => Some(Name::Value),
            Some("id") => Some(Name::Id),
            Some("networkConnections") => Some(Name::NetworkConnections),
            _ => None,
        },
        _ => None,
    }
}

/// `"name" :` (after whitespace) being read.
#[derive(Clone, Copy, Debug)]
pub(in crate::stream) enum KeyScan {
    Quote,
    /// In the name, which starts at this offset (and is held).
    Name(u64, StrScan),
    Colon(Option<Name>),
}

impl KeyScan {
    /// The name when it is one that decides what the object is.
    pub(in crate::stream) fn run(&mut self, w: &mut Window<'_>) -> Scan<Option<Name>> {
        loop {
            *self = match self {
                KeyScan::Quote => {
                    if next_token(w)? != b'"' {
                        return w.broken("expected a property name");
                    }
                    KeyScan::Name(w.offset(), StrScan::new(false))
                }
                KeyScan::Name(start, string) => {
                    string.run(w)?;
                    KeyScan::Colon(name_of(w.between(*start, w.offset())))
                }
                KeyScan::Colon(name) => {
                    let name = *name;
                    expect(w, b':')?;
                    return Ok(name);
                }
            };
        }
    }

    /// The offset the name starts at while it is read: it must be held.
    pub(in crate::stream) fn pinned(&self) -> Option<u64> {
        match self {
            KeyScan::Name(start, _) => Some(*start),
            _ => None,
        }
    }
}

#[derive(Debug)]
enum Phase {
    Open,
    /// Before a member, or the end.
    Member,
    /// After a comma: the next property's name.
    KeyStart,
    Key(u64, KeyScan),
    ValueStart(u64, Option<Name>),
    /// A value, by its brackets, from this offset.
    Fast(u64, FastScan),
    /// A value, with its grammar.
    Full(ValueScan),
}

/// What an object turned out to be.
#[derive(Clone, Copy, Debug)]
pub(in crate::stream) enum Object {
    /// Scanned to its end from `start`, as an alert; `too_deep` where it
    /// nests past the limit. Without `id` and `networkConnections`
    /// (`alert_key` unset) it is not an alert: its parse says what it is;
    /// `page_like` when it has a `value` array before any `id` or
    /// `networkConnections` (scanned without `pages`).
    Alert {
        start: u64,
        too_deep: Option<u64>,
        alert_key: bool,
        page_like: bool,
    },
    /// A page, scanned past its `value` array's `[`; its properties before
    /// `value` stand from `start` to `value_key` (the `"value"` name).
    Page { start: u64, value_key: u64 },
}

/// An object (at its `{`, inside `depth` containers) being scanned. Unless
/// `pages` is set, it is scanned to its end as an alert whatever its
/// properties.
#[derive(Debug)]
pub(in crate::stream) struct ObjectScan {
    start: u64,
    depth: usize,
    pages: bool,
    too_deep: Option<u64>,
    alert_key: bool,
    page_like: bool,
    first: bool,
    phase: Phase,
}

impl ObjectScan {
    pub(in crate::stream) fn new(start: u64, depth: usize, pages: bool) -> Self {
        ObjectScan {
            start,
            depth,
            pages,
            too_deep: None,
            alert_key: false,
            page_like: false,
            first: true,
            phase: Phase::Open,
        }
    }

    /// Scans on; `kept` is where the held input starts, if it is held: a
    /// value cut short by a line that starts a new value is scanned again
    /// from its start, with its grammar, when that start is held.
    pub(in crate::stream) fn run(&mut self, w: &mut Window<'_>, kept: Option<u64>) -> Scan<Object> {
        loop {
            self.phase = match &mut self.phase {
                Phase::Open => {
                    w.advance(1);
                    Phase::Member
                }
                Phase::Member => {
                    let b = next_token(w)?;
                    if b == b'}' {
                        w.advance(1);
                        return Ok(Object::Alert {
                            start: self.start,
                            too_deep: self.too_deep,
                            alert_key: self.alert_key,
                            page_like: self.page_like,
                        });
                    }
                    if !self.first {
                        if b != b',' {
                            return w.broken("expected `,` or `}`");
                        }
                        w.advance(1);
                    }
                    self.first = false;
                    Phase::KeyStart
                }
                Phase::KeyStart => {
                    next_token(w)?;
                    Phase::Key(w.offset(), KeyScan::Quote)
                }
                Phase::Key(key_start, key) => Phase::ValueStart(*key_start, key.run(w)?),
                Phase::ValueStart(key_start, name) => {
                    let array = next_token(w)? == b'[';
                    match name {
                        Some(Name::Value) if self.pages && array && !self.alert_key => {
                            w.advance(1);
                            let (start, value_key) = (self.start, *key_start);
                            return Ok(Object::Page { start, value_key });
                        }
                        Some(Name::Value) if array && !self.alert_key => self.page_like = true,
                        Some(Name::Id | Name::NetworkConnections) => self.alert_key = true,
                        _ => {}
                    }
                    Phase::Fast(w.offset(), FastScan::new(self.depth + 1))
                }
                Phase::Fast(start, fast) => {
                    if fast.run(w, &mut self.too_deep)? {
                        Phase::Member
                    } else {
                        // Scanned again with its grammar, so that a line
                        // cut short is seen where the next one begins.
                        if kept.is_some_and(|kept| kept <= *start) {
                            w.seek(*start);
                        }
                        Phase::Full(ValueScan::new(self.depth + 1, self.too_deep))
                    }
                }
                Phase::Full(value) => {
                    value.run(w)?;
                    self.too_deep = value.too_deep;
                    Phase::Member
                }
            };
        }
    }

    /// The offset from which the input must be held while it scans.
    pub(in crate::stream) fn pinned(&self) -> Option<u64> {
        match &self.phase {
            Phase::Key(_, key) => key.pinned(),
            _ => None,
        }
    }
}
