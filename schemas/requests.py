"""Input schemas: what clients may send to ``/v1/extract`` and ``/v1/extract/batch``.

The configurable limits are set per instance (``ExtractRequestSchema(max_text_chars=...)``);
the class defaults are the documented defaults that go into ``openapi.yaml``.
"""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, validates_schema
from marshmallow.validate import Length, OneOf, Range

from schemas.base import (
    DEFAULT_MAX_BATCH,
    DEFAULT_MAX_HTML_CHARS,
    DEFAULT_MAX_TEXT_CHARS,
    LANGUAGES,
    MAX_ID_CHARS,
    MAX_URL_CHARS,
    StrictSchema,
)
from schemas.fields import DeferredList, StrictDate


def encodable(value: str) -> None:
    """Reject unpaired surrogates (JSON ``"\\ud800"``): such text cannot be analysed or echoed as UTF-8."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError("Must not contain unpaired surrogate code points.") from None


class ExtractRequestSchema(StrictSchema):
    """One article to analyse."""

    class Meta(StrictSchema.Meta):
        description = "One article to analyse."

    #: The document's JSON Schema says what ``_one_body`` checks (apispec cannot derive it from the fields).
    OPENAPI_EXTRA: dict[str, Any] = {
        "oneOf": [{"required": ["text"]}, {"required": ["html"]}],
    }

    text = fields.String(
        validate=[Length(min=1, max=DEFAULT_MAX_TEXT_CHARS), encodable],
        metadata={
            "description": "The article, non-empty; give either text or html. Offsets in the response index "
            "this exact text (code points). Longer than HERALD_MAX_TEXT_CHARS (default 100000) characters is a "
            "413. A leading 'date YYYY-MM-DD' line is read as the publication date when `date` is not given."
        },
    )
    html = fields.String(
        validate=[Length(min=1, max=DEFAULT_MAX_HTML_CHARS), encodable],
        metadata={
            "description": "Instead of text: a whole HTML page (at most HERALD_MAX_HTML_CHARS, default 2000000, "
            "characters, and within HERALD_MAX_BODY_BYTES). Its main text is extracted (trafilatura), answered "
            "as `text` (which the offsets index) and analysed; its title, authors, site name and publication "
            "date (htmldate: meta tags, JSON-LD, visible dates, the url) are answered as `source`. The page's "
            "date is the anchor when `date` is not given (`date_source: html`). A page with no text is a 422, "
            "one nested over 200 elements deep a 422, one with over 20000 elements or more extracted text than "
            "HERALD_MAX_TEXT_CHARS a 413. Nothing is ever downloaded."
        },
    )
    url = fields.String(
        load_default=None,
        allow_none=True,
        validate=[Length(min=1, max=MAX_URL_CHARS), encodable],
        metadata={
            "description": "The page's address, never fetched: with html, an absolute http(s) URL helps find the "
            "publication date (dates in its path) and the site (other values are not used); echoed in "
            "`source.url` (with text too)."
        },
    )
    date = StrictDate(
        load_default=None,
        allow_none=True,
        metadata={
            "description": "Publication date YYYY-MM-DD, the anchor for relative dates such as 'on Monday'. "
            "Impossible dates (2025-02-30) are a 422."
        },
    )
    id_ = fields.String(
        data_key="id",
        load_default=None,
        allow_none=True,
        validate=[Length(min=1, max=MAX_ID_CHARS), encodable],
        metadata={"description": "Client's identifier for the document, echoed in the response."},
    )
    language = fields.String(
        load_default="en",
        validate=OneOf(LANGUAGES),
        metadata={"description": "Language of the text; only English ('en') is supported."},
    )
    min_confidence = fields.Float(
        load_default=None,
        allow_none=True,
        allow_nan=False,
        validate=Range(min=0.0, max=1.0),
        metadata={
            "description": "Leave out what is less sure than this (0-1): mentions and entities below it are "
            "omitted (references to an omitted entity become null), and a quote's speaker or an event's date "
            "below it becomes null; the saliences of the entities kept are not renormalised. Absent or null: "
            "everything is answered."
        },
    )

    def __init__(self, *, max_text_chars: int = DEFAULT_MAX_TEXT_CHARS,
                 max_html_chars: int = DEFAULT_MAX_HTML_CHARS, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.max_html_chars = max_html_chars
        if "text" in self.fields:
            self.fields["text"].validators = [Length(min=1, max=max_text_chars), encodable]
        if "html" in self.fields:
            self.fields["html"].validators = [Length(min=1, max=max_html_chars), encodable]

    @validates_schema
    def _one_body(self, data: dict[str, Any], **kwargs: Any) -> None:
        """Exactly one of ``text`` and ``html``: the document to analyse must be unambiguous."""
        if "text" in data and "html" in data:
            raise ValidationError("Give either text or html, not both.", "html")
        if "text" not in data and "html" not in data and {"text", "html"} & set(self.fields):
            raise ValidationError("Give the article as text or as html.", "text")


class BatchRequestSchema(StrictSchema):
    """Several articles analysed together in one NLP batch."""

    class Meta(StrictSchema.Meta):
        description = "Several articles analysed together; each document is validated on its own."

    documents = DeferredList(
        fields.Nested(ExtractRequestSchema),
        required=True,
        validate=Length(min=1, max=DEFAULT_MAX_BATCH),
        metadata={
            "description": "1 to HERALD_MAX_BATCH (default 32) documents. A bad document is answered by a "
            "problem in its slot of `results`; the others are still analysed."
        },
    )

    def __init__(self, *, max_batch: int = DEFAULT_MAX_BATCH, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.fields["documents"].validators = [Length(min=1, max=max_batch)]
