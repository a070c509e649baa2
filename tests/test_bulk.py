"""Bulk extraction (service/bulk.py): the same records as the API, problem records for bad lines,
and a run killed midway that resumes with nothing lost and nothing written twice."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask

from service.bulk import BadLine, done_ids, extract_records, read_documents
from service.config import Config
from tests.fakes import FakeExtractor

ROOT = Path(__file__).resolve().parent.parent


def without_time(record: dict[str, Any]) -> dict[str, Any]:
    return {**record, "stats": {k: v for k, v in record["stats"].items() if k != "elapsed_ms"}}


def test_a_record_is_the_body_the_api_answers(make_app: Callable[..., Flask]) -> None:
    document = {"id": "a1", "text": "Emmanuel Macron met Olaf Scholz in Paris on Monday.", "date": "2025-02-17"}
    fake = FakeExtractor()
    (record,) = extract_records(fake, [(1, document)], Config())
    answer = make_app(extractor=fake).test_client().post("/v1/extract", json=document)
    assert answer.status_code == 200
    assert without_time(record) == without_time(answer.get_json())


def test_bad_lines_become_problem_records_and_the_others_go_on() -> None:
    documents = [(1, {"id": "ok", "text": "Paris is calm."}), (2, BadLine("not json\n")), (3, {"text": 5}),
                 (4, {"text": "No id here."})]
    records = extract_records(FakeExtractor(), documents, Config())
    assert [r["id"] for r in records] == ["ok", "line-2", "line-3", "line-4"]
    assert [r.get("problem", {}).get("status") for r in records] == [None, 400, 422, None]
    assert records[1]["problem"]["type"] and records[1]["line"] == 2


def test_input_lines_are_read_with_their_numbers(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl.gz"
    with gzip.open(source, "wt", encoding="utf-8") as handle:
        handle.write('{"text": "A."}\n\n{oops\n')
    assert list(read_documents(source)) == [(1, {"text": "A."}), (3, BadLine("{oops\n"))]


def test_resume_drops_a_record_cut_short(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "a"}\n{"id": "b"}\n{"id": "c", "entit', encoding="utf-8")
    assert done_ids(out) == {"a", "b"}
    assert out.read_text(encoding="utf-8") == '{"id": "a"}\n{"id": "b"}\n'


def _documents(path: Path, count: int) -> None:
    sentences = ["Emmanuel Macron met Olaf Scholz in Paris on Monday.",
                 "\"We will act,\" Keir Starmer told reporters on Sunday.",
                 "The European Union said it would meet again next week."]
    with path.open("w", encoding="utf-8") as handle:
        for i in range(count):
            text = " ".join(sentences[(i + j) % 3] for j in range(3))
            handle.write(json.dumps({"id": f"d{i:03d}", "text": text, "date": "2025-02-17"}) + "\n")


def _bulk(source: Path, target: Path, *extra: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "HERALD_LOG_LEVEL": "WARNING"}
    return subprocess.Popen([sys.executable, "-m", "service", "bulk", str(source), str(target), "--workers", "1",
                             *extra], cwd=ROOT, env=env, stderr=subprocess.PIPE, start_new_session=True)


def test_a_run_killed_midway_resumes_without_loss_or_duplicates(tmp_path: Path) -> None:
    source, killed, clean = tmp_path / "in.jsonl", tmp_path / "killed.jsonl", tmp_path / "clean.jsonl"
    _documents(source, 60)
    run = _bulk(source, killed)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and run.poll() is None:
        if killed.exists() and killed.read_bytes().count(b"\n") >= 10:
            break
        time.sleep(0.05)
    os.killpg(run.pid, signal.SIGKILL)  # the command and its worker process, as a crash would
    run.wait()
    written = killed.read_bytes().count(b"\n")
    assert 10 <= written < 60, written
    resumed = _bulk(source, killed, "--resume")
    _, err = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, err.decode()
    assert b"already done" in err
    full = _bulk(source, clean)
    full.communicate(timeout=300)
    got = [json.loads(line) for line in killed.read_text(encoding="utf-8").splitlines()]
    want = [json.loads(line) for line in clean.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in got] == [f"d{i:03d}" for i in range(60)]
    assert [without_time(r) for r in got] == [without_time(r) for r in want]
