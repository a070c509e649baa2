"""Processing budget (503 instead of a stuck worker), chunking of long texts, Prometheus metrics, Server-Timing."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from prometheus_client.parser import text_string_to_metric_families

from service.extract.cleaning import bounded_chunks
from tests.conftest import ARTICLE
from tests.fakes import FakeExtractor
from tests.test_api import assert_problem

TEXT = ARTICLE.split("\n", 1)[1]


def metric(exposition: str, name: str, **labels: str) -> float:
    """The value of one sample in a Prometheus text exposition (0.0 when absent)."""
    for family in text_string_to_metric_families(exposition):
        for sample in family.samples:
            if sample.name == name and sample.labels == labels:
                return float(sample.value)
    return 0.0


def test_over_budget_is_a_503_problem(make_app: Callable[..., Flask]) -> None:
    app = make_app(FakeExtractor(seconds=1.2), request_budget_s=1)
    client = app.test_client()
    response = client.post("/v1/extract", json={"text": TEXT})
    body = assert_problem(response, 503)
    assert response.headers["Retry-After"] == "5"
    assert "HERALD_REQUEST_BUDGET_S" in body["detail"]
    exposition = client.get("/metrics").get_data(as_text=True)
    assert metric(exposition, "herald_requests_over_budget_total") == 1.0
    assert metric(exposition, "herald_http_requests_total", route="/v1/extract", method="POST", status="503") == 1.0


def test_waiting_for_a_busy_worker_counts_against_the_budget(make_app: Callable[..., Flask]) -> None:
    """A request queued behind a long one gives up at its deadline instead of piling up."""
    fake = FakeExtractor(seconds=1.5)
    app = make_app(fake, request_budget_s=1)
    state = app.extensions["herald"]
    state.lock.acquire()  # another request holds this worker's models
    releaser = threading.Timer(2.0, state.lock.release)
    releaser.start()
    try:
        started = time.monotonic()
        response = app.test_client().post("/v1/extract", json={"text": TEXT})
        waited = time.monotonic() - started
    finally:
        releaser.join()
    assert_problem(response, 503)
    assert waited < 1.8
    assert fake.calls == []  # never reached the models


def test_within_budget_answers_with_server_timing(make_app: Callable[..., Flask]) -> None:
    response = make_app(FakeExtractor(seconds=0.05), request_budget_s=5).test_client().post(
        "/v1/extract", json={"text": TEXT})
    assert response.status_code == 200
    timing = response.headers["Server-Timing"]
    assert timing.startswith("nlp;dur=") and float(timing.split("=")[1]) >= 50.0


def test_metrics_count_requests_documents_and_words(make_app: Callable[..., Flask]) -> None:
    client = make_app().test_client()
    for _ in range(3):
        assert client.post("/v1/extract", json={"text": TEXT}).status_code == 200
    batch = client.post("/v1/extract/batch", json={"documents": [{"text": TEXT}, {"text": TEXT}, {"text": ""}]})
    assert batch.status_code == 200
    assert client.post("/v1/extract", json={"text": ""}).status_code == 422
    assert client.get("/no/such/page").status_code == 404
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.content_type == "text/plain; version=0.0.4; charset=utf-8"
    exposition = response.get_data(as_text=True)
    ok = {"method": "POST", "status": "200"}
    assert metric(exposition, "herald_http_requests_total", route="/v1/extract", **ok) == 3.0
    assert metric(exposition, "herald_http_requests_total", route="/v1/extract/batch", **ok) == 1.0
    assert metric(exposition, "herald_http_requests_total", route="/v1/extract", method="POST", status="422") == 1.0
    # Unknown paths share one label value, so scanners cannot blow up the series count.
    assert metric(exposition, "herald_http_requests_total", route="unmatched", method="GET", status="404") == 1.0
    assert metric(exposition, "herald_documents_processed_total") == 5.0
    assert metric(exposition, "herald_words_processed_total") > 0
    assert metric(exposition, "herald_characters_processed_total") == 5.0 * len(TEXT)
    assert metric(exposition, "herald_http_request_duration_seconds_count", route="/v1/extract", method="POST") == 4.0
    assert metric(exposition, "herald_stage_duration_seconds_count", stage="nlp") == 4.0
    assert "herald_model_load_seconds" in exposition


def test_bounded_chunks_cover_a_long_paragraph_exactly() -> None:
    sentence = "Emmanuel Macron said on Monday that “Europe must act now.” "
    text = "  " + sentence * 300 + "x" * 7000 + " end"
    chunks = bounded_chunks(text, 0, len(text), 5000)
    assert all(0 < end - start <= 5000 for start, end in chunks)
    assert chunks[0][0] == 2 and chunks[-1][1] == len(text)
    # Only whitespace lies between consecutive chunks, and they stay in order.
    for (_, end), (start, _) in zip(chunks, chunks[1:], strict=False):
        assert end <= start and text[end:start].strip() == ""
    # Sentence ends are preferred: each chunk before the x-run ends with a closing quote.
    assert all(text[end - 2:end] == ".”" for _, end in chunks[:3])
    # A run with no break at all is cut hard at the limit.
    assert bounded_chunks("x" * 12000, 0, 12000, 5000) == [(0, 5000), (5000, 10000), (10000, 12000)]


def test_heap_is_trimmed_after_each_extraction_response(make_app: Callable[..., Flask],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """After an extraction's response is closed the worker gives freed memory back (glibc malloc_trim)."""
    calls: list[int] = []
    monkeypatch.setattr("service.http.routes.release_memory", lambda: calls.append(1) or True)
    client = make_app().test_client()
    response = client.post("/v1/extract", json={"text": TEXT})
    assert response.status_code == 200
    response.close()
    assert calls == [1]
    client.get("/healthz").close()
    assert calls == [1]  # only extractions pay for it


