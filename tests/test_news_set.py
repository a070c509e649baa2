"""The real-news evaluation set (seeds/news/): every gold file is valid and the set keeps its shape."""

from __future__ import annotations

from collections import Counter
from typing import Any

from scripts.eval_news import load_articles, problems, score_article


def test_every_gold_file_is_valid() -> None:
    found = {a["id"]: list(problems(a)) for a in load_articles()}
    assert {k: v for k, v in found.items() if v} == {}


def test_the_set_covers_outlets_and_beats_and_keeps_its_split() -> None:
    articles = load_articles()
    assert len(articles) >= 60
    assert len({a["outlet"] for a in articles}) >= 15
    assert len({a["beat"] for a in articles}) >= 8
    # Each test split was retired into dev once scored up to three times: 20 articles at round 3,
    # 24 at rounds 5 to 11, 13, 15, 17 to 50, 23 at round 12; the forty-sixth test split (24
    # articles, n1120-n1143) was annotated for round 50 (during round 49's session) by annotators who
    # never ran herald (seeds/news/README.md).
    assert Counter(a["split"] for a in articles) == {"dev": len(articles) - 24, "test": 24}
    retired = Counter(a.get("retired_round") for a in articles if a.get("retired_test"))
    assert retired == {3: 20, 5: 24, 6: 24, 7: 24, 8: 24, 9: 24, 10: 24, 11: 24, 12: 23, 13: 24, 15: 24, 17: 24, 18: 24,
                       19: 24, 20: 24, 21: 24, 22: 24, 23: 24, 24: 24, 25: 24,
                       26: 24, 27: 24, 28: 24, 29: 24, 30: 24, 31: 24, 32: 24, 33: 24, 34: 24, 35: 24, 36: 24, 37: 24,
                       38: 24, 39: 24, 40: 24, 41: 24, 42: 24, 43: 24, 44: 24, 45: 24, 46: 24, 47: 24, 48: 24, 49: 24,
                       50: 24}
    assert all(a["split"] == "dev" for a in articles if a.get("retired_test"))
    assert all(a.get("round") == 50 for a in articles if a["split"] == "test")
    assert len({a["id"] for a in articles}) == len(articles)


ARTICLE = {
    "id": "n999-x", "outlet": "X", "url": "u", "published": "2025-02-17", "beat": "world", "split": "dev",
    "text": ("PARIS (AFP) - Emmanuel Macron met Olaf Scholz on Monday. \"We agree,\" Macron said.\n"
             "Reporting by Jo Bloggs"),
    "entities": [{"name": "Emmanuel Macron", "type": "PERSON", "aliases": ["Macron"]},
                 {"name": "Olaf Scholz", "type": "PERSON", "aliases": []}],
    "events": [{"anchor": "Macron met Olaf Scholz on Monday", "trigger": "met", "date": "2025-02-17",
                "status": "happened"}],
    "quotes": [{"anchor": "\"We agree,\" Macron said", "fragment": "We agree", "speaker": "Emmanuel Macron",
                "kind": "direct"}],
    "boilerplate": [{"anchor": "PARIS (AFP) -", "reason": "dateline"},
                    {"anchor": "Reporting by Jo Bloggs", "reason": "credit"}],
}


def span(text: str, part: str) -> dict[str, Any]:
    start = ARTICLE["text"].index(part)
    return {"text": part, "start": start, "end": start + len(part)}


def test_scoring_counts_matches_misses_and_leaks() -> None:
    body = {
        "entities": [
            {"id": "E1", "name": "Emmanuel Macron", "type": "PERSON",
             "mentions": [span("", "Emmanuel Macron"), span("", "Macron said")]},
            {"id": "E2", "name": "Olaf Scholz", "type": "ORG", "mentions": [span("", "Olaf Scholz")]},
            {"id": "E3", "name": "Jo Bloggs", "type": "PERSON", "mentions": [span("", "Jo Bloggs")]},
            {"id": "E4", "name": "Monday", "type": "DATE", "mentions": [span("", "Monday")]},
        ],
        "events": [{"trigger": span("", "met"), "date": {"value": "2025-02-17"}, "status": "happened"}],
        "quotes": [{"kind": "direct", "content": span("", "We agree,"),
                    "speaker": {**span("", "Macron said"), "text": "Macron", "entity": "E1"}}],
        "boilerplate": [{"start": 0, "end": 13}],
    }
    c = score_article(ARTICLE, body).counts
    assert (c["entities_gold"], c["entities_returned"], c["entities_found"], c["entities_correct"]) == (2, 3, 1, 1)
    assert (c["entities_found_untyped"], c["entities_correct_untyped"]) == (2, 2)
    assert (c["events_found"], c["events_right"], c["events_precise"]) == (1, 1, 1)
    assert (c["quotes_found"], c["quotes_speaker_right"], c["quotes_precise"]) == (1, 1, 1)
    assert (c["boilerplate_gold"], c["boilerplate_detected"], c["boilerplate_leaks"]) == (2, 1, 1)


def test_a_decade_or_week_counts_in_either_notation() -> None:
    # herald writes a decade "184X" where TIMEX3 (and the gold) writes "184", as eval_dates counts it
    decade = {**ARTICLE, "text": "In the 1840s, people swarmed the land.",
              "events": [{"anchor": "In the 1840s, people swarmed", "trigger": "swarmed", "date": "184",
                          "status": "happened"}], "entities": [], "quotes": [], "boilerplate": []}
    trigger = {"text": "swarmed", "start": 21, "end": 28}
    for value, right in (("184X", 1), ("184", 1), ("18XX", 0), ("1840", 0)):
        body = {"entities": [], "quotes": [], "boilerplate": [],
                "events": [{"trigger": trigger, "date": {"value": value}, "status": "happened"}]}
        assert score_article(decade, body).counts["events_right"] == right, value
