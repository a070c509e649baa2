"""The stages after the NLP honour the request deadline and take about linear time.

The request budget is checked inside every stage, so a stage given a deadline that has
already passed must stop at its first checkpoint.  Linear time is checked without a clock:
the lines of ``service/extract`` a stage executes are counted (``sys.settrace``) on a
document and on one four times as long, on hand-written parses shaped like hostile inputs
(thousands of one-line paragraphs with quotes, names and dates; one long sentence full of
them).  Linear work grows about 4 times; a scan of all sentences, quotes or mentions per
sentence, quote or mention grows 16 times.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from service.deadline import BudgetExceeded, Deadline
from service.extract.cleaning import clean
from service.extract.entities import Entities, cluster
from service.extract.events import find_events
from service.extract.quotes import Quote, find_quotes, quote_fragments
from service.extract.timexes import Timex, find_timexes
from service.nlp.records import Sentence
from tests.parsed import sentence

ANCHOR = dt.date(2025, 2, 17)
EXTRACT_DIR = str(Path(__file__).resolve().parent.parent / "service" / "extract")

# One paragraph, two sentences: a quote with a pronoun speaker and a date, then three names.
PARAGRAPH = '"Ab cd," he said on Monday. John Smith met Bob Jones in Paris.'
PARAGRAPH_ROWS = ["""
" " PUNCT 3 punct
Ab ab NOUN 3 nsubj
cd cd VERB 7 ccomp O Tense=Pres|VerbForm=Fin
, , PUNCT 3 punct
" " PUNCT 3 punct
he he PRON 7 nsubj
said say VERB 0 root O Tense=Past|VerbForm=Fin
on on ADP 9 case
Monday Monday PROPN 7 obl S-DATE
. . PUNCT 7 punct
""", """
John John PROPN 3 nsubj B-PERSON
Smith Smith PROPN 1 flat E-PERSON
met meet VERB 0 root O Tense=Past|VerbForm=Fin
Bob Bob PROPN 3 obj B-PERSON
Jones Jones PROPN 4 flat E-PERSON
in in ADP 7 case
Paris Paris PROPN 3 obl S-GPE
. . PUNCT 3 punct
"""]

# A piece of one long sentence: a quote, its cue (hung on the previous piece's), a date, a name.
PIECE = '"ab," he said on Monday to EU official Ann Lee, '


def _piece_rows(first: int, previous_cue: int) -> list[str]:
    """Rows of one PIECE whose first word is number ``first`` (1-based) of the sentence."""
    cue = first + 5
    rows = [
        f'" " PUNCT {first + 1} punct',
        f"ab ab NOUN {cue} ccomp",
        f", , PUNCT {first + 1} punct",
        f'" " PUNCT {first + 1} punct',
        f"he he PRON {cue} nsubj",
        f"said say VERB {previous_cue} {'parataxis' if previous_cue else 'root'} O Tense=Past|VerbForm=Fin",
        f"on on ADP {first + 7} case",
        f"Monday Monday PROPN {cue} obl S-DATE",
        f"to to ADP {first + 12} case",
        f"EU EU PROPN {first + 12} compound S-ORG",
        f"official official NOUN {first + 12} compound",
        f"Ann Ann PROPN {first + 12} compound B-PERSON",
        f"Lee Lee PROPN {cue} obl E-PERSON",
        f", , PUNCT {cue} punct",
    ]
    return rows


def paragraphs_document(count: int) -> tuple[str, list[Sentence]]:
    """``count`` one-line paragraphs, each two sentences, numbered like the pipeline does."""
    text = "\n".join([PARAGRAPH] * count)
    sentences: list[Sentence] = []
    for p, (start, _) in enumerate(clean(text).paragraphs):
        offset = start
        for rows in PARAGRAPH_ROWS:
            sent = sentence(rows, text, offset=offset)
            sent.paragraph, sent.index = p, len(sentences)
            sentences.append(sent)
            offset = sent.end
    return text, sentences


def long_sentence_document(count: int) -> tuple[str, list[Sentence]]:
    """One paragraph, one sentence of ``count`` PIECEs, each report hung on the one before."""
    text = (PIECE * count).rstrip(", ") + "."
    rows: list[str] = []
    previous_cue = 0
    for _ in range(count):
        first = len(rows) + 1
        rows.extend(_piece_rows(first, previous_cue))
        previous_cue = first + 5
    rows[-1] = rows[-1].replace(", , PUNCT", ". . PUNCT")
    return text, [sentence("\n".join(rows), text)]


def run_stages(text: str, sentences: list[Sentence], deadline: Deadline | None = None) -> list[dict[str, object]]:
    """The four stages as the pipeline chains them (``deadline``: passed to each)."""
    limit: dict[str, Any] = {} if deadline is None else {"deadline": deadline}
    entities = cluster(sentences, text, **limit)
    others = [m for e in entities.entities for m in e.mentions]
    timexes = find_timexes(sentences, text, entities.timex_mentions, others, ANCHOR, **limit)
    quotes = find_quotes(sentences, text, clean(text).paragraphs, entities, **limit)
    return find_events(sentences, text, entities, timexes, quotes, ANCHOR, **limit)


@contextmanager
def counting_lines() -> Iterator[list[int]]:
    """Count the lines of service/extract executed inside the block (into the yielded list)."""
    count = [0]

    def local(frame: FrameType, event: str, arg: object) -> Callable[..., object] | None:
        if event == "line":
            count[0] += 1
        return local

    def global_(frame: FrameType, event: str, arg: object) -> Callable[..., object] | None:
        return local if frame.f_code.co_filename.startswith(EXTRACT_DIR) else None

    previous = sys.gettrace()
    sys.settrace(global_)
    try:
        yield count
    finally:
        sys.settrace(previous)


def lines_for(build: Callable[[int], tuple[str, list[Sentence]]], size: int) -> int:
    text, sentences = build(size)
    with counting_lines() as count:
        run_stages(text, sentences)
    return count[0]


# -- the documents are what they claim to be ------------------------------------------------


def test_the_documents_exercise_every_stage() -> None:
    for build in (paragraphs_document, long_sentence_document):
        text, sentences = build(3)
        entities = cluster(sentences, text)
        quotes = find_quotes(sentences, text, clean(text).paragraphs, entities)
        timexes = find_timexes(sentences, text, entities.timex_mentions,
                               [m for e in entities.entities for m in e.mentions], ANCHOR)
        events = find_events(sentences, text, entities, timexes, quotes, ANCHOR)
        assert len(quotes) >= 3 and all(q.speaker is not None for q in quotes), build.__name__
        assert len(timexes) == 3 and all(t.value == "2025-02-17" for t in timexes), build.__name__
        assert len(entities.mentions) >= 6 and events, build.__name__


# -- deadlines ---------------------------------------------------------------------------------


@pytest.fixture
def passed() -> Deadline:
    return Deadline(time.monotonic() - 1.0)


@pytest.fixture
def analysed() -> tuple[str, list[Sentence], Entities, list[Timex], list[Quote]]:
    text, sentences = paragraphs_document(3)
    entities = cluster(sentences, text)
    others = [m for e in entities.entities for m in e.mentions]
    timexes = find_timexes(sentences, text, entities.timex_mentions, others, ANCHOR)
    quotes = find_quotes(sentences, text, clean(text).paragraphs, entities)
    return text, sentences, entities, timexes, quotes


def test_entities_stop_at_a_passed_deadline(analysed: Any, passed: Deadline) -> None:
    text, sentences, *_ = analysed
    with pytest.raises(BudgetExceeded):
        cluster(sentences, text, deadline=passed)


def test_timexes_stop_at_a_passed_deadline(analysed: Any, passed: Deadline) -> None:
    text, sentences, entities, *_ = analysed
    others = [m for e in entities.entities for m in e.mentions]
    with pytest.raises(BudgetExceeded):
        find_timexes(sentences, text, entities.timex_mentions, others, ANCHOR, deadline=passed)


def test_quotes_stop_at_a_passed_deadline(analysed: Any, passed: Deadline) -> None:
    text, sentences, entities, *_ = analysed
    with pytest.raises(BudgetExceeded):
        find_quotes(sentences, text, clean(text).paragraphs, entities, deadline=passed)
    with pytest.raises(BudgetExceeded):
        quote_fragments(text, clean(text).paragraphs, deadline=passed)


def test_events_stop_at_a_passed_deadline(analysed: Any, passed: Deadline) -> None:
    text, sentences, entities, timexes, quotes = analysed
    with pytest.raises(BudgetExceeded):
        find_events(sentences, text, entities, timexes, quotes, ANCHOR, deadline=passed)


def test_a_deadline_in_the_future_changes_nothing() -> None:
    text, sentences = paragraphs_document(3)
    plain = run_stages(text, sentences)
    text, sentences = paragraphs_document(3)
    assert run_stages(text, sentences, Deadline(time.monotonic() + 600)) == plain


def test_the_deadline_stops_a_stage_inside_its_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    """A deadline that passes while a stage runs stops it at the next sentence or candidate,
    not only at its entry: here the 40th check of the run raises."""
    text, sentences = paragraphs_document(50)
    calls = [0]

    class Countdown(Deadline):
        def check(self) -> None:
            calls[0] += 1
            if calls[0] >= 40:
                raise BudgetExceeded

    with pytest.raises(BudgetExceeded):
        run_stages(text, sentences, Countdown())
    assert calls[0] == 40


# -- linear work -------------------------------------------------------------------------------


@pytest.mark.parametrize(("build", "size"), [(paragraphs_document, 60), (long_sentence_document, 30)])
def test_four_times_the_text_is_about_four_times_the_work(build: Callable[[int], tuple[str, list[Sentence]]],
                                                          size: int) -> None:
    small, large = lines_for(build, size), lines_for(build, 4 * size)
    assert small > 1000  # the stages did run
    # Linear: about 4; the scans removed made it about 16 (per quote, mention, sentence or word).
    assert large <= 6 * small, (small, large, large / small)
