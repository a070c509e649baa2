"""HTTP endpoints of herald: extraction (single, batch, streamed), health, readiness, info and the OpenAPI document.

Views only parse, validate and hand :class:`~service.extract.contract.ExtractRequest` objects to
the injected extractor; every error is raised as :class:`~service.http.errors.ApiError` (or comes
from werkzeug) and answered as a problem by :mod:`service.http.errors`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

from flask import (
    Blueprint,
    Response,
    after_this_request,
    current_app,
    g,
    jsonify,
    request,
    send_file,
    stream_with_context,
)
from marshmallow import Schema, ValidationError
from werkzeug.exceptions import HTTPException

from schemas import (
    ENTITY_TYPES,
    LANGUAGES,
    TIMEX_TYPES,
    BatchRequestSchema,
    BatchResponseSchema,
    ExtractRequestSchema,
    ExtractResponseSchema,
    HealthSchema,
    InfoSchema,
    ProblemRecordSchema,
)
from service import __version__, activity
from service.config import Config
from service.extract.contract import Extractor, ExtractRequest
from service.http.documents import invalid, only_body, parse_document, run_extraction
from service.http.errors import ApiError
from service.http.html import decode_html
from service.http.metrics import CONTENT_TYPE as METRICS_CONTENT_TYPE
from service.http.metrics import Metrics
from service.http.openapi import SPEC_PATH
from service.http.records import CHUNK, chunks, extract_records, problem_record
from service.http.stream import NdjsonReader
from service.http.validation import check_body
from service.memory import release_memory

JSON = "application/json"
TEXT = "text/plain"
HTML = "text/html"
NDJSON = "application/x-ndjson"

bp = Blueprint("api", __name__)
_log = logging.getLogger(__name__)


@dataclasses.dataclass
class ServiceState:
    """Per-app state: configuration, the extractor, schema instances with the configured limits, readiness."""

    config: Config
    extractor: Extractor
    request_schema: ExtractRequestSchema = dataclasses.field(init=False)
    batch_schema: BatchRequestSchema = dataclasses.field(init=False)
    #: Serialises model work within one process (gunicorn threads share one extractor).
    lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)
    #: Set once ``extractor.ready_check()`` has succeeded; never unset (the models stay loaded).
    ready: bool = False
    #: Prometheus metrics of this app (merged across gunicorn workers by ``/metrics``).
    metrics: Metrics = dataclasses.field(default_factory=Metrics.create)

    def __post_init__(self) -> None:
        self.request_schema = ExtractRequestSchema(max_text_chars=self.config.max_text_chars,
                                                   max_html_chars=self.config.max_html_chars)
        self.batch_schema = BatchRequestSchema(max_batch=self.config.max_batch)


def _state() -> ServiceState:
    return current_app.extensions["herald"]


def _require_content_type(*allowed: str) -> str:
    """Return the request's mimetype if it is one of ``allowed`` with a UTF-8 (or no) charset; else 415.

    An HTML page may declare another charset: :func:`~service.http.html.decode_html` reads it.
    """
    mimetype = request.mimetype
    if mimetype not in allowed:
        raise ApiError(415, f"Send the body as {' or '.join(allowed)} (charset utf-8).")
    charset = request.mimetype_params.get("charset")
    if mimetype != HTML and charset is not None and charset.lower() not in ("utf-8", "utf8"):
        raise ApiError(415, "Only the utf-8 charset is supported.")
    return mimetype


def _body_bytes() -> bytes:
    """The raw body; 413 past ``HERALD_MAX_BODY_BYTES`` whether its length is declared or not.

    A declared ``Content-Length`` over the limit is refused by werkzeug before reading.  A
    chunked body has no length: werkzeug would stop at the limit and hand over a truncated
    body as if it were whole, so it is read here up to one byte past the limit instead.
    """
    try:
        if request.content_length is not None:
            return request.get_data(cache=False)
        return _chunked_body(_state().config.max_body_bytes)
    except (ApiError, HTTPException):  # 413 and the like, as they are
        raise
    except Exception:  # the server's malformed-chunk errors, a body cut short, a client past its read deadline
        raise ApiError(400, "The request body could not be read (malformed chunks, or cut short).") from None


def _chunked_body(limit: int) -> bytes:
    stream = request.environ["wsgi.input"]
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = stream.read(min(1 << 16, limit + 1 - size))
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            raise ApiError(413, f"The request body is over {limit} bytes (HERALD_MAX_BODY_BYTES).")
        chunks.append(chunk)


def _body_text() -> str:
    """The body decoded as UTF-8; 413 past the body limit, 400 if not UTF-8."""
    data = _body_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(400, "The body is not valid UTF-8.") from None


def _json_body() -> Any:
    """The body parsed as JSON; 400 if it is not JSON (including absurdly deep nesting)."""
    text = _body_text()
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        raise ApiError(400, "The body is not valid JSON.") from None


def _reject_query() -> None:
    """Query parameters only carry fields for a text/plain body; with JSON they would be silently ignored."""
    if request.args:
        message = "Query parameters are only read with a text/plain body; put this field in the JSON body."
        raise invalid({name: [message] for name in request.args}, "Unexpected query parameters.")


def _plain_document(body: str = "text") -> dict[str, Any]:
    """A text/plain (or text/html) request as a raw document: the body is the text (or the page, ``body="html"``),
    the query has date, id, language and url."""
    errors: dict[str, list[str]] = {}
    document: dict[str, Any] = {}
    for name in request.args:
        values = request.args.getlist(name)
        if name in ("text", "html"):
            errors[name] = [f"The {body} is the request body, not a query parameter."]
        elif len(values) > 1:
            errors[name] = ["Give this query parameter once."]
        else:
            document[name] = values[0]
    if errors:
        raise invalid(errors)
    if body == "html":
        document["html"] = decode_html(_body_bytes(), request.mimetype_params.get("charset"))
    else:
        document["text"] = _body_text()
    return document


def _validating() -> bool:
    """Whether response bodies are checked against the output schemas (debug, testing, or configured)."""
    return current_app.testing or current_app.debug or _state().config.validate_responses


def _log_extraction(documents: list[ExtractRequest], results: int, started: float) -> None:
    """One INFO record per extraction request; article text only when HERALD_LOG_TEXT is true."""
    extra: dict[str, Any] = {
        "request_id": g.get("request_id"),
        "path": request.path,
        "documents": len(documents),
        "results": results,
        "characters": sum(len(document.text) for document in documents),
        "elapsed_ms": round((time.perf_counter() - started) * 1000, 3),
    }
    if _state().config.log_text:
        extra["texts"] = [document.text for document in documents]
    _log.info("extracted", extra=extra)


def _remember_texts(documents: list[ExtractRequest]) -> None:
    """Keep the texts for the 500 log record, only when logging text is allowed."""
    if _state().config.log_text:
        g.log_texts = [document.text for document in documents]


def _json_response(schema: Schema, body: dict[str, Any], texts: list[str | None] | None = None) -> Response:
    if _validating():
        check_body(schema, body, texts or ())
    return jsonify(body)


@bp.post("/v1/extract")
def extract() -> Response:
    """Analyse one article sent as JSON, as a text/plain body or as an HTML page (text/html), with query fields."""
    started = time.perf_counter()
    state = _state()
    mimetype = _require_content_type(JSON, TEXT, HTML)
    if mimetype in (TEXT, HTML):
        raw = _plain_document("html" if mimetype == HTML else "text")
    else:
        _reject_query()
        raw = _json_body()
    document = parse_document(raw, state.request_schema, state.config.max_text_chars)
    _remember_texts([document])
    body = only_body(_extract(state, [document], started))
    _log_extraction([document], 1, started)
    return _timed_response(_json_response(ExtractResponseSchema(), body, [document.text]))


def _extract(state: ServiceState, documents: list[ExtractRequest], started: float) -> list[dict[str, Any] | ApiError]:
    """Run the extractor within the request budget; count documents, words and stage times."""
    timings: dict[str, float] = {}
    g.stage_timings = timings
    try:
        bodies = run_extraction(state.extractor, documents, started, state.lock,
                                budget_s=state.config.request_budget_s, timings=timings,
                                max_waiting=state.config.max_waiting)
    except ApiError as error:
        if error.status == 503:
            state.metrics.over_budget.inc()
        raise
    state.metrics.count_extraction(len(documents),
                                   sum(body["stats"]["tokens"] for body in bodies if isinstance(body, dict)),
                                   sum(len(document.text) for document in documents), timings)

    @after_this_request
    def trim_after_sending(response: Response) -> Response:
        # After the body is sent, so the trim (milliseconds) never adds to the client's latency.
        response.call_on_close(release_memory)
        return response

    return bodies


def _timed_response(response: Response) -> Response:
    """Add a ``Server-Timing`` header: Stanza (nlp) and the project's own stages, in milliseconds."""
    timings = g.get("stage_timings") or {}
    parts = [f"{stage};dur={seconds * 1000:.1f}" for stage, seconds in timings.items()]
    if parts:
        response.headers["Server-Timing"] = ", ".join(parts)
    return response


