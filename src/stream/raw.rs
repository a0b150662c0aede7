//! `RawAlert`: one alert's bytes and place, to parse anywhere.

use super::locate::Place;
use crate::envelope::alert::AlertSeed;
use crate::{Alert, Error};
use serde::de::DeserializeSeed;

/// One alert's JSON text as it stands in the input, with its place, from
/// [`AlertReader::next_raw`](crate::AlertReader::next_raw): to parse on any thread, or to keep as it
/// came (for example in a file of rejected alerts).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawAlert {
    bytes: Vec<u8>,
    place: Place,
}

impl RawAlert {
    pub(super) fn new(bytes: Vec<u8>, place: Place) -> Self {
        RawAlert { bytes, place }
    }

    /// The alert's JSON text, exactly as in the input.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The alert's JSON text, taken out.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    /// The JSON path of the alert among the input's documents: `value[3]`,
    /// `[1].value[0]`, or empty for a document that is the alert.
    pub fn path(&self) -> String {
        self.place.path()
    }

    /// The line of the input (from 1) where the alert starts.
    pub fn line(&self) -> usize {
        self.place.line
    }

    /// The column of the input (from 1) where the alert starts.
    pub fn column(&self) -> usize {
        self.place.column
    }

    /// Parses the alert, as the reader's iterator would.
    pub fn parse(&self) -> Result<Alert, Error> {
        self.place.parse(&self.bytes, 0, |at, de| {
            AlertSeed {
                at,
                keep_unknown: true,
                max_connections: usize::MAX,
            }
            .deserialize(de)
        })
    }

    /// The alert's `id` and connections, its other properties checked and
    /// skipped, as [`AlertReader::connections`](crate::AlertReader::connections)
    /// reads them.
    pub fn connections(&self) -> Result<AlertConnections, Error> {
        self.connections_up_to(usize::MAX)
    }

    /// [`connections`](Self::connections), holding at most `most + 1`
    /// connections (the others are checked and dropped): checking an alert
    /// of millions of connections costs no more than a few.
    pub(crate) fn connections_up_to(&self, most: usize) -> Result<AlertConnections, Error> {
        let alert = self.place.parse(&self.bytes, 0, |at, de| {
            AlertSeed {
                at,
                keep_unknown: false,
                max_connections: most,
            }
            .deserialize(de)
        })?;
        Ok(AlertConnections {
            alert_id: alert.id,
            connections: alert.network_connections,
        })
    }

    /// An error from parsing [`bytes`](RawAlert::bytes) some other way
    /// (with `serde_json` and a type of the caller's), placed in the whole
    /// input with the alert's path.
    pub fn error(&self, error: serde_json::Error) -> Error {
        self.place
            .with_path(|at| self.place.relocate(error, &self.bytes, 0, at))
    }
}

impl crate::stream::scan::Found {
    /// The alert found, with `bytes` (its text) copied out; an error when
    /// the allocator refuses room for them.
    pub(crate) fn copy_out(&self, bytes: &[u8]) -> Result<RawAlert, Error> {
        Ok(RawAlert::new(crate::stream::copy_of(bytes)?, self.place))
    }
}

/// An alert's connections with its `id`, from [`RawAlert::connections`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct AlertConnections {
    /// The alert's `id`, if it has one.
    pub alert_id: Option<String>,
    /// Its connections, in order.
    pub connections: Vec<crate::NetworkConnection>,
}