def test_release_memory_works_on_this_c_library() -> None:
    from service.memory import release_memory

    assert release_memory() is True  # glibc (Debian, the container's python:3.11-slim)


HEAP_PROBE = """
import sys
from service.memory import set_mmap_threshold
if sys.argv[1] != "0":
    assert set_mmap_threshold(int(sys.argv[1]))
a = bytearray(20 << 20)
del a  # glibc's adaptive threshold now rises to 20 MB ...
b = bytearray(10 << 20)  # ... so without a fixed one this block comes from the heap
heap = 0
for line in open("/proc/self/maps"):
    if line.rstrip().endswith("[heap]"):
        start, end = (int(x, 16) for x in line.split()[0].split("-"))
        heap += end - start
print(heap >> 20)
"""


@pytest.mark.parametrize(("threshold", "large_heap"), [(0, True), (4 << 20, False)])
def test_a_fixed_mmap_threshold_keeps_large_blocks_out_of_the_heap(threshold: int, large_heap: bool) -> None:
    """With glibc's adaptive threshold a freed 20 MB block makes the next 10 MB one a heap block, whose
    hole cannot be trimmed while smaller objects live above it; a fixed threshold maps it instead."""
    out = subprocess.run([sys.executable, "-c", HEAP_PROBE, str(threshold)], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parent.parent)
    assert (int(out.stdout) >= 10) is large_heap


def test_the_mmap_threshold_is_configured_and_bounded() -> None:
    from service.config import DEFAULT_MMAP_THRESHOLD, Config, ConfigError

    assert Config().malloc_mmap_threshold == DEFAULT_MMAP_THRESHOLD == 0
    assert Config.from_env({"HERALD_MALLOC_MMAP_THRESHOLD": "4194304"}).malloc_mmap_threshold == 4 << 20
    for bad in ("-1", "33554433", "4MB"):
        with pytest.raises(ConfigError, match="HERALD_MALLOC_MMAP_THRESHOLD"):
            Config.from_env({"HERALD_MALLOC_MMAP_THRESHOLD": bad})
