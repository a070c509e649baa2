"""The stage contract: declared inputs and outputs, one order check, no stage changing another's records,
and the serializer answering exactly what the former hand-wired ``_document`` did."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Sequence
from typing import Any, ClassVar

import pytest

from service.deadline import NO_DEADLINE, Deadline
from service.extract import ExtractionPipeline, ExtractRequest
from service.extract.cleaning import CleanText, clean
from service.extract.document import BASE_SLOTS, SLOTS, STAGE_SLOTS, AnalysedDocument
from service.extract.entities import cluster
from service.extract.events import find_events
from service.extract.quotes import find_quotes
from service.extract.serialize import REQUIRES, serialize
from service.extract.stages import (
    STAGES,
    EntitiesStage,
    EventsStage,
    LinksStage,
    PipelineOrderError,
    QuotesStage,
    TimexesStage,
    check_order,
)
from service.extract.timexes import find_timexes
from service.nlp.records import Sentence
from tests.fake_nlp import P1, P2, P3, P4, P5, SIDELINED, FakeNlp

MODEL = {"name": "fake", "version": "0", "processors": list(FakeNlp.processors)}
ANCHOR = dt.date(2025, 2, 17)
TEXTS = ["\n".join((P1, P2)), P3, P4, P5, SIDELINED, "\n".join((P1, P2, P3, P4, P5))]


def former_document(request: ExtractRequest, cleaned: CleanText, sentences: list[Sentence],
                    model: dict[str, Any]) -> dict[str, Any]:
    """The body the pipeline built before the stage contract (the stage calls wired by hand, and
    the events stage writing each quote's ``event``), kept here as the reference."""
    text = request.text
    anchor = request.date or cleaned.header_date
    source = "request" if request.date else ("text" if cleaned.header_date else None)
    entities = cluster(sentences, text)
    others = [m for e in entities.entities for m in e.mentions]
    timexes = find_timexes(sentences, text, entities.timex_mentions, others, anchor)
    quotes = find_quotes(sentences, text, cleaned.paragraphs, entities)
    events = [e.as_json(text, sentences) for e in find_events(sentences, text, entities, timexes, quotes, anchor)]
    by_quote = {e["quote"]: e["id"] for e in events if e["quote"]}
    for quote in quotes:
        quote.event = by_quote.get(quote.id)
    return {
        "id": request.id,
        "language": request.language,
        "date": anchor.isoformat() if anchor else None,
        "date_source": source,
        "entities": entities.as_json(),
        "timexes": [t.as_json() for t in timexes],
        "events": events,
        "quotes": [q.as_json(text) for q in quotes],
        "boilerplate": [{"text": text[b.start:b.end], "start": b.start, "end": b.end, "reason": b.reason}
                        for b in cleaned.boilerplate],
        "stats": {"characters": len(text), "sentences": len(sentences),
                  "tokens": sum(len(s.tokens) for s in sentences), "elapsed_ms": 0.0},
        "model": {"name": model["name"], "version": model["version"], "processors": list(model["processors"])},
    }


class Capturing(ExtractionPipeline):
    """The pipeline, keeping a copy of each document's placed sentences (as the stages get them)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.seen: list[tuple[ExtractRequest, CleanText, list[Sentence]]] = []

    def _document(self, request: ExtractRequest, cleaned: CleanText, sentences: list[Sentence],
                  elapsed_ms: float, timings: dict[str, float] | None, deadline: Deadline) -> dict[str, Any]:
        self.seen.append((request, cleaned, copy.deepcopy(sentences)))
        return super()._document(request, cleaned, sentences, elapsed_ms, timings, deadline)


def without_added_fields(body: dict[str, Any]) -> dict[str, Any]:
    """The body as it was before salience, confidence and links were added (the former builder's shape)."""
    body = copy.deepcopy(body)
    for entity in body["entities"]:
        for key in ("salience", "confidence", "links"):
            del entity[key]
        for mention in entity["mentions"]:
            del mention["confidence"]
    for quote in body["quotes"]:
        if quote["speaker"] is not None:
            del quote["speaker"]["basis"], quote["speaker"]["confidence"]
    for event in body["events"]:
        if event["date"] is not None:
            del event["date"]["basis"], event["date"]["confidence"]
    return body


def assert_same_as_former(pipeline: Capturing, requests: Sequence[ExtractRequest]) -> list[dict[str, Any]]:
    """Each body is the former document builder's, plus the fields added since (salience, confidence, links)."""
    bodies = pipeline.extract_many(requests)
    assert len(pipeline.seen) == len(requests)
    for body, (request, cleaned, sentences) in zip(bodies, pipeline.seen, strict=True):
        assert isinstance(body, dict)
        body = without_added_fields({**body, "stats": {**body["stats"], "elapsed_ms": 0.0}})
        assert body == former_document(request, cleaned, sentences, pipeline.model)
    return bodies  # type: ignore[return-value]


# --- declarations and the order check ----------------------------------------------------------


def test_every_stage_declares_its_name_inputs_and_outputs() -> None:
    assert [s.name for s in STAGES] == ["entities", "timexes", "quotes", "events", "events", "salience", "links"]
    provided: set[str] = set()
    for stage in STAGES:
        assert isinstance(stage.requires, frozenset) and isinstance(stage.provides, frozenset)
        assert stage.provides and stage.provides <= STAGE_SLOTS
        assert stage.requires <= SLOTS
        assert not stage.provides & provided, "each slot has one provider"
        provided |= stage.provides
    assert provided == STAGE_SLOTS
    assert REQUIRES <= SLOTS
    assert check_order(STAGES, needed=REQUIRES) == SLOTS


def test_a_stage_before_its_inputs_is_refused_when_the_pipeline_is_built() -> None:
    with pytest.raises(PipelineOrderError, match=r"QuotesStage\) requires \['entities'\], which no earlier stage"):
        ExtractionPipeline(FakeNlp(), MODEL, stages=(QuotesStage(), EntitiesStage(), TimexesStage(),  # type: ignore[arg-type]
                                                     EventsStage(), LinksStage()))
    with pytest.raises(PipelineOrderError, match=r"EventsStage\) requires \['timexes'\]"):
        check_order((EntitiesStage(), QuotesStage(), EventsStage(), TimexesStage()))


def test_a_missing_stage_or_a_slot_provided_twice_is_refused() -> None:
    with pytest.raises(PipelineOrderError, match=r"no stage provides \['kb_links'\], which the serializer needs"):
        ExtractionPipeline(FakeNlp(), MODEL, stages=STAGES[:-1])  # type: ignore[arg-type]
    with pytest.raises(PipelineOrderError, match=r"provides \['entities'\], already provided"):
        check_order((EntitiesStage(), EntitiesStage()))


def test_a_stage_providing_an_unknown_slot_is_refused() -> None:
    class Sentiment:
        name = "sentiment"
        requires: ClassVar[frozenset[str]] = frozenset({"sentences"})
        provides: ClassVar[frozenset[str]] = frozenset({"sentiment"})

        def process(self, doc: AnalysedDocument, deadline: Deadline) -> None:  # pragma: no cover
            raise AssertionError

    with pytest.raises(PipelineOrderError, match=r"provides \['sentiment'\], which are not slots"):
        check_order((*STAGES, Sentiment()))
    assert check_order(STAGES, given=BASE_SLOTS) == SLOTS


# --- the records ----------------------------------------------------------------------------------


def snapshot(doc: AnalysedDocument) -> dict[str, str]:
    """Every filled slot, as text (records are dataclasses; Entities is compared by its answer)."""
    out = {"sentences": repr(doc.sentences), "cleaned": repr(doc.cleaned), "anchor": repr(doc.anchor)}
    if doc.entities is not None:
        out["entities"] = repr((doc.entities.as_json(), doc.entities.timex_mentions, doc.entities.mentions))
    for slot in ("timexes", "quotes", "events", "links", "salience", "kb_links"):
        if getattr(doc, slot) is not None:
            out[slot] = repr(getattr(doc, slot))
    return out


@pytest.mark.parametrize("text", TEXTS)
def test_no_stage_changes_another_stages_records(text: str) -> None:
    pipeline = Capturing(FakeNlp(), MODEL)
    pipeline.extract_many([ExtractRequest(text=text, date=ANCHOR)])
    ((request, cleaned, sentences),) = pipeline.seen
    doc = AnalysedDocument.start(request, cleaned, sentences)
    for stage in STAGES:
        assert stage.requires <= doc.filled(), f"{stage} runs before its inputs"
        before = snapshot(doc)
        stage.process(doc, NO_DEADLINE)
        after = snapshot(doc)
        assert doc.filled() == before.keys() - {"sentences", "cleaned", "anchor"} | BASE_SLOTS | stage.provides
        for slot, value in before.items():
            assert after[slot] == value, f"stage {type(stage).__name__} changed {slot}"
    assert doc.quotes is not None
    assert all(q.event is None for q in doc.quotes), "quotes are never written after the quote stage"


def test_the_quote_event_link_is_made_from_the_events() -> None:
    pipeline = Capturing(FakeNlp(), MODEL)
    (body,) = assert_same_as_former(pipeline, [ExtractRequest(text=P4, date=ANCHOR)])
    (quote,) = body["quotes"]
    (event,) = body["events"]
    assert quote["event"] == event["id"] and event["quote"] == quote["id"]


# --- the serializer ---------------------------------------------------------------------------------


def test_the_serializer_answers_what_the_former_document_builder_did() -> None:
    pipeline = Capturing(FakeNlp(), MODEL)
    assert_same_as_former(pipeline, [ExtractRequest(text=t, date=ANCHOR, id=f"d{i}") for i, t in enumerate(TEXTS)]
                          + [ExtractRequest(text=P4)])


def test_the_serializer_on_a_document_without_quotes() -> None:
    request = ExtractRequest(text=P5, date=ANCHOR)
    sentences = FakeNlp().annotate([P5])[0]
    doc = AnalysedDocument.start(request, clean(P5), sentences)
    for stage in STAGES:
        stage.process(doc, NO_DEADLINE)
    body = serialize(doc, MODEL, 1.25)
    assert body["quotes"] == [] and body["date_source"] == "request" and body["stats"]["elapsed_ms"] == 1.2


def test_the_seed_article_through_the_real_models_matches_the_former_document_builder() -> None:
    from pathlib import Path

    from tests.real import real_extractor

    seed = Path(__file__).resolve().parent.parent / "seeds" / "000_213a62ba50b0ddfd.txt"
    real = real_extractor()
    assert_same_as_former(Capturing(real.nlp, real.model), [ExtractRequest(text=seed.read_text(encoding="utf-8"))])
