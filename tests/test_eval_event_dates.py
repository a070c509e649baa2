"""The dated-event scorer (scripts/eval_event_dates.py): TimeML link reading and scoring, no models."""

from __future__ import annotations

import datetime as dt
from typing import Any

from scripts.eval_event_dates import DatedEvent, Span, parse_timeml, same_value, score, sentence_around

TIMEML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>TEST1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-02-13" functionInDocument="CREATION_TIME">19980213</TIMEX3></DCT>
<TEXT>
The talks <EVENT eid="e1" class="OCCURRENCE">began</EVENT> on <TIMEX3 tid="t1" type="DATE" value="1998-02-10" \
functionInDocument="NONE">Tuesday</TIMEX3>. <TIMEX3 tid="t2" type="DATE" value="1998-01" \
functionInDocument="NONE">In January</TIMEX3> prices <EVENT eid="e2" class="OCCURRENCE">fell</EVENT>. \
He <EVENT eid="e3" class="REPORTING">said</EVENT> it <TIMEX3 tid="t5" type="DATE" value="1998-02-13" \
functionInDocument="CREATION_TIME">today</TIMEX3>. The <EVENT eid="e4" class="OCCURRENCE">strike</EVENT> \
<EVENT eid="e5" class="OCCURRENCE">lasted</EVENT> <TIMEX3 tid="t3" type="DURATION" value="P3D" \
functionInDocument="NONE">three days</TIMEX3>, <EVENT eid="e6" class="OCCURRENCE">ending</EVENT> before \
<TIMEX3 tid="t4" type="DATE" value="1998-02-01" functionInDocument="NONE">Feb. 1</TIMEX3>. \
The <EVENT eid="e7" class="OCCURRENCE">vote</EVENT> was <TIMEX3 tid="t6" type="DATE" value="1998-W07" \
functionInDocument="NONE">last week</TIMEX3> and the <EVENT eid="e8" class="OCCURRENCE">count</EVENT> \
<TIMEX3 tid="t7" type="DATE" value="1998-02-12" functionInDocument="NONE">yesterday</TIMEX3>.
</TEXT>
<MAKEINSTANCE eventID="e1" eiid="ei1" tense="PAST" aspect="NONE" polarity="POS" pos="VERB" />
<MAKEINSTANCE eventID="e2" eiid="ei2" tense="PAST" aspect="NONE" polarity="POS" pos="VERB" />
<MAKEINSTANCE eventID="e3" eiid="ei3" tense="PAST" aspect="NONE" polarity="POS" pos="VERB" />
<MAKEINSTANCE eventID="e4" eiid="ei4" tense="NONE" aspect="NONE" polarity="POS" pos="NOUN" />
<MAKEINSTANCE eventID="e5" eiid="ei5" tense="PAST" aspect="NONE" polarity="POS" pos="VERB" />
<MAKEINSTANCE eventID="e6" eiid="ei6" tense="PRESPART" aspect="NONE" polarity="POS" pos="VERB" />
<MAKEINSTANCE eventID="e7" eiid="ei7" tense="NONE" aspect="NONE" polarity="POS" pos="NOUN" />
<MAKEINSTANCE eventID="e8" eiid="ei8" tense="NONE" aspect="NONE" polarity="POS" />
<TLINK lid="l1" relType="IS_INCLUDED" eventInstanceID="ei1" relatedToTime="t1" />
<TLINK lid="l2" relType="INCLUDES" timeID="t2" relatedToEventInstance="ei2" />
<TLINK lid="l3" relType="IS_INCLUDED" eventInstanceID="ei3" relatedToTime="t0" />
<TLINK lid="l4" relType="INCLUDES" timeID="t0" relatedToEventInstance="ei3" />
<TLINK lid="l5" relType="IS_INCLUDED" eventInstanceID="ei3" relatedToTime="t5" />
<TLINK lid="l6" relType="DURING" eventInstanceID="ei5" relatedToTime="t3" />
<TLINK lid="l7" relType="IS_INCLUDED" eventInstanceID="ei4" relatedToTime="t3" />
<TLINK lid="l8" relType="BEFORE" eventInstanceID="ei6" relatedToTime="t4" />
<TLINK lid="l9" relType="AFTER" timeID="t4" relatedToEventInstance="ei6" />
<TLINK lid="l10" relType="INCLUDES" eventInstanceID="ei6" relatedToTime="t4" />
<TLINK lid="l11" relType="IS_INCLUDED" timeID="t4" relatedToEventInstance="ei6" />
<TLINK lid="l12" relType="SIMULTANEOUS" timeID="t6" relatedToEventInstance="ei7" />
<TLINK lid="l13" relType="DURING" eventInstanceID="ei8" relatedToTime="t7" />
<TLINK lid="l14" relType="IS_INCLUDED" eventInstanceID="ei8" relatedToTime="t1" />
<TLINK lid="l15" relType="IS_INCLUDED" eventInstanceID="ei1" relatedToEventInstance="ei2" />
</TimeML>
"""


def test_plain_text_and_offsets() -> None:
    doc = parse_timeml(TIMEML)
    assert doc.dct == dt.date(1998, 2, 13)
    assert "<" not in doc.text and doc.text.startswith("\nThe talks began on Tuesday.")
    for span in (*doc.events.values(), *doc.timexes.values()):
        assert doc.text[span.start:span.end] == span.text
    assert doc.events["e4"].text == "strike" and doc.timexes["t4"].text == "Feb. 1"


def test_dated_events_follow_link_direction_and_type() -> None:
    dated = {d.eid: d for d in parse_timeml(TIMEML).dated}
    # event IS_INCLUDED in a date; a date INCLUDES an event; SIMULTANEOUS time -> event; DURING event -> time
    assert dated["e1"].tid == "t1" and dated["e1"].value == "1998-02-10" and dated["e1"].pos == "VERB"
    assert dated["e2"].tid == "t2" and dated["e2"].lid == "l2"
    assert dated["e7"].value == "1998-W07" and dated["e7"].pos == "NOUN"
    # first qualifying link in document order wins (l13 before l14); no pos -> UNKNOWN
    assert dated["e8"].tid == "t7" and dated["e8"].lid == "l13" and dated["e8"].pos == "UNKNOWN"
    # links to the DCT (t0) or a CREATION_TIME timex in the text (t5) do not count
    assert "e3" not in dated
    # links to a DURATION do not count
    assert "e4" not in dated and "e5" not in dated
    # BEFORE / AFTER do not count, nor INCLUDES read event -> time or IS_INCLUDED read time -> event
    assert "e6" not in dated
    assert sorted(dated) == ["e1", "e2", "e7", "e8"]
    assert [d.eid for d in parse_timeml(TIMEML).dated] == ["e1", "e2", "e7", "e8"]  # link order
    g = dated["e2"]
    text = parse_timeml(TIMEML).text
    assert text[g.start:g.end] == "fell" and text[g.timex_start:g.timex_end] == "In January"


def test_links_from_the_dct_timex() -> None:
    # the DCT given as a time source (t0 INCLUDES ...) is skipped like the target
    xml = TIMEML.replace('timeID="t2" relatedToEventInstance="ei2"', 'timeID="t0" relatedToEventInstance="ei2"')
    assert [d.eid for d in parse_timeml(xml).dated] == ["e1", "e7", "e8"]


def gold(eid: str, start: int, end: int, value: str, pos: str = "VERB") -> DatedEvent:
    return DatedEvent(eid, start, end, "x" * (end - start), pos, "t1", value, "when", 0, 4, "l1")


def returned(start: int, end: int, value: str | None) -> dict[str, Any]:
    return {"trigger": {"text": "x" * (end - start), "start": start, "end": end},
            "date": None if value is None else {"value": value}}


def test_score_kinds() -> None:
    golds = [
        gold("e1", 10, 15, "1998-02-10"),  # right
        gold("e2", 20, 25, "1998-01"),  # found, other value (a day is not the month)
        gold("e3", 30, 35, "1998-02-01"),  # found, no date
        gold("e4", 40, 45, "1998-02-01", "NOUN"),  # missed (returned trigger only touches it)
        gold("e5", 50, 58, "199"),  # right by notation (decade)
        gold("e6", 60, 65, "2000-W7"),  # right by notation (week)
    ]
    events = [
        returned(10, 15, "1998-02-10"),
        returned(21, 24, "1998-01-15"),
        returned(30, 35, None),
        returned(35, 40, "1998-02-01"),  # touches e3's end and e4's start: overlaps neither
        returned(52, 55, "199X"),
        returned(60, 65, "2000-W07"),
        returned(70, 75, "1998-02-11"),  # over another gold EVENT
        returned(80, 85, "1998-02-12"),  # over nothing gold
        returned(90, 95, None),  # no date: not counted in the precision-like figure
    ]
    s = score(golds, events, [Span("e9", 70, 76, "xxxxxx"), Span("e1", 10, 15, "xxxxx")])
    kinds = {o.gold.eid: o.kind for o in s.outcomes}
    assert kinds == {"e1": "right", "e2": "other value", "e3": "no date", "e4": "missed", "e5": "right",
                     "e6": "right"}
    assert [o.gold.eid for o in s.outcomes if o.by_notation] == ["e5", "e6"]
    assert s.count("right") == 3 and s.count("missed") == 1
    assert s.returned_dated == {"dated gold event": 4, "other gold event": 1, "no gold event": 2}


def test_score_picks_the_most_overlapping_trigger() -> None:
    g = [gold("e1", 10, 20, "1998")]
    s = score(g, [returned(8, 11, "1997"), returned(12, 19, "1998"), returned(18, 25, None)])
    assert s.outcomes[0].kind == "right" and s.outcomes[0].returned == returned(12, 19, "1998")
    tie = score(g, [returned(8, 12, None), returned(18, 22, "1998")])
    assert tie.outcomes[0].kind == "no date"  # the first on a tie
    assert score(g, []).outcomes[0].kind == "missed"


def test_score_adds_up() -> None:
    total = score([gold("e1", 0, 3, "1998")], [returned(0, 3, "1998")])
    total.add(score([gold("e2", 0, 3, "1998")], []))
    assert [o.kind for o in total.outcomes] == ["right", "missed"]
    assert total.returned_dated == {"dated gold event": 1}


def test_same_value_equivalences_only() -> None:
    assert same_value("1998-01", "1998-01") == (True, False)
    assert same_value("19XX", "19") == (True, True)
    assert same_value("199X", "199") == (True, True)
    assert same_value("2000-W07-WE", "2000-W7-WE") == (True, True)
    assert same_value("1998", "1998-01") == (False, False)
    assert same_value(None, "1998") == (False, False)
    assert same_value("PAST_REF", "1998") == (False, False)


def test_sentence_around() -> None:
    text = "First one. Second, on May 5, here. Third"
    start = text.index("May")
    first, last = sentence_around(text, start, start + 3)
    assert text[first:last] == "Second, on May 5, here."
    first, last = sentence_around(text, text.index("Third"), len(text))
    assert text[first:last] == "Third"
