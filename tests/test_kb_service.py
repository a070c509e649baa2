"""Links in the service: configuration (HERALD_LINKS, HERALD_KB_FILE, HERALD_KB_NAME) and the real
pipeline answering GeoNames and user-table links."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from schemas import ExtractResponseSchema
from service.config import Config, ConfigError
from service.extract import ExtractionPipeline, ExtractRequest, load_knowledge_base
from service.extract.kb import KbDataError
from service.extract.stages import default_stages
from service.nlp import model_info
from tests.real import real_nlp

TEXT = ("Ursula von der Leyen met Olaf Scholz in Berlin on Monday. Von der Leyen later flew to Paris, "
        "the Commission said.")


def test_links_setting_is_a_subset_of_the_known_knowledge_bases() -> None:
    assert Config().links == ("geonames",)
    assert Config.from_env({"HERALD_LINKS": "wikipedia, geonames"}).links == ("wikipedia", "geonames")
    assert Config.from_env({"HERALD_LINKS": "off"}).links == ()
    assert Config.from_env({"HERALD_LINKS": ""}).links == ()
    with pytest.raises(ConfigError, match="HERALD_LINKS"):
        Config.from_env({"HERALD_LINKS": "geonames,dbpedia"})


def test_kb_file_must_exist_and_its_name_must_not_shadow_a_shipped_one(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="HERALD_KB_FILE"):
        Config.from_env({"HERALD_KB_FILE": str(tmp_path / "missing.csv")})
    with pytest.raises(ConfigError, match="HERALD_KB_NAME"):
        Config.from_env({"HERALD_KB_NAME": "geonames"})


def _pipeline(config: Config) -> ExtractionPipeline:
    nlp = real_nlp()
    return ExtractionPipeline(nlp, model_info(nlp.models_dir, nlp.processors),
                              stages=default_stages(load_knowledge_base(config)))


def test_real_pipeline_links_places_and_a_newsroom_table(tmp_path: Path) -> None:
    table = tmp_path / "people.csv"
    table.write_text("alias,id,type,prior\nUrsula von der Leyen,Q60772,PERSON,1\nvon der Leyen,Q60772,PERSON,0.9\n",
                     encoding="utf-8")
    config = Config.from_env({"HERALD_KB_FILE": str(table), "HERALD_KB_NAME": "newsroom"})
    body = _pipeline(config).extract_many([ExtractRequest(text=TEXT)])[0]
    assert ExtractResponseSchema().validate(body) == {}
    links = {e["name"]: e["links"] for e in body["entities"]}
    (berlin,) = links["Berlin"]
    assert berlin["kb"] == "geonames" and berlin["country"] == "DE" and 52 < berlin["latitude"] < 53
    assert links["Paris"][0]["country"] == "FR"
    assert [(link["kb"], link["id"]) for link in links["Ursula von der Leyen"]] == [("newsroom", "Q60772")]
    assert links["Olaf Scholz"] == []  # not in the table, and Wikipedia links are not configured


def test_links_off_answers_empty_lists() -> None:
    body = _pipeline(Config(links=())).extract_many([ExtractRequest(text=TEXT)])[0]
    assert all(e["links"] == [] for e in body["entities"])


def test_a_bad_table_stops_the_start_up(tmp_path: Path) -> None:
    table = tmp_path / "bad.csv"
    table.write_text("alias,id,type,prior\nBerlin,city-1,CITY,1\n", encoding="utf-8")
    with pytest.raises(KbDataError, match="bad.csv"):
        load_knowledge_base(Config(kb_file=table))


def test_a_long_document_is_linked_in_bounded_runs_with_deadline_checks() -> None:
    from types import SimpleNamespace

    from service.deadline import BudgetExceeded, Deadline
    from service.extract.stages import KB_CONTEXT_ENTITIES, KbLinksStage

    sizes: list[int] = []

    class Counting:
        def link_document(self, entities: Any) -> list[list[Any]]:
            sizes.append(len(entities))
            return [[] for _ in entities]

    count = 2 * KB_CONTEXT_ENTITIES + 50
    entities = [SimpleNamespace(id=f"E{i}", name=f"Place {i}", type="GPE", mentions=[SimpleNamespace(text="x")])
                for i in range(count)]
    doc = SimpleNamespace(entities=SimpleNamespace(entities=entities), kb_links=None)
    KbLinksStage(Counting()).process(doc, Deadline(None))  # type: ignore[arg-type]
    assert sizes == [KB_CONTEXT_ENTITIES, KB_CONTEXT_ENTITIES, 50] and len(doc.kb_links) == count
    with pytest.raises(BudgetExceeded):
        KbLinksStage(Counting()).process(doc, Deadline(0.0))  # type: ignore[arg-type]
