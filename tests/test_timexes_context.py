"""The timex stage on hand-written parses: spans cut into expressions, the date last talked about
(anaphora), the tense of non-finite and possessive timexes, a date cut by a sentence break.
The parses are in tests/parses/timexes.conllu."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from service.extract.entities import Mention
from service.extract.timexes import Timex, find_timexes
from service.nlp.records import Sentence
from tests.parsed import load_parse, sentence

WSJ = dt.date(1989, 10, 26)  # Thursday, in the fourth quarter


def ner(sentences: Sequence[Sentence], text: str, *surfaces: str) -> list[Mention]:
    """DATE mentions for the given surfaces (first occurrence each, in order)."""
    out, pos = [], 0
    for surface in surfaces:
        start = text.index(surface, pos)
        end = pos = start + len(surface)
        s_index = next(i for i, s in enumerate(sentences) if s.start <= start < s.end)
        words = tuple(w.index for w in sentences[s_index].words if w.start < end and w.end > start)
        out.append(Mention(start, end, surface, "DATE", s_index, words))
    return out


def values(timexes: Sequence[Timex]) -> list[tuple[str, str | None]]:
    return [(t.text, t.value) for t in timexes]


QUARTER_ENDED, (QUARTER_ENDED_PARSE,) = load_parse("QUARTER_ENDED").text, load_parse("QUARTER_ENDED").rows


def test_a_span_holding_two_expressions_is_cut() -> None:
    sents = [sentence(QUARTER_ENDED_PARSE, QUARTER_ENDED)]
    timexes = find_timexes(sents, QUARTER_ENDED, ner(sents, QUARTER_ENDED, "the quarter ended Sept. 30"), [], WSJ)
    assert values(timexes) == [("the quarter", "1989-Q3"), ("Sept. 30", "1989-09-30")]


XINHUA, (XINHUA_PARSE,) = load_parse("XINHUA").text, load_parse("XINHUA").rows


def test_a_trailing_dateline_source_is_dropped() -> None:
    sents = [sentence(XINHUA_PARSE, XINHUA)]
    timexes = find_timexes(sents, XINHUA, ner(sents, XINHUA, "August 7 (Xinhua)"), [], dt.date(1998, 8, 8))
    assert values(timexes) == [("August 7", "1998-08-07")]


Q3_TEXT, Q3_PARSES = load_parse("Q3").text, load_parse("Q3").rows  # three sentences


def _q3_sentences() -> list[Sentence]:
    out, offset = [], 0
    for rows in Q3_PARSES:
        sent = sentence(rows, Q3_TEXT, offset)
        out.append(sent)
        offset = sent.end
    return out


def test_anaphora_follow_the_quarter_last_talked_about() -> None:
    sents = _q3_sentences()
    mentions = ner(sents, Q3_TEXT, "the third quarter", "a year earlier", "the quarter")
    timexes = find_timexes(sents, Q3_TEXT, mentions, [], WSJ)
    # "a year earlier" leans on the third quarter and does not become the topic itself.
    assert values(timexes) == [("the third quarter", "1989-Q3"), ("a year earlier", "1988-Q3"),
                               ("the quarter", "1989-Q3")]


def test_without_a_reference_a_year_earlier_is_a_year() -> None:
    sents = _q3_sentences()[1:2]  # "Sales fell from a year earlier." alone
    timexes = find_timexes(sents, Q3_TEXT, ner(sents, Q3_TEXT, "a year earlier"), [], WSJ)
    assert values(timexes) == [("a year earlier", "1988")]


SLUMPED, (SLUMPED_PARSE,) = load_parse("SLUMPED").text, load_parse("SLUMPED").rows


def test_a_participle_takes_the_tense_of_its_clause() -> None:
    sents = [sentence(SLUMPED_PARSE, SLUMPED)]
    timexes = find_timexes(sents, SLUMPED, ner(sents, SLUMPED, "Friday"), [], dt.date(1989, 10, 30))
    assert values(timexes) == [("Friday", "1989-10-27")] and timexes[0].tense == "past"


FOLLOWS, (FOLLOWS_PARSE,) = load_parse("FOLLOWS").text, load_parse("FOLLOWS").rows


def test_a_possessive_weekday_is_not_a_scheduled_one() -> None:
    sents = [sentence(FOLLOWS_PARSE, FOLLOWS)]
    timexes = find_timexes(sents, FOLLOWS, ner(sents, FOLLOWS, "Tuesday's"), [], dt.date(1989, 10, 27))
    assert values(timexes) == [("Tuesday's", "1989-10-24")]


SPLIT, SPLIT_PARSES = load_parse("SPLIT").text, load_parse("SPLIT").rows  # two sentences


def test_a_date_cut_by_a_sentence_break_is_read_whole() -> None:
    first = sentence(SPLIT_PARSES[0], SPLIT)
    sents = [first, sentence(SPLIT_PARSES[1], SPLIT, first.end)]
    timexes = find_timexes(sents, SPLIT, ner(sents, SPLIT, "Aug.", "2"), [], dt.date(1990, 8, 15))
    assert values(timexes) == [("Aug. 2", "1990-08-02")]
