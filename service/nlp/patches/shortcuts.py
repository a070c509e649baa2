"""Inference-only shortcuts in Stanza: the same annotations, less work.

Each one was found with ``cProfile`` on this project's 2-core machine (news articles, one
torch thread) where Stanza does work whose result is thrown away or recomputed many times:

* the NER model's forward pass ends in its CRF *training loss*, a forward-algorithm pass
  over every sentence that ``Trainer.predict`` discards: skipped in eval mode (the returned
  loss is then 0; the transitions, which decoding uses, are untouched);
* the tagger turns every predicted UFeats id tuple back into a string with one
  ``str.format`` per feature (275,000 calls for 12 articles), although a model has a few
  hundred distinct tuples: ``CompositeVocab.id2unit`` is memoised per vocabulary;
* the lemmatizer looks at a (word, UPOS) pair alone, yet runs its dictionary and seq2seq
  model for every occurrence: each distinct pair is lemmatised once per process;
* ``BaseVocab.map`` re-derives the id of every character of every word, and
  ``get_long_tensor`` builds one tiny tensor per row: memoised ids, one flat list;
* the NER's Viterbi decoding does two reductions per word where one will do.

Each factory here takes Stanza's original and returns its replacement; the table in
:mod:`service.nlp.patches` says where each goes, for which Stanza versions, and installs and
uninstalls them.  With :mod:`service.nlp.patches.mst` (the tree decoder) and
:mod:`service.nlp.patches.arc_labels` (labels scored on the decoded arcs only), the service's
single-thread throughput on the 24 benchmark articles went from 1,302 to 1,612-1,637 words/s
(``make bench``'s corpus, one document per call, with the fourth model build's narrower
tagger).  They are meant for inference processes only (the service and the benchmarks): the
training script never installs them, since a dev-set loss computed in eval mode would read 0.
``tests/test_patches.py`` checks that the pipeline's annotations are identical with and
without them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Distinct id tuples are a few hundred per model; the bound only guards against a vocabulary
# that would make the cache grow without limit.
CACHE_LIMIT = 100_000
#: Units remembered per vocabulary (characters are a few hundred; words are bounded by this).
VOCAB_CACHE_LIMIT = 50_000


def crf_forward(original: Callable[..., Any]) -> Callable[..., Any]:
    """``CRFLoss.forward`` without the training loss in eval mode (0 instead; the transitions as they are)."""

    def forward(self: Any, inputs: Any, masks: Any, tag_indices: Any) -> Any:
        if self.training:
            return original(self, inputs, masks, tag_indices)
        return inputs.new_zeros(()), self._transitions

    return forward


def cached_id2unit(original: Callable[..., Any]) -> Callable[..., Any]:
    """``CompositeVocab.id2unit`` remembering each id tuple's string, per vocabulary."""

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

    return id2unit


def memoised_lemmas(original: Callable[..., Any]) -> Callable[..., Any]:
    """``LemmaProcessor.process`` that lemmatises each distinct (word, UPOS) pair only once.

    Stanza's lemmatizer looks at the word and its UPOS alone (a dictionary, then a seq2seq
    model for words the dictionary lacks), so a pair's lemma never depends on the sentence.
    The pairs this process has not seen yet go through Stanza's own ``process`` as a
    document of one-word sentences; every word then takes its pair's lemma.  Set-ups whose
    result could depend on context or history (identity or dictionary-only lemmatizers,
    contextual lemmatizers, ``store_results``) keep Stanza's own method.
    """

    def process(self: Any, document: Any) -> Any:
        if (self.use_identity or self.config.get("dict_only") or getattr(self, "store_results", False)
                or self.trainer.has_contextual_lemmatizers()):
            return original(self, document)
        from stanza.models.common.doc import Document

        cache: dict[tuple[str, str], str] = self.__dict__.setdefault("_herald_lemmas", {})
        words = [w for sentence in document.sentences for w in sentence.words]
        missing = list(dict.fromkeys((w.text, w.upos) for w in words if (w.text, w.upos) not in cache))
        if missing:
            if len(cache) + len(missing) > CACHE_LIMIT:
                cache.clear()
            pairs = Document([[{"id": 1, "text": text, "upos": upos}] for text, upos in missing])
            original(self, pairs)
            cache.update(zip(missing, (s.words[0].lemma for s in pairs.sentences), strict=True))
        for w in words:
            w.lemma = cache[(w.text, w.upos)]
        return document

    return process


