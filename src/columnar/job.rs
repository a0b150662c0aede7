//! The jobs the splitter hands out, and what is
//! said of them.

use super::chunk::Rejected;
use crate::RawAlert;
use crate::stream::input::Start;
use std::sync::Arc;

/// Work for a thread.
pub(super) enum Job {
    /// Whole lines, to read on their own.
    Block {
        bytes: Arc<Vec<u8>>,
        start: Start,
        /// The input's last block, whose reader sees the input's own end.
        last: bool,
        max_alert_size: usize,
    },
    /// Alerts found in input order (or what came instead), to parse.
    InOrder {
        items: Vec<Result<RawAlert, Rejected>>,
        bytes_read: u64,
        /// The first job after a block that was read again: the jobs
        /// before it since that block are void.
        replaces_void: bool,
    },
}

impl Job {
    /// The bytes of input it holds.
    pub(super) fn size(&self) -> usize {
        match self {
            Job::Block { bytes, .. } => bytes.len(),
            Job::InOrder { items, .. } => items
                .iter()
                .map(|item| match item {
                    Ok(raw) => raw.bytes().len(),
                    Err(reject) => reject.text.as_ref().map_or(0, Vec::len),
                })
                .sum(),
        }
    }
}

/// What the receiving side says of a job, in job order.
pub(super) enum Verdict {
    /// Used.
    Used(u64),
    /// A block whose reader did not end between documents: it is read
    /// again, and the jobs after it are void.
    ReadAgain(u64),
}

/// What the splitter has next.
pub(super) enum Next {
    Job(Job),
    /// A verdict on the jobs handed out is needed first.
    Wait,
    End,
}
