"""herald-client (``client/``): retries, errors and typed results against ``httpx.MockTransport``,
then every endpoint against a real gunicorn serving the real models (one server start).

The client is installed by requirements-dev.txt (``-e ./client``).  Async tests run their
coroutine with ``asyncio.run`` inside plain tests: the suite has no asyncio plugin.
"""

from __future__ import annotations

import asyncio
import copy
import datetime
import email.utils
import json
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import herald_client._async
import herald_client._sync
import httpx
import pytest
from herald_client import (
    AsyncClient,
    Client,
    Document,
    Entity,
    ExtractResult,
    HeraldError,
    HeraldTimeout,
    HeraldTransportError,
    Link,
    Mention,
    Problem,
    Timex,
)
from herald_client._core import RetryPolicy, parse_retry_after

from tests.gunicorn_server import running_server

TEXT = "Olaf Scholz said on Sunday that Germany would act."

#: The README's answer to TEXT, with fields a later service might add (top level and nested).
BODY: dict[str, Any] = {
    "id": "a1",
    "language": "en",
    "date": "2025-02-17",
    "date_source": "request",
    "entities": [
        {"id": "E1", "name": "Olaf Scholz", "type": "PERSON", "salience": 0.9, "confidence": 0.99,
         "links": [{"kb": "wikipedia", "id": "Olaf_Scholz", "score": 0.95, "name": "Olaf Scholz", "country": None,
                    "latitude": None, "longitude": None}],
         "mentions": [{"text": "Olaf Scholz", "start": 0, "end": 11, "confidence": 0.99}]},
        {"id": "E2", "name": "Germany", "type": "GPE", "mentions": [{"text": "Germany", "start": 32, "end": 39}]},
    ],
    "timexes": [{"id": "T1", "text": "Sunday", "start": 20, "end": 26, "type": "DATE", "value": "2025-02-16",
                 "resolved": True, "mod": None}],
    "events": [{"id": "V1", "trigger": {"text": "said", "start": 12, "end": 16}, "lemma": "say",
                "sentence": {"index": 0, "start": 0, "end": 50},
                "date": {"id": "T1", "text": "Sunday", "start": 20, "end": 26, "type": "DATE", "value": "2025-02-16",
                         "resolved": True, "mod": None},
                "participants": [{"role": "agent", "entity": "E1", "text": "Olaf Scholz"}], "location": None,
                "status": "reported", "quote": "Q1"}],
    "quotes": [{"id": "Q1", "kind": "indirect", "content": {"text": "Germany would act", "start": 32, "end": 49},
                "cue": {"text": "said", "start": 12, "end": 16},
                "speaker": {"text": "Olaf Scholz", "start": 0, "end": 11, "entity": "E1"}, "event": "V1"}],
    "boilerplate": [],
    "stats": {"characters": 50, "sentences": 1, "tokens": 10, "elapsed_ms": 46},
    "model": {"name": "herald-compact", "version": "1", "processors": ["tokenize", "ner"]},
    "sentiment": {"score": 0.1},
}

PROBLEM_422 = {
    "type": "about:blank", "title": "Unprocessable Content", "status": 422, "detail": "The document is invalid.",
    "errors": {"text": ["Shorter than minimum length 1."], "date": ["Not a valid date."]}, "request_id": "srv-1",
}


def _problem(status: int, detail: str = "Try again later.") -> dict[str, Any]:
    return {"type": "about:blank", "title": "Service Unavailable" if status == 503 else "Too Many Requests",
            "status": status, "detail": detail}


class Script:
    """A MockTransport handler answering from a list (the last answer repeats) and recording every request."""

    def __init__(self, *answers: httpx.Response | Exception) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        return answer

    def ids(self) -> list[str]:
        return [request.headers["X-Request-ID"] for request in self.requests]


def _answer(status: int, body: Any = None, **headers: str) -> httpx.Response:
    media = "application/json" if status < 400 else "application/problem+json"
    return httpx.Response(status, json=body, headers={"Content-Type": media, **headers})


