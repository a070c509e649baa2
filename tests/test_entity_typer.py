"""The entity type classifier: its weights file, its features, its rule, and what the shipped model does
to real sentences (from development articles of seeds/news) through the real pipeline."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time
from pathlib import Path
from typing import Any

import pytest

from scripts.train_entity_types import CLASSES, decide, install, label, score
from service.extract import ExtractRequest
from service.extract import entities as entities_module
from service.extract.entities import Entity, Mention, _with_learned_types
from service.extract.entity_typer import (
    FILE,
    NONE,
    TextFacts,
    TypeModel,
    entity_features,
    judge,
    load_type_model,
    type_model_from,
)
from tests.real import real_extractor

ROOT = Path(__file__).resolve().parents[1]


def shipped_data() -> dict[str, Any]:
    return json.loads((ROOT / "service" / "data" / "weights" / FILE).read_text(encoding="utf-8"))


def entity(eid: str, etype: str, *spans: tuple[int, int], text: str, name: str = "") -> Entity:
    mentions = [Mention(s, e, text[s:e], etype, 0, (0,), entity=eid, confidence=0.9) for s, e in spans]
    return Entity(eid, etype, mentions, name or mentions[0].text)


def test_shipped_weights_load_and_match_the_trainer() -> None:
    model = load_type_model()
    data = shipped_data()
    assert model.classes == CLASSES == tuple(data["classes"]) and model.classes[0] == NONE
    assert (model.threshold, model.drop_threshold) == (data["threshold"], data["drop_threshold"]) == (0.5, 0.8)
    assert {"bias", "type:GPE", "lower_elsewhere", "prev:in"} <= set(model.weights)


@pytest.mark.parametrize(("change", "fault"), [
    ({"classes": ["ORG", "none"]}, "classes"),
    ({"classes": ["none", "ORG", "ORG"]}, "classes"),
    ({"classes": ["none", "DATE"]}, "classes"),
    ({"threshold": 0}, "threshold"),
    ({"drop_threshold": 1.5}, "drop_threshold"),
    ({"drop_threshold": True}, "drop_threshold"),
    ({"weights": {"bias": [1.0]}}, "weights"),
    ({"weights": {"bias": [True] * 12}}, "weights"),
    ({"threhold": 0.5}, "unknown key"),
])
def test_a_malformed_weights_file_is_refused_naming_the_fault(change: dict[str, Any], fault: str) -> None:
    data = {**shipped_data(), **change}
    with pytest.raises(ValueError, match=fault):
        type_model_from(data)


def test_features_see_the_mentions_neighbours_lines_and_lower_case_uses() -> None:
    text = "Township Approves Budget\n\nThe township board met in Springfield's hall on Monday."
    township = entity("E1", "ORG", (0, 8), text=text)
    springfield = entity("E2", "GPE", (text.index("Springfield"), text.index("Springfield") + 11), text=text)
    facts = TextFacts(text)
    f = entity_features(township, facts)
    assert f["lower_elsewhere"] == 1.0 and f["prev:<start>"] == 1.0 and f["short_line"] == 1.0
    assert f["type:ORG"] == 1.0 and f["tagged:ORG"] == 1.0 and f["head:township"] == 1.0
    g = entity_features(springfield, facts)
    assert g["prev:in"] == 1.0 and g["next:'s"] == 1.0 and g["sports"] == 0.0 and "lower_elsewhere" not in g


def test_text_facts_find_lower_case_phrases_and_line_shapes_once_per_text() -> None:
    text = "Township Board Approves Budget\nThe township board met; the j.c. rule held.\n" + "word " * 20
    facts = TextFacts(text)
    assert facts.writes_in_lower_case("Township Board") and facts.writes_in_lower_case("J.C.")
    assert not facts.writes_in_lower_case("Budget") and not facts.writes_in_lower_case("")
    assert not facts.writes_in_lower_case("the township board met the")  # longer than LOWER_PHRASE_WORDS
    assert facts.line_shape(0) == (4, 4) and facts.line_shape(len(text) - 1) == (20, 0)


def model(**rows: tuple[float, ...]) -> TypeModel:
    return TypeModel(CLASSES, 0.5, 0.8, {name: row for name, row in rows.items()})


def one_hot(cls: str, weight: float) -> tuple[float, ...]:
    return tuple(weight if c == cls else 0.0 for c in CLASSES)


def test_the_rule_retypes_drops_and_keeps_by_its_two_thresholds() -> None:
    text = "Burnley beat Leeds. The Prison said. Paris."
    burnley = entity("E1", "GPE", (0, 7), text=text)
    prison = entity("E2", "ORG", (text.index("Prison"), text.index("Prison") + 6), text=text)
    paris = entity("E3", "GPE", (text.index("Paris"), text.index("Paris") + 5), text=text)
    m = model(**{"head:burnley": one_hot("ORG", 9.0), "head:prison": one_hot(NONE, 9.0),
                 "head:paris": one_hot(NONE, 2.8)})  # none at about 0.58: below the drop threshold
    verdicts = judge([burnley, prison, paris], text, m)
    assert verdicts[0] is not None and verdicts[0].label == "ORG"
    assert verdicts[1] is not None and verdicts[1].label == NONE
    assert verdicts[2] is None


def test_entities_of_other_types_are_never_judged() -> None:
    text = "It cost 40 dollars."
    amount = entity("E1", "MONEY", (8, 18), text=text)
    assert judge([amount], text, model(bias=one_hot(NONE, 20.0))) == [None]


def test_an_entity_no_tagger_scored_is_never_judged() -> None:
    text = "Macron met Tusk."
    macron = entity("E1", "PERSON", (0, 6), text=text)
    macron.mentions[0].confidence = None
    assert judge([macron], text, model(bias=one_hot(NONE, 20.0))) == [None]


def test_dropped_entities_take_their_mentions_and_the_rest_are_renumbered(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "FIRST half: Lewisville beat Plano. Lewisville won."
    first = entity("E1", "ORG", (0, 5), text=text)
    lewisville = entity("E2", "GPE", (12, 22), (35, 45), text=text)
    plano = entity("E3", "GPE", (28, 33), text=text)
    m = model(**{"head:first": one_hot(NONE, 9.0), "head:lewisville": one_hot("ORG", 9.0)})
    monkeypatch.setattr(entities_module, "judge", lambda ents, txt, **kw: judge(ents, txt, m, **kw))
    kept = _with_learned_types([first, lewisville, plano], {}, text, False)
    assert [(e.id, e.name, e.type) for e in kept] == [("E1", "Lewisville", "ORG"), ("E2", "Plano", "GPE")]
    assert {m.entity for m in kept[0].mentions} == {"E1"} and kept[1].mentions[0].entity == "E2"


def test_the_trainer_labels_and_scores_as_eval_news_counts() -> None:
    gold = [{"type": "ORG", "forms": ["burnley"]}, {"type": "GPE", "forms": ["leeds"]}]
    burnley = {"type": "GPE", "forms": ["burnley"]}
    score_word = {"type": "LAW", "forms": ["6-1"]}
    assert label(burnley, gold) == "ORG" and label(score_word, gold) == NONE
    article = {"entities": [burnley, score_word], "gold": gold}
    assert score(article, ["GPE", "LAW"]) == {"returned": 2, "correct": 0, "gold": 2, "found": 0}
    assert score(article, ["ORG", None]) == {"returned": 1, "correct": 1, "gold": 2, "found": 1}
    p = [0.0] * len(CLASSES)
    p[CLASSES.index("ORG")], p[CLASSES.index("GPE")] = 0.55, 0.45
    assert decide(p, "GPE", 0.5, 0.8) == "ORG" and decide(p, "GPE", 0.6, 0.8) == "GPE"


def test_training_writes_a_file_the_service_loads(tmp_path: Path) -> None:
    features = [{"bias": 1.0, "type:GPE": 1.0, "head:burnley": 1.0}, {"bias": 1.0, "type:LAW": 1.0, "digit": 1.0}]
    data = {f"n{i}": {"entities": [{"type": "GPE", "forms": ["burnley"], "features": features[0]},
                                   {"type": "LAW", "forms": ["6-1"], "features": features[1]}],
                      "gold": [{"type": "ORG", "forms": ["burnley"]}]} for i in range(4)}
    out = tmp_path / FILE
    install(data, argparse.Namespace(min_count=1, l2=1e-3, threshold=0.6, drop_threshold=0.9, output=out))
    shipped = type_model_from(json.loads(out.read_text(encoding="utf-8")))
    assert shipped.classes == CLASSES and (shipped.threshold, shipped.drop_threshold) == (0.6, 0.9)
    assert shipped.weights["head:burnley"][CLASSES.index("ORG")] > 0


def extract(text: str) -> dict[str, Any]:
    (body,) = real_extractor().extract_many([ExtractRequest(text=text, date=dt.date(2020, 1, 1))])
    assert isinstance(body, dict)
    return body


def test_a_match_score_is_no_name() -> None:
    body = extract('"Mané suffered a right fibula injury in Bayern\'s 6-1 win over Werder Bremen," the club said.\n\n'
                   "Ireland’s interim head coach put the 27-18 win in the context of going down to 14 men.")
    assert not [e for e in body["entities"] if e["name"] in {"6-1", "27-18"}]


def test_a_headline_word_the_story_writes_in_lower_case_is_no_name() -> None:
    body = extract("NASA Discovers Moon on Approaching Asteroid\n\nAsteroid will make its closest pass to Earth "
                   "for at least 200 years.\n\nThe asteroid, about 150 feet wide, will pass within 17,200 miles of "
                   "Earth on Friday, NASA said.")
    found = {(e["name"], e["type"]) for e in body["entities"]}
    assert ("NASA", "ORG") in found and ("Earth", "LOC") in found
    assert not [name for name, _ in found if name.lower() == "asteroid"]


def test_the_text_is_read_once_per_document_and_the_deadline_per_entity(monkeypatch: pytest.MonkeyPatch) -> None:
    # A text of thousands of names must not cost their number times its length (a search of the
    # whole text per entity took 330 s for 20,000 names in 460,000 characters; once per text, 0.7 s).
    from service.deadline import BudgetExceeded, Deadline
    from service.extract import entity_typer

    text = " ".join(f"Name{i} spoke." for i in range(300))
    many = [entity(f"E{i}", "PERSON", (text.index(f"Name{i} "), text.index(f"Name{i} ") + len(f"Name{i}")),
                   text=text) for i in range(300)]
    built: list[str] = []
    original = entity_typer.TextFacts.__init__

    def counting(self: TextFacts, txt: str, sports: bool | None = None) -> None:
        built.append(txt)
        original(self, txt, sports)

    monkeypatch.setattr(entity_typer.TextFacts, "__init__", counting)
    assert len(judge(many, text)) == 300 and len(built) == 1
    with pytest.raises(BudgetExceeded):
        judge(many, text, deadline=Deadline(time.monotonic() - 1.0))
