"""Start a real gunicorn (``python -m service serve``, real models) on a free loopback port, for tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import requests

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_server(output: IO[bytes] | None = None, workers: int = 2,
                   env: dict[str, str] | None = None) -> Iterator[str]:
    """Yield the base URL once ``/readyz`` answers 200; SIGTERM the server afterwards.

    gunicorn's stdout and stderr (JSON logs) go to ``output``, or to a temporary file (a pipe
    nobody reads would fill up and block the server); they are shown if it dies at start-up.
    """
    port = free_port()
    env = {**os.environ, "PORT": str(port), "HOST": "127.0.0.1", "WEB_CONCURRENCY": str(workers), **(env or {})}
    log = output if output is not None else tempfile.TemporaryFile()
    proc = subprocess.Popen([sys.executable, "-m", "service", "serve"], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    try:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                shown = b""
                if output is None:
                    log.seek(0)
                    shown = log.read()[-4000:]
                raise AssertionError(f"gunicorn exited with status {proc.returncode}: {shown.decode(errors='replace')}")
            try:
                if requests.get(f"{base}/readyz", timeout=10).status_code == 200:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.5)
        else:
            raise AssertionError("gunicorn did not become ready in 180 s")
        yield base
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        if output is None:
            log.close()


@contextmanager
def running_fake_app(log: Path, env: dict[str, str]) -> Iterator[str]:
    """gunicorn with the project's config and worker class serving the fake app (tests/fakes.py)
    with ``env`` on top of the process's, one worker; yield its URL once ``/healthz`` answers."""
    port = free_port()
    full_env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "WEB_CONCURRENCY": "1", **env}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "tests.fakes:create_fake_app()"],
            cwd=ROOT, env=full_env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(f"{url}/healthz", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "gunicorn did not answer /healthz within 30 s"
            time.sleep(0.2)
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
