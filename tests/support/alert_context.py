#!/usr/bin/env python3
"""An independent reading of the alert context columns: Python's `json`
module on the input against DuckDB on the Parquet file and Python's `csv`
on the CSV file the export wrote.

    alert_context.py generate OUT.ndjson ALERTS SEED
    alert_context.py compare OUT.parquet OUT.csv IN...

`generate` writes alerts whose context properties are missing, null,
malformed, 7-digit, offset or of unexpected JSON types, before or after
`networkConnections`. `compare` reads every input with `json` (documents
one after another: an alert, a page, an array of them, NDJSON) and expects
one row per connection with the alert's context: a string as it is, any
other value as compact JSON, null when null or absent; a timestamp column
the instant of its text in microseconds (null when the text is not an
RFC 3339 timestamp), computed here. Prints `agree: N rows` or the first
difference, and exits 1 on any difference.
"""

import csv
import datetime
import json
import random
import re
import sys

TIMESTAMPS = [
    ("alertCreatedDateTime", "createdDateTime"),
    ("alertEventDateTime", "eventDateTime"),
    ("alertLastModifiedDateTime", "lastModifiedDateTime"),
]
TEXTS = [
    ("alertSeverity", ("severity",)),
    ("alertStatus", ("status",)),
    ("alertCategory", ("category",)),
    ("alertTitle", ("title",)),
    ("alertProvider", ("vendorInformation", "provider")),
    ("alertVendor", ("vendorInformation", "vendor")),
    ("alertTenantId", ("azureTenantId",)),
]

RFC3339 = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))"
)
EPOCH = datetime.datetime(1970, 1, 1)


def instant(text):
    """Microseconds since the epoch, truncated; None when not RFC 3339."""
    match = RFC3339.fullmatch(text) if isinstance(text, str) else None
    if not match:
        return None
    y, mo, d, h, mi, s, fraction, z, sign, oh, om = match.groups()
    try:
        naive = datetime.datetime(int(y), int(mo), int(d), int(h), int(mi), int(s))
    except ValueError:
        return None
    if int(oh or 0) > 23 or int(om or 0) > 59:
        return None
    micros = int(((fraction or "") + "000000")[:6])
    offset = 0 if z else (1 if sign == "+" else -1) * (int(oh) * 60 + int(om))
    delta = naive - EPOCH
    return (delta.days * 86400 + delta.seconds - offset * 60) * 1_000_000 + micros


def text(value):
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def lookup(alert, path):
    value = alert.get(path[0])
    if len(path) == 2:
        value = value.get(path[1]) if isinstance(value, dict) else None
    return value


def expected_row(alert):
    row = [alert.get("id")]
    for _, prop in TIMESTAMPS:
        t = text(alert.get(prop))
        row += [instant(t), t]
    row += [text(lookup(alert, path)) for _, path in TEXTS]
    return tuple(row)


def alerts_of(value):
    if isinstance(value, list):
        for item in value:
            yield from alerts_of(item)
    elif isinstance(value, dict) and isinstance(value.get("value"), list) and "id" not in value:
        yield from alerts_of(value["value"])
    else:
        yield value


def documents(path):
    decoder = json.JSONDecoder()
    with open(path, encoding="utf-8") as f:
        data = f.read()
    at = 0
    while True:
        while at < len(data) and data[at] in " \t\r\n":
            at += 1
        if at == len(data):
            return
        value, at = decoder.raw_decode(data, at)
        yield value


def expected_rows(inputs):
    rows = []
    for path in inputs:
        for document in documents(path):
            for alert in alerts_of(document):
                connections = alert.get("networkConnections") or []
                rows += [expected_row(alert)] * len(connections)
    return rows


