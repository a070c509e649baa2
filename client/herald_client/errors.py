"""The one exception of herald-client: :class:`HeraldError`, carrying the service's RFC 9457 problem.

Whatever goes wrong in a call (an error status, a refused or dropped connection, a timeout, an
answer the client cannot read) raises a ``HeraldError``, so ``except HeraldError`` is all a caller
needs.  The two subclasses only tell transport failures (no HTTP answer at all) apart, for callers
that want to treat them differently.
"""

from __future__ import annotations

from collections.abc import Mapping

from herald_client.models import Problem

__all__ = ["HeraldError", "HeraldTimeout", "HeraldTransportError"]


class HeraldError(Exception):
    """A call to herald failed; ``problem`` is the service's problem body when it answered with one.

    ``status``, ``title``, ``detail``, ``type``, ``instance`` and ``errors`` (validation messages
    by field, 422 only) come from the problem; ``request_id`` is the id the service answered with
    (its ``X-Request-ID`` header, else the problem's), or the id the client sent when no answer
    came: quote it when reading the service's logs.  ``attempts`` counts the tries made, retries
    included, and ``retry_after`` is the last ``Retry-After`` in seconds, if any.
    """

    def __init__(
        self,
        message: str,
        *,
        problem: Problem | None = None,
        request_id: str | None = None,
        attempts: int = 1,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.problem = problem
        self.request_id = request_id or (problem.request_id if problem is not None else None)
        self.attempts = attempts
        self.retry_after = retry_after

    @classmethod
    def from_problem(
        cls, problem: Problem, *, request_id: str | None = None, attempts: int = 1, retry_after: float | None = None
    ) -> HeraldError:
        """The error for a problem answer; its message reads ``422 Unprocessable Content: detail (text: ...)``."""
        message = f"{problem.status} {problem.title}: {problem.detail}".rstrip(": ")
        if problem.errors:
            fields = "; ".join(f"{name}: {' '.join(messages)}" for name, messages in problem.errors.items())
            message = f"{message} ({fields})"
        return cls(message, problem=problem, request_id=request_id, attempts=attempts, retry_after=retry_after)

    @property
    def status(self) -> int | None:
        """The HTTP status of the answer, ``None`` when none came (a transport error)."""
        return self.problem.status if self.problem is not None else None

    @property
    def title(self) -> str | None:
        """The problem's short summary (the HTTP status phrase for ``about:blank`` problems)."""
        return self.problem.title if self.problem is not None else None

    @property
    def detail(self) -> str | None:
        """What went wrong with this request, in the service's words."""
        return self.problem.detail if self.problem is not None else self.message

    @property
    def type(self) -> str | None:
        """The problem type URI (``about:blank`` for plain HTTP errors)."""
        return self.problem.type if self.problem is not None else None

    @property
    def instance(self) -> str | None:
        """The problem's ``instance`` URI, when the service gives one."""
        return self.problem.instance if self.problem is not None else None

    @property
    def errors(self) -> Mapping[str, tuple[str, ...]]:
        """Validation messages keyed by field (``text``, ``date``...); empty unless a 422."""
        return self.problem.errors if self.problem is not None else {}

    def __str__(self) -> str:
        suffix = f" [request {self.request_id}]" if self.request_id else ""
        return f"{self.message}{suffix}"


class HeraldTransportError(HeraldError):
    """No HTTP answer came: the connection was refused, reset or closed early (``status`` is ``None``)."""


class HeraldTimeout(HeraldTransportError):
    """The service did not answer within the client's ``timeout`` (connecting, sending or reading)."""
