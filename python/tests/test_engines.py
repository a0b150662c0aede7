"""The engines users hold, on the reader and batches directly: DuckDB
queries the reader, Polars and pandas take the batches, and
`connections_from_json` takes every string type an engine sends."""

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import msgraph_network_connection as m

NDJSON = (
    b'{"id":"a1","severity":"high","networkConnections":[{"protocol":"tcp","destinationPort":"443"},'
    b'{"protocol":"udp","destinationPort":"53","riskScore":"0.5"}]}\n'
    b'{"id":"a2","networkConnections":[{"sourcePort":443}]}\n'
    b'{"id":"a3","createdDateTime":"2024-03-01T10:00:00.1234567Z",'
    b'"networkConnections":[{"protocol":"quic","destinationPort":"https"}]}\n'
)


def test_duckdb_queries_the_reader():
    reader = m.read_connections(NDJSON)
    rows = duckdb.sql(
        "SELECT alertId, protocol, protocolCode, destinationPort, destinationPortText "
        "FROM reader ORDER BY alertId, destinationPortText"
    ).fetchall()
    assert rows == [
        ("a1", "tcp", 6, 443, "443"),
        ("a1", "udp", 17, 53, "53"),
        ("a3", "quic", None, None, "https"),
    ]
    assert [e.path for e in reader.rejects] == ["networkConnections[0].sourcePort"]


def test_duckdb_aggregates_a_file_object(tmp_path):
    path = tmp_path / "alerts.ndjson"
    path.write_bytes(NDJSON * 1000)
    with open(path, "rb") as file:
        reader = m.read_connections(file, threads=2)
        got = duckdb.sql("SELECT protocol, count(*) FROM reader GROUP BY ALL ORDER BY 1").fetchall()
    assert got == [("quic", 1000), ("tcp", 1000), ("udp", 1000)]
    assert len(reader.rejects) == 1000


def test_polars_takes_the_stream_and_the_batch():
    frame = pl.DataFrame(m.read_connections(NDJSON))
    assert frame.shape == (3, 43)
    assert frame["alertCreatedDateTime"].dtype == pl.Datetime("us", "UTC")
    assert frame["alertCreatedDateTimeText"].to_list() == [None, None, "2024-03-01T10:00:00.1234567Z"]
    # `from_arrow` of a stream gives a struct series, one field a column.
    assert pl.from_arrow(m.read_connections(NDJSON)).struct.unnest().equals(frame)
    batch = m.connections_from_json(pa.array([NDJSON.decode()]), with_rejects=True)[0]
    assert pl.from_arrow(batch).drop("index").equals(frame)


def test_pandas_from_the_batches():
    frame = pa.RecordBatchReader.from_stream(m.read_connections(NDJSON)).read_pandas()
    assert list(frame["alertId"]) == ["a1", "a1", "a3"]
    assert str(frame["alertCreatedDateTime"].dtype) == "datetime64[us, UTC]"
    assert frame["alertCreatedDateTime"][2] == pd.Timestamp("2024-03-01T10:00:00.123456Z")
    assert frame["riskScore"].isna().tolist() == [True, False, True]
    # An integer column with nulls is float64 in pandas, as Arrow gives it.
    assert frame["destinationPort"].tolist()[:2] == [443.0, 53.0]
    assert frame["destinationPort"].isna().tolist() == [False, False, True]


@pytest.mark.parametrize("string_type", [pa.string(), pa.large_string(), pa.string_view()])
def test_from_json_takes_every_string_type(string_type):
    lines = pa.array([None, *NDJSON.decode().splitlines()], string_type)
    batch, rejects = m.connections_from_json(lines, with_rejects=True)
    assert batch.column("index").to_pylist() == [1, 1, 3]
    assert batch.column("alertId").to_pylist() == ["a1", "a1", "a3"]
    assert rejects.column("index").to_pylist() == [2]


def test_from_json_takes_batch_columns_chunks_and_lists():
    lines = NDJSON.decode().splitlines()
    batch = pa.record_batch({"value": pa.array(lines)})
    want = m.connections_from_json(batch.column(0), with_rejects=True)[0]
    assert m.connections_from_json(batch.select(["value"]), with_rejects=True)[0] == want
    chunked = pa.chunked_array([lines[:1], lines[1:]])
    assert m.connections_from_json(chunked, with_rejects=True)[0] == want
    assert m.connections_from_json(lines, with_rejects=True)[0] == want
    with pytest.raises(TypeError, match="a record batch of 2 columns"):
        m.connections_from_json(pa.record_batch({"a": lines, "b": lines}))
    with pytest.raises(TypeError, match="expected strings .* got Int64"):
        m.connections_from_json(pa.array([1, 2]))


def test_from_json_reads_whole_files_and_pages():
    page = '{"value":[{"id":"p1","networkConnections":[{}]},{"id":"p2","networkConnections":[{},{}]}]}'
    batch = m.connections_from_json(pa.array([page, NDJSON.decode().replace('{"sourcePort":443}', "{}")]))
    assert batch.column("index").to_pylist() == [0, 0, 0, 1, 1, 1, 1]
    assert batch.column("alertId").to_pylist() == ["p1", "p2", "p2", "a1", "a1", "a2", "a3"]