TIMES = [
    "2022-03-30T13:19:15.8039138Z", "2022-03-30T13:19:15Z", "2022-03-30T13:19:15.846+02:00",
    "2022-03-30T13:19:15.123456789-05:30", "1969-12-31T23:59:59.9999999Z", "2022-03-30T13:19:15.8039138+00:00",
    "2022-13-01T00:00:00Z", "2022-02-30T00:00:00Z", "2022-03-30T13:19:15", "2022-03-30", "yesterday", "",
    "2022-03-30T25:00:00Z", 1648646355, 2.5, True, ["2022-03-30T13:19:15Z"], {"at": "2022"}, None,
]
WORDS = ["high", "Zürich", "東京", "a\"quote", "back\\slash", "line\nbreak", "=cmd", "emoji 🛰", ""]
ODD = [7, -3, 2.5, True, False, [1, "a", None], {"k": {"n": [1, 2]}}, None]


def value(rng, choices):
    return rng.choice(choices) if rng.random() < 0.8 else rng.choice(ODD)


def vendor_information(rng):
    shape = rng.randrange(5)
    if shape == 0:
        return {"provider": value(rng, WORDS), "providerVersion": None, "subProvider": None,
                "vendor": value(rng, ["Microsoft", "IPC"])}
    if shape == 1:
        return {"vendor": rng.choice(WORDS)}
    return [None, "ASC", [{"provider": "x"}]][shape - 2]


def alert(rng, i):
    properties = {
        "createdDateTime": rng.choice(TIMES), "eventDateTime": rng.choice(TIMES),
        "lastModifiedDateTime": rng.choice(TIMES), "severity": value(rng, ["high", "medium", "low"]),
        "status": value(rng, ["newAlert", "resolved"]), "category": value(rng, WORDS),
        "title": value(rng, WORDS), "vendorInformation": vendor_information(rng),
        "azureTenantId": value(rng, ["b8e1599d-b418-4be9-8f39-df03c3abe27a", "t"]),
        "description": rng.choice(WORDS),
    }
    kept = {k: v for k, v in properties.items() if rng.random() < 0.85}
    connections = [{"protocol": rng.choice(["tcp", "udp"])} for _ in range(rng.randrange(4))]
    names = list(kept) + ["id", "networkConnections"]
    rng.shuffle(names)
    everything = dict(kept, id=f"alert-{i}", networkConnections=connections)
    return {name: everything[name] for name in names}


def generate(path, alerts, seed):
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as out:
        for i in range(alerts):
            out.write(json.dumps(alert(rng, i), ensure_ascii=rng.random() < 0.5, separators=(",", ":")))
            out.write("\n")


def compare(parquet, csv_path, inputs):
    import duckdb

    want = expected_rows(inputs)
    columns = ['"alertId"']
    for name, _ in TIMESTAMPS:
        columns += [f'epoch_us("{name}")', f'"{name}Text"']
    columns += [f'"{name}"' for name, _ in TEXTS]
    got = duckdb.connect().sql(f"SELECT {', '.join(columns)} FROM read_parquet('{parquet}')").fetchall()
    check("parquet", want, [tuple(row) for row in got])
    # CSV: each column's text, empty for null.
    with open(csv_path, newline="", encoding="utf-8") as f:
        records = list(csv.reader(f))
    names = ["alertId"] + [n for n, _ in TIMESTAMPS] + [n for n, _ in TEXTS]
    at = [records[0].index(name) for name in names]
    texts = [tuple(r[i] for i in at) for r in records[1:]]
    as_text = lambda row: tuple("" if v is None else v for k, v in enumerate(row) if k not in (1, 3, 5))
    check("csv", [as_text(row) for row in want], texts)
    print(f"agree: {len(want)} rows")


def check(what, want, got):
    for i, (w, g) in enumerate(zip(want, got)):
        if w != g:
            sys.exit(f"{what} row {i}: expected {w}, got {g}")
    if len(want) != len(got):
        sys.exit(f"{what}: expected {len(want)} rows, got {len(got)}")


if __name__ == "__main__":
    if sys.argv[1] == "generate":
        generate(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        compare(sys.argv[2], sys.argv[3], sys.argv[4:])
