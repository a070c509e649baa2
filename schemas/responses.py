"""Output schemas: the bodies the service answers with.

They are used to *validate* bodies (``Schema().validate(body)``), never to dump them: the
extractor builds plain dicts, the web layer checks them in debug/testing mode, and
``openapi.yaml`` is generated from these classes.  Every field is required (nullable ones
are present with ``null``) so clients can rely on the shape.
"""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, validates_schema
from marshmallow.validate import Length, OneOf, Range

from schemas.base import (
    DATE_BASES,
    DATE_SOURCES,
    ENTITY_TYPES,
    EVENT_STATUSES,
    LANGUAGES,
    QUOTE_KINDS,
    SPEAKER_BASES,
    TIMEX_TYPES,
    StrictSchema,
)
from schemas.fields import OneOfNested, StrictBoolean, StrictDate, StrictFloat

_OFFSET = "Character offset in the submitted text, in Unicode code points"


def _id(description: str, *, nullable: bool = False) -> fields.String:
    return fields.String(
        data_key="id", required=True, allow_none=nullable, validate=Length(min=1), metadata={"description": description}
    )


def _ref(description: str) -> fields.String:
    """A nullable reference to another object of the same response by its ``id``."""
    return fields.String(required=True, allow_none=True, metadata={"description": description})


def _offset(which: str) -> fields.Integer:
    """A start or end offset into the submitted text."""
    return fields.Integer(required=True, strict=True, validate=Range(min=0),
                          metadata={"description": f"{_OFFSET}, {which}."})


class _RangeSchema(StrictSchema):
    """Checks that ``end`` is not before ``start`` (the subclasses declare both, in their order)."""

    @validates_schema
    def _end_after_start(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data["end"] < data["start"]:
            raise ValidationError("end must not be smaller than start.", "end")


class SpanSchema(_RangeSchema):
    """A piece of the submitted text: ``text == submitted[start:end]``."""

    class Meta(_RangeSchema.Meta):
        description = "A piece of the submitted text: text == submitted[start:end]."

    text = fields.String(required=True, metadata={"description": "The covered text, exactly as submitted."})
    start = _offset("inclusive")
    end = _offset("exclusive")


class SentenceRefSchema(_RangeSchema):
    """Where a sentence lies, without its text (the client has the text; copying each event's
    sentence made a response many times larger than its input)."""

    class Meta(_RangeSchema.Meta):
        description = "A sentence of the submitted text by position: its text is submitted[start:end]."

    index = fields.Integer(
        required=True,
        strict=True,
        validate=Range(min=0),
        metadata={"description": "Position of the sentence in the text, from 0 (fewer than stats.sentences)."},
    )
    start = _offset("inclusive")
    end = _offset("exclusive")


def _confidence(what: str, *, nullable: bool = True) -> StrictFloat:
    return StrictFloat(
        required=True,
        allow_none=nullable,
        validate=Range(min=0.0, max=1.0),
        metadata={"description": what},
    )


#: The description of a speaker's or a date's confidence (the share right of its basis).
_BASIS_SHARE = ("Share of {} found this way that are right, measured on the development data (README, "
                "'Salience and confidence').")


def _basis(choices: tuple[str, ...], description: str) -> fields.String:
    """How a value was found: one of ``choices``."""
    return fields.String(required=True, validate=OneOf(choices), metadata={"description": description})


class MentionSchema(SpanSchema):
    """One mention of an entity, with the NER model's confidence in it."""

    class Meta(StrictSchema.Meta):
        description = "A mention of an entity (a Span) with its confidence."

    confidence = _confidence(
        "Probability (0-1) that this span is a name of the entity's type: the NER model's CRF marginal for the "
        "span, calibrated on OntoNotes (README, 'Salience and confidence'); null only where the model gave none."
    )


class LinkSchema(StrictSchema):
    """An entry of a knowledge base that an entity is linked to."""

    class Meta(StrictSchema.Meta):
        description = "An entry of a knowledge base (GeoNames, Wikipedia or a user's table) for the entity."

    kb = fields.String(
        required=True,
        validate=Length(min=1),
        metadata={"description": "The knowledge base: 'geonames', 'wikipedia', or the name of a user table "
                                 "(HERALD_KB_NAME)."},
    )
    id_ = _id("The entry's identifier in that knowledge base (a GeoNames id, a Wikipedia title, a user id).")
    score = StrictFloat(
        required=True, validate=Range(min=0.0, max=1.0),
        metadata={"description": "How sure the link is (0-1); links under the threshold are not answered."},
    )
    name = fields.String(
        required=True, allow_none=True, metadata={"description": "The entry's own name, null when unknown."}
    )
    country = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "ISO 3166-1 alpha-2 country code of a place, null otherwise."},
    )
    latitude = StrictFloat(
        required=True, allow_none=True, validate=Range(min=-90.0, max=90.0),
        metadata={"description": "Latitude of a place in degrees, null otherwise."},
    )
    longitude = StrictFloat(
        required=True, allow_none=True, validate=Range(min=-180.0, max=180.0),
        metadata={"description": "Longitude of a place in degrees, null otherwise."},
    )


