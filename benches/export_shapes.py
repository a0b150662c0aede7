"""The NDJSON shapes `duckdb_export.py` exports, each written to a file of
about the size asked for:

- `compact`: generated alerts of 1 to 5 connections, compact separators,
  ASCII text;
- `spaced`: the same alerts as Python's `json.dumps` writes them by
  default (`", "`, `": "`, every non-ASCII character as a `\\u` escape),
  with quotes, backslashes, tabs and non-ASCII text in their strings;
- `corpus`: the real alerts of `tests/data` (1-4 KB, 34-43 properties, at
  most one connection each), repeated, each with its own `id`, as an
  archive of Graph alerts holds them.
"""

import glob
import json
import os
import random

MB = 1_000_000
SHAPES = ("compact", "spaced", "corpus")

PLACES = ["Dublin, Dublin, IE", "Zürich, ZH, CH", "東京, JP", "São Paulo, BR", "Kraków, PL"]
APPS = ["svchost.exe", "C:\\Windows\\System32\\curl.exe", "\"quoted\" app", "tab\tseparated", None]


def connection(rng, rich):
    return {
        "applicationName": rng.choice(APPS) if rich else None,
        "destinationAddress": f"10.0.{rng.randrange(256)}.{rng.randrange(256)}",
        "destinationDomain": rng.choice([None, "contoso.example", "fabrikam.example"]),
        "destinationLocation": rng.choice(PLACES) if rich else None,
        "destinationPort": str(rng.choice([443, 514, 3389, 8080])),
        "destinationUrl": f"https://contoso.example/{rng.randrange(10**6)}/a b?x=\"{rng.randrange(100)}\"" if rich else None,
        "direction": rng.choice(["inbound", "outbound", "unknown"]),
        "domainRegisteredDateTime": "2017-01-01T00:01:30.7098297Z",
        "localDnsName": None,
        "natDestinationAddress": None,
        "natDestinationPort": None,
        "natSourceAddress": None,
        "natSourcePort": None,
        "protocol": rng.choice(["tcp", "udp", "icmp"]),
        "riskScore": rng.choice(["0.83", "0.1", None]),
        "sourceAddress": f"52.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(256)}",
        "sourceLocation": rng.choice(PLACES),
        "sourcePort": str(rng.randrange(1024, 65536)),
        "status": rng.choice(["blocked", "allowed", "unknown"]),
        "urlParameters": None,
    }


def generated_alert(rng, i, rich):
    return {
        "id": f"da637{i:012d}_{rng.randrange(10**9)}",
        "azureTenantId": "b8e1599d-b418-4be9-8f39-df03c3abe27a",
        "category": "Network_TrafficFromUnrecommendedIP",
        "createdDateTime": "2022-04-11T17:03:34.0185371Z",
        "description": "Traffic from IP addresses \"not recommended\" — Überprüfung" if rich else "Traffic from unrecommended IP addresses",
        "severity": rng.choice(["high", "medium", "low"]),
        "status": "newAlert",
        "title": "Traffic from unrecommended IP addresses was detected",
        "vendorInformation": {"provider": "ASC", "providerVersion": None, "subProvider": None, "vendor": "Microsoft"},
        "networkConnections": [connection(rng, rich) for _ in range(rng.randint(1, 5))],
    }


def corpus_alerts(data):
    """Every alert in the corpus payloads of `data`."""
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

    for path in sorted(glob.glob(os.path.join(data, "*.json"))):
        with open(path) as f:
            walk(json.load(f))
    return alerts


def write(path, shape, megabytes, data):
    """Writes `shape` to `path` until it holds `megabytes`."""
    rng = random.Random(7)
    corpus = corpus_alerts(data) if shape == "corpus" else None
    with open(path, "w") as out:
        i = 0
        while out.tell() < megabytes * MB:
            if corpus:
                base = corpus[i % len(corpus)]
                text = json.dumps(dict(base, id=f"{base['id']}-{i}"), separators=(",", ":"), ensure_ascii=False)
            elif shape == "spaced":
                text = json.dumps(generated_alert(rng, i, rich=True))
            else:
                text = json.dumps(generated_alert(rng, i, rich=False), separators=(",", ":"))
            out.write(text + "\n")
            i += 1
    return i
