//! The context columns' values: one alert's, repeated in each of its
//! rows, and the builders of their arrays. The columns themselves are
//! [`context_table`](super::context_table)'s.

use super::capture::Captured;
use super::context_table::ContextKind;
use super::layout::Layout;
use super::room::{Builders, Room};
use arrow_array::ArrayRef;
use arrow_array::builder::{StringBuilder, TimestampMicrosecondBuilder};
use std::sync::Arc;

/// One alert's context values, as each of its rows repeats them. Kept in
/// the builder and reused from alert to alert, so that setting them does
/// not allocate; empty (all null) between alerts.
#[derive(Debug, Default)]
pub(crate) struct AlertValues {
    texts: Vec<String>,
    present: Vec<bool>,
    instants: Vec<Option<i64>>,
}

impl AlertValues {
    /// Sets the values of the alert whose captured properties (indexed as
    /// the layout's `properties`) are `captured`.
    pub(crate) fn set(&mut self, layout: &Layout, captured: &[Option<Captured<'_>>]) {
        let n = layout.columns.len();
        self.texts.resize_with(n, String::new);
        self.present.resize(n, false);
        self.instants.resize(n, None);
        for (i, placed) in layout.columns.iter().enumerate() {
            let text = &mut self.texts[i];
            text.clear();
            let found = write_value(layout, captured, placed.property, placed.child, text);
            self.present[i] = match (found, placed.fallback) {
                (Some(present), _) => present,
                (None, Some((parent, child))) => {
                    write_value(layout, captured, parent, Some(child), text).unwrap_or(false)
                }
                (None, None) => false,
            };
            self.instants[i] = match placed.kind {
                ContextKind::Timestamp if self.present[i] => instant_of(text),
                _ => None,
            };
        }
    }

    /// Back to all null.
    pub(crate) fn clear(&mut self) {
        self.present.fill(false);
        self.instants.fill(None);
    }

    fn text(&self, column: usize) -> Option<&str> {
        self.present
            .get(column)
            .copied()
            .unwrap_or(false)
            .then(|| self.texts[column].as_str())
    }

    fn instant(&self, column: usize) -> Option<i64> {
        self.instants.get(column).copied().flatten()
    }

    /// The bytes of text a row of these values holds.
    pub(crate) fn text_bytes(&self) -> usize {
        (0..self.present.len())
            .filter_map(|i| self.text(i))
            .map(str::len)
            .sum()
    }
}

/// Writes the text of the captured `property` (or of its `child`) into
/// `out`: whether it is not null, or `None` when the alert has no such
/// property.
fn write_value(
    layout: &Layout,
    captured: &[Option<Captured<'_>>],
    property: usize,
    child: Option<usize>,
    out: &mut String,
) -> Option<bool> {
    let value = captured.get(property)?.as_ref()?;
    Some(match child {
        None => value.write_text(out),
        Some(child) => {
            let name = &layout.properties[property].children[child];
            value.write_child(child, name, out)
        }
    })
}

/// The instant of a timestamp's text, by the rule of
/// `domainRegisteredDateTime`; `None` when the text is not a timestamp.
fn instant_of(text: &str) -> Option<i64> {
    crate::model::parse_timestamp(text)
        .ok()
        .map(|instant| instant.timestamp_micros())
}

/// The builders of the context columns.
pub(crate) struct ContextBuilders {
    pub(crate) layout: Arc<Layout>,
    columns: Vec<ContextBuilder>,
}

enum ContextBuilder {
    Timestamp(TimestampMicrosecondBuilder, StringBuilder),
    Text(StringBuilder),
}

impl ContextBuilders {
    pub(crate) fn new(layout: Arc<Layout>) -> Self {
        Self::with_room(layout, &mut Room::default().builders())
    }

    /// The builders, taking their room in turn from `next`.
    pub(super) fn with_room(layout: Arc<Layout>, next: &mut Builders<'_>) -> Self {
        let columns = layout
            .columns
            .iter()
            .map(|placed| match placed.kind {
                ContextKind::Timestamp => ContextBuilder::Timestamp(next.timestamp(), next.text()),
                ContextKind::Text => ContextBuilder::Text(next.text()),
            })
            .collect();
        ContextBuilders { layout, columns }
    }

    /// Appends one row of `values`.
    pub(crate) fn append(&mut self, values: &AlertValues) {
        for (i, column) in self.columns.iter_mut().enumerate() {
            match column {
                ContextBuilder::Timestamp(instants, texts) => {
                    instants.append_option(values.instant(i));
                    texts.append_option(values.text(i));
                }
                ContextBuilder::Text(texts) => texts.append_option(values.text(i)),
            }
        }
    }

    /// The columns' arrays, in the schema's order; the builders are empty
    /// after.
    pub(crate) fn finish(&mut self, arrays: &mut Vec<ArrayRef>) {
        for column in &mut self.columns {
            match column {
                ContextBuilder::Timestamp(instants, texts) => {
                    arrays.push(Arc::new(instants.finish()));
                    arrays.push(Arc::new(texts.finish()));
                }
                ContextBuilder::Text(texts) => arrays.push(Arc::new(texts.finish())),
            }
        }
    }
}

#[cfg(test)]
#[path = "context_tests.rs"]
mod tests;
