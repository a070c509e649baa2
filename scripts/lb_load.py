"""Bounded load and slow-client checks for herald behind a proxy (used by ``scripts/lb_check.sh``).

Three subcommands, all loopback tools with a fixed amount of work that stop by themselves:

``load``
    POST ``--requests`` short news texts to ``/v1/extract`` from ``--concurrency`` threads (one
    keep-alive ``requests`` session each).  A request fails when it raises (connection error,
    timeout), answers non-2xx, or answers 200 without the expected JSON keys or an X-Request-ID
    (every other request sends its own id, which must come back unchanged).  Once a fraction of
    the requests is done (``--progress-fraction``), ``--progress-file`` is created so a driving
    script can, e.g., kill an instance mid-run.  Prints a markdown table and one JSON line
    (also written to ``--json-out``); exit status 1 if any request failed.

``slow``
    Open ``--clients`` connections that send a complete request byte by byte over ``--duration``
    seconds (half dribble the header, half the body), and meanwhile send ``--probes`` normal
    requests, each of which must succeed within ``--probe-timeout`` seconds.  Behind nginx
    (request buffering) the probes are fast because slow clients never reach gunicorn; straight
    at gunicorn they wait for a thread.  Exit status 1 if a probe failed or was too slow, or (with
    ``--expect-slow-ok``) a slow client did not get a 200 in the end.

``stream``
    POST one NDJSON stream to ``/v1/extract/stream``: 16 documents (two chunks of 8, the second
    holding one long article) followed by ``--padding`` bytes of blank lines, so the body is over the
    1 MB limit of a single request.  Every document must come back as a result record, in order;
    and the whole first chunk's records must be in by ``--max-first-share`` of the time the last
    record takes (passed on as each chunk is done, not held back until the answer is complete).
    Through nginx with ``proxy_buffering on`` the first chunk's last records waited for the second
    chunk (2.7 s of 3.9 s); with it off they came at 0.2 s of 2.9 s.  Exit status 1
    otherwise.

Standard library plus ``requests``.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests

#: Short real-news style texts (1-3 sentences): each is tens of milliseconds of model work.
TEXTS: tuple[str, ...] = (
    "Emmanuel Macron met Olaf Scholz in Paris on Monday.",
    "The European Central Bank kept interest rates unchanged on Thursday, President Christine Lagarde said.",
    "Apple reported record revenue of $124 billion for the holiday quarter. Tim Cook said demand in India grew.",
    "A magnitude 6.1 earthquake struck central Japan early on Tuesday, the Japan Meteorological Agency said.",
    "NATO defence ministers gathered in Brussels last week. Mark Rutte urged allies to raise spending.",
    "Heavy rain flooded parts of Valencia on Wednesday. Officials in Spain closed schools and roads.",
    "Microsoft agreed to buy the game studio for $2 billion, the company announced in Seattle on Friday.",
    "The United Nations Security Council will vote on the resolution next Monday, diplomats in New York said.",
    "Lionel Messi scored twice as Inter Miami beat Orlando City 3-1 on Saturday.",
    "German exports fell 2.8% in December, the Federal Statistical Office said in Wiesbaden.",
    '"We will not back down," said Ursula von der Leyen in Strasbourg on Tuesday.',
    "Shares of Toyota rose 4% in Tokyo after the carmaker raised its annual profit forecast.",
)
DATE = "2025-02-17"
#: Keys every 200 answer of POST /v1/extract carries (see schemas.ExtractResponseSchema).
EXPECTED_KEYS = frozenset({"language", "date", "entities", "timexes", "events", "quotes", "stats", "model"})


# ---------------------------------------------------------------------------------------------
# load
# ---------------------------------------------------------------------------------------------


@dataclass
class LoadStats:
    """Counters shared by the load threads (guarded by ``lock``)."""

    total: int
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_index: int = 0
    done: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)
    failure_examples: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)

    def claim(self) -> int | None:
        """The index of the next request to send, or None once all are handed out."""
        with self.lock:
            if self.next_index >= self.total:
                return None
            self.next_index += 1
            return self.next_index - 1

    def record(self, status: str, latency: float, failure: str | None) -> int:
        """Record one finished request; return how many are done."""
        with self.lock:
            self.statuses[status] += 1
            self.latencies.append(latency)
            if failure is not None:
                self.failures[failure.split(":", 1)[0]] += 1
                if len(self.failure_examples) < 10:
                    self.failure_examples.append(failure)
            self.done += 1
            return self.done


def check_response(response: requests.Response, sent_id: str | None) -> str | None:
    """Why this answer counts as a failure, or None if it is a good extraction."""
    if not 200 <= response.status_code < 300:
        return f"http {response.status_code}: {response.text[:200]!r}"
    request_id = response.headers.get("X-Request-ID")
    if not request_id:
        return "no X-Request-ID"
    if sent_id is not None and request_id != sent_id:
        return f"X-Request-ID changed: sent {sent_id}, got {request_id}"
    try:
        body = response.json()
    except ValueError:
        return "body is not JSON"
    if not isinstance(body, dict):
        return "body is not an object"
    missing = EXPECTED_KEYS - body.keys()
    if missing:
        return f"missing keys: {sorted(missing)}"
    if not isinstance(body["entities"], list):
        return "entities is not a list"
    return None


def load_worker(url: str, stats: LoadStats, timeout: float, on_done: threading.Event, threshold: int) -> None:
    """Send requests until none are left; set ``on_done`` once ``threshold`` requests are done."""
    session = requests.Session()
    try:
        while (index := stats.claim()) is not None:
            sent_id = f"lb-{index}-{uuid.uuid4().hex[:8]}" if index % 2 == 0 else None
            headers = {"X-Request-ID": sent_id} if sent_id else {}
            payload = {"text": TEXTS[index % len(TEXTS)], "date": DATE}
            started = time.perf_counter()
            try:
                response = session.post(url, json=payload, headers=headers, timeout=timeout)
                status, failure = str(response.status_code), check_response(response, sent_id)
            except requests.RequestException as error:
                status, failure = "exception", f"{type(error).__name__}: {error}"
            done = stats.record(status, time.perf_counter() - started, failure)
            if done >= threshold:
                on_done.set()
    finally:
        session.close()


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an ascending list (0.0 for an empty one)."""
    if not sorted_values:
        return 0.0
    rank = max(1, min(len(sorted_values), round(fraction * len(sorted_values) + 0.5)))
    return sorted_values[rank - 1]


