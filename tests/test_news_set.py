"""The real-news evaluation set (seeds/news/): every gold file is valid and the set keeps its shape."""

from __future__ import annotations

from collections import Counter

from scripts.eval_news import load_articles, problems


def test_every_gold_file_is_valid() -> None:
    found = {a["id"]: list(problems(a)) for a in load_articles()}
    assert {k: v for k, v in found.items() if v} == {}


def test_the_set_covers_outlets_and_beats_and_keeps_its_split() -> None:
    articles = load_articles()
    assert len(articles) >= 60
    assert len({a["outlet"] for a in articles}) >= 15
    assert len({a["beat"] for a in articles}) >= 8
    assert Counter(a["split"] for a in articles) == {"dev": len(articles) - 20, "test": 20}
    assert len({a["id"] for a in articles}) == len(articles)
