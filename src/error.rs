//! The crate's error type.

use crate::Property;
use std::fmt;

/// What went wrong, naming the offending value.
///
/// Errors while reading JSON with `serde_json::from_*` come from
/// `serde_json` as `serde_json::Error`; their message names the JSON
/// property (`sourcePort: invalid type: ...`) besides the line and column.
/// Errors from [`AlertReader`](crate::AlertReader) are this type, with the
/// path, property and position as accessors:
///
/// ```
/// use msgraph_network_connection::{AlertReader, Property};
///
/// let input = br#"{"id":"a1","networkConnections":[{"sourcePort":443}]}"#;
/// let error = AlertReader::new(&input[..]).next().unwrap().unwrap_err();
/// assert_eq!(error.path(), Some("networkConnections[0].sourcePort"));
/// assert_eq!(error.property(), Some(Property::SourcePort));
/// assert_eq!((error.line(), error.column()), (Some(1), Some(50)));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A name that is not a member of the enum (strict parsing with `FromStr`).
    #[error("`{name}` is not a {enum_name} member")]
    UnknownMember {
        /// Graph's name of the enum type, e.g. `securityNetworkProtocol`.
        enum_name: &'static str,
        /// The text that was parsed.
        name: String,
    },
    /// A name that is not a `networkConnection` property (strict parsing of
    /// [`Property`] with `FromStr`).
    #[error("`{name}` is not a networkConnection property")]
    UnknownProperty {
        /// The text that was parsed.
        name: String,
    },
    /// A number that is not the code of any member of the enum.
    #[error("{code} is not a {enum_name} code")]
    UnknownCode {
        /// Graph's name of the enum type.
        enum_name: &'static str,
        /// The number that was converted.
        code: i32,
    },
    /// An address property that is not an IPv4 or IPv6 address.
    #[error("{property}: `{text}` is not an IP address")]
    InvalidAddress {
        /// The property.
        property: Property,
        /// Its text.
        text: String,
    },
    /// A port property that is not a decimal number from 0 to 65535.
    #[error("{property}: `{text}` is not a port number (0-65535)")]
    InvalidPort {
        /// The property.
        property: Property,
        /// Its text.
        text: String,
    },
    /// A `riskScore` that is not a decimal number from 0 to 1.
    #[error("riskScore: `{text}` is not a number from 0 to 1")]
    InvalidRiskScore {
        /// Its text.
        text: String,
    },
    /// Input that is not what it should be, found by [`AlertReader`]: a
    /// value of the wrong type, malformed JSON, an alert over the size
    /// limit. The position is in the whole input; see [`Error::path`],
    /// [`Error::line`] and [`Error::column`].
    ///
    /// [`AlertReader`]: crate::AlertReader
    #[error("{}{message} at line {line} column {column}", PathPrefix(path))]
    #[non_exhaustive]
    Json {
        /// The JSON path of the offending value
        /// (`value[3].networkConnections[0].sourcePort`); empty for the
        /// document itself.
        path: String,
        /// What is wrong.
        message: String,
        /// The line of the input, from 1.
        line: usize,
        /// The column of the input, from 1.
        column: usize,
        /// The connection property the error is about, if any.
        property: Option<Property>,
    },
    /// Reading the input failed; the `io::Error` is the [`source`].
    ///
    /// [`source`]: std::error::Error::source
    #[error("I/O error: {source}")]
    #[non_exhaustive]
    Io {
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// Every malformed property of a connection, from
    /// [`NetworkConnection::validate`](crate::NetworkConnection::validate).
    #[error("{}", Problems(.0))]
    Invalid(Vec<Error>),
}

struct PathPrefix<'a>(&'a str);

impl fmt::Display for PathPrefix<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            Ok(())
        } else {
            write!(f, "{}: ", self.0)
        }
    }
}

impl Error {
    /// The JSON path of the offending value, for errors found in a
    /// document: `value[3].networkConnections[0].sourcePort`. `None` for
    /// errors that are not about a place in a document; `Some("")` for the
    /// document itself.
    pub fn path(&self) -> Option<&str> {
        match self {
            Error::Json { path, .. } => Some(path),
            _ => None,
        }
    }

    /// The connection property the error is about: the property of a
    /// malformed value, address, port or risk score.
    pub fn property(&self) -> Option<Property> {
        match self {
            Error::Json { property, .. } => *property,
            Error::InvalidAddress { property, .. } | Error::InvalidPort { property, .. } => {
                Some(*property)
            }
            Error::InvalidRiskScore { .. } => Some(Property::RiskScore),
            _ => None,
        }
    }

