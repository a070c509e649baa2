"""Score date detection and normalisation on TempEval-3 TBAQ-cleaned (TimeBank + AQUAINT).

Usage::

    python -m scripts.eval_dates [--corpora ../shared/corpora] [--limit N] [--show 20] [--no-cache]

Each document is analysed with its creation time (DCT) as the anchor.  For every gold
TIMEX3 of type DATE: *recall* counts it found when a returned timex overlaps it, and
*value accuracy* counts a found one right when the returned value equals the gold value.

When several returned timexes overlap one gold timex (we cut "the quarter ended Sept. 30"
into two), the one sharing the most characters with it is scored (the first on a tie).

Notation equivalence (the only non-literal matches; their number is printed):

* decades and centuries: our output writes them with ``X`` placeholders, as the service's
  conventions say ("the 1990s" -> ``199X``, "the 20th century" -> ``19XX``), where TimeML
  truncates the value (``199``, ``19``).  A returned value counts as equal to the gold one
  when stripping its trailing ``X`` characters gives the gold value exactly and the gold
  value has three digits (a decade) or two (a century);
* ISO week numbers: some gold values drop the week's leading zero (``2000-W7``); ours is
  always two digits (``2000-W07``), the same week.

Nothing else is relaxed: ``1998`` vs ``1998-01``, ``PAST_REF`` vs a date, a week vs a day
all count wrong.

The NLP annotations (the Stanza output, per text handed to the nlp stage) are cached
under ``build/eval-cache/<md5 of the models' resources.json>/`` keyed by the sha1 of the
text, so re-scoring after a change to the later stages takes seconds; ``--no-cache``
bypasses the cache.  The models are loaded only when some text is not in the cache.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import hashlib
import os
import pickle
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from service.deadline import NO_DEADLINE, Deadline
from service.extract import ExtractionPipeline, ExtractRequest
from service.extract.timexes import Timex, find_timexes
from service.nlp.records import Sentence

REPO = Path(__file__).resolve().parent.parent
CACHE_ROOT = Path("build/eval-cache")


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


def adapter_digest() -> str:
    """A digest of the NLP adapter's code (``service/nlp``: the segmentation repairs, the records):
    a cached annotation made by other code is not that code's output."""
    adapter = hashlib.sha1(usedforsecurity=False)
    for source in sorted((REPO / "service" / "nlp").rglob("*.py")):
        adapter.update(source.read_bytes())
    return adapter.hexdigest()


class CachedNlp:
    """An :class:`~service.nlp.Nlp` that keeps each text's annotation on disk and loads Stanza lazily."""

    def __init__(self, models_dir: Path, use_cache: bool = True) -> None:
        from service.nlp import PROCESSORS, _md5

        self.models_dir = models_dir
        self.processors = PROCESSORS
        # Keyed by the models and by the NLP adapter's code too: a cached annotation of an older
        # record format (a Token without ner_p) would otherwise be read back and fail.
        self.dir = CACHE_ROOT / f"{_md5(models_dir / 'resources.json')}-{adapter_digest()[:12]}"
        self.use_cache = use_cache
        self._nlp = None
        self.hits = self.misses = 0

    def _path(self, text: str) -> Path:
        return self.dir / (hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest() + ".pkl")

    def annotate(self, texts: Sequence[str], *, deadline: Deadline = NO_DEADLINE) -> list[list[Sentence]]:
        out: list[list[Sentence] | None] = [None] * len(texts)
        todo: list[int] = []
        for i, text in enumerate(texts):
            path = self._path(text)
            if self.use_cache and path.is_file():
                out[i] = pickle.loads(path.read_bytes())
                self.hits += 1
            else:
                todo.append(i)
        if todo:
            if self._nlp is None:
                from service.nlp import StanzaNlp

                self._nlp = StanzaNlp(self.models_dir, torch_threads=1)
            self.misses += len(todo)
            fresh = self._nlp.annotate([texts[i] for i in todo])
            self.dir.mkdir(parents=True, exist_ok=True)
            for i, sentences in zip(todo, fresh, strict=True):
                # Stored before the pipeline shifts the offsets in place.
                self._path(texts[i]).write_bytes(pickle.dumps(sentences, protocol=pickle.HIGHEST_PROTOCOL))
                out[i] = sentences
        return [s for s in out if s is not None]


def same_value(ours: str | None, gold: str) -> tuple[bool, bool]:
    """(equal, equal only by one of the documented notation equivalences)."""
    if ours == gold:
        return True, False
    if ours and ours.endswith("X") and gold.isdigit() and len(gold) in (2, 3) and ours.rstrip("X") == gold \
            and len(ours) == 4:
        return True, True  # decade 199X = 199, century 19XX = 19
    week = re.fullmatch(r"(\d{4})-W(\d)(-WE)?", gold)
    if ours and week and ours == f"{week.group(1)}-W0{week.group(2)}{week.group(3) or ''}":
        return True, True  # week 2000-W07 = 2000-W7
    return False, False


