//! Typed views of the string properties: addresses, ports and risk score.
//!
//! Each returns `Ok(None)` when the property is absent or `null`, `Ok(Some(_))`
//! when it parses, and an [`Error`] naming the property and its text when it
//! is present but malformed.

use crate::{Error, NetworkConnection, Property};
use chrono::{DateTime, Utc};
use std::net::{IpAddr, SocketAddr};

/// An address and a port, each there or not: a known address is kept when
/// the port is `null`, and the other way round.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub struct Endpoint {
    /// The IP address.
    pub ip: Option<IpAddr>,
    /// The port.
    pub port: Option<u16>,
}

impl Endpoint {
    /// The address and port together, when both are there.
    pub fn socket(&self) -> Option<SocketAddr> {
        self.ip.zip(self.port).map(SocketAddr::from)
    }
}

/// Every typed value of a connection at once, and every problem, from
/// [`NetworkConnection::typed`]: a malformed property is `None` here and
/// one of the `problems`, and costs nothing else.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct TypedConnection {
    /// `sourceAddress` and `sourcePort`.
    pub source: Endpoint,
    /// `destinationAddress` and `destinationPort`.
    pub destination: Endpoint,
    /// `natSourceAddress` and `natSourcePort`.
    pub nat_source: Endpoint,
    /// `natDestinationAddress` and `natDestinationPort`.
    pub nat_destination: Endpoint,
    /// `riskScore`, from 0 to 1.
    pub risk_score: Option<f64>,
    /// `domainRegisteredDateTime`.
    pub domain_registered_date_time: Option<DateTime<Utc>>,
    /// Each malformed property, in Graph's order: addresses that are not
    /// IP addresses, ports that are not decimal numbers from 0 to 65535, a
    /// risk score that is not a number from 0 to 1.
    pub problems: Vec<Error>,
}

/// How a property's text must parse.
#[derive(Clone, Copy)]
enum Kind {
    Address,
    Port,
    RiskScore,
}

/// The text of a string property.
type Field = fn(&NetworkConnection) -> &Option<String>;

/// The properties with a typed view, in Graph's order.
const TYPED: [(Property, Kind, Field); 9] = [
    (Property::DestinationAddress, Kind::Address, |c| {
        &c.destination_address
    }),
    (Property::DestinationPort, Kind::Port, |c| {
        &c.destination_port
    }),
    (Property::NatDestinationAddress, Kind::Address, |c| {
        &c.nat_destination_address
    }),
    (Property::NatDestinationPort, Kind::Port, |c| {
        &c.nat_destination_port
    }),
    (Property::NatSourceAddress, Kind::Address, |c| {
        &c.nat_source_address
    }),
    (Property::NatSourcePort, Kind::Port, |c| &c.nat_source_port),
    (Property::RiskScore, Kind::RiskScore, |c| &c.risk_score),
    (Property::SourceAddress, Kind::Address, |c| {
        &c.source_address
    }),
    (Property::SourcePort, Kind::Port, |c| &c.source_port),
];

impl NetworkConnection {
    /// `destinationAddress` as an IP address.
    pub fn destination_ip(&self) -> Result<Option<IpAddr>, Error> {
        parse_ip(Property::DestinationAddress, &self.destination_address)
    }

    /// `destinationPort` as a number.
    pub fn destination_port_number(&self) -> Result<Option<u16>, Error> {
        parse_port(Property::DestinationPort, &self.destination_port)
    }

    /// `destinationAddress` and `destinationPort` together, when both are
    /// set; [`typed`](Self::typed) gives each even when the other is not.
    pub fn destination_socket(&self) -> Result<Option<SocketAddr>, Error> {
        socket(self.destination_ip()?, self.destination_port_number()?)
    }

    /// `natDestinationAddress` as an IP address.
    pub fn nat_destination_ip(&self) -> Result<Option<IpAddr>, Error> {
        parse_ip(
            Property::NatDestinationAddress,
            &self.nat_destination_address,
        )
    }

    /// `natDestinationPort` as a number.
    pub fn nat_destination_port_number(&self) -> Result<Option<u16>, Error> {
        parse_port(Property::NatDestinationPort, &self.nat_destination_port)
    }

    /// `natSourceAddress` as an IP address.
    pub fn nat_source_ip(&self) -> Result<Option<IpAddr>, Error> {
        parse_ip(Property::NatSourceAddress, &self.nat_source_address)
    }

    /// `natSourcePort` as a number.
    pub fn nat_source_port_number(&self) -> Result<Option<u16>, Error> {
        parse_port(Property::NatSourcePort, &self.nat_source_port)
    }

    /// `sourceAddress` as an IP address.
    ///
    /// ```
    /// use msgraph_network_connection::NetworkConnection;
    ///
    /// let c: NetworkConnection = serde_json::from_str(r#"{"sourceAddress":"52.214.204.49"}"#)?;
    /// assert_eq!(c.source_ip()?, Some([52, 214, 204, 49].into()));
    ///
    /// let bad: NetworkConnection = serde_json::from_str(r#"{"sourceAddress":"fileserver"}"#)?;
    /// assert_eq!(
    ///     bad.source_ip().unwrap_err().to_string(),
    ///     "sourceAddress: `fileserver` is not an IP address"
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn source_ip(&self) -> Result<Option<IpAddr>, Error> {
        parse_ip(Property::SourceAddress, &self.source_address)
    }

