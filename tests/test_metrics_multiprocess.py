"""Bounded /metrics: method labels from a fixed set, dead workers folded into archive files, metrics directory rules."""

from __future__ import annotations

import fcntl
import os
import random
import signal
import string
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from prometheus_client import values
from prometheus_client.mmap_dict import MmapedDict, mmap_key
from prometheus_client.parser import text_string_to_metric_families

from service.http.metrics import (
    CREATED_ENV,
    HTTP_METHODS,
    MULTIPROC_ENV,
    Metrics,
    fold_dead_worker,
    mark_worker_dead,
    method_label,
    remove_created_directory,
    reset_directory,
)
from tests.gunicorn_server import ROOT, free_port, running_server

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def samples(exposition: str) -> Samples:
    """Every sample of a text exposition, by name and sorted labels."""
    return {(sample.name, tuple(sorted(sample.labels.items()))): float(sample.value)
            for family in text_string_to_metric_families(exposition) for sample in family.samples}


def request_total(exposition: str) -> float:
    """All HTTP requests counted, whatever their labels."""
    return sum(value for (name, _), value in samples(exposition).items() if name == "herald_http_requests_total")


def random_methods(count: int, seed: int = 0) -> list[str]:
    """Made-up HTTP methods, as a scanner or a fuzzer would send."""
    rng = random.Random(seed)
    return ["".join(rng.choice(string.ascii_uppercase) for _ in range(8)) for _ in range(count)]


# --- the method label ------------------------------------------------------------------------

def test_method_label_is_one_of_a_fixed_set() -> None:
    for method in HTTP_METHODS:
        assert method_label(method) == method
    assert method_label("get") == "GET"
    assert {method_label(m) for m in ("PROPFIND", "CONNECT", "TRACE", "X" * 1000, "")} == {"OTHER"}


def test_random_methods_share_one_series(make_app: Callable[..., Flask]) -> None:
    app = make_app()
    app.test_client_class = FlaskClient  # made-up methods are not in the OpenAPI spec
    client = app.test_client()
    for method in random_methods(50):
        assert client.open("/healthz", method=method).status_code == 405
    assert client.get("/healthz").status_code == 200
    counted = samples(client.get("/metrics").get_data(as_text=True))
    methods = {dict(labels)["method"] for (name, labels) in counted if name.startswith("herald_http_request")}
    assert methods == {"GET", "OTHER"}
    assert counted["herald_http_requests_total", (("method", "OTHER"), ("route", "unmatched"), ("status", "405"))] == 50


# --- folding a dead worker's files -----------------------------------------------------------

@pytest.fixture
def multiprocess(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[int], Metrics]]:
    """``worker(pid)``: the service's metrics of process ``pid``, writing files in tmp_path.

    prometheus_client picks its value class when imported, and labelled series take it when
    first used; here it is swapped for the multiprocess one with a pid chosen by the test (on
    every call, before the worker records anything), so one process can play several workers.
    """
    monkeypatch.setenv(MULTIPROC_ENV, str(tmp_path))
    workers: dict[int, tuple[type, Metrics]] = {}

    def worker(pid: int) -> Metrics:
        if pid not in workers:
            value_class = values.MultiProcessValue(process_identifier=lambda: pid)
            monkeypatch.setattr(values, "ValueClass", value_class)
            workers[pid] = value_class, Metrics.create()
        monkeypatch.setattr(values, "ValueClass", workers[pid][0])
        return workers[pid][1]

    yield worker
    for value_class, _ in workers.values():
        value_class.close_all_files()  # type: ignore[attr-defined]


def _record(metrics: Metrics, requests_by_status: dict[str, int], seconds: float) -> None:
    """What a worker writes: requests with latencies, words, its model load time."""
    for status, count in requests_by_status.items():
        for _ in range(count):
            metrics.requests.labels("/v1/extract", "POST", status).inc()
            metrics.latency.labels("/v1/extract", "POST").observe(seconds)
    metrics.words.inc(123)
    metrics.stage_seconds.labels("nlp").observe(seconds / 2)
    metrics.model_load_seconds.set(4.0)


