"""`read_connections`: every kind of source, rejects with their place and
exact text, errors as Python exceptions, and memory bounded."""

import io
import pickle
import resource

import pyarrow as pa
import pytest

import msgraph_network_connection as m

GOOD = b'{"id":"a1","networkConnections":[{"protocol":"tcp"}]}\n'
BAD = b'{"id":"a2","networkConnections":[{"sourcePort":443}]}\n'
BROKEN = b'{"id":"a3","networkConnections":[{"protocol":\n'
INPUT = GOOD + BAD + BROKEN + GOOD.replace(b"a1", b"a4")


def ids(reader):
    return pa.RecordBatchReader.from_stream(reader).read_all().column("alertId").to_pylist()


def test_every_source(tmp_path):
    path = tmp_path / "alerts.ndjson"
    path.write_bytes(INPUT)
    sources = [
        INPUT, bytearray(INPUT), memoryview(INPUT), io.BytesIO(INPUT),
        path, str(path), [path], (str(path),),
    ]
    for source in sources:
        assert ids(m.read_connections(source)) == ["a1", "a4"], type(source)
    with open(path, "rb") as file:
        assert ids(m.read_connections(file)) == ["a1", "a4"]
    assert ids(m.read_connections([path, path])) == ["a1", "a4", "a1", "a4"]


def test_rejects_carry_place_and_exact_text(tmp_path):
    path = tmp_path / "alerts.ndjson"
    path.write_bytes(INPUT)
    reader = m.read_connections(path)
    assert reader.rejects == []
    ids(reader)
    bad, broken = reader.rejects
    assert isinstance(bad, m.AlertError) and isinstance(bad, ValueError)
    assert str(bad) == "networkConnections[0].sourcePort: invalid type: integer `443`, expected a string or null at line 2 column 50"
    assert (bad.kind, bad.path, bad.line, bad.column) == ("data", "networkConnections[0].sourcePort", 2, 50)
    assert bad.message == "invalid type: integer `443`, expected a string or null"
    assert (bad.text, bad.input, bad.index) == (BAD.rstrip(), str(path), None)
    assert broken.kind == "syntax"
    assert (broken.line, broken.column) == (3, 1)
    assert broken.text == BROKEN
    assert (reader.alerts, reader.connections, reader.bytes_read) == (2, 2, len(INPUT))
    again = pickle.loads(pickle.dumps(bad))
    assert (str(again), again.path, again.text) == (str(bad), bad.path, bad.text)


def test_on_reject_is_called_in_order():
    seen = []
    reader = m.read_connections(INPUT, on_reject=seen.append)
    assert ids(reader) == ["a1", "a4"]
    assert [(e.line, e.kind) for e in seen] == [(2, "data"), (3, "syntax")]
    assert reader.rejects == []


def test_on_reject_raising_stops_the_reading():
    def strict(error):
        raise error

    reader = m.read_connections(INPUT, on_reject=strict)
    with pytest.raises(m.AlertError, match="sourcePort") as raised:
        list(reader)
    assert raised.value.line == 2
    # Through the stream interface, the consumer's own error says it.
    with pytest.raises(pa.ArrowInvalid, match="on_reject raised .*sourcePort"):
        ids(m.read_connections(INPUT, on_reject=strict))


def test_iteration_gives_pyarrow_batches():
    batches = list(m.read_connections(INPUT * 3, threads=2))
    assert all(isinstance(b, pa.RecordBatch) for b in batches)
    assert sum(b.num_rows for b in batches) == 6
    assert batches[0].schema == m.schema()


def test_the_stream_is_taken_once():
    reader = m.read_connections(INPUT)
    ids(reader)
    with pytest.raises(ValueError, match="already taken"):
        ids(reader)
    assert m.read_connections(INPUT).schema == m.schema()


def test_opening_errors_name_the_file(tmp_path):
    with pytest.raises(FileNotFoundError) as missing:
        m.read_connections([tmp_path / "x.ndjson"])
    assert missing.value.filename == str(tmp_path / "x.ndjson")
    with pytest.raises(IsADirectoryError):
        m.read_connections(tmp_path)
    with pytest.raises(TypeError, match="binary mode"):
        m.read_connections(io.StringIO("{}"))
    with pytest.raises(TypeError, match="got int"):
        m.read_connections(3)
    with pytest.raises(ValueError, match="threads: must be at least 1"):
        m.read_connections(INPUT, threads=0)


