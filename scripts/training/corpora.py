"""Corpus readers and writers, and the training data each processor is prepared from.

Readers and writers for the open corpora's formats (UD CoNLL-U, OntoNotes'
``word<TAB>POS<TAB>BIO``), and the preparation steps that turn them into Stanza's
training files under ``<work>/data``: the tokenizer/MWT files, the NER json, the
OntoNotes tagger data (gold PTB tags, or silver UPOS from a trained tagger), the
parser's retagged EWT, and the vocabulary the word vectors are trimmed to.  The
corpora themselves are only read.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path

from scripts.training.common import LANG, POS_DIMS, SHORT, Paths, log, pretrain_file, run_module, timed


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


# ---------------------------------------------------------------------------
# pos: OntoNotes as extra tagger data


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


# ---------------------------------------------------------------------------
# depparse + ner


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


def bio_to_json(src: Path, dst: Path) -> None:
    """Convert OntoNotes `word<TAB>POS<TAB>BIO` lines into Stanza's NER json."""
    sents = [[{"text": cols[0], "ner": cols[-1]} for cols in sent] for sent in read_onto_sentences(src)]
    dst.write_text(json.dumps(sents), encoding="utf-8")
