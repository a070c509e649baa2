"""A fake extractor for web-layer tests: no Stanza, instant, but schema-valid output whose spans index the text.

It finds capitalised words (entities), weekday names (timexes), "met"/"said" (events),
double-quoted passages (quotes) and a trailing "Read more" line (boilerplate) with regular
expressions, so every kind of object in a response appears with real offsets.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from typing import Any

from service.app import create_app
from service.deadline import BudgetExceeded
from service.extract.contract import ExtractRequest
from service.extract.serialize import keep_confident

_DATE_HEADER = re.compile(r"date ([0-9]{4}-[0-9]{2}-[0-9]{2})\n")
_NAME = re.compile(r"\b[A-Z][a-z]+\b")
_WEEKDAY = re.compile(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_TRIGGER = re.compile(r"\b(?:met|said)\b")
_QUOTE = re.compile(r'"([^"]+)"')
_BOILERPLATE = re.compile(r"^Read more.*$", re.MULTILINE)
_STOP = frozenset({"The", "He", "She", "It", "They", "On", "Read", "Monday", "Tuesday", "Wednesday", "Thursday"})

MODEL = {"name": "fake", "version": "0.0", "processors": ["tokenize", "ner"]}


def _span(text: str, start: int, end: int) -> dict[str, Any]:
    return {"text": text[start:end], "start": start, "end": end}


class FakeExtractor:
    """Honours the ``Extractor`` protocol; records calls and can be told to fail."""

    def __init__(
        self,
        *,
        extract_error: Exception | None = None,
        ready_error: Exception | None = None,
        corrupt: bool = False,
        seconds: float = 0.0,
    ) -> None:
        self.extract_error = extract_error
        self.ready_error = ready_error
        #: Return a body whose first span does not match the text (to prove responses are checked).
        self.corrupt = corrupt
        #: Pretend each call takes this long (checking the deadline like the real one does).
        self.seconds = seconds
        self.calls: list[list[ExtractRequest]] = []
        self.ready_checks = 0

    def extract_many(
        self,
        requests: Sequence[ExtractRequest],
        *,
        deadline: float | None = None,
        timings: dict[str, float] | None = None,
    ) -> list[dict[str, Any]]:
        """One body per request, like the real extractor."""
        self.calls.append(list(requests))
        if self.extract_error is not None:
            raise self.extract_error
        # A text "SLEEP <seconds>" keeps the fake busy that long (worker tests over HTTP).
        asked = [float(r.text.split()[1]) for r in requests if r.text.startswith("SLEEP ")]
        if self.seconds or asked:
            time.sleep(self.seconds + sum(asked))
            if deadline is not None and time.monotonic() > deadline:
                raise BudgetExceeded
        if timings is not None:
            timings["nlp"] = timings.get("nlp", 0.0) + self.seconds + sum(asked)
        return [self._confident(self._extract(request), request.min_confidence) for request in requests]

    @staticmethod
    def _confident(body: dict[str, Any], floor: float | None) -> dict[str, Any]:
        if floor is not None:
            keep_confident(body, floor)
        return body

    def ready_check(self) -> None:
        """Fail when told to."""
        self.ready_checks += 1
        if self.ready_error is not None:
            raise self.ready_error

    def info(self) -> dict[str, Any]:
        """Model info, with a models_dir the API must not publish."""
        return {**MODEL, "models_dir": "/srv/secret/models"}

    def _extract(self, request: ExtractRequest) -> dict[str, Any]:
        text = request.text
        date, source, offset = (request.date.isoformat(), "request", 0) if request.date else (None, None, 0)
        header = _DATE_HEADER.match(text)
        if header:
            offset = header.end()
            if date is None:
                date, source = header.group(1), "text"
        boilerplate = [{**_span(text, m.start(), m.end()), "reason": "read-more"} for m in _BOILERPLATE.finditer(text)]
        body_end = boilerplate[0]["start"] if boilerplate else len(text)

        entities: dict[str, dict[str, Any]] = {}
        for match in _NAME.finditer(text, offset, body_end):
            if match.group() in _STOP:
                continue
            entity = entities.setdefault(
                match.group(),
                {"id": f"E{len(entities) + 1}", "name": match.group(), "type": "PERSON", "mentions": [],
                 "salience": 0.0, "confidence": 0.9, "links": []},
            )
            entity["mentions"].append({**_span(text, match.start(), match.end()), "confidence": 0.9})
        _share_salience(entities)
        timexes = [
            {
                **_span(text, m.start(), m.end()),
                "id": f"T{i}",
                "type": "DATE",
                "value": None,
                "resolved": False,
                "mod": None,
            }
            for i, m in enumerate(_WEEKDAY.finditer(text, offset, body_end), 1)
        ]
        first_entity = next(iter(entities.values()), None)
        quotes = []
        for i, match in enumerate(_QUOTE.finditer(text, offset, body_end), 1):
            speaker = None
            if first_entity is not None:
                speaker = {**_span(text, first_entity["mentions"][0]["start"], first_entity["mentions"][0]["end"]),
                           "entity": first_entity["id"], "basis": "named", "confidence": 0.9}
            quotes.append(
                {
                    "id": f"Q{i}",
                    "kind": "direct",
                    "content": _span(text, match.start(1), match.end(1)),
                    "cue": None,
                    "speaker": speaker,
                    "event": None,
                }
            )
        events = []
        for i, match in enumerate(_TRIGGER.finditer(text, offset, body_end), 1):
            participants = []
            if first_entity is not None:
                participants.append({"role": "agent", "entity": first_entity["id"], "text": first_entity["name"]})
            events.append(
                {
                    "id": f"V{i}",
                    "trigger": _span(text, match.start(), match.end()),
                    "lemma": "say" if match.group() == "said" else "meet",
                    "sentence": {"index": 0, "start": offset, "end": body_end},
                    "date": {**timexes[0], "basis": "unresolved", "confidence": 0.3} if timexes else None,
                    "participants": participants,
                    "location": None,
                    "status": "happened",
                    "quote": quotes[0]["id"] if quotes and match.group() == "said" else None,
                }
            )
        body = {
            "id": request.id,
            "language": request.language,
            "date": date,
            "date_source": source,
            "entities": list(entities.values()),
            "timexes": timexes,
            "events": events,
            "quotes": quotes,
            "boilerplate": boilerplate,
            "stats": {
                "characters": len(text),
                "sentences": 1,
                "tokens": len(text[offset:body_end].split()),
                "elapsed_ms": 0.0,
            },
            "model": dict(MODEL, processors=list(MODEL["processors"])),
        }
        if self.corrupt and body["entities"]:
            body["entities"][0]["mentions"][0]["start"] += 1
        return body


def _share_salience(entities: dict[str, dict[str, Any]]) -> None:
    for entity in entities.values():
        entity["salience"] = 1 / len(entities)


def create_fake_app() -> Any:
    """App factory for a real gunicorn process in tests (``tests.fakes:create_fake_app()``)."""
    return create_app(extractor=FakeExtractor())
