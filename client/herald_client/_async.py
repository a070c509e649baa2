"""The asynchronous client: :class:`AsyncClient`, one method per endpoint of herald."""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import AsyncIterator, Iterable, Mapping
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
_sleep = asyncio.sleep


class AsyncClient(BaseClient[httpx.AsyncClient]):
    """An asyncio client of herald; use it with ``async with``, or await :meth:`aclose`.

    The methods are those of :class:`~herald_client.Client`, awaited, with the same retries and
    errors; waits between tries are ``asyncio.sleep``, so other tasks run meanwhile.

    >>> async with AsyncClient("http://localhost:8000") as herald:       # doctest: +SKIP
    ...     result = await herald.extract("Olaf Scholz said on Sunday that Germany would act.", date="2025-02-17")
    """

    def _new_http(self) -> httpx.AsyncClient:
        return httpx.AsyncClient()

    async def aclose(self) -> None:
        """Close the connections, unless the httpx client was given by the caller."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None,
                        traceback: TracebackType | None) -> None:
        await self.aclose()

    async def _send(self, call: Call[T]) -> T:
        """As :meth:`Client._send`, awaited."""
        attempts = Attempts(self._settings, call)
        while True:
            try:
                response = await self._http.send(attempts.request(self._http), stream=True)
                if not (call.stream and response.is_success):
                    await response.aread()  # the whole answer (a stream's error too, for its problem)
                outcome = attempts.answered(response)
            except httpx.TransportError as error:
                outcome = attempts.failed(error)
            if not isinstance(outcome, Retry):
                return outcome
            await _sleep(outcome.seconds)

    async def extract(self, text: str, *, date: datetime.date | str | None = None,
                      id: str | None = None,  # noqa: A002 (the request field's name)
                      language: str | None = None, request_id: str | None = None, **options: Any) -> ExtractResult:
        """As :meth:`Client.extract`, awaited."""
        return await self._send(Endpoints.extract(text, request_id, date=date, id=id, language=language, **options))

    async def extract_html(self, html: str, *, url: str | None = None, date: datetime.date | str | None = None,
                           id: str | None = None,  # noqa: A002 (the request field's name)
                           language: str | None = None, request_id: str | None = None,
                           **options: Any) -> ExtractResult:
        """As :meth:`Client.extract_html`, awaited."""
        return await self._send(Endpoints.extract_html(html, request_id, url=url, date=date, id=id,
                                                       language=language, **options))

    async def extract_batch(self, documents: Iterable[Document | Mapping[str, Any] | str], *,
                            request_id: str | None = None) -> list[BatchItem]:
        """As :meth:`Client.extract_batch`, awaited."""
        return await self._send(Endpoints.extract_batch(documents, request_id))

    async def health(self, *, request_id: str | None = None) -> Health:
        """As :meth:`Client.health`, awaited."""
        return await self._send(Endpoints.health(request_id))

    async def ready(self, *, request_id: str | None = None) -> Health:
        """As :meth:`Client.ready`, awaited."""
        return await self._send(Endpoints.ready(request_id))

    async def info(self, *, request_id: str | None = None) -> Info:
        """As :meth:`Client.info`, awaited."""
        return await self._send(Endpoints.info(request_id))

    async def metrics(self, *, request_id: str | None = None) -> str:
        """As :meth:`Client.metrics`, awaited."""
        return await self._send(Endpoints.metrics(request_id))

    async def openapi(self, *, request_id: str | None = None) -> str:
        """As :meth:`Client.openapi`, awaited."""
        return await self._send(Endpoints.openapi(request_id))

    async def extract_stream(self, documents: Iterable[Document | Mapping[str, Any] | str], *,
                             window: int = STREAM_WINDOW, request_id: str | None = None) -> AsyncIterator[BatchItem]:
        """As :meth:`Client.extract_stream`, iterated with ``async for``."""
        request_id = request_id or new_request_id()
        for part in stream_windows(documents, window):
            response = await self._send(part.call(request_id))
            try:
                async for line in response.aiter_lines():
                    item = part.item(line, request_id)
                    if item is not None:
                        yield item
                        if part.ends(item):
                            return
            except httpx.TransportError as error:
                raise part.broken(error, request_id) from error
            finally:
                await response.aclose()
