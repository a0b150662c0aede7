#!/usr/bin/env python3
"""An independent reading of a partitioned export: Python's `json` module
on the input against DuckDB, pyarrow and Polars on the table folder.

    partitions.py generate OUT.ndjson ALERTS SEED
    partitions.py compare day|month DIR IN...
    partitions.py counts day|month DIR
    partitions.py alerts day|month DIR IN...

`generate` writes alerts over several months, in time order for stretches
and shuffled between them, whose `eventDateTime` is a timestamp (with
offsets that cross midnight), missing, null, malformed or of another JSON
type, and likewise `createdDateTime`; each has 0 to 4 connections.

`compare` computes each connection's partition here: the UTC date of the
alert's `eventDateTime` when it is an RFC 3339 timestamp, else of its
`createdDateTime`, else none (`__HIVE_DEFAULT_PARTITION__`). Then:
- DuckDB reads `DIR/**/*.parquet` with `hive_partitioning`: the partition
  column is a DATE (day) or VARCHAR (month), null for the default
  partition, and each partition's rows, read file by file in the order of
  their names, are exactly its connections in input order, column by
  column (the alert's context and the connection's `sourcePort`);
- pyarrow (`ds.dataset(DIR, partitioning="hive")`) and Polars
  (`pl.scan_parquet(DIR/**/*.parquet, hive_partitioning=True)`) count the
  same rows in each partition.
Prints `agree: N rows in P partitions, F files` or the first difference,
and exits 1 on any difference.

`alerts` does the same for a partitioned alerts table: each partition's
alerts, in input order, as DuckDB reads them (`alertId`,
`connectionCount`, and `json` parsed back) against Python's reading of
the input, and prints `agree: N alerts in P partitions, F files`.

`counts` prints each partition's value and rows as DuckDB reads them, one
`VALUE COUNT` line each, in the order of the values (`NULL` for the
default partition).
"""

import datetime
import json
import os
import random
import sys

from alert_context import alerts_of, documents, expected_row, instant, text

COLUMNS = {"day": "alertDate", "month": "alertMonth"}
EPOCH = datetime.date(1970, 1, 1)


