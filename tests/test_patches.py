"""The table of Stanza patches: version gate, symmetric install/uninstall, and the real pipeline's
annotations identical on plain Stanza and on the patched one."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from service.nlp import StanzaNlp, default_models_dir, model_info, patches
from service.nlp.patches import PATCHES
from tests.fakes import FakeExtractor
from tests.real import block_network, real_nlp

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_213a62ba50b0ddfd.txt"
#: Two PolNeAR dev articles (read from the shared corpora, never copied into the repository).
POLNEAR_DEV = ("politico_2016-09-28_axelrod-calls-on-dean-to-apologi.txt",
               "west-journal_2016-09-14_clinton-hid-past-health-problems.txt")
ALL = [patch.name for patch in PATCHES]
TARGETS = [target for patch in PATCHES for target in patch.targets]


@pytest.fixture(autouse=True)
def restore_patches() -> Iterator[None]:
    """Leave the process as each test found it (other tests run the patched pipeline)."""
    was = patches.active()
    yield
    patches.uninstall_all()
    for name in was:
        patches.install(name)


def is_stanzas(obj: Any) -> bool:
    return callable(obj) and str(getattr(obj, "__module__", "")).startswith("stanza.")


def is_ours(obj: Any) -> bool:
    return callable(obj) and str(getattr(obj, "__module__", "")).startswith("service.nlp.patches.")


def snapshot() -> dict[str, Any]:
    return {str(target): target.current() for target in TARGETS}


def test_the_table_is_well_formed() -> None:
    from packaging.specifiers import SpecifierSet

    assert len(set(ALL)) == len(ALL) == 10
    assert len({str(t) for t in TARGETS}) == len(TARGETS)  # no attribute is patched twice
    for patch in PATCHES:
        assert patch.summary and "\n" not in patch.summary and patch.targets
        SpecifierSet(patch.versions)  # a valid range
    for target in TARGETS:
        owner, name = target.owner()
        assert callable(getattr(owner, name)), target
        module, _, factory = target.replacement.partition(":")
        assert callable(getattr(__import__(f"service.nlp.patches.{module}", fromlist=[factory]), factory)), target


def test_the_pinned_stanza_is_verified_for_every_patch() -> None:
    """Bumping the pin without re-verifying the patches (and widening their ranges) fails here."""
    import stanza

    pin = re.search(r"^stanza==(\S+)$", (ROOT / "requirements.txt").read_text(encoding="utf-8"), re.MULTILINE)
    assert pin is not None and stanza.__version__ == pin.group(1)
    assert [patch.name for patch in PATCHES if patch.verified(pin.group(1))] == ALL


def test_version_ranges() -> None:
    patch = patches.Patch("example", "an example", (), versions=">=1.15,<1.16")
    assert patch.verified("1.15.0") and patch.verified("1.15.3")
    assert not patch.verified("1.16.0") and not patch.verified("1.14.9") and not patch.verified("not a version")
    assert patches.by_name("arc_labels").verified("1.15.0") and not patches.by_name("arc_labels").verified("1.15.1")


def test_install_then_uninstall_restores_every_original_object() -> None:
    patches.uninstall_all()
    assert patches.active() == []
    originals = snapshot()
    assert all(is_stanzas(obj) for obj in originals.values()), originals
    owned = {str(t): vars(t.owner()[0]).get(t.owner()[1]) for t in TARGETS}  # what each module / class holds itself

    assert patches.install_all() == ALL
    installed = snapshot()
    assert all(is_ours(obj) and obj is not originals[key] for key, obj in installed.items()), installed
    assert patches.install_all() == ALL  # idempotent: nothing wrapped twice
    assert all(snapshot()[key] is obj for key, obj in installed.items())

    patches.uninstall_all()
    patches.uninstall_all()  # idempotent
    assert patches.active() == []
    for target in TARGETS:
        owner, name = target.owner()
        assert target.current() is originals[str(target)], target
        assert vars(owner).get(name) is owned[str(target)], target


def test_one_patch_in_and_out_touches_only_its_targets() -> None:
    patches.uninstall_all()
    originals = snapshot()
    assert patches.install("mst_cycles") is True and patches.install("mst_cycles") is True
    assert patches.active() == ["mst_cycles"]
    changed = {key for key, obj in snapshot().items() if obj is not originals[key]}
    assert changed == {f"stanza.models.common.chuliu_edmonds.{name}" for name in ("tarjan", "process_cycle")}
    patches.uninstall("mst_cycles")
    assert all(snapshot()[key] is obj for key, obj in originals.items())


def test_another_stanza_version_runs_plain_stanza(monkeypatch: pytest.MonkeyPatch,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    import stanza

    patches.uninstall_all()
    originals = snapshot()
    assert patches.install_all() == ALL
    monkeypatch.setattr(stanza, "__version__", "9.9.9")
    caplog.set_level(logging.WARNING, logger="service.nlp.patches")
    assert patches.install_all() == []  # the ones in place are taken out too
    assert patches.active() == []
    assert all(snapshot()[key] is obj for key, obj in originals.items())
    warned = [r.getMessage() for r in caplog.records
              if r.levelno == logging.WARNING and r.name == "service.nlp.patches"]
    for name in ALL:
        assert any(name in message and "9.9.9" in message for message in warned), name
    monkeypatch.setattr(stanza, "__version__", "1.15.0")
    assert patches.install_all() == ALL


def corpus_texts() -> list[str]:
    texts = [SEED.read_text(encoding="utf-8")]
    dev = Path(os.environ.get("HERALD_CORPORA", ROOT.parent / "shared" / "corpora")) / "polnear" / "dev" / "text"
    texts += [(dev / name).read_text(encoding="utf-8") for name in POLNEAR_DEV if (dev / name).is_file()]
    texts.append("Unusually, she'd said the U.S. won't sell 3.5 million barrels to them by Jan. 4, 2026 - or ever.")
    return texts


def annotations(pipeline: Any, texts: list[str]) -> list[tuple[Any, ...]]:
    import stanza

    docs = pipeline.bulk_process([stanza.Document([], text=t) for t in texts])
    return [(d, w.id, w.text, w.lemma, w.upos, w.xpos, w.feats, w.head, w.deprel, t.ner, t.start_char, t.end_char)
            for d, doc in enumerate(docs) for s in doc.sentences for t in s.tokens for w in t.words]


def test_plain_and_patched_pipelines_give_identical_annotations() -> None:
    """A pipeline loaded and run with no patch in place, then the service's (patched) one, on real news."""
    import torch

    texts = corpus_texts()
    block_network()
    threads = torch.get_num_threads()  # StanzaNlp sets it for the process; one thread is fastest on a busy machine
    patches.uninstall_all()
    assert patches.active() == [] and all(is_stanzas(obj) for obj in snapshot().values())
    try:
        plain_nlp = StanzaNlp(default_models_dir(), torch_threads=1, patches=False)
        assert plain_nlp.patches == [] and patches.active() == []
        plain = annotations(plain_nlp.pipeline, texts)
        assert "_herald_lemmas" not in vars(plain_nlp.pipeline.processors["lemma"])  # no memo ran
        del plain_nlp

        assert patches.install_all() == ALL
        nlp = real_nlp()
        torch.set_num_threads(1)
        assert nlp.patches == ALL
        patched = annotations(nlp.pipeline, texts)
        assert "_herald_lemmas" in vars(nlp.pipeline.processors["lemma"])  # the patched code ran
    finally:
        torch.set_num_threads(threads)

    assert len(plain) > 1500 and len({a[0] for a in plain}) == len(texts)
    assert any(a[6] not in (None, "_") for a in plain) and any(a[9] != "O" for a in plain)
    differing = [(p, q) for p, q in zip(plain, patched, strict=False) if p != q]
    assert not differing, f"{len(differing)} words differ, first: plain {differing[0][0]} patched {differing[0][1]}"
    assert len(plain) == len(patched)


def test_info_reports_the_active_patches(make_app: Callable[..., Flask]) -> None:
    patches.uninstall_all()
    patches.install("arc_labels")
    patches.install("lemma_memo")
    info = model_info(default_models_dir(), ("tokenize", "pos"))
    assert info["patches"] == ["lemma_memo", "arc_labels"]  # the table's order

    class Patched(FakeExtractor):
        def info(self) -> dict[str, Any]:
            return {**super().info(), "patches": info["patches"]}

    body = make_app(extractor=Patched()).test_client().get("/v1/info").get_json()
    assert body["patches"] == ["lemma_memo", "arc_labels"]
    assert make_app().test_client().get("/v1/info").get_json()["patches"] == []  # an extractor without any

