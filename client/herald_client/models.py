"""Typed results of herald's endpoints: frozen dataclasses that mirror ``openapi.yaml``.

Every model is built with ``Model.from_dict(body)``, which reads the fields it knows and ignores
any other key, so a client keeps working when the service adds a field to its answers (the
service's own schemas are strict, the client deliberately is not).  Lists become tuples and
nullable fields ``None``; offsets are Unicode code points into the submitted text, end exclusive,
exactly as Python slices them: ``text[span.start:span.end] == span.text``.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

M = TypeVar("M", bound="_Model")


def _nested(convert: Callable[[Any], Any], *, default: Any = dataclasses.MISSING) -> Any:
    """A field whose JSON value is converted by ``convert`` (``None`` stays ``None``)."""
    return dataclasses.field(default=default, metadata={"convert": convert})


def _many(model: Callable[[Any], Any]) -> Callable[[Any], tuple[Any, ...]]:
    """Converter of a JSON list into a tuple of models."""
    return lambda items: tuple(model(item) for item in items)


def _strings(items: Any) -> tuple[str, ...]:
    return tuple(str(item) for item in items)


class _Model:
    """Base of the response models: ``from_dict`` reads known keys and ignores unknown ones."""

    __slots__ = ()

    @classmethod
    def from_dict(cls: type[M], data: Mapping[str, Any]) -> M:
        """Build the model from a decoded JSON object; unknown keys are ignored.

        A missing key takes the field's default when it has one (fields the service added
        after this client was written) and raises ``KeyError`` otherwise.
        """
        values: dict[str, Any] = {}
        for field in dataclasses.fields(cls):  # type: ignore[arg-type]
            key = field.metadata.get("key", field.name)
            if key not in data:
                if field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING:
                    raise KeyError(f"{cls.__name__}: the answer has no {key!r}")
                continue
            value = data[key]
            convert = field.metadata.get("convert")
            values[field.name] = convert(value) if convert is not None and value is not None else value
        return cls(**values)


@dataclasses.dataclass(frozen=True, slots=True)
class Span(_Model):
    """A piece of the submitted text: ``submitted[start:end] == text`` (code points, end exclusive)."""

    text: str
    start: int
    end: int


@dataclasses.dataclass(frozen=True, slots=True)
class Mention(Span):
    """A mention of an entity, with the probability (0-1) that it is a name of the entity's type
    (``None`` from a service older than the confidence fields)."""

    confidence: float | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Link(_Model):
    """A knowledge-base entry for an entity: ``kb`` is ``geonames``, ``wikipedia`` or a user table's
    name, ``id`` the entry's id there; ``country`` and the coordinates are set for places."""

    kb: str
    id: str
    score: float
    name: str | None = None
    country: str | None = None
    latitude: float | None = None
    longitude: float | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class SentenceRef(_Model):
    """A sentence by position (the text is ``submitted[start:end]``; the service does not copy it)."""

    index: int
    start: int
    end: int


@dataclasses.dataclass(frozen=True, slots=True)
class Entity(_Model):
    """One real-world entity (``type`` is an OntoNotes label such as PERSON) with all its mentions."""

    id: str
    name: str
    type: str
    mentions: tuple[Mention, ...] = _nested(_many(Mention.from_dict))
    #: How central the entity is to the article (the entities' saliences sum to 1).
    salience: float | None = None
    #: Probability that the entity is right (the highest of its mentions').
    confidence: float | None = None
    links: tuple[Link, ...] = _nested(_many(Link.from_dict), default=())


@dataclasses.dataclass(frozen=True, slots=True)
class Timex(Span):
    """A temporal expression with its TIMEX3 type and normalised value (``2025-02-17``, ``P3D``...)."""

    id: str
    type: str
    value: str | None
    resolved: bool
    mod: str | None


@dataclasses.dataclass(frozen=True, slots=True)
class EventDate(Timex):
    """The timex dating an event, with how it was found (``explicit``, ``relative``, ``inherited``,
    ``unresolved``) and the measured share of such dates that are right."""

    basis: str | None = None
    confidence: float | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Participant(_Model):
    """Who or what takes part in an event; ``entity`` is an ``Entity.id`` or ``None``."""

    role: str
    entity: str | None
    text: str


