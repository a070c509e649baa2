"""Stage 6, events: predicates the text dates, and the speech acts of quotes.

Input: analysed sentences, entities, timexes and quotes.  Output: :class:`Event`
records: a trigger (verb or event noun) with a DATE/TIME timex attached in the parse
(obl/nmod/obl:tmod, "Monday's conference"), or inherited from the clause it depends
on ("sidelined Kyiv last week when he called Putin"), then corrected by the date link classifier
(:mod:`service.extract.date_links`: the other words of a date's clause it dates, "*beat* Webster in
Wednesday's election", added; a rules' choice it is sure of dropped); participants from the parse
resolved to entities (pronouns by :mod:`service.extract.references`, as for quote
speakers); a location; and a status.  Each quote's cue is an event too
(status ``reported``), so a timeline shows who said what when; the quotes themselves are
not changed (the links step of :mod:`service.extract.stages` records each quote's event).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import takewhile

from service.deadline import NO_DEADLINE, Deadline
from service.extract.date_links import LinkModel, candidates, complements_of, date_features, link_features
from service.extract.entities import PLACE_TYPES, Entities
from service.extract.lexicons import load_lexicons
from service.extract.quotes import Quote, SpanIndex, subjectless_participle
from service.extract.references import PronounResolver
from service.extract.timenorm import DAY_RE, MONTHS
from service.extract.timexes import FUTURE, Timex, case_lemmas, deferred_to, predicate_of, tense_of
from service.nlp.records import Sentence, Word

# How a date hangs on what it dates: an oblique or nominal modifier ("met on Monday", "talks on
# Tuesday"), a possessive ("Sunday's meeting") or a premodifier ("the 2015 agreement",
# "second-quarter profit").
ATTACH_RELS = {"obl", "obl:tmod", "obl:npmod", "obl:unmarked", "nmod", "nmod:tmod", "nmod:npmod", "nmod:poss",
               "nmod:unmarked", "advmod", "amod", "nummod", "compound", "appos"}
PARTICIPANT_ROLES = {"nsubj": "agent", "obj": "patient", "nsubj:pass": "patient", "iobj": "recipient",
                     "nmod:poss": "agent", "csubj": "agent"}
# Between a comma-closed date and the event noun it premodifies: the comma and a few modifiers
# ("the June 4, 2008, shooting death"; "the Oct. 14, 2002, sniper murder").
APPOSED_GAP_CHARS = 30
# The mark of a clause hung on a date that restates its time ("Tuesday morning, when he ran ...").
WHEN = frozenset({"when"})
# Marks of a clause that only tells what went on at the time of the verb it modifies.
SIMULTANEOUS_MARKS = frozenset({"while"})
# "the" before a date, or opening it: that construction's date is definite ("the June 7, 2014, slaying").
THE_BEFORE = re.compile(r"\bthe\s+\Z", re.IGNORECASE)
THE_OPENING = re.compile(r"the\s", re.IGNORECASE)
# How far before a date the participle of a record's setting and its mark are looked for ("the
# record of 97 set in 1944": three words).
RECORD_WINDOW_CHARS = 40
# A date written out with its day and year ("June 7, 2014", "Oct. 11, 2002"), as that construction has.
FULL_DATE = re.compile(r"\b\d{1,2},\s*\d{4}\b")


@dataclass(frozen=True)
class Participant:
    """Who or what takes part in an event: its role, the entity (None: unresolved) and the words."""

    role: str
    entity: str | None
    text: str

    def as_json(self) -> dict[str, object]:
        return {"role": self.role, "entity": self.entity, "text": self.text}


@dataclass
class Event:
    """One event record; the serializer writes it with :meth:`as_json`."""

    id: str
    sentence: int
    trigger: Word
    timex: Timex | None = None
    participants: list[Participant] = field(default_factory=list)
    location: str | None = None
    status: str = "happened"
    quote: str | None = None
    inherited: bool = False  # dated through the clause it depends on, not by a date of its own

    def as_json(self, text: str, sentences: Sequence[Sentence]) -> dict[str, object]:
        sent = sentences[self.sentence]
        t = self.trigger
        return {
            "id": self.id,
            "trigger": {"text": text[t.start:t.end], "start": t.start, "end": t.end},
            "lemma": t.lemma,
            # By reference: a copy of the sentence per event made the response far larger than the text.
            "sentence": {"index": self.sentence, "start": sent.start, "end": sent.end},
            "date": self.timex.as_json() if self.timex else None,
            "participants": [p.as_json() for p in self.participants],
            "location": self.location,
            "status": self.status,
            "quote": self.quote,
        }


class EventFinder:
    """Finds the events of one document; ``deadline`` is checked per timex, quote and event."""

    def __init__(self, sentences: Sequence[Sentence], text: str, entities: Entities, anchor: dt.date | None,
                 deadline: Deadline = NO_DEADLINE, quotes: Sequence[Quote] = (),
                 links: LinkModel | None = None) -> None:
        self.sentences = sentences
        self.links = links  # the learned date links (service.extract.date_links); None: the rules alone
        self.text = text
        self.entities = entities
        self.anchor = anchor
        self.deadline = deadline
        lexicons = load_lexicons()
        self.lexicon = lexicons.events  # words and limits of events.json
        self.nouns, self.light_verbs = self.lexicon.nouns, self.lexicon.light_verbs
        self.occurrences = self.lexicon.occurrence_verbs
        self.plan_words = lexicons.dates.plan_words
        self.target_prepositions = lexicons.dates.target_prepositions
        self.speech_verbs = lexicons.dates.speech_verbs
        self.according = lexicons.cues.according
        self.resolver = PronounResolver(entities, lexicons.pronouns, quotes, text=text)
        self.timex_words: set[int] = set()  # character offsets of dates (never participants), set by find()

    def trigger_for(self, sent: Sentence, timex: Timex) -> Word | None:
        """The predicate a timex dates: from the word it hangs on, up to a verb or event noun."""
        apposed = (self._apposed_event(sent, timex) or self._copular_subject(sent, timex)
                   or self._record_setting(sent, timex))
        if apposed is not None:
            return apposed
        governor = self._governor(sent, timex)
        if governor is None:
            return None
        noun = (self._event_phrase_before(sent, governor, timex) or self._scheduled_event(sent, governor, timex)
                or self._deferred_event(sent, governor, timex))
        if noun is not None:
            return noun
        trigger = self._trigger_at(sent, self._towards_predicate(sent, _misread_participle(sent, governor, timex)))
        return _simultaneous_main(sent, trigger)

    def _event_phrase_before(self, sent: Sentence, governor: Word, timex: Timex) -> Word | None:
        """The event noun of a verb's prepositional phrase that the date directly follows ("convicted
        in the shooting of Caroline Seawell on Oct. 4, 2002", "spoke during their meeting on Monday
        morning"): news dates the happening the phrase names, which the parser leaves as a sibling of
        the date under the verb; the verb itself (the conviction) need not be that day's."""
        head = sent.words[timex.head]
        # (not a speech verb: "Musk said at the unveiling event on Thursday" dates the saying too)
        if governor.upos != "VERB" or head.head != governor.index or head.deprel not in ("obl", "obl:tmod") \
                or governor.lemma.lower() in self.speech_verbs:
            return None
        nouns = [w for w in sent.dependents(governor, ("obl",))
                 if governor.index < w.index < timex.head and w.upos == "NOUN" and self._is_event_noun(w)]
        if not nouns:
            return None
        noun = nouns[-1]
        phrase = sent.subtree_range(noun.index)
        dated = sent.starting_in(timex.start, timex.end)
        if phrase is None or not dated:
            return None
        between = sent.words[phrase[-1] + 1:dated[0].index]
        return noun if all(w.upos in ("ADP", "DET") for w in between) else None

    def _scheduled_event(self, sent: Sentence, governor: Word, timex: Timex) -> Word | None:
        """The event noun an active scheduling verb sets for a date ("the Court scheduled a two-day
        trial for late October", "the company set the next attempt for 6:05 p.m. on Tuesday"): the
        date after "for" (``target_prepositions``) is the event's, not the scheduling's (the passive,
        "Sentencing is scheduled for July 31", is :meth:`_occurring`'s)."""
        if governor.upos != "VERB" or governor.lemma.lower() not in self.lexicon.scheduling_verbs \
                or sent.dependents(governor, "aux:pass"):
            return None
        if self.target_prepositions.isdisjoint(case_lemmas(sent, sent.starting_in(timex.start, timex.end))):
            return None
        obj = sent.dependent(governor, "obj")
        return obj if obj is not None and obj.index < timex.head and self._is_event_noun(obj) else None

    def _deferred_event(self, sent: Sentence, governor: Word, timex: Timex) -> Word | None:
        """The event noun a deferral puts off to a date ("adjourned the case until December 2 for
        hearing", "be remanded until July 5, for further hearing", "postponed the vote until Thursday"):
        court copy names the next sitting by its purpose after "for" (``target_prepositions``), other
        copy the event itself, as the object or the passive subject; the date after "until" or "to"
        (``deferral_prepositions``) is that event's, not the deferral's."""
        # (the parser may hang "until" on the month of "until February 3", not on the day it heads)
        if governor.upos != "VERB" or not deferred_to(sent, sent.starting_in(timex.start, timex.end), governor):
            return None
        # (the tagger may read "for sentencing" as a clause, a gerund marked "for", and the parser may
        # hang the purpose on the date)
        candidates = [*sent.dependents(governor, ("obl", "advcl")), *sent.dependents(timex.head, ("nmod", "acl"))]
        purposes = [w for w in candidates if w.index != timex.head
                    and (self._is_event_noun(w) or (w.upos == "VERB" and w.text.lower() in self.nouns))
                    and not self.target_prepositions.isdisjoint(sent.dependent_lemmas(w, ("case", "mark")))]
        if purposes:
            return purposes[0]
        # with no purpose named, what is put off is the event: "postponed the vote until Tuesday",
        # "The hearing was adjourned to Monday", "delaying the launch ... to July 10"
        deferred = sent.dependent(governor, ("obj", "nsubj:pass"))
        return deferred if deferred is not None and self._is_event_noun(deferred) else None

    def _apposed_event(self, sent: Sentence, timex: Timex) -> Word | None:
        """The event noun a definite full date set off by commas premodifies ("the June 7, 2014,
        slaying of his wife", "the June 4, 2008, shooting death of ..."): the parser takes the
        date for the head and the noun for its apposition or a clause; the last event noun of the
        words after the comma, before a preposition or punctuation, is the trigger."""
        if not (THE_BEFORE.search(self.text, max(0, timex.start - 8), timex.start)
                or THE_OPENING.match(self.text, timex.start, timex.end)):
            return None
        if not FULL_DATE.search(timex.text):
            return None  # "For the second quarter, worldwide sales rose": a fronted adverbial
        limit = timex.end + APPOSED_GAP_CHARS
        after = list(takewhile(lambda w: w.start <= limit, sent.within(timex.end, sent.end)))
        if after and after[0].text == ",":
            after = after[1:]
        elif not self.text[timex.start:timex.end].rstrip().endswith(","):
            return None
        found = None
        for word in after:
            if word.upos in ("ADP", "PUNCT", "DET", "PRON", "AUX", "CCONJ", "SCONJ"):
                break
            # (the tagger reads "killing" and "shooting" here as verbs; "fight" as a verb is no noun)
            noun_like = word.upos in ("NOUN", "PROPN") or word.text.lower().endswith("ing")
            if noun_like and (word.text.lower() in self.nouns or word.lemma.lower() in self.nouns):
                found = word
        return found

    def _record_setting(self, sent: Sentence, timex: Timex) -> Word | None:
        """The participle of a record's mark that a date follows ("break the record of 97 set in
        1944", "surpassing the record of 109 set June 7, 2013", "a 121 set in 1996"): weather and
        sports copy date a record by when it was set, and the tagger reads "set" as a noun and
        hangs the date on the main verb ("break"), which the record is not."""
        before = sent.within(max(sent.start, timex.start - RECORD_WINDOW_CHARS), timex.start)
        if before and before[-1].upos == "ADP":
            before.pop()
        if len(before) < 2 or before[-1].text.lower() not in self.lexicon.record_participles:
            return None
        mark = before[-2]
        return before[-1] if mark.upos == "NUM" or mark.lemma.lower() == "record" else None

    def _copular_subject(self, sent: Sentence, timex: Timex) -> Word | None:
        """The event noun a date is said of with "to be" ("The statewide election will be this
        fall", "The semifinals were Friday at State Fair Arena"): the date is the predicate, the
        event its subject."""
        head = sent.words[timex.head]
        cop = sent.dependent(head, "cop")
        # (past or "will be" only: "His trial is next month" would read as happened)
        if cop is None or not (cop.feat("Tense") == "Past" or "will" in sent.dependent_lemmas(head, "aux")):
            return None
        subject = sent.dependent(head, "nsubj")
        return subject if subject is not None and self._is_event_noun(subject) else None

    @staticmethod
    def _governor(sent: Sentence, timex: Timex) -> Word | None:
        """Where a timex hangs: the predicate its surface names (``attach``), the predicate of a
        timex that is no adverbial of the word above it (a subject, an object...), else that word;
        None for a timex that is its sentence's root."""
        head = sent.words[timex.head]
        if timex.attach is not None:
            return sent.words[timex.attach]
        if head.deprel not in ATTACH_RELS and head.head >= 0 and head.deprel != "root":
            return predicate_of(sent, head)
        return sent.head_of(head)

    def _towards_predicate(self, sent: Sentence, governor: Word) -> Word:
        """Up to three steps from a governor that is no verb or event noun: into the xcomp of a plan
        word, auxiliary or adjective ("is due to meet", "was set to visit"), else up to its head."""
        for _ in range(3):
            if governor.upos == "VERB" or self._is_event_noun(governor):
                break
            if governor.lemma.lower() in self.plan_words or governor.upos in ("AUX", "ADJ"):
                xcomp = sent.dependent(governor, "xcomp")
                if xcomp is not None:
                    governor = xcomp
                    continue
                above = sent.head_of(governor)
                if self._plan_adjective(governor) and (above is None or above.upos != "VERB"):
                    break  # "He is due in court today": the plan itself is the event ("due to have": the verb)
            above = sent.head_of(governor)
            if above is None:
                break
            governor = above
        return governor

    def _trigger_at(self, sent: Sentence, governor: Word) -> Word | None:
        """The trigger for the word a date's climb ended on: the event noun of a light verb ("held
        talks"), the verb or event noun itself, or the verb of a verbless noun root; else None."""
        if governor.upos == "VERB" and governor.lemma.lower() in self.lexicon.spending_verbs:
            # "officers spent hours combing the block": the time goes to what they did
            doing = next((w for w in sent.dependents(governor, ("xcomp", "advcl"))
                          if w.upos == "VERB" and w.text.lower().endswith("ing")), None)
            if doing is not None:
                return doing
        if governor.upos == "VERB" and governor.lemma.lower() in self.light_verbs:
            obj = sent.dependent(governor, "obj")
            if obj is not None and self._is_event_noun(obj):
                return obj
        if governor.upos == "VERB" and (subject := self._occurring(sent, governor)) is not None:
            return subject
        if (existent := self._existential(sent, governor)) is not None:
            return existent
        if governor.upos == "VERB" or self._is_event_noun(governor) or self._plan_adjective(governor):
            return governor
        # "He is due in court today", parsed with "due in" as the preposition of "court"
        due = next((w for w in sent.dependents(governor, ("case", "amod")) if self._plan_adjective(w)), None)
        if due is not None:
            return due
        if governor.head < 0 and governor.upos in ("NOUN", "PROPN"):
            # A verbless parse whose root is a noun: the small tagger read a past verb as a
            # participle ("Trump sidelined Kyiv ... last week" as "sidelined Kyiv"); the date
            # then dates that verb, hung under the noun as amod/acl.
            # Also one level down ("Heavy rains flooded parts of Tennessee on Saturday": root
            # "rains", "flooded" an amod of "parts").
            nearby = [*sent.dependents(governor, ("amod", "acl"))]
            nearby += [w for child in sent.dependents(governor, ("obj", "nmod", "appos"))
                       for w in sent.dependents(child, ("amod", "acl"))]
            return next((w for w in nearby if w.upos == "VERB" and w.feat("Tense") == "Past"), None)
        return None

    def _occurring(self, sent: Sentence, verb: Word) -> Word | None:
        """The event noun a verb only says takes place, its subject: "The shooting happened early
        Sunday", "the groundbreaking took place in October of 2022" (events.json
        ``occurrence_verbs``), and a light verb or plan word in the passive: "A ribbon cutting
        ceremony will be held Monday", "Sentencing is scheduled for July 31"."""
        lemma = verb.lemma.lower()
        objects = {w.lemma.lower() for w in sent.dependents(verb, "obj")}
        # (a participle on a noun is a passive too: "its inaugural meeting held on March 11", and so is
        # one with its subject after "with": "with full containment expected on Thursday")
        passive = bool(sent.dependents(verb, "aux:pass")) or (verb.deprel == "acl" and verb.xpos == "VBN") \
            or self._absolute_participle(sent, verb) or self._reduced_relative(sent, verb) is not None
        if passive:
            occurs = lemma in self.light_verbs or lemma in self.plan_words
        else:
            occurs = lemma in self.occurrences or any(f"{lemma} {o}" in self.occurrences for o in objects)
        subject = sent.dependent(verb, ("nsubj:pass", "nsubj") if passive else "nsubj") if occurs else None
        if occurs and (subject is None or subject.feat("PronType") == "Rel"):
            subject = self._clause_antecedent(sent, verb) or subject
        if subject is None:
            return None
        if passive and lemma == "expect" and subject.upos == "NOUN" and sent.dependent(verb, "xcomp") is None:
            # what is expected on a date, whatever it is, as forecasts say: "Snow showers are expected
            # overnight Saturday", "A decision is expected Friday" (not "... is expected to rule"; and
            # not "A lawsuit ... has been scheduled for April 9": a thing scheduled is no event)
            return subject
        return subject if self._is_event_noun(subject) else None

    @staticmethod
    def _absolute_participle(sent: Sentence, verb: Word) -> bool:
        """A past participle with its own subject after "with" and no auxiliary, news's absolute
        construction ("with full containment expected on Thursday", "with more snow expected today"):
        a passive, which the parser leaves without ``aux:pass`` (its subject ``nsubj`` or ``nsubj:pass``)."""
        if verb.xpos != "VBN" or sent.dependents(verb, ("aux", "aux:pass")):
            return False
        subject = sent.dependent(verb, ("nsubj", "nsubj:pass"))
        return subject is not None and "with" in [*sent.dependent_lemmas(verb, "mark"),
                                                  *sent.dependent_lemmas(subject, "case")]

    def _reduced_relative(self, sent: Sentence, verb: Word) -> Word | None:
        """The event noun right before a past participle that the parser hung on the main verb, the
        reduced relative clause of "The tournament slated for Saturday February 18 here will draw 40
        teams" (an advcl with no subject or auxiliary of its own), or "compete in a tournament slated for
        Saturday" (an xcomp); None for any other participle."""
        if verb.deprel not in ("advcl", "xcomp") or verb.xpos != "VBN" \
                or sent.dependents(verb, ("aux", "aux:pass", "nsubj", "nsubj:pass", "mark")):
            return None
        span = sent.subtree_range(verb.index)
        if span is None or span[0] != verb.index or verb.index == 0:
            return None
        noun = sent.words[verb.index - 1]
        return noun if noun.upos == "NOUN" and self._is_event_noun(noun) else None

    def _clause_antecedent(self, sent: Sentence, verb: Word) -> Word | None:
        """The event noun a relative or infinitival clause of ``verb`` says takes place: "the
        shooting, which happened early Sunday", "a special session to be held Tuesday"; and "the
        Arab summit, to be held on March 29", whose clause the parser hangs on the main verb after
        the comma (an infinitive with no subject, right after the noun)."""
        if verb.deprel in ("acl", "acl:relcl"):
            noun = sent.head_of(verb)
            return noun if noun is not None and self._is_event_noun(noun) else None
        if (noun := self._reduced_relative(sent, verb)) is not None:
            return noun
        span = sent.subtree_range(verb.index)
        if verb.deprel != "advcl" or span is None or "to" not in sent.dependent_lemmas(verb, "mark"):
            return None
        before = span[0] - 1
        if before >= 0 and sent.words[before].text == ",":
            before -= 1
        return sent.words[before] if before >= 0 and self._is_event_noun(sent.words[before]) else None

    @staticmethod
    def _existential(sent: Sentence, verb: Word) -> Word | None:
        """What "there is" says exists, its subject noun: "There was drama at the statehouse Friday
        night", "There were 281,000 new claims last week"."""
        if verb.lemma.lower() != "be" or not any(w.text.lower() == "there" for w in sent.dependents(verb, "expl")):
            return None
        subject = sent.dependent(verb, "nsubj")
        return subject if subject is not None and subject.upos == "NOUN" else None

    def _plan_adjective(self, word: Word) -> bool:
        """A plan word used as an adjective, with no verb after it: "is due in court today" (not
        "was due to higher costs")."""
        after = self.text[word.end:word.end + 4]
        return word.upos == "ADJ" and word.lemma.lower() in self.plan_words and not after.startswith(" to ")

    def _is_event_noun(self, word: Word) -> bool:
        """A common noun of events.json's ``nouns``, or a proper one ending a named event
        ("the 1979 Islamic Revolution")."""
        return word.upos in ("NOUN", "PROPN") and (word.lemma.lower() in self.nouns or word.text.lower() in self.nouns)

    def find(self, timexes: Sequence[Timex], quotes: Sequence[Quote]) -> list[Event]:
        events: dict[tuple[int, int], Event] = {}
        self.timex_words = {i for t in timexes for i in range(t.start, t.end)}
        self._dated_events(timexes, quotes, events)
        if self.links is not None:
            self._learned_links(self.links, timexes, quotes, events)
        self._speech_events(quotes, events)
        ordered = sorted(events.values(), key=lambda e: e.trigger.start)
        for i, event in enumerate(ordered, 1):
            self.deadline.check()
            event.id = f"V{i}"
            self._complete(event)
        return ordered

    def _dated_events(self, timexes: Sequence[Timex], quotes: Sequence[Quote],
                      events: dict[tuple[int, int], Event]) -> None:
        """Add to ``events`` (by sentence and trigger) the predicate each DATE/TIME timex dates and the
        clauses sharing its date.  A trigger dated by several timexes keeps the best one
        (:func:`_better_date`: a date over a bare time, else the one nearer the trigger)."""
        # trigger_for reads a timex's sentence, head and attachment only; many dates may share them.
        triggers: dict[tuple[int, int, int | None], Word | None] = {}
        quoted = SpanIndex([(q.start, q.end) for q in quotes if q.kind == "direct"])
        reported = [q for q in quotes if q.kind != "direct" and q.cue_word is not None]
        reported_index = SpanIndex([(q.start, q.end) for q in reported])
        direct: set[tuple[int, int]] = set()  # events whose trigger a timex dates itself (not by its clause)
        for timex in timexes:
            self.deadline.check()
            if timex.type not in ("DATE", "TIME") or timex.value is None:
                continue
            sent = self.sentences[timex.sentence]
            key = (timex.sentence, timex.head, timex.attach)
            if key not in triggers:
                triggers[key] = self.trigger_for(sent, timex)
            trigger = triggers[key]
            holding = quoted.first_holding(timex.start)
            span = None if holding is None else quoted.spans[holding]
            if trigger is not None and span is not None and not span[0] <= trigger.start < span[1]:
                # A date inside a quote belongs to the quoted speech, not to its cue: date the
                # quoted clause the cue governs ("'Today ... leaders are gathering,' said X").
                trigger = _quoted_clause(sent, trigger, span)
            elif trigger is not None and not self._speech_time(timex):
                trigger = _reported_clause(sent, trigger, timex, reported, reported_index)
            if trigger is None or (trigger.start < timex.start and self._baseline(timex)):
                continue
            known = events.get((timex.sentence, trigger.index))
            if known is not None:
                if known.timex is not None and ((timex.sentence, trigger.index) in direct or known.inherited) \
                        and _better_date(sent, timex, known.timex, trigger):
                    # A date of its own outranks one its clause lent it ("now face life in prison
                    # when sentenced March 21").
                    known.timex, known.inherited = timex, False
                    direct.add((timex.sentence, trigger.index))
                continue
            direct.add((timex.sentence, trigger.index))
            events[(timex.sentence, trigger.index)] = Event("", timex.sentence, trigger, timex)
            for dependent in [*self._dated_clauses(sent, trigger), *self._when_clauses(sent, timex)]:
                events.setdefault((timex.sentence, dependent.index),
                                  Event("", timex.sentence, dependent, timex, inherited=True))

    def link_table(self, timexes: Sequence[Timex], quotes: Sequence[Quote],
                   events: dict[tuple[int, int], Event]) -> list[tuple[Timex, Word, Word | None, dict[str, float]]]:
        """Each (date, candidate word) pair of :mod:`service.extract.date_links` with the rules'
        trigger of that date (None: the rules dated nothing with it) and the pair's features, for
        the dated ``events`` the rules found."""
        rules = {id(e.timex): e.trigger for e in events.values() if e.timex is not None and not e.inherited}
        dated = {key: e.timex for key, e in events.items() if e.timex is not None and not e.inherited}
        quoted = SpanIndex([(q.start, q.end) for q in quotes if q.kind == "direct"])
        complements: dict[tuple[int, int], list[Word]] = {}  # (sentence, verb): asked once per verb
        rows = []
        for timex in timexes:
            self.deadline.check()
            if timex.type not in ("DATE", "TIME") or timex.value is None:
                continue
            sent = self.sentences[timex.sentence]
            rule = rules.get(id(timex))

            def cached(verb: Word, sent: Sentence = sent) -> list[Word]:
                key = (sent.index, verb.index)
                if key not in complements:
                    complements[key] = complements_of(sent, verb)
                return complements[key]

            date = date_features(sent, timex)
            baseline = self._baseline(timex)
            for word in candidates(sent, timex, rule, self.nouns, cached):
                if baseline and word.start < timex.start:
                    continue  # what a change is measured against does not date the change
                if _misread_participle(sent, word, timex) is not word:
                    continue  # the parser's adjective ("struck Turkey and neighboring Greece"): no event
                other = dated.get((timex.sentence, word.index))
                rows.append((timex, word, rule, link_features(
                    sent, timex, word, rule, date=date, event_nouns=self.nouns, speech_verbs=self.speech_verbs,
                    light_verbs=self.light_verbs, dated_elsewhere=other is not None and other is not timex,
                    quoted=quoted.first_holding(word.start) is not None)))
        return rows

    def _learned_links(self, model: LinkModel, timexes: Sequence[Timex], quotes: Sequence[Quote],
                       events: dict[tuple[int, int], Event]) -> None:
        """Add an event for each word the link classifier gives a date at ``threshold``; drop a rules'
        trigger every date holding it gives less than ``drop_threshold``.  A record's date stays with
        the record's setting (:meth:`_record_setting`: "break the record of 97 set in 1944"): that
        construction is too rare in the gold for the classifier to learn, and the rule is exact."""
        kept: set[tuple[int, int]] = set()
        doubted: set[tuple[int, int]] = set()
        best: dict[tuple[int, int], tuple[float, Timex, Word]] = {}  # a word several dates reach: the likeliest
        settings = self._record_dates(events)
        for timex, word, rule, features in self.link_table(timexes, quotes, events):
            if id(timex) in settings:
                continue
            p = model.probability(features)
            key = (timex.sentence, word.index)
            if rule is not None and rule.index == word.index:
                (kept if p >= model.drop_threshold else doubted).add(key)
            elif p >= model.threshold and key not in events and (key not in best or p > best[key][0]):
                best[key] = (p, timex, word)
        for key, (_, timex, word) in best.items():
            events[key] = Event("", timex.sentence, word, timex)
        for key in doubted - kept - best.keys():
            events.pop(key, None)

    def _record_dates(self, events: dict[tuple[int, int], Event]) -> set[int]:
        """The ids of the dates the rules gave to a record's setting ("the record of 97 set in 1944")."""
        found: set[int] = set()
        for event in events.values():
            # (only a record participle can be a setting: the window is read for those alone)
            if event.timex is None or event.inherited \
                    or event.trigger.text.lower() not in self.lexicon.record_participles:
                continue
            setting = self._record_setting(self.sentences[event.timex.sentence], event.timex)
            if setting is not None and setting.index == event.trigger.index:
                found.add(id(event.timex))
        return found

    def _baseline(self, timex: Timex) -> bool:
        """Whether a date is what a change is measured against ("rose 5 percent compared with 2019",
        "worse than last year", "increased by 158 percent from a year ago"), not when it happened."""
        before = self.text[max(0, timex.start - BASELINE_WINDOW):timex.start]
        if COMPARED_BEFORE.search(before):
            return True
        return FROM_BEFORE.search(before) is not None and YEAR_AGO.match(timex.text) is not None

    def _speech_time(self, timex: Timex) -> bool:
        """Whether a date is the time of the report itself ("now", "today", "this morning" in the
        reported words): deixis dates the saying as much as what is said (TimeBank links "said" to
        them)."""
        value = timex.value or ""
        return value == "PRESENT_REF" or (self.anchor is not None and value.startswith(self.anchor.isoformat()))

    def _speech_events(self, quotes: Sequence[Quote], events: dict[tuple[int, int], Event]) -> None:
        """Add each quote's cue to ``events`` as a speech event (one per cue; "according to" is none)."""
        for quote in quotes:
            self.deadline.check()
            if quote.cue_word is None:
                continue
            sent = self.sentences[quote.sentence]
            cue = sent.words[quote.cue_word]
            if cue.text.lower() in self.according:
                continue
            event = events.setdefault((quote.sentence, cue.index), Event("", quote.sentence, cue, None))
            event.quote = event.quote or quote.id
            if event.timex is None:
                occasion = self._occasion_event(sent, cue, quote.sentence, events)
                if occasion is not None:
                    event.timex, event.inherited = occasion.timex, True

    def _occasion_event(self, sent: Sentence, cue: Word, s_index: int,
                        events: dict[tuple[int, int], Event]) -> Event | None:
        """The dated event a statement was made at: "said at a news conference on Monday", "said at the
        Nov. 5 meeting" (the speech takes the occasion's date)."""
        for word in sent.dependents(cue, ("obl", "obl:tmod")):
            if self._occasion(sent, word):
                occasion = events.get((s_index, word.index))
                if occasion is not None and occasion.timex is not None:
                    return occasion
        return None

    def _dated_clauses(self, sent: Sentence, trigger: Word) -> list[Word]:
        """Clauses that share the trigger's date: "when he called Putin ... and said"; those of the
        verb that only says the trigger took place, for an event noun of :meth:`_occurring` ("the
        crash happened Tuesday morning, when he ran off the road"); and the verb of an event noun
        that is its occasion: what is done at a dated event shares its date ("At Tuesday morning's
        business meeting, Commissioner Ross Butcher explained ...")."""
        verb = sent.head_of(trigger)
        if verb is None:
            return _marked_clauses(sent, trigger, ("advcl",), self.lexicon.clause_marks)
        if self._occurring(sent, verb) is trigger:
            return _marked_clauses(sent, verb, ("advcl",), self.lexicon.clause_marks)
        clauses = _marked_clauses(sent, trigger, ("advcl",), self.lexicon.clause_marks)
        at_occasion = verb.upos == "VERB" and trigger.deprel == "obl" and self._occasion(sent, trigger)
        return [verb, *clauses] if at_occasion else clauses

    def _occasion(self, sent: Sentence, noun: Word) -> bool:
        """Whether ``noun`` is an event noun its verb happens at (``occasion_prepositions``: "at the
        meeting", "during the press conference")."""
        cases = sent.dependent_lemmas(noun, "case")
        return self._is_event_noun(noun) and bool(cases) and cases[0] in self.lexicon.occasion_prepositions

    @staticmethod
    def _when_clauses(sent: Sentence, timex: Timex) -> list[Word]:
        """The clauses a "when" hangs on the date itself, restating the time: "Tuesday morning, when
        he ran off the road and spun" dates *ran* and *spun* as well."""
        return _marked_clauses(sent, sent.words[timex.head], ("advcl", "acl", "acl:relcl"), WHEN)

    def _complete(self, event: Event) -> None:
        sent = self.sentences[event.sentence]
        trigger = event.trigger
        seen: set[Participant] = set()  # participants so far, to skip repeats without a scan
        for word in sent.dependents(trigger):
            role = PARTICIPANT_ROLES.get(word.deprel)
            if role is None and word.deprel in ("obl", "nmod"):
                case = sent.dependent_lemmas(word, "case")
                place = self._place(word) if case and case[0] in self.lexicon.place_prepositions else None
                if place:
                    event.location = event.location or place
                    continue
                role = self._case_role(word, case)
            if role is None or word.start in self.timex_words:
                continue
            for member in [word, *sent.dependents(word, "conj")]:
                participant = self._participant(sent, member, role)
                if participant not in seen:  # two words of one name ("Olaf" + "Scholz")
                    seen.add(participant)
                    event.participants.append(participant)
        if event.location is None:
            event.location = self._nested_place(sent, trigger)
        event.status = self._status(sent, event)

    def _case_role(self, word: Word, case: Sequence[str]) -> str | None:
        """The role of an oblique named by its preposition ("with", "against"...): one of
        events.json's participant prepositions, or any other but its non-participant ones when
        the oblique is no common noun (a name or pronoun); else None."""
        if case and (case[0] not in self.lexicon.non_participant_prepositions and word.upos != "NOUN"
                     or case[0] in self.lexicon.participant_prepositions):
            return case[0]
        return None

    def _status(self, sent: Sentence, event: Event) -> str:
        """reported (a quote's speech act), negated ("did not meet"), planned (future tense or a
        date after the anchor), else the status it has (happened)."""
        if event.quote is not None:
            return "reported"
        if any(w.lemma.lower() in self.lexicon.negations
               for w in sent.dependents(event.trigger, ("advmod", "det", "neg"))):
            return "negated"
        if self._planned(sent, event.trigger, event.timex):
            return "planned"
        return event.status

    def _planned(self, sent: Sentence, trigger: Word, timex: Timex | None) -> bool:
        if self._plan_adjective(trigger):
            return True
        if trigger.upos != "VERB" and trigger.text.lower() in self.lexicon.record_participles:
            return False  # a record's setting, a participle read as a noun ("the record of 97 set in 1944")
        if tense_of(sent, trigger if trigger.upos == "VERB" else predicate_of(sent, trigger)) == FUTURE:
            return True
        if timex is not None and timex.tense == FUTURE:
            return True  # placed in the future by its clause ("when she enters graduate school in the fall")
        if timex is not None and timex.value and self.anchor is not None and timex.value[:10].count("-") == 2:
            return timex.value[:10] > self.anchor.isoformat()
        return False

    def _place(self, word: Word) -> str | None:
        mention = self.entities.at(word.start, word.end)
        if mention is not None and mention.entity and self.entities.by_id[mention.entity].type in PLACE_TYPES:
            return mention.entity
        return None

    def _nested_place(self, sent: Sentence, trigger: Word) -> str | None:
        """A place further down the predicate's phrase: "talks in Paris", "meet with a delegation
        ... in Riyadh" (not inside other clauses)."""
        frontier = [w for w in sent.dependents(trigger)
                    if w.deprel not in ("ccomp", "advcl", "parataxis", "conj", "acl", "acl:relcl")]
        for _ in range(3):
            following: list[Word] = []
            for word in frontier:
                case = sent.dependent_lemmas(word, "case")
                if word.deprel in ("nmod", "obl") and case and case[0] in self.lexicon.place_prepositions \
                        and (place := self._place(word)):
                    return place
                following.extend(w for w in sent.dependents(word)
                                 if w.deprel not in ("acl", "acl:relcl", "ccomp", "advcl", "parataxis"))
            frontier = following
        return None

    def _participant(self, sent: Sentence, word: Word, role: str) -> Participant:
        mention = self.entities.at(word.start, word.end)
        if word.upos == "PRON" and mention is None:
            return Participant(role, self.resolver.entity_for(sent, word), word.text)
        if mention is not None and mention.entity:
            return Participant(role, mention.entity, mention.text)
        words = [sent.words[i] for i in sent.subtree(word.index)
                 if sent.words[i].deprel not in ("acl", "acl:relcl", "punct", "appos", "conj", "cc")]
        words = [w for w in words if abs(w.index - word.index) <= self.lexicon.participant_words]
        text = self.text[words[0].start:words[-1].end] if words else word.text
        found = next((m for w in words if (m := self.entities.at(w.start, w.end)) is not None and m.entity), None)
        return Participant(role, found.entity if found else self.resolver.described(sent, word), text)


