"""The one serializer: a finished :class:`~service.extract.document.AnalysedDocument` -> its response body.

The body matches ``schemas.ExtractResponseSchema``.  Nothing here analyses anything: it only
reads the slots the stages filled (:data:`REQUIRES`), including the quote -> event links,
which it writes into each quote's ``event``.
"""

from __future__ import annotations

from typing import Any

from service.extract.document import AnalysedDocument

#: The slots the serializer reads (the pipeline checks at construction that they get filled).
REQUIRES = frozenset({"request", "text", "anchor", "date_source", "cleaned", "sentences",
                      "entities", "timexes", "quotes", "events", "links"})


def serialize(doc: AnalysedDocument, model: dict[str, Any], elapsed_ms: float) -> dict[str, Any]:
    """The response body of ``doc``; ``elapsed_ms`` is its share of the call's wall time."""
    assert doc.entities is not None and doc.timexes is not None and doc.quotes is not None
    assert doc.events is not None and doc.links is not None
    text, request, sentences = doc.text, doc.request, doc.sentences
    quotes = []
    for quote in doc.quotes:
        body = quote.as_json(text)
        body["event"] = doc.links.get(quote.id)
        quotes.append(body)
    return {
        "id": request.id,
        "language": request.language,
        "date": doc.anchor.isoformat() if doc.anchor else None,
        "date_source": doc.date_source,
        "entities": doc.entities.as_json(),
        "timexes": [t.as_json() for t in doc.timexes],
        "events": [e.as_json(text, sentences) for e in doc.events],
        "quotes": quotes,
        "boilerplate": [{"text": text[b.start:b.end], "start": b.start, "end": b.end, "reason": b.reason}
                        for b in doc.cleaned.boilerplate],
        "stats": {"characters": len(text), "sentences": len(sentences),
                  "tokens": sum(len(s.tokens) for s in sentences), "elapsed_ms": round(elapsed_ms, 1)},
        "model": {"name": model["name"], "version": model["version"], "processors": list(model["processors"])},
    }
