"""Confidence (CRF marginals, calibration, speaker and date bases), salience and min_confidence."""

from __future__ import annotations

import itertools
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from schemas import ExtractResponseSchema
from schemas.base import DATE_BASES, SPEAKER_BASES
from service.extract import ExtractRequest
from service.extract.confidence import Calibration, load_confidence
from service.extract.salience import load_weights
from service.extract.serialize import keep_confident
from service.nlp.patches.ner_confidence import spans, token_probabilities
from tests.real import real_extractor

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_213a62ba50b0ddfd.txt"
LABELS = ["O", "B-PER", "E-PER", "S-PER", "S-LOC"]


def _path_score(scores: np.ndarray, trans: np.ndarray, path: tuple[int, ...]) -> float:
    return float(scores[0, path[0]] + sum(trans[a, b] + scores[t + 1, b]
                                          for t, (a, b) in enumerate(itertools.pairwise(path))))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_span_probability_equals_brute_force_over_all_paths(seed: int) -> None:
    rng = np.random.default_rng(seed)
    steps, tags = 4, len(LABELS)
    scores = rng.normal(size=(steps, tags))
    scores[1, 1] += 4.0  # a likely B-PER E-PER at words 1-2, so that the decoded path has a span
    scores[2, 2] += 4.0
    trans = rng.normal(size=(tags, tags))
    trans[1, 2] += 4.0
    paths = list(itertools.product(range(tags), repeat=steps))
    weights = {p: math.exp(_path_score(scores, trans, p)) for p in paths}
    z = sum(weights.values())
    best = max(paths, key=lambda p: weights[p])
    names = [LABELS[i] for i in best]
    got = token_probabilities(scores, trans, list(best), names)
    assert spans(names), names
    for first, last in spans(names):
        want = sum(w for p, w in weights.items() if p[first:last + 1] == best[first:last + 1]) / z
        assert got[first] == pytest.approx(want, rel=1e-9)
    assert all(got[t] is None for t, name in enumerate(names) if name == "O")


def test_spans_of_bioes_tags() -> None:
    assert spans(["B-PER", "I-PER", "E-PER", "O", "S-GPE", "B-ORG", "O", "E-ORG"]) == [(0, 2), (4, 4)]


def test_calibration_is_monotone_and_flat_beyond_the_knots() -> None:
    calibrate = Calibration(((0.5, 0.4), (0.9, 0.8), (1.0, 1.0)))
    assert calibrate(0.1) == 0.4 and calibrate(1.0) == 1.0
    assert calibrate(0.7) == pytest.approx(0.6)
    values = [calibrate(x / 100) for x in range(101)]
    assert values == sorted(values)
    assert Calibration()(0.37) == 0.37


def test_shipped_confidence_data_covers_every_basis() -> None:
    confidences = load_confidence()
    assert set(confidences.speaker) == set(SPEAKER_BASES) and set(confidences.date) == set(DATE_BASES)
    assert all(0 <= v <= 1 for v in [*confidences.speaker.values(), *confidences.date.values()])
    assert confidences.ner.knots, "the NER calibration map is fitted (scripts.eval_confidence --fit)"


def _body() -> dict[str, Any]:
    mention = {"text": "A", "start": 0, "end": 1}
    return {
        "entities": [
            {"id": "E1", "confidence": 0.95,
             "mentions": [{**mention, "confidence": 0.95}, {**mention, "confidence": 0.5}]},
            {"id": "E2", "confidence": 0.6, "mentions": [{**mention, "confidence": 0.6}]},
        ],
        "quotes": [{"speaker": {"entity": "E2", "confidence": 0.9}}, {"speaker": {"entity": "E1", "confidence": 0.5}}],
        "events": [{"date": {"confidence": 0.7}, "participants": [{"entity": "E2"}, {"entity": "E1"}],
                    "location": "E2"}],
    }


def test_keep_confident_drops_and_nulls_below_the_floor() -> None:
    body = _body()
    keep_confident(body, 0.8)
    assert [e["id"] for e in body["entities"]] == ["E1"]
    assert [m["confidence"] for m in body["entities"][0]["mentions"]] == [0.95]
    assert body["quotes"][0]["speaker"]["entity"] is None  # E2 was left out
    assert body["quotes"][1]["speaker"] is None  # the speaker itself is unsure
    event = body["events"][0]
    assert event["date"] is None and event["location"] is None
    assert [p["entity"] for p in event["participants"]] == [None, "E1"]


@pytest.fixture(scope="module")
def seed_body() -> dict[str, Any]:
    return real_extractor().extract_many([ExtractRequest(text=SEED.read_text(encoding="utf-8"))])[0]


