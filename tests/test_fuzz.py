"""Property-based fuzzing of a real gunicorn with the real models, from the served ``/openapi.yaml``.

Schemathesis 4 loads the OpenAPI document the running server serves (not the committed file)
and tests every operation with: the document's explicit examples (if any), its deterministic
boundary cases (the coverage phase) and ``MAX_EXAMPLES`` Hypothesis-generated cases, valid
(positive) and invalid (negative) ones, with JSON, ``text/plain`` and ``text/html`` bodies.  Every response
must be a non-5xx answer whose status code, content type, headers and body conform to the
served document; a valid request must get a 200 and an invalid one a documented 4xx problem
(for the batch: a problem in the slot of each invalid document; for the NDJSON stream: a
problem record for each line that is not a valid document).  The test asserts that the
two extraction operations really got MAX_EXAMPLES generated cases each, positive and negative,
and text/plain and text/html bodies too (an HTML page with no article in it may be refused for its
content, HTML_REFUSAL).

Runs are reproducible: Hypothesis is derandomized and Schemathesis gets a fixed seed, so a CI
failure replays locally with ``pytest tests/test_fuzz.py``; the failure report shows the
request as a curl command.

One pytest test per operation, built with Schemathesis's own test builder
(``schemathesis.pytest.lazy.get_all_tests``, what ``schemathesis.pytest.from_fixture`` runs):
``from_fixture(...).parametrize()`` itself cannot be used with pytest 9.2, whose test items
no longer have the ``_nodeid`` attribute it rewrites for reporting.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import schemathesis
import yaml
from hypothesis import HealthCheck, Phase, settings
from jsonschema import Draft202012Validator
from schemathesis import Case, CheckContext, CheckFunction, Response
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.config import SchemathesisConfig
from schemathesis.core.failures import FailureGroup, as_reported_failure
from schemathesis.openapi.checks import RejectedPositiveData
from schemathesis.pytest.lazy import get_all_tests
from schemathesis.schemas import BaseSchema

from tests.gunicorn_server import running_server
from tests.openapi_check import NDJSON, committed_checker

ROOT = Path(__file__).resolve().parent.parent
#: Hypothesis-generated cases per operation, on top of the explicit and boundary (coverage) cases.
MAX_EXAMPLES = 1000
#: Fixed Schemathesis seed, so that every run sends the same requests.
SEED = 20250217
#: Operations with inputs: each must really get MAX_EXAMPLES generated cases, negative ones included.
WITH_INPUT = ("POST /v1/extract", "POST /v1/extract/batch", "POST /v1/extract/stream")
#: The checks every response must pass (see _checks for the per-operation exceptions).
CHECKS: list[CheckFunction] = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    positive_data_acceptance,
    negative_data_rejection,
]
#: Hypothesis settings of every operation's test.
SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
    phases=[Phase.explicit, Phase.generate],
)


# The stream's body is text (NDJSON lines) and so is its answer, whose lines _stream_records_match_lines checks;
# an HTML page is text too.
schemathesis.serializer.alias(NDJSON, "text/plain")
schemathesis.serializer.alias("text/html", "text/plain")

# What the service answers for an HTML page that is a valid string but holds no article (no text, too
# deep, too many elements): a 413/422 problem about the page's content, which no schema can express.
HTML_REFUSAL = re.compile(r"(No article text found in|The HTML page|The text extracted from) the HTML page|"
                          r"The HTML page (is nested|has more than|could not be read)")


def _html_refused(problem: dict[str, Any]) -> bool:
    """Whether ``problem`` refuses an HTML page for its content (see HTML_REFUSAL)."""
    return problem.get("status") in (413, 422) and bool(HTML_REFUSAL.match(str(problem.get("detail", ""))))


def _has_html(document: Any) -> bool:
    return isinstance(document, dict) and "html" in document


@schemathesis.deserializer(NDJSON)
def _ndjson_text(ctx: schemathesis.DeserializationContext, response: Response) -> str:
    """An NDJSON answer as the string the document declares."""
    return response.content.decode("utf-8")


def _labels() -> list[str]:
    """``METHOD /path`` of every operation of the committed document (checked against the served one)."""
    document = yaml.safe_load((ROOT / "openapi.yaml").read_text(encoding="utf-8"))
    return [f"{method.upper()} {path}" for path, item in document["paths"].items() for method in item]


def _config() -> SchemathesisConfig:
    """Schemathesis settings of this module (a schemathesis.toml is never read)."""
    return SchemathesisConfig.from_dict({
        "seed": SEED,
        "generation": {"mode": "all", "deterministic": True, "max-examples": MAX_EXAMPLES},
        "checks": {
            # Valid requests get a 200; invalid ones one of the documented 4xx problems (5xx are
            # server errors for not_a_server_error, never an acceptable rejection).
            "positive_data_acceptance": {"expected-statuses": ["200"]},
            "negative_data_rejection": {"expected-statuses": ["400", "413", "414", "415", "422"]},
        },
        "phases": {
            "examples": {"enabled": True},
            "coverage": {"enabled": True},
            "fuzzing": {"enabled": True},
            "stateful": {"enabled": False},
        },
    })


@pytest.fixture(scope="module")
def server_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """gunicorn's JSON log lines (a 500's traceback is only there, never in the response)."""
    return tmp_path_factory.mktemp("fuzz") / "gunicorn.log"


@pytest.fixture(scope="module")
def fuzz_server(server_log: Path) -> Iterator[str]:
    """Base URL of a real gunicorn (2 workers, real models) on a free loopback port."""
    with server_log.open("wb") as log, running_server(log) as base:
        yield base


@pytest.fixture(scope="module")
def served_schema(fuzz_server: str) -> BaseSchema:
    """The OpenAPI document as the server serves it, with this module's Schemathesis config."""
    return schemathesis.openapi.from_url(f"{fuzz_server}/openapi.yaml", config=_config(), timeout=30)


