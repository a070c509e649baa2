"""Generate ``openapi.yaml`` (OpenAPI 3.1) from the marshmallow schemas with apispec.

``python -m service openapi`` writes the file; ``tests/test_openapi.py`` fails when the
committed file differs from what this module generates, so the document cannot drift from
the schemas the service validates with.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin, OpenAPIConverter
from apispec.ext.marshmallow.common import resolve_schema_instance
from marshmallow import EXCLUDE, INCLUDE, Schema, fields

from schemas import (
    DEFAULT_MAX_HTML_CHARS,
    DEFAULT_MAX_TEXT_CHARS,
    BatchRequestSchema,
    BatchResponseSchema,
    BoilerplateSchema,
    EntitySchema,
    EventSchema,
    ExtractRequestSchema,
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
from schemas.fields import OneOfNested
from service import __version__

#: The committed document, at the repository (or image) root.
SPEC_PATH = Path(__file__).resolve().parents[2] / "openapi.yaml"
OPENAPI_VERSION = "3.1.0"
PROBLEM = "application/problem+json"
NDJSON = "application/x-ndjson"

#: Component name -> schema, in the order they appear in the document.
COMPONENT_SCHEMAS: dict[str, type[Schema]] = {
    "ExtractRequest": ExtractRequestSchema,
    "BatchRequest": BatchRequestSchema,
    "Span": SpanSchema,
    "Entity": EntitySchema,
    "Timex": TimexSchema,
    "Participant": ParticipantSchema,
    "Event": EventSchema,
    "Speaker": SpeakerSchema,
    "Quote": QuoteSchema,
    "Boilerplate": BoilerplateSchema,
    "Stats": StatsSchema,
    "Source": SourceSchema,
    "ModelInfo": ModelInfoSchema,
    "ExtractResponse": ExtractResponseSchema,
    "Problem": ProblemSchema,
    "ProblemRecord": ProblemRecordSchema,
    "BatchResponse": BatchResponseSchema,
    "Limits": LimitsSchema,
    "Info": InfoSchema,
    "Health": HealthSchema,
}

#: Component response name -> (status, description) for the problem answers.
ERROR_RESPONSES: dict[str, tuple[int, str]] = {
    "BadRequest": (400, "Malformed JSON, or a body that is not UTF-8 (text/html: not valid in its declared charset)."),
    "Unauthorized": (
        401,
        "API keys are configured (HERALD_API_KEYS / HERALD_API_KEYS_FILE) and the request has no valid one: send "
        "Authorization: Bearer <key> or X-API-Key: <key>.",
    ),
    "Forbidden": (
        403,
        "The request carries an Origin header (it comes from a web page) that HERALD_ALLOWED_ORIGINS does not "
        "allow; by default no web origin is allowed. Requests without Origin are not affected.",
    ),
    "NotFound": (404, "No resource at this URL."),
    "MethodNotAllowed": (405, "The method is not allowed for this URL (see the Allow header)."),
    "ContentTooLarge": (
        413,
        "The body is over HERALD_MAX_BODY_BYTES (default 1000000) bytes, a text is over "
        "HERALD_MAX_TEXT_CHARS (default 100000) characters, or an HTML page is over HERALD_MAX_HTML_CHARS "
        "(default 2000000) characters or 20000 elements, or its extracted text over HERALD_MAX_TEXT_CHARS.",
    ),
    "URITooLong": (
        414,
        "The request line is too long (over 4094 bytes: query parameters such as a long `url` or `id`, "
        "percent-encoded); send them in a JSON body instead. Answered by the server before the app.",
    ),
    "UnsupportedMediaType": (
        415, "Unsupported Content-Type, or a charset other than utf-8 (text/html: one herald does not decode).",
    ),
    "UnprocessableContent": (
        422,
        "The body does not match the schema (unknown fields, wrong types, impossible dates, unsupported "
        "language, empty text, both or neither of text and html); `errors` lists the messages by field. Also an "
        "HTML page with no article text, or nested over 200 elements deep.",
    ),
    "InternalServerError": (500, "An unexpected error; it was logged with the request id and nothing is revealed."),
    "ServiceUnavailable": (503, "The models are not loaded or failed their check; retry later."),
    "OverBudget": (
        503,
        "The extraction did not finish within the processing budget (HERALD_REQUEST_BUDGET_S, waiting for the "
        "worker included); retry later, or send shorter texts or smaller batches.",
    ),
    "TooManyWaiting": (
        503,
        "Too many requests are already waiting for this worker's models (HERALD_MAX_WAITING); retry after "
        "Retry-After seconds.",
    ),
}
_CLIENT_ERRORS = ["BadRequest", "ContentTooLarge", "UnsupportedMediaType", "UnprocessableContent"]
#: Access control (service/http/auth.py): every operation may be refused for its Origin, all but the
#: health checks for a missing or wrong API key.
_ACCESS_ERRORS = ["Unauthorized", "Forbidden"]
_ORIGIN_ERRORS = ["Forbidden"]

#: How a client presents an API key; needed only where the service is configured with keys.
_KEYS_NOTE = (
    "Needed only when the service is configured with API keys (HERALD_API_KEYS or HERALD_API_KEYS_FILE): then "
    "on every operation except /healthz and /readyz (and /metrics when HERALD_METRICS_PUBLIC is true)."
)
SECURITY_SCHEMES: dict[str, dict[str, Any]] = {
    "bearerAuth": {
        "type": "http",
        "scheme": "bearer",
        "description": f"An API key as a bearer token: Authorization: Bearer <key>. {_KEYS_NOTE}",
    },
    "apiKeyHeader": {
        "type": "apiKey",
        "in": "header",
        "name": "X-API-Key",
        "description": f"An API key in the X-API-Key header. {_KEYS_NOTE}",
    },
}
#: Either scheme, or none (``{}``): keys are off unless configured.
_SECURITY: list[dict[str, list[str]]] = [{"bearerAuth": []}, {"apiKeyHeader": []}, {}]


#: The request example of ``POST /v1/extract`` (what the API page's "Try it out" sends): the first two
#: paragraphs of the seed article, seeds/000_213a62ba50b0ddfd.txt, with its date (the seed's
#: ``date 2025-02-17`` header moved to the ``date`` field).
SEED_EXAMPLE: dict[str, str] = {
    "id": "seed-000",
    "date": "2025-02-17",
    "text": "European leaders met on Monday for emergency talks in Paris called by French President Emmanuel "
    "Macron to agree a coordinated response to a shock policy shift on the war in Ukraine by the new U.S. "
    "administration of Donald Trump.\nWith European policymakers leaving the annual Munich Security Forum dazed "
    "by Vice President J.D. Vance's withering attack on the European Union, key EU leaders, as well as U.K. "
    "Premier Sir Keir Starmer, were in Paris for the summit.",
}


def _schema_name(schema: type[Schema] | Schema) -> str:
    """Component names without the ``Schema`` suffix (``ExtractRequestSchema`` -> ``ExtractRequest``)."""
    cls = schema if isinstance(schema, type) else type(schema)
    return cls.__name__.removesuffix("Schema")


def _one_of(self: Any, field: fields.Field, **kwargs: Any) -> dict[str, Any]:
    """apispec attribute function: document :class:`OneOfNested` as ``oneOf`` references."""
    if isinstance(field, OneOfNested):
        return {"oneOf": [self.resolve_nested_schema(schema) for schema in field.schemas]}
    return {}


class _Converter(OpenAPIConverter):
    """apispec's converter, but ``additionalProperties: false`` also for schemas with a description.

    apispec skips ``additionalProperties`` when ``Meta.description`` is set; every schema here
    has one and rejects unknown fields, and the document must say so.
    """

    def schema2jsonschema(self, schema: Any) -> dict[str, Any]:
        """The JSON Schema of ``schema`` with its ``unknown`` policy."""
        jsonschema = super().schema2jsonschema(schema)
        instance = resolve_schema_instance(schema)
        if instance.unknown != EXCLUDE:
            jsonschema["additionalProperties"] = instance.unknown == INCLUDE
        jsonschema.update(getattr(instance, "OPENAPI_EXTRA", {}))  # rules across fields (validates_schema)
        return jsonschema


class _Plugin(MarshmallowPlugin):
    Converter = _Converter


def _query_parameters(converter: OpenAPIConverter) -> list[dict[str, Any]]:
    """``date``, ``id``, ``language`` and ``url`` of a text/plain or text/html request, from ExtractRequestSchema.

    A query parameter is absent or a string, never null, so the JSON body's nullability is dropped.
    Defaults are dropped too (they stay on the body schema): Swagger UI's "Try it out" (``GET /docs``)
    sends every parameter that has one, and query parameters are refused with a JSON body.
    """
    parameters = converter.schema2parameters(ExtractRequestSchema(exclude=("text", "html")), location="query")
    for parameter in parameters:
        schema = parameter["schema"]
        if isinstance(schema.get("type"), list):
            schema["type"] = next(kind for kind in schema["type"] if kind != "null")
        schema.pop("default", None)
    return parameters


def _responses(ok: dict[str, Any], *errors: str) -> dict[str, Any]:
    """An operation's responses: its 200 plus references to the shared problem responses, by status."""
    responses: dict[str, Any] = {"200": ok}
    for name in sorted(errors, key=lambda name: ERROR_RESPONSES[name][0]):
        responses[str(ERROR_RESPONSES[name][0])] = name
    return responses


