"""Prometheus metrics, correct across gunicorn workers.

Each worker is its own process with its own counters.  When ``PROMETHEUS_MULTIPROC_DIR`` is
set (``gunicorn.conf.py`` sets it before forking, to a directory without metrics files of an
earlier run), prometheus_client writes every value to a memory-mapped file in that directory
(``counter_<pid>.db``...) and ``/metrics`` merges the files of all workers.  When a worker dies (recycled every ~2,000
requests) the master folds its counters and histograms into one archive file per type and
deletes its files (:func:`fold_dead_worker`), so totals never go backwards and the directory
does not grow with every recycled worker.  Without the variable (the Flask dev server, tests)
the values live in the app's own registry.

Label values are bounded, whatever clients send: routes are URL rules (never raw paths),
methods one of :data:`HTTP_METHODS` or ``OTHER`` (:func:`method_label`), statuses are the
codes the app answers.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client import multiprocess as prometheus_multiprocess
from prometheus_client.mmap_dict import MmapedDict

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
#: Set by gunicorn.conf.py to the metrics directory when the service made it (mkdtemp), so only
#: that directory is ever deleted; an environment variable because SIGHUP re-runs the config file.
CREATED_ENV = "HERALD_METRICS_DIR_CREATED"

#: The methods counted under their own name; anything else a client sends is counted as OTHER.
HTTP_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
#: prometheus_client's per-process file types whose values add up across processes (gauges do not).
_SUMMED_TYPES = ("counter", "histogram", "summary")
#: Longest wait for the metrics directory's lock (_directory_lock).
_LOCK_WAIT_S = 2.0

#: Request latencies: 5 ms (health checks) to 2 minutes (a 100,000-character article).
_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0)
#: Stage times per extraction call.
_STAGE_BUCKETS = (0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)


def multiprocess_dir() -> str | None:
    """The shared metrics directory, when running under gunicorn's multiprocess set-up."""
    value = os.environ.get(MULTIPROC_ENV)
    return value if value and os.path.isdir(value) else None


def method_label(method: str) -> str:
    """The ``method`` label for a request: its HTTP method if standard, else ``OTHER``.

    The method comes from the client, and every distinct label value is a new series in every
    worker's files (a counter and 19 histogram series): 200 made-up methods took /metrics from
    25 to 4,046 series.  CONNECT and TRACE are not served, so they count as OTHER too.
    """
    upper = method.upper()
    return upper if upper in HTTP_METHODS else "OTHER"


@dataclass
class Metrics:
    """The service's metric objects, registered on one app's registry."""

    registry: CollectorRegistry
    requests: Counter
    latency: Histogram
    documents: Counter
    words: Counter
    characters: Counter
    stage_seconds: Histogram
    model_load_seconds: Gauge
    over_budget: Counter

    @classmethod
    def create(cls) -> Metrics:
        """New metric objects on a fresh registry (one per app, so several apps in a process never clash)."""
        registry = CollectorRegistry(auto_describe=True)
        return cls(
            registry=registry,
            requests=Counter("herald_http_requests", "HTTP requests answered, by route, method and status.",
                             ["route", "method", "status"], registry=registry),
            latency=Histogram("herald_http_request_duration_seconds", "Time to answer a request, by route.",
                              ["route", "method"], buckets=_LATENCY_BUCKETS, registry=registry),
            documents=Counter("herald_documents_processed", "Documents analysed (a batch counts each).",
                              registry=registry),
            words=Counter("herald_words_processed", "Words (Stanza tokens) analysed.", registry=registry),
            characters=Counter("herald_characters_processed", "Characters of submitted text analysed.",
                               registry=registry),
            stage_seconds=Histogram("herald_stage_duration_seconds",
                                    "Time per extraction call in each stage: nlp is Stanza, the rest the "
                                    "project's own stages.", ["stage"], buckets=_STAGE_BUCKETS,
                                    registry=registry),
            # One sample per live worker (label pid under gunicorn): its load time, and how many are up.
            model_load_seconds=Gauge("herald_model_load_seconds", "Seconds a worker took to load its models.",
                                     registry=registry, multiprocess_mode="liveall"),
            over_budget=Counter("herald_requests_over_budget", "Extractions stopped by HERALD_REQUEST_BUDGET_S.",
                                registry=registry),
        )

    def count_extraction(self, documents: int, words: int, characters: int, timings: dict[str, float]) -> None:
        """Count one extraction (a request, or a chunk of a stream): its documents, words, characters
        and the seconds of each stage."""
        self.documents.inc(documents)
        self.words.inc(words)
        self.characters.inc(characters)
        for stage, seconds in timings.items():
            self.stage_seconds.labels(stage).observe(seconds)

    def exposition(self) -> bytes:
        """The text exposition format: all workers' values merged, or this app's registry alone."""
        directory = multiprocess_dir()
        if directory is None:
            return generate_latest(self.registry)
        merged = CollectorRegistry()
        prometheus_multiprocess.MultiProcessCollector(merged, path=directory)
        with _directory_lock(directory, exclusive=False):  # never mid-way through a fold
            return generate_latest(merged)


