"""HTML pages in: text/html bodies and the JSON ``html`` field, their limits, charsets and hostile pages.

The HTTP behaviour runs with the fake extractor (the HTML reading itself is real: trafilatura and
htmldate on the page); one test sends a real saved news page through the real models.
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.app import create_app
from service.config import Config
from tests.fakes import FakeExtractor
from tests.real import real_extractor

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "seeds" / "html"
#: A hang guard only (no timing target): every hostile page must be answered well within it.
HANG_GUARD_S = 10.0

ARTICLE = (
    "<p>Emmanuel Macron met Keir Starmer in Paris on Monday to discuss the war in Ukraine and the "
    "response of European leaders.</p><p>\"We stand with Ukraine,\" Macron said after the meeting, "
    "adding that Europe would act together.</p>"
)


def page(body: str = ARTICLE, head: str = "") -> str:
    """A small news page with a title, an author and a publication date in its meta tags."""
    return (
        "<!DOCTYPE html><html><head><title>Leaders meet in Paris</title>"
        '<meta name="author" content="Jane Doe">'
        '<meta property="article:published_time" content="2025-02-17T10:00:00Z">'
        f"{head}</head><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>Leaders meet in Paris</h1>{body}</article>"
        "<footer>Copyright 2025 Example News. All rights reserved.</footer></body></html>"
    )


def post_html(client: FlaskClient, data: str | bytes, query: str = "", content_type: str = "text/html") -> Any:
    return client.post(f"/v1/extract{query}", data=data, content_type=content_type)


def assert_offsets_index(body: dict[str, Any]) -> None:
    """Every span of the answer indexes the returned text."""
    text = body["text"]
    for entity in body["entities"]:
        for mention in entity["mentions"]:
            assert text[mention["start"]:mention["end"]] == mention["text"]
    for timex in body["timexes"]:
        assert text[timex["start"]:timex["end"]] == timex["text"]


def test_text_html_body(client: FlaskClient, fake: FakeExtractor) -> None:
    response = post_html(client, page(), "?url=https://news.example/2025/02/17/paris&id=p1")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["id"] == "p1"
    assert "We stand with Ukraine" in body["text"] and "Copyright" not in body["text"]
    assert body["date"] == "2025-02-17" and body["date_source"] == "html"
    assert body["source"] == {"title": "Leaders meet in Paris", "authors": ["Jane Doe"],
                              "url": "https://news.example/2025/02/17/paris", "published": "2025-02-17",
                              "sitename": body["source"]["sitename"]}
    assert body["stats"]["characters"] == len(body["text"])
    assert_offsets_index(body)
    (request,) = fake.calls[-1]
    assert request.text == body["text"]  # the extractor got the plain text, not the page


def test_json_html_field_and_request_date_wins(client: FlaskClient) -> None:
    response = client.post("/v1/extract", json={"html": page(), "date": "2025-03-01", "url": "https://news.example/x"})
    assert response.status_code == 200
    body = response.get_json()
    assert (body["date"], body["date_source"]) == ("2025-03-01", "request")
    assert body["source"]["published"] == "2025-02-17"
    assert_offsets_index(body)


def test_date_from_url_when_the_page_has_none(client: FlaskClient) -> None:
    bare = f"<html><head><title>T</title></head><body><article>{ARTICLE}</article></body></html>"
    body = client.post("/v1/extract", json={"html": bare, "url": "https://news.example/2024/05/06/story"}).get_json()
    assert (body["date"], body["date_source"], body["source"]["published"]) == ("2024-05-06", "html", "2024-05-06")


def test_text_requests_are_unchanged(client: FlaskClient) -> None:
    body = client.post("/v1/extract", json={"text": "Macron spoke on Monday."}).get_json()
    assert "text" not in body and "source" not in body
    body = client.post("/v1/extract", json={"text": "Macron spoke.", "url": "https://news.example/a"}).get_json()
    assert "text" not in body
    assert body["source"] == {"title": None, "authors": [], "url": "https://news.example/a", "published": None,
                              "sitename": None}


@pytest.mark.parametrize(
    ("document", "field"),
    [({"text": "a", "html": "<p>a</p>"}, "html"), ({"date": "2025-02-17"}, "text"),
     ({"url": "https://x.example"}, "text")],
)
def test_exactly_one_of_text_and_html(client: FlaskClient, document: dict[str, Any], field: str) -> None:
    response = client.post("/v1/extract", json=document)
    assert response.status_code == 422
    assert field in response.get_json()["errors"]


def test_batch_and_stream_accept_html(client: FlaskClient) -> None:
    results = client.post("/v1/extract/batch", json={"documents": [{"html": page()}, {"text": "Plain."},
                                                                   {"html": "<html></html>"}]}).get_json()["results"]
    assert results[0]["date_source"] == "html" and "We stand" in results[0]["text"]
    assert "text" not in results[1]
    assert results[2]["status"] == 422
    lines = json.dumps({"html": page(), "id": "a"}) + "\n" + json.dumps({"html": " "}) + "\n"
    response = client.post("/v1/extract/stream", data=lines, content_type="application/x-ndjson")
    first, second = (json.loads(line) for line in response.get_data(as_text=True).splitlines())
    assert first["id"] == "a" and first["source"]["published"] == "2025-02-17"
    assert second["problem"]["status"] == 422


def test_limits(make_app: Callable[..., Flask]) -> None:
    client = make_app(max_html_chars=500, max_body_bytes=5000, max_text_chars=100).test_client()
    assert post_html(client, page()).status_code == 413  # over max_html_chars
    assert client.post("/v1/extract", json={"html": page()}).status_code == 413
    assert post_html(client, "x" * 6000).status_code == 413  # over max_body_bytes
    small = make_app(max_text_chars=50).test_client()
    response = post_html(small, page())  # the extracted text is over max_text_chars
    assert response.status_code == 413 and "extracted" in response.get_json()["detail"]
    assert Config.from_env({"HERALD_MAX_HTML_CHARS": "7"}).max_html_chars == 7


@pytest.mark.parametrize("charset", ["iso-8859-1", "windows-1252", "latin1"])
def test_declared_charset(client: FlaskClient, charset: str) -> None:
    html = page(ARTICLE + "<p>The café in Zürich said “no” to the plan.</p>")
    data = html.encode("cp1252")
    body = post_html(client, data, content_type=f"text/html; charset={charset}").get_json()
    assert "The café in Zürich said “no” to the plan." in body["text"]


def test_meta_charset_and_bom(client: FlaskClient) -> None:
    html = page(ARTICLE + "<p>Ein Bericht über München.</p>", head='<meta charset="iso-8859-1">')
    assert "über München" in post_html(client, html.encode("latin-1")).get_json()["text"]
    assert "über München" in post_html(client, b"\xef\xbb\xbf" + html.encode("utf-8"),
                                       content_type="text/html; charset=latin1").get_json()["text"]


def test_bad_charsets(client: FlaskClient) -> None:
    assert post_html(client, page().encode(), content_type="text/html; charset=x-unknown").status_code == 415
    response = post_html(client, page(ARTICLE + "<p>\xe9t\xe9</p>").encode("latin-1"))  # not UTF-8, undeclared
    assert response.status_code == 400 and response.mimetype == "application/problem+json"
    assert post_html(client, page().encode(), content_type="text/plain; charset=latin1").status_code == 415


def _hostile() -> dict[str, bytes]:
    art = ARTICLE * 3
    return {
        # 80,000 levels: as deep as fits HERALD_MAX_BODY_BYTES (the JSON html field is bounded the same way).
        "nested-80k-divs": ("<html><body>" + "<div>" * 80_000 + art + "</div>" * 80_000 + "</body></html>").encode(),
        "unclosed-inline-tags": ("<html><body>" + "<b><i>" * 30_000 + art + "</body></html>").encode(),
        "attribute-900kb": ('<html><body><div data-x="' + "a" * 900_000 + f'">{art}</div></body></html>').encode(),
        "script-flood": ("<html><body>" + "<script>var a=1;</script>" * 30_000 + art + "</body></html>").encode(),
        "span-flood": ("<html><body><p>" + "<span>w </span>" * 60_000 + "</p></body></html>").encode(),
        "invalid-bytes": b"<html><body><p>\xff\xfe\xfa broken \xc3\x28</p></body></html>",
        "nul-bytes": b"<html><body><article>" + ARTICLE.encode() + b"\x00\x00</article></body></html>",
        "empty-html": b"<html></html>",
        "whitespace": b"   \n ",
        "no-article-text": b"<html><head><title>x</title><script>var a = 1;</script></head><body></body></html>",
        "a-url-not-a-page": b"https://example.com/page",
        "xml-declaration": b'<?xml version="1.0" encoding="utf-16"?><html><body><p>Hello there.</p></body></html>',
    }


@pytest.mark.parametrize("name", list(_hostile()))
def test_hostile_pages_get_4xx_or_200(client: FlaskClient, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("HTML reading must never open a connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    started = time.monotonic()
    response = post_html(client, _hostile()[name])
    assert time.monotonic() - started < HANG_GUARD_S
    assert response.status_code == 200 or 400 <= response.status_code < 500, response.get_data(as_text=True)
    if response.status_code != 200:
        assert response.mimetype == "application/problem+json"
    else:
        assert_offsets_index(response.get_json())


def test_specific_hostile_answers(client: FlaskClient, make_app: Callable[..., Flask]) -> None:
    hostile = _hostile()
    roomy = make_app(max_body_bytes=2_000_000).test_client()
    deep = "<html><body>" + "<div>" * 100_000 + ARTICLE + "</div>" * 100_000 + "</body></html>"
    response = post_html(roomy, deep)  # libxml2 stops at 256 levels: refused, never half-read
    assert response.status_code == 422 and "nested" in response.get_json()["detail"]
    assert post_html(client, hostile["nested-80k-divs"]).status_code == 422
    assert post_html(client, hostile["span-flood"]).status_code == 413
    assert post_html(client, hostile["invalid-bytes"]).status_code == 400
    for name in ("empty-html", "whitespace", "no-article-text"):
        response = post_html(client, hostile[name])
        assert response.status_code == 422, name
        assert "No article text found" in response.get_json()["detail"]
    assert post_html(client, hostile["attribute-900kb"]).status_code == 200


def test_real_page_through_the_real_pipeline() -> None:
    """A saved BBC page through the real models: text, source and offsets agree."""
    app = create_app(Config(), extractor=real_extractor())
    app.testing = True
    data = (PAGES / "bbc.com.52241221.html").read_bytes()
    response = app.test_client().post("/v1/extract?url=https://www.bbc.com/news/world-us-canada-52241221",
                                      data=data, content_type="text/html")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert (body["date"], body["date_source"]) == ("2020-04-10", "html")
    assert body["source"]["title"] == "New York ramps up mass burials amid virus outbreak"
    assert any(entity["name"] == "New York" for entity in body["entities"])
    assert_offsets_index(body)
