"""herald-client: a typed Python client of the herald news-extraction service, sync and async.

>>> from herald_client import Client, HeraldError                   # doctest: +SKIP
>>> with Client("http://localhost:8000", api_key=None) as herald:
...     result = herald.extract("Olaf Scholz said on Sunday that Germany would act.", date="2025-02-17")
...     [(entity.name, entity.type) for entity in result.entities]
[('Olaf Scholz', 'PERSON'), ('Germany', 'GPE')]

:class:`Client` and :class:`AsyncClient` have one method per endpoint and return the frozen
dataclasses of :mod:`herald_client.models`; every failure raises :class:`HeraldError`.
"""

from herald_client._async import AsyncClient
from herald_client._core import RetryPolicy
from herald_client._sync import Client
from herald_client._version import __version__
from herald_client.errors import HeraldError, HeraldTimeout, HeraldTransportError
from herald_client.models import (
    BatchItem,
    Boilerplate,
    Document,
    Entity,
    Event,
    EventDate,
    ExtractResult,
    Health,
    Info,
    Limits,
    Link,
    Mention,
    ModelInfo,
    Participant,
    Problem,
    Quote,
    SentenceRef,
    Source,
    Span,
    Speaker,
    Stats,
    Timex,
)

__all__ = [
    "AsyncClient",
    "BatchItem",
    "Boilerplate",
    "Client",
    "Document",
    "Entity",
    "Event",
    "EventDate",
    "ExtractResult",
    "Health",
    "HeraldError",
    "HeraldTimeout",
    "HeraldTransportError",
    "Info",
    "Limits",
    "Link",
    "Mention",
    "ModelInfo",
    "Participant",
    "Problem",
    "Quote",
    "RetryPolicy",
    "SentenceRef",
    "Source",
    "Span",
    "Speaker",
    "Stats",
    "Timex",
    "__version__",
]
