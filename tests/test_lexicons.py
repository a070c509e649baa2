"""The lexicon files of service/data: loaded and checked in one place, every key read, a broken
file stopping the start-up with the file and key named (service/extract/lexicons.py)."""

from __future__ import annotations

import copy
import dataclasses
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from schemas import LANGUAGES
from service.extract import build_extractor, lexicons
from service.extract.lexicons import LexiconError, Lexicons, available_languages, load_lexicons

DATA = Path(str(lexicons.data_root()))
EXTRACT = Path(lexicons.__file__).resolve().parent
#: The stage modules that read the lexicons.
STAGES = ("cleaning.py", "entities.py", "timexes.py", "quotes.py", "events.py", "references.py")


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of service/data that the loader reads instead (cache emptied before and after)."""
    root = tmp_path / "data"
    shutil.copytree(DATA, root, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    monkeypatch.setattr(lexicons, "data_root", lambda: root)
    lexicons.clear_cache()
    yield root
    lexicons.clear_cache()


def _edit(path: Path, change: Any) -> None:
    content = json.loads(path.read_text(encoding="utf-8"))
    change(content)
    path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")


def _key_paths(value: object, prefix: str = "") -> Iterator[tuple[str, tuple[str | int, ...]]]:
    """(dotted path as the loader names it, path of keys and indices) of every object key but comments."""

    def walk(node: object, dotted: str, steps: tuple[str | int, ...]) -> Iterator[tuple[str, tuple[str | int, ...]]]:
        if isinstance(node, dict):
            for key, child in node.items():
                if key == lexicons.COMMENT:
                    continue
                path = f"{dotted}.{key}" if dotted else key
                yield path, (*steps, key)
                yield from walk(child, path, (*steps, key))
        elif isinstance(node, list):
            for i, child in enumerate(node):
                yield from walk(child, f"{dotted}[{i}]", (*steps, i))

    yield from walk(value, prefix, ())


def _english_files() -> list[Path]:
    return sorted(DATA.glob("*.json"))


def test_the_shipped_lexicons_load() -> None:
    lexicons.clear_cache()
    lex = load_lexicons()
    assert isinstance(lex, Lexicons) and lex.language == "en"
    assert load_lexicons("en") is lex  # read once per language
    assert "say" in lex.cues.indirect and "according" in lex.cues.according
    assert lex.entities.title_max_words == 3
    assert lex.boilerplate.trailing and lex.boilerplate.line


def test_every_language_the_api_accepts_has_lexicons() -> None:
    assert set(LANGUAGES) <= set(available_languages())
    assert set(lexicons.load_all()) == set(available_languages())


def test_the_loader_reads_every_file(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    real_open = lexicons._open

    def recording(folder: Any, name: str) -> Any:
        opened.append(name)
        return real_open(folder, name)

    monkeypatch.setattr(lexicons, "_open", recording)
    load_lexicons()
    assert sorted(set(opened)) == sorted(p.name for p in _english_files())


@pytest.mark.parametrize("name", [p.name for p in _english_files()])
def test_every_key_is_read(data: Path, name: str) -> None:
    """Without any one of its keys a file is rejected, naming the file and that key: the loader
    reads every key (and rejects those it does not, below)."""
    original = json.loads((data / name).read_text(encoding="utf-8"))
    paths = list(_key_paths(original))
    assert paths
    for dotted, steps in paths:
        broken = copy.deepcopy(original)
        parent = broken
        for step in steps[:-1]:
            parent = parent[step]
        del parent[steps[-1]]
        (data / name).write_text(json.dumps(broken, ensure_ascii=False), encoding="utf-8")
        lexicons.clear_cache()
        with pytest.raises(LexiconError) as caught:
            load_lexicons()
        assert Path(caught.value.file).name == name, (dotted, str(caught.value))
        assert caught.value.key == dotted, str(caught.value)
        assert name in str(caught.value) and dotted in str(caught.value)
    (data / name).write_text(json.dumps(original, ensure_ascii=False), encoding="utf-8")


def _leaf_fields() -> list[tuple[str, str]]:
    out = []
    for section in dataclasses.fields(Lexicons):
        if section.name == "language":
            continue
        out.append(("Lexicons", section.name))
        cls = getattr(lexicons, str(section.type))
        out.extend((cls.__name__, field.name) for field in dataclasses.fields(cls))
    return out


@pytest.mark.parametrize(("owner", "field"), _leaf_fields())
def test_every_lexicon_field_is_read_by_a_stage(owner: str, field: str) -> None:
    """Each value the loader hands over is read (as an attribute, not a method) by a stage."""
    pattern = re.compile(rf"\.{field}\b(?!\()")
    readers = [name for name in STAGES if pattern.search((EXTRACT / name).read_text(encoding="utf-8"))]
    assert readers, f"{owner}.{field} is read by no stage of service/extract"


def test_no_stage_opens_a_data_file_itself() -> None:
    for name in (*STAGES, "timenorm.py", "__init__.py"):
        source = (EXTRACT / name).read_text(encoding="utf-8")
        assert "service.data" not in source and "resources.files" not in source, name
        assert "json.load" not in source and "import json" not in source, name


def test_an_unknown_key_is_rejected(data: Path) -> None:
    _edit(data / "events.json", lambda d: d.__setitem__("light_verb", ["have"]))
    with pytest.raises(LexiconError, match=r"events\.json: light_verb: unknown key"):
        load_lexicons()


def test_an_unknown_nested_key_is_rejected(data: Path) -> None:
    _edit(data / "cues.json", lambda d: d["limits"].__setitem__("max_attribution", 120))
    with pytest.raises(LexiconError, match=r"cues\.json: limits\.max_attribution: unknown key"):
        load_lexicons()


@pytest.mark.parametrize(("name", "change", "key", "problem"), [
    ("cues.json", lambda d: d["limits"].__setitem__("max_attribution_chars", "120"), "limits.max_attribution_chars",
     "whole number"),
    ("cues.json", lambda d: d["limits"].__setitem__("speaker_words", True), "limits.speaker_words", "whole number"),
    ("events.json", lambda d: d.__setitem__("negations", "not"), "negations", "expected a list"),
    ("events.json", lambda d: d["nouns"].insert(0, "Summit"), "nouns[0]", "lower-case"),
    ("events.json", lambda d: d["nouns"].insert(1, "talk"), "nouns[1]", "listed twice"),
    ("timexes.json", lambda d: d["plan_words"].append(""), "plan_words[11]", "non-empty string"),
    ("timexes.json", lambda d: d["limits"].__setitem__("max_segment_words", 0), "limits.max_segment_words",
     "at least 1"),
    ("aliases.json", lambda d: d["groups"].append([]), "groups[13]", "non-empty list"),
    ("aliases.json", lambda d: d["limits"].__setitem__("acronym_max_chars", 1), "limits.acronym_max_chars",
     "acronym_min_chars"),
    ("boilerplate.json", lambda d: d["line"].insert(0, {"reason": "x", "pattern": "(unclosed"}), "line[0].pattern",
     "regular expression"),
    ("boilerplate.json", lambda d: d["trailing"][0].__setitem__("why", "x"), "trailing[0].why", "unknown key"),
    ("boilerplate.json", lambda d: d["trailing_limits"].__setitem__("max_tail_share", 1.5),
     "trailing_limits.max_tail_share", "at most 1"),
    ("pronouns.json", lambda d: d["group"].append("he"), "person", "also in"),
    ("pronouns.json", lambda d: d.__setitem__("person", {"he": 1}), "person", "expected a list"),
])
def test_a_malformed_value_names_file_and_key(data: Path, name: str, change: Any, key: str, problem: str) -> None:
    _edit(data / name, change)
    with pytest.raises(LexiconError) as caught:
        load_lexicons()
    assert Path(caught.value.file).name == name
    assert caught.value.key == key
    assert problem in str(caught.value) and f"{name}: {key}:" in str(caught.value)


def test_a_file_that_is_not_json_is_named(data: Path) -> None:
    (data / "timexes.json").write_text('{"plan_words": ["due",]}', encoding="utf-8")
    with pytest.raises(LexiconError, match=r"timexes\.json: not valid JSON"):
        load_lexicons()


def test_a_missing_file_is_named(data: Path) -> None:
    (data / "pronouns.json").unlink()
    with pytest.raises(LexiconError, match=r"pronouns\.json: missing file"):
        load_lexicons()


def test_lexicons_are_keyed_by_language(data: Path) -> None:
    """A second language is a folder of the same files and a line in languages.json."""
    (data / "xx").mkdir()
    for path in data.glob("*.json"):
        if path.name != "languages.json":
            shutil.copy(path, data / "xx" / path.name)
    _edit(data / "xx" / "cues.json", lambda d: d.__setitem__("according", ["laut"]))
    _edit(data / "languages.json", lambda d: d.__setitem__("xx", "xx"))
    assert available_languages() == ("en", "xx")
    assert load_lexicons("xx").cues.according == {"laut"}
    assert load_lexicons("en").cues.according == {"according"}
    with pytest.raises(LexiconError, match=r"languages\.json: fr: no lexicons for this language"):
        load_lexicons("fr")
    (data / "xx" / "events.json").unlink()
    lexicons.clear_cache()
    with pytest.raises(LexiconError, match=r"xx/events\.json: missing file"):
        load_lexicons("xx")


def test_a_language_folder_outside_the_data_is_rejected(data: Path) -> None:
    _edit(data / "languages.json", lambda d: d.__setitem__("xx", "../elsewhere"))
    with pytest.raises(LexiconError, match=r"languages\.json: xx: expected a folder"):
        load_lexicons()


def test_build_extractor_stops_at_start_up_on_a_malformed_file(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A broken file stops the service when the extractor is built (before any model loads),
    not on the first request."""
    _edit(data / "cues.json", lambda d: d["limits"].pop("max_attribution_chars"))

    def no_models(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the models load before the lexicons are checked")

    import service.nlp

    monkeypatch.setattr(service.nlp, "StanzaNlp", no_models)
    with pytest.raises(LexiconError) as caught:
        build_extractor(SimpleNamespace(models_dir=None, torch_threads=1))
    message = str(caught.value)
    assert "cues.json" in message and "limits.max_attribution_chars" in message and "missing" in message
