"""The one serializer: a finished :class:`~service.extract.document.AnalysedDocument` -> its response body.

The body matches ``schemas.ExtractResponseSchema``.  Nothing here analyses anything: it only
reads the slots the stages filled (:data:`REQUIRES`), including the quote -> event links,
which it writes into each quote's ``event``.
"""

from __future__ import annotations

from typing import Any

from service.extract.confidence import date_basis, load_confidence, speaker_basis
from service.extract.document import AnalysedDocument

#: The slots the serializer reads (the pipeline checks at construction that they get filled).
REQUIRES = frozenset({"request", "text", "anchor", "date_source", "cleaned", "sentences",
                      "entities", "timexes", "quotes", "events", "links", "salience", "kb_links"})


def serialize(doc: AnalysedDocument, model: dict[str, Any], elapsed_ms: float) -> dict[str, Any]:
    """The response body of ``doc``; ``elapsed_ms`` is its share of the call's wall time."""
    assert doc.entities is not None and doc.timexes is not None and doc.quotes is not None
    assert doc.events is not None and doc.links is not None
    assert doc.salience is not None and doc.kb_links is not None
    text, request, sentences = doc.text, doc.request, doc.sentences
    confidences = load_confidence()
    quotes = []
    for quote in doc.quotes:
        body = quote.as_json(text)
        body["event"] = doc.links.get(quote.id)
        if body["speaker"] is not None:
            basis = speaker_basis(quote, sentences, doc.entities)
            body["speaker"].update(basis=basis, confidence=confidences.of_speaker(basis))
        quotes.append(body)
    entities = []
    for entity, body in zip(doc.entities.entities, doc.entities.as_json(), strict=True):
        for mention, written in zip(entity.mentions, body["mentions"], strict=True):
            written["confidence"] = _rounded(mention.confidence)
        body.update(salience=round(doc.salience.get(entity.id, 0.0), 4), confidence=_rounded(entity.confidence),
                    links=[link.as_json() for link in doc.kb_links.get(entity.id, [])])
        entities.append(body)
    events = []
    for event in doc.events:
        body = event.as_json(text, sentences)
        if body["date"] is not None:
            basis = date_basis(event)
            body["date"].update(basis=basis, confidence=confidences.of_date(basis))
        events.append(body)
    out = {
        "id": request.id,
        "language": request.language,
        "date": doc.anchor.isoformat() if doc.anchor else None,
        "date_source": doc.date_source,
        "entities": entities,
        "timexes": [t.as_json() for t in doc.timexes],
        "events": events,
        "quotes": quotes,
        "boilerplate": [{"text": text[b.start:b.end], "start": b.start, "end": b.end, "reason": b.reason}
                        for b in doc.cleaned.boilerplate],
        "stats": {"characters": len(text), "sentences": len(sentences),
                  "tokens": sum(len(s.tokens) for s in sentences), "elapsed_ms": round(elapsed_ms, 1)},
        "model": {"name": model["name"], "version": model["version"], "processors": list(model["processors"])},
    }
    if request.min_confidence is not None:
        keep_confident(out, request.min_confidence)
    return out


def _rounded(p: float | None) -> float | None:
    return None if p is None else round(p, 3)


def _sure(confidence: float | None, floor: float) -> bool:
    return confidence is None or confidence >= floor


def keep_confident(body: dict[str, Any], floor: float) -> None:
    """Apply ``min_confidence``: leave out mentions and entities below ``floor`` (a reference to a
    left-out entity becomes null) and null a quote's speaker or an event's date below it."""
    kept = []
    for entity in body["entities"]:
        entity["mentions"] = [m for m in entity["mentions"] if _sure(m["confidence"], floor)]
        if entity["mentions"] and _sure(entity["confidence"], floor):
            kept.append(entity)
    gone = {e["id"] for e in body["entities"]} - {e["id"] for e in kept}
    body["entities"] = kept
    for quote in body["quotes"]:
        speaker = quote["speaker"]
        if speaker is not None and not _sure(speaker["confidence"], floor):
            quote["speaker"] = None
        elif speaker is not None:
            speaker["entity"] = _unless_gone(speaker["entity"], gone)
    for event in body["events"]:
        if event["date"] is not None and not _sure(event["date"]["confidence"], floor):
            event["date"] = None
        for participant in event["participants"]:
            participant["entity"] = _unless_gone(participant["entity"], gone)
        event["location"] = _unless_gone(event["location"], gone)


def _unless_gone(entity: str | None, gone: set[str]) -> str | None:
    return None if entity in gone else entity