@dataclasses.dataclass(frozen=True, slots=True)
class Event(_Model):
    """An event: its trigger word, sentence, date (a timex or ``None``), participants and status."""

    id: str
    trigger: Span = _nested(Span.from_dict)
    lemma: str = ""
    sentence: SentenceRef | None = _nested(SentenceRef.from_dict, default=None)
    date: EventDate | None = _nested(EventDate.from_dict, default=None)
    participants: tuple[Participant, ...] = _nested(_many(Participant.from_dict), default=())
    location: str | None = None
    status: str = "happened"
    quote: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Speaker(Span):
    """The mention linked to a quote's cue (possibly a pronoun); ``entity`` is an ``Entity.id`` or ``None``;
    ``basis`` says how it was found (``named``, ``pronoun``, ``description``, ``unresolved``, ``carried``)
    and ``confidence`` the measured share of such speakers that are right."""

    entity: str | None
    basis: str | None = None
    confidence: float | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Quote(_Model):
    """A direct, indirect or mixed quotation with its cue and speaker (either may be ``None``)."""

    id: str
    kind: str
    content: Span = _nested(Span.from_dict)
    cue: Span | None = _nested(Span.from_dict, default=None)
    speaker: Speaker | None = _nested(Speaker.from_dict, default=None)
    event: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Boilerplate(Span):
    """Non-article text (a donation appeal, a copyright line...) left out of the analysis."""

    reason: str


@dataclasses.dataclass(frozen=True, slots=True)
class Stats(_Model):
    """Sizes and timing of one analysis (``elapsed_ms`` is the whole batch's in a batch)."""

    characters: int
    sentences: int
    tokens: int
    elapsed_ms: float


@dataclasses.dataclass(frozen=True, slots=True)
class ModelInfo(_Model):
    """Which model set produced an answer, and the NLP processors it ran."""

    name: str
    version: str
    processors: tuple[str, ...] = _nested(_strings, default=())


def _date(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)


@dataclasses.dataclass(frozen=True, slots=True)
class Source(_Model):
    """What an HTML page says about itself (answers to :meth:`~herald_client.Client.extract_html`);
    ``None`` (or an empty tuple) where the page does not say."""

    title: str | None = None
    authors: tuple[str, ...] = _nested(_strings, default=())
    url: str | None = None
    published: datetime.date | None = _nested(lambda value: _date(value), default=None)
    sitename: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class ExtractResult(_Model):
    """The answer of ``POST /v1/extract`` for one article (one slot of a batch)."""

    id: str | None
    date: datetime.date | None = _nested(_date)
    date_source: str | None = None
    language: str = "en"
    entities: tuple[Entity, ...] = _nested(_many(Entity.from_dict), default=())
    timexes: tuple[Timex, ...] = _nested(_many(Timex.from_dict), default=())
    events: tuple[Event, ...] = _nested(_many(Event.from_dict), default=())
    quotes: tuple[Quote, ...] = _nested(_many(Quote.from_dict), default=())
    boilerplate: tuple[Boilerplate, ...] = _nested(_many(Boilerplate.from_dict), default=())
    stats: Stats | None = _nested(Stats.from_dict, default=None)
    model: ModelInfo | None = _nested(ModelInfo.from_dict, default=None)
    #: For an HTML page: the text read from it (every offset indexes it) and what the page says about itself.
    text: str | None = None
    source: Source | None = _nested(Source.from_dict, default=None)

    def entity(self, entity_id: str | None) -> Entity | None:
        """The entity with this id (as referenced by participants, locations and speakers), or ``None``."""
        return next((entity for entity in self.entities if entity.id == entity_id), None)


