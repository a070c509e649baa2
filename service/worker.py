"""herald's gunicorn worker: gthread, hardened so that one client costs at most one request.

gunicorn's own threaded worker (``gthread``) keeps health checks answering while a thread
runs a long extraction, but three client behaviours could still take an instance down, and
this class closes each of them without a proxy in front:

* **Slow clients.**  A client trickling one header line every few seconds held a thread (a
  sync worker: the whole process) for as long as it liked.  Here every request must arrive,
  headers and body, within ``HERALD_READ_TIMEOUT_S`` of its first byte, and every write of
  the response must make progress within the same time; past that the connection is closed.
* **Oversized bodies without ``Expect: 100-continue``.**  The 413 was sent while the client
  was still sending, and closing a socket with unread data makes the kernel answer with a
  reset, so clients such as Python's ``requests`` saw "connection reset" instead of the 413.
  Here an unread body is drained (within the read deadline, at most :data:`DRAIN_BYTES`)
  before the connection closes, so the 413 reaches them.
* **Unbalanced workers.**  A gthread worker accepts new connections while it is busy, so with
  two workers both requests could land on one of them.  A worker whose models are in use
  (or awaited) waits :data:`BUSY_ACCEPT_DELAY_S` before accepting, leaving the connection to an idle worker
  if there is one; when every worker is busy it still accepts, so health checks are answered.

And one behaviour that matters behind a proxy: gunicorn writes a response's status line and
headers, then its body, in two ``sendall`` calls.  A worker that dies in between (killed, out of
memory, the node going away) leaves the proxy holding the headers of a response it can neither
finish nor retry on another instance, so the client gets a broken answer; a busy node can
deschedule the worker right there for milliseconds.  :class:`OneWriteResponse` sends the headers
and the first body bytes in one write: a crash then comes before any byte of the answer (the
proxy retries it) or after it (the client has it).

A streamed request (``POST /v1/extract/stream``) reads its body while it answers: between two
reads the app analyses documents and writes their results.  That time is the server's, not the
client's, so the app wraps it in :meth:`DeadlineSocket.reading_paused` (reached through the WSGI
environ's ``gunicorn.socket``) and the read deadline moves on by as much: the client still has
``HERALD_READ_TIMEOUT_S`` of the server's waiting to send its whole body, however long the
analysis takes.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import socket
import time
from collections.abc import Iterator
from typing import Any

from gunicorn import util as gunicorn_util
from gunicorn.http import wsgi as gunicorn_wsgi
from gunicorn.workers.gthread import ThreadWorker

from service import activity
from service.config import ENV_VARS, Config

_log = logging.getLogger(__name__)

#: Most bytes of an unread request body drained so that its 413 reaches the client.
DRAIN_BYTES = 64 * 1024 * 1024
#: Seconds given to drain an unread body after the answer (on top of the read deadline: a client
#: that was cut off for being slow gets no second full read window).
DRAIN_SECONDS = 5.0
#: How long a busy worker leaves a new connection to idle workers before taking it itself: an idle
#: worker waiting in its poller takes it well within this; 50 ms (and delaying whenever any
#: connection was open) cost two-sentence requests ~25 % of their throughput (BENCHMARKS.md).
BUSY_ACCEPT_DELAY_S = 0.005


def _too_slow(warn: bool) -> OSError:
    """The error a too-slow client's read ends with (gunicorn then closes the connection quietly)."""
    if warn:
        _log.warning("closing a connection whose request did not arrive within HERALD_READ_TIMEOUT_S")
    return ConnectionResetError(errno.ECONNRESET, "request not received within HERALD_READ_TIMEOUT_S")


#: What gunicorn's own refusals (before the app sees a request) say, never echoing the input.
_GUNICORN_DETAILS = {
    400: "The request is not valid HTTP/1.1.",
    403: "The request is forbidden.",
    414: "The request line is too long.",
    417: "The Expect header is not supported.",
    431: "The request has too many or too large header fields.",
    500: "The server failed to answer the request.",
    501: "The transfer coding is not supported.",
}


def write_problem(sock: Any, status_int: int, reason: str, mesg: str) -> None:
    """gunicorn's ``util.write_error`` answering with an RFC 9457 problem instead of an HTML page."""
    body = json.dumps({
        "type": "about:blank",
        "title": reason,
        "status": status_int,
        "detail": _GUNICORN_DETAILS.get(status_int, reason),
    }).encode("utf-8")
    head = (f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\n"
            f"Content-Type: application/problem+json\r\nContent-Length: {len(body)}\r\n\r\n")
    gunicorn_util.write_nonblock(sock, head.encode("latin-1") + body)


