"""Headline attributions: "White House: Obama will veto bill", "Ceasefire 'still on the table':
Ukrainian foreign minister".

News headlines attribute a claim by a colon instead of a speech verb: the source before the
colon and the claim after it, or the claim first and the source after it.  The parse of such
a line has no cue to find, so the quote stage reads it here, on the short lines above the
story's first body paragraph (where headlines stand; ``boilerplate.json``
``prefix_limits.body_paragraph_chars``), and only where the source side is short and names a
possible speaker: an entity mention, a title ("... : Ukrainian foreign minister"), or a source
noun of ``cues.json`` ``headline_sources`` ("Study: ..."), so that "Update: ..." or "Watch:
..." is never a quote; a label of ``headline_labels`` ("The Latest: ...", AP's running stories,
"Live updates: ...", "Explainer: ...") is none even where the tagger makes it a name.  A source
described by a title names the person the body introduces with the same words ("Ukrainian
Foreign Minister Andrii Sybiha").
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from service.extract.entities import Entities

#: The longest headline line read (characters), and the most words on its source side.
MAX_LINE_CHARS = 160
MAX_SOURCE_WORDS = 6
#: At most this many lines above the story are read: headlines, standfirsts and labels stand
#: there, and a text of thousands of short lines costs no more than a dozen.
MAX_HEADLINE_LINES = 12
#: Fewest words of the claim side ("Obama will veto bill").
MIN_CLAIM_WORDS = 3
#: The most words of a source described by its title ("Ukrainian foreign minister").
MAX_TITLE_WORDS = 4
#: The entity types that can speak (the quote stage's too).
SPEAKER_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP"})
#: Before the colon a place or nationality is the story's topic ("Sudan: UN agency 'shocked' ..."),
#: not its source.
SOURCE_FIRST_TYPES = frozenset({"PERSON", "ORG"})
#: Past forms of cues that no suffix rule gives back ("Putin said ...", "... told reporters").
IRREGULAR_CUES = {"said": "say", "told": "tell", "wrote": "write", "found": "find"}
QUOTE_MARKS = "\"'“”‘’"
_COLON = re.compile(r"\s*:\s+")


@dataclass(frozen=True)
class HeadlineQuote:
    """One attribution read from a headline: the claim's span, the source's span and entity."""

    start: int
    end: int
    speaker: tuple[int, int]
    entity: str | None
    kind: str


def headline_quotes(text: str, paragraphs: Sequence[tuple[int, int]], entities: Entities, *, body_chars: int,
                    titles: Collection[str], sources: Collection[str], cues: Collection[str],
                    labels: Collection[str] = ()) -> list[HeadlineQuote]:
    """The headline attributions among the lines above the first body paragraph."""
    out: list[HeadlineQuote] = []
    for start, end in paragraphs[:MAX_HEADLINE_LINES]:
        if end - start >= body_chars:
            break
        line = text[start:end]
        if len(line) > MAX_LINE_CHARS or "\n" in line.strip() or line.rstrip().endswith("."):
            continue
        found = _split(text, start, end, entities, titles, sources, cues, labels)
        if found is not None:
            out.append(found)
    return out


def _split(text: str, start: int, end: int, entities: Entities, titles: Collection[str],
           sources: Collection[str], cues: Collection[str], labels: Collection[str]) -> HeadlineQuote | None:
    colons = list(_COLON.finditer(text, start, end))
    if len(colons) != 1:
        return None
    colon = colons[0]
    before, after = (start, colon.start()), (colon.end(), end)
    # "Source: claim" first, then "claim: source".
    for source, claim in ((before, after), (after, before)):
        words = text[source[0]:source[1]].split()
        if not 0 < len(words) <= MAX_SOURCE_WORDS or len(text[claim[0]:claim[1]].split()) < MIN_CLAIM_WORDS:
            continue
        if " ".join(text[source[0]:source[1]].split()).strip(" ,'’\"“”").lower() in labels:
            continue
        speaker = _source(text, source, entities, titles, sources,
                          types=SPEAKER_TYPES if claim is before else SOURCE_FIRST_TYPES)
        if speaker is None or _own_cue(text[claim[0]:claim[1]], cues):
            continue
        c_start, c_end = _strip(text, *claim)
        inner = text[c_start:c_end]
        kind = "indirect" if not _has_marks(text, *claim) else ("direct" if _wholly_quoted(text, *claim) else "mixed")
        return HeadlineQuote(c_start, c_end, (source[0], source[0] + len(text[source[0]:source[1]].rstrip())),
                             speaker, kind) if inner else None
    return None


def _source(text: str, span: tuple[int, int], entities: Entities, titles: Collection[str],
            sources: Collection[str], types: Collection[str]) -> str | None:
    """The entity the source side names ("" for a source noun or a title naming nobody the body
    introduces), or None when it is no source.  A name must make up the whole side ("White
    House: ..."), so that a topic ("Ukraine war: ...") is never taken for a speaker."""
    words = [w.strip(",'’\"“”").lower() for w in text[span[0]:span[1]].split()]
    phrase = " ".join(words)
    # (a short description: "Elizabeth Warren Hammers Wells Fargo CEO" is a clause, not a source)
    if len(words) <= MAX_TITLE_WORDS and any(phrase == title or phrase.endswith(" " + title) for title in titles):
        return _introduced_as(text, phrase, span[1], entities) or ""
    if words and words[-1] in sources:
        return ""
    side = re.sub(r"^the\s+", "", text[span[0]:span[1]].strip(" ,'’\"“”"), flags=re.I)
    for m in entities.starting_in(*span):
        if m.end <= span[1] and m.entity and entities.by_id[m.entity].type in types and side in (m.text, m.text + "'s"):
            return m.entity
    return None


def _introduced_as(text: str, phrase: str, after: int, entities: Entities) -> str | None:
    """The person the body introduces with the headline's description ("Ukrainian Foreign
    Minister Andrii Sybiha" for "Ukrainian foreign minister")."""
    lower = text.lower()
    at = lower.find(phrase, after)
    while at >= 0:
        following = entities.starting_in(at + len(phrase), at + len(phrase) + 2)
        if following and following[0].entity and entities.by_id[following[0].entity].type == "PERSON":
            return following[0].entity
        at = lower.find(phrase, at + 1)
    return None


def _own_cue(claim: str, cues: Collection[str]) -> bool:
    """Whether the claim side carries its own speech verb ("Sadio Mane: Bayern Munich confirm
    absence"): then the name before the colon is its topic, not its source."""
    return any(_cue_word(w.strip(",'’\"“”").lower(), cues) for w in claim.split())


def _cue_word(word: str, cues: Collection[str]) -> bool:
    word = IRREGULAR_CUES.get(word, word)
    return word in cues or word.rstrip("s") in cues or word.removesuffix("ed") in cues or word.removesuffix("d") in cues


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """A claim without the quotation marks, commas and spaces around it."""
    while start < end and (text[start].isspace() or text[start] in QUOTE_MARKS):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in QUOTE_MARKS + ",;"):
        end -= 1
    return start, end


def _has_marks(text: str, start: int, end: int) -> bool:
    """Quotation marks in a span, apostrophes inside words ("we're") left out."""
    return any(text[i] in QUOTE_MARKS and not _inside_word(text, i) for i in range(start, end))


def _inside_word(text: str, i: int) -> bool:
    return 0 < i < len(text) - 1 and text[i - 1].isalpha() and text[i + 1].isalpha()


def _wholly_quoted(text: str, start: int, end: int) -> bool:
    claim = text[start:end].strip().rstrip(",")
    return len(claim) > 2 and claim[0] in QUOTE_MARKS and claim[-1] in QUOTE_MARKS \
        and not any(ch in QUOTE_MARKS for ch in claim[1:-1])
