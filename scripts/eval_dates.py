"""Score date detection and normalisation on TempEval-3 TBAQ-cleaned (TimeBank + AQUAINT).

Usage::

    python -m scripts.eval_dates [--corpora ../shared/corpora] [--limit N] [--show 20]

Each document is analysed with its creation time (DCT) as the anchor.  For every gold
TIMEX3 of type DATE: *recall* counts it found when a returned timex overlaps it, and
*value accuracy* counts a found one right when the returned value equals the gold value.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from service.extract import ExtractRequest, build_extractor


@dataclass
class Gold:
    start: int
    end: int
    text: str
    type: str
    value: str


def read_tml(path: Path) -> tuple[str, dt.date, list[Gold]]:
    """Plain text of <TEXT>, the DCT and the gold TIMEX3 spans (offsets into that text)."""
    root = ElementTree.parse(path).getroot()
    dct_node = root.find("DCT/TIMEX3")
    if dct_node is None:
        raise ValueError(f"{path}: no DCT")
    dct = dt.date.fromisoformat(dct_node.get("value", "")[:10])
    text_node = root.find("TEXT")
    if text_node is None:
        raise ValueError(f"{path}: no TEXT")
    parts: list[str] = []
    gold: list[Gold] = []

    def walk(node: ElementTree.Element) -> None:
        start = sum(len(p) for p in parts)
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if node.tag == "TIMEX3":
            end = sum(len(p) for p in parts)
            gold.append(Gold(start, end, "".join(parts)[start:end], node.get("type", ""), node.get("value", "")))

    walk(text_node)
    return "".join(parts), dct, gold


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=Path(os.environ.get("HERALD_CORPORA", "../shared/corpora")))
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--show", type=int, default=15, help="print this many errors of each kind")
    args = parser.parse_args()

    root = args.corpora / "tempeval3" / "TBAQ-cleaned"
    files = sorted((root / "TimeBank").glob("*.tml")) + sorted((root / "AQUAINT").glob("*.tml"))
    files = files[: args.limit] if args.limit else files
    extractor = build_extractor(None)
    total = found = right = 0
    misses: list[str] = []
    wrong: list[str] = []
    batch: list[tuple[Path, str, dt.date, list[Gold]]] = [(f, *read_tml(f)) for f in files]
    for i in range(0, len(batch), 16):
        chunk = batch[i:i + 16]
        bodies = extractor.extract_many([ExtractRequest(text=t, date=d) for _, t, d, _ in chunk])
        for (path, _text, _dct, gold), body in zip(chunk, bodies, strict=True):
            for g in gold:
                if g.type != "DATE":
                    continue
                total += 1
                match = next((t for t in body["timexes"] if t["start"] < g.end and g.start < t["end"]), None)
                if match is None:
                    surface = re.sub(r"\s+", " ", g.text)
                    misses.append(f"{path.name}: {surface!r} ({g.value})")
                    continue
                found += 1
                if match["value"] == g.value:
                    right += 1
                else:
                    wrong.append(f"{path.name}: {match['text']!r} -> {match['value']} (gold {g.text!r} {g.value})")
    print(f"documents: {len(files)}; gold DATE timexes: {total}")
    print(f"recall (overlap): {found / total:.1%} ({found}/{total})")
    print(f"value accuracy (of found): {right / max(found, 1):.1%} ({right}/{found}); of all gold: {right / total:.1%}")
    for title, rows in (("missed", misses), ("wrong value", wrong)):
        print(f"\n{title} (first {args.show}):")
        for row in rows[: args.show]:
            print("  " + row)


if __name__ == "__main__":
    main()