def test_folding_dead_workers_keeps_totals_and_removes_their_files(
        multiprocess: Callable[[int], Metrics], tmp_path: Path) -> None:
    _record(multiprocess(300), {"200": 1}, 0.3)
    _record(multiprocess(101), {"200": 3, "422": 1}, 0.02)
    _record(multiprocess(102), {"200": 2, "503": 4}, 7.0)
    live = multiprocess(300)
    before = samples(live.exposition().decode())
    assert before["herald_http_requests_total", (("method", "POST"), ("route", "/v1/extract"), ("status", "200"))] == 6

    fold_dead_worker(101, str(tmp_path))
    fold_dead_worker(102, str(tmp_path))  # the second fold adds to the first one's archive

    after = samples(live.exposition().decode())
    gauges = {key for key in before if key[0] == "herald_model_load_seconds"}
    assert {dict(labels)["pid"] for _, labels in gauges} == {"101", "102", "300"}
    # Counters and histograms are unchanged; only the dead workers' live gauges left.
    assert {key: value for key, value in before.items() if key not in gauges} == \
        {key: value for key, value in after.items() if key[0] != "herald_model_load_seconds"}
    assert [dict(labels)["pid"] for name, labels in after if name == "herald_model_load_seconds"] == ["300"]
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "counter_300.db", "counter_archive.db", "gauge_liveall_300.db", "histogram_300.db", "histogram_archive.db"]

    # The live worker counts on; folding it later gives the same totals again.
    _record(multiprocess(300), {"200": 1, "404": 1}, 0.3)
    later = samples(live.exposition().decode())
    fold_dead_worker(300, str(tmp_path))
    assert {k: v for k, v in samples(live.exposition().decode()).items() if k[0] != "herald_model_load_seconds"} == \
        {k: v for k, v in later.items() if k[0] != "herald_model_load_seconds"}


def test_a_fold_waits_for_a_scrape_in_progress(multiprocess: Callable[[int], Metrics], tmp_path: Path) -> None:
    """A scrape holds the directory's lock shared; the fold waits for it, so no scrape sees half a fold."""
    _record(multiprocess(101), {"200": 1}, 0.1)
    scrape = os.open(tmp_path, os.O_RDONLY)
    fcntl.flock(scrape, fcntl.LOCK_SH)
    fold = threading.Thread(target=fold_dead_worker, args=(101, str(tmp_path)))
    fold.start()
    time.sleep(0.3)
    assert (tmp_path / "counter_101.db").exists() and not (tmp_path / "counter_archive.db").exists()
    os.close(scrape)
    fold.join(timeout=5)
    assert not (tmp_path / "counter_101.db").exists() and (tmp_path / "counter_archive.db").exists()


