"""The shipped Stanza models: they load offline and give real annotations on real sentences."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from service.nlp import ModelLoadError, StanzaNlp, default_models_dir, model_files
from tests.real import block_network, real_nlp

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_213a62ba50b0ddfd.txt"


def entities_of(text: str) -> set[tuple[str, str]]:
    sentences = real_nlp().annotate([text])[0]
    found: set[tuple[str, str]] = set()
    for sent in sentences:
        current: list[str] = []
        for tok in sent.tokens:
            tag, _, etype = tok.ner.partition("-")
            if tag in ("B", "S"):
                current = [tok.text]
            elif tag in ("I", "E"):
                current.append(tok.text)
            if tag in ("E", "S"):
                # OntoNotes spans may start with "the" ("the European Union").
                name = " ".join(current[1:] if current[0].lower() == "the" and len(current) > 1 else current)
                found.add((name, etype))
    return found


def test_plain_stanza_loads_the_models_offline() -> None:
    """`stanza.Pipeline("en", dir="models", download_method=None)` works with no network."""
    import stanza

    block_network()
    nlp = stanza.Pipeline("en", dir=str(default_models_dir()), download_method=None, logging_level="WARN")
    doc = nlp("NATO chief Mark Rutte spoke in Brussels.")
    assert {p for p in nlp.processors} >= {"tokenize", "mwt", "pos", "lemma", "depparse", "ner"}
    assert ("Mark Rutte", "PERSON") in {(e.text, e.type) for e in doc.ents}


def test_seed_entities_and_types() -> None:
    text = SEED.read_text(encoding="utf-8").split("A Message from")[0]
    found = entities_of(text)
    for expected in [("Emmanuel Macron", "PERSON"), ("Paris", "GPE"), ("NATO", "ORG"), ("Monday", "DATE"),
                     ("Keir Starmer", "PERSON"), ("Donald Tusk", "PERSON"), ("Kyiv", "GPE"), ("Riyadh", "GPE"),
                     ("European Union", "ORG")]:
        assert expected in found, f"{expected} not in {sorted(found)}"


def test_heads_and_lemmas() -> None:
    sent = real_nlp().annotate(["European leaders met on Monday for emergency talks in Paris."])[0][0]
    words = {w.text: w for w in sent.words}
    met = words["met"]
    assert met.lemma == "meet" and met.deprel == "root" and met.upos == "VERB"
    assert words["leaders"].deprel == "nsubj" and words["leaders"].head == met.index
    assert words["Monday"].deprel == "obl" and words["Monday"].head == met.index
    assert words["on"].deprel == "case" and words["on"].head == words["Monday"].index
    assert words["talks"].lemma == "talk"


def test_multiword_tokens_and_lemmas() -> None:
    sent = real_nlp().annotate(["Trump's envoy said they don't want talks."])[0][0]
    texts = [w.text for w in sent.words]
    assert "do" in texts and "n't" in texts, texts
    lemmas = {w.text: w.lemma for w in sent.words}
    assert lemmas["said"] == "say" and lemmas["want"] == "want" and lemmas["do"] == "do"
    said = next(w for w in sent.words if w.text == "said")
    assert said.deprel == "root"
    assert sent.words[next(w.index for w in sent.words if w.text == "envoy")].head == said.index


def test_offsets_index_the_input() -> None:
    text = "Zelensky was to visit Saudi Arabia on Wednesday."
    sent = real_nlp().annotate([text])[0][0]
    for w in sent.words:
        assert text[w.start:w.end] == w.text


def test_missing_model_fails_clearly(tmp_path: Path) -> None:
    target = tmp_path / "models"
    shutil.copytree(default_models_dir(), target)
    (target / "en" / "depparse" / "ewt.pt").unlink()
    with pytest.raises(ModelLoadError, match="depparse is missing"):
        StanzaNlp(target)


def test_corrupt_model_fails_clearly(tmp_path: Path) -> None:
    target = tmp_path / "models"
    shutil.copytree(default_models_dir(), target)
    path = target / "en" / "ner" / "ontonotes.pt"
    path.write_bytes(path.read_bytes()[:1000])
    with pytest.raises(ModelLoadError, match="ner is corrupt"):
        model_files(target)


def test_missing_resources_file_fails_clearly(tmp_path: Path) -> None:
    with pytest.raises(ModelLoadError, match="no resources.json"):
        model_files(tmp_path)


def test_resources_record_every_shipped_file() -> None:
    resources = json.loads((default_models_dir() / "resources.json").read_text(encoding="utf-8"))
    files = model_files(default_models_dir())
    assert set(resources["en"]["packages"]["default"]) == {"tokenize", "mwt", "pos", "lemma", "depparse", "ner"}
    assert all(path.is_file() for path in files.values())


def test_models_fit_the_size_budget() -> None:
    total = sum(p.stat().st_size for p in default_models_dir().rglob("*") if p.is_file())
    assert total <= 60 * 1024 * 1024, f"models/ is {total / 1e6:.1f} MB"
