"""Link precision and recall of :mod:`service.extract.kb` on the hand-checked clusters of
``seeds/news/links.json`` (rules: ``seeds/news/LINKS.md``).

Each article's gold entity clusters (name, type, aliases: the gold of ``seeds/news/<id>.json``; for
the seed article the clusters of ``seeds/000_213a62ba50b0ddfd.expected.json`` with their mentions)
go through ``KnowledgeBase.link_document`` together, as one document.  A judged cluster is scored on
the knowledge base its type links to (GPE/LOC/FAC: ``geonames``; PERSON/ORG/NORP: ``wikipedia``),
by the best link of that knowledge base:

- a link is **right** when its id is the gold id or one of the gold's ``also`` ids (Wikipedia titles
  compared without case, accents, or the difference between spaces and underscores: the offline
  title list is lower-case and accent-folded);
- **precision** = right links / links given (a link for a cluster whose gold is null is wrong);
- **recall** = right links / clusters that have an entry (``in_kb``: gold id, or an entry outside the
  offline data, which no link can get right);
- **reachable recall** = right links / clusters with a gold id.

Groups: places (GPE, LOC), facilities (FAC), persons/organisations (PERSON, ORG), NORP.
Usage::

    python -m scripts.eval_links [--split dev|test|seed|all] [--errors] [--measure] [--cache-dir DIR]

``--measure`` loads the knowledge bases first thing in this fresh process and prints the load time
and the resident-memory growth (VmRSS before and after, from /proc/self/status).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "seeds" / "news" / "links.json"
NEWS = ROOT / "seeds" / "news"
GROUPS = {"GPE": "places", "LOC": "places", "FAC": "facilities", "PERSON": "persons/organisations",
          "ORG": "persons/organisations", "NORP": "NORP"}
GROUP_ORDER = ("places", "facilities", "persons/organisations", "NORP")


@dataclass
class Tally:
    """Counts of one group in one split."""

    given: int = 0
    right: int = 0
    with_entry: int = 0
    with_id: int = 0
    errors: list[str] = field(default_factory=list)

    def line(self, label: str) -> str:
        """One printed row: precision, recall and reachable recall with their counts."""
        def share(part: int, whole: int) -> str:
            return f"{100.0 * part / whole:5.1f} % ({part}/{whole})" if whole else "    - (0/0)"
        return (f"  {label:<34} precision {share(self.right, self.given):<22}"
                f" recall {share(self.right, self.with_entry):<22} reachable recall {share(self.right, self.with_id)}")


def vm_rss_mb() -> float:
    """This process's resident memory in MB (Linux /proc; 0 elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return 0.0


def same_title(left: str, right: str) -> bool:
    """Wikipedia titles compared as the offline list can tell them apart."""
    from service.extract.kb import title_key
    return title_key(left.replace("_", " ")) == title_key(right.replace("_", " "))


def is_right(kb: str, predicted: str, gold: dict[str, Any]) -> bool:
    """Whether a predicted id is the gold id or one of its accepted alternatives."""
    accepted = [gold["id"], *gold.get("also", [])] if gold["id"] else []
    if kb == "geonames":
        return predicted in accepted
    return any(same_title(predicted, item) for item in accepted)


def documents(split: str) -> list[tuple[str, str, list[tuple[str, str, list[str]]], list[dict[str, Any]]]]:
    """(document id, split, all its entity clusters, its judged clusters) for the chosen split."""
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    out = []
    for article_id, article in gold["articles"].items():
        if split not in ("all", article["split"]):
            continue
        record = json.loads((NEWS / f"{article_id}.json").read_text(encoding="utf-8"))
        entities = [(item["name"], item["type"], [item["name"], *item["aliases"]]) for item in record["entities"]]
        out.append((article_id, article["split"], entities, article["clusters"]))
    if split in ("all", "seed"):
        record = json.loads((ROOT / gold["seed"]["file"]).read_text(encoding="utf-8"))
        entities = [(item["name"], item["type"], [mention["text"] for mention in item["mentions"]])
                    for item in record["entities"]]
        out.append(("seed", "seed", entities, gold["seed"]["clusters"]))
    return out


def score(knowledge: Any, split: str) -> dict[tuple[str, str], Tally]:
    """Link every document and tally each judged cluster by (split, group)."""
    tallies: dict[tuple[str, str], Tally] = defaultdict(Tally)
    for document_id, document_split, entities, judged in documents(split):
        links = knowledge.link_document(entities)
        by_name = {(name, entity_type): position for position, (name, entity_type, _) in enumerate(entities)}
        for gold in judged:
            position = by_name[(gold["name"], gold["type"])]
            tally = tallies[(document_split, GROUPS[gold["type"]])]
            tally.with_entry += gold["in_kb"]
            tally.with_id += bool(gold["id"])
            best = next((link for link in links[position] if link.kb == gold["kb"]), None)
            right = best is not None and is_right(gold["kb"], best.id, gold)
            if best is not None:
                tally.given += 1
                tally.right += right
            if not right and (best is not None or gold["in_kb"]):
                got = f"{best.id} ({best.score:.2f})" if best else "no link"
                want = gold["id"] or ("an entry outside the data" if gold["in_kb"] else "no link")
                tally.errors.append(f"{document_id} {gold['type']} {gold['name']!r}: {got}, gold {want}")
    return tallies


def report(tallies: dict[tuple[str, str], Tally], show_errors: bool) -> None:
    """Print each split's groups, per type of knowledge base."""
    for split in ("dev", "test", "seed"):
        rows = [(group, tallies[(split, group)]) for group in GROUP_ORDER if (split, group) in tallies]
        if not rows:
            continue
        print(f"{split}:")
        for group, tally in rows:
            kb = "geonames" if group in ("places", "facilities") else "wikipedia"
            print(tally.line(f"{group} ({kb})"))
        if show_errors:
            for group, tally in rows:
                for error in tally.errors:
                    print(f"    {group}: {error}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "test", "seed", "all"), default="all")
    parser.add_argument("--errors", action="store_true", help="list the wrong links and the misses")
    parser.add_argument("--measure", action="store_true", help="print load time and resident-memory growth")
    parser.add_argument("--cache-dir", type=Path, default=None, help="folder of the compacted title list")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from service.extract.kb import KnowledgeBase
    before, started = vm_rss_mb(), time.perf_counter()
    knowledge = KnowledgeBase.load(cache_dir=args.cache_dir)
    loaded = time.perf_counter() - started
    if args.measure:
        print(f"load: {loaded:.2f} s, VmRSS {before:.0f} -> {vm_rss_mb():.0f} MB (+{vm_rss_mb() - before:.0f} MB)")
    started = time.perf_counter()
    tallies = score(knowledge, args.split)
    if args.measure:
        print(f"linking: {time.perf_counter() - started:.2f} s, VmRSS after {vm_rss_mb():.0f} MB")
    report(tallies, args.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
