"""Microsoft Graph security alerts' ``networkConnections`` as Arrow.

The connections of alerts in any shape (NDJSON, Graph pages
``{"value": [...]}``, arrays, whole files or lines) become Arrow record
batches in the schema of the ``msgraph-connections export`` command, read
by the Rust crate ``msgraph-network-connection`` with bounded memory and
handed to Python without a copy:

- :func:`read_connections` streams files, ``bytes`` or a binary file object,
  for pyarrow, DuckDB and Polars (the Arrow PyCapsule stream interface);
- :func:`connections_from_json` reads a column of JSON strings, what an
  engine (Spark's ``mapInArrow``) hands over batch by batch;
- :mod:`msgraph_network_connection.spark` runs both in Spark.

Nothing is refused silently: what cannot be read is an :class:`AlertError`
with its place and exact text.
"""

from typing import Any, Callable, List, Literal, Optional, Sequence, Tuple, Union, overload

import pyarrow as pa

from . import _native
from ._errors import AlertError
from ._native import ConnectionReader

__all__ = [
    "AlertError",
    "ConnectionReader",
    "connections_from_json",
    "read_connections",
    "rejects_schema",
    "schema",
]

Source = Any
"""A path (``str`` or ``os.PathLike``), a list of paths, ``bytes``, or a binary file object."""


def read_connections(
    source: Source,
    *,
    threads: Optional[int] = None,
    max_alert_size: Optional[int] = None,
    alert_columns: Optional[Sequence[str]] = None,
    on_reject: Optional[Callable[[AlertError], Any]] = None,
) -> ConnectionReader:
    """Streams the connections of ``source``, in the export's schema, with
    a column for each of ``alert_columns`` (``"assignedTo"``,
    ``"vendorInformation.subProvider"``: a name looked up whole, then one
    level down after the first dot; a string as it is, another value as
    compact JSON), as ``msgraph-connections export --alert-column`` adds.

    ``source`` is a path, a list of paths (read in order), ``bytes`` or a
    binary file object; files are opened at once (a missing one raises
    ``FileNotFoundError`` here), and read when the batches are asked for,
    on ``threads`` threads (every core unless said), the file object's
    ``read`` called with the GIL taken for each call. Memory is bounded as
    in the command line: about ``threads * 2 * max_alert_size`` of input at
    worst, a few megabytes for real alerts, and one batch waiting.

    The reader is an Arrow stream (``__arrow_c_stream__``), taken once:
    ``pyarrow.RecordBatchReader.from_stream(reader)``,
    ``duckdb.sql("SELECT ... FROM reader")``, ``polars.from_arrow(reader)``;
    or iterate it for ``pyarrow.RecordBatch``es.

    A rejected alert (or stretch of broken input) is handed to
    ``on_reject`` as an :class:`AlertError` as soon as its batch is reached;
    without ``on_reject`` it is kept in the reader's ``rejects``. An
    exception raised by ``on_reject`` stops the reading: iterating raises
    it, and a stream consumer raises its own error with its text. A failed
    read raises ``OSError``. ``max_alert_size`` (bytes of JSON, 64 MiB
    unless said) bounds each alert: a larger one is rejected.
    """
    return _native.read_connections(
        source,
        threads=threads,
        max_alert_size=max_alert_size,
        alert_columns=_names(alert_columns),
        on_reject=on_reject,
    )


def _names(alert_columns: Optional[Sequence[str]]) -> Optional[List[str]]:
    if isinstance(alert_columns, str):
        raise TypeError("alert_columns: a list of names, not one string")
    return None if alert_columns is None else list(alert_columns)


Strings = Any
"""An Arrow array of strings (``string``, ``large_string``, ``string_view``),
a chunked array, or a Python sequence of ``str``."""


@overload
def connections_from_json(
    strings: Strings,
    *,
    with_rejects: Literal[False] = ...,
    max_alert_size: Optional[int] = ...,
    alert_columns: Optional[Sequence[str]] = ...,
) -> pa.RecordBatch: ...
@overload
def connections_from_json(
    strings: Strings,
    *,
    with_rejects: Literal[True],
    max_alert_size: Optional[int] = ...,
    alert_columns: Optional[Sequence[str]] = ...,
) -> Tuple[pa.RecordBatch, pa.RecordBatch]: ...
def connections_from_json(
    strings: Strings,
    *,
    with_rejects: bool = False,
    max_alert_size: Optional[int] = None,
    alert_columns: Optional[Sequence[str]] = None,
) -> Union[pa.RecordBatch, Tuple[pa.RecordBatch, pa.RecordBatch]]:
    """The connections of every string of ``strings``, in order.

    Each string is read on its own, as a whole file would be: an NDJSON
    line, a page, a file's text, several alerts. The batch is ``index``
    (the string's position, from 0; ``int64``) then the export's columns,
    with a column more for each of ``alert_columns`` (as in
    :func:`read_connections`). Null strings have no rows. Arrow
    arrays are read where they are, without a copy, and the GIL is
    released while reading.

    Without ``with_rejects``, the first string that cannot be read raises
    its :class:`AlertError` (``index`` says which). With it, the result is
    ``(connections, rejects)``: ``rejects`` is a batch of its own
    (:func:`rejects_schema`: ``index``, ``kind``, ``path``, ``line``,
    ``column``, ``message``, ``error``, ``text``), for a job to write as a
    second table.
    """
    if not (hasattr(strings, "__arrow_c_array__") or hasattr(strings, "__arrow_c_stream__")):
        strings = pa.array(strings, pa.large_string())
    return _native.connections_from_json(
        strings,
        with_rejects=with_rejects,
        max_alert_size=max_alert_size,
        alert_columns=_names(alert_columns),
    )


def schema(alert_columns: Optional[Sequence[str]] = None, *, index: bool = False) -> pa.Schema:
    """The export's schema (``read_connections``' batches), with a column
    for each of ``alert_columns``, and ``connections_from_json``'s
    ``index`` first when ``index`` is true."""
    exported = pa.schema(_native.connection_schema(_names(alert_columns)))
    if index:
        exported = exported.insert(0, pa.field("index", pa.int64(), nullable=False))
    return exported


def rejects_schema() -> pa.Schema:
    """The columns of ``connections_from_json``'s rejects."""
    return pa.schema(_native.rejects_schema())
