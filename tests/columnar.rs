//! JSON -> Parquet -> read back: every column equal to what the JSON said,
//! computed here from `serde_json::Value` independently of the crate's
//! model; the same file whatever the number of threads; and DuckDB reading
//! the file (needs `python3 -m pip install duckdb`, which `.ci/run` does).

use arrow_array::{
    Array, Float64Array, Int32Array, RecordBatch, StringArray, TimestampMicrosecondArray,
};
use chrono::DateTime;
use msgraph_network_connection::columnar::{ParquetExport, connection_schema};
use msgraph_network_connection::{
    AlertReader, ConnectionDirection, ConnectionStatus, Property, SecurityNetworkProtocol,
};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use serde_json::{Value, json};
use std::path::PathBuf;
use support::mutation::corpus;

mod support {
    pub mod mutation;
}

/// Alerts whose connections cover every kind of value: nulls, absent
/// properties, unrecognized members, malformed ports and scores, 7-digit
/// and `+00:00` timestamps, text that needs quoting.
fn generated(alerts: usize) -> Vec<u8> {
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

fn temp_file(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("msgraph-columnar-{}-{name}", std::process::id()))
}

fn export(input: &[u8], threads: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut parquet = ParquetExport::new(&mut out).unwrap();
    let summary = parquet
        .write_alerts(AlertReader::new(input), threads, |_| {})
        .unwrap();
    assert_eq!(
        summary.rejected,
        0,
        "{}",
        String::from_utf8_lossy(&input[..input.len().min(300)])
    );
    parquet.finish().unwrap();
    out
}

fn read_back(file: &[u8]) -> Vec<RecordBatch> {
    let path = temp_file("read-back.parquet");
    std::fs::write(&path, file).unwrap();
    let reader = ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(&path).unwrap())
        .unwrap()
        .build()
        .unwrap();
    let batches = reader.collect::<Result<Vec<_>, _>>().unwrap();
    std::fs::remove_file(path).unwrap();
    batches
}

/// A cell as JSON, whatever its Arrow type.
fn cell(column: &dyn Array, row: usize) -> Value {
    if column.is_null(row) {
        return Value::Null;
    }
    let any = column.as_any();
    if let Some(text) = any.downcast_ref::<StringArray>() {
        json!(text.value(row))
    } else if let Some(int) = any.downcast_ref::<Int32Array>() {
        json!(int.value(row))
    } else if let Some(float) = any.downcast_ref::<Float64Array>() {
        json!(float.value(row))
    } else if let Some(time) = any.downcast_ref::<TimestampMicrosecondArray>() {
        json!(time.value(row))
    } else {
        panic!("unexpected column type {:?}", column.data_type())
    }
}

/// Every (alert, connection) of the input, from `serde_json::Value`:
/// arrays hold alerts or pages; a page is an object with a `value` array
/// and no `id`.
fn connections_of(input: &[u8]) -> Vec<(Value, Value)> {
    fn visit(value: Value, out: &mut Vec<(Value, Value)>) {
        match value {
            Value::Array(items) => items.into_iter().for_each(|item| visit(item, out)),
            Value::Object(mut page)
                if page.get("value").is_some_and(Value::is_array) && !page.contains_key("id") =>
            {
                visit(page.remove("value").unwrap(), out)
            }
            alert => {
                if let Some(Value::Array(connections)) = alert.get("networkConnections") {
                    out.extend(connections.iter().map(|c| (alert.clone(), c.clone())));
                }
            }
        }
    }
    let mut out = Vec::new();
    for document in serde_json::Deserializer::from_slice(input).into_iter::<Value>() {
        visit(document.unwrap(), &mut out);
    }
    out
}

