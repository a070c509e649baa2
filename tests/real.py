"""The real pipeline on the shipped models, loaded once per test session with networking blocked."""

from __future__ import annotations

import socket
from functools import cache
from typing import Any

from service.extract import ExtractionPipeline
from service.nlp import StanzaNlp, default_models_dir, model_info


class NetworkBlocked(AssertionError):
    """Raised when code under test tries to open a network connection."""


def _refuse(*args: Any, **kwargs: Any) -> None:
    raise NetworkBlocked(f"network access attempted: {args!r}")


def block_network() -> None:
    """Make every outgoing connection fail loudly: the models must load offline."""
    socket.socket.connect = _refuse  # type: ignore[method-assign]
    socket.socket.connect_ex = _refuse  # type: ignore[method-assign,assignment]
    socket.create_connection = _refuse  # type: ignore[assignment]


@cache
def real_nlp() -> StanzaNlp:
    block_network()
    return StanzaNlp(default_models_dir(), torch_threads=2)


@cache
def real_extractor() -> ExtractionPipeline:
    nlp = real_nlp()
    return ExtractionPipeline(nlp, model_info(nlp.models_dir, nlp.processors))
