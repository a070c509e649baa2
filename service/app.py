"""The application factory: ``create_app()`` builds a configured Flask app (gunicorn calls it once per worker)."""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, g, request

from service.api import ServiceState, bp
from service.config import Config
from service.errors import register_error_handlers
from service.extract.api import Extractor
from service.logs import configure_logging

#: An incoming X-Request-ID is reused (so logs join up across services) only if it is this harmless.
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def _resolve_config(config: Config | Mapping[str, Any] | None) -> Config:
    """A Config as given, or one read from ``HERALD_*`` variables with a mapping's overrides applied."""
    if isinstance(config, Config):
        return config
    from_env = Config.from_env(os.environ)
    return from_env.replace(config) if config else from_env


def _assign_request_id() -> None:
    incoming = request.headers.get("X-Request-ID", "")
    g.request_id = incoming if _REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex


def _echo_request_id(response: Response) -> Response:
    request_id = g.get("request_id")
    if request_id:
        response.headers["X-Request-ID"] = request_id
    return response


def create_app(config: Config | Mapping[str, Any] | None = None, extractor: Extractor | None = None) -> Flask:
    """Build the herald app.

    ``config``: a :class:`Config`, or a mapping of attribute overrides on top of the ``HERALD_*``
    environment, or None for the environment alone.  ``extractor``: any object honouring the
    :class:`~service.extract.api.Extractor` protocol; when None the real one is built from
    ``config`` (Stanza is imported only then, so tests that inject a fake never load it).
    """
    resolved = _resolve_config(config)
    configure_logging(resolved.log_level)
    if extractor is None:
        from service.extract import build_extractor

        extractor = build_extractor(resolved)

    app = Flask(__name__)
    # werkzeug answers 413 as soon as a body is (declared or read) past this; see errors._http_error.
    app.config["MAX_CONTENT_LENGTH"] = resolved.max_body_bytes
    # Keep the extractor's field order in responses (Flask sorts keys by default).
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions["herald"] = ServiceState(config=resolved, extractor=extractor)
    app.before_request(_assign_request_id)
    app.after_request(_echo_request_id)
    register_error_handlers(app)
    app.register_blueprint(bp)
    return app