    /// The line of the input (from 1) where the error was found, for errors
    /// found in a document.
    pub fn line(&self) -> Option<usize> {
        match self {
            Error::Json { line, .. } => Some(*line),
            _ => None,
        }
    }

    /// The column of the input (from 1) where the error was found, for
    /// errors found in a document.
    pub fn column(&self) -> Option<usize> {
        match self {
            Error::Json { column, .. } => Some(*column),
            _ => None,
        }
    }

    /// Whether reading the input failed, rather than the input being wrong.
    pub fn is_io(&self) -> bool {
        matches!(self, Error::Io { .. })
    }

    /// What is wrong, without the path and position.
    pub fn message(&self) -> String {
        match self {
            Error::Json { message, .. } => message.clone(),
            other => other.to_string(),
        }
    }

    #[cold]
    pub(crate) fn json(
        path: String,
        message: impl Into<String>,
        (line, column): (usize, usize),
    ) -> Self {
        Error::Json {
            path,
            message: message.into(),
            line,
            column,
            property: None,
        }
    }
}

/// A clone of an I/O error keeps its kind and message (an `io::Error`
/// cannot be cloned itself).
impl Clone for Error {
    fn clone(&self) -> Self {
        use Error::*;
        match self {
            Io { source } => Io {
                source: std::io::Error::new(source.kind(), source.to_string()),
            },
            UnknownMember { enum_name, name } => UnknownMember {
                enum_name,
                name: name.clone(),
            },
            UnknownProperty { name } => UnknownProperty { name: name.clone() },
            UnknownCode { enum_name, code } => UnknownCode {
                enum_name,
                code: *code,
            },
            InvalidAddress { property, text } => InvalidAddress {
                property: *property,
                text: text.clone(),
            },
            InvalidPort { property, text } => InvalidPort {
                property: *property,
                text: text.clone(),
            },
            InvalidRiskScore { text } => InvalidRiskScore { text: text.clone() },
            Json {
                path,
                message,
                line,
                column,
                property,
            } => Json {
                path: path.clone(),
                message: message.clone(),
                line: *line,
                column: *column,
                property: *property,
            },
            Invalid(problems) => Invalid(problems.clone()),
        }
    }
}

/// Equal when they say the same: I/O errors compare by kind and text.
impl PartialEq for Error {
    fn eq(&self, other: &Self) -> bool {
        use Error::*;
        match (self, other) {
            (
                UnknownMember {
                    enum_name: a,
                    name: b,
                },
                UnknownMember {
                    enum_name: c,
                    name: d,
                },
            ) => a == c && b == d,
            (
                UnknownCode {
                    enum_name: a,
                    code: b,
                },
                UnknownCode {
                    enum_name: c,
                    code: d,
                },
            ) => a == c && b == d,
            (
                InvalidAddress {
                    property: a,
                    text: b,
                },
                InvalidAddress {
                    property: c,
                    text: d,
                },
            )
            | (
                InvalidPort {
                    property: a,
                    text: b,
                },
                InvalidPort {
                    property: c,
                    text: d,
                },
            ) => a == c && b == d,
            (InvalidRiskScore { text: a }, InvalidRiskScore { text: b })
            | (UnknownProperty { name: a }, UnknownProperty { name: b }) => a == b,
            (
                Json {
                    path: a,
                    message: b,
                    line: c,
                    column: d,
                    property: e,
                },
                Json {
                    path: f,
                    message: g,
                    line: h,
                    column: i,
                    property: j,
                },
            ) => (a, b, c, d, e) == (f, g, h, i, j),
            (Io { source: a }, Io { source: b }) => {
                a.kind() == b.kind() && a.to_string() == b.to_string()
            }
            (Invalid(a), Invalid(b)) => a == b,
            _ => false,
        }
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
    fn from(error: std::io::Error) -> Self {
        Error::Io { source: error }
    }
}

/// So that code working in `std::io::Result` can use `?` on this crate's
/// errors: I/O errors keep their kind, the others are `InvalidData`.
impl From<Error> for std::io::Error {
    fn from(error: Error) -> Self {
        match error {
            Error::Io { source } => source,
            other => std::io::Error::new(std::io::ErrorKind::InvalidData, other),
        }
    }
}
