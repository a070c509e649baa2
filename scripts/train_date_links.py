"""Fit the date link classifier on the news set's development gold, and measure it.

Usage::

    python -m scripts.train_date_links --cv          # leave-one-round-out report, writes nothing
    python -m scripts.train_date_links --install     # fit on all dev articles, write the weights

Every development article of ``seeds/news`` (test articles are never read) goes through the real
pipeline with the classifier off.  Each (date, candidate word) pair of
``service.extract.date_links`` is labelled ``yes`` when the word overlaps the trigger of a gold
event whose date the date's value is (as ``scripts.eval_news`` compares them), else ``no``; a
binary logistic regression is fitted with L-BFGS and an L2 penalty (the fitting of
``scripts.train_boilerplate``).

``--cv`` holds out one annotation round at a time (the first 44 articles, then each retired test
split) and trains on the rest.  It applies the stage's rule (add at ``threshold``, drop the rules'
trigger below ``drop_threshold``) to the events the pipeline returned and prints, per round and in
total, the dated events found, found with the right date and the precision as ``eval_news``
counts them, before and after, at each pair of thresholds.

``--install`` writes ``service/data/weights/date_links.json`` with the thresholds given.
``--data`` keeps what was collected (``--cached`` reads it back instead of running the pipeline).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, ClassVar

import torch

from scripts import train_boilerplate as trainers  # the fitting and options the learned stages' trainers share
from scripts.eval_news import Tally, _score_events, anchor_span, overlap
from service.deadline import Deadline
from service.extract.date_links import CLASSES, FILE
from service.extract.document import AnalysedDocument
from service.extract.events import EventFinder

ADD = (0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.7, 1.01)
DROP = (0.0, 0.05, 0.1, 0.2)
OUTPUT = Path("service/data/weights") / FILE


class Capture:
    """A stage that keeps each document's events and (date, word) pairs and changes nothing."""

    name: ClassVar[str] = "capture"
    requires: ClassVar[frozenset[str]] = frozenset({"events", "timexes", "quotes", "entities", "sentences"})
    provides: ClassVar[frozenset[str]] = frozenset()

    def __init__(self) -> None:
        self.documents: list[dict[str, Any]] = []

    def process(self, doc: AnalysedDocument, deadline: Deadline) -> None:
        assert doc.events is not None and doc.timexes is not None and doc.quotes is not None
        assert doc.entities is not None
        finder = EventFinder(doc.sentences, doc.text, doc.entities, doc.anchor, quotes=doc.quotes)
        events = {(e.sentence, e.trigger.index): e for e in doc.events}
        pairs = [{"key": [t.sentence, w.index], "start": w.start, "end": w.end, "text": w.text, "value": t.value,
                  "timex": [t.start, t.end], "rule": rule is not None and rule.index == w.index, "features": f}
                 for t, w, rule, f in finder.link_table(doc.timexes, doc.quotes, events)]
        self.documents.append({
            "events": [{"key": [e.sentence, e.trigger.index], "status": e.status, "quote": e.quote is not None,
                        "trigger": {"start": e.trigger.start, "end": e.trigger.end, "text": e.trigger.text},
                        "date": {"value": e.timex.value} if e.timex is not None else None}
                       for e in doc.events],
            "pairs": pairs})


def capture(requests: Sequence[tuple[str, dt.date]]) -> list[dict[str, Any]]:
    """Each text's events and (date, word) pairs through the real pipeline, the classifier off."""
    from service.config import Config
    from service.extract import ExtractRequest, build_extractor
    from service.extract.stages import EventsStage

    extractor = build_extractor(Config.from_env(os.environ))
    capturing = Capture()
    stages = list(extractor.stages)  # type: ignore[attr-defined]
    at = next(i for i, s in enumerate(stages) if isinstance(s, EventsStage))
    stages[at] = EventsStage(learned_links=False)
    extractor.stages = (*stages[:at + 1], capturing, *stages[at + 1:])  # type: ignore[attr-defined]
    for i in range(0, len(requests), 8):
        extractor.extract_many([ExtractRequest(text=text, date=date) for text, date in requests[i:i + 8]])
    return capturing.documents