/// The alert's context columns: a string as it is, any other value as
/// compact JSON, a timestamp's instant when its text is RFC 3339.
fn expected_context(alert: &Value, row: &mut serde_json::Map<String, Value>) {
    let text = |value: Option<&Value>| match value {
        None | Some(Value::Null) => Value::Null,
        Some(Value::String(s)) => json!(s),
        Some(other) => json!(other.to_string()),
    };
    for (column, property) in [
        ("alertCreatedDateTime", "createdDateTime"),
        ("alertEventDateTime", "eventDateTime"),
        ("alertLastModifiedDateTime", "lastModifiedDateTime"),
    ] {
        let t = text(alert.get(property));
        let micros = t
            .as_str()
            .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
            .map_or(Value::Null, |m| json!(m.timestamp_micros()));
        row.insert(column.into(), micros);
        row.insert(format!("{column}Text"), t);
    }
    for (column, property) in [
        ("alertSeverity", "severity"),
        ("alertStatus", "status"),
        ("alertCategory", "category"),
        ("alertTitle", "title"),
        ("alertTenantId", "azureTenantId"),
    ] {
        row.insert(column.into(), text(alert.get(property)));
    }
    let vendor = alert.get("vendorInformation").filter(|v| v.is_object());
    for (column, property) in [("alertProvider", "provider"), ("alertVendor", "vendor")] {
        row.insert(column.into(), text(vendor.and_then(|v| v.get(property))));
    }
}

