"""Single patches of ``service/nlp/patches`` against Stanza's own code (the whole pipeline, plain against
patched, is compared in ``tests/test_patches.py``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import torch

from service.nlp import patches
from tests.real import real_nlp

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_crf_skips_only_the_inference_loss() -> None:
    from stanza.models.common.crf import CRFLoss

    patches.install("crf_eval_loss")
    crf = CRFLoss(5)
    with torch.no_grad():
        crf._transitions.normal_()
    inputs = torch.randn(2, 4, 5)
    masks = torch.zeros(2, 4, dtype=torch.bool)
    tags = torch.randint(0, 5, (2, 4))
    crf.train()
    loss, trans = crf(inputs, masks, tags)
    assert loss.item() > 0 and trans is crf._transitions  # training: the real loss
    crf.eval()
    loss, trans = crf(inputs, masks, tags)
    assert loss.item() == 0 and trans is crf._transitions  # inference: decoding needs only these


@pytest.mark.parametrize("keyed", [True, False])
def test_cached_id2unit_matches_stanzas(keyed: bool) -> None:
    from stanza.models.common.vocab import CompositeVocab

    data = [[["Number=Sing|Person=3"], ["_"], ["Mood=Ind|Tense=Past|VerbForm=Fin"], ["Number=Plur"]]] if keyed \
        else [[["NNS"], ["VBD"], ["JJ"]]]
    vocab = CompositeVocab(data, "en", idx=0, sep="|" if keyed else "", keyed=keyed)
    width = len(vocab._id2unit)
    sizes = [len(v) for v in vocab._id2unit.values()]
    ids = [[(i * 7 + k * 3) % sizes[k] for k in range(width)] for i in range(40)]
    patches.install("feats_id2unit")
    cached = [vocab.id2unit(x) for x in ids] + [vocab.id2unit(x) for x in ids]  # the second pass: from the cache
    with patches.plain():
        plain = [vocab.id2unit(x) for x in ids]
    assert cached == plain + plain


def test_lemmas_are_computed_once_per_word_and_tag() -> None:
    from unittest import mock

    import stanza

    pipeline = real_nlp().pipeline  # built with the patches installed
    patches.install("lemma_memo")
    lemmatizer = pipeline.processors["lemma"]
    lemmatizer.__dict__.pop("_herald_lemmas", None)
    text = "Zelenskyy's envoys met Zelenskyy's critics. The envoys were meeting again on Tuesday."
    trainer = lemmatizer.trainer
    # Stanza's own process asks the dictionary about every word it is given, once
    with mock.patch.object(trainer, "skip_seq2seq", wraps=trainer.skip_seq2seq) as asked:
        first = pipeline.bulk_process([stanza.Document([], text=text)])[0]
        again = pipeline.bulk_process([stanza.Document([], text=text)])[0]
    words = [(w.text, w.upos) for s in first.sentences for w in s.words]
    assert len(words) > len(set(words))
    assert [len(call.args[0]) for call in asked.call_args_list] == [len(set(words))]  # none the second time
    lemmas = {(w.text, w.lemma) for s in first.sentences for w in s.words}
    assert ("envoys", "envoy") in lemmas and ("were", "be") in lemmas and ("meeting", "meet") in lemmas
    assert [w.lemma for s in again.sentences for w in s.words] == [w.lemma for s in first.sentences for w in s.words]


def parses(pipeline: Any, texts: list[str]) -> list[tuple[Any, ...]]:
    import stanza

    docs = pipeline.bulk_process([stanza.Document([], text=t) for t in texts])
    return [(w.text, w.head, w.deprel) for doc in docs for s in doc.sentences for w in s.words]


def test_arc_labels_full_scores_branch_matches_stanza(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where a tree breaks a head constraint, the sentence's full label scores and Stanza's repair
    are used: forcing that branch for every sentence must still give Stanza's parses."""
    from service.nlp.patches import arc_labels

    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    pipeline = real_nlp().pipeline
    patches.uninstall("arc_labels")
    try:
        stanzas = parses(pipeline, texts)
    finally:
        patches.install("arc_labels")
    monkeypatch.setattr(arc_labels, "_violations", lambda tree, deprels: [("forced",)])
    assert parses(pipeline, texts) == stanzas
    assert len(stanzas) > 900