def test_a_file_that_cannot_be_folded_stays_and_the_hook_does_not_raise(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv(MULTIPROC_ENV, str(tmp_path))
    corrupt = tmp_path / "counter_77.db"
    corrupt.write_bytes(struct.pack("ii", 64, 0) + struct.pack("i", 1000) + bytes(52))  # an entry past the end
    mark_worker_dead(77)  # gunicorn's master would stop if a hook raised
    assert corrupt.exists()
    assert "could not fold the metrics of worker 77" in caplog.text


# --- the metrics directory -------------------------------------------------------------------

def _stale_file(path: Path) -> None:
    """A metrics file as a worker of an earlier run would have left it."""
    stale = MmapedDict(str(path))
    stale.write_value(mmap_key("herald_stale", "herald_stale_total", [], [], "Left by an earlier run."), 1000.0, 0.0)
    stale.close()


def test_reset_removes_only_metrics_files_of_an_operator_directory(tmp_path: Path) -> None:
    _stale_file(tmp_path / "counter_1.db")
    (tmp_path / "gauge_liveall_1.db").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("the operator's")
    (tmp_path / "volume.db").mkdir()  # not a file: not ours either
    reset_directory(str(tmp_path))
    assert sorted(path.name for path in tmp_path.iterdir()) == ["notes.txt", "volume.db"]
    missing = tmp_path / "new" / "metrics"
    reset_directory(str(missing))
    assert missing.is_dir()


def test_only_a_directory_the_service_created_is_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    operator = tmp_path / "operator"
    operator.mkdir()
    monkeypatch.delenv(CREATED_ENV, raising=False)
    assert remove_created_directory(str(operator)) is False
    monkeypatch.setenv(CREATED_ENV, str(tmp_path / "another"))
    assert remove_created_directory(str(operator)) is False
    assert operator.is_dir()
    created = tmp_path / "herald-metrics-x"
    created.mkdir()
    (created / "counter_archive.db").write_bytes(b"")
    monkeypatch.setenv(CREATED_ENV, str(created))
    assert remove_created_directory(str(created)) is True
    assert not created.exists()


# --- through gunicorn ------------------------------------------------------------------------

@contextmanager
def _fake_gunicorn(env: dict[str, str], *args: str) -> Iterator[str]:
    """gunicorn.conf.py serving the fake-extractor app (no models: starts in about a second)."""
    port = free_port()
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "WEB_CONCURRENCY": "1", **env}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", *args, "tests.fakes:create_fake_app()"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, "gunicorn exited at start-up"
            try:
                if requests.get(f"{base}/healthz", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                pass
            assert time.monotonic() < deadline, "gunicorn did not answer /healthz within 30 s"
            time.sleep(0.2)
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0


def test_recycled_workers_are_folded_and_an_operator_directory_is_kept(tmp_path: Path) -> None:
    """A worker replaced every 10 requests: totals only grow, and no file is left per dead worker."""
    directory = tmp_path / "metrics"
    directory.mkdir()
    _stale_file(directory / "counter_1.db")
    (directory / "notes.txt").write_text("the operator's")
    sent = 1  # the health check that found gunicorn ready
    last = 0.0
    with _fake_gunicorn({MULTIPROC_ENV: str(directory)}, "--max-requests", "10", "--max-requests-jitter", "0") as base:
        for _ in range(6):  # 43 requests: the fifth worker has answered 3 of its 10
            for _ in range(6):
                assert requests.get(f"{base}/healthz", timeout=10).status_code == 200
            exposition = requests.get(f"{base}/metrics", timeout=10).text
            assert "herald_stale" not in exposition
            # Requests answered so far: the health checks, plus the scrapes before this one.
            sent += 7
            assert request_total(exposition) == sent - 1 >= last
            last = request_total(exposition)
        # Four workers have been replaced by now; only the live one has files of its own.
        assert (directory / "counter_archive.db").is_file()
        assert len(list(directory.glob("counter_[0-9]*.db"))) == 1
    # Every worker was folded when it died, the last ones at shut-down; the directory stays.
    assert sorted(path.name for path in directory.iterdir()) == ["counter_archive.db", "histogram_archive.db",
                                                                 "notes.txt"]
    totals = {key: value for (key, value, _, _) in MmapedDict.read_all_values_from_file(
        str(directory / "counter_archive.db")) if '"herald_http_requests_total"' in key}
    assert sum(totals.values()) == sent


def test_a_directory_the_service_made_is_removed_at_exit(tmp_path: Path) -> None:
    env = {"TMPDIR": str(tmp_path), MULTIPROC_ENV: "", CREATED_ENV: ""}
    with _fake_gunicorn(env) as base:
        assert requests.get(f"{base}/metrics", timeout=10).status_code == 200
        assert [path.name[:15] for path in tmp_path.iterdir()] == ["herald-metrics-"]
    assert list(tmp_path.iterdir()) == []


def test_random_methods_keep_the_series_count_bounded_under_gunicorn() -> None:
    """The real service (two workers, real models): 50 made-up methods add one method label, not fifty."""
    with running_server() as base:
        before = samples(requests.get(f"{base}/metrics", timeout=30).text)
        for method in random_methods(50, seed=1):
            requests.request(method, f"{base}/v1/extract", timeout=30)
        after = samples(requests.get(f"{base}/metrics", timeout=30).text)
    methods = {dict(labels)["method"] for (name, labels) in after if name.startswith("herald_http_request")}
    assert methods <= HTTP_METHODS | {"OTHER"}
    # One OTHER series per metric (a counter and a 19-series histogram), and /metrics' own GET.
    assert len(after) - len(before) <= 45