@pytest.fixture(scope="module")
def session() -> Iterator[requests.Session]:
    """One keep-alive HTTP session for all requests."""
    with requests.Session() as s:
        yield s


def _batch_slots_match_documents(ctx: CheckContext, response: Response, case: Case) -> None:
    """A 200 batch answer has one slot per document: a problem exactly for the documents the spec rejects.

    Replaces negative_data_rejection for the batch, whose invalid documents are answered by a
    413/422 problem in their slot of a 200 (as documented), not by a 4xx for the whole request.
    """
    if response.status_code != 200 or case.method.upper() != "POST":  # e.g. the coverage phase's OPTIONS probe
        return
    document = case.operation.schema.raw_schema
    validator = Draft202012Validator(document["components"]["schemas"]["ExtractRequest"],
                                     format_checker=Draft202012Validator.FORMAT_CHECKER)
    documents = case.body["documents"]
    results = response.json()["results"]
    assert len(results) == len(documents), f"{len(documents)} documents, {len(results)} results"
    for index, (sent, result) in enumerate(zip(documents, results, strict=True)):
        valid = validator.is_valid(sent)
        problem = "entities" not in result
        if valid and problem and _has_html(sent) and _html_refused(result):
            continue
        assert valid != problem, f"document {index} is {'valid' if valid else 'invalid'} but got {result}"
        if problem:
            assert result["status"] in (413, 422), f"document {index}: {result}"


def _stream_records_match_lines(ctx: CheckContext, response: Response, case: Case) -> None:
    """A 200 stream answer has one record per non-blank line: a problem exactly for the lines that are not
    valid documents (400 for a line that is not JSON), each line a conforming ExtractResponse or ProblemRecord.

    Replaces negative_data_rejection for the stream, whose bad lines are answered by problem records
    in a 200 (as documented), not by a 4xx for the whole request.
    """
    if response.status_code != 200 or case.method.upper() != "POST":
        return
    answer = response.content.decode("utf-8")
    committed_checker().check_records(answer)
    records = [json.loads(line) for line in answer.split("\n")[:-1]]
    sent = response.request.body or b""
    lines = (sent.encode() if isinstance(sent, str) else sent).decode("utf-8").split("\n")
    document = case.operation.schema.raw_schema
    validator = Draft202012Validator(document["components"]["schemas"]["ExtractRequest"],
                                     format_checker=Draft202012Validator.FORMAT_CHECKER)
    numbered = [(number, line) for number, line in enumerate(lines, 1) if line.strip()]
    assert len(records) == len(numbered), f"{len(numbered)} lines, {len(records)} records"
    for (number, line), record in zip(numbered, records, strict=True):
        try:
            sent_document = json.loads(line)
            valid = validator.is_valid(sent_document)
        except ValueError:
            assert record["problem"]["status"] == 400 and record["line"] == number, f"line {number}: {record}"
            continue
        if valid and "problem" in record and _has_html(sent_document) and _html_refused(record["problem"]):
            continue
        assert valid != ("problem" in record), f"line {number} is {'valid' if valid else 'invalid'}: {record}"


