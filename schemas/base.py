"""Base schema and the closed vocabularies of the API."""

from __future__ import annotations

from marshmallow import RAISE, Schema

#: Stanza's OntoNotes entity types that go to ``entities`` (DATE and TIME go to ``timexes``).
ENTITY_TYPES: tuple[str, ...] = (
    "PERSON",
    "NORP",
    "FAC",
    "ORG",
    "GPE",
    "LOC",
    "PRODUCT",
    "EVENT",
    "WORK_OF_ART",
    "LAW",
    "LANGUAGE",
    "MONEY",
    "PERCENT",
    "QUANTITY",
    "ORDINAL",
    "CARDINAL",
)
#: TIMEX3 types of temporal expressions.
TIMEX_TYPES: tuple[str, ...] = ("DATE", "TIME", "DURATION", "SET")
#: Whether an event took place, is planned, is only reported by someone, or is negated.
EVENT_STATUSES: tuple[str, ...] = ("happened", "planned", "reported", "negated")
#: Direct ("..."), indirect (said that ...) or mixed quotations.
QUOTE_KINDS: tuple[str, ...] = ("direct", "indirect", "mixed")
#: How a quote's speaker was found (service.extract.confidence.SPEAKER_BASES).
SPEAKER_BASES: tuple[str, ...] = ("named", "pronoun", "description", "unresolved", "carried")
#: How an event's date was found (service.extract.confidence.DATE_BASES).
DATE_BASES: tuple[str, ...] = ("explicit", "relative", "inherited", "unresolved")
#: Where the anchor date came from.
DATE_SOURCES: tuple[str, ...] = ("request", "text", "html")
#: Languages the service analyses.
LANGUAGES: tuple[str, ...] = ("en",)

#: Defaults of the configurable limits, published in the OpenAPI document.
DEFAULT_MAX_TEXT_CHARS = 100_000
DEFAULT_MAX_BATCH = 32
DEFAULT_MAX_HTML_CHARS = 2_000_000
MAX_URL_CHARS = 2048
MAX_ID_CHARS = 256


class StrictSchema(Schema):
    """A schema that rejects unknown fields (``unknown=RAISE``): a typo is a 422, never silently ignored."""

    class Meta:
        unknown = RAISE
