"""The Spark job of `examples/spark_export.py` in local mode (`local[2]`),
on folders of several files: its rows are the command line's export of
the same files, and its rejects are the command line's rejects."""

import datetime
import importlib.util
import json
import pathlib
import shutil

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import oracle

pyspark = pytest.importorskip("pyspark")

EXAMPLE = pathlib.Path(__file__).resolve().parents[1] / "examples" / "spark_export.py"
BAD_LINES = [
    '{"id":"bad-type","networkConnections":[{"sourcePort":443}]}',
    '{"id":"cut","networkConnections":[{"protocol":',
    '{"id":"dup","id":"dup","networkConnections":[]}',
]


@pytest.fixture(scope="module")
def job():
    spec = importlib.util.spec_from_file_location("spark_export", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def spark(job):
    session = job.session("local[2]")
    session.sparkContext.setLogLevel("OFF")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def ndjson_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ndjson")
    for i in range(3):
        lines = oracle.ndjson(oracle.generated_alerts(400, seed=20 + i), seed=i).splitlines()
        if i == 1:
            lines[10:10] = BAD_LINES
        (folder / f"alerts-{i}.ndjson").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def pages_folder(tmp_path_factory, corpus):
    folder = tmp_path_factory.mktemp("pages")
    for path in corpus:
        shutil.copy(path, folder / path.name)
    page = {"value": oracle.generated_alerts(300, seed=30), "@odata.nextLink": "https://graph.microsoft.com/x"}
    (folder / "generated-page.json").write_text(json.dumps(page, indent=1), encoding="utf-8")
    (folder / "broken-page.json").write_text('{"value":[' + BAD_LINES[0] + "," + BAD_LINES[1], encoding="utf-8")
    return folder


def sorted_rows(table):
    return sorted(oracle.comparable(table), key=lambda row: repr(list(row.values())))


def check_against_cli(output, folder, export):
    files = sorted(p for p in folder.iterdir())
    cli_parquet, cli_rejects = export(files)
    written = pq.read_table(output)
    months = written.column("month").cast(pa.string()).to_pylist()
    created = written.column("alertCreatedDateTime").to_pylist()
    for month, at in zip(months, created):
        assert month == (at.strftime("%Y-%m") if at else None)
    got = sorted_rows(written.drop_columns(["month"]).select(pq.read_schema(cli_parquet).names))
    want = sorted_rows(pq.read_table(cli_parquet))
    assert len(want) > 500
    assert got == want
    return [json.loads(line) for line in cli_rejects.read_text().splitlines()]


def test_ndjson_lines_job_equals_the_command_line(spark, job, ndjson_folder, export, tmp_path):
    out, rejects = tmp_path / "connections", tmp_path / "rejects"
    assert job.export_text(spark, str(ndjson_folder), str(out), str(rejects), pages=False) == 3
    cli_rejects = check_against_cli(out, ndjson_folder, export)
    got = sorted((r["text"], r["path"], pathlib.Path(r["file_path"]).name)
                 for r in pq.read_table(rejects).to_pylist())
    # A line is read without its newline, which the command line's text of
    # a line cut short keeps; positions count from each line's start.
    want = sorted((r["text"].rstrip("\n"), r["path"], pathlib.Path(r["input"]).name) for r in cli_rejects)
    assert got == want
    assert [text for text, _, _ in got] == sorted(BAD_LINES)


def test_whole_file_pages_job_equals_the_command_line(spark, job, pages_folder, export, tmp_path):
    out, rejects = tmp_path / "connections", tmp_path / "rejects"
    assert job.export_text(spark, str(pages_folder), str(out), str(rejects), pages=True) == 2
    cli_rejects = check_against_cli(out, pages_folder, export)
    got = sorted((pathlib.Path(r["file_path"]).name, r["line"], r["column"], r["error"], r["text"])
                 for r in pq.read_table(rejects).to_pylist())
    want = sorted((pathlib.Path(r["input"]).name, r["line"], r["column"], r["error"], r["text"])
                  for r in cli_rejects)
    assert got == want and len(got) == 2


def test_data_source_reads_the_files_directly(spark, job, ndjson_folder, export, tmp_path):
    out, rejects = tmp_path / "connections", tmp_path / "rejects"
    assert job.export_direct(spark, str(ndjson_folder), str(out), str(rejects)) == 3
    cli_rejects = check_against_cli(out, ndjson_folder, export)
    got = sorted((pathlib.Path(r["file_path"]).name, r["line"], r["column"], r["error"], r["text"])
                 for r in pq.read_table(rejects).to_pylist())
    want = sorted((pathlib.Path(r["input"]).name, r["line"], r["column"], r["error"], r["text"])
                  for r in cli_rejects)
    assert got == want


def test_data_source_fails_fast_by_default(spark, ndjson_folder):
    from msgraph_network_connection import spark as msgraph

    msgraph.register(spark)
    with pytest.raises(Exception, match="AlertError: networkConnections\\[0\\].sourcePort"):
        spark.read.format("msgraph_connections").load(str(ndjson_folder)).count()


def test_an_existing_output_is_refused(spark, job, ndjson_folder, tmp_path):
    out = tmp_path / "connections"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    with pytest.raises(Exception, match="already exists"):
        job.export_text(spark, str(ndjson_folder), str(out), str(tmp_path / "r"), pages=False)
    assert (out / "keep.txt").read_text() == "mine"


def test_data_source_adds_alert_columns(spark, ndjson_folder):
    import msgraph_network_connection as m
    from msgraph_network_connection import spark as msgraph

    msgraph.register(spark)
    read = spark.read.format("msgraph_connections").option("mode", "DROPMALFORMED")
    got = read.option("alertColumns", "description, vendorInformation.vendor").load(str(ndjson_folder))
    assert got.columns == m.schema(["description", "vendorInformation.vendor"]).names
    files = sorted(ndjson_folder.iterdir())
    want = pa.RecordBatchReader.from_stream(
        m.read_connections(files, alert_columns=["description", "vendorInformation.vendor"])
    ).read_all()
    pick = ["alertId", "description", "vendorInformation.vendor"]
    rows = sorted(repr(tuple(r)) for r in got.select(*[f"`{c}`" for c in pick]).collect())
    assert rows == sorted(repr(row) for row in zip(*[want.column(c).to_pylist() for c in pick]))
    assert len(rows) > 500
