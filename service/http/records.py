"""The one batch function: raw documents in, one record each out, the bodies the API answers.

:func:`extract_records` is shared by every path that analyses many documents: ``POST
/v1/extract/stream`` (:mod:`service.http.routes`), the ``bulk`` command (:mod:`service.bulk`,
which re-exports it) and any cluster runner.  Raw documents (decoded JSON objects with the fields
of ``POST /v1/extract``) go through the API's own validation (:func:`parse_document`) and
extraction (:func:`run_extraction`), so a record is exactly the body ``/v1/extract`` answers for
that document (``stats.elapsed_ms`` aside), or, for a document that could not be analysed, a
problem record ``{"id", "line", "problem": {RFC 9457 body}}``.  It lives in the HTTP layer
because the views use it and may not import the composition layer (``tests/test_layers.py``).
"""

from __future__ import annotations

import dataclasses
import json
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from schemas import ExtractRequestSchema
from service.config import Config
from service.extract.contract import Extractor, ExtractRequest
from service.http.documents import parse_document, run_extraction
from service.http.errors import ApiError

#: Documents handed to the extractor together (one shared NLP batch).
CHUNK = 8


@dataclass(frozen=True)
class BadLine:
    """A line that is not JSON (its record is a 400 problem)."""

    text: str


@dataclass(frozen=True)
class RefusedLine:
    """A line refused before it was decoded, e.g. one over the size limit (its record is this problem).

    Only the problem is kept, never the line: a refused line may be far larger than memory allows.
    """

    status: int
    detail: str


def decode_line(text: str) -> Any:
    """One line's JSON value, or a :class:`BadLine` (not JSON, or nested deeper than Python parses)."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return BadLine(text)


def is_blank(text: str) -> bool:
    """Whether a line is skipped: empty or only whitespace (it is no document and gets no record)."""
    return not text.strip()


def chunks(documents: Iterable[tuple[int, Any]], size: int = CHUNK) -> Iterator[list[tuple[int, Any]]]:
    """``documents`` in lists of ``size`` (the last one shorter): one NLP batch each, read lazily."""
    chunk: list[tuple[int, Any]] = []
    for document in documents:
        chunk.append(document)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def extract_records(
    extractor: Extractor,
    documents: Sequence[tuple[int, Any]],
    config: Config,
    *,
    lock: threading.Lock | None = None,
    timings: dict[str, float] | None = None,
) -> list[dict[str, Any]]:
    """One record per ``(line, raw document)``, in order: the API's body, or a problem record.

    The valid documents go to the extractor in ONE call, within ``config.request_budget_s`` from
    now (past it, each of them gets a 503 problem record).  ``lock`` serialises use of the models
    as in :func:`run_extraction` (the web app's threads share them); ``timings`` receives the
    extractor's seconds per stage.
    """
    schema = ExtractRequestSchema(max_text_chars=config.max_text_chars, max_html_chars=config.max_html_chars)
    records: list[dict[str, Any] | None] = [None] * len(documents)
    valid: list[tuple[int, ExtractRequest]] = []
    for position, (line, raw) in enumerate(documents):
        try:
            request = _request(line, raw, schema, config)
        except ApiError as error:
            records[position] = problem_record(line, raw, error)
            continue
        valid.append((position, request))
    if valid:
        try:
            results = run_extraction(extractor, [r for _, r in valid], time.perf_counter(), lock,
                                     budget_s=config.request_budget_s, timings=timings)
        except ApiError as error:  # the whole call ran past its budget: each document says so
            results = [error] * len(valid)
        for (position, _), result in zip(valid, results, strict=True):
            line, raw = documents[position]
            records[position] = problem_record(line, raw, result) if isinstance(result, ApiError) else result
    return [r for r in records if r is not None]


def _request(line: int, raw: Any, schema: ExtractRequestSchema, config: Config) -> ExtractRequest:
    """The validated request of one line (its id defaults to ``line-<n>``); ApiError if it has none."""
    if isinstance(raw, BadLine):
        raise ApiError(400, f"Line {line} is not valid JSON.")
    if isinstance(raw, RefusedLine):
        raise ApiError(raw.status, raw.detail)
    request = parse_document(raw, schema, config.max_text_chars)
    return request if request.id is not None else dataclasses.replace(request, id=f"line-{line}")


def problem_record(line: int, raw: Any, error: ApiError) -> dict[str, Any]:
    """The record of a document that could not be analysed: its id, its line and the problem."""
    return {"id": record_id(line, raw), "line": line, "problem": error.body()}


def record_id(line: int, raw: Any) -> str:
    """The id a document's record will carry: its own ``id``, else ``line-<n>``."""
    given = raw.get("id") if isinstance(raw, dict) else None
    return given if isinstance(given, str) else f"line-{line}"
