"""End-to-end extraction with the real models on the seed article and on focused sentences."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from service.extract import ExtractRequest
from tests.real import real_extractor

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_213a62ba50b0ddfd.txt"
GOLDEN = ROOT / "seeds" / "000_213a62ba50b0ddfd.expected.json"


def extract(text: str, date: dt.date | None = None) -> dict[str, Any]:
    return real_extractor().extract_many([ExtractRequest(text=text, date=date)])[0]


@pytest.fixture(scope="module")
def seed() -> tuple[str, dict[str, Any]]:
    text = SEED.read_text(encoding="utf-8")
    return text, extract(text)


def spans_of(body: dict[str, Any]) -> list[dict[str, Any]]:
    """Every span object in a response, to check offsets."""
    out: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if {"text", "start", "end"} <= node.keys():
                out.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(body)
    return out


def test_every_span_indexes_the_submitted_text(seed: tuple[str, dict[str, Any]]) -> None:
    text, body = seed
    spans = spans_of(body)
    assert len(spans) > 50
    for span in spans:
        assert text[span["start"]:span["end"]] == span["text"]


def test_date_header_is_the_anchor(seed: tuple[str, dict[str, Any]]) -> None:
    _, body = seed
    assert body["date"] == "2025-02-17" and body["date_source"] == "text"


def test_seed_named_entities(seed: tuple[str, dict[str, Any]]) -> None:
    _, body = seed
    by_name = {(e["name"], e["type"]) for e in body["entities"]}
    expected = [
        ("Emmanuel Macron", "PERSON"), ("Keir Starmer", "PERSON"), ("Donald Tusk", "PERSON"),
        ("Marco Rubio", "PERSON"), ("Volodymyr Zelensky", "PERSON"), ("Donald Trump", "PERSON"),
        ("Vladimir Putin", "PERSON"), ("Mark Rutte", "PERSON"), ("Mette Frederiksen", "PERSON"),
        ("Olaf Scholz", "PERSON"), ("Keith Kellogg", "PERSON"), ("Jean-Noel Barrot", "PERSON"),
        ("Jose Manuel Albares", "PERSON"), ("Christiane Hoffmann", "PERSON"), ("Viktor Orban", "PERSON"),
        ("Peter Szijjarto", "PERSON"), ("Mike Waltz", "PERSON"), ("Steve Witkoff", "PERSON"),
        ("Sergei Lavrov", "PERSON"), ("J.D. Vance", "PERSON"),
        ("Paris", "GPE"), ("Kyiv", "GPE"), ("Riyadh", "GPE"), ("Saudi Arabia", "GPE"), ("Ukraine", "GPE"),
        ("Russia", "GPE"), ("United States", "GPE"), ("Greenland", "GPE"), ("Hungary", "GPE"),
        ("Germany", "GPE"), ("Washington", "GPE"), ("United Arab Emirates", "GPE"), ("Turkey", "GPE"),
        ("NATO", "ORG"), ("European Union", "ORG"), ("CBS", "ORG"), ("Kremlin", "ORG"),
    ]
    found = [e for e in expected if e in by_name]
    missing = sorted(set(expected) - set(found))
    assert len(found) / len(expected) >= 0.9, f"missing or mistyped: {missing}"


def test_each_person_is_one_entity(seed: tuple[str, dict[str, Any]]) -> None:
    _, body = seed
    people = [e for e in body["entities"] if e["type"] == "PERSON"]
    names = [e["name"] for e in people]
    assert len(names) == len(set(names)), names
    macron = next(e for e in people if e["name"] == "Emmanuel Macron")
    assert {m["text"] for m in macron["mentions"]} >= {"Emmanuel Macron", "Macron"}
    assert len(macron["mentions"]) >= 3
    surnames = {n.split()[-1] for n in names if " " in n}
    assert not any(n in surnames for n in names if " " not in n), names


def test_aliases_cluster(seed: tuple[str, dict[str, Any]]) -> None:
    _, body = seed
    us = next(e for e in body["entities"] if e["name"] == "United States")
    assert {"U.S.", "United States"} <= {m["text"] for m in us["mentions"]}


def test_donation_appeal_is_boilerplate_and_silent(seed: tuple[str, dict[str, Any]]) -> None:
    text, body = seed
    appeal_start = text.index("A Message from The Moscow Times")
    assert [b["reason"] for b in body["boilerplate"]] == ["donation appeal"]
    assert body["boilerplate"][0]["start"] == appeal_start
    assert all(e["trigger"]["start"] < appeal_start for e in body["events"])
    assert all(q["content"]["start"] < appeal_start for q in body["quotes"])
    assert all(m["start"] < appeal_start for e in body["entities"] for m in e["mentions"])


def _event(text: str, body: dict[str, Any], trigger: str, context: str) -> dict[str, Any]:
    for event in body["events"]:
        sentence = event["sentence"]  # by reference: {index, start, end}
        if event["trigger"]["text"] == trigger and context in text[sentence["start"]:sentence["end"]]:
            return event
    raise AssertionError(f"no event {trigger!r} in a sentence with {context!r}: "
                         f"{[(e['trigger']['text'], e['date'] and e['date']['value']) for e in body['events']]}")


@pytest.mark.parametrize(("trigger", "context", "value"), [
    ("met", "European leaders met on Monday", "2025-02-17"),
    ("meet", "would on Tuesday meet", "2025-02-18"),
    ("invaded", "since Russia invaded Ukraine", "2022-02"),
    ("said", "Barrot said Sunday", "2025-02-16"),
    ("said", "Tusk, another key participant, said on Monday", "2025-02-17"),
    ("agreed", "Germany on Monday agreed", "2025-02-17"),
    ("visit", "was to visit Saudi Arabia", "2025-02-19"),
    ("announced", "Zelensky had announced the trip", "2025-W07"),
    # A "when" clause shares its main clause's date: Trump's call to Putin.
    ("called", "last week when he called Putin", "2025-W07"),
    ("said", "Britain's Starmer", "2025-02-16"),
    ("said", "Olaf Scholz", "2025-02-16"),
])
def test_seed_dated_events(seed: tuple[str, dict[str, Any]], trigger: str, context: str, value: str) -> None:
    text, body = seed
    event = _event(text, body, trigger, context)
    assert event["date"] is not None and event["date"]["value"] == value


def test_speech_event_links_its_quote(seed: tuple[str, dict[str, Any]]) -> None:
    text, body = seed
    event = _event(text, body, "said", "Barrot said Sunday")
    assert event["status"] == "reported" and event["quote"] is not None
    quote = next(q for q in body["quotes"] if q["id"] == event["quote"])
    assert quote["event"] == event["id"]


def _speaker_of(body: dict[str, Any], fragment: str) -> str | None:
    names = {e["id"]: e["name"] for e in body["entities"]}
    for quote in body["quotes"]:
        if fragment in quote["content"]["text"] and quote["speaker"]:
            return names.get(quote["speaker"]["entity"])
    raise AssertionError(f"no quote containing {fragment!r}")


@pytest.mark.parametrize(("fragment", "speaker"), [
    ("We will not be able to effectively help Ukraine", "Donald Tusk"),
    ("A process towards peace is not a one-meeting thing", "Marco Rubio"),
    ("nobody is currently planning to send troops", "Jose Manuel Albares"),
    ("prevent a peace agreement in Ukraine", "Peter Szijjarto"),
    ("our own troops on the ground if necessary", "Keir Starmer"),
    ("premature", "Christiane Hoffmann"),
    ("electroshock", "Emmanuel Macron"),
])
def test_seed_quotes(seed: tuple[str, dict[str, Any]], fragment: str, speaker: str) -> None:
    _, body = seed
    assert _speaker_of(body, fragment) == speaker


def test_no_anchor_keeps_placeholders() -> None:
    body = extract("The ministers met on Monday in Brussels.")
    assert body["date"] is None and body["date_source"] is None
    monday = next(t for t in body["timexes"] if t["text"] == "Monday")
    assert monday["value"] == "XXXX-WXX-1" and monday["resolved"] is False


def test_request_date_wins_over_header() -> None:
    body = extract("date 2025-02-17 The ministers met on Monday.", date=dt.date(2025, 3, 5))
    assert body["date"] == "2025-03-05" and body["date_source"] == "request"
    monday = next(t for t in body["timexes"] if t["text"] == "Monday")
    assert monday["value"] == "2025-03-03"


def test_batch_shares_one_call_and_keeps_order() -> None:
    texts = ["Angela Merkel visited Paris on Friday.", "Tokyo said on Tuesday it would act."]
    bodies = real_extractor().extract_many([ExtractRequest(text=t, date=dt.date(2025, 2, 17)) for t in texts])
    assert [b["entities"][0]["name"] for b in bodies] == ["Angela Merkel", "Tokyo"]


def test_golden_file_matches(seed: tuple[str, dict[str, Any]]) -> None:
    """The reviewed golden output; regenerate with `python -m scripts.golden` after an intended change."""
    _, body = seed
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    for b in (body, expected):
        b["stats"].pop("elapsed_ms", None)
        b.pop("model", None)
    assert body == expected
