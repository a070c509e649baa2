"""The fast cycle finder gives Stanza's decoder the same cycles, hence the same trees."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from service.nlp.patches.mst import contract_cycle, head_cycles

# A private copy of Stanza's decoder module, untouched by the `mst_cycles` patch (which the real
# pipeline installs in other tests of this session).
_spec = importlib.util.find_spec("stanza.models.common.chuliu_edmonds")
assert _spec is not None and _spec.loader is not None
chuliu_edmonds = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(chuliu_edmonds)
ORIGINAL_TARJAN = chuliu_edmonds.tarjan
ORIGINAL_CONTRACT = chuliu_edmonds.process_cycle


def as_sets(cycles: list[np.ndarray]) -> set[frozenset[int]]:
    return {frozenset(np.flatnonzero(c).tolist()) for c in cycles}


def test_examples_from_stanzas_docstring() -> None:
    assert head_cycles(np.array([0, 4, 4, 4, 0])) == []
    assert head_cycles(np.array([0, 2, 0, 4, 2, 2])) == []
    (cycle,) = head_cycles(np.array([0, 3, 1, 2]))
    assert cycle.tolist() == [False, True, True, True]


@pytest.mark.parametrize("seed", range(5))
def test_same_cycles_as_stanzas_tarjan_on_random_head_arrays(seed: int) -> None:
    rng = np.random.default_rng(seed)
    for _ in range(400):
        n = int(rng.integers(2, 60))
        tree = rng.integers(0, n, size=n)
        tree[0] = 0
        assert as_sets(head_cycles(tree)) == as_sets(ORIGINAL_TARJAN(tree))


@pytest.mark.parametrize("seed", range(3))
def test_same_trees_from_the_decoder(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whole decoding with Stanza's finder and with ours, on random score matrices."""
    rng = np.random.default_rng(100 + seed)
    matrices = [rng.normal(size=(n, n)).astype(np.float32) for n in rng.integers(2, 70, size=150)]
    monkeypatch.setattr(chuliu_edmonds, "tarjan", ORIGINAL_TARJAN)
    monkeypatch.setattr(chuliu_edmonds, "process_cycle", ORIGINAL_CONTRACT)
    expected = [chuliu_edmonds.chuliu_edmonds_one_root(m).tolist() for m in matrices]
    monkeypatch.setattr(chuliu_edmonds, "tarjan", head_cycles)
    monkeypatch.setattr(chuliu_edmonds, "process_cycle", contract_cycle)
    assert [chuliu_edmonds.chuliu_edmonds_one_root(m).tolist() for m in matrices] == expected


def test_same_contracted_problem_as_stanzas() -> None:
    rng = np.random.default_rng(7)
    for _ in range(200):
        n = int(rng.integers(3, 40))
        scores = rng.normal(size=(n, n))
        chuliu_edmonds.prepare_scores(scores)
        tree = np.argmax(scores, axis=1)
        for cycle in head_cycles(tree):
            ours, theirs = contract_cycle(tree, cycle, scores), ORIGINAL_CONTRACT(tree, cycle, scores)
            for a, b in zip(ours, theirs, strict=True):
                assert a.dtype == b.dtype and np.array_equal(a, b)


def test_install_leaves_an_unknown_stanza_decoder_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    from stanza.models.common import chuliu_edmonds as real

    from service.nlp import patches

    def sentinel(tree: np.ndarray) -> list[np.ndarray]:
        return []

    was = "mst_cycles" in patches.active()
    patches.uninstall("mst_cycles")
    try:
        with monkeypatch.context() as m:
            m.setattr(real, "tarjan", sentinel)
            m.delattr(real, "process_cycle")
            assert patches.install("mst_cycles") is False  # a target is missing: the whole patch stays out
            assert real.tarjan is sentinel and "mst_cycles" not in patches.active()
    finally:
        if was:
            patches.install("mst_cycles")


def parser_like_scores(rng: np.random.Generator, n: int, roots: int) -> np.ndarray:
    """Log-probability-like arc scores around a random tree with ``roots`` words under the root."""
    heads = [0] * n
    order = rng.permutation(np.arange(1, n)).tolist()
    for k, word in enumerate(order):
        heads[word] = 0 if k < roots else int(rng.choice([0, *order[:k]][1:] or [0]))
    scores = rng.normal(scale=2.0, size=(n, n)) - 8.0
    for word in range(1, n):
        scores[word, heads[word]] += rng.uniform(2.0, 9.0)
    scores -= np.log(np.exp(scores).sum(1, keepdims=True))  # rows as log-softmax, as the parser gives
    return scores.astype(np.float32)


@pytest.mark.parametrize("seed", range(3))
def test_one_root_gives_stanzas_single_root_trees(seed: int) -> None:
    """The unconstrained tree first, Stanza's rescaled search when it has several root words."""
    from service.nlp.patches import mst

    rng = np.random.default_rng(300 + seed)
    cases = [parser_like_scores(rng, int(rng.integers(2, 60)), int(rng.integers(1, 4))) for _ in range(200)]
    cases += [rng.normal(size=(n, n)).astype(np.float32) for n in rng.integers(2, 40, size=50)]
    fast_path = 0
    for scores in cases:
        expected = chuliu_edmonds.chuliu_edmonds_one_root(scores).tolist()
        free = chuliu_edmonds.chuliu_edmonds(scores.astype(np.float64))
        fast_path += int(np.count_nonzero(free[1:] == 0) == 1)
        assert mst.one_root(scores).tolist() == expected
        assert expected[1:].count(0) == 1
    assert 50 < fast_path < len(cases)  # both branches ran


@pytest.mark.parametrize("seed", range(3))
def test_lean_decoder_gives_stanzas_trees(seed: int) -> None:
    """The O(n²)-memory decoder contracts and expands exactly like Stanza's."""
    from service.nlp.patches import mst

    rng = np.random.default_rng(500 + seed)
    cases = [parser_like_scores(rng, int(rng.integers(2, 60)), int(rng.integers(1, 4))) for _ in range(100)]
    cases += [rng.normal(size=(n, n)).astype(np.float32) for n in rng.integers(2, 40, size=50)]
    for scores in cases:
        expected = chuliu_edmonds.chuliu_edmonds(scores.astype(np.float64)).tolist()
        assert mst.chuliu_edmonds(scores.astype(np.float64)).tolist() == expected
        assert mst.one_root(scores).tolist() == chuliu_edmonds.chuliu_edmonds_one_root(scores).tolist()


def test_decoder_memory_is_quadratic() -> None:
    """A nearly flat score matrix (what a "sentence" of 600 quote marks looks like to the parser) makes the
    single-root search contract one cycle per word; peak memory stays a few matrices, not n of them."""
    import tracemalloc

    from service.nlp.patches import mst

    n = 600
    scores = (np.random.default_rng(7).normal(scale=0.01, size=(n, n)) - 5.0).astype(np.float32)
    matrix_bytes = n * n * 8
    tracemalloc.start()
    try:
        tree = mst.one_root(scores)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert np.count_nonzero(tree[1:] == 0) == 1
    assert peak < 8 * matrix_bytes, f"peak {peak / 1e6:.1f} MB for {n} words"
