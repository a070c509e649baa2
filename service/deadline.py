"""Request deadlines, shared by the NLP adapter and the extraction stages.

A leaf module (it imports nothing of the service), so every layer can check the same
deadline without importing a layer above it.
"""

from __future__ import annotations

import time


class BudgetExceeded(Exception):
    """The extraction ran past its deadline and was stopped between two NLP chunks."""


class Deadline:
    """A ``time.monotonic()`` instant past which an extraction must stop.

    Every stage calls :meth:`check` at the head of its loops (per sentence, per candidate), so a
    request ends within its budget plus one loop step whatever its text looks like.  ``None``
    means no deadline (the CLI, tests).
    """

    __slots__ = ("at",)

    def __init__(self, at: float | None = None) -> None:
        self.at = at

    def check(self) -> None:
        """Raise :class:`BudgetExceeded` once the deadline has passed."""
        if self.at is not None and time.monotonic() > self.at:
            raise BudgetExceeded


#: A deadline that never passes, the default of every stage.
NO_DEADLINE = Deadline()
