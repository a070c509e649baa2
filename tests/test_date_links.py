"""The date link classifier: its weights file, its candidates and features, the stage's rule, the
trainer's copy of that rule, and what the shipped model does to a real sentence through the real
pipeline."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from scripts.train_date_links import apply, install, tbaq_half
from service.extract import ExtractRequest
from service.extract.date_links import (
    CLASSES,
    FILE,
    LinkModel,
    candidates,
    complements_of,
    date_features,
    link_features,
    link_model_from,
    load_link_model,
)
from service.extract.entities import cluster
from service.extract.events import EventFinder
from service.extract.lexicons import load_lexicons
from service.extract.timexes import Timex
from service.nlp.records import Sentence
from tests.parsed import sentence
from tests.real import real_extractor

ROOT = Path(__file__).resolve().parents[1]
TEXT = "Ryan beat Webster in Wednesday's election."
ROWS = """
Ryan Ryan PROPN 2 nsubj B-PERSON
beat beat VERB 0 root O Tense=Past|VerbForm=Fin
Webster Webster PROPN 2 obj S-PERSON
in in ADP 7 case
Wednesday Wednesday PROPN 7 nmod:poss S-DATE
's 's PART 5 case
election election NOUN 2 obl
. . PUNCT 2 punct
"""


def parsed() -> tuple[Sentence, Timex]:
    sent = sentence(ROWS, TEXT)
    start = TEXT.index("Wednesday")
    return sent, Timex("T1", start, start + 9, "Wednesday", "DATE", "2015-10-28", None, True, 0, 4, "past")


def shipped_data() -> dict[str, Any]:
    return json.loads((ROOT / "service" / "data" / "weights" / FILE).read_text(encoding="utf-8"))


def features(sent: Sentence, timex: Timex, word: int, rule: int | None) -> dict[str, float]:
    lexicons = load_lexicons()
    return link_features(sent, timex, sent.words[word], None if rule is None else sent.words[rule],
                         date=date_features(sent, timex), event_nouns=lexicons.events.nouns,
                         speech_verbs=lexicons.dates.speech_verbs, light_verbs=lexicons.events.light_verbs,
                         dated_elsewhere=False, quoted=False)


def test_shipped_weights_load_and_match_the_trainer() -> None:
    model = load_link_model()
    data = shipped_data()
    assert tuple(data["classes"]) == CLASSES == ("no", "yes")
    assert (model.threshold, model.drop_threshold) == (data["threshold"], data["drop_threshold"]) == (0.25, 0.05)
    assert {"bias", "rule", "no_rule", "event_noun"} <= set(model.weights)
    assert "TBAQ-cleaned" in data["trained_on"]


@pytest.mark.parametrize(("change", "fault"), [
    ({"classes": ["yes", "no"]}, "classes"),
    ({"threshold": 0}, "threshold"),
    ({"drop_threshold": True}, "drop_threshold"),
    ({"weights": {"bias": [1.0]}}, "weights"),
    ({"treshold": 0.5}, "unknown key"),
])
def test_a_malformed_weights_file_is_refused_naming_the_fault(change: dict[str, Any], fault: str) -> None:
    with pytest.raises(ValueError, match=fault) as caught:
        link_model_from({**shipped_data(), **change})
    assert FILE in str(caught.value)


def test_candidates_climb_from_the_date_and_never_take_its_own_words() -> None:
    sent, timex = parsed()
    nouns = load_lexicons().events.nouns
    # Names are no candidates (neither "Ryan" nor "Webster" is an event noun), nor is the date.
    assert [w.text for w in candidates(sent, timex, sent.words[6], nouns)] == ["beat", "election"]
    assert [w.text for w in candidates(sent, timex, None, nouns)] == ["beat", "election"]


def test_only_the_nearest_complements_of_a_verb_are_candidates() -> None:
    # A verb coordinated with many others (a hostile list): each date of the sentence would
    # otherwise take them all as candidates.
    verbs = ["met"] + [f"v{i}" for i in range(10)]
    text = " and ".join(verbs) + " Monday ."
    rows = ["met meet VERB 0 root"]
    for i in range(1, 11):
        rows += ["and and CCONJ 1 cc", f"v{i - 1} v VERB 1 conj"]
    rows += ["Monday Monday PROPN 1 obl:tmod", ". . PUNCT 1 punct"]
    # (each "and" hangs on the root here: the rows only need heads, not a faithful parse)
    sent = sentence("\n".join(rows), text)
    nearest = complements_of(sent, sent.words[0])
    assert [w.text for w in nearest] == ["v0", "v1", "v2"]
    start = text.index("Monday")
    monday = Timex("T1", start, start + 6, "Monday", "DATE", "2025-02-17", None, True, 0, len(rows) - 2, "past")
    assert [w.text for w in candidates(sent, monday, None, ())] == ["met", "v0", "v1", "v2"]


def test_features_say_where_the_word_is_from_the_date_and_the_rules_trigger() -> None:
    sent, timex = parsed()
    beat = features(sent, timex, 1, rule=6)
    assert {"above_rule_1", "above_rule:NOUN_obl>VERB_1", "steps_2", "path:nmod:poss>obl", "root",
            "has_subject", "date_rel:nmod:poss", "date_gran:day"} <= set(beat)
    election = features(sent, timex, 6, rule=6)
    assert {"rule", "rule_upos:NOUN", "event_noun", "steps_1"} <= set(election)
    assert "no_rule" in features(sent, timex, 1, rule=None)


def finder_events(model: LinkModel | None) -> dict[str, str | None]:
    sent, timex = parsed()
    finder = EventFinder([sent], TEXT, cluster([sent], TEXT, learned_types=False), dt.date(2015, 10, 30),
                         links=model)
    return {e.trigger.text: e.timex and e.timex.value for e in finder.find([timex], [])}


def test_the_rule_adds_at_threshold_and_drops_below_drop_threshold() -> None:
    assert finder_events(None) == {"election": "2015-10-28"}
    adds = LinkModel(0.5, 0.05, {"above_rule_1": (0.0, 3.0)})
    assert finder_events(adds) == {"beat": "2015-10-28", "election": "2015-10-28"}
    too_high = LinkModel(0.99, 0.05, {"above_rule_1": (0.0, 3.0)})
    assert finder_events(too_high) == {"election": "2015-10-28"}
    drops = LinkModel(0.6, 0.05, {"rule": (5.0, 0.0)})
    assert finder_events(drops) == {}
    # The rules' trigger is kept when the model adds it from another route: never both.
    moves = LinkModel(0.5, 0.05, {"rule": (5.0, 0.0), "above_rule_1": (0.0, 3.0)})
    assert finder_events(moves) == {"beat": "2015-10-28"}


def test_the_trainer_applies_the_stage_rule() -> None:
    def pair(key: list[int], text: str, rule: bool) -> dict[str, Any]:
        return {"key": key, "start": key[1] * 10, "end": key[1] * 10 + len(text), "text": text, "value": "2015-10-28",
                "timex": [0, 9], "rule": rule, "features": {}}

    said = {"key": [0, 3], "status": "reported", "quote": True, "date": {"value": "2015-10-28"},
            "trigger": {"start": 30, "end": 34, "text": "said"}}
    document = {"events": [said], "pairs": [pair([0, 3], "said", True), pair([0, 1], "beat", False),
                                            pair([0, 2], "election", False)]}
    events = {e["trigger"]["text"]: e["date"] for e in apply(document, [0.01, 0.3, 0.2], add=0.25, drop=0.05)}
    # "said" is dropped as a date's trigger but stays the quote's speech event, undated.
    assert events == {"said": None, "beat": {"value": "2015-10-28"}}
    assert {tbaq_half(f"doc{i}.tml") for i in range(20)} == {0, 1}


def test_training_writes_a_file_the_service_loads(tmp_path: Path) -> None:
    def document(label: int, feature: str) -> dict[str, Any]:
        return {"events": [], "pairs": [{"features": {"bias": 1.0, feature: 1.0}, "label": label}] * 4}

    args = argparse.Namespace(output=tmp_path / FILE, min_count=1, l2=1e-3, threshold=0.25, drop_threshold=0.05)
    install({"a": document(1, "rule"), "b": document(0, "no_rule")}, args, {"t.tml": document(0, "off_date_path")})
    model = link_model_from(json.loads(args.output.read_text(encoding="utf-8")))
    assert model.probability({"bias": 1.0, "rule": 1.0}) > 0.5 > model.probability({"bias": 1.0, "no_rule": 1.0})
    assert "1 TBAQ-cleaned documents" in json.loads(args.output.read_text(encoding="utf-8"))["trained_on"]


def test_a_verb_whose_setting_is_a_dated_event_noun_is_dated_through_the_real_pipeline() -> None:
    text = "Ryan handily beat Webster in Wednesday's GOP conference election to become the party's nominee."
    (body,) = real_extractor().extract_many([ExtractRequest(text=text, date=dt.date(2015, 10, 30))])
    dated = {e["trigger"]["text"]: e["date"] and e["date"]["value"] for e in body["events"]}
    assert dated["beat"] == dated["election"] == "2015-10-28"