class EntitySchema(StrictSchema):
    """One real-world entity with all its mentions clustered."""

    class Meta(StrictSchema.Meta):
        description = "One real-world entity with all its mentions clustered."

    id_ = _id("Identifier of the entity within this response (referenced by events and quotes).")
    name = fields.String(required=True, metadata={"description": "Fullest proper name, without titles."})
    type_ = fields.String(
        data_key="type",
        required=True,
        validate=OneOf(ENTITY_TYPES),
        metadata={"description": "OntoNotes entity type (DATE and TIME are reported as timexes)."},
    )
    mentions = fields.List(
        fields.Nested(MentionSchema),
        required=True,
        validate=Length(min=1),
        metadata={"description": "Every mention of the entity in the text, in text order."},
    )
    salience = StrictFloat(
        required=True,
        validate=Range(min=0.0, max=1.0),
        metadata={"description": "How central the entity is to the article (0-1; the entities' saliences sum "
                                 "to 1): from its mentions, the lead, its first position, its quotes and events "
                                 "(formula in the README, 'Salience and confidence')."},
    )
    confidence = _confidence("Probability (0-1) that the entity is right: the highest of its mentions'.")
    links = fields.List(
        fields.Nested(LinkSchema),
        required=True,
        metadata={"description": "Knowledge-base entries for the entity, best first; empty when unsure."},
    )


class TimexSchema(SpanSchema):
    """A temporal expression and its normalised TIMEX3 value."""

    class Meta(StrictSchema.Meta):
        description = "A temporal expression (a Span) with its TIMEX3 type and normalised value."

    id_ = _id("Identifier of the temporal expression within this response.")
    type_ = fields.String(
        data_key="type", required=True, validate=OneOf(TIMEX_TYPES), metadata={"description": "TIMEX3 type."}
    )
    value = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "TIMEX3 value (e.g. 2025-02-17, P3D, XXXX-WXX-1), null when unknown."},
    )
    resolved = StrictBoolean(
        required=True,
        metadata={"description": "Whether the value is a fully resolved (anchored) calendar value."},
    )
    mod = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "TIMEX3 modifier (e.g. APPROX, BEFORE, START), null when none."},
    )


class EventDateSchema(TimexSchema):
    """The temporal expression dating an event, with how it was found and how sure that is."""

    class Meta(StrictSchema.Meta):
        description = "The temporal expression that dates an event (a Timex), with its basis and confidence."

    basis = _basis(DATE_BASES, "How the date was found: explicit (a full date in the event's clause), relative "
                               "(resolved against the publication date), inherited (from the clause it depends on) "
                               "or unresolved.")
    confidence = _confidence(_BASIS_SHARE.format("event dates"), nullable=False)


class ParticipantSchema(StrictSchema):
    """Who or what takes part in an event."""

    class Meta(StrictSchema.Meta):
        description = "Who or what takes part in an event."

    role = fields.String(required=True, metadata={"description": "Semantic role (e.g. agent, patient, recipient)."})
    entity = _ref("Id of the entity filling the role, null when it is not a known entity.")
    text = fields.String(required=True, metadata={"description": "Text of the participant phrase."})


