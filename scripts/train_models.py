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
import logging
import os
from collections.abc import Iterable
from pathlib import Path

from scripts.training import hooks
from scripts.training.commands import REPORTS, STEPS
from scripts.training.common import PRETRAIN_TOP_WORDS, Paths

# The steps live in the scripts.training package: common (paths, running, scoring, installing),
# corpora (corpus readers/writers and data preparation), hooks (time budget and Stanza trainer
# patches) and commands (one cmd_<step> per processor, the reports, the STEPS table).
# This file keeps the command line only; its docstring above is the --help text.


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
    parser.add_argument("--news", type=int, default=0,
                        help="ner: add the news set's dev articles, tagged from their gold, this many times over")
    parser.add_argument("--news_dir", type=Path, default=Path("seeds/news"), help="ner: the news set (--news)")
    parser.add_argument("--news_holdout", nargs="*", default=None,
                        help="ner: article ids (or id prefixes such as n256) kept out of --news")
    parser.add_argument("--dev_stride", type=int, default=1,
                        help="ner: pick the checkpoint on every Nth OntoNotes dev sentence (scored on all of dev)")
    parser.add_argument("--lr_patience", type=int, default=None,
                        help="ner: dev evaluations without a gain before the learning rate is halved (default 3)")
    parser.add_argument("--no_train", action="store_true", help="score (and --install) the existing candidate")
    parser.add_argument("--minutes", type=float, default=None, help="wall-time budget (default per processor)")
    return parser


def main(argv: Iterable[str] | None = None) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    args = build_parser().parse_args(list(argv) if argv is not None else None)
    paths = Paths(args.corpora.resolve(), args.work.resolve(), args.models.resolve())
    hooks.SKIP_TRAINING = args.no_train
    if args.step in REPORTS:
        REPORTS[args.step](paths, args)
        return
    for name in (list(STEPS) if args.step == "all" else [args.step]):
        STEPS[name](paths, args)


if __name__ == "__main__":
    main()
