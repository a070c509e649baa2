"""The timex stage on hand-written parses: spans cut into expressions, the date last talked about
(anaphora), the tense of non-finite and possessive timexes, a date cut by a sentence break."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from service.extract.doc import Sentence
from service.extract.entities import Mention
from service.extract.timexes import Timex, find_timexes
from tests.parsed import sentence

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


QUARTER_ENDED = "Net rose in the quarter ended Sept. 30."
QUARTER_ENDED_PARSE = """
Net net NOUN 2 nsubj
rose rise VERB 0 root O Tense=Past
in in ADP 5 case
the the DET 5 det
quarter quarter NOUN 2 obl
ended end VERB 5 acl O Tense=Past|VerbForm=Part
Sept. Sept. PROPN 6 obl
30 30 NUM 7 nummod
. . PUNCT 2 punct
"""


def test_a_span_holding_two_expressions_is_cut() -> None:
    sents = [sentence(QUARTER_ENDED_PARSE, QUARTER_ENDED)]
    timexes = find_timexes(sents, QUARTER_ENDED, ner(sents, QUARTER_ENDED, "the quarter ended Sept. 30"), [], WSJ)
    assert values(timexes) == [("the quarter", "1989-Q3"), ("Sept. 30", "1989-09-30")]


XINHUA = "BEIJING, August 7 (Xinhua) Talks opened."
XINHUA_PARSE = """
BEIJING Beijing PROPN 7 nsubj
, , PUNCT 1 punct
August August PROPN 1 appos
7 7 NUM 3 nummod
( ( PUNCT 6 punct
Xinhua Xinhua PROPN 3 appos
) ) PUNCT 6 punct
Talks talk NOUN 9 nsubj
opened open VERB 0 root O Tense=Past
. . PUNCT 9 punct
"""


def test_a_trailing_dateline_source_is_dropped() -> None:
    sents = [sentence(XINHUA_PARSE, XINHUA)]
    timexes = find_timexes(sents, XINHUA, ner(sents, XINHUA, "August 7 (Xinhua)"), [], dt.date(1998, 8, 8))
    assert values(timexes) == [("August 7", "1998-08-07")]


Q3_TEXT = "Profit rose in the third quarter. Sales fell from a year earlier. Costs in the quarter rose."
Q3_PARSES = ["""
Profit profit NOUN 2 nsubj
rose rise VERB 0 root O Tense=Past
in in ADP 5 case
the the DET 5 det
third third ADJ 6 amod
quarter quarter NOUN 2 obl
. . PUNCT 2 punct
""", """
Sales sale NOUN 2 nsubj
fell fall VERB 0 root O Tense=Past
from from ADP 6 case
a a DET 5 det
year year NOUN 6 obl:npmod
earlier earlier ADV 2 advmod
. . PUNCT 2 punct
""", """
Costs cost NOUN 5 nsubj
in in ADP 4 case
the the DET 4 det
quarter quarter NOUN 1 nmod
rose rise VERB 0 root O Tense=Past
. . PUNCT 5 punct
"""]


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


SLUMPED = "Its stock slumped, closing unchanged Friday."
SLUMPED_PARSE = """
Its its PRON 2 nmod:poss
stock stock NOUN 3 nsubj
slumped slump VERB 0 root O Mood=Ind|Tense=Past|VerbForm=Fin
, , PUNCT 5 punct
closing close VERB 3 advcl O Tense=Pres|VerbForm=Part
unchanged unchanged ADJ 5 xcomp
Friday Friday PROPN 5 obl:tmod S-DATE
. . PUNCT 3 punct
"""


def test_a_participle_takes_the_tense_of_its_clause() -> None:
    sents = [sentence(SLUMPED_PARSE, SLUMPED)]
    timexes = find_timexes(sents, SLUMPED, ner(sents, SLUMPED, "Friday"), [], dt.date(1989, 10, 30))
    assert values(timexes) == [("Friday", "1989-10-27")] and timexes[0].tense == "past"


FOLLOWS = "The move follows Tuesday's declaration by Ford."
FOLLOWS_PARSE = """
The the DET 2 det
move move NOUN 3 nsubj
follows follow VERB 0 root O Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin
Tuesday's Tuesday PROPN 5 nmod:poss S-DATE
declaration declaration NOUN 3 obj
by by ADP 7 case
Ford Ford PROPN 5 nmod
. . PUNCT 3 punct
"""


def test_a_possessive_weekday_is_not_a_scheduled_one() -> None:
    sents = [sentence(FOLLOWS_PARSE, FOLLOWS)]
    timexes = find_timexes(sents, FOLLOWS, ner(sents, FOLLOWS, "Tuesday's"), [], dt.date(1989, 10, 27))
    assert values(timexes) == [("Tuesday's", "1989-10-24")]


SPLIT = "Iraq invaded Kuwait on Aug. 2, the army said."
SPLIT_PARSES = ["""
Iraq Iraq PROPN 2 nsubj
invaded invade VERB 0 root O Tense=Past
Kuwait Kuwait PROPN 2 obj
on on ADP 5 case
Aug. Aug. PROPN 2 obl S-DATE
""", """
2 2 NUM 5 obl S-DATE
, , PUNCT 1 punct
the the DET 4 det
army army NOUN 5 nsubj
said say VERB 0 root O Tense=Past
. . PUNCT 5 punct
"""]


def test_a_date_cut_by_a_sentence_break_is_read_whole() -> None:
    first = sentence(SPLIT_PARSES[0], SPLIT)
    sents = [first, sentence(SPLIT_PARSES[1], SPLIT, first.end)]
    timexes = find_timexes(sents, SPLIT, ner(sents, SPLIT, "Aug.", "2"), [], dt.date(1990, 8, 15))
    assert values(timexes) == [("Aug. 2", "1990-08-02")]
