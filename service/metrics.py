"""Prometheus metrics, correct across gunicorn workers.

Each worker is its own process with its own counters.  When ``PROMETHEUS_MULTIPROC_DIR`` is
set (``gunicorn.conf.py`` sets it to an empty directory before forking), prometheus_client
writes every value to a memory-mapped file in that directory and ``/metrics`` merges the files
of all workers, dead ones included, so counters never go backwards when a worker is
replaced.  Without it (the Flask dev server, tests) the values live in the app's own registry.

Label values are bounded: routes are URL rules (never raw paths), statuses are HTTP codes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client import multiprocess as prometheus_multiprocess

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"

#: Request latencies: 5 ms (health checks) to 2 minutes (a 100,000-character article).
_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0)
#: Stage times per extraction call.
_STAGE_BUCKETS = (0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)


def multiprocess_dir() -> str | None:
    """The shared metrics directory, when running under gunicorn's multiprocess set-up."""
    value = os.environ.get(MULTIPROC_ENV)
    return value if value and os.path.isdir(value) else None


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

    def exposition(self) -> bytes:
        """The text exposition format: all workers' values merged, or this app's registry alone."""
        directory = multiprocess_dir()
        if directory is None:
            return generate_latest(self.registry)
        merged = CollectorRegistry()
        prometheus_multiprocess.MultiProcessCollector(merged, path=directory)
        return generate_latest(merged)


def mark_worker_dead(pid: int) -> None:
    """gunicorn ``child_exit`` hook: drop a dead worker's live-only gauges (its counters stay)."""
    if multiprocess_dir() is not None:
        prometheus_multiprocess.mark_process_dead(pid)
