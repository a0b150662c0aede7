#!/usr/bin/env python3
"""NDJSON alert exports to a Parquet table of connections, in one run,
interleaved: `msgraph-connections export` on 1 and 2 threads against the
engines users would pick instead, each on 2 threads, with peak RSS:

- DuckDB `read_json` as users type it (schema detected), and with an
  explicit `columns=` schema, then `COPY ... TO parquet`;
- pyarrow `pyarrow.json.read_json`, the list of connections flattened with
  their alert's id, then `pyarrow.parquet.write_table`;
- Polars `read_ndjson`, `explode`, `unnest`, `write_parquet`;
- the parse floor: `serde_json` skipping every value (`IgnoredAny`) of the
  same bytes on 2 threads, building nothing (the ceiling row).

    python3 -m pip install duckdb pyarrow polars
    cargo build --release --features cli && cargo bench --bench parse_floor --no-run
    python3 benches/duckdb_export.py [MEGABYTES] [SHAPE ...]

MEGABYTES (default 200) per shape; shapes `compact`, `spaced` and
`corpus` (all three by default) are described in `export_shapes.py`. The
engines' times are taken inside Python (starting Python and importing the
engine left out); this crate's and the floor's are whole processes.

Prints, per shape, median seconds of 3 interleaved rounds, MB/s, peak RSS
and each tool's time over this crate's on 2 threads.
"""

import os
import statistics
import subprocess
import sys
import tempfile

import export_shapes

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BINARY = os.path.join(ROOT, "target", "release", "msgraph-connections")
MB = export_shapes.MB

PROPERTIES = [
    "@odata.type", "applicationName", "destinationAddress", "destinationDomain", "destinationLocation",
    "destinationPort", "destinationUrl", "direction", "domainRegisteredDateTime", "localDnsName",
    "natDestinationAddress", "natDestinationPort", "natSourceAddress", "natSourcePort", "protocol",
    "riskScore", "sourceAddress", "sourceLocation", "sourcePort", "status", "urlParameters",
]

DUCKDB = """
import duckdb, time
start = time.perf_counter()
con = duckdb.connect(config={{'threads': 2}})
con.sql(\"\"\"COPY (SELECT id AS alertId, unnest(networkConnections, recursive := true)
    FROM read_json('{source}', format='newline_delimited'{columns}, maximum_object_size=100000000))
    TO '{out}' (FORMAT parquet)\"\"\")
print(time.perf_counter() - start)
"""

PYARROW = """
import time
import pyarrow as pa, pyarrow.compute as pc, pyarrow.json as pj, pyarrow.parquet as pq
start = time.perf_counter()
table = pj.read_json('{source}')
connections = table.column('networkConnections').combine_chunks()
alert_ids = pc.take(table.column('id'), pc.list_parent_indices(connections))
flat = pc.list_flatten(connections)
names = [f.name for f in flat.type]
rows = pa.Table.from_arrays([alert_ids] + flat.flatten(), names=['alertId'] + names)
pq.write_table(rows, '{out}')
print(time.perf_counter() - start)
"""

POLARS = """
import time, polars as pl
start = time.perf_counter()
(pl.read_ndjson('{source}')
   .select(pl.col('id').alias('alertId'), pl.col('networkConnections'))
   .explode('networkConnections')
   .unnest('networkConnections')
   .write_parquet('{out}'))
print(time.perf_counter() - start)
"""


def duckdb_columns():
    fields = ", ".join(f'"{p}" VARCHAR' for p in PROPERTIES)
    return f", columns={{'id': 'VARCHAR', 'networkConnections': 'STRUCT({fields})[]'}}"


def tools(source, out, floor):
    """Each tool's command, by name, in the order they run in a round."""
    python = lambda script: [sys.executable, "-c", script]
    ours = lambda threads: [BINARY, "export", source, "-o", out, "--threads", str(threads), "--quiet"]
    return {
        "this crate, 2 threads": ours(2),
        "this crate, 1 thread": ours(1),
        "DuckDB read_json (detected)": python(DUCKDB.format(source=source, out=out, columns="")),
        "DuckDB read_json (columns=)": python(DUCKDB.format(source=source, out=out, columns=duckdb_columns())),
        "pyarrow read_json": python(PYARROW.format(source=source, out=out)),
        "Polars read_ndjson": python(POLARS.format(source=source, out=out)),
        "parse floor (IgnoredAny), 2 threads": [floor, source, "2"],
    }


def timed(command):
    """Seconds and peak RSS (KiB) of one run. A command that prints its own
    time is taken at its word."""
    import time

    start = time.perf_counter()
    env = dict(os.environ, POLARS_MAX_THREADS="2", OMP_NUM_THREADS="2")
    done = subprocess.run(["/usr/bin/time", "-f", "%M"] + command, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        return None, None, done.stderr.strip().splitlines()[-2:]
    if done.stdout.strip():
        seconds = float(done.stdout.split()[-1])
    return seconds, int(done.stderr.strip().splitlines()[-1]), None


def find_floor():
    """The parse floor's binary, built by `cargo bench --no-run`."""
    deps = os.path.join(ROOT, "target", "release", "deps")
    found = [os.path.join(deps, n) for n in os.listdir(deps) if n.startswith("parse_floor-") and "." not in n]
    if not found:
        sys.exit("build the parse floor first: cargo bench --bench parse_floor --no-run")
    return max(found, key=os.path.getmtime)


def run_shape(directory, shape, megabytes):
    source = os.path.join(directory, f"{shape}.ndjson")
    alerts = export_shapes.write(source, shape, megabytes, os.path.join(ROOT, "tests", "data"))
    size = os.path.getsize(source)
    out = os.path.join(directory, "out.parquet")
    commands = tools(source, out, find_floor())
    runs = {name: [] for name in commands}
    failures = {}
    for _ in range(3):  # interleaved rounds
        for name, command in commands.items():
            seconds, peak, failure = timed(command)
            if failure:
                failures[name] = failure
            else:
                runs[name].append((seconds, peak))
    print(f"\n### {shape}: {size / MB:.0f} MB of NDJSON, {alerts} alerts\n")
    print("| tool | median s | MB/s | peak RSS MiB | time / this crate's (2 threads) |")
    print("|---|---|---|---|---|")
    ours = statistics.median(s for s, _ in runs["this crate, 2 threads"])
    for name, samples in runs.items():
        if not samples:
            print(f"| {name} | failed: {' '.join(failures.get(name, []))[:120]} | | | |")
            continue
        median = statistics.median(s for s, _ in samples)
        peak = max(p for _, p in samples) / 1024
        print(f"| {name} | {median:.2f} | {size / median / MB:.0f} | {peak:.0f} | {median / ours:.2f}x |")


def main():
    megabytes = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    shapes = sys.argv[2:] or list(export_shapes.SHAPES)
    for shape in shapes:
        if shape not in export_shapes.SHAPES:
            sys.exit(f"unknown shape {shape}: one of {', '.join(export_shapes.SHAPES)}")
    with tempfile.TemporaryDirectory() as directory:
        for shape in shapes:
            run_shape(directory, shape, megabytes)


if __name__ == "__main__":
    main()
