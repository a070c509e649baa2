"""Access control (service/http/auth.py): optional API keys, the allowed-Origin list and CORS preflights.

Every response goes through the spec-checking client, so each 401 and 403 here is also checked
against openapi.yaml (declared for the operation, problem+json, WWW-Authenticate documented).
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.app import create_app
from service.config import Config, ConfigError
from service.http import auth
from tests.fakes import FakeExtractor

PROBLEM = "application/problem+json"
KEY = "k3y-0123456789abcdef-first"
OTHER_KEY = "k3y-fedcba9876543210-second"
FILE_KEY = "k3y-from-the-keys-file-0001"
WRONG = "k3y-0123456789abcdef-wrong"
ORIGIN = "https://newsroom.example"
TEXT = "Emmanuel Macron met Keir Starmer in Paris on Monday."

#: (method, path, body) of every endpoint that needs a key when keys are on.
PROTECTED = [
    ("POST", "/v1/extract", {"text": TEXT}),
    ("POST", "/v1/extract/batch", {"documents": [{"text": TEXT}]}),
    ("GET", "/v1/info", None),
    ("GET", "/openapi.yaml", None),
    ("GET", "/metrics", None),
]
HEALTH = ["/healthz", "/readyz"]


def _call(client: FlaskClient, method: str, path: str, body: Any = None, **headers: str) -> Any:
    return client.open(path, method=method, json=body, headers=headers)


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    body = response.get_json(force=True)
    assert (body["status"], body["type"]) == (status, "about:blank")
    assert body["request_id"] == response.headers["X-Request-ID"]
    return body


@pytest.fixture
def keyed(make_app: Callable[..., Flask]) -> FlaskClient:
    """A client of an app with two API keys."""
    return make_app(api_keys=(KEY, OTHER_KEY)).test_client()


# ---- keys off ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("method", "path", "body"), PROTECTED)
def test_keys_off_everything_open(client: FlaskClient, method: str, path: str, body: Any) -> None:
    response = _call(client, method, path, body)
    assert response.status_code == 200
    assert "WWW-Authenticate" not in response.headers


def test_keys_off_ignores_presented_keys(client: FlaskClient) -> None:
    assert _call(client, "GET", "/v1/info", Authorization=f"Bearer {WRONG}", **{"X-API-Key": "x"}).status_code == 200


# ---- keys on ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("method", "path", "body"), PROTECTED)
def test_keys_on_without_key_is_401(keyed: FlaskClient, fake: FakeExtractor, method: str, path: str, body: Any) -> None:
    response = _call(keyed, method, path, body)
    problem = _problem(response, 401)
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="herald"'
    assert "Authorization: Bearer" in problem["detail"] and "X-API-Key" in problem["detail"]
    assert fake.calls == []


@pytest.mark.parametrize(("method", "path", "body"), PROTECTED)
def test_keys_on_wrong_key_is_401(keyed: FlaskClient, fake: FakeExtractor, method: str, path: str, body: Any) -> None:
    for headers in ({"Authorization": f"Bearer {WRONG}"}, {"X-API-Key": WRONG}, {"X-API-Key": KEY[:-1]}):
        response = _call(keyed, method, path, body, **headers)
        problem = _problem(response, 401)
        assert response.headers["WWW-Authenticate"] == 'Bearer realm="herald", error="invalid_token"'
        assert WRONG not in response.get_data(as_text=True) and KEY not in json.dumps(problem)
    assert fake.calls == []


@pytest.mark.parametrize(
    "headers",
    [
        {"Authorization": f"Basic {KEY}"},  # another scheme is no bearer token
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer    "},
        {"X-API-Key": "   "},
        {"Authorization": KEY},
    ],
)
def test_keys_on_malformed_credentials_count_as_missing(keyed: FlaskClient, headers: dict[str, str]) -> None:
    response = _call(keyed, "GET", "/v1/info", **headers)
    _problem(response, 401)
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="herald"'


@pytest.mark.parametrize(("method", "path", "body"), PROTECTED)
def test_keys_on_valid_key_is_served(keyed: FlaskClient, method: str, path: str, body: Any) -> None:
    for headers in (
        {"Authorization": f"Bearer {KEY}"},
        {"Authorization": f"bearer {OTHER_KEY}"},  # the scheme is case-insensitive (RFC 9110)
        {"X-API-Key": KEY},
        {"X-API-Key": f" {OTHER_KEY} "},
        {"Authorization": f"Bearer {WRONG}", "X-API-Key": KEY},  # either header may carry it
    ):
        assert _call(keyed, method, path, body, **headers).status_code == 200, headers


def test_keys_on_extraction_works_with_key(keyed: FlaskClient, fake: FakeExtractor) -> None:
    response = keyed.post("/v1/extract", data=TEXT, headers={"Content-Type": "text/plain", "X-API-Key": KEY})
    assert response.status_code == 200
    assert [request.text for call in fake.calls for request in call] == [TEXT]


@pytest.mark.parametrize("path", HEALTH)
def test_health_is_exempt(keyed: FlaskClient, path: str) -> None:
    assert keyed.get(path).status_code == 200
    assert keyed.get(path, headers={"X-API-Key": WRONG}).status_code == 200


def test_metrics_protected_by_default_public_on_request(make_app: Callable[..., Flask]) -> None:
    protected = make_app(api_keys=(KEY,)).test_client()
    _problem(protected.get("/metrics"), 401)
    assert protected.get("/metrics", headers={"X-API-Key": KEY}).status_code == 200

    public = make_app(api_keys=(KEY,), metrics_public=True).test_client()
    response = public.get("/metrics")
    assert response.status_code == 200 and "herald_" in response.get_data(as_text=True)
    # Only /metrics becomes public.
    _problem(public.get("/v1/info"), 401)
    _problem(public.get("/openapi.yaml"), 401)


def test_refusals_are_counted_and_logged_without_keys(keyed: FlaskClient, log_lines: list[str]) -> None:
    _problem(keyed.get("/v1/info", headers={"Authorization": f"Bearer {WRONG}"}), 401)
    _problem(keyed.get("/v1/info"), 401)
    records = [json.loads(line) for line in log_lines if '"request refused"' in line]
    assert [record["reason"] for record in records] == ["wrong API key", "no API key"]
    assert all(record["path"] == "/v1/info" and record["request_id"] for record in records)
    assert not any(WRONG in line or KEY in line or OTHER_KEY in line for line in log_lines)
    exposition = keyed.get("/metrics", headers={"X-API-Key": KEY}).get_data(as_text=True)
    assert 'route="/v1/info",status="401"' in exposition


def test_unknown_route_needs_a_key_too(make_app: Callable[..., Flask]) -> None:
    """Keys on: no answer reveals which routes exist (a plain client: the path is not in the spec)."""
    app = make_app(api_keys=(KEY,))
    app.test_client_class = FlaskClient
    client = app.test_client()
    assert client.get("/no/such/page").status_code == 401
    assert client.get("/no/such/page", headers={"X-API-Key": KEY}).status_code == 404


def test_keys_file(make_app: Callable[..., Flask], tmp_path: Path) -> None:
    keys_file = tmp_path / "keys"
    keys_file.write_text(f"# herald API keys\n\n{FILE_KEY}   # newsroom ingest\n{KEY}\n", encoding="utf-8")
    client = make_app(api_keys=(OTHER_KEY,), api_keys_file=keys_file).test_client()
    for key in (FILE_KEY, KEY, OTHER_KEY):
        assert client.get("/v1/info", headers={"X-API-Key": key}).status_code == 200
    _problem(client.get("/v1/info", headers={"X-API-Key": "# herald API keys"}), 401)
    _problem(client.get("/v1/info", headers={"X-API-Key": "newsroom ingest"}), 401)


def test_keys_file_read_once_at_start(make_app: Callable[..., Flask], tmp_path: Path) -> None:
    keys_file = tmp_path / "keys"
    keys_file.write_text(FILE_KEY + "\n", encoding="utf-8")
    client = make_app(api_keys_file=keys_file).test_client()
    keys_file.write_text(KEY + "\n", encoding="utf-8")
    assert client.get("/v1/info", headers={"X-API-Key": FILE_KEY}).status_code == 200
    _problem(client.get("/v1/info", headers={"X-API-Key": KEY}), 401)


def test_bad_key_configuration_stops_start_up(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HERALD_API_KEYS_FILE", str(tmp_path / "missing"))
    with pytest.raises(ConfigError, match="HERALD_API_KEYS_FILE.*cannot read"):
        create_app(extractor=FakeExtractor())
    monkeypatch.delenv("HERALD_API_KEYS_FILE")
    monkeypatch.setenv("HERALD_API_KEYS", "too-short")
    with pytest.raises(ConfigError, match="HERALD_API_KEYS: key 1 is 9 characters long") as error:
        create_app(extractor=FakeExtractor())
    assert "too-short" not in str(error.value)


def test_every_key_is_compared(monkeypatch: pytest.MonkeyPatch) -> None:
    """Constant time: the presented key is compared with every key, also when the first one matches."""
    control = auth.AccessControl.from_config(Config(api_keys=(KEY, OTHER_KEY, FILE_KEY)))
    calls: list[tuple[bytes, bytes]] = []
    compare = hmac.compare_digest

    def counting(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return compare(a, b)

    monkeypatch.setattr(auth.hmac, "compare_digest", counting)
    assert control.is_valid_key(KEY)
    assert len(calls) == 3
    # Fixed-length digests are compared, never the keys themselves (no length leak).
    assert all(len(a) == len(b) == 32 for a, b in calls)
    assert not control.is_valid_key(WRONG) and not control.is_valid_key("é" * 20) and not control.is_valid_key("")
    assert len(calls) == 12
    assert "k3y" not in repr(control) and "k3y" not in repr(Config(api_keys=(KEY,)))


# ---- origins ----------------------------------------------------------------------------------


def test_default_refuses_every_browser_origin(client: FlaskClient, fake: FakeExtractor) -> None:
    """No HERALD_ALLOWED_ORIGINS: a request from a web page (Origin header) is refused, others served."""
    response = client.post("/v1/extract", data=TEXT, headers={"Content-Type": "text/plain", "Origin": ORIGIN})
    problem = _problem(response, 403)
    assert "HERALD_ALLOWED_ORIGINS" in problem["detail"]
    assert "Access-Control-Allow-Origin" not in response.headers
    assert fake.calls == []
    for path in ("/v1/info", "/healthz", "/metrics"):
        _problem(client.get(path, headers={"Origin": "null"}), 403)
    # No Origin (curl, services, probes): served as before, without CORS headers.
    response = client.post("/v1/extract", data=TEXT, headers={"Content-Type": "text/plain"})
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers
    assert "Origin" in response.headers["Vary"]


@pytest.mark.parametrize(("base", "origin", "status"), [
    ("http://localhost:8000", "http://localhost:8000", 200),    # the /docs page on the developer's machine
    ("http://127.0.0.1:8000", "http://127.0.0.1:8000", 200),
    ("http://[::1]:8000", "http://[::1]:8000", 200),
    ("http://localhost:8000", "http://localhost:9000", 403),    # another local service's page
    ("http://evil.example:8000", "http://evil.example:8000", 403),  # DNS rebinding: same origin, not loopback
    ("http://herald.internal", "http://herald.internal", 403),  # deployments list their page's origin
])
def test_the_services_own_page_on_a_loopback_address_may_call_it(client: FlaskClient, base: str, origin: str,
                                                                 status: int) -> None:
    response = client.post("/v1/extract", json={"text": TEXT}, headers={"Origin": origin}, base_url=base)
    assert response.status_code == status


def test_allowed_origin_gets_cors_headers(make_app: Callable[..., Flask]) -> None:
    client = make_app(allowed_origins=(ORIGIN, "http://localhost:3000")).test_client()
    for origin in (ORIGIN, "HTTPS://Newsroom.Example", "http://localhost:3000"):
        response = client.post("/v1/extract", json={"text": TEXT}, headers={"Origin": origin})
        assert response.status_code == 200, origin
        assert response.headers["Access-Control-Allow-Origin"] == origin
        assert "Origin" in response.headers["Vary"]
        assert "X-Request-ID" in response.headers["Access-Control-Expose-Headers"]
    for origin in ("https://evil.example", "http://newsroom.example", "https://newsroom.example:8443", "null"):
        response = client.get("/v1/info", headers={"Origin": origin})
        _problem(response, 403)
        assert "Access-Control-Allow-Origin" not in response.headers
    assert "Access-Control-Allow-Origin" not in client.get("/v1/info").headers


def test_any_origin(make_app: Callable[..., Flask]) -> None:
    client = make_app(allowed_origins=("*",)).test_client()
    response = client.get("/v1/info", headers={"Origin": "https://anywhere.example"})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_allowed_origin_still_needs_a_key(make_app: Callable[..., Flask]) -> None:
    """The 401 carries the CORS headers, so the page can read why it was refused."""
    client = make_app(api_keys=(KEY,), allowed_origins=(ORIGIN,)).test_client()
    response = client.get("/v1/info", headers={"Origin": ORIGIN})
    _problem(response, 401)
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "WWW-Authenticate" in response.headers["Access-Control-Expose-Headers"]
    assert client.get("/v1/info", headers={"Origin": ORIGIN, "Authorization": f"Bearer {KEY}"}).status_code == 200
    # A foreign origin is refused before the key is looked at.
    _problem(client.get("/v1/info", headers={"Origin": "https://evil.example", "X-API-Key": KEY}), 403)


def _preflight(client: FlaskClient, origin: str, path: str = "/v1/extract") -> Any:
    return client.options(
        path,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type, x-request-id",
        },
    )


def test_preflight_of_allowed_origin(make_app: Callable[..., Flask], fake: FakeExtractor) -> None:
    """Answered without a key (browsers send none on a preflight) and without running the view."""
    client = make_app(api_keys=(KEY,), allowed_origins=(ORIGIN,)).test_client()
    for path in ("/v1/extract", "/v1/extract/batch", "/v1/info"):
        response = _preflight(client, ORIGIN, path)
        assert response.status_code == 204, path
        assert response.get_data() == b""
        assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
        assert "POST" in response.headers["Access-Control-Allow-Methods"]
        allowed = {name.strip().lower() for name in response.headers["Access-Control-Allow-Headers"].split(",")}
        assert allowed >= {"authorization", "x-api-key", "content-type", "x-request-id"}
        assert int(response.headers["Access-Control-Max-Age"]) > 0
        assert "Origin" in response.headers["Vary"]
        assert response.headers["X-Request-ID"]
    assert fake.calls == []


def test_preflight_of_other_origins_is_refused(make_app: Callable[..., Flask]) -> None:
    for client in (make_app().test_client(), make_app(allowed_origins=(ORIGIN,)).test_client()):
        response = _preflight(client, "https://evil.example")
        assert response.status_code == 403
        assert response.mimetype == PROBLEM
        assert "Access-Control-Allow-Origin" not in response.headers
