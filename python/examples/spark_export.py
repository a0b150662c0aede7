"""The export as a Spark job: every alert file under a folder to Parquet
partitioned by month (of `alertCreatedDateTime`, UTC), with the rejects
written beside it as a table of their own.

    python examples/spark_export.py INPUT OUTPUT REJECTS [--pages] [--direct] [--master URL]

Locally, `--master local[2]` runs it on two cores. On a cluster, the same
script with the cluster's master URL (or none under `spark-submit`, which
gives it), and the wheel on every executor (see the README's "Python and Spark"). Outputs that exist
already are refused, as Spark's default save mode refuses them.

The text route (`spark.read.text`, then `mapInArrow`) reads from any
storage Spark reads; `--pages` reads each file whole (`wholetext`), for
Graph pages and arrays, where NDJSON is read line by line. `--direct`
reads the files with the crate on the executors instead
(`spark.read.format("msgraph_connections")`), without the text going
through Spark: paths the executors can open through `pyarrow.fs`.
"""

import argparse
import os
import sys

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from msgraph_network_connection import spark as msgraph


def by_month(connections: DataFrame) -> DataFrame:
    return connections.withColumn("month", F.date_format("alertCreatedDateTime", "yyyy-MM"))


def export_text(spark: SparkSession, inputs: str, output: str, rejects: str, pages: bool) -> int:
    """The text route; how many alerts or stretches of input were rejected."""
    text = spark.read.text(inputs, wholetext=pages).select("value", "_metadata.file_path")
    rejected = spark.sparkContext.accumulator(0)
    connections = text.mapInArrow(msgraph.connections_mapper(rejected=rejected), msgraph.connection_schema())
    by_month(connections).write.partitionBy("month").parquet(output)
    # Rejects are rare: their pass runs only when the first found some.
    if rejected.value:
        text.mapInArrow(msgraph.rejects_mapper(), msgraph.rejects_schema()).write.parquet(rejects)
    else:
        spark.createDataFrame([], msgraph.rejects_schema()).write.parquet(rejects)
    return rejected.value


def export_direct(spark: SparkSession, inputs: str, output: str, rejects: str) -> int:
    """The files read by the crate on the executors."""
    msgraph.register(spark)
    read = spark.read.format("msgraph_connections")
    connections = read.option("mode", "DROPMALFORMED").load(inputs)
    by_month(connections).write.partitionBy("month").parquet(output)
    rejected = read.option("table", "rejects").load(inputs)
    rejected.write.parquet(rejects)
    return spark.read.parquet(rejects).count()


def session(master: "str | None") -> SparkSession:
    builder = SparkSession.builder if master is None else SparkSession.builder.master(master)
    if master is not None and master.startswith("local"):
        # Local workers run this interpreter, which has the package,
        # whatever `python3` is on the PATH (a cluster's executors run
        # their own, see PYSPARK_PYTHON in the README).
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    return (
        builder.appName("msgraph-connections export")
        # Months in UTC, as the timestamps are; Parquet timestamps as
        # microseconds (the column's unit), not Spark's legacy INT96.
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
        .getOrCreate()
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("rejects")
    parser.add_argument("--pages", action="store_true", help="read each file whole: Graph pages, arrays")
    parser.add_argument("--direct", action="store_true", help="read the files with the crate on the executors")
    parser.add_argument("--master", help="local[2], spark://host:7077, yarn, ...; spark-submit's when left out")
    args = parser.parse_args()
    spark = session(args.master)
    if args.direct:
        rejected = export_direct(spark, args.input, args.output, args.rejects)
    else:
        rejected = export_text(spark, args.input, args.output, args.rejects, args.pages)
    print(f"{spark.read.parquet(args.output).count()} connections, {rejected} rejected")


if __name__ == "__main__":
    main()