class EventSchema(StrictSchema):
    """Something that happened, is planned, is reported or is negated, with its date and participants."""

    class Meta(StrictSchema.Meta):
        description = "An event with its trigger, sentence, date, participants, location and status."

    id_ = _id("Identifier of the event within this response.")
    trigger = fields.Nested(SpanSchema, required=True, metadata={"description": "The word that expresses the event."})
    lemma = fields.String(required=True, metadata={"description": "Lemma of the trigger."})
    sentence = fields.Nested(
        SentenceRefSchema, required=True, metadata={"description": "The sentence of the event, by position."}
    )
    date = fields.Nested(
        EventDateSchema,
        required=True,
        allow_none=True,
        metadata={"description": "The temporal expression that dates the event, null when undated."},
    )
    participants = fields.List(
        fields.Nested(ParticipantSchema), required=True, metadata={"description": "Participants of the event."}
    )
    location = _ref("Id of the entity where the event takes place, null when unknown.")
    status = fields.String(
        required=True,
        validate=OneOf(EVENT_STATUSES),
        metadata={"description": "happened, planned, reported (only said by someone) or negated."},
    )
    quote = _ref("Id of the quote this speech event reports, null when it is not a speech event.")


class SpeakerSchema(SpanSchema):
    """The mention that a quote is attributed to."""

    class Meta(StrictSchema.Meta):
        description = "The mention (a Span; it may be a pronoun) linked to the quote's cue."

    entity = _ref("Id of the entity the speaker mention resolves to, null when unresolved.")
    basis = _basis(SPEAKER_BASES, "How the speaker was found: named, pronoun (resolved), description (resolved, "
                                  "e.g. 'the spokesman'), unresolved (no entity) or carried (from the previous "
                                  "quote).")
    confidence = _confidence(_BASIS_SHARE.format("speakers"), nullable=False)


class QuoteSchema(StrictSchema):
    """A quotation with its cue and speaker."""

    class Meta(StrictSchema.Meta):
        description = "A direct, indirect or mixed quotation with its cue and speaker."

    id_ = _id("Identifier of the quote within this response.")
    kind = fields.String(required=True, validate=OneOf(QUOTE_KINDS), metadata={"description": "Kind of quotation."})
    content = fields.Nested(SpanSchema, required=True, metadata={"description": "What was said."})
    cue = fields.Nested(
        SpanSchema,
        required=True,
        allow_none=True,
        metadata={"description": "The speech verb or cue ('said', 'according to'), null when none."},
    )
    speaker = fields.Nested(
        SpeakerSchema,
        required=True,
        allow_none=True,
        metadata={"description": "Who said it, null when unattributed."},
    )
    event = _ref("Id of the speech event reporting this quote, null when none.")


class BoilerplateSchema(SpanSchema):
    """Non-article text that was found and left out of the analysis."""

    class Meta(StrictSchema.Meta):
        description = "Non-article text (a Span) left out of the analysis, with the reason."

    reason = fields.String(
        required=True, metadata={"description": "Why it is boilerplate (e.g. donation appeal, newsletter, copyright)."}
    )


class StatsSchema(StrictSchema):
    """Sizes and timing of one analysis."""

    class Meta(StrictSchema.Meta):
        description = "Sizes and timing of one analysis."

    characters = fields.Integer(
        required=True, strict=True, validate=Range(min=0), metadata={"description": "Characters submitted."}
    )
    sentences = fields.Integer(
        required=True, strict=True, validate=Range(min=0), metadata={"description": "Sentences analysed."}
    )
    tokens = fields.Integer(
        required=True, strict=True, validate=Range(min=0), metadata={"description": "Tokens analysed."}
    )
    elapsed_ms = StrictFloat(
        required=True,
        validate=Range(min=0),
        metadata={"description": "Wall time of the request in milliseconds (of the whole batch in a batch)."},
    )


class ModelInfoSchema(StrictSchema):
    """Which models produced a response."""

    class Meta(StrictSchema.Meta):
        description = "Which models produced the response."

    name = fields.String(required=True, metadata={"description": "Name of the model set."})
    version = fields.String(required=True, metadata={
        "description": "Version of the model set: the short md5 of its resources.json, followed by '+int8:' and the "
                       "quantised processors when HERALD_QUANTIZE is on."})
    processors = fields.List(
        fields.String(), required=True, metadata={"description": "NLP processors run (e.g. tokenize, pos, ner)."}
    )


