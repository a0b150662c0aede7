//! Graph's properties of `networkConnection`, in Graph's order: the one
//! table that the model's types and the JSON form are generated from.

/// Calls `$callback!` with one row per property: `Variant "wireName"
/// field / set_field: Type`, and for a property held as text that has a
/// typed value, `= Kind(Typed) field_text / set_field_text`; each row's doc
/// comment documents the field.
macro_rules! property_table {
    ($callback:ident) => {
        $callback! {
            /// The OData type annotation `@odata.type`
            /// (`"#microsoft.graph.networkConnection"`; Graph's documentation samples
            /// write it without `#`). Live responses usually omit it.
            ODataType "@odata.type" odata_type / set_odata_type: String,
            /// Name of the application managing the network connection (for example,
            /// Facebook, SMTP).
            ApplicationName "applicationName" application_name / set_application_name: String,
            /// Destination IP address. See [`NetworkConnection::destination_ip`].
            DestinationAddress "destinationAddress" destination_address / set_destination_address: String
                = Address(std::net::IpAddr) destination_address_text / set_destination_address_text,
            /// Destination domain portion of the destination URL (for example
            /// `www.contoso.com`).
            DestinationDomain "destinationDomain" destination_domain / set_destination_domain: String,
            /// Location (by IP address mapping) of the destination.
            DestinationLocation "destinationLocation" destination_location / set_destination_location: String,
            /// Destination port, a decimal string on the wire. See
            /// [`NetworkConnection::destination_port_number`].
            DestinationPort "destinationPort" destination_port / set_destination_port: String
                = Port(u16) destination_port_text / set_destination_port_text,
            /// URL of the connection, without parameters (for example
            /// `www.contoso.com/products/default.html`).
            DestinationUrl "destinationUrl" destination_url / set_destination_url: String,
            /// Which way the connection was made.
            Direction "direction" direction / set_direction: ConnectionDirection,
            /// When the destination domain was registered. The exact text that came
            /// in is written back while this holds the instant it names.
            DomainRegisteredDateTime "domainRegisteredDateTime" domain_registered_date_time / set_domain_registered_date_time: DateTime<Utc>,
            /// The local DNS name resolution as it appears in the host's local DNS
            /// cache (for example, when the `hosts` file was tampered with).
            LocalDnsName "localDnsName" local_dns_name / set_local_dns_name: String,
            /// Network Address Translation destination IP address.
            NatDestinationAddress "natDestinationAddress" nat_destination_address / set_nat_destination_address: String
                = Address(std::net::IpAddr) nat_destination_address_text / set_nat_destination_address_text,
            /// Network Address Translation destination port.
            NatDestinationPort "natDestinationPort" nat_destination_port / set_nat_destination_port: String
                = Port(u16) nat_destination_port_text / set_nat_destination_port_text,
            /// Network Address Translation source IP address.
            NatSourceAddress "natSourceAddress" nat_source_address / set_nat_source_address: String
                = Address(std::net::IpAddr) nat_source_address_text / set_nat_source_address_text,
            /// Network Address Translation source port.
            NatSourcePort "natSourcePort" nat_source_port / set_nat_source_port: String
                = Port(u16) nat_source_port_text / set_nat_source_port_text,
            /// Network protocol.
            Protocol "protocol" protocol / set_protocol: SecurityNetworkProtocol,
            /// Provider-calculated risk score, a decimal string from 0 to 1 on the
            /// wire. See [`NetworkConnection::risk_score_value`].
            RiskScore "riskScore" risk_score / set_risk_score: String
                = Score(f64) risk_score_text / set_risk_score_text,
            /// Source (origin) IP address. See [`NetworkConnection::source_ip`].
            SourceAddress "sourceAddress" source_address / set_source_address: String
                = Address(std::net::IpAddr) source_address_text / set_source_address_text,
            /// Location (by IP address mapping) of the source.
            SourceLocation "sourceLocation" source_location / set_source_location: String,
            /// Source (origin) port. See [`NetworkConnection::source_port_number`].
            SourcePort "sourcePort" source_port / set_source_port: String
                = Port(u16) source_port_text / set_source_port_text,
            /// Outcome of the connection.
            Status "status" status / set_status: ConnectionStatus,
            /// Parameters (suffix) of the destination URL.
            UrlParameters "urlParameters" url_parameters / set_url_parameters: String,
        }
    };
}

pub(crate) use property_table;