def run_load(args: argparse.Namespace) -> int:
    """The ``load`` subcommand."""
    url = args.url.rstrip("/") + "/v1/extract"
    stats = LoadStats(total=args.requests)
    threshold = max(1, int(args.requests * args.progress_fraction))
    progress = threading.Event()

    def mark_progress() -> None:
        progress.wait()
        if args.progress_file:
            Path(args.progress_file).write_text(f"{threshold}\n", encoding="utf-8")

    marker = threading.Thread(target=mark_progress, daemon=True)
    marker.start()
    started = time.perf_counter()
    threads = [
        threading.Thread(target=load_worker, args=(url, stats, args.timeout, progress, threshold), daemon=True)
        for _ in range(args.concurrency)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    marker.join(timeout=1)

    latencies = sorted(stats.latencies)
    failed = sum(stats.failures.values())
    result: dict[str, Any] = {
        "requests": stats.done,
        "concurrency": args.concurrency,
        "ok": stats.done - failed,
        "failed": failed,
        "statuses": dict(sorted(stats.statuses.items())),
        "failure_kinds": dict(stats.failures),
        "failure_examples": stats.failure_examples,
        "elapsed_s": round(elapsed, 2),
        "req_per_s": round(stats.done / elapsed, 1) if elapsed else 0.0,
        "latency_ms": {
            "p50": round(percentile(latencies, 0.50) * 1000, 1),
            "p95": round(percentile(latencies, 0.95) * 1000, 1),
            "p99": round(percentile(latencies, 0.99) * 1000, 1),
            "max": round(latencies[-1] * 1000, 1) if latencies else 0.0,
            "mean": round(statistics.fmean(latencies) * 1000, 1) if latencies else 0.0,
        },
    }
    lat = result["latency_ms"]
    print("| requests | concurrency | ok | failed | statuses | req/s | p50 ms | p95 ms | p99 ms | max ms | time s |")
    print("|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|")
    statuses = ", ".join(f"{code}: {count}" for code, count in result["statuses"].items())
    print(
        f"| {result['requests']} | {args.concurrency} | {result['ok']} | {failed} | {statuses} | "
        f"{result['req_per_s']} | {lat['p50']} | {lat['p95']} | {lat['p99']} | {lat['max']} | {result['elapsed_s']} |"
    )
    for example in stats.failure_examples:
        print(f"failure: {example}", file=sys.stderr)
    line = json.dumps(result, sort_keys=False)
    print(line)
    if args.json_out:
        Path(args.json_out).write_text(line + "\n", encoding="utf-8")
    return 1 if failed or stats.done != args.requests else 0


# ---------------------------------------------------------------------------------------------
# slow
# ---------------------------------------------------------------------------------------------


@dataclass
class SlowClient:
    """One connection that dribbles a complete request; ``status`` is its final answer (None if none)."""

    host: str
    port: int
    path: str
    byte_delay: float
    slow_header: bool
    started: threading.Event = field(default_factory=threading.Event)
    finished: threading.Event = field(default_factory=threading.Event)
    status: int | None = None
    error: str | None = None

    def request_bytes(self) -> tuple[bytes, bytes]:
        """The header and body of the request this client sends."""
        body = json.dumps({"text": TEXTS[0], "date": DATE}).encode()
        header = (
            f"POST {self.path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        ).encode()
        return header, body

    def run(self) -> None:
        """Connect, send the slow part one byte at a time and the rest at once, read the status line."""
        header, body = self.request_bytes()
        slow, fast_before, fast_after = (header, b"", body) if self.slow_header else (body, header, b"")
        try:
            with socket.create_connection((self.host, self.port), timeout=60) as sock:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                if fast_before:
                    sock.sendall(fast_before)
                for index in range(len(slow)):
                    sock.sendall(slow[index : index + 1])
                    self.started.set()
                    time.sleep(self.byte_delay)
                if fast_after:
                    sock.sendall(fast_after)
                answer = b""
                while b"\r\n" not in answer:
                    chunk = sock.recv(4096)
                    if not chunk:
                        break
                    answer += chunk
                status_line = answer.split(b"\r\n", 1)[0].decode("latin-1")
                parts = status_line.split()
                self.status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
                if self.status is None:
                    self.error = f"no status line: {status_line!r}"
        except OSError as error:
            self.error = f"{type(error).__name__}: {error}"
        finally:
            self.started.set()
            self.finished.set()


def run_slow(args: argparse.Namespace) -> int:
    """The ``slow`` subcommand."""
    parts = urlsplit(args.url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    header_len, body_len = (len(part) for part in SlowClient(host, port, "/v1/extract", 0, True).request_bytes())
    clients = [
        SlowClient(
            host,
            port,
            "/v1/extract",
            byte_delay=args.duration / (header_len if index % 2 == 0 else body_len),
            slow_header=index % 2 == 0,
        )
        for index in range(args.clients)
    ]
    threads = [threading.Thread(target=client.run, daemon=True) for client in clients]
    for thread in threads:
        thread.start()
    for client in clients:
        client.started.wait(timeout=10)
    time.sleep(0.5)  # every slow client has now sent part of its request

    url = args.url.rstrip("/") + "/v1/extract"
    probes: list[dict[str, Any]] = []
    session = requests.Session()
    for index in range(args.probes):
        started = time.perf_counter()
        try:
            payload = {"text": TEXTS[index % len(TEXTS)], "date": DATE}
            response = session.post(url, json=payload, timeout=args.probe_timeout)
            failure = check_response(response, None)
            status: int | str = response.status_code
        except requests.RequestException as error:
            failure, status = f"{type(error).__name__}", "exception"
        seconds = time.perf_counter() - started
        probes.append({"status": status, "seconds": round(seconds, 3), "failure": failure})
    session.close()
    still_sending = sum(not client.finished.is_set() for client in clients)

    for thread in threads:
        thread.join(timeout=args.duration + 60)
    slow_statuses = Counter(str(client.status) if client.status is not None else "none" for client in clients)
    probe_ok = all(p["failure"] is None and p["seconds"] <= args.probe_timeout for p in probes)
    slow_ok = all(client.status == 200 for client in clients)
    passed = probe_ok and still_sending == len(clients) and (slow_ok or not args.expect_slow_ok)
    result = {
        "url": args.url,
        "slow_clients": len(clients),
        "slow_duration_s": args.duration,
        "probes": len(probes),
        "probe_max_s": max((p["seconds"] for p in probes), default=0.0),
        "probes_ok": sum(p["failure"] is None for p in probes),
        "probe_statuses": [p["status"] for p in probes],
        "slow_clients_still_sending_after_probes": still_sending,
        "slow_client_statuses": dict(slow_statuses),
        "slow_client_errors": [client.error for client in clients if client.error][:5],
        "passed": passed,
    }
    print(
        f"slow clients: {len(clients)} dribbling for {args.duration} s; probes: {result['probes_ok']}/{len(probes)} "
        f"ok, slowest {result['probe_max_s']} s (limit {args.probe_timeout} s); slow clients still sending after "
        f"the probes: {still_sending}; their final statuses: {dict(slow_statuses)}"
    )
    line = json.dumps(result)
    print(line)
    if args.json_out:
        Path(args.json_out).write_text(line + "\n", encoding="utf-8")
    return 0 if passed else 1


# ---------------------------------------------------------------------------------------------

#: Documents the service analyses together in a stream (CHUNK of service/http/records.py; this
#: script imports nothing of the service, so that it can run against any deployment).
STREAM_CHUNK = 8
#: The long document of the stream's second chunk: a few seconds of model work.
LONG_TEXT = " ".join(TEXTS * 12)


def stream_body(padding: int) -> tuple[bytes, list[str]]:
    """The stream's NDJSON body and its documents' ids, in order."""
    texts = [*TEXTS[:8], *TEXTS[8:], *TEXTS[:3], LONG_TEXT]
    ids = [f"doc-{i}" for i in range(len(texts))]
    lines = [json.dumps({"id": doc_id, "text": text, "date": DATE}) for doc_id, text in zip(ids, texts, strict=True)]
    return ("\n".join(lines) + "\n" * (padding + 1)).encode("utf-8"), ids


def run_stream(args: argparse.Namespace) -> int:
    """One stream over the proxy: complete, in order, and passed on chunk by chunk."""
    body, ids = stream_body(args.padding)
    start = time.perf_counter()
    arrivals: list[float] = []
    records: list[dict[str, Any]] = []
    failures: list[str] = []
    with requests.post(f"{args.url.rstrip('/')}/v1/extract/stream", data=body, stream=True, timeout=args.timeout,
                       headers={"Content-Type": "application/x-ndjson"}) as response:
        if response.status_code != 200:
            failures.append(f"status {response.status_code}: {response.text[:300]}")
        else:
            for line in response.iter_lines():
                if line:
                    arrivals.append(time.perf_counter() - start)
                    records.append(json.loads(line))
    got = [record.get("id") for record in records]
    if not failures and got != ids:
        failures.append(f"records {got} for documents {ids}")
    failures += [f"{record.get('id')}: problem {record['problem']}" for record in records if "problem" in record]
    # The last record of the first chunk (8 short documents, well under a second of model work)
    # against the end of the second (one long article, seconds): a ratio, so that it holds on any CPU.
    first_chunk_s = arrivals[STREAM_CHUNK - 1] if len(arrivals) >= STREAM_CHUNK else None
    if not failures and (first_chunk_s is None or first_chunk_s > args.max_first_share * arrivals[-1]):
        failures.append(f"the first chunk's records were all in only after {first_chunk_s} s of "
                        f"{arrivals[-1]:.2f} s (at most {args.max_first_share:.0%} expected): the answer was held back")
    result = {"body_bytes": len(body), "documents": len(ids), "records": len(records),
              "first_record_s": round(arrivals[0], 2) if arrivals else None,
              "first_chunk_s": round(first_chunk_s, 2) if first_chunk_s is not None else None,
              "last_record_s": round(arrivals[-1], 2) if arrivals else None, "failures": failures}
    print(json.dumps(result))
    return 1 if failures else 0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command line of the subcommands."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    sub = parser.add_subparsers(dest="command", required=True)

    load = sub.add_parser("load", help="bounded load test of POST /v1/extract")
    load.add_argument("--url", required=True, help="base URL, e.g. http://127.0.0.1:8080")
    load.add_argument("-n", "--requests", type=int, default=2000, help="requests in all (default 2000)")
    load.add_argument("-c", "--concurrency", type=int, default=8, help="client threads (default 8)")
    load.add_argument("--timeout", type=float, default=60.0, help="per-request timeout in seconds (default 60)")
    load.add_argument("--progress-fraction", type=float, default=0.25, help="when to create --progress-file")
    load.add_argument("--progress-file", help="file created once --progress-fraction of the requests are done")
    load.add_argument("--json-out", help="also write the JSON result line here")
    load.set_defaults(func=run_load)

    slow = sub.add_parser("slow", help="slow clients must not starve normal requests")
    slow.add_argument("--url", required=True, help="base URL, e.g. http://127.0.0.1:8080")
    slow.add_argument("--clients", type=int, default=16, help="slow connections (default 16)")
    slow.add_argument("--duration", type=float, default=8.0, help="seconds each slow client takes to send")
    slow.add_argument("--probes", type=int, default=5, help="normal requests sent meanwhile (default 5)")
    slow.add_argument("--probe-timeout", type=float, default=3.0, help="seconds a probe may take (default 3)")
    slow.add_argument("--expect-slow-ok", action="store_true", help="also require a 200 for every slow client")
    slow.add_argument("--json-out", help="also write the JSON result line here")
    slow.set_defaults(func=run_slow)

    stream = sub.add_parser("stream", help="one NDJSON stream over 1 MB, passed on chunk by chunk")
    stream.add_argument("--url", required=True, help="base URL, e.g. http://127.0.0.1:8080")
    stream.add_argument("--padding", type=int, default=1_100_000, help="bytes of blank lines after the documents")
    stream.add_argument("--max-first-share", type=float, default=0.5,
                        help="latest arrival of the first chunk's records, as a share of the last one's (default 0.5)")
    stream.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for each read (default 120)")
    stream.set_defaults(func=run_stream)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    args = parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