def _misread_participle(sent: Sentence, governor: Word, timex: Timex) -> Word:
    """The predicate a date hung on a participle that is really an adjective dates ("an earthquake
    struck Turkey and neighboring Greece on Friday"); any other governor as it is.

    A participle before its noun (amod) takes no date placed after that noun ("recently released
    polls" keeps its own adverb); and a bare "-ing" form right after "and", parsed as the
    conjunct of a finite verb that has no auxiliary to share ("struck ... and neighboring"),
    is the parser's mistake, since English coordinates like forms ("are reminded ... but still
    hoping" shares "are" and is left alone).  The date then dates the clause."""
    above = sent.head_of(governor)
    if above is None or governor.upos != "VERB":
        return governor
    if governor.deprel == "amod" and governor.index < above.index < timex.head:
        return predicate_of(sent, above)
    shared = {"aux", "aux:pass", "nsubj", "nsubj:pass", "mark"}
    if (governor.deprel == "conj" and governor.xpos == "VBG" and governor.index > 0
            and sent.words[governor.index - 1].lemma.lower() == "and"
            and not sent.child_rels(governor.index) & shared and not sent.child_rels(above.index) & {"aux", "aux:pass"}
            and above.upos == "VERB" and above.feat("VerbForm") == "Fin"):
        return above
    return governor


