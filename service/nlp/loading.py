"""Load Stanza's models for inference only, without the memory that training would need.

Two things Stanza does at load time cost a worker memory it never uses when it only annotates:

- Its trainers build optimizers (Adam) for every model, even from a saved file.  torch's
  ``Optimizer.add_param_group`` is wrapped by ``torch._disable_dynamo``, whose first call imports
  ``torch._dynamo`` and with it ``sympy``, ``torch.distributed``, ``torch.onnx`` and ``torch._inductor``
  (about 830 modules).  Measured on this project's machine: 71 MB of resident memory per worker and
  about 1 s of its start-up.  :func:`inference_loading` hands the trainers an inert optimizer
  instead while the pipeline is built: annotation never reads an optimizer.
- The NER model keeps its own copy of the word vectors that the tagger and the parser share
  (106k × 50 floats, 20 MB) and of their vocabulary (106k words, ~10 MB of Python objects).
  :func:`share_word_vectors` points it at the shared ones when they are equal element for
  element, so the annotations cannot change.

Like :mod:`service.nlp.patches`, both reach into Stanza's private code: each checks what it
touches and does nothing where that is missing (a plain, larger load, never a wrong one).
``tests/test_loading.py`` checks both against the shipped models.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

log = logging.getLogger(__name__)

#: Where Stanza's trainers get their optimizers (every trainer calls it through this module).
OPTIMIZER_MODULE = "stanza.models.common.utils"
OPTIMIZER_FUNCTION = "dispatch_optimizer"


class InertOptimizer:
    """What a trainer may touch of an optimizer while it loads: its parameter groups' learning
    rates (the parser's learning-rate scheduler sets them once).  It never steps."""

    def __init__(self, lr: float | None) -> None:
        self.param_groups: list[dict[str, Any]] = [{"lr": lr if lr is not None else 0.0, "params": []}]
        self.state: dict[Any, Any] = {}

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Nothing to clear: no parameter is trained."""

    def step(self, closure: Any = None) -> None:
        raise RuntimeError("an inference-only model cannot be trained (service.nlp.loading)")

    def state_dict(self) -> dict[str, Any]:
        return {"state": {}, "param_groups": self.param_groups}


def _inert_optimizer(name: str, parameters: Any, *args: Any, lr: float | None = None, **kwargs: Any) -> InertOptimizer:
    return InertOptimizer(lr)


@contextmanager
def inference_loading() -> Iterator[bool]:
    """Within the block, Stanza's trainers get :class:`InertOptimizer` objects; yields whether the
    hook was in place (False on a Stanza without ``dispatch_optimizer``: a plain load)."""
    module = importlib.import_module(OPTIMIZER_MODULE)
    original = getattr(module, OPTIMIZER_FUNCTION, None)
    if original is None:
        log.warning("Stanza has no %s.%s: models load with their optimizers", OPTIMIZER_MODULE, OPTIMIZER_FUNCTION)
        yield False
        return
    setattr(module, OPTIMIZER_FUNCTION, _inert_optimizer)
    try:
        yield True
    finally:
        setattr(module, OPTIMIZER_FUNCTION, original)


def _model(pipeline: Any, name: str) -> Any:
    trainer = getattr(pipeline.processors.get(name), "_trainer", None)
    return getattr(trainer, "model", None)


def share_word_vectors(pipeline: Any) -> int:
    """Point the NER model's fixed word vectors at the tagger's or the parser's when they are the
    same matrix; returns the bytes freed (0 when nothing was shared)."""
    import torch

    ner = _model(pipeline, "ner")
    ner_embedding = getattr(ner, "word_emb", None)
    if not isinstance(ner_embedding, torch.nn.Embedding) or ner_embedding.weight.requires_grad:
        return 0
    for name in ("pos", "depparse"):
        shared = getattr(_model(pipeline, name), "pretrained_emb", None)
        if not isinstance(shared, torch.nn.Embedding):
            continue
        mine, theirs = ner_embedding.weight, shared.weight
        if mine.data_ptr() == theirs.data_ptr():
            return 0
        if mine.shape == theirs.shape and mine.dtype == theirs.dtype and torch.equal(mine, theirs):
            freed = mine.numel() * mine.element_size()
            ner_embedding.weight = theirs
            _share_vocabulary(ner, getattr(pipeline.processors.get(name), "pretrain", None))
            return freed
    return 0


def _share_vocabulary(model: Any, pretrain: Any) -> bool:
    """Give the NER model the word vectors' own vocabulary object where its copy is identical."""
    vocabs = getattr(getattr(model, "vocab", None), "_vocabs", None)
    shared = getattr(pretrain, "vocab", None)
    mine = vocabs.get("word") if isinstance(vocabs, dict) else None
    if mine is None or shared is None or mine is shared or type(mine) is not type(shared):
        return False
    if vars(mine) != vars(shared):
        return False
    vocabs["word"] = shared
    return True
