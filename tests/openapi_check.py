"""Validate HTTP responses against the committed ``openapi.yaml``.

:class:`SpecCheckingClient` is the Flask test client of every app in the tests, so every
response any test sees is checked: its status must be declared for the operation (404/405
for unknown routes and methods), its content type must be one the spec lists, and its JSON
body must validate against the declared schema (JSON Schema 2020-12 / OAS 3.1 dialect).  An
NDJSON answer (``/v1/extract/stream``) is a string for the spec, and each of its lines must be an
``ExtractResponse`` or a ``ProblemRecord``.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import yaml
from flask.testing import FlaskClient
from openapi_schema_validator import OAS31Validator, oas31_format_checker
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from service.http.openapi import SPEC_PATH

_URI = "urn:herald:openapi"
NDJSON = "application/x-ndjson"
#: What each line of an NDJSON answer is.
_RECORD = {"oneOf": [{"$ref": f"{_URI}#/components/schemas/ExtractResponse"},
                     {"$ref": f"{_URI}#/components/schemas/ProblemRecord"}]}
_GENERIC = {404: "NotFound", 405: "MethodNotAllowed"}


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


class SpecChecker:
    """Checks responses against one OpenAPI document."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.registry: Registry = Registry().with_resource(_URI, DRAFT202012.create_resource(spec))
        self.checked = 0

    def _response_object(self, method: str, path: str, status: int) -> list[str]:
        """JSON pointer tokens of the response object declared for this request and status."""
        operation = self.spec["paths"].get(path, {}).get(method.lower())
        if operation is None or (status in _GENERIC and str(status) not in operation["responses"]):
            assert status in _GENERIC, f"{method} {path} is not in openapi.yaml but answered {status}"
            return ["components", "responses", _GENERIC[status]]
        declared = operation["responses"].get(str(status))
        assert declared is not None, f"{method} {path} answered {status}, which openapi.yaml does not declare"
        if "$ref" in declared:
            return declared["$ref"].removeprefix("#/").split("/")
        return ["paths", path, method.lower(), "responses", str(status)]

    def check(self, method: str, path: str, status: int, content_type: str, body: Any) -> None:
        """Raise AssertionError or jsonschema.ValidationError unless the response conforms."""
        tokens = self._response_object(method, path, status)
        response_object: Any = self.spec
        for token in tokens:
            response_object = response_object[token]
        content = response_object.get("content", {})
        assert content_type in content, f"{method} {path} {status}: {content_type} not among {sorted(content)}"
        pointer = "/" + "/".join(_escape(token) for token in [*tokens, "content", content_type, "schema"])
        validator = OAS31Validator(
            {"$ref": f"{_URI}#{pointer}"}, registry=self.registry, format_checker=oas31_format_checker
        )
        validator.validate(body)
        self.checked += 1

    def check_records(self, text: str) -> None:
        """Raise unless every line of an NDJSON answer is an ExtractResponse or a ProblemRecord."""
        assert not text or text.endswith("\n"), "an NDJSON answer ends with a newline"
        validator = OAS31Validator(_RECORD, registry=self.registry, format_checker=oas31_format_checker)
        for line in text.split("\n")[:-1]:  # not splitlines(): U+2028 may be inside a string
            validator.validate(json.loads(line))

    def check_response(self, method: str, path: str, response: Any) -> None:
        """Check a werkzeug test response (JSON and YAML bodies parsed, plain text as a string)."""
        if method in ("HEAD", "OPTIONS"):
            return
        if response.mimetype == "application/yaml":
            body = yaml.safe_load(response.get_data(as_text=True))
        elif response.mimetype in ("text/plain", NDJSON):
            body = response.get_data(as_text=True)
        else:
            body = response.get_json(True)
        self.check(method, path, response.status_code, response.mimetype, body)
        if response.mimetype == NDJSON:
            self.check_records(body)


@cache
def committed_checker() -> SpecChecker:
    """A checker for the committed ``openapi.yaml`` (parsed once per test session)."""
    return SpecChecker(yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8")))


class SpecCheckingClient(FlaskClient):
    """A Flask test client that validates every response against ``openapi.yaml``."""

    def open(self, *args: Any, **kwargs: Any) -> Any:
        """Send the request, then check the response before the test sees it."""
        response = super().open(*args, **kwargs)
        committed_checker().check_response(response.request.method, response.request.path, response)
        return response
