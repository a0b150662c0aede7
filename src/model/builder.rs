//! Building a connection in code.

use crate::{NetworkConnection, Property};
use serde_json::Value;
use std::net::SocketAddr;

/// Builds a [`NetworkConnection`] with fluent setters.
///
/// Only the properties you set are written, in Graph's order. Typed setters
/// write values the way Graph does: addresses in their standard text form,
/// ports and the risk score as decimal strings, timestamps in UTC with `Z`.
///
/// ```
/// use msgraph_network_connection::{NetworkConnection, SecurityNetworkProtocol};
/// use std::net::SocketAddr;
///
/// let source: SocketAddr = "10.0.0.5:49152".parse()?;
/// let connection = NetworkConnection::builder()
///     .protocol(SecurityNetworkProtocol::Tcp)
///     .source(source)
///     .destination_port(443)
///     .risk_score(0.83)
///     .build();
/// assert_eq!(
///     serde_json::to_string(&connection)?,
///     r#"{"destinationPort":"443","protocol":"tcp","riskScore":"0.83","sourceAddress":"10.0.0.5","sourcePort":"49152"}"#
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct NetworkConnectionBuilder {
    pub(crate) connection: NetworkConnection,
}

/// Setters for an address and port pair.
macro_rules! endpoint_setters {
    ($($name:literal: $pair:ident / $set_pair:ident => $set_address:ident, $set_port:ident;)+) => {
        $(
            #[doc = concat!("Sets the ", $name, " address and port.")]
            pub fn $pair(self, socket: SocketAddr) -> Self {
                self.$set_pair(Some(socket))
            }

            #[doc = concat!("Sets the ", $name, " address and port, or leaves both out when `None`.")]
            pub fn $set_pair(self, socket: Option<SocketAddr>) -> Self {
                self.$set_address(socket.map(|s| s.ip()))
                    .$set_port(socket.map(|s| s.port()))
            }
        )+
    };
}

impl NetworkConnectionBuilder {
    endpoint_setters! {
        "source": source / set_source => set_source_address, set_source_port;
        "destination": destination / set_destination => set_destination_address, set_destination_port;
        "NAT source": nat_source / set_nat_source => set_nat_source_address, set_nat_source_port;
        "NAT destination": nat_destination / set_nat_destination
            => set_nat_destination_address, set_nat_destination_port;
    }

    /// Sets `riskScore` from a number from 0 to 1, written in its shortest
    /// decimal form (`0.83`).
    ///
    /// # Panics
    ///
    /// When `score` is not a number from 0 to 1 (NaN, infinite, negative,
    /// over 1), as `Duration::from_secs_f64` panics on what it cannot hold:
    /// such a score would be written as text that
    /// [`NetworkConnection::validate`] refuses. Use
    /// [`try_risk_score`](Self::try_risk_score) for scores from elsewhere,
    /// or [`risk_score_text`](Self::risk_score_text) to write any text.
    pub fn risk_score(self, score: f64) -> Self {
        match self.try_risk_score(score) {
            Ok(builder) => builder,
            Err(error) => panic!("{error}"),
        }
    }

    /// Sets `riskScore` from a number from 0 to 1, or says why it cannot.
    ///
    /// ```
    /// use msgraph_network_connection::NetworkConnection;
    ///
    /// let built = NetworkConnection::builder().try_risk_score(0.25)?.build();
    /// assert_eq!(built.risk_score.as_deref(), Some("0.25"));
    /// let refused = NetworkConnection::builder().try_risk_score(f64::NAN).unwrap_err();
    /// assert_eq!(refused.to_string(), "riskScore: `NaN` is not a number from 0 to 1");
    /// # Ok::<(), msgraph_network_connection::Error>(())
    /// ```
    pub fn try_risk_score(mut self, score: f64) -> Result<Self, crate::Error> {
        self.connection.set_risk_score(score)?;
        Ok(self)
    }

    /// Sets `riskScore` from a number from 0 to 1, or leaves it out when
    /// `None`.
    ///
    /// # Panics
    ///
    /// As [`risk_score`](Self::risk_score) does.
    pub fn set_risk_score(self, score: Option<f64>) -> Self {
        match score {
            Some(score) => self.risk_score(score),
            None => self.set_risk_score_text(None),
        }
    }

    /// Writes the property as `null`, as Graph does for what it does not know.
    pub fn null(mut self, property: Property) -> Self {
        self.connection.set_null(property);
        self
    }

    /// Adds a property or annotation the model does not know. A known
    /// property's name here makes serialization fail; use its setter instead.
    pub fn additional(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.connection
            .additional_data
            .insert(name.into(), value.into());
        self
    }

    /// The connection.
    pub fn build(self) -> NetworkConnection {
        self.connection
    }
}

impl NetworkConnection {
    /// A builder that starts from this connection, to change it the way a
    /// new one is built.
    ///
    /// ```
    /// use msgraph_network_connection::NetworkConnection;
    ///
    /// let read: NetworkConnection = serde_json::from_str(r#"{"sourcePort":"443","riskScore":null}"#)?;
    /// let changed = read.to_builder().source_port(8443).set_risk_score(None).build();
    /// assert_eq!(serde_json::to_string(&changed)?, r#"{"sourcePort":"8443"}"#);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_builder(&self) -> NetworkConnectionBuilder {
        NetworkConnectionBuilder {
            connection: self.clone(),
        }
    }

    /// Sets `riskScore` from a number from 0 to 1, written in its shortest
    /// decimal form, or removes it when `None`; a score out of that range
    /// is refused and the connection left as it was.
    ///
    /// ```
    /// use msgraph_network_connection::NetworkConnection;
    ///
    /// let mut c: NetworkConnection = serde_json::from_str(r#"{"riskScore":"0.5"}"#)?;
    /// c.set_risk_score(0.9)?;
    /// assert_eq!(c.risk_score.as_deref(), Some("0.9"));
    /// let refused = c.set_risk_score(1.5).unwrap_err();
    /// assert_eq!(refused.to_string(), "riskScore: `1.5` is not a number from 0 to 1");
    /// assert_eq!(c.risk_score_value()?, Some(0.9));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn set_risk_score(&mut self, score: impl Into<Option<f64>>) -> Result<(), crate::Error> {
        let text = score.into().map(|score| score.to_string());
        crate::model::view::parse_risk_score(&text)?;
        self.set_risk_score_text(text);
        Ok(())
    }
}
