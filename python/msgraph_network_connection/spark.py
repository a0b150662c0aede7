"""The export in Spark (PySpark 4 or later): text to connections with ``mapInArrow``, or files
read directly with ``spark.read.format("msgraph_connections")``.

From text (any storage Spark reads; NDJSON as lines, pages as whole files)::

    from msgraph_network_connection import spark as msgraph

    text = spark.read.text("alerts/")                       # wholetext=True for pages
    connections = text.mapInArrow(msgraph.connections_mapper(), msgraph.connection_schema())

The first reject fails the task with its ``AlertError``; to keep reading
and write the rejects as a table of their own, count them and read them
in a second pass only when there are any (see ``examples/spark_export.py``)::

    rejected = spark.sparkContext.accumulator(0)
    text.mapInArrow(msgraph.connections_mapper(rejected=rejected), msgraph.connection_schema())
    ...
    if rejected.value:
        text.mapInArrow(msgraph.rejects_mapper(), msgraph.rejects_schema())

Files read by the crate directly (``register(spark)`` first), without the
text in Spark in between: paths the executors can open, through
``pyarrow.fs`` (local, mounted, and the object stores pyarrow reaches)::

    spark.read.format("msgraph_connections").load("alerts/")
    spark.read.format("msgraph_connections").option("table", "rejects").load("alerts/")
"""

from typing import Any, Callable, Iterator, List, Optional, Sequence, Tuple

import pyarrow as pa
from pyspark.sql import types as T
from pyspark.sql.datasource import DataSource, DataSourceReader, InputPartition

from . import connections_from_json, read_connections
from . import rejects_schema as _rejects_arrow_schema
from . import schema as _connection_arrow_schema

__all__ = [
    "ConnectionsDataSource",
    "connection_schema",
    "connections_mapper",
    "register",
    "rejects_mapper",
    "rejects_schema",
]

Batches = Iterator[pa.RecordBatch]


def _spark_type(arrow_type: pa.DataType) -> Any:
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return T.StringType()
    if pa.types.is_int32(arrow_type):
        return T.IntegerType()
    if pa.types.is_int64(arrow_type):
        return T.LongType()
    if pa.types.is_float64(arrow_type):
        return T.DoubleType()
    if pa.types.is_timestamp(arrow_type):
        return T.TimestampType()
    raise TypeError(f"no Spark type for {arrow_type}")  # pragma: no cover: the schema's types


def _spark_schema(schema: pa.Schema) -> Any:
    fields = [T.StructField(f.name, _spark_type(f.type), f.nullable) for f in schema]
    return T.StructType(fields)


def connection_schema(alert_columns: Optional[Sequence[str]] = None) -> Any:
    """The export's schema as a Spark ``StructType``, for ``mapInArrow``."""
    return _spark_schema(_connection_arrow_schema(alert_columns))


REJECT_CARRIED = "file_path"
"""The input column a reject carries when the text has it (``_metadata.file_path``)."""


def rejects_schema() -> Any:
    """The rejects' columns in Spark: ``file_path`` (of the text's row, when
    selected), then ``connections_from_json``'s rejects less ``index``."""
    from pyspark.sql import types as T

    fields = [T.StructField(REJECT_CARRIED, T.StringType(), True)]
    for field in _rejects_arrow_schema():
        if field.name != "index":
            fields.append(T.StructField(field.name, _spark_type(field.type), True))
    return T.StructType(fields)


def _texts(batch: pa.RecordBatch, column: str) -> pa.Array:
    try:
        return batch.column(column)
    except KeyError:
        raise KeyError(f"no column `{column}` of JSON text in {batch.schema.names}") from None


def connections_mapper(
    *,
    column: str = "value",
    rejected: Any = None,
    max_alert_size: Optional[int] = None,
    alert_columns: Optional[Sequence[str]] = None,
) -> Callable[[Batches], Batches]:
    """A function for ``DataFrame.mapInArrow``: each batch's ``column`` of
    JSON text (a line, a whole file) to its connections, in
    :func:`connection_schema` (``alert_columns`` alike).

    Without ``rejected``, the first string that cannot be read fails the
    task with its ``AlertError``. With a Spark accumulator, rejects are
    counted into it and left out: read them with :func:`rejects_mapper`.
    """
    options = {"max_alert_size": max_alert_size, "alert_columns": alert_columns}

    def connections(batches: Batches) -> Batches:
        for batch in batches:
            texts = _texts(batch, column)
            if rejected is None:
                found = connections_from_json(texts, **options)
            else:
                found, rejects = connections_from_json(texts, with_rejects=True, **options)
                if rejects.num_rows:
                    rejected.add(rejects.num_rows)
            yield found.drop_columns(["index"])

    return connections


def rejects_mapper(
    *, column: str = "value", max_alert_size: Optional[int] = None
) -> Callable[[Batches], Batches]:
    """A function for ``DataFrame.mapInArrow``: the rejects of each batch's
    ``column`` of JSON text, in :func:`rejects_schema`, each with the
    ``file_path`` of its row when the batch has that column."""

    def rejects(batches: Batches) -> Batches:
        for batch in batches:
            _, found = connections_from_json(
                _texts(batch, column), with_rejects=True, max_alert_size=max_alert_size
            )
            if REJECT_CARRIED in batch.schema.names:
                files = batch.column(REJECT_CARRIED).cast(pa.string()).take(found.column("index"))
            else:
                files = pa.nulls(found.num_rows, pa.string())
            yield found.drop_columns(["index"]).add_column(0, REJECT_CARRIED, files)

    return rejects


