"""Service configuration, read once from ``HERALD_*`` environment variables.

Nothing here runs at import time: :func:`service.app.create_app` (and the CLI) call
:meth:`Config.from_env` once, so tests can build apps with explicit overrides and a bad
value stops the service at start-up with a message naming the variable, instead of
failing on the first request.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from service.memory import MAX_MMAP_THRESHOLD

#: ``models/`` at the repository (or image) root, next to the ``service`` package.
DEFAULT_MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
#: Default of ``HERALD_MALLOC_MMAP_THRESHOLD`` (bytes): glibc's adaptive threshold, since a fixed one
#: costs about 10 % of the throughput for its 50-90 MB (BENCHMARKS.md, "The heap after requests").
DEFAULT_MMAP_THRESHOLD = 0

_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off", ""})

#: API keys: long enough that guessing is hopeless when generated at random (``openssl rand -hex 32``
#: gives 64), bounded so a pasted certificate or file is caught, and only characters that travel
#: unchanged in an HTTP header: visible ASCII without the comma that separates keys in HERALD_API_KEYS.
MIN_KEY_CHARS = 16
MAX_KEY_CHARS = 256
_KEY = re.compile(r"[\x21-\x2b\x2d-\x7e]+")
#: A keys-file line: a key, optionally followed by whitespace and a ``#`` comment (e.g. who holds it).
_KEY_LINE = re.compile(r"(?P<key>\S+)(?:\s+#.*)?")
#: A browser origin as sent in the Origin header: scheme://host[:port], no path, no trailing slash.
_ORIGIN = re.compile(r"(?P<scheme>https?)://(?P<host>[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::(?P<port>[0-9]{1,5}))?")
_DEFAULT_PORTS = {"http": "80", "https": "443"}


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


def _mmap_threshold(name: str, raw: str) -> int:
    """Bytes, 0 (glibc's adaptive threshold) up to 32 MiB, the most glibc accepts."""
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise ConfigError(f"{name} must be a number of bytes from 0 to {MAX_MMAP_THRESHOLD}, got {raw!r}") from None
    if not 0 <= value <= MAX_MMAP_THRESHOLD:
        raise ConfigError(f"{name} must be a number of bytes from 0 to {MAX_MMAP_THRESHOLD}, got {raw!r}")
    return value


def _check_mmap_threshold(value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigError(f"HERALD_MALLOC_MMAP_THRESHOLD must be a number of bytes, got {value!r}")
    _mmap_threshold("HERALD_MALLOC_MMAP_THRESHOLD", str(value))


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


def _file_path(name: str, raw: str) -> Path:
    if not raw.strip():
        raise ConfigError(f"{name} must be a file path, got an empty value")
    return Path(raw.strip()).expanduser()


#: Stanza processors whose models int8 dynamic quantisation may replace (``HERALD_QUANTIZE``).
QUANTIZABLE: tuple[str, ...] = ("tokenize", "mwt", "pos", "lemma", "depparse", "ner")
_OFF = frozenset({"", "off", "none", "0", "false", "no"})


def parse_quantize(value: str) -> tuple[str, ...]:
    """The processors named by ``HERALD_QUANTIZE``: ``off`` (or empty, ``none``, ``0``, ``false``, ``no``)
    gives none, ``all`` every quantisable one, else a comma-separated list (``pos,depparse,ner``).
    Raises ``ValueError`` naming an unknown processor, so that a typo stops start-up."""
    text = value.strip().lower()
    if text in _OFF:
        return ()
    if text == "all":
        return QUANTIZABLE
    names = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [name for name in names if name not in QUANTIZABLE]
    if unknown:
        raise ValueError(f"unknown processor(s) {', '.join(unknown)}: expected 'off', 'all' or a comma-separated "
                         f"list of {', '.join(QUANTIZABLE)}")
    return tuple(dict.fromkeys(names))


def _quantize(name: str, raw: str) -> tuple[str, ...]:
    try:
        return parse_quantize(raw)
    except ValueError as error:
        raise ConfigError(f"{name}: {error}") from None


#: Knowledge bases herald can link entities to (``HERALD_LINKS``); a user table comes with ``HERALD_KB_FILE``.
LINK_SOURCES = ("geonames", "wikipedia")


def _link_sources(name: str, raw: str) -> tuple[str, ...]:
    """``geonames,wikipedia`` (any subset, comma-separated), or ``off``/empty for none."""
    parts = [part.strip().lower() for part in raw.split(",") if part.strip()]
    if parts in ([], ["off"], ["none"]):
        return ()
    unknown = [part for part in parts if part not in LINK_SOURCES]
    if unknown:
        raise ConfigError(f"{name} must be a comma-separated subset of {', '.join(LINK_SOURCES)} (or off), "
                          f"got {raw!r}")
    return tuple(dict.fromkeys(parts))


def _kb_name(name: str, raw: str) -> str:
    value = raw.strip()
    if not value or value.lower() in LINK_SOURCES or len(value) > 64:
        raise ConfigError(f"{name} must be a name of 1-64 characters other than {' and '.join(LINK_SOURCES)}, "
                          f"got {raw!r}")
    return value


def _check_keys(name: str, keys: tuple[str, ...], where: str | None = None) -> tuple[str, ...]:
    """``keys`` without duplicates, or a ConfigError saying which one is wrong (``where``), never what it is."""
    for number, key in enumerate(keys, 1):
        label = where or f"key {number}"
        if not isinstance(key, str) or not MIN_KEY_CHARS <= len(key) <= MAX_KEY_CHARS:
            length = f"{len(key)} characters long" if isinstance(key, str) else "not a string"
            raise ConfigError(
                f"{name}: {label} is {length}; an API key must have {MIN_KEY_CHARS} to {MAX_KEY_CHARS} "
                "characters (e.g. `openssl rand -hex 32`)"
            )
        if not _KEY.fullmatch(key):
            raise ConfigError(f"{name}: {label} has a character other than visible ASCII (no spaces or commas)")
    return tuple(dict.fromkeys(keys))


def _key_list(name: str, raw: str) -> tuple[str, ...]:
    """Comma-separated keys; set but empty is an error (unset the variable to turn keys off)."""
    if not raw.strip():
        raise ConfigError(f"{name} is set but holds no key; unset it to turn API keys off")
    return _check_keys(name, tuple(item.strip() for item in raw.split(",")))


def read_keys_file(name: str, path: Path) -> tuple[str, ...]:
    """The keys in ``path``: one a line, blank lines and ``#`` comment lines skipped, at least one key."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else type(error).__name__
        raise ConfigError(f"{name}: cannot read the keys file {str(path)!r}: {reason}") from None
    keys: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        where = f"line {number} of {str(path)!r}"
        match = _KEY_LINE.fullmatch(stripped)
        if match is None:
            raise ConfigError(f"{name}: {where} is not one key (optionally followed by a # comment)")
        keys.extend(_check_keys(name, (match.group("key"),), where=where))
    if not keys:
        raise ConfigError(f"{name}: the keys file {str(path)!r} holds no key; unset {name} to turn API keys off")
    return tuple(dict.fromkeys(keys))


def _origin(name: str, raw: str) -> str:
    """One origin, lower-cased and without its scheme's default port (as browsers send it), or ``*``."""
    origin = raw.strip().lower()
    if origin == "*":
        return origin
    match = _ORIGIN.fullmatch(origin)
    if match is None:
        raise ConfigError(
            f"{name}: {raw.strip()!r} is not an origin; write scheme://host[:port] with no path or "
            "trailing slash, e.g. https://newsroom.example"
        )
    scheme, host, port = match.group("scheme", "host", "port")
    if port is not None and not 0 < int(port) < 65536:
        raise ConfigError(f"{name}: {raw.strip()!r} has a port outside 1-65535")
    if port is None or port.lstrip("0") == _DEFAULT_PORTS[scheme]:
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{int(port)}"


def _check_origins(name: str, origins: tuple[str, ...]) -> tuple[str, ...]:
    """Normalised origins without duplicates; ``*`` only on its own."""
    normalised = tuple(dict.fromkeys(_origin(name, origin) for origin in origins))
    if "*" in normalised and len(normalised) > 1:
        raise ConfigError(f"{name}: * (any origin) cannot be combined with other origins")
    return normalised


def _origin_list(name: str, raw: str) -> tuple[str, ...]:
    """Comma-separated origins; empty means the default (no browser origin allowed)."""
    if not raw.strip():
        return ()
    items = raw.split(",")
    if any(not item.strip() for item in items):
        raise ConfigError(f"{name} has an empty entry; separate origins with single commas")
    return _check_origins(name, tuple(items))


#: attribute -> (environment variable, parser).  The README's configuration table lists the same.
ENV_VARS: dict[str, tuple[str, Callable[[str, str], Any]]] = {
    "models_dir": ("HERALD_MODELS_DIR", _path),
    "max_text_chars": ("HERALD_MAX_TEXT_CHARS", _positive_int),
    "max_body_bytes": ("HERALD_MAX_BODY_BYTES", _positive_int),
    "max_batch": ("HERALD_MAX_BATCH", _positive_int),
    "torch_threads": ("HERALD_TORCH_THREADS", _positive_int),
    "request_budget_s": ("HERALD_REQUEST_BUDGET_S", _positive_int),
    "read_timeout_s": ("HERALD_READ_TIMEOUT_S", _positive_int),
    "max_waiting": ("HERALD_MAX_WAITING", _positive_int),
    "worker_memory_mb": ("HERALD_WORKER_MEMORY_MB", _positive_int),
    "log_level": ("HERALD_LOG_LEVEL", _log_level),
    "log_text": ("HERALD_LOG_TEXT", _boolean),
    "validate_responses": ("HERALD_VALIDATE_RESPONSES", _boolean),
    "api_keys": ("HERALD_API_KEYS", _key_list),
    "api_keys_file": ("HERALD_API_KEYS_FILE", _file_path),
    "metrics_public": ("HERALD_METRICS_PUBLIC", _boolean),
    "allowed_origins": ("HERALD_ALLOWED_ORIGINS", _origin_list),
    "max_stream_bytes": ("HERALD_MAX_STREAM_BYTES", _positive_int),
    "max_stream_documents": ("HERALD_MAX_STREAM_DOCUMENTS", _positive_int),
    "max_html_chars": ("HERALD_MAX_HTML_CHARS", _positive_int),
    "links": ("HERALD_LINKS", _link_sources),
    "kb_file": ("HERALD_KB_FILE", _file_path),
    "kb_name": ("HERALD_KB_NAME", _kb_name),
    "kb_cache_dir": ("HERALD_KB_CACHE_DIR", _path),
    "quantize": ("HERALD_QUANTIZE", _quantize),
    "malloc_mmap_threshold": ("HERALD_MALLOC_MMAP_THRESHOLD", _mmap_threshold),
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
    #: Seconds a client has to send a whole request, headers and body, from its first byte
    #: (and for each write of the response to make progress); slower connections are closed
    #: (``HERALD_READ_TIMEOUT_S``, read by ``service.worker``).
    read_timeout_s: int = 20
    #: Extraction requests that may wait for a worker's busy models; one more is a 503, so a
    #: thread stays free for health checks (``HERALD_MAX_WAITING``; below GUNICORN_THREADS).
    max_waiting: int = 4
    #: Resident memory (MB) past which a worker finishes its request and is replaced, and whose
    #: multiple (address space, see gunicorn.conf.py) a runaway request cannot exceed
    #: (``HERALD_WORKER_MEMORY_MB``).
    worker_memory_mb: int = 1200
    #: API keys from ``HERALD_API_KEYS`` (comma-separated).  With these or a keys file, every endpoint
    #: but the health checks needs one (see :mod:`service.http.auth`).  Left out of repr, so never logged.
    api_keys: tuple[str, ...] = dataclasses.field(default=(), repr=False)
    #: File with more API keys (``HERALD_API_KEYS_FILE``), one a line; read when the Config is created
    #: (at start-up), so a missing or unreadable file stops the service instead of leaving it open.
    api_keys_file: Path | None = None
    #: Serve ``/metrics`` without a key even when keys are on (``HERALD_METRICS_PUBLIC``).
    metrics_public: bool = False
    #: Browser origins allowed to call the service (``HERALD_ALLOWED_ORIGINS``); empty: none.
    allowed_origins: tuple[str, ...] = ()
    #: Largest ``/v1/extract/stream`` body in bytes (``HERALD_MAX_STREAM_BYTES``): a larger declared
    #: Content-Length is a 413 before anything is read; a chunked body is cut there with a final
    #: problem line.  Each line of a stream is also at most ``max_body_bytes``.
    max_stream_bytes: int = 50_000_000
    #: Most documents (non-blank lines) in one ``/v1/extract/stream`` request; the stream ends with
    #: a final problem line past it (``HERALD_MAX_STREAM_DOCUMENTS``).
    max_stream_documents: int = 10_000
    #: Longest accepted HTML page in characters (``HERALD_MAX_HTML_CHARS``), a ``text/html`` body or a JSON
    #: ``html`` field; longer is a 413.  The body is also bounded by ``max_body_bytes`` and the text
    #: extracted from the page by ``max_text_chars``.
    max_html_chars: int = 2_000_000
    #: Knowledge bases entities are linked to (``HERALD_LINKS``): GeoNames by default; Wikipedia needs
    #: ``requirements-kb.txt`` installed; () for none.  Read by ``build_extractor``.
    links: tuple[str, ...] = ("geonames",)
    #: A newsroom's alias table (``HERALD_KB_FILE``, CSV or JSON Lines; see service/extract/kb.py), read
    #: once per worker; a bad row stops the start-up.
    kb_file: Path | None = None
    #: The ``kb`` name of that table's links (``HERALD_KB_NAME``; default the file's stem).
    kb_name: str | None = None
    #: Folder of the compacted Wikipedia title list (``HERALD_KB_CACHE_DIR``; default under the temp folder).
    kb_cache_dir: Path | None = None
    #: Stanza processors whose LSTMs and linear layers are quantised to int8 at load time
    #: (``HERALD_QUANTIZE``; off by default: it changes annotations slightly, see BENCHMARKS.md).
    quantize: tuple[str, ...] = ()
    #: Allocations of at least this many bytes get their own memory mapping, returned when freed
    #: (``HERALD_MALLOC_MMAP_THRESHOLD``; 0 keeps glibc's adaptive threshold; see service/memory.py).
    malloc_mmap_threshold: int = DEFAULT_MMAP_THRESHOLD
    #: The keys read from ``api_keys_file`` (derived, not a setting).
    file_api_keys: tuple[str, ...] = dataclasses.field(default=(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Reject values that would only fail later (on a request) with a message naming the variable."""
        for attribute in ("max_text_chars", "max_body_bytes", "max_batch", "torch_threads", "request_budget_s",
                          "read_timeout_s", "max_waiting", "worker_memory_mb", "max_stream_bytes",
                          "max_stream_documents", "max_html_chars"):
            value = getattr(self, attribute)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ConfigError(f"{ENV_VARS[attribute][0]} must be a positive integer, got {value!r}")
        for attribute in ("log_text", "validate_responses", "metrics_public"):
            if not isinstance(getattr(self, attribute), bool):
                raise ConfigError(f"{ENV_VARS[attribute][0]} must be a boolean, got {getattr(self, attribute)!r}")
        if not isinstance(self.models_dir, Path):
            object.__setattr__(self, "models_dir", _path("HERALD_MODELS_DIR", str(self.models_dir)))
        object.__setattr__(self, "log_level", _log_level("HERALD_LOG_LEVEL", str(self.log_level)))
        _check_mmap_threshold(self.malloc_mmap_threshold)
        for attribute, check in (("api_keys", _check_keys), ("allowed_origins", _check_origins)):
            value = getattr(self, attribute)
            if not isinstance(value, tuple | list):
                raise ConfigError(f"{ENV_VARS[attribute][0]} must be a sequence of strings, got {type(value).__name__}")
            object.__setattr__(self, attribute, check(ENV_VARS[attribute][0], tuple(value)))
        self._check_links()
        if self.api_keys_file is not None:
            path = self.api_keys_file
            if not isinstance(path, Path):
                path = _file_path("HERALD_API_KEYS_FILE", str(path))
                object.__setattr__(self, "api_keys_file", path)
            object.__setattr__(self, "file_api_keys", read_keys_file("HERALD_API_KEYS_FILE", path))

    def _check_links(self) -> None:
        """HERALD_LINKS as a checked tuple; a user table that is not a file stops the start-up."""
        object.__setattr__(self, "links", _link_sources("HERALD_LINKS", ",".join(self.links) or "off"))
        object.__setattr__(self, "quantize", _quantize("HERALD_QUANTIZE", ",".join(self.quantize) or "off"))
        if self.kb_file is not None:
            path = Path(self.kb_file)
            if not path.is_file():
                raise ConfigError(f"HERALD_KB_FILE must name a readable file, got {str(self.kb_file)!r}")
            object.__setattr__(self, "kb_file", path)
        if self.kb_name is not None:
            object.__setattr__(self, "kb_name", _kb_name("HERALD_KB_NAME", str(self.kb_name)))

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Config:
        """Build a Config from ``HERALD_*`` variables in ``environ``; unset ones keep their defaults."""
        values = {
            attribute: parse(name, environ[name]) for attribute, (name, parse) in ENV_VARS.items() if name in environ
        }
        return cls(**values)

    def replace(self, overrides: Mapping[str, Any]) -> Config:
        """Return a copy with ``overrides`` (attribute names) applied and validated."""
        unknown = sorted(set(overrides) - {f.name for f in dataclasses.fields(self) if f.init})
        if unknown:
            raise ConfigError(f"unknown configuration keys: {', '.join(unknown)}")
        return dataclasses.replace(self, **dict(overrides))

    @property
    def all_api_keys(self) -> tuple[str, ...]:
        """Every accepted key (``HERALD_API_KEYS`` and the keys file); empty when keys are off."""
        return tuple(dict.fromkeys(self.api_keys + self.file_api_keys))

    def limits(self) -> dict[str, int]:
        """The request limits clients may rely on (published by ``/v1/info``)."""
        return {
            "max_text_chars": self.max_text_chars,
            "max_body_bytes": self.max_body_bytes,
            "max_batch": self.max_batch,
            "request_budget_s": self.request_budget_s,
            "read_timeout_s": self.read_timeout_s,
            "max_stream_bytes": self.max_stream_bytes,
            "max_stream_documents": self.max_stream_documents,
            "max_html_chars": self.max_html_chars,
        }
