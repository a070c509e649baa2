"""The NER model's own probability for each entity it finds: CRF marginals, not the Viterbi score.

Stanza's NER ends in a linear-chain CRF and keeps only the best tag sequence.  The
probability that a decoded span is right is the mass of all tag sequences that give those
tokens exactly those tags::

    P(y_a..y_b) = exp(alpha_a(y_a) + sum_{t=a+1..b} [trans(y_t-1, y_t) + s_t(y_t)] + beta_b(y_b) - log Z)

with the forward (``alpha``) and backward (``beta``) log sums over the same unary scores ``s``
and transitions ``trans`` the decoder used (Stanza's CRF has no start or end transitions).
A token outside any entity gets None (nothing reads it).

Two wrappers carry these numbers without changing a single tag (``tests/test_patches.py``):
``Trainer.predict`` decodes as Stanza does and, alongside, computes each sentence's token
probabilities in the order of the tags it returns; ``NERProcessor.process`` collects them for
its document and sets them on Stanza's tokens as ``_herald_ner_p`` (read by
:func:`service.nlp.convert_document`).  The probabilities are raw model marginals; the
calibration the service applies lives with the extraction data (``service/data/weights/confidence.json``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

ATTRIBUTE = "_herald_ner_p"
_COLLECTED = "_herald_ner_conf"


def spans(tags: Sequence[str]) -> list[tuple[int, int]]:
    """The [first, last] token positions of each BIOES entity span in ``tags``."""
    out: list[tuple[int, int]] = []
    begin: int | None = None
    for i, tag in enumerate(tags):
        prefix = tag[:2]
        if prefix == "S-":
            out.append((i, i))
            begin = None
        elif prefix == "B-":
            begin = i
        elif prefix == "E-" and begin is not None:
            out.append((begin, i))
            begin = None
        elif prefix != "I-":
            begin = None
    return out


def token_probabilities(scores: Any, trans: Any, path: Sequence[int], tags: Sequence[str]) -> list[float | None]:
    """Per token: the probability of the entity span it lies in (its tags exactly as decoded), or
    None outside every span (nothing reads those, so a sentence without a span costs nothing).

    ``scores`` is the sentence's ``len × K`` unary scores, ``trans`` the ``K × K`` transitions
    (from row to column), ``path`` the decoded tag ids and ``tags`` their final strings.  The
    forward and backward sums are computed in probability space, rescaled at every step (one
    ``K × K`` matrix-vector product per word, about ten times faster than log-space sums); the
    logs of the scale factors give back ``log alpha``, ``log beta`` and ``log Z``.
    """
    import numpy as np

    probabilities: list[float | None] = [None] * len(tags)
    found = spans(tags)
    if not found:
        return probabilities
    scores = np.asarray(scores, dtype=np.float64)
    trans = np.asarray(trans, dtype=np.float64)
    steps = scores.shape[0]
    top = float(trans.max())
    moves = np.exp(trans - top)
    peaks = scores.max(axis=1)
    emits = np.exp(scores - peaks[:, None])
    alpha = np.empty_like(scores)
    beta = np.ones_like(scores)
    scale = np.empty(steps)
    current = emits[0]
    for t in range(steps):
        if t:
            current = (alpha[t - 1] @ moves) * emits[t]
        scale[t] = current.sum()
        alpha[t] = current / scale[t]
    for t in range(steps - 2, -1, -1):
        beta[t] = moves @ (emits[t + 1] * beta[t + 1]) / scale[t + 1]
    # log alpha_t = log alpha_hat_t + prefix_t, log beta_t = log beta_hat_t + suffix_t (suffix_T-1 = 0).
    logs = np.log(scale) + peaks
    prefix = np.cumsum(logs) + top * np.arange(steps)
    log_z = float(prefix[-1])
    suffix = log_z - prefix
    with np.errstate(divide="ignore"):
        log_alpha = np.log(alpha) + prefix[:, None]
        log_beta = np.log(beta) + suffix[:, None]
    for first, last in found:
        inner = sum(float(trans[path[t - 1], path[t]] + scores[t, path[t]]) for t in range(first + 1, last + 1))
        p = float(np.exp(log_alpha[first, path[first]] + inner + log_beta[last, path[last]] - log_z))
        probabilities[first:last + 1] = [min(1.0, p)] * (last - first + 1)
    return probabilities


def predict_with_confidence(original: Callable[..., Any]) -> Callable[..., Any]:
    """``Trainer.predict`` that also keeps each sentence's token probabilities (see the module
    docstring) on the trainer, in the order of the tag sequences it returns.  The tags are
    decoded exactly as Stanza's ``predict`` does; a model with several tag columns (not one of
    this project's) falls back to the original, without probabilities."""

    def predict(self: Any, batch: Any, unsort: bool = True) -> Any:
        from stanza.models.common import utils
        from stanza.models.common.vocab import VOCAB_PREFIX_SIZE
        from stanza.models.ner import trainer as ner_trainer

        collected = getattr(self, _COLLECTED, None)
        device = next(self.model.parameters()).device
        inputs, orig_idx, word_orig_idx, char_orig_idx, sentlens, wordlens, charlens, charoffsets = (
            ner_trainer.unpack_batch(batch, device))
        word, wordchars, wordchars_mask, chars, tags = inputs
        self.model.eval()
        _, logits, trans = self.model(word, wordchars, wordchars_mask, tags, word_orig_idx, sentlens, wordlens,
                                      chars, charoffsets, charlens, char_orig_idx)
        if len(logits) != 1 or collected is None:
            return original(self, batch, unsort)
        transitions = trans[0].data.cpu().numpy()
        scores = logits[0].data.cpu().numpy()
        vocab = self.vocab["tag"]
        predict_tagset = self.args["predict_tagset"]
        tag_seqs, probabilities = [], []
        for i in range(scores.shape[0]):
            sentence = scores[i, :sentlens[i]]
            path = [x if x >= VOCAB_PREFIX_SIZE else VOCAB_PREFIX_SIZE
                    for x in ner_trainer.viterbi_decode(sentence, transitions)[0]]
            names = vocab.unmap([(x,) for x in path])
            names = [x[predict_tagset] if isinstance(x, list) else x for x in names]
            names = ner_trainer.fix_singleton_tags(names)
            tag_seqs.append(names)
            probabilities.append(token_probabilities(sentence, transitions, path, names))
        if unsort:
            tag_seqs = utils.unsort(tag_seqs, orig_idx)
            probabilities = utils.unsort(probabilities, orig_idx)
        collected.extend(probabilities)
        return tag_seqs

    return predict


def process_with_confidence(original: Callable[..., Any]) -> Callable[..., Any]:
    """``NERProcessor.process`` that sets each token's probability (``_herald_ner_p``) from its
    first model's predictions (the one whose tags win when several models are merged)."""

    def process(self: Any, document: Any) -> Any:
        trainer = self.trainers[0]
        collected: list[list[float | None]] = []
        setattr(trainer, _COLLECTED, collected)
        try:
            done = original(self, document)
        finally:
            setattr(trainer, _COLLECTED, None)
        sentences = done.sentences
        if len(collected) == len(sentences):
            for sentence, probabilities in zip(sentences, collected, strict=True):
                if len(probabilities) == len(sentence.tokens):
                    for token, p in zip(sentence.tokens, probabilities, strict=True):
                        setattr(token, ATTRIBUTE, p)
        return done

    return process
