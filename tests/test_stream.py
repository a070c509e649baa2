"""POST /v1/extract/stream: NDJSON in, NDJSON out, in input order, a problem record per bad line, bounded memory.

The fake-extractor tests cover the records, the limits and the refusals; the reader tests show
that the body is consumed incrementally (a line far over the limit is never held); one gunicorn
with the fake app shows that the analysis time does not count against the read deadline; one
gunicorn with the real models checks that a stream answers exactly what /v1/extract and the bulk
command's function answer.
"""

from __future__ import annotations

import io
import json
import socket
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient

from service.config import Config
from service.http.records import CHUNK, RefusedLine, decode_line, extract_records, is_blank
from service.http.stream import BLOCK, NdjsonReader
from service.worker import DeadlineSocket
from tests.fakes import FakeExtractor
from tests.gunicorn_server import running_fake_app, running_server

ROOT = Path(__file__).resolve().parent.parent
NDJSON = "application/x-ndjson"
KEY = "k" * 32


def _body(*lines: Any) -> bytes:
    """NDJSON: dicts as JSON, strings as they are, one a line."""
    return "".join((json.dumps(line) if isinstance(line, dict) else line) + "\n" for line in lines).encode()


def _records(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == NDJSON
    return [json.loads(line) for line in response.get_data(as_text=True).split("\n")[:-1]]


def _stream(client: FlaskClient, body: bytes, **kwargs: Any) -> Any:
    return client.post("/v1/extract/stream", data=body, content_type=NDJSON, **kwargs)


def _chunked(source: io.RawIOBase) -> dict[str, Any]:
    """The environ of a chunked body read from ``source`` (no Content-Length, as gunicorn hands it over)."""
    return {"wsgi.input": source, "wsgi.input_terminated": True, "HTTP_TRANSFER_ENCODING": "chunked"}


def comparable(record: dict[str, Any]) -> dict[str, Any]:
    """A record without what differs from call to call: stats.elapsed_ms, a problem's request_id."""
    if "problem" in record:
        return {**record, "problem": {k: v for k, v in record["problem"].items() if k != "request_id"}}
    return {**record, "stats": {k: v for k, v in record["stats"].items() if k != "elapsed_ms"}}


def _bulk_input(body: bytes) -> list[tuple[int, Any]]:
    """What the bulk command reads from the same bytes (service.bulk.read_documents)."""
    lines = body.decode().split("\n")
    return [(number, decode_line(line)) for number, line in enumerate(lines, 1) if not is_blank(line)]


class _Trickle(io.RawIOBase):
    """A request body produced on demand, recording how much of it has been read."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.position = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        size = len(self.data) - self.position if size < 0 else size
        piece = self.data[self.position : self.position + size]
        self.position += len(piece)
        return piece


# -- records --------------------------------------------------------------------------------------


def test_records_come_in_input_order_with_a_problem_record_per_bad_line(make_app: Callable[..., Flask]) -> None:
    body = _body({"id": "a", "text": "Emmanuel Macron met Olaf Scholz in Paris on Monday.", "date": "2025-02-17"},
                 "{not json", "", "   ", {"id": "c", "text": 5}, {"text": "Keir Starmer said so."},
                 {"id": "e", "text": "x" * 101}, {"id": "f", "text": "Donald Tusk met Starmer.", "language": "fr"},
                 {"id": "g", "text": "Warsaw is calm."})
    records = _records(_stream(make_app(max_text_chars=100).test_client(), body))
    assert [(r["id"], r["line"] if "problem" in r else None, r.get("problem", {}).get("status")) for r in records] == [
        ("a", None, None), ("line-2", 2, 400), ("c", 5, 422), ("line-6", None, None), ("e", 7, 413),
        ("f", 8, 422), ("g", None, None)]
    assert records[0]["entities"][0]["name"] == "Emmanuel"


def test_a_record_is_what_extract_and_the_bulk_function_answer(make_app: Callable[..., Flask],
                                                               fake: FakeExtractor) -> None:
    documents = [{"id": f"d{i}", "text": f"Keir Starmer met Donald Tusk in Warsaw on Monday, report {i}.",
                  "date": "2025-02-17"} for i in range(CHUNK + 3)]
    body = _body(*documents[:4], "oops", "", *documents[4:], {"text": ""})
    client = make_app().test_client()
    streamed = _records(_stream(client, body))
    bulk = extract_records(FakeExtractor(), _bulk_input(body), Config())
    assert [comparable(r) for r in streamed] == [comparable(r) for r in bulk]
    singles = [client.post("/v1/extract", json=document).get_json() for document in documents]
    assert [comparable(r) for r in streamed if "problem" not in r] == [comparable(r) for r in singles]
    # One NLP batch per chunk of CHUNK non-blank lines: the valid documents among the first 8, then the rest.
    assert [len(call) for call in fake.calls[:2]] == [CHUNK - 1, len(documents) - CHUNK + 1]


def test_a_line_over_the_body_limit_is_refused_alone(make_app: Callable[..., Flask]) -> None:
    long = json.dumps({"id": "long", "text": "word " * 300})
    body = _body({"id": "a", "text": "Paris is calm."}, long, {"id": "b", "text": "Rome is calm."})
    records = _records(_stream(make_app(max_body_bytes=500).test_client(), body))
    assert [r["id"] for r in records] == ["a", "line-2", "b"]
    assert records[1]["problem"]["status"] == 413 and "HERALD_MAX_BODY_BYTES" in records[1]["problem"]["detail"]
    assert f"{len(long)} bytes" in records[1]["problem"]["detail"]


def test_past_the_document_limit_the_answer_ends_with_one_problem_line(make_app: Callable[..., Flask]) -> None:
    body = _body(*({"id": f"d{i}", "text": "Paris is calm."} for i in range(3)), "", {"id": "d3", "text": "X."},
                 {"id": "d4", "text": "Y."})
    records = _records(_stream(make_app(max_stream_documents=3).test_client(), body))
    assert [r["id"] for r in records] == ["d0", "d1", "d2", None]
    assert records[-1]["line"] == 5
    assert records[-1]["problem"]["status"] == 413
    assert "HERALD_MAX_STREAM_DOCUMENTS" in records[-1]["problem"]["detail"]


def test_a_chunked_body_past_the_byte_limit_ends_with_one_problem_line(make_app: Callable[..., Flask]) -> None:
    body = _body(*({"id": f"d{i}", "text": "Paris is calm tonight."} for i in range(10)))
    client = make_app(max_stream_bytes=len(body) // 2).test_client()
    response = client.post("/v1/extract/stream", content_type=NDJSON, environ_overrides=_chunked(_Trickle(body)))
    records = _records(response)
    kept = body[: len(body) // 2].count(b"\n")
    assert [r["id"] for r in records[:-1]] == [f"d{i}" for i in range(kept)]
    assert records[-1]["id"] is None and records[-1]["line"] == kept + 1
    assert "HERALD_MAX_STREAM_BYTES" in records[-1]["problem"]["detail"]


def test_a_declared_length_over_the_byte_limit_is_a_413_before_reading(make_app: Callable[..., Flask]) -> None:
    response = _stream(make_app(max_stream_bytes=100).test_client(), _body({"text": "Paris is calm. " * 10}))
    assert response.status_code == 413
    assert response.mimetype == "application/problem+json"
    assert "HERALD_MAX_STREAM_BYTES" in response.get_json()["detail"]


def test_only_ndjson_is_accepted_and_query_parameters_are_refused(client: FlaskClient) -> None:
    body = _body({"text": "Paris is calm."})
    assert client.post("/v1/extract/stream", data=body, content_type="application/json").status_code == 415
    assert client.post("/v1/extract/stream", data=body, content_type=f"{NDJSON}; charset=latin-1").status_code == 415
    refused = _stream(client, body, query_string={"date": "2025-02-17"})
    assert refused.status_code == 422 and set(refused.get_json()["errors"]) == {"date"}
    assert _records(_stream(client, b"")) == []


def test_a_stream_needs_a_key_when_keys_are_on(make_app: Callable[..., Flask]) -> None:
    client = make_app(api_keys=(KEY,)).test_client()
    body = _body({"text": "Paris is calm."})
    refused = _stream(client, body)
    assert refused.status_code == 401 and refused.mimetype == "application/problem+json"
    assert len(_records(_stream(client, body, headers={"Authorization": f"Bearer {KEY}"}))) == 1


def test_a_chunk_over_its_budget_gets_503_records_and_the_stream_goes_on(make_app: Callable[..., Flask]) -> None:
    calm = [{"id": f"d{i}", "text": "Paris is calm."} for i in range(CHUNK)]
    documents = [{"id": "slow", "text": "SLEEP 1.2"}, *calm]
    records = _records(_stream(make_app(request_budget_s=1).test_client(), _body(*documents)))
    statuses = [r.get("problem", {}).get("status") for r in records]
    assert statuses == [503] * CHUNK + [None]  # the first chunk ran out of time; the next one had its own budget


def test_one_log_record_per_stream_without_text(make_app: Callable[..., Flask], log_lines: list[str]) -> None:
    body = _body({"text": "Emmanuel Macron met Olaf Scholz."}, "oops", {"text": "Keir Starmer said so."})
    _records(_stream(make_app().test_client(), body))
    logged = [json.loads(line) for line in log_lines]
    (record,) = [r for r in logged if r.get("path") == "/v1/extract/stream"]
    assert (record["documents"], record["results"], record["characters"]) == (3, 3, 53)
    assert record["elapsed_ms"] >= 0
    assert "Macron" not in "".join(log_lines)


def test_documents_and_words_are_counted(client: FlaskClient) -> None:
    _records(_stream(client, _body({"text": "Emmanuel Macron met Olaf Scholz."}, "oops")))
    exposition = client.get("/metrics").get_data(as_text=True)
    assert "herald_documents_processed_total 1.0" in exposition
    assert "herald_words_processed_total 0.0" not in exposition


# -- bounded memory -------------------------------------------------------------------------------


def test_a_stream_far_over_the_body_limit_is_read_and_answered_incrementally(make_app: Callable[..., Flask]) -> None:
    documents = [{"id": f"d{i:04d}", "text": f"Keir Starmer met Donald Tusk in Warsaw, report {i}."}
                 for i in range(3000)]
    body = _body(*documents)
    assert len(body) > 200_000
    app = make_app(max_body_bytes=2000)
    source = _Trickle(body)
    # A plain client, unbuffered: the answer is read while the app runs (the spec check would read it whole).
    response = FlaskClient(app, app.response_class).post("/v1/extract/stream", content_type=NDJSON, buffered=False,
                                                         environ_overrides=_chunked(source))
    assert response.status_code == 200
    pieces = iter(response.response)
    first = next(pieces)
    assert first.count(b"\n") == CHUNK
    assert source.position <= 2 * BLOCK < len(body)  # results came out with most of the body still unread
    rest = b"".join(pieces)
    response.close()
    ids = [json.loads(line)["id"] for line in (first + rest).split(b"\n")[:-1]]
    assert ids == [document["id"] for document in documents]
    assert source.position == len(body)


class _Endless(io.RawIOBase):
    """A body generated as it is read: one line of ``size`` bytes, then one valid document."""

    def __init__(self, size: int) -> None:
        self.remaining = size
        self.tail = b'\n{"text": "Paris is calm."}\n'

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self.remaining > 0:
            piece = min(size, self.remaining)
            self.remaining -= piece
            return b"x" * piece
        piece, self.tail = self.tail[:size], self.tail[size:]
        return piece


def test_a_line_far_over_the_limit_is_skipped_without_being_held() -> None:
    reader = NdjsonReader(_Endless(20_000_000), length=None, max_bytes=50_000_000, max_line_bytes=2000,
                          max_documents=10)
    tracemalloc.start()
    try:
        documents = list(reader.documents())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert documents == [(1, RefusedLine(413, "Line 1 has 20000000 bytes; the limit for one line is 2000 "
                                             "(HERALD_MAX_BODY_BYTES).")), (2, {"text": "Paris is calm."})]
    assert peak < 64 * 1024, peak  # 20 MB read, one block at a time


def test_the_time_spent_answering_does_not_count_against_the_read_deadline() -> None:
    left, right = socket.socketpair()
    with left, right:
        sock = DeadlineSocket(left, 0.3)
        with sock.reading_paused():
            time.sleep(0.5)  # the app analysing and writing, past the 0.3 s read timeout
        right.sendall(b"more")
        assert sock.recv(4) == b"more"
        time.sleep(0.35)  # but the client's own slowness still counts
        with pytest.raises(ConnectionResetError):
            sock.recv(4)


@pytest.fixture(scope="module")
def fake_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """gunicorn with herald's worker, a 2 s read deadline and the fake app."""
    with running_fake_app(tmp_path_factory.mktemp("stream") / "log", {"HERALD_READ_TIMEOUT_S": "2"}) as url:
        yield url


def _padded(lines: bytes, size: int) -> bytes:
    """``lines`` made ``size`` bytes long with spaces at the end of the last line (JSON allows them)."""
    assert len(lines) <= size
    return lines[:-1] + b" " * (size - len(lines)) + b"\n"


def _chunk(data: bytes) -> bytes:
    return f"{len(data):x}\r\n".encode() + data + b"\r\n"


def _records_from(answer: IO[bytes], count: int, pending: bytearray) -> list[dict[str, Any]]:
    """The next ``count`` records of a chunked NDJSON answer (``pending``: what was decoded but not used yet)."""
    while pending.count(b"\n") < count:
        size = int(answer.readline().strip(), 16)
        assert size > 0, "the answer ended early"
        pending += answer.read(size)
        answer.read(2)
    lines = bytes(pending).split(b"\n")
    pending[:] = b"\n".join(lines[count:])
    return [json.loads(line) for line in lines[:count]]


def test_a_stream_longer_than_the_read_deadline_is_read_to_its_end(fake_server: str) -> None:
    """Three chunks of 1.2 s analysis each (3.6 s, the read deadline is 2 s); the client sends each
    part only after reading the previous part's records."""
    host, port = fake_server.rsplit("/", 1)[1].split(":")
    # gunicorn hands the body over in whole blocks: each part fills two, so none waits for the next part.
    calm = [{"text": "Paris is calm."}] * (CHUNK - 1)
    parts = [_padded(_body({"id": f"slow{n}", "text": "SLEEP 1.2"}, *calm), 2 * BLOCK) for n in range(3)]
    with socket.create_connection((host, int(port)), timeout=30) as conn, conn.makefile("rb") as answer:
        conn.sendall(f"POST /v1/extract/stream HTTP/1.1\r\nHost: {host}\r\nContent-Type: {NDJSON}\r\n"
                     "Transfer-Encoding: chunked\r\n\r\n".encode() + _chunk(parts[0]))
        assert answer.readline().startswith(b"HTTP/1.1 200")
        while answer.readline() != b"\r\n":  # the headers
            pass
        pending = bytearray()
        records = _records_from(answer, CHUNK, pending)
        for part in parts[1:]:
            conn.sendall(_chunk(part))  # 1.2 s and 2.4 s after the request began
            records += _records_from(answer, CHUNK, pending)
        conn.sendall(b"0\r\n\r\n")  # 3.6 s after it began
        assert answer.readline() == b"0\r\n" and not pending  # the end of the answer
    assert [r["id"] for r in records if r["id"].startswith("slow")] == ["slow0", "slow1", "slow2"]
    assert len(records) == 3 * CHUNK and not any("problem" in r for r in records)


# -- real models over HTTP --------------------------------------------------------------------------


def test_a_real_server_streams_what_extract_and_the_bulk_function_answer() -> None:
    from tests.real import real_extractor

    documents = [
        {"id": "r1", "text": "Olaf Scholz said on Sunday that Germany would act.", "date": "2025-02-17"},
        {"id": "r2", "text": "Emmanuel Macron met Keir Starmer in Paris on Monday.", "date": "2025-02-17"},
        {"text": "\"We stand with Ukraine,\" Donald Tusk told reporters in Warsaw last week.", "date": "2025-02-17"},
        {"id": "r4", "text": "The European Union said it would meet again next week."},
        {"id": "r5", "text": "Marco Rubio would on Tuesday meet Saudi officials in Riyadh.", "date": "2025-02-17"},
    ]
    lines = [json.dumps(document) + "\n" for document in documents]
    lines.insert(2, "not json\n")

    def body() -> Iterator[bytes]:  # a generator: requests sends it with chunked transfer encoding
        for line in lines:
            yield line.encode()

    with running_server(workers=1) as base:
        with requests.post(f"{base}/v1/extract/stream", data=body(), headers={"Content-Type": NDJSON},
                           stream=True, timeout=120) as response:
            assert response.status_code == 200
            assert response.headers["Content-Type"].startswith(NDJSON)
            streamed = [json.loads(line) for line in response.iter_lines() if line]
        singles = [requests.post(f"{base}/v1/extract", json=document, timeout=60).json() for document in documents]
    assert [r["id"] for r in streamed] == ["r1", "r2", "line-3", "line-4", "r4", "r5"]
    assert streamed[2]["problem"]["status"] == 400
    results = [r for r in streamed if "problem" not in r]
    assert [comparable(r) for r in results] == [comparable({**s, "id": s["id"] or "line-4"}) for s in singles]
    bulk = extract_records(real_extractor(), _bulk_input("".join(lines).encode()), Config())
    assert [comparable(r) for r in streamed] == [comparable(r) for r in bulk]