def _simultaneous_main(sent: Sentence, trigger: Word | None) -> Word | None:
    """The verb a subjectless "while ...ing" clause hangs on, for a date inside that clause ("were
    shot while walking down the street on Friday"): the clause only says what went on at the same
    time, the news is the verb it modifies; else ``trigger``."""
    if trigger is None or trigger.upos != "VERB" or trigger.deprel != "advcl" \
            or not subjectless_participle(sent, trigger):
        return trigger
    if not any(m.lemma.lower() in SIMULTANEOUS_MARKS for m in sent.dependents(trigger, ("mark",))):
        return trigger
    head = sent.head_of(trigger)
    return head if head is not None and head.upos == "VERB" else trigger


#: What a change is measured against: a date after "compared with", "than", "versus" (any), or a
#: year-ago date after "from" or "against" ("up 5 percent from a year earlier"; not "over": "a little over a
#: year ago" is a time).
BASELINE_WINDOW = 40
COMPARED_BEFORE = re.compile(r"\b(?:compared (?:with|to)|than|versus|vs\.?)\s+(?:the\s+|that of\s+)?"
                             r"(?:same\s+[a-z]+\s+)?\Z", re.IGNORECASE)
FROM_BEFORE = re.compile(r"\b(?:from|against)\s+(?:the\s+)?\Z", re.IGNORECASE)
YEAR_AGO = re.compile(r"(?:the\s+|a\s+)?(?:year[- ](?:ago|earlier)|(?:a\s+)?year\s+(?:ago|earlier|before)|"
                      r"(?:same|prior|previous|year-ago|year-earlier)\b|last year\b)", re.IGNORECASE)

