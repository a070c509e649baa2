"""The analysed document: the one object every extraction stage reads and adds to.

The batch steps fill its base slots for every document of a call (:data:`BASE_SLOTS`):
cleaning (``cleaned``, and the ``anchor`` date with its ``date_source``) and the NLP adapter
(``sentences``, already shifted to document offsets and numbered; nothing changes them
afterwards).  Then each stage of :mod:`service.extract.stages` sets the slot(s) it provides,
one per stage output (``entities``, ``timexes``, ``quotes``, ``events``, ``links``), and only
those: a stage never changes what another stage put in.  :mod:`service.extract.serialize`
turns the finished document into the response body.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from service.extract.contract import ExtractRequest

if TYPE_CHECKING:
    from service.extract.cleaning import CleanText
    from service.extract.entities import Entities
    from service.extract.events import Event
    from service.extract.kb import Link
    from service.extract.quotes import Quote
    from service.extract.timexes import Timex
    from service.nlp.records import Sentence

#: Slots filled before any stage runs (by cleaning and the NLP adapter).
BASE_SLOTS = frozenset({"request", "text", "anchor", "date_source", "cleaned", "sentences"})
#: Slots the stages fill, one per stage output.
STAGE_SLOTS = frozenset({"entities", "timexes", "quotes", "events", "links", "salience", "kb_links"})
SLOTS = BASE_SLOTS | STAGE_SLOTS


@dataclass
class AnalysedDocument:
    """One document on its way through the stages (see the module docstring)."""

    request: ExtractRequest
    cleaned: CleanText
    sentences: list[Sentence]  # placed by the NLP adapter (document offsets, paragraph, index)
    anchor: dt.date | None = None
    date_source: str | None = None  # "request", "text" (the date header) or None
    entities: Entities | None = None
    timexes: list[Timex] | None = None
    quotes: list[Quote] | None = None
    events: list[Event] | None = None
    links: dict[str, str] | None = None  # quote id -> id of its speech event
    salience: dict[str, float] | None = None  # entity id -> salience
    kb_links: dict[str, list[Link]] | None = None  # entity id -> its knowledge-base links, best first

    @classmethod
    def start(cls, request: ExtractRequest, cleaned: CleanText, sentences: list[Sentence]) -> AnalysedDocument:
        """The document with its base slots: the anchor is the request's date, else the header's."""
        anchor = request.date or cleaned.header_date
        source = "request" if request.date else ("text" if cleaned.header_date else None)
        return cls(request=request, cleaned=cleaned, sentences=sentences, anchor=anchor, date_source=source)

    @property
    def text(self) -> str:
        """The submitted text: every offset of every slot indexes it."""
        return self.request.text

    def filled(self) -> frozenset[str]:
        """The slots set so far (base slots always count as set)."""
        return BASE_SLOTS | frozenset(s for s in STAGE_SLOTS if getattr(self, s) is not None)