@contextmanager
def _directory_lock(directory: str, exclusive: bool) -> Iterator[None]:
    """An advisory lock on the metrics directory: shared for a scrape, exclusive for a fold.

    flock on the directory itself, so no extra file appears in an operator's directory.  The
    kernel drops the lock when its holder dies.  Holders only read or write a few small files,
    so the lock is normally free within milliseconds; after :data:`_LOCK_WAIT_S` (a holder
    stopped mid-scrape, say) or on a file system that cannot lock, go on without it rather than
    block the gunicorn master (see fold_dead_worker for what that risks).
    """
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        deadline = time.monotonic() + _LOCK_WAIT_S
        while True:
            try:
                fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    break
                time.sleep(0.005)
            except OSError:
                break
        yield
    finally:
        os.close(fd)  # also releases the lock


def fold_dead_worker(pid: int, directory: str) -> None:
    """Move a dead worker's counters and histograms into the archive files, then delete its files.

    Each ``<type>_<pid>.db`` (counter, histogram, summary) is added key by key into
    ``<type>_archive.db`` in the same directory, written with prometheus_client's own
    ``MmapedDict``, which ``MultiProcessCollector`` reads and sums like any worker's file (the
    values are per-bucket counts and sums, so adding is exact).  Totals on /metrics are the same
    before and after; the directory holds the live workers' files plus one archive per type
    instead of two files per worker that ever ran.  Its live-only gauge files are removed, as
    prometheus_client's ``mark_process_dead`` does; other gauge modes keep one file per process
    (the service has none).

    Race with a concurrent scrape: between the archive write and the deletion of the pid file
    the values exist twice, and a scrape that listed the pid file could find it gone.  A fold
    holds the directory's lock exclusively and :meth:`Metrics.exposition` holds it shared, so
    the service's /metrics never sees that state.  A reader that does not take the lock (another
    program merging the directory), or a file system without flock, can in that window (well under
    a millisecond, once per worker death) count the dead worker twice in one scrape or fail it;
    so can /metrics if the lock was not had within two seconds.

    Called from gunicorn's master after the worker is reaped: nothing writes its files any more,
    and the master runs hooks one at a time, so the archive has a single writer.
    """
    with _directory_lock(directory, exclusive=True):
        for kind in _SUMMED_TYPES:
            source = os.path.join(directory, f"{kind}_{pid}.db")
            if not os.path.isfile(source):
                continue
            values = list(MmapedDict.read_all_values_from_file(source))
            archive = MmapedDict(os.path.join(directory, f"{kind}_archive.db"))
            try:
                for key, value, timestamp, _ in values:
                    archived, _ = archive.read_value(key)
                    archive.write_value(key, archived + value, timestamp)
            finally:
                archive.close()
            os.remove(source)
        prometheus_multiprocess.mark_process_dead(pid, directory)


def mark_worker_dead(pid: int) -> None:
    """gunicorn ``child_exit`` hook: fold the dead worker's metrics files (:func:`fold_dead_worker`).

    Never raises: an exception in a hook would stop gunicorn's master.  A file that cannot be
    folded (corrupt, say) is left in place, still counted as before.
    """
    directory = multiprocess_dir()
    if directory is None:
        return
    try:
        fold_dead_worker(pid, directory)
    except Exception:
        # In the master, gunicorn's error log is the configured (JSON) one.
        logging.getLogger("gunicorn.error").exception("could not fold the metrics of worker %s", pid)


def reset_directory(directory: str) -> None:
    """gunicorn ``on_starting`` hook: create the directory if needed and remove the ``*.db`` files in it.

    Values left by an earlier run would be counted again.  Only regular ``*.db`` files (the ones
    ``MultiProcessCollector`` reads) are removed: the directory may be an operator's (an emptyDir
    volume, say), and its other files and subdirectories are not ours.
    """
    os.makedirs(directory, mode=0o700, exist_ok=True)
    with os.scandir(directory) as entries:
        for entry in entries:
            if entry.name.endswith(".db") and entry.is_file(follow_symlinks=False):
                os.remove(entry.path)


def remove_created_directory(directory: str) -> bool:
    """gunicorn ``on_exit`` hook: delete ``directory`` if the service made it, never an operator's.

    The service made it when gunicorn.conf.py recorded it in ``HERALD_METRICS_DIR_CREATED``
    (a mkdtemp directory); True when it was removed.
    """
    if not directory or os.environ.get(CREATED_ENV) != directory:
        return False
    shutil.rmtree(directory, ignore_errors=True)
    return True