class SourceSchema(StrictSchema):
    """What an HTML page said about itself (``source`` of a response to an HTML request)."""

    class Meta(StrictSchema.Meta):
        description = (
            "The page an HTML request sent, as found in it (trafilatura and htmldate); members are null (authors "
            "empty) where the page does not say. For a text request with a url, only url is set."
        )

    title = fields.String(required=True, allow_none=True, metadata={"description": "The page's headline or title."})
    authors = fields.List(
        fields.String(), required=True, metadata={"description": "Bylines, one name each (may be empty)."}
    )
    url = fields.String(required=True, allow_none=True, metadata={"description": "The request's url, or null."})
    published = StrictDate(
        required=True,
        allow_none=True,
        metadata={"description": "Publication date found in the page (meta tags, JSON-LD, visible dates, the url)."},
    )
    sitename = fields.String(required=True, allow_none=True, metadata={"description": "The site's or outlet's name."})


class ExtractResponseSchema(StrictSchema):
    """Everything extracted from one article."""

    class Meta(StrictSchema.Meta):
        description = "Entities, temporal expressions, events, quotes and boilerplate found in one article."

    id_ = fields.String(
        data_key="id", required=True, allow_none=True, metadata={"description": "The request's id, or null."}
    )
    language = fields.String(
        required=True, validate=OneOf(LANGUAGES), metadata={"description": "Language of the analysis."}
    )
    date = StrictDate(
        required=True,
        allow_none=True,
        metadata={"description": "The anchor date used for relative dates (YYYY-MM-DD), or null."},
    )
    date_source = fields.String(
        required=True,
        allow_none=True,
        validate=OneOf([*DATE_SOURCES, None]),
        metadata={"description": "Where the anchor date came from: the request, a 'date' header line, the HTML "
                              "page (html), or null."},
    )
    entities = fields.List(fields.Nested(EntitySchema), required=True, metadata={"description": "Entities found."})
    timexes = fields.List(
        fields.Nested(TimexSchema), required=True, metadata={"description": "Temporal expressions found."}
    )
    events = fields.List(fields.Nested(EventSchema), required=True, metadata={"description": "Events found."})
    quotes = fields.List(fields.Nested(QuoteSchema), required=True, metadata={"description": "Quotes found."})
    boilerplate = fields.List(
        fields.Nested(BoilerplateSchema),
        required=True,
        metadata={"description": "Non-article text left out of the analysis."},
    )
    stats = fields.Nested(StatsSchema, required=True, metadata={"description": "Sizes and timing."})
    model = fields.Nested(ModelInfoSchema, required=True, metadata={"description": "Models that produced this."})
    text = fields.String(
        metadata={"description": "Only for an HTML request: the article text extracted from the page, which was "
                                 "analysed and which every offset indexes."}
    )
    source = fields.Nested(
        SourceSchema,
        metadata={"description": "Only for an HTML request (or a text request with a url): the page's title, "
                                 "authors, url, publication date and site name. Absent for text requests."},
    )


class ProblemSchema(StrictSchema):
    """An RFC 9457 problem detail (``application/problem+json``)."""

    class Meta(StrictSchema.Meta):
        description = "An RFC 9457 problem detail, the body of every error (application/problem+json)."

    type_ = fields.String(
        data_key="type",
        required=True,
        metadata={"description": "URI reference identifying the problem type; 'about:blank' for plain HTTP errors."},
    )
    title = fields.String(required=True, metadata={"description": "Short summary of the problem type."})
    status = fields.Integer(
        required=True, strict=True, validate=Range(min=400, max=599), metadata={"description": "HTTP status code."}
    )
    detail = fields.String(required=True, metadata={"description": "What went wrong with this request."})
    errors = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={"description": "Validation messages keyed by field (422 only); 'body' for the document itself."},
    )
    request_id = fields.String(
        metadata={"description": "Identifier of the request (also the X-Request-ID header), for the logs."}
    )


