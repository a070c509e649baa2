"""The synchronous client: :class:`Client`, one method per endpoint of herald."""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterable, Iterator, Mapping
from types import TracebackType
from typing import Any, TypeVar

import httpx

from herald_client._core import (
    STREAM_WINDOW,
    Attempts,
    BaseClient,
    Call,
    Endpoints,
    Retry,
    new_request_id,
    stream_windows,
)
from herald_client.models import BatchItem, Document, ExtractResult, Health, Info

T = TypeVar("T")

#: How the client waits between tries (tests replace it to record the waits instead).
_sleep = time.sleep


class Client(BaseClient[httpx.Client]):
    """A blocking client of herald; use it as a context manager, or call :meth:`close`.

    Every method raises :class:`~herald_client.HeraldError` when the call fails, after the
    retries the policy allows (429 and 503 answers, failed connections and timeouts; herald is
    stateless, so retrying an extraction is safe).  ``request_id`` sets the ``X-Request-ID`` of the
    call (the same on every retry); by default each call gets a new uuid4.

    >>> with Client("http://localhost:8000") as herald:            # doctest: +SKIP
    ...     result = herald.extract("Olaf Scholz said on Sunday that Germany would act.", date="2025-02-17")
    """

    def _new_http(self) -> httpx.Client:
        return httpx.Client()

    def close(self) -> None:
        """Close the connections, unless the httpx client was given by the caller."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    def _send(self, call: Call[T]) -> T:
        """Run the tries of ``call``: send, then return, or wait and retry, as :class:`Attempts` decides."""
        attempts = Attempts(self._settings, call)
        while True:
            try:
                response = self._http.send(attempts.request(self._http), stream=True)
                if not (call.stream and response.is_success):
                    response.read()  # the whole answer (a stream's error too, for its problem)
                outcome = attempts.answered(response)
            except httpx.TransportError as error:
                outcome = attempts.failed(error)
            if not isinstance(outcome, Retry):
                return outcome
            _sleep(outcome.seconds)

    def extract(self, text: str, *, date: datetime.date | str | None = None,
                id: str | None = None,  # noqa: A002 (the request field's name)
                language: str | None = None, request_id: str | None = None, **options: Any) -> ExtractResult:
        """Analyse one article (``POST /v1/extract``); ``date`` anchors relative dates, ``id`` is echoed back.

        ``options`` are further request fields, sent as given (for fields newer than this client).
        """
        return self._send(Endpoints.extract(text, request_id, date=date, id=id, language=language, **options))

    def extract_html(self, html: str, *, url: str | None = None, date: datetime.date | str | None = None,
                     id: str | None = None,  # noqa: A002 (the request field's name)
                     language: str | None = None, request_id: str | None = None, **options: Any) -> ExtractResult:
        """Analyse one saved web page (``POST /v1/extract`` with ``html``): the service reads its main
        text, title, authors and publication date (the ``date`` anchor unless given); the result's
        ``text`` is that text (offsets index it) and ``source`` what the page says about itself.
        ``url`` is never fetched: it only helps date the page."""
        return self._send(Endpoints.extract_html(html, request_id, url=url, date=date, id=id, language=language,
                                                 **options))

    def extract_batch(self, documents: Iterable[Document | Mapping[str, Any] | str], *,
                      request_id: str | None = None) -> list[BatchItem]:
        """Analyse several articles in one NLP batch (``POST /v1/extract/batch``).

        One item per document, in order: an :class:`ExtractResult`, or the :class:`Problem` that
        rejected that document (the others are still analysed).
        """
        return self._send(Endpoints.extract_batch(documents, request_id))

    def health(self, *, request_id: str | None = None) -> Health:
        """Liveness (``GET /healthz``): the service answers; never needs a key."""
        return self._send(Endpoints.health(request_id))

    def ready(self, *, request_id: str | None = None) -> Health:
        """Readiness (``GET /readyz``): the models are loaded; a 503 is retried as the policy allows."""
        return self._send(Endpoints.ready(request_id))

    def info(self, *, request_id: str | None = None) -> Info:
        """Version, models, Stanza patches, vocabularies and limits (``GET /v1/info``)."""
        return self._send(Endpoints.info(request_id))

    def metrics(self, *, request_id: str | None = None) -> str:
        """The Prometheus metrics text, summed over all workers (``GET /metrics``)."""
        return self._send(Endpoints.metrics(request_id))

    def openapi(self, *, request_id: str | None = None) -> str:
        """The service's OpenAPI document, as YAML text (``GET /openapi.yaml``)."""
        return self._send(Endpoints.openapi(request_id))

    def extract_stream(self, documents: Iterable[Document | Mapping[str, Any] | str], *,
                       window: int = STREAM_WINDOW, request_id: str | None = None) -> Iterator[BatchItem]:
        """Analyse many articles through ``POST /v1/extract/stream`` (NDJSON): one item per document, in order.

        Documents are taken from ``documents`` lazily, ``window`` at a time, each window one request
        whose records are yielded as the service writes them, so any number of documents runs in
        bounded memory.  An item is an :class:`ExtractResult`, or a :class:`Problem` whose ``id`` and
        ``line`` (from 1, over the whole input) name the document it refused; a problem with ``id``
        ``None`` means the service cut the stream at one of its limits, and ends the iteration.

        A window refused as a whole (429, 503, no connection) is retried like any call; an answer
        cut off halfway raises :class:`~herald_client.HeraldTransportError`, since its first records
        were already yielded.  Keep ``window`` at 8 or less (see ``STREAM_WINDOW``): httpx sends a
        whole body before reading the answer, and a larger window can stall both sides.
        """
        request_id = request_id or new_request_id()
        for part in stream_windows(documents, window):
            response = self._send(part.call(request_id))
            try:
                for line in response.iter_lines():
                    item = part.item(line, request_id)
                    if item is not None:
                        yield item
                        if part.ends(item):
                            return
            except httpx.TransportError as error:
                raise part.broken(error, request_id) from error
            finally:
                response.close()
