"""Salience: how central each entity is to its article, 0-1, summing to 1 over the article.

News puts what a story is about first (the lead) and keeps naming it; the people who speak
and the actors of its events matter more than what is mentioned in passing.  Each entity gets
a raw weight, then the weights are divided by their sum::

    raw(e) = type_factor(e) * ( sum over mentions m of (mention + lead_bonus * [m in the lead])
                                + position * (1 - first_offset(e) / len(text))
                                + speaker * quotes(e) + participant * events(e) )

where the lead is the first ``lead_sentences`` sentences outside boilerplate, ``first_offset``
the start of the entity's first mention, ``quotes(e)`` the quotes it is the speaker of and
``events(e)`` the events it takes part in.  Numbers and quantities (``CARDINAL``, ``MONEY``...)
are scaled down by ``type_factors``: a reader never names "two" as what a story is about.  The
weights are data (``service/data/weights/salience.json``).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from service.extract.cleaning import CleanText
    from service.extract.entities import Entities
    from service.extract.events import Event
    from service.extract.quotes import Quote
    from service.nlp.records import Sentence

FILE = "salience.json"


@dataclass(frozen=True)
class SalienceWeights:
    mention: float
    lead_sentences: int
    lead_bonus: float
    position: float
    speaker: float
    participant: float
    type_factors: dict[str, float]


@cache
def load_weights() -> SalienceWeights:
    """Read ``service/data/weights/salience.json`` once; a missing or unknown key is a ValueError naming it."""
    data = json.loads(resources.files("service.data").joinpath("weights", FILE).read_text(encoding="utf-8"))
    data.pop("_comment", None)
    try:
        weights = SalienceWeights(**data)
    except TypeError as error:
        raise ValueError(f"{FILE}: {error}") from None
    numbers = (weights.mention, weights.lead_bonus, weights.position, weights.speaker, weights.participant,
               *weights.type_factors.values())
    if any(not isinstance(n, int | float) or n < 0 for n in numbers) or weights.lead_sentences < 0:
        raise ValueError(f"{FILE}: weights must be non-negative numbers")
    return weights


def lead_sentences(sentences: Sequence[Sentence], cleaned: CleanText, count: int) -> set[int]:
    """Indexes of the first ``count`` sentences that do not start inside boilerplate."""
    spans = [(b.start, b.end) for b in cleaned.boilerplate]
    lead: set[int] = set()
    for sent in sentences:
        if len(lead) >= count:
            break
        if not any(start <= sent.start < end for start, end in spans):
            lead.add(sent.index)
    return lead


def salience(entities: Entities, quotes: Sequence[Quote], events: Sequence[Event], sentences: Sequence[Sentence],
             cleaned: CleanText, text: str) -> dict[str, float]:
    """Entity id -> salience (see the module docstring); an article without entities gets {}."""
    weights = load_weights()
    lead = lead_sentences(sentences, cleaned, weights.lead_sentences)
    spoken = Counter(q.entity for q in quotes if q.entity)
    acting = Counter(entity for event in events for entity in {p.entity for p in event.participants} if entity)
    raw: dict[str, float] = {}
    length = max(1, len(text))
    for entity in entities.entities:
        mentions = sum(weights.mention + weights.lead_bonus * (m.sentence in lead) for m in entity.mentions)
        first = min(m.start for m in entity.mentions)
        score = (mentions + weights.position * (1 - first / length)
                 + weights.speaker * spoken[entity.id] + weights.participant * acting[entity.id])
        raw[entity.id] = weights.type_factors.get(entity.type, 1.0) * score
    total = sum(raw.values())
    return {key: value / total for key, value in raw.items()} if total > 0 else {}
