"""Who a pronoun or description speaker is: a ranker learned from the news set's gold.

A quote whose cue has a pronoun subject ("he said", "They added that ...", "it said in a
statement") is attributed through :class:`~service.extract.references.PronounResolver`, whose
rules take the latest fitting mention, with a few preferences (a subject over a name in
passing); one whose subject is a definite description ("the company said", "The minister
added") through its ``described`` rule (the latest entity whose name ends in the noun, or one of
the noun's type), else it is kept as text.  On the development articles about one pronoun
speaker in six came back with the wrong entity: "he" after a quote's speaker named another man
in passing ("Sybiha ... met NATO chief Mark Rutte ... he said" is Sybiha), "They" after a place
("prosecutors in Phoenix ... They said"), "he" after a person the quote's own sentence only
mentions.  News keeps one speaker across paragraphs and names the others in passing; what tells
them apart is spread over many weak signs, which a ranker weighs better than a fixed order of
rules.

For each such quote the candidates are the entities of a speaking type (person, organisation,
place, group) with a mention before the speaker word, in its sentence or the
:data:`SENTENCES_BACK` before it, outside the quote's own words: the :data:`MAX_CANDIDATES`
latest, and the rules' pick.  A binary logistic regression over each pair's features
(:meth:`SpeakerRanker.candidates`: the pronoun or "noun", the entity's type, how recent and in
what role its latest mention is, whether the rules chose it, whether it spoke the quote before,
the gender the text gives it, how often it was named, a description's noun against the name)
gives the probability that the gold names that entity.  The likeliest candidate replaces the
rules' pick when it reaches ``threshold``; quotes are taken in document order, so a relinked
speaker counts as the previous speaker of the next quote.

The weights are data (``service/data/weights/speaker_links.json``), fitted by
``python -m scripts.train_speaker_links`` on the development articles of ``seeds/news`` (its
``--cv`` report holds out one annotation round at a time).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from service.extract.headlines import SPEAKER_TYPES
from service.extract.lexicons import load_lexicons
from service.extract.linear import BINARY_CLASSES, checked_binary, checked_probability, read_weights, yes_probability
from service.extract.references import DEFINITE

if TYPE_CHECKING:
    from service.extract.entities import Entities, Mention
    from service.extract.quotes import Quote
    from service.extract.references import PronounResolver
    from service.nlp.records import Sentence, Word

FILE = "speaker_links.json"
#: The two classes of the weights: the entity is not the quote's speaker, or it is.
CLASSES = BINARY_CLASSES
#: Candidates come from the pronoun's sentence and this many before it.
SENTENCES_BACK = 3
#: At most this many entities (the latest) are candidates, besides the rules' pick.
MAX_CANDIDATES = 6
#: At most this many mentions are looked at before a pronoun (a sentence of thousands of names
#: costs no more than this).
MAX_SCANNED = 120
#: A description speaker has at most this many words ("the state's health department").
DESCRIPTION_WORDS = 5
#: A pronoun's class for the features (its subject form).
PRONOUN_CLASS = {"he": "he", "him": "he", "she": "she", "her": "she", "they": "they", "them": "they",
                 "it": "it", "we": "we", "us": "we"}
#: Relations of a mention's head word, grouped for the features.
ROLES = {"nsubj": "subj", "nsubj:pass": "subj", "obj": "obj", "iobj": "obj", "nmod:poss": "poss",
         "obl": "obl", "nmod": "nmod", "appos": "appos", "compound": "compound", "conj": "conj"}


@dataclass(frozen=True)
class SpeakerModel:
    """The ranker: its threshold and one weight per class and feature."""

    threshold: float
    weights: dict[str, tuple[float, ...]]

    def probability(self, features: Mapping[str, float]) -> float:
        """The probability that the candidate is the quote's speaker."""
        return yes_probability(self.weights, features)


@cache
def load_speaker_model() -> SpeakerModel:
    """Read and check ``service/data/weights/speaker_links.json`` once."""
    return speaker_model_from(read_weights(FILE))


def speaker_model_from(data: dict[str, Any]) -> SpeakerModel:
    """The :class:`SpeakerModel` of a weights file's content; a ValueError names the fault."""
    weights = checked_binary(data, FILE, ("threshold",))
    return SpeakerModel(checked_probability(data.get("threshold"), FILE, "threshold"), weights)


@dataclass(frozen=True)
class Candidate:
    """One entity a pronoun speaker may stand for, with its pair's features."""

    entity: str
    features: dict[str, float]


