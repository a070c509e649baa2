"""What the sync and async clients share: endpoints, request building, answers and the retry policy.

The clients only do I/O (``send`` and ``sleep``); everything else is decided here, without I/O,
so both behave identically: :class:`Endpoints` turns a method call into a :class:`Call`,
:class:`Attempts` builds each try's request and decides, from its answer or transport error,
whether to return, wait and retry, or raise :class:`~herald_client.errors.HeraldError`.
"""

from __future__ import annotations

import dataclasses
import datetime
import email.utils
import json
import random
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from http import HTTPStatus
from typing import Any, Generic, TypeVar

import httpx

from herald_client._version import __version__
from herald_client.errors import HeraldError, HeraldTimeout, HeraldTransportError
from herald_client.models import (
    BatchItem,
    Document,
    ExtractResult,
    Health,
    Info,
    Problem,
    document_body,
    page_body,
    parse_batch,
    parse_record,
)

T = TypeVar("T")

#: Statuses worth another try: too many requests, and the service over its budget or not ready yet.
#: Any other error (a 4xx is the request's fault, a 500 a bug) is raised at once.
RETRY_STATUSES = frozenset({429, 503})

#: Transport failures worth another try: no connection, a connection dropped, or no answer in time.
#: Every endpoint may be retried: herald is stateless, so extracting twice is harmless.
RETRY_ERRORS: tuple[type[Exception], ...] = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)

REQUEST_ID_HEADER = "X-Request-ID"
JSON = "application/json"
NDJSON = "application/x-ndjson"

#: Documents per request of ``extract_stream``: herald analyses a stream 8 documents at a time and
#: reads no further until their records are written, while httpx sends a whole body before reading
#: the answer; with at most 8 documents a request, the service has read the whole body before it
#: writes, so neither side can block the other on full connection buffers.
STREAM_WINDOW = 8


@dataclasses.dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to wait: ``retries`` more tries after the first, exponential backoff.

    The n-th retry waits ``backoff * 2**(n-1)`` seconds at most, scaled by a random factor in
    [0.5, 1) (jitter, so clients refused together do not come back together), unless the answer
    had a ``Retry-After``, which is honoured as given; every wait is capped at ``max_backoff``.
    """

    retries: int = 3
    backoff: float = 0.5
    max_backoff: float = 30.0
    #: Source of jitter in [0, 1); replaceable for reproducible tests.
    random: Callable[[], float] = random.random

    def __post_init__(self) -> None:
        if self.retries < 0 or self.backoff < 0 or self.max_backoff < 0:
            raise ValueError("retries, backoff and max_backoff must not be negative")

    def delay(self, retry: int, retry_after: float | None) -> float:
        """Seconds to wait before retry number ``retry`` (from 1)."""
        if retry_after is not None:
            return min(retry_after, self.max_backoff)
        exponential = min(self.backoff * 2.0 ** (retry - 1), self.max_backoff)
        return exponential * (0.5 + self.random() / 2)


def parse_retry_after(value: str | None, now: datetime.datetime | None = None) -> float | None:
    """``Retry-After`` in seconds from now: delay-seconds or an HTTP date (RFC 9110); ``None`` if absent or bad."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.timezone.utc)
    now = now or datetime.datetime.now(datetime.timezone.utc)
    return max(0.0, (when - now).total_seconds())


@dataclasses.dataclass(frozen=True)
class Call(Generic[T]):
    """One endpoint call, before any I/O: what to send and how to read a successful answer."""

    method: str
    path: str
    parse: Callable[[httpx.Response], T]
    content: bytes | None = None
    content_type: str = JSON
    accept: str = JSON
    request_id: str | None = None
    #: Answer read by the caller as it arrives (``parse`` gets the open response).
    stream: bool = False


def _encode(body: Any) -> bytes:
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


def _json(response: httpx.Response) -> Any:
    return response.json()


def _text(response: httpx.Response) -> str:
    return response.text


def _document(document: Document | Mapping[str, Any] | str) -> dict[str, Any]:
    """A document as a JSON object: a :class:`Document`, a mapping (sent as is) or a bare text."""
    if isinstance(document, Document):
        return document.to_dict()
    if isinstance(document, str):
        return document_body(document)
    return dict(document)


def _documents(documents: Iterable[Document | Mapping[str, Any] | str]) -> list[dict[str, Any]]:
    return [_document(document) for document in documents]


