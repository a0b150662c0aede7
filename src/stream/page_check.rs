//! What the reader checks around the alerts: a page's own properties, and
//! the start of the input.

use super::input::{Input, Offset};
use super::lexeme::{self, Stop};
use super::locate::Place;
use super::scan;
use super::step::Fault;
use crate::Error;
use crate::envelope::page::PageSeed;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use std::collections::HashSet;
use std::fmt;
use std::io::Read;
use std::marker::PhantomData;

/// A property name's text, quotes included, decoded; `None` when it is not
/// a valid JSON string (the parse of the value it belongs to says why).
pub(super) fn decode_key(raw: &[u8]) -> Option<String> {
    serde_json::from_slice(raw).ok()
}

/// A page's own properties, as far as read: checked as
/// [`GraphPage`](crate::GraphPage) checks them, names remembered to refuse
/// a second one.
#[derive(Default)]
pub(super) struct PageCheck {
    pub(super) place: Place,
    names: HashSet<String>,
    name_bytes: usize,
    limit: usize,
}

impl PageCheck {
    /// Checks the properties before `value`, which stand in the input from
    /// `start` (the page's `{`) to `value_key` (the `"value"` name), as a
    /// page with an empty `value`.
    pub(super) fn from_prefix<R: Read>(
        input: &mut Input<R>,
        place: Place,
        start: Offset,
        value_key: Offset,
        limit: usize,
    ) -> (PageCheck, Option<Error>) {
        let mut page = PageCheck {
            place,
            names: HashSet::new(),
            name_bytes: 0,
            limit,
        };
        if input.take_overflow() || input.held_from() > start {
            let error = page.error(format!(
                "the page's properties before `value` are over the limit of {limit} bytes (max_alert_size)"
            ));
            return (page, Some(error));
        }
        let mut text = input.bytes_between(start, value_key).to_vec();
        text.extend_from_slice(br#""value":[]}"#);
        let checked = place.parse(&text, 0, |at, de| {
            PageSeed::<IgnoredAny> {
                at,
                item: PhantomData,
            }
            .deserialize(de)
        });
        if let Err(error) = checked {
            return (page, Some(error));
        }
        // The text parsed, so its names are all there and distinct.
        let mut de = serde_json::Deserializer::from_slice(&text);
        if let Ok(names) = NameSet.deserialize(&mut de) {
            page.name_bytes = names.iter().map(String::len).sum();
            page.names = names;
        }
        (page, None)
    }

    #[cold]
    fn error(&self, message: impl Into<String>) -> Error {
        Error::json(
            self.place.path(),
            message,
            (self.place.line, self.place.column),
        )
    }

    /// What is wrong with a property of the page named `name`, found
    /// after its `value`, by its name alone; its name counted.
    fn check_name(&mut self, name: &str) -> Option<String> {
        if self.names.contains(name) {
            return Some("duplicate property".to_owned());
        }
        self.name_bytes += name.len();
        if self.name_bytes > self.limit {
            return Some(format!(
                "the page's property names are over the limit of {} bytes (max_alert_size)",
                self.limit
            ));
        }
        if name == "id" || name == "networkConnections" {
            return Some(
                "a page property; an object with a `value` array before any `id` \
                 or `networkConnections` is read as a page"
                    .to_owned(),
            );
        }
        None
    }

    /// Reads the next property of the page after its `value`, or the
    /// page's end: `Ok(false)` at the end.
    pub(super) fn next_property<R: Read>(
        &mut self,
        input: &mut Input<R>,
        array: Option<usize>,
    ) -> Result<bool, Fault> {
        // The input is held from before the comma (by the reader), so
        // that broken JSON in the property is handed out whole.
        match lexeme::next_token(input)? {
            b'}' => {
                input.advance(1);
                return Ok(false);
            }
            b',' => input.advance(1),
            _ => return Err(Stop::broken(input, "expected `,` or `}`").into()),
        }
        if lexeme::next_token(input)? != b'"' {
            return Err(Stop::broken(input, "expected a property name").into());
        }
        let start = input.offset();
        let (line, column) = input.here();
        let here = Place {
            array,
            item: None,
            line,
            column,
        };
        lexeme::skip_string(input, &mut false, false)?;
        let name_end = input.offset();
        let name = decode_key(input.bytes_between(start, name_end));
        lexeme::expect(input, b':')?;
        // The property's own path, as a refusal before `value` names it.
        let path = |name: &str| here.with_path(|at| at.key(name).to_string());
        let error =
            |path: String, message: String| Fault::Data(Error::json(path, message, (line, column)));
        // Known wrong by its name alone: then its value is held, to be
        // handed out with the error.
        let name_error = match &name {
            Some(name) => self.check_name(name).map(|message| (path(name), message)),
            None => Some((
                String::new(),
                format!("{}: invalid property name", self.place.path()),
            )),
        };
        let known = matches!(
            name.as_deref(),
            Some("@odata.context" | "@odata.count" | "@odata.nextLink" | "@odata.deltaLink")
        );
        if known || name_error.is_some() {
            no_document_next(input)?;
        }
        let depth = array.map_or(0, |_| 1) + 1;
        let mut too_deep = None;
        let mut bad_escape = false;
        let streamed = name_error.is_none()
            && lexeme::next_token(input)? == b'"'
            && name.as_deref() != Some("@odata.count");
        if streamed {
            // A string is checked as it streams past: a page link of any
            // length costs no memory (and an invalid one is handed out
            // without its text).
            input.release();
            lexeme::skip_string(input, &mut bad_escape, true)?;
        } else {
            scan::skip_value(input, depth, &mut too_deep)?;
        }
        let end = input.offset();
        let overflowed = input.take_overflow() && !streamed;
        if let Some((path, message)) = name_error {
            return Err(error(path, message));
        }
        let name = name.expect("a name without an error");
        let name_path = path(&name);
        self.names.insert(name);
        if bad_escape {
            let message = "invalid escape or invalid UTF-8 in a string";
            return Err(error(name_path, message.to_owned()));
        }
        if too_deep.is_some() {
            return Err(error(name_path, "recursion limit exceeded".to_owned()));
        }
        if overflowed {
            let message = format!("over the limit of {} bytes (max_alert_size)", self.limit);
            return Err(error(name_path, message));
        }
        if !streamed {
            check_property(input.bytes_between(start, end), here)?;
        }
        Ok(true)
    }
}

/// Checks a page property (`"name":value`, as in the input, placed at
/// `here`) as [`GraphPage`](crate::GraphPage) checks it.
fn check_property(property: &[u8], here: Place) -> Result<(), Fault> {
    let mut text = b"{".to_vec();
    text.extend_from_slice(property);
    text.extend_from_slice(br#","value":[]}"#);
    here.parse(&text, 1, |at, de| {
        PageSeed::<IgnoredAny> {
            at,
            item: PhantomData,
        }
        .deserialize(de)
    })
    .map(drop)
    .map_err(Fault::Data)
}

/// Where the value of a property already refused, or of a link or the
/// count, was expected: a line that starts with `{` or `[` there is the
/// next document after a line cut after the property's name.
fn no_document_next<R: Read>(input: &mut Input<R>) -> Result<(), Fault> {
    let next = lexeme::next_token(input)?;
    if matches!(next, b'{' | b'[') && input.here().1 == 1 {
        let message = "expected the property's value, not a line that starts with `{` or `[`";
        return Err(Stop::broken(input, message).into());
    }
    Ok(())
}

/// The names of an object's properties.
struct NameSet;

impl<'de> DeserializeSeed<'de> for NameSet {
    type Value = HashSet<String>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for NameSet {
    type Value = HashSet<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut names = HashSet::new();
        while let Some(name) = map.next_key::<String>()? {
            map.next_value::<IgnoredAny>()?;
            names.insert(name);
        }
        Ok(names)
    }
}

/// Looks at the start of the input: a UTF-8 byte-order mark is skipped,
/// as RFC 8259 allows (many Windows tools write one); UTF-16 is refused
/// with a message that says so.
pub(super) fn check_start<R: Read>(input: &mut Input<R>) -> Result<(), Error> {
    while input.available().len() < 3 && input.fill()? {}
    let head = input.available();
    if head.starts_with(b"\xef\xbb\xbf") {
        input.advance(3);
    } else if head.starts_with(b"\xff\xfe") || head.starts_with(b"\xfe\xff") {
        return Err(Error::json(
            String::new(),
            "the input is UTF-16 (it starts with a UTF-16 byte-order mark, as Windows \
             PowerShell's Out-File writes); convert it to UTF-8, e.g. with \
             `iconv -f UTF-16 -t UTF-8`",
            (1, 1),
        ));
    }
    Ok(())
}

/// Whether a UTF-8 byte-order mark is next: only the input's start may
/// hold one, and one anywhere else (files concatenated with `cat`, each
/// written by a Windows tool) is named as such.
pub(super) fn byte_order_mark_next<R: Read>(input: &mut Input<R>) -> Result<bool, Error> {
    while input.available().len() < 3 && input.fill()? {}
    Ok(input.available().starts_with(b"\xef\xbb\xbf"))
}
