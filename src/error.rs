//! The crate's error type.

use crate::Property;
use std::fmt;

/// What went wrong, naming the offending value.
///
/// Errors while reading JSON come from `serde_json` as `serde_json::Error`;
/// their message names the JSON property (`sourcePort: invalid type: ...`)
/// besides the line and column.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
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
    /// Input that is not what it should be, found by [`AlertReader`]: the
    /// message names the JSON path (`value[3].networkConnections[0].sourcePort`)
    /// where it can, and the position is in the whole input.
    ///
    /// [`AlertReader`]: crate::AlertReader
    #[error("{message} at line {line} column {column}")]
    Json {
        /// What is wrong, and where in the document.
        message: String,
        /// The line of the input, from 1.
        line: usize,
        /// The column of the input, from 1.
        column: usize,
    },
    /// Reading the input failed.
    #[error("I/O error: {message}")]
    Io {
        /// The kind of failure.
        kind: std::io::ErrorKind,
        /// The error's own message.
        message: String,
    },
    /// Every malformed property of a connection, from
    /// [`NetworkConnection::validate`](crate::NetworkConnection::validate).
    #[error("{}", Problems(.0))]
    Invalid(Vec<Error>),
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
        Error::Io {
            kind: error.kind(),
            message: error.to_string(),
        }
    }
}

/// So that code working in `std::io::Result` can use `?` on this crate's
/// errors: I/O errors keep their kind, the others are `InvalidData`.
impl From<Error> for std::io::Error {
    fn from(error: Error) -> Self {
        match error {
            Error::Io { kind, message } => std::io::Error::new(kind, message),
            other => std::io::Error::new(std::io::ErrorKind::InvalidData, other),
        }
    }
}
