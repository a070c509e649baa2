"""Dependency labels scored for the decoded tree's arcs only, not for every word pair.

Stanza's graph parser scores every (dependent, head, label) triple of a batch before it
decodes a single tree: its label biaffine builds an ``N x T x T x labels`` tensor (``T``
the batch's longest sentence), takes its arg-max and its log-softmax over the labels, and
copies both to NumPy.  Measured with ``cProfile`` on this project's 2-core machine (the
benchmark corpus, 24 news articles, one torch thread): 2.1 s of the parser's 7.2 s were
that tensor's two einsums, plus 0.3 s for its log-softmax, arg-max and copies.  Decoding
needs only the arc scores; a label is then read at each word's chosen head.

The ``arc_labels`` patch of :mod:`service.nlp.patches` replaces the graph parser's ``predict``
(inference only; training keeps Stanza's) with :func:`labels_on_arcs`'s, which computes the
arc scores exactly as Stanza does, decodes each tree with the parser module's Chu-Liu-Edmonds
(Stanza's, or ``mst_one_root``'s where installed), and scores labels for the tree's arcs
alone: the bilinear map is applied once per distinct head (``W y_h``), then read by each of
its dependents.  Where a tree breaks a head constraint (two subjects or two objects on one
head), the sentence's full label scores are computed as Stanza does and Stanza's own repair
runs on them, so trees and labels are Stanza's.  Floating-point sums run in another order, so
a label score can differ in its last bits; ``tests/test_patches.py`` checks the annotations
are the same.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def _with_ones(x: Any) -> Any:
    import torch

    return torch.cat([x, x.new_ones(*x.shape[:-1], 1)], -1)


def _violations(tree: Any, deprels: list[str]) -> list[Any]:
    """The head-constraint violations of a labelled tree (Stanza's own check)."""
    from stanza.models.depparse.head_constraints import find_head_constraint_violations

    return find_head_constraint_violations(tree, deprels)


def labels_on_arcs(original: Callable[..., Any]) -> Callable[..., Any]:
    """``GraphParser.predict`` with labels scored on the decoded arcs (same arguments, same result);
    Stanza's ``original`` in training mode or with arc embeddings."""

    def predict(self: Any, word: Any, word_mask: Any, wordchars: Any, wordchars_mask: Any, upos: Any, xpos: Any,
                ufeats: Any, pretrained: Any, lemma: Any, head: Any, deprel: Any, word_orig_idx: Any, sentlens: Any,
                wordlens: Any, text: Any, resolve_head_constraints: bool = False) -> list[list[list[Any]]]:
        args = (word, word_mask, wordchars, wordchars_mask, upos, xpos, ufeats, pretrained, lemma, head, deprel,
                word_orig_idx, sentlens, wordlens, text)
        if self.training or self.args.get("use_arc_embedding"):
            return original(self, *args, resolve_head_constraints=resolve_head_constraints)
        return predict_on_arcs(self, args, resolve_head_constraints)

    return predict


def predict_on_arcs(self: Any, args: tuple[Any, ...], resolve_head_constraints: bool) -> list[list[list[Any]]]:
    """The graph parser's inference (``args`` as ``GraphParser.predict`` takes them), labels on the tree's arcs."""
    import numpy as np
    import torch
    import torch.nn.functional as F
    from stanza.models.common.vocab import VOCAB_PREFIX_SIZE
    from stanza.models.depparse import model as parser_model

    word, head, sentlens = args[0], args[9], args[12]
    lstm_outputs = self.embed(*args)
    # --- the arc scores, as GraphParser.forward_scores computes them (dropout is off in eval mode)
    unlabeled_scores = self.unlabeled(lstm_outputs, lstm_outputs).squeeze(3)
    head_offset = None
    if self.args["linearization"] or self.args["distance"]:
        head_offset = torch.arange(word.size(1), device=head.device).view(1, 1, -1).expand(word.size(0), -1, -1) \
            - torch.arange(word.size(1), device=head.device).view(1, -1, 1).expand(word.size(0), -1, -1)
    if self.args["linearization"]:
        lin_scores = self.linearization(lstm_outputs, lstm_outputs).squeeze(3)
        unlabeled_scores += F.logsigmoid(lin_scores * torch.sign(head_offset).float()).detach()
    if self.args["distance"]:
        dist_scores = self.distance(lstm_outputs, lstm_outputs).squeeze(3)
        dist_pred = 1 + F.softplus(dist_scores)
        dist_target = torch.abs(head_offset)
        unlabeled_scores += (-torch.log((dist_target.float() - dist_pred) ** 2 / 2 + 1)).detach()
    diag = torch.eye(head.size(-1) + 1, dtype=torch.bool, device=head.device).unsqueeze(0)
    unlabeled_scores.masked_fill_(diag, -float("inf"))
    arc_log_probs = F.log_softmax(unlabeled_scores, 2).detach().cpu().numpy()

    # --- the label scorer's two sides (DeepBiaffineScorer without its dropout)
    scorer = self.deprel
    dep_side = _with_ones(scorer.hidden_func(scorer.W1(lstm_outputs)))  # [N, T, I]
    head_side = _with_ones(scorer.hidden_func(scorer.W2(lstm_outputs)))  # [N, T, J]
    bilinear = scorer.scorer.W_bilin
    n, t, width = dep_side.shape
    key = (bilinear.weight.data_ptr(), bilinear.weight._version)
    key_and_weight = bilinear.__dict__.get("_herald_by_head")
    if key_and_weight is None or key_and_weight[0] != key:
        # [I, J, labels] -> [J, I * labels]: one matrix product maps a head to its W y_h
        by_head = bilinear.weight.detach().permute(1, 0, 2).reshape(bilinear.weight.shape[1], -1).contiguous()
        key_and_weight = bilinear.__dict__["_herald_by_head"] = (key, by_head)
    weight = key_and_weight[1]
    vocab = self.vocab["deprel"]

    trees = [parser_model.chuliu_edmonds_one_root(arc_log_probs[i][:length, :length])
             for i, length in enumerate(sentlens)]
    dep_rows = torch.as_tensor(np.concatenate([i * t + np.arange(1, length) for i, length in enumerate(sentlens)]))
    head_rows = torch.as_tensor(np.concatenate([i * t + np.asarray(tree[1:], dtype=np.int64)
                                                for i, tree in enumerate(trees)]))
    distinct, which = torch.unique(head_rows, return_inverse=True)
    projected = (head_side.reshape(n * t, -1)[distinct] @ weight).view(len(distinct), width, -1)
    arc_scores = torch.bmm(dep_side.reshape(n * t, width)[dep_rows].unsqueeze(1), projected[which]).squeeze(1)
    raw = F.log_softmax(arc_scores + bilinear.bias, 1).argmax(1).tolist()

    heads_out: list[Any] = []
    labels_out: list[list[str]] = []
    start = 0
    for i, (length, tree) in enumerate(zip(sentlens, trees, strict=True)):
        raw_ids = raw[start:start + length - 1]
        start += length - 1
        deprels = vocab.unmap([r + VOCAB_PREFIX_SIZE for r in raw_ids])
        if resolve_head_constraints and _violations(tree, deprels):
            full = scorer.scorer(dep_side[i:i + 1, :length, :-1], head_side[i:i + 1, :length, :-1])
            label_log_probs = F.log_softmax(full[0], 2).detach().cpu().numpy()
            tree, raw_ids = parser_model.resolve_head_constraint_violations(
                arc_log_probs[i][:length, :length], label_log_probs, tree, vocab)
            deprels = vocab.unmap([r + VOCAB_PREFIX_SIZE for r in raw_ids])
        heads_out.append(tree[1:])
        labels_out.append(deprels)
    return [[[heads_out[i][j], labels_out[i][j]] for j in range(sentlens[i] - 1)] for i in range(len(sentlens))]
