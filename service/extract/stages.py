"""The per-document stages of the extraction pipeline, each with one contract.

A stage has a ``name`` (its key in the per-stage timings: Server-Timing, metrics), the slots of
:class:`~service.extract.document.AnalysedDocument` it ``requires`` and the slots it
``provides``, and one method, ``process(doc, deadline)``, that reads the required slots and
sets the provided ones, and nothing else (as Stanza's processors declare
``REQUIRES_DEFAULT``/``PROVIDES_DEFAULT``).  :func:`check_order` checks a list of stages once,
when the pipeline is built: each stage's inputs must be base slots (cleaning and the NLP
adapter, run over the whole batch before any stage) or provided by an earlier stage.

To add a stage: write a class with ``name``, ``requires``, ``provides`` and ``process`` below,
add its output slot to ``AnalysedDocument`` (and ``STAGE_SLOTS``), put it in :data:`STAGES` after
the stages it requires, and have :mod:`service.extract.serialize` write its output.

The stages wrap the modules' entry points unchanged: ``cluster`` (entities), ``find_timexes``,
``find_quotes`` and ``find_events``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, ClassVar, Protocol

from service.deadline import Deadline
from service.extract.date_links import load_link_model
from service.extract.document import BASE_SLOTS, SLOTS, AnalysedDocument
from service.extract.entities import cluster
from service.extract.events import find_events
from service.extract.quotes import find_quotes
from service.extract.salience import salience
from service.extract.speaker_links import load_speaker_model
from service.extract.timexes import find_timexes

if TYPE_CHECKING:
    from service.extract.kb import Link


class PipelineOrderError(ValueError):
    """A list of stages that cannot run in its order (raised when the pipeline is built)."""


class Stage(Protocol):
    """What the pipeline needs from a stage."""

    name: str
    requires: frozenset[str]
    provides: frozenset[str]

    def process(self, doc: AnalysedDocument, deadline: Deadline) -> None:
        """Read ``requires`` of ``doc`` and set its ``provides`` slots (and no other)."""
        ...


class EntitiesStage:
    """Named-entity mentions clustered into entities (:func:`~service.extract.entities.cluster`)."""

    name: ClassVar[str] = "entities"
    requires: ClassVar[frozenset[str]] = frozenset({"sentences", "text"})
    provides: ClassVar[frozenset[str]] = frozenset({"entities"})

    def __init__(self, learned_types: bool = True) -> None:
        #: Whether the type classifier retypes and drops entities (off to collect its training data).
        self.learned_types = learned_types

    def process(self, doc: AnalysedDocument, deadline: Deadline) -> None:
        doc.entities = cluster(doc.sentences, doc.text, deadline=deadline, learned_types=self.learned_types)


class TimexesStage:
    """Dates and times normalised against the anchor (:func:`~service.extract.timexes.find_timexes`)."""

    name: ClassVar[str] = "timexes"
    requires: ClassVar[frozenset[str]] = frozenset({"sentences", "text", "anchor", "entities"})
    provides: ClassVar[frozenset[str]] = frozenset({"timexes"})

    def process(self, doc: AnalysedDocument, deadline: Deadline) -> None:
        assert doc.entities is not None
        others = [m for e in doc.entities.entities for m in e.mentions]
        doc.timexes = find_timexes(doc.sentences, doc.text, doc.entities.timex_mentions, others, doc.anchor,
                                   deadline=deadline)


class QuotesStage:
    """Direct, mixed and indirect quotes with cue and speaker (:func:`~service.extract.quotes.find_quotes`)."""

    name: ClassVar[str] = "quotes"
    requires: ClassVar[frozenset[str]] = frozenset({"sentences", "text", "cleaned", "entities"})
    provides: ClassVar[frozenset[str]] = frozenset({"quotes"})

    def __init__(self, learned_speakers: bool = True) -> None:
        #: Whether the speaker ranker relinks pronoun and description speakers (off: the rules alone).
        self.learned_speakers = learned_speakers

    def process(self, doc: AnalysedDocument, deadline: Deadline) -> None:
        assert doc.entities is not None
        doc.quotes = find_quotes(doc.sentences, doc.text, doc.cleaned.paragraphs, doc.entities, deadline=deadline,
                                 speakers=load_speaker_model() if self.learned_speakers else None)


class EventsStage:
    """Dated predicates and the quotes' speech events (:func:`~service.extract.events.find_events`)."""

    name: ClassVar[str] = "events"
    requires: ClassVar[frozenset[str]] = frozenset({"sentences", "text", "anchor", "entities", "timexes", "quotes"})
    provides: ClassVar[frozenset[str]] = frozenset({"events"})

    def __init__(self, learned_links: bool = True) -> None:
        #: Whether the date link classifier adds and drops dated events (off to collect its training data).
        self.learned_links = learned_links

    def process(self, doc: AnalysedDocument, deadline: Deadline) -> None:
        assert doc.entities is not None and doc.timexes is not None and doc.quotes is not None
        doc.events = find_events(doc.sentences, doc.text, doc.entities, doc.timexes, doc.quotes, doc.anchor,
                                 deadline=deadline, links=load_link_model() if self.learned_links else None)


