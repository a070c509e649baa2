"""Inference-only shortcuts in Stanza's tagger and NER: the same annotations, less work.

Measured with ``cProfile`` on this project's 2-core machine (12 news articles, 9,632 words,
one torch thread), two pieces of Stanza's inference do work whose result is thrown away or
recomputed thousands of times:

* the NER model's forward pass ends in its CRF *training loss*, whose log-normaliser is a
  forward-algorithm pass over every sentence (0.21 s of 0.9 s of NER); ``Trainer.predict``
  discards that loss and decodes from the logits and the transition matrix alone;
* the tagger turns every predicted UFeats id tuple back into a string with one
  ``str.format`` per feature, padding positions included (275,000 calls, 0.18 s of 1.1 s of
  POS), although a model has only a few hundred distinct tuples.

:func:`install` makes the CRF skip the loss when its module is in eval mode (the returned
loss is then 0; the transitions, which decoding uses, are untouched) and memoises
``CompositeVocab.id2unit`` per vocabulary.  Wall-clock effect (``scripts/bench_pipeline.py
--per-processor``, which has no profiler overhead): pos 133 → 122 µs per word; the CRF shortcut
stays within that run-to-run noise (the profiler inflates its many small torch calls).  It is
meant for inference processes only (the service and the benchmarks): the training script never
installs it, since a dev-set loss computed in eval mode would read 0.  ``tests/test_speedups.py``
checks that the pipeline's annotations are identical with and without it; :mod:`service.mst` is
installed alongside.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

# Distinct id tuples are a few hundred per model; the bound only guards against a vocabulary
# that would make the cache grow without limit.
CACHE_LIMIT = 100_000
_ORIGINAL = "_herald_original"


def _crf_forward(original: Callable[..., Any]) -> Callable[..., Any]:
    def forward(self: Any, inputs: Any, masks: Any, tag_indices: Any) -> Any:
        if self.training:
            return original(self, inputs, masks, tag_indices)
        return inputs.new_zeros(()), self._transitions

    setattr(forward, _ORIGINAL, original)
    return forward


def _cached_id2unit(original: Callable[..., Any]) -> Callable[..., Any]:
    def id2unit(self: Any, ids: Any) -> Any:
        key = tuple(ids) if isinstance(ids, list) else ids
        cache = self.__dict__.setdefault("_herald_id2unit", {})
        try:
            return cache[key]
        except KeyError:
            pass
        except TypeError:  # an unhashable id: not one the tagger produces
            return original(self, ids)
        unit = original(self, ids)
        if isinstance(unit, str) and len(cache) < CACHE_LIMIT:  # lists are mutable: not shared
            cache[key] = unit
        return unit

    setattr(id2unit, _ORIGINAL, original)
    return id2unit


def install() -> None:
    """Install both shortcuts and the parser's faster decoder (idempotent)."""
    from stanza.models.common import crf, vocab

    from service import mst

    mst.install()
    crf_loss, composite = getattr(crf, "CRFLoss", None), getattr(vocab, "CompositeVocab", None)
    if crf_loss is None or composite is None or not callable(getattr(crf_loss, "forward", None)) \
            or not callable(getattr(composite, "id2unit", None)):
        log.warning("Stanza's CRF or vocabulary classes have changed; their own code stays in use")
        return
    if not hasattr(crf_loss.forward, _ORIGINAL):
        crf_loss.forward = _crf_forward(crf_loss.forward)
    if not hasattr(composite.id2unit, _ORIGINAL):
        composite.id2unit = _cached_id2unit(composite.id2unit)


def uninstall() -> None:
    """Put Stanza's own CRF forward and ``id2unit`` back (for tests that compare both)."""
    from stanza.models.common import crf, vocab

    for cls, name in ((crf.CRFLoss, "forward"), (vocab.CompositeVocab, "id2unit")):
        original = getattr(getattr(cls, name), _ORIGINAL, None)
        if original is not None:
            setattr(cls, name, original)