@bp.post("/v1/extract/batch")
def extract_batch() -> Response:
    """Analyse several articles in one extractor call; a bad document gets a problem in its slot."""
    started = time.perf_counter()
    state = _state()
    _require_content_type(JSON)
    _reject_query()
    try:
        envelope = state.batch_schema.load(_json_body())
    except ValidationError as error:
        raise invalid(error.messages) from None

    slots: list[dict[str, Any] | None] = []
    documents: list[ExtractRequest] = []
    for raw in envelope["documents"]:
        try:
            documents.append(parse_document(raw, state.request_schema, state.config.max_text_chars))
            slots.append(None)
        except ApiError as error:
            slots.append(error.body())
    _remember_texts(documents)
    outcomes = iter(_extract(state, documents, started) if documents else [])
    texts = iter(document.text for document in documents)
    results: list[dict[str, Any]] = []
    checked: list[str | None] = []
    for slot in slots:
        if slot is not None:
            results.append(slot)
            checked.append(None)
            continue
        outcome, text = next(outcomes), next(texts)
        results.append(outcome.body() if isinstance(outcome, ApiError) else outcome)
        checked.append(None if isinstance(outcome, ApiError) else text)
    _log_extraction(documents, len(results), started)
    return _timed_response(_json_response(BatchResponseSchema(), {"results": results}, checked))


