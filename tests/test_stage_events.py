"""The event stage on exact hand-written parses (no models): participants, location, status, dates."""

from __future__ import annotations

from tests.fake_nlp import entity_name, run
from tests.parsed import load_parse

P5 = load_parse("P5").text
SIDELINED = load_parse("SIDELINED").text
TODAY_ON_CUE = load_parse("TODAY_ON_CUE").text


def test_event_participants_location_and_planned_status() -> None:
    _, body = run(P5)
    assert body["timexes"][0]["value"] == "2025-02-18"  # "will meet ... on Tuesday": the future Tuesday
    (event,) = body["events"]
    assert event["trigger"]["text"] == "meet" and event["lemma"] == "meet"
    assert event["date"]["value"] == "2025-02-18"
    roles = {(p["role"], entity_name(body, p["entity"])) for p in event["participants"]}
    assert roles == {("agent", "Marco Rubio"), ("patient", "Jean-Noel Barrot")}
    assert entity_name(body, event["location"]) == "Riyadh"
    assert event["status"] == "planned"


def test_date_in_a_verbless_misparse_dates_the_verb_under_the_noun() -> None:
    _, body = run(SIDELINED)
    dated = {e["trigger"]["text"]: e["date"] and e["date"]["value"] for e in body["events"]}
    assert dated == {"sidelined": "2025-W07", "called": "2025-W07"}


def test_quoted_date_attached_to_the_cue_dates_the_quoted_clause() -> None:
    _, body = run(TODAY_ON_CUE)
    dated = {e["trigger"]["text"]: e["date"] and e["date"]["value"] for e in body["events"]}
    assert dated == {"meeting": "2025-02-17", "said": None}
