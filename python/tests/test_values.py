"""The batches' types against the export's Parquet file, and their values
against Python's `json` module (`oracle.py`), on the real alerts of
`tests/data` and on generated ones."""

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import msgraph_network_connection as m
import oracle


def read_all(source, **options):
    return pa.RecordBatchReader.from_stream(m.read_connections(source, **options)).read_all()


def test_schema_is_the_command_lines(corpus, export):
    parquet, _ = export(corpus[:1])
    written = pq.read_schema(parquet)
    assert m.schema() == written.remove_metadata()
    assert read_all(corpus[0]).schema == m.schema()
    types = {field.name: str(field.type) for field in m.schema()}
    assert types["alertId"] == "string"
    assert types["alertCreatedDateTime"] == "timestamp[us, tz=UTC]"
    assert types["sourcePort"] == "int32"
    assert types["protocolCode"] == "int32"
    assert types["riskScore"] == "double"
    assert types["domainRegisteredDateTimeText"] == "string"
    assert len(types) == 43


def test_corpus_values_against_json(corpus):
    for path in corpus:
        want = oracle.rows_of_file(path)
        got = oracle.comparable(read_all(path))
        assert got == want, path.name


def test_corpus_has_connections(corpus):
    # The comparison above is not vacuous.
    assert sum(len(oracle.rows_of_file(path)) for path in corpus) == 5


@pytest.mark.parametrize("threads", [1, 2])
def test_generated_values_against_json(tmp_path, threads):
    alerts = oracle.generated_alerts(3000, seed=threads)
    path = tmp_path / "alerts.ndjson"
    path.write_text(oracle.ndjson(alerts, seed=threads), encoding="utf-8")
    want = oracle.rows_of_documents(alerts)
    assert len(want) > 5000
    assert oracle.comparable(read_all(path, threads=threads)) == want


def test_generated_page_against_json():
    alerts = oracle.generated_alerts(500, seed=7)
    page = {"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#security/alerts", "value": alerts}
    got = oracle.comparable(read_all(json.dumps(page, indent=2).encode()))
    assert got == oracle.rows_of_documents(alerts)


def test_same_rows_as_the_command_line(corpus, export, tmp_path):
    generated = tmp_path / "generated.ndjson"
    generated.write_text(oracle.ndjson(oracle.generated_alerts(2000, seed=3)), encoding="utf-8")
    inputs = [*corpus, generated]
    parquet, _ = export(inputs)
    assert read_all(inputs) == pq.read_table(parquet).replace_schema_metadata(None)


def test_from_json_values_against_json():
    alerts = oracle.generated_alerts(1000, seed=11)
    lines = oracle.ndjson(alerts, seed=11).splitlines()
    batch = m.connections_from_json(pa.array(lines))
    want_index = [i for i, alert in enumerate(alerts) for _ in alert["networkConnections"]]
    assert batch.column("index").to_pylist() == want_index
    got = oracle.comparable(pa.Table.from_batches([batch]).drop_columns(["index"]))
    assert got == oracle.rows_of_documents(alerts)


ALERT_COLUMNS = ["vendorInformation.subProvider", "assignedTo", "@odata.type", "comments", "description"]


def test_alert_columns_as_the_command_line_adds_them(corpus, export, tmp_path):
    generated = tmp_path / "generated.ndjson"
    generated.write_text(oracle.ndjson(oracle.generated_alerts(500, seed=4)), encoding="utf-8")
    inputs = [*corpus, generated]
    flags = [flag for name in ALERT_COLUMNS for flag in ("--alert-column", name)]
    parquet, _ = export(inputs, options=flags)
    got = read_all(inputs, alert_columns=ALERT_COLUMNS)
    assert got == pq.read_table(parquet).replace_schema_metadata(None)
    assert got.schema == m.schema(ALERT_COLUMNS)
    assert set(ALERT_COLUMNS) <= set(got.column_names)
    assert got.column("vendorInformation.subProvider").null_count < got.num_rows
    from_json = m.connections_from_json([path.read_text() for path in inputs], alert_columns=ALERT_COLUMNS)
    assert pa.Table.from_batches([from_json.drop_columns(["index"])]) == got
    with pytest.raises(ValueError, match="alert_columns: "):
        m.read_connections(b"", alert_columns=["alertSeverity"])
    with pytest.raises(TypeError, match="a list of names"):
        m.read_connections(b"", alert_columns="assignedTo")
