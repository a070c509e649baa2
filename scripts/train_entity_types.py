"""Fit the entity type classifier on the news set's development gold, and measure it.

Usage::

    python -m scripts.train_entity_types --cv          # leave-one-round-out report, writes nothing
    python -m scripts.train_entity_types --install     # fit on all dev articles, write the weights

Every development article of ``seeds/news`` (test articles are never read) goes through the real
pipeline with the classifier off; each returned entity of a name type is matched with the gold as
``scripts.eval_news`` matches it (a shared normalised name or alias) and labelled with the gold
entity's type, or ``none`` when no gold entity matches.  A multinomial logistic regression over
``service.extract.entity_typer``'s features is fitted with L-BFGS and an L2 penalty (the fitting
of ``scripts.train_boilerplate``).

``--cv`` holds out one annotation round at a time (the first 44 articles, then each retired test
split) and trains on the rest.  It prints, per round and in total, the typed entity recall and
precision as the pipeline has them and after the classifier at each pair of thresholds (retype,
drop), counted as ``eval_news`` counts them (a split entity counts once towards recall).

``--install`` writes ``service/data/weights/entity_types.json`` with the thresholds given.
``--data`` keeps the collected entities in a file (``--cached`` reads it back instead of running
the pipeline, to try thresholds and penalties quickly).
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

from scripts.eval_news import norm
from scripts.train_boilerplate import (
    add_round,
    annotation_rounds,
    dev_articles,
    fit,
    matrix,
    print_totals,
    trainer_parser,
    write_weights,
)
from service.deadline import Deadline
from service.extract.document import AnalysedDocument
from service.extract.entities import NAME_TYPES
from service.extract.entity_typer import FILE, NONE, TextFacts, entity_features

CLASSES = (NONE, *sorted(NAME_TYPES))
RETYPE = (0.5, 0.6, 0.7, 0.8, 0.9)
DROP = (0.6, 0.7, 0.8, 0.9, 1.01)
OUTPUT = Path("service/data/weights") / FILE


class Capture:
    """A stage that keeps each document's entities (features, type, name) and changes nothing."""

    name: ClassVar[str] = "capture"
    requires: ClassVar[frozenset[str]] = frozenset({"entities", "text"})
    provides: ClassVar[frozenset[str]] = frozenset()

    def __init__(self) -> None:
        self.documents: list[list[dict[str, Any]]] = []

    def process(self, doc: AnalysedDocument, deadline: Deadline) -> None:
        assert doc.entities is not None
        facts = TextFacts(doc.text)
        self.documents.append([
            {"type": e.type, "forms": sorted({norm(e.name), *(norm(m.text) for m in e.mentions)} - {""}),
             "name": e.name, "features": entity_features(e, facts)}
            for e in doc.entities.entities if e.type in NAME_TYPES])


