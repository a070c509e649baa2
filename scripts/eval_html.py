"""Measure herald's HTML reading on the saved news pages of seeds/html against seeds/html/gold.json.

    python -m scripts.eval_html                 # per page and totals, both halves, the service's settings
    python -m scripts.eval_html --compare       # trafilatura settings compared on the tuning half only

Each page goes through exactly what ``POST /v1/extract`` does with a text/html body
(:func:`service.http.html.decode_html` and :func:`service.http.html.read_page`), with the page's
URL.  Scores, per page and summed per half:

- main text, over hand-checked snippets (trafilatura's evaluation method, not characters: a
  character-level gold was not feasible): a "with" snippet found in the text is a true positive,
  one missing a false negative; a "without" snippet (boilerplate) found is a false positive.
  precision = tp / (tp + fp), recall = tp / (tp + fn), after collapsing white space;
- publication date: the date found equals the gold date (YYYY-MM-DD);
- title: a non-empty title was found (printed, to be read).

The settings were chosen on the "tuning" half only (``--compare``); the "held-out" half is reported
apart.  No network is used.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import trafilatura

from service.http.errors import ApiError
from service.http.html import _parse, decode_html, read_page

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "seeds" / "html"


@dataclass
class Score:
    """Snippet counts and hits of a set of pages."""

    pages: int = 0
    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0
    dates: int = 0
    titles: int = 0

    def add(self, other: Score) -> None:
        for name in ("pages", "tp", "fn", "fp", "tn", "dates", "titles"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def line(self) -> str:
        precision = self.tp / max(1, self.tp + self.fp)
        recall = self.tp / max(1, self.tp + self.fn)
        f1 = 2 * precision * recall / max(1e-9, precision + recall)
        return (f"pages {self.pages}  snippet precision {precision:.3f} recall {recall:.3f} F1 {f1:.3f}  "
                f"date accuracy {self.dates}/{self.pages} = {self.dates / max(1, self.pages):.1%}  "
                f"title found {self.titles}/{self.pages}")


def _squash(text: str) -> str:
    return " ".join(text.split())


def snippets(text: str, page: dict[str, Any]) -> Score:
    """The snippet counts of one extracted text against its gold."""
    found = _squash(text)
    score = Score()
    for snippet in page["with"]:
        if _squash(snippet) in found:
            score.tp += 1
        else:
            score.fn += 1
    for snippet in page["without"]:
        if _squash(snippet) in found:
            score.fp += 1
        else:
            score.tn += 1
    return score


def evaluate(page: dict[str, Any]) -> tuple[Score, str]:
    """One page through the service's HTML reading: its score and a report line."""
    data = (PAGES / page["file"]).read_bytes()
    try:
        result = read_page(decode_html(data, None), page["url"], max_text_chars=10**7)
    except ApiError as error:
        score = snippets("", page)
        score.pages = 1
        return score, f"{page['file']}: {error.status} {error.detail}"
    score = snippets(result.text, page)
    score.pages = 1
    published = result.published.isoformat() if result.published else None
    score.dates = int(published == page["date"])
    score.titles = int(bool(result.title))
    mark = "ok" if score.dates else f"WRONG (gold {page['date']})"
    return score, (f"{page['file']}: with {score.tp}/{score.tp + score.fn} without-found {score.fp}  "
                   f"date {published} {mark}  title {result.title!r}")


def compare(pages: list[dict[str, Any]]) -> None:
    """trafilatura's main settings on the tuning half only (what the service's choice rests on)."""
    variants: dict[str, Callable[[Any, str], Any]] = {
        "default": lambda tree, url: trafilatura.bare_extraction(tree, url=url, include_comments=False),
        "favor_precision": lambda tree, url: trafilatura.bare_extraction(tree, url=url, include_comments=False,
                                                                         favor_precision=True),
        "favor_recall": lambda tree, url: trafilatura.bare_extraction(tree, url=url, include_comments=False,
                                                                      favor_recall=True),
        "fast": lambda tree, url: trafilatura.bare_extraction(tree, url=url, include_comments=False, fast=True),
    }
    tuning = [page for page in pages if page["half"] == "tuning"]
    for name, run in variants.items():
        total = Score()
        for page in tuning:
            tree = _parse(decode_html((PAGES / page["file"]).read_bytes(), None))
            document = run(tree, page["url"])
            score = snippets(getattr(document, "text", None) or "", page)
            score.pages = 1
            total.add(score)
        print(f"{name:16s} {total.line().split('  date')[0]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--compare", action="store_true", help="compare trafilatura settings on the tuning half")
    args = parser.parse_args(argv)
    pages = json.loads((PAGES / "gold.json").read_text(encoding="utf-8"))["pages"]
    if args.compare:
        compare(pages)
        return 0
    totals = {"tuning": Score(), "held-out": Score()}
    for page in pages:
        score, line = evaluate(page)
        totals[page["half"]].add(score)
        print(f"[{page['half']}] {line}")
    everything = Score()
    for half, score in totals.items():
        everything.add(score)
        print(f"{half:9s} {score.line()}")
    print(f"{'all':9s} {everything.line()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