def viterbi_decode(scores: Any, transition_params: Any) -> tuple[list[int], Any]:
    """Stanza's ``crf.viterbi_decode`` with one reduction per word instead of two.

    The same float32 sums and the same tie-breaking (the first of equal maxima): the best
    previous tag is found with ``argmax`` and its score read from that position, where Stanza
    computes ``max`` and ``argmax`` separately (and ``expand_dims``) for every word.
    """
    import numpy as np

    steps, tags = scores.shape
    trellis = np.zeros_like(scores)
    back = np.zeros_like(scores, dtype=np.int32)
    trellis[0] = scores[0]
    columns = np.arange(tags)
    for t in range(1, steps):
        v = trellis[t - 1][:, None] + transition_params
        best = v.argmax(0)
        back[t] = best
        trellis[t] = scores[t] + v[best, columns]
    path = [int(np.argmax(trellis[-1]))]
    for bp in back[:0:-1]:
        path.append(int(bp[path[-1]]))
    path.reverse()
    return path, np.max(trellis[-1])


def memoised_map(original: Callable[..., Any]) -> Callable[..., Any]:
    """``BaseVocab.map`` that remembers each unit's id instead of re-deriving it per occurrence.

    Stanza maps every character of every word through ``unit2id`` (a normalisation call and
    two dictionary look-ups each): 715,000 calls for the 24 benchmark articles.  An id is a
    pure function of the unit for a given vocabulary, so it is kept per vocabulary object
    (and forgotten if the vocabulary's table is replaced or grows); a composite vocabulary's
    id list is kept as a tuple and handed out as a new list each time, as Stanza does.
    """

    def map_units(self: Any, units: Any) -> Any:
        table = self.__dict__.get("_unit2id")
        if table is None:
            return original(self, units)
        cache = _ids_memo(self, table)
        ids = []
        for unit in units:
            try:
                known = cache[unit]
            except KeyError:
                pass
            except TypeError:  # an unhashable unit
                ids.append(self.unit2id(unit))
                continue
            else:
                ids.append(list(known) if type(known) is tuple else known)
                continue
            found = self.unit2id(unit)
            _remember(cache, unit, found)
            ids.append(found)
        return ids

    return map_units


def _ids_memo(vocab: Any, table: Any) -> dict[Any, Any]:
    """A vocabulary's remembered ids (unit -> id), started afresh when its ``_unit2id`` table was
    replaced or has grown since (an id is then no longer sure to be the table's)."""
    memo = vocab.__dict__.get("_herald_ids")
    if memo is None or memo[0] is not table or memo[1] != len(table):
        memo = vocab.__dict__["_herald_ids"] = (table, len(table), {})
    return memo[2]


def _remember(cache: dict[Any, Any], unit: Any, found: Any) -> None:
    """Keep a unit's id in ``cache`` while it holds fewer than VOCAB_CACHE_LIMIT units: an int as
    it is, a composite vocabulary's id list as a tuple (handed out as a new list); anything else
    is not kept."""
    if len(cache) < VOCAB_CACHE_LIMIT:
        if type(found) is int:
            cache[unit] = found
        elif type(found) is list:  # a composite vocabulary's ids: kept as a tuple, handed out as a new list
            cache[unit] = tuple(found)


def padded_long_tensor(original: Callable[..., Any]) -> Callable[..., Any]:
    """``get_long_tensor`` for the common case, rows of ids, built from one flat list.

    Stanza's version creates one small tensor per row and copies it into place (0.5 s for
    the benchmark articles, in every processor's batching); here the padded rows are laid out
    in one Python list and turned into a tensor once.  Deeper nestings keep Stanza's code.
    """

    def get_long_tensor(tokens_list: Any, batch_size: int, pad_id: int = 0) -> Any:
        import torch

        if not tokens_list or not isinstance(tokens_list[0], list) \
                or any(isinstance(row[0], list) for row in tokens_list if row):
            return original(tokens_list, batch_size, pad_id)
        width = max(len(row) for row in tokens_list)
        flat = [pad_id] * (batch_size * width)
        for i, row in enumerate(tokens_list):
            flat[i * width:i * width + len(row)] = row
        return torch.tensor(flat, dtype=torch.long).view(batch_size, width)

    return get_long_tensor