@pytest.fixture
def delays(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The waits between tries of both clients, recorded instead of slept."""
    recorded: list[float] = []

    async def record_async(seconds: float) -> None:
        recorded.append(seconds)

    monkeypatch.setattr(herald_client._sync, "_sleep", recorded.append)
    monkeypatch.setattr(herald_client._async, "_sleep", record_async)
    return recorded


def _client(script: Script, **options: Any) -> Client:
    return Client("http://herald.test/", http_client=httpx.Client(transport=httpx.MockTransport(script)), **options)


def _async_client(script: Script, **options: Any) -> AsyncClient:
    transport = httpx.MockTransport(script)
    return AsyncClient("http://herald.test", http_client=httpx.AsyncClient(transport=transport), **options)


def test_extract_sends_the_document_and_reads_a_typed_result(delays: list[float]) -> None:
    script = Script(_answer(200, BODY, **{"X-Request-ID": "echoed"}))
    with _client(script, api_key="k" * 32) as herald:
        result = herald.extract(TEXT, date=datetime.date(2025, 2, 17), id="a1")
    (request,) = script.requests
    assert request.method == "POST" and request.url == "http://herald.test/v1/extract"
    assert json.loads(request.content) == {"text": TEXT, "date": "2025-02-17", "id": "a1"}
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["Authorization"] == "Bearer " + "k" * 32
    assert request.headers["User-Agent"].startswith("herald-client/")
    assert uuid.UUID(request.headers["X-Request-ID"]).version == 4
    assert isinstance(result, ExtractResult) and result.date == datetime.date(2025, 2, 17)
    link = Link("wikipedia", "Olaf_Scholz", 0.95, "Olaf Scholz")
    assert result.entities[0] == Entity("E1", "Olaf Scholz", "PERSON", (Mention("Olaf Scholz", 0, 11, 0.99),),
                                        0.9, 0.99, (link,))
    assert result.entities[1].mentions[0].confidence is None and result.entities[1].links == ()
    event = result.events[0]
    assert isinstance(event.date, Timex) and event.date.value == "2025-02-16" and event.sentence is not None
    assert result.entity(event.participants[0].entity) is result.entities[0]
    quote = result.quotes[0]
    assert quote.speaker is not None and quote.speaker.entity == "E1" and quote.cue is not None
    assert result.stats is not None and result.stats.tokens == 10 and result.model is not None
    for span in [m for e in result.entities for m in e.mentions] + [quote.content, event.trigger, *result.timexes]:
        assert TEXT[span.start:span.end] == span.text
    assert delays == []


def test_unknown_fields_are_ignored_and_missing_optional_ones_defaulted() -> None:
    body = copy.deepcopy(BODY)
    body["events"][0]["confidence"] = 0.5
    body["quotes"][0]["speaker"]["gender"] = "m"
    del body["model"]
    result = ExtractResult.from_dict(body)
    assert result.model is None and result.events[0].lemma == "say"
    assert not hasattr(result, "sentiment")
    with pytest.raises(KeyError):
        ExtractResult.from_dict({"entities": []})


def test_options_and_a_given_request_id_are_sent() -> None:
    script = Script(_answer(200, BODY))
    with _client(script) as herald:
        herald.extract(TEXT, language="en", request_id="my-call-1", future_field=True)
    assert json.loads(script.requests[0].content) == {"text": TEXT, "language": "en", "future_field": True}
    assert script.ids() == ["my-call-1"]


def test_503_is_retried_honouring_retry_after_with_one_request_id(delays: list[float]) -> None:
    soon = email.utils.format_datetime(datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=30),
                                       usegmt=True)
    script = Script(_answer(503, _problem(503), **{"Retry-After": "2"}),
                    _answer(503, _problem(503), **{"Retry-After": soon}),
                    _answer(200, BODY))
    with _client(script, max_backoff=60) as herald:
        result = herald.extract(TEXT)
    assert result.id == "a1"
    assert delays[0] == 2.0 and 28 <= delays[1] <= 30
    assert len(set(script.ids())) == 1 and len(script.requests) == 3


def test_retry_after_is_capped_at_max_backoff(delays: list[float]) -> None:
    script = Script(_answer(503, _problem(503), **{"Retry-After": "120"}), _answer(200, {"status": "ok"}))
    with _client(script, max_backoff=5) as herald:
        assert herald.ready().status == "ok"
    assert delays == [5.0]


def test_429_backs_off_exponentially_with_jitter_then_raises_the_last_problem(delays: list[float]) -> None:
    script = Script(_answer(429, _problem(429, "Too many requests waiting."), **{"X-Request-ID": "srv-429"}))
    with _client(script, retries=3, backoff=0.5) as herald, pytest.raises(HeraldError) as caught:
        herald.extract(TEXT)
    assert len(script.requests) == 4 and len(set(script.ids())) == 1
    for retry, delay in enumerate(delays, start=1):
        assert 0.5 * 2 ** (retry - 1) * 0.5 <= delay < 0.5 * 2 ** (retry - 1)
    assert len(delays) == 3
    error = caught.value
    assert error.status == 429 and error.detail == "Too many requests waiting." and error.attempts == 4
    assert error.request_id == "srv-429"


def test_422_is_not_retried_and_its_problem_becomes_the_error(delays: list[float]) -> None:
    script = Script(_answer(422, PROBLEM_422, **{"X-Request-ID": "srv-1"}))
    with _client(script) as herald, pytest.raises(HeraldError) as caught:
        herald.extract("")
    assert len(script.requests) == 1 and delays == []
    error = caught.value
    assert (error.status, error.title, error.type) == (422, "Unprocessable Content", "about:blank")
    assert error.detail == "The document is invalid."
    assert error.errors == {"text": ("Shorter than minimum length 1.",), "date": ("Not a valid date.",)}
    assert error.request_id == "srv-1" and error.problem is not None and error.problem.request_id == "srv-1"
    assert "text: Shorter than minimum length 1." in str(error) and "srv-1" in str(error)


def test_an_error_page_that_is_not_a_problem_still_raises_a_herald_error(delays: list[float]) -> None:
    script = Script(httpx.Response(502, text="<html><body>Bad gateway</body></html>",
                                   headers={"Content-Type": "text/html"}))
    with _client(script) as herald, pytest.raises(HeraldError) as caught:
        herald.health()
    assert caught.value.status == 502 and caught.value.title == "Bad Gateway" and delays == []
    assert caught.value.request_id == script.ids()[0]


def test_transport_errors_are_retried_then_raised(delays: list[float]) -> None:
    script = Script(httpx.ConnectError("refused"), httpx.RemoteProtocolError("closed"), _answer(200, {"status": "ok"}))
    with _client(script) as herald:
        assert herald.health().status == "ok"
    assert len(delays) == 2

    script = Script(httpx.ReadTimeout("slow"))
    with _client(script, retries=2) as herald, pytest.raises(HeraldTimeout) as caught:
        herald.extract(TEXT, request_id="mine")
    error = caught.value
    assert isinstance(error, HeraldTransportError) and isinstance(error, HeraldError)
    assert error.status is None and error.attempts == 3 and error.request_id == "mine"


def test_an_unreadable_success_raises_a_herald_error() -> None:
    script = Script(httpx.Response(200, text="not json"))
    with _client(script) as herald, pytest.raises(HeraldError) as caught:
        herald.info()
    assert caught.value.status == 200 and caught.value.title == "Unreadable answer"


def test_batch_slots_are_results_or_problems() -> None:
    slot = {**PROBLEM_422, "errors": {"text": ["Shorter than minimum length 1."]}}
    script = Script(_answer(200, {"results": [BODY, slot]}))
    with _client(script) as herald:
        items = herald.extract_batch([Document(TEXT, date="2025-02-17", id="a1"), {"text": ""}])
    assert json.loads(script.requests[0].content) == {"documents": [{"text": TEXT, "date": "2025-02-17", "id": "a1"},
                                                                    {"text": ""}]}
    assert isinstance(items[0], ExtractResult) and isinstance(items[1], Problem)
    assert items[1].status == 422 and items[1].errors == {"text": ("Shorter than minimum length 1.",)}


def test_text_endpoints_and_an_injected_client_stays_open() -> None:
    script = Script(httpx.Response(200, text="# HELP herald_documents_processed_total\n"))
    http = httpx.Client(transport=httpx.MockTransport(script))
    with Client("http://herald.test", http_client=http) as herald:
        assert herald.metrics().startswith("# HELP")
        herald.openapi()
    assert [request.url.path for request in script.requests] == ["/metrics", "/openapi.yaml"]
    assert script.requests[0].headers["Accept"].startswith("text/plain") and not http.is_closed


def _stream_server(request: httpx.Request) -> httpx.Response:
    """A /v1/extract/stream stand-in: numbers lines per request; an empty text is a 422 record."""
    assert request.headers["Content-Type"] == "application/x-ndjson"
    records = []
    for line, raw in enumerate(request.content.decode().splitlines(), start=1):
        document = json.loads(raw)
        if document["text"]:
            records.append({**BODY, "id": document.get("id")})
        else:
            records.append({"id": document.get("id") or f"line-{line}", "line": line, "problem": PROBLEM_422})
    body = "".join(json.dumps(record) + "\n" for record in records)
    return httpx.Response(200, text=body, headers={"Content-Type": "application/x-ndjson"})


def test_extract_stream_sends_windows_lazily_and_numbers_lines_over_the_whole_input() -> None:
    taken: list[int] = []

    def documents() -> Iterator[dict[str, Any]]:
        for number in range(1, 6):
            taken.append(number)
            yield {"text": "" if number in (2, 5) else TEXT, **({"id": "named"} if number == 2 else {})}

    http = httpx.Client(transport=httpx.MockTransport(_stream_server))
    with Client("http://herald.test", http_client=http) as herald:
        stream = herald.extract_stream(documents(), window=2, request_id="s-1")
        first = next(stream)
        assert isinstance(first, ExtractResult) and taken == [1, 2]  # one window read, not the whole input
        items = [first, *stream]
    problems = [item for item in items if isinstance(item, Problem)]
    assert len(items) == 5 and [(p.id, p.line) for p in problems] == [("named", 2), ("line-5", 5)]
    assert problems[1].errors["text"] == ("Shorter than minimum length 1.",)


def test_extract_stream_stops_at_a_cut_record() -> None:
    cut = {"id": None, "line": 2, "problem": {**PROBLEM_422, "status": 413, "title": "Content Too Large"}}
    body = json.dumps(BODY) + "\n\n" + json.dumps(cut) + "\n"
    script = Script(httpx.Response(200, text=body, headers={"Content-Type": "application/x-ndjson"}))
    with _client(script) as herald:
        items = list(herald.extract_stream([TEXT] * 12))
    assert len(script.requests) == 1 and isinstance(items[-1], Problem) and items[-1].id is None
    assert items[-1].status == 413 and len(items) == 2


def test_parse_retry_after() -> None:
    now = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    assert parse_retry_after("5", now) == 5.0
    assert parse_retry_after("Thu, 01 Jan 2026 00:00:10 GMT", now) == 10.0
    assert parse_retry_after("Wed, 31 Dec 2025 00:00:00 GMT", now) == 0.0
    assert parse_retry_after("soon", now) is None and parse_retry_after(None) is None
    with pytest.raises(ValueError):
        RetryPolicy(retries=-1)


def test_async_client_retries_and_raises_alike(delays: list[float]) -> None:
    retried = Script(_answer(503, _problem(503), **{"Retry-After": "1"}), _answer(200, {"results": [BODY]}))
    refused = Script(_answer(422, PROBLEM_422))
    streamed = httpx.AsyncClient(transport=httpx.MockTransport(_stream_server))

    async def run() -> tuple[list[Any], HeraldError, list[Any]]:
        async with _async_client(retried) as herald:
            items = await herald.extract_batch([TEXT])
        async with _async_client(refused) as herald:
            with pytest.raises(HeraldError) as caught:
                await herald.extract("")
        async with AsyncClient("http://herald.test", http_client=streamed) as herald:
            records = [item async for item in herald.extract_stream([TEXT, "", TEXT], window=2)]
        return items, caught.value, records

    items, error, records = asyncio.run(run())
    assert isinstance(items[0], ExtractResult) and delays == [1.0] and len(set(retried.ids())) == 1
    assert [type(record) for record in records] == [ExtractResult, Problem, ExtractResult]
    assert error.status == 422 and error.errors["date"] == ("Not a valid date.",) and len(refused.requests) == 1


# --- against a real service -------------------------------------------------------------------------

NEWS = (
    "German Chancellor Olaf Scholz met French President Emmanuel Macron in Paris on Monday to discuss "
    'military aid for Ukraine. "Europe must stand together," Scholz told reporters after the meeting.'
)


@pytest.fixture(scope="module")
def herald_url() -> Iterator[str]:
    """One real gunicorn with the shipped models for the whole module."""
    with running_server(workers=1) as url:
        yield url


@pytest.fixture
def real(herald_url: str) -> Iterator[Client]:
    with Client(herald_url, timeout=120, retries=2) as herald:
        yield herald


def _spans_index(text: str, result: ExtractResult) -> None:
    spans: list[Any] = [m for e in result.entities for m in e.mentions] + list(result.timexes)
    spans += [event.trigger for event in result.events] + [quote.content for quote in result.quotes]
    assert spans
    for span in spans:
        assert text[span.start:span.end] == span.text


def test_real_extract(real: Client) -> None:
    result = real.extract(NEWS, date="2025-02-17", id="news-1", request_id="client-test-1")
    assert result.id == "news-1" and result.date == datetime.date(2025, 2, 17) and result.date_source == "request"
    assert any(entity.type == "PERSON" for entity in result.entities), result.entities
    _spans_index(NEWS, result)
    assert result.stats is not None and result.stats.characters == len(NEWS)


def test_extract_html_sends_the_page_and_reads_text_and_source() -> None:
    body = {**copy.deepcopy(BODY), "text": TEXT, "date_source": "html",
            "source": {"title": "Scholz", "authors": ["Jo Bloggs"], "url": "https://news.example/a",
                       "published": "2025-02-17", "sitename": None, "new_field": 1}}
    script = Script(_answer(200, body))
    with _client(script) as herald:
        result = herald.extract_html("<html><p>Olaf Scholz said ...</p></html>", url="https://news.example/a")
    assert json.loads(script.requests[0].content) == {"html": "<html><p>Olaf Scholz said ...</p></html>",
                                                      "url": "https://news.example/a"}
    assert result.text == TEXT and result.source is not None
    assert result.source.published == datetime.date(2025, 2, 17) and result.source.authors == ("Jo Bloggs",)


def test_real_html_page(real: Client) -> None:
    page = ("<html><head><title>Leaders meet</title><meta property='article:published_time' content='2025-02-17'>"
            f"</head><body><article><h1>Leaders meet</h1><p>{NEWS}</p></article></body></html>")
    result = real.extract_html(page, url="https://news.example/2025/02/17/leaders")
    assert result.date_source == "html" and result.date == datetime.date(2025, 2, 17)
    assert result.text is not None and NEWS[:40] in result.text and result.source is not None
    _spans_index(result.text, result)


def test_real_batch_with_a_bad_document(real: Client) -> None:
    items = real.extract_batch([Document(NEWS, id="good"), {"text": "", "id": "bad"}])
    good, bad = items
    assert isinstance(good, ExtractResult) and good.id == "good"
    _spans_index(NEWS, good)
    assert isinstance(bad, Problem) and bad.status == 422 and "text" in bad.errors


def test_real_errors_carry_the_problem_and_request_id(real: Client) -> None:
    with pytest.raises(HeraldError) as caught:
        real.extract(NEWS, date="2025-02-30", request_id="client-test-422")
    error = caught.value
    assert error.status == 422 and "date" in error.errors and error.request_id == "client-test-422"
    assert error.attempts == 1


def test_real_info_health_ready_metrics(real: Client) -> None:
    info = real.info()
    assert info.service == "herald" and "PERSON" in info.entity_types and info.limits is not None
    assert real.health().status == "ok" and real.ready().status == "ok"
    assert "herald_http_requests_total" in real.metrics()
    assert real.openapi().startswith("openapi:")


def test_real_stream(real: Client) -> None:
    documents = [{"text": NEWS, "id": "n1"}, {"text": ""}, {"text": NEWS, "date": "2025-02-30", "id": "bad-date"},
                 {"text": NEWS}]
    items = list(real.extract_stream(documents, window=3))
    assert [type(item) for item in items] == [ExtractResult, Problem, Problem, ExtractResult]
    assert isinstance(items[1], Problem) and (items[1].id, items[1].line, items[1].status) == ("line-2", 2, 422)
    assert isinstance(items[2], Problem) and items[2].id == "bad-date" and "date" in items[2].errors
    for item in (items[0], items[3]):
        assert isinstance(item, ExtractResult)
        _spans_index(NEWS, item)


def test_real_async_client(herald_url: str) -> None:
    async def run() -> tuple[ExtractResult, str, list[Any]]:
        async with AsyncClient(herald_url, timeout=120) as herald:
            result = await herald.extract(NEWS, date="2025-02-17")
            ready = await herald.ready()
            records = [item async for item in herald.extract_stream([NEWS, ""])]
            return result, ready.status, records

    result, status, records = asyncio.run(run())
    assert status == "ok" and any(entity.type == "PERSON" for entity in result.entities)
    _spans_index(NEWS, result)
    assert isinstance(records[0], ExtractResult) and isinstance(records[1], Problem) and records[1].line == 2


def test_the_client_stands_alone() -> None:
    """herald-client imports neither the service nor its schemas: it installs with httpx alone."""
    for path in Path(herald_client._sync.__file__).parent.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import) (service|schemas|flask|marshmallow)\b", source, re.M), path.name
