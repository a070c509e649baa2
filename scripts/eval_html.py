"""Measure herald's HTML reading on real saved news pages: snippets (seeds/html) and characters (seeds/html/zyte).

    python -m scripts.eval_html                 # both measurements below, the service's settings
    python -m scripts.eval_html --chars         # the character-level score over seeds/html/zyte only
    python -m scripts.eval_html --compare       # trafilatura settings compared on the tuning half only

Each page goes through exactly what ``POST /v1/extract`` does with a text/html body
(:func:`service.http.html.decode_html` and :func:`service.http.html.read_page`), with the page's
URL.  No network is used.

**Snippets** (seeds/html, 38 pages, against seeds/html/gold.json), per page and summed per half:

- main text, over hand-checked snippets (trafilatura's evaluation method): a "with" snippet found
  in the text is a true positive, one missing a false negative; a "without" snippet (boilerplate)
  found is a false positive.  precision = tp / (tp + fp), recall = tp / (tp + fn), after collapsing
  white space;
- publication date: the date found equals the gold date (YYYY-MM-DD);
- title: a non-empty title was found (printed, to be read).

The settings were chosen on the "tuning" half only (``--compare``); the "held-out" half is reported
apart.

**Characters** (seeds/html/zyte, 40 pages from 40 outlets, against the hand-checked article bodies of
seeds/html/zyte/gold.json, from Zyte's article-extraction benchmark; seeds/html/README.md): the
extracted text and the gold body are cut into tokens (runs of word characters, and every other
non-space character on its own, after NFC normalisation: white space is collapsed, and a space
that a page's markup puts before a punctuation mark does not count) and aligned with
``difflib.SequenceMatcher(autojunk=False)``; the matched characters are the summed lengths of the
matched tokens.  precision = matched / characters of the extracted tokens, recall = matched /
characters of the gold tokens (white space is never counted).  Per page, then micro (characters
summed over the pages) and macro (mean of the pages) precision, recall and F1.

- The page goes in as the service takes it, with the service's default limits (``Config()``, not
  the environment): a page over HERALD_MAX_BODY_BYTES or HERALD_MAX_HTML_CHARS, or answered with
  any other :class:`~service.http.errors.ApiError`, is kept and scores recall 0 and F1 0 (it has
  no precision, nothing having been extracted, so macro precision averages the other pages).
- Title: the gold follows Zyte's convention (the headline is not main text), while trafilatura puts
  the article's headline at the top of the text on some pages.  The score is that of the text
  herald returns, title included (what a client gets); the pages whose text begins with their
  title are marked, and a second, informative total drops that first line.
"""

from __future__ import annotations

import argparse
import difflib
import gzip
import json
import re
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import trafilatura

from service.config import Config
from service.http.errors import ApiError
from service.http.html import Page, _parse, decode_html, read_page

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "seeds" / "html"
ZYTE = PAGES / "zyte"
#: A token of the character score: a run of word characters, or any other non-space character alone.
_TOKEN = re.compile(r"\w+|[^\w\s]")


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


@dataclass(frozen=True)
class Chars:
    """Characters (white space not counted) of an extracted text, of its gold body, and matched between them."""

    matched: int
    extracted: int
    gold: int

    @property
    def precision(self) -> float:
        """matched / extracted characters (0 when nothing was extracted)."""
        return self.matched / self.extracted if self.extracted else 0.0

    @property
    def recall(self) -> float:
        """matched / gold characters."""
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def tokens(text: str) -> list[str]:
    """The tokens the character score aligns: words and single punctuation marks, NFC-normalised.

    Punctuation is cut from the words so that the spaces some pages' markup leaves around links
    ("Boeing 's", "“ Wild Rose ”") do not turn a matched word into a mismatch.
    """
    return _TOKEN.findall(unicodedata.normalize("NFC", text))


def char_score(extracted: str, gold: str) -> Chars:
    """The characters of ``extracted`` aligned with ``gold`` over their token sequences (see the module)."""
    found, wanted = tokens(extracted), tokens(gold)
    blocks = difflib.SequenceMatcher(None, found, wanted, autojunk=False).get_matching_blocks()
    matched = sum(len(token) for start, _, size in blocks for token in found[start:start + size])
    return Chars(matched, sum(map(len, found)), sum(map(len, wanted)))


