"""Every change this service makes to Stanza's internals, under one roof.

Stanza does work at inference time whose result is thrown away or recomputed many times
(:mod:`~service.nlp.patches.shortcuts`), decodes trees with a slow cycle finder and O(n³) memory
(:mod:`~service.nlp.patches.mst`) and scores every dependency label for every word pair
(:mod:`~service.nlp.patches.arc_labels`).  The patches below replace those private functions and
methods with ones that give the same annotations, faster.  Because they reach into Stanza's
private code, each names the Stanza versions it was verified against (``tests/test_patches.py``:
the pipeline's annotations identical with and without it): on any other version
:func:`install_all` logs a warning and leaves that patch out, so that part runs plain Stanza
(slower, never wrong).  After re-verifying a new Stanza release, widen the ranges here.

:func:`install_all` is what the service runs (``StanzaNlp``); :func:`uninstall_all` puts back
exactly the objects it replaced (the registry keeps them), and :func:`active` names the
patches in place (reported by ``/v1/info``).  All three are idempotent.  The patches are
process-wide and inference-only: the training script never installs them.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

#: The Stanza release every patch was verified against (``requirements.txt`` pins it).
VERIFIED = "==1.15.0"


@dataclass(frozen=True)
class Target:
    """One attribute a patch replaces: ``module`` + ``attribute`` (``name`` or ``Class.name``), and
    its replacement in this package (``submodule:name``; with ``wraps``, a factory called with the
    original)."""

    module: str
    attribute: str
    replacement: str
    wraps: bool = False

    def __str__(self) -> str:
        return f"{self.module}.{self.attribute}"

    def owner(self) -> tuple[Any, str]:
        """The object holding the attribute (a module or a class) and the attribute's name."""
        owner: Any = importlib.import_module(self.module)
        *path, name = self.attribute.split(".")
        for part in path:
            owner = getattr(owner, part)
        return owner, name

    def current(self) -> Any:
        """What the attribute holds now (``None`` where it is missing)."""
        owner, name = self.owner()
        return getattr(owner, name, None)


@dataclass(frozen=True)
class Patch:
    """A named group of replacements, installed and uninstalled together."""

    name: str
    summary: str
    targets: tuple[Target, ...]
    versions: str = VERIFIED

    def verified(self, version: str) -> bool:
        """Whether Stanza ``version`` is one this patch was verified against."""
        return _in_range(version, self.versions)


#: Modules that import ``get_long_tensor`` by name (each holds its own reference).
LONG_TENSOR_USERS = ("stanza.models.common.data", "stanza.models.common.char_model", "stanza.models.depparse.data",
                     "stanza.models.ner.data", "stanza.models.ner.model", "stanza.models.mwt.data",
                     "stanza.models.lemma.data", "stanza.models.pos.data")
#: Modules that import ``chuliu_edmonds_one_root`` by name.
ONE_ROOT_USERS = ("stanza.models.depparse.model", "stanza.models.depparse.head_constraints")

PATCHES: tuple[Patch, ...] = (
    Patch("crf_eval_loss",
          "NER: skip the CRF training loss in eval mode (Trainer.predict discards it; decoding uses the transitions)",
          (Target("stanza.models.common.crf", "CRFLoss.forward", "shortcuts:crf_forward", wraps=True),)),
    Patch("feats_id2unit",
          "tagger: remember each UFeats id tuple's string per vocabulary instead of formatting it per word",
          (Target("stanza.models.common.vocab", "CompositeVocab.id2unit", "shortcuts:cached_id2unit", wraps=True),)),
    Patch("lemma_memo",
          "lemmatizer: lemmatise each distinct (word, UPOS) pair once per process (its lemma ignores the context)",
          (Target("stanza.pipeline.lemma_processor", "LemmaProcessor.process", "shortcuts:memoised_lemmas",
                  wraps=True),)),
    Patch("vocab_map_memo",
          "all models: remember each unit's id per vocabulary instead of re-deriving it for every character",
          (Target("stanza.models.common.vocab", "BaseVocab.map", "shortcuts:memoised_map", wraps=True),)),
    Patch("flat_long_tensor",
          "batching: build each padded id tensor from one flat list instead of one small tensor per row",
          tuple(Target(module, "get_long_tensor", "shortcuts:padded_long_tensor", wraps=True)
                for module in LONG_TENSOR_USERS)),
    Patch("ner_viterbi",
          "NER: Viterbi decoding with one reduction per word instead of two (same sums, same tie-breaking)",
          (Target("stanza.models.ner.trainer", "viterbi_decode", "shortcuts:viterbi_decode"),)),
    Patch("ner_confidence",
          "NER: each token's probability from the CRF's marginals (forward-backward), the tags unchanged",
          (Target("stanza.models.ner.trainer", "Trainer.predict", "ner_confidence:predict_with_confidence",
                  wraps=True),
           Target("stanza.pipeline.ner_processor", "NERProcessor.process", "ner_confidence:process_with_confidence",
                  wraps=True))),
    Patch("mst_cycles",
          "parser: find a head array's cycles in linear time, and contract a cycle without np.pad",
          (Target("stanza.models.common.chuliu_edmonds", "tarjan", "mst:head_cycles"),
           Target("stanza.models.common.chuliu_edmonds", "process_cycle", "mst:contract_cycle"))),
    Patch("mst_one_root",
          "parser: single-root tree decoding in O(n^2) memory (not O(n^3)), the unconstrained tree tried first",
          tuple(Target(module, "chuliu_edmonds_one_root", "mst:one_root") for module in ONE_ROOT_USERS)),
    Patch("arc_labels",
          "parser: score dependency labels on the decoded tree's arcs only, not for every word pair",
          (Target("stanza.models.depparse.model", "GraphParser.predict", "arc_labels:labels_on_arcs", wraps=True),)),
)

