"""service/nlp/quantize.py on the shipped models: what it replaces, what it leaves alone, and that the
quantised pipeline still annotates news sensibly.  (Its accuracy on the dev sets is measured by
scripts/eval_quantize.py, not here.)"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from service.config import parse_quantize
from service.nlp import PROCESSORS, StanzaNlp, default_models_dir
from service.nlp.quantize import (
    QUANTIZABLE,
    Quantized,
    float_module_counts,
    processor_models,
    quantize_pipeline,
)
from tests.real import block_network, real_nlp

NEWS = ("European leaders met on Monday for emergency talks in Paris. "
        "\"We stand with Ukraine,\" Emmanuel Macron told reporters.")
CHOSEN = ("pos", "depparse", "ner")


def counts(pipeline: Any, name: str) -> Counter[str]:
    """The float ``nn.LSTM``/``nn.Linear`` modules of one processor's models."""
    from torch import nn

    total: Counter[str] = Counter()
    for model in processor_models(pipeline.processors[name]):
        total += float_module_counts(model, (nn.LSTM, nn.Linear))
    return total


@pytest.fixture(scope="module")
def quantized() -> Iterator[tuple[StanzaNlp, dict[str, Counter[str]], dict[str, Quantized]]]:
    """A pipeline of its own (never the session's shared one), its float module counts before, and
    what quantising pos, depparse and ner did."""
    block_network()
    nlp = StanzaNlp(default_models_dir(), torch_threads=1)
    before = {name: counts(nlp.pipeline, name) for name in QUANTIZABLE}
    report = quantize_pipeline(nlp.pipeline, CHOSEN)
    yield nlp, before, report


def test_parse_quantize() -> None:
    assert parse_quantize("off") == parse_quantize(" ") == parse_quantize("none") == ()
    assert parse_quantize("all") == QUANTIZABLE
    assert parse_quantize("POS, depparse,ner,pos") == ("pos", "depparse", "ner")
    with pytest.raises(ValueError, match="tagger"):
        parse_quantize("pos,tagger")


def test_chosen_processors_lose_their_float_modules(quantized: Any) -> None:
    nlp, before, report = quantized
    assert set(report) == set(CHOSEN)
    for name in ("depparse", "ner"):
        assert before[name]["LSTM"] > 0 and before[name]["Linear"] > 0
        assert counts(nlp.pipeline, name) == Counter(), f"{name} still has float LSTM/Linear modules"
        assert report[name].modules == dict(before[name])
    # The tagger: its LSTMs only (QUANTIZED_TYPES), its linear layers stay float32.
    assert counts(nlp.pipeline, "pos") == Counter({"Linear": before["pos"]["Linear"]})
    assert report["pos"].modules == {"LSTM": before["pos"]["LSTM"]}
    for name in CHOSEN:
        model_types = {type(m).__module__ for model in processor_models(nlp.pipeline.processors[name])
                       for m in model.modules()}
        assert "torch.ao.nn.quantized.dynamic.modules.rnn" in model_types
        assert report[name].replaced_bytes_after * 3 < report[name].replaced_bytes_before  # int8: ~1/4
        assert report[name].bytes_after < report[name].bytes_before


def test_other_processors_are_untouched(quantized: Any) -> None:
    nlp, before, _ = quantized
    for name in set(QUANTIZABLE) - set(CHOSEN):
        assert counts(nlp.pipeline, name) == before[name] != Counter()


def test_quantising_again_replaces_nothing(quantized: Any) -> None:
    nlp, _, _ = quantized
    again = quantize_pipeline(nlp.pipeline, ["depparse", "ner"])
    assert all(q.replaced == 0 and q.bytes_after == q.bytes_before for q in again.values())


def test_bad_names_change_nothing(quantized: Any) -> None:
    nlp, _, _ = quantized
    lemma = counts(nlp.pipeline, "lemma")
    with pytest.raises(ValueError, match="cannot quantise"):
        quantize_pipeline(nlp.pipeline, ["lemma", "sentiment"])
    with pytest.raises(ValueError, match="module type"):
        quantize_pipeline(nlp.pipeline, ["lemma"], types={"lemma": ["GRU"]})
    assert counts(nlp.pipeline, "lemma") == lemma


def test_a_processor_not_loaded_is_refused() -> None:
    import stanza

    block_network()
    pipeline = stanza.Pipeline("en", dir=str(default_models_dir()), processors="tokenize", download_method=None,
                               use_gpu=False, logging_level="WARN")
    with pytest.raises(ValueError, match="not loaded"):
        quantize_pipeline(pipeline, ["tokenize", "ner"])
    assert counts(pipeline, "tokenize") != Counter()  # refused before anything changed


def test_the_quantised_pipeline_still_annotates_news(quantized: Any) -> None:
    nlp, _, _ = quantized
    sentences = nlp.annotate([NEWS])[0]
    assert len(sentences) == len(real_nlp().annotate([NEWS])[0]) == 2
    words = {w.text: w for w in sentences[0].words}
    assert words["met"].upos == "VERB" and words["met"].deprel == "root"
    assert words["leaders"].deprel == "nsubj" and words["leaders"].head == words["met"].index
    assert words["Paris"].upos == "PROPN"
    tags = {tok.text: tok.ner for sentence in sentences for tok in sentence.tokens}
    assert tags["Paris"] == "S-GPE" and tags["Monday"] == "S-DATE"
    assert (tags["Emmanuel"], tags["Macron"]) == ("B-PERSON", "E-PERSON")


def test_herald_quantize_is_read_once_and_a_typo_stops_the_start_up() -> None:
    from service.config import Config, ConfigError

    assert Config().quantize == ()
    assert Config.from_env({"HERALD_QUANTIZE": "pos, depparse,ner"}).quantize == ("pos", "depparse", "ner")
    assert Config.from_env({"HERALD_QUANTIZE": "off"}).quantize == ()
    with pytest.raises(ConfigError, match="HERALD_QUANTIZE"):
        Config.from_env({"HERALD_QUANTIZE": "parser"})


def test_a_quantised_pipeline_says_so_in_the_model_version() -> None:
    from service.nlp import model_info

    plain = model_info(default_models_dir(), PROCESSORS)["version"]
    assert model_info(default_models_dir(), PROCESSORS, ("pos", "ner"))["version"] == plain + "+int8:pos,ner"
