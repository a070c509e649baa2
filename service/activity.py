"""Whether this process's models are in use right now, and how many requests wait for them.

The worker (``service.worker``) reads :func:`busy` to leave new connections to idle sibling
workers; the extraction path (``service.documents.run_extraction``) holds :func:`using_models`
around model work and refuses a request with a 503 when too many already wait, so that a
thread always stays free for health checks.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_waiting = 0
_running = 0


def busy() -> bool:
    """True while an extraction runs (or waits) in this process."""
    return _running + _waiting > 0


def waiting() -> int:
    """Requests of this process waiting for the models."""
    return _waiting


@contextmanager
def queued() -> Iterator[None]:
    """Count the calling request as waiting for the models for the duration of the block."""
    global _waiting
    with _lock:
        _waiting += 1
    try:
        yield
    finally:
        with _lock:
            _waiting -= 1


@contextmanager
def using_models() -> Iterator[None]:
    """Count the calling request as running on the models for the duration of the block."""
    global _running
    with _lock:
        _running += 1
    try:
        yield
    finally:
        with _lock:
            _running -= 1
