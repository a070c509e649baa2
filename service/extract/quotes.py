"""Stage 6, quotes: direct, mixed and indirect speech, each with its cue and its speaker.

Input: analysed sentences, the paragraph spans and the clustered entities.  Output:
:class:`Quote` records.  Direct quotes come from quotation marks (straight or curly,
across sentences and paragraphs, unbalanced marks tolerated); a quoted fragment inside
reported speech is ``mixed``; a speech verb's complement clause without marks is
``indirect``.  Speakers are the cue's subject (also inverted: "said Foreign Minister
X"), "according to X", or a pronoun resolved to the latest agreeing entity outside the
quote; parser slips common in news copy are repaired (a subject found inside the quote or
a date as subject, a speaker misparsed as an apposition between quote and cue, an
attribution cut off by a wrong sentence break).  '"A," she said. "B."' is one quote.  The
cue lexicon lives in ``service/data/cues.json``.
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
# Longest attribution between two parts of one quote ('"A," she said, clapping. "B."').
MAX_ATTRIBUTION = 120
RELATIVES = ("who", "whose", "whom", "which")
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
            elif open_at is not None and _is_closing(text, i, p_start, closer):
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
        return not _is_opening(text, i, p_start)
    return ch in CLOSE


def _is_opening(text: str, i: int, p_start: int) -> bool:
    ch = text[i]
    if ch != '"':
        return ch in ("“", "«", "„")
    before = text[i - 1] if i > p_start else " "
    return before.isspace() or before in "([{—–-:,;'‘"


def _participle(sent: Sentence, word: Word) -> bool:
    """A subjectless -ing verb ("adding ...", "going on to say ..."): an act of the subject above it,
    even when parsed as that verb's complement."""
    return (word.upos == "VERB" and word.text.lower().endswith("ing")
            and not any(sent.words[c].deprel in SUBJECTS + ("aux",) for c in sent.children[word.index]))


def _relative_before(sent: Sentence, clause: int, cue: Word) -> bool:
    """A relative clause on the subject misparsed as the cue's complement ("Hungary, whose Prime
    Minister Viktor Orban is close to both Trump and Putin, said that ...")."""
    words = [sent.words[i] for i in sent.subtree(clause) if sent.words[i].upos not in ("PUNCT", "CCONJ")]
    return bool(words) and words[-1].end <= cue.start and words[0].text.lower() in RELATIVES


def _ends_with_comma(text: str, start: int, end: int) -> bool:
    """A quote closed by a comma, also before an inner closing mark ("... super predator,’”")."""
    return text[start:end].rstrip().rstrip("'’\"”").endswith(",")


