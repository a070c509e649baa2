"""Inference-only loading (service/nlp/loading.py): the shipped models load without optimizers and
torch._dynamo, the NER model shares the tagger's word vectors, and nothing annotated changes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from service.nlp import loading
from tests.real import real_nlp

ROOT = Path(__file__).resolve().parent.parent

#: Loads the shipped models in a fresh process and reports which heavy torch modules it imported.
PROBE = """
import json, sys
from service.nlp import StanzaNlp, default_models_dir
nlp = StanzaNlp(default_models_dir())
sentences = nlp.annotate(["Emmanuel Macron met Donald Trump in Paris on Monday, officials said."])
print(json.dumps({"dynamo": "torch._dynamo" in sys.modules, "sympy": "sympy" in sys.modules,
                  "shared": nlp.shared_bytes, "words": [w.text for s in sentences[0] for w in s.words]}))
"""


def test_the_shipped_models_load_without_torch_dynamo_or_sympy() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          check=True)
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["dynamo"] is False and report["sympy"] is False
    assert report["shared"] == 105_997 * 50 * 4  # the NER model's copy of the GloVe vectors
    assert report["words"][:3] == ["Emmanuel", "Macron", "met"]


def test_the_ner_model_reads_the_taggers_word_vectors() -> None:
    pipeline = real_nlp().pipeline
    ner = pipeline.processors["ner"]._trainer.model
    pos = pipeline.processors["pos"]._trainer.model
    assert ner.word_emb.weight.data_ptr() == pos.pretrained_emb.weight.data_ptr()
    assert loading.share_word_vectors(pipeline) == 0  # already shared: nothing more to free


def test_vectors_that_differ_are_not_shared() -> None:
    class Model(torch.nn.Module):
        def __init__(self, attribute: str, weight: torch.Tensor) -> None:
            super().__init__()
            setattr(self, attribute, torch.nn.Embedding.from_pretrained(weight, freeze=True))

    class Processor:
        def __init__(self, model: torch.nn.Module) -> None:
            self._trainer = type("Trainer", (), {"model": model})()

    vectors = torch.randn(5, 3)
    other = vectors.clone()
    other[4, 2] += 1e-6
    pipeline = type("Pipeline", (), {"processors": {"ner": Processor(Model("word_emb", other)),
                                                    "pos": Processor(Model("pretrained_emb", vectors))}})()
    assert loading.share_word_vectors(pipeline) == 0
    assert pipeline.processors["ner"]._trainer.model.word_emb.weight.data_ptr() != vectors.data_ptr()
    other[4, 2] -= 1e-6
    pipeline.processors["ner"]._trainer.model.word_emb.weight.data.copy_(vectors)
    assert loading.share_word_vectors(pipeline) == 5 * 3 * 4


def test_the_inert_optimizer_is_restored_and_cannot_train() -> None:
    from stanza.models.common import utils

    original = utils.dispatch_optimizer
    with loading.inference_loading() as hooked:
        assert hooked
        optimizer = utils.dispatch_optimizer("adam", [], lr=0.003)
        assert optimizer.param_groups[0]["lr"] == 0.003
        with pytest.raises(RuntimeError, match="inference-only"):
            optimizer.step()
    assert utils.dispatch_optimizer is original


def test_the_ner_model_reads_the_word_vectors_vocabulary() -> None:
    pipeline = real_nlp().pipeline
    ner = pipeline.processors["ner"]._trainer.model
    assert ner.vocab["word"] is pipeline.processors["pos"].pretrain.vocab
