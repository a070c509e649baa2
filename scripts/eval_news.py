"""Score herald on the real-news set in ``seeds/news/`` (gold rules: ``seeds/news/ANNOTATION.md``).

Usage::

    python -m scripts.eval_news [--split dev|test|retired|retired3|...|retired13|retired15|retired17|...|retired50|all]
                                [--url http://127.0.0.1:8000] [--errors]
    python -m scripts.eval_news --validate              # check every gold file's anchors
    python -m scripts.eval_news --split-assign          # give unsplit articles a split, once

Each article is sent with its publication date (``published``) as the request's ``date``:
to the in-process pipeline (the shipped models), or with ``--url`` to a running service's
``/v1/extract``.  ``--split`` defaults to ``dev``: the ``test`` split is scored once, after the
rules are frozen.  Figures per article, per beat and in total; ``--errors`` lists every miss.

Matching (names are compared normalised: case, a leading "the", a trailing possessive 's,
periods and spacing ignored):

- **entities** (the named types of ``NAME_TYPES``; herald's numeric types are ignored): a
  returned entity *matches* a gold one when one of its forms (name or any mention's text)
  is one of the gold forms (name or aliases).  Recall: gold entities matched by some returned
  entity of the same type; precision: returned entities matching a gold entity of their type.
  ``untyped`` figures ignore the type.  A gold entity matched by several returned entities is
  counted once in recall; each extra one counts as correct in precision and as a ``split``.
- **dated events**: a returned event whose trigger overlaps the gold trigger is *found*; it
  is *right* when its date value equals the gold date (a value with a time of day counts by its
  day: ``2021-10-08TEV`` is right for ``2021-10-08``, since the gold rules date events by day).
  *Right in its anchor* (a looser figure, printed beside it) also accepts a returned event whose
  trigger lies inside the gold anchor with the right date: the gold and herald may name one
  event by different words ("began a two-day meeting": *began* or *meeting*).  Precision:
  returned events with a date whose trigger overlaps a gold trigger, over all returned events
  with a date.
- **quotes**: a returned quote whose content covers at least half of the gold fragment is
  *found*; its *speaker is right* when the speaker's entity has a gold form of the gold
  speaker (or the speaker text equals the gold description).  Precision: returned quotes whose
  content overlaps some gold fragment, over all returned quotes.
- **boilerplate**: any returned entity mention, event trigger or quote content starting inside
  a gold boilerplate span is a *leak* (the target is zero); a gold span is *detected* when
  returned boilerplate spans cover at least half of it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import re
import sys
import time
import urllib.request
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scripts.eval_confidence import reliability
from scripts.eval_dates import same_value

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


Span = tuple[int, int]


def norm(name: str) -> str:
    """A name as compared: lower case, no leading "the", no trailing possessive, no periods."""
    name = re.sub(r"[’']s?$", "", name.strip().lower())
    name = re.sub(r"^the\s+", "", name).replace(".", "")
    return re.sub(r"\s+", " ", name).strip(" ,;:-")


def overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


@dataclass
class Tally:
    """Counts for one article or a group of them (added with ``+=``)."""

    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    errors: list[str] = field(default_factory=list)
    #: (confidence, right) of each returned entity of a name type, for the calibration line.
    confidences: list[tuple[float, bool]] = field(default_factory=list)

    def __iadd__(self, other: Tally) -> Tally:
        for key, value in other.counts.items():
            self.counts[key] += value
        self.errors.extend(other.errors)
        self.confidences.extend(other.confidences)
        return self

    def rate(self, part: str, whole: str) -> str:
        n, d = self.counts[part], self.counts[whole]
        return f"{100 * n / d:5.1f} % ({n}/{d})" if d else "    - (0/0)"


def score_article(article: dict[str, Any], body: dict[str, Any]) -> Tally:
    """Compare one response body with one article's gold (see the module docstring)."""
    tally = Tally()
    text = article["text"]
    boiler = [(anchor_span(text, b["anchor"]), b["reason"]) for b in article["boilerplate"]]
    _score_entities(article, body, tally)
    _score_events(article, body, tally)
    _score_quotes(article, body, tally)
    _score_boilerplate(text, body, boiler, tally)
    return tally


