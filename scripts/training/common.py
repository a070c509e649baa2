"""What every training step shares: where files go, and how a step is run, timed, scored and installed.

``Paths`` names every corpus, intermediate and model file; the helpers log and time a
step, call a Stanza module's ``main``, score CoNLL-U output with Stanza's scorer, append
scores to ``<work>/scores.jsonl``, store a model as float16 and copy it into ``models/``.
The model sizes (``*_DIMS``) and the word-vector file every embedding-using processor
trains against are here too: the commands and the data preparation both use them.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

LANG = "en"
SHORT = "en_ewt"
PACKAGES = {
    "tokenize": "ewt",
    "mwt": "ewt",
    "pos": "ewt",
    "lemma": "ewt",
    "depparse": "ewt",
    "ner": "ontonotes",
    "pretrain": "glove50",
}
# Word vectors: the most frequent GloVe words plus every training-vocabulary word GloVe knows.
PRETRAIN_TOP_WORDS = 100_000

log = logging.getLogger("train_models")


class Paths:
    """Every file location the training steps read or write."""

    def __init__(self, corpora: Path, work: Path, models: Path) -> None:
        self.corpora = corpora
        self.work = work
        self.models = models
        self.ewt_train = corpora / "ud_english_ewt" / "en_ewt-ud-train.conllu"
        self.ewt_dev = corpora / "ud_english_ewt" / "en_ewt-ud-dev.conllu"
        self.onto_train = corpora / "ontonotes5" / "onto5.train.bio"
        self.onto_dev = corpora / "ontonotes5" / "onto5.development.bio"
        self.data = work / "data"
        self.saved = work / "saved"
        self.pretrain_txt = work / "data" / "glove50.txt"
        self.scores = work / "scores.jsonl"

    def candidate(self, processor: str) -> Path:
        """Where training writes a processor's model before it is installed."""
        return self.saved / processor / f"{PACKAGES[processor]}.pt"

    def installed(self, processor: str) -> Path:
        """Where the shipped model lives, in Stanza's own directory layout."""
        return self.models / LANG / processor / f"{PACKAGES[processor]}.pt"


@contextlib.contextmanager
def timed(name: str) -> Iterator[dict[str, float]]:
    """Log and record the wall time of one step."""
    record: dict[str, float] = {}
    start = time.monotonic()
    log.info("%s: start", name)
    yield record
    record["seconds"] = round(time.monotonic() - start, 1)
    log.info("%s: done in %.0f s", name, record["seconds"])


def run_module(main: Callable[[list[str]], object], args: list[str]) -> object:
    """Call a Stanza training module's ``main(args)`` with a logged command line."""
    log.info("stanza args: %s", " ".join(args))
    return main(args)


def run_facts(rec: dict[str, float]) -> dict[str, object]:
    """Wall time of a training run and whether its time budget stopped it."""
    return {"seconds": rec["seconds"], "budget_hit": bool(rec.get("budget_hit"))}


def record_scores(paths: Paths, processor: str, scores: dict[str, object]) -> None:
    """Append one result line so the model card can be written from measurements."""
    paths.scores.parent.mkdir(parents=True, exist_ok=True)
    line = {"processor": processor, "time": time.strftime("%Y-%m-%dT%H:%M:%S"), **scores}
    with paths.scores.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(line) + "\n")
    log.info("scores %s: %s", processor, json.dumps(scores))


def compact(path: Path) -> None:
    """Store a trained model's float32 weights as float16, halving the shipped size.

    Stanza restores weights with ``load_state_dict``, which copies them back into the
    float32 parameters, so inference still runs in float32; the dev scores recorded by
    this script are measured on the compacted file.  The word-vector pretrain is left
    as is (Stanza uses it directly as a tensor).
    """
    import torch

    checkpoint = torch.load(path, map_location="cpu", weights_only=False)
    state = checkpoint.get("model")
    if not isinstance(state, dict):
        return
    for name, tensor in state.items():
        if isinstance(tensor, torch.Tensor) and tensor.dtype == torch.float32:
            state[name] = tensor.half()
    torch.save(checkpoint, path)
    log.info("compacted %s to float16 storage (%.1f MB)", path, path.stat().st_size / 1e6)


def install(paths: Paths, processor: str) -> None:
    """Copy a trained candidate into the shipped models directory."""
    src, dst = paths.candidate(processor), paths.installed(processor)
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)
    log.info("installed %s -> %s (%.1f MB)", src, dst, dst.stat().st_size / 1e6)


def conllu_eval(gold: Path, pred_text: str) -> dict[str, float]:
    """Score a predicted CoNLL-U document with the official CoNLL 2018 scorer Stanza ships."""
    from stanza.models.common.utils import ud_scores

    result = ud_scores(str(gold), io.StringIO(pred_text))
    return {name: round(100 * result[name].f1, 2) for name in
            ("Tokens", "Sentences", "Words", "UPOS", "XPOS", "UFeats", "AllTags", "Lemmas", "UAS", "LAS")}


def pretrain_file(paths: Paths) -> str:
    """The converted vectors every embedding-using processor trains against."""
    path = paths.candidate("pretrain")
    if not path.exists():
        sys.exit(f"{path} is missing: run `python -m scripts.train_models pretrain` first")
    return str(path)


# Compact sizes: measured to keep the pipeline fast on 2 CPU cores (see models/README.md).
POS_DIMS = ["--hidden_dim", "150", "--char_hidden_dim", "150", "--deep_biaff_hidden_dim", "150",
            "--composite_deep_biaff_hidden_dim", "64", "--word_emb_dim", "50", "--transformed_dim", "75"]
# A wider tagger that also keeps a trained embedding for every word seen twice in EWT train
# (Stanza's cutoff of 7 leaves rarer words to GloVe and the characters alone).
POS_DIMS_WIDE = ["--hidden_dim", "200", "--char_hidden_dim", "200", "--deep_biaff_hidden_dim", "200",
                 "--composite_deep_biaff_hidden_dim", "64", "--word_emb_dim", "75", "--transformed_dim", "100",
                 "--word_cutoff", "2"]
DEPPARSE_DIMS = ["--hidden_dim", "200", "--char_hidden_dim", "200", "--deep_biaff_hidden_dim", "200",
                 "--deep_biaff_output_dim", "160", "--word_emb_dim", "75", "--transformed_dim", "64",
                 "--num_layers", "2"]
NER_DIMS = ["--hidden_dim", "256", "--char_hidden_dim", "100", "--word_emb_dim", "50", "--char_emb_dim", "50"]
