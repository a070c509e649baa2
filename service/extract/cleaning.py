"""Stage 1, text cleaning: find the date header, boilerplate and the paragraphs to analyse.

Input: the submitted text.  Output: :class:`CleanText` with the header's date, the
boilerplate spans (reported to the user, never analysed) and the paragraph spans that
the NLP stage reads.  Nothing is rewritten: every span indexes the submitted text.

A "trailing" line (a donation appeal's "Dear readers,") drops everything after it only where
it really ends the article: the rest must be short, in characters, share of the article and
lines (:class:`TrailingLimits`), so that the phrase in the middle of a story cuts nothing.

After the rules, a line classifier learned from the news set's gold
(:mod:`service.extract.line_classifier`) judges each whole line they left in: the furniture,
bylines and captions of outlets whose wording no rule names.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from itertools import pairwise

from service.extract.lexicons import load_lexicons
from service.extract.line_classifier import classify_lines

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
    # Boilerplate inside a paragraph ("(NYSE: JCP)"): reported, and blanked in the text the models read
    # (spaces of the same length, so that every offset stays the submitted text's).
    blanked: tuple[tuple[int, int], ...] = ()


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


def _rules() -> tuple[Patterns, Patterns, Patterns, TrailingLimits, int]:
    """The patterns (``trailing`` and ``line`` compiled case-insensitive by the loader,
    ``prefix`` case-sensitive) and limits of boilerplate.json."""
    rules = load_lexicons().boilerplate
    limits = TrailingLimits(rules.max_tail_share, rules.max_tail_chars, rules.max_tail_lines)
    return rules.trailing, rules.line, rules.prefix, limits, rules.body_paragraph_chars


#: The characters pages set list bullets with (the quote stage keeps them out of a speaker too).
BULLETS = "•·▪●◦‣"
#: A list bullet opening a line: a ``line`` rule is also tried on the rest of the line.
LIST_BULLET = re.compile(rf"[{BULLETS}]\s*")
#: A link of a bulleted list of links (``link_list``): "* Headline", "• Headline", "- Headline".
LINK_BULLET = re.compile(rf"[*{BULLETS}–-]\s+\S")
#: A bullet on a line of its own, the link or teaser on the line under it.
LONE_BULLET = re.compile(rf"[*{BULLETS}–—-]")
#: A byline's second line: at most five capitalised words ("The Herald-Mail", "Staff Writer").
BYLINE_TAIL = re.compile(r"[A-Z][\w&.'’-]*(?: (?:of |the |and |& )?[A-Z][\w&.'’-]*){0,4}")
#: Stripped from the credit appended to a caption's second copy ("... City. Spencer Platt/Getty Images").
CREDIT_TAIL_PUNCTUATION = " .,;:-–—|"
#: The reason of the lines whose caption sits on the line above (see ``caption_limits``).
PHOTO_CREDIT = "photo credit"


def stripped(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without the whitespace at either end."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def article_lines(text: str, start: int = 0) -> list[tuple[int, int]]:
    """The stripped, non-empty lines of ``text`` from ``start``: the units the boilerplate stage judges."""
    spans = (stripped(text, m.start(), m.end()) for m in LINE.finditer(text, start))
    return [(begin, end) for begin, end in spans if end > begin]


def clean(text: str, *, learned: bool = True) -> CleanText:
    """Split ``text`` into analysable paragraphs (one per line) and boilerplate.

    With ``learned`` (the default), the line classifier (:mod:`service.extract.line_classifier`)
    then judges the whole lines the rules left in; without it, the rules alone (its training
    compares against them).
    """
    header_date: dt.date | None = None
    header_end = 0
    match = HEADER.match(text)
    if match:
        try:
            header_date = dt.date.fromisoformat(match.group(1))
            header_end = match.end()
        except ValueError:
            header_date = None  # an impossible date is article text, not a header

    trailing, single, prefixes, limits, body_chars = _rules()
    dateline_window = load_lexicons().boilerplate.dateline_paragraphs
    credited = load_lexicons().boilerplate.credited_dateline  # a dateline wherever it opens a paragraph
    masthead = load_lexicons().boilerplate.masthead  # line rules above the story only
    links: int | None = None  # end of the link-list header (or link) just above, if any
    lines = article_lines(text, header_end)
    gallery = _gallery_captions(text, lines)
    article_start, article_end = stripped(text, header_end, len(text))
    paragraphs: list[tuple[int, int]] = []
    boilerplate: list[Boilerplate] = []
    body_started = False
    after_body = 0  # analysed paragraphs (not labels) since the first story-length one
    dateline_found = False
    for i, (start, end) in enumerate(lines):
        line = text[start:end]
        reason = next((r for p, r in trailing if p.match(line)), None)
        if reason is not None and paragraphs and limits.allow(
                article_end - start, article_end - article_start, len(lines) - i):
            # An appeal appended after the story: everything from here on is not article text.
            boilerplate.append(Boilerplate(start, article_end, reason))
            break
        single_rules = single if body_started else single + masthead
        handled, links = _furniture(text, start, end, single_rules, links, paragraphs, boilerplate, gallery)
        if handled:
            continue
        # A dateline opens the story's first paragraph, never a later one, unless it is a line of its own;
        # a standfirst or a teaser above the story can be as long as a paragraph, so the paragraph right
        # after the first long one may still open with a short one ("CAIRO --"; ``prefix_limits``).
        # So too a short one under a line that is no sentence (a roundup's next headline or score, a
        # timestamp): a new story starts there, where a run-in subhead follows the story's own sentences.
        below_lead = body_started and after_body < dateline_window and not dateline_found
        under_heading = body_started and i > 0 and _story_under_heading(text, lines[i - 1], start, end)
        probe = latin_capitals(line)
        has_credit = credited.match(probe) is not None
        if not body_started or below_lead or under_heading or has_credit or _whole_dateline(probe, prefixes):
            cut = _after_prefix(text, start, end, probe, prefixes, boilerplate, paragraphs,
                                short_only=below_lead or (under_heading and not has_credit))
            dateline_found = dateline_found or cut != start
            start = cut
        if body_started and len(text[start:end].split()) >= LABEL_WORDS:
            after_body += 1  # (a short label between them, "FULL TEXT.", does not count)
        if not body_started and end - start >= body_chars:
            body_started = True
            _menu_above(text, paragraphs, boilerplate)
        if start < end:
            paragraphs.append((start, end))
    paragraphs = _captions_printed_twice(text, paragraphs, boilerplate)
    paragraphs = _without_page_title(text, paragraphs, boilerplate)
    wrapped = _wrapped(text, paragraphs)
    paragraphs = _learned_lines(text, lines, paragraphs, boilerplate, wrapped) if learned else paragraphs
    paragraphs = _unwrapped(text, paragraphs, wrapped)
    inline = _inline(text, paragraphs)
    boilerplate.extend(inline)
    boilerplate.sort(key=lambda item: item.start)
    return CleanText(header_date, header_end, tuple(paragraphs), tuple(boilerplate),
                     tuple((item.start, item.end) for item in inline))


def _gallery_captions(text: str, lines: list[tuple[int, int]]) -> set[int]:
    """The starts of the ``lines`` that a photo gallery's captions are: lines opened by the same
    photographer's credit ("Kelsey Walling/Tribune-Herald A community member asks ...", five times
    over), at least ``gallery_min_lines`` of them, none longer than a caption.  One such line alone
    may be a sentence ("Port Authority/PATH Trains will run ..."); a credit repeated line after line
    is a gallery's."""
    rules = load_lexicons().boilerplate
    by_credit: dict[str, list[int]] = {}
    for start, end in lines:
        match = rules.gallery_credit.match(text[start:end])
        if match is not None and end - start <= rules.caption_max_chars:
            by_credit.setdefault(match.group(), []).append(start)
    return {start for found in by_credit.values() if len(found) >= rules.gallery_min_lines for start in found}