class LinksStage:
    """Each quote's speech event: the one place quotes and events are linked (read from the
    events' ``quote`` ids; neither the quotes nor the events are changed).  Its time counts
    under ``events`` in the timings (``name``), so the per-stage timings keep their keys."""

    name: ClassVar[str] = "events"
    requires: ClassVar[frozenset[str]] = frozenset({"quotes", "events"})
    provides: ClassVar[frozenset[str]] = frozenset({"links"})

    def process(self, doc: AnalysedDocument, deadline: Deadline) -> None:
        assert doc.quotes is not None and doc.events is not None
        by_quote = {e.quote: e.id for e in doc.events if e.quote}
        doc.links = {q.id: by_quote[q.id] for q in doc.quotes if q.id in by_quote}


class SalienceStage:
    """How central each entity is (:func:`~service.extract.salience.salience`)."""

    name: ClassVar[str] = "salience"
    requires: ClassVar[frozenset[str]] = frozenset({"sentences", "text", "cleaned", "entities", "quotes", "events"})
    provides: ClassVar[frozenset[str]] = frozenset({"salience"})

    def process(self, doc: AnalysedDocument, deadline: Deadline) -> None:
        assert doc.entities is not None and doc.quotes is not None and doc.events is not None
        deadline.check()
        doc.salience = salience(doc.entities, doc.quotes, doc.events, doc.sentences, doc.cleaned, doc.text)


#: Most entities linked together as one context (see KbLinksStage.process); news articles have far fewer.
KB_CONTEXT_ENTITIES = 200


class Linker(Protocol):
    """What :class:`KbLinksStage` needs from a knowledge base (:class:`service.extract.kb.KnowledgeBase`)."""

    def link_document(self, entities: Sequence[tuple[str, str, Sequence[str]]]) -> list[list[Link]]: ...


class KbLinksStage:
    """Each entity's links to knowledge bases (GeoNames, Wikipedia, a user's table), from the
    knowledge base loaded once per worker; without one, every entity's links are empty."""

    name: ClassVar[str] = "links"
    requires: ClassVar[frozenset[str]] = frozenset({"entities"})
    provides: ClassVar[frozenset[str]] = frozenset({"kb_links"})

    def __init__(self, kb: Linker | None = None) -> None:
        self.kb = kb

    def process(self, doc: AnalysedDocument, deadline: Deadline) -> None:
        assert doc.entities is not None
        entities = doc.entities.entities
        if self.kb is None or not entities:
            doc.kb_links = {e.id: [] for e in entities}
            return
        doc.kb_links = {}
        # Linking weighs each entity against the others of its document (quadratic: 5,000 place
        # names took 54 s in one call), so a long document is linked in runs of entities in text
        # order, each the context of its own members, with a deadline check between runs.
        for first in range(0, len(entities), KB_CONTEXT_ENTITIES):
            deadline.check()
            run = entities[first:first + KB_CONTEXT_ENTITIES]
            found = self.kb.link_document([(e.name, e.type, [m.text for m in e.mentions]) for e in run])
            doc.kb_links.update((e.id, links) for e, links in zip(run, found, strict=True))


def default_stages(kb: Linker | None = None) -> tuple[Stage, ...]:
    """The stages in the order they run, linking to ``kb`` (checked by :func:`check_order` when a
    pipeline is built)."""
    return (EntitiesStage(), TimexesStage(), QuotesStage(), EventsStage(), LinksStage(), SalienceStage(),
            KbLinksStage(kb))


#: The stages without a knowledge base.
STAGES: tuple[Stage, ...] = default_stages()


def check_order(stages: Sequence[Stage], given: Iterable[str] = BASE_SLOTS,
                needed: Iterable[str] = ()) -> frozenset[str]:
    """Check that ``stages`` can run in their order; return the slots filled at the end.

    Raise :class:`PipelineOrderError` when a stage requires a slot that neither ``given`` (the
    base slots) nor an earlier stage provides, provides a slot already filled or one the
    document does not have, or when a slot in ``needed`` (the serializer's inputs) is never
    filled.
    """
    available = frozenset(given)
    for position, stage in enumerate(stages):
        missing = stage.requires - available
        if missing:
            raise PipelineOrderError(
                f"stage {position} ({type(stage).__name__}) requires {sorted(missing)}, which no earlier "
                f"stage provides (available then: {sorted(available)})")
        unknown = stage.provides - SLOTS
        if unknown:
            raise PipelineOrderError(f"stage {position} ({type(stage).__name__}) provides {sorted(unknown)}, "
                                     "which are not slots of AnalysedDocument")
        again = stage.provides & available
        if again:
            raise PipelineOrderError(f"stage {position} ({type(stage).__name__}) provides {sorted(again)}, "
                                     "already provided before it")
        available |= stage.provides
    never = frozenset(needed) - available
    if never:
        raise PipelineOrderError(f"no stage provides {sorted(never)}, which the serializer needs")
    return available