def _entity_forms(entity: dict[str, Any]) -> set[str]:
    return {norm(entity["name"]), *(norm(m["text"]) for m in entity["mentions"])} - {""}


def _score_entities(article: dict[str, Any], body: dict[str, Any], tally: Tally) -> None:
    gold = [(entity, {norm(entity["name"]), *(norm(a) for a in entity.get("aliases", []))})
            for entity in article["entities"]]
    returned = [(e, _entity_forms(e)) for e in body["entities"] if e["type"] in NAME_TYPES]
    c = tally.counts
    c["entities_gold"] += len(gold)
    c["entities_returned"] += len(returned)
    matched: set[int] = set()
    for entity, forms in returned:
        hits = [i for i, (g, gforms) in enumerate(gold) if forms & gforms]
        typed = [i for i in hits if gold[i][0]["type"] == entity["type"]]
        c["entities_correct_untyped"] += bool(hits)
        c["entities_correct"] += bool(typed)
        if entity.get("confidence") is not None:
            tally.confidences.append((entity["confidence"], bool(typed)))
        c["entities_split"] += bool(typed) and bool(set(typed) & matched)
        matched.update(typed)
        if not hits:
            tally.errors.append(f"entity not in gold: {entity['name']!r} {entity['type']}")
        elif not typed:
            tally.errors.append(f"entity mistyped: {entity['name']!r} {entity['type']} (gold "
                                f"{gold[hits[0]][0]['type']})")
    for i, (g, gforms) in enumerate(gold):
        hit = any(forms & gforms for _, forms in returned)
        c["entities_found_untyped"] += hit
        c["entities_found"] += i in matched
        if not hit:
            tally.errors.append(f"entity missed: {g['name']!r} {g['type']}")


def _score_events(article: dict[str, Any], body: dict[str, Any], tally: Tally) -> None:
    text, c = article["text"], tally.counts
    dated = [e for e in body["events"] if e["date"] is not None]
    c["events_gold"] += len(article["events"])
    c["events_returned_dated"] += len(dated)
    spans = []
    for gold in article["events"]:
        span = anchor_span(text, gold["anchor"], gold["trigger"])
        anchor = anchor_span(text, gold["anchor"])
        spans.append(span)
        hits = [e for e in body["events"] if overlap(span, (e["trigger"]["start"], e["trigger"]["end"]))]
        right = [e for e in hits if _same_day(e, gold["date"])]
        near = [e for e in body["events"]
                if anchor[0] <= e["trigger"]["start"] < anchor[1] and _same_day(e, gold["date"])]
        c["events_found"] += bool(hits)
        c["events_right"] += bool(right)
        c["events_right_in_anchor"] += bool(right or near)
        c["events_status_right"] += any(e["status"] == gold["status"] for e in right)
        for e in [e for e in hits if e["date"] is not None][:1]:
            c[f"basis date {e['date'].get('basis', '?')}"] += 1
            c[f"basis date {e['date'].get('basis', '?')} right"] += _same_day(e, gold["date"])
        if not right:
            got = ", ".join(f"{e['trigger']['text']}={e['date'] and e['date']['value']}" for e in hits) or "no event"
            tally.errors.append(f"event {gold['trigger']!r} {gold['date']}: {got}  | {gold['anchor']}")
    c["events_precise"] += sum(any(overlap(s, (e["trigger"]["start"], e["trigger"]["end"])) for s in spans)
                               for e in dated)


def _same_day(event: dict[str, Any], value: str) -> bool:
    """Whether an event's date is ``value`` (a time of day on that day counts: "2021-10-08TEV"; a
    decade or week in either notation, as eval_dates counts them: herald's "184X" is TIMEX3's "184")."""
    got = event["date"] and event["date"]["value"]
    return bool(got) and (same_value(got, value)[0] or got.split("T", 1)[0] == value and "T" not in value)