def partition(alert, by):
    """The partition value of an alert's rows; None for the default."""
    for prop in ("eventDateTime", "createdDateTime"):
        micros = instant(text(alert.get(prop)))
        if micros is not None:
            date = EPOCH + datetime.timedelta(days=micros // 86_400_000_000)
            return date.isoformat() if by == "day" else date.isoformat()[:7]
    return None


def expected(inputs, by):
    """Each partition's rows, in input order."""
    rows = {}
    for path in inputs:
        for document in documents(path):
            for alert in alerts_of(document):
                key = partition(alert, by)
                for connection in alert.get("networkConnections") or []:
                    rows.setdefault(key, []).append(expected_row(alert) + (connection.get("sourcePort"),))
    return rows


def duckdb_rows(folder, column):
    import duckdb

    selected = ['"alertId"']
    for name in ("alertCreatedDateTime", "alertEventDateTime", "alertLastModifiedDateTime"):
        selected += [f'epoch_us("{name}")', f'"{name}Text"']
    for name in ("alertSeverity", "alertStatus", "alertCategory", "alertTitle",
                 "alertProvider", "alertVendor", "alertTenantId", "sourcePortText"):
        selected.append(f'"{name}"')
    query = f"""
        SELECT CAST("{column}" AS VARCHAR), typeof("{column}"), {', '.join(selected)}
        FROM read_parquet('{folder}/**/*.parquet', hive_partitioning = true,
                          filename = true, file_row_number = true)
        ORDER BY filename, file_row_number"""
    rows, types = {}, set()
    for row in duckdb.connect().sql(query).fetchall():
        types.add(row[1])
        rows.setdefault(row[0], []).append(tuple(row[2:]))
    return rows, types


def pyarrow_counts(folder, column):
    import pyarrow.dataset as ds

    table = ds.dataset(folder, format="parquet", partitioning="hive").to_table(columns=[column])
    counts = {}
    for value in table.column(column).to_pylist():
        counts[value] = counts.get(value, 0) + 1
    return counts


def polars_counts(folder, column):
    import polars as pl

    frame = pl.scan_parquet(f"{folder}/**/*.parquet", hive_partitioning=True)
    counts = frame.group_by(column).len().collect()
    return {None if v is None else str(v): n for v, n in counts.iter_rows()}


def compare(by, folder, inputs):
    column = COLUMNS[by]
    want = expected(inputs, by)
    got, types = duckdb_rows(folder, column)
    want_type = {"day": "DATE", "month": "VARCHAR"}[by]
    if types - {want_type}:
        sys.exit(f"duckdb: {column} is {sorted(types)}, expected {want_type}")
    for key in sorted(set(want) | set(got), key=str):
        w, g = want.get(key, []), got.get(key, [])
        for i, (a, b) in enumerate(zip(w, g)):
            if a != b:
                sys.exit(f"duckdb: {column}={key} row {i}: expected {a}, got {b}")
        if len(w) != len(g):
            sys.exit(f"duckdb: {column}={key}: expected {len(w)} rows, got {len(g)}")
    counts = {key: len(rows) for key, rows in want.items()}
    for reader, read in (("pyarrow", pyarrow_counts), ("polars", polars_counts)):
        if read(folder, column) != counts:
            sys.exit(f"{reader}: expected {counts}, got {read(folder, column)}")
    files = sum(name.endswith(".parquet") for _, _, names in os.walk(folder) for name in names)
    print(f"agree: {sum(counts.values())} rows in {len(counts)} partitions, {files} files")


def counts(by, folder):
    column = COLUMNS[by]
    import duckdb

    query = f"""
        SELECT coalesce(CAST("{column}" AS VARCHAR), 'NULL'), count(*)
        FROM read_parquet('{folder}/**/*.parquet', hive_partitioning = true)
        GROUP BY ALL ORDER BY 1"""
    for value, count in duckdb.connect().sql(query).fetchall():
        print(value, count)


ODD = [None, "yesterday", "2024-02-30T00:00:00Z", "2024-03-07", "", 1709800000, ["2024-03-07T00:00:00Z"]]


def timestamp(rng, at):
    """A timestamp's text for the instant `at`, in a random offset."""
    minutes = rng.choice([0, 0, 0, 60, -300, 330, -720, 840, 59])
    local = at + datetime.timedelta(minutes=minutes)
    offset = "Z" if minutes == 0 and rng.random() < 0.7 else \
        f"{'+' if minutes >= 0 else '-'}{abs(minutes) // 60:02}:{abs(minutes) % 60:02}"
    fraction = rng.choice(["", ".5", ".8039138", ".123456789"])
    return local.strftime("%Y-%m-%dT%H:%M:%S") + fraction + offset


def alert(rng, i, at):
    created = at - datetime.timedelta(minutes=rng.randrange(0, 3000))
    properties = {"id": f"alert-{i}", "severity": rng.choice(["high", "low"])}
    shape = rng.random()
    if shape < 0.6:
        properties["eventDateTime"] = timestamp(rng, at)
        properties["createdDateTime"] = timestamp(rng, created)
    elif shape < 0.75:
        properties["createdDateTime"] = timestamp(rng, created)
    elif shape < 0.9:
        properties["eventDateTime"] = rng.choice(ODD)
        properties["createdDateTime"] = timestamp(rng, created)
    else:
        properties.update({k: rng.choice(ODD) for k in ("eventDateTime", "createdDateTime") if rng.random() < 0.6})
    properties["networkConnections"] = [{"sourcePort": str(k)} for k in range(rng.randrange(5))]
    names = list(properties)
    rng.shuffle(names)
    return {name: properties[name] for name in names}


def generate(path, alerts, seed):
    rng = random.Random(seed)
    start = datetime.datetime(2023, 11, 20)
    when = lambda: start + datetime.timedelta(minutes=rng.randrange(150 * 24 * 60))
    instants = sorted(when() for _ in range(alerts))
    # Stretches in time order, and stretches from anywhere in five months.
    for at in range(400, alerts, 800):
        instants[at:at + 400] = [when() for _ in instants[at:at + 400]]
    with open(path, "w", encoding="utf-8") as out:
        for i, at in enumerate(instants):
            out.write(json.dumps(alert(rng, i, at), separators=(",", ":")) + "\n")


def compare_alerts(by, folder, inputs):
    import duckdb

    column = COLUMNS[by]
    want = {}
    for path in inputs:
        for document in documents(path):
            for alert in alerts_of(document):
                row = (alert.get("id"), len(alert.get("networkConnections") or []), alert)
                want.setdefault(partition(alert, by), []).append(row)
    query = f"""
        SELECT CAST("{column}" AS VARCHAR), "alertId", "connectionCount", "json"
        FROM read_parquet('{folder}/**/*.parquet', hive_partitioning = true,
                          filename = true, file_row_number = true)
        ORDER BY filename, file_row_number"""
    got = {}
    for key, alert_id, count, text in duckdb.connect().sql(query).fetchall():
        got.setdefault(key, []).append((alert_id, count, json.loads(text)))
    for key in sorted(set(want) | set(got), key=str):
        if want.get(key) != got.get(key):
            w, g = want.get(key, []), got.get(key, [])
            first = next((i for i, (a, b) in enumerate(zip(w, g)) if a != b), min(len(w), len(g)))
            sys.exit(f"duckdb: {column}={key}: alert {first} differs ({len(w)} expected, {len(g)} read)")
    files = sum(name.endswith(".parquet") for _, _, names in os.walk(folder) for name in names)
    alerts = sum(len(rows) for rows in want.values())
    print(f"agree: {alerts} alerts in {len(want)} partitions, {files} files")


if __name__ == "__main__":
    if sys.argv[1] == "generate":
        generate(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    elif sys.argv[1] == "alerts":
        compare_alerts(sys.argv[2], sys.argv[3], sys.argv[4:])
    elif sys.argv[1] == "counts":
        counts(sys.argv[2], sys.argv[3])
    else:
        compare(sys.argv[2], sys.argv[3], sys.argv[4:])
