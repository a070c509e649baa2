"""Whether this process's models are in use right now, and how many requests wait for them.

The worker (``service.worker``) reads :func:`busy` to leave new connections to idle sibling
workers; the extraction path (``service.http.documents.run_extraction``) holds :func:`queued` while a
request waits for the models and :func:`using_models` while it runs on them, and refuses a
request with a 503 when too many already wait, so that a thread always stays free for health checks.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager

_lock = threading.Lock()
_counts: Counter[str] = Counter()


def busy() -> bool:
    """True while an extraction runs (or waits) in this process."""
    return _counts["running"] + _counts["waiting"] > 0


def waiting() -> int:
    """Requests of this process waiting for the models."""
    return _counts["waiting"]


@contextmanager
def _counted(state: str) -> Iterator[None]:
    with _lock:
        _counts[state] += 1
    try:
        yield
    finally:
        with _lock:
            _counts[state] -= 1


def queued() -> AbstractContextManager[None]:
    """Count the calling request as waiting for the models for the duration of the block."""
    return _counted("waiting")


def using_models() -> AbstractContextManager[None]:
    """Count the calling request as running on the models for the duration of the block."""
    return _counted("running")