def _speaker_right(gold: dict[str, Any], quote: dict[str, Any], body: dict[str, Any],
                   gold_forms: dict[str, set[str]]) -> bool:
    speaker = quote["speaker"]
    if speaker is None:
        return False
    wanted = gold_forms.get(gold["speaker"], {norm(gold["speaker"])})
    entity = next((e for e in body["entities"] if e["id"] == speaker.get("entity")), None)
    if entity is not None and _entity_forms(entity) & wanted:
        return True
    return norm(speaker["text"]) in wanted


def _score_quotes(article: dict[str, Any], body: dict[str, Any], tally: Tally) -> None:
    text, c = article["text"], tally.counts
    gold_forms = {e["name"]: {norm(e["name"]), *(norm(a) for a in e.get("aliases", []))}
                  for e in article["entities"]}
    c["quotes_gold"] += len(article["quotes"])
    c["quotes_returned"] += len(body["quotes"])
    spans = []
    for gold in article["quotes"]:
        span = anchor_span(text, gold["anchor"], gold["fragment"])
        spans.append(span)
        hits = [q for q in body["quotes"]
                if 2 * overlap(span, (q["content"]["start"], q["content"]["end"])) >= span[1] - span[0]]
        right = [q for q in hits if _speaker_right(gold, q, body, gold_forms)]
        c["quotes_found"] += bool(hits)
        c["quotes_speaker_right"] += bool(right)
        c["quotes_kind_right"] += any(q["kind"] == gold["kind"] for q in hits)
        for q in hits[:1]:
            if q["speaker"] is not None:
                c[f"basis speaker {q['speaker'].get('basis', '?')}"] += 1
                c[f"basis speaker {q['speaker'].get('basis', '?')} right"] += _speaker_right(gold, q, body, gold_forms)
        if not hits:
            tally.errors.append(f"quote missed ({gold['kind']}, {gold['speaker']}): {gold['fragment']!r}")
        elif not right:
            said = ", ".join(repr(q["speaker"] and q["speaker"]["text"]) for q in hits)
            tally.errors.append(f"quote speaker {said}, gold {gold['speaker']!r}: {gold['fragment']!r}")
    for q in body["quotes"]:
        if any(overlap(s, (q["content"]["start"], q["content"]["end"])) for s in spans):
            c["quotes_precise"] += 1
        else:
            tally.errors.append(f"quote not in gold ({q['kind']}, {q['speaker'] and q['speaker']['text']!r}): "
                                f"{q['content']['text'][:70]!r}")


def _score_boilerplate(body_text: str, body: dict[str, Any], boiler: Sequence[tuple[Span, str]],
                       tally: Tally) -> None:
    c = tally.counts
    starts = [(m["start"], f"entity {m['text']!r}") for e in body["entities"] if e["type"] in NAME_TYPES
              for m in e["mentions"]]
    starts += [(e["trigger"]["start"], f"event {e['trigger']['text']!r}") for e in body["events"]]
    starts += [(q["content"]["start"], f"quote {q['content']['text'][:40]!r}") for q in body["quotes"]]
    returned = [(b["start"], b["end"]) for b in body["boilerplate"]]
    for span, reason in boiler:
        c["boilerplate_gold"] += 1
        covered = sum(overlap(span, r) for r in returned)
        detected = 2 * covered >= span[1] - span[0]
        c["boilerplate_detected"] += detected
        if not detected:
            tally.errors.append(f"boilerplate missed ({reason}): {body_text[span[0]:span[1]][:90]!r}")
        for start, what in starts:
            if span[0] <= start < span[1]:
                c["boilerplate_leaks"] += 1
                tally.errors.append(f"leak from {reason}: {what}")


