"""Confidences as data: the NER calibration map and the measured reliability of each way a
quote's speaker or an event's date is found (``service/data/weights/confidence.json``).

A confidence is meant as a probability of being right, so that ``min_confidence=0.8`` keeps
what is right about 80 % of the time or more:

* a mention's: the NER model's CRF marginal for its span (:mod:`service.nlp.patches.ner_confidence`)
  put through :class:`Calibration`, a monotone piecewise-linear map fitted on half of OntoNotes
  development and checked on the other half (``python -m scripts.eval_confidence --fit``);
* an entity's: the highest of its mentions' (the entity is right when one of its mentions is);
* a quote speaker's and an event date's: the share right, on this project's development data,
  of the rule that found it (``speaker`` and ``date`` tables, each entry with its counts), so
  the number says how the value was reached.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from schemas.base import DATE_BASES, SPEAKER_BASES

if TYPE_CHECKING:
    from service.extract.entities import Entities
    from service.extract.events import Event
    from service.extract.quotes import Quote
    from service.nlp.records import Sentence

FILE = "confidence.json"
_YEAR = re.compile(r"\b(?:1[5-9]|2[0-9])[0-9]{2}\b|'[0-9]{2}\b")
KEYS = frozenset({"_comment", "ner_knots", "speaker", "date"})


class ConfidenceDataError(ValueError):
    """``confidence.json`` is malformed (raised at start-up, naming the key)."""


@dataclass(frozen=True)
class Calibration:
    """A monotone map of raw probabilities through ``knots`` ((raw, calibrated) pairs, both
    increasing), linear between knots and flat beyond the ends; the identity without knots."""

    knots: tuple[tuple[float, float], ...] = ()

    def __call__(self, p: float) -> float:
        if not self.knots:
            return p
        xs = [x for x, _ in self.knots]
        i = bisect_right(xs, p)
        if i == 0:
            return self.knots[0][1]
        if i == len(xs):
            return self.knots[-1][1]
        (x0, y0), (x1, y1) = self.knots[i - 1], self.knots[i]
        return y0 + (y1 - y0) * (p - x0) / (x1 - x0) if x1 > x0 else y1


@dataclass(frozen=True)
class Confidences:
    """The NER calibration and the reliability of each speaker and date rule."""

    ner: Calibration
    speaker: dict[str, float]
    date: dict[str, float]

    def of_speaker(self, how: str) -> float:
        return self.speaker[how]

    def of_date(self, how: str) -> float:
        return self.date[how]


def _rule_table(data: dict[str, Any], key: str) -> dict[str, float]:
    table = data.get(key)
    if not isinstance(table, dict) or not table:
        raise ConfidenceDataError(f"{FILE}: {key}: expected an object of rule -> {{confidence, right, of}}")
    out = {}
    for rule, entry in table.items():
        value = entry.get("confidence") if isinstance(entry, dict) else None
        if not isinstance(value, int | float) or not 0.0 <= value <= 1.0:
            raise ConfidenceDataError(f"{FILE}: {key}.{rule}.confidence: expected a number in [0, 1]")
        out[rule] = float(value)
    return out


@cache
def load_confidence() -> Confidences:
    """Read and check ``service/data/weights/confidence.json`` once."""
    data = json.loads(resources.files("service.data").joinpath("weights", FILE).read_text(encoding="utf-8"))
    unknown = set(data) - KEYS
    if unknown:
        raise ConfidenceDataError(f"{FILE}: unknown keys {sorted(unknown)}")
    knots = data.get("ner_knots")
    if not isinstance(knots, list) or not all(
            isinstance(k, list) and len(k) == 2 and all(isinstance(v, int | float) and 0 <= v <= 1 for v in k)
            for k in knots):
        raise ConfidenceDataError(f"{FILE}: ner_knots: expected a list of [raw, calibrated] pairs in [0, 1]")
    pairs = tuple((float(a), float(b)) for a, b in knots)
    if any(a1 < a0 or b1 < b0 for (a0, b0), (a1, b1) in zip(pairs, pairs[1:], strict=False)):
        raise ConfidenceDataError(f"{FILE}: ner_knots: raw and calibrated values must both increase")
    confidences = Confidences(Calibration(pairs), _rule_table(data, "speaker"), _rule_table(data, "date"))
    for key, table, bases in (("speaker", confidences.speaker, SPEAKER_BASES), ("date", confidences.date, DATE_BASES)):
        if set(table) != set(bases):
            raise ConfidenceDataError(f"{FILE}: {key}: expected exactly the bases {list(bases)}")
    return confidences


def speaker_basis(quote: Quote, sentences: Sequence[Sentence], entities: Entities) -> str:
    """How ``quote``'s speaker was found (one of ``schemas.base.SPEAKER_BASES``): named in the
    attribution, a pronoun resolved to an entity, a description resolved to one ("the
    spokesman"), found but naming no entity, or carried over from the paragraph's previous quote
    (a quote with no cue of its own).  Call only with a speaker."""
    assert quote.speaker is not None
    if quote.cue is None:
        return "carried"
    if quote.entity is None:
        return "unresolved"
    start, end = quote.speaker
    overlapping = entities.at(start, end)
    if (overlapping is not None and overlapping.entity == quote.entity
            or any(m.entity == quote.entity for m in entities.starting_in(start, end))):
        return "named"
    words = sentences[quote.sentence].overlapping(start, end)
    if words and all(w.upos == "PRON" for w in words):
        return "pronoun"
    return "description"


def date_basis(event: Event) -> str:
    """How ``event``'s date was found (one of ``schemas.base.DATE_BASES``): a date in its clause
    written in full (with its year), one resolved against the publication date ("on Monday"),
    one inherited from the clause it depends on ("when he called ... and said"), or one that
    could not be resolved.  Call only with a date."""
    assert event.timex is not None
    if not event.timex.resolved:
        return "unresolved"
    if event.inherited:
        return "inherited"
    return "explicit" if _YEAR.search(event.timex.text) else "relative"
