"""Pronoun -> entity: the one resolver behind quote speakers and event participants.

Both stages ask the same question ("whom does this *he* / *they* / *who* name?") and get the
same answer, so a pronoun never resolves to two entities in one response:

- a pronoun that is a quote's speaker resolves to that quote's speaker entity (the quote stage
  answers first, with the rules below; the event stage is built with its quotes and reuses
  the answer for the speech event's agent);
- a first-person pronoun inside a direct quote ("I", "me", "my") names the quote's speaker;
- a relative pronoun that is the subject or object of its relative clause ("Tusk, who said")
  names the noun the clause hangs on;
- a person pronoun (``pronouns.json`` ``person``, and ``first_person`` as a quote's speaker
  outside any quote) names the latest PERSON before it, a group pronoun (``group``) the latest
  ORG, GPE or NORP (as a quote's speaker, the latest one that is a subject within
  ``subject_sentences``, where there is one: "The Met Office said ... lash the UK. It added
  that ...": *It* is the Met Office; not for *he*/*she*, where the subject and the person
  named after it are often of different genders the text does not mark: "Elizabeth Warren
  introduced Joe Biden ... he said"), passing over names inside quotation marks the pronoun is not in
  ('"Notice Trump sniffing," he said': *he* is not Trump) and, for *he*/*she*, people the
  text genders otherwise ("her husband Jimmy");
- any other pronoun ("you", "this", "someone") names no entity.

Definite descriptions resolve too (:meth:`PronounResolver.described`): "the department" names
the latest entity whose name ends in "department", "the sheriff" the latest person introduced with
that title ("Sheriff Mike Chitwood", a word of aliases.json ``titles``), and a noun of
``pronouns.json`` ``described`` ("the company", "the country") failing that the latest entity of
its type.

A document that speaks ("the statement said", "its release said") names its issuer
(:meth:`PronounResolver.issuer`): the owner a possessive names or the source after "from", else
the latest organisation.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from service.extract.lexicons import PronounLexicon, load_lexicons
from service.nlp.records import Sentence, Word

if TYPE_CHECKING:
    from service.extract.entities import Entities, Mention
    from service.extract.quotes import Quote

PERSON_TYPES = ("PERSON",)
#: Entities a definite description can name by the last word of their name.
NAMED_BY_HEAD = frozenset({"ORG", "GPE", "FAC", "LOC"})
DEFINITE = frozenset({"the", "this", "that"})
POSSESSIVE_MARKS = frozenset({"'", "’", "'s", "’s"})
#: The words right before a name, with at most a comma or a space between ("spokesman Stephane Dujarric"),
#: an abbreviated title's period dropped ("Detective Lt. Gerald Poirier").
TITLE_BEFORE = re.compile(r"((?:[A-Za-z]+\.? )*[A-Za-z]+)\.?[ ,]{1,2}\Z")
#: How far back a title before a name is looked for: one with its complement ("The spokesperson of the
#: Police Command in Kogi, William Aya") runs to some forty characters before the name.
TITLE_WINDOW = 80
#: The prepositions that join a title to what it is a title of ("Minister for Education", "Minister of State").
TITLE_COMPLEMENTS = frozenset({"of", "for"})
#: The small words a title's complement in title case may hold ("Minister of State for Information Technology").
TITLE_CASE_SMALL = frozenset({"of", "for", "and", "the", "in", "on"})
#: Words that end an appositive's own title ("spokesman for ...", "a friend of the president").
APPOSITIVE_STOPS = frozenset({"of", "for", "at", "with", "to", "in", "on", "from", "who", "whose", "which", "that",
                              "under"})
#: A word of an appositive's title (no punctuation: a comma ends the title).
TITLE_WORD = re.compile(r"\w[\w'’.-]*")
#: A title after these is one the person no longer holds ("a former governor").
PAST_TITLE_WORDS = frozenset({"former", "ex", "then", "late", "retired"})
#: Courtesy titles that may stand between an office and the name ("Foreign Minister Dr Hasan Mahmud").
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "rev"})
#: First words of an office that news does not name by its last word ("Vice President", "Deputy
#: Minister", "Prime Minister"): "the president" is not the vice president, "the minister" no prime minister.
RANK_MODIFIERS = frozenset({"vice", "deputy", "assistant", "associate", "lt", "lieutenant", "under", "co", "sub",
                            "prime", "chief"})
GROUP_TYPES = ("ORG", "GPE", "NORP")
#: How far (characters) from an earlier mention of a document its issuer's name is looked for.
ISSUER_WINDOW = 60
#: Between a document's noun and its issuer named after it: "sent out by the", "issued Thursday by", "from the".
ISSUED_BY = re.compile(r"(?:\s+[\w-]+){0,3}?\s+(?:by|from)\s+(?:the\s+)?\Z", re.IGNORECASE)
#: A document's issuer named as the agent after it, a few words, "by" or "from" and the issuer's titles
#: between: "issued by the", "posted to Facebook by Tyler County Prosecuting Attorney", "from".
AGENT_AFTER = re.compile(r"(?:\s+[\w-]+){0,4}?\s+(?i:by|from)\s+(?:the\s+)?(?:[A-Z][\w.'’-]*\s+){0,5}\Z")
#: How far after a document's noun (characters) its agent may start.
AGENT_WINDOW = 100
#: The types an issuing agent has.
AGENT_TYPES = ("ORG", "PERSON", "GPE")
#: How far back (characters) the earlier mention of a document is looked for.
ISSUER_LOOKBACK = 4000
#: Relations a relative pronoun has inside its clause when it stands for the noun above it.
RELATIVE_RELS = ("nsubj", "nsubj:pass", "obj")
SUBJECT_RELS = ("nsubj", "nsubj:pass")
OBJECT_RELS = ("obj", "iobj")


def possessive_compounds(sent: Sentence, word: Word) -> list[Word]:
    """The possessors the parser hangs on ``word`` as compounds: a name with a bare apostrophe
    ("Thomas' defense attorney", "Jones' lawyer") is read as a compound and the mark as punctuation."""
    return [p for p in sent.dependents(word, "compound") if p.upos == "PROPN" and p.index + 1 < len(sent.words)
            and sent.words[p.index + 1].text in POSSESSIVE_MARKS]


class PronounResolver:
    """Resolves pronouns of one document to entity ids (see the module docstring).

    ``quotes`` are the document's quotes once the quote stage has run (the event stage passes
    them); the quote stage itself builds a resolver without them.
    """

    def __init__(self, entities: Entities, pronouns: PronounLexicon, quotes: Sequence[Quote] = (), *,
                 text: str = "", quoted: Sequence[tuple[int, int]] = (), sentences: Sequence[Sentence] = ()) -> None:
        self.entities = entities
        self.sentences = sentences  # (for the subjects a speaker "it" or "they" prefers; none: no preference)
        self.pronouns = pronouns
        self.text = text
        # Spans in quotation marks: a pronoun outside one never resolves to a name inside it.
        self._marks = sorted(quoted) if quoted else sorted((q.start, q.end) for q in quotes if q.kind == "direct")
        self._mark_starts = [start for start, _ in self._marks]
        self._genders: dict[str, str | None] = {}
        self._speakers = {q.speaker[0]: q.entity for q in quotes if q.speaker is not None}
        # Direct quotes never overlap: sorted by start, a binary search finds the one holding an offset.
        quoted = sorted((q.start, q.end, q.entity) for q in quotes if q.kind == "direct" and q.entity)
        self._quoted_starts = [start for start, _, _ in quoted]
        self._quoted = quoted
        self._heads: dict[str, tuple[list[int], list[str]]] | None = None  # built by described()

    def add_reported(self, span: tuple[int, int]) -> None:
        """Treat a reported clause found without quotation marks like marked words: a pronoun
        after it passes over the names inside it ("X said that ... Speaker Asad Qaiser had
        insulted ... He claimed": *He* is X).  ``span`` overlaps no span already held."""
        i = bisect.bisect_left(self._mark_starts, span[0])
        self._marks.insert(i, span)
        self._mark_starts.insert(i, span[0])

    def entity_for(self, sent: Sentence, word: Word, *, as_speaker: bool = False,
                   content: tuple[int, int] | None = None) -> str | None:
        """The entity ``word`` (a pronoun of ``sent``) refers to, or None.

        ``as_speaker``: the word is the speaker of a quote whose content is ``content``.
        """
        if word.start in self._speakers:
            return self._speakers[word.start]
        lower = word.text.lower()
        if lower in self.pronouns.first_person and (speaker := self._speaker_around(word.start)):
            return speaker
        if lower in self.pronouns.relative and word.deprel in RELATIVE_RELS:
            return self._relative_head(sent, word)
        if lower in self.pronouns.person or (as_speaker and lower in self.pronouns.first_person):
            ref = self._antecedent(word.start, PERSON_TYPES, content, lower)
            if as_speaker and ref is not None and not self._has_role(ref, SUBJECT_RELS + OBJECT_RELS):
                # "Tsvangirai has rejected a unity government with Mugabe ... 'It does not address
                # the problems,' he said": the person the text is about, not one it named in passing
                # (an object stays: "Warren introduced Biden ... he said" is Biden)
                ref = self._subject_antecedent(sent, word.start, content, PERSON_TYPES, 1, lower) or ref
        elif lower in self.pronouns.group:
            subject = self._subject_antecedent(sent, word.start, content) if as_speaker else None
            ref = subject or self._antecedent(word.start, GROUP_TYPES, content)
        else:
            return None
        return ref.entity if ref else None

    def described(self, sent: Sentence, word: Word) -> str | None:
        """The entity a definite description names ("the department", "the sheriff's office",
        "the Miami-based center"): the latest entity before it whose name ends in the same noun,
        else for a noun of ``described`` the latest entity of that type; None otherwise."""
        titles = load_lexicons().entities.titles
        noun = word.lemma.lower()
        # the tagger often calls a title in capitals a proper noun ("The CEO said")
        if not (word.upos == "NOUN" or (word.upos == "PROPN" and noun in titles)) or not self._definite(sent, word):
            return None
        before = sent.words[word.index - 1] if word.index > 0 else None
        if before is not None and f"{before.text.lower()} {noun}" in titles:
            noun = f"{before.text.lower()} {noun}"  # "the chief executive"
        noun = self.pronouns.title_synonyms.get(noun, noun)
        noun = self.pronouns.bodies.get(word.text.lower(), noun)  # "the justices" -> the court (plural only)
        # (before the description's own words: "The DFM-listed company" is not DFM)
        start = sent.words[sent.subtree(word.index)[0]].start
        # "the central bank": the name whose words before "of" these are, if any ("Central Bank of Kenya")
        modifiers = [w.text.lower() for w in sent.dependents(word, ("amod", "compound")) if w.index < word.index]
        ends, ids = self._by_head().get(" ".join([*modifiers, word.text.lower()]), ((), ())) if modifiers else ((), ())
        if not ends:
            ends, ids = self._by_head().get(noun, ((), ()))
        i = bisect.bisect_right(ends, start) - 1
        if i >= 0:
            return ids[i]
        for etype, nouns in self.pronouns.described.items():
            if noun in nouns and (ref := self._salient(sent, start, etype)) is not None:
                return ref.entity
        return None

    def _salient(self, sent: Sentence, start: int, etype: str) -> Mention | None:
        """The entity of ``etype`` a bare description ("the company", "the retailer") at ``start``
        takes: a subject of its own sentence, else the latest of its own sentence, else a subject of
        the sentence before, else the latest before.  News calls the body its story is about "the
        company" after naming it as a subject ("Payless ShoeSource filed for bankruptcy in U.S.
        Bankruptcy Court, the company said" is Payless, not the court named last)."""
        # (one walk back over both sentences: it meets a subject of this sentence before one of the last)
        subject = self._subject_antecedent(sent, start, None, (etype,), 1)
        if subject is not None and subject.sentence == sent.index:
            return subject
        latest = self.entities.before(start, (etype,))
        if latest is not None and latest.sentence == sent.index:
            return latest
        return subject or latest

    def member_described(self, sent: Sentence, word: Word, content: tuple[int, int] | None) -> str | None:
        """The person a definite singular party or nationality noun refers back to ("The Republican
        from Sioux Falls says ...", "the 73-year-old Democrat said"): news names a person, then
        calls them by their party or nation.  A subject person of this sentence or the one before,
        else the latest person before the phrase (quoted words passed over); None when the noun is
        not such a description (plural, lower-case, or with no "the" or another determiner).  The
        caller checks that the noun is a NORP mention's own word."""
        determiners = [d.lemma.lower() for d in sent.dependents(word, "det")]
        if word.xpos not in ("NNP", "NN") or not word.text[:1].isupper() or determiners != ["the"]:
            return None
        start = sent.words[sent.subtree(word.index)[0]].start
        ref = (self._subject_antecedent(sent, start, content, PERSON_TYPES, 1)
               or self._antecedent(start, PERSON_TYPES, content))
        return ref.entity if ref else None

    def issuer(self, sent: Sentence, word: Word) -> str | None:
        """The entity behind a document that speaks (a noun of ``documents``: "the statement said",
        "its release said", "according to the company's website"): the owner a possessive names
        (a pronoun resolved, or a definite description) or the source a "from" phrase names ("a
        press release from Food City"), else the latest organisation before it.
        News lets a statement speak for whoever issued it, and names the issuer first."""
        if word.upos != "NOUN" or word.lemma.lower() not in self.pronouns.documents:
            return None
        for owner in sent.dependents(word, "nmod:poss"):
            found = self.entity_for(sent, owner) if owner.upos == "PRON" else self.described(sent, owner)
            if found is not None or owner.upos in ("PRON", "PROPN"):
                return found  # (an owner named but not found is not the latest organisation)
        for source in sent.dependents(word, "nmod"):
            # "according to a press release from Food City": the document's source issued it
            if "from" in sent.dependent_lemmas(source, "case"):
                named = self.entities.at(source.start, source.end)
                found = named.entity if named is not None else self.described(sent, source)
                if found is not None or source.upos == "PROPN":
                    return found
        if (agent := self._agent_after(word)) is not None:
            return agent
        start = sent.words[sent.subtree(word.index)[0]].start
        if self._definite(sent, word) and (earlier := self._earlier_issuer(word, start)) is not None:
            return earlier
        ref = self.entities.before(start, ("ORG",))
        # (not the service it was posted on: "announced on Facebook ... according to the post")
        while ref is not None and ref.text.lower() in self.pronouns.platforms:
            ref = self.entities.before(ref.start, ("ORG",))
        return ref.entity if ref else None

    def _agent_after(self, word: Word) -> str | None:
        """The issuer named as the agent right after a document's noun, whatever the parse made of
        it ("a statement issued by the Health Ministry", "a press release posted to Facebook by
        Tyler County Prosecuting Attorney D. Luke Furbee"): of the mentions ``AGENT_AFTER`` reaches,
        the last, as titles and places before a name are the name's ("Tyler County" is not the issuer)."""
        found = None
        for m in self.entities.starting_in(word.end, word.end + AGENT_WINDOW):
            if not m.entity or m.text.lower() in self.pronouns.platforms:
                continue
            if self.entities.by_id[m.entity].type in AGENT_TYPES and AGENT_AFTER.match(self.text, word.end, m.start):
                found = m
        return found.entity if found else None

    def _earlier_issuer(self, word: Word, start: int) -> str | None:
        """For "the release" / "the statement": the organisation named with the latest earlier
        mention of that document ("according to a Washington County Sheriff's Office news release",
        "a statement issued Thursday by Combined Joint Task Force", "a press release sent out by the
        KCSO"), the one nearest the noun within ``ISSUER_WINDOW`` characters of it, else None.  A
        definite description names the document the text has already introduced, and its issuer with it."""
        # (only so far back: a hostile text of thousands of "the statement said" costs each one a bounded search)
        low = max(0, start - ISSUER_LOOKBACK)
        found = None
        for m in re.finditer(rf"\b{re.escape(word.lemma.lower())}s?\b", self.text[low:start], re.IGNORECASE):
            found = m
        if found is None:
            return None
        at, end = low + found.start(), low + found.end()
        near = [m for m in self.entities.starting_in(max(0, at - ISSUER_WINDOW), end + ISSUER_WINDOW)
                if m.entity and self.entities.by_id[m.entity].type == "ORG"
                and m.text.lower() not in self.pronouns.platforms]
        # Before the noun on its line ("a Washington County Sheriff's Office news release"), else after
        # it as the agent ("a press release sent out by the KCSO", "a statement issued Thursday by ...").
        before = [m for m in near if m.end <= at and "\n" not in self.text[m.end:at]]
        if before:
            return before[-1].entity
        after = next((m for m in near if m.start >= end and ISSUED_BY.match(self.text, end, m.start)), None)
        return after.entity if after else None

    @staticmethod
    def _definite(sent: Sentence, word: Word) -> bool:
        """"the company", "this agency", and a possessive one: "the sheriff's office".  (Not "his
        company" nor "Trump's lawyer": the latest company or lawyer is not theirs.)"""
        if any(d.lemma.lower() in DEFINITE for d in sent.dependents(word, "det")):
            return True
        return any(p.upos == "NOUN" and any(d.lemma.lower() == "the" for d in sent.dependents(p, "det"))
                   for p in sent.dependents(word, "nmod:poss"))

    def _by_head(self) -> dict[str, tuple[list[int], list[str]]]:
        """Last word of each ORG/GPE/FAC/LOC entity's name (lower case) -> the ends of its
        mentions, in order, and their entity ids."""
        if self._heads is None:
            heads: dict[str, list[tuple[int, str]]] = {}
            for entity in self.entities.entities:
                if entity.type in NAMED_BY_HEAD and entity.name.split():
                    # and the words before "of" ("Central Bank of Kenya" is later "the central bank"; not
                    # "the bank" alone, which is the latest bank spoken of)
                    named = entity.name.split(" of ")[0].lower() if " of " in entity.name else ""
                    for head in {entity.name.split()[-1].lower().rstrip(".,"), *([named] if " " in named else [])}:
                        heads.setdefault(head, []).extend((m.end, entity.id) for m in entity.mentions)
                elif entity.type in PERSON_TYPES:
                    for m in entity.mentions:
                        for title in self._titles_of(m):
                            heads.setdefault(title, []).append((m.end, entity.id))
            self._heads = {}
            for head, found in heads.items():
                found.sort()
                self._heads[head] = ([end for end, _ in found], [entity for _, entity in found])
        return self._heads

    def other_rank(self, noun: str, mentions: Sequence[Mention]) -> bool:
        """Whether a person's mentions introduce them with a lower or other rank of the office ``noun``
        names, and never with ``noun`` itself: "Vice President Kamala Harris" is not "the president"."""
        titles = [t for m in mentions for t in self._titles_of(m)]
        return noun not in titles and any(len(parts := t.split()) > 1 and parts[-1] == noun
                                          and parts[0] in RANK_MODIFIERS for t in titles)

    def _titles_of(self, m: Mention) -> list[str]:
        """The titles a person is introduced with, which a later "the spokesman", "the sheriff", "the
        CEO" names (as pronouns.json's ``title_synonyms`` name them): the longest title of aliases.json
        ending right before the name ("UN spokesman Stephane Dujarric", "Sheriff Mike Chitwood",
        "Airtel Nigeria Chief Executive Segun Ogunsanya", "Lt. Gerald Poirier"), and those of an
        appositive right after it ("Abu Qudama, spokesman for Jaish-e-Mohammed")."""
        before = TITLE_BEFORE.search(self.text, max(0, m.start - TITLE_WINDOW), m.start)
        words = (before.group(1).replace(".", "").split() if before else m.text.split()[:1]) if m.text.split() else []
        titles = self._title_ending(words)
        gap = self.text[before.end(1):m.start] if before is not None else "."
        if not titles and "." not in gap:  # (not across a sentence's end: "... governor of Indiana. Pence")
            titles = self._title_with_complement(words, comma="," in gap)
        return titles + self._appositive_titles(m)

    def _title_ending(self, words: Sequence[str]) -> list[str]:
        """The longest title of aliases.json that ends ``words``, as ``title_synonyms`` names it (or none),
        looked for before a courtesy title too ("Foreign Minister Dr Hasan Mahmud"); with an office's
        last word when that is a title of its own and the office no lower rank of it ("Foreign
        Minister ..." is later "the minister", "Vice President ..." is no "president")."""
        lexicon = load_lexicons().entities
        if len(words) > 1 and words[-1].lower() in HONORIFICS and (office := self._title_ending(words[:-1])):
            return office
        for n in range(min(len(words), lexicon.title_max_words), 0, -1):
            parts = [w.lower() for w in words[-n:]]
            title = " ".join(parts)
            if title in lexicon.titles:
                found = [self.pronouns.title_synonyms.get(title, title)]
                if n > 1 and parts[-1] in lexicon.titles and parts[0] not in RANK_MODIFIERS:
                    found.append(self.pronouns.title_synonyms.get(parts[-1], parts[-1]))
                return found
        return []

    def _title_with_complement(self, words: Sequence[str], comma: bool) -> list[str]:
        """A title followed by what it is a title of, right before the name: in title case ("Federal
        Minister for Education Shafqat Mahmood", "Union Minister of State for Information Technology
        Rajeev Chandrasekhar") or set off by a comma ("The spokesperson of the Police Command in Kogi,
        William Aya").  Not the object of the preposition: in "the lawyer for the family of John Smith"
        John Smith is no lawyer."""
        for i in range(len(words) - 2, 0, -1):
            if words[i].lower() not in TITLE_COMPLEMENTS:
                continue
            complement = words[i + 1:]
            if PAST_TITLE_WORDS.intersection(w.lower() for w in words[:i]):
                return []  # "a former governor of Indiana, Mike Pence"
            if comma or all(w[:1].isupper() or w.lower() in TITLE_CASE_SMALL for w in complement):
                if found := self._title_ending(words[:i]):
                    return found
        return []

    def _appositive_titles(self, m: Mention) -> list[str]:
        """The titles of an appositive the parser hangs on a person's name ("Abu Qudama, spokesman for
        Jaish-e-Mohammed,", "Wenchi Chen, Via's president and chief executive officer"): its words up
        to a preposition or a clause ("a friend of the president" gives no title), less a title that
        was ("a former governor of Indiana")."""
        if m.sentence >= len(self.sentences) or not m.words:
            return []
        lexicon = load_lexicons().entities
        sent = self.sentences[m.sentence]
        inside = set(m.words)
        titles: list[str] = []
        appositives = [appos for head in (sent.words[i] for i in m.words if sent.words[i].head not in inside)
                       for appos in sent.dependents(head, "appos") if appos.start > m.end]
        for appos in appositives:
            # (read on from its first word: the parser may hang "and chief executive officer" elsewhere)
            first = sent.subtree(appos.index)[0]
            words = [w for w in sent.words[first:] if w.start > m.end]
            titles += [title for _, title in self._titles_in(self._title_words(words))]
        if not appositives and self.text[m.end:m.end + 2] == ", ":
            # The parser may miss the appositive ("Abu Qudama, spokesman for Jaish-e-Mohammed, told",
            # with "spokesman" read as a conjunct): the words right after the comma, when a title opens
            # them and is no subject ("Biden, the governor said" is the governor speaking).
            after = [w for w in sent.words if w.start > m.end and w.upos != "DET"][:lexicon.title_max_words + 1]
            found = self._titles_in(self._title_words(after))
            if found and found[0][0] <= 1 and not any(w.deprel.startswith("nsubj") for w in after[:2]):
                titles.append(found[0][1])
        return titles

    @staticmethod
    def _title_words(words: Sequence[Word]) -> list[str]:
        """An appositive's words that may hold its title: no determiner nor possessive "'s", up to a
        preposition, a relative word or punctuation."""
        kept = [w.text.lower() for w in words if w.upos != "DET" and w.text not in POSSESSIVE_MARKS]
        return [w.rstrip(".") for w in itertools.takewhile(
            lambda w: w not in APPOSITIVE_STOPS and TITLE_WORD.fullmatch(w) is not None, kept)]

    def _titles_in(self, words: list[str]) -> list[tuple[int, str]]:
        """The titles of aliases.json in ``words`` with their positions, the longest at each position,
        as ``title_synonyms`` name them; none right after "former"."""
        lexicon = load_lexicons().entities
        found: list[tuple[int, str]] = []
        at = 0
        while at < len(words):
            for n in range(min(len(words) - at, lexicon.title_max_words), 0, -1):
                title = " ".join(words[at:at + n])
                if title in lexicon.titles:
                    if at == 0 or words[at - 1] not in PAST_TITLE_WORDS:
                        found.append((at, self.pronouns.title_synonyms.get(title, title)))
                    at += n - 1
                    break
            at += 1
        return found

    def _antecedent(self, offset: int, types: tuple[str, ...], content: tuple[int, int] | None,
                    pronoun: str = "") -> Mention | None:
        """The latest mention of ``types`` before ``offset`` that is not inside ``content`` (the
        quote the pronoun attributes) nor inside other quotation marks the pronoun is not in, and
        whose gender, where the text shows it, agrees with the pronoun's; at most
        ``max_candidates`` mentions are passed over."""
        if content is not None and content[0] < offset < content[1]:
            return None
        wanted = self._gender_of_pronoun(pronoun)
        limit = offset
        for _ in range(self.pronouns.max_candidates):
            m = self.entities.before(limit, types)
            if m is None:
                return None
            jump = self._quoted_around(m.start, offset, content)
            if jump is not None:
                limit = jump
            elif wanted is not None and self._gender(m.entity) not in (None, wanted):
                limit = m.start
            else:
                return m
        return None

    def _subject_antecedent(self, sent: Sentence, offset: int, content: tuple[int, int] | None,
                            types: tuple[str, ...] = GROUP_TYPES, sentences_back: int | None = None,
                            pronoun: str = "") -> Mention | None:
        """The latest mention of ``types`` (ORG, GPE, NORP unless told) before ``offset`` that is a
        subject, in ``sent`` or the ``sentences_back`` sentences before it (``subject_sentences``
        unless told), of the pronoun's gender where the text shows one (passing over quoted words as
        :meth:`_antecedent` does); None when there is none."""
        if not self.sentences or (content is not None and content[0] < offset < content[1]):
            return None
        floor = sent.index - (self.pronouns.subject_sentences if sentences_back is None else sentences_back)
        wanted = self._gender_of_pronoun(pronoun)
        limit = offset
        for _ in range(self.pronouns.max_candidates):
            m = self.entities.before(limit, types)
            if m is None or m.sentence < floor:
                return None
            jump = self._quoted_around(m.start, offset, content)
            if jump is None and self._has_role(m, SUBJECT_RELS) and (
                    wanted is None or self._gender(m.entity) in (None, wanted)):
                return m
            limit = m.start if jump is None else jump
        return None

    def _has_role(self, m: Mention, rels: tuple[str, ...]) -> bool:
        """Whether a mention's head word has one of ``rels`` in its clause (a subject, an object)."""
        if not 0 <= m.sentence < len(self.sentences):
            return False
        words = self.sentences[m.sentence].words
        inside = set(m.words)
        return any(words[i].deprel in rels and words[i].head not in inside for i in m.words if i < len(words))

    def _quoted_around(self, start: int, offset: int, content: tuple[int, int] | None) -> int | None:
        """Where to look on from when a mention at ``start`` lies in ``content`` or in quotation
        marks that do not hold the pronoun at ``offset``: the start of that span; else None."""
        if content is not None and content[0] <= start < content[1]:
            return content[0]
        i = bisect.bisect_right(self._mark_starts, start) - 1
        if i >= 0 and start < self._marks[i][1] and not self._marks[i][0] <= offset < self._marks[i][1]:
            return self._marks[i][0]
        return None

    def gender_agreement(self, pronoun: str, entity: str) -> str | None:
        """"agree" or "clash" when both a he/she ``pronoun`` and the text (:meth:`_gender`) give a
        gender to ``entity``; None otherwise."""
        wanted = self._gender_of_pronoun(pronoun)
        found = self._gender(entity) if wanted is not None else None
        return None if found is None else "agree" if found == wanted else "clash"

    def in_other_marks(self, start: int, offset: int) -> bool:
        """Whether a mention at ``start`` lies in quotation marks that do not hold ``offset``."""
        return self._quoted_around(start, offset, None) is not None

    def _gender_of_pronoun(self, pronoun: str) -> str | None:
        if pronoun in self.pronouns.masculine_pronouns:
            return "m"
        return "f" if pronoun in self.pronouns.feminine_pronouns else None

    def _gender(self, entity: str | None) -> str | None:
        """An entity's gender as the text shows it: a cue word right before one of its mentions
        ("her husband, Robert Fuller", "Mrs. Smith"); None when none does or cues disagree."""
        if entity is None:
            return None
        if entity not in self._genders:
            found = set()
            for m in self.entities.by_id[entity].mentions:
                before = self.text[max(0, m.start - 24):m.start].lower().replace(".", " ").replace(",", " ").split()
                if before and before[-1] in self.pronouns.masculine_cues:
                    found.add("m")
                elif before and before[-1] in self.pronouns.feminine_cues:
                    found.add("f")
            self._genders[entity] = found.pop() if len(found) == 1 else None
        return self._genders[entity]

    def _speaker_around(self, offset: int) -> str | None:
        """The speaker entity of the direct quote holding ``offset``, if any."""
        i = bisect.bisect_right(self._quoted_starts, offset) - 1
        if i >= 0 and offset < self._quoted[i][1]:
            return self._quoted[i][2]
        return None

    def _relative_head(self, sent: Sentence, word: Word) -> str | None:
        """The entity of the noun a relative clause modifies, for the clause's relative pronoun."""
        clause = sent.head_of(word)
        if clause is None or clause.deprel != "acl:relcl":
            return None
        noun = sent.head_of(clause)
        mention = None if noun is None else self.entities.at(noun.start, noun.end)
        return mention.entity if mention is not None else None
