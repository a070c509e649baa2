"""Strict marshmallow fields shared by the request and response schemas.

marshmallow's stock fields are lenient on load (``Float`` accepts ``"1.5"``, ``Boolean``
accepts ``"yes"`` and ``1``, ``Date`` accepts several ISO spellings).  The API promises that
numbers stay numbers and that dates are exactly ``YYYY-MM-DD``, so the schemas use these.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from marshmallow import Schema, ValidationError, fields, utils

_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class StrictDate(fields.Date):
    """A calendar date written exactly ``YYYY-MM-DD``; impossible dates such as 2025-02-30 are rejected."""

    default_error_messages = {"invalid": "Not a valid date: expected an existing calendar date written YYYY-MM-DD."}

    def _deserialize(self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any) -> dt.date:
        if not isinstance(value, str) or not _DATE_RE.fullmatch(value):
            raise self.make_error("invalid")
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise self.make_error("invalid") from None


class StrictFloat(fields.Float):
    """A JSON number (int or float, never a string or a boolean), finite."""

    def _validated(self, value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.make_error("invalid")
        return super()._validated(value)


class StrictBoolean(fields.Boolean):
    """A JSON ``true``/``false`` only (no ``1``, ``"yes"``...)."""

    def _deserialize(self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any) -> bool:
        if value is True or value is False:
            return value
        raise self.make_error("invalid")


class DeferredList(fields.List):
    """A list whose items are validated later, one by one, by the caller.

    ``inner`` still describes the items (apispec documents them), but a bad item does not
    fail the whole list: ``/v1/extract/batch`` answers each bad document in its own slot.
    """

    def _deserialize(self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any) -> list[Any]:
        if not utils.is_collection(value):
            raise self.make_error("invalid")
        return list(value)


class OneOfNested(fields.Field):
    """A value that must match exactly one of several schemas (``oneOf`` in the OpenAPI document)."""

    default_error_messages = {"no_match": "Does not match exactly one of: {names}."}

    def __init__(self, *schemas: type[Schema], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.schemas = schemas

    def _deserialize(self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any) -> Any:
        matches: list[Any] = []
        errors: dict[str, Any] = {}
        for schema in self.schemas:
            try:
                matches.append(schema().load(value))
            except ValidationError as error:
                errors[schema.__name__] = error.messages
        if len(matches) == 1:
            return matches[0]
        names = ", ".join(schema.__name__ for schema in self.schemas)
        raise ValidationError({"_oneOf": [self.error_messages["no_match"].format(names=names)], **errors})
