"""The pronoun speaker ranker: its weights file, its candidates and features, the trainer's file,
and what the shipped model does to real sentences through the real pipeline (against the rules
alone)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from scripts.train_speaker_links import Capture, install
from service.extract import ExtractionPipeline, ExtractRequest
from service.extract.speaker_links import (
    CLASSES,
    FILE,
    SENTENCES_BACK,
    load_speaker_model,
    speaker_model_from,
)
from service.extract.stages import QuotesStage
from tests.real import real_extractor

ROOT = Path(__file__).resolve().parents[1]
#: A speaker named, then another man named in passing, then "he said": news keeps its speaker.
KEPT_SPEAKER = ("Foreign Minister Andrii Sybiha said on Monday that Kyiv had accepted the proposal. Sybiha met "
                "NATO Secretary General Mark Rutte in Brussels on Tuesday. \"This proposal is still on the "
                "table,\" he said.")


def shipped_data() -> dict[str, Any]:
    return json.loads((ROOT / "service" / "data" / "weights" / FILE).read_text(encoding="utf-8"))


def rules_only() -> ExtractionPipeline:
    """The real pipeline with the ranker off (the pronoun resolver's rules alone)."""
    real = real_extractor()
    stages = tuple(QuotesStage(learned_speakers=False) if isinstance(s, QuotesStage) else s for s in real.stages)
    return ExtractionPipeline(real.nlp, real.model, stages=stages)


def speakers(pipeline: ExtractionPipeline, text: str) -> list[tuple[str, str | None]]:
    (body,) = pipeline.extract_many([ExtractRequest(text=text, date=dt.date(2025, 3, 20))])
    names = {e["id"]: e["name"] for e in body["entities"]}
    return [(q["speaker"]["text"], names.get(q["speaker"]["entity"])) for q in body["quotes"] if q["speaker"]]


def test_shipped_weights_load_and_match_the_trainer() -> None:
    model = load_speaker_model()
    data = shipped_data()
    assert tuple(data["classes"]) == CLASSES == ("no", "yes")
    assert model.threshold == data["threshold"] == 0.3
    assert {"bias", "rule", "previous speaker"} <= set(model.weights)
    assert "development articles" in data["trained_on"]


@pytest.mark.parametrize(("change", "fault"), [
    ({"classes": ["yes", "no"]}, "classes"),
    ({"threshold": 1.5}, "threshold"),
    ({"weights": {"bias": [1.0, "x"]}}, "weights"),
    ({"treshold": 0.5}, "unknown key"),
])
def test_a_malformed_weights_file_is_refused_naming_the_fault(change: dict[str, Any], fault: str) -> None:
    with pytest.raises(ValueError, match=fault) as caught:
        speaker_model_from({**shipped_data(), **change})
    assert FILE in str(caught.value)


def test_the_previous_speaker_is_kept_over_a_man_named_in_passing() -> None:
    assert speakers(rules_only(), KEPT_SPEAKER)[-1] == ("he", "Mark Rutte")
    assert speakers(real_extractor(), KEPT_SPEAKER)[-1] == ("he", "Andrii Sybiha")


def test_candidates_are_recent_speaking_entities_outside_the_quote() -> None:
    text = ("Maria Lopez runs the shelter. Tom Reyes, the mayor, visited it in May. The council met in June. "
            "Nothing changed in July. \"We told Anna Park everything,\" she said.")
    real, capture = real_extractor(), Capture()
    at = next(i for i, s in enumerate(real.stages) if isinstance(s, QuotesStage)) + 1
    pipeline = ExtractionPipeline(real.nlp, real.model, stages=(*real.stages[:at], capture, *real.stages[at:]))
    pipeline.extract_many([ExtractRequest(text=text, date=dt.date(2025, 3, 20))])
    ((question,),) = capture.documents
    names = {form for c in question["candidates"] for form in c["forms"]}
    assert text[slice(*question["content"])] == "We told Anna Park everything,"
    assert "anna park" not in names  # inside the quote's own words
    assert "maria lopez" not in names  # more than SENTENCES_BACK sentences before
    assert SENTENCES_BACK == 3 and "tom reyes" in names
    assert all("bias" in c["features"] and any(f.startswith("rank=") for f in c["features"])
               for c in question["candidates"])


def test_training_writes_a_file_the_service_loads(tmp_path: Path) -> None:
    def question(label: int, feature: str) -> dict[str, Any]:
        return {"rule": None, "candidates": [{"entity": "E1", "features": {"bias": 1.0, feature: 1.0},
                                              "label": label}] * 4}

    args = argparse.Namespace(output=tmp_path / FILE, min_count=1, l2=1e-3, threshold=0.3)
    install({"a": [question(1, "previous speaker")], "b": [question(0, "rank=4")]}, args)
    model = speaker_model_from(json.loads(args.output.read_text(encoding="utf-8")))
    assert model.probability({"bias": 1.0, "previous speaker": 1.0}) > 0.5 > model.probability({"bias": 1.0,
                                                                                                "rank=4": 1.0})
