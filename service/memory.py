"""Give freed heap memory back to the operating system after an extraction.

Analysing an article allocates and frees many tensors and Python objects; glibc keeps the freed
pages in its heap, so a worker's RSS stays at its high-water mark.  ``malloc_trim(0)`` returns
them: measured on 24 news articles in one worker, RSS went from 643 MB to 497 MB, at 4-13 ms per
article (0.3-1 ms per short text), which the service spends after the response has been sent.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import resource
from collections.abc import Callable
from functools import cache

#: ``mallopt`` parameter number of the mmap threshold (glibc's malloc.h).
M_MMAP_THRESHOLD = -3
#: glibc refuses a fixed mmap threshold above this (HEAP_MAX_SIZE / 2 on 64-bit systems).
MAX_MMAP_THRESHOLD = 32 * 1024 * 1024


@cache
def _libc_function(symbol: str) -> Callable[..., int] | None:
    """A glibc function, or None on a C library without it (musl, macOS)."""
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        return getattr(ctypes.CDLL(name), symbol)  # type: ignore[no-any-return]
    except (OSError, AttributeError):
        return None


def release_memory() -> bool:
    """Trim the heap; True when the C library supports it."""
    trim = _libc_function("malloc_trim")
    if trim is None:
        return False
    trim(0)
    return True


def set_mmap_threshold(limit_bytes: int) -> bool:
    """Serve every allocation of at least ``limit_bytes`` from its own mapping, given back when freed.

    glibc raises its mmap threshold to the size of each large block freed (up to 32 MB), so after a
    few long sentences the parser's activation tensors come from the heap, where the holes they
    leave between live objects cannot be trimmed: a worker kept 494-541 MB after 80 requests that a
    fixed 4 MiB threshold brings to 443-450 MB, at a cost of about 10 % of the throughput (the blocks are
    mapped and faulted in anew each time; BENCHMARKS.md).  ``0`` (the default) keeps glibc's own
    adaptive threshold.  True when the threshold was set.
    """
    if limit_bytes <= 0:
        return False
    mallopt = _libc_function("mallopt")
    return bool(mallopt is not None and mallopt(M_MMAP_THRESHOLD, min(limit_bytes, MAX_MMAP_THRESHOLD)))


def resident_mb() -> float | None:
    """This process's resident set size in MB (Linux ``/proc``), or None where unavailable."""
    try:
        with open(f"/proc/{os.getpid()}/statm", encoding="ascii") as fh:
            pages = int(fh.read().split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)


def limit_address_space(limit_bytes: int) -> None:
    """Cap this process's address space (``RLIMIT_AS``), never above an existing hard limit.

    Past it allocations fail (``MemoryError``, or torch's "can't allocate memory"), which the
    pipeline answers as that document's 413 problem; the worker lives on.
    """
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit_bytes = min(limit_bytes, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, hard))