def responses(articles: Sequence[dict[str, Any]], url: str | None) -> list[dict[str, Any]]:
    """herald's response for each article, with its publication date as the request date."""
    if url is not None:
        return [_post(url, a) for a in articles]
    from service.config import Config
    from service.extract import ExtractRequest, build_extractor

    extractor = build_extractor(Config.from_env(os.environ))  # HERALD_* as the service reads them
    requests = [ExtractRequest(text=a["text"], date=dt.date.fromisoformat(a["published"])) for a in articles]
    out: list[dict[str, Any]] = []
    started = time.perf_counter()
    for i in range(0, len(requests), 8):
        for body in extractor.extract_many(requests[i:i + 8]):
            if not isinstance(body, dict):
                raise RuntimeError(f"extraction failed: {body}")
            out.append(body)
    # Models loaded before the clock starts: the extraction's own time (compare commits in one sitting).
    print(f"extraction: {time.perf_counter() - started:.2f} s for {len(articles)} articles "
          f"({sum(len(a['text'].split()) for a in articles):,} words)")
    return out


def _post(url: str, article: dict[str, Any]) -> dict[str, Any]:
    data = json.dumps({"text": article["text"], "date": article["published"]}).encode()
    request = urllib.request.Request(url.rstrip("/") + "/v1/extract", data=data,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 - a URL the user gives
        return json.loads(response.read())


def report(articles: Sequence[dict[str, Any]], tallies: Sequence[Tally], show_errors: bool) -> Tally:
    """Print the per-article lines, per-beat and total figures; return the total."""
    total, beats = Tally(), defaultdict(Tally)
    print(f"{'article':44} {'ent R':>6} {'ent P':>6} {'ev ok':>6} {'q spk':>6} leaks")
    for article, tally in zip(articles, tallies, strict=True):
        c = tally.counts
        print(f"{article['id'][:44]:44} {_pct(c['entities_found'], c['entities_gold']):>6} "
              f"{_pct(c['entities_correct'], c['entities_returned']):>6} "
              f"{c['events_right']:>3}/{c['events_gold']:<2} {c['quotes_speaker_right']:>3}/{c['quotes_gold']:<2} "
              f"{c['boilerplate_leaks']}")
        if show_errors:
            for error in tally.errors:
                print(f"    {error}")
        total += tally
        beats[article["beat"]] += tally
    print()
    for name, tally in [*sorted(beats.items()), ("TOTAL", total)]:
        print(f"{name}: {summary(tally)}")
    print(f"entity confidence: {calibration(total.confidences)}")
    print("found with a speaker or date, by its basis (service/data/weights/confidence.json):")
    for key in sorted(k for k in total.counts if k.startswith("basis ") and not k.endswith(" right")):
        print(f"  {key[6:]:24} right {total.rate(key + ' right', key)}")
    return total


def calibration(points: Sequence[tuple[float, bool]], bins: int = 5) -> str:
    """Mean confidence vs share right of the returned entities, per equal-width bin, and the ECE."""
    if not points:
        return "-"
    rows, ece = reliability(points, bins)
    parts = [f"{low:.1f}-{low + 1 / bins:.1f}: {size} at {mean:.2f}, right {right:.2f}"
             for low, size, mean, right in rows]
    return f"{'; '.join(parts)}; ECE {ece:.3f} over {len(points)}"


def _pct(n: int, d: int) -> str:
    return f"{100 * n / d:.0f}%" if d else "-"


def summary(t: Tally) -> str:
    return (f"entities recall {t.rate('entities_found', 'entities_gold')}, precision "
            f"{t.rate('entities_correct', 'entities_returned')} (untyped: recall "
            f"{t.rate('entities_found_untyped', 'entities_gold')}, precision "
            f"{t.rate('entities_correct_untyped', 'entities_returned')}; splits {t.counts['entities_split']}); "
            f"dated events found {t.rate('events_found', 'events_gold')}, right date "
            f"{t.rate('events_right', 'events_gold')} "
            f"(in its anchor {t.rate('events_right_in_anchor', 'events_gold')}), "
            f"status right {t.rate('events_status_right', 'events_gold')}, "
            f"precision {t.rate('events_precise', 'events_returned_dated')}; "
            f"quotes found {t.rate('quotes_found', 'quotes_gold')}, speaker right "
            f"{t.rate('quotes_speaker_right', 'quotes_gold')}, "
            f"kind right {t.rate('quotes_kind_right', 'quotes_gold')}, "
            f"precision {t.rate('quotes_precise', 'quotes_returned')}; boilerplate detected "
            f"{t.rate('boilerplate_detected', 'boilerplate_gold')}, leaks {t.counts['boilerplate_leaks']}")


def select(articles: Iterable[dict[str, Any]], split: str) -> list[dict[str, Any]]:
    """The articles of one split.

    ``retired`` is the part of ``dev`` that was once a test split (scored up to three times, then
    moved to dev; README, "Splits"); ``retired3`` to ``retired50`` are the groups retired at the
    start of round 3 (the first test split: 20 articles between n006 and n062), of round 5
    (n065-n088), of round 6 (n089-n112), of round 7 (n113-n136), of round 8 (n137-n160), of
    round 9 (n161-n184), of round 10 (n185-n208), of round 11 (n209-n232), of round 12 (n233-n255),
    of round 13 (n256-n279), of round 15 (n280-n303; round 14 kept its test split), of round 17
    (n304-n327; round 16 kept its test split), of round 18 (n328-n351), of round 19 (n352-n375),
    of round 20 (n376-n399), of round 21 (n400-n423), of round 22 (n424-n447), of round 23 (n448-n471),
    of round 24 (n472-n495), of round 25 (n496-n519), of round 26 (n520-n543), of round 27
    (n544-n567), of round 28 (n568-n591), of round 29 (n592-n615), of round 30 (n616-n639),
    of round 31 (n640-n663), of round 32 (n664-n687), of round 33 (n688-n711), of round 34 (n712-n735),
    of round 35 (n736-n759), of round 36 (n760-n783), of round 37 (n784-n807), of round 38 (n808-n831)
    of round 39 (n832-n855), of round 40 (n856-n879), of round 41 (n880-n903), of round 42 (n904-n927),
    of round 43 (n928-n951), of round 44 (n952-n975),
    of round 45 (n976-n999), of round 46 (n1000-n1023), of round 47 (n1024-n1047),
    of round 48 (n1048-n1071), of round 49 (n1072-n1095) and of round 50 (n1096-n1119).
    """
    if split == "retired":
        return [a for a in articles if a.get("retired_test")]
    if split.startswith("retired"):
        return [a for a in articles if a.get("retired_test") and f"retired{a.get('retired_round')}" == split]
    return [a for a in articles if split == "all" or a.get("split") == split]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", type=Path, default=NEWS_DIR)
    parser.add_argument("--validate", action="store_true")
    parser.add_argument("--split-assign", action="store_true")
    parser.add_argument("--split", default="dev",
                        choices=("dev", "test", "retired", "retired3", "retired5", "retired6", "retired7", "retired8",
                                 "retired9", "retired10", "retired11", "retired12", "retired13", "retired15",
                                 "retired17", "retired18", "retired19", "retired20", "retired21", "retired22",
                                 "retired23", "retired24", "retired25", "retired26", "retired27",
                                 "retired28", "retired29", "retired30", "retired31", "retired32", "retired33",
                                 "retired34", "retired35", "retired36", "retired37", "retired38", "retired39",
                                 "retired40", "retired41", "retired42", "retired43", "retired44",
                                 "retired45", "retired46", "retired47", "retired48",
                                 "retired49", "retired50", "all"))
    parser.add_argument("--url", help="score a running service (its base URL) instead of the in-process pipeline")
    parser.add_argument("--errors", action="store_true", help="list every miss under its article")
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
    chosen = select(articles, args.split)
    bodies = responses(chosen, args.url)
    report(chosen, [score_article(a, b) for a, b in zip(chosen, bodies, strict=True)], args.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