@bp.post("/v1/extract/stream")
def extract_stream() -> Response:
    """Analyse NDJSON documents as they arrive; answer one NDJSON record per document, in input order.

    Each non-blank line is one document with the fields of ``/v1/extract``; its record is exactly
    the body ``/v1/extract`` answers for it, or a problem record ``{"id", "line", "problem"}``
    (:func:`~service.http.records.extract_records`, shared with the bulk command).  Blank lines
    are skipped.

    Bounded memory (README, "Streaming"): the body is read from ``wsgi.input`` in 1 KiB blocks
    and split into lines (:class:`~service.http.stream.NdjsonReader`; a line over
    HERALD_MAX_BODY_BYTES is a 413 record, its bytes dropped as they arrive); every CHUNK
    documents are analysed together, with their own HERALD_REQUEST_BUDGET_S and the model lock
    held for that chunk only, and their records are written before more of the body is read.  So
    the process holds one block, one line, one chunk of documents and one chunk of records,
    whatever the stream's length.  The time spent analysing and writing is not counted against
    the read deadline (herald's worker pauses it, see service/worker.py): a client has
    HERALD_READ_TIMEOUT_S of the server's waiting to send its body, however long the analysis.
    Because the next lines are read only once the previous records are written, a client must
    read the answer while it sends (curl does); one that sends everything first stalls once the
    unread records fill the connection's buffers.

    Refused before anything is read, as problem+json: 415 (not application/x-ndjson), 422 (query
    parameters), 413 (a Content-Length over HERALD_MAX_STREAM_BYTES), 503 (too many requests
    waiting for this worker's models).  Once the 200 is sent, a limit (HERALD_MAX_STREAM_BYTES
    for a chunked body, HERALD_MAX_STREAM_DOCUMENTS) or an unreadable body ends the answer with
    one problem record whose ``id`` is null and whose ``line`` is the first line not read.
    """
    state = _state()
    config = state.config
    _require_content_type(NDJSON)
    _reject_query()
    length = request.content_length
    if length is not None and length > config.max_stream_bytes:
        raise ApiError(413, f"The stream is {length} bytes; the limit is {config.max_stream_bytes} bytes "
                            "(HERALD_MAX_STREAM_BYTES): split it into several requests.")
    if activity.waiting() >= config.max_waiting:
        raise ApiError(503, "Too many requests are waiting for this worker's models; retry shortly.",
                       headers={"Retry-After": "1"})
    reader = NdjsonReader(request.environ["wsgi.input"], length=length, max_bytes=config.max_stream_bytes,
                          max_line_bytes=config.max_body_bytes, max_documents=config.max_stream_documents)
    body = stream_with_context(_stream_records(state, reader, _reading_paused()))
    response = Response(body, mimetype=NDJSON)
    response.call_on_close(release_memory)  # after the last record, never between two
    return response


