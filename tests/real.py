"""The real pipeline on the shipped models, loaded once per test session with networking blocked."""

from __future__ import annotations

import socket
from functools import cache
from typing import Any

from service.config import Config
from service.extract import ExtractionPipeline, load_knowledge_base
from service.extract.stages import default_stages
from service.nlp import StanzaNlp, default_models_dir, model_info


class NetworkBlocked(AssertionError):
    """Raised when code under test tries to open a network connection."""


_ORIGINAL_CONNECT = socket.socket.connect
_ORIGINAL_CONNECT_EX = socket.socket.connect_ex


def _is_loopback(address: Any) -> bool:
    if not isinstance(address, tuple):
        return True  # unix sockets
    host = str(address[0])
    return host in ("localhost", "::1") or host.startswith("127.")


def _guarded_connect(self: socket.socket, address: Any) -> None:
    if not _is_loopback(address):
        raise NetworkBlocked(f"network access attempted: {address!r}")
    _ORIGINAL_CONNECT(self, address)


def _guarded_connect_ex(self: socket.socket, address: Any) -> int:
    if not _is_loopback(address):
        raise NetworkBlocked(f"network access attempted: {address!r}")
    return _ORIGINAL_CONNECT_EX(self, address)


def block_network() -> None:
    """Make every connection beyond loopback fail loudly: the models must load offline.

    Loopback stays open because the HTTP tests talk to a local gunicorn.
    """
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]


@cache
def real_nlp() -> StanzaNlp:
    block_network()
    return StanzaNlp(default_models_dir(), torch_threads=2)


@cache
def real_extractor() -> ExtractionPipeline:
    """The service's pipeline: the shipped models and the default knowledge bases (HERALD_LINKS)."""
    nlp = real_nlp()
    kb = load_knowledge_base(Config())
    return ExtractionPipeline(nlp, model_info(nlp.models_dir, nlp.processors), stages=default_stages(kb))
