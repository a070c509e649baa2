"""Fit the boilerplate line classifier on the news set's development gold, and measure it.

Usage::

    python -m scripts.train_boilerplate --cv                # leave-one-round-out report, writes nothing
    python -m scripts.train_boilerplate --install           # fit on all dev articles, write the weights

Each line of each development article of ``seeds/news`` (test articles are never read) is
labelled with the gold boilerplate span covering at least half of it (its reason), else
``content``.  A multinomial logistic regression over ``service.extract.line_classifier``'s
features is fitted with L-BFGS and an L2 penalty.

``--cv`` holds out one annotation round at a time (the first 44 articles, then each retired
test split) and trains on the rest, the way an unseen outlet meets the shipped model.  It prints,
per round and in total, the boilerplate lines the rules find alone, what the rules and the
classifier find together at each threshold, the content lines the classifier takes on top of the
rules, and the gold items (quotes, dated events, entity names) in those lines: what would be lost.

``--install`` writes ``service/data/weights/boilerplate_lines.json``: features seen in at least
``--min_count`` lines, weights rounded to 4 places, the threshold and ``--min_lines`` given.  With
``--hold_out N`` the split retired in round N is left out of the fit, so that
``python -m scripts.eval_news --split retiredN`` scores it unseen.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import torch

from scripts.eval_news import anchor_span, load_articles, overlap
from service.extract.cleaning import article_lines, clean
from service.extract.line_classifier import CONTENT, FILE, article_shape, line_features

CLASSES = (CONTENT, "dateline", "byline", "credit", "caption", "furniture")
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9)
OUTPUT = Path("service/data/weights") / FILE


class ArticleLines:
    """One article's lines: features, gold class, whether the rules already cover it, gold items in it."""

    def __init__(self, article: dict) -> None:
        text = article["text"]
        cleaned = clean(text, learned=False)
        self.lines = article_lines(text, cleaned.header_end)
        shape = article_shape(text, self.lines)
        self.features = [line_features(text, self.lines, i, shape) for i in range(len(self.lines))]
        gold = [(anchor_span(text, b["anchor"]), b["reason"]) for b in article["boilerplate"]]
        self.labels = [CLASSES.index(_gold_reason(span, gold)) for span in self.lines]
        self.ruled = [_covered(span, [(b.start, b.end) for b in cleaned.boilerplate]) for span in self.lines]
        self.items = [_gold_items(text, span, article) for span in self.lines]
        self.texts = [text[s:e] for s, e in self.lines]


def _gold_reason(span: tuple[int, int], gold: Sequence[tuple[tuple[int, int], str]]) -> str:
    best, reason = 0, CONTENT
    for gold_span, gold_reason in gold:
        if overlap(span, gold_span) > best:
            best, reason = overlap(span, gold_span), gold_reason
    return reason if 2 * best >= span[1] - span[0] else CONTENT


def _covered(span: tuple[int, int], spans: Sequence[tuple[int, int]]) -> bool:
    return 2 * sum(overlap(span, other) for other in spans) >= span[1] - span[0]


def _gold_items(text: str, span: tuple[int, int], article: dict) -> int:
    """Gold quotes and events anchored in the line, and gold entity names (or aliases) written in it."""
    line = text[span[0]:span[1]]
    anchored = sum(overlap(span, anchor_span(text, item["anchor"])) > 0
                   for item in [*article["quotes"], *article["events"]])
    names = sum(any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", line) for n in [e["name"], *e["aliases"]])
                for e in article["entities"])
    return anchored + names


def vocabulary(features: Sequence[dict[str, float]], min_count: int) -> dict[str, int]:
    """Shape features always; a word feature when at least ``min_count`` lines have it."""
    counts = Counter(name for f in features for name in f)
    kept = sorted(name for name, n in counts.items() if ":" not in name or n >= min_count)
    return {name: i for i, name in enumerate(kept)}


def matrix(features: Sequence[dict[str, float]], vocab: dict[str, int]) -> torch.Tensor:
    rows = torch.zeros(len(features), len(vocab))
    for r, f in enumerate(features):
        for name, value in f.items():
            if name in vocab:
                rows[r, vocab[name]] = value
    return rows


