//! Where in a document a value sits, for error messages, and the report
//! that carries an error's place from where it is found to where the
//! crate's [`Error`](crate::Error) is made.
//!
//! A path is built on the stack as deserialization descends and is only
//! formatted when an error is raised, so the success path never allocates.
//!
//! `serde_json::Error` holds only a message and a position, so the path,
//! property and kind of an error travel beside it, in the [`Report`] at
//! the root of the path: every seed is handed its path, so every place that
//! finds an error can fill the report, and whoever started the parse owns
//! it and reads it afterwards.

use crate::{ErrorKind, Property};
use std::cell::RefCell;
use std::fmt;

/// A location in a JSON document: `value[3].networkConnections[0].sourcePort`.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Path<'a> {
    /// The document itself, and the report its errors go to.
    Root(&'a Report),
    /// A property of the object at the parent path.
    Key(&'a Path<'a>, &'a str),
    /// An element of the array at the parent path.
    Index(&'a Path<'a>, usize),
    /// A property of the connection at the parent path.
    Property(&'a Path<'a>, Property),
}

/// Where the first error of a parse was found, filled by the seed that
/// finds it and read by whoever started the parse.
#[derive(Debug, Default)]
pub(crate) struct Report {
    /// Whether errors that only the parser could see (a bad number or
    /// escape) get their path put in front of their text, for callers that
    /// see only the text: `serde_json::from_str` of a type of this crate.
    names_in_text: bool,
    found: RefCell<Option<Found>>,
}

/// An error's place, and for errors this crate raised, what they are.
#[derive(Debug)]
pub(crate) struct Found {
    pub(crate) path: String,
    pub(crate) property: Option<Property>,
    /// The kind and message of an error raised through [`Path::raise`];
    /// `None` for one the parser raised and a seed only placed.
    pub(crate) raised: Option<(ErrorKind, String)>,
}

impl Report {
    /// A report for a parse whose errors the caller sees as text only.
    pub(crate) fn in_text() -> Self {
        Report {
            names_in_text: true,
            found: RefCell::default(),
        }
    }

    /// The place of the error found, if any; the report is empty again.
    pub(crate) fn take(&self) -> Option<Found> {
        self.found.borrow_mut().take()
    }

    fn is_empty(&self) -> bool {
        self.found.borrow().is_none()
    }

    fn put(&self, found: Found) {
        *self.found.borrow_mut() = Some(found);
    }
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

    /// The report at the root of this path.
    pub(crate) fn report(&self) -> &'a Report {
        match *self {
            Path::Root(report) => report,
            Path::Key(parent, _) | Path::Index(parent, _) | Path::Property(parent, _) => {
                parent.report()
            }
        }
    }

    /// A value error about the value at this path (kind
    /// [`ErrorKind::Data`]).
    #[cold]
    #[inline(never)]
    pub(crate) fn error<E: serde::de::Error>(&self, message: impl fmt::Display) -> E {
        self.raise(ErrorKind::Data, message)
    }

    /// The property at this path was given twice.
    #[cold]
    #[inline(never)]
    pub(crate) fn duplicate<E: serde::de::Error>(&self) -> E {
        self.raise(ErrorKind::Duplicate, "duplicate property")
    }

    /// An error of `kind` about the value at this path, reported to the
    /// root; its text is `path: message`, or the bare message at the root.
    /// Cold: keeping error formatting out of line keeps the visitors'
    /// success paths small.
    #[cold]
    #[inline(never)]
    pub(crate) fn raise<E: serde::de::Error>(
        &self,
        kind: ErrorKind,
        message: impl fmt::Display,
    ) -> E {
        let path = self.to_string();
        let message = message.to_string();
        let error = match self {
            Path::Root(_) => E::custom(&message),
            _ => E::custom(format_args!("{path}: {message}")),
        };
        self.report().put(Found {
            path,
            property: self.last_property(),
            raised: Some((kind, message)),
        });
        error
    }
}

impl Path<'_> {
    /// An error met while reading the value at this path, placed here
    /// when no deeper place has been reported: the parser's own errors
    /// about a value (`number out of range`, a lone surrogate in a string)
    /// know only their line and column.
    #[cold]
    #[inline(never)]
    pub(crate) fn locate<E: serde::de::Error>(&self, error: E) -> E {
        let report = self.report();
        if matches!(self, Path::Root(_)) || !report.is_empty() {
            return error;
        }
        if !report.names_in_text {
            report.put(Found {
                path: self.to_string(),
                property: self.last_property(),
                raised: None,
            });
            return error;
        }
        name_in_text(self, error)
    }
}

/// The parser's error `error`, renamed `path: message` for a caller that
/// sees only its text. The error's type is the caller's, known to have
/// only a text, so the parser's ` at line L column C` is taken off that
/// text (the parser adds the place where the new error stops unwinding).
/// Errors about nesting are left as they are: their path would be as long
/// as the nesting.
fn name_in_text<E: serde::de::Error>(at: &Path<'_>, error: E) -> E {
    let text = error.to_string();
    if text.starts_with("recursion limit exceeded") {
        return error;
    }
    at.error(without_position(&text))
}

/// A parser error's text without its trailing ` at line L column C`.
fn without_position(text: &str) -> &str {
    let Some((message, place)) = text.rsplit_once(" at line ") else {
        return text;
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    match place.split_once(" column ") {
        Some((line, column)) if digits(line) && digits(column) => message,
        _ => text,
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Path::Root(_) => Ok(()),
            Path::Key(Path::Root(_), name) => f.write_str(name),
            Path::Key(parent, name) => write!(f, "{parent}.{name}"),
            Path::Index(parent, index) => write!(f, "{parent}[{index}]"),
            Path::Property(Path::Root(_), property) => f.write_str(property.name()),
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
    ($($kind:ident),+) => { $($crate::json::reject_types!(@ $kind);)+ };
    (@ null) => {
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Err($crate::json::wrong_type(self.at, serde::de::Unexpected::Other("null"), &self))
        }
    };
    (@ bool) => {
        fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Err($crate::json::wrong_type(self.at, serde::de::Unexpected::Bool(v), &self))
        }
    };
    (@ i64) => {
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Err($crate::json::wrong_type(self.at, serde::de::Unexpected::Signed(v), &self))
        }
    };
    (@ u64) => {
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Err($crate::json::wrong_type(self.at, serde::de::Unexpected::Unsigned(v), &self))
        }
    };
    (@ f64) => {
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Err($crate::json::wrong_type(self.at, serde::de::Unexpected::Float(v), &self))
        }
    };
    (@ str) => {
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Err($crate::json::wrong_type(self.at, serde::de::Unexpected::Str(v), &self))
        }
    };
    (@ bytes) => {
        fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Self::Value, E> {
            Err($crate::json::wrong_type(self.at, serde::de::Unexpected::Bytes(v), &self))
        }
    };
    (@ seq) => {
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, _seq: A) -> Result<Self::Value, A::Error> {
            Err($crate::json::wrong_type(self.at, serde::de::Unexpected::Seq, &self))
        }
    };
    (@ map) => {
        fn visit_map<A: serde::de::MapAccess<'de>>(self, _map: A) -> Result<Self::Value, A::Error> {
            Err($crate::json::wrong_type(self.at, serde::de::Unexpected::Map, &self))
        }
    };
}

pub(crate) use reject_types;
