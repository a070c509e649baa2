"""A faster cycle finder for Stanza's dependency-tree decoder (Chu-Liu-Edmonds).

Stanza decodes every parsed sentence with ``chuliu_edmonds_one_root``, which looks for
cycles in the greedy head choice with a general Tarjan strongly-connected-components
search written in Python over NumPy scalars: on this project's 2-core machine it took
about 20 % of the whole pipeline's time on news text (``cProfile`` of the depparse
processor: 1.08 s of Tarjan in 1.56 s of decoding for 405 sentences).

A head array is a *functional graph* (every word has exactly one head), so its cycles can
be found by walking head pointers once, in plain Python lists: the same cycles, in linear
time.  The ``mst_cycles`` patch of :mod:`service.nlp.patches` swaps this finder, and a leaner copy
of the cycle contraction, into Stanza's decoder module; ``mst_one_root`` gives the parser
modules :func:`one_root` (an O(n²)-memory decoder that tries the unconstrained tree first).
The algorithm (contraction, expansion, the single-root rescaling) stays Stanza's own.
``tests/test_mst.py`` checks that the trees are the same.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def head_cycles(tree: Any) -> list[Any]:
    """The cycles of a head array (``tree[i]`` = head of ``i``), as boolean masks.

    Same contract as ``stanza.models.common.chuliu_edmonds.tarjan``: cycles of two or more
    words only (the root's self-loop ``tree[0] == 0`` is not a cycle).
    """
    heads = tree.tolist()
    n = len(heads)
    state = [0] * n  # 0: not seen, 1: on the current walk, 2: finished
    cycles = []
    for start in range(n):
        if state[start]:
            continue
        path = []
        node = start
        while state[node] == 0:
            state[node] = 1
            path.append(node)
            node = heads[node]
        if state[node] == 1:  # the walk came back onto itself: a cycle from ``node``
            members = path[path.index(node):]
            if len(members) > 1:
                mask = np.zeros(n, dtype=bool)
                mask[members] = True
                cycles.append(mask)
        for visited in path:
            state[visited] = 2
    return cycles


def contract_cycle(tree: Any, cycle: Any, scores: Any) -> tuple[Any, Any, Any, Any, Any]:
    """Stanza's ``process_cycle`` (the cycle contracted into one node) without ``np.pad``,
    whose generic machinery cost half of that function's time: the same arrays, built directly."""
    cycle_locs = np.flatnonzero(cycle)
    cycle_scores = scores[cycle, tree[cycle]]
    cycle_score = cycle_scores.sum()
    noncycle = np.logical_not(cycle)
    noncycle_locs = np.flatnonzero(noncycle)
    metanode_head_scores = scores[cycle][:, noncycle] - cycle_scores[:, None] + cycle_score
    metanode_dep_scores = scores[noncycle][:, cycle]
    metanode_heads = np.argmax(metanode_head_scores, axis=0)
    metanode_deps = np.argmax(metanode_dep_scores, axis=1)
    n = len(noncycle_locs)
    subscores = np.zeros((n + 1, n + 1), dtype=scores.dtype)
    subscores[:n, :n] = scores[np.ix_(noncycle_locs, noncycle_locs)]
    subscores[-1, :-1] = metanode_head_scores[metanode_heads, np.arange(n)]
    subscores[:-1, -1] = metanode_dep_scores[np.arange(n), metanode_deps]
    return subscores, cycle_locs, noncycle_locs, metanode_heads, metanode_deps


def _prepare(scores: Any) -> None:
    """Stanza's ``prepare_scores``: no self-loops, and the root (row 0) heads itself."""
    np.fill_diagonal(scores, -np.inf)
    scores[0] = -np.inf
    scores[0, 0] = 0


def _expand(tree: Any, contracted: Any, cycle_locs: Any, noncycle_locs: Any, metanode_heads: Any,
            metanode_deps: Any) -> Any:
    """Stanza's ``expand_contracted_tree``: the contracted problem's tree put back in the larger one."""
    cycle_head = contracted[-1]
    contracted = contracted[:-1]
    new_tree = -np.ones_like(tree)
    inside = contracted < len(contracted)
    new_tree[noncycle_locs[inside]] = noncycle_locs[contracted[inside]]
    outside = np.logical_not(inside)
    new_tree[noncycle_locs[outside]] = cycle_locs[metanode_deps[outside]]
    new_tree[cycle_locs] = tree[cycle_locs]
    new_tree[cycle_locs[metanode_heads[cycle_head]]] = noncycle_locs[cycle_head]
    return new_tree


def chuliu_edmonds(scores: Any) -> Any:
    """Stanza's ``chuliu_edmonds`` (the same contractions, the same tree) in O(n²) memory.

    Stanza keeps every contracted score matrix on its stack until the end, although expanding
    a contraction needs only the head arrays and index vectors.  With the single-root rescaling
    a sentence of n words contracts about n two-word cycles, so that stack held n matrices of
    up to n² floats: O(n³), and one 1,000-word "sentence" of quote marks peaked at ~3 GB.  Here
    each level keeps O(n) and only the current matrix lives.  ``scores`` is modified in place.
    """
    stack: list[tuple[Any, Any, Any, Any, Any]] = []
    _prepare(scores)
    tree = np.argmax(scores, axis=1)
    cycles = head_cycles(tree)
    while cycles:
        scores, cycle_locs, noncycle_locs, metanode_heads, metanode_deps = contract_cycle(tree, cycles.pop(), scores)
        stack.append((tree, cycle_locs, noncycle_locs, metanode_heads, metanode_deps))
        _prepare(scores)
        tree = np.argmax(scores, axis=1)
        cycles = head_cycles(tree)
    while stack:
        previous, cycle_locs, noncycle_locs, metanode_heads, metanode_deps = stack.pop()
        tree = _expand(previous, tree, cycle_locs, noncycle_locs, metanode_heads, metanode_deps)
    return tree


def one_root(scores: Any) -> Any:
    """Stanza's ``chuliu_edmonds_one_root`` on the O(n²)-memory decoder, unconstrained tree first.

    Stanza makes every root arc cost ``n`` times the lowest score, so that only trees with
    one word under the root can win: the best single-root tree.  That also makes the greedy
    head choice root-less, hence cyclic, and the decoder contracts about one cycle per word
    (17,293 contractions for 943 benchmark sentences, 1.2 s of the parser's 4.2 s).  The
    best tree *without* the penalty usually has one root word already and needs a cycle or
    two; when it does, it is also the best single-root tree, so it is Stanza's answer.
    Otherwise the rescaled search runs, as Stanza writes it but on :func:`chuliu_edmonds`.
    """
    tree = chuliu_edmonds(scores.astype(np.float64))  # astype: a copy it may modify
    if np.count_nonzero(tree[1:] == 0) == 1:
        return tree
    rescaled = scores.astype(np.float64)
    rescaled[:, 0] += rescaled[np.isfinite(rescaled)].min() * rescaled.shape[0]
    return chuliu_edmonds(rescaled)
