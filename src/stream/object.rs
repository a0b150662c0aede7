//! Telling an alert from a page: an object is a page when it has a `value`
//! array before any `id` or `networkConnections` property.

use super::input::{Input, Offset};
use super::lexeme::{self, Scan, Stop};
use super::locate::Place;
use super::page_check::{PageCheck, decode_key};
use super::scan;
use super::step::Fault;
use crate::Error;
use std::io::Read;

/// The property names that decide what an object is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Name {
    Value,
    Id,
    NetworkConnections,
}

/// Reads `"name" :` (after whitespace); the name when it is one that
/// decides what the object is. Names spelled with escapes are decoded, so
/// `"v\u0061lue"` is `value`.
pub(super) fn read_key<R: Read>(input: &mut Input<R>) -> Scan<Option<Name>> {
    if lexeme::next_token(input)? != b'"' {
        return lexeme::broken(input, "expected a property name");
    }
    let start = input.offset();
    lexeme::skip_string(input, &mut false, false)?;
    let raw = input.bytes_between(start, input.offset());
    let name = match raw {
        br#""value""# => Some(Name::Value),
        br#""id""# => Some(Name::Id),
        br#""networkConnections""# => Some(Name::NetworkConnections),
        _ if raw.contains(&b'\\') => match decode_key(raw).as_deref() {
            Some("value") => Some(Name::Value),
            Some("id") => Some(Name::Id),
            Some("networkConnections") => Some(Name::NetworkConnections),
            _ => None,
        },
        _ => None,
    };
    lexeme::expect(input, b':')?;
    Ok(name)
}

/// What an object turned out to be.
pub(super) enum Object {
    /// An alert, scanned to its end from `start`; `too_deep` where it
    /// nests past the limit. Without `id` and `networkConnections`
    /// (`alert_key` unset) it is not an alert: its parse says what it is;
    /// `page` when it has a `value` array before any `id` or
    /// `networkConnections` (scanned without `pages`).
    Alert {
        start: Offset,
        too_deep: Option<Offset>,
        alert_key: bool,
        page: bool,
    },
    /// A page, scanned to its `value` array's first element; its properties
    /// before `value` checked, with the error if they are not sound.
    Page {
        page: PageCheck,
        error: Option<Error>,
    },
}

/// Scans an object at its `{`, whose enclosing containers number `depth`,
/// found at `place`; `limit` is the reader's largest alert. Unless `pages`
/// is set (a page's items), an object is scanned to its end as an alert
/// whatever its properties.
pub(super) fn scan<R: Read>(
    input: &mut Input<R>,
    place: Place,
    depth: usize,
    limit: usize,
    pages: bool,
) -> Result<Object, Fault> {
    let start = input.offset();
    let mut too_deep = None;
    let mut alert_key_seen = false;
    let mut page_like = false;
    input.advance(1);
    let mut first = true;
    loop {
        let b = lexeme::next_token(input)?;
        if b == b'}' {
            input.advance(1);
            break;
        }
        if !first {
            if b != b',' {
                return Err(Stop::broken(input, "expected `,` or `}`").into());
            }
            input.advance(1);
        }
        first = false;
        lexeme::next_token(input)?;
        let key_start = input.offset();
        let name = read_key(input)?;
        let value_start = lexeme::next_token(input)?;
        match name {
            Some(Name::Value) if pages && value_start == b'[' && !alert_key_seen => {
                let (page, error) = PageCheck::from_prefix(input, place, start, key_start, limit);
                input.advance(1);
                return Ok(Object::Page { page, error });
            }
            Some(Name::Value) if value_start == b'[' && !alert_key_seen => page_like = true,
            Some(Name::Id | Name::NetworkConnections) => alert_key_seen = true,
            _ => {}
        }
        skip_alert_value(input, depth + 1, &mut too_deep)?;
    }
    Ok(Object::Alert {
        start,
        too_deep,
        alert_key: alert_key_seen,
        page: page_like,
    })
}

/// Moves past a value of an alert: by its brackets, or, where a line inside
/// it starts a new value, with the full grammar from its start, so that a
/// cut-short line is seen where the next one begins.
pub(super) fn skip_alert_value<R: Read>(
    input: &mut Input<R>,
    depth: usize,
    too_deep: &mut Option<Offset>,
) -> Scan<()> {
    lexeme::next_token(input)?;
    let start = input.offset();
    if scan::skip_value_fast(input, depth, too_deep)? {
        return Ok(());
    }
    if input.held_from() <= start {
        input.rewind(start);
    }
    scan::skip_value(input, depth, too_deep)
}
