//! Appending an alert's rows to the columns straight from its text
//! ([`direct`](super::direct)), holding a bounded number of rows: an alert
//! of millions of connections is checked whole first, then read again row
//! by row into the columns.

use super::ConnectionBatchBuilder;
use super::capture::{Capture, capture_only};
use super::direct::{Row, read, read_capturing};
use super::fast;
use crate::{Error, RawAlert};
use std::borrow::Cow;

/// How many rows of one alert are held while it is checked. A row takes
/// about 500 bytes, so this is a few megabytes; real alerts have a handful.
pub(super) const HELD_ROWS: usize = 4096;

/// What came of reading an alert straight from its text.
pub(super) enum Direct {
    /// Its rows were appended: how many.
    Appended(usize),
    /// The direct path refuses it: the typed path gives the error.
    Refused,
    /// Sound, with more than [`HELD_ROWS`] rows, none of them appended:
    /// for [`ConnectionBatchBuilder::append_checked`].
    Many { id: Option<String> },
}

impl ConnectionBatchBuilder {
    /// Appends the connections of a raw alert (from
    /// [`AlertReader::next_raw`](crate::AlertReader::next_raw)), read
    /// straight from its JSON text into the columns; returns how many.
    ///
    /// The rows are those [`append`](Self::append) gives for the
    /// connections of [`RawAlert::connections`], and an alert that method
    /// refuses is refused with its error (nothing is appended then). Call it
    /// on any thread: a builder per thread, batches in the order you choose.
    /// Besides the columns, it holds at most a few thousand rows: an alert
    /// with more is checked whole first, then read again into the columns.
    ///
    /// ```
    /// use msgraph_network_connection::{AlertReader, columnar::ConnectionBatchBuilder};
    ///
    /// let export = b"{\"id\":\"a1\",\"networkConnections\":[{\"sourcePort\":\"443\"},{}]}\n{\"id\":1}\n";
    /// let mut reader = AlertReader::new(&export[..]);
    /// let mut batch = ConnectionBatchBuilder::new();
    /// assert_eq!(batch.append_raw(&reader.next_raw().unwrap()?)?, 2);
    /// let refused = batch.append_raw(&reader.next_raw().unwrap()?).unwrap_err();
    /// assert_eq!(refused.to_string(), "id: invalid type: integer `1`, expected a string or null at line 2 column 7");
    /// assert_eq!(batch.finish().num_rows(), 2);
    /// # Ok::<(), msgraph_network_connection::Error>(())
    /// ```
    pub fn append_raw(&mut self, raw: &RawAlert) -> Result<usize, Error> {
        match self.append_direct(raw.bytes()) {
            Direct::Appended(rows) => Ok(rows),
            Direct::Many { id } => Ok(self
                .append_checked(raw.bytes(), id.as_deref(), |_, _| true)
                .unwrap_or_default()),
            Direct::Refused => self.append_typed(raw),
        }
    }

    /// Reads an alert straight from its text, appending its rows unless it
    /// has more than [`HELD_ROWS`].
    pub(super) fn append_direct(&mut self, bytes: &[u8]) -> Direct {
        self.append_if_alert(bytes, false)
            .expect("any object is read when its shape is not asked")
    }

    /// [`append_direct`](Self::append_direct) for a line of NDJSON that
    /// no scanner has looked at: `None`, with nothing appended, unless the
    /// text is one object that the scanner would take for an alert, and
    /// sound.
    pub(super) fn append_line(&mut self, bytes: &[u8]) -> Option<Direct> {
        self.append_if_alert(bytes, true)
    }

    fn append_if_alert(&mut self, bytes: &[u8], only_alerts: bool) -> Option<Direct> {
        // Not UTF-8: the typed path says where.
        let Ok(text) = std::str::from_utf8(bytes) else {
            return (!only_alerts).then_some(Direct::Refused);
        };
        let mut rows: Vec<Row<'_>> = Vec::new();
        let mut many = false;
        let layout = &*self.context.layout;
        let mut capture = Capture::new(layout);
        let read = match fast::read_alert(text, layout, HELD_ROWS, &mut rows, &mut capture) {
            Some(read) => Ok(read),
            None => {
                rows.clear();
                capture = Capture::new(layout);
                let on_row = &mut |row| {
                    if rows.len() == HELD_ROWS {
                        // Let go at once: they are read again once the
                        // alert is known to be sound.
                        (rows, many) = (Vec::new(), true);
                    }
                    if !many {
                        rows.push(row);
                    }
                    true
                };
                read_capturing(text, on_row, Some((layout, &mut capture)))
            }
        };
        let id = match read {
            Ok(read) if only_alerts && !read.alert_shaped => return None,
            Ok(read) => read.id,
            Err(_) if only_alerts => return None,
            Err(_) => return Some(Direct::Refused),
        };
        if many {
            let id = id.map(Cow::into_owned);
            return Some(Direct::Many { id });
        }
        if rows.is_empty() && self.table.is_none() {
            return Some(Direct::Appended(0));
        }
        self.alert.set(layout, &capture.values);
        for row in &rows {
            self.append_texts(id.as_deref(), &row.texts(), row.instant);
        }
        self.append_table_row(id.as_deref(), rows.len(), Some(text));
        self.alert.clear();
        Some(Direct::Appended(rows.len()))
    }

    /// Appends the rows of an alert that [`append_direct`](Self::append_direct)
    /// found sound, with its `id`, reading it again one row at a time;
    /// `each` sees the builder after each row, with the bytes of the row's
    /// texts (to take batches out of it), and stops the reading by
    /// returning `false`. How many rows were appended, or `None` when
    /// `each` stopped; the alert's row of the alerts table comes after the
    /// last.
    pub(super) fn append_checked(
        &mut self,
        bytes: &[u8],
        id: Option<&str>,
        mut each: impl FnMut(&mut Self, usize) -> bool,
    ) -> Option<usize> {
        let (mut rows, mut stopped) = (0, false);
        let capture = capture_only(bytes, &self.context.layout);
        self.alert.set(&self.context.layout, &capture.values);
        let context_bytes = self.alert.text_bytes();
        let read = read(bytes, &mut |row| {
            let texts = row.texts();
            self.append_texts(id, &texts, row.instant);
            rows += 1;
            let text_bytes: usize = texts.iter().flatten().map(|text| text.len()).sum();
            stopped = !each(self, text_bytes + context_bytes);
            !stopped
        });
        if read.is_ok() {
            // `read` took the text as UTF-8.
            self.append_table_row(id, rows, std::str::from_utf8(bytes).ok());
        }
        self.alert.clear();
        match read {
            Ok(_) => Some(rows),
            Err(_) if stopped => None,
            // The same text read by the same code.
            Err(error) => unreachable!("an alert checked whole reads again: {error}"),
        }
    }

    /// Reads an alert the typed way: the error of an alert the direct path
    /// refuses, or (should the two ever disagree) its rows, with its
    /// context. It is checked holding a few connections first, so that a
    /// refused alert of millions costs no more than a few.
    pub(super) fn append_typed(&mut self, raw: &RawAlert) -> Result<usize, Error> {
        raw.connections_up_to(HELD_ROWS)?;
        let alert = raw.parse()?;
        // An alert that parses is UTF-8: invalid UTF-8 is refused in its
        // strings, and is no JSON outside them.
        Ok(self.append_parsed(&alert, std::str::from_utf8(raw.bytes()).ok()))
    }
}
