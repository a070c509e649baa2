"""Stage 1, text cleaning: find the date header, boilerplate and the paragraphs to analyse.

Input: the submitted text.  Output: :class:`CleanText` with the header's date, the
boilerplate spans (reported to the user, never analysed) and the paragraph spans that
the NLP stage reads.  Nothing is rewritten: every span indexes the submitted text.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

# `date 2025-02-17` at the very start of the text: the format of the files in seeds/.
HEADER = re.compile(r"\A\s*date[ \t]+(\d{4}-\d{2}-\d{2})\b[ \t]*:?", re.IGNORECASE)
LINE = re.compile(r"[^\r\n\u2028\u2029]+")


@dataclass(frozen=True)
class Boilerplate:
    start: int
    end: int
    reason: str


@dataclass(frozen=True)
class CleanText:
    header_date: dt.date | None
    header_end: int  # offset where the article proper starts (0 without a header)
    paragraphs: tuple[tuple[int, int], ...]
    boilerplate: tuple[Boilerplate, ...]


@cache
def _patterns() -> tuple[list[tuple[re.Pattern[str], str]], list[tuple[re.Pattern[str], str]]]:
    data = json.loads(resources.files("service.data").joinpath("boilerplate.json").read_text(encoding="utf-8"))

    def compile_all(key: str) -> list[tuple[re.Pattern[str], str]]:
        return [(re.compile(item["pattern"], re.IGNORECASE), item["reason"]) for item in data[key]]

    return compile_all("trailing"), compile_all("line")


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def clean(text: str) -> CleanText:
    """Split ``text`` into analysable paragraphs (one per line) and boilerplate."""
    header_date: dt.date | None = None
    header_end = 0
    match = HEADER.match(text)
    if match:
        try:
            header_date = dt.date.fromisoformat(match.group(1))
            header_end = match.end()
        except ValueError:
            header_date = None  # an impossible date is article text, not a header

    trailing, single = _patterns()
    paragraphs: list[tuple[int, int]] = []
    boilerplate: list[Boilerplate] = []
    for m in LINE.finditer(text, header_end):
        start, end = _stripped(text, m.start(), m.end())
        if start == end:
            continue
        line = text[start:end]
        reason = next((r for p, r in trailing if p.match(line)), None)
        if reason is not None and paragraphs:
            # An appeal appended after the story: everything from here on is not article text.
            end_all = _stripped(text, start, len(text))[1]
            boilerplate.append(Boilerplate(start, end_all, reason))
            break
        reason = next((r for p, r in single if p.match(line)), None)
        if reason is not None:
            boilerplate.append(Boilerplate(start, end, reason))
            continue
        paragraphs.append((start, end))
    return CleanText(header_date, header_end, tuple(paragraphs), tuple(boilerplate))


#: Where a long paragraph may be cut, best first: after a sentence end, then at any whitespace.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s)")
_SPACE = re.compile(r"\s")


def _cut(text: str, floor: int, ceiling: int) -> int:
    """The best cut point in ``text[floor:ceiling]``, or ``ceiling`` when there is none."""
    ends = list(_SENTENCE_END.finditer(text, floor, ceiling))
    if ends:
        return ends[-1].end()
    spaces = list(_SPACE.finditer(text, floor, ceiling))
    return spaces[-1].start() if spaces else ceiling


def bounded_chunks(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """Cut ``text[start:end]`` into ranges of at most ``limit`` characters for the NLP stage.

    A paragraph of a 100,000-character article without line breaks would otherwise reach the
    models as one unit (memory and latency grow with it).  A cut falls after the last sentence
    end in the second half of a window, else at its last whitespace, else hard at ``limit``.
    The ranges cover the paragraph in order and only whitespace is dropped between them, so
    offsets into ``text`` stay exact.
    """
    chunks: list[tuple[int, int]] = []
    while end - start > limit:
        stop = _cut(text, start + limit // 2, start + limit)
        chunks.append(_stripped(text, start, stop))
        start = stop
    chunks.append(_stripped(text, start, end))
    return [(s, e) for s, e in chunks if e > s]
