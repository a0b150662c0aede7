//! Room made ahead in a chunk's column builders, by the chunk before it.
//!
//! A chunk's builders start empty and grow by doubling, copying each
//! column several times over a block of input. The chunk before on the
//! same thread is the best guess of the next one's size (blocks are cut
//! to about the same number of bytes), so its columns' rows and bytes,
//! with an eighth more, are made room for at once.

use arrow_array::builder::{
    Float64Builder, Int32Builder, StringBuilder, TimestampMicrosecondBuilder,
};
use arrow_array::{Array, RecordBatch, StringArray};

/// Each column's rows and bytes of text (0 for other columns), in the
/// order of the batch's columns.
#[derive(Clone, Debug, Default)]
pub(super) struct Room(Vec<(usize, usize)>);

impl Room {
    /// The room `batch` took, and an eighth more.
    pub(super) fn after(batch: &RecordBatch) -> Room {
        let more = |n: usize| n + n / 8;
        let columns = batch.columns().iter().map(|column| {
            let text = column.as_any().downcast_ref::<StringArray>();
            let bytes = text.map_or(0, |text| text.value_data().len());
            (more(column.len()), more(bytes))
        });
        Room(columns.collect())
    }

    /// Builders with this room, one for each column in turn; past the
    /// columns it knows (or with no room known), arrow's defaults.
    pub(super) fn builders(&self) -> Builders<'_> {
        Builders(self.0.iter())
    }
}

/// Builders of the columns of a [`Room`], in turn.
pub(super) struct Builders<'r>(std::slice::Iter<'r, (usize, usize)>);

impl Builders<'_> {
    pub(super) fn text(&mut self) -> StringBuilder {
        match self.0.next() {
            Some(&(rows, bytes)) => StringBuilder::with_capacity(rows, bytes),
            None => StringBuilder::new(),
        }
    }

    pub(super) fn int32(&mut self) -> Int32Builder {
        self.0.next().map_or_else(Int32Builder::new, |&(rows, _)| {
            Int32Builder::with_capacity(rows)
        })
    }

    pub(super) fn float64(&mut self) -> Float64Builder {
        self.0
            .next()
            .map_or_else(Float64Builder::new, |&(rows, _)| {
                Float64Builder::with_capacity(rows)
            })
    }

    /// Instants in UTC.
    pub(super) fn timestamp(&mut self) -> TimestampMicrosecondBuilder {
        let builder = self
            .0
            .next()
            .map_or_else(TimestampMicrosecondBuilder::new, |&(rows, _)| {
                TimestampMicrosecondBuilder::with_capacity(rows)
            });
        builder.with_timezone("UTC")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::{ArrayRef, Int32Array};
    use std::sync::Arc;

    #[test]
    fn the_room_is_the_batch_and_an_eighth() {
        let texts: StringArray = (0..16).map(|i| (i % 2 == 0).then_some("four")).collect();
        let numbers: Int32Array = (0..16).map(Some).collect();
        let batch = RecordBatch::try_from_iter([
            ("texts", Arc::new(texts) as ArrayRef),
            ("numbers", Arc::new(numbers) as ArrayRef),
        ])
        .unwrap();
        let room = Room::after(&batch);
        assert_eq!(room.0, [(18, 36), (18, 0)]);
        // Past the columns it knows, arrow's defaults; the timestamps in UTC.
        let mut next = room.builders();
        let (_, _, _) = (next.text(), next.int32(), next.float64());
        let mut instants = next.timestamp();
        instants.append_value(0);
        assert_eq!(
            instants.finish().data_type().to_string(),
            r#"Timestamp(µs, "UTC")"#
        );
    }
}
