#!/usr/bin/env python3
"""NDJSON and page exports to Parquet: `msgraph-connections export` with 1
and 2 threads against DuckDB's own `read_json` -> `COPY ... TO parquet` (2
threads), in one run, interleaved, with peak RSS.

    python3 -m pip install duckdb
    cargo build --release --features cli
    python3 benches/duckdb_export.py [MEGABYTES] [generated|corpus]

MEGABYTES defaults to 200. `generated` (the default) writes small uniform
alerts of 3 connections each; `corpus` repeats the real alerts of
`tests/data` (1-4 KB each, 34-43 properties, at most one connection), each
with its own `id`, as an archive of Graph alerts holds them.

Prints a table of median seconds, MB/s, peak RSS and ratios.
"""

import glob
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

MB = 1_000_000
BINARY = os.path.join(os.path.dirname(__file__), "..", "target", "release", "msgraph-connections")

CONNECTION = {
    "applicationName": None, "destinationAddress": "10.0.0.4", "destinationDomain": None,
    "destinationLocation": None, "destinationPort": "514", "destinationUrl": None,
    "direction": "inbound", "domainRegisteredDateTime": "2017-01-01T00:01:30.7098297Z",
    "localDnsName": None, "natDestinationAddress": None, "natDestinationPort": None,
    "natSourceAddress": None, "natSourcePort": None, "protocol": "tcp", "riskScore": "0.83",
    "sourceAddress": "52.214.204.49", "sourceLocation": "Dublin, Dublin, IE",
    "sourcePort": "49152", "status": "blocked", "urlParameters": None,
}


def alert(i):
    return {
        "id": f"alert-{i}", "azureTenantId": "b8e1599d-b418-4be9-8f39-df03c3abe27a",
        "category": "Network_TrafficFromUnrecommendedIP", "severity": "medium",
        "createdDateTime": "2022-04-11T17:03:34.0185371Z", "status": "newAlert",
        "title": "Traffic from unrecommended IP addresses was detected",
        "vendorInformation": {"provider": "ASC", "providerVersion": None, "vendor": "Microsoft"},
        "networkConnections": [dict(CONNECTION, sourcePort=str(40000 + (i + k) % 20000)) for k in range(3)],
    }


def corpus_alerts():
    """Every alert in the corpus payloads of tests/data."""
    alerts = []

    def walk(value):
        if isinstance(value, dict):
            if "networkConnections" in value or ("id" in value and "vendorInformation" in value):
                alerts.append(value)
                return
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for path in sorted(glob.glob(os.path.join(os.path.dirname(__file__), "..", "tests", "data", "*.json"))):
        with open(path) as f:
            walk(json.load(f))
    return alerts


def generate(directory, megabytes, shape):
    corpus = corpus_alerts() if shape == "corpus" else None
    ndjson = os.path.join(directory, "alerts.ndjson")
    page = os.path.join(directory, "page.json")
    with open(ndjson, "w") as lines, open(page, "w") as whole:
        whole.write('{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#security/alerts","value":[')
        i = 0
        while lines.tell() < megabytes * MB:
            if corpus:
                item = dict(corpus[i % len(corpus)], id=f"{corpus[i % len(corpus)]['id']}-{i}")
            else:
                item = alert(i)
            text = json.dumps(item, separators=(",", ":"))
            lines.write(text + "\n")
            whole.write(("," if i else "") + text)
            i += 1
        whole.write("]}")
    return ndjson, page


def timed(command):
    """Seconds and peak RSS (KiB) of one run. A command that prints its own
    time (DuckDB's, which leaves out starting Python and importing duckdb)
    is taken at its word."""
    start = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M"] + command, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{command}: {done.stderr}")
    if done.stdout.strip():
        seconds = float(done.stdout.split()[-1])
    return seconds, int(done.stderr.strip().splitlines()[-1])


def duckdb_command(source, out, page):
    rows = "unnest(value, recursive := true)" if page else "id AS alertId, unnest(networkConnections, recursive := true)"
    inner = f"SELECT unnest(value) AS a FROM read_json('{source}', maximum_object_size=1000000000)" if page else None
    query = (
        f"COPY (SELECT a.id AS alertId, unnest(a.networkConnections, recursive := true) FROM ({inner})) TO '{out}' (FORMAT parquet)"
        if page
        else f"COPY (SELECT {rows} FROM read_json('{source}', format='newline_delimited')) TO '{out}' (FORMAT parquet)"
    )
    script = (
        "import duckdb, time; start = time.perf_counter(); "
        f"con = duckdb.connect(config={{'threads': 2}}); con.sql(\"{query}\"); "
        "print(time.perf_counter() - start)"
    )
    return [sys.executable, "-c", script]


def main():
    megabytes = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    shape = sys.argv[2] if len(sys.argv) > 2 else "generated"
    if shape not in ("generated", "corpus"):
        sys.exit(f"unknown shape {shape}: generated or corpus")
    with tempfile.TemporaryDirectory() as directory:
        ndjson, page = generate(directory, megabytes, shape)
        out = os.path.join(directory, "out.parquet")
        rows = []
        for name, source, is_page in [("NDJSON", ndjson, False), ("page", page, True)]:
            size = os.path.getsize(source)
            runs = {"duckdb": [], "ours-1": [], "ours-2": []}
            for _ in range(3):  # interleaved
                runs["duckdb"].append(timed(duckdb_command(source, out, is_page)))
                for threads in (1, 2):
                    command = [BINARY, "export", source, "-o", out, "--threads", str(threads), "--quiet"]
                    runs[f"ours-{threads}"].append(timed(command))
            medians = {k: statistics.median(s for s, _ in v) for k, v in runs.items()}
            peaks = {k: max(m for _, m in v) for k, v in runs.items()}
            for k in runs:
                rows.append((name, k, medians[k], size / medians[k] / MB, peaks[k] / 1024))
            print(f"{name}, {shape} ({size / MB:.0f} MB): ours-2 / duckdb speed {medians['duckdb'] / medians['ours-2']:.2f}x, "
                  f"ours 1 -> 2 threads {medians['ours-1'] / medians['ours-2']:.2f}x")
        print("\n| input | tool | median s | MB/s | peak RSS MiB |\n|---|---|---|---|---|")
        for name, k, seconds, rate, peak in rows:
            print(f"| {name} | {k} | {seconds:.2f} | {rate:.0f} | {peak:.0f} |")


if __name__ == "__main__":
    main()