def test_seed_confidences_are_probabilities(seed_body: dict[str, Any]) -> None:
    assert ExtractResponseSchema().validate(seed_body) == {}
    for entity in seed_body["entities"]:
        confidences = [m["confidence"] for m in entity["mentions"]]
        assert all(c is not None and 0 <= c <= 1 for c in confidences)
        assert entity["confidence"] == max(confidences)
    # Clear names of the lead are near certain.
    macron = next(e for e in seed_body["entities"] if e["name"] == "Emmanuel Macron")
    assert macron["confidence"] >= 0.95
    bases = {q["speaker"]["basis"] for q in seed_body["quotes"] if q["speaker"]}
    assert {"named", "pronoun"} <= bases
    assert {e["date"]["basis"] for e in seed_body["events"] if e["date"]} >= {"explicit", "relative"}


def test_seed_salience_ranks_what_a_reader_would_name(seed_body: dict[str, Any]) -> None:
    saliences = [e["salience"] for e in seed_body["entities"]]
    assert sum(saliences) == pytest.approx(1.0, abs=0.005)
    ranked = [e["name"] for e in sorted(seed_body["entities"], key=lambda e: -e["salience"])]
    # Written from the text, before looking at the output: the story is European leaders (the
    # EU) answering Trump's shift on Ukraine, at a summit called by Macron.
    reader = {"Donald Trump", "Ukraine", "European Union", "European", "Emmanuel Macron"}
    # Also central, though a reader might not name them first.
    central = reader | {"United States", "Russia", "Paris", "Vladimir Putin", "Keir Starmer"}
    assert len(set(ranked[:5]) & reader) >= 4, ranked[:5]
    assert set(ranked[:5]) <= central, ranked[:5]
    assert ranked[0] in {"Donald Trump", "Ukraine"}
    numbers = [e for e in seed_body["entities"] if e["type"] in ("CARDINAL", "ORDINAL")]
    assert all(n["salience"] < 0.01 for n in numbers)


def test_salience_weights_are_data() -> None:
    data = json.loads((ROOT / "service" / "data" / "weights" / "salience.json").read_text(encoding="utf-8"))
    assert load_weights().lead_sentences == data["lead_sentences"]


def test_min_confidence_in_a_real_response(seed_body: dict[str, Any]) -> None:
    text = SEED.read_text(encoding="utf-8")
    body = real_extractor().extract_many([ExtractRequest(text=text, min_confidence=0.97)])[0]
    assert ExtractResponseSchema().validate(body) == {}
    assert 0 < len(body["entities"]) < len(seed_body["entities"])
    assert all(m["confidence"] >= 0.97 for e in body["entities"] for m in e["mentions"])
    kept = {e["id"] for e in body["entities"]}
    assert all(q["speaker"]["entity"] in kept | {None} for q in body["quotes"] if q["speaker"])
    assert all(q["speaker"] is None for q in body["quotes"] if q["speaker"] is not None
               and q["speaker"]["confidence"] < 0.97)
    assert all(p["entity"] in kept | {None} for e in body["events"] for p in e["participants"])


def test_min_confidence_over_http_as_json_field_and_query_parameter(client: Any) -> None:
    text = "Olaf Scholz said on Sunday that Angela Merkel would act."
    answered = client.post("/v1/extract", json={"text": text, "min_confidence": 0.95}).get_json()
    assert answered["entities"] == []  # the fake extractor's confidences are 0.9
    kept = client.post("/v1/extract?min_confidence=0.5", data=text, content_type="text/plain").get_json()
    assert kept["entities"] and all(e["confidence"] == 0.9 for e in kept["entities"])
    for bad in (1.5, -0.1, "high", True):
        response = client.post("/v1/extract", json={"text": text, "min_confidence": bad})
        assert response.status_code == 422 and response.mimetype == "application/problem+json"
        assert "min_confidence" in str(response.get_json()["errors"])
    response = client.post("/v1/extract?min_confidence=nan", data=text, content_type="text/plain")
    assert response.status_code == 422


def test_min_confidence_per_document_in_batch_and_stream(client: Any) -> None:
    text = "Olaf Scholz said on Sunday that Angela Merkel would act."
    documents = [{"text": text, "id": "strict", "min_confidence": 0.95}, {"text": text, "id": "all"}]
    results = client.post("/v1/extract/batch", json={"documents": documents}).get_json()["results"]
    assert [(r["id"], bool(r["entities"])) for r in results] == [("strict", False), ("all", True)]
    body = "\n".join(json.dumps(d) for d in documents) + "\n"
    lines = client.post("/v1/extract/stream", data=body, content_type="application/x-ndjson").get_data(as_text=True)
    records = [json.loads(line) for line in lines.splitlines() if line.strip()]
    assert [(r["id"], bool(r["entities"])) for r in records] == [("strict", False), ("all", True)]
