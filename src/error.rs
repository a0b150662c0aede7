//! The crate's error type: one opaque, pointer-sized type whose [`kind`]
//! says what went wrong and whose accessors say where.
//!
//! This is the lowest layer: it knows no other module of the crate. The
//! accessor that names a connection property as a [`Property`] is added by
//! the model, which defines that type.
//!
//! [`kind`]: Error::kind
//! [`Property`]: crate::Property

use std::fmt;
use std::sync::Arc;

/// What went wrong, naming the offending value.
///
/// Errors while reading JSON with `serde_json::from_*` come from
/// `serde_json` as `serde_json::Error`; their message names the JSON
/// property (`sourcePort: invalid type: ...`) besides the line and column.
/// Errors from [`AlertReader`](crate::AlertReader) are this type, with the
/// path, property and position as accessors:
///
/// ```
/// use msgraph_network_connection::{AlertReader, ErrorKind, Property};
///
/// let input = br#"{"id":"a1","networkConnections":[{"sourcePort":443}]}"#;
/// let error = AlertReader::new(&input[..]).next().unwrap().unwrap_err();
/// assert_eq!(error.kind(), ErrorKind::Data);
/// assert_eq!(error.path(), Some("networkConnections[0].sourcePort"));
/// assert_eq!(error.property(), Some(Property::SourcePort));
/// assert_eq!((error.line(), error.column()), (Some(1), Some(50)));
/// ```
///
/// It is one pointer wide, so a `Result<T, Error>` costs little more than
/// a `T`.
pub struct Error(Box<Inner>);

/// What kind of problem an [`Error`] is. New kinds may be added.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input is not well-formed JSON: broken or cut-off text, a
    /// document that is not UTF-8.
    Syntax,
    /// Well-formed JSON that is not what was expected there: a value of
    /// the wrong type (a number for `sourcePort`, which is a string), a
    /// missing property, an object that is not an alert.
    Data,
    /// A value of the right JSON type that is not valid: an address, port,
    /// risk score or timestamp that does not parse, or a name or code that
    /// is not a member of an enum or a property (strict parsing).
    InvalidValue,
    /// A property given twice in one object.
    Duplicate,
    /// Input over a limit the reader keeps: an alert over
    /// [`max_alert_size`](crate::AlertReader::max_alert_size), nesting too
    /// deep.
    Limit,
    /// Reading or writing failed; the `io::Error` is the
    /// [`source`](std::error::Error::source).
    Io,
    /// The Parquet writer failed for a reason of its own; its error is the
    /// [`source`](std::error::Error::source).
    Parquet,
}

struct Inner {
    kind: ErrorKind,
    /// What is wrong, without the path and position.
    message: String,
    /// The JSON path, for errors found at a place in a document.
    path: Option<String>,
    /// Line and column (from 1), for errors found at a place in a document.
    position: Option<(usize, usize)>,
    /// The wire name of the connection property the error is about.
    property: Option<&'static str>,
    cause: Option<Cause>,
}

/// What an error wraps.
enum Cause {
    Io(std::io::Error),
    /// Shared so that a clone keeps the error itself.
    #[cfg_attr(not(feature = "parquet"), allow(dead_code))]
    Parquet(Arc<dyn std::error::Error + Send + Sync>),
    /// Every malformed property of a connection.
    Problems(Vec<Error>),
}

