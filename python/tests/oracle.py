"""An independent reading of the export's rows: Python's `json` module on
the input, each column computed here by the rules of the README's schema
table (the alert context by `tests/support/alert_context.py`, the same
reading the command line's tests use)."""

import json
import pathlib
import random
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "tests" / "support"))
import alert_context  # noqa: E402

# Graph's numeric values of the enum members (its metadata's
# securityNetworkProtocol, connectionDirection, connectionStatus).
CODES = {
    "protocol": {
        "unknown": -1, "ip": 0, "icmp": 1, "igmp": 2, "ggp": 3, "ipv4": 4, "tcp": 6, "pup": 12,
        "udp": 17, "idp": 22, "ipv6": 41, "ipv6RoutingHeader": 43, "ipv6FragmentHeader": 44,
        "ipSecEncapsulatingSecurityPayload": 50, "ipSecAuthenticationHeader": 51, "icmpV6": 58,
        "ipv6NoNextHeader": 59, "ipv6DestinationOptions": 60, "nd": 77, "raw": 255, "ipx": 1000,
        "spx": 1256, "spxII": 1257, "unknownFutureValue": 32767,
    },
    "direction": {"unknown": 0, "inbound": 1, "outbound": 2, "unknownFutureValue": 127},
    "status": {
        "unknown": 0, "attempted": 1, "succeeded": 2, "blocked": 3, "failed": 4,
        "unknownFutureValue": 127,
    },
}
TEXT = [
    "applicationName", "destinationAddress", "destinationDomain", "destinationLocation",
    "destinationUrl", "localDnsName", "natDestinationAddress", "natSourceAddress",
    "sourceAddress", "sourceLocation", "urlParameters",
]
PORTS = ["destinationPort", "natDestinationPort", "natSourcePort", "sourcePort"]
TIMESTAMP_COLUMNS = [
    "alertCreatedDateTime", "alertEventDateTime", "alertLastModifiedDateTime",
    "domainRegisteredDateTime",
]


def port(text):
    if text and text.isascii() and text.isdigit() and int(text) <= 65535:
        return int(text)
    return None


def score(text):
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    return value if 0.0 <= value <= 1.0 else None


def connection_columns(c):
    """The connection's columns, by name."""
    row = {name: c.get(name) for name in TEXT}
    for name in PORTS:
        row[name], row[name + "Text"] = port(c.get(name)), c.get(name)
    for name, codes in CODES.items():
        row[name], row[name + "Code"] = c.get(name), codes.get(c.get(name))
    text = c.get("domainRegisteredDateTime")
    row["domainRegisteredDateTime"] = alert_context.instant(text)
    row["domainRegisteredDateTimeText"] = text
    row["riskScore"], row["riskScoreText"] = score(c.get("riskScore")), c.get("riskScore")
    return row


def context_columns(alert):
    names = ["alertId"]
    for name, _ in alert_context.TIMESTAMPS:
        names += [name, name + "Text"]
    names += [name for name, _ in alert_context.TEXTS]
    return dict(zip(names, alert_context.expected_row(alert)))


def rows_of_alert(alert):
    context = context_columns(alert)
    return [dict(context, **connection_columns(c)) for c in alert.get("networkConnections") or []]


def rows_of_documents(documents):
    rows = []
    for document in documents:
        for alert in alert_context.alerts_of(document):
            rows += rows_of_alert(alert)
    return rows


def rows_of_file(path):
    return rows_of_documents(alert_context.documents(path))


def comparable(table):
    """A table's rows as dicts, timestamps as microseconds since the epoch."""
    import pyarrow as pa

    columns = {}
    for name in table.column_names:
        column = table.column(name)
        if pa.types.is_timestamp(column.type):
            column = column.cast(pa.int64())
        columns[name] = column.to_pylist()
    return [dict(zip(columns, values)) for values in zip(*columns.values())]


# Generated alerts: every property of a connection in the forms Graph
# writes and in the odd ones the crate keeps (null, unknown members, ports
# out of range, scores outside 0-1, seven-digit and offset timestamps).
FORMS = {
    "text": ["10.0.0.5", "2001:db8::1", "fileserver", "Zürich", "東京", 'a"quote', "back\\slash", "", None],
    "port": ["443", "0", "65535", "65536", "0443", "+1", "-1", "https", "", None],
    "protocol": ["tcp", "udp", "icmpV6", "spxII", "quic", "TCP", "unknownFutureValue", None],
    "direction": ["inbound", "outbound", "sideways", None],
    "status": ["blocked", "succeeded", "failed", "String", None],
    "time": [
        "2019-04-16T09:27:45.1234567Z", "2019-04-16T09:27:45Z", "2019-04-16T09:27:45.12+02:00",
        "1969-12-31T23:59:59.9999999Z", "2019-04-16t09:27:45z", None,
    ],
    "score": ["0", "0.83", "1", "1.5", "-0.1", "high", "", "1e-3", None],
}


def generated_connection(rng):
    c = {}
    for name in TEXT:
        c[name] = rng.choice(FORMS["text"])
    for name in PORTS:
        c[name] = rng.choice(FORMS["port"])
    for name in ("protocol", "direction", "status"):
        c[name] = rng.choice(FORMS[name])
    c["domainRegisteredDateTime"] = rng.choice(FORMS["time"])
    c["riskScore"] = rng.choice(FORMS["score"])
    kept = [name for name in c if rng.random() < 0.7]
    return {name: c[name] for name in kept}


def generated_alerts(count, seed):
    rng = random.Random(seed)
    alerts = []
    for i in range(count):
        alert = alert_context.alert(rng, i)
        alert["networkConnections"] = [generated_connection(rng) for _ in range(rng.randrange(5))]
        alerts.append(alert)
    return alerts


def ndjson(alerts, seed=0):
    """NDJSON of `alerts`, some compact, some as `json.dumps` spaces them."""
    rng = random.Random(seed)
    lines = []
    for alert in alerts:
        compact = rng.random() < 0.5
        separators = (",", ":") if compact else (", ", ": ")
        lines.append(json.dumps(alert, separators=separators, ensure_ascii=rng.random() < 0.5))
    return "".join(line + "\n" for line in lines)