def collect(dev: Sequence[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Article id -> its entities (with the classifier off) and its gold entities' forms and types."""
    from service.config import Config
    from service.extract import ExtractRequest, build_extractor
    from service.extract.stages import EntitiesStage

    extractor = build_extractor(Config.from_env(os.environ))
    capture = Capture()
    stages = list(extractor.stages)  # type: ignore[attr-defined]
    stages[0] = EntitiesStage(learned_types=False)
    extractor.stages = (stages[0], capture, *stages[1:])  # type: ignore[attr-defined]
    for i in range(0, len(dev), 8):
        batch = dev[i:i + 8]
        extractor.extract_many([ExtractRequest(text=a["text"], date=dt.date.fromisoformat(a["published"]))
                                for a in batch])
    out = {}
    for article, entities in zip(dev, capture.documents, strict=True):
        gold = [{"type": g["type"], "forms": sorted({norm(g["name"]), *(norm(x) for x in g.get("aliases", []))})}
                for g in article["entities"]]
        out[article["id"]] = {"entities": entities, "gold": gold}
    return out


def _hits(entity: dict[str, Any], gold: Sequence[dict[str, Any]]) -> list[int]:
    forms = set(entity["forms"])
    return [i for i, g in enumerate(gold) if forms & set(g["forms"])]


def label(entity: dict[str, Any], gold: Sequence[dict[str, Any]]) -> str:
    """The gold type of the entity (its own where one matching gold entity has it), or ``none``."""
    types = [gold[i]["type"] for i in _hits(entity, gold)]
    if not types:
        return NONE
    return entity["type"] if entity["type"] in types else types[0]


def score(article: dict[str, Any], types: Sequence[str | None]) -> Counter:
    """eval_news's entity counts for one article whose entities are given these types (None: dropped)."""
    c: Counter = Counter()
    gold = article["gold"]
    matched: set[int] = set()
    for entity, etype in zip(article["entities"], types, strict=True):
        if etype is None:
            continue
        c["returned"] += 1
        typed = [i for i in _hits(entity, gold) if gold[i]["type"] == etype]
        c["correct"] += bool(typed)
        matched.update(typed)
    c["gold"] += len(gold)
    c["found"] += len(matched)
    return c


def decide(probability: Sequence[float], etype: str, retype: float, drop: float) -> str | None:
    """The classifier's rule (service.extract.entity_typer.judge) on one entity's probabilities."""
    own = probability[CLASSES.index(etype)]
    best = max((k for k in range(len(CLASSES)) if CLASSES[k] != etype), key=probability.__getitem__)
    if probability[best] > own and probability[best] >= (drop if CLASSES[best] == NONE else retype):
        return None if CLASSES[best] == NONE else CLASSES[best]
    return etype


def _fit(articles: Sequence[dict[str, Any]], args: argparse.Namespace) -> tuple[dict[str, int], torch.Tensor]:
    entities = [(e, a["gold"]) for a in articles for e in a["entities"]]
    return fit([e["features"] for e, _ in entities], [CLASSES.index(label(e, g)) for e, g in entities],
               args.min_count, args.l2, classes=len(CLASSES))


def _rates(c: Counter) -> str:
    return (f"recall {100 * c['found'] / max(c['gold'], 1):5.1f} %, "
            f"precision {100 * c['correct'] / max(c['returned'], 1):5.1f} %")


def cross_validate(data: dict[str, dict[str, Any]], rounds: dict[str, list[str]], args: argparse.Namespace) -> None:
    totals: dict[tuple[float, float] | str, Counter] = {}
    changes: Counter = Counter()
    for name, held in rounds.items():
        vocab, weights = _fit([data[i] for i in data if i not in held], args)
        before: Counter = Counter()
        after: dict[tuple[float, float], Counter] = {}
        for article_id in held:
            article = data[article_id]
            if not article["entities"]:
                before += score(article, [])
                continue
            x = matrix([e["features"] for e in article["entities"]], vocab)
            probabilities = torch.softmax(x @ weights, 1).tolist()
            before += score(article, [e["type"] for e in article["entities"]])
            for retype in RETYPE:
                for drop in DROP:
                    types = [decide(p, e["type"], retype, drop)
                             for p, e in zip(probabilities, article["entities"], strict=True)]
                    after.setdefault((retype, drop), Counter()).update(score(article, types))
                    if (retype, drop) == (args.threshold, args.drop_threshold):
                        for e, t in zip(article["entities"], types, strict=True):
                            if t != e["type"]:
                                gold = label(e, article["gold"])
                                changes["right" if (t or NONE) == gold else "wrong"] += 1
                                if args.show:
                                    print(f"    {e['name']!r}: {e['type']} -> {t or NONE} (gold {gold})")
        add_round(totals, before, after)
        best = after[(args.threshold, args.drop_threshold)]
        print(f"{name:18} before: {_rates(before)} | after ({args.threshold}, {args.drop_threshold}): {_rates(best)}")
    print_totals(totals, lambda c: f"{_rates(c)} ({c['returned']} returned)", ("retype", "drop"))
    print(f"changes at ({args.threshold}, {args.drop_threshold}): {changes['right']} to the gold's label, "
          f"{changes['wrong']} away from it")


def install(data: dict[str, dict[str, Any]], args: argparse.Namespace) -> None:
    vocab, weights = _fit(list(data.values()), args)
    entities = sum(len(a["entities"]) for a in data.values())
    written = write_weights(args.output, vocab, weights, "train_entity_types", "entity_typer",
                            f"{len(data)} development articles of seeds/news, {entities} entities, {dt.date.today()}",
                            classes=list(CLASSES), threshold=args.threshold, drop_threshold=args.drop_threshold)
    print(f"wrote {args.output}: {written} features, thresholds {args.threshold}, {args.drop_threshold}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = trainer_parser(__doc__, threshold=0.5, min_count=3, l2=3e-4, output=OUTPUT,
                            show="--cv: list each change at the chosen thresholds")
    parser.add_argument("--drop_threshold", type=float, default=0.8, help="drop ('none') at this probability")
    parser.add_argument("--data", type=Path, default=Path("build/entity_types.json"),
                        help="where the collected entities are kept")
    parser.add_argument("--cached", action="store_true", help="read --data instead of running the pipeline")
    args = parser.parse_args(argv)
    dev = dev_articles(args.hold_out)
    if args.cached:
        everything = json.loads(args.data.read_text(encoding="utf-8"))
        data = {a["id"]: everything[a["id"]] for a in dev}
    else:
        data = collect(dev)
        args.data.parent.mkdir(parents=True, exist_ok=True)
        args.data.write_text(json.dumps(data), encoding="utf-8")
    if args.cv:
        cross_validate(data, annotation_rounds(dev), args)
    if args.install:
        install(data, args)


if __name__ == "__main__":
    main()
