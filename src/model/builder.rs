//! Building a connection in code.

use crate::{
    ConnectionDirection, ConnectionStatus, NetworkConnection, Property, SecurityNetworkProtocol,
};
use chrono::{DateTime, Utc};
use serde_json::Value;
use std::net::{IpAddr, SocketAddr};

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

/// Setters that store text as given.
macro_rules! text_setters {
    ($($(#[doc = $doc:literal])* $setter:ident => $field:ident;)+) => {
        $(
            $(#[doc = $doc])*
            pub fn $setter(mut self, text: impl Into<String>) -> Self {
                self.connection.$field = Some(text.into());
                self
            }
        )+
    };
}

/// Setters for an address and port pair: typed and as text.
macro_rules! endpoint_setters {
    ($(
        $name:literal: $pair:ident, $address:ident, $address_text:ident => $address_field:ident,
        $port:ident, $port_text:ident => $port_field:ident;
    )+) => {
        $(
            #[doc = concat!("Sets the ", $name, " address and port.")]
            pub fn $pair(self, socket: SocketAddr) -> Self {
                self.$address(socket.ip()).$port(socket.port())
            }

            #[doc = concat!("Sets the ", $name, " IP address.")]
            pub fn $address(self, address: IpAddr) -> Self {
                self.$address_text(address.to_string())
            }

            #[doc = concat!("Sets the ", $name, " address as text, as given (it need not be an IP address).")]
            pub fn $address_text(mut self, text: impl Into<String>) -> Self {
                self.connection.$address_field = Some(text.into());
                self
            }

            #[doc = concat!("Sets the ", $name, " port.")]
            pub fn $port(self, port: u16) -> Self {
                self.$port_text(port.to_string())
            }

            #[doc = concat!("Sets the ", $name, " port as text, as given.")]
            pub fn $port_text(mut self, text: impl Into<String>) -> Self {
                self.connection.$port_field = Some(text.into());
                self
            }
        )+
    };
}

impl NetworkConnectionBuilder {
    text_setters! {
        /// Sets `@odata.type`, e.g. `"#microsoft.graph.networkConnection"`.
        odata_type => odata_type;
        /// Sets `applicationName`.
        application_name => application_name;
        /// Sets `destinationDomain`.
        destination_domain => destination_domain;
        /// Sets `destinationLocation`.
        destination_location => destination_location;
        /// Sets `destinationUrl`.
        destination_url => destination_url;
        /// Sets `localDnsName`.
        local_dns_name => local_dns_name;
        /// Sets `riskScore` as text, as given.
        risk_score_text => risk_score;
        /// Sets `sourceLocation`.
        source_location => source_location;
        /// Sets `urlParameters`.
        url_parameters => url_parameters;
    }

    endpoint_setters! {
        "source": source, source_address, source_address_text => source_address,
            source_port, source_port_text => source_port;
        "destination": destination, destination_address, destination_address_text => destination_address,
            destination_port, destination_port_text => destination_port;
        "NAT source": nat_source, nat_source_address, nat_source_address_text => nat_source_address,
            nat_source_port, nat_source_port_text => nat_source_port;
        "NAT destination": nat_destination, nat_destination_address, nat_destination_address_text => nat_destination_address,
            nat_destination_port, nat_destination_port_text => nat_destination_port;
    }

    /// Sets `direction`.
    pub fn direction(mut self, direction: ConnectionDirection) -> Self {
        self.connection.direction = Some(direction);
        self
    }

    /// Sets `domainRegisteredDateTime`; it is written as Graph writes
    /// timestamps (`2019-04-16T09:27:45.12Z`).
    pub fn domain_registered_date_time(mut self, instant: DateTime<Utc>) -> Self {
        self.connection.domain_registered_date_time = Some(instant);
        self
    }

    /// Sets `protocol`.
    pub fn protocol(mut self, protocol: SecurityNetworkProtocol) -> Self {
        self.connection.protocol = Some(protocol);
        self
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
    pub fn try_risk_score(self, score: f64) -> Result<Self, crate::Error> {
        let text = Some(score.to_string());
        crate::model::view::parse_risk_score(&text)?;
        Ok(self.set_risk_score(text))
    }

    /// Sets `status`.
    pub fn status(mut self, status: ConnectionStatus) -> Self {
        self.connection.status = Some(status);
        self
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
