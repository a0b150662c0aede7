//! A page's own properties after its items, checked as
//! [`GraphPage`](crate::GraphPage) checks them, one at a time.

use super::stop::Stop;
use super::token::StrScan;
use super::value::ValueScan;
use super::window::{Window, expect, next_token};
use super::{Level, Scanner};
use crate::json::decode_name;
use crate::stream::locate::Place;
use crate::stream::page_check::{PageCheck, check_property};
use crate::stream::page_end::{self, MAX_PAGE_LINK, PageProperties};
use crate::{Error, ErrorKind};

/// A property being read: where it starts, where, and its name.
#[derive(Debug)]
struct Property {
    start: u64,
    here: Place,
    name: Option<String>,
}

#[derive(Debug)]
enum Phase {
    /// Before `,` or the page's `}`.
    Separator,
    Quote,
    Name(StrScan),
    Colon,
    /// Where the value of a property known wrong by its name, or of a link
    /// or the count, is expected.
    NoDocument,
    ValueStart,
    /// A string value streaming past, checked.
    Streamed(StrScan),
    Value(ValueScan),
}

/// The next property of a page after its `value`, or the page's end.
#[derive(Debug)]
pub(in crate::stream) struct PropertyScan {
    array: Option<usize>,
    phase: Phase,
    property: Option<Property>,
    /// What is wrong with it by its name alone: path and message.
    name_error: Option<(ErrorKind, String, String)>,
    /// The text of a link streaming past, quotes included, while it is
    /// within [`MAX_PAGE_LINK`]; `Err` once it is over.
    link: Option<Result<Vec<u8>, ()>>,
}

impl PropertyScan {
    pub(in crate::stream) fn new(array: Option<usize>) -> Self {
        PropertyScan {
            array,
            phase: Phase::Separator,
            property: None,
            name_error: None,
            link: None,
        }
    }

    /// The property is held from its name on, unless its value streams.
    pub(in crate::stream) fn pinned(&self) -> Option<u64> {
        match self.phase {
            Phase::Streamed(_) => None,
            _ => self.property.as_ref().map(|property| property.start),
        }
    }

    fn property(&self) -> &Property {
        self.property.as_ref().expect("read after its name")
    }
}

impl Scanner {
    /// Reads on in a page's property after its `value` (the input is held
    /// from before the comma, so that broken JSON in the property is
    /// handed out whole).
    pub(super) fn page_property(
        &mut self,
        scan: &mut PropertyScan,
        w: &mut Window<'_>,
    ) -> Result<(), Stop> {
        loop {
            scan.phase = match &mut scan.phase {
                Phase::Separator => match next_token(w)? {
                    b'}' => {
                        w.advance(1);
                        if let Some(Level::PageRest { page, .. }) = self.levels.pop() {
                            self.last_page = Some(page.properties);
                        }
                        return Ok(());
                    }
                    b',' => {
                        w.advance(1);
                        Phase::Quote
                    }
                    _ => return Err(w.halt("expected `,` or `}`").into()),
                },
                Phase::Quote => self.property_name(scan, w)?,
                Phase::Name(string) => {
                    string.run(w)?;
                    let start = scan.property().start;
                    let name = decode_name(w.between(start, w.offset())).map(String::from);
                    scan.property.as_mut().expect("started").name = name;
                    Phase::Colon
                }
                Phase::Colon => {
                    expect(w, b':')?;
                    self.name_checked(scan)
                }
                Phase::NoDocument => {
                    let next = next_token(w)?;
                    if matches!(next, b'{' | b'[') && self.lines.position(w.offset(), w).1 == 1 {
                        let message =
                            "expected the property's value, not a line that starts with `{` or `[`";
                        return Err(w.halt(message).into());
                    }
                    Phase::ValueStart
                }
                Phase::ValueStart => {
                    let name = scan.property().name.as_deref();
                    let streamed = scan.name_error.is_none()
                        && next_token(w)? == b'"'
                        && name != Some("@odata.count");
                    if streamed {
                        // A string is checked as it streams past: a page
                        // link of any length costs no memory (and an
                        // invalid one is handed out without its text).
                        self.keep = None;
                        self.between = None;
                        let link = name.is_some_and(PageProperties::is_link);
                        scan.link = link.then(|| Ok(Vec::new()));
                        Phase::Streamed(StrScan::new(true))
                    } else {
                        let depth = scan.array.map_or(0, |_| 1) + 1;
                        Phase::Value(ValueScan::new(depth, None))
                    }
                }
                Phase::Streamed(string) => {
                    let from = w.offset();
                    let ran = string.run(w);
                    keep_link(&mut scan.link, w.between(from, w.offset()));
                    ran?;
                    let bad = string.bad;
                    return self.property_read(scan, None, bad, w);
                }
                Phase::Value(value) => {
                    value.run(w)?;
                    let too_deep = value.too_deep;
                    return self.property_read(scan, too_deep, false, w);
                }
            };
        }
    }

