"""HTTP behaviour of every endpoint and every error status, through Flask's test client.

Every response here is also validated against openapi.yaml by the spec-checking client
(tests/openapi_check.py), and every 200 body against the output schemas by the app itself
(testing mode), including ``text == submitted[start:end]`` for every span.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from schemas import ENTITY_TYPES
from service.http.openapi import SPEC_PATH
from tests.conftest import ARTICLE
from tests.fakes import FakeExtractor

PROBLEM = "application/problem+json"


def assert_spans_index(body: dict[str, Any], text: str) -> int:
    """Check every span of a response against the submitted text, as a client would; return how many."""
    count = 0
    stack: list[Any] = [body]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            if {"text", "start", "end"} <= value.keys() and isinstance(value["start"], int):
                assert text[value["start"] : value["end"]] == value["text"]
                count += 1
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return count


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    body = response.get_json(force=True)
    assert body["status"] == status
    assert body["type"] == "about:blank"
    assert body["title"] and body["detail"]
    assert body["request_id"] == response.headers["X-Request-ID"]
    return body


# --- 200s -------------------------------------------------------------------------------------


def test_extract_json(client: FlaskClient, fake: FakeExtractor) -> None:
    text = ARTICLE.split("\n", 1)[1]
    response = client.post("/v1/extract", json={"text": text, "date": "2025-02-17", "id": "doc-1"})
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert (body["id"], body["date"], body["date_source"], body["language"]) == ("doc-1", "2025-02-17", "request", "en")
    assert {entity["name"] for entity in body["entities"]} >= {"Emmanuel", "Macron", "Paris"}
    assert body["events"] and body["quotes"] and body["timexes"] and body["boilerplate"]
    assert assert_spans_index(body, text) > 10
    assert isinstance(body["stats"]["elapsed_ms"], float) and body["stats"]["elapsed_ms"] >= 0
    assert isinstance(body["stats"]["characters"], int)
    assert [[(r.text, r.date.isoformat(), r.id, r.language) for r in call] for call in fake.calls] == [
        [(text, "2025-02-17", "doc-1", "en")]
    ]


def test_extract_json_with_charset_and_non_bmp_offsets(client: FlaskClient) -> None:
    text = "🇺🇦 Zelensky met Macron on Tuesday."
    response = client.post(
        "/v1/extract",
        data=json.dumps({"text": text}).encode(),
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body["date"] is None and body["date_source"] is None and body["id"] is None
    assert body["entities"][0]["mentions"][0]["start"] == 3  # code points, not UTF-16 units or bytes
    assert assert_spans_index(body, text) > 3


def test_extract_text_plain_with_query(client: FlaskClient, fake: FakeExtractor) -> None:
    text = ARTICLE.split("\n", 1)[1]
    response = client.post(
        "/v1/extract?date=2025-02-17&id=a1",
        data=text.encode("utf-8"),
        headers={"Content-Type": "text/plain; charset=utf-8"},
    )
    assert response.status_code == 200
    body = response.get_json()
    assert (body["date"], body["date_source"], body["id"]) == ("2025-02-17", "request", "a1")
    assert fake.calls[0][0].text == text
    assert_spans_index(body, text)


def test_extract_text_plain_date_header_offsets_index_submitted_text(client: FlaskClient) -> None:
    response = client.post("/v1/extract", data=ARTICLE, content_type="text/plain")
    assert response.status_code == 200
    body = response.get_json()
    assert (body["date"], body["date_source"]) == ("2025-02-17", "text")
    assert body["entities"][0]["mentions"][0]["start"] > len("date 2025-02-17\n") - 1
    assert_spans_index(body, ARTICLE)


def test_batch_one_bad_document_others_succeed_in_one_call(make_app: Callable[..., Flask], fake: FakeExtractor) -> None:
    client = make_app(max_text_chars=200).test_client()
    documents = [
        {"text": "Macron met Starmer.", "id": "good-1"},
        {"text": "Tusk said nothing.", "date": "2025-02-30"},
        {"text": "x" * 201},
        {"text": "Rubio met Zelensky on Monday.", "date": "2025-02-17", "id": "good-2"},
        "not an object",
    ]
    response = client.post("/v1/extract/batch", json={"documents": documents})
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert [result.get("status", 200) for result in results] == [200, 422, 413, 200, 422]
    assert list(results[1]["errors"]) == ["date"]
    assert results[4]["errors"] == {"body": ["Invalid input type."]}
    assert [result["id"] for result in (results[0], results[3])] == ["good-1", "good-2"]
    assert len(fake.calls) == 1 and [request.id for request in fake.calls[0]] == ["good-1", "good-2"]
    assert_spans_index(results[0], documents[0]["text"])
    assert_spans_index(results[3], documents[3]["text"])
    assert results[0]["stats"]["elapsed_ms"] == results[3]["stats"]["elapsed_ms"]


def test_batch_of_only_bad_documents_calls_no_model(client: FlaskClient, fake: FakeExtractor) -> None:
    response = client.post("/v1/extract/batch", json={"documents": [{"text": ""}, {"text": "a", "language": "fr"}]})
    assert response.status_code == 200
    assert [result["status"] for result in response.get_json()["results"]] == [422, 422]
    assert fake.calls == []


def test_healthz_does_no_model_work(client: FlaskClient, fake: FakeExtractor) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert fake.calls == [] and fake.ready_checks == 0


def test_readyz_caches_success(client: FlaskClient, fake: FakeExtractor) -> None:
    for _ in range(3):
        response = client.get("/readyz")
        assert response.status_code == 200
        assert response.get_json() == {"status": "ok"}
    assert fake.ready_checks == 1


def test_info(make_app: Callable[..., Flask]) -> None:
    response = make_app(max_batch=7, max_text_chars=1234).test_client().get("/v1/info")
    assert response.status_code == 200
    body = response.get_json()
    assert body["service"] == "herald"
    assert body["model"] == {"name": "fake", "version": "0.0", "processors": ["tokenize", "ner"]}
    assert body["entity_types"] == list(ENTITY_TYPES)
    assert body["limits"] == {"max_text_chars": 1234, "max_body_bytes": 1_000_000, "max_batch": 7,
                              "request_budget_s": 60, "read_timeout_s": 20, "max_stream_bytes": 50_000_000,
                              "max_stream_documents": 10_000, "max_html_chars": 2_000_000}
    assert "secret" not in response.get_data(as_text=True)  # models_dir is not published


def test_openapi_yaml_is_the_committed_file(client: FlaskClient) -> None:
    response = client.get("/openapi.yaml")
    assert response.status_code == 200
    assert response.mimetype == "application/yaml"
    assert response.get_data(as_text=True) == SPEC_PATH.read_text(encoding="utf-8")


def test_request_id_is_reused_when_sane_and_replaced_otherwise(client: FlaskClient) -> None:
    assert client.get("/healthz", headers={"X-Request-ID": "abc-123"}).headers["X-Request-ID"] == "abc-123"
    replaced = client.get("/healthz", headers={"X-Request-ID": "bad id\"<>"}).headers["X-Request-ID"]
    assert replaced != "bad id\"<>" and len(replaced) == 32


# --- 400 ------------------------------------------------------------------------------------------


def test_400_malformed_json(client: FlaskClient) -> None:
    body = assert_problem(client.post("/v1/extract", data='{"text": ', content_type="application/json"), 400)
    assert "JSON" in body["detail"]
    assert_problem(client.post("/v1/extract/batch", data="", content_type="application/json"), 400)


def test_400_pathologically_nested_json(client: FlaskClient) -> None:
    assert_problem(client.post("/v1/extract", data="[" * 100_000, content_type="application/json"), 400)


def test_400_body_not_utf8(client: FlaskClient) -> None:
    body = assert_problem(client.post("/v1/extract", data=b"caf\xe9 au lait", content_type="text/plain"), 400)
    assert "UTF-8" in body["detail"]
    assert_problem(client.post("/v1/extract", data=b'{"text": "caf\xe9"}', content_type="application/json"), 400)


# --- 404 / 405 ------------------------------------------------------------------------------------


def test_404(client: FlaskClient) -> None:
    assert_problem(client.get("/v2/nothing"), 404)


def test_405_lists_allowed_methods(client: FlaskClient) -> None:
    response = client.get("/v1/extract")
    assert_problem(response, 405)
    assert "POST" in response.headers["Allow"]
    assert_problem(client.delete("/healthz"), 405)


# --- 413 ------------------------------------------------------------------------------------------


def test_413_body_over_max_body_bytes(make_app: Callable[..., Flask], fake: FakeExtractor) -> None:
    client = make_app(max_body_bytes=100).test_client()
    body = assert_problem(client.post("/v1/extract", json={"text": "x" * 200}), 413)
    assert "100 bytes" in body["detail"]
    assert_problem(client.post("/v1/extract/batch", json={"documents": [{"text": "x" * 200}]}), 413)
    assert fake.calls == []


def test_413_text_over_max_text_chars(make_app: Callable[..., Flask], fake: FakeExtractor) -> None:
    client = make_app(max_text_chars=10).test_client()
    body = assert_problem(client.post("/v1/extract", json={"text": "x" * 11}), 413)
    assert "HERALD_MAX_TEXT_CHARS" in body["detail"]
    assert_problem(client.post("/v1/extract", data="y" * 11, content_type="text/plain"), 413)
    assert client.post("/v1/extract", json={"text": "x" * 10}).status_code == 200


# --- 415 ------------------------------------------------------------------------------------------


def test_415_unsupported_content_types(client: FlaskClient) -> None:
    assert_problem(client.post("/v1/extract", data="<text/>", content_type="application/xml"), 415)
    assert_problem(client.post("/v1/extract", data='{"text": "a"}'), 415)  # no Content-Type at all
    assert_problem(client.post("/v1/extract", data="abc", content_type="text/plain; charset=latin-1"), 415)
    assert_problem(client.post("/v1/extract/batch", data="abc", content_type="text/plain"), 415)


# --- 422 ------------------------------------------------------------------------------------------


def _errors(client: FlaskClient, payload: Any) -> dict[str, list[str]]:
    return assert_problem(client.post("/v1/extract", json=payload), 422)["errors"]


def test_422_schema_violations(client: FlaskClient, fake: FakeExtractor) -> None:
    assert _errors(client, {"text": "a", "txet": "b"}) == {"txet": ["Unknown field."]}
    assert _errors(client, {"text": 42}) == {"text": ["Not a valid string."]}
    assert list(_errors(client, {"text": "a", "date": "2025-02-30"})) == ["date"]
    assert list(_errors(client, {"text": "a", "date": "17/02/2025"})) == ["date"]
    assert list(_errors(client, {"text": "a", "date": "20250217"})) == ["date"]
    assert _errors(client, {"text": "a", "language": "fr"}) == {"language": ["Must be one of: en."]}
    assert list(_errors(client, {"text": ""})) == ["text"]
    assert list(_errors(client, {})) == ["text"]
    assert list(_errors(client, {"text": "a", "id": "x" * 257})) == ["id"]
    assert list(_errors(client, {"text": "a\ud800b"})) == ["text"]
    assert _errors(client, ["text"]) == {"body": ["Invalid input type."]}
    assert fake.calls == []


def test_422_query_parameters(client: FlaskClient) -> None:
    def errors(url: str, **kwargs: Any) -> dict[str, list[str]]:
        return assert_problem(client.post(url, **kwargs), 422)["errors"]

    assert list(errors("/v1/extract?date=2025-02-30", data="a", content_type="text/plain")) == ["date"]
    assert errors("/v1/extract?lang=en", data="a", content_type="text/plain") == {"lang": ["Unknown field."]}
    assert list(errors("/v1/extract?date=2025-02-17&date=2025-02-18", data="a", content_type="text/plain")) == ["date"]
    assert list(errors("/v1/extract?text=b", data="a", content_type="text/plain")) == ["text"]
    assert list(errors("/v1/extract?date=2025-02-17", json={"text": "a"})) == ["date"]
    assert list(errors("/v1/extract", data="", content_type="text/plain")) == ["text"]


def test_422_batch_envelope(make_app: Callable[..., Flask]) -> None:
    client = make_app(max_batch=2).test_client()

    def errors(payload: Any) -> dict[str, list[str]]:
        return assert_problem(client.post("/v1/extract/batch", json=payload), 422)["errors"]

    assert list(errors({})) == ["documents"]
    assert list(errors({"documents": []})) == ["documents"]
    assert list(errors({"documents": [{"text": "a"}] * 3})) == ["documents"]
    assert list(errors({"documents": "a"})) == ["documents"]
    assert errors({"documents": [{"text": "a"}], "extra": 1}) == {"extra": ["Unknown field."]}


# --- 503 / 500 ------------------------------------------------------------------------------------


def test_503_until_ready_check_succeeds(make_app: Callable[..., Flask]) -> None:
    fake = FakeExtractor(ready_error=RuntimeError("model file /srv/models/ner.pt missing"))
    client = make_app(extractor=fake).test_client()
    response = client.get("/readyz")
    body = assert_problem(response, 503)
    assert response.headers["Retry-After"] == "5"
    assert "/srv" not in json.dumps(body)
    fake.ready_error = None
    assert client.get("/readyz").status_code == 200
    assert fake.ready_checks == 2


def test_500_leaks_nothing_and_logs_traceback(make_app: Callable[..., Flask], log_lines: list[str]) -> None:
    secret = "boom at /srv/herald/service/extract/secret.py with Macron"
    client = make_app(extractor=FakeExtractor(extract_error=RuntimeError(secret))).test_client()
    response = client.post("/v1/extract", json={"text": "Macron met Starmer."})
    body = assert_problem(response, 500)
    raw = response.get_data(as_text=True)
    assert "boom" not in raw and "/srv" not in raw and "Traceback" not in raw and "Macron" not in raw
    errors = [json.loads(line) for line in log_lines if json.loads(line)["level"] == "ERROR"]
    assert len(errors) == 1
    assert errors[0]["request_id"] == body["request_id"]
    assert "Traceback" in errors[0]["exception"] and "RuntimeError" in errors[0]["exception"]


def test_500_when_extractor_breaks_the_response_contract(make_app: Callable[..., Flask]) -> None:
    client = make_app(extractor=FakeExtractor(corrupt=True)).test_client()
    assert_problem(client.post("/v1/extract", json={"text": "Macron met Starmer."}), 500)


# --- logging ----------------------------------------------------------------------------------------


def test_logs_never_contain_text_by_default(client: FlaskClient, log_lines: list[str]) -> None:
    text = "Zelensky met Tusk in Kyiv."
    assert client.post("/v1/extract", json={"text": text}).status_code == 200
    assert client.post("/v1/extract/batch", json={"documents": [{"text": text}]}).status_code == 200
    records = [json.loads(line) for line in log_lines]
    assert [record["message"] for record in records] == ["extracted", "extracted"]
    assert records[0]["characters"] == len(text) and records[0]["documents"] == 1
    assert not any("Zelensky" in line for line in log_lines)


def test_logs_contain_text_when_allowed(make_app: Callable[..., Flask], log_lines: list[str]) -> None:
    client = make_app(log_text=True).test_client()
    assert client.post("/v1/extract", json={"text": "Zelensky met Tusk."}).status_code == 200
    assert json.loads(log_lines[-1])["texts"] == ["Zelensky met Tusk."]
