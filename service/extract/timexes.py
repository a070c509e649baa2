"""Stage 4, timexes (dates): find temporal expressions and normalise them against the anchor date.

Input: analysed sentences, the DATE/TIME NER mentions and the other entity mentions.
Output: :class:`Timex` records (the response's ``timexes``), each with the word it hangs
on in the parse so the event stage can date its predicates.  Candidates are the NER
spans completed by the patterns below where NER misses or cuts an expression ("late
Sunday", "last week"); the tense of the governing verb picks past or future for bare
weekdays and months (see :mod:`service.extract.timenorm`).  A candidate that does not
read as one expression is cut into the ones it holds ("the quarter ended Sept. 30" ->
"the quarter", "Sept. 30"; "August 7 (Xinhua)" -> "August 7").  Anaphoric expressions
("that year", "the year-ago quarter", "a year earlier") are resolved against the date the
text last talked about (:func:`find_timexes` keeps it as it goes).
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate

from service.deadline import NO_DEADLINE, Deadline
from service.extract.entities import Mention
from service.extract.lexicons import load_lexicons
from service.extract.timenorm import (
    DAY_RE,
    FUTURE,
    MONTHS,
    NONE,
    PAST,
    PRESENT,
    WEEKDAYS,
    ZONE_ABBREVIATIONS,
    ZONE_REGIONS,
    Value,
    normalise,
)
from service.nlp.records import Sentence, Word

_DAYS = "|".join(sorted((d.capitalize() for d in WEEKDAYS if len(d) > 3), key=len, reverse=True))
_MONTHS = "|".join(sorted((m.capitalize() for m in MONTHS if len(m) > 3 or m == "may"), key=len, reverse=True))
_ABBR = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"
_MOD = r"(?:(?:early|late|mid)[\s-]+)?"
_CLOCK = r"\d{1,2}(?::\d{2})?\s*[ap]\.?m\b\.?"
# A clock time, or a range of two ("7 p.m. to 9 p.m."), and its time zone ("EDT", "Eastern Time",
# "local time"; timenorm's zones, as written): the day after them dates the first.
_ZONE = (rf"(?:local time|(?:{'|'.join(r.capitalize() for r in ZONE_REGIONS)})(?: (?:Standard|Daylight))?"
         rf"(?: [Tt]ime)?|{'|'.join(a.upper() for a in ZONE_ABBREVIATIONS)})")
_CLOCKS = rf"{_CLOCK}(?:\s*(?:to|and|until|through|-|\u2013)\s*{_CLOCK})?(?:\s+{_ZONE})?"
_CLOCK_WEEKDAY = (rf"\b{_CLOCKS},?\s+(?:on\s+)?(?:{_DAYS})"
                  rf"(?:,\s+(?:(?:{_ABBR})\.|{_MONTHS})\s+\d{{1,2}})?\b(?:,?\s+\d{{4}}\b)?")
PATTERNS = [re.compile(p) for p in (
    # "Friday last week", "last week Thursday": one date, not a weekday and a week
    rf"\b(?:(?:{_DAYS}),?\s+(?:of\s+)?(?:last|next|this)\s+week|(?:[Ll]ast|[Nn]ext|[Tt]his)\s+week(?:'s|’s)?\s+"
    rf"(?:on\s+)?(?:{_DAYS}))\b",
    rf"\b(?:(?:last|next|this|coming|past)\s+)?{_MOD}(?:{_DAYS})(?:'s|’s)?(?:\s+(?:morning|afternoon|evening|night))?\b",
    rf"\b[Tt]he\s+week\s+of\s+(?:(?:(?:{_ABBR})\.?|{_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}\s+(?:{_MONTHS}))"
    r"(?:,?\s+\d{4})?\b",
    rf"\b{_MOD}(?:(?:{_ABBR})\.|{_MONTHS})(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+\d{{4}})?\b",
    rf"\b\d{{1,2}}\s+(?:{_MONTHS})(?:\s+\d{{4}})?\b",
    # "the last week of July": one week, not last week and a month
    rf"\b(?:[Tt]he\s+)?(?:first|second|third|fourth|last|final)\s+week\s+(?:in|of)\s+(?:(?:{_ABBR})\.?|{_MONTHS})"
    r"(?:,?\s+\d{4})?\b",
    # "the second Tuesday in January": one date, not a bare weekday and a month
    rf"\b(?:[Tt]he\s+)?(?:first|second|third|fourth|last)\s+(?:{_DAYS})\s+(?:in|of)\s+(?:(?:{_ABBR})\.?|{_MONTHS})"
    r"(?:,?\s+\d{4})?\b",
    r"\b(?:(?:early|late|[Ee]arlier|[Ll]ater)\s+)?(?:[Tt]oday|[Tt]onight|[Yy]esterday|[Tt]omorrow)\b",
    r"\b(?:[Nn]ow|[Cc]urrently|(?:[Mm]ore\s+)?[Rr]ecently)\b",
    r"\b(?:[Tt]he\s+(?:(?:near|distant)\s+)?future|[Tt]he\s+past|[Tt]he\s+(?:near|short)\s+term)\b"
    r"(?!\s+(?:\d|an?\b|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|fifty|hundred|"
    r"several|few|couple|many|decades?|century|years?|months?|weeks?|days?|nights?|hours?|quarters?|weekend|"
    r"session|tense|perfect)\b)",
    r"\b(?:[Rr]ecent|[Cc]oming|[Ff]uture)\s+(?:days|weeks|months|years|quarters|decades)\b",
    r"\b(?:(?:[Ee]arlier|[Ll]ater)\s+)?(?:[Tt]his|[Ll]ast|[Nn]ext|[Tt]he past|[Tt]he coming)\s+"
    r"(?:week|weekend|month|year|quarter)\b",
    r"\b(?:(?:[Aa]|[Aa]n|[Oo]ne|[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|[Ss]ix|[Ss]even|[Ee]ight|[Nn]ine|[Tt]en|[Ss]everal|\d+)"
    r"\s+(?:days?|weeks?|months?|years?)\s+ago)\b",
    r"\b(?:the\s+)?(?:1[0-9]|20)\d0s\b",
    r"\b(?:[Tt]he\s+)?(?:(?:early|late|mid)[\s-]+)?(?:twenties|thirties|forties|fifties|sixties|seventies|eighties|"
    r"nineties)\b",
    r"\b(?:[Tt]he\s+)?\d{1,2}(?:st|nd|rd|th)\s+century\b",
    r"\b(?:[Ff]iscal\s+(?:19|20)\d\d|(?:[Ff]irst|[Ss]econd|[Tt]hird|[Ff]ourth)[\s-]quarter)\b",
    r"\b\d{1,2}/\d{1,2}/\d{4}\b",
    # AP style puts the time before the day ("around 6:30 p.m. Friday", "at 3:33 a.m. Aug. 31"): one
    # expression, so that the time is on that day and not on the publication date.
    _CLOCK_WEEKDAY,
    rf"\b{_CLOCKS},?\s+(?:on\s+)?(?:(?:{_ABBR})\.|{_MONTHS})\s+\d{{1,2}}\b(?:,?\s+\d{{4}}\b)?",
    # ... and after it: "Saturday night at 7 p.m.", "Aug. 31 at 3:30 p.m."
    rf"\b(?:(?:{_DAYS})(?:\s+(?:morning|afternoon|evening|night))?|(?:(?:{_ABBR})\.|{_MONTHS})\s+\d{{1,2}}"
    r"(?:,\s+\d{4})?),?\s+at\s+\d{1,2}(?::\d{2})?\s*[ap]\.m\.?",
    # A year premodifying a noun after a determiner or a possessive: "Pratt's 2019 trial", "the 2015
    # agreement" (AP style writes larger numbers with a comma: "the 2,000 residents").
    r"(?:(?<=\b[Tt]he )|(?<=\b[Aa] )|(?<=\b[Aa]n )|(?<=['’]s )|(?<=\b[Ii]ts )|(?<=\b[Hh]is )|(?<=\b[Hh]er )|"
    r"(?<=\b[Tt]heir ))(?:19|20)\d{2}(?=\s+[a-z])",
    r"\b(?:19|20)\d{2}-\d{2}-\d{2}\b",
)]
# A time before a weekday the tokenizer may cut at "p.m." ("The council vote at 10 a.m. | Tuesday was
# delayed"): the weekday then takes the tense of its own sentence, so the two are joined only inside one.
CLOCK_WEEKDAY = next(p for p in PATTERNS if p.pattern == _CLOCK_WEEKDAY)
# The words that make a bare weekday/month mean the future ("is due to meet Tuesday", "will meet"),
# the speech verbs a date right after dates and the limits below are in service/data/timexes.json.
CLAUSE_HEADS = {"VERB", "AUX"}


@dataclass
class Timex:
    id: str
    start: int
    end: int
    text: str
    type: str
    value: str | None
    mod: str | None
    resolved: bool
    sentence: int
    head: int  # the timex's head word in its sentence
    tense: str
    attach: int | None = None  # the predicate it dates, when known from the surface (see _surface_attachment)

    def as_json(self) -> dict[str, object]:
        return {"id": self.id, "text": self.text, "start": self.start, "end": self.end, "type": self.type,
                "value": self.value, "resolved": self.resolved, "mod": self.mod}


def _span_words(sent: Sentence, start: int, end: int) -> list[Word]:
    return sent.overlapping(start, end)


def head_of(sent: Sentence, words: Sequence[Word]) -> Word:
    """The word of a span whose head lies outside the span (its syntactic head)."""
    inside = {w.index for w in words}
    for w in words:
        if w.head not in inside:
            return w
    return words[0]


def predicate_of(sent: Sentence, word: Word) -> Word:
    """The clause predicate a word belongs to: the verb (or nominal predicate) it hangs on."""
    current = word  # a root is its own predicate
    for current in sent.ancestors(word, 4):
        if current.upos in CLAUSE_HEADS or "cop" in sent.child_rels(current.index):
            return current
    return current  # the root, or the word four levels up


def tense_of(sent: Sentence, pred: Word) -> str:
    """past / future / present / none for a predicate, from its auxiliaries, morphology and plan verbs.

    Future: a future or modal auxiliary ("will", "would", "should"), a plan word ("is due to",
    "plans to", "is set to") or "be to" ("was to visit"); a plan in the pluperfect ("had been
    expected to") none.  Past: past-tense morphology or a perfect ("has said").  Present:
    present-tense morphology (the scheduling present, "the talks begin Tuesday").  Otherwise none.
    """
    lexicon = load_lexicons().dates
    aux = sent.dependents(pred, ("aux", "aux:pass", "cop"))
    lemmas = {a.lemma.lower() for a in aux} | {a.text.lower() for a in aux}
    infinitive = "to" in sent.dependent_lemmas(pred, "mark")
    governor = sent.head_of(pred)
    planned_by = governor.lemma.lower() if governor is not None and pred.deprel == "xcomp" else ""
    if lemmas & lexicon.future_auxiliaries:
        return FUTURE
    # A plan in the pluperfect was made before a time already past ("The jury had been expected to
    # return a verdict on Tuesday. But ..."): its day may be gone, so no tense tells it.
    # (not a word of a name, which a date's climb may end on: "for the revised Syrian Regional Response
    # Plan during his visit ... on Dec. 22"; a noun the parser made of a verb stays, "the League plans to")
    if pred.lemma.lower() in lexicon.plan_words and not (pred.text[:1].isupper() and pred.index > 0):
        return NONE if _pluperfect(sent, pred) else FUTURE
    if infinitive and (planned_by in lexicon.plan_words | {"be"} or "be" in lemmas or _headline_infinitive(sent, pred)):
        return NONE if governor is not None and planned_by and _pluperfect(sent, governor) else FUTURE
    if any(a.feat("Tense") == "Past" for a in aux) or "have" in lemmas or pred.feat("Tense") == "Past":
        return PAST
    if pred.feat("Tense") == "Pres" or any(a.feat("Tense") == "Pres" for a in aux):
        return PRESENT
    return NONE


def _pluperfect(sent: Sentence, pred: Word) -> bool:
    """Whether a predicate is in the pluperfect: "had" among its auxiliaries."""
    return any(a.lemma.lower() == "have" and a.feat("Tense") == "Past"
               for a in sent.dependents(pred, ("aux", "aux:pass")))


def _headline_infinitive(sent: Sentence, pred: Word) -> bool:
    """Whether a to-infinitive is a headline's future: "Apple to unveil new iPhone on Tuesday",
    "Heavy rain and wind to hit region Wednesday" (news headlines drop "is" from "is to").  The
    infinitive hangs on the line's subject, a noun at its root (or on a word conjoined to it), and
    the line has no final stop, as headlines have none."""
    governor = sent.head_of(pred)
    if governor is None or pred.deprel not in ("acl", "advcl"):
        return False
    root = sent.head_of(governor) if governor.deprel == "conj" else governor
    return bool(root is not None and root.head < 0 and root.upos in ("NOUN", "PROPN")
                and sent.words[-1].text not in (".", "!", "?", "…", "”", '"'))


def timex_tense(sent: Sentence, head: Word, pred: Word, target: bool = False) -> str:
    """The tense that places a timex: its predicate's, or for a non-finite predicate (a participle
    or infinitive with no auxiliary: "closing unchanged Friday", "in trading Friday") that of the
    clause it hangs on.  A possessive timex ("Friday's purchases") takes no present tense: it names
    a time already known, in news mostly a past one."""
    tense = tense_of(sent, pred)
    current = pred
    if (tense == NONE and pred.upos in ("NOUN", "PROPN") and pred.deprel in ("obl", "obj") and head.start > pred.end
            and head.head in (pred.index, pred.head)):
        # an event noun a bare date follows: its clause's future or past ("will play in the title game
        # Saturday night"), not a present ("The ruling Tuesday does not apply" is no coming ruling);
        # only for the verb's complement, with the date hung on it or beside it, right after it (not
        # "to be taken to a Level I Trauma Center in the wake of her Sunday morning health crisis",
        # nor a subject: "the fire at the warehouse Thursday was set deliberately")
        clause = tense_of(sent, predicate_of(sent, pred))
        tense = clause if clause in (FUTURE, PAST) else NONE
    for _ in range(3):
        if tense in (FUTURE, PAST) or current.head < 0 or current.feat("VerbForm") not in ("Part", "Ger", "Inf"):
            break
        if not sent.child_rels(current.index).isdisjoint(("aux", "aux:pass", "cop")):
            break
        current = predicate_of(sent, current)
        tense = tense_of(sent, current)
    if tense == PRESENT and current.deprel == "advcl" \
            and TIME_CLAUSE_MARKS & set(sent.dependent_lemmas(current, ("mark", "advmod"))):
        # English tells the future in the present inside a time clause ("will continue her research
        # when she enters graduate school in the fall"; the parser hangs "when" as advmod, "once" as
        # mark): the clause it hangs on says which
        governor = sent.head_of(current)
        if governor is not None and tense_of(sent, governor) == FUTURE:
            return FUTURE
    if head.deprel == "nmod:poss" and tense == PRESENT:
        return NONE
    if tense == PAST and target:
        # a target, not a time: "has been proposed for November 20" names a day to come as often as
        # one gone ("was scheduled for March 3" is a plan word's: future), so the nearest one
        return NONE
    return tense


def _cited(sent: Sentence, head: Word) -> bool:
    """Whether a timex lies in an "according to" phrase: its head, or a noun at most two levels above
    it, is the object of "according" ("according to a 9 April announcement", "according to Friday's
    report"); the words are cues.json's ``according``, which make the phrase an attribution."""
    according = load_lexicons().cues.according
    return any(w.upos in ("NOUN", "PROPN") and any(c.text.lower() in according for c in sent.dependents(w, "case"))
               for w in (head, *sent.ancestors(head, 2)))


#: Marks of a clause whose present tense tells the future when the clause it hangs on is future.
TIME_CLAUSE_MARKS = frozenset({"when", "once", "after", "before", "until", "till", "if", "unless"})


def _surface_attachment(sent: Sentence, words: Sequence[Word]) -> int | None:
    """The predicate a timex dates when word order says it more reliably than a parse.

    "said Sunday it would fall" / "said on Monday he would urge": a timex right after a
    speech verb dates the speech.  "were Tuesday due to have": a timex between "be" and a
    plan word dates the plan.  The speech verbs and plan words are timexes.json's.
    """
    lexicon = load_lexicons().dates
    first, last = words[0].index, words[-1].index
    before = first - 1
    if before >= 0 and sent.words[before].lemma.lower() == "on" and sent.words[before].upos == "ADP":
        before -= 1
    if before >= 0:
        prev = sent.words[before]
        if prev.upos == "VERB" and prev.lemma.lower() in lexicon.speech_verbs:
            return prev.index
        if before == first - 1 and _dated_noun(prev):
            return prev.index
        after = last + 1
        if (prev.lemma.lower() == "be" and after < len(sent.words)
                and sent.words[after].lemma.lower() in lexicon.plan_words):
            return after
    return None


def _dated_noun(word: Word) -> bool:
    """Whether a bare date right after ``word`` dates it: an event noun that is no verb's object
    ("The ruling Tuesday does not apply", "the vote Thursday was close"; but "won the election
    Tuesday" dates the winning)."""
    nouns = load_lexicons().events.nouns
    return word.upos == "NOUN" and word.deprel != "obj" and (word.lemma.lower() in nouns or word.text.lower() in nouns)


def _candidates(sent: Sentence, text: str, ner: Sequence[Mention], others: Sequence[Mention],
                deadline: Deadline = NO_DEADLINE) -> list[tuple[int, int, str]]:
    """NER DATE/TIME spans merged with pattern matches that overlap or extend them."""
    spans = [(m.start, m.end, m.type) for m in ner]
    # Whether a match overlaps another mention, by binary search: a sentence may hold
    # thousands of both.  An overlap is a mention starting before the match's end whose
    # end reaches past its start, so the furthest end among those starting early enough decides.
    sorted_others = sorted(others, key=lambda o: o.start)
    other_starts = [o.start for o in sorted_others]
    other_reach = list(accumulate((o.end for o in sorted_others), max))
    # A little past the sentence end: the tokenizer may end a sentence at "Aug." in "Aug. 2".
    chunk = text[sent.start:sent.end + load_lexicons().dates.chars_past_sentence_end]
    for pattern in PATTERNS:
        for m in pattern.finditer(chunk):
            deadline.check()
            start, end = sent.start + m.start(), sent.start + m.end()
            if start >= sent.end or (pattern is CLOCK_WEEKDAY and end > sent.end):
                continue
            before_end = bisect_left(other_starts, end)
            if before_end and other_reach[before_end - 1] > start:
                continue  # "May" the person, "Monday Motors" the company
            words = _span_words(sent, start, end)
            if words and words[0].upos in ("VERB", "AUX"):
                continue  # "may", "march" as verbs
            spans.append((start, end, "DATE"))
    spans.sort(key=lambda s: (s[0], -s[1]))
    merged: list[tuple[int, int, str]] = []
    for start, end, etype in spans:
        if merged and start < merged[-1][1]:
            prev = merged[-1]
            merged[-1] = (prev[0], max(prev[1], end), prev[2])
        else:
            merged.append((start, end, etype))
    return merged


# timexes.json's limits: reference_sentences (how many sentences back the date last talked about
# stays the reference for anaphora) and max_segment_words (the longest expression looked for inside
# a span that does not read as one).
_SKIP_UPOS = {"ADP", "PUNCT", "CCONJ", "SCONJ", "PART"}


def _segments(sent: Sentence, text: str, words: Sequence[Word], end: int, reads: Callable[[str], bool],
              deadline: Deadline = NO_DEADLINE) -> list[tuple[int, int]]:
    """Cut a span that does not read as one expression into the expressions it holds, left to right,
    longest first ("the quarter ended Sept. 30" -> "the quarter", "Sept. 30").  Spans as (start, end)."""
    out: list[tuple[int, int]] = []
    max_words = load_lexicons().dates.max_segment_words
    i = 0
    while i < len(words):
        deadline.check()  # a span may be a whole sentence of dates
        if words[i].upos in _SKIP_UPOS:
            i += 1
            continue
        for j in range(min(len(words), i + max_words), i, -1):
            stop = end if j == len(words) else words[j - 1].end
            if reads(text[words[i].start:stop]):
                out.append((words[i].start, stop))
                i = j
                break
        else:
            i += 1
    return out


def _expressions(sent: Sentence, text: str, words: Sequence[Word], start: int, end: int,
                 reads: Callable[[str], bool], deadline: Deadline = NO_DEADLINE) -> list[tuple[int, int]]:
    """The expressions of a candidate span: the span itself when it reads as one (or is one word),
    else those ``_segments`` finds in it (the span itself when it finds none); never an age or a
    temperature read as a decade (:func:`_counted_decade`), nor a thing's number read as a year
    (:func:`_numbered`)."""
    spans = [(start, end)]
    if len(words) > 1 and not reads(text[start:end]):
        spans = _segments(sent, text, words, end, reads, deadline) or spans
    return [(s, e) for s, e in spans
            if not _counted_decade(text, sent.start, s, e) and not _numbered(text, sent.start, s, e)]


def _by_sentence(mentions: Sequence[Mention]) -> dict[int, list[Mention]]:
    """Mentions grouped by sentence, in their order (one pass instead of one per sentence)."""
    out: dict[int, list[Mention]] = {}
    for m in mentions:
        out.setdefault(m.sentence, []).append(m)
    return out


def find_timexes(sentences: Sequence[Sentence], text: str, ner: Sequence[Mention], others: Sequence[Mention],
                 anchor: dt.date | None, *, deadline: Deadline = NO_DEADLINE) -> list[Timex]:
    """All temporal expressions of the text, normalised against ``anchor`` (None: no anchor)."""
    out: list[Timex] = []
    reference: tuple[int, str] | None = None  # (sentence, value) of the date last talked about
    covered = -1  # end of the last span taken (a span may run past its sentence's end)
    ner_of, others_of = _by_sentence(ner), _by_sentence(others)
    # Whether a piece of text reads as one expression, remembered within a sentence: cutting a
    # long span tries up to max_segment_words pieces per word, and a list of dates repeats them.
    known: dict[str, bool] = {}
    tenses: dict[tuple[int, bool, bool], str] = {}
    reference_sentences = load_lexicons().dates.reference_sentences

    def reads(expression: str) -> bool:
        if expression not in known:
            # (a plural weekday may be a possessive without its apostrophe: _possessive_day)
            known[expression] = (normalise(expression, anchor, NONE) is not None
                                  or PLURAL_DAY.fullmatch(expression) is not None)
        return known[expression]

    for s_index, sent in enumerate(sentences):
        deadline.check()
        known.clear()
        tenses.clear()
        sent_ner, sent_others = ner_of.get(s_index, []), others_of.get(s_index, [])
        for start, end, etype in _candidates(sent, text, sent_ner, sent_others, deadline):
            deadline.check()
            if start < covered:
                continue
            trimmed = _trimmed(sent, text, start, end)
            if trimmed is None:
                continue
            start, end, words = trimmed
            for p_start, p_end in _expressions(sent, text, words, start, end, reads, deadline):
                covered = max(covered, p_end)
                ref = reference[1] if reference and s_index - reference[0] < reference_sentences else None
                timex = _timex(sent, s_index, text, p_start, p_end, etype, anchor, ref, tenses)
                out.append(timex)
                if timex.value is not None and _new_reference(timex, anchor, ref):
                    reference = (s_index, timex.value)
    _weekdays_as_dated(out, anchor)
    for i, timex in enumerate(out, 1):
        timex.id = f"T{i}"
    return out


#: A decade written with two digits and no apostrophe, as ages and temperatures are too ("the 60s",
#: "his 30s", "the low 40s"); "the '60s" and "the 1960s" are decades whatever the context.
TWO_DIGIT_DECADE = re.compile(r"(?i)(?:(?:the|his|her|their|its|my|your|our)\s+)?"
                              r"(?:(?:early|late|mid|low|high|upper|lower)[\s-]+)?\d0s")
WORD = re.compile(r"[\w'’-]+")


def _counted_decade(text: str, sent_start: int, start: int, end: int) -> bool:
    """Whether a two-digit "decade" counts years of age or degrees, not years of the calendar: a
    possessive or a range word before its number ("a woman in her 70s", "the high 80s", timexes.json
    ``not_decade_before``) or a temperature word shortly before it ("temperatures will rise into
    the 60s", ``temperature_words``).  No dev article dated an event by such a decade; every one
    herald returned was an age or a temperature."""
    if not TWO_DIGIT_DECADE.fullmatch(text[start:end]):
        return False
    lexicon = load_lexicons().dates
    inside = WORD.findall(text[start:end].lower())[:-1]
    window = text[max(sent_start, start - lexicon.temperature_window_chars):start].lower()
    before = WORD.findall(window)
    if set(inside + before[-1:]) & lexicon.not_decade_before:
        return True
    phrases = set(before) | {" ".join(pair) for pair in zip(before, before[1:], strict=False)}
    return not phrases.isdisjoint(lexicon.temperature_words)


BARE_NUMBER = re.compile(r"\d{3,4}")


def _numbered(text: str, sent_start: int, start: int, end: int) -> bool:
    """Whether a bare number read as a year is the number of a thing named right before it:
    "Windows 10 version 1809", "Flight 1549", "Room 1210" (timexes.json ``not_year_after``)."""
    if not BARE_NUMBER.fullmatch(text, start, end):
        return False
    before = WORD.findall(text[max(sent_start, start - 20):start].lower())
    return bool(before) and before[-1] in load_lexicons().dates.not_year_after


#: A day in a date's words: a day of the month or a weekday ("November 20", "Tuesday").
DAY_NAMED = re.compile(rf"\b(?:[0-3]?\d(?:st|nd|rd|th)?|(?i:{DAY_RE}))\b(?![,.]?\d)")
#: A month named in a date's words ("early July", "March"): a deferral puts off to the coming one.
MONTH_NAMED = re.compile(rf"\b(?:{_MONTHS})\b")
#: A weekday alone ("Monday") and a weekday with its date ("Monday, June 22"; group 1 the weekday).
BARE_WEEKDAY = re.compile(rf"(?i:{DAY_RE})\.?")
DATED_WEEKDAY = re.compile(rf"(?i)({DAY_RE})\.?,?\s+(?:the\s+)?(?:\d|[a-z]+\.?\s+\d)")
#: The most days between the anchor and a weekday's date for a later bare weekday to mean it.
SAME_WEEK_DAYS = 7


def _weekdays_as_dated(timexes: Sequence[Timex], anchor: dt.date | None) -> None:
    """A weekday alone means the date the story gave that weekday ("Bridge projects will start
    Monday, June 22" ... "The work starts Monday"), where the story dates that weekday once within a
    week of the anchor (a "Monday, Aug. 24" two months on is another Monday), on the side of the
    anchor the weekday's tense points to: a past tense takes a date up to the anchor, any other tense
    one from the anchor on (schedules set a past dated weekday beside a coming one in the present:
    "Registration opened Monday, June 14. Classes begin Monday")."""
    if anchor is None:
        return
    dated: dict[int, set[str]] = {}
    for timex in timexes:
        m = DATED_WEEKDAY.match(timex.text)
        if m and timex.value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", timex.value):
            dated.setdefault(WEEKDAYS[m.group(1).lower()], set()).add(timex.value)
    for timex in timexes:
        if not BARE_WEEKDAY.fullmatch(timex.text) or not timex.value:
            continue
        offsets = {(dt.date.fromisoformat(value) - anchor).days: value
                   for value in dated.get(WEEKDAYS[timex.text.lower().rstrip(".")], ())}
        near = [(days, value) for days, value in offsets.items() if abs(days) <= SAME_WEEK_DAYS]
        if len(near) != 1:
            continue
        ((days, value),) = near
        if (days <= 0) if timex.tense == PAST else (days >= 0):
            timex.value = value


def _trimmed(sent: Sentence, text: str, start: int, end: int) -> tuple[int, int, list[Word]] | None:
    """A candidate span and its words without what NER or a pattern took along: a leading
    preposition ("on Monday" -> "Monday"; determiners stay, they carry meaning: "this week",
    "last year") and a trailing parenthesis ("August 7 (Xinhua)").  None: no word in the span."""
    words = _span_words(sent, start, end)
    if not words:
        return None
    while len(words) > 1 and words[0].upos == "ADP":
        words = words[1:]
    start = max(start, words[0].start)
    paren = re.search(r"(?<!\s)\s*\([^)]*\)?$", text[start:end])
    if paren and paren.start() > 0:
        end = start + paren.start()
        words = _span_words(sent, start, end)
    return start, end, words


def _new_reference(timex: Timex, anchor: dt.date | None, ref: str | None) -> bool:
    """Whether a timex becomes the date later anaphora lean on: a DATE with a year that does not
    itself lean on the current reference ``ref`` ("a year earlier" after "the third quarter"
    does not move the topic)."""
    return bool(timex.type == "DATE" and timex.value and re.match(r"\d{4}", timex.value) and (
        ref is None or normalise(timex.text, anchor, timex.tense) == normalise(timex.text, anchor, timex.tense, ref)))


def deferred_to(sent: Sentence, words: Sequence[Word], pred: Word) -> bool:
    """Whether a date (its ``words``) is the one a deferral ``pred`` puts something off to
    ("adjourned the case to Tuesday", "remanded until July 5", "delayed ... until early July";
    ``deferral_verbs`` and ``deferral_prepositions`` of events.json): such a day or month is one to
    come, whatever the verb's tense, and the events stage dates the deferred event by it."""
    lexicon = load_lexicons().events
    return pred.lemma.lower() in lexicon.deferral_verbs and not lexicon.deferral_prepositions.isdisjoint(
        case_lemmas(sent, words))


def case_lemmas(sent: Sentence, words: Sequence[Word]) -> set[str]:
    """The prepositions of a date, read off all its words: the parser may hang "until" or "for"
    on the month of "until February 3", not on the day that heads it."""
    return {lemma for w in words for lemma in sent.dependent_lemmas(w, "case")}


def _timex(sent: Sentence, s_index: int, text: str, start: int, end: int, etype: str, anchor: dt.date | None,
           reference: str | None, tenses: dict[tuple[int, bool, bool], str]) -> Timex:
    """One timex; ``tenses`` remembers the tenses of this sentence's predicates (many dates may
    hang on one, and its tense takes a pass over its dependents)."""
    words = _span_words(sent, start, end)
    head = head_of(sent, words)
    attach = _surface_attachment(sent, words)
    pred = sent.words[attach] if attach is not None else predicate_of(sent, head)
    surface = text[start:end]
    # A day named with "for" is a target (``target_prepositions``); not a month or a year, which "for"
    # gives a reporting period ("sales for March", "a high for the year").
    target = DAY_NAMED.search(surface) is not None and not load_lexicons().dates.target_prepositions.isdisjoint(
        case_lemmas(sent, words))
    # timex_tense reads the head only for a possessive, and the target flag.
    key = (pred.index, head.deprel == "nmod:poss", target)
    if key not in tenses:
        tenses[key] = timex_tense(sent, head, pred, target)
    tense = tenses[key]
    if _cited(sent, head):
        # "according to a 9 April announcement": a source the text cites exists already, so its day
        # is gone whatever the clause's tense ("Awarded contracts could be worth $1.8 billion, ...")
        tense = PAST
    if (DAY_NAMED.search(surface) or MONTH_NAMED.search(surface)) and deferred_to(sent, words, pred):
        tense = FUTURE
    value = _named_day(text, start, end) or normalise(_possessive_day(sent, words, surface), anchor, tense, reference)
    if value is None:
        return Timex("", start, end, surface, etype, None, None, False, s_index, head.index, tense, attach)
    return Timex("", start, end, surface, value.type, value.value, value.mod, value.resolved,
                 s_index, head.index, tense, attach)


#: A weekday with a plural "s" ("Saturdays"): habitual ("opens Saturdays"), or a possessive whose apostrophe
#: was dropped ("after Wednesdays hearing", "Saturdays match").
PLURAL_DAY = re.compile(r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)s", re.IGNORECASE)
#: What the dropped-apostrophe possessive stands before: the noun it qualifies or that noun's modifiers (a
#: number only as a year: "Saturdays 2019 qualifier", not the hours of "open Saturdays 9 a.m. to 1 p.m.").
POSSESSED_UPOS = frozenset({"NOUN", "PROPN", "NUM", "ADJ"})
#: Nouns after a plural weekday that give a habitual time of day ("open Sundays noon to 5").
HABITUAL_AFTER = frozenset({"noon", "midnight", "morning", "mornings", "afternoon", "afternoons", "evening",
                            "evenings", "night", "nights", "only"})


def _possessive_day(sent: Sentence, words: Sequence[Word], surface: str) -> str:
    """The weekday a plural weekday written before a noun names, its apostrophe dropped ("after Wednesdays
    hearing" is Wednesday's; "Saturdays 2019 AFCON qualifier"), else ``surface`` as it is: a plural weekday
    before a verb, a preposition or an adverb stays habitual ("opens Saturdays from 9 a.m.", "Sundays would
    have remained free"), as does one after "on" ("closed on Saturdays")."""
    found = PLURAL_DAY.fullmatch(surface)
    if found is None or not words:
        return surface
    after = sent.words[words[-1].index + 1] if words[-1].index + 1 < len(sent.words) else None
    before = sent.words[words[0].index - 1] if words[0].index > 0 else None
    if after is None or after.upos not in POSSESSED_UPOS or after.text.lower() in HABITUAL_AFTER \
            or (after.upos == "NUM" and not re.fullmatch(r"(?:19|20)\d\d", after.text)) \
            or (before is not None and before.text.lower() == "on"):
        return surface
    return found.group(1)


def _named_day(text: str, start: int, end: int) -> Value | None:
    """The day a name fixes whatever the article's date: "the Sept. 11 attacks" are those of 2001,
    not this year's (timexes.json ``named_days``: the day, then the name it opens)."""
    for pattern, value in load_lexicons().dates.named_days:
        found = pattern.match(text, start)
        if found is not None and found.end() == end:
            return Value("DATE", value)
    return None


__all__ = ["FUTURE", "NONE", "PAST", "PRESENT", "Timex", "case_lemmas", "deferred_to", "find_timexes", "head_of",
           "predicate_of", "tense_of", "timex_tense"]
