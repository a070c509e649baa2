"""The whole pipeline on the fake NLP: a quote, its speech event, its date and its speaker linked together."""

from __future__ import annotations

from tests.fake_nlp import entity_name, run
from tests.parsed import load_parse

P4 = load_parse("P4").text


def test_indirect_speech_is_a_dated_speech_event() -> None:
    _, body = run(P4)
    (quote,) = body["quotes"]
    assert quote["kind"] == "indirect"
    assert quote["content"]["text"] == "it would fall to Europe"
    assert entity_name(body, quote["speaker"]["entity"]) == "Barrot"
    (event,) = body["events"]
    assert event["trigger"]["text"] == "said" and event["status"] == "reported"
    assert event["date"]["value"] == "2025-02-16"
    assert event["quote"] == quote["id"] and quote["event"] == event["id"]