def test_a_failing_read_raises_os_error():
    class Failing(io.RawIOBase):
        calls = 0

        def read(self, size=-1):
            self.calls += 1
            if self.calls > 1:
                raise OSError("disk gone")
            return GOOD[:size]

    with pytest.raises(OSError, match="the file object's read failed: OSError: disk gone"):
        list(m.read_connections(Failing()))
    with pytest.raises(OSError, match="disk gone"):
        ids(m.read_connections(Failing()))


def test_max_alert_size():
    reader = m.read_connections(INPUT, max_alert_size=40)
    assert ids(reader) == []
    kinds = [(e.line, e.kind) for e in reader.rejects]
    # As the command line: the broken third runs to the end of the input.
    assert kinds == [(1, "limit"), (2, "limit"), (3, "syntax")]
    assert reader.rejects[0].text is None
    with pytest.raises(ValueError, match="max_alert_size"):
        m.read_connections(INPUT, max_alert_size=0)


class Generated(io.RawIOBase):
    """`lines` lines of NDJSON, made as they are read."""

    def __init__(self, lines):
        self.left = lines * len(GOOD)
        self.block = GOOD * 2000
        self.at = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        n = min(len(buffer), len(self.block) - self.at, self.left)
        buffer[:n] = self.block[self.at : self.at + n]
        self.at = (self.at + n) % len(self.block)
        self.left -= n
        return n


def test_memory_is_bounded_whatever_the_size():
    def peak_mib():
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    before = peak_mib()
    lines = 5_000_000
    reader = m.read_connections(io.BufferedReader(Generated(lines)), threads=2)
    rows = sum(batch.num_rows for batch in reader)
    assert (rows, reader.rejects) == (lines, [])
    # The input is 270 MB; held whole it would raise the peak by as much.
    assert peak_mib() - before < 64


def test_reading_stops_when_the_reader_is_dropped():
    source = Generated(5_000_000)
    reads = []
    original = source.readinto

    def counted(buffer):
        reads.append(len(buffer))
        return original(buffer)

    source.readinto = counted
    reader = m.read_connections(io.BufferedReader(source), threads=2)
    next(iter(reader))
    del reader
    import gc
    import time

    gc.collect()
    time.sleep(1)
    read_then = sum(reads)
    time.sleep(1)
    # The reading thread stopped, a few chunks in, once nobody listened.
    assert sum(reads) == read_then
    assert read_then < 64 << 20


def test_the_gil_is_released_while_reading():
    import threading
    import time

    line = b'{"id":"a1","description":"' + b"x" * 2000 + b'","networkConnections":[{"protocol":"tcp"}]}\n'
    text = pa.array([(line * 500).decode()] * 60)
    counted = [0]
    done = threading.Event()

    def count():
        while not done.is_set():
            counted[0] += 1

    counter = threading.Thread(target=count)
    counter.start()
    try:
        before = counted[0]
        time.sleep(0.2)
        rate = (counted[0] - before) / 0.2
        before, start = counted[0], time.perf_counter()
        batch = m.connections_from_json(text)
        elapsed, during = time.perf_counter() - start, counted[0] - before
    finally:
        done.set()
        counter.join()
    assert batch.num_rows == 30_000
    # Holding the GIL, the call would let the counter run a few switch
    # intervals (5 ms each) at most; released, it runs all along.
    assert elapsed > 0.05
    assert during > 0.1 * rate * elapsed


def test_on_reject_may_look_at_the_reader():
    import threading

    seen = []
    reader = m.read_connections(INPUT, on_reject=lambda e: seen.append((reader.alerts, len(reader.rejects))))
    finished = threading.Event()

    def read():
        list(reader)
        finished.set()

    worker = threading.Thread(target=read, daemon=True)
    worker.start()
    # A lock held across the callback would hang here.
    assert finished.wait(30)
    # Counts go by chunk, taken in before the chunk's rejects are handed over.
    assert seen == [(2, 0), (2, 0)]
