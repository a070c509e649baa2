"""RFC 9457 problem details: the one shape of every error the service answers with.

:func:`problem_body` builds the body (also used for a bad document's slot in a batch),
:func:`problem` wraps it in an ``application/problem+json`` response, :class:`ApiError`
is what views raise, and :func:`register_error_handlers` turns everything (werkzeug's
HTTP errors, ``ApiError`` and unexpected exceptions) into problems.  An unexpected
exception is logged with its traceback and answered with a generic 500 that says nothing
about the cause, so no exception text, path or article text ever reaches a client.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from flask import Flask, Response, g, has_app_context, request
from werkzeug.exceptions import HTTPException

PROBLEM_MIMETYPE = "application/problem+json"
#: RFC 9457: "about:blank" means the problem has no semantics beyond its HTTP status.
BLANK_TYPE = "about:blank"

_log = logging.getLogger(__name__)

#: werkzeug's default descriptions talk about "the browser"; these are plainer and never echo input.
_DETAILS = {
    400: "The request body could not be read.",
    404: "There is no resource at this URL.",
    405: "The method is not allowed for this URL.",
    413: "The request body is too large.",
    415: "The content type is not supported.",
    500: "The server failed to answer the request. The error was logged with the request id.",
}


class ApiError(Exception):
    """A client error (or 503) that a view raises; becomes a problem response."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        errors: Mapping[str, list[str]] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = dict(errors) if errors is not None else None
        self.headers = dict(headers or {})

    def body(self) -> dict[str, Any]:
        """The problem body of this error."""
        return problem_body(self.status, self.detail, errors=self.errors)


def flatten_errors(messages: Mapping[Any, Any] | list[Any], prefix: str = "") -> dict[str, list[str]]:
    """Turn marshmallow's nested error messages into ``{"field.sub.0": [messages]}``.

    marshmallow's whole-document key ``_schema`` becomes ``body`` (e.g. a JSON array sent
    where an object is expected).
    """
    flat: dict[str, list[str]] = {}
    if isinstance(messages, Mapping):
        for key, value in messages.items():
            name = "body" if key == "_schema" and not prefix else str(key)
            path = f"{prefix}.{name}" if prefix else name
            for sub_key, sub_value in flatten_errors(value, path).items():
                flat.setdefault(sub_key, []).extend(sub_value)
    else:
        items = messages if isinstance(messages, list) else [messages]
        flat[prefix or "body"] = [str(item) for item in items]
    return flat


def problem_body(
    status: int,
    detail: str,
    *,
    title: str | None = None,
    type_: str = BLANK_TYPE,
    errors: Mapping[str, list[str]] | None = None,
) -> dict[str, Any]:
    """Build an RFC 9457 body; the title defaults to the HTTP status phrase (as ``about:blank`` requires)."""
    body: dict[str, Any] = {
        "type": type_,
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if errors:
        body["errors"] = {str(key): [str(message) for message in value] for key, value in errors.items()}
    request_id = g.get("request_id") if has_app_context() else None
    if request_id:
        body["request_id"] = request_id
    return body


def problem(
    status: int,
    detail: str,
    *,
    title: str | None = None,
    type_: str = BLANK_TYPE,
    errors: Mapping[str, list[str]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """An ``application/problem+json`` response (connexion's ``problem()``, for Flask)."""
    body = problem_body(status, detail, title=title, type_=type_, errors=errors)
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_MIMETYPE)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _http_error(error: HTTPException) -> Response:
    """werkzeug/Flask HTTP errors (404, 405, 413 from MAX_CONTENT_LENGTH, ...) as problems."""
    status = error.code or 500
    if status >= 500:
        return _unexpected(error)
    detail = _DETAILS.get(status) or HTTPStatus(status).description
    if status == 413 and request.max_content_length is not None:
        detail = f"The request body is larger than the limit of {request.max_content_length} bytes."
    # Keep werkzeug's extra headers (Allow on a 405) but not its Content-Type.
    headers = {name: value for name, value in error.get_headers() if name.lower() != "content-type"}
    return problem(status, detail, headers=headers)


def _api_error(error: ApiError) -> Response:
    return problem(error.status, error.detail, errors=error.errors, headers=error.headers)


def _unexpected(error: Exception) -> Response:
    """Log the traceback with the request id; answer a 500 that reveals nothing about the cause."""
    original = getattr(error, "original_exception", None) or error
    extra: dict[str, Any] = {"request_id": g.get("request_id"), "method": request.method, "path": request.path}
    if g.get("log_texts"):  # set by the views only when HERALD_LOG_TEXT is true
        extra["texts"] = g.log_texts
    _log.error("unhandled exception", exc_info=(type(original), original, original.__traceback__), extra=extra)
    return problem(500, _DETAILS[500])


def register_error_handlers(app: Flask) -> None:
    """Route every error of ``app`` through :func:`problem`."""
    app.register_error_handler(ApiError, _api_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)
