//! What the scanner checks of a page's own properties, by parsing them as
//! [`GraphPage`](crate::GraphPage) does.

use super::locate::Place;
use super::page_end::{self, PageProperties};
use crate::GraphPage;
use crate::envelope::page::PageSeed;
use crate::json::{NameSet, visitor_seed};
use crate::{Error, ErrorKind};
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

/// A page's own properties, as far as read: checked as
/// [`GraphPage`](crate::GraphPage) checks them, names remembered to refuse
/// a second one.
#[derive(Default)]
pub(super) struct PageCheck {
    pub(super) place: Place,
    names: NameSet<'static>,
    name_bytes: usize,
    limit: usize,
    /// The properties read so far.
    pub(super) properties: PageProperties,
}

impl PageCheck {
    /// Checks the properties before `value`, whose text `prefix` runs from
    /// the page's `{` to the `"value"` name (`None` when it was over the
    /// limit), as a page with an empty `value`.
    pub(super) fn from_prefix(
        place: Place,
        prefix: Option<&[u8]>,
        limit: usize,
    ) -> (PageCheck, Option<Error>) {
        let mut page = PageCheck {
            place,
            names: NameSet::default(),
            name_bytes: 0,
            limit,
            properties: PageProperties {
                path: place.path(),
                line: place.line,
                column: place.column,
                ..PageProperties::default()
            },
        };
        let Some(prefix) = prefix else {
            let error = page.error(ErrorKind::Limit, format!(
                "the page's properties before `value` are over the limit of {limit} bytes (max_alert_size)"
            ));
            return (page, Some(error));
        };
        let mut text = prefix.to_vec();
        text.extend_from_slice(br#""value":[]}"#);
        let checked = place.parse(&text, 0, |at, de| {
            PageSeed::<IgnoredAny> {
                at,
                item: PhantomData,
            }
            .deserialize(de)
        });
        let checked = match checked {
            Ok(checked) => checked,
            Err(error) => return (page, Some(error)),
        };
        if let Some(name) = PageProperties::link_too_long(&checked) {
            let path = place.with_path(|at| at.key(name).to_string());
            let message = page_end::link_too_long_message();
            let error = Error::at(ErrorKind::Limit, path, message, (place.line, place.column));
            return (page, Some(error));
        }
        page.properties.take_from(checked);
        // The text parsed, so its names are all there and distinct.
        let mut de = serde_json::Deserializer::from_slice(&text);
        if let Ok((names, name_bytes)) = Names.deserialize(&mut de) {
            (page.names, page.name_bytes) = (names, name_bytes);
        }
        (page, None)
    }

    #[cold]
    fn error(&self, kind: ErrorKind, message: String) -> Error {
        let place = self.place;
        Error::at(kind, place.path(), message, (place.line, place.column))
    }

    /// What is wrong with a property of the page named `name`, found
    /// after its `value`, by its name alone; its name counted.
    pub(super) fn check_name(&mut self, name: &str) -> Option<(ErrorKind, String)> {
        if self.names.contains(name) {
            return Some((ErrorKind::Duplicate, "duplicate property".to_owned()));
        }
        self.name_bytes += name.len();
        if self.name_bytes > self.limit {
            let message = format!(
                "the page's property names are over the limit of {} bytes (max_alert_size)",
                self.limit
            );
            return Some((ErrorKind::Limit, message));
        }
        if name == "id" || name == "networkConnections" {
            let message = "a page property; an object with a `value` array before any `id` \
                           or `networkConnections` is read as a page";
            return Some((ErrorKind::Data, message.to_owned()));
        }
        None
    }

    /// Remembers a property's name, to refuse a second one.
    pub(super) fn insert(&mut self, name: String) {
        self.names.insert(Cow::Owned(name));
    }
}

/// Checks a page property (`"name":value`, as in the input, placed at
/// `here`) as [`GraphPage`](crate::GraphPage) checks it.
pub(super) fn check_property(property: &[u8], here: Place) -> Result<GraphPage<IgnoredAny>, Error> {
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
}

/// The names of an object's properties, and their length in bytes.
struct Names;

visitor_seed!(['de] Names);

impl<'de> Visitor<'de> for Names {
    type Value = (NameSet<'static>, usize);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut names, mut bytes) = (NameSet::default(), 0);
        while let Some(name) = map.next_key::<String>()? {
            map.next_value::<IgnoredAny>()?;
            bytes += name.len();
            names.insert(Cow::Owned(name));
        }
        Ok((names, bytes))
    }
}
