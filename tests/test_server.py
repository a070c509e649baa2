"""A real gunicorn process with the real models, over HTTP on loopback."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from tests.gunicorn_server import running_server
from tests.openapi_check import committed_checker

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_213a62ba50b0ddfd.txt"


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with running_server() as base:
        yield base


def conforms(resp: requests.Response, method: str, path: str) -> requests.Response:
    """Check a real server's response against the committed openapi.yaml."""
    mimetype = resp.headers["Content-Type"].split(";")[0].strip()
    committed_checker().check(method, path, resp.status_code, mimetype, resp.json())
    return resp


def test_plain_text_seed_over_http(server: str) -> None:
    body = SEED.read_bytes()
    resp = requests.post(f"{server}/v1/extract", data=body, headers={"Content-Type": "text/plain"}, timeout=60)
    assert resp.status_code == 200, resp.text
    conforms(resp, "POST", "/v1/extract")
    assert resp.headers["Content-Type"].startswith("application/json")
    data = resp.json()
    text = body.decode("utf-8")
    assert data["date"] == "2025-02-17" and data["date_source"] == "text"
    assert {"Emmanuel Macron", "Keir Starmer", "NATO", "Paris"} <= {e["name"] for e in data["entities"]}
    for entity in data["entities"]:
        for m in entity["mentions"]:
            assert text[m["start"]:m["end"]] == m["text"]
    assert data["boilerplate"][0]["reason"] == "donation appeal"


def test_json_with_date_over_http(server: str) -> None:
    payload = {"text": "Olaf Scholz said on Sunday that Germany would act.", "date": "2025-02-17", "id": "doc-1"}
    resp = requests.post(f"{server}/v1/extract", json=payload, timeout=60)
    assert resp.status_code == 200, resp.text
    conforms(resp, "POST", "/v1/extract")
    data = resp.json()
    assert data["id"] == "doc-1" and data["date_source"] == "request"
    sunday = next(t for t in data["timexes"] if t["text"] == "Sunday")
    assert sunday["value"] == "2025-02-16"


def test_batch_over_http(server: str) -> None:
    docs = [{"text": "Emmanuel Macron spoke in Paris."}, {"text": ""}, {"text": "NATO met in Brussels."}]
    resp = requests.post(f"{server}/v1/extract/batch", json={"documents": docs}, timeout=60)
    assert resp.status_code == 200, resp.text
    conforms(resp, "POST", "/v1/extract/batch")
    results = resp.json()["results"]
    assert len(results) == 3
    assert results[1]["status"] == 422
    assert "Emmanuel Macron" in {e["name"] for e in results[0]["entities"]}
    assert "NATO" in {e["name"] for e in results[2]["entities"]}


def test_errors_over_http(server: str) -> None:
    resp = requests.post(f"{server}/v1/extract", data=b"{not json", headers={"Content-Type": "application/json"},
                         timeout=10)
    assert resp.status_code == 400
    assert resp.headers["Content-Type"].startswith("application/problem+json")
    conforms(resp, "POST", "/v1/extract")
    problem = resp.json()
    assert problem["status"] == 400 and "Traceback" not in json.dumps(problem)
    assert requests.get(f"{server}/healthz", timeout=10).status_code == 200


def test_metrics_add_up_across_workers(server: str) -> None:
    """/metrics merges both gunicorn workers' counters: every request is counted once, whichever worker took it."""

    def count(route: str) -> float:
        text = requests.get(f"{server}/metrics", timeout=10).text
        return sum(sample.value for family in text_string_to_metric_families(text) for sample in family.samples
                   if sample.name == "herald_http_requests_total" and sample.labels["route"] == route)

    before = count("/healthz")
    with ThreadPoolExecutor(4) as pool:
        statuses = list(pool.map(lambda _: requests.get(f"{server}/healthz", timeout=10).status_code, range(40)))
    assert statuses == [200] * 40
    assert count("/healthz") - before == 40
    load = requests.get(f"{server}/metrics", timeout=10).text
    assert "herald_model_load_seconds" in load and "herald_words_processed_total" in load


def test_long_paragraph_is_chunked_with_exact_offsets(server: str) -> None:
    """A 30,000-character text with no line break goes to Stanza in bounded chunks; offsets stay exact."""
    sentence = "Emmanuel Macron met Olaf Scholz in Paris on Monday, and Donald Tusk spoke in Warsaw. "
    text = sentence * (30_000 // len(sentence))
    resp = requests.post(f"{server}/v1/extract", json={"text": text, "date": "2025-02-17"},
                         headers={"X-Request-ID": "long-doc-1"}, timeout=120)
    assert resp.status_code == 200, resp.text[:500]
    assert resp.headers["X-Request-ID"] == "long-doc-1"
    assert resp.headers["Server-Timing"].startswith("cleaning;dur=")
    data = resp.json()
    macron = next(e for e in data["entities"] if e["name"] == "Emmanuel Macron")
    last = max(m["end"] for m in macron["mentions"])
    assert len(macron["mentions"]) == text.count("Emmanuel Macron") and last > 29_000
    for entity in data["entities"]:
        for m in entity["mentions"]:
            assert text[m["start"]:m["end"]] == m["text"]
    assert data["stats"]["sentences"] >= text.count(". ")


def test_extract_command_prints_the_api_json() -> None:
    """`python -m service extract FILE` gives the same JSON as the API, without a server."""
    proc = subprocess.run([sys.executable, "-m", "service", "extract", str(SEED), "--date", "2025-02-17"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = json.loads(proc.stdout)
    assert data["date"] == "2025-02-17" and data["date_source"] == "request"
    assert "Emmanuel Macron" in {e["name"] for e in data["entities"]}