#: The word before a date that makes it a limit, not the time of what the verb tells.
BOUND_WORDS = frozenset({"by", "until", "till", "through", "before", "after", "since", "ending", "ended", "from"})

#: A time of day that names its day ("3:50 pm Monday", "10:32 p.m. last night"): as good as a date.
DAY_NAMED = re.compile(rf"\b(?:{DAY_RE}|{'|'.join(MONTHS)}|yesterday|today|tonight|tomorrow|last night)\b",
                       re.IGNORECASE)


def _better_date(sent: Sentence, new: Timex, old: Timex, trigger: Word) -> bool:
    """Whether ``new`` dates a trigger better than ``old``: a date (or a time with its day) over a
    bare time of day ("will begin at 1 p.m. Thursday"); a calendar date over "now", which only says
    the report is current ("will now be held on May 25, 2022"), unless the date is a bound ("has now
    been abandoned ... by the year 2000"); else between two of one kind the one nearer the trigger
    ("in 2012, officials ... said Thursday"; "right now, CTO Mike Schroepfer tweeted around 3:50 pm
    Monday"); but a day inside the other date's month or year outranks it wherever it stands, the
    coarser date then naming what the verb's object is ("begin the 2022 campaign on Sept. 11"), unless
    the day is a bound ("has fallen 2.08% this year through Oct. 19"); and a
    day outranks a year that hangs on another word than the trigger, which it dates instead
    ("announced his candidacy for state delegate in 2014 Monday"; "a ceremony for the victims of the
    1989 massacre on Sunday")."""
    if _dated(new) != _dated(old):
        return _dated(new)
    present = new if new.value == "PRESENT_REF" else old if old.value == "PRESENT_REF" else None
    if present is not None and new.value != old.value:
        other = old if present is new else new
        if not _bound(sent, other):
            return present is old
    finer = new if _inside(new, old) else old if _inside(old, new) else None
    if finer is not None and not _bound(sent, finer):
        return finer is new
    year = new if _year(new) and _day(old) else old if _year(old) and _day(new) else None
    if year is not None and sent.words[year.head].head != trigger.index:
        return year is old
    return abs(new.start - trigger.start) < abs(old.start - trigger.start)


