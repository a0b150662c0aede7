"""Spark's own JSON reader doing the export's work, as users type it:
`spark.read.json` (schema inferred, or the explicit schema here), then
`explode_outer` of `networkConnections` and a `select` of the export's 43
columns (typed columns with `try_cast` and `try_to_timestamp`, Graph's enum
codes from a map). For `bench.py` and `spark_json_rejects.py`."""

import os
import sys

from pyspark.sql import types as T

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tests"))
import oracle  # noqa: E402

# The context's columns, the connection's and Graph's enum codes, as the
# tests' independent reading of the export has them.
CONTEXT_TIMES = oracle.alert_context.TIMESTAMPS
CONTEXT_TEXTS = [(name, ".".join(path)) for name, path in oracle.alert_context.TEXTS]
TEXTS, PORTS, CODES = oracle.TEXT, oracle.PORTS, oracle.CODES
CONNECTION = TEXTS + PORTS + list(CODES) + ["domainRegisteredDateTime", "riskScore"]


def explicit_schema():
    text = T.StringType()
    connection = T.StructType([T.StructField(name, text) for name in CONNECTION])
    vendor = T.StructType([T.StructField("provider", text), T.StructField("vendor", text)])
    fields = [T.StructField("id", text)]
    fields += [T.StructField(prop, text) for _, prop in CONTEXT_TIMES]
    fields += [T.StructField(prop, text) for _, prop in CONTEXT_TEXTS if "." not in prop]
    fields += [T.StructField("vendorInformation", vendor), T.StructField("networkConnections", T.ArrayType(connection))]
    return T.StructType(fields)


def _has(df, path):
    schema = df.schema
    for part in path.split("."):
        if not isinstance(schema, T.StructType) or part not in schema.fieldNames():
            return False
        schema = schema[part].dataType
    return True


def same_columns(df, F):
    """The export's columns from alerts read by `spark.read.json`; a
    property the inferred schema lacks is null."""

    def alert(path):
        return F.col(path) if _has(df, path) else F.lit(None).cast("string")

    def connection(name):
        element = df.schema["networkConnections"].dataType.elementType if _has(df, "networkConnections") else None
        has = isinstance(element, T.StructType) and name in element.fieldNames()
        return F.col("c." + name).cast("string") if has else F.lit(None).cast("string")

    exploded = df.select("*", F.explode_outer(alert("networkConnections")).alias("c"))
    columns = [alert("id").alias("alertId")]
    for name, prop in CONTEXT_TIMES:
        columns += [F.try_to_timestamp(alert(prop)).alias(name), alert(prop).alias(name + "Text")]
    columns += [alert(prop).alias(name) for name, prop in CONTEXT_TEXTS]
    for name in CONNECTION:
        value = connection(name)
        if name in PORTS:
            columns += [value.try_cast("int").alias(name), value.alias(name + "Text")]
        elif name in CODES:
            codes = F.create_map(*[F.lit(x) for pair in CODES[name].items() for x in pair])
            columns += [value.alias(name), F.try_element_at(codes, value).alias(name + "Code")]
        elif name == "domainRegisteredDateTime":
            columns += [F.try_to_timestamp(value).alias(name), value.alias(name + "Text")]
        elif name == "riskScore":
            columns += [value.try_cast("double").alias(name), value.alias(name + "Text")]
        else:
            columns.append(value.alias(name))
    return exploded.select(columns)
