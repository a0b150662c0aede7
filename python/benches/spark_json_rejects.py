#!/usr/bin/env python3
"""What Spark's own JSON reader makes of each input the crate rejects.

Each case is one NDJSON line between two good alerts. Spark reads the file
with `spark.read.json` (PERMISSIVE, its default: schema inferred, and an
explicit schema with `_corrupt_record`), then `explode_outer` and `select`
of the export's columns (`spark_json.py`); the crate reads it with
`read_connections`. Prints a Markdown table: per case, the crate's
reject, and the rows Spark gives for the case's line, with the values
that differ from nothing.

    python python/benches/spark_json_rejects.py
"""

import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from spark_json import explicit_schema, same_columns  # noqa: E402

GOOD = '{"id":"good-%d","networkConnections":[{"protocol":"tcp","sourcePort":"443","riskScore":"0.5","domainRegisteredDateTime":"2019-02-01T00:00:00Z"}]}'
DEEP = "[" * 200 + "]" * 200
CASES = [
    ("port as a number", b'{"id":"case","networkConnections":[{"protocol":"tcp","sourcePort":443}]}'),
    ("protocol as a number", b'{"id":"case","networkConnections":[{"protocol":6}]}'),
    ("risk score as a number", b'{"id":"case","networkConnections":[{"riskScore":0.83}]}'),
    ("a timestamp that is no date", b'{"id":"case","networkConnections":[{"domainRegisteredDateTime":"2019-02-30T00:00:00Z"}]}'),
    ("a property twice", b'{"id":"case","networkConnections":[{"sourcePort":"1","sourcePort":"2"}]}'),
    ("`id` twice", b'{"id":"case","id":"other","networkConnections":[{"protocol":"udp"}]}'),
    ("connections not an array", b'{"id":"case","networkConnections":{"protocol":"tcp"}}'),
    ("a connection not an object", b'{"id":"case","networkConnections":["tcp"]}'),
    ("a line cut short", b'{"id":"case","networkConnections":[{"protocol":'),
    ("trailing text after the alert", b'{"id":"case","networkConnections":[{"protocol":"tcp"}]} x'),
    ("a proxy's HTML error page", b"<html><body>502 Bad Gateway</body></html>"),
    ("a Graph error body", b'{"error":{"code":"TooManyRequests","message":"Rate limit"}}'),
    ("an object that is no alert", b'{"severity":"high"}'),
    ("a lone surrogate", b'{"id":"case","networkConnections":[{"sourceAddress":"\\ud800"}]}'),
    ("invalid UTF-8", b'{"id":"case","networkConnections":[{"sourceAddress":"\xff\xfe"}]}'),
    ("nesting 200 levels deep", b'{"id":"case","extra":' + DEEP.encode() + b',"networkConnections":[{"protocol":"tcp"}]}'),
    ("a number beyond f64", b'{"id":"case","extra":1e400,"networkConnections":[{"protocol":"tcp"}]}'),
]
SHOWN = ["alertId", "protocol", "protocolCode", "sourcePort", "sourcePortText", "riskScore", "riskScoreText",
         "domainRegisteredDateTime", "domainRegisteredDateTimeText", "sourceAddress"]


def crate(data):
    import msgraph_network_connection as m

    reader = m.read_connections(data)
    ids = [i for b in reader for i in b.column("alertId").to_pylist()]
    rejects = reader.rejects
    kept = "good lines kept" if ids == ["good-1", "good-2"] else f"rows {ids}"
    return f"rejected ({', '.join(e.kind for e in rejects)}): {kept}"


def spark_rows(spark, path, schema, F):
    reader = spark.read if schema is None else spark.read.schema(schema)
    df = reader.option("columnNameOfCorruptRecord", "_corrupt_record").json(path)
    corrupt = "_corrupt_record" in df.columns
    if corrupt:
        df = df.cache()
        corrupt_lines = df.where("_corrupt_record IS NOT NULL").count()
    else:
        corrupt_lines = 0
    rows = [r.asDict() for r in same_columns(df, F).collect()]
    goods = [r for r in rows if (r["alertId"] or "").startswith("good-")]
    others = [r for r in rows if r not in goods]
    parts = []
    if corrupt_lines:
        parts.append(f"{corrupt_lines} line(s) in `_corrupt_record`")
    for row in others:
        shown = {k: row[k] for k in SHOWN if row.get(k) is not None}
        parts.append("row " + (json.dumps(shown, default=str) if shown else "of nulls"))
    if len(goods) != 2:
        parts.append(f"{len(goods)} of the 2 good rows")
    return "; ".join(parts) or "line dropped"


def failed_or(read):
    """What `read` says, or the error class of a read that fails whole."""
    try:
        return read()
    except Exception as error:  # Spark's errors, whichever class
        what = str(error).split("]")[0].lstrip("[") if str(error).startswith("[") else type(error).__name__
        return f"the whole read fails ({what})"


def main():
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # local workers run this interpreter
    spark = (SparkSession.builder.master("local[1]").config("spark.sql.session.timeZone", "UTC")
             .config("spark.ui.enabled", "false").getOrCreate())
    spark.sparkContext.setLogLevel("OFF")
    explicit = T.StructType(explicit_schema().fields + [T.StructField("_corrupt_record", T.StringType())])
    print("| input (one line between two good alerts) | this crate | `spark.read.json`, inferred | explicit schema |")
    print("|---|---|---|---|")
    with tempfile.TemporaryDirectory() as directory:
        for n, (name, line) in enumerate(CASES):
            data = (GOOD % 1).encode() + b"\n" + line + b"\n" + (GOOD % 2).encode() + b"\n"
            path = os.path.join(directory, f"case-{n}.ndjson")
            with open(path, "wb") as f:
                f.write(data)
            inferred = failed_or(lambda: spark_rows(spark, path, None, F))
            typed = failed_or(lambda: spark_rows(spark, path, explicit, F))
            print(f"| {name} | {crate(data)} | {inferred} | {typed} |")
    spark.stop()


if __name__ == "__main__":
    main()