class ConnectionsDataSource(DataSource):
    """``spark.read.format("msgraph_connections").load(path)``: the
    connections of every file under ``path`` (a file, a folder read
    recursively, names starting with ``.`` or ``_`` left out), one
    partition per file, read by the crate on each executor.

    Options: ``table``, ``connections`` (default) or ``rejects``;
    ``mode``, ``FAILFAST`` (default: the first reject fails the task)
    or ``DROPMALFORMED`` (rejects left out: read them with
    ``table=rejects``); ``alertColumns``, alert properties to add as
    columns, separated by commas; ``maxAlertSize`` in bytes; ``threads``
    per task (1 unless said: Spark runs a task per core).
    """

    @classmethod
    def name(cls) -> str:
        return "msgraph_connections"

    def schema(self) -> Any:
        if self._table() == "rejects":
            return rejects_schema()
        return connection_schema(_alert_columns(self.options))

    def _table(self) -> str:
        table = self.options.get("table", "connections")
        if table not in ("connections", "rejects"):
            raise ValueError(f"table: `connections` or `rejects`, not `{table}`")
        return table

    def reader(self, schema: Any) -> "DataSourceReader":
        return _FilesReader(self.options, self._table())


class _FilesReader(DataSourceReader):
    def __init__(self, options: Any, table: str) -> None:
        if "path" not in options:
            raise ValueError("msgraph_connections: say which files, with load(path)")
        mode = options.get("mode", "FAILFAST").upper()
        if mode not in ("FAILFAST", "DROPMALFORMED"):
            raise ValueError(f"mode: FAILFAST or DROPMALFORMED, not {mode}")
        self.path = options["path"]
        self.table = table
        self.mode = mode
        size = options.get("maxAlertSize")
        self.max_alert_size = None if size is None else int(size)
        self.threads = int(options.get("threads", "1"))
        self.alert_columns = _alert_columns(options)

    def partitions(self) -> Sequence["InputPartition"]:
        return [InputPartition(file) for file in _files(self.path)]

    def read(self, partition: "InputPartition") -> Iterator[pa.RecordBatch]:
        if self.table == "rejects":
            yield from _rejects_of_file(partition.value, self.max_alert_size)
            return
        on_reject = _raise if self.mode == "FAILFAST" else _drop
        with _opened(partition.value) as source:
            reader = read_connections(
                source, threads=self.threads, max_alert_size=self.max_alert_size,
                alert_columns=self.alert_columns, on_reject=on_reject,
            )
            yield from reader


def _alert_columns(options: Any) -> Optional[List[str]]:
    names = options.get("alertColumns")
    return None if names is None else [name.strip() for name in names.split(",") if name.strip()]


def _raise(error: Exception) -> None:
    raise error


def _drop(error: Exception) -> None:
    del error


def _filesystem(path: str) -> Tuple[Any, str]:
    from pyarrow import fs

    if "://" in path:
        return fs.FileSystem.from_uri(path)
    import os

    return fs.LocalFileSystem(), os.path.abspath(path)


def _files(path: str) -> List[str]:
    """Every file at or under `path`, as URIs or absolute paths, sorted."""
    from pyarrow import fs

    filesystem, inner = _filesystem(path)
    info = filesystem.get_file_info(inner)
    if info.type == fs.FileType.NotFound:
        raise FileNotFoundError(path)
    if info.type == fs.FileType.File:
        found = [inner]
    else:
        selector = fs.FileSelector(inner, recursive=True)
        found = [
            i.path for i in filesystem.get_file_info(selector)
            if i.type == fs.FileType.File and not i.base_name.startswith((".", "_"))
        ]
    prefix = path.split("://", 1)[0] + "://" if "://" in path else ""
    return sorted(prefix + name if prefix and not name.startswith(prefix) else name for name in found)


class _opened:
    """A local file as its path (read without the GIL), any other as a
    pyarrow input stream."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.stream: Any = None

    def __enter__(self) -> Any:
        if "://" not in self.path:
            return self.path
        filesystem, inner = _filesystem(self.path)
        self.stream = filesystem.open_input_stream(inner)
        return self.stream

    def __exit__(self, *exc: Any) -> None:
        if self.stream is not None:
            self.stream.close()


def _rejects_of_file(path: str, max_alert_size: Optional[int]) -> Iterator[pa.RecordBatch]:
    """The rejects of one file, in :func:`rejects_schema`'s columns."""
    from . import AlertError

    errors: List[AlertError] = []
    with _opened(path) as source:
        for _ in read_connections(source, threads=1, max_alert_size=max_alert_size, on_reject=errors.append):
            pass
    if not errors:
        return

    def value(error: AlertError, name: str) -> Any:
        if name == "error":
            return str(error)
        if name == "text":
            return None if error.text is None else error.text.decode("utf-8", "replace")
        return getattr(error, name)

    columns = {REJECT_CARRIED: pa.array([path] * len(errors), pa.string())}
    for field in _rejects_arrow_schema():
        if field.name != "index":
            columns[field.name] = pa.array([value(e, field.name) for e in errors], field.type)
    yield pa.record_batch(columns)


def register(spark: Any) -> None:
    """Registers ``spark.read.format("msgraph_connections")`` in ``spark``."""
    spark.dataSource.register(ConnectionsDataSource)
