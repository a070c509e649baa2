"""An NDJSON request body read line by line in bounded memory, for ``POST /v1/extract/stream``.

:class:`NdjsonReader` pulls the body from the WSGI input in blocks of :data:`BLOCK` bytes (1 KiB) and
hands out one ``(line number, raw document)`` at a time, so however long the stream, it holds
one block and one line (at most the per-line limit, ``HERALD_MAX_BODY_BYTES``): the bytes of a
longer line are counted and dropped as they arrive, and the line becomes a :class:`RefusedLine`
(a 413 record).  Past the stream limits (``HERALD_MAX_STREAM_BYTES``, ``HERALD_MAX_STREAM_DOCUMENTS``)
or when the body cannot be read (malformed chunks, cut short, a client past its read deadline)
it stops reading and sets :attr:`NdjsonReader.stopped`, the problem the answer ends with.

Kept free of Flask, so it can be tested on its own.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from service.http.errors import ApiError
from service.http.records import RefusedLine, decode_line, is_blank

#: Bytes asked of the input at a time.  gunicorn's ``read(n)`` returns only once n bytes (or the
#: end of the body) have arrived, so this is also how much must follow a line before it is
#: analysed: small, for a client that sends documents as it produces them.
BLOCK = 1 << 10

_log = logging.getLogger(__name__)


class Readable(Protocol):
    """A WSGI input stream: ``read(n)`` returns at most n bytes, and ``b""`` at the end."""

    def read(self, size: int, /) -> bytes: ...


@dataclass(frozen=True)
class Stopped:
    """Why reading stopped before the end of the body: the problem, and the first line not read."""

    line: int
    error: ApiError

    def record(self) -> dict[str, Any]:
        """The stream's final line: a problem record with a null id (no document of its own)."""
        return {"id": None, "line": self.line, "problem": self.error.body()}


class _Line:
    """The line being read: its bytes while within the limit, only its size once past it."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.data = bytearray()
        self.size = 0

    def add(self, piece: bytes) -> None:
        self.size += len(piece)
        if self.size <= self.limit:
            self.data += piece
        elif self.data:
            self.data = bytearray()  # over the limit: free what was kept, keep counting

    def take(self, number: int) -> bytes | RefusedLine:
        """The finished line (without its newline), or a 413 refusal if it was too long; then start anew."""
        line: bytes | RefusedLine = bytes(self.data)
        if self.size > self.limit:
            line = RefusedLine(413, f"Line {number} has {self.size} bytes; the limit for one line is {self.limit} "
                                    "(HERALD_MAX_BODY_BYTES).")
        self.data = bytearray()
        self.size = 0
        return line


class NdjsonReader:
    """The documents of an NDJSON body, read incrementally within the stream limits (module docstring)."""

    def __init__(self, stream: Readable, *, length: int | None, max_bytes: int, max_line_bytes: int,
                 max_documents: int) -> None:
        """``length``: the declared Content-Length (None for a chunked body), already checked against ``max_bytes``."""
        self.stream = stream
        self.length = length
        self.max_bytes = max_bytes
        self.max_line_bytes = max_line_bytes
        self.max_documents = max_documents
        #: Bytes read so far.
        self.bytes_read = 0
        #: Set when reading stopped at a limit or on a read error: the answer's last line.
        self.stopped: Stopped | None = None
        self._lines_seen = 0

    def documents(self) -> Iterator[tuple[int, Any]]:
        """``(line number, decoded JSON, a BadLine or a RefusedLine)`` for each non-blank line, in order."""
        count = 0
        for number, line in self._lines():
            if isinstance(line, bytes):
                text = _text(line)
                if text is not None and is_blank(text):
                    continue
                raw: Any = decode_line(text) if text is not None else RefusedLine(400, f"Line {number} is not UTF-8.")
            else:
                raw = line
            count += 1
            if count > self.max_documents:
                self._stop(number, f"The stream has more than {self.max_documents} documents "
                                   "(HERALD_MAX_STREAM_DOCUMENTS)")
                return
            yield number, raw

    def _lines(self) -> Iterator[tuple[int, bytes | RefusedLine]]:
        """Every line with its number from 1; an unfinished last line only if the body ended there."""
        line = _Line(self.max_line_bytes)
        for block in self._blocks():
            start = 0
            while (end := block.find(b"\n", start)) >= 0:
                line.add(block[start:end])
                self._lines_seen += 1
                yield self._lines_seen, line.take(self._lines_seen)
                start = end + 1
            line.add(block[start:])
        if line.size and self.stopped is None:
            self._lines_seen += 1
            yield self._lines_seen, line.take(self._lines_seen)

    def _blocks(self) -> Iterator[bytes]:
        """The body in blocks, never past the declared length nor one byte past ``max_bytes``."""
        while True:
            want = BLOCK if self.length is None else min(BLOCK, self.length - self.bytes_read)
            want = min(want, self.max_bytes + 1 - self.bytes_read)
            block = self._read(want) if want > 0 else b""
            if not block:
                return
            self.bytes_read += len(block)
            if self.bytes_read > self.max_bytes:
                yield block[: len(block) - (self.bytes_read - self.max_bytes)]  # its complete lines still count
                self._stop(self._lines_seen + 1, f"The stream is over {self.max_bytes} bytes (HERALD_MAX_STREAM_BYTES)")
                return
            yield block

    def _read(self, size: int) -> bytes:
        """Up to ``size`` bytes of the body; ``b""`` (and :attr:`stopped` set) when it cannot be read."""
        try:
            return bytes(self.stream.read(size))
        except Exception as error:  # the server's malformed-chunk errors, a body cut short, a client past its deadline
            # A client's doing, not the service's: the kind of error, never a traceback.
            _log.info("a streamed body could not be read", extra={"error": type(error).__name__})
            self.stopped = Stopped(self._lines_seen + 1, ApiError(
                400, f"The request body could not be read after {self.bytes_read} bytes (malformed chunks, cut "
                     "short, or not sent within HERALD_READ_TIMEOUT_S); the lines from here on were not read."))
            return b""

    def _stop(self, line: int, reason: str) -> None:
        self.stopped = Stopped(line, ApiError(413, f"{reason}; line {line} and the lines after it were not read. "
                                                   "Send them in another request."))


def _text(line: bytes) -> str | None:
    """The line decoded as UTF-8, or None if it is not UTF-8."""
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return None
