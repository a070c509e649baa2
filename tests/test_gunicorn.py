"""gunicorn.conf.py and the JSON logs, through a real gunicorn process serving the fake-extractor app over HTTP."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEXT = "Keir Starmer met Donald Tusk in Warsaw on Monday."


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _request(url: str, data: bytes | None = None, content_type: str | None = None) -> tuple[int, Any]:
    request = urllib.request.Request(url, data=data, headers={"Content-Type": content_type} if content_type else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, Path]]:
    """gunicorn with the project's config, one worker, the fake app; yields (base url, stdout file, stderr file)."""
    port = _free_port()
    logs = tmp_path_factory.mktemp("gunicorn")
    out, err = logs / "stdout", logs / "stderr"
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "WEB_CONCURRENCY": "1"}
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "tests.fakes:create_fake_app()"],
            cwd=ROOT,
            env=env,
            stdout=stdout,
            stderr=stderr,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if _request(f"{base}/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert process.poll() is None, err.read_text()
            assert time.monotonic() < deadline, "gunicorn did not answer /healthz within 30 s"
            time.sleep(0.2)
        yield base, out, err
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def test_serves_the_api_over_http(server: tuple[str, Path, Path]) -> None:
    base, _, _ = server
    assert _request(f"{base}/readyz") == (200, {"status": "ok"})
    status, body = _request(f"{base}/v1/extract?date=2025-02-17", TEXT.encode(), "text/plain")
    assert status == 200 and body["date"] == "2025-02-17"
    status, body = _request(f"{base}/v1/extract", b"{", "application/json")
    assert (status, body["status"]) == (400, 400)


def test_logs_are_json_lines_without_text(server: tuple[str, Path, Path]) -> None:
    base, out, err = server
    _request(f"{base}/v1/extract", json.dumps({"text": TEXT}).encode(), "application/json")
    time.sleep(0.3)  # let the worker flush its access log line
    access = [json.loads(line) for line in out.read_text().splitlines() if line.strip()]
    errors = [json.loads(line) for line in err.read_text().splitlines() if line.strip()]
    assert any(entry["path"] == "/v1/extract" and entry["status"] == 200 for entry in access)
    assert all(entry["message"] == "access" and entry["request_id"] for entry in access)
    assert any(entry["logger"] == "gunicorn.error" for entry in errors)
    assert any(entry["message"] == "extracted" for entry in errors)
    assert "Starmer" not in out.read_text() + err.read_text()
