"""Time the extraction stages alone (no NLP) on hostile inputs: ``python -m scripts.profile_stages``.

The request budget is only worth something if every stage after the NLP runs in about linear
time; this script shows how each stage grows with its input.  It works in two steps:

1. Annotate each input once with the real models (``clean`` + ``bounded_chunks`` + ``nlp.annotate``,
   grouped as :class:`~service.extract.ExtractionPipeline` does) and pickle the sentences (as
   plain tuples) to ``--cache``.  Stanza takes minutes on 100,000 characters of odd text (and GBs on a run of
   quotation marks), so a periodic input is annotated on a short unit of whole periods and the
   unit's sentences are replicated with shifted offsets.  Chunk boundaries then differ slightly
   from a real request's; the stages see the same kind of sentences.
2. Run ``ExtractionPipeline._document`` (the real stage calls) on the full input and on 1/2,
   1/4... of it, and print each stage's seconds, the growth from N/2 to N (about 2 when
   linear, 4 when quadratic) and the response size (compact JSON bytes / input bytes).

A run that passes ``--limit`` seconds is stopped (SIGALRM) and shown as ``>limit``; smaller
sizes still give the growth.  ``--only NAME`` picks inputs, ``--sizes K`` how many halvings;
``--dump DIR`` writes each response, so that two versions of the stages can be compared
(run the script in each checkout with the same ``--cache``, then ``cmp`` the files).
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import inspect
import json
import pickle
import signal
import time
from dataclasses import astuple, dataclass
from pathlib import Path
from types import FrameType
from typing import Any

from service.deadline import NO_DEADLINE
from service.extract import CHUNK_CHARS, GROUP_CHARS, ExtractionPipeline, _groups
from service.extract.cleaning import bounded_chunks, clean
from service.extract.contract import ExtractRequest
from service.nlp.records import Sentence, Token, Word

STAGES = ("entities", "timexes", "quotes", "events")
SEED = Path("seeds/000_213a62ba50b0ddfd.txt")


@dataclass(frozen=True)
class Input:
    """``period * repeats``; the NLP sees ``period * unit`` with ``unit`` dividing ``repeats``."""

    name: str
    period: str
    repeats: int
    nlp_cap: int = 5_000  # most characters annotated for real
    anchor: dt.date | None = None

    @property
    def unit(self) -> int:
        most = max(1, self.nlp_cap // len(self.period))
        return max(d for d in range(1, min(most, self.repeats) + 1) if self.repeats % d == 0)


def inputs() -> list[Input]:
    seed = SEED.read_text(encoding="utf-8")
    paragraphs = clean(seed).paragraphs
    article = seed[paragraphs[0][0]:paragraphs[-1][1]] + "\n"  # no date header, no donation appeal
    letters = "".join(chr(ord("a") + i % 26) + "\n" for i in range(26))
    return [
        Input("lines_a", "a\n", 50_000),
        Input("quoted_ab_lines", '"ab"\n', 20_000),
        Input("quote_marks", '"', 20_000, nlp_cap=1_000),  # the parser's memory grows with the square
        Input("he_said_x", 'He said "x". ', 8_000),
        Input("monday", "Monday. ", 12_000),
        Input("monday_commas", "Monday, ", 12_000),  # long sentences full of dates
        Input("smith_jones", "John Smith met Bob Jones. ", 4_000),
        Input("names_commas", "John Smith, ", 8_000),  # long sentences full of names
        Input("curly_quotes", "\u201c" + "word " * 30 + "\u201d said Smith.\n", 500),
        Input("quoted_words", '"a" ', 25_000, nlp_cap=1_000),  # one paragraph of many short quotes
        Input("said_that", "He said that ", 7_000),  # one chain of reports per chunk
        Input("said_monday_that", "He said Monday that ", 5_000),
        Input("quote_he_said", '"ab," he said, ', 6_000),  # long sentences of attributed quotes
        Input("one_cue_many_quotes", "He said " + '"ab", ' * 600 + "she said.\n", 20),  # one cue, 600 quotes
        Input("smith_he_said", "John Smith said he would go. ", 3_400),  # pronouns after names
        Input("no_spaces", "abcdefghij", 10_000),
        Input("one_char_lines", letters, 10_000 // 26 + 1),
        Input("seed", seed, 1, nlp_cap=len(seed)),
        Input("article_x16", article, 16, nlp_cap=len(article), anchor=dt.date(2025, 2, 17)),
    ]


def annotate(nlp: Any, text: str) -> list[Sentence]:
    """The pipeline's NLP step for one document: paragraphs, bounded chunks, grouped calls."""
    cleaned = clean(text)
    texts: list[str] = []
    owners: list[tuple[int, int]] = []
    for p, (start, end) in enumerate(cleaned.paragraphs):
        for chunk_start, chunk_end in bounded_chunks(text, start, end, CHUNK_CHARS):
            texts.append(text[chunk_start:chunk_end])
            owners.append((p, chunk_start))
    annotated: list[list[Sentence]] = []
    for group in _groups(texts, GROUP_CHARS):
        annotated.extend(nlp.annotate([texts[i] for i in group]))
    out: list[Sentence] = []
    for (p, offset), sentences in zip(owners, annotated, strict=True):
        for sent in sentences:
            sent.shift(offset)
            sent.paragraph = p
            sent.index = len(out)
            out.append(sent)
    return out