class OneWriteResponse(gunicorn_wsgi.Response):
    """gunicorn's HTTP/1 response, with the status line and headers sent in the same write as the
    first body bytes (when the body has a length, i.e. is not chunked: every JSON answer)."""

    def _head(self) -> bytes:
        """The status line and headers, as gunicorn's ``send_headers`` writes them."""
        lines = self.default_headers()
        lines.extend(f"{name}: {value}\r\n" for name, value in self.headers)
        return ("".join(lines) + "\r\n").encode("latin-1")

    def send_headers(self) -> None:
        if self.headers_sent:
            return
        gunicorn_util.write(self.sock, self._head())
        self.headers_sent = True

    def write(self, arg: bytes) -> None:
        fits = self.response_length is None or len(arg) <= self.response_length
        if (self.headers_sent or self.chunked or getattr(self, "_omits_body", False) or not fits
                or not isinstance(arg, bytes) or not arg):
            super().write(arg)
            return
        head = self._head()
        self.headers_sent = True
        self.sent += len(arg)
        gunicorn_util.write(self.sock, head + arg)


def install_one_write_response() -> None:
    """Make gunicorn build every HTTP/1 response as a :class:`OneWriteResponse` (in this process)."""
    gunicorn_wsgi.Response = OneWriteResponse  # type: ignore[misc]


class DeadlineSocket:
    """A client socket whose reads must all finish by a deadline and whose writes must make
    progress within ``timeout`` seconds each; everything else is the socket's own."""

    def __init__(self, sock: socket.socket, timeout: float) -> None:
        self._sock = sock
        self.timeout = timeout
        self.deadline = time.monotonic() + timeout
        #: False once the request has been answered: reads then only drain or close the connection.
        self.receiving = True

    def restart(self) -> None:
        """A new read deadline for a new request on this connection."""
        self.deadline = time.monotonic() + self.timeout
        self.receiving = True

    def draining(self) -> None:
        """The request is answered: what is left to read is drained or the close, within
        :data:`DRAIN_SECONDS` (a long extraction must not leave no time for it)."""
        self.deadline = time.monotonic() + min(self.timeout, DRAIN_SECONDS)
        self.receiving = False

    @contextlib.contextmanager
    def reading_paused(self) -> Iterator[None]:
        """Time spent inside does not count against the read deadline (the app is working, not waiting).

        For streamed bodies, read in pieces between which the app analyses documents and writes
        results; a slow client still gets no more than the read timeout of the server's waiting.
        """
        started = time.monotonic()
        try:
            yield
        finally:
            if self.receiving:
                self.deadline += time.monotonic() - started

    def recv(self, size: int, *flags: int) -> bytes:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise _too_slow(self.receiving)
        previous = self._sock.gettimeout()
        self._sock.settimeout(remaining)
        try:
            return self._sock.recv(size, *flags)
        except (TimeoutError, BlockingIOError):
            raise _too_slow(self.receiving) from None
        finally:
            self._sock.settimeout(previous)

    def sendall(self, data: Any, *flags: int) -> None:
        self._writing(self._sock.sendall, data, *flags)

    def send(self, data: Any, *flags: int) -> int:
        return int(self._writing(self._sock.send, data, *flags))

    def _writing(self, write: Any, *args: Any) -> Any:
        """``write(*args)`` with each blocking step bounded by the timeout (a client not reading
        its answer cannot hold the thread)."""
        previous = self._sock.gettimeout()
        self._sock.settimeout(self.timeout)
        try:
            return write(*args)
        finally:
            self._sock.settimeout(previous)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


class HeraldWorker(ThreadWorker):
    """gunicorn's gthread worker with a read deadline, a draining close, busy-aware accepts and
    responses whose headers go out with their body."""

    def init_process(self) -> None:
        name, parse = ENV_VARS["read_timeout_s"]
        raw = os.environ.get(name)
        self.read_timeout = float(parse(name, raw) if raw is not None else Config.read_timeout_s)
        gunicorn_util.write_error = write_problem  # gunicorn's own 4xx pages are HTML
        install_one_write_response()
        super().init_process()

    def accept(self, listener: Any) -> None:
        if activity.busy():
            time.sleep(BUSY_ACCEPT_DELAY_S)  # an idle sibling, if any, takes it meanwhile
        super().accept(listener)

    def handle(self, conn: Any) -> Any:
        if not isinstance(conn.sock, DeadlineSocket):
            conn.sock = DeadlineSocket(conn.sock, self.read_timeout)
        elif conn.initialized:
            conn.sock.restart()
        return super().handle(conn)

    def handle_request(self, req: Any, conn: Any) -> bool:
        try:
            return bool(super().handle_request(req, conn))
        finally:
            if isinstance(conn.sock, DeadlineSocket):
                conn.sock.draining()
            _drain(req)


def _drain(req: Any) -> None:
    """Read what is left of ``req``'s body (bounded by the socket's read deadline and
    :data:`DRAIN_BYTES`), so that closing the connection sends no reset over the answer."""
    body = getattr(req, "body", None)
    if body is None:
        return
    drained = 0
    try:
        while drained < DRAIN_BYTES:
            chunk = body.read(1 << 20)
            if not chunk:
                return
            drained += len(chunk)
    except Exception:  # noqa: BLE001 - a client gone or too slow: nothing left to protect
        return
