"""Which words a date dates: a link classifier learned from the news set's gold.

The event stage's rules hang each date on one predicate, found by climbing the parse from the
date (:meth:`~service.extract.events.EventFinder.trigger_for`).  News gold often names another
word of the same clause: the verb whose setting a dated event noun is ("Ryan handily *beat*
Webster in Wednesday's GOP conference election"; "*began* a two-day meeting in Geneva on
Monday"; "troops *killed* 60 rebel militiamen during bloody weekend clashes"), or the verb under
a plan word ("is planning to *recommence* running this week").  On the development articles a
quarter of the misses are such choices: herald dated a word of the gold's anchor, the right date
on the wrong word.

For each date, the words it may date are its head's ancestors, the ancestors of the word its
surface names and of the rules' trigger, and the verbs those take as an infinitive complement
or a conjunct (:func:`candidates`).  A binary logistic regression over each pair's features
(:func:`link_features`: the path up from the date, the word's part of speech, relation, lemma
and event-noun status, the date's preposition, whether the rules chose it...) gives the
probability that the gold names that word as an event of that date.  The stage adds an event
for each word reaching ``threshold`` (a word several dates reach takes the likeliest) and drops
the rules' own trigger of a date below ``drop_threshold`` (unless another date keeps it; a quote's
cue stays that quote's speech event, without the date).

The weights are data (``service/data/weights/date_links.json``), fitted by
``python -m scripts.train_date_links`` on the development articles of ``seeds/news`` (its
``--cv`` report holds out one annotation round at a time).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, partial
from typing import TYPE_CHECKING, Any

from service.extract.linear import BINARY_CLASSES, checked_binary, checked_probability, read_weights, yes_probability

if TYPE_CHECKING:
    from service.extract.timexes import Timex
    from service.nlp.records import Sentence, Word

FILE = "date_links.json"
#: The two classes of the weights: the word is no event of that date, or it is.
CLASSES = BINARY_CLASSES
#: How far above each starting word candidates are looked for.
CLIMB = 4
#: Parts of speech a trigger can have (verbs, event nouns and named events, "due" and "up").
TRIGGER_UPOS = frozenset({"VERB", "NOUN", "PROPN", "ADJ"})
#: Dependents of a candidate verb that are candidates too: "planning to recommence", "met and agreed".
COMPLEMENTS = ("xcomp", "conj")
#: At most this many of a verb's complements are candidates (the nearest).
MAX_COMPLEMENTS = 3


@dataclass(frozen=True)
class LinkModel:
    """The classifier: its two thresholds and one weight per class and feature."""

    threshold: float
    drop_threshold: float
    weights: dict[str, tuple[float, ...]]

    def probability(self, features: Mapping[str, float]) -> float:
        """The probability that the pair is a gold link."""
        return yes_probability(self.weights, features)


@cache
def load_link_model() -> LinkModel:
    """Read and check ``service/data/weights/date_links.json`` once."""
    return link_model_from(read_weights(FILE))


def link_model_from(data: dict[str, Any]) -> LinkModel:
    """The :class:`LinkModel` of a weights file's content; a ValueError names the fault."""
    weights = checked_binary(data, FILE, ("threshold", "drop_threshold"))
    return LinkModel(checked_probability(data.get("threshold"), FILE, "threshold"),
                     checked_probability(data.get("drop_threshold"), FILE, "drop_threshold"), weights)


def candidates(sent: Sentence, timex: Timex, rule: Word | None, event_nouns: Collection[str],
               complements: Callable[[Word], Sequence[Word]] | None = None) -> list[Word]:
    """The words of the date's sentence it may date, in sentence order (see the module docstring);
    never a word of the date itself.  ``complements`` gives a verb's (:func:`complements_of`;
    a caller asking for many dates of one sentence passes a cached one)."""
    complements = complements or partial(complements_of, sent)
    head = sent.words[timex.head]
    starts = [w for w in (sent.head_of(head), rule,
                          sent.words[timex.attach] if timex.attach is not None else None) if w is not None]
    found: dict[int, Word] = {}
    for start in starts:
        for word in (start, *sent.ancestors(start, CLIMB)):
            found.setdefault(word.index, word)
    for word in list(found.values()):
        if word.upos == "VERB":
            for below in complements(word):
                found.setdefault(below.index, below)
    return sorted((w for w in found.values() if _trigger_like(w, event_nouns)
                   and not (timex.start <= w.start < timex.end)), key=lambda w: w.index)


def complements_of(sent: Sentence, verb: Word) -> list[Word]:
    """A verb's xcomp and conj dependents, the ``MAX_COMPLEMENTS`` nearest it: a verb coordinated
    with thousands (a hostile list) must not make every date of its sentence cost thousands."""
    found = sent.dependents(verb, COMPLEMENTS)
    return sorted(found, key=lambda w: abs(w.index - verb.index))[:MAX_COMPLEMENTS]


def _trigger_like(word: Word, event_nouns: Collection[str]) -> bool:
    if word.upos == "PROPN":
        return word.lemma.lower() in event_nouns or word.text.lower() in event_nouns
    return word.upos in TRIGGER_UPOS


