# The extension module, written in Rust; the package's __init__ documents
# and wraps these.
from typing import Any, Callable, List, Optional, Tuple, Union

import pyarrow as pa

from ._errors import AlertError

class ExportedSchema:
    def __arrow_c_schema__(self) -> object: ...

class ExportedBatch:
    def __arrow_c_array__(self, requested_schema: Optional[object] = None) -> Tuple[object, object]: ...

class ConnectionReader:
    """A stream of connections (the Arrow PyCapsule stream interface), taken once."""

    @property
    def schema(self) -> pa.Schema: ...
    @property
    def rejects(self) -> List[AlertError]:
        """What was rejected so far, when no ``on_reject`` was given."""
    @property
    def alerts(self) -> int:
        """How many alerts were read so far (rejected ones left out)."""
    @property
    def connections(self) -> int:
        """How many connections were read so far."""
    @property
    def bytes_read(self) -> int:
        """How many bytes of input were read so far."""
    def __arrow_c_schema__(self) -> object: ...
    def __arrow_c_stream__(self, requested_schema: Optional[object] = None) -> object: ...
    def __iter__(self) -> "ConnectionReader": ...
    def __next__(self) -> pa.RecordBatch: ...

def read_connections(
    source: Any,
    *,
    threads: Optional[int] = None,
    max_alert_size: Optional[int] = None,
    alert_columns: Optional[List[str]] = None,
    on_reject: Optional[Callable[[AlertError], Any]] = None,
) -> ConnectionReader: ...
def connections_from_json(
    strings: Any,
    *,
    with_rejects: bool = False,
    max_alert_size: Optional[int] = None,
    alert_columns: Optional[List[str]] = None,
) -> Union[pa.RecordBatch, Tuple[pa.RecordBatch, pa.RecordBatch]]: ...
def connection_schema(alert_columns: Optional[List[str]] = None) -> ExportedSchema: ...
def rejects_schema() -> ExportedSchema: ...
