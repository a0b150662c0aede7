//! The `connections_csv` example, run on inputs with known output.

#[allow(dead_code)]
#[path = "../examples/connections_csv.rs"]
mod connections_csv;

fn csv(input: &str) -> (String, usize) {
    let mut out = Vec::new();
    let malformed = connections_csv::write_csv(input.as_bytes(), &mut out).unwrap();
    (String::from_utf8(out).unwrap(), malformed)
}

const HEADER: &str = "alertId,applicationName,destinationAddress,destinationDomain,destinationLocation,destinationPort,destinationUrl,direction,domainRegisteredDateTime,localDnsName,natDestinationAddress,natDestinationPort,natSourceAddress,natSourcePort,protocol,riskScore,sourceAddress,sourceLocation,sourcePort,status,urlParameters\r\n";

#[test]
fn one_row_per_connection_with_rfc_4180_quoting() {
    let input = concat!(
        r#"{"value":[{"networkConnections":[{"applicationName":"a","destinationAddress":"1.2.3.4","destinationDomain":"d","#,
        r#""destinationLocation":"Dublin, IE","destinationPort":"443","destinationUrl":"u","direction":"outbound","#,
        r#""domainRegisteredDateTime":"2017-01-01T00:01:30.7098297+00:00","localDnsName":"l","natDestinationAddress":"5.6.7.8","#,
        r#""natDestinationPort":"1","natSourceAddress":"9.9.9.9","natSourcePort":"2","protocol":"quic","riskScore":"0.5","#,
        r#""sourceAddress":"10.0.0.1","sourceLocation":"say \"hi\"","sourcePort":"3","status":"String","urlParameters":"a\nb"}],"#,
        r#""id":"alert,1"},"#,
        r#"{"id":"alert2","networkConnections":[{"sourcePort":null},{"protocol":"tcp","domainRegisteredDateTime":"2019-04-16T09:27:45.12Z"}]},"#,
        r#"{"id":"alert3","networkConnections":null}]}"#,
    );
    let (out, malformed) = csv(input);
    assert_eq!(malformed, 0);
    assert_eq!(
        out,
        format!(
            "{HEADER}{}{}{}",
            "\"alert,1\",a,1.2.3.4,d,\"Dublin, IE\",443,u,outbound,2017-01-01T00:01:30.7098297+00:00,l,5.6.7.8,1,9.9.9.9,2,quic,0.5,10.0.0.1,\"say \"\"hi\"\"\",3,String,\"a\nb\"\r\n",
            "alert2,,,,,,,,,,,,,,,,,,,,\r\n",
            "alert2,,,,,,,,2019-04-16T09:27:45.12Z,,,,,,tcp,,,,,,\r\n",
        )
    );
}

#[test]
fn malformed_alerts_are_counted_and_the_rest_written() {
    let (out, malformed) = csv(
        "{\"id\":\"a\",\"networkConnections\":[{\"sourcePort\":1}]}\n{\"id\":\"b\",\"networkConnections\":[{}]}\n",
    );
    assert_eq!(malformed, 1);
    assert_eq!(out, format!("{HEADER}b,,,,,,,,,,,,,,,,,,,,\r\n"));
}
