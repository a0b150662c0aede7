#!/usr/bin/env python3
"""An independent reading of NDJSON with truncated lines: Python's `json`
module on each line against DuckDB on the Parquet file the export wrote.

    truncated_lines.py generate OUT.ndjson LINES SEED
    truncated_lines.py compare IN.ndjson OUT.parquet

`generate` writes LINES alerts, one per line, each with 1-3 connections,
escapes and non-ASCII text; every other line (at random) is cut at a random
byte offset, and some are cut right after a complete token. `compare`
reads every line with `json.loads`: a line that is a whole object is an
alert whose connections must all be rows, in order, with each property's
exact text; a cut line has none. Prints `agree: N alerts, M rows, K cut
lines` or the first difference, and exits 1 on any difference.
"""

import json
import random
import sys

# Each property's column of exact text, in the schema's order.
TEXT_COLUMNS = [
    ("applicationName", "applicationName"), ("destinationAddress", "destinationAddress"),
    ("destinationDomain", "destinationDomain"), ("destinationLocation", "destinationLocation"),
    ("destinationPort", "destinationPortText"), ("destinationUrl", "destinationUrl"),
    ("direction", "direction"), ("domainRegisteredDateTime", "domainRegisteredDateTimeText"),
    ("localDnsName", "localDnsName"), ("natDestinationAddress", "natDestinationAddress"),
    ("natDestinationPort", "natDestinationPortText"), ("natSourceAddress", "natSourceAddress"),
    ("natSourcePort", "natSourcePortText"), ("protocol", "protocol"), ("riskScore", "riskScoreText"),
    ("sourceAddress", "sourceAddress"), ("sourceLocation", "sourceLocation"),
    ("sourcePort", "sourcePortText"), ("status", "status"), ("urlParameters", "urlParameters"),
]

WORDS = ["Dublin", "Zürich", "東京", "a\"quote", "back\\slash", "tab\there", "line\nbreak", "=cmd", "emoji 🛰"]


def connection(rng):
    c = {
        "protocol": rng.choice(["tcp", "udp", "quic", None]),
        "sourceAddress": f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(256)}",
        "sourcePort": str(rng.randrange(65536)),
        "destinationUrl": f"https://example.com/{rng.choice(WORDS)}?q={rng.randrange(10**6)}",
        "sourceLocation": rng.choice(WORDS),
        "riskScore": rng.choice([None, "0.5", "0.83", "1"]),
        "domainRegisteredDateTime": rng.choice([None, "2017-01-01T00:01:30.7098297Z", "2019-04-16T09:27:45.12+02:00"]),
    }
    if rng.random() < 0.3:
        c["extra"] = {"nested": [1, 2.5, {"k": rng.choice(WORDS)}], "flag": True}
    return c


def alert(rng, i):
    return {
        "id": f"alert-{i}-{rng.choice(WORDS)}",
        "severity": rng.choice(["high", "medium", "low"]),
        "title": rng.choice(WORDS),
        "networkConnections": [connection(rng) for _ in range(rng.randint(1, 3))],
    }


def token_ends(text):
    """Offsets right after a complete token of compact JSON: after a
    string, a number, a literal, `,`, `:`, `{` or `[`."""
    ends, in_string, escaped = [], False, False
    for i, ch in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
                ends.append(i + 1)
        elif ch == '"':
            in_string = True
        elif ch in ",:{[":
            ends.append(i + 1)
        elif ch in "0123456789el" and i + 1 < len(text) and text[i + 1] in ",}]":
            ends.append(i + 1)
    return [e for e in ends if e < len(text)]


def generate(path, lines, seed):
    rng = random.Random(seed)
    with open(path, "wb") as out:
        for i in range(lines):
            text = json.dumps(alert(rng, i), ensure_ascii=rng.random() < 0.5, separators=(",", ":"))
            data = text.encode()
            if rng.random() < 0.5:
                if rng.random() < 0.5:
                    cut = rng.choice(token_ends(text))
                    data = text[:cut].encode()
                else:
                    data = data[: rng.randrange(1, len(data))]
            out.write(data + b"\n")


def expected_rows(path):
    rows, alerts, cut = [], 0, 0
    with open(path, "rb") as f:
        for line in f:
            try:
                value = json.loads(line)
            except ValueError:
                cut += 1
                continue
            alerts += 1
            for c in value["networkConnections"]:
                rows.append(tuple([value["id"]] + [c.get(p) for p, _ in TEXT_COLUMNS]))
    return rows, alerts, cut


def compare(ndjson, parquet):
    import duckdb

    rows, alerts, cut = expected_rows(ndjson)
    columns = ", ".join(['"alertId"'] + [f'"{c}"' for _, c in TEXT_COLUMNS])
    got = duckdb.connect().sql(f"SELECT {columns} FROM read_parquet('{parquet}')").fetchall()
    for i, (want, have) in enumerate(zip(rows, got)):
        if want != tuple(have):
            sys.exit(f"row {i}: expected {want}, got {tuple(have)}")
    if len(rows) != len(got):
        sys.exit(f"expected {len(rows)} rows, got {len(got)}")
    print(f"agree: {alerts} alerts, {len(rows)} rows, {cut} cut lines")


if __name__ == "__main__":
    if sys.argv[1] == "generate":
        generate(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        compare(sys.argv[2], sys.argv[3])
