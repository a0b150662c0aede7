//! JSON -> Parquet -> read back: every column equal to what the JSON said,
//! computed here from `serde_json::Value` independently of the crate's
//! model; the same file whatever the number of threads; and DuckDB reading
//! the file (needs `python3 -m pip install duckdb`, which `.ci/run` does).

mod expected;
mod generated;
mod parquet_file;

use expected::{assert_round_trip, connections_of, expected_row};
use generated::generated;
use msgraph_network_connection::AlertReader;
use msgraph_network_connection::columnar::{
    ExportOptions, ParquetExport, alerts_schema, connection_schema,
};
use parquet_file::{export, temp_file};
use support::mutation::corpus;

#[path = "../support"]
mod support {
    pub mod mutation;
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
    // Parsed on one thread, encoded on three.
    let mut out = Vec::new();
    let options = ExportOptions::new();
    let mut parquet = ParquetExport::with_threads(&mut out, &options, 3).unwrap();
    parquet
        .write_alerts(AlertReader::new(&input[..]), 1, |_| {})
        .unwrap();
    parquet.finish().unwrap();
    assert!(out == one);
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

/// The README's schema tables name every column with its type, and no
/// other: a property added to the table and not to the docs fails here.
#[test]
fn the_readme_documents_every_column() {
    assert_eq!(documented("column"), columns(&connection_schema()));
    assert_eq!(documented("alerts column"), columns(&alerts_schema()));
}

/// The README table whose first header cell is `first`: each column it
/// names and its type, sorted.
fn documented(first: &str) -> Vec<(String, String)> {
    let readme = include_str!("../../README.md");
    let table = readme
        .split(&format!("| {first} | type | value |\n|---|---|---|\n"))
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
    documented.sort();
    documented
}

fn columns(schema: &arrow_schema::Schema) -> Vec<(String, String)> {
    let mut columns: Vec<(String, String)> = schema
        .fields()
        .iter()
        .map(|f| (f.name().clone(), f.data_type().to_string()))
        .collect();
    columns.sort();
    columns
}

/// The alerts table's row groups end by bytes: alerts of a megabyte of
/// random letters (which compression hardly shrinks) come in groups of
/// about 32 MiB, every alert kept whole.
#[test]
fn the_alerts_tables_row_groups_end_by_bytes() {
    use msgraph_network_connection::AlertReader;
    use msgraph_network_connection::columnar::{AlertsExport, ExportOptions, read_chunks_with};
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut input = String::new();
    for i in 0..40 {
        let letters: String = (0..1 << 20)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                char::from(b'a' + (state >> 59) as u8)
            })
            .collect();
        input += &format!("{{\"id\":\"a{i}\",\"description\":\"{letters}\"}}\n");
    }
    let options = ExportOptions::new().with_alerts_table(true);
    let mut file = Vec::new();
    let mut alerts = AlertsExport::with_options(&mut file, &options).unwrap();
    read_chunks_with(AlertReader::new(input.as_bytes()), 2, &options, |chunk| {
        alerts.write_batch(chunk.alert_batch.as_ref().expect("asked for"))
    })
    .unwrap();
    alerts.finish().unwrap();
    let path = temp_file("alerts-row-groups.parquet");
    std::fs::write(&path, &file).unwrap();
    let reader = SerializedFileReader::new(std::fs::File::open(&path).unwrap()).unwrap();
    std::fs::remove_file(path).unwrap();
    let groups: Vec<(i64, i64)> = reader
        .metadata()
        .row_groups()
        .iter()
        .map(|group| (group.num_rows(), group.compressed_size()))
        .collect();
    assert_eq!(groups.iter().map(|g| g.0).sum::<i64>(), 40, "{groups:?}");
    assert!(groups.len() >= 2, "{groups:?}");
    for (_, bytes) in &groups {
        assert!(*bytes < 34 << 20, "{groups:?}");
    }
}

/// Columns whose values are nearly unique to each row or alert are written
/// plain; every other column with a dictionary (the choice
/// `benches/dictionary.rs` measures).
#[test]
fn nearly_unique_columns_are_written_without_a_dictionary() {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let path = temp_file("dictionary.parquet");
    std::fs::write(&path, export(&generated(300), 1)).expect("written");
    let file = std::fs::File::open(&path).expect("the file");
    let reader = SerializedFileReader::new(file).expect("a Parquet file");
    let row_group = reader.metadata().row_group(0);
    let plain: Vec<String> = row_group
        .columns()
        .iter()
        .filter(|column| column.dictionary_page_offset().is_none())
        .map(|column| column.column_path().string())
        .collect();
    assert_eq!(
        plain,
        [
            "alertId",
            "alertCreatedDateTime",
            "alertCreatedDateTimeText",
            "alertEventDateTime",
            "alertEventDateTimeText",
            "alertLastModifiedDateTime",
            "alertLastModifiedDateTimeText",
            "destinationAddress",
            "destinationUrl",
            "natDestinationAddress",
            "natSourceAddress",
            "natSourcePort",
            "natSourcePortText",
            "sourceAddress",
            "sourcePort",
            "sourcePortText",
            "urlParameters",
        ]
    );
    assert_eq!(row_group.num_columns(), connection_schema().fields().len());
}