def _json(description: str, schema: type[Schema]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _stream_responses() -> dict[str, Any]:
    """The answers of ``POST /v1/extract/stream``: an NDJSON 200, and its own 413 (the stream limit)."""
    ok = {
        "description": "One record a line, in input order: for each document an ExtractResponse (exactly what "
        "/v1/extract answers for it) or a ProblemRecord; possibly a last ProblemRecord with a null id for a stream "
        "cut at a limit.",
        "content": {
            NDJSON: {
                "schema": {
                    "type": "string",
                    "description": "Newline-terminated JSON lines, each an ExtractResponse "
                    "(#/components/schemas/ExtractResponse) or a ProblemRecord (#/components/schemas/ProblemRecord).",
                }
            }
        },
    }
    responses = _responses(ok, "UnsupportedMediaType", "UnprocessableContent", *_ACCESS_ERRORS,
                           "InternalServerError", "TooManyWaiting")
    responses["413"] = {
        "description": "The declared Content-Length is over HERALD_MAX_STREAM_BYTES (default 50000000); refused "
        "before anything is read.",
        "content": {PROBLEM: {"schema": ProblemSchema}},
    }
    return dict(sorted(responses.items()))


def build_spec() -> dict[str, Any]:
    """The complete API description, as a dict in the order it is written."""
    plugin = _Plugin(schema_name_resolver=_schema_name)
    spec = APISpec(
        title="herald",
        version=__version__,
        openapi_version=OPENAPI_VERSION,
        plugins=[plugin],
        security=_SECURITY,
        info={
            "description": "News extraction service: POST an article, get typed entities with their mentions "
            "clustered, dated events and speaker-attributed quotes. Every span is {text, start, end} with "
            "Unicode code point offsets into the exact submitted text (end exclusive). Every error is an "
            "RFC 9457 problem (application/problem+json).",
        },
    )
    assert plugin.converter is not None
    plugin.converter.add_attribute_function(_one_of)
    for name, schema in COMPONENT_SCHEMAS.items():
        spec.components.schema(name, schema=schema)
    for name, (status, description) in ERROR_RESPONSES.items():
        response: dict[str, Any] = {"description": description, "content": {PROBLEM: {"schema": ProblemSchema}}}
        if status == 503:
            response["headers"] = {
                "Retry-After": {"description": "Seconds to wait before retrying.", "schema": {"type": "integer"}}
            }
        if status == 405:
            response["headers"] = {"Allow": {"description": "The allowed methods.", "schema": {"type": "string"}}}
        if status == 401:
            response["headers"] = {
                "WWW-Authenticate": {
                    "description": 'The challenge: Bearer realm="herald" (with error="invalid_token" for a wrong key).',
                    "schema": {"type": "string"},
                }
            }
        spec.components.response(name, response)
    for name, scheme in SECURITY_SCHEMES.items():
        spec.components.security_scheme(name, scheme)

    spec.path(
        path="/v1/extract",
        operations={
            "post": {
                "operationId": "extract",
                "summary": "Extract entities, timexes, events, quotes and boilerplate from one article.",
                "description": "Send JSON, or the raw article as text/plain with the optional fields as query "
                "parameters: curl --data-binary @article.txt -H 'Content-Type: text/plain' "
                "'localhost:8000/v1/extract?date=2025-02-17', or a whole HTML page as text/html (or the JSON "
                "field html): curl --data-binary @page.html -H 'Content-Type: text/html' "
                "'localhost:8000/v1/extract?url=https://example.com/2025/02/17/story'. The page's main text is "
                "extracted and answered as `text` (offsets index it), its title, authors, url, publication date "
                "and site name as `source`. Query parameters are only read with text/plain and text/html.",
                "parameters": _query_parameters(plugin.converter),
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": ExtractRequestSchema, "example": SEED_EXAMPLE},
                        "text/plain": {
                            "schema": {
                                "type": "string",
                                "minLength": 1,
                                "maxLength": DEFAULT_MAX_TEXT_CHARS,
                                "description": "The raw article, UTF-8.",
                            },
                            "example": SEED_EXAMPLE["text"],
                        },
                        "text/html": {
                            "schema": {
                                "type": "string",
                                "minLength": 1,
                                "maxLength": DEFAULT_MAX_HTML_CHARS,
                                "description": "A whole HTML page: UTF-8 unless the Content-Type's charset (e.g. "
                                "windows-1252, iso-8859-1), a byte order mark or a <meta charset> says otherwise. "
                                "At most HERALD_MAX_BODY_BYTES bytes and HERALD_MAX_HTML_CHARS characters.",
                            },
                        },
                    },
                },
                "responses": _responses(
                    _json("The extraction.", ExtractResponseSchema), *_CLIENT_ERRORS, "URITooLong", *_ACCESS_ERRORS,
                    "InternalServerError", "OverBudget",
                ),
            }
        },
    )
    spec.path(
        path="/v1/extract/batch",
        operations={
            "post": {
                "operationId": "extractBatch",
                "summary": "Extract from several articles in one NLP batch.",
                "description": "Results come in request order; a document that fails validation is answered by a "
                "problem in its slot while the others are analysed.",
                "requestBody": {"required": True, "content": {"application/json": {"schema": BatchRequestSchema}}},
                "responses": _responses(
                    _json("One result per document.", BatchResponseSchema), *_CLIENT_ERRORS, *_ACCESS_ERRORS,
                    "InternalServerError", "OverBudget",
                ),
            }
        },
    )
    spec.path(
        path="/v1/extract/stream",
        operations={
            "post": {
                "operationId": "extractStream",
                "summary": "Extract from many articles sent as NDJSON, answered as NDJSON as they finish.",
                "description": "One JSON document a line (the fields of ExtractRequest), blank lines skipped; "
                "one record a line back, in input order, streamed as documents finish: curl -sN -H "
                "'Content-Type: application/x-ndjson' --data-binary @docs.jsonl localhost:8000/v1/extract/stream. "
                "A line that is not JSON, not a valid document, over HERALD_MAX_BODY_BYTES bytes or over its "
                "chunk's HERALD_REQUEST_BUDGET_S gets a ProblemRecord and the others go on. The body is read "
                "incrementally in bounded memory; read the answer while sending (curl does). Past "
                "HERALD_MAX_STREAM_DOCUMENTS documents, or HERALD_MAX_STREAM_BYTES bytes of a chunked body, the "
                "answer ends with a ProblemRecord whose id is null and whose line is the first line not read. "
                "Query parameters are refused (422).",
                "requestBody": {
                    "required": True,
                    "content": {
                        NDJSON: {
                            "schema": {
                                "type": "string",
                                "description": "UTF-8 lines, each one JSON object with the fields of ExtractRequest "
                                "(text, date, id, language); blank lines are skipped. A document without an id is "
                                "answered with id line-<n>, its line number counting blank lines from 1.",
                            }
                        }
                    },
                },
                "responses": _stream_responses(),
            }
        },
    )
    spec.path(
        path="/healthz",
        operations={
            "get": {
                "operationId": "healthz",
                "summary": "Liveness: the process answers (no model work).",
                "description": "Never needs an API key.",
                "security": [],
                "responses": _responses(_json("Alive.", HealthSchema), *_ORIGIN_ERRORS, "InternalServerError"),
            }
        },
    )
    spec.path(
        path="/readyz",
        operations={
            "get": {
                "operationId": "readyz",
                "summary": "Readiness: the models are loaded and annotated a tiny text.",
                "description": "Never needs an API key.",
                "security": [],
                "responses": _responses(
                    _json("Ready.", HealthSchema), *_ORIGIN_ERRORS, "ServiceUnavailable", "InternalServerError"
                ),
            }
        },
    )
    spec.path(
        path="/v1/info",
        operations={
            "get": {
                "operationId": "info",
                "summary": "Version, models, processors, entity types and limits.",
                "responses": _responses(
                    _json("What this instance runs.", InfoSchema), *_ACCESS_ERRORS, "InternalServerError"
                ),
            }
        },
    )
    spec.path(
        path="/metrics",
        operations={
            "get": {
                "operationId": "metrics",
                "summary": "Prometheus metrics, summed over all worker processes.",
                "description": "Requests by route, method and status; latency and per-stage histograms; documents, "
                "words and characters processed; model load time. Needs an API key when keys are configured, unless "
                "HERALD_METRICS_PUBLIC is true.",
                "responses": _responses(
                    {
                        "description": "The Prometheus text exposition format 0.0.4.",
                        "content": {"text/plain": {"schema": {"type": "string"}}},
                    },
                    *_ACCESS_ERRORS,
                    "InternalServerError",
                ),
            }
        },
    )
    spec.path(
        path="/openapi.yaml",
        operations={
            "get": {
                "operationId": "openapi",
                "summary": "This document.",
                "responses": _responses(
                    {
                        "description": "The OpenAPI document.",
                        # Clients (and Schemathesis) parse the YAML: what they get is a mapping.
                        "content": {"application/yaml": {"schema": {"type": "object"}}},
                    },
                    *_ACCESS_ERRORS,
                    "InternalServerError",
                ),
            }
        },
    )
    document = spec.to_dict()
    order = ("openapi", "info", "paths", "components")
    return {key: document[key] for key in order if key in document} | {
        key: value for key, value in document.items() if key not in order
    }


def render() -> str:
    """The document as YAML text, exactly as committed."""
    return yaml.safe_dump(build_spec(), sort_keys=False, allow_unicode=True, width=120)


def write(path: Path = SPEC_PATH) -> Path:
    """Regenerate the committed document."""
    path.write_text(render(), encoding="utf-8")
    return path