@dataclasses.dataclass
class _StreamTally:
    """What one stream request did, for its log record."""

    started: float
    documents: int = 0
    results: int = 0
    characters: int = 0

    def add(self, chunk: list[tuple[int, Any]], records: list[dict[str, Any]]) -> None:
        self.documents += len(chunk)
        self.results += len(records)
        self.characters += sum(len(text) for text in _texts(chunk) if text is not None)


def _reading_paused() -> Callable[[], AbstractContextManager[Any]]:
    """herald's worker socket's ``reading_paused`` (see service/worker.py); a no-op under other servers."""
    paused = getattr(request.environ.get("gunicorn.socket"), "reading_paused", None)
    return paused if callable(paused) else contextlib.nullcontext


def _stream_records(state: ServiceState, reader: NdjsonReader,
                    paused: Callable[[], AbstractContextManager[Any]]) -> Iterator[bytes]:
    """The answer of a stream: each chunk's records as NDJSON, then the problem that stopped it, if any."""
    tally = _StreamTally(time.perf_counter())
    try:
        for chunk in chunks(reader.documents(), CHUNK):
            with paused():  # analysing and writing: the server's time, not the client's
                records = _chunk_records(state, chunk)
                tally.add(chunk, records)
                yield _ndjson(records)
        if reader.stopped is not None:
            tally.results += 1
            yield _ndjson([reader.stopped.record()])
    finally:
        _log_stream(state, tally)


def _ndjson(records: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records).encode("utf-8")


def _texts(chunk: list[tuple[int, Any]]) -> list[str | None]:
    """Each raw document's text, None where it has none (a bad line, a missing or non-string text)."""
    return [raw.get("text") if isinstance(raw, dict) and isinstance(raw.get("text"), str) else None
            for _, raw in chunk]


