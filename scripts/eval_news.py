"""Score herald on the real-news set in ``seeds/news/`` (gold rules: ``seeds/news/ANNOTATION.md``).

Usage::

    python -m scripts.eval_news --validate              # check every gold file's anchors
    python -m scripts.eval_news --split-assign          # give unsplit articles a split, once
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

NEWS_DIR = Path(__file__).resolve().parent.parent / "seeds" / "news"
BEATS = frozenset({"politics", "world", "business", "courts", "crime", "weather", "sports", "science",
                   "technology", "local"})
NAME_TYPES = frozenset({"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART",
                        "LAW", "LANGUAGE"})
BOILERPLATE_REASONS = frozenset({"dateline", "byline", "credit", "caption", "furniture"})
KINDS = frozenset({"direct", "indirect", "mixed"})
TEST_SHARE = 20


def load_articles(directory: Path = NEWS_DIR) -> list[dict[str, Any]]:
    """Every article of the set, in file-name order."""
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(directory.glob("n*.json"))]


def anchor_span(text: str, anchor: str, inner: str | None = None) -> tuple[int, int]:
    """Character span of ``inner`` (or the whole anchor) inside the unique ``anchor`` of ``text``."""
    first = text.find(anchor)
    if first < 0:
        raise ValueError(f"anchor not in text: {anchor!r}")
    if text.find(anchor, first + 1) >= 0:
        raise ValueError(f"anchor occurs more than once: {anchor!r}")
    if inner is None:
        return first, first + len(anchor)
    offset = anchor.find(inner)
    if offset < 0:
        raise ValueError(f"{inner!r} not inside its anchor {anchor!r}")
    return first + offset, first + offset + len(inner)


def problems(article: dict[str, Any]) -> Iterator[str]:
    """What is wrong with one gold file (nothing when it is valid)."""
    for key in ("id", "outlet", "url", "published", "beat", "text", "entities", "events", "quotes", "boilerplate"):
        if key not in article:
            yield f"missing field {key}"
    text = article.get("text", "")
    if article.get("beat") not in BEATS:
        yield f"beat {article.get('beat')!r} is not one of {sorted(BEATS)}"
    names = set()
    for entity in article.get("entities", []):
        names.add(entity.get("name"))
        if entity.get("type") not in NAME_TYPES:
            yield f"entity {entity.get('name')!r}: type {entity.get('type')!r}"
        for form in [entity.get("name"), *entity.get("aliases", [])]:
            if not form or form not in text:
                yield f"entity form {form!r} not in text"
    for event in article.get("events", []):
        yield from _checked(text, event, "trigger", "event")
        if event.get("status") not in ("happened", "planned"):
            yield f"event {event.get('anchor')!r}: status {event.get('status')!r}"
    for quote in article.get("quotes", []):
        yield from _checked(text, quote, "fragment", "quote")
        if quote.get("kind") not in KINDS:
            yield f"quote {quote.get('anchor')!r}: kind {quote.get('kind')!r}"
    for item in article.get("boilerplate", []):
        yield from _checked(text, item, None, "boilerplate")
        if item.get("reason") not in BOILERPLATE_REASONS:
            yield f"boilerplate {item.get('anchor')!r}: reason {item.get('reason')!r}"


def _checked(text: str, item: dict[str, Any], inner_key: str | None, what: str) -> Iterator[str]:
    try:
        anchor_span(text, item.get("anchor", ""), item.get(inner_key) if inner_key else None)
    except ValueError as error:
        yield f"{what}: {error}"


def assign_splits(articles: list[dict[str, Any]], directory: Path = NEWS_DIR) -> int:
    """Put the ``TEST_SHARE`` articles with the lowest URL hash in ``test``, the rest in ``dev``.

    Runs once, before any tuning: articles that already have a split keep it, so adding
    articles later never moves one between splits.
    """
    unsplit = [a for a in articles if a.get("split") not in ("dev", "test")]
    have_test = sum(a.get("split") == "test" for a in articles)
    ranked = sorted(unsplit, key=lambda a: hashlib.sha256(a["url"].encode()).hexdigest())
    for position, article in enumerate(ranked):
        article["split"] = "test" if position < max(0, TEST_SHARE - have_test) else "dev"
        path = directory / f"{article['id']}.json"
        path.write_text(json.dumps(article, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return len(ranked)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", type=Path, default=NEWS_DIR)
    parser.add_argument("--validate", action="store_true")
    parser.add_argument("--split-assign", action="store_true")
    args = parser.parse_args(argv)
    articles = load_articles(args.dir)
    if args.validate:
        bad = 0
        for article in articles:
            for problem in problems(article):
                bad += 1
                print(f"{article.get('id')}: {problem}")
        print(f"{len(articles)} articles, {bad} problems")
        return 1 if bad else 0
    if args.split_assign:
        print(f"{assign_splits(articles, args.dir)} articles given a split")
        return 0
    parser.print_help()
    return 2


if __name__ == "__main__":
    sys.exit(main())