def _inside(finer: Timex, coarser: Timex) -> bool:
    """Whether ``finer`` is a calendar date within ``coarser``'s year or month ("2022-09-11" in "2022")."""
    outer, inner = coarser.value or "", finer.value or ""
    return outer[:4].isdigit() and inner.startswith(outer + "-") and inner[len(outer) + 1:][:1].isdigit()


def _day(timex: Timex) -> bool:
    return re.fullmatch(r"\d{4}-\d{2}-\d{2}", timex.value or "") is not None


def _year(timex: Timex) -> bool:
    return re.fullmatch(r"\d{4}", timex.value or "") is not None


def _bound(sent: Sentence, timex: Timex) -> bool:
    """Whether a date is a limit rather than a time ("by the year 2000", "the year ending tomorrow")."""
    before = [w for w in sent.words if w.end <= timex.start]
    return bool(before) and before[-1].text.lower() in BOUND_WORDS


def _dated(timex: Timex) -> bool:
    return timex.type == "DATE" or DAY_NAMED.search(timex.text) is not None


def _quoted_clause(sent: Sentence, cue: Word, span: tuple[int, int]) -> Word | None:
    """The verb of the quoted clause a cue governs (ccomp or parataxis) inside ``span``: what a
    date inside the quote dates."""
    return next((w for w in sent.dependents(cue, ("ccomp", "parataxis"))
                 if w.upos == "VERB" and span[0] <= w.start < span[1]), None)


