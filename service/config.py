"""Service configuration, read once from ``HERALD_*`` environment variables.

Nothing here runs at import time: :func:`service.app.create_app` (and the CLI) call
:meth:`Config.from_env` once, so tests can build apps with explicit overrides and a bad
value stops the service at start-up with a message naming the variable, instead of
failing on the first request.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

#: ``models/`` at the repository (or image) root, next to the ``service`` package.
DEFAULT_MODELS_DIR = Path(__file__).resolve().parent.parent / "models"

_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off", ""})


class ConfigError(ValueError):
    """A configuration value is invalid; the message names the variable and the accepted values."""


def _positive_int(name: str, raw: str) -> int:
    try:
        value = int(raw.strip())
    except ValueError:
        raise ConfigError(f"{name} must be a positive integer, got {raw!r}") from None
    if value < 1:
        raise ConfigError(f"{name} must be a positive integer, got {raw!r}")
    return value


def _boolean(name: str, raw: str) -> bool:
    lowered = raw.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ConfigError(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}")


def _log_level(name: str, raw: str) -> str:
    level = raw.strip().upper()
    if level not in _LOG_LEVELS:
        raise ConfigError(f"{name} must be one of {', '.join(_LOG_LEVELS)}; got {raw!r}")
    return level


def _path(name: str, raw: str) -> Path:
    if not raw.strip():
        raise ConfigError(f"{name} must be a directory path, got an empty value")
    return Path(raw.strip()).expanduser()


#: attribute -> (environment variable, parser).  The README's configuration table lists the same.
ENV_VARS: dict[str, tuple[str, Callable[[str, str], Any]]] = {
    "models_dir": ("HERALD_MODELS_DIR", _path),
    "max_text_chars": ("HERALD_MAX_TEXT_CHARS", _positive_int),
    "max_body_bytes": ("HERALD_MAX_BODY_BYTES", _positive_int),
    "max_batch": ("HERALD_MAX_BATCH", _positive_int),
    "torch_threads": ("HERALD_TORCH_THREADS", _positive_int),
    "request_budget_s": ("HERALD_REQUEST_BUDGET_S", _positive_int),
    "log_level": ("HERALD_LOG_LEVEL", _log_level),
    "log_text": ("HERALD_LOG_TEXT", _boolean),
    "validate_responses": ("HERALD_VALIDATE_RESPONSES", _boolean),
}


@dataclasses.dataclass(frozen=True)
class Config:
    """Everything the web layer and the extractor factory need to know, validated on creation."""

    #: Directory with the NLP models (``HERALD_MODELS_DIR``); read by ``build_extractor``.
    models_dir: Path = DEFAULT_MODELS_DIR
    #: Longest accepted ``text`` in code points; longer is a 413 (``HERALD_MAX_TEXT_CHARS``).
    max_text_chars: int = 100_000
    #: Largest accepted request body in bytes; larger is a 413 (``HERALD_MAX_BODY_BYTES``).
    max_body_bytes: int = 1_000_000
    #: Most documents in one ``/v1/extract/batch`` request (``HERALD_MAX_BATCH``).
    max_batch: int = 32
    #: Torch intra-op threads per worker process (``HERALD_TORCH_THREADS``); read by ``build_extractor``.
    torch_threads: int = 1
    #: Level of the service's JSON logs (``HERALD_LOG_LEVEL``).
    log_level: str = "INFO"
    #: Whether article text may appear in logs (``HERALD_LOG_TEXT``); off by default for privacy.
    log_text: bool = False
    #: Check every response body against the output schemas even outside debug/testing mode.
    validate_responses: bool = False
    #: Seconds one request may spend, from when a worker reads it (waiting for the process's
    #: models included), before its extraction stops with a 503 problem
    #: (``HERALD_REQUEST_BUDGET_S``); below gunicorn's worker timeout.
    request_budget_s: int = 60

    def __post_init__(self) -> None:
        """Reject values that would only fail later (on a request) with a message naming the variable."""
        for attribute in ("max_text_chars", "max_body_bytes", "max_batch", "torch_threads", "request_budget_s"):
            value = getattr(self, attribute)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ConfigError(f"{ENV_VARS[attribute][0]} must be a positive integer, got {value!r}")
        for attribute in ("log_text", "validate_responses"):
            if not isinstance(getattr(self, attribute), bool):
                raise ConfigError(f"{ENV_VARS[attribute][0]} must be a boolean, got {getattr(self, attribute)!r}")
        if not isinstance(self.models_dir, Path):
            object.__setattr__(self, "models_dir", _path("HERALD_MODELS_DIR", str(self.models_dir)))
        object.__setattr__(self, "log_level", _log_level("HERALD_LOG_LEVEL", str(self.log_level)))

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Config:
        """Build a Config from ``HERALD_*`` variables in ``environ``; unset ones keep their defaults."""
        values = {
            attribute: parse(name, environ[name]) for attribute, (name, parse) in ENV_VARS.items() if name in environ
        }
        return cls(**values)

    def replace(self, overrides: Mapping[str, Any]) -> Config:
        """Return a copy with ``overrides`` (attribute names) applied and validated."""
        unknown = sorted(set(overrides) - {f.name for f in dataclasses.fields(self)})
        if unknown:
            raise ConfigError(f"unknown configuration keys: {', '.join(unknown)}")
        return dataclasses.replace(self, **dict(overrides))

    def limits(self) -> dict[str, int]:
        """The request limits clients may rely on (published by ``/v1/info``)."""
        return {
            "max_text_chars": self.max_text_chars,
            "max_body_bytes": self.max_body_bytes,
            "max_batch": self.max_batch,
            "request_budget_s": self.request_budget_s,
        }
