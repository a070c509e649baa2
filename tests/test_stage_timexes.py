"""The timex stage on exact hand-written parses (no models)."""

from __future__ import annotations

from tests.fake_nlp import run
from tests.parsed import load_parse

P3 = load_parse("P3").text


def test_date_of_today_in_a_quote() -> None:
    _, body = run(P3)
    today = next(t for t in body["timexes"] if t["text"] == "Today")
    assert today["value"] == "2025-02-17"
    assert [e["trigger"]["text"] for e in body["events"]] == ["gathering", "said"]
