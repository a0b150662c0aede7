//! Typed views: absent, present and malformed told apart.

use msgraph_network_connection::{ErrorKind, NetworkConnection, Property};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

fn parse(text: &str) -> NetworkConnection {
    serde_json::from_str(text).unwrap()
}

#[test]
fn addresses() {
    let cases: &[(&str, Result<Option<IpAddr>, &str>)] = &[
        (r#"{}"#, Ok(None)),
        (r#"{"sourceAddress":null}"#, Ok(None)),
        (
            r#"{"sourceAddress":"52.214.204.49"}"#,
            Ok(Some(IpAddr::V4(Ipv4Addr::new(52, 214, 204, 49)))),
        ),
        (
            r#"{"sourceAddress":"2001:db8::1"}"#,
            Ok(Some(IpAddr::V6(Ipv6Addr::new(
                0x2001, 0xdb8, 0, 0, 0, 0, 0, 1,
            )))),
        ),
        (
            r#"{"sourceAddress":""}"#,
            Err("sourceAddress: `` is not an IP address"),
        ),
        (
            r#"{"sourceAddress":"10.0.0.256"}"#,
            Err("sourceAddress: `10.0.0.256` is not an IP address"),
        ),
        (
            r#"{"sourceAddress":" 10.0.0.1"}"#,
            Err("sourceAddress: ` 10.0.0.1` is not an IP address"),
        ),
        (
            r#"{"sourceAddress":"10.0.0.1:80"}"#,
            Err("sourceAddress: `10.0.0.1:80` is not an IP address"),
        ),
        (
            r#"{"sourceAddress":"fe80::1%eth0"}"#,
            Err("sourceAddress: `fe80::1%eth0` is not an IP address"),
        ),
    ];
    for (input, expected) in cases {
        let got = parse(input).source_ip().map_err(|e| e.to_string());
        assert_eq!(got, expected.map_err(String::from), "{input}");
    }
    let all = parse(
        r#"{"destinationAddress":"1.1.1.1","natDestinationAddress":"x","natSourceAddress":"::1"}"#,
    );
    assert_eq!(all.destination_ip(), Ok(Some(IpAddr::from([1, 1, 1, 1]))));
    let error = all.nat_destination_ip().unwrap_err();
    assert_eq!(
        (error.kind(), error.property(), error.to_string()),
        (
            ErrorKind::InvalidValue,
            Some(Property::NatDestinationAddress),
            "natDestinationAddress: `x` is not an IP address".into()
        )
    );
    assert_eq!(
        all.nat_source_ip(),
        Ok(Some(IpAddr::V6(Ipv6Addr::LOCALHOST)))
    );
}

#[test]
fn ports() {
    let cases: &[(&str, Result<Option<u16>, &str>)] = &[
        (r#"{}"#, Ok(None)),
        (r#"{"sourcePort":null}"#, Ok(None)),
        (r#"{"sourcePort":"0"}"#, Ok(Some(0))),
        (r#"{"sourcePort":"443"}"#, Ok(Some(443))),
        (r#"{"sourcePort":"0443"}"#, Ok(Some(443))),
        (r#"{"sourcePort":"65535"}"#, Ok(Some(65535))),
        (
            r#"{"sourcePort":"65536"}"#,
            Err("sourcePort: `65536` is not a port number (0-65535)"),
        ),
        (
            r#"{"sourcePort":"-1"}"#,
            Err("sourcePort: `-1` is not a port number (0-65535)"),
        ),
        (
            r#"{"sourcePort":"+443"}"#,
            Err("sourcePort: `+443` is not a port number (0-65535)"),
        ),
        (
            r#"{"sourcePort":""}"#,
            Err("sourcePort: `` is not a port number (0-65535)"),
        ),
        (
            r#"{"sourcePort":"443 "}"#,
            Err("sourcePort: `443 ` is not a port number (0-65535)"),
        ),
        (
            r#"{"sourcePort":"https"}"#,
            Err("sourcePort: `https` is not a port number (0-65535)"),
        ),
        (
            r#"{"sourcePort":"99999999999999999999"}"#,
            Err("sourcePort: `99999999999999999999` is not a port number (0-65535)"),
        ),
    ];
    for (input, expected) in cases {
        let got = parse(input).source_port_number().map_err(|e| e.to_string());
        assert_eq!(got, expected.map_err(String::from), "{input}");
    }
    let all = parse(r#"{"destinationPort":"1","natDestinationPort":"2","natSourcePort":"x"}"#);
    assert_eq!(all.destination_port_number(), Ok(Some(1)));
    assert_eq!(all.nat_destination_port_number(), Ok(Some(2)));
    assert_eq!(
        all.nat_source_port_number().unwrap_err().to_string(),
        "natSourcePort: `x` is not a port number (0-65535)"
    );
}

#[test]
fn sockets_need_both_halves() {
    let both =
        parse(r#"{"sourceAddress":"10.0.0.1","sourcePort":"80","destinationAddress":"::1"}"#);
    assert_eq!(
        both.source_socket(),
        Ok(Some(SocketAddr::from(([10, 0, 0, 1], 80))))
    );
    assert_eq!(both.destination_socket(), Ok(None));
    let bad = parse(r#"{"destinationAddress":"::1","destinationPort":"x"}"#);
    assert_eq!(
        bad.destination_socket().unwrap_err().to_string(),
        "destinationPort: `x` is not a port number (0-65535)"
    );
}

#[test]
fn risk_score() {
    let cases: &[(&str, Result<Option<f64>, &str>)] = &[
        (r#"{}"#, Ok(None)),
        (r#"{"riskScore":null}"#, Ok(None)),
        (r#"{"riskScore":"0"}"#, Ok(Some(0.0))),
        (r#"{"riskScore":"0.83"}"#, Ok(Some(0.83))),
        (r#"{"riskScore":"1"}"#, Ok(Some(1.0))),
        (
            r#"{"riskScore":"1.0001"}"#,
            Err("riskScore: `1.0001` is not a number from 0 to 1"),
        ),
        (
            r#"{"riskScore":"-0.1"}"#,
            Err("riskScore: `-0.1` is not a number from 0 to 1"),
        ),
        (
            r#"{"riskScore":"83%"}"#,
            Err("riskScore: `83%` is not a number from 0 to 1"),
        ),
        (
            r#"{"riskScore":"NaN"}"#,
            Err("riskScore: `NaN` is not a number from 0 to 1"),
        ),
        (
            r#"{"riskScore":"inf"}"#,
            Err("riskScore: `inf` is not a number from 0 to 1"),
        ),
        (
            r#"{"riskScore":""}"#,
            Err("riskScore: `` is not a number from 0 to 1"),
        ),
        (
            r#"{"riskScore":"high"}"#,
            Err("riskScore: `high` is not a number from 0 to 1"),
        ),
    ];
    for (input, expected) in cases {
        let got = parse(input).risk_score_value().map_err(|e| e.to_string());
        assert_eq!(got, expected.map_err(String::from), "{input}");
    }
}

/// One malformed value costs that value only: every other typed value of
/// the connection comes with the problems, whichever property is bad.
#[test]
fn typed_gives_every_good_value_and_every_problem() {
    let good = parse(concat!(
        r#"{"sourceAddress":"10.0.0.1","sourcePort":"1","destinationAddress":"::1","#,
        r#""destinationPort":"2","natSourceAddress":"10.0.0.3","natSourcePort":"3","#,
        r#""natDestinationAddress":"10.0.0.4","natDestinationPort":"4","riskScore":"0.5"}"#
    ))
    .typed();
    assert_eq!(good.problems, []);
    let bad_texts = [
        ("sourceAddress", "x"),
        ("sourcePort", "x"),
        ("destinationAddress", "x"),
        ("destinationPort", "70000"),
        ("natSourceAddress", "x"),
        ("natSourcePort", "-1"),
        ("natDestinationAddress", "x"),
        ("natDestinationPort", ""),
        ("riskScore", "NaN"),
    ];
    for (property, text) in bad_texts {
        let mut connection = parse(concat!(
            r#"{"sourceAddress":"10.0.0.1","sourcePort":"1","destinationAddress":"::1","#,
            r#""destinationPort":"2","natSourceAddress":"10.0.0.3","natSourcePort":"3","#,
            r#""natDestinationAddress":"10.0.0.4","natDestinationPort":"4","riskScore":"0.5"}"#
        ));
        let property: Property = property.parse().unwrap();
        let field = match property {
            Property::SourceAddress => &mut connection.source_address,
            Property::SourcePort => &mut connection.source_port,
            Property::DestinationAddress => &mut connection.destination_address,
            Property::DestinationPort => &mut connection.destination_port,
            Property::NatSourceAddress => &mut connection.nat_source_address,
            Property::NatSourcePort => &mut connection.nat_source_port,
            Property::NatDestinationAddress => &mut connection.nat_destination_address,
            Property::NatDestinationPort => &mut connection.nat_destination_port,
            _ => &mut connection.risk_score,
        };
        *field = Some(text.to_string());
        let typed = connection.typed();
        let mut expected = good.clone();
        match property {
            Property::SourceAddress => expected.source.ip = None,
            Property::SourcePort => expected.source.port = None,
            Property::DestinationAddress => expected.destination.ip = None,
            Property::DestinationPort => expected.destination.port = None,
            Property::NatSourceAddress => expected.nat_source.ip = None,
            Property::NatSourcePort => expected.nat_source.port = None,
            Property::NatDestinationAddress => expected.nat_destination.ip = None,
            Property::NatDestinationPort => expected.nat_destination.port = None,
            _ => expected.risk_score = None,
        }
        let error = connection.validate().unwrap_err();
        let problems = error.problems();
        assert!(!problems.is_empty(), "{error}");
        expected.problems = problems.to_vec();
        assert_eq!(typed, expected, "{property}");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].property(), Some(property));
    }
}

#[test]
fn validate_reports_every_malformed_property_in_graph_order() {
    assert_eq!(parse(r#"{}"#).validate(), Ok(()));
    assert_eq!(
        parse(r#"{"sourceAddress":"1.2.3.4","sourcePort":"1","riskScore":"0.5","destinationUrl":"not checked"}"#)
            .validate(),
        Ok(())
    );
    let bad = parse(
        r#"{"sourcePort":"70000","riskScore":"2","destinationAddress":"host","sourceAddress":"10.0.0.1"}"#,
    );
    let err = bad.validate().unwrap_err();
    assert_eq!(
        err.to_string(),
        "3 malformed properties: destinationAddress: `host` is not an IP address; \
         riskScore: `2` is not a number from 0 to 1; \
         sourcePort: `70000` is not a port number (0-65535)"
    );
    let problems: Vec<_> = err
        .problems()
        .iter()
        .map(|e| (e.kind(), e.property(), e.to_string()))
        .collect();
    assert_eq!(
        problems,
        [
            (
                ErrorKind::InvalidValue,
                Some(Property::DestinationAddress),
                "destinationAddress: `host` is not an IP address".to_string()
            ),
            (
                ErrorKind::InvalidValue,
                Some(Property::RiskScore),
                "riskScore: `2` is not a number from 0 to 1".to_string()
            ),
            (
                ErrorKind::InvalidValue,
                Some(Property::SourcePort),
                "sourcePort: `70000` is not a port number (0-65535)".to_string()
            ),
        ]
    );
    assert_eq!(
        parse(r#"{"natSourcePort":"x"}"#)
            .validate()
            .unwrap_err()
            .to_string(),
        "1 malformed property: natSourcePort: `x` is not a port number (0-65535)"
    );
}

#[test]
fn builder_values_read_back_through_the_views() {
    let connection = NetworkConnection::builder()
        .source("[2001:db8::2]:8080".parse().unwrap())
        .nat_destination_address(IpAddr::from([192, 0, 2, 1]))
        .nat_destination_port(0)
        .risk_score(0.1 + 0.2)
        .build();
    assert_eq!(
        connection.source_socket(),
        Ok(Some("[2001:db8::2]:8080".parse().unwrap()))
    );
    assert_eq!(
        connection.nat_destination_ip(),
        Ok(Some(IpAddr::from([192, 0, 2, 1])))
    );
    assert_eq!(connection.nat_destination_port_number(), Ok(Some(0)));
    assert_eq!(
        connection.risk_score.as_deref(),
        Some("0.30000000000000004")
    );
    assert_eq!(connection.risk_score_value(), Ok(Some(0.1 + 0.2)));
    assert_eq!(connection.validate(), Ok(()));
    // What `validate` would refuse is refused when it is set.
    for (score, text) in [
        (f64::NAN, "NaN"),
        (f64::INFINITY, "inf"),
        (f64::NEG_INFINITY, "-inf"),
        (1.5, "1.5"),
        (-0.1, "-0.1"),
    ] {
        let refused = NetworkConnection::builder()
            .try_risk_score(score)
            .unwrap_err();
        assert_eq!(
            refused.to_string(),
            format!("riskScore: `{text}` is not a number from 0 to 1")
        );
    }
    let text = NetworkConnection::builder().risk_score_text("high").build();
    assert_eq!(
        text.validate().unwrap_err().to_string(),
        "1 malformed property: riskScore: `high` is not a number from 0 to 1"
    );
}

#[test]
#[should_panic(expected = "riskScore: `NaN` is not a number from 0 to 1")]
fn builder_risk_score_panics_on_what_validate_refuses() {
    let _ = NetworkConnection::builder().risk_score(f64::NAN);
}
