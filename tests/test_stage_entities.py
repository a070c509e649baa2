"""The entity stage on exact hand-written parses (no models): names joined across paragraphs."""

from __future__ import annotations

from tests.fake_nlp import run
from tests.parsed import load_parse

P1 = load_parse("P1").text
P4 = load_parse("P4").text
P5 = load_parse("P5").text


def test_surnames_join_full_names_across_paragraphs() -> None:
    _, body = run(P1, P4, P5)
    people = {e["name"]: e for e in body["entities"] if e["type"] == "PERSON"}
    assert set(people) == {"Marco Rubio", "Jean-Noel Barrot"}
    assert [m["text"] for m in people["Marco Rubio"]["mentions"]] == ["Rubio", "Marco Rubio"]
