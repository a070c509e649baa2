"""One document's failure stays in its own slot, and over-long sentences are cut before the parser."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from service.app import create_app
from service.deadline import NO_DEADLINE, Deadline
from service.extract import ExtractionPipeline, ExtractRequest
from service.extract.contract import DocumentFailure
from service.nlp import MAX_SENTENCE_WORDS
from service.nlp.records import Sentence
from tests.real import real_nlp

MODEL = {"name": "fake", "version": "0", "processors": ["tokenize"]}


class BrokenNlp:
    """Real-shaped empty analyses, except that a text containing ``BOOM`` raises ``error``."""

    processors = ("tokenize",)

    def __init__(self, error: Exception) -> None:
        self.error = error

    def annotate(self, texts: Sequence[str], *, deadline: Deadline = NO_DEADLINE) -> list[list[Sentence]]:
        if any("BOOM" in text for text in texts):
            raise self.error
        return [[] for _ in texts]


@pytest.mark.parametrize(("error", "status"), [(RuntimeError("bug"), 500), (MemoryError(), 413),
                                              (RuntimeError("DefaultCPUAllocator: can't allocate memory"), 413)])
def test_a_failing_document_gets_a_failure_and_the_others_their_results(error: Exception, status: int) -> None:
    pipeline = ExtractionPipeline(BrokenNlp(error), MODEL)
    results = pipeline.extract_many([ExtractRequest(text="fine"), ExtractRequest(text="BOOM here"),
                                     ExtractRequest(text="also fine")])
    assert isinstance(results[1], DocumentFailure) and results[1].status == status
    assert isinstance(results[0], dict) and isinstance(results[2], dict)


def test_batch_slot_and_single_request_answer_problems() -> None:
    app = create_app({"validate_responses": True}, extractor=ExtractionPipeline(BrokenNlp(RuntimeError("bug")), MODEL))
    client = app.test_client()
    response = client.post("/v1/extract/batch", json={"documents": [{"text": "fine"}, {"text": "BOOM"}]})
    assert response.status_code == 200
    slots: list[dict[str, Any]] = response.get_json()["results"]
    assert "entities" in slots[0]
    assert slots[1]["status"] == 500 and "bug" not in slots[1]["detail"]
    response = client.post("/v1/extract", json={"text": "BOOM"})
    assert response.status_code == 500 and response.mimetype == "application/problem+json"


@pytest.mark.parametrize("text", ['"' * 1000, "| Team 12 | Pts 3 " * 300, "I can't, " * 400])
def test_long_sentences_are_cut_before_the_parser(text: str) -> None:
    sentences = real_nlp().annotate([text])[0]
    assert max(len(s.words) for s in sentences) <= MAX_SENTENCE_WORDS
    assert all(text[t.start:t.end] == t.text for s in sentences for t in s.tokens)
    words = [w for s in sentences for w in s.words]
    assert all(-1 <= w.head < len(s.words) for s in sentences for w in s.words)
    assert len(words) >= 1000 if text.startswith('"') else len(words) > MAX_SENTENCE_WORDS


def test_a_text_of_many_long_sentences_is_tagged_in_slices_with_the_same_annotations(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A 5,000-character chunk of quote marks is 25 sentences of 200 words: more than one slice of
    the tagger's work, so it is cut between sentences (a deadline check between the parts) and the
    tags, trees and offsets are those of the uncut text."""
    import service.nlp as nlp_module

    texts = ['"' * 5000, "The council met on Monday. " * 20]
    doc_parts = nlp_module._within_slice
    parts: list[int] = []

    def counted(doc: Any, limit: int) -> list[Any]:
        found = doc_parts(doc, limit)
        parts.append(len(found))
        return found

    monkeypatch.setattr(nlp_module, "_within_slice", counted)
    sliced = real_nlp().annotate(texts)
    assert parts == [2, 1]  # 25 sentences x (200 + 15) against a slice of 3,000; the council text whole
    monkeypatch.setattr(nlp_module, "SLICE_WORDS", 10**9)
    whole = real_nlp().annotate(texts)
    assert [len(s) for s in sliced] == [len(s) for s in whole] == [25, 20]
    assert [[(w.text, w.upos, w.head, w.deprel, w.start) for s in doc for w in s.words] for doc in sliced] == \
        [[(w.text, w.upos, w.head, w.deprel, w.start) for s in doc for w in s.words] for doc in whole]
    assert [[t.ner for s in doc for t in s.tokens] for doc in sliced] == \
        [[t.ner for s in doc for t in s.tokens] for doc in whole]


class OneParseNlp:
    """Returns one hand-written parse for any text."""

    processors = ("tokenize",)

    def __init__(self, rows: str) -> None:
        self.rows = rows

    def annotate(self, texts: Sequence[str], *, deadline: Deadline = NO_DEADLINE) -> list[list[Sentence]]:
        from tests.parsed import sentence

        return [[sentence(self.rows, text)] for text in texts]


def test_a_speech_verb_whose_subject_is_punctuation_gets_the_punctuation_as_speaker() -> None:
    """A misparse seen on random parses: the subject's subtree is punctuation only (was an IndexError, a 500)."""
    rows = """
    -- -- PUNCT 2 nsubj
    said say VERB 0 root
    we we PRON 4 nsubj
    act act VERB 2 ccomp
    . . PUNCT 2 punct
    """
    text = "-- said we act."
    (body,) = ExtractionPipeline(OneParseNlp(rows), MODEL).extract_many([ExtractRequest(text=text)])
    assert isinstance(body, dict)
    speakers = [q["speaker"] for q in body["quotes"] if q["speaker"] is not None]
    assert all(text[s["start"]:s["end"]] == s["text"] for s in speakers)