def _errors(value: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    return {str(key): _strings(messages) for key, messages in value.items()}


@dataclasses.dataclass(frozen=True, slots=True)
class Problem(_Model):
    """An RFC 9457 problem: the body of every error, and of a rejected document's slot in a batch.

    ``errors`` maps a field (``text``, ``date``, ``documents.0.text``...) to its validation
    messages (422 only); ``request_id`` names the request in the service's logs.  In a record of
    ``extract_stream``, ``id`` is the document's id (else ``line-<n>``) and ``line`` its input
    line, from 1; a stream cut at a service limit ends with a problem whose ``id`` is ``None``.
    """

    status: int
    title: str = ""
    detail: str = ""
    type: str = "about:blank"
    instance: str | None = None
    errors: dict[str, tuple[str, ...]] = dataclasses.field(
        default_factory=dict, hash=False, metadata={"convert": _errors}
    )
    request_id: str | None = None
    id: str | None = None
    line: int | None = None


#: One slot of a batch answer: the document's result, or the problem that rejected it.
BatchItem = ExtractResult | Problem


def _is_problem(item: Mapping[str, Any]) -> bool:
    """A problem has a ``status`` and ``title`` and none of an extraction's keys."""
    return "status" in item and "title" in item and "entities" not in item


def parse_item(item: Mapping[str, Any]) -> BatchItem:
    """Read one batch slot as an :class:`ExtractResult` or a :class:`Problem`."""
    return Problem.from_dict(item) if _is_problem(item) else ExtractResult.from_dict(item)


def parse_record(record: Mapping[str, Any]) -> BatchItem:
    """Read one line of ``/v1/extract/stream``: an extraction, or ``{"id", "line", "problem"}``."""
    if "problem" in record and "entities" not in record:
        return Problem.from_dict({**record["problem"], "id": record["id"], "line": record["line"]})
    return ExtractResult.from_dict(record)


def parse_batch(body: Mapping[str, Any]) -> list[BatchItem]:
    """Read the body of ``POST /v1/extract/batch``: one item per document, in request order."""
    return [parse_item(item) for item in body["results"]]


@dataclasses.dataclass(frozen=True, slots=True)
class Limits(_Model):
    """The instance's configured request limits (texts, bodies, batch size, time budget)."""

    max_text_chars: int
    max_body_bytes: int
    max_batch: int
    request_budget_s: int
    read_timeout_s: int
    max_stream_bytes: int | None = None
    max_stream_documents: int | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Info(_Model):
    """The answer of ``GET /v1/info``: version, models, Stanza patches, vocabularies and limits."""

    service: str
    version: str
    model: ModelInfo = _nested(ModelInfo.from_dict)
    patches: tuple[str, ...] = _nested(_strings, default=())
    languages: tuple[str, ...] = _nested(_strings, default=())
    entity_types: tuple[str, ...] = _nested(_strings, default=())
    timex_types: tuple[str, ...] = _nested(_strings, default=())
    limits: Limits | None = _nested(Limits.from_dict, default=None)


@dataclasses.dataclass(frozen=True, slots=True)
class Health(_Model):
    """The answer of ``/healthz`` and ``/readyz`` (always ``status == "ok"``: failures are errors)."""

    status: str


@dataclasses.dataclass(frozen=True, slots=True)
class Document:
    """One article to send in a batch (a plain ``dict`` with the same keys works too).

    ``options`` carries request fields this client does not know yet; ``None`` fields are left out.
    """

    text: str
    date: datetime.date | str | None = None
    id: str | None = None
    language: str | None = None
    options: Mapping[str, Any] = dataclasses.field(default_factory=dict, hash=False)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of this document, as ``/v1/extract`` reads it."""
        return document_body(self.text, date=self.date, id=self.id, language=self.language, **self.options)


def document_body(text: str, *, date: datetime.date | str | None = None, id: str | None = None,  # noqa: A002
                  language: str | None = None, **options: Any) -> dict[str, Any]:
    """The request body of one document: ``text`` plus the fields given (a ``date`` object as YYYY-MM-DD)."""
    if isinstance(date, datetime.date):
        date = date.isoformat()
    body: dict[str, Any] = {"text": text, "date": date, "id": id, "language": language, **options}
    return {key: value for key, value in body.items() if value is not None or key in options}


def page_body(html: str, *, url: str | None = None, **fields: Any) -> dict[str, Any]:
    """The request body of one HTML page: ``html`` instead of ``text``, and its ``url`` when given."""
    body = {"html": html, **document_body("", **fields)}
    del body["text"]
    return {**body, "url": url} if url is not None else body
