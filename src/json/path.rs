//! Where in a document a value sits, for error messages.
//!
//! A path is built on the stack as deserialization descends and is only
//! formatted when an error is raised, so the success path never allocates.

use crate::Property;
use std::cell::RefCell;
use std::fmt;

/// A location in a JSON document: `value[3].networkConnections[0].sourcePort`.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Path<'a> {
    /// The document itself.
    Root,
    /// A property of the object at the parent path.
    Key(&'a Path<'a>, &'a str),
    /// An element of the array at the parent path.
    Index(&'a Path<'a>, usize),
    /// A property of the connection at the parent path.
    Property(&'a Path<'a>, Property),
}

impl<'a> Path<'a> {
    pub(crate) fn key(&'a self, name: &'a str) -> Path<'a> {
        Path::Key(self, name)
    }

    pub(crate) fn index(&'a self, index: usize) -> Path<'a> {
        Path::Index(self, index)
    }

    pub(crate) fn property(&'a self, property: Property) -> Path<'a> {
        Path::Property(self, property)
    }

    /// The property this path ends in, if it ends in one.
    pub(crate) fn last_property(&self) -> Option<Property> {
        match self {
            Path::Property(_, property) => Some(*property),
            _ => None,
        }
    }

    /// A deserialization error about the value at this path: `path: message`,
    /// or the bare message at the root. Cold: keeping error formatting out
    /// of line keeps the visitors' success paths small.
    #[cold]
    #[inline(never)]
    pub(crate) fn error<E: serde::de::Error>(&self, message: impl fmt::Display) -> E {
        let path = self.to_string();
        let property = self.last_property();
        let error = match self {
            Path::Root => E::custom(message),
            _ => E::custom(format_args!("{path}: {message}")),
        };
        LAST_ERROR.with(|last| {
            *last.borrow_mut() = Some(ErrorPlace {
                path,
                property,
                position: None,
            })
        });
        error
    }
}

impl Path<'_> {
    /// An error met while reading the value at this path, named by it
    /// when it names no path yet: the parser's own errors about a value
    /// (`number out of range`, a lone surrogate in a string) know only
    /// their line and column. Errors about nesting are left as they are:
    /// their path would be as long as the nesting.
    #[cold]
    #[inline(never)]
    pub(crate) fn locate<E: serde::de::Error>(&self, error: E) -> E {
        if matches!(self, Path::Root) {
            return error;
        }
        let text = error.to_string();
        let named = LAST_ERROR.with(|last| {
            last.borrow().as_ref().is_some_and(|place| {
                !place.path.is_empty()
                    && text
                        .strip_prefix(place.path.as_str())
                        .is_some_and(|rest| rest.starts_with(": "))
            })
        });
        if named || text.starts_with("recursion limit exceeded") {
            return error;
        }
        let (message, position) = split_position(&text);
        let error = self.error(message);
        // The parser places the new error where it stops unwinding, past
        // closing brackets; the reader places it where this one was.
        LAST_ERROR.with(|last| {
            if let Some(place) = last.borrow_mut().as_mut() {
                place.position = position;
            }
        });
        error
    }
}

/// A parser error's text, and its ` at line L column C` taken apart.
fn split_position(text: &str) -> (&str, Option<(usize, usize)>) {
    let Some((message, place)) = text.rsplit_once(" at line ") else {
        return (text, None);
    };
    let numbers = place
        .split_once(" column ")
        .and_then(|(line, column)| Some((digits(line)?, digits(column)?)));
    match numbers {
        Some(position) => (message, Some(position)),
        None => (text, None),
    }
}

fn digits(text: &str) -> Option<usize> {
    match text.bytes().all(|b| b.is_ascii_digit()) {
        true => text.parse().ok(),
        false => None,
    }
}

