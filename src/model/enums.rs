//! The three Graph enums used by `networkConnection`, each defined by one table.
//! Codes are the numeric values in Graph's metadata.

use crate::model::member::graph_enum;

graph_enum! {
    /// Graph's `securityNetworkProtocol`: the network protocol of a connection.
    ///
    /// ```
    /// use msgraph_network_connection::SecurityNetworkProtocol;
    ///
    /// let tcp: SecurityNetworkProtocol = "tcp".parse()?;
    /// assert_eq!(tcp, SecurityNetworkProtocol::Tcp);
    /// assert_eq!(tcp.code(), Some(6));
    /// assert_eq!(SecurityNetworkProtocol::from_code(1257), Some(SecurityNetworkProtocol::SpxII));
    /// assert_eq!(SecurityNetworkProtocol::SpxII.as_str(), "spxII");
    /// # Ok::<(), msgraph_network_connection::Error>(())
    /// ```
    SecurityNetworkProtocol, "securityNetworkProtocol", {
        /// Unknown protocol.
        Unknown = -1 => "unknown",
        /// Internet Protocol.
        Ip = 0 => "ip",
        /// Internet Control Message Protocol.
        Icmp = 1 => "icmp",
        /// Internet Group Management Protocol.
        Igmp = 2 => "igmp",
        /// Gateway To Gateway Protocol.
        Ggp = 3 => "ggp",
        /// Internet Protocol version 4.
        Ipv4 = 4 => "ipv4",
        /// Transmission Control Protocol.
        Tcp = 6 => "tcp",
        /// PARC Universal Packet Protocol.
        Pup = 12 => "pup",
        /// User Datagram Protocol.
        Udp = 17 => "udp",
        /// Internet Datagram Protocol.
        Idp = 22 => "idp",
        /// Internet Protocol version 6.
        Ipv6 = 41 => "ipv6",
        /// IPv6 Routing header.
        Ipv6RoutingHeader = 43 => "ipv6RoutingHeader",
        /// IPv6 Fragment header.
        Ipv6FragmentHeader = 44 => "ipv6FragmentHeader",
        /// IPv6 Encapsulating Security Payload header.
        IpSecEncapsulatingSecurityPayload = 50 => "ipSecEncapsulatingSecurityPayload",
        /// IPv6 Authentication header.
        IpSecAuthenticationHeader = 51 => "ipSecAuthenticationHeader",
        /// Internet Control Message Protocol for IPv6.
        IcmpV6 = 58 => "icmpV6",
        /// IPv6 No next header.
        Ipv6NoNextHeader = 59 => "ipv6NoNextHeader",
        /// IPv6 Destination Options header.
        Ipv6DestinationOptions = 60 => "ipv6DestinationOptions",
        /// Net Disk Protocol (unofficial).
        Nd = 77 => "nd",
        /// Raw IP packet protocol.
        Raw = 255 => "raw",
        /// Internet Packet Exchange Protocol.
        Ipx = 1000 => "ipx",
        /// Sequenced Packet Exchange protocol.
        Spx = 1256 => "spx",
        /// Sequenced Packet Exchange version 2 protocol.
        SpxII = 1257 => "spxII",
        /// Graph's evolvable-enum sentinel, sent in place of members added
        /// after the client's version unless the client asks for them.
        UnknownFutureValue = 32767 => "unknownFutureValue",
    }
}

graph_enum! {
    /// Graph's `connectionDirection`: which way a connection was made.
    ///
    /// ```
    /// use msgraph_network_connection::ConnectionDirection;
    ///
    /// assert_eq!(ConnectionDirection::try_from(2)?, ConnectionDirection::Outbound);
    /// assert_eq!(ConnectionDirection::Outbound.to_string(), "outbound");
    /// # Ok::<(), msgraph_network_connection::Error>(())
    /// ```
    ConnectionDirection, "connectionDirection", {
        /// Direction not known.
        Unknown = 0 => "unknown",
        /// Inbound connection.
        Inbound = 1 => "inbound",
        /// Outbound connection.
        Outbound = 2 => "outbound",
        /// Graph's evolvable-enum sentinel, sent in place of members added
        /// after the client's version unless the client asks for them.
        UnknownFutureValue = 127 => "unknownFutureValue",
    }
}

graph_enum! {
    /// Graph's `connectionStatus`: the outcome of a connection.
    ///
    /// ```
    /// use msgraph_network_connection::ConnectionStatus;
    ///
    /// assert_eq!("blocked".parse::<ConnectionStatus>()?, ConnectionStatus::Blocked);
    /// assert!("Blocked".parse::<ConnectionStatus>().is_err());
    /// # Ok::<(), msgraph_network_connection::Error>(())
    /// ```
    ConnectionStatus, "connectionStatus", {
        /// Status not known.
        Unknown = 0 => "unknown",
        /// The connection was attempted.
        Attempted = 1 => "attempted",
        /// The connection succeeded.
        Succeeded = 2 => "succeeded",
        /// The connection was blocked.
        Blocked = 3 => "blocked",
        /// The connection failed.
        Failed = 4 => "failed",
        /// Graph's evolvable-enum sentinel, sent in place of members added
        /// after the client's version unless the client asks for them.
        UnknownFutureValue = 127 => "unknownFutureValue",
    }
}
