//! What the export hands its caller: chunks of rows in input order, and
//! what could not be read. Below every other part of the export, which
//! all make or pass these.

use crate::Error;
use arrow_array::RecordBatch;

/// What came of one chunk of alerts, in input order.
#[derive(Debug)]
#[non_exhaustive]
pub struct Chunk {
    /// The connections of the chunk's alerts that parsed.
    pub batch: RecordBatch,
    /// The alerts table's rows of the chunk's alerts that parsed (one per
    /// alert, `alerts` in all, in input order), when the options ask for
    /// the alerts table ([`ExportOptions::with_alerts_table`](super::ExportOptions::with_alerts_table)).
    /// An alert of very many connections comes in several chunks, with
    /// its row in the last.
    pub alert_batch: Option<RecordBatch>,
    /// How many alerts parsed.
    pub alerts: usize,
    /// What could not be read, in input order.
    pub rejected: Vec<Rejected>,
    /// How many bytes of the input had been read past when the chunk was cut.
    pub bytes_read: u64,
}

/// An alert, or a stretch of input, that could not be read.
#[derive(Debug)]
#[non_exhaustive]
pub struct Rejected {
    /// Why.
    pub error: Error,
    /// The exact text of the alert, or of the input passed over; `None`
    /// only when that was longer than the reader's `max_alert_size`.
    pub text: Option<Vec<u8>>,
}
