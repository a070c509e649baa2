"""Fit the pronoun speaker ranker on the news set's development gold, and measure it.

Usage::

    python -m scripts.train_speaker_links --cv          # leave-one-round-out report, writes nothing
    python -m scripts.train_speaker_links --install     # fit on all dev articles, write the weights

Every development article of ``seeds/news`` (test articles are never read) goes through the real
pipeline; for each quote the rules give a pronoun or description speaker, the candidates of
``service.extract.speaker_links`` are taken (:func:`service.extract.quotes.speaker_table`).  A quote
counts when its content overlaps half of a gold quote's fragment (as ``scripts.eval_news`` finds
them); each candidate is labelled ``yes`` when its name or one of its mentions is one of the gold
speaker's forms (as ``eval_news`` compares speakers).  A binary logistic regression is fitted with
L-BFGS and an L2 penalty (the fitting of ``scripts.train_boilerplate``).

``--cv`` holds out one annotation round at a time (the first 44 articles, then each retired test
split), trains on the rest and prints, per round and in total, how many of the held-out pronoun
and description speakers are right with the rules' pick and with the ranker's rule, at each
threshold.

``--install`` writes ``service/data/weights/speaker_links.json`` with the threshold given.
``--data`` keeps what was collected (``--cached`` reads it back instead of running the pipeline).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

import torch

from scripts import train_boilerplate as trainers  # the fitting and options the learned stages' trainers share
from scripts.eval_news import anchor_span, norm, overlap
from service.deadline import Deadline
from service.extract.document import AnalysedDocument
from service.extract.quotes import speaker_table
from service.extract.speaker_links import CLASSES, FILE, Candidate, SpeakerModel, choose

THRESHOLDS = (0.0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.01)
OUTPUT = Path("service/data/weights") / FILE


class Capture:
    """A stage that keeps each document's pronoun-speaker questions and changes nothing."""

    name: ClassVar[str] = "capture"
    requires: ClassVar[frozenset[str]] = frozenset({"quotes", "entities", "sentences", "cleaned"})
    provides: ClassVar[frozenset[str]] = frozenset()

    def __init__(self) -> None:
        self.documents: list[list[dict[str, Any]]] = []

    def process(self, doc: AnalysedDocument, deadline: Deadline) -> None:
        assert doc.entities is not None
        by_id = doc.entities.by_id

        def forms(entity: str) -> list[str]:  # as eval_news compares a speaker's entity
            return sorted({norm(by_id[entity].name), *(norm(m.text) for m in by_id[entity].mentions)} - {""})

        self.documents.append([
            {"content": [quote.start, quote.end], "rule": quote.entity,
             "candidates": [{"entity": c.entity, "features": c.features, "forms": forms(c.entity)} for c in candidates]}
            for quote, candidates in speaker_table(doc.sentences, doc.text, doc.cleaned.paragraphs, doc.entities)])