def category(ours: str | None, gold: str) -> str:
    """A coarse label for a wrong value, to see which kinds of error dominate."""
    def shape(v: str | None) -> str:
        if not v:
            return "none"
        if v.endswith("_REF"):
            return v
        if v.startswith("P"):
            return "duration"
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}(T.*)?", v):
            return "day"
        if re.fullmatch(r"\d{4}-W\d{2}(-WE)?", v):
            return "week"
        if re.fullmatch(r"\d{4}-\d{2}", v):
            return "month"
        if re.fullmatch(r"\d{4}-(Q\d|H\d|SP|SU|FA|WI)", v):
            return "quarter/season"
        if re.fullmatch(r"\d{4}", v):
            return "year"
        if re.fullmatch(r"\d{2,3}X*", v):
            return "decade/century"
        return "other"
    a, b = shape(ours), shape(gold)
    if a == b:
        return f"{a}: wrong {a}"
    return f"{a} -> gold {b}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=Path(os.environ.get("HERALD_CORPORA", "../shared/corpora")))
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--show", type=int, default=15, help="print this many errors of each kind")
    parser.add_argument("--no-cache", action="store_true", help="annotate again, ignoring build/eval-cache")
    args = parser.parse_args()

    root = args.corpora / "tempeval3" / "TBAQ-cleaned"
    files = sorted((root / "TimeBank").glob("*.tml")) + sorted((root / "AQUAINT").glob("*.tml"))
    files = files[: args.limit] if args.limit else files
    from service.nlp import default_models_dir, model_info

    models_dir = Path(os.environ.get("HERALD_MODELS_DIR") or default_models_dir())
    nlp = CachedNlp(models_dir, use_cache=not args.no_cache)
    extractor = ExtractionPipeline(nlp, model_info(models_dir, nlp.processors))
    # Keep the stage's own records (they carry the governing verb's tense) to explain wrong values.
    import service.extract.stages as pipeline_module

    records: list[list[Timex]] = []

    def recording_find_timexes(*a: object, **k: object) -> list[Timex]:
        out = find_timexes(*a, **k)  # type: ignore[arg-type]
        records.append(out)
        return out

    pipeline_module.find_timexes = recording_find_timexes  # type: ignore[assignment]
    total = found = right = notation = 0
    categories: collections.Counter[str] = collections.Counter()
    misses: list[str] = []
    wrong: list[str] = []
    batch: list[tuple[Path, str, dt.date, list[Gold]]] = [(f, *read_tml(f)) for f in files]
    for i in range(0, len(batch), 16):
        chunk = batch[i:i + 16]
        records.clear()
        bodies = extractor.extract_many([ExtractRequest(text=t, date=d) for _, t, d, _ in chunk])
        for (path, _text, dct, gold), body, recs in zip(chunk, bodies, records, strict=True):
            tenses = {r.start: r.tense for r in recs}
            for g in gold:
                if g.type != "DATE":
                    continue
                total += 1
                overlapping = [t for t in body["timexes"] if t["start"] < g.end and g.start < t["end"]]
                match = max(overlapping, default=None,
                            key=lambda t: min(t["end"], g.end) - max(t["start"], g.start))
                if match is None:
                    surface = re.sub(r"\s+", " ", g.text)
                    misses.append(f"{path.name}: {surface!r} ({g.value})")
                    continue
                found += 1
                equal, by_notation = same_value(match["value"], g.value)
                if equal:
                    right += 1
                    notation += by_notation
                else:
                    categories[category(match["value"], g.value)] += 1
                    wrong.append(f"{path.name} [{dct:%a %Y-%m-%d}]: {match['text']!r} -> {match['value']} "
                                 f"({tenses.get(match['start'], '?')}; gold {g.text!r} {g.value})")
    print(f"documents: {len(files)}; gold DATE timexes: {total}; nlp cache hits {nlp.hits}, misses {nlp.misses}")
    print(f"recall (overlap): {found / total:.1%} ({found}/{total})")
    print(f"value accuracy (of found): {right / max(found, 1):.1%} ({right}/{found}); of all gold: {right / total:.1%}")
    print(f"  of which equal only by notation (decade 199X = 199, century 19XX = 19, week W07 = W7): {notation}")
    print("\nwrong values by category (ours -> gold):")
    for label, n in categories.most_common():
        print(f"  {n:4d}  {label}")
    for title, rows in (("missed", misses), ("wrong value", wrong)):
        print(f"\n{title} (first {args.show}):")
        for row in rows[: args.show]:
            print("  " + row)


if __name__ == "__main__":
    main()