impl Error {
    /// What kind of problem this is.
    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }

    /// The JSON path of the offending value, for errors found in a
    /// document: `value[3].networkConnections[0].sourcePort`. `None` for
    /// errors that are not about a place in a document; `Some("")` for the
    /// document itself.
    pub fn path(&self) -> Option<&str> {
        self.0.path.as_deref()
    }

    /// The line of the input (from 1) where the error was found, for errors
    /// found in a document.
    pub fn line(&self) -> Option<usize> {
        self.0.position.map(|(line, _)| line)
    }

    /// The column of the input (from 1) where the error was found, for
    /// errors found in a document.
    pub fn column(&self) -> Option<usize> {
        self.0.position.map(|(_, column)| column)
    }

    /// Whether reading the input failed, rather than the input being wrong:
    /// `kind() == ErrorKind::Io`.
    pub fn is_io(&self) -> bool {
        self.0.kind == ErrorKind::Io
    }

    /// What is wrong, without the path and position (for errors without
    /// them, the whole text).
    pub fn message(&self) -> String {
        self.0.message.clone()
    }

    /// Each malformed property, for the error of
    /// [`NetworkConnection::validate`](crate::NetworkConnection::validate);
    /// empty for other errors.
    pub fn problems(&self) -> &[Error] {
        match &self.0.cause {
            Some(Cause::Problems(problems)) => problems,
            _ => &[],
        }
    }

    /// The wire name of the property the error is about.
    pub(crate) fn property_name(&self) -> Option<&'static str> {
        self.0.property
    }

    fn new(kind: ErrorKind, message: String) -> Self {
        Error(Box::new(Inner {
            kind,
            message,
            path: None,
            position: None,
            property: None,
            cause: None,
        }))
    }

    /// An error found at `path`, line and column of a document, of kind
    /// [`ErrorKind::Data`] (see [`Error::at`] for the others).
    #[cold]
    pub(crate) fn json(path: String, message: impl Into<String>, position: (usize, usize)) -> Self {
        Error::at(ErrorKind::Data, path, message.into(), position)
    }

    /// An error of `kind` found at `path`, line and column of a document.
    #[cold]
    pub(crate) fn at(
        kind: ErrorKind,
        path: String,
        message: String,
        position: (usize, usize),
    ) -> Self {
        let mut error = Error::new(kind, message);
        error.0.path = Some(path);
        error.0.position = Some(position);
        error
    }

    /// A value that is not valid, about the property named `property`
    /// when there is one; `message` is the whole text.
    #[cold]
    pub(crate) fn invalid_value(message: String, property: Option<&'static str>) -> Self {
        Error::new(ErrorKind::InvalidValue, message).with_property(property)
    }

    /// Every malformed property of a connection, in one error.
    #[cold]
    pub(crate) fn invalid_properties(problems: Vec<Error>) -> Self {
        let mut error = Error::new(ErrorKind::InvalidValue, Problems(&problems).to_string());
        error.0.cause = Some(Cause::Problems(problems));
        error
    }

    /// An error of the Parquet writer that is not an I/O error.
    #[cold]
    #[cfg(feature = "parquet")]
    pub(crate) fn parquet(source: impl std::error::Error + Send + Sync + 'static) -> Self {
        let mut error = Error::new(ErrorKind::Parquet, source.to_string());
        error.0.cause = Some(Cause::Parquet(Arc::new(source)));
        error
    }

    /// This error, about the property named `property`.
    pub(crate) fn with_property(mut self, property: Option<&'static str>) -> Self {
        self.0.property = property;
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.0;
        if let Some(path) = inner.path.as_deref().filter(|path| !path.is_empty()) {
            write!(f, "{path}: ")?;
        }
        f.write_str(&inner.message)?;
        if let Some((line, column)) = inner.position {
            write!(f, " at line {line} column {column}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.0;
        let mut out = f.debug_struct("Error");
        out.field("kind", &inner.kind);
        out.field("message", &inner.message);
        if let Some(path) = &inner.path {
            out.field("path", path);
        }
        if let Some((line, column)) = inner.position {
            out.field("line", &line).field("column", &column);
        }
        if let Some(property) = inner.property {
            out.field("property", &property);
        }
        match &inner.cause {
            Some(Cause::Io(source)) => out.field("source", source),
            Some(Cause::Parquet(source)) => out.field("source", source),
            Some(Cause::Problems(problems)) => out.field("problems", problems),
            None => &mut out,
        };
        out.finish()
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.0.cause {
            Some(Cause::Io(source)) => Some(source),
            Some(Cause::Parquet(source)) => Some(&**source),
            _ => None,
        }
    }
}

/// A clone of an I/O error keeps its kind and message (an `io::Error`
/// cannot be cloned itself).
impl Clone for Error {
    fn clone(&self) -> Self {
        let inner = &*self.0;
        let cause = inner.cause.as_ref().map(|cause| match cause {
            Cause::Io(source) => Cause::Io(std::io::Error::new(source.kind(), source.to_string())),
            Cause::Parquet(source) => Cause::Parquet(Arc::clone(source)),
            Cause::Problems(problems) => Cause::Problems(problems.clone()),
        });
        Error(Box::new(Inner {
            kind: inner.kind,
            message: inner.message.clone(),
            path: inner.path.clone(),
            position: inner.position,
            property: inner.property,
            cause,
        }))
    }
}

/// Equal when they say the same: I/O errors compare by kind and text.
impl PartialEq for Error {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (&*self.0, &*other.0);
        let same_cause = match (&a.cause, &b.cause) {
            (Some(Cause::Io(a)), Some(Cause::Io(b))) => a.kind() == b.kind(),
            (Some(Cause::Problems(a)), Some(Cause::Problems(b))) => a == b,
            (Some(Cause::Parquet(_)), Some(Cause::Parquet(_))) | (None, None) => true,
            _ => false,
        };
        same_cause
            && (a.kind, &a.message, &a.path, a.position, a.property)
                == (b.kind, &b.message, &b.path, b.position, b.property)
    }
}

struct Problems<'a>(&'a [Error]);

impl fmt::Display for Problems<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.0.len();
        write!(
            f,
            "{count} malformed propert{}",
            if count == 1 { "y" } else { "ies" }
        )?;
        for (i, problem) in self.0.iter().enumerate() {
            f.write_str(if i == 0 { ": " } else { "; " })?;
            fmt::Display::fmt(problem, f)?;
        }
        Ok(())
    }
}

impl From<std::io::Error> for Error {
    fn from(source: std::io::Error) -> Self {
        let mut error = Error::new(ErrorKind::Io, format!("I/O error: {source}"));
        error.0.cause = Some(Cause::Io(source));
        error
    }
}

/// So that code working in `std::io::Result` can use `?` on this crate's
/// errors: I/O errors keep their kind, the others are `InvalidData`.
impl From<Error> for std::io::Error {
    fn from(error: Error) -> Self {
        let Error(mut inner) = error;
        match inner.cause.take() {
            Some(Cause::Io(source)) => source,
            cause => {
                inner.cause = cause;
                std::io::Error::new(std::io::ErrorKind::InvalidData, Error(inner))
            }
        }
    }
}
