"""Hostile and odd requests against a real herald server: nothing may take it down.

Starts ``python -m service serve`` (real gunicorn, real models) on a free loopback port, or
checks a running one (``--url``, e.g. the container; ``--pid`` names its gunicorn master for
the memory figures).  Sends 60+ hostile or odd inputs and slow-client patterns, one after the
other, while a thread probes ``/healthz`` every 0.25 s.  For every case it checks:

* the answer is a 2xx, or a 4xx/503 in ``application/problem+json``; never a 5xx, an HTML
  page or a reset (a slow client cut off by HERALD_READ_TIMEOUT_S may see its connection
  closed: that is the expected answer for those cases only);
* it ends within the request budget + 5 s;
* a normal extraction right afterwards answers 200 with entities;
and over the whole run: every ``/healthz`` answered within 1 s, worker RSS under the stated
ceiling, ``/metrics`` series bounded.  Prints a table and the figures; exits 1 on any failure.

    python -m scripts.adversarial                   # own server, budget 10 s
    python -m scripts.adversarial --url http://127.0.0.1:8000 --pid 1234 --budget 60
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_213a62ba50b0ddfd.txt"
NORMAL = {"text": "Emmanuel Macron met Donald Tusk in Paris on Monday, officials said.", "date": "2025-02-17"}
PROBLEM = "application/problem+json"
#: Most answer bytes per request-body byte allowed, counting at least 4 KB of request (README: events
#: reference their sentence, so an answer grows with what is found, a bounded number of bytes per word).
MAX_AMPLIFICATION = 40.0


@dataclass
class Outcome:
    """What one case got back."""

    status: int | None  # None: the connection was closed without an answer
    content_type: str = ""
    note: str = ""
    #: Answer bytes per request-body byte (successful answers with a body of known size only).
    amplification: float | None = None


@dataclass
class Result:
    name: str
    outcome: Outcome
    seconds: float
    after_ok: bool
    slow_client: bool = False
    failures: list[str] = field(default_factory=list)


class Target:
    """The server under test: base URL, host and port."""

    def __init__(self, base: str) -> None:
        self.base = base.rstrip("/")
        parts = urlsplit(self.base)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80

    def post(self, path: str, timeout: float, **kwargs: Any) -> Outcome:
        try:
            response = requests.post(self.base + path, timeout=timeout, **kwargs)
        except requests.ConnectionError as error:
            return Outcome(None, note=f"connection error: {type(error).__name__}")
        sent = response.request.body
        size = len(sent) if isinstance(sent, (bytes, str)) else None
        # Below 4 KB of input the answer's fixed part (model, stats, ids) dominates: count 4 KB.
        ratio = len(response.content) / max(size, 4096) if size and response.ok else None
        return Outcome(response.status_code, response.headers.get("Content-Type", ""), amplification=ratio)

    def raw(self, data: bytes, timeout: float, pause: float = 0.0, pieces: int = 1) -> Outcome:
        """Send ``data`` in ``pieces`` with ``pause`` seconds between them; read the status line."""
        try:
            with socket.create_connection((self.host, self.port), timeout=timeout) as conn:
                size = max(1, len(data) // pieces)
                for i in range(0, len(data), size):
                    conn.sendall(data[i:i + size])
                    if pause:
                        time.sleep(pause)
                conn.settimeout(timeout)
                reply = b""
                while True:
                    while b"\r\n\r\n" not in reply:
                        chunk = conn.recv(65536)
                        if not chunk:
                            break
                        reply += chunk
                    if not reply.startswith(b"HTTP/1.1 1") or b"\r\n\r\n" not in reply:
                        break
                    reply = reply.split(b"\r\n\r\n", 1)[1]  # an interim 1xx answer: read the final one
        except (ConnectionError, BrokenPipeError) as error:
            return Outcome(None, note=type(error).__name__)
        except TimeoutError:
            return Outcome(None, note="no answer before the client's timeout")
        if not reply:
            return Outcome(None, note="closed without an answer")
        head = reply.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
        status = int(head[0].split()[1])
        content_type = next((h.split(":", 1)[1].strip() for h in head[1:] if h.lower().startswith("content-type:")), "")
        return Outcome(status, content_type)


def _json(text: str, **extra: Any) -> dict[str, Any]:
    return {"json": {"text": text, **extra}}


def _plain(text: str | bytes, content_type: str = "text/plain") -> dict[str, Any]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return {"data": data, "headers": {"Content-Type": content_type}}


def _chunks(data: bytes, size: int = 65536) -> Iterator[bytes]:
    for i in range(0, len(data), size):
        yield data[i:i + size]


def cases(target: Target, timeout: float, max_body: int) -> list[tuple[str, Callable[[], Outcome], bool]]:
    """(name, action, may_close): ``may_close`` marks slow-client cases, where a closed
    connection is the expected answer."""
    rng = random.Random(14)
    names = " ".join(f"{rng.choice('BCDFGHJKLMNPRSTVW')}{rng.choice('aeiou')}{rng.choice('lnrst')}"
                     f"{rng.choice('aeiou')} {rng.choice('BCDFGHJKLMNPRSTVW')}{rng.choice('aeiou')}lson said."
                     for _ in range(3000))
    table = " | ".join(f"{rng.choice(['Team', 'Score', 'Pts', 'W', 'L'])} {rng.randint(0, 999)}" for _ in range(600))
    post = target.post

    def extract(**kwargs: Any) -> Callable[[], Outcome]:
        return lambda: post("/v1/extract", timeout, **kwargs)

    def batch(documents: list[Any]) -> Callable[[], Outcome]:
        return lambda: post("/v1/extract/batch", timeout, json={"documents": documents})

    head = (f"POST /v1/extract HTTP/1.1\r\nHost: {target.host}\r\nContent-Type: text/plain\r\n").encode()
    found: list[tuple[str, Callable[[], Outcome], bool]] = [
        # Parser memory and time: long "sentences", many sentences.
        ("1,000 quote marks (JSON)", extract(**_json('"' * 1000)), False),
        ("20,000 quote marks (text/plain)", extract(**_plain('"' * 20000)), False),
        ("100,000 quote marks", extract(**_plain('"' * 100_000)), False),
        ("results table on one line (~1,200 tokens)", extract(**_plain(table)), False),
        ("'a\\n' x 50,000", extract(**_plain("a\n" * 50_000)), False),
        ("'\"ab\"\\n' x 20,000", extract(**_plain('"ab"\n' * 20_000)), False),
        ("100,000 characters without a space", extract(**_plain("x" * 100_000)), False),
        ("100,000 spaces", extract(**_plain(" " * 100_000)), False),
        ("100,000 newlines", extract(**_plain("\n" * 100_000)), False),
        ("'He said \"x\". ' x 8,000", extract(**_plain('He said "x". ' * 8000)), False),
        ("'Monday. ' x 12,000", extract(**_plain("Monday. " * 12_000)), False),
        ("'John Smith met Bob Jones. ' x 3,800", extract(**_plain("John Smith met Bob Jones. " * 3800)), False),
        ("3,000 distinct speakers", extract(**_plain(names[:100_000])), False),
        ("unbalanced curly quotes x 30,000", extract(**_plain("\u201c" * 30_000)), False),
        ("quote per line x 2,000", extract(**_plain(("\u201cWe will act,\u201d Smith said.\n") * 2000)), False),
        ("'Dear readers,' x 5,000 lines", extract(**_plain("Dear readers,\n" * 5000)), False),
        ("'Dear readers,' mid-article", extract(**_plain(SEED.read_text()[:3000] + "\nDear readers,\n"
                                                          + SEED.read_text()[3000:])), False),
        ("punctuation soup", extract(**_plain("".join(rng.choice(".,;:!?-()[]{}'\"/\\|") for _ in range(50_000)))),
         False),
        ("digits and dates soup", extract(**_plain(" ".join(str(rng.randint(0, 10**9)) for _ in range(10_000)))),
         False),
        ("one 100,000-character word", extract(**_json("a" * 100_000)), False),
        # Boilerplate patterns: a share-button row that once backtracked exponentially (2^n ways to
        # split its spaces: 4.9 s at 22 words), a caption-like line of 100,000 characters.
        ("share-button words x 60, then a word", extract(**_plain("Macron met Tusk.\n" + "x " * 60 + "y\n")), False),
        ("'Ab Cd, right, ' x 7,000 on one line", extract(**_plain("Ab Cd, right, " * 7000)), False),
        ("byline with 'AND' inside words x 160", extract(**_plain("Macron met Tusk.\nBy Xx" + "ANDXx" * 160 + "!\n")),
         False),
        ("a date, then 40,000 spaces on one line", extract(**_plain("Macron met Tusk.\nJan 1, 2020" + " " * 40_000
                                                                  + "!\n")), False),
        # Streams and pages.
        ("NDJSON stream of hostile lines", lambda: post(
            "/v1/extract/stream", timeout, data="\n".join(['{"text": "Macron met Tusk."}', "not json", '{"text": 5}',
                                                        json.dumps({"text": '"' * 20_000}), "[" * 5000]).encode(),
            headers={"Content-Type": "application/x-ndjson"}), False),
        ("HTML page of 20,000 nested divs", extract(data=("<html><body>" + "<div>" * 20_000 + "Macron met Tusk."
                                                          + "</div>" * 20_000).encode(),
                                                    headers={"Content-Type": "text/html"}), False),
        # Dates at the calendar's edges.
        ("1,000,000 days ago", extract(**_json("The deal closed 1000000 days ago.", date="2025-02-17")), False),
        ("9999-12-31 + tomorrow", extract(**_json("They meet tomorrow and next year.", date="9999-12-31")), False),
        ("0001-01-01 + yesterday", extract(**_json("They met yesterday and last year.", date="0001-01-01")), False),
        ("10**30 years from now", extract(**_json("It ends " + "9" * 30 + " years from now.")), False),
        ("impossible date parameter", extract(**_json("x", date="2025-02-30")), False),
        ("5-digit year parameter", extract(**_json("x", date="99999-01-01")), False),
        # Unicode and bytes.
        ("NUL and control characters", extract(**_json("A\x00B\x01C\x1b[31mred\x7f said Smith on Monday.")), False),
        ("lone surrogate escape", extract(data=b'{"text": "\\ud800 said Smith"}',
                                          headers={"Content-Type": "application/json"}), False),
        ("invalid UTF-8", extract(**_plain(b"\xff\xfe\xfa said Smith")), False),
        ("emoji, combining marks, RTL", extract(**_plain("\U0001F600" * 2000 + "e\u0301" * 2000
                                                          + "\u05e9\u05dc\u05d5\u05dd " * 2000)), False),
        ("Chinese text 30,000 chars", extract(**_plain("\u4e2d\u6587\u65b0\u95fb" * 7500)), False),
        ("zero-width characters", extract(**_plain("Macron\u200b met\u200d Tusk\ufeff on Monday." * 500)), False),
        ("latin-1 charset", extract(**_plain("Macron", "text/plain; charset=latin-1")), False),
        ("HTML page as text", extract(**_plain("<html><body>" + "<div><p>Macron met Tusk.</p></div>" * 2000)),
         False),
        # JSON oddities.
        ("deeply nested JSON", extract(data=b"[" * 100_000 + b"]" * 100_000,
                                       headers={"Content-Type": "application/json"}), False),
        ("JSON null", extract(data=b"null", headers={"Content-Type": "application/json"}), False),
        ("JSON huge number", extract(data=b'{"text": 1e999999}', headers={"Content-Type": "application/json"}),
         False),
        ("JSON NaN", extract(data=b'{"text": NaN}', headers={"Content-Type": "application/json"}), False),
        ("unknown field", extract(**_json("x", colour="red")), False),
        ("10,000-character id", extract(**_json("x", id="i" * 10_000)), False),
        ("unknown language", extract(**_json("x", language="xx")), False),
        ("no content type", extract(data=b"Macron met Tusk."), False),
        ("gzip body", extract(data=b"\x1f\x8b\x08\x00" + os.urandom(2000),
                              headers={"Content-Type": "text/plain", "Content-Encoding": "gzip"}), False),
        ("repeated query parameter", lambda: post("/v1/extract?date=2025-01-01&date=2025-01-02", timeout,
                                                  data=b"x", headers={"Content-Type": "text/plain"}), False),
        # Sizes.
        ("body over the limit, no Expect", extract(**_plain(b"a" * (max_body + 500_000))), False),
        ("chunked body over the limit", extract(data=_chunks(b"a" * (max_body + 500_000)),
                                                headers={"Content-Type": "text/plain"}), False),
        ("chunked body under the limit", extract(data=_chunks(b"Macron met Tusk on Monday. " * 100),
                                                 headers={"Content-Type": "text/plain"}), False),
        ("Expect: 100-continue over the limit", lambda: target.raw(
            head + f"Content-Length: {max_body * 3}\r\nExpect: 100-continue\r\n\r\n".encode(), timeout), False),
        ("batch of 33 documents", batch([{"text": "x"}] * 33), False),
        ("batch with bad and hostile documents", batch([{"text": "Macron met Tusk."}, {"text": 5},
                                                        {"text": "a\n" * 20_000}, {"nope": 1},
                                                        {"text": "Closed 1000000 days ago.", "date": "9999-12-31"}]),
         False),
        ("batch of 32 x 30,000 characters", batch([{"text": ("Macron met Tusk on Monday. " * 1200)[:30_000]}] * 32),
         False),
        # HTTP oddities.
        ("random method", lambda: target.raw(b"BREW /v1/extract HTTP/1.1\r\nHost: x\r\n\r\n", timeout), False),
        ("path traversal", lambda: target.raw(b"GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n", timeout),
         False),
        ("10,000-character URL", lambda: target.raw(b"GET /" + b"a" * 10_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
                                                    timeout), False),
        ("200 header fields", lambda: target.raw(b"GET /healthz HTTP/1.1\r\nHost: x\r\n"
                                                 + b"".join(b"X-H%d: v\r\n" % i for i in range(200)) + b"\r\n",
                                                 timeout), False),
        ("header field of 20,000 bytes", lambda: target.raw(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: "
                                                            + b"b" * 20_000 + b"\r\n\r\n", timeout), False),
        ("not HTTP at all", lambda: target.raw(os.urandom(512) + b"\r\n\r\n", timeout), False),
        ("bad chunk size", lambda: target.raw(head + b"Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
                                              timeout), False),
        ("declared length longer than the body", lambda: target.raw(head + b"Content-Length: 100000\r\n\r\nshort",
                                                                    timeout + 30), True),
        ("headers trickled, a line every 2 s", lambda: target.raw(
            head + b"X-Slow: 1\r\n" * 20 + b"Content-Length: 1\r\n\r\nx", timeout + 30, pause=2.0, pieces=22), True),
        ("body trickled, 10 bytes a second", lambda: target.raw(head + b"Content-Length: 400\r\n\r\n" + b"a" * 400,
                                                                timeout + 30, pause=1.0, pieces=40), True),
        ("connection opened, nothing sent", lambda: target.raw(b"", timeout + 30), True),
    ]
    return found


class HealthProbe(threading.Thread):
    """Probe ``/healthz`` every 0.25 s; remember the slowest answer and every failure."""

    def __init__(self, base: str) -> None:
        super().__init__(daemon=True)
        self.base = base
        self.stop = threading.Event()
        self.slowest = 0.0
        self.failures: list[str] = []
        self.count = 0

    def run(self) -> None:
        session = requests.Session()
        while not self.stop.is_set():
            started = time.monotonic()
            try:
                ok = session.get(self.base + "/healthz", timeout=5).status_code == 200
            except requests.RequestException as error:
                ok = False
                self.failures.append(type(error).__name__)
            elapsed = time.monotonic() - started
            self.count += 1
            self.slowest = max(self.slowest, elapsed)
            if not ok or elapsed > 1.0:
                self.failures.append(f"{elapsed:.2f} s")
            self.stop.wait(0.25)


class SlowCrowd(threading.Thread):
    """``n`` clients trickling headers at once, for the length of one case."""

    def __init__(self, target: Target, n: int, seconds: float) -> None:
        super().__init__(daemon=True)
        self.target, self.n, self.seconds = target, n, seconds

    def run(self) -> None:
        sockets = []
        for _ in range(self.n):
            try:
                conn = socket.create_connection((self.target.host, self.target.port), timeout=5)
                conn.sendall(b"POST /v1/extract HTTP/1.1\r\nHost: x\r\n")
                sockets.append(conn)
            except OSError:
                pass
        end = time.monotonic() + self.seconds
        while time.monotonic() < end:
            for conn in sockets:
                try:
                    conn.sendall(b"X-Slow: 1\r\n")
                except OSError:
                    pass
            time.sleep(2.0)
        for conn in sockets:
            conn.close()


def worker_rss_mb(master: int | None) -> dict[int, float]:
    """RSS (MB) of each child of ``master`` (gunicorn workers), from /proc."""
    if master is None:
        return {}
    found: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid != master:
                continue
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    found[int(entry.name)] = int(line.split()[1]) / 1024
        except (OSError, ValueError, IndexError):
            continue
    return found


def series_count(base: str) -> int:
    text = requests.get(base + "/metrics", timeout=10).text
    return sum(1 for line in text.splitlines() if line and not line.startswith("#"))


def normal_ok(base: str) -> bool:
    try:
        response = requests.post(base + "/v1/extract", json=NORMAL, timeout=30)
        return response.status_code == 200 and bool(response.json()["entities"])
    except (requests.RequestException, ValueError, KeyError):
        return False


@contextmanager
def own_server(budget: int, workers: int) -> Iterator[tuple[str, int]]:
    """A real gunicorn with the shipped models on a free port; yields (base URL, master pid)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "PORT": str(port), "HOST": "127.0.0.1", "WEB_CONCURRENCY": str(workers),
           "HERALD_REQUEST_BUDGET_S": str(budget)}
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen([sys.executable, "-m", "service", "serve"], cwd=ROOT, env=env, stdout=log,
                            stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                log.seek(0)
                raise SystemExit(f"gunicorn exited: {log.read()[-3000:].decode(errors='replace')}")
            try:
                if requests.get(base + "/readyz", timeout=10).status_code == 200:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.5)
        yield base, proc.pid
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.seek(0)
        text = log.read().decode(errors="replace")
        leaked = [line for line in text.splitlines() if "Traceback" in line or "/work/" in line]
        print(f"server log: {len(text.splitlines())} lines, {len(leaked)} with a traceback or a path")
        log.close()