def collect(dev: Sequence[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Article id -> its events and pairs (with the classifier off), each pair labelled from the gold."""
    documents = capture([(a["text"], dt.date.fromisoformat(a["published"])) for a in dev])
    out = {}
    for article, document in zip(dev, documents, strict=True):
        gold = [(anchor_span(article["text"], g["anchor"], g["trigger"]), g["date"]) for g in article["events"]]
        for pair in document["pairs"]:
            pair["label"] = int(any(overlap(span, (pair["start"], pair["end"])) and _same_day(pair["value"], date)
                                    for span, date in gold))
        out[article["id"]] = document
    return out


def tbaq_files(corpora: Path) -> list[Path]:
    """The TimeML files of TBAQ-cleaned, as ``scripts.eval_event_dates`` reads them."""
    root = corpora / "tempeval3" / "TBAQ-cleaned"
    return sorted((root / "TimeBank").glob("*.tml")) + sorted((root / "AQUAINT").glob("*.tml"))


def collect_tbaq(corpora: Path) -> dict[str, dict[str, Any]]:
    """TBAQ document name -> its events and pairs (the classifier off) and its gold dated events.  A
    pair is labelled ``yes`` when a TLINK places an EVENT the word overlaps within a DATE whose TIMEX3
    overlaps the pair's date (every qualifying link, as ``scripts.eval_event_dates`` reads them)."""
    from xml.etree import ElementTree

    from scripts.eval_event_dates import _qualifying_links, parse_timeml

    documents, links = [], []
    for path in tbaq_files(corpora):
        xml = path.read_text(encoding="utf-8")
        document = parse_timeml(xml, path.name)
        instances = {m.get("eiid", ""): m.get("eventID", "") for m in ElementTree.fromstring(xml).iter("MAKEINSTANCE")}
        spans = []
        for eiid, tid, _ in _qualifying_links(ElementTree.fromstring(xml)):
            event, timex = document.events.get(instances.get(eiid, "")), document.timexes.get(tid)
            if event is not None and timex is not None and timex.attrs.get("type") == "DATE" \
                    and timex.attrs.get("functionInDocument") != "CREATION_TIME":
                spans.append(((event.start, event.end), (timex.start, timex.end)))
        documents.append((path.name, document))
        links.append(spans)
    captured = capture([(d.text, d.dct) for _, d in documents])
    out = {}
    for (name, document), spans, found in zip(documents, links, captured, strict=True):
        for pair in found["pairs"]:
            pair["label"] = int(any(overlap(e, (pair["start"], pair["end"])) and overlap(t, tuple(pair["timex"]))
                                    for e, t in spans))
        found["gold"] = [vars(g) for g in document.dated]
        out[name] = found
    return out


def _same_day(value: str | None, gold: str) -> bool:
    return bool(value) and (value == gold or value.split("T", 1)[0] == gold and "T" not in gold)


def apply(document: dict[str, Any], probability: Sequence[float], add: float, drop: float) -> list[dict[str, Any]]:
    """The events the stage's rule (``EventFinder._learned_links``) leaves, from the captured ones."""
    events = {tuple(e["key"]): e for e in document["events"]}
    kept: set[tuple[int, int]] = set()
    doubted: set[tuple[int, int]] = set()
    best: dict[tuple[int, int], tuple[float, dict[str, Any]]] = {}
    for pair, p in zip(document["pairs"], probability, strict=True):
        key = tuple(pair["key"])
        if pair["rule"]:
            (kept if p >= drop else doubted).add(key)
        elif p >= add and key not in events and (key not in best or p > best[key][0]):
            best[key] = (p, pair)
    for key, (_, pair) in best.items():
        events[key] = {"key": pair["key"], "status": "happened", "quote": False, "date": {"value": pair["value"]},
                       "trigger": {"start": pair["start"], "end": pair["end"], "text": pair["text"]}}
    for key in doubted - kept - best.keys():
        event = events.pop(key)
        if event["quote"]:  # still the quote's speech event, without that date
            events[key] = {**event, "date": None}
    return list(events.values())


def score(article: dict[str, Any], events: Sequence[dict[str, Any]]) -> Counter:
    tally = Tally()
    _score_events(article, {"events": events}, tally)
    return Counter(tally.counts)


def _rates(c: Counter) -> str:
    gold = max(c["events_gold"], 1)
    return (f"found {100 * c['events_found'] / gold:5.1f} %, right {100 * c['events_right'] / gold:5.1f} % "
            f"(in anchor {100 * c['events_right_in_anchor'] / gold:5.1f} %), "
            f"precision {100 * c['events_precise'] / max(c['events_returned_dated'], 1):5.1f} % "
            f"({c['events_returned_dated']} dated)")


def _fit(documents: Sequence[dict[str, Any]], args: argparse.Namespace,
         tbaq: Sequence[dict[str, Any]] = ()) -> tuple[dict[str, int], torch.Tensor]:
    """Weights fitted on the pairs of the news ``documents`` and of the ``tbaq`` ones, pooled.  (Feature
    augmentation, a shared copy of each feature and one per corpus with the news copy folded in,
    was tried: it kept the news figures and gave TBAQ nothing, 41.6 % against pooling's 43.3 %.)"""
    pairs = [p for d in (*documents, *tbaq) for p in d["pairs"]]
    return trainers.fit([p["features"] for p in pairs], [p["label"] for p in pairs], args.min_count, args.l2,
               classes=len(CLASSES))


def _probabilities(document: dict[str, Any], vocab: dict[str, int], weights: torch.Tensor) -> list[float]:
    if not document["pairs"]:
        return []
    return torch.softmax(trainers.matrix([p["features"] for p in document["pairs"]], vocab) @ weights, 1)[:, 1].tolist()


def cross_validate(data: dict[str, dict[str, Any]], articles: dict[str, dict[str, Any]],
                   rounds: dict[str, list[str]], args: argparse.Namespace, tbaq: dict[str, dict[str, Any]]) -> None:
    """The news report (see the module docstring); with ``tbaq``, TBAQ is in every fit, and its two
    halves are scored in turn, fitted on all the news and the other half."""
    totals: dict[tuple[float, float] | str, Counter] = {}
    for name, held in rounds.items():
        vocab, weights = _fit([data[i] for i in data if i not in held], args, list(tbaq.values()))
        before: Counter = Counter()
        after: dict[tuple[float, float], Counter] = {}
        for article_id in held:
            document, article = data[article_id], articles[article_id]
            before += score(article, document["events"])
            probability = _probabilities(document, vocab, weights)
            for add in ADD:
                for drop in DROP:
                    events = apply(document, probability, add, drop)
                    after.setdefault((add, drop), Counter()).update(score(article, events))
                    if args.show and (add, drop) == (args.threshold, args.drop_threshold):
                        _show(document, probability, args)
        trainers.add_round(totals, before, after)
        chosen = after[(args.threshold, args.drop_threshold)]
        print(f"{name:18} before: {_rates(before)}\n{'':18} after:  {_rates(chosen)}")
    trainers.print_totals(totals, _rates, ("add", "drop"))
    if tbaq:
        cross_validate_tbaq(data, tbaq, args)


def tbaq_half(name: str) -> int:
    """A TBAQ document's half (0 or 1), fixed by its name."""
    return hashlib.sha1(name.encode(), usedforsecurity=False).digest()[0] % 2


def cross_validate_tbaq(data: dict[str, dict[str, Any]], tbaq: dict[str, dict[str, Any]],
                        args: argparse.Namespace) -> None:
    """TBAQ's dated events found with the right date (``scripts.eval_event_dates``'s figure) per half:
    before, with the news-only model, and fitted on the news and the other half."""
    from scripts.eval_event_dates import DatedEvent
    from scripts.eval_event_dates import score as score_tbaq

    news_vocab, news_weights = _fit(list(data.values()), args)
    counts: Counter = Counter()
    for half in (0, 1):
        held = {n: d for n, d in tbaq.items() if tbaq_half(n) == half}
        vocab, weights = _fit(list(data.values()), args, [d for n, d in tbaq.items() if n not in held])
        for document in held.values():
            gold = [DatedEvent(**g) for g in document["gold"]]
            counts["gold"] += len(gold)
            for label, events in (
                    ("before", document["events"]),
                    ("news only", apply(document, _probabilities(document, news_vocab, news_weights),
                                        args.threshold, args.drop_threshold)),
                    ("news + other half", apply(document, _probabilities(document, vocab, weights),
                                                args.threshold, args.drop_threshold))):
                result = score_tbaq(gold, events)
                counts[label, "right"] += result.count("right")
                counts[label, "found"] += result.count("right", "no date", "other value")
                counts[label, "dated"] += sum(e["date"] is not None for e in events)
    for label in ("before", "news only", "news + other half"):
        print(f"TBAQ {label:18}: found {100 * counts[label, 'found'] / counts['gold']:5.1f} %, "
              f"right {100 * counts[label, 'right'] / counts['gold']:5.1f} % of {counts['gold']} "
              f"({counts[label, 'dated']} dated events returned)")


def _show(document: dict[str, Any], probability: Sequence[float], args: argparse.Namespace) -> None:
    for pair, p in zip(document["pairs"], probability, strict=True):
        added = not pair["rule"] and p >= args.threshold
        dropped = pair["rule"] and p < args.drop_threshold
        if added or dropped:
            print(f"    {'add' if added else 'drop'} {pair['text']!r} {pair['value']} p={p:.2f} gold={pair['label']}")


def install(data: dict[str, dict[str, Any]], args: argparse.Namespace, tbaq: dict[str, dict[str, Any]]) -> None:
    vocab, weights = _fit(list(data.values()), args, list(tbaq.values()))
    pairs = sum(len(d["pairs"]) for d in data.values())
    also = (f" and {len(tbaq)} TBAQ-cleaned documents ({sum(len(d['pairs']) for d in tbaq.values())} pairs)"
            if tbaq else "")
    written = trainers.write_weights(args.output, vocab, weights, "train_date_links", "date_links",
                            f"{len(data)} development articles of seeds/news ({pairs} (date, word) pairs){also}, "
                            f"{dt.date.today()}",
                            classes=list(CLASSES), threshold=args.threshold, drop_threshold=args.drop_threshold)
    print(f"wrote {args.output}: {written} features, thresholds {args.threshold}, {args.drop_threshold}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = trainers.trainer_parser(__doc__, threshold=0.25, min_count=3, l2=1e-3, output=OUTPUT,
                            show="--cv: list each added and dropped link at the chosen thresholds")
    parser.add_argument("--drop_threshold", type=float, default=0.05,
                        help="drop the rules' trigger of a date below this probability")
    parser.add_argument("--data", type=Path, default=Path("build/date_links.json"),
                        help="where the collected pairs are kept")
    parser.add_argument("--cached", action="store_true", help="read --data instead of running the pipeline")
    parser.add_argument("--no_tbaq", action="store_true", help="fit on the news gold alone")
    parser.add_argument("--corpora", type=Path, default=Path(os.environ.get("HERALD_CORPORA", "../shared/corpora")))
    args = parser.parse_args(argv)
    dev = trainers.dev_articles(args.hold_out)
    data = _collected(args.data, args.cached, lambda: collect(dev))
    data = {a["id"]: data[a["id"]] for a in dev}
    tbaq = _collected(args.data.with_name(args.data.stem + "_tbaq.json"), args.cached,
                      lambda: collect_tbaq(args.corpora)) if not args.no_tbaq else {}
    if args.cv:
        cross_validate(data, {a["id"]: a for a in dev}, trainers.annotation_rounds(dev), args, tbaq)
    if args.install:
        install(data, args, tbaq)


def _collected(path: Path, cached: bool, collector: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """What ``collector`` gathers, kept in ``path``; with ``cached``, read from there instead."""
    if cached:
        return json.loads(path.read_text(encoding="utf-8"))
    data = collector()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    return data


if __name__ == "__main__":
    main()
