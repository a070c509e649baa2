"""How well the NER confidence is calibrated: a reliability table on OntoNotes 5.0 development.

    python -m scripts.eval_confidence [--corpora ../shared/corpora] [--limit N] [--fit]

The shipped NER model tags the gold tokens of ``onto5.development.bio`` (pretokenized, one
sentence per line, with the service's patches, so each entity span carries its CRF marginal:
:mod:`service.nlp.patches.ner_confidence`).  A predicted span is right when a gold span has
the same tokens and type.  The documents are split in two halves by position (even / odd):
``--fit`` fits the calibration map (isotonic, pooled into at most 10 knots) on the even half
and prints it for ``service/data/weights/confidence.json``; the table and the expected calibration
error (ECE: 10 equal-width bins, weighted by their share of spans) are reported on the odd
half, raw and calibrated, and on all of development.  Rows are the entity types of the
response (``schemas.base.ENTITY_TYPES``) or all 18 types (``--all-types``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from schemas.base import ENTITY_TYPES
from service.extract.confidence import Calibration, load_confidence
from service.nlp import default_models_dir
from service.nlp.patches.ner_confidence import spans

BINS = 10


@dataclass
class Sentence:
    doc: int
    words: list[str]
    gold: set[tuple[int, int, str]]


def read_bio(path: Path) -> Iterator[Sentence]:
    """Sentences of a ``word POS tag`` BIO file, with their documents' positions and gold spans."""
    doc = -1
    words: list[str] = []
    tags: list[str] = []

    def flush() -> Iterator[Sentence]:
        if words:
            gold: set[tuple[int, int, str]] = set()
            begin = None
            for i, tag in enumerate([*tags, "O"]):
                if begin is not None and not tag.startswith("I-"):
                    gold.add((begin, i - 1, tags[begin][2:]))
                    begin = None
                if tag.startswith("B-"):
                    begin = i
            yield Sentence(doc, list(words), gold)
        words.clear()
        tags.clear()

    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#doc"):
                yield from flush()
                doc += 1
                continue
            fields = line.split()
            if not fields:
                yield from flush()
                continue
            words.append(fields[0])
            tags.append(fields[2] if len(fields) >= 3 else "O")
    yield from flush()


def predict(sentences: Sequence[Sentence], models: Path) -> list[list[tuple[float, bool, str]]]:
    """Per sentence, each predicted span's (raw confidence, right, type)."""
    import stanza

    from service.nlp.patches import install_all

    install_all()
    nlp = stanza.Pipeline("en", dir=str(models), processors="tokenize,ner", tokenize_pretokenized=True,
                          download_method=None, use_gpu=False, logging_level="WARN")
    doc = nlp([s.words for s in sentences])
    out = []
    for sentence, tagged in zip(sentences, doc.sentences, strict=True):
        tags = [t.ner for t in tagged.tokens]
        found = []
        for first, last in spans(tags):
            etype = tags[first][2:]
            p = getattr(tagged.tokens[first], "_herald_ner_p", None)
            assert p is not None, "the ner_confidence patch is not active"
            found.append((p, (first, last, etype) in sentence.gold, etype))
        out.append(found)
    return out


#: One bin of a reliability table: lower edge, points, mean confidence, share right.
Bin = tuple[float, int, float, float]


def reliability(points: Sequence[tuple[float, bool]], bins: int = BINS) -> tuple[list[Bin], float]:
    """Equal-width bins of (confidence, right) points: per non-empty bin its lower edge, size, mean
    confidence and share right; and the expected calibration error (gaps weighted by bin size)."""
    rows, ece = [], 0.0
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        members = [(p, ok) for p, ok in points if low <= p < high or (b == bins - 1 and p == 1.0)]
        if members:
            mean = sum(p for p, _ in members) / len(members)
            right = sum(ok for _, ok in members) / len(members)
            ece += len(members) / len(points) * abs(mean - right)
            rows.append((low, len(members), mean, right))
    return rows, ece


def table(points: Sequence[tuple[float, bool]], title: str) -> float:
    """Print the reliability table of (confidence, right) points; return the ECE."""
    print(f"\n{title}: {len(points)} predicted spans")
    print("| confidence | spans | mean confidence | precision | gap |")
    print("|---|---|---|---|---|")
    rows, ece = reliability(points)
    for low, size, mean, precision in rows:
        print(f"| {low:.1f}-{low + 1 / BINS:.1f} | {size} | {mean:.3f} | {precision:.3f} | {precision - mean:+.3f} |")
    overall = sum(ok for _, ok in points) / max(1, len(points))
    print(f"precision {overall:.3f}  ECE {ece:.4f}")
    return ece


def fit_isotonic(points: Sequence[tuple[float, bool]], knots: int = BINS) -> list[list[float]]:
    """Pool-adjacent-violators over the points sorted by confidence, then pooled into at most
    ``knots`` blocks of similar size: ``[[raw, calibrated], ...]`` with both increasing."""
    ordered = sorted(points)
    size = max(1, len(ordered) // (knots * 4))
    blocks: list[list[float]] = []  # [sum of p, sum of right, count]
    for i in range(0, len(ordered), size):
        chunk = ordered[i:i + size]
        blocks.append([sum(p for p, _ in chunk), float(sum(ok for _, ok in chunk)), float(len(chunk))])
        while len(blocks) > 1 and blocks[-2][1] / blocks[-2][2] >= blocks[-1][1] / blocks[-1][2]:
            last = blocks.pop()
            blocks[-1] = [a + b for a, b in zip(blocks[-1], last, strict=True)]
    while len(blocks) > knots:
        # Merge the smallest adjacent pair (keeps the map monotone: averages of increasing values).
        i = min(range(len(blocks) - 1), key=lambda k: blocks[k][2] + blocks[k + 1][2])
        blocks[i:i + 2] = [[a + b for a, b in zip(blocks[i], blocks[i + 1], strict=True)]]
    return [[round(s / n, 4), round(r / n, 4)] for s, r, n in blocks]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", default=os.environ.get("HERALD_CORPORA", "../shared/corpora"))
    parser.add_argument("--models", type=Path, default=default_models_dir())
    parser.add_argument("--limit", type=int, default=0, help="only the first N sentences")
    parser.add_argument("--fit", action="store_true", help="fit and print the calibration map (even documents)")
    parser.add_argument("--all-types", action="store_true", help="all 18 OntoNotes types, not only entities")
    args = parser.parse_args(argv)
    sentences = list(read_bio(Path(args.corpora) / "ontonotes5" / "onto5.development.bio"))
    if args.limit:
        sentences = sentences[:args.limit]
    started = time.perf_counter()
    predicted = predict(sentences, args.models)
    print(f"{len(sentences)} sentences tagged in {time.perf_counter() - started:.0f} s")
    types = None if args.all_types else set(ENTITY_TYPES)
    halves: dict[int, list[tuple[float, bool]]] = {0: [], 1: []}
    for sentence, found in zip(sentences, predicted, strict=True):
        halves[sentence.doc % 2].extend((p, ok) for p, ok, etype in found if types is None or etype in types)
    calibration = load_confidence().ner
    if args.fit:
        knots = fit_isotonic(halves[0])
        print(json.dumps({"ner_knots": knots}))
        calibration = Calibration(tuple((a, b) for a, b in knots))
    table(halves[1], "raw, odd documents (held out from fitting)")
    table([(calibration(p), ok) for p, ok in halves[1]], "calibrated, odd documents (held out from fitting)")
    table([(calibration(p), ok) for p, ok in halves[0] + halves[1]], "calibrated, all of development")
    return 0


if __name__ == "__main__":
    sys.exit(main())