def fit(features: Sequence[dict[str, float]], labels: Sequence[int], min_count: int, l2: float,
        classes: int = len(CLASSES)) -> tuple[dict[str, int], torch.Tensor]:
    """Vocabulary and weights (features x classes) of the L2-penalised softmax regression."""
    torch.manual_seed(0)
    vocab = vocabulary(features, min_count)
    x, y = matrix(features, vocab), torch.tensor(labels)
    weights = torch.zeros(len(vocab), classes, requires_grad=True)
    optimiser = torch.optim.LBFGS([weights], max_iter=200, line_search_fn="strong_wolfe")

    def closure() -> torch.Tensor:
        optimiser.zero_grad()
        loss = torch.nn.functional.cross_entropy(x @ weights, y) + 0.5 * l2 * (weights * weights).sum()
        loss.backward()
        return loss

    optimiser.step(closure)
    return vocab, weights.detach()


def boilerplate_probability(features: Sequence[dict[str, float]], vocab: dict[str, int],
                            weights: torch.Tensor) -> list[float]:
    return (1 - torch.softmax(matrix(features, vocab) @ weights, 1)[:, 0]).tolist()


def cross_validate(articles: dict[str, ArticleLines], rounds: dict[str, list[str]], args: argparse.Namespace) -> None:
    totals: Counter = Counter()
    for name, held in rounds.items():
        train = [articles[i] for i in articles if i not in held]
        vocab, weights = fit([f for a in train for f in a.features], [y for a in train for y in a.labels],
                             args.min_count, args.l2)
        test = [articles[i] for i in held]
        probability = boilerplate_probability([f for a in test for f in a.features], vocab, weights)
        labels = [y for a in test for y in a.labels]
        ruled = [r for a in test for r in a.ruled]
        items = [n for a in test for n in a.items]
        texts = [t for a in test for t in a.texts]
        gold = sum(y > 0 for y in labels)
        rules = sum(r and y > 0 for r, y in zip(ruled, labels, strict=True))
        row = [f"{name:18} boilerplate lines {gold:3}, rules {rules:3}"]
        totals["gold"] += gold
        totals["rules"] += rules
        for threshold in THRESHOLDS:
            taken = [p >= threshold and not r for p, r in zip(probability, ruled, strict=True)]
            found = rules + sum(t and y > 0 for t, y in zip(taken, labels, strict=True))
            wrong = [k for k, t in enumerate(taken) if t and labels[k] == 0]
            lost = sum(items[k] for k in wrong)
            totals[threshold, "found"] += found
            totals[threshold, "wrong"] += len(wrong)
            totals[threshold, "lost"] += lost
            row.append(f"{threshold}: {found:3} (+{len(wrong)} content, {lost} items)")
            if args.show and threshold == args.threshold:
                row.extend(f"\n    content taken: {texts[k][:100]!r}" for k in wrong)
        print(" | ".join(row))
    print(f"TOTAL: boilerplate lines {totals['gold']}, rules alone {totals['rules']} "
          f"({100 * totals['rules'] / totals['gold']:.1f} %)")
    for threshold in THRESHOLDS:
        found = totals[threshold, "found"]
        print(f"  threshold {threshold}: rules + classifier {found} ({100 * found / totals['gold']:.1f} %), "
              f"content lines taken {totals[threshold, 'wrong']}, gold items in them {totals[threshold, 'lost']}")


def install(articles: dict[str, ArticleLines], args: argparse.Namespace) -> None:
    everything = list(articles.values())
    vocab, weights = fit([f for a in everything for f in a.features], [y for a in everything for y in a.labels],
                         args.min_count, args.l2)
    trained_on = (f"{len(everything)} development articles of seeds/news, "
                  f"{sum(len(a.labels) for a in everything)} lines, {dt.date.today().isoformat()}")
    written = write_weights(args.output, vocab, weights, "train_boilerplate", "line_classifier", trained_on,
                            classes=list(CLASSES), threshold=args.threshold, min_lines=args.min_lines)
    print(f"wrote {args.output}: {written} features, threshold {args.threshold}")