class ProblemRecordSchema(StrictSchema):
    """A line of a stream (or of the bulk command's output) for a document that was not analysed."""

    class Meta(StrictSchema.Meta):
        description = (
            "The record of an input line that could not be analysed (one line of /v1/extract/stream's answer, or of "
            "the bulk command's output): its id, its line number and the problem. With id null, the last line of a "
            "stream that was cut at a limit: line is the first input line that was not read."
        )

    id_ = fields.String(
        data_key="id",
        required=True,
        allow_none=True,
        validate=Length(min=1),
        metadata={"description": "The document's own id, else line-<n>; null for the final record of a cut stream."},
    )
    line = fields.Integer(
        required=True,
        strict=True,
        validate=Range(min=1),
        metadata={"description": "Line number in the input, counting blank lines, from 1."},
    )
    problem = fields.Nested(ProblemSchema, required=True, metadata={"description": "What went wrong (RFC 9457)."})


class BatchResponseSchema(StrictSchema):
    """The results of a batch, in request order."""

    class Meta(StrictSchema.Meta):
        description = "One result per document, in request order: a response or a problem."

    results = fields.List(
        OneOfNested(ExtractResponseSchema, ProblemSchema),
        required=True,
        metadata={"description": "An ExtractResponse, or a Problem for a document that was rejected."},
    )


class LimitsSchema(StrictSchema):
    """The configured request limits."""

    class Meta(StrictSchema.Meta):
        description = "The configured request limits."

    max_text_chars = fields.Integer(
        required=True, strict=True, metadata={"description": "Longest text in characters (HERALD_MAX_TEXT_CHARS)."}
    )
    max_body_bytes = fields.Integer(
        required=True, strict=True, metadata={"description": "Largest request body in bytes (HERALD_MAX_BODY_BYTES)."}
    )
    max_batch = fields.Integer(
        required=True, strict=True, metadata={"description": "Most documents per batch (HERALD_MAX_BATCH)."}
    )
    request_budget_s = fields.Integer(
        required=True,
        strict=True,
        metadata={"description": "Seconds a request may take before a 503 problem (HERALD_REQUEST_BUDGET_S)."},
    )
    read_timeout_s = fields.Integer(
        required=True,
        strict=True,
        metadata={"description": "Seconds a client has to send a whole request; slower connections are closed "
                                 "(HERALD_READ_TIMEOUT_S)."},
    )
    max_stream_bytes = fields.Integer(
        required=True,
        strict=True,
        metadata={"description": "Largest /v1/extract/stream body in bytes (HERALD_MAX_STREAM_BYTES); each of its "
                                 "lines is at most max_body_bytes."},
    )
    max_html_chars = fields.Integer(
        required=True,
        strict=True,
        metadata={"description": "Longest HTML page in characters (HERALD_MAX_HTML_CHARS); the page must also fit "
                                 "max_body_bytes, and the text extracted from it max_text_chars."},
    )
    max_stream_documents = fields.Integer(
        required=True,
        strict=True,
        metadata={"description": "Most documents (non-blank lines) in one /v1/extract/stream request "
                                 "(HERALD_MAX_STREAM_DOCUMENTS)."},
    )


class InfoSchema(StrictSchema):
    """What this instance runs and accepts."""

    class Meta(StrictSchema.Meta):
        description = "Service version, models, vocabularies and limits."

    service = fields.String(required=True, metadata={"description": "Name of the service (herald)."})
    version = fields.String(required=True, metadata={"description": "Version of the service."})
    model = fields.Nested(ModelInfoSchema, required=True, metadata={"description": "Loaded models."})
    patches = fields.List(
        fields.String(),
        required=True,
        metadata={
            "description": "Stanza patches in place (same annotations, faster; see service/nlp/patches). Empty when "
            "the installed Stanza is not a version they were verified against, or the extractor uses none."
        },
    )
    languages = fields.List(fields.String(), required=True, metadata={"description": "Supported languages."})
    entity_types = fields.List(
        fields.String(validate=OneOf(ENTITY_TYPES)), required=True, metadata={"description": "Entity types reported."}
    )
    timex_types = fields.List(
        fields.String(validate=OneOf(TIMEX_TYPES)), required=True, metadata={"description": "Timex types reported."}
    )
    limits = fields.Nested(LimitsSchema, required=True, metadata={"description": "Request limits."})


class HealthSchema(StrictSchema):
    """Liveness / readiness answer."""

    class Meta(StrictSchema.Meta):
        description = "Liveness or readiness answer."

    status = fields.String(required=True, validate=OneOf(["ok"]), metadata={"description": "Always 'ok'."})
