"""Fixtures for web-layer tests: apps built with a FakeExtractor and a spec-checking test client."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.app import create_app
from service.config import Config
from service.logs import PACKAGE_LOGGER, JsonFormatter
from tests.fakes import FakeExtractor
from tests.openapi_check import SpecCheckingClient

ARTICLE = (
    "date 2025-02-17\n"
    'Emmanuel Macron met Keir Starmer in Paris on Monday. "We stand with Ukraine," Macron said.\n'
    "Read more: subscribe to our newsletter"
)


@pytest.fixture
def fake() -> FakeExtractor:
    """The extractor injected into the app."""
    return FakeExtractor()


@pytest.fixture
def make_app(fake: FakeExtractor) -> Callable[..., Flask]:
    """Build a testing app; keyword arguments are Config overrides (defaults, not the environment)."""

    def make(extractor: Any = None, **overrides: Any) -> Flask:
        app = create_app(Config().replace(overrides), extractor=extractor or fake)
        app.testing = True
        app.test_client_class = SpecCheckingClient
        return app

    return make


@pytest.fixture
def client(make_app: Callable[..., Flask]) -> FlaskClient:
    """A spec-checking client of an app with default limits."""
    return make_app().test_client()


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(JsonFormatter())
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def log_lines() -> Iterator[list[str]]:
    """The JSON lines the service's loggers write during the test."""
    handler = _Collect()
    logger = logging.getLogger(PACKAGE_LOGGER)
    logger.addHandler(handler)
    try:
        yield handler.lines
    finally:
        logger.removeHandler(handler)
