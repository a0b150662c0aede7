#!/usr/bin/env python3
"""The Python package against the command line and against Spark's own
JSON reader, in one run, interleaved, median of 3 rounds:

1. `read_connections(FILE)` streamed to a Parquet file with pyarrow (row
   groups of 131,072 rows, snappy, as the command line writes) against
   `msgraph-connections export FILE -o x.parquet`, both on 2 threads, each
   a process of its own (peak RSS beside);
2. Spark in local mode (`local[2]`), a folder of NDJSON files to Parquet:
   - `mapInArrow(connections_mapper())` over `spark.read.text`;
   - `spark.read.format("msgraph_connections")` (the crate reads the files);
   - `spark.read.json` with the schema inferred (as users type it), then
     `explode_outer` and `select` of the same 43 columns;
   - the same with an explicit schema;
   - Spark's plumbing alone: a `mapInArrow` over the same text that parses
     nothing and returns ready batches of as many rows.

    cargo build --release --features cli
    pip install ./python pyspark "pandas<3"
    python python/benches/bench.py [MEGABYTES] [SPARK_MEGABYTES]

MEGABYTES (default 200) of NDJSON for the first, SPARK_MEGABYTES (default
100, in 4 files) for the second; the `compact` shape of
`benches/export_shapes.py` (alerts of 1 to 5 connections). Run it on a
quiet machine: every row is wall-clock time.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "benches"))
import export_shapes  # noqa: E402
from spark_json import explicit_schema, same_columns  # noqa: E402

BINARY = os.environ.get("MSGRAPH_CONNECTIONS") or os.path.join(ROOT, "target", "release", "msgraph-connections")
ROUNDS = 3

PYTHON_EXPORT = """
import sys, time
import pyarrow as pa, pyarrow.parquet as pq
import msgraph_network_connection as m
start = time.perf_counter()
reader = m.read_connections(sys.argv[1], threads=2)
with pq.ParquetWriter(sys.argv[2], m.schema(), compression="snappy") as out:
    held, rows = [], 0
    for batch in reader:
        held.append(batch)
        rows += batch.num_rows
        if rows >= 131072:
            out.write_table(pa.Table.from_batches(held), row_group_size=131072)
            held, rows = [], 0
    if held:
        out.write_table(pa.Table.from_batches(held), row_group_size=131072)
print(time.perf_counter() - start)
"""


def timed(command):
    """Seconds (the command's own when it prints them) and peak RSS in MiB."""
    start = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M"] + command, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"{command[0]} failed: {done.stderr}")
    if done.stdout.strip():
        seconds = float(done.stdout.split()[-1])
    return seconds, int(done.stderr.strip().splitlines()[-1]) / 1024


def python_against_cli(directory, megabytes):
    source = os.path.join(directory, "alerts.ndjson")
    alerts = export_shapes.write(source, "compact", megabytes, os.path.join(ROOT, "tests", "data"))
    out = os.path.join(directory, "out.parquet")
    tools = {
        "msgraph-connections export": [BINARY, "export", "--quiet", "--threads", "2", source, "-o", out],
        "read_connections + pyarrow ParquetWriter": [sys.executable, "-c", PYTHON_EXPORT, source, out],
    }
    runs = {name: [] for name in tools}
    for _ in range(ROUNDS):
        for name, command in tools.items():
            runs[name].append(timed(command))
    size = os.path.getsize(source) / 1e6
    print(f"\n{size:.0f} MB of NDJSON ({alerts} alerts), 2 threads, median of {ROUNDS} interleaved rounds\n")
    print("| tool | seconds | MB/s | peak RSS | time / the command line's |")
    print("|---|---|---|---|---|")
    base = statistics.median(s for s, _ in runs["msgraph-connections export"])
    for name, results in runs.items():
        seconds = statistics.median(s for s, _ in results)
        rss = max(r for _, r in results)
        print(f"| {name} | {seconds:.2f} | {size / seconds:.0f} | {rss:.0f} MiB | {seconds / base:.2f}x |")


def spark_jobs(spark, folder):
    from pyspark.sql import functions as F

    from msgraph_network_connection import connections_from_json, spark as msgraph

    msgraph.register(spark)
    lines = spark.read.text(folder).limit(10_000).toArrow().column("value").combine_chunks()
    ready = connections_from_json(lines).drop_columns(["index"])
    rows_per_line = ready.num_rows / len(lines)

    def plumbing(batches):
        for batch in batches:
            yield ready.slice(0, min(ready.num_rows, round(batch.num_rows * rows_per_line)))

    schema = msgraph.connection_schema()
    return {
        "mapInArrow(connections_mapper) over spark.read.text": lambda: spark.read.text(folder)
        .mapInArrow(msgraph.connections_mapper(), schema),
        'spark.read.format("msgraph_connections")': lambda: spark.read.format("msgraph_connections").load(folder),
        "spark.read.json, schema inferred; explode_outer, select": lambda: same_columns(spark.read.json(folder), F),
        "spark.read.json, explicit schema; explode_outer, select": lambda: same_columns(
            spark.read.schema(explicit_schema()).json(folder), F
        ),
        "plumbing: mapInArrow returning ready batches": lambda: spark.read.text(folder).mapInArrow(plumbing, schema),
    }


def spark_against_json(directory, megabytes):
    import shutil

    from pyspark.sql import SparkSession

    folder = os.path.join(directory, "spark-in")
    os.makedirs(folder)
    for i in range(4):
        export_shapes.write(os.path.join(folder, f"alerts-{i}.ndjson"), "compact", megabytes / 4,
                            os.path.join(ROOT, "tests", "data"))
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # local workers run this interpreter
    spark = (
        SparkSession.builder.master("local[2]")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    out = os.path.join(directory, "spark-out")
    jobs = spark_jobs(spark, folder)
    runs = {name: [] for name in jobs}
    rows = {}
    for _ in range(ROUNDS):
        for name, job in jobs.items():
            shutil.rmtree(out, ignore_errors=True)
            start = time.perf_counter()
            job().write.parquet(out)
            runs[name].append(time.perf_counter() - start)
            rows[name] = spark.read.parquet(out).count()
    spark.stop()
    size = sum(os.path.getsize(os.path.join(folder, f)) for f in os.listdir(folder)) / 1e6
    print(f"\nSpark local[2]: {size:.0f} MB of NDJSON in 4 files to Parquet, median of {ROUNDS} interleaved rounds\n")
    print("| job | seconds | MB/s | rows | time / inferred-schema job |")
    print("|---|---|---|---|---|")
    base = statistics.median(runs["spark.read.json, schema inferred; explode_outer, select"])
    for name, times in runs.items():
        seconds = statistics.median(times)
        print(f"| {name} | {seconds:.2f} | {size / seconds:.1f} | {rows[name]} | {seconds / base:.2f}x |")


def main():
    megabytes = float(sys.argv[1]) if len(sys.argv) > 1 else 200
    spark_megabytes = float(sys.argv[2]) if len(sys.argv) > 2 else 100
    if not os.path.exists(BINARY):
        sys.exit(f"{BINARY}: build it first (cargo build --release --features cli)")
    with tempfile.TemporaryDirectory() as directory:
        python_against_cli(directory, megabytes)
        spark_against_json(directory, spark_megabytes)


if __name__ == "__main__":
    main()