def write_weights(output: Path, vocab: dict[str, int], weights: torch.Tensor, trainer: str, module: str,
                  trained_on: str, **settings: Any) -> int:
    """Write a learned stage's weights file (``settings``: its classes and thresholds) as the service
    reads it; weights rounded to 4 places, features whose weights are all 0 left out.  Returns the
    number of features written."""
    rows = {name: [round(float(w), 4) for w in weights[i]] for name, i in vocab.items()}
    data = {
        "_comment": f"Written by python -m scripts.{trainer} --install; see service/extract/{module}.py.",
        "trained_on": trained_on,
        **settings,
        "weights": {name: row for name, row in rows.items() if any(row)},
    }
    output.write_text(json.dumps(data, indent=None, separators=(",", ":")) + "\n", encoding="utf-8")
    return len(data["weights"])


def add_round(totals: dict[Any, Counter], before: Counter, after: dict[Any, Counter]) -> None:
    """Add one held-out round's counts to a two-threshold report's ``totals``: ``before`` (the pipeline
    as it is) and ``after`` (per pair of thresholds)."""
    totals.setdefault("before", Counter()).update(before)
    for key, c in after.items():
        totals.setdefault(key, Counter()).update(c)


def print_totals(totals: dict[Any, Counter], rates: Callable[[Counter], str], names: tuple[str, str]) -> None:
    """The TOTAL lines of a two-threshold report: before, then each pair of thresholds (``names``)."""
    print(f"TOTAL before: {rates(totals['before'])}")
    for key, c in totals.items():
        if key != "before":
            print(f"  {names[0]} {key[0]}, {names[1]} {key[1]}: {rates(c)}")


def annotation_rounds(dev: Sequence[dict]) -> dict[str, list[str]]:
    """The development articles' ids by annotation round: the first 44, then each retired test split."""
    rounds: dict[str, list[str]] = defaultdict(list)
    for a in dev:
        retired = a.get("retired_round")
        rounds[f"retired in round {retired}" if retired else "first 44"].append(a["id"])
    return rounds


def trainer_parser(doc: str | None, *, threshold: float, min_count: int, l2: float, output: Path,
                   show: str) -> argparse.ArgumentParser:
    """The options both trainers of a learned stage share (``--cv``, ``--install``, the fit's, the output)."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cv", action="store_true", help="leave-one-round-out report")
    parser.add_argument("--install", action="store_true", help="fit on every dev article and write the weights")
    parser.add_argument("--threshold", type=float, default=threshold)
    parser.add_argument("--min_count", type=int, default=min_count)
    parser.add_argument("--l2", type=float, default=l2)
    parser.add_argument("--show", action="store_true", help=show)
    parser.add_argument("--output", type=Path, default=output)
    parser.add_argument("--hold_out", type=int, default=None,
                        help="leave out the split retired in this round (to score it through eval_news)")
    return parser


def dev_articles(hold_out: int | None) -> list[dict]:
    """The development articles of seeds/news, without the split retired in round ``hold_out``."""
    torch.set_num_threads(2)
    return [a for a in load_articles() if a["split"] == "dev"
            and (hold_out is None or a.get("retired_round") != hold_out)]


def main(argv: Sequence[str] | None = None) -> None:
    parser = trainer_parser(__doc__, threshold=0.8, min_count=5, l2=3e-3, output=OUTPUT,
                            show="--cv: list the content lines taken at --threshold")
    parser.add_argument("--min_lines", type=int, default=3,
                        help="--install: texts of fewer lines are left alone (a headline or a sentence sent as is)")
    args = parser.parse_args(argv)
    dev = dev_articles(args.hold_out)
    articles = {a["id"]: ArticleLines(a) for a in dev}
    rounds = annotation_rounds(dev)
    if args.cv:
        cross_validate(articles, rounds, args)
    if args.install:
        install(articles, args)


if __name__ == "__main__":
    main()
