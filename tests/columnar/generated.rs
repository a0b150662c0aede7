//! Generated input for the round trip.

use serde_json::{Value, json};

/// Alerts whose connections cover every kind of value: nulls, absent
/// properties, unrecognized members, malformed ports and scores, 7-digit
/// and `+00:00` timestamps, text that needs quoting.
pub(crate) fn generated(alerts: usize) -> Vec<u8> {
    let ports = [
        json!("443"),
        json!(null),
        json!("0"),
        json!("65535"),
        json!("65536"),
        json!("-1"),
        json!("http"),
        json!(""),
    ];
    let scores = [
        json!("0.83"),
        json!(null),
        json!("1"),
        json!("1.5"),
        json!("NaN"),
        json!("0"),
    ];
    let protocols = [
        json!("tcp"),
        json!("quic"),
        json!(null),
        json!("String"),
        json!("icmpV6"),
    ];
    let statuses = [
        json!("blocked"),
        json!("unknownFutureValue"),
        json!(null),
        json!("teleported"),
    ];
    let times = [
        json!("2017-01-01T00:01:30.7098297Z"),
        json!("2019-04-16T09:27:45.12+00:00"),
        json!(null),
        json!("2020-02-29T23:59:59Z"),
        json!("1969-12-31T23:59:59.9999999Z"),
    ];
    let mut out = Vec::new();
    for i in 0..alerts {
        let mut connections = Vec::new();
        for j in 0..(i % 4) {
            let k = i * 7 + j;
            let mut c = serde_json::Map::new();
            c.insert("sourcePort".into(), ports[k % ports.len()].clone());
            if k % 3 != 0 {
                c.insert(
                    "destinationPort".into(),
                    ports[(k / 3) % ports.len()].clone(),
                );
            }
            c.insert("riskScore".into(), scores[k % scores.len()].clone());
            c.insert("protocol".into(), protocols[k % protocols.len()].clone());
            c.insert("status".into(), statuses[(k / 2) % statuses.len()].clone());
            if k % 5 != 1 {
                c.insert(
                    "direction".into(),
                    json!(["inbound", "outbound", "sideways"][k % 3]),
                );
            }
            c.insert(
                "domainRegisteredDateTime".into(),
                times[k % times.len()].clone(),
            );
            c.insert(
                "sourceAddress".into(),
                json!(format!("10.0.{}.{}", k % 256, j)),
            );
            c.insert("sourceLocation".into(), json!("Dublin, \"IE\"\n"));
            if k % 2 == 0 {
                c.insert("urlParameters".into(), Value::Null);
            }
            connections.push(Value::Object(c));
        }
        let mut alert = json!({"severity": "high", "networkConnections": connections});
        let context = [
            ("createdDateTime", times[i % times.len()].clone()),
            (
                "eventDateTime",
                json!(["2019-04-16T09:27:45Z", "soon", ""][i % 3]),
            ),
            ("title", [json!("T"), json!(7), json!(null)][i % 3].clone()),
            (
                "vendorInformation",
                [json!({"provider": "ASC", "vendor": 1}), json!("x")][i % 2].clone(),
            ),
        ];
        for (name, value) in context.into_iter().skip(i % 5) {
            alert[name] = value;
        }
        if i % 9 != 4 {
            alert["id"] = json!(format!("alert-{i}"));
        }
        out.extend_from_slice(serde_json::to_string(&alert).unwrap().as_bytes());
        out.push(b'\n');
    }
    out
}