    /// `sourcePort` as a number.
    pub fn source_port_number(&self) -> Result<Option<u16>, Error> {
        parse_port(Property::SourcePort, &self.source_port)
    }

    /// `sourceAddress` and `sourcePort` together, when both are set;
    /// [`typed`](Self::typed) gives each even when the other is not.
    pub fn source_socket(&self) -> Result<Option<SocketAddr>, Error> {
        socket(self.source_ip()?, self.source_port_number()?)
    }

    /// `riskScore` as a number from 0 to 1.
    pub fn risk_score_value(&self) -> Result<Option<f64>, Error> {
        parse_risk_score(&self.risk_score)
    }

    /// Every well-formed typed value and every malformed property, in one
    /// call: a malformed address costs its own value only, not the port
    /// beside it or the score. Absent and `null` properties are `None`.
    ///
    /// ```
    /// use msgraph_network_connection::NetworkConnection;
    ///
    /// let c: NetworkConnection = serde_json::from_str(
    ///     r#"{"sourceAddress":"fileserver","sourcePort":"443","riskScore":"0.5"}"#,
    /// )?;
    /// let typed = c.typed();
    /// assert_eq!(typed.source.ip, None);
    /// assert_eq!(typed.source.port, Some(443));
    /// assert_eq!(typed.risk_score, Some(0.5));
    /// assert_eq!(typed.problems.len(), 1);
    /// assert_eq!(
    ///     typed.problems[0].to_string(),
    ///     "sourceAddress: `fileserver` is not an IP address"
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn typed(&self) -> TypedConnection {
        let mut typed = TypedConnection {
            domain_registered_date_time: self.domain_registered_date_time,
            ..TypedConnection::default()
        };
        for &(property, kind, field) in &TYPED {
            let text = field(self);
            let endpoint = match property {
                Property::SourceAddress | Property::SourcePort => &mut typed.source,
                Property::DestinationAddress | Property::DestinationPort => &mut typed.destination,
                Property::NatSourceAddress | Property::NatSourcePort => &mut typed.nat_source,
                _ => &mut typed.nat_destination,
            };
            let parsed = match kind {
                Kind::Address => parse_ip(property, text).map(|ip| endpoint.ip = ip),
                Kind::Port => parse_port(property, text).map(|port| endpoint.port = port),
                Kind::RiskScore => parse_risk_score(text).map(|score| typed.risk_score = score),
            };
            typed.problems.extend(parsed.err());
        }
        typed
    }

    /// Checks every property that has a typed view and reports all the
    /// malformed ones at once (as one error whose [`problems`](Error::problems) are each one, in Graph's order); see
    /// [`typed`](Self::typed).
    ///
    /// ```
    /// use msgraph_network_connection::NetworkConnection;
    ///
    /// let bad: NetworkConnection =
    ///     serde_json::from_str(r#"{"sourcePort":"http","riskScore":"2"}"#)?;
    /// assert_eq!(
    ///     bad.validate().unwrap_err().to_string(),
    ///     "2 malformed properties: riskScore: `2` is not a number from 0 to 1; \
    ///      sourcePort: `http` is not a port number (0-65535)"
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn validate(&self) -> Result<(), Error> {
        let problems = self.typed().problems;
        match problems.is_empty() {
            true => Ok(()),
            false => Err(Error::invalid_properties(problems)),
        }
    }
}

fn parse_ip(property: Property, text: &Option<String>) -> Result<Option<IpAddr>, Error> {
    let Some(text) = text else { return Ok(None) };
    text.parse()
        .map(Some)
        .map_err(|_| Error::invalid_property(property, text, "an IP address"))
}

/// Ports are decimal digits only: no sign, no spaces, no empty string.
pub(crate) fn parse_port(property: Property, text: &Option<String>) -> Result<Option<u16>, Error> {
    let Some(text) = text else { return Ok(None) };
    match port_from_text(text) {
        Some(port) => Ok(Some(port)),
        None => Err(Error::invalid_property(
            property,
            text,
            "a port number (0-65535)",
        )),
    }
}

/// A port: decimal digits from 0 to 65535.
pub(crate) fn port_from_text(text: &str) -> Option<u16> {
    let digits_only = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
    text.parse().ok().filter(|_| digits_only)
}

pub(crate) fn parse_risk_score(text: &Option<String>) -> Result<Option<f64>, Error> {
    let Some(text) = text else { return Ok(None) };
    // `contains` is false for NaN, so "NaN" and "inf" are rejected too.
    match text.parse::<f64>() {
        Ok(score) if (0.0..=1.0).contains(&score) => Ok(Some(score)),
        _ => Err(Error::invalid_property(
            Property::RiskScore,
            text,
            "a number from 0 to 1",
        )),
    }
}

fn socket(ip: Option<IpAddr>, port: Option<u16>) -> Result<Option<SocketAddr>, Error> {
    Ok(ip.zip(port).map(SocketAddr::from))
}