def _chunk_records(state: ServiceState, chunk: list[tuple[int, Any]]) -> list[dict[str, Any]]:
    """One chunk's records (one NLP batch, its own budget, the model lock held for it alone), counted.

    An unexpected error (a bug) is logged with its traceback and gives this chunk's documents 500
    problem records; the stream goes on, since its 200 was sent long ago.
    """
    timings: dict[str, float] = {}
    try:
        records = extract_records(state.extractor, chunk, state.config, lock=state.lock, timings=timings)
        if _validating():
            _check_records(records, _texts(chunk))
    except Exception:
        extra: dict[str, Any] = {"request_id": g.get("request_id"), "path": request.path}
        if state.config.log_text:
            extra["texts"] = _texts(chunk)
        _log.error("stream chunk failed", exc_info=True, extra=extra)
        error = ApiError(500, "The server failed to analyse this document. The error was logged with the request id.")
        records = [problem_record(line, raw, error) for line, raw in chunk]
    _count_records(state, records, timings)
    if state.config.log_text:
        _log.info("stream chunk", extra={"request_id": g.get("request_id"), "texts": _texts(chunk)})
    return records


def _check_records(records: list[dict[str, Any]], texts: list[str | None]) -> None:
    """Check each record against its output schema (and a result's spans against its text)."""
    for record, text in zip(records, texts, strict=True):
        if "problem" in record:
            check_body(ProblemRecordSchema(), record)
        else:
            check_body(ExtractResponseSchema(), record, [text])


def _count_records(state: ServiceState, records: list[dict[str, Any]], timings: dict[str, float]) -> None:
    """Metrics of one chunk, as :func:`_extract` counts a request: documents, words, characters, stages."""
    bodies = [record for record in records if "problem" not in record]
    state.metrics.count_extraction(len(bodies), sum(body["stats"]["tokens"] for body in bodies),
                                   sum(body["stats"]["characters"] for body in bodies), timings)
    if any(record["problem"]["status"] == 503 for record in records if "problem" in record):
        state.metrics.over_budget.inc()


def _log_stream(state: ServiceState, tally: _StreamTally) -> None:
    """One INFO record per stream request, as :func:`_log_extraction` (texts only in the per-chunk records)."""
    _log.info("extracted", extra={
        "request_id": g.get("request_id"),
        "path": request.path,
        "documents": tally.documents,
        "results": tally.results,
        "characters": tally.characters,
        "elapsed_ms": round((time.perf_counter() - tally.started) * 1000, 3),
    })


@bp.get("/healthz")
def healthz() -> Response:
    """Liveness: the process answers HTTP. No model work, so it stays fast under load."""
    return _json_response(HealthSchema(), {"status": "ok"})


@bp.get("/readyz")
def readyz() -> Response:
    """Readiness: 200 once the extractor annotated a tiny text; success is cached, failure is retried."""
    state = _state()
    if not state.ready:
        with state.lock:
            if not state.ready:
                try:
                    state.extractor.ready_check()
                except Exception:
                    _log.warning("readiness check failed", exc_info=True, extra={"request_id": g.get("request_id")})
                    raise ApiError(503, "The models are not ready.", headers={"Retry-After": "5"}) from None
                state.ready = True
    return _json_response(HealthSchema(), {"status": "ok"})


@bp.get("/v1/info")
def info() -> Response:
    """Service version, loaded models and processors, Stanza patches, vocabularies and the configured limits."""
    state = _state()
    model = state.extractor.info()
    body = {
        "service": "herald",
        "version": __version__,
        "model": {"name": model["name"], "version": model["version"], "processors": list(model["processors"])},
        "patches": list(model.get("patches", [])),
        "languages": list(LANGUAGES),
        "entity_types": list(ENTITY_TYPES),
        "timex_types": list(TIMEX_TYPES),
        "limits": state.config.limits(),
    }
    return _json_response(InfoSchema(), body)


@bp.get("/metrics")
def metrics() -> Response:
    """Prometheus metrics in the text exposition format, summed over all gunicorn workers."""
    return Response(_state().metrics.exposition(), mimetype=None, content_type=METRICS_CONTENT_TYPE)


@bp.get("/openapi.yaml")
def openapi_document() -> Response:
    """The committed OpenAPI document (generated from the schemas by ``python -m service openapi``)."""
    return send_file(SPEC_PATH, mimetype="application/yaml")
