"""The exception that carries a rejected alert, its place and its text."""

from typing import Optional


class AlertError(ValueError):
    """An alert, or a stretch of input, that could not be read.

    ``str(error)`` is the crate's own account (``networkConnections[0].sourcePort:
    invalid type: integer `443`, expected a string or null at line 2 column 50``);
    the attributes say the same in parts:

    - ``kind``: ``"syntax"``, ``"data"``, ``"invalid_value"``, ``"duplicate"``,
      ``"limit"`` (or ``"io"``);
    - ``message``: what is wrong, without the path and position;
    - ``path``: the JSON path of the offending value (``value[3].networkConnections[0]``),
      ``""`` for the document itself, ``None`` when the error is about no place;
    - ``line``, ``column``: where, from 1, in the input (the file, or the string);
    - ``text``: the exact bytes of the alert or of the input passed over,
      ``None`` only when that was longer than ``max_alert_size``;
    - ``input``: the file it came from (``read_connections`` of paths), else ``None``;
    - ``index``: the string it came from (``connections_from_json``), else ``None``.
    """

    def __init__(
        self,
        error: str,
        *,
        kind: str,
        message: str,
        path: Optional[str] = None,
        line: Optional[int] = None,
        column: Optional[int] = None,
        text: Optional[bytes] = None,
        input: Optional[str] = None,
        index: Optional[int] = None,
    ) -> None:
        super().__init__(error)
        self.kind = kind
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        self.text = text
        self.input = input
        self.index = index

    def __reduce__(self):  # type: ignore[override]
        # Sent between Spark's processes whole, attributes included.
        fields = ("kind", "message", "path", "line", "column", "text", "input", "index")
        return (_rebuild, (str(self), {name: getattr(self, name) for name in fields}))


def _rebuild(error: str, fields: dict) -> AlertError:
    return AlertError(error, **fields)