/// What each column must hold for one connection, by column name.
fn expected_row(alert: &Value, connection: &Value) -> serde_json::Map<String, Value> {
    let mut row = serde_json::Map::new();
    row.insert(
        "alertId".into(),
        alert.get("id").cloned().unwrap_or(Value::Null),
    );
    expected_context(alert, &mut row);
    let text = |name: &str| match connection.get(name) {
        Some(Value::String(s)) => json!(s),
        _ => Value::Null,
    };
    for property in Property::ALL {
        let name = property.name();
        let t = text(name);
        let s = t.as_str();
        match name {
            "@odata.type" => {}
            "destinationPort" | "natDestinationPort" | "natSourcePort" | "sourcePort" => {
                let port = s
                    .filter(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
                    .and_then(|s| s.parse::<u16>().ok());
                row.insert(name.into(), port.map_or(Value::Null, |p| json!(p)));
                row.insert(format!("{name}Text"), t.clone());
            }
            "direction" | "protocol" | "status" => {
                let code = s.and_then(|s| match name {
                    "direction" => s.parse::<ConnectionDirection>().ok().and_then(|m| m.code()),
                    "protocol" => s
                        .parse::<SecurityNetworkProtocol>()
                        .ok()
                        .and_then(|m| m.code()),
                    _ => s.parse::<ConnectionStatus>().ok().and_then(|m| m.code()),
                });
                row.insert(name.into(), t.clone());
                row.insert(
                    format!("{name}Code"),
                    code.map_or(Value::Null, |c| json!(c)),
                );
            }
            "domainRegisteredDateTime" => {
                let micros = s.map(|s| DateTime::parse_from_rfc3339(s).unwrap().timestamp_micros());
                row.insert(name.into(), micros.map_or(Value::Null, |m| json!(m)));
                row.insert(format!("{name}Text"), t.clone());
            }
            "riskScore" => {
                let score = s
                    .and_then(|s| s.parse::<f64>().ok())
                    .filter(|f| (0.0..=1.0).contains(f));
                row.insert(name.into(), score.map_or(Value::Null, |f| json!(f)));
                row.insert(format!("{name}Text"), t.clone());
            }
            _ => {
                row.insert(name.into(), t);
            }
        }
    }
    row
}

fn assert_round_trip(input: &[u8]) {
    let batches = read_back(&export(input, 2));
    let schema = connection_schema();
    let mut rows = Vec::new();
    for batch in &batches {
        assert_eq!(batch.schema().fields(), schema.fields());
        for row in 0..batch.num_rows() {
            let cells: serde_json::Map<String, Value> = schema
                .fields()
                .iter()
                .enumerate()
                .map(|(i, field)| (field.name().clone(), cell(batch.column(i).as_ref(), row)))
                .collect();
            rows.push(cells);
        }
    }
    let expected: Vec<_> = connections_of(input)
        .iter()
        .map(|(id, connection)| expected_row(id, connection))
        .collect();
    assert_eq!(
        rows.len(),
        expected.len(),
        "{}",
        String::from_utf8_lossy(&input[..input.len().min(200)])
    );
    for (i, (got, want)) in rows.iter().zip(&expected).enumerate() {
        assert_eq!(got, want, "row {i}");
    }
}

#[test]
fn generated_connections_come_back_column_by_column() {
    assert_round_trip(&generated(1500));
}

#[test]
fn corpus_connections_come_back_column_by_column() {
    for file in corpus() {
        assert_round_trip(&file);
    }
}

#[test]
fn the_file_is_the_same_on_any_number_of_threads() {
    let input = generated(2000);
    let one = export(&input, 1);
    assert_eq!(export(&input, 2), one);
    assert_eq!(export(&input, 4), one);
}

/// A real engine reads the file: counts, a join-free aggregate, typed
/// values and the exact timestamp text.
#[test]
fn duckdb_reads_the_file() {
    let path = temp_file("duckdb.parquet");
    let input = generated(600);
    std::fs::write(&path, export(&input, 2)).unwrap();
    let query = format!(
        "import duckdb\n\
         con = duckdb.connect()\n\
         t = \"read_parquet('{}')\"\n\
         print(con.sql(f'SELECT count(*), count(DISTINCT alertId), count(sourcePort), sum(sourcePort) FROM {{t}}').fetchall())\n\
         print(con.sql(f'SELECT protocol, any_value(protocolCode), count(*) FROM {{t}} GROUP BY protocol ORDER BY protocol NULLS LAST').fetchall())\n\
         print(con.sql(f\"SELECT strftime(domainRegisteredDateTime, '%Y-%m-%d %H:%M:%S.%f'), domainRegisteredDateTimeText FROM {{t}} WHERE domainRegisteredDateTimeText LIKE '2017%' LIMIT 1\").fetchall())\n\
         print(con.sql(f\"SELECT typeof(sourcePort), typeof(riskScore), typeof(domainRegisteredDateTime) FROM {{t}} LIMIT 1\").fetchall())\n",
        path.display()
    );
    // The same figures from the JSON itself.
    let rows: Vec<_> = connections_of(&input)
        .iter()
        .map(|(id, connection)| expected_row(id, connection))
        .collect();
    let ids: std::collections::BTreeSet<_> =
        rows.iter().filter_map(|r| r["alertId"].as_str()).collect();
    let ports: Vec<u64> = rows
        .iter()
        .filter_map(|r| r["sourcePort"].as_u64())
        .collect();
    let mut protocols: std::collections::BTreeMap<(bool, String), (String, usize)> =
        Default::default();
    for row in &rows {
        let name = row["protocol"].as_str().map(|p| format!("'{p}'"));
        let code = row["protocolCode"]
            .as_i64()
            .map_or("None".to_string(), |c| c.to_string());
        let entry = protocols
            .entry((name.is_none(), name.clone().unwrap_or_default()))
            .or_insert((code, 0));
        entry.1 += 1;
    }
    let groups: Vec<String> = protocols
        .iter()
        .map(|((none, name), (code, count))| {
            format!("({}, {code}, {count})", if *none { "None" } else { name })
        })
        .collect();
    let expected = format!(
        "[({}, {}, {}, {})]\n[{}]\n{}\n{}\n",
        rows.len(),
        ids.len(),
        ports.len(),
        ports.iter().sum::<u64>(),
        groups.join(", "),
        "[('2017-01-01 00:01:30.709829', '2017-01-01T00:01:30.7098297Z')]",
        "[('INTEGER', 'DOUBLE', 'TIMESTAMP WITH TIME ZONE')]",
    );
    let output = std::process::Command::new("python3")
        .args(["-c", &query])
        .output()
        .expect("python3 runs");
    std::fs::remove_file(&path).unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(String::from_utf8(output.stdout).unwrap(), expected);
}

/// The README's schema table names every column with its type, and no
/// other: a property added to the table and not to the docs fails here.
#[test]
fn the_readme_documents_every_column() {
    let readme = include_str!("../README.md");
    let table = readme
        .split("| column | type | value |\n|---|---|---|\n")
        .nth(1)
        .expect("the README's schema table")
        .split("\n\n")
        .next()
        .unwrap();
    let mut documented = Vec::new();
    for row in table.lines() {
        let cells: Vec<&str> = row.split(" | ").collect();
        let kind = match cells[1] {
            "Timestamp(Microsecond, \"UTC\")" => "Timestamp(µs, \"UTC\")".to_string(),
            other => other.to_string(),
        };
        for name in cells[0].trim_start_matches("| ").split(", ") {
            documented.push((name.trim_matches('`').to_string(), kind.clone()));
        }
    }
    let mut expected: Vec<(String, String)> = connection_schema()
        .fields()
        .iter()
        .map(|f| (f.name().clone(), f.data_type().to_string()))
        .collect();
    documented.sort();
    expected.sort();
    assert_eq!(documented, expected);
}
