"""openapi.yaml: generated from the schemas (no drift), valid OpenAPI, and strict enough to catch bad bodies."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
import yaml
from openapi_spec_validator import validate

from service.http.openapi import SPEC_PATH, build_spec, render
from tests.openapi_check import SpecChecker, committed_checker


def test_committed_openapi_matches_the_schemas() -> None:
    assert SPEC_PATH.read_text(encoding="utf-8") == render(), "openapi.yaml is stale: run python -m service openapi"


def test_openapi_yaml_is_valid_openapi() -> None:
    document = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    validate(document)
    assert document["openapi"].startswith("3.1")


def test_every_schema_property_is_described_and_closed() -> None:
    schemas = build_spec()["components"]["schemas"]
    for name, schema in schemas.items():
        assert schema.get("description"), name
        assert schema["additionalProperties"] is False, name
        for prop, definition in schema["properties"].items():
            assert definition.get("description"), f"{name}.{prop}"


def test_extract_accepts_json_text_plain_and_html_and_declares_errors() -> None:
    operation = build_spec()["paths"]["/v1/extract"]["post"]
    assert set(operation["requestBody"]["content"]) == {"application/json", "text/plain", "text/html"}
    assert {"200", "400", "413", "415", "422", "500"} <= set(operation["responses"])
    assert {parameter["name"] for parameter in operation["parameters"]} == {"date", "id", "language", "url",
                                                                             "min_confidence"}


def _extract_body(**changes: Any) -> dict[str, Any]:
    body = {
        "id": None,
        "language": "en",
        "date": "2025-02-17",
        "date_source": "request",
        "entities": [],
        "timexes": [],
        "events": [],
        "quotes": [],
        "boilerplate": [],
        "stats": {"characters": 1, "sentences": 1, "tokens": 1, "elapsed_ms": 1.5},
        "model": {"name": "m", "version": "1", "processors": []},
    }
    return body | changes


@pytest.mark.parametrize(
    "changes",
    [
        {"unexpected": 1},
        {"date": "2025-02-30"},
        {"date_source": "guess"},
        {"stats": {"characters": 1, "sentences": 1, "tokens": 1, "elapsed_ms": "1.5"}},
        {"entities": [{"id": "E1", "name": "X", "type": "DATE", "mentions": [{"text": "X", "start": 0, "end": 1}]}]},
    ],
)
def test_checker_rejects_nonconforming_bodies(changes: dict[str, Any]) -> None:
    checker = committed_checker()
    checker.check("POST", "/v1/extract", 200, "application/json", _extract_body())
    with pytest.raises(jsonschema.ValidationError):
        checker.check("POST", "/v1/extract", 200, "application/json", _extract_body(**changes))


def test_checker_rejects_undeclared_status_and_content_type() -> None:
    checker = SpecChecker(build_spec())
    problem = {"type": "about:blank", "title": "Service Unavailable", "status": 503, "detail": "x"}
    with pytest.raises(AssertionError):
        checker.check("GET", "/healthz", 503, "application/problem+json", problem)
    with pytest.raises(AssertionError):
        checker.check("GET", "/healthz", 200, "text/html", {"status": "ok"})
    with pytest.raises(jsonschema.ValidationError):
        checker.check("GET", "/readyz", 503, "application/problem+json", {**problem, "status": "503"})


def test_batch_results_are_one_of_response_or_problem() -> None:
    checker = committed_checker()
    problem = {"type": "about:blank", "title": "Unprocessable Content", "status": 422, "detail": "x"}
    checker.check("POST", "/v1/extract/batch", 200, "application/json", {"results": [_extract_body(), problem]})
    with pytest.raises(jsonschema.ValidationError):
        checker.check("POST", "/v1/extract/batch", 200, "application/json", {"results": [{"status": 422}]})
