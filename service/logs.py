"""JSON logging for the service and for gunicorn's error and access logs.

One JSON object per line on stderr (app and gunicorn error log) or stdout (access log), so a
log shipper can parse them.  Nothing here logs request or response bodies: the access log
records method, path, status, sizes and timing only (not the query string), and the app only
adds article text to its records when ``HERALD_LOG_TEXT`` is true (see ``service.http.routes``).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from typing import Any

from gunicorn.glogging import Logger as _GunicornLogger

#: Attributes every LogRecord has; anything else on a record came from ``extra=`` and is emitted.
_STANDARD_ATTRIBUTES = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}
#: The logger whose handler this module owns: the ``service`` package and everything under it.
PACKAGE_LOGGER = "service"


class JsonFormatter(logging.Formatter):
    """Format a record as one JSON object: time, level, logger, message, the ``extra`` fields and any traceback."""

    def format(self, record: logging.LogRecord) -> str:
        """Return the JSON line for ``record``."""
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRIBUTES and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


class _StderrHandler(logging.StreamHandler):
    """A StreamHandler that looks ``sys.stderr`` up at each record (so test capture and redirects work)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> Any:  # type: ignore[override]
        """The current ``sys.stderr``."""
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        """Ignored: the handler always writes to the current ``sys.stderr``."""


def configure_logging(level: str) -> None:
    """Give the ``service`` logger one JSON handler on stderr (once per process) and set its level.

    Called by every ``create_app``; a second call only updates the level, so several apps
    in one process (tests) never stack handlers or duplicate lines.
    """
    logger = logging.getLogger(PACKAGE_LOGGER)
    if not any(isinstance(handler, _StderrHandler) for handler in logger.handlers):
        handler = _StderrHandler()
        handler.setFormatter(JsonFormatter())
        logger.addHandler(handler)
        # Our handler writes the records; the root logger (possibly set up by a host program) must not repeat them.
        logger.propagate = False
    logger.setLevel(level)


class GunicornLogger(_GunicornLogger):
    """gunicorn's logger with JSON lines: ``logger_class`` in ``gunicorn.conf.py``.

    gunicorn's ``access_log_format`` cannot JSON-escape values (a quote in a User-Agent would
    break the line), so the access record is built as a dict and serialised by :class:`JsonFormatter`.
    """

    def setup(self, cfg: Any) -> None:
        """Set gunicorn's handlers up as usual, then make them write JSON."""
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(JsonFormatter())

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: dt.timedelta) -> None:
        """Log one request: no body, no query string (it may carry document ids), just the facts."""
        if not self.cfg.accesslog:
            return
        status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
        headers = dict((name.lower(), value) for name, value in resp.headers)
        try:
            self.access_log.info(
                "access",
                extra={
                    "remote_addr": environ.get("REMOTE_ADDR"),
                    "method": environ.get("REQUEST_METHOD"),
                    "path": environ.get("PATH_INFO"),
                    "protocol": environ.get("SERVER_PROTOCOL"),
                    "status": int(status),
                    "response_bytes": getattr(resp, "sent", None),
                    "request_bytes": int(environ.get("CONTENT_LENGTH") or 0),
                    "duration_ms": round(request_time.total_seconds() * 1000, 3),
                    "request_id": headers.get("x-request-id"),
                    "user_agent": environ.get("HTTP_USER_AGENT"),
                },
            )
        except Exception:
            self.exception("failed to write the access log")
