"""Input schemas: what clients may send to ``/v1/extract`` and ``/v1/extract/batch``.

The configurable limits are set per instance (``ExtractRequestSchema(max_text_chars=...)``);
the class defaults are the documented defaults that go into ``openapi.yaml``.
"""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields
from marshmallow.validate import Length, OneOf

from schemas.base import (
    DEFAULT_MAX_BATCH,
    DEFAULT_MAX_TEXT_CHARS,
    LANGUAGES,
    MAX_ID_CHARS,
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

    text = fields.String(
        required=True,
        validate=[Length(min=1, max=DEFAULT_MAX_TEXT_CHARS), encodable],
        metadata={
            "description": "The article, non-empty. Offsets in the response index this exact text (code points). "
            "Longer than HERALD_MAX_TEXT_CHARS (default 100000) characters is a 413. A leading "
            "'date YYYY-MM-DD' line is read as the publication date when `date` is not given."
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

    def __init__(self, *, max_text_chars: int = DEFAULT_MAX_TEXT_CHARS, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if "text" in self.fields:
            self.fields["text"].validators = [Length(min=1, max=max_text_chars), encodable]


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