def _steps(sent: Sentence, below: Word, above: Word) -> int | None:
    """How many heads up from ``below`` ``above`` is (0: the same word), or None."""
    if below.index == above.index:
        return 0
    for n, word in enumerate(sent.ancestors(below, CLIMB + 3), 1):
        if word.index == above.index:
            return n
    return None


def _bucket(n: int) -> str:
    return str(n) if n < 4 else ("4-7" if n < 8 else "8+")


def date_features(sent: Sentence, timex: Timex) -> dict[str, float]:
    """What every pair of one date shares: the bias, the date's relation, granularity and preposition
    (computed once per date, not once per candidate word)."""
    head = sent.words[timex.head]
    f = {"bias": 1.0, f"date_rel:{head.deprel}": 1.0, f"date_gran:{_granularity(timex.value)}": 1.0}
    for case in sent.dependent_lemmas(head, "case")[:1]:
        f[f"date_case:{case}"] = 1.0
    return f


def link_features(sent: Sentence, timex: Timex, word: Word, rule: Word | None, *, date: Mapping[str, float],
                  event_nouns: Collection[str], speech_verbs: Collection[str], light_verbs: Collection[str],
                  dated_elsewhere: bool, quoted: bool) -> dict[str, float]:
    """The features of one (date, word) pair, ``date`` being :func:`date_features` of its date.  Names
    without a colon are always kept by the trainer; ``name:value`` ones only when frequent enough."""
    head = sent.words[timex.head]
    f = dict(date)
    f.update(_word_features(sent, word, event_nouns, speech_verbs, light_verbs))
    f.update(_rule_features(sent, word, rule, speech_verbs))
    steps = _steps(sent, head, word)
    if steps is None:
        f["off_date_path"] = 1.0
    else:
        f[f"steps_{_bucket(steps)}"] = 1.0
        f[f"steps_upos:{word.upos}_{_bucket(steps)}"] = 1.0
        path = [w.deprel for w in _path(sent, head, steps)]
        f[f"path:{'>'.join(path[:2])}"] = 1.0
    f[f"distance_{_bucket(abs(word.index - head.index))}"] = 1.0
    f["before_date" if word.index < head.index else "after_date"] = 1.0
    if dated_elsewhere:
        f["dated_elsewhere"] = 1.0
        f[f"dated_elsewhere:{'rule' if rule is not None else 'no_rule'}_{_bucket(steps or 0)}"] = 1.0
    if quoted:
        f["quoted"] = 1.0
    return f


def _word_features(sent: Sentence, word: Word, event_nouns: Collection[str], speech_verbs: Collection[str],
                   light_verbs: Collection[str]) -> dict[str, float]:
    """What the word is: part of speech, relation, lemma, event noun, speech or light verb, form."""
    lemma, upos = word.lemma.lower(), word.upos
    f = {f"upos:{upos}": 1.0, f"rel:{word.deprel}": 1.0, f"lemma:{lemma}": 1.0}
    if upos in ("NOUN", "PROPN") and (lemma in event_nouns or word.text.lower() in event_nouns):
        f["event_noun"] = 1.0
    for name, words in (("speech", speech_verbs), ("light", light_verbs)):
        if lemma in words:
            f[name] = 1.0
    if word.deprel == "root":
        f["root"] = 1.0
    if upos == "VERB":
        f[f"form:{word.feat('VerbForm')}_{word.feat('Tense')}"] = 1.0
        if sent.child_rels(word.index) & {"nsubj", "nsubj:pass"}:
            f["has_subject"] = 1.0
    return f


def _rule_features(sent: Sentence, word: Word, rule: Word | None, speech_verbs: Collection[str]) -> dict[str, float]:
    """Where the word is from the rules' trigger of the date."""
    if rule is None:
        return {"no_rule": 1.0}
    if rule.index == word.index:
        return {"rule": 1.0, f"rule_upos:{word.upos}": 1.0}
    f = {f"rule_is:{rule.upos}": 1.0}
    if rule.lemma.lower() in speech_verbs:
        f["rule_speech"] = 1.0
    # The pair's shape as one feature: the rules' trigger (its part of speech and relation) and
    # where the word is from it ("a NOUN obl's head VERB": "beat X in Wednesday's election").
    up, down = _steps(sent, rule, word), _steps(sent, word, rule)
    if up is not None:
        f[f"above_rule_{_bucket(up)}"] = 1.0
        f[f"above_rule:{rule.upos}_{rule.deprel}>{word.upos}_{_bucket(up)}"] = 1.0
    elif down is not None:
        f[f"below_rule_{_bucket(down)}"] = 1.0
        f[f"below_rule:{rule.upos}>{word.upos}_{word.deprel}"] = 1.0
    else:
        f["off_rule_path"] = 1.0
    return f


def _path(sent: Sentence, below: Word, steps: int) -> Iterable[Word]:
    """``below`` and the words above it, ``steps`` of them (the relations of the climb)."""
    yield below
    for n, word in enumerate(sent.ancestors(below, steps), 1):
        if n < steps:
            yield word


def _granularity(value: str | None) -> str:
    if not value:
        return "none"
    if "T" in value:
        return "time"
    if "W" in value:
        return "week"
    if "Q" in value or "H" in value:
        return "quarter"
    dashes = value.count("-")
    return ("year", "month", "day")[min(dashes, 2)] if value[:4].isdigit() else "other"