class SpeakerRanker:
    """The candidates and features of one document's pronoun speakers (see the module docstring)."""

    def __init__(self, sentences: Sequence[Sentence], entities: Entities, resolver: PronounResolver) -> None:
        self.sentences = sentences
        self.entities = entities
        self.resolver = resolver
        self._mentions = [m for m in entities.mentions
                          if m.entity is not None and entities.by_id[m.entity].type in SPEAKER_TYPES]
        self._starts = [m.start for m in self._mentions]
        by_entity: dict[str, list[Mention]] = {}
        for m in self._mentions:
            by_entity.setdefault(m.entity or "", []).append(m)
        self._by_entity = by_entity  # each entity's mentions of a speaking type, in order
        self._ranks: dict[tuple[str, str], bool] = {}  # (noun, entity): another rank of the office (_other_rank)
        # The entity each type's first mention names: the one the article is about, often.
        self._first_of_type: dict[str, str] = {}
        for m in self._mentions:
            self._first_of_type.setdefault(self.entities.by_id[m.entity or ""].type, m.entity or "")

    def speaker_word_of(self, quote: Quote) -> tuple[Sentence, Word, str] | None:
        """The sentence, word and class of a quote's speaker when it is one personal pronoun (its
        class: :data:`PRONOUN_CLASS`) or a definite description ("the company", "the official":
        class ``noun``), else None."""
        if quote.speaker is None or not 0 <= quote.sentence < len(self.sentences):
            return None
        sent = self.sentences[quote.sentence]
        words = [w for w in sent.words if quote.speaker[0] <= w.start and w.end <= quote.speaker[1]]
        if len(words) == 1 and words[0].upos == "PRON" and words[0].text.lower() in PRONOUN_CLASS:
            return sent, words[0], PRONOUN_CLASS[words[0].text.lower()]
        inside = {w.index for w in words}
        heads = [w for w in words if w.head not in inside]
        if (len(heads) == 1 and heads[0].upos == "NOUN" and len(words) <= DESCRIPTION_WORDS
                and all(w.upos not in ("PROPN", "PRON") for w in words)
                and any(d.lemma.lower() in DEFINITE for d in sent.dependents(heads[0], "det"))):
            return sent, heads[0], "noun"
        return None

    def candidates(self, quote: Quote, sent: Sentence, word: Word, cls: str,
                   speakers: Sequence[tuple[int, str | None]]) -> list[Candidate]:
        """The candidate entities of a pronoun speaker ``word`` of ``quote``, each with its features.
        ``speakers`` are the (start, entity) of the quotes before it, in order."""
        latest, counts = self._latest_mentions(quote, sent, word)
        rule = quote.entity
        previous = next((entity for start, entity in reversed(speakers) if start < quote.start), None)
        earlier = {entity for start, entity in speakers if start < quote.start}
        ranked = sorted(latest.values(), key=lambda m: -m.start)
        out = []
        if cls == "noun":  # (the rules' own bar: "the president" is no vice president)
            ranked = [m for m in ranked if m.entity == rule or self.entities.by_id[m.entity or ""].type != "PERSON"
                      or not self._other_rank(word.lemma.lower(), m.entity or "")]
        for rank, m in enumerate(ranked):
            entity = m.entity or ""
            features = self._pair(cls, sent, word, m, rank, entity == rule)
            features[f"count={min(counts.get(entity, 1), 4)}"] = 1.0
            if rule is None:
                features["rule=none"] = 1.0
            if entity == previous:
                features["previous speaker"] = 1.0
                features[f"previous speaker|{cls}"] = 1.0
            elif entity in earlier:
                features["earlier speaker"] = 1.0
            if self._first_of_type.get(self.entities.by_id[entity].type) == entity:
                features["first of its type"] = 1.0
            agreement = self.resolver.gender_agreement(word.text.lower(), entity)
            if agreement is not None:
                features[f"gender {agreement}"] = 1.0
            if cls == "noun":
                features.update(self._noun_features(word, entity))
            out.append(Candidate(entity, features))
        return out

    def _other_rank(self, noun: str, entity: str) -> bool:
        """:meth:`PronounResolver.other_rank` of an entity's mentions, once per noun and entity: a text
        repeating a name and "the president said" thousands of times reads each name's titles once."""
        key = (noun, entity)
        if key not in self._ranks:
            self._ranks[key] = self.resolver.other_rank(noun, self._by_entity.get(entity, []))
        return self._ranks[key]

    def _noun_features(self, word: Word, entity: str) -> dict[str, float]:
        """What ties a description's noun to a candidate: its name ends in the noun ("the
        department"), the noun is a title of the person, or a noun of its type (pronouns.json)."""
        noun = word.lemma.lower()
        features: dict[str, float] = {}
        name = self.entities.by_id[entity].name.lower().split()
        etype = self.entities.by_id[entity].type
        body = self.resolver.pronouns.bodies.get(word.text.lower())  # "the justices": the court
        if name and name[-1].rstrip(".,") in (noun, word.text.lower(), body):
            features["name ends in the noun"] = 1.0
        if noun in load_lexicons().entities.titles:
            features[f"noun is a title|type={etype}"] = 1.0
        if any(noun in nouns and etype == t for t, nouns in self.resolver.pronouns.described.items()):
            features["noun of its type"] = 1.0
        return features

    def _latest_mentions(self, quote: Quote, sent: Sentence, word: Word) -> tuple[dict[str, Mention], dict[str, int]]:
        """The latest mention before ``word`` of each candidate entity (the rules' pick included),
        and how many mentions each has there."""
        content = (quote.start, quote.end)
        floor = sent.index - SENTENCES_BACK
        latest: dict[str, Mention] = {}
        counts: dict[str, int] = {}
        i = bisect.bisect_left(self._starts, word.start)
        for m in reversed(self._mentions[max(0, i - MAX_SCANNED):i]):
            if m.sentence < floor:
                break
            if m.end > word.start or content[0] <= m.start < content[1] or m.entity is None:
                continue
            if m.entity in latest or len(latest) < MAX_CANDIDATES:
                latest.setdefault(m.entity, m)
                counts[m.entity] = counts.get(m.entity, 0) + 1
        rule = quote.entity
        if rule is not None and rule not in latest and rule in self._by_entity:
            mentions = self._by_entity[rule]
            n = bisect.bisect_left(mentions, word.start, key=lambda m: m.start)
            if n and mentions[n - 1].end <= word.start:
                latest[rule] = mentions[n - 1]
                counts[rule] = n
        return latest, counts

    def _pair(self, cls: str, sent: Sentence, word: Word, m: Mention, rank: int, rule: bool) -> dict[str, float]:
        """The features of a candidate's latest mention ``m`` for a pronoun ``word`` of class ``cls`` in ``sent``."""
        etype = self.entities.by_id[m.entity or ""].type
        distance = min(sent.index - m.sentence, 3)
        role = self._role(m)
        features = {"bias": 1.0, f"type={etype}|{cls}": 1.0, f"rank={min(rank, 4)}": 1.0,
                    f"rank={min(rank, 4)}|{cls}": 1.0, f"sentences back={distance}": 1.0,
                    f"role={role}": 1.0, f"role={role}|sentences back={min(distance, 1)}": 1.0,
                    f"type={etype}|role={role}": 1.0}
        if rule:
            features["rule"] = 1.0
            features[f"rule|{cls}"] = 1.0
        if self.resolver.in_other_marks(m.start, word.start):
            features["in quotation marks"] = 1.0
        return features

    def _role(self, m: Mention) -> str:
        """The relation of a mention's head word, grouped (:data:`ROLES`); "other" for the rest."""
        if not 0 <= m.sentence < len(self.sentences) or not m.words:
            return "other"
        words = self.sentences[m.sentence].words
        inside = set(m.words)
        head = next((words[i] for i in m.words if i < len(words) and words[i].head not in inside), None)
        return "other" if head is None else ROLES.get(head.deprel, "other")

    def table(self, quotes: Sequence[Quote]) -> list[tuple[Quote, list[Candidate]]]:
        """Each quote with a pronoun speaker and its candidates, as the rules attributed them (the
        trainer's data)."""
        return [(quote, candidates) for quote, candidates in self._questions(quotes, None)]

    def relink(self, quotes: Sequence[Quote], model: SpeakerModel) -> None:
        """Give each quote with a pronoun speaker the likeliest candidate where it reaches the
        model's threshold (quotes in document order, so a relinked speaker is the previous speaker
        of the next quote; quotes sharing one speaker word are one question)."""
        for _ in self._questions(quotes, model):
            pass

    def _questions(self, quotes: Sequence[Quote], model: SpeakerModel | None
                   ) -> Iterator[tuple[Quote, list[Candidate]]]:
        speakers: list[tuple[int, str | None]] = []
        decided: dict[tuple[int, int], str | None] = {}
        for quote in sorted(quotes, key=lambda q: q.start):
            found = self.speaker_word_of(quote)
            if found is not None and quote.speaker is not None:
                if quote.speaker not in decided:
                    candidates = self.candidates(quote, *found, speakers)
                    yield quote, candidates
                    decided[quote.speaker] = quote.entity if model is None else choose(model, candidates, quote.entity)
                quote.entity = decided[quote.speaker]
            speakers.append((quote.start, quote.entity))


def choose(model: SpeakerModel, candidates: Sequence[Candidate], rule: str | None) -> str | None:
    """The likeliest candidate's entity where it reaches the model's threshold, else the rules'
    pick (the stage's rule; the trainer's report applies it too)."""
    best, p = rule, 0.0
    for candidate in candidates:
        q = model.probability(candidate.features)
        if q > p:
            best, p = candidate.entity, q
    return best if p >= model.threshold else rule
