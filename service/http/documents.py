"""From raw client input to extractor results, shared by the HTTP views and the ``extract`` CLI.

Kept free of Flask's request object so ``python -m service extract`` prints exactly what
``POST /v1/extract`` answers, through the same validation.  The check of outgoing bodies is
:mod:`service.http.validation`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping, Sequence
from typing import Any

from marshmallow import ValidationError

from schemas import ExtractRequestSchema
from service import activity
from service.deadline import BudgetExceeded
from service.extract.contract import DocumentFailure, Extractor, ExtractRequest
from service.http.errors import ApiError, flatten_errors
from service.http.html import add_page, page_request
from service.http.validation import ResponseValidationError

_INVALID = "The request does not match the schema."


def invalid(messages: Mapping[Any, Any] | list[Any], detail: str = _INVALID) -> ApiError:
    """The 422 for marshmallow ``messages``, keyed by field."""
    return ApiError(422, detail, errors=flatten_errors(messages))


def parse_document(raw: Any, schema: ExtractRequestSchema, max_text_chars: int) -> ExtractRequest:
    """Validate one document (a decoded JSON object) into an :class:`ExtractRequest`.

    Raises :class:`ApiError`: 413 when ``text`` is a string over ``max_text_chars`` or ``html`` one
    over the schema's ``max_html_chars`` (checked before the schema so size is never reported as a
    422), 422 for any schema violation.  An ``html`` page is reduced to its article text here
    (:mod:`service.http.html`, which may answer 413 or 422 for the page), so the extractor only
    ever gets text; the page's metadata travels in the request to :func:`run_extraction`.
    """
    if isinstance(raw, Mapping):
        _check_size(raw.get("text"), max_text_chars, "text", "HERALD_MAX_TEXT_CHARS")
        _check_size(raw.get("html"), schema.max_html_chars, "HTML page", "HERALD_MAX_HTML_CHARS")
    try:
        data = schema.load(raw)
    except ValidationError as error:
        raise invalid(error.messages) from None
    request = ExtractRequest(text=data.get("text", ""), date=data["date"], id=data["id_"], language=data["language"],
                             min_confidence=data["min_confidence"])
    return page_request(request, data.get("html"), data.get("url"), max_text_chars)


def _check_size(value: Any, limit: int, what: str, variable: str) -> None:
    """413 for a string over ``limit`` characters."""
    if isinstance(value, str) and len(value) > limit:
        raise ApiError(413, f"The {what} has {len(value)} characters; the limit is {limit} ({variable}).")


def _over_budget(budget_s: float) -> ApiError:
    return ApiError(
        503,
        f"The extraction did not finish within the processing budget of {budget_s:g} s "
        "(HERALD_REQUEST_BUDGET_S); retry later, or send shorter texts or smaller batches.",
        headers={"Retry-After": "5"},
    )


def run_extraction(
    extractor: Extractor,
    documents: Sequence[ExtractRequest],
    started: float,
    lock: threading.Lock | None = None,
    *,
    budget_s: float | None = None,
    timings: dict[str, float] | None = None,
    max_waiting: int | None = None,
) -> list[dict[str, Any] | ApiError]:
    """Analyse ``documents`` in ONE ``extract_many`` call and stamp ``stats.elapsed_ms``.

    A document that failed alone comes back as an :class:`ApiError` (not raised) in its place,
    so a batch keeps the other documents' results; the single-document callers raise it.

    ``started`` is the ``time.perf_counter()`` of the request's start, so ``elapsed_ms`` is the
    wall time the client waited (for a batch, the whole batch).  ``lock`` serialises calls into
    one process's models (gunicorn threads share them; the extractor need not be thread-safe).
    ``budget_s`` bounds the whole call from ``started``, waiting for the lock included: past it
    the answer is a 503 problem (:class:`ApiError`) and the worker is free for the next request.
    ``timings`` receives the extractor's seconds per stage.  ``max_waiting``: when that many
    requests of this process already wait for the models, the answer is a 503 at once.
    """
    deadline = None
    if budget_s is not None:
        deadline = time.monotonic() + budget_s - (time.perf_counter() - started)
    if lock is not None:
        if max_waiting is not None and activity.waiting() >= max_waiting:
            raise ApiError(503, "Too many requests are waiting for this worker's models; retry shortly.",
                           headers={"Retry-After": "1"})
        with activity.queued():
            acquired = lock.acquire(timeout=-1 if deadline is None else max(0.0, deadline - time.monotonic()))
        if not acquired:
            raise _over_budget(budget_s or 0)
    try:
        with activity.using_models():
            bodies = extractor.extract_many(list(documents), deadline=deadline, timings=timings)
    except BudgetExceeded:
        raise _over_budget(budget_s or 0) from None
    finally:
        if lock is not None:
            lock.release()
    if len(bodies) != len(documents):
        raise ResponseValidationError(f"extract_many returned {len(bodies)} bodies for {len(documents)} documents")
    elapsed_ms = round((time.perf_counter() - started) * 1000, 3)
    results: list[dict[str, Any] | ApiError] = []
    for body, document in zip(bodies, documents, strict=True):
        if isinstance(body, DocumentFailure):
            results.append(ApiError(body.status, body.detail))
        else:
            body["stats"]["elapsed_ms"] = elapsed_ms
            results.append(add_page(body, document))
    return results


def only_body(results: list[dict[str, Any] | ApiError]) -> dict[str, Any]:
    """The one document's body, or its problem raised."""
    (result,) = results
    if isinstance(result, ApiError):
        raise result
    return result