def collect(dev: Sequence[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Article id -> its questions, each with the gold speaker's forms where a gold quote matches."""
    from service.config import Config
    from service.extract import ExtractRequest, build_extractor
    from service.extract.stages import QuotesStage

    extractor = build_extractor(Config.from_env(os.environ))
    capturing = Capture()
    stages = list(extractor.stages)  # type: ignore[attr-defined]
    at = next(i for i, s in enumerate(stages) if isinstance(s, QuotesStage))
    extractor.stages = (*stages[:at + 1], capturing, *stages[at + 1:])  # type: ignore[attr-defined]
    for i in range(0, len(dev), 8):
        extractor.extract_many([ExtractRequest(text=a["text"], date=dt.date.fromisoformat(a["published"]))
                                for a in dev[i:i + 8]])
    out = {}
    for article, questions in zip(dev, capturing.documents, strict=True):
        forms = {e["name"]: {norm(e["name"]), *(norm(x) for x in e.get("aliases", []))} for e in article["entities"]}
        for question in questions:
            content = tuple(question["content"])
            for gold in article["quotes"]:
                span = anchor_span(article["text"], gold["anchor"], gold["fragment"])
                if 2 * overlap(span, content) >= span[1] - span[0]:
                    wanted = forms.get(gold["speaker"], {norm(gold["speaker"])})
                    for c in question["candidates"]:
                        c["label"] = int(bool(wanted & set(c["forms"])))
                    question["gold"] = gold["speaker"]
                    break
        out[article["id"]] = [q for q in questions if "gold" in q]
    return out


def _fit(documents: Sequence[list[dict[str, Any]]], args: argparse.Namespace) -> tuple[dict[str, int], torch.Tensor]:
    candidates = [c for d in documents for q in d for c in q["candidates"]]
    return trainers.fit([c["features"] for c in candidates], [c["label"] for c in candidates], args.min_count,
                        args.l2, classes=len(CLASSES))


def _model(vocab: dict[str, int], weights: torch.Tensor, threshold: float) -> SpeakerModel:
    """The fitted weights as the service reads them."""
    return SpeakerModel(threshold, {name: tuple(weights[i].tolist()) for name, i in vocab.items()})


def _right(question: dict[str, Any], model: SpeakerModel | None) -> bool:
    """Whether the stage's rule (:func:`~service.extract.speaker_links.choose`; None: the rules'
    pick) gives the question a right speaker."""
    candidates = question["candidates"]
    chosen = question["rule"] if model is None else choose(
        model, [Candidate(c["entity"], c["features"]) for c in candidates], question["rule"])
    return any(c["label"] for c in candidates if c["entity"] == chosen)


def _rates(c: Counter) -> str:
    n = c["questions"]
    return f"right {c['right']}/{n} ({100 * c['right'] / max(n, 1):.1f} %), any candidate right {c['reachable']}"


def cross_validate(data: dict[str, list[dict[str, Any]]], rounds: dict[str, list[str]], args: argparse.Namespace,
                   ) -> None:
    totals: dict[Any, Counter] = {}
    for name, held in rounds.items():
        vocab, weights = _fit([data[i] for i in data if i not in held], args)
        models = {threshold: _model(vocab, weights, threshold) for threshold in THRESHOLDS}
        before: Counter = Counter()
        after: dict[tuple[float, str], Counter] = {}
        for article_id in held:
            for question in data[article_id]:
                reachable = any(c["label"] for c in question["candidates"])
                rule = _right(question, None)
                before.update(questions=1, right=rule, reachable=reachable)
                for threshold, model in models.items():
                    right = _right(question, model)
                    after.setdefault((threshold, ""), Counter()).update(questions=1, right=right, reachable=reachable)
                    if args.show and threshold == args.threshold and right != rule:
                        print(f"    {article_id[:32]} {'gained' if right else 'lost'}: gold {question['gold']!r}")
        trainers.add_round(totals, before, after)
        print(f"{name:18} before: {_rates(before)}\n{'':18} after:  {_rates(after[(args.threshold, '')])}")
    trainers.print_totals(totals, _rates, ("threshold", ""))


def install(data: dict[str, list[dict[str, Any]]], args: argparse.Namespace) -> None:
    vocab, weights = _fit(list(data.values()), args)
    n = sum(len(d) for d in data.values())
    written = trainers.write_weights(args.output, vocab, weights, "train_speaker_links", "speaker_links",
                                     f"{len(data)} development articles of seeds/news ({n} pronoun and "
                                     f"description speakers of quotes in the gold), {dt.date.today()}",
                                     classes=list(CLASSES), threshold=args.threshold)
    print(f"wrote {args.output}: {written} features, threshold {args.threshold}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = trainers.trainer_parser(__doc__, threshold=0.3, min_count=2, l2=1e-2, output=OUTPUT,
                                     show="--cv: list each speaker gained or lost at the chosen threshold")
    parser.add_argument("--data", type=Path, default=Path("build/speaker_links.json"),
                        help="where the collected questions are kept")
    parser.add_argument("--cached", action="store_true", help="read --data instead of running the pipeline")
    args = parser.parse_args(argv)
    dev = trainers.dev_articles(args.hold_out)
    if args.cached:
        data = json.loads(args.data.read_text(encoding="utf-8"))
    else:
        data = collect(dev)
        args.data.parent.mkdir(parents=True, exist_ok=True)
        args.data.write_text(json.dumps(data), encoding="utf-8")
    data = {a["id"]: data[a["id"]] for a in dev}
    if args.cv:
        cross_validate(data, trainers.annotation_rounds(dev), args)
    if args.install:
        install(data, args)


if __name__ == "__main__":
    main()
