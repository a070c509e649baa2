"""Configuration from HERALD_* variables: defaults, parsing, clear errors, overrides in create_app."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from service.app import create_app
from service.config import DEFAULT_MODELS_DIR, Config, ConfigError
from tests.fakes import FakeExtractor

ROOT = Path(__file__).resolve().parent.parent


def test_defaults() -> None:
    config = Config.from_env({})
    assert config == Config()
    assert config.models_dir == DEFAULT_MODELS_DIR == ROOT / "models"
    assert config.limits() == {"max_text_chars": 100_000, "max_body_bytes": 1_000_000, "max_batch": 32,
                               "request_budget_s": 60}
    assert (config.torch_threads, config.log_level, config.log_text) == (1, "INFO", False)


def test_reads_every_variable() -> None:
    config = Config.from_env(
        {
            "HERALD_MODELS_DIR": "/opt/models",
            "HERALD_MAX_TEXT_CHARS": "500",
            "HERALD_MAX_BODY_BYTES": "2048",
            "HERALD_MAX_BATCH": " 4 ",
            "HERALD_TORCH_THREADS": "2",
            "HERALD_LOG_LEVEL": "debug",
            "HERALD_LOG_TEXT": "true",
            "HERALD_VALIDATE_RESPONSES": "1",
            "HERALD_REQUEST_BUDGET_S": "9",
            "UNRELATED": "x",
        }
    )
    assert config == Config(Path("/opt/models"), 500, 2048, 4, 2, "DEBUG", True, True, 9)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("HERALD_MAX_TEXT_CHARS", "lots"),
        ("HERALD_MAX_BODY_BYTES", "0"),
        ("HERALD_MAX_BATCH", "-1"),
        ("HERALD_TORCH_THREADS", "1.5"),
        ("HERALD_REQUEST_BUDGET_S", "0"),
        ("HERALD_LOG_LEVEL", "LOUD"),
        ("HERALD_LOG_TEXT", "maybe"),
        ("HERALD_MODELS_DIR", " "),
    ],
)
def test_invalid_values_name_the_variable(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=name):
        Config.from_env({name: value})


def test_create_app_reads_env_and_applies_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HERALD_MAX_BATCH", "5")
    app = create_app({"max_text_chars": 9}, extractor=FakeExtractor())
    config = app.extensions["herald"].config
    assert (config.max_batch, config.max_text_chars) == (5, 9)
    assert app.config["MAX_CONTENT_LENGTH"] == config.max_body_bytes


def test_create_app_rejects_bad_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ConfigError, match="unknown configuration keys: max_txt"):
        create_app({"max_txt": 1}, extractor=FakeExtractor())
    with pytest.raises(ConfigError, match="HERALD_MAX_BATCH"):
        create_app({"max_batch": 0}, extractor=FakeExtractor())
    monkeypatch.setenv("HERALD_LOG_TEXT", "perhaps")
    with pytest.raises(ConfigError, match="HERALD_LOG_TEXT"):
        create_app(extractor=FakeExtractor())


def test_importing_the_web_layer_loads_no_nlp() -> None:
    """The app, schemas and CLI import neither Stanza nor torch (only build_extractor does, lazily)."""
    code = (
        "import sys, service.app, service.__main__, service.openapi, schemas; "
        "loaded = sorted({'stanza', 'torch'} & set(sys.modules)); "
        "sys.exit(f'loaded at import time: {loaded}' if loaded else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