def _inside(word: Word, content: tuple[int, int] | None) -> bool:
    return content is not None and content[0] <= word.start < content[1]


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

    def speaker_word(self, sent: Sentence, cue: Word, content: tuple[int, int] | None = None) -> Word | None:
        """The cue's subject (climbing from a subordinate or conjoined cue); a subject inside
        the reported content is a misparse of the quote ('"My hope," he said': not "hope")."""
        if cue.text.lower() == "according":
            return sent.words[cue.head] if cue.head >= 0 else None
        own = any(self._subject(sent.words[c], content) for c in sent.children[cue.index])
        if cue.deprel.startswith("acl") and cue.head >= 0 and not own:
            return sent.words[cue.head]  # "spokeswoman Christiane Hoffmann telling reporters"
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
            subjects = [sent.words[c] for c in sent.children[current.index] if self._subject(sent.words[c], content)]
            if subjects:
                # Two subjects are a misparsed title and name ("Foreign Minister" + "Jean-Noel
                # Barrot"): the one naming someone speaks.
                return next((w for w in subjects if self._mention_in(sent, w) is not None), subjects[0])
            # A participle cue is the subject's own speech act even when parsed as a complement
            # ('"...," Trump said, adding later, "..."').
            participle = current.deprel == "ccomp" and _participle(sent, current)
            if (current.deprel in ("advcl", "xcomp", "conj", "acl", "parataxis") or participle) and current.head >= 0:
                current = sent.words[current.head]
            else:
                return None
        return None

    def _cue_above(self, sent: Sentence, word: Word, levels: int = 5) -> Word | None:
        """The nearest speech verb among ``word``'s ancestors."""
        current = word
        for _ in range(levels):
            if current.head < 0:
                return None
            current = sent.words[current.head]
            if self.is_cue(current):
                return current
        return None

    def _subject(self, word: Word, content: tuple[int, int] | None) -> bool:
        """A subject that can be the speaker: not inside the reported content (a misparse of
        '"My hope," he said') and not a date ('said Thursday morning' parsed as a subject)."""
        return word.deprel in SUBJECTS and not _inside(word, content) and not self._is_timex(word)

    def _is_timex(self, word: Word) -> bool:
        return any(m.start <= word.start < m.end for m in self.entities.timex_mentions)

    def _participle_cue(self, sent: Sentence, word: Word) -> bool:
        """A subjectless -ing speech verb ("adding", "saying"): a speech act of the subject above it."""
        return self.is_cue(word, indirect_only=True) and _participle(sent, word)

    def speaker(self, sent: Sentence, cue: Word,
                content: tuple[int, int] | None = None) -> tuple[tuple[int, int] | None, str | None]:
        """The speaker mention (span) and the entity it resolves to."""
        has_subject = any(self._subject(sent.words[c], content) for c in sent.children[cue.index])
        if not has_subject and cue.text.lower() != "according":
            # "... spokeswoman Christiane Hoffmann telling reporters": a name right before the cue.
            adjacent = next((m for m in self.entities.mentions if m.entity and 0 <= cue.start - m.end <= 1
                             and self.entities.by_id[m.entity].type in SPEAKER_TYPES), None)
            if adjacent is not None and not (content and content[0] <= adjacent.start < content[1]):
                return (adjacent.start, adjacent.end), adjacent.entity
        word = self.speaker_word(sent, cue, content)
        if word is not None and _inside(word, content):
            word = None  # a misparse: the speaker is never inside what is reported
        if word is None or word.upos not in NOMINAL:
            # '"...," Scott Pruitt, the attorney general of Oklahoma, said': the speaker stands
            # between the quote and its cue (misparsed as an apposition inside the quote).
            found = self._between(sent, content, cue) if word is None else None
            # "..., said Foreign Minister Peter Szijjarto" / "Meanwhile Hungary, ..., said"
            if found is None:
                found = self._first_mention(sent, cue.end, cue.end + 30, named_only=True, content=content)
            if found is None and word is not None:
                found = self._first_mention(sent, word.end, cue.start, content=content)
            if found is not None:
                return (found.start, found.end), found.entity
            if word is None:
                # '"...," said one Democratic source on the panel': an inverted subject parsed as object.
                word = self._inverted(sent, cue, content)
                if word is None:
                    return None, None
        lower = word.text.lower()
        if word.upos == "PRON":
            if lower in self.person_pronouns:
                ref = self._antecedent(word.start, ("PERSON",), content)
            elif lower in self.group_pronouns:
                ref = self._antecedent(word.start, ("ORG", "GPE", "NORP"), content)
            else:
                ref = None
            return (word.start, word.end), (ref.entity if ref else None)
        mention = self._mention_in(sent, word)
        if mention is not None:
            return (mention.start, mention.end), mention.entity
        words = [sent.words[i] for i in sent.subtree(word.index)]
        words = [w for w in words if w.upos != "PUNCT"][:10]
        return (words[0].start, words[-1].end), None

    def _antecedent(self, offset: int, types: tuple[str, ...], content: tuple[int, int] | None) -> Mention | None:
        """The latest mention of ``types`` before a pronoun, leaving out the words of the quote
        itself ('"Notice Trump sniffing," he said': "he" is not Trump)."""
        if content is None or not content[0] < offset:
            return self.entities.before(offset, types)
        ref = self.entities.before(content[0], types) if offset >= content[1] else None
        after = [m for m in self.entities.mentions if content[1] <= m.start and m.end <= offset and m.entity
                 and self.entities.by_id[m.entity].type in types]
        return after[-1] if after else ref

    def _between(self, sent: Sentence, content: tuple[int, int] | None, cue: Word) -> Mention | None:
        """A speaker named between a quote and the cue that follows it, with no other clause
        in between: a person first ("Scott Pruitt, the Republican attorney general of Oklahoma")."""
        if content is None or not content[1] <= cue.start:
            return None
        between = [w for w in sent.words if content[1] <= w.start < cue.start]
        if any(w.upos in ("VERB", "AUX") and w.feat("VerbForm") == "Fin" and not self._in_relative(sent, w)
               for w in between):
            return None
        found = [m for m in self.entities.mentions if content[1] <= m.start and m.end <= cue.start
                 and sent.start <= m.start and m.entity and self.entities.by_id[m.entity].type in SPEAKER_TYPES]
        ranked = sorted(found, key=lambda m: ({"PERSON": 0, "NORP": 2}.get(self.entities.by_id[m.entity or ""].type, 1),
                                              m.start))
        return ranked[0] if ranked else None

    @staticmethod
    def _in_relative(sent: Sentence, word: Word) -> bool:
        """Whether a verb belongs to a relative clause (also one misparsed as a complement:
        "Malkia Cyril, ... and who's also featured in the film, told")."""
        current = word
        for _ in range(4):
            if current.deprel == "acl:relcl" or any(sent.words[c].text.lower() in RELATIVES
                                                    for c in sent.children[current.index]):
                return True
            if current.head < 0:
                return False
            current = sent.words[current.head]
        return False

    def _inverted(self, sent: Sentence, cue: Word, content: tuple[int, int] | None) -> Word | None:
        """The noun right after a cue that directly follows its quote, when the parser made the
        inverted subject an object ('"...," said one Democratic source'); never a date."""
        if content is None or not content[1] <= cue.start:
            return None
        if any(w.upos != "PUNCT" for w in sent.words if content[1] <= w.start < cue.start):
            return None
        for c in sent.children[cue.index]:
            w = sent.words[c]
            if w.start < cue.end or w.deprel not in ("obj", "iobj", "nsubj", "appos", "dep"):
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
        for m in self.entities.mentions:
            if (start <= m.start < min(end, sent.end) and m.entity and self.entities.by_id[m.entity].type in types
                    and not (content and content[0] <= m.start < content[1])):
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
        if word.upos == "NOUN":
            # "one Democratic source on the panel", "Russian officials": the phrase speaks, not the nationality.
            found = [m for m in found if self.entities.by_id[m.entity or ""].type != "NORP"]
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
        # A run of titles before the name, split into several subjects ("Retired Lt. Gen. Michael Flynn").
        run = []
        for w in sent.words[word.index:word.index + 6]:
            if w.upos != "PROPN":
                break
            run.append(w)
        if word.upos == "PROPN" and len(run) > 1:
            person = self._first_mention(sent, run[1].start, run[-1].end)
            if person is not None and self.entities.by_id[person.entity or ""].type == "PERSON":
                return person
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
        by_cue: dict[tuple[int, int], Quote] = {}
        last_by_paragraph: dict[int, Quote] = {}
        for start, end in quote_fragments(self.text, paragraphs):
            quote = self._attribute_fragment(start, end)
            paragraph = next((i for i, (ps, pe) in enumerate(paragraphs) if ps <= start < pe), -1)
            if quote is None:
                prev = last_by_paragraph.get(paragraph)
                if prev is None or prev.speaker is None:
                    continue  # nothing says who said it: not reported
                if self._continues(prev, start):
                    prev.end = max(prev.end, end)  # '"Here he is, babe," she said. "Donald's here, babe."'
                    continue
                s_index = self.sentence_of(start)
                quote = Quote("", "direct", start, end, None, prev.speaker, prev.entity,
                              s_index if s_index is not None else prev.sentence, None)
            elif quote.cue_word is not None:
                key = (quote.sentence, quote.cue_word)
                first = by_cue.setdefault(key, quote)
                if first is not quote and first.speaker is not None:
                    # One cue, one speaker: the first quote's, found with that quote's words left out
                    # ('"...," Flynn said Thursday on Fox News's "Fox and Friends"').
                    quote.speaker, quote.entity = first.speaker, first.entity
                used_cues.add(key)
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

    def _continues(self, prev: Quote, start: int) -> bool:
        """Whether a quote with no cue of its own goes on with the direct quote just before it,
        across nothing but that quote's attribution ('"A," she said. "B."': one statement)."""
        if prev.kind != "direct" or prev.cue is None or not prev.end <= prev.cue[0] < start:
            return False
        gap = self.text[prev.end:start - 1]  # from the closing mark to the reopening one
        return len(gap) <= MAX_ATTRIBUTION and all(c not in gap[1:] for c in "\n" + "".join(OPEN))

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
            cue = self._continued_attribution(s_last, end)
            return None if cue is None else self._make(s_last + 1, cue, "direct", start, end)
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
        via_parataxis = False
        while current.head >= 0:
            via_parataxis = via_parataxis or current.deprel == "parataxis"
            current = sent.words[current.head]
            if start <= current.start < end or not self.is_cue(current):
                continue
            found = current
            if current.deprel not in ("ccomp", "xcomp", "csubj"):
                break
        if found is not None and via_parataxis and found.end <= start:
            # Parataxis is where the parser puts a report it could not attach: a speech verb
            # standing between that cue and the fragment is the one reporting it ("Germany
            # agreed, with spokeswoman Christiane Hoffmann telling reporters it was "premature"").
            nearer = [w for w in sent.words if found.end <= w.start and w.end <= start and self.is_cue(w)]
            if nearer:
                return nearer[-1]
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
        # The words after the marks must be the attribution itself: a cue within its first words,
        if any(self.is_cue(w) for w in after_words[:6]):
            return True
        # or, after a quote closed by a comma, a longer speaker phrase with no clause of the
        # reporter's own before the cue ('"...," Senate Majority Leader Mitch McConnell, R-Ky., said').
        if not _ends_with_comma(self.text, start, end):
            return False
        return self._cue_ahead(last, after_words) is not None or self._continued_attribution(s_last, end) is not None

    def _cue_ahead(self, sent: Sentence, words: Sequence[Word], limit: int = 25) -> Word | None:
        """The first cue among ``words`` (a speaker phrase then its cue), unless a finite verb
        outside a relative clause comes first."""
        for w in words[:limit]:
            if self.is_cue(w):
                return w
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
        words = [w for w in following.words if w.upos != "PUNCT"]
        after = [w for w in last.words if w.start >= end and w.upos != "PUNCT"]
        if not after:
            if self.text[end:following.start].strip(" \"”»'’.,?!") or not words:
                return None
            cue = self._cue_ahead(following, words, limit=6)
            if cue is None or any(following.words[c].deprel in ("ccomp", "xcomp", "parataxis")
                                  for c in following.children[cue.index]):
                return None
            return cue
        if (len(after) > 4 or not _ends_with_comma(self.text, 0, end)
                or any(w.upos not in ("PROPN", "NOUN", "ADJ", "DET") for w in after)
                or not after[-1].text.endswith(".")):
            return None
        return self._cue_ahead(following, words, limit=10)

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
        # The words after the cue's phrase, when the parser attached the report elsewhere
        # ("..., with spokeswoman Christiane Hoffmann telling reporters it was "premature" ...").
        after = [i for i in rest if i > max(own)]
        for part in (after, rest):
            span = self._span_of(sent, part) if part else None
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
                    # Not a participle cue of its own ("said, adding ..."): it reports its own clause.
                    clauses = [c for c in sent.children[cue.index] if sent.words[c].deprel == "ccomp"
                               and not self._participle_cue(sent, sent.words[c])
                               and not _relative_before(sent, c, cue)]
                    contents = [self._span_of(sent, self._own_report(sent, c)) for c in clauses]
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

    def _own_report(self, sent: Sentence, clause: int) -> list[int]:
        """A reported clause without a trailing "..., adding ..." that the parser hung inside it:
        that participle is a speech act of its own, reported separately."""
        indices = sent.subtree(clause)
        for i in indices:
            w = sent.words[i]
            if i != clause and w.deprel in ("conj", "advcl") and self._participle_cue(sent, w) \
                    and not any(self._subject(sent.words[c], None) for c in sent.children[i]):
                cut = sent.subtree(i)
                first = min(cut)
                # Only a tail of the clause, so that the content stays one contiguous span.
                if max(cut) == max(indices):
                    return [j for j in indices if j < first]
        return indices

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
