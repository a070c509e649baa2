"""Stage 6, quotes: direct, mixed and indirect speech, each with its cue and its speaker.

Input: analysed sentences, the paragraph spans and the clustered entities.  Output:
:class:`Quote` records.  Direct quotes come from quotation marks (straight or curly,
across sentences and paragraphs, unbalanced marks tolerated); a quoted fragment inside
reported speech is ``mixed``; a speech verb's complement clause without marks is
``indirect``.  Speakers are the cue's subject (also inverted: "said Foreign Minister
X"), "according to X", or a pronoun resolved to the latest agreeing entity.  The cue
lexicon lives in ``service/data/cues.json``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from service.extract.doc import Sentence, Word
from service.extract.entities import Entities, Mention

OPEN = {'"': '"', "“": "”", "«": "»", "„": "“"}
CLOSE = {'"', "”", "»", "“"}
SUBJECTS = ("nsubj", "nsubj:pass", "csubj")
SPEAKER_TYPES = {"PERSON", "ORG", "GPE", "NORP"}
NOMINAL = {"NOUN", "PROPN", "PRON", "NUM", "X"}
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
    event: str | None = None  # id of the speech event, set by the event stage

    def as_json(self, text: str) -> dict[str, object]:
        def span(s: tuple[int, int] | None) -> dict[str, object] | None:
            return None if s is None else {"text": text[s[0]:s[1]], "start": s[0], "end": s[1]}

        speaker = span(self.speaker)
        if speaker is not None:
            speaker["entity"] = self.entity
        return {"id": self.id, "kind": self.kind, "content": span((self.start, self.end)), "cue": span(self.cue),
                "speaker": speaker, "event": self.event}


@cache
def _cues() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    data = json.loads(resources.files("service.data").joinpath("cues.json").read_text(encoding="utf-8"))
    return (frozenset(data["indirect"]), frozenset(data["fragment"]), frozenset(data["pronouns"]["person"]),
            frozenset(data["pronouns"]["group"]))


def quote_fragments(text: str, paragraphs: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Content spans between quotation marks; a quote left open runs to its paragraph's end,
    and continues into the next paragraph when that one reopens a mark."""
    out: list[tuple[int, int]] = []
    carry: int | None = None
    last_end = 0
    for p_start, p_end in paragraphs:
        i, open_at, closer = p_start, None, ""
        while i < p_end:
            ch = text[i]
            if open_at is None and ch in OPEN and _is_opening(text, i, p_start):
                open_at, closer = i + 1, OPEN[ch]
                if carry is not None and i == p_start:
                    open_at = carry  # a multi-paragraph quote reopened
                carry = None
            elif open_at is not None and (ch == closer or (ch in CLOSE and ch != '"' and closer != '"')):
                out.append((open_at, i))
                open_at = None
            i += 1
        if carry is not None:
            out.append((carry, _trim_end(text, carry, last_end)))
            carry = None
        if open_at is not None:
            carry = open_at
            last_end = p_end
    if carry is not None:
        out.append((carry, _trim_end(text, carry, last_end)))
    return [(s, e) for s, e in out if e - s >= 2]


def _is_opening(text: str, i: int, p_start: int) -> bool:
    ch = text[i]
    if ch != '"':
        return ch in ("“", "«", "„")
    before = text[i - 1] if i > p_start else " "
    return before.isspace() or before in "([{—–-:,;'‘"


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


