"""The check of response bodies before they are sent: schema and spans (a failure is a server bug, a 500)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from marshmallow import Schema


class ResponseValidationError(RuntimeError):
    """A body the service was about to send does not match its output schema (a server bug: a 500)."""


def _spans(value: Any) -> list[dict[str, Any]]:
    """Every ``{text, start, end}`` object nested in ``value``."""
    found: list[dict[str, Any]] = []
    if isinstance(value, dict):
        if isinstance(value.get("start"), int) and isinstance(value.get("end"), int) and "text" in value:
            found.append(value)
        for child in value.values():
            found.extend(_spans(child))
    elif isinstance(value, list):
        for child in value:
            found.extend(_spans(child))
    return found


def check_body(schema: Schema, body: Any, texts: Sequence[str | None] = ()) -> None:
    """Raise :class:`ResponseValidationError` unless ``body`` matches ``schema``.

    With ``texts`` (one per result, None for a problem slot), also check that every span
    really indexes the submitted text: ``text == submitted[start:end]``.
    """
    errors = schema.validate(body)
    if errors:
        raise ResponseValidationError(f"response does not match {type(schema).__name__}: {errors}")
    results = body["results"] if "results" in body else [body]
    for result, text in zip(results, texts, strict=False):
        if text is None:
            continue
        for span in _spans(result):
            if text[span["start"] : span["end"]] != span["text"]:
                raise ResponseValidationError(f"span {span['start']}:{span['end']} does not match the submitted text")
