"""Score dated events on TempEval-3 TBAQ-cleaned (TimeBank + AQUAINT).

Usage::

    python -m scripts.eval_event_dates [--corpora ../shared/corpora] [--limit N] [--show 20] [--no-cache]

Each document's ``<TEXT>`` (its plain text, tags removed) is analysed with its creation
time (DCT) as the anchor, eight documents per ``extract_many`` call.

Gold dated events: each EVENT that a TLINK places within a TIMEX3 of type DATE other than
the creation time (the TIMEX3 with ``functionInDocument="CREATION_TIME"``).  The direction
of each link is read from its attributes:

* event -> time (``eventInstanceID`` + ``relatedToTime``): relType ``IS_INCLUDED``,
  ``SIMULTANEOUS`` or ``DURING``;
* time -> event (``timeID`` + ``relatedToEventInstance``): relType ``INCLUDES`` or
  ``SIMULTANEOUS``.

Every other link counts for nothing (``BEFORE``, ``AFTER``, ``INCLUDES`` read event -> time,
event -> event and time -> time links, links to a DURATION, TIME or SET).  Event instances
(``eiN``) are mapped to their EVENT (``eN``) by MAKEINSTANCE.  An event placed within
several qualifying dates is scored against the first such TLINK in document order.

Scoring, per gold dated event:

* *found* when a returned event's trigger span overlaps the gold EVENT span (when several
  do, the one sharing the most characters with it is scored, the first on a tie);
* *right* when that event's ``date.value`` equals the gold TIMEX3 value.  The only
  non-literal matches are eval_dates's two notation equivalences (decade/century ``199X`` =
  ``199``, ``19XX`` = ``19``; ISO week ``2000-W07`` = ``2000-W7``); ``1998`` vs ``1998-01``
  counts wrong.

A found event that is not right is wrong either with no date returned or with another
value.  The misses are broken down by the part of speech the gold MAKEINSTANCE gives
(``UNKNOWN`` where the corpus has none, as in most of AQUAINT).  As an informative
precision-like figure, the returned events that carry a date are counted in three groups:
trigger overlapping a gold dated event, overlapping another gold EVENT, overlapping no gold
EVENT (TimeML links only some pairs, so the last two are not all errors).

Responses are cached under ``build/eval-cache/event-dates/`` as JSON, keyed by the sha1 of
the request text and DCT together with a fingerprint of the service's files (``service/``,
``models/resources.json``), so a change to the service is never scored with old responses;
``--no-cache`` bypasses the cache.  The models are loaded only when some response is not
cached.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import hashlib
import json
import os
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from service.config import Config
from service.extract import ExtractRequest, build_extractor

REPO = Path(__file__).resolve().parent.parent
CACHE_DIR = REPO / "build" / "eval-cache" / "event-dates"
BATCH = 8
#: Links an event -> time TLINK (eventInstanceID, relatedToTime) places the event within the time by.
EVENT_TO_TIME = frozenset({"IS_INCLUDED", "SIMULTANEOUS", "DURING"})
#: Links a time -> event TLINK (timeID, relatedToEventInstance) places the event within the time by.
TIME_TO_EVENT = frozenset({"INCLUDES", "SIMULTANEOUS"})


@dataclass(frozen=True)
class Span:
    """An EVENT or TIMEX3 of the TEXT, with offsets into its plain text."""

    id: str
    start: int
    end: int
    text: str
    attrs: dict[str, str] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class DatedEvent:
    """A gold dated event: the EVENT, the DATE it is placed within and the TLINK that says so."""

    eid: str
    start: int
    end: int
    text: str
    pos: str
    tid: str
    value: str
    timex_text: str
    timex_start: int
    timex_end: int
    lid: str


@dataclass
class Document:
    text: str
    dct: dt.date
    events: dict[str, Span]
    timexes: dict[str, Span]
    dated: list[DatedEvent]


def _plain_text(text_node: ElementTree.Element) -> tuple[str, list[tuple[str, Span]]]:
    """The text content of ``text_node`` and its EVENT / TIMEX3 elements as spans of it."""
    parts: list[str] = []
    spans: list[tuple[str, Span]] = []
    size = 0

    def walk(node: ElementTree.Element) -> None:
        nonlocal size
        start = size
        if node.text:
            parts.append(node.text)
            size += len(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)
                size += len(child.tail)
        if node.tag in ("EVENT", "TIMEX3"):
            key = node.get("eid") if node.tag == "EVENT" else node.get("tid")
            spans.append((node.tag, Span(key or "", start, size, "".join(parts)[start:size], dict(node.attrib))))

    walk(text_node)
    return "".join(parts), spans


def _qualifying_links(root: ElementTree.Element) -> Iterable[tuple[str, str, str]]:
    """(event instance id, time id, link id) of each TLINK placing an event within a time, in order."""
    for link in root.iter("TLINK"):
        rel, lid = link.get("relType", ""), link.get("lid", "")
        event_source, time_target = link.get("eventInstanceID"), link.get("relatedToTime")
        time_source, event_target = link.get("timeID"), link.get("relatedToEventInstance")
        if event_source and time_target and rel in EVENT_TO_TIME:
            yield event_source, time_target, lid
        elif time_source and event_target and rel in TIME_TO_EVENT:
            yield event_target, time_source, lid


def dated_events(root: ElementTree.Element, events: dict[str, Span], timexes: dict[str, Span]) -> list[DatedEvent]:
    """The gold dated events of a parsed TimeML document (see the module docstring), in link order.

    ``timexes`` holds the TIMEX3 elements of the TEXT and may hold the DCT's: a time with
    ``functionInDocument="CREATION_TIME"`` or a type other than DATE never qualifies, nor does
    a time id that is not in ``timexes`` (the DCT's ``t0`` when it is left out).
    """
    instances = {m.get("eiid", ""): (m.get("eventID", ""), m.get("pos") or "UNKNOWN")
                 for m in root.iter("MAKEINSTANCE")}
    out: list[DatedEvent] = []
    seen: set[str] = set()
    for eiid, tid, lid in _qualifying_links(root):
        timex = timexes.get(tid)
        if timex is None or timex.attrs.get("type") != "DATE" \
                or timex.attrs.get("functionInDocument") == "CREATION_TIME":
            continue
        eid, pos = instances.get(eiid, ("", "UNKNOWN"))
        event = events.get(eid)
        if event is None or eid in seen:
            continue
        seen.add(eid)
        out.append(DatedEvent(eid, event.start, event.end, event.text, pos, tid, timex.attrs.get("value", ""),
                              timex.text, timex.start, timex.end, lid))
    return out


def parse_timeml(xml: str, name: str = "<string>") -> Document:
    """The plain TEXT, the DCT date, the EVENT and TIMEX3 spans and the gold dated events of a TimeML string."""
    root = ElementTree.fromstring(xml)
    dct_node = root.find("DCT/TIMEX3")
    text_node = root.find("TEXT")
    if dct_node is None or text_node is None:
        raise ValueError(f"{name}: no DCT or no TEXT")
    dct = dt.date.fromisoformat(dct_node.get("value", "")[:10])
    text, spans = _plain_text(text_node)
    events = {s.id: s for tag, s in spans if tag == "EVENT"}
    timexes = {s.id: s for tag, s in spans if tag == "TIMEX3"}
    return Document(text, dct, events, timexes, dated_events(root, events, timexes))


def read_timeml(path: Path) -> Document:
    return parse_timeml(path.read_text(encoding="utf-8"), path.name)


def same_value(ours: str | None, gold: str) -> tuple[bool, bool]:
    """(equal, equal only by one of the documented notation equivalences), as in eval_dates."""
    if ours == gold:
        return True, False
    if ours and len(ours) == 4 and ours.endswith("X") and gold.isdigit() and len(gold) in (2, 3) \
            and ours.rstrip("X") == gold:
        return True, True  # decade 199X = 199, century 19XX = 19
    week = re.fullmatch(r"(\d{4})-W(\d)(-WE)?", gold)
    if ours and week and ours == f"{week.group(1)}-W0{week.group(2)}{week.group(3) or ''}":
        return True, True  # week 2000-W07 = 2000-W7
    return False, False


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def _value(event: dict[str, Any]) -> str | None:
    date = event.get("date")
    return date.get("value") if isinstance(date, dict) else None


@dataclass
class Outcome:
    """One gold dated event's result: ``kind`` is right, no date, other value or missed."""

    gold: DatedEvent
    kind: str
    returned: dict[str, Any] | None = None
    by_notation: bool = False


@dataclass
class Score:
    outcomes: list[Outcome] = field(default_factory=list)
    #: Returned events with a date, by what their trigger overlaps: dated gold / other gold EVENT / nothing.
    returned_dated: collections.Counter[str] = field(default_factory=collections.Counter)

    def add(self, other: Score) -> None:
        self.outcomes.extend(other.outcomes)
        self.returned_dated.update(other.returned_dated)

    def count(self, *kinds: str) -> int:
        return sum(o.kind in kinds for o in self.outcomes)


def score(gold: Sequence[DatedEvent], returned: Sequence[dict[str, Any]], gold_events: Iterable[Span] = ()) -> Score:
    """Score one document's returned events (response ``events``) against its gold dated events.

    ``gold_events`` (all the document's EVENT spans) only sorts the returned events with a
    date that overlap no gold dated event into "other gold event" and "no gold event".
    """
    out = Score()
    for g in gold:
        overlapping = [e for e in returned if _overlaps(e["trigger"]["start"], e["trigger"]["end"], g.start, g.end)]
        match = max(overlapping, default=None,
                    key=lambda e: min(e["trigger"]["end"], g.end) - max(e["trigger"]["start"], g.start))
        if match is None:
            out.outcomes.append(Outcome(g, "missed"))
            continue
        value = _value(match)
        equal, by_notation = same_value(value, g.value)
        kind = "right" if equal else "no date" if value is None else "other value"
        out.outcomes.append(Outcome(g, kind, match, by_notation))
    others = list(gold_events)
    for e in returned:
        if _value(e) is None:
            continue
        s, t = e["trigger"]["start"], e["trigger"]["end"]
        if any(_overlaps(s, t, g.start, g.end) for g in gold):
            out.returned_dated["dated gold event"] += 1
        elif any(_overlaps(s, t, g.start, g.end) for g in others):
            out.returned_dated["other gold event"] += 1
        else:
            out.returned_dated["no gold event"] += 1
    return out


def _fingerprint() -> str:
    """A digest of the files the responses depend on (service code and data, the models' resources.json)."""
    digest = hashlib.sha1(usedforsecurity=False)
    files = [p for p in sorted((REPO / "service").rglob("*")) if p.is_file() and "__pycache__" not in p.parts]
    files.append(REPO / "models" / "resources.json")
    for path in files:
        if path.is_file():
            digest.update(str(path.relative_to(REPO)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


class Responses:
    """Response bodies for (text, DCT) requests: from the cache, else from ``build_extractor()`` (built lazily)."""

    def __init__(self, use_cache: bool) -> None:
        self.use_cache = use_cache
        self.fingerprint = _fingerprint() if use_cache else ""
        self.extractor: Any = None
        self.hits = self.misses = self.failures = 0

    def _path(self, text: str, dct: dt.date) -> Path:
        key = f"{self.fingerprint}\0{dct.isoformat()}\0{text}".encode()
        return CACHE_DIR / (hashlib.sha1(key, usedforsecurity=False).hexdigest() + ".json")

    def get(self, requests: Sequence[tuple[str, dt.date]]) -> list[dict[str, Any] | None]:
        out: list[dict[str, Any] | None] = [None] * len(requests)
        todo: list[int] = []
        for i, (text, dct) in enumerate(requests):
            path = self._path(text, dct)
            if self.use_cache and path.is_file():
                out[i] = json.loads(path.read_text(encoding="utf-8"))
                self.hits += 1
            else:
                todo.append(i)
        if not todo:
            return out
        if self.extractor is None:
            self.extractor = build_extractor(Config.from_env(os.environ))  # HERALD_* as the service reads them
        bodies = self.extractor.extract_many([ExtractRequest(text=requests[i][0], date=requests[i][1]) for i in todo])
        self.misses += len(todo)
        for i, body in zip(todo, bodies, strict=True):
            if not isinstance(body, dict):  # a DocumentFailure: its gold events count as missed
                self.failures += 1
                continue
            out[i] = body
            if self.use_cache:
                CACHE_DIR.mkdir(parents=True, exist_ok=True)
                self._path(*requests[i]).write_text(json.dumps(body), encoding="utf-8")
        return out


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of the sentence (roughly: between sentence ends or blank lines) holding text[start:end]."""
    ends = [m.end() for m in re.finditer(r"[.!?][\"')]*\s+|\n\s*\n", text[:start])]
    first = ends[-1] if ends else 0
    after = re.search(r"[.!?][\"')]*(?=\s|$)|\n\s*\n", text[end:])
    return first, end + after.end() if after else len(text)


def describe(name: str, text: str, o: Outcome, body: dict[str, Any]) -> str:
    """One --show block: the gold event and date, the sentence, what came back there."""
    g = o.gold
    first, last = sentence_around(text, g.start, g.end)
    timexes = [f"{t['text']!r}={t['value']}" for t in body.get("timexes", [])
               if _overlaps(t["start"], t["end"], g.timex_start, g.timex_end)]
    lines = [f"{name} [{g.pos}] gold {g.text!r} in {g.timex_text!r} = {g.value} ({g.lid})",
             "    " + re.sub(r"\s+", " ", text[first:last]).strip()]
    if o.returned is not None:
        lines.append(f"    returned {o.returned['trigger']['text']!r} -> {_value(o.returned)}")
    else:
        near = [f"{e['trigger']['text']}={_value(e)}" for e in body.get("events", [])
                if first <= e["trigger"]["start"] < last]
        lines.append(f"    events returned in the sentence: {', '.join(near) or '-'}")
    lines.append(f"    timexes returned over the gold date: {', '.join(timexes) or '-'}")
    return "\n".join(lines)


def report(total: Score, documents: int, responses: Responses, seconds: float) -> None:
    gold = len(total.outcomes)
    found = gold - total.count("missed")
    right = total.count("right")
    pct = lambda n, d: f"{n / d:.1%}" if d else "-"  # noqa: E731
    print(f"documents: {documents}; gold dated events: {gold}; responses cached {responses.hits}, "
          f"computed {responses.misses}, failed {responses.failures}; {seconds:.0f} s")
    print(f"found (trigger overlap): {pct(found, gold)} ({found}/{gold})")
    print(f"found with the right date: {pct(right, gold)} of gold ({right}/{gold}); {pct(right, found)} of found")
    print(f"  of which equal only by notation (199X = 199, 19XX = 19, W07 = W7): "
          f"{sum(o.by_notation for o in total.outcomes)}")
    print(f"found, wrong: no date returned {total.count('no date')}, other value {total.count('other value')}")
    print("\nby gold part of speech (gold / found / right / missed):")
    by_pos: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for o in total.outcomes:
        by_pos[o.gold.pos][o.kind] += 1
    for pos, kinds in sorted(by_pos.items(), key=lambda kv: -kv[1].total()):
        n = kinds.total()
        print(f"  {pos:12s} {n:5d} {n - kinds['missed']:5d} {kinds['right']:5d} {kinds['missed']:5d}"
              f"  (missed {pct(kinds['missed'], n)})")
    print("\nfound with a date, by the date's basis (found / right / share right; "
          "service/data/weights/confidence.json):")
    by_basis: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for o in total.outcomes:
        if o.returned is not None and isinstance(o.returned.get("date"), dict):
            by_basis[o.returned["date"].get("basis", "?")][o.kind] += 1
    for basis, kinds in sorted(by_basis.items()):
        print(f"  {basis:12s} {kinds.total():5d} {kinds['right']:5d}  {pct(kinds['right'], kinds.total())}")
    dated = total.returned_dated
    print(f"\nreturned events with a date: {dated.total()}; trigger over a gold dated event "
          f"{dated['dated gold event']}, over another gold EVENT {dated['other gold event']}, "
          f"over no gold EVENT {dated['no gold event']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default_corpora = os.environ.get("HERALD_CORPORA") or str(REPO / ".." / "shared" / "corpora")
    parser.add_argument("--corpora", type=Path, default=Path(default_corpora))
    parser.add_argument("--limit", type=int, default=None, help="score only the first N documents")
    parser.add_argument("--show", type=int, default=0, help="print this many misses and wrong dates")
    parser.add_argument("--no-cache", action="store_true", help="analyse again, ignoring build/eval-cache/event-dates")
    args = parser.parse_args()

    started = time.perf_counter()
    root = args.corpora / "tempeval3" / "TBAQ-cleaned"
    files = sorted((root / "TimeBank").glob("*.tml")) + sorted((root / "AQUAINT").glob("*.tml"))
    files = files[: args.limit] if args.limit else files
    if not files:
        parser.error(f"no .tml files under {root}")
    docs = [(f.name, read_timeml(f)) for f in files]
    responses = Responses(use_cache=not args.no_cache)
    total = Score()
    shown: dict[str, list[str]] = {"missed": [], "wrong": []}
    for i in range(0, len(docs), BATCH):
        chunk = docs[i:i + BATCH]
        bodies = responses.get([(d.text, d.dct) for _, d in chunk])
        for (name, doc), body in zip(chunk, bodies, strict=True):
            result = score(doc.dated, body["events"] if body else [], doc.events.values())
            total.add(result)
            for o in result.outcomes:
                slot = shown["missed"] if o.kind == "missed" else shown["wrong"]
                if o.kind != "right" and len(slot) < args.show:
                    slot.append(describe(name, doc.text, o, body or {}))
    report(total, len(docs), responses, time.perf_counter() - started)
    for title, rows in (("missed", shown["missed"]), ("found with a wrong or no date", shown["wrong"])):
        if args.show:
            print(f"\n{title} (first {args.show}):")
            for row in rows:
                print("  " + row)


if __name__ == "__main__":
    main()