def replicate(unit: list[Sentence], unit_chars: int, copies: int, text: str) -> list[Sentence]:
    """``copies`` shifted copies of a unit's sentences, numbered and placed in ``text``'s paragraphs."""
    starts = [s for s, _ in clean(text).paragraphs]
    blob = freeze(unit)
    out: list[Sentence] = []
    for copy in range(copies):
        for sent in thaw(blob):
            sent.shift(copy * unit_chars)
            sent.paragraph = max(0, bisect.bisect_right(starts, sent.start) - 1)
            sent.index = len(out)
            out.append(sent)
    return out


def freeze(sentences: list[Sentence]) -> bytes:
    """Sentences as plain tuples: a cache that outlives changes to Sentence's private fields."""
    return pickle.dumps([([astuple(w) for w in s.words], [astuple(t) for t in s.tokens], s.start, s.end,
                          s.paragraph, s.index) for s in sentences])


def thaw(blob: bytes) -> list[Sentence]:
    return [Sentence(words=tuple(Word(*w) for w in words), tokens=tuple(Token(*t) for t in tokens), start=start,
                     end=end, paragraph=paragraph, index=index)
            for words, tokens, start, end, paragraph, index in pickle.loads(blob)]


def unit_sentences(item: Input, cache: Path, nlp_factory: Any) -> list[Sentence]:
    path = cache / f"{item.name}.{item.unit}.tuples.pkl"
    if path.exists():
        return thaw(path.read_bytes())
    started = time.perf_counter()
    sentences = annotate(nlp_factory(), item.period * item.unit)
    path.write_bytes(freeze(sentences))
    print(f"# annotated {item.name}: {len(item.period) * item.unit} chars, {len(sentences)} sentences "
          f"in {time.perf_counter() - started:.1f} s", flush=True)
    return sentences


class _Timeout(Exception):
    pass


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise _Timeout


def run_stages(text: str, anchor: dt.date | None, sentences: list[Sentence], limit: float,
               dump: Path | None = None) -> tuple[dict[str, float], int | None]:
    """Stage seconds and the compact JSON size of the response (None when stopped at ``limit``);
    ``dump``: also write the response there, to compare two versions of the stages."""
    pipeline = ExtractionPipeline(nlp=None, model={"name": "profile", "version": "0", "processors": []})  # type: ignore[arg-type]
    timings: dict[str, float] = {}
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        call: list[Any] = [ExtractRequest(text=text, date=anchor), clean(text), sentences, 0.0, timings]
        if "deadline" in inspect.signature(pipeline._document).parameters:
            call.append(NO_DEADLINE)  # also runs on a checkout from before the stages took one
        body = pipeline._document(*call)
    except _Timeout:
        return timings, None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    # Flask's jsonify outside debug mode: compact separators, ASCII escapes.
    compact = json.dumps(body, separators=(",", ":"))
    if dump is not None:
        dump.write_text(compact, encoding="utf-8")
    return timings, len(compact.encode())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/herald_profile"))
    parser.add_argument("--only", action="append", help="input name (repeatable); default all")
    parser.add_argument("--sizes", type=int, default=3, help="also run on 1/2, 1/4... of each input")
    parser.add_argument("--limit", type=float, default=60.0, help="seconds before a run is stopped")
    parser.add_argument("--threads", type=int, default=1, help="torch threads for the annotation step")
    parser.add_argument("--dump", type=Path, help="write each response to DIR/<input>.<chars>.json")
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    if args.dump:
        args.dump.mkdir(parents=True, exist_ok=True)

    nlp: list[Any] = []

    def nlp_factory() -> Any:
        if not nlp:
            from service.nlp import StanzaNlp, default_models_dir

            nlp.append(StanzaNlp(default_models_dir(), torch_threads=args.threads))
        return nlp[0]

    print(f"{'input':<16} {'chars':>7} {'sents':>6} " + " ".join(f"{s:>9}" for s in STAGES)
          + f" {'total':>9} {'growth':>6} {'resp/in':>7}", flush=True)
    for item in inputs():
        if args.only and item.name not in args.only:
            continue
        unit = unit_sentences(item, args.cache, nlp_factory)
        copies_all = item.repeats // item.unit
        sizes = sorted({max(1, copies_all >> k) for k in range(args.sizes)})
        previous: float | None = None
        stopped = False
        for copies in sizes:
            text = item.period * (item.unit * copies)
            if stopped:
                print(f"{item.name:<16} {len(text):>7} skipped (a smaller size passed the limit)", flush=True)
                continue
            sentences = replicate(unit, len(item.period) * item.unit, copies, text)
            dump = args.dump / f"{item.name}.{len(text)}.json" if args.dump else None
            timings, size = run_stages(text, item.anchor, sentences, args.limit, dump)
            total = sum(timings.get(s, 0.0) for s in STAGES)
            cells = [f"{timings[s]:>9.3f}" if s in timings else f"{'-':>9}" for s in STAGES]
            growth = f"{total / previous:>6.1f}" if previous and size is not None else f"{'':>6}"
            ratio = f"{size / len(text.encode()):>7.2f}" if size is not None else f">{args.limit:>6.0f}s"
            print(f"{item.name:<16} {len(text):>7} {len(sentences):>6} {' '.join(cells)} {total:>9.3f} "
                  f"{growth} {ratio}", flush=True)
            previous = total if size is not None and total > 0 else None
            stopped = size is None


if __name__ == "__main__":
    main()
