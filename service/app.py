"""The application factory: ``create_app()`` builds a configured Flask app (gunicorn calls it once per worker)."""

from __future__ import annotations

import os
import re
import time
import uuid
from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, current_app, g, request

from service.config import Config
from service.extract.contract import Extractor
from service.http.auth import register_access_control
from service.http.docs import docs_bp
from service.http.errors import register_error_handlers
from service.http.metrics import method_label
from service.http.routes import ServiceState, bp
from service.logs import configure_logging
from service.memory import release_memory, set_mmap_threshold

#: An incoming X-Request-ID is reused (so logs join up across services) only if it is this harmless.
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def _resolve_config(config: Config | Mapping[str, Any] | None) -> Config:
    """A Config as given, or one read from ``HERALD_*`` variables with a mapping's overrides applied."""
    if isinstance(config, Config):
        return config
    from_env = Config.from_env(os.environ)
    return from_env.replace(config) if config else from_env


def _assign_request_id() -> None:
    g.request_started = time.perf_counter()
    incoming = request.headers.get("X-Request-ID", "")
    g.request_id = incoming if _REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex


def _echo_request_id(response: Response) -> Response:
    request_id = g.get("request_id")
    if request_id:
        response.headers["X-Request-ID"] = request_id
    return response


def _count_request(response: Response) -> Response:
    """Count the request by route (the URL rule), method and status: label values stay bounded whatever clients send."""
    state: ServiceState = current_app.extensions["herald"]
    route = request.url_rule.rule if request.url_rule is not None else "unmatched"
    method = method_label(request.method)
    status = str(response.status_code)
    state.metrics.requests.labels(route, method, status).inc()
    started = g.get("request_started")
    if started is not None:
        state.metrics.latency.labels(route, method).observe(time.perf_counter() - started)
    return response


def create_app(config: Config | Mapping[str, Any] | None = None, extractor: Extractor | None = None) -> Flask:
    """Build the herald app.

    ``config``: a :class:`Config`, or a mapping of attribute overrides on top of the ``HERALD_*``
    environment, or None for the environment alone.  ``extractor``: any object honouring the
    :class:`~service.extract.contract.Extractor` protocol; when None the real one is built from
    ``config`` (Stanza is imported only then, so tests that inject a fake never load it).
    """
    resolved = _resolve_config(config)
    configure_logging(resolved.log_level)
    set_mmap_threshold(resolved.malloc_mmap_threshold)  # before the models' tensors are allocated
    load_started = time.perf_counter()
    if extractor is None:
        from service.extract import build_extractor

        extractor = build_extractor(resolved)
        release_memory()  # loading's temporaries (checkpoints, parsed GeoNames files) go back to the OS
    load_seconds = time.perf_counter() - load_started

    app = Flask(__name__)
    # werkzeug answers 413 as soon as a body is (declared or read) past this; see errors._http_error.
    app.config["MAX_CONTENT_LENGTH"] = resolved.max_body_bytes
    # Keep the extractor's field order in responses (Flask sorts keys by default).
    app.json.sort_keys = False  # type: ignore[attr-defined]
    state = ServiceState(config=resolved, extractor=extractor)
    state.metrics.model_load_seconds.set(load_seconds)
    app.extensions["herald"] = state
    app.before_request(_assign_request_id)
    app.after_request(_echo_request_id)
    app.after_request(_count_request)
    # After the request id, so a refusal carries it: API keys and allowed origins (service/http/auth.py).
    register_access_control(app, resolved)
    register_error_handlers(app)
    app.register_blueprint(bp)
    app.register_blueprint(docs_bp)  # GET /docs, the API page
    return app