@dataclass(frozen=True)
class CharPage:
    """One seeds/html/zyte page scored: its score as returned, and without a leading title line."""

    page: dict[str, Any]
    score: Chars
    untitled: Chars
    title_first: bool
    error: str | None = None

    def line(self) -> str:
        """The page's report line: precision, recall, F1 and the characters matched/extracted/gold."""
        name = f"{self.page['outlet']:22s} {self.page['file'][:12]}"
        if self.error:
            return f"{name} P   -   R 0.000 F1 0.000  chars 0/{self.score.gold}  {self.error}"
        mark = "  [text begins with the title]" if self.title_first else ""
        return (f"{name} P {self.score.precision:.3f} R {self.score.recall:.3f} F1 {self.score.f1:.3f}  "
                f"chars {self.score.matched}/{self.score.extracted}/{self.score.gold}{mark}")


def read_zyte(page: dict[str, Any], config: Config) -> Page:
    """One seeds/html/zyte page through the service's path and default limits (raises :class:`ApiError`)."""
    data = gzip.decompress((ZYTE / page["file"]).read_bytes())
    if len(data) > config.max_body_bytes:
        raise ApiError(413, f"The request body is over {config.max_body_bytes} bytes (HERALD_MAX_BODY_BYTES).")
    html = decode_html(data, None)
    if len(html) > config.max_html_chars:
        raise ApiError(413, f"The HTML page has {len(html)} characters; the limit is {config.max_html_chars} "
                            "(HERALD_MAX_HTML_CHARS).")
    return read_page(html, page["url"], max_text_chars=config.max_text_chars)


def score_zyte(page: dict[str, Any], config: Config) -> CharPage:
    """The character score of one seeds/html/zyte page (an :class:`ApiError` scores recall 0)."""
    try:
        result = read_zyte(page, config)
    except ApiError as error:
        missed = char_score("", page["body"])
        return CharPage(page, missed, missed, False, f"{error.status} {error.detail}")
    score = char_score(result.text, page["body"])
    first, _, rest = result.text.partition("\n")
    title_first = bool(result.title) and first.strip() == (result.title or "").strip()
    return CharPage(page, score, char_score(rest, page["body"]) if title_first else score, title_first)


def char_totals(results: list[CharPage], *, untitled: bool = False) -> str:
    """Micro and macro precision, recall and F1 of scored pages (``untitled``: without a leading title line).

    A refused page counts in recall and F1 (as 0) but not in macro precision: nothing was extracted.
    """
    scores = [result.untitled if untitled else result.score for result in results]
    micro = Chars(*(sum(getattr(score, name) for score in scores) for name in ("matched", "extracted", "gold")))
    answered = [score for score, result in zip(scores, results, strict=True) if not result.error]
    precision = sum(score.precision for score in answered) / max(1, len(answered))
    recall = sum(score.recall for score in scores) / max(1, len(scores))
    f1 = sum(score.f1 for score in scores) / max(1, len(scores))
    return (f"micro P {micro.precision:.3f} R {micro.recall:.3f} F1 {micro.f1:.3f}  "
            f"macro P {precision:.3f} R {recall:.3f} F1 {f1:.3f}")


def characters(pages: list[dict[str, Any]], config: Config | None = None) -> list[CharPage]:
    """Print the character score of ``pages`` (seeds/html/zyte gold entries), per page and in total; return them."""
    config = config or Config()
    results = [score_zyte(page, config) for page in pages]
    for result in results:
        print(result.line())
    refused = sum(bool(result.error) for result in results)
    outlets = len({result.page["outlet"] for result in results})
    titled = sum(result.title_first for result in results)
    print(f"characters: {len(results)} pages from {outlets} outlets, {refused} refused by the service (recall 0)")
    print(f"  as returned (the score)              {char_totals(results)}")
    print(f"  leading title line dropped ({titled:2d} pages) {char_totals(results, untitled=True)}")
    return results


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
    """The command line (see the module): both measurements, or ``--chars`` or ``--compare`` alone."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--compare", action="store_true", help="compare trafilatura settings on the tuning half")
    parser.add_argument("--chars", action="store_true", help="only the character-level score over seeds/html/zyte")
    args = parser.parse_args(argv)
    pages = json.loads((PAGES / "gold.json").read_text(encoding="utf-8"))["pages"]
    if args.compare:
        compare(pages)
        return 0
    zyte = json.loads((ZYTE / "gold.json").read_text(encoding="utf-8"))["pages"]
    if args.chars:
        characters(zyte)
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
    print()
    characters(zyte)
    return 0

if __name__ == "__main__":
    sys.exit(main())
