//! Where a piece of the input came from, so that errors found while parsing
//! it in memory are placed in the whole input.

use super::input::advance_position;
use crate::Error;
use crate::json::{Found, Path, Report};
use crate::{ErrorKind, Property};

/// The deserializer an alert or page property is parsed with.
pub(super) type Deserializer<'t> = serde_json::Deserializer<serde_json::de::StrRead<'t>>;

/// Where a value of the input starts: its JSON path among the documents of
/// the input (`[2].value[3]`) and its line and column (from 1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Place {
    /// Element of a top-level array, if the document is one.
    pub(super) array: Option<usize>,
    /// Item of a page's `value`, if the value is one.
    pub(super) item: Option<usize>,
    pub(super) line: usize,
    pub(super) column: usize,
}

impl Place {
    /// Calls `f` with the path of the value: `[1]`, `value[3]`,
    /// `[1].value[3]`, or the root.
    pub(super) fn with_path<T>(&self, f: impl FnOnce(&Path<'_>) -> T) -> T {
        let report = Report::default();
        let root = Path::Root(&report);
        let doc = self.array.map(|i| root.index(i));
        let doc = doc.as_ref().unwrap_or(&root);
        let value = doc.key("value");
        let item = self.item.map(|i| value.index(i));
        f(item.as_ref().unwrap_or(doc))
    }

    /// The path as text.
    pub(super) fn path(&self) -> String {
        self.with_path(|at| at.to_string())
    }

    /// Line and column of the byte `offset` bytes into `text`, which
    /// starts at this place.
    pub(super) fn position_in(&self, text: &[u8], offset: usize) -> (usize, usize) {
        advance_position((self.line, self.column), &text[..offset.min(text.len())])
    }

    /// Parses `text`, which starts at this place, with `seed`; the whole
    /// text must be the value. Errors are placed in the whole input; `shift`
    /// is how many bytes `text` has before the input's own bytes.
    pub(super) fn parse<'t, T>(
        &self,
        text: &'t [u8],
        shift: usize,
        parse: impl FnOnce(&Path<'_>, &mut Deserializer<'t>) -> Result<T, serde_json::Error>,
    ) -> Result<T, Error> {
        self.with_path(|at| {
            // Checking UTF-8 once for the whole value is faster than string
            // by string, as parsing from bytes would.
            let bytes = text;
            let text = std::str::from_utf8(bytes).map_err(|e| {
                let own = &bytes[shift.min(bytes.len())..];
                let position = self.position_in(own, e.valid_up_to().saturating_sub(shift));
                Error::at(
                    ErrorKind::Syntax,
                    at.to_string(),
                    "invalid UTF-8".into(),
                    position,
                )
            })?;
            let mut de = serde_json::Deserializer::from_str(text);
            parse(at, &mut de)
                .and_then(|value| de.end().map(|()| value))
                .map_err(|e| self.relocate(e, text.as_bytes(), shift, at))
        })
    }

    /// An error from parsing `text` placed in the whole input, with the
    /// path, property and kind that the seeds under `at` reported.
    #[cold]
    pub(super) fn relocate(
        &self,
        error: serde_json::Error,
        text: &[u8],
        shift: usize,
        at: &Path<'_>,
    ) -> Error {
        let (line, column) = (error.line(), error.column());
        let offset = offset_of(text, line, column).saturating_sub(shift);
        let position = self.position_in(&text[shift.min(text.len())..], offset);
        let (path, property, kind, message) = match at.report().take() {
            Some(Found {
                path,
                property,
                raised: Some((kind, message)),
            }) => (path, property, kind, message),
            Some(Found { path, property, .. }) => {
                (path, property, parser_kind(&error), bare(error))
            }
            None => (at.to_string(), None, parser_kind(&error), bare(error)),
        };
        Error::at(kind, path, message, position).with_property(property.map(Property::name))
    }
}

/// The kind of an error that the parser raised itself.
fn parser_kind(error: &serde_json::Error) -> ErrorKind {
    use serde_json::error::Category;
    match error.classify() {
        Category::Io => ErrorKind::Io,
        Category::Syntax | Category::Eof => ErrorKind::Syntax,
        Category::Data => ErrorKind::Data,
    }
}

/// The parser's message without the ` at line L column C` it adds (its
/// `line()` and `column()` are kept apart).
fn bare(error: serde_json::Error) -> String {
    let text = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    match text.strip_suffix(&suffix) {
        Some(message) => message.to_owned(),
        None => text,
    }
}

/// The byte offset in `text` of serde_json's line and column (the column
/// counts bytes from 1; 0 before the line's first byte).
fn offset_of(text: &[u8], line: usize, column: usize) -> usize {
    let line_start = if line <= 1 {
        0
    } else {
        text.iter()
            .enumerate()
            .filter(|&(_, &b)| b == b'\n')
            .nth(line - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    (line_start + column).saturating_sub(1)
}
