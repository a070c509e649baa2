"""Entity types the tagger and the rules get wrong: a type classifier learned from the news set's gold.

On news it has never seen, a third of the entities herald gets wrong are found but mistyped: a
club named after its city ("Burnley", "Nashville") typed GPE, a region ("Maui", "Sinai") GPE
where news gold has LOC, a product or a fair typed ORG.  What decides is rarely the name alone:
it is the words around its mentions ("in", "at", "coach", "'s", "beat"), its head word ("Fair",
"Court", "League"), how the tagger typed its mentions, and whether the story is sports copy.  A
multinomial logistic regression over those features gives each entity a probability per name
type, and one more class, ``none``: a capitalised word that is no name at all ("Township",
"Shareholders", "FIRST").

The stage's rule: an entity of a name type that the tagger scored is retyped when another type's
probability reaches ``threshold`` (0.5) and beats its own type's, and dropped (with its mentions)
when ``none``'s reaches ``drop_threshold`` (0.8).  Dropping is held to the higher bar: a dropped
entity is lost to the quote and event stages, a wrong type only to the type.  Both were chosen on
the leave-one-round-out report before any test scoring.

The weights are data (``service/data/weights/entity_types.json``), fitted by
``python -m scripts.train_entity_types`` on the development articles of ``seeds/news`` (its
``--cv`` report holds out one annotation round at a time, as an unseen outlet meets the model).
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from service.deadline import NO_DEADLINE, Deadline
from service.extract.linear import check_keys, checked_probability, checked_weights, probabilities, read_weights

if TYPE_CHECKING:
    from service.extract.entities import Entity

FILE = "entity_types.json"
NONE = "none"
#: Tokens around a mention: a word (with an inner apostrophe or hyphen), "'s", or one other sign.
TOKEN = re.compile(r"[’']s\b|\w+(?:[’'-]\w+)*|[^\w\s]")
#: A word of a name or a text, as compared in lower case (so "J.C." is "j c", "U.S.-led" is "u s-led").
NAME_WORD = re.compile(r"[\w-]+")
#: Names of at most this many words are looked for in lower case (longer ones never are).
LOWER_PHRASE_WORDS = 4
#: Characters looked at on each side of a mention for its neighbouring tokens.
CONTEXT_CHARS = 40
#: A line of at most this many words is a headline, label or caption, not a paragraph of the story.
SHORT_LINE_WORDS = 12
#: A longer line with at least this share of capitalised words is a headline in title case.
TITLE_CASE_SHARE = 0.6


@dataclass(frozen=True)
class TypeModel:
    """The classifier: its classes (``none`` first, then name types), its two thresholds, and one
    weight per class and feature."""

    classes: tuple[str, ...]
    threshold: float
    drop_threshold: float
    weights: dict[str, tuple[float, ...]]

    def probabilities(self, features: dict[str, float]) -> list[float]:
        return probabilities(self.weights, len(self.classes), features)


@cache
def load_type_model() -> TypeModel:
    """Read and check ``service/data/weights/entity_types.json`` once."""
    return type_model_from(read_weights(FILE))


def type_model_from(data: dict[str, Any]) -> TypeModel:
    """The :class:`TypeModel` of a weights file's content; a ValueError names the fault."""
    from service.extract.entities import NAME_TYPES

    check_keys(data, FILE, ("threshold", "drop_threshold"))
    classes = tuple(data.get("classes", ()))
    if (not classes or classes[0] != NONE or len(set(classes)) != len(classes)
            or not set(classes[1:]) <= NAME_TYPES):
        raise ValueError(f"{FILE}: classes must list {NONE!r} first, then name types, each once")
    return TypeModel(classes, checked_probability(data.get("threshold"), FILE, "threshold"),
                     checked_probability(data.get("drop_threshold"), FILE, "drop_threshold"),
                     checked_weights(data.get("weights"), len(classes), FILE))


class TextFacts:
    """What the features need from the whole text, computed once per text (never once per entity: a
    text of thousands of names would cost their number times its length): whether it is sports copy,
    the phrases it writes in lower case, and its lines' shapes."""

    def __init__(self, text: str, sports: bool | None = None) -> None:
        from service.extract.entities import sports_story

        self.text = text
        self.sports = sports_story(text) if sports is None else sports
        words = NAME_WORD.findall(text)
        self.lower_phrases = {" ".join(words[i:i + n]) for n in range(1, LOWER_PHRASE_WORDS + 1)
                              for i in range(len(words) - n + 1)
                              if all(w == w.lower() for w in words[i:i + n])}
        self._breaks = [m.start() for m in re.finditer("\n", text)]
        self._lines: dict[int, tuple[int, int]] = {}

    def writes_in_lower_case(self, name: str) -> bool:
        words = NAME_WORD.findall(name.lower())
        return 0 < len(words) <= LOWER_PHRASE_WORDS and " ".join(words) in self.lower_phrases

    def line_shape(self, offset: int) -> tuple[int, int]:
        """Words, and capitalised words, of the line holding ``offset`` (counted once per line)."""
        k = bisect.bisect_left(self._breaks, offset)
        if k not in self._lines:
            start = self._breaks[k - 1] + 1 if k else 0
            end = self._breaks[k] if k < len(self._breaks) else len(self.text)
            words = self.text[start:end].split()
            self._lines[k] = (len(words), sum(w[:1].isupper() for w in words))
        return self._lines[k]


