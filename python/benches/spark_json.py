"""Spark's own JSON reader doing the export's work, as users type it:
`spark.read.json` (schema inferred, or the explicit schema here), then
`explode_outer` of `networkConnections` and a `select` of the export's 43
columns (typed columns with `try_cast` and `try_to_timestamp`, Graph's enum
codes from a map). For `bench.py` and `spark_json_rejects.py`."""

from pyspark.sql import types as T

CONTEXT_TIMES = [
    ("alertCreatedDateTime", "createdDateTime"),
    ("alertEventDateTime", "eventDateTime"),
    ("alertLastModifiedDateTime", "lastModifiedDateTime"),
]
CONTEXT_TEXTS = [
    ("alertSeverity", "severity"), ("alertStatus", "status"), ("alertCategory", "category"),
    ("alertTitle", "title"), ("alertProvider", "vendorInformation.provider"),
    ("alertVendor", "vendorInformation.vendor"), ("alertTenantId", "azureTenantId"),
]
TEXTS = [
    "applicationName", "destinationAddress", "destinationDomain", "destinationLocation",
    "destinationUrl", "localDnsName", "natDestinationAddress", "natSourceAddress",
    "sourceAddress", "sourceLocation", "urlParameters",
]
PORTS = ["destinationPort", "natDestinationPort", "natSourcePort", "sourcePort"]
CODES = {
    "protocol": {"unknown": -1, "ip": 0, "icmp": 1, "igmp": 2, "ggp": 3, "ipv4": 4, "tcp": 6, "pup": 12,
                 "udp": 17, "idp": 22, "ipv6": 41, "ipv6RoutingHeader": 43, "ipv6FragmentHeader": 44,
                 "ipSecEncapsulatingSecurityPayload": 50, "ipSecAuthenticationHeader": 51, "icmpV6": 58,
                 "ipv6NoNextHeader": 59, "ipv6DestinationOptions": 60, "nd": 77, "raw": 255, "ipx": 1000,
                 "spx": 1256, "spxII": 1257, "unknownFutureValue": 32767},
    "direction": {"unknown": 0, "inbound": 1, "outbound": 2, "unknownFutureValue": 127},
    "status": {"unknown": 0, "attempted": 1, "succeeded": 2, "blocked": 3, "failed": 4,
               "unknownFutureValue": 127},
}
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