    /// At a property's name: where it starts.
    fn property_name(
        &mut self,
        scan: &mut PropertyScan,
        w: &mut Window<'_>,
    ) -> Result<Phase, Stop> {
        if next_token(w)? != b'"' {
            return Err(w.halt("expected a property name").into());
        }
        let start = w.offset();
        let (line, column) = self.lines.position(start, w);
        let here = Place {
            array: scan.array,
            item: None,
            line,
            column,
        };
        scan.property = Some(Property {
            start,
            here,
            name: None,
        });
        Ok(Phase::Name(StrScan::new(false)))
    }

    /// After a property's name: checks it, and says what comes next.
    fn name_checked(&mut self, scan: &mut PropertyScan) -> Phase {
        let property = scan.property.as_ref().expect("read after its name");
        let path = |name: &str| property.here.with_path(|at| at.key(name).to_string());
        let page = self.page_mut();
        // Known wrong by its name alone: then its value is held, to be
        // handed out with the error.
        let name_error = match &property.name {
            Some(name) => page
                .check_name(name)
                .map(|(kind, message)| (kind, path(name), message)),
            None => Some((
                ErrorKind::Syntax,
                String::new(),
                format!("{}: invalid property name", page.place.path()),
            )),
        };
        let known = matches!(
            property.name.as_deref(),
            Some("@odata.context" | "@odata.count" | "@odata.nextLink" | "@odata.deltaLink")
        );
        let wrong = name_error.is_some();
        scan.name_error = name_error;
        match known || wrong {
            true => Phase::NoDocument,
            false => Phase::ValueStart,
        }
    }

    fn page_mut(&mut self) -> &mut PageCheck {
        match self.levels.last_mut() {
            Some(Level::PageRest { page, .. }) => page,
            _ => unreachable!("a page's property is read in the page"),
        }
    }

    /// A property read to its end: checked, its name remembered.
    fn property_read(
        &mut self,
        scan: &mut PropertyScan,
        too_deep: Option<u64>,
        bad_escape: bool,
        w: &Window<'_>,
    ) -> Result<(), Stop> {
        let streamed = matches!(scan.phase, Phase::Streamed(_));
        let overflowed = self.take_overflow(w) && !streamed;
        let property = scan.property.take().expect("read after its name");
        let (line, column) = (property.here.line, property.here.column);
        let from = self.skip_from();
        let error = |kind: ErrorKind, path: String, message: String| {
            let error = Error::at(kind, path, message, (line, column));
            Err(Stop::Refused(error, from))
        };
        if let Some((kind, path, message)) = scan.name_error.take() {
            return error(kind, path, message);
        }
        let name = property.name.expect("a name without an error");
        let path = property.here.with_path(|at| at.key(&name).to_string());
        self.page_mut().insert(name.clone());
        if bad_escape {
            let message = "invalid escape or invalid UTF-8 in a string";
            return error(ErrorKind::Syntax, path, message.to_owned());
        }
        if too_deep.is_some() {
            return error(
                ErrorKind::Limit,
                path,
                "recursion limit exceeded".to_owned(),
            );
        }
        if overflowed {
            let message = format!("over the limit of {} bytes (max_alert_size)", self.limit);
            return error(ErrorKind::Limit, path, message);
        }
        match scan.link.take() {
            Some(Err(())) => {
                return error(ErrorKind::Limit, path, page_end::link_too_long_message());
            }
            Some(Ok(text)) => {
                let link = serde_json::from_slice(&text).expect("a string checked as it streamed");
                self.page_mut().properties.set_link(&name, link);
            }
            None => {}
        }
        if !streamed {
            let text = w.between(property.start, w.offset());
            match check_property(text, property.here) {
                Ok(checked) => self.page_mut().properties.take_from(checked),
                Err(error) => return Err(Stop::Refused(error, from)),
            }
        }
        Ok(())
    }
}

/// Adds `bytes` of a link streaming past to its text, or lets the text go
/// once it is over [`MAX_PAGE_LINK`] (quotes aside).
fn keep_link(link: &mut Option<Result<Vec<u8>, ()>>, bytes: &[u8]) {
    if let Some(Ok(text)) = link {
        if text.len() + bytes.len() > MAX_PAGE_LINK + 2 {
            *link = Some(Err(()));
        } else {
            text.extend_from_slice(bytes);
        }
    }
}