class Endpoints:
    """One :class:`Call` per endpoint of herald (paths and answer types as in ``openapi.yaml``)."""

    @staticmethod
    def extract(text: str, request_id: str | None, **fields: Any) -> Call[ExtractResult]:
        return Call("POST", "/v1/extract", lambda r: ExtractResult.from_dict(_json(r)),
                    content=_encode(document_body(text, **fields)), request_id=request_id)

    @staticmethod
    def extract_html(html: str, request_id: str | None, **fields: Any) -> Call[ExtractResult]:
        return Call("POST", "/v1/extract", lambda r: ExtractResult.from_dict(_json(r)),
                    content=_encode(page_body(html, **fields)), request_id=request_id)

    @staticmethod
    def extract_batch(documents: Iterable[Document | Mapping[str, Any] | str],
                      request_id: str | None) -> Call[list[BatchItem]]:
        return Call("POST", "/v1/extract/batch", lambda r: parse_batch(_json(r)),
                    content=_encode({"documents": _documents(documents)}), request_id=request_id)

    @staticmethod
    def health(request_id: str | None) -> Call[Health]:
        return Call("GET", "/healthz", lambda r: Health.from_dict(_json(r)), request_id=request_id)

    @staticmethod
    def ready(request_id: str | None) -> Call[Health]:
        return Call("GET", "/readyz", lambda r: Health.from_dict(_json(r)), request_id=request_id)

    @staticmethod
    def info(request_id: str | None) -> Call[Info]:
        return Call("GET", "/v1/info", lambda r: Info.from_dict(_json(r)), request_id=request_id)

    @staticmethod
    def metrics(request_id: str | None) -> Call[str]:
        return Call("GET", "/metrics", _text, accept="text/plain", request_id=request_id)

    @staticmethod
    def openapi(request_id: str | None) -> Call[str]:
        return Call("GET", "/openapi.yaml", _text, accept="application/yaml", request_id=request_id)


@dataclasses.dataclass(frozen=True)
class Settings:
    """A client's fixed configuration: where herald is, the key, the timeout and the retry policy."""

    base_url: str
    api_key: str | None
    timeout: float | httpx.Timeout | None
    policy: RetryPolicy
    user_agent: str

    def url(self, path: str) -> str:
        return self.base_url.rstrip("/") + path

    def headers(self, call: Call[Any], request_id: str) -> dict[str, str]:
        headers = {"Accept": f"{call.accept}, application/problem+json", "User-Agent": self.user_agent,
                   REQUEST_ID_HEADER: request_id}
        if self.api_key is not None:
            headers["Authorization"] = f"Bearer {self.api_key}"
        return headers


def problem_of(response: httpx.Response) -> Problem:
    """The problem in an error answer; one made from the status when the body is not a problem (a proxy's page)."""
    try:
        body = response.json()
        if isinstance(body, Mapping) and "status" in body:
            return Problem.from_dict(body)
    except (ValueError, KeyError, TypeError):
        pass
    try:
        title = HTTPStatus(response.status_code).phrase
    except ValueError:
        title = "Error"
    detail = " ".join(response.text.split())[:200] or title
    return Problem(status=response.status_code, title=title, detail=detail)


@dataclasses.dataclass(frozen=True)
class Retry:
    """The outcome of a try that is worth another one after ``seconds``."""

    seconds: float


class Attempts(Generic[T]):
    """The tries of one call: each try's request, then return, wait and retry, or raise.

    Every try sends the same ``X-Request-ID`` (the caller's, else a new uuid4), so the service's
    logs show the retries of one call under one id.
    """

    def __init__(self, settings: Settings, call: Call[T]) -> None:
        self.settings = settings
        self.call = call
        self.request_id = call.request_id or new_request_id()
        self.tries = 0

    def request(self, http: httpx.Client | httpx.AsyncClient) -> httpx.Request:
        """The next try's request (``build_request`` is the same on both httpx clients)."""
        self.tries += 1
        call = self.call
        headers = self.settings.headers(call, self.request_id)
        if call.content is not None:
            headers["Content-Type"] = call.content_type
        return http.build_request(call.method, self.settings.url(call.path), content=call.content, headers=headers,
                                  timeout=self.settings.timeout)

    def _retry(self, retry_after: float | None) -> Retry | None:
        """The wait before the next try, or ``None`` when no try is left."""
        if self.tries > self.settings.policy.retries:
            return None
        return Retry(self.settings.policy.delay(self.tries, retry_after))

    def answered(self, response: httpx.Response) -> T | Retry:
        """After an answer: the result on success, a :class:`Retry` for a 429/503 with tries left; or raise."""
        request_id = response.headers.get(REQUEST_ID_HEADER) or self.request_id
        if response.is_success:
            try:
                return self.call.parse(response)
            except (ValueError, KeyError, TypeError) as error:
                problem = Problem(status=response.status_code, title="Unreadable answer",
                                  detail=f"The answer of {self.call.path} could not be read: {error!r}")
                raise HeraldError.from_problem(problem, request_id=request_id, attempts=self.tries) from error
        retry_after = parse_retry_after(response.headers.get("Retry-After"))
        retry = self._retry(retry_after) if response.status_code in RETRY_STATUSES else None
        if retry is None:
            raise HeraldError.from_problem(problem_of(response), request_id=request_id, attempts=self.tries,
                                           retry_after=retry_after)
        return retry

    def failed(self, error: httpx.TransportError) -> Retry:
        """After a transport error: a :class:`Retry` when it is worth one and tries are left; else raise."""
        retry = self._retry(None) if isinstance(error, RETRY_ERRORS) else None
        if retry is not None:
            return retry
        kind = HeraldTimeout if isinstance(error, httpx.TimeoutException) else HeraldTransportError
        raise kind(f"{self.call.method} {self.call.path} failed after {self.tries} tries: {error!r}",
                   request_id=self.request_id, attempts=self.tries) from error


