#!/usr/bin/env python3
"""An independent reading of the alerts table and of the alert columns
asked for: Python's `json` module on the input against DuckDB on the
Parquet files and Python's `csv` on the CSV files the export wrote.

    alert_tables.py generate OUT.json ALERTS SEED
    alert_tables.py compare DIR COLUMN,COLUMN,... IN...

`generate` writes alerts (NDJSON lines, compact and pretty-printed pages,
arrays) whose context is missing, null, malformed, 7-digit or of other JSON
types (`alert_context.py`'s generator), with properties asked for as
columns: `@odata.type`, `vendorInformation.subProvider` of every JSON type,
`a.b` as a name of its own and one level down, `comments`, and alerts
without connections.

`compare` reads DIR/connections.parquet, DIR/alerts.parquet,
DIR/connections.csv and DIR/alerts.csv. It expects one alerts row per
alert, in input order: the alert's `id`, its context and the columns asked
for (a name looked up whole first, then, when it has a dot, the property
after the first dot of the object before it; a string as it is, any other
value as compact JSON, null when null or absent), `connectionCount`, and
`json`, the alert's exact text, found here by walking the input's
structure with `json`'s own decoder; and one connections row per
connection with the same context and columns. Prints
`agree: A alerts, R rows` or the first difference, and exits 1 on any.
"""

import csv
import json
import os
import random
import sys

from alert_context import TEXTS, TIMESTAMPS, alert as context_alert, check, instant, lookup, text

WHITESPACE = " \t\r\n"


def skip(data, at):
    while at < len(data) and data[at] in WHITESPACE:
        at += 1
    return at


def alerts_in(data, at, decoder):
    """The alerts of the document at `at`, as (text, value), and its end."""
    value, end = decoder.raw_decode(data, at)
    if isinstance(value, list):
        found, at = [], skip(data, at + 1)
        while data[at] != "]":
            inner, at = alerts_in(data, at, decoder)
            found += inner
            at = skip(data, at)
            at = skip(data, at + 1) if data[at] == "," else at
        return found, end
    if isinstance(value, dict) and isinstance(value.get("value"), list) and "id" not in value:
        at = skip(data, at + 1)
        while True:
            key, at = decoder.raw_decode(data, at)
            at = skip(data, skip(data, at) + 1)
            if key == "value":
                return alerts_in(data, at, decoder)[0], end
            _, at = decoder.raw_decode(data, at)
            at = skip(data, skip(data, at) + 1)
    return [(data[at:end], value)], end


def alerts_of(paths):
    decoder = json.JSONDecoder()
    found = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            data = f.read()
        at = skip(data, 0)
        while at < len(data):
            inner, at = alerts_in(data, at, decoder)
            found += inner
            at = skip(data, at)
    return found


def asked(alert, name):
    if name in alert:
        return text(alert[name])
    parent, dot, child = name.partition(".")
    if dot and parent and child and isinstance(alert.get(parent), dict):
        return text(alert[parent].get(child))
    return None


def context(alert, names):
    row = [alert.get("id")]
    for _, prop in TIMESTAMPS:
        t = text(alert.get(prop))
        row += [instant(t), t]
    row += [text(lookup(alert, path)) for _, path in TEXTS]
    return row + [asked(alert, name) for name in names]


def quoted(name):
    return '"' + name.replace('"', '""') + '"'


def columns(names):
    selected = ['"alertId"']
    for name, _ in TIMESTAMPS:
        selected += [f'epoch_us("{name}")', f'"{name}Text"']
    return selected + [quoted(name) for name, _ in TEXTS] + [quoted(name) for name in names]


def compare(folder, names, inputs):
    import duckdb

    at = lambda name: os.path.join(folder, name)
    alerts = alerts_of(inputs)
    want_alerts = [tuple(context(a, names) + [len(a.get("networkConnections") or []), t]) for t, a in alerts]
    want_rows = []
    for _, a in alerts:
        want_rows += [tuple(context(a, names))] * len(a.get("networkConnections") or [])
    con = duckdb.connect()
    selected = ", ".join(columns(names))
    got = con.sql(f"""SELECT {selected}, "connectionCount", "json" FROM read_parquet('{at('alerts.parquet')}')""")
    check("alerts.parquet", want_alerts, [tuple(row) for row in got.fetchall()])
    got = con.sql(f"SELECT {selected} FROM read_parquet('{at('connections.parquet')}')")
    check("connections.parquet", want_rows, [tuple(row) for row in got.fetchall()])
    # CSV: each column's text, empty for null; the instants' columns hold
    # their text.
    header = ["alertId"] + [n for n, _ in TIMESTAMPS] + [n for n, _ in TEXTS] + names
    as_text = lambda row: tuple("" if v is None else str(v) for k, v in enumerate(row) if k not in (1, 3, 5))
    check("alerts.csv", [as_text(r) for r in want_alerts], csv_rows(at("alerts.csv"), header + ["connectionCount", "json"]))
    check("connections.csv", [as_text(r) for r in want_rows], csv_rows(at("connections.csv"), header))
    print(f"agree: {len(want_alerts)} alerts, {len(want_rows)} rows")


def csv_rows(path, header):
    with open(path, newline="", encoding="utf-8") as f:
        records = list(csv.reader(f))
    if records[0][: len(header)] != header:
        sys.exit(f"{path}: header {records[0]}, expected {header} first")
    return [tuple(r[: len(header)]) for r in records[1:]]


ODD = ["#microsoft.graph.alert", "MDATP", "", None, 7, 2.5, True, ["a", None], {"k": {"n": [1]}}]


def alert(rng, i):
    a = context_alert(rng, i)
    extra = {
        "@odata.type": rng.choice(ODD),
        "a.b": rng.choice(ODD),
        "a": rng.choice([{"b": rng.choice(ODD)}, {"c": 1}, "a", None]),
        "comments": rng.choice([[], ["seen"], "one", None]),
    }
    for name, value in extra.items():
        if rng.random() < 0.6:
            a[name] = value
    vendor = a.get("vendorInformation")
    if isinstance(vendor, dict) and rng.random() < 0.7:
        vendor["subProvider"] = rng.choice(ODD)
    if rng.random() < 0.1:
        a["networkConnections"] = rng.choice([None, []])
    names = list(a)
    rng.shuffle(names)
    return {name: a[name] for name in names}


def document(rng, i):
    """An NDJSON line, or a page or array of alerts, compact or pretty."""
    shape = rng.randrange(10)
    ascii_only = rng.random() < 0.5
    if shape < 7:
        return json.dumps(alert(rng, i), ensure_ascii=ascii_only, separators=(",", ":"))
    alerts = [alert(rng, i * 10 + k) for k in range(1 + rng.randrange(3))]
    value = alerts if shape == 7 else {"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#security/alerts", "value": alerts}
    indent = 2 if shape == 9 else None
    return json.dumps(value, ensure_ascii=ascii_only, indent=indent)


def generate(path, documents, seed):
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as out:
        for i in range(documents):
            out.write(document(rng, i))
            out.write("\n")


if __name__ == "__main__":
    if sys.argv[1] == "generate":
        generate(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        compare(sys.argv[2], [n for n in sys.argv[3].split(",") if n], sys.argv[4:])
