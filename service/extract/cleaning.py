"""Stage 1, text cleaning: find the date header, boilerplate and the paragraphs to analyse.

Input: the submitted text.  Output: :class:`CleanText` with the header's date, the
boilerplate spans (reported to the user, never analysed) and the paragraph spans that
the NLP stage reads.  Nothing is rewritten: every span indexes the submitted text.

A "trailing" line (a donation appeal's "Dear readers,") drops everything after it only where
it really ends the article: the rest must be short, in characters, share of the article and
lines (:class:`TrailingLimits`), so that the phrase in the middle of a story cuts nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from service.extract.lexicons import load_lexicons

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


@dataclass(frozen=True)
class TrailingLimits:
    """How short the block from a trailing line to the end must be for it to be cut as boilerplate.

    Appeals and sign-ups are appended after the story as a few short paragraphs; a line that
    merely looks like one ("Dear readers," quoting a letter) can sit anywhere.  The block must
    be at most ``max_tail_share`` of the article's characters (it starts in the article's last
    part), at most ``max_tail_chars`` characters and at most ``max_tail_lines`` non-empty lines.
    The values, and why, are in ``service/data/boilerplate.json``.
    """

    max_tail_share: float
    max_tail_chars: int
    max_tail_lines: int

    def allow(self, tail_chars: int, article_chars: int, tail_lines: int) -> bool:
        return (tail_chars <= self.max_tail_share * article_chars and tail_chars <= self.max_tail_chars
                and tail_lines <= self.max_tail_lines)


Patterns = tuple[tuple[re.Pattern[str], str], ...]


def _rules() -> tuple[Patterns, Patterns, TrailingLimits]:
    """The patterns (compiled case-insensitive by the loader) and limits of boilerplate.json."""
    rules = load_lexicons().boilerplate
    return rules.trailing, rules.line, TrailingLimits(rules.max_tail_share, rules.max_tail_chars, rules.max_tail_lines)


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

    trailing, single, limits = _rules()
    spans = (_stripped(text, m.start(), m.end()) for m in LINE.finditer(text, header_end))
    lines = [(start, end) for start, end in spans if end > start]
    article_start, article_end = _stripped(text, header_end, len(text))
    paragraphs: list[tuple[int, int]] = []
    boilerplate: list[Boilerplate] = []
    for i, (start, end) in enumerate(lines):
        line = text[start:end]
        reason = next((r for p, r in trailing if p.match(line)), None)
        if reason is not None and paragraphs and limits.allow(
                article_end - start, article_end - article_start, len(lines) - i):
            # An appeal appended after the story: everything from here on is not article text.
            boilerplate.append(Boilerplate(start, article_end, reason))
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
