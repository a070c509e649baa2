"""The contract between the web layer and the extraction stages.

The web layer validates input, builds :class:`ExtractRequest` objects and hands them
to an :class:`Extractor`; it never imports Stanza.  Narrow tests inject a fake
extractor that honours the same protocol.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class ExtractRequest:
    """One validated document to analyse."""

    text: str
    date: dt.date | None = None
    id: str | None = None
    language: str = "en"
    #: Leave out what is less sure than this (``keep_confident`` in the serializer); None: keep all.
    min_confidence: float | None = None


@dataclass(frozen=True)
class DocumentFailure:
    """One document of a call could not be analysed (the others were): its slot's problem.

    ``status`` is 413 when the text needs more memory than a worker may use, 500 for a bug
    (logged with its traceback, never shown); ``detail`` is safe to show a client.
    """

    status: int
    detail: str


class Extractor(Protocol):
    """What the web layer needs from the extraction pipeline."""

    def extract_many(
        self,
        requests: Sequence[ExtractRequest],
        *,
        deadline: float | None = None,
        timings: dict[str, float] | None = None,
    ) -> list[dict[str, Any] | DocumentFailure]:
        """Analyse documents together (one shared NLP batch) and return one response body each
        (or a :class:`DocumentFailure` for a document that failed alone).

        Each body already matches ``schemas.ExtractResponseSchema`` except ``stats.elapsed_ms``,
        which the caller may overwrite with its own wall time.  ``deadline`` is a
        ``time.monotonic()`` value: past it the extractor raises :class:`~service.deadline.BudgetExceeded` at its
        next checkpoint instead of running on.  ``timings``, when given, receives seconds
        spent per stage (``nlp``, ``cleaning``, ``entities``...), added up over the call.
        """
        ...

    def ready_check(self) -> None:
        """Annotate a tiny text; raise on any failure (used by ``/readyz``)."""
        ...

    def info(self) -> dict[str, Any]:
        """``{"name", "version", "processors", "models_dir"...}`` for ``/v1/info`` and responses."""
        ...
