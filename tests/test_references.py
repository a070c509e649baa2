"""The pronoun resolver shared by the quote and event stages (service/extract/references.py),
on the fixture parses of tests/parses/ through the whole pipeline."""

from __future__ import annotations

from typing import Any

from tests.fake_nlp import entity_name, run
from tests.parsed import load_parse

DEAN, SNIFF = load_parse("DEAN").text, load_parse("SNIFF").text
TUSK_WHO, ME_QUOTED, YOU_TUESDAY = (load_parse(n).text for n in ("TUSK_WHO", "ME_QUOTED", "YOU_TUESDAY"))


def participants(body: dict[str, Any], trigger: str) -> list[tuple[str, str, str | None]]:
    """(role, text, entity name) of each participant of the event ``trigger``."""
    event = next(e for e in body["events"] if e["trigger"]["text"] == trigger)
    return [(p["role"], p["text"], entity_name(body, p["entity"])) for p in event["participants"]]


def test_a_speaker_pronoun_is_one_entity_in_the_quote_and_its_speech_event() -> None:
    # The latest person before "he" is Trump, inside the quote; the quote stage leaves the
    # quote's own words out and the event stage must agree with it.
    _, body = run(DEAN, SNIFF)
    (quote,) = body["quotes"]
    assert entity_name(body, quote["speaker"]["entity"]) == "Howard Dean"
    assert participants(body, "said") == [("agent", "he", "Howard Dean")]
    assert quote["event"] == next(e["id"] for e in body["events"] if e["trigger"]["text"] == "said")


def test_relative_pronoun_names_the_noun_its_clause_modifies() -> None:
    _, body = run(TUSK_WHO)
    assert participants(body, "met") == [("agent", "who", "Donald Tusk"), ("patient", "Macron", "Macron")]


def test_first_person_inside_a_quote_names_the_quote_speaker() -> None:
    _, body = run(ME_QUOTED)
    assert ("patient", "me", "Barrot") in participants(body, "called")


def test_a_pronoun_in_no_list_names_no_entity() -> None:
    _, body = run(YOU_TUESDAY)
    assert participants(body, "met") == [("agent", "you", None)]