/// Where the last error raised through [`Path::error`] on this thread was.
///
/// `serde_json::Error` carries only a message, so the structured place of
/// the error travels beside it; [`take_error_place`] picks it up where the
/// error is turned into the crate's own.
pub(crate) struct ErrorPlace {
    pub(crate) path: String,
    pub(crate) property: Option<Property>,
    /// Where the parser first placed the error (line and column in the
    /// text parsed), when the error was named after it was raised.
    pub(crate) position: Option<(usize, usize)>,
}

thread_local! {
    static LAST_ERROR: RefCell<Option<ErrorPlace>> = const { RefCell::new(None) };
}

/// Forgets any earlier error place, before a parse whose errors are to be
/// read with [`take_error_place`].
pub(crate) fn clear_error_place() {
    LAST_ERROR.with(|last| last.borrow_mut().take());
}

/// The place of the last error raised on this thread since
/// [`clear_error_place`].
pub(crate) fn take_error_place() -> Option<ErrorPlace> {
    LAST_ERROR.with(|last| last.borrow_mut().take())
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Path::Root => Ok(()),
            Path::Key(Path::Root, name) => f.write_str(name),
            Path::Key(parent, name) => write!(f, "{parent}.{name}"),
            Path::Index(parent, index) => write!(f, "{parent}[{index}]"),
            Path::Property(Path::Root, property) => f.write_str(property.name()),
            Path::Property(parent, property) => write!(f, "{parent}.{}", property.name()),
        }
    }
}

/// An error naming the path: `path: invalid type: found, expected ...`.
#[cold]
#[inline(never)]
pub(crate) fn wrong_type<E: serde::de::Error>(
    at: &Path<'_>,
    found: serde::de::Unexpected<'_>,
    expected: &dyn serde::de::Expected,
) -> E {
    at.error(format_args!("invalid type: {found}, expected {expected}"))
}

/// Visitor methods that read JSON `null` (serde's `unit`, and `none` or
/// `some` from formats with options) as what `$null` makes of the visitor.
macro_rules! accept_null {
    ($null:expr) => {
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(($null)(self))
        }

        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(($null)(self))
        }

        fn visit_some<D: serde::Deserializer<'de>>(
            self,
            deserializer: D,
        ) -> Result<Self::Value, D::Error> {
            deserializer.deserialize_any(self)
        }
    };
}

pub(crate) use accept_null;

/// Visitor methods that refuse a JSON type with an error naming the path
/// (`self.at`); for visitors that accept only some types.
macro_rules! reject_types {
    ($($kind:ident),+) => { $($crate::json::path::reject_types!(@ $kind);)+ };
    (@ null) => {
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Err($crate::json::path::wrong_type(self.at, serde::de::Unexpected::Other("null"), &self))
        }
    };
    (@ bool) => {
        fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Err($crate::json::path::wrong_type(self.at, serde::de::Unexpected::Bool(v), &self))
        }
    };
    (@ i64) => {
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Err($crate::json::path::wrong_type(self.at, serde::de::Unexpected::Signed(v), &self))
        }
    };
    (@ u64) => {
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Err($crate::json::path::wrong_type(self.at, serde::de::Unexpected::Unsigned(v), &self))
        }
    };
    (@ f64) => {
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Err($crate::json::path::wrong_type(self.at, serde::de::Unexpected::Float(v), &self))
        }
    };
    (@ str) => {
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Err($crate::json::path::wrong_type(self.at, serde::de::Unexpected::Str(v), &self))
        }
    };
    (@ bytes) => {
        fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Self::Value, E> {
            Err($crate::json::path::wrong_type(self.at, serde::de::Unexpected::Bytes(v), &self))
        }
    };
    (@ seq) => {
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, _seq: A) -> Result<Self::Value, A::Error> {
            Err($crate::json::path::wrong_type(self.at, serde::de::Unexpected::Seq, &self))
        }
    };
    (@ map) => {
        fn visit_map<A: serde::de::MapAccess<'de>>(self, _map: A) -> Result<Self::Value, A::Error> {
            Err($crate::json::path::wrong_type(self.at, serde::de::Unexpected::Map, &self))
        }
    };
}

pub(crate) use reject_types;
