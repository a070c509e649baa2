"""Stage 5, quotes: direct, mixed and indirect speech, each with its cue and its speaker.

Input: analysed sentences, the paragraph spans and the clustered entities.  Output:
:class:`Quote` records.  Direct quotes come from quotation marks (straight or curly,
across sentences and paragraphs, unbalanced marks tolerated); a quoted fragment inside
reported speech is ``mixed``; a speech verb's complement clause without marks is
``indirect``.  Speakers are the cue's subject (also inverted: "said Foreign Minister
X"), "according to X", or a pronoun (resolved by :mod:`service.extract.references`);
parser slips common in news copy are repaired (a subject found inside the quote or
a date as subject, a speaker misparsed as an apposition between quote and cue, an
attribution cut off by a wrong sentence break).  '"A," she said. "B."' is one quote.  The
cue lexicon and the limits below live in ``service/data/cues.json`` (read through
:mod:`service.extract.lexicons`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate, pairwise

from service.deadline import NO_DEADLINE, Deadline
from service.extract.cleaning import BULLETS, stripped
from service.extract.entities import Entities, Mention
from service.extract.headlines import SPEAKER_TYPES, headline_quotes
from service.extract.lexicons import load_lexicons
from service.extract.references import DEFINITE, PronounResolver, possessive_compounds
from service.extract.report_parse import DATE_WORDS, repair_report_parse
from service.extract.speaker_links import Candidate, SpeakerModel, SpeakerRanker
from service.nlp.records import Sentence, Word

OPEN = {'"': '"', "“": "”", "«": "»", "„": "“"}
# Single quotation marks (British, Irish, Indian and Australian copy: ‘We are ready,’ he said), which
# share their glyphs with the apostrophe: they open before a word and close after one, never inside it.
SINGLE = {"‘": "’", "'": "'"}
SINGLE_CLOSERS = frozenset(SINGLE.values())
#: Verbs whose to-infinitive cue says nothing was said ("declined to say", "refused to confirm").
REFUSALS = frozenset({"decline", "refuse", "fail"})
# After an opening apostrophe these are elisions, not quotes: ’90s, ’em, rock ’n’ roll, ’til.
ELISION = re.compile(r"(?:\d\d?s|em|n[’']|til|cause|tis)\b", re.IGNORECASE)
DOUBLED_APOSTROPHE = "''"
# The same doubled marks set by a word processor's curly-quote correction (East African copy:
# ‘’We are determined’’ Olunga said): a pair opens, only a doubled closing pair closes.
DOUBLED_OPENERS = (DOUBLED_APOSTROPHE, "‘’", "‘‘")
DOUBLED_CLOSERS = (DOUBLED_APOSTROPHE, "’’")
# What may stand between a paragraph's start and the quoted words that open it (’: the second
# mark of a doubled opening ‘’).
OPENING_MARKS = " \t'‘’" + "".join(OPEN)
# Line and paragraph breaks, as the cleaning stage splits paragraphs.
PARAGRAPH_BREAKS = frozenset("\n\r\u2028\u2029")
# Who may be introduced by name alone before a colon ("Here's Pellegrini:").
INTRODUCED_TYPES = frozenset({"PERSON", "ORG"})
CLOSE = {'"', "”", "»", "“"}
SUBJECTS = ("nsubj", "nsubj:pass", "csubj")
#: What makes a stance noun a report: "concern about ...", "frustration that ...", "the optimism that ...".
STANCE_COMPLEMENTS = ("nmod", "acl", "acl:relcl", "ccomp")
#: Speech verbs that take no hearer as an object before their report ("promised voters he would",
#: "wrote her mother she would": those do), so an object there is the report's misread subject.
OBJECTLESS_CUES = frozenset({"say", "add", "announce", "report", "claim", "state", "note", "estimate"})
# The subordinators of an adverbial clause that opens a report ("says after Morris was stabbed numerous
# times, the suspect fled"): the parser may hang it on the cue, but it belongs to what was said.
FRONTED_MARKS = frozenset({"when", "while", "after", "before", "as", "if", "since", "because", "although",
                           "though", "once", "until", "unless", "whenever", "whereas"})
NOMINAL = {"NOUN", "PROPN", "PRON", "NUM", "X"}
# Clauses after a speaker's noun that are no part of its name ("a statement saying ...").
# Between a title and the organisation it serves ("a spokesman for the council", "an adviser to").
TITLE_OF = re.compile(r"\s+(?:for|of|at|to|with)\s+(?:the\s+)?")
#: Between a quote's content and a speaker named right after it: '," ' and the like.
CLOSE_GAP = " \t,.!?”’\"'"
SPEAKER_CUT_RELS = ("acl", "acl:relcl", "appos", "parataxis")
# The free relative's pronoun the parser may read as the speaker noun's determiner ("in what
# Bangladeshi authorities said was ..."): no part of who spoke.
FREE_RELATIVES = frozenset({"what", "whatever"})
# At most this many proper nouns of a name the parser cut off an "according to" phrase.
NAME_TAIL_WORDS = 4
# Where a cue heads a subordinate clause ("While Ukraine had agreed to ...", "a deal that X announced"):
# a quoted fragment hung there may close the main clause's report instead.
SUBORDINATE_RELS = ("advcl", "acl", "acl:relcl")
#: At most this many quotes with marks are looked at inside one unmarked report (a report holding
#: more is taken as already reported: the check stays bounded on a text of thousands of quotes).
MAX_NESTED_MARKED = 8
# How far before a person's name the organisation of their title may stand ("NATO Secretary-General ").
TITLE_WINDOW_CHARS = 40
# The fewest words before a parenthetical cue ("..., Musk said, because ...") that report on their own.
MIN_SIDE_WORDS = 4
# A list bullet opening a speaker's line, which the tagger reads as anything ("• Other officials tell").
LIST_BULLETS = frozenset(BULLETS)
# Words that lean on a noun after them, which a speaker phrase cut at its word limit must not end on
# ("A spokesman for the U.S. attorney's office for the").
LEANING_UPOS = frozenset({"ADP", "DET", "CCONJ", "SCONJ", "PART"})
# Nouns of time a relative clause may hang on by a misparse ("a ruling last month that found ...").
TIME_NOUNS = DATE_WORDS | {"day", "week", "weekend", "month", "year", "quarter", "decade", "morning", "afternoon",
                           "evening", "night", "hour", "time"}
# Titles that stand for whoever heads the organisation, whatever their own title.
HEAD_TITLES = frozenset({"chief", "head", "leader", "boss"})
QUOTE_MARKS = frozenset("\"“”‘’«»")
# A name's hyphenated participle or adjective tail: "DFM-listed", "Kremlin-backed", "Miami-based".
HYPHEN_MODIFIER = re.compile(r"-[a-z]+(?:ed|based|run)\b")
#: Between a team, company or place and the person it qualifies, the person's role in lower case:
#: "said Masuk football head coach Steve Christy", "said St. Joseph defensive back Jake Rios".
ROLE_WORDS = re.compile(r"\s+(?:[a-z][a-z'’-]*\s+){1,4}")
#: The most words a role before a name has ("assistant head coach").
ROLE_MAX_WORDS = 4
#: Parts of speech no role word has ("Trump and Sean Spicer", "Balfour told the court Charles Burns").
ROLE_GAP_POS = frozenset({"ADP", "CCONJ", "SCONJ", "DET", "AUX", "PRON", "PART", "NUM", "PUNCT"})
# Dependents of a cue that carry the reported content.
CONTENT_RELS = ("ccomp", "xcomp", "parataxis", "obj", "advcl")


@dataclass
class Quote:
    id: str
    kind: str
    start: int
    end: int
    cue: tuple[int, int] | None
    speaker: tuple[int, int] | None
    entity: str | None
    sentence: int
    cue_word: int | None  # index of the cue word in its sentence
    event: str | None = None  # unused on the records: the serializer writes the link (LinksStage)

    def as_json(self, text: str) -> dict[str, object]:
        def span(s: tuple[int, int] | None) -> dict[str, object] | None:
            return None if s is None else {"text": text[s[0]:s[1]], "start": s[0], "end": s[1]}

        speaker = span(self.speaker)
        if speaker is not None:
            speaker["entity"] = self.entity
        return {"id": self.id, "kind": self.kind, "content": span((self.start, self.end)), "cue": span(self.cue),
                "speaker": speaker, "event": self.event}


def quote_fragments(text: str, paragraphs: Sequence[tuple[int, int]], *,
                    deadline: Deadline = NO_DEADLINE) -> list[tuple[int, int]]:
    """Content spans between quotation marks; a quote left open runs to its paragraph's end,
    and continues into the next paragraph when that one reopens a mark."""
    out: list[tuple[int, int]] = []
    carry: int | None = None
    last_end = 0
    for p_start, p_end in paragraphs:
        deadline.check()
        i, open_at, closer = p_start, None, ""
        while i < p_end:
            action, width, expected = _mark_at(text, i, p_start, open_at, closer)
            if action == "open":
                open_at, closer = i + width, expected
                if carry is not None and i == p_start:
                    open_at = carry  # a multi-paragraph quote reopened
                carry = None
            elif action == "close" and open_at is not None:
                out.append((open_at, i))
                open_at = None
            i += width
        if carry is not None:
            out.append((carry, _trim_end(text, carry, last_end)))
            carry = None
        if open_at is not None and closer not in SINGLE_CLOSERS:  # (a single mark left open: an apostrophe)
            carry = open_at
            last_end = p_end
    if carry is not None:
        out.append((carry, _trim_end(text, carry, last_end)))
    return [(s, e) for s, e in out if e - s >= 2]


def _mark_at(text: str, i: int, p_start: int, open_at: int | None, closer: str) -> tuple[str, int, str]:
    """What the character at ``i`` does to the quote open at ``open_at`` (None: none is open,
    ``closer`` the mark it waits for): ``("open", width, closer to wait for)``, ``("close", width,
    "")`` or ``("", width, "")``."""
    # Wire copy set in ASCII doubles the apostrophe for a quotation mark (''Both teams played so hard,'').
    if open_at is not None and closer == DOUBLED_APOSTROPHE and text.startswith(DOUBLED_CLOSERS, i):
        return "close", 2, ""
    if open_at is None and text.startswith(DOUBLED_OPENERS, i):
        return ("open" if _is_opening(text, i, p_start, '"') else ""), 2, DOUBLED_APOSTROPHE
    if open_at is not None and closer == DOUBLED_APOSTROPHE:
        return "", 1, ""  # ''He called it “a disaster” on air,'': only '' closes it
    ch = text[i]
    if open_at is None and ch in OPEN and _is_opening(text, i, p_start):
        return "open", 1, OPEN[ch]
    if open_at is None and ch in SINGLE and _is_single_opening(text, i, p_start):
        return "open", 1, SINGLE[ch]
    if open_at is not None and closer in SINGLE_CLOSERS:
        return ("close" if _is_single_closing(text, i) else ""), 1, ""
    if open_at is not None and _is_closing(text, i, p_start, closer):
        return "close", 1, ""
    return "", 1, ""


def _is_closing(text: str, i: int, p_start: int, closer: str) -> bool:
    """Whether the mark at ``i`` closes a quote expecting ``closer``.  Copy often mixes styles:
    a curly quote closed by a straight mark that cannot open one (“no evidence" yet) and a
    straight quote closed by a right curly mark ("more hours” before)."""
    ch = text[i]
    if ch == closer:
        return True
    if closer == '"':
        return ch == "”"
    if ch == '"':
        # (right after a comma or a sentence's end it closes, whatever could open there:
        # “My heart is not in my mouth. It’s a Test match," Foster reiterated)
        return (i > p_start and text[i - 1] in ",.!?") or not _is_opening(text, i, p_start)
    return ch in CLOSE


def _is_single_opening(text: str, i: int, p_start: int) -> bool:
    """Whether a single mark at ``i`` opens a quote: after a space, an opening bracket, a dash, a
    colon or the paragraph's start, right before a word that is no elision ("’90s")."""
    before = text[i - 1] if i > p_start else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return ((before.isspace() or before in "([{—–-:,;\"“") and (after.isalnum() or after in "\"“")
            and ELISION.match(text, i + 1) is None)


def _is_single_closing(text: str, i: int) -> bool:
    """Whether the character at ``i`` closes a single-quoted passage: ’ or ' after a word, not before
    a letter (an apostrophe: don’t), and not a plural possessive ("the players’ union": after an
    s, before a lower-case word), unless punctuation ends the quote right before it (,’ .’)."""
    if text[i] not in SINGLE_CLOSERS or i == 0:
        return False
    before, after = text[i - 1], text[i + 1:i + 2]
    if after.isalnum() or before.isspace():
        return False
    if before in ",.!?":
        return True
    return not (before in "sS" and after == " " and text[i + 2:i + 3].islower())


def _is_opening(text: str, i: int, p_start: int, mark: str = "") -> bool:
    """Whether the mark at ``i`` (or ``mark`` standing there) opens a quote: a curly opener, or a
    straight one after a space, an opening bracket, a dash or the paragraph's start."""
    ch = mark or text[i]
    if ch != '"':
        return ch in ("“", "«", "„")
    before = text[i - 1] if i > p_start else " "
    return before.isspace() or before in "([{—–-:,;'‘"


def subjectless_participle(sent: Sentence, word: Word) -> bool:
    """A subjectless -ing verb ("adding ...", "going on to say ..."): an act of the subject above it,
    even when parsed as that verb's complement."""
    return (word.upos == "VERB" and word.text.lower().endswith("ing")
            and not sent.dependents(word, SUBJECTS + ("aux",)))


def _closing_subjects(subjects: list[Word], cue: Word, content: tuple[int, int] | None) -> list[Word]:
    """Of a cue's subjects on both sides of its report, those between the report and the cue: in
    "Feedback from participants ... are "extremely positive", Ireland's foreign affairs minister has
    said" the parser gave *said* the report's subject too, and the speaker closes the sentence."""
    if content is None or len(subjects) < 2 or not any(w.end <= content[0] for w in subjects):
        return subjects
    return [w for w in subjects if content[1] <= w.start and w.index < cue.index] or subjects


def _relative_before(sent: Sentence, clause: int, cue: Word) -> bool:
    """A relative clause on the subject misparsed as the cue's complement ("Hungary, whose Prime
    Minister Viktor Orban is close to both Trump and Putin, said that ...")."""
    indices = sent.subtree(clause)
    words = (sent.words[i] for i in indices if sent.words[i].upos not in ("PUNCT", "CCONJ"))
    first = next(words, None)
    if first is None:
        return False
    last = next(sent.words[i] for i in reversed(indices) if sent.words[i].upos not in ("PUNCT", "CCONJ"))
    return last.end <= cue.start and first.text.lower() in load_lexicons().cues.relatives


def _ends_with_comma(text: str, start: int, end: int) -> bool:
    """A quote closed by a comma, also before an inner closing mark ("... super predator,’”"):
    ``text[start:end].rstrip().rstrip("'’\"”").endswith(",")``, read backwards from ``end`` so that
    a call with ``start`` 0 does not copy the text before it."""
    i = end
    while i > start and text[i - 1].isspace():
        i -= 1
    while i > start and text[i - 1] in "'’\"”":
        i -= 1
    return i > start and text[i - 1] == ","


def _inside(word: Word, content: tuple[int, int] | None) -> bool:
    return content is not None and content[0] <= word.start < content[1]


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


#: Marks a word that no root reaches (a malformed parse) in QuoteFinder._climb.
_UNREACHED = -2


class SpanIndex:
    """Spans sorted by start, asked which one holds an offset: the first in their order, or None.

    One binary search per question (a quote per sentence or paragraph would otherwise be
    matched against all of them); spans given out of order are scanned, with the same answer.
    """

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        self.spans = list(spans)
        self.starts = [s for s, _ in self.spans]
        self.ordered = all(a <= b for a, b in pairwise(self.starts))
        # The furthest end so far: the first span reaching past an offset is the first whose
        # running furthest end does.
        self.reach = list(accumulate((e for _, e in self.spans), max))

    def first_holding(self, offset: int) -> int | None:
        """Index of the first span with ``start <= offset < end``."""
        if not self.ordered:
            return next((i for i, (s, e) in enumerate(self.spans) if s <= offset < e), None)
        first = bisect_right(self.reach, offset)
        return first if first < bisect_right(self.starts, offset) else None


class QuoteFinder:
    """Attributes quotes in one document.

    Every question about a fragment or a cue (its sentence, paragraph, the words after it,
    the nearest speech verb, the mentions around it) is a binary search over lists built once
    per document or sentence, so a text of thousands of quotes or sentences costs about
    linear time; ``deadline`` is checked per fragment and per cue.
    """

    def __init__(self, sentences: Sequence[Sentence], text: str, entities: Entities,
                 deadline: Deadline = NO_DEADLINE, speakers: SpeakerModel | None = None) -> None:
        self.text = text
        self.speakers = speakers  # the speaker ranker (service.extract.speaker_links); None: the rules alone
        self.entities = entities
        self.deadline = deadline
        lexicons = load_lexicons()
        self.lexicon = lexicons.cues  # words and limits of cues.json
        self.indirect, self.fragment = self.lexicon.indirect, self.lexicon.fragment
        self.according = self.lexicon.according
        self.negations = lexicons.events.negations  # (events.json: "not", "n't", "never", "no")
        # Offsets of the verbs of ``bare_fragment`` that are no cue here: with a complement of their
        # own ("is continuing to analyze") or in the passive ("a verdict of guilty was read").
        self._not_bare = {w.start for sent in sentences for w in sent.words if w.lemma.lower() in self.lexicon.bare
                          and (sent.dependents(w, ("xcomp", "aux:pass")) or w.deprel == "xcomp")}
        self.sentences = [repair_report_parse(s, self.indirect, self.is_cue) for s in sentences]
        self.resolver = PronounResolver(entities, lexicons.pronouns, text=text, sentences=self.sentences)
        self._sentence_spans: tuple[SpanIndex, list[int]] | None = None  # built by sentence_of
        self._cue_words: dict[int, tuple[list[Word], list[int], list[int]]] = {}
        self._content_words: dict[int, tuple[list[Word], list[int]]] = {}
        self._trims: dict[int, tuple[list[int], list[int]]] = {}
        self._report_tails: dict[int, list[int]] = {}
        self._climbs: dict[int, tuple[list[int], list[int], list[int]]] = {}

    def _climb(self, s_index: int) -> tuple[list[int], list[int], list[int]]:
        """Per word of a sentence: its nearest ancestor that is a cue (-1: none; _UNREACHED: not
        under a root), the parataxis links on its path up to the root (its own included) and
        that root.  Built once per sentence, so that a fragment's governing cue is found
        without visiting every word above it."""
        if s_index not in self._climbs:
            sent = self.sentences[s_index]
            count = len(sent.words)
            cue_above, parataxes, root = [_UNREACHED] * count, [0] * count, list(range(count))
            for i in sent.preorder():  # heads first
                word = sent.words[i]
                own = int(word.deprel == "parataxis")
                if 0 <= word.head < count:
                    head = word.head
                    cue_above[i] = head if self.is_cue(sent.words[head]) else cue_above[head]
                    parataxes[i] = parataxes[head] + own
                    root[i] = root[head]
                else:
                    cue_above[i], parataxes[i] = -1, own
            self._climbs[s_index] = (cue_above, parataxes, root)
        return self._climbs[s_index]

    def _cues_of(self, s_index: int) -> tuple[list[Word], list[int], list[int]]:
        """The cue words of a sentence in order (``is_cue``), their starts and their ends."""
        if s_index not in self._cue_words:
            cues = [w for w in self.sentences[s_index].words if self.is_cue(w)]
            self._cue_words[s_index] = (cues, [w.start for w in cues], [w.end for w in cues])
        return self._cue_words[s_index]

    def _words_from(self, s_index: int, offset: int | None, most: int) -> list[Word]:
        """The first ``most`` words of a sentence starting at ``offset`` or later (None: its first
        words), punctuation left out."""
        if s_index not in self._content_words:
            words = [w for w in self.sentences[s_index].words if w.upos != "PUNCT"]
            self._content_words[s_index] = (words, [w.start for w in words])
        words, starts = self._content_words[s_index]
        if offset is None:
            return words[:most]
        if not self.sentences[s_index].in_order():
            return [w for w in words if w.start >= offset][:most]
        first = bisect_left(starts, offset)
        return words[first:first + most]

    # -- cues and speakers -------------------------------------------------------------

    def is_cue(self, word: Word, indirect_only: bool = False) -> bool:
        lemma = word.lemma.lower()
        if lemma in self.according or word.text.lower() in self.according:
            return True
        if word.upos not in ("VERB",) or (lemma in self.lexicon.active_only and word.feat("Voice") == "Pass"):
            return False
        return lemma in self.indirect or lemma in self.lexicon.stance_verbs or (
            not indirect_only and (lemma in self.fragment or lemma in self.lexicon.bare)
            and word.start not in self._not_bare)

    def cue_span(self, sent: Sentence, cue: Word) -> tuple[int, int]:
        if cue.text.lower() in self.according:
            fixed = sent.dependents(cue, "fixed")
            return cue.start, (fixed[-1].end if fixed else cue.end)
        return cue.start, cue.end

    def speaker_word(self, sent: Sentence, cue: Word, content: tuple[int, int] | None = None) -> Word | None:
        """The cue's subject (climbing from a subordinate or conjoined cue); a subject inside
        the reported content is a misparse of the quote ('"My hope," he said': not "hope")."""
        if cue.text.lower() in self.according:
            return sent.head_of(cue)
        own = self._has_subject(sent, cue, content)
        if cue.deprel.startswith("acl") and cue.head >= 0 and not own and not self._is_timex(sent.words[cue.head]):
            # "spokeswoman Christiane Hoffmann telling reporters"; not a date the parser hung it on
            # ("arrested ... around 16:40 hours near Nakatindi adding that ...": the sayer's act)
            return sent.head_of(cue)
        current: Word | None = cue
        # A subjectless "adding ..." is the speech act of the nearest speech verb above it, even
        # when the parser hangs it inside that verb's own report ("said it would fall to Europe
        # to guarantee a deal, adding ...", with "adding" a conjunct of "guarantee").
        if not own and self._participle_cue(sent, cue):
            above = self._cue_above(sent, cue)
            if above is not None:
                current = above
        for _ in range(3):
            if current is None:
                return None
            relayed = self._relayed_speaker(sent, current)
            if relayed is not None:
                return relayed
            subjects = [w for w in sent.dependents(current) if self._subject(w, content)]
            if subjects:
                return self._naming_subject(sent, _closing_subjects(subjects, current, content))
            # A participle cue is the subject's own speech act even when parsed as a complement
            # ('"...," Trump said, adding later, "..."').
            participle = current.deprel == "ccomp" and subjectless_participle(sent, current)
            if current.deprel in ("advcl", "xcomp", "conj", "acl", "parataxis") or participle:
                current = sent.head_of(current)  # None at the root: no speaker
            else:
                return None
        return None

    def _naming_subject(self, sent: Sentence, subjects: list[Word]) -> Word:
        """Of several subjects (a misparsed title and name: "Foreign Minister" + "Jean-Noel Barrot"),
        the one naming someone: a person's own name first ("Sen. John Kennedy, a Republican, said",
        with "Sen." and "John" both subjects, is John Kennedy, not the party apposed to the title).
        A relative pronoun beside another subject is the reported clause's own subject ("Magbanua,
        who prosecutors say helped carry out the slaying": the prosecutors say it)."""
        relatives = load_lexicons().cues.relatives
        subjects = [w for w in subjects if w.text.lower() not in relatives] or subjects
        # (the subject's own mention, or the name its phrase holds: "Thunder coach Doug Friedman said",
        # with "Thunder" and "coach" both subjects, is Doug Friedman)
        named = next((w for w in subjects if self._person(self.entities.at(w.start, w.end))), None) \
            or next((w for w in subjects if self._person(self._mention_in(sent, w))), None)
        if named is not None:
            return named
        return next((w for w in subjects if self._mention_in(sent, w) is not None), subjects[0])

    def _relayed_speaker(self, sent: Sentence, word: Word) -> Word | None:
        """The object of a relaying verb with an "as saying" clause ("Reuters quoted a senior
        official as saying ...", "KCNC-TV reported Longshore as saying"): the one who spoke; the
        subject only passes the words on (``cues.json relayed``)."""
        if word.lemma.lower() not in self.lexicon.relayed:
            return None
        dependents = sent.dependents(word)
        as_saying = any(d.deprel == "advcl" and self.is_cue(d) and subjectless_participle(sent, d)
                        and any(m.deprel == "mark" and m.text.lower() == "as" for m in sent.dependents(d))
                        for d in dependents)
        return next((d for d in dependents if d.deprel == "obj"), None) if as_saying else None

    def _cue_above(self, sent: Sentence, word: Word, levels: int = 5) -> Word | None:
        """The nearest speech verb among ``word``'s ancestors."""
        return next((w for w in sent.ancestors(word, levels) if self.is_cue(w)), None)

    def _has_subject(self, sent: Sentence, word: Word, content: tuple[int, int] | None) -> bool:
        """Whether a word has a dependent that can be the speaker (``_subject``)."""
        return any(self._subject(w, content) for w in sent.dependents(word))

    def _subject(self, word: Word, content: tuple[int, int] | None) -> bool:
        """A subject that can be the speaker: not inside the reported content (a misparse of
        '"My hope," he said') and not a date ('said Thursday morning' parsed as a subject)."""
        return word.deprel in SUBJECTS and not _inside(word, content) and not self._is_timex(word)

    def _is_timex(self, word: Word) -> bool:
        return self.entities.in_timex(word.start)

    def _participle_cue(self, sent: Sentence, word: Word) -> bool:
        """A subjectless -ing speech verb ("adding", "saying"): a speech act of the subject above it."""
        return self.is_cue(word, indirect_only=True) and subjectless_participle(sent, word)

    def speaker(self, sent: Sentence, cue: Word,
                content: tuple[int, int] | None = None) -> tuple[tuple[int, int] | None, str | None]:
        """The speaker mention (span) and the entity it resolves to."""
        span, entity = self._speaker(sent, cue, content)
        # (a role alone right after the cue, with no name of its own: "said head coach Todd Whitting",
        # the parser taking "head" for the subject and "coach" for a verb)
        person = None
        if span is not None and (entity or self._bare_role_after(cue, span)):
            person = self._person_of_role(sent, cue, span, entity, content)
        return ((person.start, person.end), person.entity) if person is not None else (span, entity)

    def _bare_role_after(self, cue: Word, span: tuple[int, int]) -> bool:
        """Whether a speaker span is words in lower case right after the cue ("said head coach ...")."""
        return self._abuts(cue.end, span[0]) and self.text[span[0]:span[1]].islower()

    def _abuts(self, end: int, start: int) -> bool:
        """Whether a span ending at ``end`` is followed, across whitespace only, by one at ``start``."""
        return end <= start and not self.text[end:start].strip()

    def _rest_of_role(self, cue: Word, speaker: tuple[int, int], entity: str | None, content: tuple[int, int]) -> bool:
        """Whether a content is part of the speaker's role phrase, not a report, with "coach" parsed
        as a verb: "coach Todd Whitting" of '"...," said head coach Todd Whitting' (after a bare role
        right after the cue), or "head coach" of '"...," head coach Todd Whitting said' (a role in
        lower case right before the name, right before the cue)."""
        if speaker[1] <= content[0]:
            return not entity and self._bare_role_after(cue, speaker) and self._abuts(speaker[1], content[0])
        role = self.text[content[0]:content[1]]
        return (bool(entity) and self._abuts(content[1], speaker[0]) and self._abuts(speaker[1], cue.start)
                and role.islower() and len(role.split()) <= ROLE_MAX_WORDS)

    def _person_of_role(self, sent: Sentence, cue: Word, span: tuple[int, int], entity: str | None,
                        content: tuple[int, int] | None) -> Mention | None:
        """The person a named speaker qualifies through a role in lower case after it, the whole
        phrase right after or right before the cue ("said Ansonia head coach Tom Brockett", "Trump
        adviser Kellyanne Conway said"): the phrase's head, the person, speaks, not the team, company
        or place before the role (which the parser may take as the subject, misreading "coach" as a
        verb); so too after a bare role in lower case right after the cue ("said head coach Todd
        Whitting", ``span`` "head" with no ``entity``)."""
        gap = ROLE_WORDS.match(self.text, span[1])
        if gap is None or gap.end() >= sent.end:
            return None
        if any(w.upos in ROLE_GAP_POS or self.is_cue(w) for w in sent.within(span[1], gap.end())):
            return None  # "Balfour said Charles Burns ...", "Trump and Sean Spicer"
        person = self._first_mention(sent, gap.end(), gap.end() + 1, named_only=True, content=content)
        if person is None or not self._person(person) or person.entity == entity:
            return None
        return person if self._abuts(cue.end, span[0]) or self._abuts(person.end, cue.start) else None

    def _speaker(self, sent: Sentence, cue: Word,
                 content: tuple[int, int] | None = None) -> tuple[tuple[int, int] | None, str | None]:
        """The speaker as the parse and the names around the cue give it (:meth:`speaker`)."""
        adjacent = self._adjacent_speaker(sent, cue, content)
        if adjacent is not None:
            return (adjacent.start, adjacent.end), adjacent.entity
        word = self.speaker_word(sent, cue, content)
        if word is not None and _inside(word, content):
            word = None  # a misparse: the speaker is never inside what is reported
        if word is None or word.upos not in NOMINAL:
            found = self._speaker_around(sent, cue, word, content)
            if found is not None:
                return (found.start, found.end), found.entity
            if word is None:
                # '"...," said one Democratic source on the panel': an inverted subject parsed as object.
                word = self._inverted(sent, cue, content)
                if word is None:
                    person = self._person_before(sent, cue, content)
                    return ((person.start, person.end), person.entity) if person else (None, None)
        named = self._named_before_description(sent, cue, word, content)
        if named is not None:
            return (named.start, named.end), named.entity
        return self._speaker_phrase(sent, word, content)

    def _named_before_description(self, sent: Sentence, cue: Word, word: Word,
                                  content: tuple[int, int] | None) -> Mention | None:
        """A person named right after the quote and set off by a comma, when the subject the parser
        found is a common noun of the description after that name ('"...," Fernando Tortato,
        conservation scientist for Panthera, the global wild cat conservation organization and study
        co-author, told Mongabay', with "co-author" as subject): that person speaks, the words after
        the comma describe them."""
        if content is None or word.upos != "NOUN" or not content[1] <= word.start < cue.start \
                or self._person(self._mention_in(sent, word)):
            return None
        person = self._between(sent, content, cue)
        if person is None or not self._person(person) or person.end > word.start:
            return None
        if self.text[content[1]:person.start].strip(CLOSE_GAP) or not self.text.startswith(",", person.end):
            return None
        return person

    def _adjacent_speaker(self, sent: Sentence, cue: Word, content: tuple[int, int] | None) -> Mention | None:
        """A speaker named right before a cue with no subject of its own, outside the content
        ("... spokeswoman Christiane Hoffmann telling reporters"); not for "according to"."""
        if self._has_subject(sent, cue, content) or cue.text.lower() in self.according:
            return None
        adjacent = next((m for m in self.entities.ending_in(cue.start - 1, cue.start)
                         if m.entity and self.entities.by_id[m.entity].type in SPEAKER_TYPES), None)
        if adjacent is None or (content and content[0] <= adjacent.start < content[1]):
            return None
        # Not a place ending a prepositional phrase: "Brian Richmond at the American Museum of
        # Natural History in New York told" (the place only locates the speaker).
        place = self.entities.by_id[adjacent.entity or ""].type == "GPE"
        return None if place and self._in_prepositional(sent, adjacent) else adjacent

    def _in_prepositional(self, sent: Sentence, mention: Mention) -> bool:
        """Whether a mention's head word is the object of a preposition ("in New York"; a possessive
        's, also a ``case`` dependent, does not count)."""
        for word in sent.starting_in(mention.start, mention.end):
            head = sent.head_of(word)
            if head is None or not mention.start <= head.start < mention.end:  # the mention's head word
                if any(c.upos == "ADP" for c in sent.dependents(word, "case")):
                    return True
        return False

    def _speaker_around(self, sent: Sentence, cue: Word, word: Word | None,
                        content: tuple[int, int] | None) -> Mention | None:
        """A speaker mention found around the cue when its subject ``word`` is missing (None) or no
        nominal: between the quote and the cue, just after the cue, or between that word and the cue."""
        # '"...," Scott Pruitt, the attorney general of Oklahoma, said': the speaker stands
        # between the quote and its cue (misparsed as an apposition inside the quote).
        found = self._between(sent, content, cue) if word is None else None
        # "..., said Foreign Minister Peter Szijjarto" / "Meanwhile Hungary, ..., said"
        if found is None:
            found = self._first_mention(sent, cue.end, cue.end + self.lexicon.speaker_after_cue_chars,
                                        named_only=True, content=content)
            if found is not None and self._hearer(sent, cue, found):
                found = None  # "told the BBC": whom it was told, never who spoke
        if found is None and word is not None:
            found = self._first_mention(sent, word.end, cue.start, content=content)
        return found

    def _speaker_phrase(self, sent: Sentence, word: Word,
                        content: tuple[int, int] | None) -> tuple[tuple[int, int], str | None]:
        """The span and entity of a speaker word: a pronoun resolved to its antecedent, the name
        its phrase holds (not a place or nationality modifying a description: "The Detroit
        automaker" is the company), else its first words with the entity a definite description
        or a "by" agent in the phrase names ("the department", "an estimate released by the IOM")."""
        if word.upos == "PRON":
            entity = self.resolver.entity_for(sent, word, as_speaker=True, content=content)
            antecedent = self._relative_antecedent(sent, word) if entity is None else None
            if antecedent is not None:
                # "a second-quarter report in November that said ...": the report speaks, not "that"
                return self._speaker_phrase(sent, antecedent, content)
            return (word.start, word.end), entity
        mention = self._mention_in(sent, word)
        if mention is not None and self._platform_of_document(mention, word):
            mention = None
        if mention is None and word.lemma.lower() in self.resolver.pronouns.documents:
            agent = self._document_agent(sent, word)
            if agent is not None:
                # "according to a statement issued by a city lawyer": the lawyer speaks.
                return self._speaker_phrase(sent, agent, content)
            owner = self._document_owner(sent, word)
            if owner is not None:
                # "the mayor-president's statement read": whoever the document is of speaks, named
                # by the words before the possessive.
                _, entity = self._speaker_phrase(sent, owner, content)
                first = sent.words[min(sent.subtree(word.index))]
                return (first.start, owner.end), entity
        described = self.resolver.described(sent, word) or self.resolver.issuer(sent, word)
        if mention is not None and self._organisation_title(mention, word):
            # "The NATO chief": the person NATO's title was given to, not NATO.
            described = self._person_titled(mention, word)
        elif (mention is not None and self.entities.by_id[mention.entity or ""].type == "NORP"
              and mention.start <= word.start and word.end <= mention.end
              and (member := self.resolver.member_described(sent, word, content)) is not None):
            # "The Republican from Sioux Falls says": the person just named, not the party.
            described = member
        elif mention is not None and not ((described or word.upos == "NOUN")
                                          and (self._modifier_place(mention, word) or self._hyphen_modifier(mention))):
            return (mention.start, mention.end), mention.entity
        subtree = [sent.words[i] for i in sent.subtree(word.index)]
        # Not the case marker of an "according to" phrase, nor punctuation, nor what follows the
        # noun after a comma or as a clause ("The study, published in ...", "a statement saying ...").
        # Nor a date the parser hung on the noun ("The company on Friday said"), or on a noun below it
        # ("Egypt's Minister of Antiquities on Saturday said", *Saturday* under *Antiquities*).  (A cut
        # phrase starts after the noun: the parser may hang a comma before the noun on it, "...,
        # according to a law enforcement official briefed on the investigation", with the comma under
        # *briefed*.)
        cuts = [min(i for i in sent.subtree(w.index) if i > word.index) if w.text != "," else w.index
                for w in subtree if w.index > word.index
                and (w.text == "," or (w.head == word.index and (w.deprel in SPEAKER_CUT_RELS
                                                                 or self._dated_modifier(sent, w)
                                                                 or self._medium(sent, w)))
                     or self._dated_phrase_below(sent, w))]
        cut = min(cuts, default=None)
        words = [w for w in subtree
                 if w.upos != "PUNCT" and not LIST_BULLETS.issuperset(w.text)
                 and not (w.index < word.index and w.deprel in ("case", "fixed"))
                 and not (w.index < word.index and w.deprel == "det" and w.text.lower() in FREE_RELATIVES)
                 and (cut is None or w.index < cut)]
        # (no list bullet "•"; a subject of punctuation alone: the word itself)
        words = self._first_words(words) or [word]
        return (words[0].start, words[-1].end), described or self._agent_in(sent, subtree)

    def _first_words(self, words: list[Word]) -> list[Word]:
        """A speaker phrase's words cut at ``speaker_words``, none left at the end leaning on a noun
        the cut took off ("A spokesman for the U.S. attorney's office for the")."""
        if len(words) <= self.lexicon.speaker_words:
            return words
        words = words[:self.lexicon.speaker_words]
        while len(words) > 1 and (words[-1].upos in LEANING_UPOS or words[-1].deprel == "nmod:poss"):
            words.pop()
        return words

    def _relative_antecedent(self, sent: Sentence, word: Word) -> Word | None:
        """The noun a relative clause modifies, for the clause's relative pronoun as its subject
        ("the Court of Appeal, which found that ...", "a Florida law that says ..."), or None."""
        if word.text.lower() not in self.resolver.pronouns.relative or not word.deprel.startswith("nsubj"):
            return None
        clause = sent.head_of(word)
        noun = sent.head_of(clause) if clause is not None and clause.deprel == "acl:relcl" else None
        if noun is None or noun.upos not in ("NOUN", "PROPN") or noun.text.lower() in TIME_NOUNS:
            return None
        return noun

    def _platform_of_document(self, mention: Mention, word: Word) -> bool:
        """Whether the name in a document speaker's phrase is only where it was posted ("according to
        the Facebook post", "a Twitter statement"): pronouns.json ``platforms``; the document speaks
        for its issuer, as "the post" alone does."""
        pronouns = self.resolver.pronouns
        return (word.lemma.lower() in pronouns.documents and mention.end <= word.start
                and mention.text.lower() in pronouns.platforms)

    def _document_agent(self, sent: Sentence, word: Word) -> Word | None:
        """The common-noun agent or source of a document speaker word ("a statement issued by a city
        lawyer", "a statement from public works"); a named one keeps the document's phrase and gives
        its entity (:meth:`_agent_in`, :meth:`PronounResolver.issuer`)."""
        for clause in sent.dependents(word, "acl"):
            for agent in sent.dependents(clause, ("obl:agent", "obl")):
                if (agent.upos == "NOUN" and "by" in sent.dependent_lemmas(agent, "case")
                        and self.entities.at(agent.start, agent.end) is None):
                    return agent
        for source in sent.dependents(word, "nmod"):
            # "a statement from public works": whoever the document comes from
            if (source.upos == "NOUN" and "from" in sent.dependent_lemmas(source, "case")
                    and self.entities.at(source.start, source.end) is None):
                return source
        return None

    def _document_owner(self, sent: Sentence, word: Word) -> Word | None:
        """The noun possessor of a document speaker ("the mayor-president's statement"), not a date
        ("Tuesday's statement") nor a pronoun ("its release" speaks for its issuer as it is); None
        for any other document."""
        # (the last possessor: a hyphenated title comes as two, "mayor" and "president's")
        owners = sent.dependents(word, "nmod:poss")
        owner = owners[-1] if owners else None
        if owner is None or owner.upos not in ("NOUN", "PROPN") or owner.text.lower().rstrip(".") in DATE_WORDS:
            return None
        return owner

    def _medium(self, sent: Sentence, word: Word) -> bool:
        """Whether ``word`` is an "in a statement" phrase hung on the speaker's noun ("McCain's office
        in a statement said ..."): the document the words came in (pronouns.json ``documents``), no
        part of who said them."""
        return (word.deprel == "nmod" and word.lemma.lower() in self.resolver.pronouns.documents
                and "in" in sent.dependent_lemmas(word, "case"))

    def _dated_phrase_below(self, sent: Sentence, word: Word) -> bool:
        """Whether ``word`` is a date phrase the parser hung on a noun inside a speaker's description
        ("of Antiquities on Saturday"): a weekday or "today" as a nominal modifier, not a possessive
        ("the organiser of Saturday's march") nor a compound ("the Sunday market"); nor one under a
        verb of the description ("The terms of the agreement released on Friday"), which would leave
        the verb behind."""
        return word.deprel in ("nmod", "nmod:tmod", "nmod:unmarked") and self._dated_modifier(sent, word)

    def _dated_modifier(self, sent: Sentence, word: Word) -> bool:
        """Whether ``word`` is a modifier phrase naming a date or time ("on Friday", "Tuesday")."""
        # (a bare weekday after the noun comes hung as flat or compound: "Officials Tuesday said")
        hung = word.deprel.startswith(("nmod", "obl", "flat", "compound"))
        return hung and word.text.lower().rstrip(".") in DATE_WORDS

    def _organisation_title(self, mention: Mention, word: Word) -> bool:
        """Whether a speaker is a title modified by an organisation or place named before it ("the
        NATO chief", "a UN spokesman") or after it by a preposition ("A spokesman for Denbighshire
        County Council"): a common noun of aliases.json ``titles``; or a noun of someone speaking
        for the name, a person's too ("An Interior Ministry official", "one senior McCain adviser":
        cues.json ``representatives``)."""
        lemma = word.lemma.lower()
        representative = lemma in self.lexicon.representatives
        titled = lemma in load_lexicons().entities.titles or lemma == "boss"  # "the Apple boss"
        if word.upos != "NOUN" or not (representative or titled):
            return False
        if not (mention.end <= word.start or TITLE_OF.fullmatch(self.text, word.end, mention.start)):
            return False
        types = ("ORG", "GPE", "NORP", "PERSON") if representative else ("ORG", "GPE", "NORP")
        return self.entities.by_id[mention.entity or ""].type in types

    def _person_titled(self, mention: Mention, title: Word) -> str | None:
        """The latest person before ``title`` introduced right after a mention of ``mention``'s
        entity and that title ("UN spokesman Stephane Dujarric" for a later "the UN spokesman"; any
        title for "chief": "NATO Secretary-General Mark Rutte" for "the NATO chief"), else None."""
        limit, word = title.start, title.lemma.lower()
        for _ in range(self.resolver.pronouns.max_candidates):
            person = self.entities.before(limit, ("PERSON",))
            if person is None:
                return None
            lead = self.entities.ending_in(max(0, person.start - TITLE_WINDOW_CHARS), person.start)
            window = self.text[max(0, person.start - TITLE_WINDOW_CHARS):person.start].lower()
            if any(self._same_name(m, mention) for m in lead) and (word in HEAD_TITLES or word in window):
                return person.entity
            limit = person.start
        return None

    def _hyphen_modifier(self, mention: Mention) -> bool:
        """Whether a name is the first part of a hyphenated modifier ("The DFM-listed company", "the
        Kremlin-backed separatists"): the speaker is the noun it modifies."""
        return HYPHEN_MODIFIER.match(self.text, mention.end) is not None

    @staticmethod
    def _same_name(lead: Mention, mention: Mention) -> bool:
        """Whether a name before a person is the organisation ``mention`` names, or a longer name
        of it ("Airtel Nigeria Chief Executive Segun Ogunsanya" for "the Airtel boss")."""
        return lead.entity == mention.entity or lead.text.startswith(mention.text + " ")

    def _modifier_place(self, mention: Mention, word: Word) -> bool:
        """Whether a mention beside a description's noun is a place or nationality modifying it
        ("The Detroit automaker", "Authorities in Massachusetts", "Russian officials"): the
        speaker is then the description, not the place."""
        outside = mention.end <= word.start or mention.start >= word.end
        return outside and self.entities.by_id[mention.entity or ""].type in ("GPE", "NORP", "LOC")

    def _agent_in(self, sent: Sentence, words: Sequence[Word]) -> str | None:
        """The speaker named as the agent inside a phrase ("a statement released by X")."""
        for w in words:
            if any(c.lemma.lower() == "by" for c in sent.dependents(w, "case")):
                m = self.entities.at(w.start, w.end)
                if self._speaks(m):
                    return m.entity if m else None
        return None

    def _between(self, sent: Sentence, content: tuple[int, int] | None, cue: Word) -> Mention | None:
        """A speaker named between a quote and the cue that follows it, with no other clause
        in between: a person first ("Scott Pruitt, the Republican attorney general of Oklahoma")."""
        if content is None or not content[1] <= cue.start:
            return None
        between = sent.starting_in(content[1], cue.start)
        if any(w.upos in ("VERB", "AUX") and w.feat("VerbForm") == "Fin" and not self._in_relative(sent, w)
               for w in between):
            return None
        found = [m for m in self.entities.starting_in(max(content[1], sent.start), cue.start)
                 if m.end <= cue.start and m.entity and self.entities.by_id[m.entity].type in SPEAKER_TYPES]
        ranked = sorted(found, key=lambda m: ({"PERSON": 0, "NORP": 2}.get(self.entities.by_id[m.entity or ""].type, 1),
                                              m.start))
        return ranked[0] if ranked else None

    def _hearer(self, sent: Sentence, cue: Word, mention: Mention) -> bool:
        """Whether a mention after a cue with a hearer ("told", "informed": ``cues.json recipient``)
        lies in the cue's object, the one it was told to."""
        if cue.lemma.lower() not in self.lexicon.recipient:
            return False
        return any(sent.words[i].start <= mention.start < sent.words[i].end
                   for hearer in sent.dependents(cue, ("obj", "iobj")) for i in sent.subtree(hearer.index))

    def _person_before(self, sent: Sentence, cue: Word, content: tuple[int, int] | None) -> Mention | None:
        """A person named before a cue the parser left without a subject ("Lead researcher Yohannes
        Haile-Selassie, of the Cleveland Museum of Natural History, told the BBC", with "Lead" read
        as a verb), when no finite verb (another clause) stands between the name and the cue; the
        first such person, as a subject comes first (a person inside a prepositional phrase, "a
        friend of Smith", is never taken)."""
        if self._has_subject(sent, cue, content):
            return None
        people = [m for m in self.entities.starting_in(sent.start, cue.start)
                  if m.end <= cue.start and self._person(m) and not (content and content[0] <= m.start < content[1])
                  and not self._in_prepositional(sent, m)]
        for person in people:
            between = sent.starting_in(person.end, cue.start)
            if not any(w.upos in ("VERB", "AUX") and w.feat("VerbForm") == "Fin" for w in between):
                return person
        return None

    @staticmethod
    def _in_relative(sent: Sentence, word: Word) -> bool:
        """Whether a verb belongs to a relative clause (also one misparsed as a complement:
        "Malkia Cyril, ... and who's also featured in the film, told")."""
        relatives = load_lexicons().cues.relatives
        return any(current.deprel == "acl:relcl" or any(w.text.lower() in relatives for w in sent.dependents(current))
                   for current in (word, *sent.ancestors(word, 3)))

    def _inverted(self, sent: Sentence, cue: Word, content: tuple[int, int] | None) -> Word | None:
        """The noun right after a cue that directly follows its quote, when the parser made the
        inverted subject an object ('"...," said one Democratic source'); never a date."""
        if content is None or not content[1] <= cue.start:
            return None
        if any(w.upos != "PUNCT" for w in sent.starting_in(content[1], cue.start)):
            return None
        hearer = cue.lemma.lower() in self.lexicon.recipient  # '"...," told reporters': whom, not who
        for w in sent.dependents(cue):
            if w.start < cue.end or w.deprel not in ("obj", "iobj", "nsubj", "appos", "dep"):
                continue
            if hearer and w.deprel in ("obj", "iobj"):
                continue
            if w.upos not in ("NOUN", "PROPN") or self._is_timex(w):
                continue
            return w
        return None

    def _first_mention(self, sent: Sentence, start: int, end: int, named_only: bool = False,
                       content: tuple[int, int] | None = None) -> Mention | None:
        """The first speaker-like mention starting in [start, end) of this sentence and outside
        ``content``; ``named_only`` leaves out nationalities ("Russian officials" never speak as "Russian")."""
        types = SPEAKER_TYPES - {"NORP"} if named_only else SPEAKER_TYPES
        for m in self.entities.starting_in(start, min(end, sent.end)):
            if (m.entity and self.entities.by_id[m.entity].type in types
                    and not (content and content[0] <= m.start < content[1])):
                return m
        return None

    def _mention_in(self, sent: Sentence, word: Word) -> Mention | None:
        """The entity a subject phrase names: its own mention, a name in apposition or
        compound ("Trump's envoy, Keith Kellogg", "spokeswoman Christiane Hoffmann"), or a
        name right after a title ("French Foreign Minister Jean-Noel Barrot")."""
        own = self.entities.at(word.start, word.end)
        if self._speaks(own):
            return own
        found = self._names_in_phrase(sent, word)
        if found:
            # A person first.
            return next((m for m in found if self.entities.by_id[m.entity or ""].type == "PERSON"), found[0])
        return self._name_after(sent, word)

    def _person(self, mention: Mention | None) -> bool:
        """Whether a mention names a person."""
        return mention is not None and bool(mention.entity) and self.entities.by_id[mention.entity].type == "PERSON"

    def _speaks(self, mention: Mention | None) -> bool:
        """Whether a mention names a possible speaker (an entity of SPEAKER_TYPES)."""
        if mention is None or not mention.entity:
            return False
        return self.entities.by_id[mention.entity].type in SPEAKER_TYPES

    def _names_in_phrase(self, sent: Sentence, word: Word) -> list[Mention]:
        """The speaker-like mentions in a subject phrase, in order, leaving out a possessor, an
        adjective or a relative clause ("Trump's envoy", "the French presidency"), and a
        nationality when the subject is a common noun ("Russian officials")."""
        owners = [*sent.dependents(word, ("nmod:poss", "acl", "acl:relcl", "amod", "det")),
                  *possessive_compounds(sent, word)]
        skip = {i for c in owners for i in sent.subtree(c.index)}
        found = []
        for index in sent.subtree(word.index):
            if index in skip:
                continue
            m = self.entities.at(sent.words[index].start, sent.words[index].end)
            if m is not None and self._speaks(m):
                found.append(m)
        if word.upos == "NOUN":
            # "one Democratic source on the panel", "Russian officials": the phrase speaks, not the nationality.
            found = [m for m in found if self.entities.by_id[m.entity or ""].type != "NORP"]
        return found

    def _name_after(self, sent: Sentence, word: Word) -> Mention | None:
        """A name right after a subject word with none in its phrase: a title ("Minister Jean-Noel
        Barrot"), a misparsed sentence adverb ("Meanwhile Hungary, ..., said") or a run of titles
        split into several subjects ("Retired Lt. Gen. Michael Flynn")."""
        # A name right after the subject word: a title ("Minister Jean-Noel Barrot") or a
        # misparsed sentence adverb ("Meanwhile Hungary, ..., said").
        following = self._first_mention(sent, word.end, word.end + 2, named_only=True)
        if following is not None and (self.entities.by_id[following.entity or ""].type == "PERSON"
                                      or word.upos == "PROPN"):
            return following
        # A run of titles before the name, split into several subjects ("Retired Lt. Gen. Michael Flynn").
        run = []
        for w in sent.words[word.index:word.index + self.lexicon.title_run_words]:
            if w.upos != "PROPN":
                break
            run.append(w)
        if word.upos == "PROPN" and len(run) > 1:
            person = self._first_mention(sent, run[1].start, run[-1].end)
            if person is not None and self.entities.by_id[person.entity or ""].type == "PERSON":
                return person
        return None

    # -- spans -------------------------------------------------------------------------

    @staticmethod
    def _leading(word: Word) -> bool:
        """Left out at the start of a reported span: punctuation and the complementiser "that"."""
        return word.upos == "PUNCT" or word.deprel == "mark" and word.lemma == "that"

    @staticmethod
    def _trailing(word: Word) -> bool:
        """Left out at the end of a reported span: punctuation other than a closing mark."""
        return word.upos == "PUNCT" and word.text not in ('"', "”", "’")

    def _span_of(self, sent: Sentence, indices: Sequence[int]) -> tuple[int, int] | None:
        """The text span of some words of a sentence (any order), from the first to the last,
        without leading punctuation or "that" and trailing punctuation (a closing mark stays)."""
        order = sorted(indices)
        first, last = 0, len(order) - 1
        while first <= last and self._leading(sent.words[order[first]]):
            first += 1
        while first <= last and self._trailing(sent.words[order[last]]):
            last -= 1
        if first > last:
            return None
        return sent.words[order[first]].start, sent.words[order[last]].end

    def _span_outside(self, s_index: int, root: int, after: bool = False) -> tuple[int, int] | None:
        """``_span_of`` the words outside ``root``'s subtree (``after``: only those after its last
        word), without listing them: a cue's report is "all but its own clause", asked per cue.

        With the subtree contiguous, the words are the sentence's with one hole, and jumps over
        the runs of words the span leaves out at either end (built once per sentence) find its
        ends; a non-projective subtree is listed.
        """
        sent = self.sentences[s_index]
        own = sent.subtree_range(root)
        if own is None:
            inside = set(sent.subtree(root))
            rest = [w.index for w in sent.words if w.index not in inside]
            return self._span_of(sent, [i for i in rest if i > max(inside)] if after else rest)
        if after:
            return self._span_range(s_index, own[-1] + 1, len(sent.words) - 1)
        return self._span_range(s_index, 0, len(sent.words) - 1, hole=own)

    def _span_beside(self, s_index: int, cue: Word) -> tuple[int, int] | None:
        """The words on the side of a parenthetical cue's clause where the word it hangs on stands,
        when that clause has words of the sentence on both sides (else None)."""
        own = self.sentences[s_index].subtree_range(cue.index)
        last = len(self.sentences[s_index].words) - 1
        if own is None:
            return None
        before = self._span_range(s_index, 0, own[0] - 1)
        after = self._span_range(s_index, own[-1] + 1, last)
        if before is None or after is None:
            return None
        # (a lead-in of a word or two is no report of its own: "That's why, he said, he ..." reports
        # what follows)
        if cue.head < own[0] and own[0] >= MIN_SIDE_WORDS:
            return before
        return after

    def _span_subtree(self, s_index: int, root: int) -> tuple[int, int] | None:
        """``_span_of`` a word's subtree, without listing it when it is contiguous."""
        own = self.sentences[s_index].subtree_range(root)
        if own is None:
            return self._span_of(self.sentences[s_index], self.sentences[s_index].subtree(root))
        return self._span_range(s_index, own[0], own[-1])

    def _span_range(self, s_index: int, low: int, high: int, hole: range | None = None) -> tuple[int, int] | None:
        """``_span_of`` the words ``low..high`` of a sentence less those in ``hole``, in constant time."""
        sent = self.sentences[s_index]
        if s_index not in self._trims:
            count = len(sent.words)
            # next_kept[i]: the first word from i on that may start a span (count: none);
            # last_kept[i]: the last word up to i that may end one (-1: none).
            next_kept, last_kept = [count] * (count + 1), [-1] * (count + 1)
            for i in range(count - 1, -1, -1):
                next_kept[i] = next_kept[i + 1] if self._leading(sent.words[i]) else i
            for i in range(count):
                last_kept[i] = last_kept[i - 1] if self._trailing(sent.words[i]) else i
            self._trims[s_index] = (next_kept, last_kept)
        next_kept, last_kept = self._trims[s_index]
        if low > high:
            return None
        first, last = next_kept[low], last_kept[high]
        if hole:
            if hole[0] <= first <= hole[-1]:
                first = next_kept[hole[-1] + 1]
            if hole[0] <= last <= hole[-1]:
                last = last_kept[hole[0] - 1]  # last_kept[-1] is the sentinel -1 when the hole starts at 0
        if first > last:
            return None
        return sent.words[first].start, sent.words[last].end

    def sentence_of(self, offset: int) -> int | None:
        """The first sentence holding ``offset``."""
        if self._sentence_spans is None:
            # The sentences with words (an empty one holds no offset) and their positions.
            spans = [(i, sent.start, sent.end) for i, sent in enumerate(self.sentences) if sent.start < sent.end]
            self._sentence_spans = SpanIndex([(start, end) for _, start, end in spans]), [i for i, _, _ in spans]
        index, positions = self._sentence_spans
        found = index.first_holding(offset)
        return None if found is None else positions[found]

    # -- the finder ----------------------------------------------------------------------

    def find(self, paragraphs: Sequence[tuple[int, int]]) -> list[Quote]:
        quotes: list[Quote] = []
        used_cues: set[tuple[int, int]] = set()
        by_cue: dict[tuple[int, int], Quote] = {}
        last_by_paragraph: dict[int, Quote] = {}
        fragments = quote_fragments(self.text, paragraphs, deadline=self.deadline)
        # Names in quotation marks are no antecedents of the pronouns outside them.
        self.resolver = PronounResolver(self.entities, self.resolver.pronouns, text=self.text, quoted=fragments,
                                        sentences=self.sentences)
        paragraph_spans = SpanIndex(paragraphs if fragments else ())
        # (start, end, cue) of the quotes taken so far, kept up to date when one grows.
        taken: Counter[tuple[int, int, tuple[int, int] | None]] = Counter()

        def grow(quote: Quote, end: int) -> None:
            taken[(quote.start, quote.end, quote.cue)] -= 1
            quote.end = max(quote.end, end)
            taken[(quote.start, quote.end, quote.cue)] += 1

        for start, end in fragments:
            self.deadline.check()
            quote = self._attribute_fragment(start, end)
            found = paragraph_spans.first_holding(start)
            paragraph = -1 if found is None else found
            if quote is None:
                prev = last_by_paragraph.get(paragraph)
                if prev is None or prev.speaker is None:
                    continue  # nothing says who said it: not reported
                if self._continues(prev, start):
                    grow(prev, end)  # '"Here he is, babe," she said. "Donald's here, babe."'
                    continue
                quote = self._follow_up(prev, start, end)
            elif quote.cue_word is not None:
                key = (quote.sentence, quote.cue_word)
                _one_speaker_per_cue(quote, by_cue.setdefault(key, quote))
                used_cues.add(key)
            if taken[(quote.start, quote.end, quote.cue)] > 0:
                continue  # two fragments of one reported clause ("...", "...") are one quote
            prev = quotes[-1] if quotes else None
            if prev is not None and _same_statement(prev, quote):
                grow(prev, quote.end)  # '"Every time," Tester said, "you give..."': one quote
                continue
            quotes.append(quote)
            taken[(quote.start, quote.end, quote.cue)] += 1
            last_by_paragraph[paragraph] = quote
        quotes.extend(self._headlines(paragraphs, quotes))
        quotes.extend(self._block_quotes(paragraphs, quotes))
        quotes.extend(self._indirect(used_cues, quotes))
        return self._finished(quotes)

    def _finished(self, quotes: list[Quote]) -> list[Quote]:
        """The quotes in document order, their pronoun and description speakers relinked (when the
        ranker is on), numbered."""
        quotes.sort(key=lambda q: q.start)
        if self.speakers is not None:
            SpeakerRanker(self.sentences, self.entities, self.resolver).relink(quotes, self.speakers)
        for i, quote in enumerate(quotes, 1):
            quote.id = f"Q{i}"
        return quotes

    def _headlines(self, paragraphs: Sequence[tuple[int, int]], found: Sequence[Quote]) -> list[Quote]:
        """Attributions by a colon in the headlines above the story (:mod:`headlines`), where no
        quote was found already."""
        lexicons = load_lexicons()
        out: list[Quote] = []
        for h in headline_quotes(self.text, paragraphs, self.entities,
                                 body_chars=lexicons.boilerplate.body_paragraph_chars,
                                 titles=lexicons.entities.titles, sources=self.lexicon.headline_sources,
                                 labels=self.lexicon.headline_labels,
                                 cues=self.indirect):
            s_index = self.sentence_of(h.start)
            if s_index is None or any(q.start < h.end and h.start < q.end for q in found):
                continue
            out.append(Quote("", h.kind, h.start, h.end, None, h.speaker, h.entity or None, s_index, None))
        return out

    def _block_quotes(self, paragraphs: Sequence[tuple[int, int]], found: Sequence[Quote]) -> list[Quote]:
        """Statements set off below a short lead-in that ends with a speech verb and a colon ("AFGE
        National President Everett Kelley said:", "In a rare written opinion, Kennedy wrote:") as a
        paragraph of their own with no quotation marks: a web page's block quote, its marks gone with
        the page's markup.  Each is a direct quote of that paragraph, said by the verb's speaker; a
        lead-in with no speech verb ("Program Closed", "The measures include:") introduces none."""
        out: list[Quote] = []
        marked = _MarkedQuotes(found)
        for p_start, p_end in paragraphs:
            self.deadline.check()
            start, end = stripped(self.text, p_start, p_end)
            if end - start < 2 or not self.text[start].isalnum():
                continue
            s_first = self.sentence_of(start)
            colon = None if s_first is None else self._colon_lead(s_first, start)
            if s_first is None or colon is None or marked.overlap((start, end), nests=False):
                continue
            lead = self.sentences[s_first - 1]
            cue = self._lead_cue(lead, colon)
            if cue is None or lead.dependents(cue, ("ccomp", "parataxis")):
                continue  # a cue with a clause of its own reports that clause
            quote = self._make(s_first - 1, cue, "direct", start, _trim_end(self.text, start, end))
            if quote.speaker is not None:
                out.append(quote)
        return out

    def _follow_up(self, prev: Quote, start: int, end: int) -> Quote:
        """A direct quote with no cue of its own in the paragraph of ``prev``: said by its speaker."""
        s_index = self.sentence_of(start)
        return Quote("", "direct", start, end, None, prev.speaker, prev.entity,
                     s_index if s_index is not None else prev.sentence, None)

    def _continues(self, prev: Quote, start: int) -> bool:
        """Whether a quote with no cue of its own goes on with the direct quote just before it,
        across nothing but that quote's attribution ('"A," she said. "B."': one statement)."""
        if prev.kind != "direct" or prev.cue is None or not prev.end <= prev.cue[0] < start:
            return False
        gap = self.text[prev.end:start - 1]  # from the closing mark to the reopening one
        return len(gap) <= self.lexicon.max_attribution_chars and all(c not in gap[1:] for c in "\n" + "".join(OPEN))

    def _attribute_fragment(self, start: int, end: int) -> Quote | None:
        s_first, s_last = self.sentence_of(start), self.sentence_of(max(start, end - 1))
        if s_first is None or s_last is None:
            return None
        # Fragments never overlap, so over all fragments this visits each word once.
        inside = [w for s in self.sentences[s_first:s_last + 1] for w in s.within(start, end)]
        full = self._is_full_quote(start, end, s_first, s_last)
        # A mixed fragment: the speech verb governing it.
        cue = self._mixed_cue(s_first, inside, start, end) if not full and inside else None
        if cue is not None:
            return self._make(s_first, cue, "mixed", start, end)
        # Otherwise the nearest cue outside the marks, in the quote's sentences.
        best: tuple[int, int, Word] | None = None
        for s_index in range(s_first, s_last + 1):
            for w in self._nearest_cues(s_index, start, end):
                if start - 1 <= w.start < end + 1 or not self.is_cue(w):
                    continue
                distance = (w.start - end) if w.start >= end else (start - w.end) + 1
                # "Balfour made a statement, saying, '...,' according to The Tribune": the speech
                # verb names who spoke; "according to" only the outlet that passed it on.
                rank = (w.text.lower() in self.according, distance)
                if best is None or rank < (best[2].text.lower() in self.according, best[0]):
                    best = (distance, s_index, w)
        if best is None:
            return self._attribution_around(s_first, s_last, start, end, full)
        kind = "direct" if full else "mixed"
        return self._make(best[1], best[2], kind, start, end)

    def _mixed_cue(self, s_first: int, inside: Sequence[Word], start: int, end: int) -> Word | None:
        """The speech verb governing a quoted fragment of the reporter's sentence, or None."""
        sent = self.sentences[s_first]
        words_here = [w for w in inside if sent.start <= w.start < sent.end]
        if not words_here:
            return None
        head = next((w for w in words_here if w.head < 0 or not start <= sent.words[w.head].start < end), words_here[0])
        cue = self._governing_cue(s_first, head, start, end)
        if cue is not None and cue.end <= start and cue.deprel in SUBORDINATE_RELS:
            cue = self._closing_cue_after(s_first, start, end) or cue
        return cue

    def _closing_cue_after(self, s_index: int, start: int, end: int) -> Word | None:
        """The cue of a closing attribution right after a quoted fragment that ends on its comma
        ('Putin "talks about demands and conditions," Ukrainian Foreign Minister Andrii Sybiha said
        on Thursday.'): the fragment closes the statement that cue reports, not the cue of a
        subordinate clause before it that the parser hung the fragment on ("While Ukraine had agreed
        to ..."; a main clause's cue keeps it: 'The witness told police she "heard glass break,"
        the affidavit alleges.'). None when the fragment does not end on a comma, or the words after
        it are not a short subject phrase and a cue."""
        if not self.text[start:end].rstrip(" ”\"’'").endswith(","):
            return None
        sent = self.sentences[s_index]
        # (a bounded window: a sentence of thousands of fragments costs each one a few words)
        window = sent.within(end, min(sent.end, end + self.lexicon.max_attribution_chars))
        after = [w for w in window if w.upos != "PUNCT"][:self.lexicon.speaker_words + 1]
        for i, word in enumerate(after):
            if self.is_cue(word) and word.upos == "VERB":
                subject = after[:i]
                if subject and all(w.upos in ("PROPN", "NOUN", "ADJ", "DET", "PRON", "NUM") for w in subject):
                    return word
                return None
            if word.upos in ("VERB", "AUX"):
                return None
        return None

    def _nearest_cues(self, s_index: int, start: int, end: int) -> Sequence[Word]:
        """The words of a sentence that can be the cue nearest to a fragment ``[start, end)``:
        the cues ending last before it and those starting first after it (all words when the
        sentence is out of order).  The distance falls as a cue's end nears the fragment from
        before and grows with its start after it, so no other cue can be nearer.  (Among these,
        the caller prefers a speech verb to "according to".)"""
        sent = self.sentences[s_index]
        if not sent.in_order():
            return sent.words
        cues, starts, ends = self._cues_of(s_index)
        before = bisect_left(starts, start - 1)  # cues[:before] start before the opening mark
        after = bisect_left(starts, end + 1)  # cues[after:] start after the closing mark
        first = before
        while first > 0 and ends[first - 1] == ends[before - 1]:
            first -= 1
        last = after
        while last < len(cues) and starts[last] == starts[after]:
            last += 1
        return cues[first:before] + cues[after:last]

    def _governing_cue(self, s_index: int, head: Word, start: int, end: int) -> Word | None:
        """The speech verb whose report holds a quoted fragment.

        Climbs through the fragment's ancestors; a cue reached through a complement
        (ccomp/xcomp: "said he would urge ... to "immediately" boost") hands over to a
        higher cue, while a cue that is its own speech act ("adding he expected ...",
        "what he called "..."") keeps the fragment.
        """
        sent = self.sentences[s_index]
        if self._climb(s_index)[0][head.index] == _UNREACHED:  # a malformed parse: climb word by word
            found, via_parataxis = self._cue_climbing(sent, head, start, end)
        else:
            found, via_parataxis = self._cue_by_cue(s_index, head, start, end)
        if found is not None and via_parataxis and found.end <= start:
            return self._nearer_cue(s_index, found, start)
        return found

    def _cue_climbing(self, sent: Sentence, head: Word, start: int, end: int) -> tuple[Word | None, bool]:
        """``_governing_cue``'s climb word by word through ``head``'s ancestors (for a parse the
        per-sentence climb does not cover): the cue found outside ``[start, end)`` and whether a
        parataxis link was passed on the way to it."""
        found: Word | None = None
        via_parataxis, below = False, head
        for current in sent.ancestors(head):
            via_parataxis = via_parataxis or below.deprel == "parataxis"
            below = current
            if start <= current.start < end or not self.is_cue(current):
                continue
            found = current
            if current.deprel not in ("ccomp", "xcomp", "csubj"):
                break
        return found, via_parataxis

    def _cue_by_cue(self, s_index: int, head: Word, start: int, end: int) -> tuple[Word | None, bool]:
        """``_governing_cue``'s climb from cue to cue (the words between are skipped anyway), up to
        a cue that is its own speech act or the root, with the parataxis links passed counted:
        the cue found outside ``[start, end)`` and whether a parataxis link led to it."""
        sent = self.sentences[s_index]
        found: Word | None = None
        cue_above, parataxes, root = self._climb(s_index)
        top = root[head.index]
        above = cue_above[head.index]
        while above >= 0:
            current = sent.words[above]
            above = cue_above[above]
            if start <= current.start < end:
                continue
            found = current
            if current.deprel not in ("ccomp", "xcomp", "csubj"):
                top = current.index
                break
        return found, parataxes[head.index] > parataxes[top]

    def _nearer_cue(self, s_index: int, found: Word, start: int) -> Word:
        """The cue reporting a fragment reached from ``found`` through parataxis: the last speech
        verb between ``found`` and the fragment, else ``found``.  Parataxis is where the parser puts
        a report it could not attach ("Germany agreed, with spokeswoman Christiane Hoffmann telling
        reporters it was "premature"")."""
        sent = self.sentences[s_index]
        if not sent.in_order():
            nearer = [w for w in sent.words if found.end <= w.start and w.end <= start and self.is_cue(w)]
            return nearer[-1] if nearer else found
        # The last cue starting after the found one and ending before the fragment.
        cues, starts, ends = self._cues_of(s_index)
        last = bisect_right(ends, start) - 1
        return cues[last] if last >= bisect_left(starts, found.end) else found

    def _is_full_quote(self, start: int, end: int, s_first: int, s_last: int) -> bool:
        """A whole quoted statement, as opposed to quoted words inside the reporter's sentence.

        Whole: nothing but a cue clause or punctuation around the marks ('"...," she said',
        'He said: "..."'); quoted words followed by more of the reporter's text
        ('"You squeezed employees" to drive up the price, she said') are a fragment.
        """
        first, last = self.sentences[s_first], self.sentences[s_last]
        before = self.text[first.start:start].rstrip(OPENING_MARKS).rstrip()  # ("'": a doubled apostrophe, or single)
        limits = self.lexicon
        if before and not (before.endswith((":", ",")) and len(before) < limits.lead_chars_limit):
            return False
        # As many words as the checks below read.
        after_words = self._words_from(s_last, end, max(limits.cue_within_words, limits.speaker_phrase_words))
        if not after_words or s_last > s_first:
            return True
        # The words after the marks must be the attribution itself: a cue within its first words,
        if any(self.is_cue(w) for w in after_words[:limits.cue_within_words]):
            return True
        # or, after a quote closed by a comma, a longer speaker phrase with no clause of the
        # reporter's own before the cue ('"...," Senate Majority Leader Mitch McConnell, R-Ky., said').
        if not _ends_with_comma(self.text, start, end):
            return False
        return (self._cue_ahead(last, after_words, limit=limits.speaker_phrase_words) is not None
                or self._continued_attribution(s_last, end) is not None)

    def _cue_ahead(self, sent: Sentence, words: Sequence[Word], limit: int) -> Word | None:
        """The first cue among ``words`` (a speaker phrase then its cue), unless a finite verb
        outside a relative clause comes first; the passive of a relaying verb is no clause of the
        reporter's own ('"...," official Enayet Hossain was quoted by AFP as saying')."""
        for w in words[:limit]:
            if self.is_cue(w):
                return w
            if w.deprel == "aux:pass" and (head := sent.head_of(w)) is not None \
                    and head.lemma.lower() in self.lexicon.relayed:
                continue
            if w.upos in ("VERB", "AUX") and w.feat("VerbForm") == "Fin" and not self._in_relative(sent, w):
                return None
        return None

    def _continued_attribution(self, s_last: int, end: int) -> Word | None:
        """The cue of an attribution that the sentence splitter put in the next sentence:

        - cut after a title ('"...," Mr.' + 'Morgan of the Sierra Club said.'): the quote is
          closed by a comma and only a few title words follow it;
        - cut after the quote ('"How many times do we have to see this?"' + 'Clinton said.'):
          nothing follows the quote in its sentence and the next sentence is a bare attribution
          (a speaker and a cue reporting no clause of its own).
        """
        last = self.sentences[s_last]
        if s_last + 1 >= len(self.sentences) or self.sentences[s_last + 1].paragraph != last.paragraph:
            return None
        following = self.sentences[s_last + 1]
        limits = self.lexicon
        # As many as _cue_ahead reads below.
        words = self._words_from(s_last + 1, None, max(limits.split_attribution_words, limits.split_title_cue_words))
        after = self._words_from(s_last, end, limits.split_title_words + 1)  # enough to tell more than the limit
        if not after:
            if self.text[end:following.start].strip(" \"”»'’.,?!") or not words:
                return None
            cue = self._cue_ahead(following, words, limit=limits.split_attribution_words)
            if cue is None or following.dependents(cue, ("ccomp", "xcomp", "parataxis")):
                return None
            return cue
        if (len(after) > limits.split_title_words or not _ends_with_comma(self.text, 0, end)
                or any(w.upos not in ("PROPN", "NOUN", "ADJ", "DET") for w in after)
                or not after[-1].text.endswith(".")):
            return None
        return self._cue_ahead(following, words, limit=limits.split_title_cue_words)

    def _attribution_around(self, s_first: int, s_last: int, start: int, end: int, full: bool) -> Quote | None:
        """A quote with no cue in its own sentences: attributed in the next sentence of its
        paragraph, or (a whole quoted statement) by a lead-in ending in a colon above it."""
        cue = self._continued_attribution(s_last, end)
        if cue is not None:
            return self._make(s_last + 1, cue, "direct", start, end)
        return self._introduced_by_colon(s_first, start, end) if full else None

    def _introduced_by_colon(self, s_first: int, start: int, end: int) -> Quote | None:
        """A quote opening its paragraph right under a short paragraph that ends in a colon: said
        by that lead-in's speaker, through its speech verb ("In an email, Kennedy wrote the
        following:") or, with none, by the speaker named right before the colon ("Here's
        Pellegrini:", "Glenavon manager Stephen McDonnell:")."""
        colon = self._colon_lead(s_first, start)
        if colon is None:
            return None
        lead = self.sentences[s_first - 1]
        cue = self._lead_cue(lead, colon)
        if cue is not None:
            return self._make(s_first - 1, cue, "direct", start, end)
        # "Here's Pellegrini:", "Glenavon manager Stephen McDonnell:"; not "Tributes poured in for Kobe
        # Bryant:" or "The scene in Gaza:" (a name after a preposition, or a place, is no introduction).
        named = [m for m in self.entities.ending_in(colon - 1, colon) if m.entity
                 and self.entities.by_id[m.entity].type in INTRODUCED_TYPES]
        if not named or self._after_preposition(lead, named[-1]):
            return None
        return Quote("", "direct", start, end, None, (named[-1].start, named[-1].end), named[-1].entity,
                     s_first, None)

    def _colon_lead(self, s_first: int, start: int) -> int | None:
        """The offset of the colon that ends a short lead-in paragraph (or the short last sentence
        of a longer one) right above the paragraph whose first sentence, ``s_first``, opens at
        ``start``; None when there is no such lead-in."""
        if s_first == 0:
            return None
        sent, lead = self.sentences[s_first], self.sentences[s_first - 1]
        if lead.paragraph == sent.paragraph or self.text[sent.start:start].strip(OPENING_MARKS):
            return None
        lead_start, lead_end = stripped(self.text, lead.start, lead.end)
        colon = lead_end - 1
        if lead_end <= lead_start or self.text[colon] != ":":
            return None
        limit = self.lexicon.colon_lead_chars
        window = max(0, colon - limit - 1)
        if window > 0 and lead_end - lead_start > limit \
                and not any(c in PARAGRAPH_BREAKS for c in self.text[window:lead.start]):
            # A lead-in longer than a line or two: a paragraph of its own, not an introduction (a short
            # last sentence of a paragraph introduces: "... candidate. In a statement he added:").
            return None
        return colon

    def _lead_cue(self, lead: Sentence, colon: int) -> Word | None:
        """The last speech verb of a lead-in before its colon."""
        cues = [w for w in lead.words if w.start < colon and self.is_cue(w)]
        return cues[-1] if cues else None

    @staticmethod
    def _after_preposition(sent: Sentence, mention: Mention) -> bool:
        """Whether the word before a mention is a preposition ("in", "for")."""
        before = sent.within(sent.start, mention.start)
        return bool(before) and before[-1].upos == "ADP"

    def _make(self, s_index: int, cue: Word, kind: str, start: int, end: int) -> Quote:
        sent = self.sentences[s_index]
        content = (start, end)
        if kind == "mixed":
            content = self._clause_around(s_index, cue, start, end) or content
        speaker, entity = self.speaker(sent, cue, content)
        return Quote("", kind, content[0], content[1], self.cue_span(sent, cue), speaker, entity, s_index,
                     cue.index)

    def _clause_around(self, s_index: int, cue: Word, start: int, end: int) -> tuple[int, int] | None:
        """The reported clause that holds a mixed quote: the cue's complement containing it,
        or the sentence without the cue's own clause ("The shift "requires...," Barrot said")."""
        sent = self.sentences[s_index]
        for child in sent.dependents(cue, CONTENT_RELS + ("obl",)):
            span = self._span_subtree(s_index, child.index)
            if span and span[0] <= start and end <= span[1] + 1:
                return span
        # The words after the cue's phrase, when the parser attached the report elsewhere
        # ("..., with spokeswoman Christiane Hoffmann telling reporters it was "premature" ...");
        # then all but the cue's phrase ("According to Olson," with its speaker).
        named = self._according_phrase(s_index, cue) if cue.text.lower() in self.according else None
        phrase = named.index if named is not None else cue.index
        for after in (True, False):
            span = self._span_outside(s_index, phrase, after=after)
            if span and span[0] <= start and end <= span[1] + 1:
                return span
        return None

    def _indirect(self, used: set[tuple[int, int]], found: Sequence[Quote]) -> list[Quote]:
        """Speech verbs with a complement clause and no quotation marks: indirect speech.

        A cue already reporting a quoted fragment may report another clause too ("Barrot said
        Sunday it would fall to Europe..., adding he expected the U.S. to "revise..."").
        """
        out: list[Quote] = []
        # Whether a content overlaps a quote found with marks (:class:`_MarkedQuotes`), or crosses one
        # found here in its sentence: a report may hold another ("An investigation found that he was
        # at a residence ..., CPD said": news gold gives each cue its record), never share part of one.
        marked = _MarkedQuotes(found)
        taken: list[tuple[int, int]] = []  # this sentence's

        def crosses(content: tuple[int, int]) -> bool:
            return any(start < content[1] and content[0] < end and not (
                (start <= content[0] and content[1] <= end) or (content[0] <= start and end <= content[1]))
                or (start, end) == content for start, end in taken)

        stance = self.lexicon.stance_verbs
        for s_index, sent in enumerate(self.sentences):
            self.deadline.check()
            taken.clear()
            # (a stance last: "Ban Ki-moon voiced his concern about the killings, a UN spokesman
            # told reporters" is the spokesman's report)
            cues = sorted((w for w in sent.words
                           if self.is_cue(w, indirect_only=True) and not self._says_nothing(sent, w)),
                          key=lambda w: w.lemma.lower() in stance)
            for cue in cues:
                self.deadline.check()
                nests = cue.text.lower() not in self.according
                for content in self._unmarked_contents(s_index, cue, used):
                    if content is None or marked.overlap(content, nests) or crosses(content):
                        continue  # already reported, with its quotation marks or by another cue
                    speaker, entity = self.speaker(sent, cue, content)
                    if speaker is None or self._rest_of_role(cue, speaker, entity, content):
                        continue
                    out.append(Quote("", "indirect", content[0], content[1], self.cue_span(sent, cue), speaker,
                                     entity, s_index, cue.index))
                    if not any(start < content[1] and content[0] < end for start, end in taken):
                        self.resolver.add_reported(content)  # (the marks a pronoun passes over never overlap)
                    taken.append(content)
        return out

    def _negated(self, sent: Sentence, word: Word) -> bool:
        """Whether a negation stands before ``word`` as its modifier ("did not say", "never claimed");
        one after it is its complement's ("urged the public not to touch")."""
        return any(d.lemma.lower() in self.negations and d.index < word.index for d in sent.dependents(word, "advmod"))

    def _says_nothing(self, sent: Sentence, cue: Word) -> bool:
        """Whether a cue reports nothing: negated ("Pallister did not say when the campaign will
        begin", "Durbin never claimed to witness the exchange"), or the complement of a refusal or
        of a negated verb ("declined to say what it is about", "China refusing to confirm whether
        there were any casualties", "GM does not plan to state where the new jobs will go")."""
        if self._negated(sent, cue):
            return True
        governor = sent.head_of(cue) if cue.deprel == "xcomp" else None
        return governor is not None and (governor.lemma.lower() in REFUSALS or self._negated(sent, governor))

    def _unmarked_contents(self, s_index: int, cue: Word, used: set[tuple[int, int]]) -> list[tuple[int, int] | None]:
        """The spans a speech verb reports without quotation marks (None: none to take): the
        rest of the sentence for "according to", else its complement clauses, or all but its own
        clause for a parataxis cue ("Content clause ..., a source said."); a cue in ``used``
        already reports a quote with marks."""
        sent = self.sentences[s_index]
        if cue.text.lower() in self.according:
            return [None if (s_index, cue.index) in used else self._according_content(s_index, cue)]
        # Not a participle cue of its own ("said, adding ..."): it reports its own clause.
        clauses = [w.index for w in sent.dependents(cue, "ccomp")
                   if not self._participle_cue(sent, w) and not _relative_before(sent, w.index, cue)
                   and not self._relaying(sent, cue, w)]
        if not clauses and cue.lemma.lower() in self.lexicon.recipient:
            # (without its opening "that", which the parser took for a relative pronoun)
            hearer = self._clause_after_hearer(sent, cue)
            if hearer:
                return [self._span_of(sent, self._own_report(s_index, c)[1:]) for c in hearer]
        if not clauses and (fronted := self._fronted_report(sent, cue)):
            return [self._span_range(s_index, fronted, len(sent.words) - 1)]
        if not clauses and (stances := self._stance_objects(sent, cue)):
            return [self._span_subtree(s_index, w.index) for w in stances]
        if not clauses and (reduced := self._infinitive_or_small_clause(sent, cue)):
            return [self._from_that(sent, cue, self._span_of(sent, reduced))]
        if not clauses and (s_index, cue.index) not in used and (closing := self._closing_report(s_index, cue)):
            return closing
        if not clauses and (s_index, cue.index) not in used and (rest := self._said_rest(sent, cue)):
            return [self._span_range(s_index, rest, len(sent.words) - 1)]
        spans = [self._span_of(sent, self._with_fronted_clause(sent, cue, c, self._with_subject_read_as_object(
            sent, cue, c, self._with_subject_given_to_cue(
                sent, cue, c, _beside_cue(self._own_report(s_index, c), cue.index, c))))) for c in clauses]
        after = sent.words[cue.index + 1] if cue.index + 1 < len(sent.words) else None
        if (len(spans) > 1 and all(spans) and after is not None and after.text.lower() == "that"
                and after.upos == "SCONJ" and not self.text[spans[0][1]:spans[1][0]].strip()  # type: ignore[index]
                and not QUOTE_MARKS.intersection(self.text[spans[0][0]:spans[-1][1]])):  # type: ignore[index]
            # one "that" clause the parser cut in two ("acknowledged that his rallying cry ... had not
            # galvanized Americans", with "cry" and "galvanized" both complements)
            spans = [(spans[0][0], max(span[1] for span in spans if span))]  # type: ignore[index]
        return [self._before_according(s_index, cue, self._from_that(sent, cue, span)) for span in spans]

    def _relaying(self, sent: Sentence, cue: Word, clause: Word) -> bool:
        """Whether a complement the parser gave a cue is the outlet relaying the whole report ("Kuleba
        said he will discuss a ceasefire ..., the UNN news agency reported on Wednesday", "..., TimesLive
        reported."): a cue after a comma with a subject and nothing to report of its own (a date at
        most). It tells where the report was read, and is no second thing the speaker said."""
        if not (clause.index > cue.index and self.is_cue(clause)):
            return False
        own = sent.subtree_range(clause.index)
        if own is None:
            return False
        first = own[0]
        if not (sent.words[first].text == "," or (first > 0 and sent.words[first - 1].text == ",")):
            return False
        rels = sent.child_rels(clause.index) - {"punct", "nsubj", "obl", "obl:tmod", "obl:npmod", "advmod"}
        return bool(sent.dependents(clause, ("nsubj",))) and not rels

    def _before_according(self, s_index: int, cue: Word, span: tuple[int, int] | None) -> tuple[int, int] | None:
        """A report that closes with another source's "according to X", without that phrase ("Bloomberg
        reports that the Republican nominee has either won or tied ..., according to the Roper Center"):
        the phrase has its own record, and a report never holds part of another."""
        if span is None:
            return span
        sent = self.sentences[s_index]
        for word in sent.words[cue.index + 1:]:
            if word.text.lower() not in self.according or not span[0] < word.start < span[1]:
                continue
            phrase = self._according_phrase(s_index, word)
            own = sent.subtree_range(phrase.index) if phrase is not None else None
            if own is None or self.text[sent.words[own[-1]].end:span[1]].strip(" .,;"):
                continue
            end = span[0] + len(self.text[span[0]:word.start].rstrip(" ,;—–-"))
            return (span[0], end) if end > span[0] else span
        return span

    @staticmethod
    def _from_that(sent: Sentence, cue: Word, span: tuple[int, int] | None) -> tuple[int, int] | None:
        """A report right after "cue that" starts after "that", whatever the parser hung elsewhere
        ("maintained that never in recent history so much burden had been imposed", "lamented that
        despite such high projected revenue ..., the fiscal deficit would still be")."""
        if span is None or cue.index + 2 >= len(sent.words):
            return span
        that, first = sent.words[cue.index + 1], sent.words[cue.index + 2]
        if that.text.lower() != "that" or that.upos != "SCONJ" or not that.end < first.start < span[0]:
            return span
        return first.start, span[1]

    def _with_subject_read_as_object(self, sent: Sentence, cue: Word, clause: int, report: list[int]) -> list[int]:
        """A report with its subject, where the parser read that as the cue's object ("Officials
        said six soldiers and seven civilians – including four children – were killed", with
        "soldiers" the object of *said* and *killed* its complement): a speech verb of
        :data:`OBJECTLESS_CUES` takes no object before its report.  (Not a date: "said Monday".)"""
        if not report or cue.lemma.lower() not in OBJECTLESS_CUES:
            return report
        objects = [w for w in sent.dependents(cue, ("obj", "iobj"))
                   if cue.index < w.index < clause and not self._is_timex(w)]
        if not objects:
            return report
        words = {i for w in objects for i in sent.subtree(w.index)} | set(report)
        return sorted(words) if max(words) - min(words) + 1 == len(words) else report

    def _with_subject_given_to_cue(self, sent: Sentence, cue: Word, clause: int, report: list[int]) -> list[int]:
        """A report before its cue with its subject, where the parser gave the cue two subjects ("The
        cause of the fire remained undetermined Tuesday morning, Staggs said", "Gusts of up to 110
        mph were recorded at Winter Park, the National Weather Service said", with *cause* and
        *Gusts* subjects of *said*): the one right before a report that has none of its own, when
        another stands between the report and the cue."""
        if not report or not max(report) < cue.index or self._has_subject(sent, sent.words[clause], None):
            return report
        subjects = sent.dependents(cue, ("nsubj", "nsubj:pass"))
        if not any(max(report) < w.index < cue.index for w in subjects):
            return report
        before = [w for w in subjects if w.index < min(report)]
        subject = sent.subtree(before[-1].index) if before else []
        # (not a subject holding a report of its own: "A woman who called police to say that she
        # had shot her husband has been charged with murder, authorities said")
        if not subject or any(self.is_cue(sent.words[i], indirect_only=True) for i in subject):
            return report
        words = set(subject) | set(report)
        return sorted(words) if max(words) - min(words) + 1 == len(words) else report

    @staticmethod
    def _with_fronted_clause(sent: Sentence, cue: Word, clause: int, report: list[int]) -> list[int]:
        """A report with the adverbial clause that opens it, where the parser hung that on the cue
        ("Police Chief Greg Ray says after Morris was stabbed numerous times, the suspect fled", "He
        said while the photo broke his heart, he ..."): a clause of :data:`FRONTED_MARKS` between
        the cue and the report, with nothing but punctuation between them."""
        if not report:
            return report
        fronted = [w for w in sent.dependents(cue, "advcl") if cue.index < w.index < min(report)
                   and FRONTED_MARKS.intersection(sent.dependent_lemmas(w, "mark"))]
        if not fronted:
            return report
        words = {i for w in fronted for i in sent.subtree(w.index)} | set(report)
        gaps = set(range(min(words), max(words) + 1)) - words
        if any(sent.words[i].upos != "PUNCT" for i in gaps):
            return report
        return sorted(words | gaps)

    def _fronted_report(self, sent: Sentence, cue: Word) -> int | None:
        """Where a report starts that opens with an adverbial phrase, which the parser took for the
        cue's own and so found no complement clause ("He said with more snow expected today, his crews
        will continue to be out", "Snedeker says despite the closing he expects ...", "Police say when
        officers confronted the suspect ..., he tried to flee"): the word right after a cue of
        :data:`OBJECTLESS_CUES` is a preposition or subordinator, and a clause with its own subject
        follows in the sentence.  None otherwise."""
        if cue.lemma.lower() not in OBJECTLESS_CUES or cue.index + 2 >= len(sent.words):
            return None
        if sent.dependents(cue, ("obj", "xcomp", "aux:pass", "nsubj:pass")):
            return None
        if any(d.lemma.lower() in self.negations for d in sent.dependents(cue, "advmod")):
            return None  # "Walsh hasn't said if he'll seek a third term" reports nothing
        first = sent.words[cue.index + 1]
        opens = first.upos in ("ADP", "SCONJ") or first.lemma.lower() in FRONTED_MARKS
        if not opens or first.text.lower() == "that" or self._is_timex(first) or self._dated_modifier(
                sent, sent.words[first.head] if first.head >= 0 else first):
            return None
        if not sent.in_subtree(first.index, cue.index):
            return None
        # (a clause of its own, not one joined to the cue: "Smith said in a statement, and the
        # company agreed")
        clause = any(w.deprel in ("nsubj", "nsubj:pass", "expl") and sent.in_subtree(w.index, cue.index)
                     and not sent.dependents(w.head, "cc") for w in sent.words[first.index + 1:])
        return first.index if clause else None

    def _said_rest(self, sent: Sentence, cue: Word) -> int | None:
        """Where the report starts when "said" opens the rest of its sentence and the parser found no
        complement in it ("Conway said the crews and specialized workers restored service ... and will
        continue", with *crews* a second subject and *continue* a conjunct; "Barnett said the damage
        spanned multiple areas", with *spanned* read as an adjective): the main verb "say" after its
        subject, then a phrase of at least ``said_rest_words`` words with a verb in it, no quotation
        mark and no clause of the cue's own.  "Say" takes nothing else that long ("said a prayer")."""
        if cue.lemma.lower() != "say" or cue.head >= 0 or sent.dependents(cue, ("ccomp", "xcomp", "mark")):
            return None
        if not any(w.index < cue.index for w in sent.dependents(cue, ("nsubj", "nsubj:pass"))):
            return None
        first = cue.index + 1
        if first < len(sent.words) and sent.words[first].text.lower() == "that":
            first += 1
        rest = [w for w in sent.words[first:] if w.upos != "PUNCT"]
        if (len(rest) < self.lexicon.said_rest_words or rest[0].index != first
                or rest[0].upos in ("ADP", "SCONJ", "ADV") or not any(w.upos in ("VERB", "AUX") for w in rest)
                or QUOTE_MARKS.intersection(self.text[sent.words[first].start:sent.end])):
            return None
        return first

    def _closing_report(self, s_index: int, cue: Word) -> list[tuple[int, int] | None]:
        """What a parataxis cue, closing or interrupting its report's sentence, reports (empty: it is
        no such cue).  "Content clause ..., a source said.": all but the cue's own clause; with words
        on both sides of it ("Driving a Tesla semi is easy, Musk said, because drivers sit in the
        center"), the side of the clause it interrupts."""
        if cue.deprel == "parataxis" and cue.head >= 0:
            return [self._span_beside(s_index, cue) or self._span_outside(s_index, cue.index)]
        return []

    def _stance_objects(self, sent: Sentence, cue: Word) -> list[Word]:
        """A cue's objects that state a stance with what it is about ("expressed frustration that the
        Prime Minister has given away ...", "expressed concern about the acquisition's effects",
        "expressed its rejection to the law"): a noun of ``stance_nouns`` with a complement after
        it.  Without one ("expressed some interest") nothing is reported."""
        if cue.lemma.lower() not in self.lexicon.stance_verbs:
            return []
        return [w for w in sent.dependents(cue, "obj") if w.index > cue.index
                and w.lemma.lower() in self.lexicon.stance_nouns
                and any(d.index > w.index for d in sent.dependents(w, STANCE_COMPLEMENTS))]

    def _infinitive_or_small_clause(self, sent: Sentence, cue: Word) -> list[int]:
        """The words a cue without a complement clause reports in a reduced clause: its
        to-infinitive for the cues of ``infinitive`` ("asked residents to stay off the roads",
        "expects to generate ..."), never in the passive ("is expected to rule": nobody states it
        there); else a participle clause with the object before it ("confirmed four homes
        destroyed", "reported about 89 square km burned").  Empty when there is none."""
        if sent.dependents(cue, ("aux:pass", "nsubj:pass")):
            return []
        complements = [w for w in sent.dependents(cue, "xcomp") if w.index > cue.index and w.upos == "VERB"]
        if not complements and cue.lemma.lower() in self.lexicon.directive:
            # "urges the public to take precautions" with the infinitive read as a purpose clause, or
            # "asked the jury to consider the rounds" with it read as the object's modifier: after an
            # object, a directive cue takes it as its complement.
            objects = [w for w in sent.dependents(cue, "obj") if w.index > cue.index]
            complements = [w for w in sent.dependents(cue, "advcl") if w.upos == "VERB" and objects
                           and w.index > min(o.index for o in objects) and "to" in sent.dependent_lemmas(w, "mark")]
            complements += [w for o in objects if self._hearer_like(sent, o) for w in sent.dependents(o, "acl")
                            if w.upos == "VERB" and w.index > o.index and "to" in sent.dependent_lemmas(w, "mark")]
        for verb in complements:
            if "to" in sent.dependent_lemmas(verb, "mark"):
                if cue.lemma.lower() in self.lexicon.infinitive:
                    report = sent.subtree(verb.index)
                    # a negation the parser hung on the cue is the infinitive's ("urged the public
                    # not to touch any suspicious packages")
                    before = sent.words[report[0] - 1] if report and report[0] > cue.index + 1 else None
                    if before is not None and before.head == cue.index and before.lemma.lower() in self.negations:
                        report = [before.index, *report]
                    return report
            elif verb.xpos in ("VBN", "VBG") and cue.lemma.lower() not in self.lexicon.recipient:
                # (not after a hearer: "told hundreds gathered outside" names whom it told)
                objects = [w for w in sent.dependents(cue, "obj") if cue.index < w.index < verb.index]
                return sorted(i for root in (*objects, verb) for i in sent.subtree(root.index))
        return []

    @staticmethod
    def _hearer_like(sent: Sentence, word: Word) -> bool:
        """Whether an object can be the hearer of a request ("asked the jury", "urged residents", "told
        them"), not a thing said or done ("told a story to motivate his players", "asked a question
        to clarify"): a pronoun, a name, a plural, or a noun with a definite determiner."""
        if word.upos in ("PRON", "PROPN") or word.xpos in ("NNS", "NNPS"):
            return True
        return any(d.lemma.lower() in DEFINITE for d in sent.dependents(word, "det"))

    @staticmethod
    def _clause_after_hearer(sent: Sentence, cue: Word) -> list[int]:
        """The content of "told reporters that ...", which the parser hangs on the hearer as a
        relative clause: a clause under the cue's object that opens with "that", has a subject
        of its own, and where "that" is a conjunction or fills no gap (the verb has an object of
        its own: "told the paper that they lost everything"; not "the paper that he read")."""
        for hearer in sent.dependents(cue, ("iobj", "obj")):
            for clause in sent.dependents(hearer, "acl:relcl"):
                first = sent.words[sent.subtree(clause.index)[0]]
                if first.text.lower() != "that" or first.head != clause.index:
                    continue
                others = [w for w in sent.dependents(clause) if w.index != first.index]
                has_subject = any(w.deprel in ("nsubj", "nsubj:pass") for w in others)
                fills_no_gap = first.deprel == "mark" or any(w.deprel in ("obj", "ccomp", "xcomp") for w in others)
                if has_subject and fills_no_gap:
                    return [clause.index]
        return []

    def _own_report(self, s_index: int, clause: int) -> list[int]:
        """A reported clause without a trailing "..., adding ..." that the parser hung inside it:
        that participle is a speech act of its own, reported separately."""
        sent = self.sentences[s_index]
        if s_index not in self._report_tails:
            # The words that may be such a participle, found once per sentence.
            self._report_tails[s_index] = [
                w.index for w in sent.words
                if w.deprel in ("conj", "advcl") and self._participle_cue(sent, w)
                and not self._has_subject(sent, w, None)]
        indices = sent.subtree(clause)
        tails = self._report_tails[s_index]
        for i in tails[bisect_left(tails, indices[0]):bisect_right(tails, indices[-1])]:
            if i != clause and sent.in_subtree(i, clause):
                cut = sent.subtree(i)
                # Only a tail of the clause, so that the content stays one contiguous span.
                if cut[-1] == indices[-1]:
                    return indices[:bisect_left(indices, cut[0])]
        return indices

    def _according_content(self, s_index: int, cue: Word) -> tuple[int, int] | None:
        """What an "according to X" phrase reports: the rest of its sentence, or with the phrase
        inside it ("Deputy Paul Orvis was shot at the scene, according to Sheriff Don Gudmundson at
        a Thursday afternoon news conference"), the side where the word the phrase hangs on stands."""
        phrase = self._according_phrase(s_index, cue)
        if phrase is None:
            return None
        sent = self.sentences[s_index]
        own = sent.subtree_range(phrase.index)
        if own is not None and own[0] == 0 and (comma := _name_split_off(sent, own[-1])) is not None:
            # "According to SIU chief SSP Irfan Bahadur, the arrested suspects included ...", with
            # "Irfan Bahadur" parsed as a second oblique: the phrase runs to its comma
            return self._span_range(s_index, comma + 1, len(sent.words) - 1)
        if own is not None and own[0] == 0 and (subject := _subject_taken_in(sent, phrase)) is not None:
            # "According to Corinna Gattasso, director of ..., lease rates in the East Village currently
            # average ...", with "rates" parsed as a conjunct of the name: the report starts at it
            return self._span_range(s_index, subject, len(sent.words) - 1)
        if own is not None:
            before = self._span_range(s_index, 0, own[0] - 1)
            after = self._span_range(s_index, own[-1] + 1, len(sent.words) - 1)
            if before is not None and after is not None:
                return before if phrase.head < own[0] else after
        return self._span_outside(s_index, phrase.index)

    def _according_phrase(self, s_index: int, cue: Word) -> Word | None:
        """The name an "according to" cue marks: its head, or the head of the name that word ends
        (the parser may hang "According to" on a name's last word: "According to Kaitlyn Aldana",
        with *Aldana* flat under *Kaitlyn*)."""
        if cue.head < 0:
            return None
        sent = self.sentences[s_index]
        phrase = sent.words[cue.head]
        while phrase.deprel in ("flat", "compound") and phrase.head >= 0:
            phrase = sent.words[phrase.head]
        return phrase


def _subject_taken_in(sent: Sentence, phrase: Word) -> int | None:
    """Where the report starts when the parser took its subject into an opening "according to"
    phrase as a conjunct of the name or of its appositive ("director of ..."): the first word of a
    common-noun conjunct set off by a comma."""
    heads = [phrase, *sent.dependents(phrase, "appos")]
    for conj in (c for head in heads for c in sent.dependents(head, "conj")):
        span = sent.subtree_range(conj.index)
        if conj.upos != "NOUN" or span is None:
            continue
        if sent.words[span[0]].text == ",":  # (the parser hangs the comma on the conjunct)
            return span[0] + 1
        if span[0] > 0 and sent.words[span[0] - 1].text == ",":
            return span[0]
    return None


def _name_split_off(sent: Sentence, last: int) -> int | None:
    """The comma closing an opening "according to" phrase when the parser cut the phrase's name
    off after word ``last`` (up to ``NAME_TAIL_WORDS`` proper nouns, then the comma), else None."""
    words = sent.words
    i = last + 1
    while i < len(words) and words[i].upos == "PROPN" and i - last <= NAME_TAIL_WORDS:
        i += 1
    return i if last + 1 < i < len(words) and words[i].text == "," else None


class _MarkedQuotes:
    """The quotes found with marks, for the indirect ones: whether an unmarked report overlaps one."""

    def __init__(self, found: Sequence[Quote]) -> None:
        # sorted by start; the furthest end among those starting before a content's end decides
        self.marked = sorted((q.start, q.end, q.cue[0] if q.cue else -1) for q in found)
        self.starts = [start for start, _, _ in self.marked]
        self.reach = list(accumulate((end for _, end, _ in self.marked), max))

    def overlap(self, content: tuple[int, int], nests: bool) -> bool:
        """Whether ``content`` overlaps a quote with marks.  With ``nests``, a quote that the content
        holds whole, with its own cue inside the content too, is a report nested in this one ("said
        Thursday that a 30-day ceasefire proposal is still on the table as he indicated that Ukraine
        accepted the proposal "without any conditions"") and does not count; any other overlap is
        the same report found with its marks.  (No ``nests`` for "according to", the outlet that
        passed a statement on: "..., saying, "My condolences ...," according to The Tribune" is the
        speaker's alone.)"""
        i = bisect_left(self.starts, content[1])
        j = i - 1
        while j >= 0 and self.reach[j] > content[0]:
            if i - j > MAX_NESTED_MARKED:
                return True  # (bounded: more than that many is taken for an overlap)
            start, end, cue = self.marked[j]
            nested = nests and content[0] <= start and end <= content[1] and content[0] <= cue < content[1]
            if end > content[0] and not nested:
                return True
            j -= 1
        return False


def _beside_cue(indices: list[int], cue: int, clause: int) -> list[int]:
    """A reported clause's words on its own side of the cue, when the parser hung words from the
    other side inside it ("Because ..., he explained, no amounts could have been discussed":
    the "because" clause under *discussed*), so that the attribution is never part of what it
    reports."""
    if not indices or not indices[0] < cue < indices[-1]:
        return indices
    return [i for i in indices if i > cue] if clause > cue else [i for i in indices if i < cue]


def _one_speaker_per_cue(quote: Quote, first: Quote) -> None:
    """One cue, one speaker: a later quote of the cue that reported ``first`` takes its speaker,
    found with that quote's words left out ('"...," Flynn said Thursday on Fox News's "Fox and
    Friends"')."""
    if first is not quote and first.speaker is not None:
        quote.speaker, quote.entity = first.speaker, first.entity


def _same_statement(prev: Quote, quote: Quote) -> bool:
    """Whether ``quote`` goes on with the quote before it: one cue, kind and sentence ('"Every
    time," Tester said, "you give..."')."""
    return (quote.cue is not None and prev.cue == quote.cue and prev.kind == quote.kind
            and prev.sentence == quote.sentence)


def find_quotes(sentences: Sequence[Sentence], text: str, paragraphs: Sequence[tuple[int, int]],
                entities: Entities, *, deadline: Deadline = NO_DEADLINE,
                speakers: SpeakerModel | None = None) -> list[Quote]:
    return QuoteFinder(sentences, text, entities, deadline, speakers).find(paragraphs)


def speaker_table(sentences: Sequence[Sentence], text: str, paragraphs: Sequence[tuple[int, int]],
                  entities: Entities) -> list[tuple[Quote, list[Candidate]]]:
    """The quotes the rules give a pronoun or description speaker, each with its candidate entities
    (:class:`~service.extract.speaker_links.SpeakerRanker`): the speaker ranker's training data."""
    finder = QuoteFinder(sentences, text, entities)
    quotes = finder.find(paragraphs)
    return SpeakerRanker(finder.sentences, entities, finder.resolver).table(quotes)
