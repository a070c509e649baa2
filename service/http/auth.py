"""Access control: optional API keys and an allowed-Origin list, checked before every request.

API keys (``HERALD_API_KEYS`` / ``HERALD_API_KEYS_FILE``): off when none is configured.  When on,
every request needs ``Authorization: Bearer <key>`` or ``X-API-Key: <key>``, except the health
checks (``/healthz``, ``/readyz``: the kubelet and load balancers probe without credentials), the
API page (``/docs`` and ``/docs/static/...``: no data; the page asks for a key itself) and, with
``HERALD_METRICS_PUBLIC=true``, ``/metrics``.  A missing or wrong key is a 401 problem with
``WWW-Authenticate: Bearer``.  Only SHA-256 digests of the keys are kept, and a presented key is
compared with every one of them by :func:`hmac.compare_digest` without stopping at a match, so the
time taken says neither which key matched nor how long the keys are.  No key, presented or
configured, is ever logged or echoed.

Origins (``HERALD_ALLOWED_ORIGINS``): a ``text/plain`` POST needs no CORS preflight, so without a
check any web page could make its visitors' browsers send extraction requests to an internal
herald (the page cannot read the answer, but the CPU is spent).  Browsers mark such requests with
an ``Origin`` header; a request carrying one that is not in the list is a 403 problem, by default
(empty list) every one.  Requests without ``Origin`` (curl, other services, probes) pass.  An
allowed origin gets the CORS headers, and its preflights (``OPTIONS`` with
``Access-Control-Request-Method``) are answered with a 204 before any key is asked for, since
browsers never send credentials on a preflight.  ``*`` allows every origin.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import logging

from flask import Flask, Response, g, request

from service.config import Config
from service.http.errors import ApiError

#: Endpoints that never need a key: liveness and readiness probes carry no credentials.
HEALTH_ENDPOINTS = frozenset({"api.healthz", "api.readyz"})
#: The API page and its static files (service/http/docs.py): they hold no data, and the page asks for a key
#: itself when /openapi.yaml needs one.
DOCS_ENDPOINTS = frozenset({"docs.page", "docs.asset"})
METRICS_ENDPOINT = "api.metrics"
#: CORS answers: the methods the API uses and the request headers a browser client may send.
ALLOW_METHODS = "GET, HEAD, POST"
ALLOW_HEADERS = "Authorization, X-API-Key, Content-Type, X-Request-ID"
#: Response headers a browser page may read besides the CORS-safelisted ones.
EXPOSE_HEADERS = "X-Request-ID, Retry-After, Server-Timing, WWW-Authenticate"
#: Seconds a browser may cache a preflight answer.
PREFLIGHT_MAX_AGE = "600"
CHALLENGE = 'Bearer realm="herald"'

_log = logging.getLogger(__name__)


def _digest(key: str) -> bytes:
    """SHA-256 of a key: fixed-length values to compare, so a comparison reveals no key length."""
    try:
        raw = key.encode("ascii")
    except UnicodeEncodeError:
        raw = b""  # never a valid key: keys are 16 or more visible ASCII characters
    return hashlib.sha256(raw).digest()


@dataclasses.dataclass(frozen=True)
class AccessControl:
    """The access policy of one app, built once from its Config."""

    #: SHA-256 digests of the accepted keys; empty when keys are off.
    key_digests: tuple[bytes, ...] = dataclasses.field(default=(), repr=False)
    metrics_public: bool = False
    #: Lower-cased allowed origins, or ``("*",)`` for any.
    allowed_origins: frozenset[str] = frozenset()

    @classmethod
    def from_config(cls, config: Config) -> AccessControl:
        """The policy configured by ``config`` (whose keys file was read when it was created)."""
        return cls(
            key_digests=tuple(_digest(key) for key in config.all_api_keys),
            metrics_public=config.metrics_public,
            allowed_origins=frozenset(config.allowed_origins),
        )

    @property
    def keys_on(self) -> bool:
        """Whether requests need an API key."""
        return bool(self.key_digests)

    def is_valid_key(self, presented: str) -> bool:
        """Whether ``presented`` is one of the keys, compared in constant time against all of them."""
        digest = _digest(presented)
        matched = False
        for known in self.key_digests:
            matched |= hmac.compare_digest(digest, known)
        return matched

    def origin_allowed(self, origin: str) -> bool:
        """Whether a browser page of ``origin`` may call the service: a listed origin, or the
        service's own origin when it is reached on a loopback address (see :func:`_own_loopback_origin`)."""
        origin = origin.strip().lower()
        return "*" in self.allowed_origins or origin in self.allowed_origins or _own_loopback_origin(origin)

    def check_request(self) -> Response | None:
        """before_request: 403 for a foreign Origin, 204 for an allowed preflight, 401 without a valid key."""
        origin = request.headers.get("Origin")
        if origin is not None:
            if not self.origin_allowed(origin):
                _refused("origin not allowed", origin=origin[:200])
                raise ApiError(
                    403,
                    "Requests from this web origin are not allowed; the service's operator can allow it "
                    "with HERALD_ALLOWED_ORIGINS.",
                )
            if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
                return self._preflight(origin)
        if self.keys_on and not self._exempt():
            self._authenticate()
        return None

    def add_cors_headers(self, response: Response) -> Response:
        """after_request: CORS headers for an allowed origin; ``Vary: Origin`` on every answer."""
        response.vary.add("Origin")
        origin = request.headers.get("Origin")
        if origin is not None and self.origin_allowed(origin) and "Access-Control-Allow-Origin" not in response.headers:
            response.headers["Access-Control-Allow-Origin"] = "*" if "*" in self.allowed_origins else origin
            response.headers["Access-Control-Expose-Headers"] = EXPOSE_HEADERS
        return response

    def _exempt(self) -> bool:
        """Health checks and the API page always, and /metrics when HERALD_METRICS_PUBLIC is true."""
        return (
            request.endpoint in HEALTH_ENDPOINTS
            or request.endpoint in DOCS_ENDPOINTS
            or (self.metrics_public and request.endpoint == METRICS_ENDPOINT)
        )

    def _preflight(self, origin: str) -> Response:
        """The answer to a CORS preflight from an allowed origin: no body, no key needed."""
        response = Response(status=204)
        response.headers["Access-Control-Allow-Origin"] = "*" if "*" in self.allowed_origins else origin
        response.headers["Access-Control-Allow-Methods"] = ALLOW_METHODS
        response.headers["Access-Control-Allow-Headers"] = ALLOW_HEADERS
        response.headers["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
        response.vary.update(("Access-Control-Request-Method", "Access-Control-Request-Headers"))
        return response

    def _authenticate(self) -> None:
        """Accept the request if a presented key is valid; raise the 401 problem otherwise."""
        presented = _presented_keys()
        if not presented:
            _refused("no API key")
            raise ApiError(
                401,
                "This service needs an API key: send it as Authorization: Bearer <key> or X-API-Key: <key>.",
                headers={"WWW-Authenticate": CHALLENGE},
            )
        # Every presented key is checked (no short cut), so timing does not tell which one was wrong.
        valid = [self.is_valid_key(key) for key in presented]
        if not any(valid):
            _refused("wrong API key")
            raise ApiError(
                401, "The API key is not valid.", headers={"WWW-Authenticate": f'{CHALLENGE}, error="invalid_token"'}
            )


def _presented_keys() -> list[str]:
    """The keys a request presents: the token of ``Authorization: Bearer`` and ``X-API-Key``."""
    keys: list[str] = []
    scheme, _, token = request.headers.get("Authorization", "").strip().partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        keys.append(token.strip())
    api_key = request.headers.get("X-API-Key", "").strip()
    if api_key:
        keys.append(api_key)
    return keys


#: Host names of the machine itself: a page a browser loaded from one of them, with the service's own
#: port, is the service's own page (the /docs page on a developer's machine).
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]"})


def _own_loopback_origin(origin: str) -> bool:
    """Whether ``origin`` is this request's own scheme, host and port, and that host is loopback.

    "Try it out" on the API page at http://localhost:8000/docs sends ``Origin:
    http://localhost:8000``: the page is the service's own, so it may call it.  Only a loopback
    ``Host`` counts: under DNS rebinding a hostile page reaches the service under its own name
    (``Host: evil.example``, the same as its ``Origin``), so "same origin" alone would let it in.
    Other deployments list their page's origin in HERALD_ALLOWED_ORIGINS."""
    host = request.host.lower()
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    return name in LOOPBACK_HOSTS and origin == f"{request.scheme}://{host}"


def _refused(reason: str, **extra: str) -> None:
    """One INFO record per refused request: why, never with a key."""
    _log.info(
        "request refused",
        extra={"request_id": g.get("request_id"), "method": request.method, "path": request.path,
               "reason": reason, **extra},
    )


def register_access_control(app: Flask, config: Config) -> AccessControl:
    """Check every request of ``app`` against ``config``'s keys and origins (register after the request id)."""
    control = AccessControl.from_config(config)
    app.extensions["herald_access"] = control
    app.before_request(control.check_request)
    app.after_request(control.add_cors_headers)
    return control