def _marked_clauses(sent: Sentence, head: Word, rels: Sequence[str], marks: frozenset[str]) -> list[Word]:
    """The verb clauses hung on ``head`` by ``rels`` whose mark is one of ``marks``, each with the
    verbs coordinated with it."""
    out: list[Word] = []
    for word in sent.dependents(head, tuple(rels)):
        # UD marks "after"/"before" as mark but the wh-adverb "when" as advmod.
        if word.upos == "VERB" and not marks.isdisjoint(sent.dependent_lemmas(word, ("mark", "advmod"))):
            out.append(word)
            out.extend(w for w in sent.dependents(word, "conj") if w.upos == "VERB")
    return out


def _reported_clause(sent: Sentence, trigger: Word, timex: Timex, reported: Sequence[Quote],
                     index: SpanIndex) -> Word | None:
    """For a date inside a reported (indirect or mixed) quote that climbed out of it to the quote's
    cue, the verb of the reported clause, else None: what was said happens at that date, not the
    saying ("The trucks will be in production by 2019, Musk said at the event on Thursday": 2019
    does not date "said").  Any other trigger is kept."""
    holding = index.first_holding(timex.start)
    if holding is None:
        return trigger
    quote = reported[holding]
    start, end = index.spans[holding]
    if start <= trigger.start < end or quote.sentence != timex.sentence or quote.cue_word != trigger.index:
        return trigger
    # Only a date inside the reported clause: "said Friday it is recalling" keeps Friday on "said".
    word = sent.words[timex.attach if timex.attach is not None else timex.head]
    for _ in range(len(sent.words)):
        if word.head < 0 or word.head == trigger.index:
            break
        word = sent.words[word.head]
    if word.head != trigger.index or word.deprel not in ("ccomp", "parataxis"):
        return trigger
    return word if word.upos == "VERB" and start <= word.start < end else None


def find_events(sentences: Sequence[Sentence], text: str, entities: Entities, timexes: Sequence[Timex],
                quotes: Sequence[Quote], anchor: dt.date | None, *, deadline: Deadline = NO_DEADLINE,
                links: LinkModel | None = None) -> list[Event]:
    return EventFinder(sentences, text, entities, anchor, deadline, quotes, links).find(timexes, quotes)
