"""marshmallow schemas of the herald API: requests (input) and responses (output), kept apart.

``openapi.yaml`` is generated from these classes (``python -m service openapi``), so they are
the single source of truth for field names, types and limits.
"""

from schemas.base import (
    DATE_SOURCES,
    DEFAULT_MAX_BATCH,
    DEFAULT_MAX_HTML_CHARS,
    DEFAULT_MAX_TEXT_CHARS,
    ENTITY_TYPES,
    EVENT_STATUSES,
    LANGUAGES,
    MAX_ID_CHARS,
    QUOTE_KINDS,
    TIMEX_TYPES,
    StrictSchema,
)
from schemas.requests import BatchRequestSchema, ExtractRequestSchema
from schemas.responses import (
    BatchResponseSchema,
    BoilerplateSchema,
    EntitySchema,
    EventSchema,
    ExtractResponseSchema,
    HealthSchema,
    InfoSchema,
    LimitsSchema,
    ModelInfoSchema,
    ParticipantSchema,
    ProblemRecordSchema,
    ProblemSchema,
    QuoteSchema,
    SourceSchema,
    SpanSchema,
    SpeakerSchema,
    StatsSchema,
    TimexSchema,
)

__all__ = [
    "DATE_SOURCES",
    "DEFAULT_MAX_BATCH",
    "DEFAULT_MAX_HTML_CHARS",
    "DEFAULT_MAX_TEXT_CHARS",
    "ENTITY_TYPES",
    "EVENT_STATUSES",
    "LANGUAGES",
    "MAX_ID_CHARS",
    "QUOTE_KINDS",
    "TIMEX_TYPES",
    "StrictSchema",
    "BatchRequestSchema",
    "BatchResponseSchema",
    "BoilerplateSchema",
    "EntitySchema",
    "EventSchema",
    "ExtractRequestSchema",
    "ExtractResponseSchema",
    "HealthSchema",
    "InfoSchema",
    "LimitsSchema",
    "ModelInfoSchema",
    "ParticipantSchema",
    "ProblemRecordSchema",
    "ProblemSchema",
    "QuoteSchema",
    "SourceSchema",
    "SpanSchema",
    "SpeakerSchema",
    "StatsSchema",
    "TimexSchema",
]
