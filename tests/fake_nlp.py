"""A fake NLP that answers with the fixture parses (tests/parses/), and helpers that run the
whole :class:`ExtractionPipeline` on it: the stage tests check each stage on exact parses,
independently of the trained models."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from service.deadline import NO_DEADLINE, Deadline
from service.extract import ExtractionPipeline, ExtractRequest
from service.nlp.records import Sentence
from tests.parsed import Parse, all_parses, load_parse

#: Every fixture parse, by its text (a paragraph the FakeNlp knows).
PARSES: dict[str, Parse] = {p.text: p for p in all_parses().values()}
assert len(PARSES) == len(all_parses()), "two fixture parses share a text"


class FakeNlp:
    """Returns the hand-written parse of each known paragraph."""

    processors = ("tokenize", "mwt", "pos", "lemma", "depparse", "ner")

    def annotate(self, texts: Sequence[str], *, deadline: Deadline = NO_DEADLINE) -> list[list[Sentence]]:
        return [PARSES[text].sentences() for text in texts]


def run(*paragraphs: str, date: dt.date | None = dt.date(2025, 2, 17)) -> tuple[str, dict[str, Any]]:
    text = "\n".join(paragraphs)
    pipeline = ExtractionPipeline(FakeNlp(), {"name": "fake", "version": "0", "processors": FakeNlp.processors})
    return text, pipeline.extract_many([ExtractRequest(text=text, date=date)])[0]


def entity_name(body: dict[str, Any], entity_id: str | None) -> str | None:
    return next((e["name"] for e in body["entities"] if e["id"] == entity_id), None)


def speakers(body: dict[str, Any]) -> list[tuple[str, str, str | None, str | None]]:
    """(kind, content, speaker text, speaker entity name) of every quote."""
    return [(q["kind"], q["content"]["text"], q["speaker"] and q["speaker"]["text"],
             entity_name(body, q["speaker"] and q["speaker"]["entity"])) for q in body["quotes"]]


# The news story's paragraphs (tests/parses/story.conllu) and a misparse (events.conllu), by text.
P1, P2, P3, P4, P5 = (load_parse(name).text for name in ("P1", "P2", "P3", "P4", "P5"))
SIDELINED = load_parse("SIDELINED").text
