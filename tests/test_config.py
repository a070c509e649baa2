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
                               "request_budget_s": 60, "read_timeout_s": 20, "max_stream_bytes": 50_000_000,
                               "max_stream_documents": 10_000, "max_html_chars": 2_000_000}
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
        ("HERALD_MAX_STREAM_BYTES", "0"),
        ("HERALD_MAX_STREAM_DOCUMENTS", "many"),
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
        "import sys, service.app, service.__main__, service.http.openapi, schemas; "
        "loaded = sorted({'stanza', 'torch'} & set(sys.modules)); "
        "sys.exit(f'loaded at import time: {loaded}' if loaded else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


# ---- access control: API keys, /metrics, allowed origins ---------------------------------------

KEY_A = "0123456789abcdef-key-a"
KEY_B = "0123456789abcdef-key-b"


def test_access_control_defaults_are_off() -> None:
    config = Config.from_env({})
    assert (config.api_keys, config.api_keys_file, config.file_api_keys, config.all_api_keys) == ((), None, (), ())
    assert (config.metrics_public, config.allowed_origins) == (False, ())
    assert not {"api_keys", "api_keys_file", "allowed_origins", "metrics_public"} & set(config.limits())


def test_reads_access_control_variables(tmp_path: Path) -> None:
    keys_file = tmp_path / "keys"
    keys_file.write_text(f"# comment\r\n\r\n  {KEY_B}  # ingest job\r\n{KEY_A}\n", encoding="utf-8")
    config = Config.from_env(
        {
            "HERALD_API_KEYS": f" {KEY_A} , {KEY_B},{KEY_A}",
            "HERALD_API_KEYS_FILE": f" {keys_file} ",
            "HERALD_METRICS_PUBLIC": "yes",
            "HERALD_ALLOWED_ORIGINS": "https://Newsroom.Example:443, http://localhost:3000 ,http://127.0.0.1:80",
        }
    )
    assert config.api_keys == (KEY_A, KEY_B)
    assert (config.api_keys_file, config.file_api_keys) == (keys_file, (KEY_B, KEY_A))
    assert config.all_api_keys == (KEY_A, KEY_B)
    assert config.metrics_public is True
    assert config.allowed_origins == ("https://newsroom.example", "http://localhost:3000", "http://127.0.0.1")
    assert Config.from_env({"HERALD_ALLOWED_ORIGINS": " * "}).allowed_origins == ("*",)
    assert Config.from_env({"HERALD_ALLOWED_ORIGINS": " "}).allowed_origins == ()
    assert Config.from_env({"HERALD_API_KEYS_FILE": str(keys_file)}).all_api_keys == (KEY_B, KEY_A)


def test_keys_are_never_shown(tmp_path: Path) -> None:
    keys_file = tmp_path / "keys"
    keys_file.write_text(KEY_B + "\n", encoding="utf-8")
    config = Config(api_keys=(KEY_A,), api_keys_file=keys_file)
    assert KEY_A not in repr(config) and KEY_B not in repr(config)
    with pytest.raises(ConfigError) as error:
        Config.from_env({"HERALD_API_KEYS": f"{KEY_A},secret-short"})
    assert "key 2 is 12 characters long" in str(error.value)
    assert "secret" not in str(error.value) and KEY_A not in str(error.value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "set but holds no key"),
        ("   ", "set but holds no key"),
        ("short", "key 1 is 5 characters long"),
        (f"{KEY_A},,{KEY_B}", "key 2 is 0 characters long"),
        (f"{KEY_A},", "key 2 is 0 characters long"),
        ("x" * 257, "key 1 is 257 characters long"),
        ("0123456789 abcdef", "key 1 has a character other than visible ASCII"),
        ("0123456789abcdefé", "key 1 has a character other than visible ASCII"),
    ],
)
def test_invalid_api_keys(value: str, message: str) -> None:
    with pytest.raises(ConfigError, match=f"HERALD_API_KEYS: {message}|HERALD_API_KEYS is {message}"):
        Config.from_env({"HERALD_API_KEYS": value})


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "holds no key"),
        ("# only a comment\n\n   \n", "holds no key"),
        (f"{KEY_A}\nshort\n", "line 2 of .* is 5 characters long"),
        (f"{KEY_A} {KEY_B}\n", "line 1 of .* is not one key"),
        (f"{KEY_A}#not-a-comment-without-space,\n", "line 1 of .* has a character other than visible ASCII"),
    ],
)
def test_invalid_keys_file(tmp_path: Path, content: str, message: str) -> None:
    keys_file = tmp_path / "keys"
    keys_file.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=f"HERALD_API_KEYS_FILE: .*{message}"):
        Config.from_env({"HERALD_API_KEYS_FILE": str(keys_file)})


def test_unreadable_keys_file_names_the_variable(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="HERALD_API_KEYS_FILE: cannot read the keys file .*No such file"):
        Config.from_env({"HERALD_API_KEYS_FILE": str(tmp_path / "missing")})
    with pytest.raises(ConfigError, match="HERALD_API_KEYS_FILE: cannot read the keys file .*Is a directory"):
        Config.from_env({"HERALD_API_KEYS_FILE": str(tmp_path)})
    (tmp_path / "latin1").write_bytes(b"0123456789abcdef\xe9\n")
    with pytest.raises(ConfigError, match="HERALD_API_KEYS_FILE: cannot read the keys file .*UnicodeDecodeError"):
        Config.from_env({"HERALD_API_KEYS_FILE": str(tmp_path / "latin1")})
    with pytest.raises(ConfigError, match="HERALD_API_KEYS_FILE must be a file path"):
        Config.from_env({"HERALD_API_KEYS_FILE": " "})
    # Overrides are read as well (a path given as a string, too).
    with pytest.raises(ConfigError, match="HERALD_API_KEYS_FILE: cannot read"):
        Config().replace({"api_keys_file": str(tmp_path / "missing")})


@pytest.mark.parametrize(
    "value",
    [
        "newsroom.example",
        "https://newsroom.example/",
        "https://newsroom.example/app",
        "ftp://newsroom.example",
        "https://newsroom.example:99999",
        "https://user@newsroom.example",
        "*,https://newsroom.example",
        "https://a.example,,https://b.example",
        "null",
    ],
)
def test_invalid_allowed_origins(value: str) -> None:
    with pytest.raises(ConfigError, match="HERALD_ALLOWED_ORIGINS"):
        Config.from_env({"HERALD_ALLOWED_ORIGINS": value})


def test_access_control_overrides_are_validated() -> None:
    with pytest.raises(ConfigError, match="HERALD_API_KEYS: key 1 is 3"):
        Config(api_keys=("abc",))
    with pytest.raises(ConfigError, match="HERALD_API_KEYS must be a sequence"):
        Config(api_keys=KEY_A)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="HERALD_METRICS_PUBLIC must be a boolean"):
        Config(metrics_public="yes")  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="HERALD_ALLOWED_ORIGINS"):
        Config(allowed_origins=("https://x.example/",))
    with pytest.raises(ConfigError, match="unknown configuration keys: file_api_keys"):
        Config().replace({"file_api_keys": (KEY_A,)})
    assert Config(allowed_origins=["HTTPS://X.Example"]).allowed_origins == ("https://x.example",)