def entity_features(entity: Entity, facts: TextFacts) -> dict[str, float]:
    """The features of one entity: its type now and its mentions' tagged types, its name's shape and
    words, and the lines and tokens around its mentions in the text of ``facts``."""
    mentions = entity.mentions
    features: dict[str, float] = {"bias": 1.0, "type:" + entity.type: 1.0, "sports": float(facts.sports),
                                  "mentions_log": math.log1p(len(mentions)) / 3}
    for etype, n in Counter(m.type for m in mentions).items():
        features["tagged:" + etype] = n / len(mentions)
    features["confidence"] = entity.confidence or 0.0
    features.update(_name_features(entity.name or (mentions[0].text if mentions else ""), facts))
    for m in mentions:
        features.update(_context_features(facts, m.start, m.end))
    return features


def _name_features(name: str, facts: TextFacts) -> dict[str, float]:
    words = name.split()
    features = {f"words:{min(len(words), 3)}": 1.0, "digit": float(any(c.isdigit() for c in name)),
                "hyphen": float("-" in name)}
    if words:
        head = words[-1].lower()
        features["head:" + head] = 1.0
        features["suffix:" + head[-3:]] = 1.0
        if len(words) > 1:
            features["first:" + words[0].lower()] = 1.0
        features["caps"] = float(name.replace(".", "").replace(" ", "").isupper())
        features["lower_word"] = float(any(w[:1].islower() for w in words))
    # A capitalised word the story also writes in lower case is a common noun at a sentence's or a
    # headline's start ("Township", "Shareholders"), rarely a name.
    if facts.writes_in_lower_case(name):
        features["lower_elsewhere"] = 1.0
        features[f"lower_elsewhere:{min(len(words), 2)}"] = 1.0
    return features


def _context_features(facts: TextFacts, start: int, end: int) -> dict[str, float]:
    """One mention's neighbouring tokens and its line's shape (present-or-absent features, so an
    entity's mentions add up to the set of what any of them has)."""
    text = facts.text
    features: dict[str, float] = {}
    before = TOKEN.findall(text[max(0, start - CONTEXT_CHARS):start])
    after = TOKEN.findall(text[end:end + CONTEXT_CHARS])
    if before:
        features["prev:" + before[-1].lower()] = 1.0
        if len(before) > 1:
            features["prev2:" + " ".join(t.lower() for t in before[-2:])] = 1.0
    else:
        features["prev:<start>"] = 1.0
    if after:
        features["next:" + after[0].lower()] = 1.0
    if not text[max(0, start - 2):start].strip():
        features["line_start"] = 1.0
    words, capitalised = facts.line_shape(start)
    if words <= SHORT_LINE_WORDS:
        features["short_line"] = 1.0
    elif capitalised >= TITLE_CASE_SHARE * words:
        features["title_case_line"] = 1.0
    return features


@dataclass(frozen=True)
class Verdict:
    """What the model says of one entity: its likeliest class other than its own type, and how likely."""

    label: str
    probability: float


def judge(entities: Sequence[Entity], text: str, model: TypeModel | None = None,
          deadline: Deadline = NO_DEADLINE, sports: bool | None = None) -> list[Verdict | None]:
    """For each entity of a name type with a tagger's confidence, the verdict that changes it (a new
    type, or ``none``: drop), or None where the model keeps it as it is (``sports``: whether the text
    is sports copy, when the caller already knows)."""
    from service.extract.entities import NAME_TYPES

    model = model or load_type_model()
    facts = TextFacts(text, sports)
    verdicts: list[Verdict | None] = []
    for entity in entities:
        deadline.check()
        verdict = None
        # An entity no tagger scored (a fake NLP's, a rule's) is outside what the model was fitted on.
        if entity.type in NAME_TYPES and entity.confidence is not None:
            p = model.probabilities(entity_features(entity, facts))
            best = max((k for k in range(len(model.classes)) if model.classes[k] != entity.type), key=p.__getitem__)
            label = model.classes[best]
            own = p[model.classes.index(entity.type)] if entity.type in model.classes else 0.0
            if p[best] > own and p[best] >= (model.drop_threshold if label == NONE else model.threshold):
                verdict = Verdict(label, p[best])
        verdicts.append(verdict)
    return verdicts