class QuoteFinder:
    """Attributes quotes in one document."""

    def __init__(self, sentences: Sequence[Sentence], text: str, entities: Entities) -> None:
        self.sentences = sentences
        self.text = text
        self.entities = entities
        self.indirect, self.fragment, self.person_pronouns, self.group_pronouns = _cues()

    # -- cues and speakers -------------------------------------------------------------

    def is_cue(self, word: Word, indirect_only: bool = False) -> bool:
        lemma = word.lemma.lower()
        if lemma == "according" or word.text.lower() == "according":
            return True
        if word.upos not in ("VERB",):
            return False
        return lemma in self.indirect or (not indirect_only and lemma in self.fragment)

    def cue_span(self, sent: Sentence, cue: Word) -> tuple[int, int]:
        if cue.text.lower() == "according":
            fixed = [sent.words[c] for c in sent.children[cue.index] if sent.words[c].deprel == "fixed"]
            return cue.start, (fixed[-1].end if fixed else cue.end)
        return cue.start, cue.end

    def speaker_word(self, sent: Sentence, cue: Word) -> Word | None:
        if cue.text.lower() == "according":
            return sent.words[cue.head] if cue.head >= 0 else None
        if cue.deprel.startswith("acl") and cue.head >= 0:
            return sent.words[cue.head]  # "spokeswoman Christiane Hoffmann telling reporters"
        current: Word | None = cue
        for _ in range(3):
            if current is None:
                return None
            subjects = [sent.words[c] for c in sent.children[current.index] if sent.words[c].deprel in SUBJECTS]
            if subjects:
                return subjects[0]
            if current.deprel in ("advcl", "xcomp", "conj", "acl", "parataxis") and current.head >= 0:
                current = sent.words[current.head]
            else:
                return None
        return None

    def speaker(self, sent: Sentence, cue: Word,
                content: tuple[int, int] | None = None) -> tuple[tuple[int, int] | None, str | None]:
        """The speaker mention (span) and the entity it resolves to."""
        has_subject = any(sent.words[c].deprel in SUBJECTS for c in sent.children[cue.index])
        if not has_subject and cue.text.lower() != "according":
            # "... spokeswoman Christiane Hoffmann telling reporters": a name right before the cue.
            adjacent = next((m for m in self.entities.mentions if m.entity and 0 <= cue.start - m.end <= 1
                             and self.entities.by_id[m.entity].type in SPEAKER_TYPES), None)
            if adjacent is not None and not (content and content[0] <= adjacent.start < content[1]):
                return (adjacent.start, adjacent.end), adjacent.entity
        word = self.speaker_word(sent, cue)
        if word is not None and content is not None and content[0] <= word.start < content[1]:
            word = None  # a misparse: the speaker is never inside what is reported
        if word is None or word.upos not in NOMINAL:
            # "..., said Foreign Minister Peter Szijjarto" / "Meanwhile Hungary, ..., said"
            after = self._first_mention(sent, cue.end, cue.end + 30, named_only=True)
            if after is None and word is not None:
                after = self._first_mention(sent, word.end, cue.start)
            if after is not None:
                return (after.start, after.end), after.entity
            if word is None:
                return None, None
        lower = word.text.lower()
        if word.upos == "PRON":
            if lower in self.person_pronouns:
                ref = self.entities.before(word.start, ("PERSON",))
            elif lower in self.group_pronouns:
                ref = self.entities.before(word.start, ("ORG", "GPE", "NORP"))
            else:
                ref = None
            return (word.start, word.end), (ref.entity if ref else None)
        mention = self._mention_in(sent, word)
        if mention is not None:
            return (mention.start, mention.end), mention.entity
        words = [sent.words[i] for i in sent.subtree(word.index)]
        words = [w for w in words if w.upos != "PUNCT"][:10]
        return (words[0].start, words[-1].end), None

    def _first_mention(self, sent: Sentence, start: int, end: int, named_only: bool = False) -> Mention | None:
        """The first speaker-like mention starting in [start, end) of this sentence; ``named_only``
        leaves out nationalities ("Russian officials" never speak as "Russian")."""
        types = SPEAKER_TYPES - {"NORP"} if named_only else SPEAKER_TYPES
        for m in self.entities.mentions:
            if start <= m.start < min(end, sent.end) and m.entity and self.entities.by_id[m.entity].type in types:
                return m
        return None

    def _mention_in(self, sent: Sentence, word: Word) -> Mention | None:
        """The entity a subject phrase names: its own mention, a name in apposition or
        compound ("Trump's envoy, Keith Kellogg", "spokeswoman Christiane Hoffmann"), or a
        name right after a title ("French Foreign Minister Jean-Noel Barrot")."""
        own = self.entities.at(word.start, word.end)
        if own is not None and own.entity and self.entities.by_id[own.entity].type in SPEAKER_TYPES:
            return own
        # Not a possessor, an adjective or a relative clause: "Trump's envoy", "the French presidency".
        skip = {i for c in sent.children[word.index]
                if sent.words[c].deprel in ("nmod:poss", "acl", "acl:relcl", "amod", "det")
                for i in sent.subtree(c)}
        found = []
        for index in sent.subtree(word.index):
            if index in skip:
                continue
            m = self.entities.at(sent.words[index].start, sent.words[index].end)
            if m is not None and m.entity and self.entities.by_id[m.entity].type in SPEAKER_TYPES:
                found.append(m)
        for m in found:
            if self.entities.by_id[m.entity or ""].type == "PERSON":
                return m
        if found:
            return found[0]
        # A name right after the subject word: a title ("Minister Jean-Noel Barrot") or a
        # misparsed sentence adverb ("Meanwhile Hungary, ..., said").
        following = self._first_mention(sent, word.end, word.end + 2, named_only=True)
        if following is not None and (self.entities.by_id[following.entity or ""].type == "PERSON"
                                      or word.upos == "PROPN"):
            return following
        return None

    # -- spans -------------------------------------------------------------------------

    def _span_of(self, sent: Sentence, indices: Sequence[int]) -> tuple[int, int] | None:
        words = [sent.words[i] for i in sorted(indices)]
        while words and (words[0].upos == "PUNCT" or words[0].deprel == "mark" and words[0].lemma == "that"):
            words = words[1:]
        while words and words[-1].upos == "PUNCT" and words[-1].text not in ('"', "”", "’"):
            words = words[:-1]
        if not words:
            return None
        return words[0].start, words[-1].end

    def sentence_of(self, offset: int) -> int | None:
        for i, sent in enumerate(self.sentences):
            if sent.start <= offset < sent.end:
                return i
        return None

    # -- the finder ----------------------------------------------------------------------

    def find(self, paragraphs: Sequence[tuple[int, int]]) -> list[Quote]:
        quotes: list[Quote] = []
        used_cues: set[tuple[int, int]] = set()
        last_by_paragraph: dict[int, Quote] = {}
        for start, end in quote_fragments(self.text, paragraphs):
            quote = self._attribute_fragment(start, end)
            paragraph = next((i for i, (ps, pe) in enumerate(paragraphs) if ps <= start < pe), -1)
            if quote is None:
                prev = last_by_paragraph.get(paragraph)
                if prev is None or prev.speaker is None:
                    continue  # nothing says who said it: not reported
                s_index = self.sentence_of(start)
                quote = Quote("", "direct", start, end, None, prev.speaker, prev.entity,
                              s_index if s_index is not None else prev.sentence, None)
            elif quote.cue_word is not None:
                used_cues.add((quote.sentence, quote.cue_word))
            if any((q.start, q.end, q.cue) == (quote.start, quote.end, quote.cue) for q in quotes):
                continue  # two fragments of one reported clause ("...", "...") are one quote
            prev = quotes[-1] if quotes else None
            if (prev is not None and quote.cue is not None and prev.cue == quote.cue and prev.kind == quote.kind
                    and prev.sentence == quote.sentence):
                prev.end = max(prev.end, quote.end)  # '"Every time," Tester said, "you give..."': one quote
                continue
            quotes.append(quote)
            last_by_paragraph[paragraph] = quote
        quotes.extend(self._indirect(used_cues, quotes))
        quotes.sort(key=lambda q: q.start)
        for i, quote in enumerate(quotes, 1):
            quote.id = f"Q{i}"
        return quotes

    def _attribute_fragment(self, start: int, end: int) -> Quote | None:
        s_first, s_last = self.sentence_of(start), self.sentence_of(max(start, end - 1))
        if s_first is None or s_last is None:
            return None
        inside = [w for s in self.sentences[s_first:s_last + 1] for w in s.words if start <= w.start and w.end <= end]
        full = self._is_full_quote(start, end, s_first, s_last)
        # A mixed fragment: the speech verb governing it.
        if not full and inside:
            sent = self.sentences[s_first]
            words_here = [w for w in inside if sent.start <= w.start < sent.end]
            if words_here:
                head = next((w for w in words_here if w.head < 0 or not start <= sent.words[w.head].start < end),
                            words_here[0])
                cue = self._governing_cue(sent, head, start, end)
                if cue is not None:
                    return self._make(s_first, cue, "mixed", start, end)
        # Otherwise the nearest cue outside the marks, in the quote's sentences.
        best: tuple[int, int, Word] | None = None
        for s_index in range(s_first, s_last + 1):
            for w in self.sentences[s_index].words:
                if start - 1 <= w.start < end + 1 or not self.is_cue(w):
                    continue
                distance = (w.start - end) if w.start >= end else (start - w.end) + 1
                if best is None or distance < best[0]:
                    best = (distance, s_index, w)
        if best is None:
            return None
        kind = "direct" if full else "mixed"
        return self._make(best[1], best[2], kind, start, end)

    def _governing_cue(self, sent: Sentence, head: Word, start: int, end: int) -> Word | None:
        """The speech verb whose report holds a quoted fragment.

        Climbs through the fragment's ancestors; a cue reached through a complement
        (ccomp/xcomp: "said he would urge ... to "immediately" boost") hands over to a
        higher cue, while a cue that is its own speech act ("adding he expected ...",
        "what he called "..."") keeps the fragment.
        """
        found: Word | None = None
        current = head
        while current.head >= 0:
            current = sent.words[current.head]
            if start <= current.start < end or not self.is_cue(current):
                continue
            found = current
            if current.deprel not in ("ccomp", "xcomp", "csubj"):
                break
        return found

    def _is_full_quote(self, start: int, end: int, s_first: int, s_last: int) -> bool:
        """A whole quoted statement, as opposed to quoted words inside the reporter's sentence.

        Whole: nothing but a cue clause or punctuation around the marks ('"...," she said',
        'He said: "..."'); quoted words followed by more of the reporter's text
        ('"You squeezed employees" to drive up the price, she said') are a fragment.
        """
        first, last = self.sentences[s_first], self.sentences[s_last]
        before = self.text[first.start:start].rstrip(" \"“«„").rstrip()
        if before and not (before.endswith((":", ",")) and len(before) < 200):
            return False
        after_words = [w for w in last.words if w.start >= end and w.upos != "PUNCT"]
        if not after_words or s_last > s_first:
            return True
        # The words after the marks must be the attribution itself: a cue within its first words.
        return any(self.is_cue(w) for w in after_words[:6])

    def _make(self, s_index: int, cue: Word, kind: str, start: int, end: int) -> Quote:
        sent = self.sentences[s_index]
        content = (start, end)
        if kind == "mixed":
            content = self._clause_around(sent, cue, start, end) or content
        speaker, entity = self.speaker(sent, cue, content)
        return Quote("", kind, content[0], content[1], self.cue_span(sent, cue), speaker, entity, s_index,
                     cue.index)

    def _clause_around(self, sent: Sentence, cue: Word, start: int, end: int) -> tuple[int, int] | None:
        """The reported clause that holds a mixed quote: the cue's complement containing it,
        or the sentence without the cue's own clause ("The shift "requires...," Barrot said")."""
        for child in sent.children[cue.index]:
            if sent.words[child].deprel not in CONTENT_RELS + ("obl",):
                continue
            indices = sent.subtree(child)
            span = self._span_of(sent, indices)
            if span and span[0] <= start and end <= span[1] + 1:
                return span
        own = set(sent.subtree(cue.index))
        rest = [w.index for w in sent.words if w.index not in own]
        span = self._span_of(sent, rest) if rest else None
        if span and span[0] <= start and end <= span[1] + 1:
            return span
        return None

    def _indirect(self, used: set[tuple[int, int]], found: Sequence[Quote]) -> list[Quote]:
        """Speech verbs with a complement clause and no quotation marks: indirect speech.

        A cue already reporting a quoted fragment may report another clause too ("Barrot said
        Sunday it would fall to Europe..., adding he expected the U.S. to "revise..."").
        """
        out: list[Quote] = []
        for s_index, sent in enumerate(self.sentences):
            for cue in sent.words:
                if not self.is_cue(cue, indirect_only=True):
                    continue
                contents: list[tuple[int, int] | None]
                if cue.text.lower() == "according":
                    contents = [None if (s_index, cue.index) in used else self._according_content(sent, cue)]
                else:
                    clauses = [c for c in sent.children[cue.index] if sent.words[c].deprel == "ccomp"]
                    contents = [self._span_of(sent, sent.subtree(c)) for c in clauses]
                    if not clauses and cue.deprel == "parataxis" and cue.head >= 0 and (s_index, cue.index) not in used:
                        # "Content clause ..., a source said.": all but the cue's own clause.
                        own = set(sent.subtree(cue.index))
                        contents = [self._span_of(sent, [w.index for w in sent.words if w.index not in own])]
                for content in contents:
                    if content is None or any(q.start < content[1] and content[0] < q.end for q in [*found, *out]):
                        continue  # already reported, with its quotation marks or by another cue
                    speaker, entity = self.speaker(sent, cue, content)
                    if speaker is None:
                        continue
                    out.append(Quote("", "indirect", content[0], content[1], self.cue_span(sent, cue), speaker,
                                     entity, s_index, cue.index))
        return out

    def _according_content(self, sent: Sentence, cue: Word) -> tuple[int, int] | None:
        source = sent.words[cue.head] if cue.head >= 0 else None
        if source is None:
            return None
        own = set(sent.subtree(source.index))
        rest = [w.index for w in sent.words if w.index not in own]
        return self._span_of(sent, rest) if rest else None


def find_quotes(sentences: Sequence[Sentence], text: str, paragraphs: Sequence[tuple[int, int]],
                entities: Entities) -> list[Quote]:
    return QuoteFinder(sentences, text, entities).find(paragraphs)
