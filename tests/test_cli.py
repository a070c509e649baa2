"""``python -m service``: extract without a server, serve (argv handed to gunicorn), openapi --check."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from service import __main__ as cli
from tests.conftest import ARTICLE
from tests.fakes import FakeExtractor
from tests.openapi_check import committed_checker


@pytest.fixture
def fake_extractor(monkeypatch: pytest.MonkeyPatch) -> FakeExtractor:
    fake = FakeExtractor()
    monkeypatch.setattr(cli, "_load_extractor", lambda config: fake)
    return fake


def test_extract_prints_the_api_json(
    tmp_path: Path, fake_extractor: FakeExtractor, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    assert cli.main(["extract", str(article), "--date", "2025-02-18", "--id", "seed"]) == 0
    body = json.loads(capsys.readouterr().out)
    committed_checker().check("POST", "/v1/extract", 200, "application/json", body)
    assert (body["id"], body["date"], body["date_source"]) == ("seed", "2025-02-18", "request")
    assert fake_extractor.calls[0][0].text == ARTICLE


def test_extract_rejects_invalid_input_like_the_api(
    tmp_path: Path, fake_extractor: FakeExtractor, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "article.txt"
    article.write_text("Macron met Starmer.", encoding="utf-8")
    assert cli.main(["extract", str(article), "--date", "2025-02-30"]) == 1
    problem = json.loads(capsys.readouterr().err)
    assert problem["status"] == 422 and list(problem["errors"]) == ["date"]
    article.write_bytes(b"\xff\xfe")
    assert cli.main(["extract", str(article)]) == 2
    assert cli.main(["extract", str(tmp_path / "missing.txt")]) == 2
    assert fake_extractor.calls == []


def test_serve_execs_gunicorn_with_the_config(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, list[str]]] = []

    def fake_execv(path: str, argv: list[str]) -> Any:
        calls.append((path, argv))

    monkeypatch.setattr(cli.os, "execv", fake_execv)
    assert cli.main(["serve", "--host", "127.0.0.1", "--port", "9000", "--workers", "1"]) == 0
    (_, argv), = calls
    assert argv[1:5] == ["-m", "gunicorn", "--config", str(cli.GUNICORN_CONF)]
    assert argv[5:] == ["--bind", "127.0.0.1:9000", "--workers", "1"]
    assert cli.GUNICORN_CONF.is_file()


def test_serve_refuses_invalid_configuration(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HERALD_MAX_BATCH", "many")
    monkeypatch.setattr(cli.os, "execv", lambda *args: pytest.fail("gunicorn started with a bad configuration"))
    assert cli.main(["serve"]) == 2
    assert "HERALD_MAX_BATCH" in capsys.readouterr().err


def test_openapi_check_passes_on_the_committed_file() -> None:
    assert cli.main(["openapi", "--check"]) == 0

