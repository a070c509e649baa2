"""The entity, date, quote and event stages on exact hand-written parses (no models)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from service.extract import ExtractionPipeline, ExtractRequest
from service.extract.doc import Sentence
from tests.parsed import sentence

P1 = "Rubio had earlier sought to play down expectations."
P2 = '"A process towards peace is not a one-meeting thing," he told the CBS network.'
P3 = '"Today, leaders are gathering," said Foreign Minister Peter Szijjarto.'
P4 = "Barrot said Sunday it would fall to Europe."
P5 = "Marco Rubio will meet Jean-Noel Barrot in Riyadh on Tuesday."

PARSES = {
    P1: """
Rubio Rubio PROPN 4 nsubj S-PERSON
had have AUX 4 aux O Tense=Past
earlier early ADV 4 advmod
sought seek VERB 0 root O Tense=Past|VerbForm=Part
to to PART 6 mark
play play VERB 4 xcomp
down down ADP 6 compound:prt
expectations expectation NOUN 6 obj
. . PUNCT 4 punct
""",
    P2: """
" " PUNCT 10 punct
A a DET 3 det
process process NOUN 10 nsubj
towards towards ADP 5 case
peace peace NOUN 3 nmod
is be AUX 10 cop O Tense=Pres
not not PART 10 advmod
a a DET 10 det
one-meeting one-meeting ADJ 10 amod
thing thing NOUN 0 root
, , PUNCT 10 punct
" " PUNCT 10 punct
he he PRON 14 nsubj
told tell VERB 10 parataxis O Tense=Past
the the DET 17 det
CBS CBS PROPN 17 compound S-ORG
network network NOUN 14 obj
. . PUNCT 10 punct
""",
    P3: """
" " PUNCT 6 punct
Today today NOUN 6 obl:tmod S-DATE
, , PUNCT 6 punct
leaders leader NOUN 6 nsubj
are be AUX 6 aux O Tense=Pres
gathering gather VERB 0 root O VerbForm=Ger
, , PUNCT 6 punct
" " PUNCT 6 punct
said say VERB 6 parataxis O Tense=Past
Foreign foreign ADJ 11 amod
Minister minister PROPN 12 compound
Peter Peter PROPN 9 nsubj B-PERSON
Szijjarto Szijjarto PROPN 12 flat E-PERSON
. . PUNCT 6 punct
""",
    P4: """
Barrot Barrot PROPN 2 nsubj S-PERSON
said say VERB 0 root O Tense=Past
Sunday Sunday PROPN 2 obl:tmod S-DATE
it it PRON 6 expl
would would AUX 6 aux
fall fall VERB 2 ccomp
to to ADP 8 case
Europe Europe PROPN 6 obl S-LOC
. . PUNCT 2 punct
""",
    P5: """
Marco Marco PROPN 4 nsubj B-PERSON
Rubio Rubio PROPN 1 flat E-PERSON
will will AUX 4 aux
meet meet VERB 0 root O VerbForm=Inf
Jean-Noel Jean-Noel PROPN 4 obj B-PERSON
Barrot Barrot PROPN 5 flat E-PERSON
in in ADP 8 case
Riyadh Riyadh PROPN 4 obl S-GPE
on on ADP 10 case
Tuesday Tuesday PROPN 4 obl S-DATE
. . PUNCT 4 punct
""",
}


class FakeNlp:
    """Returns the hand-written parse of each known paragraph."""

    processors = ("tokenize", "mwt", "pos", "lemma", "depparse", "ner")

    def annotate(self, texts: Sequence[str]) -> list[list[Sentence]]:
        return [[sentence(PARSES[t], t)] for t in texts]


def run(*paragraphs: str, date: dt.date | None = dt.date(2025, 2, 17)) -> tuple[str, dict[str, Any]]:
    text = "\n".join(paragraphs)
    pipeline = ExtractionPipeline(FakeNlp(), {"name": "fake", "version": "0", "processors": FakeNlp.processors})
    return text, pipeline.extract_many([ExtractRequest(text=text, date=date)])[0]


def entity_name(body: dict[str, Any], entity_id: str | None) -> str | None:
    return next((e["name"] for e in body["entities"] if e["id"] == entity_id), None)


def test_pronoun_speaker_resolves_to_the_latest_person() -> None:
    text, body = run(P1, P2)
    (quote,) = body["quotes"]
    assert quote["kind"] == "direct"
    assert quote["content"]["text"] == "A process towards peace is not a one-meeting thing,"
    assert quote["cue"]["text"] == "told"
    assert quote["speaker"]["text"] == "he"
    assert entity_name(body, quote["speaker"]["entity"]) == "Rubio"


def test_inverted_speaker_with_title() -> None:
    _, body = run(P3)
    (quote,) = body["quotes"]
    assert quote["speaker"]["text"] == "Peter Szijjarto"
    assert entity_name(body, quote["speaker"]["entity"]) == "Peter Szijjarto"


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


def test_surnames_join_full_names_across_paragraphs() -> None:
    _, body = run(P1, P4, P5)
    people = {e["name"]: e for e in body["entities"] if e["type"] == "PERSON"}
    assert set(people) == {"Marco Rubio", "Jean-Noel Barrot"}
    assert [m["text"] for m in people["Marco Rubio"]["mentions"]] == ["Rubio", "Marco Rubio"]


def test_date_of_today_in_a_quote() -> None:
    _, body = run(P3)
    today = next(t for t in body["timexes"] if t["text"] == "Today")
    assert today["value"] == "2025-02-17"
    assert [e["trigger"]["text"] for e in body["events"]] == ["gathering", "said"]