_MISSING = object()  # an attribute the owner did not hold itself (inherited): deleted again on uninstall
#: Installed patches: name -> (owner, attribute, original object) for each target, in install order.
_INSTALLED: dict[str, list[tuple[Any, str, Any]]] = {}
_LOCK = threading.RLock()


def _in_range(version: str, versions: str) -> bool:
    try:
        from packaging.specifiers import InvalidSpecifier, SpecifierSet
        from packaging.version import InvalidVersion, Version
    except ImportError:  # packaging comes with apispec; without it only exact pins are understood
        pins = [part.strip() for part in versions.split(",")]
        return all(pin.startswith("==") and pin[2:].strip() == version.strip() for pin in pins)
    try:
        return SpecifierSet(versions).contains(Version(version), prereleases=True)
    except (InvalidSpecifier, InvalidVersion):
        return False


def by_name(name: str) -> Patch:
    """The table's patch called ``name`` (``KeyError`` if none)."""
    for patch in PATCHES:
        if patch.name == name:
            return patch
    raise KeyError(name)


def stanza_version() -> str:
    import stanza

    return str(stanza.__version__)


def active() -> list[str]:
    """The names of the patches installed in this process, in the table's order."""
    with _LOCK:
        return [patch.name for patch in PATCHES if patch.name in _INSTALLED]


def install(name: str) -> bool:
    """Install one patch if the installed Stanza is a version it was verified against and still has
    every attribute it replaces; otherwise log a warning and leave Stanza's code in place (uninstalling
    the patch if it was in).  Returns whether the patch is installed.  Idempotent."""
    patch = by_name(name)
    version = stanza_version()
    with _LOCK:
        if not patch.verified(version):
            log.warning("Stanza patch %s was verified against stanza%s, not stanza %s: it is left out and "
                        "Stanza's own code runs instead", patch.name, patch.versions, version)
            uninstall(name)
            return False
        if name in _INSTALLED:
            return True
        slots = []
        for target in patch.targets:
            try:
                owner, attribute = target.owner()
            except (ImportError, AttributeError):
                owner, attribute = None, ""
            if owner is None or not callable(getattr(owner, attribute, None)):
                log.warning("Stanza patch %s: %s is missing from stanza %s; it is left out and Stanza's own code "
                            "runs instead", patch.name, target, version)
                return False
            slots.append((target, owner, attribute))
        replaced: list[tuple[Any, str, Any]] = []
        for target, owner, attribute in slots:
            module, _, factory = target.replacement.partition(":")
            replacement = getattr(importlib.import_module(f"{__name__}.{module}"), factory)
            if target.wraps:
                replacement = replacement(getattr(owner, attribute))
            replaced.append((owner, attribute, vars(owner).get(attribute, _MISSING)))
            setattr(owner, attribute, replacement)
        _INSTALLED[name] = replaced
        return True


def uninstall(name: str) -> None:
    """Put back exactly the objects ``name`` replaced (idempotent)."""
    by_name(name)
    with _LOCK:
        for owner, attribute, original in reversed(_INSTALLED.pop(name, [])):
            if original is _MISSING:
                delattr(owner, attribute)
            else:
                setattr(owner, attribute, original)


def install_all() -> list[str]:
    """Install every patch verified for the installed Stanza (see :func:`install`); returns the
    names of those in place."""
    with _LOCK:
        for patch in PATCHES:
            install(patch.name)
        return active()


def uninstall_all() -> None:
    """Plain Stanza again: every replaced object put back (idempotent)."""
    with _LOCK:
        for name in reversed(active()):
            uninstall(name)


@contextmanager
def plain() -> Iterator[None]:
    """Run a block on plain Stanza, then reinstall the patches that were in place."""
    was = active()
    uninstall_all()
    try:
        yield
    finally:
        for name in was:
            install(name)