def check(target: Target, master: int | None, budget: int, rss_ceiling: float, max_body: int) -> int:
    """Run every case; print a table and the figures; return the number of failures."""
    probe = HealthProbe(target.base)
    probe.start()
    limit = budget + 5
    results: list[Result] = []
    peak: dict[int, float] = {}
    crowd_done = False
    for name, action, may_close in cases(target, timeout=limit + 30, max_body=max_body):
        crowd = None
        if name.startswith("100,000 quote marks") and not crowd_done:
            crowd = SlowCrowd(target, 6, seconds=limit)  # slow clients while the workers are busy
            crowd.start()
            crowd_done = True
        started = time.monotonic()
        outcome = action()
        seconds = time.monotonic() - started
        after = normal_ok(target.base)
        result = Result(name, outcome, seconds, after, slow_client=may_close)
        if outcome.status is None:
            if not may_close:
                result.failures.append(f"no answer ({outcome.note})")
        elif outcome.status >= 500 and outcome.status != 503:
            result.failures.append(f"status {outcome.status}")
        elif outcome.status >= 400 and not outcome.content_type.startswith(PROBLEM):
            result.failures.append(f"{outcome.status} as {outcome.content_type or 'no content type'}")
        if outcome.amplification is not None and outcome.amplification > MAX_AMPLIFICATION:
            result.failures.append(f"answer {outcome.amplification:.1f}x the request")
        if seconds > limit and not may_close:
            result.failures.append(f"{seconds:.1f} s > {limit} s")
        if not after:
            result.failures.append("normal extraction afterwards failed")
        for pid, rss in worker_rss_mb(master).items():
            peak[pid] = max(peak.get(pid, 0.0), rss)
        if crowd is not None:
            crowd.join()
        results.append(result)
        status = outcome.status if outcome.status is not None else "closed"
        print(f"{'FAIL' if result.failures else 'ok  '} {seconds:6.2f} s  {status!s:>6}  {name}"
              + (f"  <- {'; '.join(result.failures)}" if result.failures else ""), flush=True)
    # Made-up methods must not grow the metrics: the first 50 may add one label set (method OTHER),
    # the next 50 nothing at all.
    series_start = series_count(target.base)
    for i in range(100):
        target.raw(f"M{i:03d}X /healthz HTTP/1.1\r\nHost: x\r\n\r\n".encode(), 10)
        if i == 49:
            series_before = series_count(target.base)
    series_after = series_count(target.base)
    probe.stop.set()
    probe.join()
    failures = sum(1 for r in results if r.failures)
    peak_rss = max(peak.values(), default=0.0)
    print(f"\ncases: {len(results)}, failed: {failures}")
    bounded = [r.seconds for r in results if not r.slow_client]
    print(f"longest request: {max(bounded, default=0.0):.1f} s (limit {limit} s); slow-client cases, "
          f"which the limit does not cover, up to {max((r.seconds for r in results), default=0.0):.1f} s")
    ratios = [r.outcome.amplification for r in results if r.outcome.amplification is not None]
    print(f"largest answer: {max(ratios, default=0):.1f}x its request body (limit {MAX_AMPLIFICATION:g}x)")
    print(f"health probes: {probe.count}, slowest {probe.slowest:.3f} s, over 1 s or failed: {len(probe.failures)}")
    print(f"peak worker RSS: {peak_rss:.0f} MB (ceiling {rss_ceiling:.0f} MB)" if peak else "worker RSS: not measured")
    print(f"/metrics series: {series_start} before 100 made-up methods, {series_before} after 50, "
          f"{series_after} after 100")
    bad = failures
    if probe.failures:
        bad += 1
    if peak_rss > rss_ceiling:
        bad += 1
    if series_after > series_before:
        bad += 1
    return bad


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="check this running server instead of starting one")
    parser.add_argument("--pid", type=int, help="gunicorn master pid of --url (for worker RSS)")
    parser.add_argument("--budget", type=int, default=10, help="the server's HERALD_REQUEST_BUDGET_S")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rss-ceiling-mb", type=float, default=1200.0)
    parser.add_argument("--max-body", type=int, default=1_000_000, help="the server's HERALD_MAX_BODY_BYTES")
    args = parser.parse_args(argv)
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "unknown CPU")
    print(f"adversarial check on {cpu}, {os.cpu_count()} cores, budget {args.budget} s")
    if args.url:
        bad = check(Target(args.url), args.pid, args.budget, args.rss_ceiling_mb, args.max_body)
    else:
        with own_server(args.budget, args.workers) as (base, pid):
            bad = check(Target(base), pid, args.budget, args.rss_ceiling_mb, args.max_body)
    print(json.dumps({"failed_checks": bad}))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
