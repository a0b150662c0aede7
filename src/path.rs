//! Where in a document a value sits, for error messages.
//!
//! A path is built on the stack as deserialization descends and is only
//! formatted when an error is raised, so the success path never allocates.

use std::fmt;

/// A location in a JSON document: `value[3].networkConnections[0].sourcePort`.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Path<'a> {
    /// The document itself.
    Root,
    /// A property of the object at the parent path.
    Key(&'a Path<'a>, &'a str),
}

impl<'a> Path<'a> {
    pub(crate) fn key(&'a self, name: &'a str) -> Path<'a> {
        Path::Key(self, name)
    }

    /// A deserialization error about the value at this path: `path: message`,
    /// or the bare message at the root.
    pub(crate) fn error<E: serde::de::Error>(&self, message: impl fmt::Display) -> E {
        match self {
            Path::Root => E::custom(message),
            _ => E::custom(format_args!("{self}: {message}")),
        }
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Path::Root => Ok(()),
            Path::Key(Path::Root, name) => f.write_str(name),
            Path::Key(parent, name) => write!(f, "{parent}.{name}"),
        }
    }
}