def _valid_requests_accepted(ctx: CheckContext, response: Response, case: Case) -> bool | None:
    """positive_data_acceptance, except for the two rules OpenAPI cannot express.

    An HTML page, a valid string, may hold no article (HTML_REFUSAL).  The query parameters of
    POST /v1/extract are only for a text/plain (or text/html) body; with a JSON body
    the server answers a 422 naming them (as the operation's description says), although the
    document, which cannot tie parameters to a media type, declares them for both.
    """
    try:
        return positive_data_acceptance(ctx, response, case)
    except RejectedPositiveData:
        if (case.media_type == "text/html" or _has_html(case.body)) and _html_refused(response.json()):
            return None  # a valid string that is no article page
        if not (case.media_type == "application/json" and case.query and response.status_code == 422
                and set(response.json().get("errors", {})) == set(case.query)):
            raise
        return None


def _invalid_requests_rejected(ctx: CheckContext, response: Response, case: Case) -> bool | None:
    """negative_data_rejection, except for a text/html body of the "wrong type": it goes out as a
    string (as text/plain bodies do), and any string is a valid page on the wire ("{}" too)."""
    if case.media_type == "text/html" and not isinstance(case.body, str):
        return None
    return negative_data_rejection(ctx, response, case)


def _checks(label: str) -> list[CheckFunction]:
    """The checks of one operation."""
    checks = list(CHECKS)
    if label == "POST /v1/extract":
        replaced = {positive_data_acceptance: _valid_requests_accepted,
                    negative_data_rejection: _invalid_requests_rejected}
        checks = [replaced.get(check, check) for check in checks]
    if label == "POST /v1/extract/batch":
        checks = [check for check in checks if check is not negative_data_rejection]
        checks.append(_batch_slots_match_documents)
    if label == "POST /v1/extract/stream":
        checks = [check for check in checks if check is not negative_data_rejection]
        checks.append(_stream_records_match_lines)
    return checks


def test_served_document_has_the_fuzzed_operations(served_schema: BaseSchema) -> None:
    """Every served operation is fuzzed below (the parametrization comes from the committed document)."""
    served = [f"{method.upper()} {path}" for path, item in served_schema.raw_schema["paths"].items() for method in item]
    assert sorted(served) == sorted(_labels())


def test_served_document_conforms_to_its_own_declaration(served_schema: BaseSchema, session: requests.Session) -> None:
    """GET /openapi.yaml answers what the document declares (a YAML mapping; once declared as a string)."""
    case = served_schema["/openapi.yaml"]["GET"].Case()
    case.call_and_validate(session=session, checks=[response_schema_conformance], timeout=30)


@pytest.mark.parametrize("label", _labels())
def test_fuzz(label: str, served_schema: BaseSchema, session: requests.Session, server_log: Path) -> None:
    """Every request Schemathesis makes for the operation gets a conforming, non-5xx answer."""
    method, path = label.split(" ", 1)
    counts: Counter[tuple[str, str, str]] = Counter()  # (phase, generation mode, media type) -> cases
    checks = _checks(label)

    def check(case: Case, session: requests.Session) -> None:
        meta = case.meta
        assert meta is not None
        counts[(meta.phase.name.value, meta.generation.mode.value, case.media_type or "-")] += 1
        case.call_and_validate(session=session, checks=checks, timeout=120)

    tests = list(get_all_tests(schema=served_schema.include(method=method, path=path), test_func=check,
                               settings=SETTINGS, given_kwargs=None))
    assert len(tests) == 1, tests
    operation, hypothesis_test = tests[0].ok()
    assert operation.label == label
    try:
        hypothesis_test(session=session)
    except Exception as error:
        errors = [line for line in server_log.read_text(errors="replace").splitlines() if '"level": "ERROR"' in line]
        if errors:
            error.add_note(f"last gunicorn errors ({server_log}):\n" + "\n".join(errors[-3:]))
        if isinstance(error, FailureGroup):
            raise as_reported_failure(error) from None
        raise
    finally:
        print(f"\n{label}: {sum(counts.values())} cases {sorted(counts.items())}")

    if label in WITH_INPUT:
        # A broken configuration must not make the test vacuous.
        generated = {mode: sum(n for (phase, m, _), n in counts.items() if phase == "fuzzing" and m == mode)
                     for mode in ("positive", "negative")}
        assert sum(generated.values()) >= MAX_EXAMPLES, counts
        # Hypothesis splits the modes unevenly (195 positive of 1,000 seen for the NDJSON stream's string body).
        assert min(generated.values()) >= MAX_EXAMPLES // 8, counts
    if label == "POST /v1/extract":
        for media_type in ("application/json", "text/plain", "text/html"):  # three body types share the cases
            assert sum(n for (_, _, m), n in counts.items() if m == media_type) >= MAX_EXAMPLES // 8, counts