def _learned_lines(text: str, lines: list[tuple[int, int]], paragraphs: list[tuple[int, int]],
                   boilerplate: list[Boilerplate], wrapped: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """``paragraphs`` less the whole lines the line classifier takes for boilerplate (added to
    ``boilerplate``); never a ``wrapped`` line, whose sentence goes on below it ("Republicans Jerre")."""
    index = {span: i for i, span in enumerate(lines)}
    candidates = [index[p] for p in paragraphs if p in index and p not in wrapped]
    found = classify_lines(text, lines, candidates)
    if not found:
        return paragraphs
    boilerplate.extend(Boilerplate(*lines[i], reason) for i, reason in found.items())
    taken = {lines[i] for i in found}
    return [p for p in paragraphs if p not in taken]


def _inline(text: str, paragraphs: list[tuple[int, int]]) -> list[Boilerplate]:
    """Boilerplate inside the analysed paragraphs (``inline`` of boilerplate.json: a stock ticker
    after a company's name, "J.C. Penney Co. (NYSE: JCP)")."""
    rules = load_lexicons().boilerplate.inline
    found = sorted((Boilerplate(m.start(), m.end(), reason) for start, end in paragraphs for pattern, reason in rules
                    for m in pattern.finditer(text, start, end)), key=lambda b: (b.start, -b.end))
    # Sorted and disjoint, as analysed_text reads them: one paragraph may hold spans of several
    # rules ("[Paulson article]" and "AP has more."), and two rules may match one span.
    spans: list[Boilerplate] = []
    for b in found:
        if not spans or b.start >= spans[-1].end:
            spans.append(b)
    return spans


def analysed_text(text: str, start: int, end: int, blanked: Sequence[tuple[int, int]]) -> str:
    """``text[start:end]`` as the models read it: the inline boilerplate in it (``blanked``, sorted
    and disjoint) blanked with spaces."""
    first = bisect.bisect_right(blanked, (start, start)) - 1  # a span may begin before the piece
    parts, at = [], start
    for b_start, b_end in blanked[max(first, 0):]:
        if b_start >= end:
            break
        if b_end <= at:
            continue
        parts += [text[at:max(b_start, at)], " " * (min(b_end, end) - max(b_start, at))]
        at = min(b_end, end)
    parts.append(text[at:end])
    return "".join(parts)


def _single_line(text: str, start: int, end: int, single: Patterns, paragraphs: list[tuple[int, int]],
                 boilerplate: list[Boilerplate]) -> bool:
    """Whether a ``line`` rule makes ``text[start:end]`` boilerplate (then reported, with the
    caption above it if it is a photo credit)."""
    line = text[start:end]  # ("^" matches only at the start of the string it is given)
    reason = next((r for p, r in single if p.match(line)), None)
    bullet = LIST_BULLET.match(line) if reason is None else None
    if bullet is not None:
        # Pages list their furniture as bullets ("• Published: 14:52 April 16, 2013", "• Image Credit: ...");
        # a bulleted key point is no byline ("• By Friday, all schools will close").
        reason = next((r for p, r in single if r != "byline" and p.match(line[bullet.end():])), None)
    if reason is None:
        return False
    if reason == PHOTO_CREDIT:
        _caption_above(text, start, paragraphs, boilerplate)
    boilerplate.append(Boilerplate(start, end, reason))
    return True


def _furniture(text: str, start: int, end: int, single: Patterns, links: int | None,
               paragraphs: list[tuple[int, int]], boilerplate: list[Boilerplate],
               gallery: Collection[int]) -> tuple[bool, int | None]:
    """Whether the line ``text[start:end]`` is boilerplate by a ``line`` rule, as a caption of a
    ``gallery`` (line starts: :func:`_gallery_captions`) or as a link of the link list ending at
    ``links`` (then reported), and where the link list now ends (None: no list)."""
    if start in gallery:
        boilerplate.append(Boilerplate(start, end, "caption"))
        return True, None
    line = text[start:end]
    header = load_lexicons().boilerplate.link_list_header.match(line) is not None
    # Pages that set their links as a bulleted list may put a blank line between them ("READ MORE:",
    # blank, "* Fonterra lifts farmgate forecast by 50c", blank, "* Analyst bullish ...").
    in_list = links is not None and (_same_block(text, links, start) or LINK_BULLET.match(line) is not None)
    if _single_line(text, start, end, single, paragraphs, boilerplate):
        return True, end if header or in_list else None
    if in_list and (_link_of(text, start, end) or _teaser_under_bullet(text, start, end, boilerplate)):
        boilerplate.append(Boilerplate(start, end, "furniture"))
        return True, end
    if _byline_tail(text, start, end, boilerplate):
        return True, None
    return False, end if header else None


def _byline_tail(text: str, start: int, end: int, boilerplate: list[Boilerplate]) -> bool:
    """Whether ``text[start:end]`` is the second line of the byline just above it, the writer's
    outlet or desk ("Staff reports" / "The Herald-Mail", "By Jane Doe" / "Sports Editor"): a few
    capitalised words with no sentence punctuation, no blank line between (then reported)."""
    if not boilerplate or boilerplate[-1].reason != "byline" or not _same_block(text, boilerplate[-1].end, start):
        return False
    line = text[start:end]
    if BYLINE_TAIL.fullmatch(line) is None or line.isupper():  # (a dateline in capitals stays one)
        return False
    boilerplate.append(Boilerplate(start, end, "byline"))
    return True


def _link_of(text: str, start: int, end: int) -> bool:
    """Whether a line right under a link list is a link: short, and not ending like a sentence (``link_list``)."""
    limit = load_lexicons().boilerplate.link_list_max_line_chars
    return end - start <= limit and text[end - 1] not in _SENTENCE_PUNCTUATION


def _teaser_under_bullet(text: str, start: int, end: int, boilerplate: list[Boilerplate]) -> bool:
    """Whether a line of a link list is a link with its teaser under a bullet set on a line of its own
    ("-", then "Winter rain is compromising baby muskoxenA new paper shows how ..."): such lists
    flatten a page's story cards, whose teaser ends like a sentence (``link_list.max_teaser_chars``)."""
    if not boilerplate or not _same_block(text, boilerplate[-1].end, start):
        return False
    above = text[boilerplate[-1].start:boilerplate[-1].end]
    limit = load_lexicons().boilerplate.link_list_max_teaser_chars
    return LONE_BULLET.fullmatch(above) is not None and end - start <= limit


def _whole_dateline(line: str, prefixes: Patterns) -> bool:
    """Whether a dateline pattern covers all of ``line`` ("Washington (AFP)" on a line of its own)."""
    return any((m := pattern.match(line)) is not None and m.end() == len(line) for pattern, _ in prefixes)


def _same_block(text: str, end: int, start: int) -> bool:
    """Whether only one line break (no blank line) separates ``text[:end]`` from ``text[start:]``."""
    gap = text[end:start]
    return gap.count("\n") + gap.count("\r") - gap.count("\r\n") <= 1


def _caption_above(text: str, credit: int, paragraphs: list[tuple[int, int]], boilerplate: list[Boilerplate]) -> None:
    """Move the caption of the photo credit starting at ``credit`` (the paragraph just above it,
    and that paragraph's copy just above it) from ``paragraphs`` to ``boilerplate``."""
    limit = load_lexicons().boilerplate.caption_max_chars
    below = credit
    caption: str | None = None
    while paragraphs:
        start, end = paragraphs[-1]
        line = text[start:end]
        if end - start > limit or not _same_block(text, end, below) or caption not in (None, line):
            return
        paragraphs.pop()
        boilerplate.append(Boilerplate(start, end, "caption"))
        below, caption = start, line


def _captions_printed_twice(text: str, paragraphs: list[tuple[int, int]],
                            boilerplate: list[Boilerplate]) -> list[tuple[int, int]]:
    """``paragraphs`` less the lines printed twice, one after the other (``caption_limits``).

    Pages that print a photo's alt text and then its caption with the photographer's credit give a
    line followed by the same line and a credit of a few capitalised words ("... in New York City."
    / "... in New York City. Spencer Platt/Getty Images"): both copies are a caption.  A line
    printed twice with nothing added may be a caption or a headline: its first copy is furniture,
    the second stays, so nothing of the article is lost but the repeat.  Only twice: a paragraph
    repeated three times or more is the client's own text (a test, a chant), not a page's print.
    """
    rules = load_lexicons().boilerplate
    captions: set[tuple[int, int]] = set()
    repeats: set[tuple[int, int]] = set()
    texts = [text[start:end] for start, end in paragraphs]
    for i, (above, below) in enumerate(pairwise(paragraphs)):
        line = texts[i]
        if not texts[i + 1].startswith(line) or text[above[1]:below[0]].strip():
            continue
        tail = texts[i + 1][len(line):].strip(CREDIT_TAIL_PUNCTUATION).split()
        if not tail:
            twice = (i == 0 or texts[i - 1] != line) and (i + 2 >= len(texts) or texts[i + 2] != line)
            if twice and len(line.split()) > 1:
                repeats.add(above)
        elif (len(line) <= rules.caption_max_chars and 0 < len(tail) <= rules.caption_credit_words
              and not any(word[:1].islower() for word in tail)):
            captions |= {above, below}
    repeats -= captions
    boilerplate.extend(Boilerplate(*span, "caption") for span in sorted(captions))
    boilerplate.extend(Boilerplate(*span, "furniture") for span in sorted(repeats))
    return [p for p in paragraphs if p not in captions and p not in repeats]


#: A page's title as the browser shows it: the headline, a bar and the site's name, perhaps a slogan
#: after a second bar ("Gamma-ray burst may reveal some of oldest dust in the universe | Science News").
PAGE_TITLE_LINES = 5  # it tops the page: only the first lines are looked at
PAGE_TITLE = re.compile(r"(?P<headline>[^|]{10,300}?)\s+\|\s+[^|\s][^|]{0,59}(?:\s+\|\s+[^|\s][^|]{0,59})?")


def _without_page_title(text: str, paragraphs: list[tuple[int, int]],
                        boilerplate: list[Boilerplate]) -> list[tuple[int, int]]:
    """``paragraphs`` less a page title copied in with the article: a "headline | site" line whose
    headline is printed again below as a line of its own (pages copied whole start with their
    ``<title>``; the headline's own line stays the article's)."""
    last = {text[start:end]: i for i, (start, end) in enumerate(paragraphs)}
    for i, (start, end) in enumerate(paragraphs[:PAGE_TITLE_LINES]):
        match = PAGE_TITLE.fullmatch(text, start, end)
        if match and last.get(match.group("headline"), -1) > i:
            boilerplate.append(Boilerplate(*paragraphs[i], "furniture"))
            return paragraphs[:i] + paragraphs[i + 1:]
    return paragraphs


def _menu_above(text: str, paragraphs: list[tuple[int, int]], boilerplate: list[Boilerplate]) -> None:
    """Move a site menu above the story (``paragraphs`` holds the lines above its first
    paragraph) to ``boilerplate``: a run of short lines with no sentence punctuation and no
    blank line between them (``navigation_limits``)."""
    rules = load_lexicons().boilerplate
    runs: list[list[int]] = [[]]
    for index, (start, end) in enumerate(paragraphs):
        if end - start > rules.navigation_max_line_chars or text[end - 1] in _SENTENCE_PUNCTUATION:
            runs.append([])
            continue
        if runs[-1] and not _same_block(text, paragraphs[runs[-1][-1]][1], start):
            runs.append([])
        runs[-1].append(index)
    menu = {index for run in runs if len(run) >= rules.navigation_min_lines for index in run}
    boilerplate.extend(Boilerplate(*paragraphs[index], "furniture") for index in sorted(menu))
    paragraphs[:] = [span for index, span in enumerate(paragraphs) if index not in menu]


_SENTENCE_PUNCTUATION = frozenset(".!?\"”’:;,")


#: How much of a line :func:`latin_capitals` spells out: a dateline is short; the longest look-ahead of a
#: ``prefix`` rule asks for 100 characters.
DATELINE_PROBE_CHARS = 300
#: The Hawaiian 'okina, a letter that a place in capitals keeps ("HAWAIʻI"), read as an apostrophe.
OKINA = "\u02bb"


def latin_capitals(line: str) -> str:
    """``line`` with each letter outside ASCII in its first ``DATELINE_PROBE_CHARS`` characters read as
    "A" or "a" by its case, and the 'okina as an apostrophe, one character for one (offsets stay):
    boilerplate.json's dateline rules spell capitals [A-Z], and a place outside English is written in
    capitals with its accents ("BOGOTÁ, Colombia —", "MONTRÉAL —", "SÃO PAULO (Reuters) -",
    "HAWAIʻI VOLCANO NATIONAL PARK -")."""
    head = line[:DATELINE_PROBE_CHARS]
    if head.isascii():
        return line
    spelt = "".join(c if c.isascii() else "A" if c.isupper() else "a" if c.islower() else "'" if c == OKINA else c
                    for c in head)
    return spelt + line[DATELINE_PROBE_CHARS:]


def _after_prefix(text: str, start: int, end: int, line: str, prefixes: Patterns, boilerplate: list[Boilerplate],
                  paragraphs: list[tuple[int, int]], *, short_only: bool = False) -> int:
    """Where a line's article text starts: after a dateline that opens it ("WASHINGTON (Reuters) -",
    "CONCORD, N.H. —"), which goes to ``boilerplate``; else at ``start``.  A date inside the
    dateline (the pattern's ``date`` group: "FRANKFURT, Nov 6 (Reuters) -") becomes a paragraph
    of its own, so that it is still found as a date while the place and agency are not analysed;
    the dateline is still reported whole, its date included, as furniture is (ANNOTATION.md).
    ``line`` is ``text[start:end]`` as :func:`latin_capitals` spells it, the string the patterns match
    (a pattern's "^" matches only at the start of the string it is given)."""
    for pattern, reason in prefixes:
        match = pattern.match(line)
        if not match or match.end() == 0 or (short_only and not _short_dateline(match.group(0))):
            continue
        date = match.span("date") if "date" in pattern.groupindex and match.group("date") else None
        cut = stripped(text, start, start + match.end())
        if cut[1] > cut[0]:
            boilerplate.append(Boilerplate(cut[0], cut[1], reason))
        if date is not None:
            paragraphs.append(stripped(text, start + date[0], start + date[1]))
        return stripped(text, start + match.end(), end)[0]
    return start


def _wrapped(text: str, paragraphs: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The lines of a hard-wrapped text that its next line continues; none in a text that is not.

    Copy from a wire terminal, an e-mail or a print layout breaks its lines inside sentences
    ("Democrat Jimmy" / "Schoolfield is ensured of competing"), and each line was analysed as a
    paragraph of its own, a name or a clause cut in two.  A text counts as wrapped when at least
    ``WRAPPED_BREAKS`` lines end in a word or a comma with the next line right below beginning in
    lower case; then every line that ends so, or whose next line begins in lower case ("posted by
    U.S." / "government regulators showed."), goes on in the line right below it."""
    pairs = [(a, b) for a, b in pairwise(paragraphs) if _line_below(text, a, b)]
    if sum(1 for a, b in pairs if _open_end(text, a) and text[b[0]].islower()) < WRAPPED_BREAKS:
        return set()
    return {a for a, b in pairs if _open_end(text, a) or text[b[0]].islower()}


def _unwrapped(text: str, paragraphs: list[tuple[int, int]], wrapped: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """``paragraphs`` with each ``wrapped`` line joined to the one right below it (never across a
    blank line or a line taken as boilerplate)."""
    if not wrapped:
        return paragraphs
    joined = paragraphs[:1]
    for above, below in pairwise(paragraphs):
        if above in wrapped and _line_below(text, above, below):
            joined[-1] = (joined[-1][0], below[1])
        else:
            joined.append(below)
    return joined


def _open_end(text: str, span: tuple[int, int]) -> bool:
    """Whether a line ends inside a sentence: in a letter, a digit or a comma."""
    return text[span[1] - 1].isalnum() or text[span[1] - 1] == ","


def _line_below(text: str, above: tuple[int, int], below: tuple[int, int]) -> bool:
    """Whether ``below`` starts on the line right after ``above`` ends."""
    return text[above[1]:below[0]].strip(" \t\r") == "\n"


#: Line breaks inside a sentence that make a text hard-wrapped (:func:`_unwrapped`): a headline
#: broken over two lines, or a lead-in line, is one.
WRAPPED_BREAKS = 3


def _story_under_heading(text: str, above: tuple[int, int], start: int, end: int) -> bool:
    """Whether the line at ``start`` is a paragraph of a story (``LABEL_WORDS`` words or more, a
    sentence opening after a dash) right under a line that ends in no sentence punctuation ("Utah 49,
    UCLA 3" then "SALT LAKE CITY — Zack Moss ran for 127 yards ..."); not a hard-wrapped line ("the
    FBI - which ...")."""
    return (text[above[1] - 1] not in HEADING_CLOSERS and len(text[start:end].split()) >= LABEL_WORDS
            and DASH_THEN_SENTENCE.search(text, start, end) is not None)


#: How a sentence, not a heading, ends its line.
HEADING_CLOSERS = frozenset(".!?:;\"'”’)]")
#: A dateline's dash and the story's first sentence after it.
DASH_THEN_SENTENCE = re.compile(r"\s[-—–―]{1,2}\s+[A-Z\"“‘]")


def _short_dateline(opener: str) -> bool:
    """Whether a dateline below the first long paragraph is a place of at most ``SHORT_DATELINE_WORDS``
    words outside its parentheses ("CAIRO --", "MIDWAY ATOLL -", "TOKYO, Japan -"), not a run-in subhead
    in capitals ("CONGRESS HAS INVESTIGATED HIM -", "THE VOTE -")."""
    words = DATELINE_WORD.findall(PARENTHESISED.sub("", opener))
    return 0 < len(words) <= SHORT_DATELINE_WORDS and words[0].upper() != "THE"


SHORT_DATELINE_WORDS = 3
# Fewer words than this make a line a label ("FULL TEXT.", "Updated"), not a paragraph of the story.
LABEL_WORDS = 6
DATELINE_WORD = re.compile(r"[A-Za-z][\w.'’-]*")
PARENTHESISED = re.compile(r"\([^()]*\)")

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
        chunks.append(stripped(text, start, stop))
        start = stop
    chunks.append(stripped(text, start, end))
    return [(s, e) for s, e in chunks if e > s]