def new_request_id() -> str:
    """A fresh ``X-Request-ID``: a uuid4."""
    return str(uuid.uuid4())


@dataclasses.dataclass(frozen=True)
class StreamWindow:
    """The documents of one ``/v1/extract/stream`` request of an ``extract_stream`` call.

    ``offset`` counts the documents of the call's earlier windows: the service numbers lines
    within each request, and :meth:`item` renumbers them (``line`` and the ``line-<n>`` ids of
    documents without one) as if the whole input had been one stream.
    """

    documents: tuple[dict[str, Any], ...]
    offset: int

    def call(self, request_id: str) -> Call[httpx.Response]:
        content = b"".join(_encode(document) + b"\n" for document in self.documents)
        return Call("POST", "/v1/extract/stream", lambda response: response, content=content, content_type=NDJSON,
                    accept=NDJSON, request_id=request_id, stream=True)

    def item(self, line: str, request_id: str) -> BatchItem | None:
        """The result or problem of one answer line (``None`` for a blank one); a HeraldError if unreadable."""
        if not line.strip():
            return None
        try:
            record = json.loads(line)
            if "problem" in record and "entities" not in record:
                record = self._renumbered(record)
            return parse_record(record)
        except (ValueError, KeyError, TypeError, IndexError) as error:
            problem = Problem(status=200, title="Unreadable answer",
                              detail=f"A line of /v1/extract/stream could not be read: {error!r}")
            raise HeraldError.from_problem(problem, request_id=request_id) from error

    def _renumbered(self, record: dict[str, Any]) -> dict[str, Any]:
        local = int(record["line"])
        renumbered = {**record, "line": local + self.offset}
        unnamed = local <= len(self.documents) and not isinstance(self.documents[local - 1].get("id"), str)
        if unnamed and record["id"] == f"line-{local}":
            renumbered["id"] = f"line-{local + self.offset}"
        return renumbered

    @staticmethod
    def ends(item: BatchItem) -> bool:
        """Whether ``item`` is the problem that cut the stream at a service limit (its ``id`` is ``None``)."""
        return isinstance(item, Problem) and item.id is None

    @staticmethod
    def broken(error: Exception, request_id: str) -> HeraldError:
        """The error for a stream answer cut off while being read."""
        kind = HeraldTimeout if isinstance(error, httpx.TimeoutException) else HeraldTransportError
        return kind(f"The answer of /v1/extract/stream was cut off: {error!r}", request_id=request_id)


def stream_windows(documents: Iterable[Document | Mapping[str, Any] | str], size: int) -> Iterator[StreamWindow]:
    """The documents in windows of ``size``, taken from ``documents`` only as each window is sent."""
    if size < 1:
        raise ValueError("window must be at least 1")
    window: list[dict[str, Any]] = []
    offset = 0
    for document in documents:
        window.append(_document(document))
        if len(window) == size:
            yield StreamWindow(tuple(window), offset)
            offset += size
            window = []
    if window:
        yield StreamWindow(tuple(window), offset)


H = TypeVar("H", httpx.Client, httpx.AsyncClient)


class BaseClient(Generic[H]):
    """Configuration shared by :class:`~herald_client.Client` and :class:`~herald_client.AsyncClient`.

    ``base_url`` is where herald listens (``http://localhost:8000``); ``api_key`` is sent as
    ``Authorization: Bearer`` when the service has keys on; ``timeout`` (seconds, or an
    ``httpx.Timeout``) bounds connecting, sending and each read of every try; ``retries`` more
    tries follow a 429, a 503, a failed connection or a timeout (see :class:`RetryPolicy`).
    ``http_client`` is an httpx client to use instead of a new one (its transport, proxies,
    limits); the caller then closes it.
    """

    def __init__(
        self,
        base_url: str,
        *,
        api_key: str | None = None,
        timeout: float | httpx.Timeout | None = 30.0,
        retries: int = 3,
        backoff: float = 0.5,
        max_backoff: float = 30.0,
        user_agent: str | None = None,
        http_client: H | None = None,
    ) -> None:
        policy = RetryPolicy(retries=retries, backoff=backoff, max_backoff=max_backoff)
        self._settings = Settings(base_url=base_url, api_key=api_key, timeout=timeout, policy=policy,
                                  user_agent=user_agent or f"herald-client/{__version__} httpx/{httpx.__version__}")
        self._owns_http = http_client is None
        self._http: H = http_client if http_client is not None else self._new_http()

    def _new_http(self) -> H:
        """A new httpx client of the right kind, closed with this client."""
        raise NotImplementedError

    @property
    def base_url(self) -> str:
        """Where this client sends its requests."""
        return self._settings.base_url

    @property
    def policy(self) -> RetryPolicy:
        """The retry policy of every call."""
        return self._settings.policy

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.base_url!r})"
