//! `Connections`: each connection of each alert, holding one alert's bytes
//! and, for an alert with very many connections, one connection at a time.

use super::reader::AlertReader;
use super::scan::{Found, KeyScan, Name, ValueScan, Window, expect, next_token};
use crate::envelope::alert::AlertSeed;
use crate::{Error, NetworkConnection};
use serde::de::DeserializeSeed;
use std::fmt;
use std::io::Read;

/// How many parsed connections of one alert are held at once; an alert
/// with more is read twice: checked whole, then parsed one connection at a
/// time. Real alerts have a handful.
const HELD_CONNECTIONS: usize = 1024;

/// Each connection of each alert, from [`AlertReader::connections`].
pub struct Connections<R> {
    alerts: AlertReader<R>,
    alert_id: Option<String>,
    pending: Pending,
}

/// The connections of the current alert not yet handed out.
enum Pending {
    Parsed(std::vec::IntoIter<NetworkConnection>),
    /// An alert with many connections, its text still held by the reader:
    /// where in it the next connection starts (already checked, so parsing
    /// cannot fail).
    Text {
        alert: Found,
        next: usize,
    },
}

/// A network connection with the `id` of the alert it belongs to.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct AlertConnection {
    /// The alert's `id`, if it has one.
    pub alert_id: Option<String>,
    /// The connection.
    pub connection: NetworkConnection,
}

impl<R> fmt::Debug for Connections<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Connections")
            .field("alerts", &self.alerts)
            .field("alert_id", &self.alert_id)
            .finish_non_exhaustive()
    }
}

impl<R: Read> AlertReader<R> {
    /// Each network connection of each alert, in input order, with its
    /// alert's `id` (which may come after `networkConnections` in the
    /// input). The alerts' other properties are checked and skipped, which
    /// makes this faster than reading whole alerts. An alert is checked
    /// whole before its first connection is handed out: a malformed alert
    /// is one `Err`, with none of its connections.
    pub fn connections(self) -> Connections<R> {
        Connections {
            alerts: self,
            alert_id: None,
            pending: Pending::Parsed(Vec::new().into_iter()),
        }
    }
}

impl<R: Read> Connections<R> {
    fn next_pending(&mut self) -> Option<NetworkConnection> {
        match &mut self.pending {
            Pending::Parsed(parsed) => parsed.next(),
            Pending::Text { alert, next } => {
                let rest = &self.alerts.bytes(alert)[*next..];
                let skip = rest
                    .iter()
                    .position(|&b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b','))?;
                if rest[skip] == b']' {
                    self.pending = Pending::Parsed(Vec::new().into_iter());
                    self.alerts.done_with();
                    return None;
                }
                let mut stream = serde_json::Deserializer::from_slice(&rest[skip..])
                    .into_iter::<NetworkConnection>();
                let connection = stream.next()?.ok()?;
                *next += skip + stream.byte_offset();
                Some(connection)
            }
        }
    }
}

/// Where the elements of `networkConnections` start in an alert's text
/// (already checked): just after its `[`.
fn connections_start(bytes: &[u8]) -> Option<usize> {
    // The whole text is fed: the scans never ask for more.
    let mut w = Window::new(bytes, 0, 0, true);
    expect(&mut w, b'{').ok()?;
    loop {
        let name = KeyScan::Quote.run(&mut w).ok()?;
        if name == Some(Name::NetworkConnections) && next_token(&mut w).ok()? == b'[' {
            return Some(w.offset() as usize + 1);
        }
        ValueScan::new(1, None).run(&mut w).ok()?;
        expect(&mut w, b',').ok()?;
    }
}

impl<R: Read> Iterator for Connections<R> {
    type Item = Result<AlertConnection, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(connection) = self.next_pending() {
                return Some(Ok(AlertConnection {
                    alert_id: self.alert_id.clone(),
                    connection,
                }));
            }
            let found = match self.alerts.next_found()? {
                Ok(found) => found,
                Err(error) => return Some(Err(error)),
            };
            let bytes = self.alerts.bytes(&found);
            let parsed = found.place.parse(bytes, 0, |at, de| {
                AlertSeed {
                    at,
                    keep_unknown: false,
                    max_connections: HELD_CONNECTIONS,
                }
                .deserialize(de)
            });
            let alert = match parsed {
                Ok(alert) => alert,
                Err(error) => {
                    self.alerts.done_with();
                    return Some(Err(error));
                }
            };
            self.alert_id = alert.id;
            if alert.network_connections.len() > HELD_CONNECTIONS {
                let next = connections_start(bytes).unwrap_or(bytes.len());
                self.pending = Pending::Text { alert: found, next };
            } else {
                self.pending = Pending::Parsed(alert.network_connections.into_iter());
                self.alerts.done_with();
            }
        }
    }
}

impl<R: Read> std::iter::FusedIterator for Connections<R> {}
