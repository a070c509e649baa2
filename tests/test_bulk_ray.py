"""The Ray Data runner (service/bulk_ray.py) writes the records the bulk command writes.

A documented check, not part of ``make test``'s requirements: Ray is some 500 MB installed, so
the module is skipped where ``ray`` is not importable; ``make bulk-ray-check`` installs
requirements-bulk.txt and runs it.  A local Ray (2 CPUs, 2 actors) on a few short real news
documents with the real models, compared with :func:`extract_records` run in this process, by
id (Ray does not keep the order), ``stats.elapsed_ms`` left out.  Also the command's own Parquet
IN and OUT, which needs pyarrow, a requirement of ray[data].
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ray = pytest.importorskip("ray", reason="ray is not installed: pip install -r requirements-bulk.txt")

import pyarrow  # noqa: E402  (after the skip: a requirement of ray[data])
import pyarrow.parquet  # noqa: E402

from service import bulk, bulk_ray  # noqa: E402
from service.bulk import extract_records, load_worker, read_documents  # noqa: E402
from service.config import Config  # noqa: E402

TEXTS = [
    "Emmanuel Macron met Olaf Scholz in Paris on Monday. \"We will act together,\" Macron told reporters.",
    "The European Union said on Tuesday that it would meet again next week to discuss the budget.",
    "\"The talks were constructive,\" said Keir Starmer, who flew to Washington on Sunday.",
    "Donald Trump and Hillary Clinton clashed over trade in Las Vegas on Wednesday night.",
    "Angela Merkel said Germany would not change course. Her spokesman declined to comment.",
    "Officials in Brussels expected the vote on Thursday, according to a statement.",
]


def _jsonl(path: Path) -> None:
    """Six documents (one without an id, one dated), a line that is not JSON and a 422 document."""
    lines = [json.dumps({"id": f"r{i}", "text": text}) for i, text in enumerate(TEXTS[:4])]
    lines += [json.dumps({"text": TEXTS[4]}), json.dumps({"id": "r5", "text": TEXTS[5], "date": "2025-02-17"}),
              "{not json", "", json.dumps({"id": "bad", "text": 5})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def keyed(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Records by id, without the one field that differs between runs (``stats.elapsed_ms``)."""
    def timeless(record: dict[str, Any]) -> dict[str, Any]:
        if "stats" not in record:
            return record
        return {**record, "stats": {k: v for k, v in record["stats"].items() if k != "elapsed_ms"}}

    by_id = {record["id"]: timeless(record) for record in records}
    assert len(by_id) == len(records), "ids repeat"
    return by_id


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    saved = dict(os.environ)
    os.environ.setdefault("HERALD_LOG_LEVEL", "WARNING")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        yield
    finally:
        ray.shutdown()
        # Later tests start servers with this process's environment (a leftover WARNING level hid
        # gunicorn's INFO lines from tests/test_gunicorn.py).
        os.environ.clear()
        os.environ.update(saved)


@pytest.fixture(scope="module")
def expected(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """The records of the JSONL input, from the one batch function in this process."""
    source = tmp_path_factory.mktemp("in") / "in.jsonl"
    _jsonl(source)
    extractor, config = load_worker(Config.from_env(os.environ))
    return keyed(extract_records(extractor, list(read_documents(source)), config))


def test_ray_writes_the_records_of_extract_records(local_ray: None, expected: dict[str, dict[str, Any]],
                                                   tmp_path: Path) -> None:
    source, target = tmp_path / "in.jsonl", tmp_path / "out"
    _jsonl(source)
    bulk_ray.run(str(source), str(target), actors=2)
    lines = [line for path in sorted(target.glob("*.jsonl")) for line in path.read_text("utf-8").splitlines()]
    got = keyed([json.loads(line) for line in lines])
    assert set(got) == {"r0", "r1", "r2", "r3", "line-5", "r5", "line-7", "bad"}
    assert got["line-7"]["problem"]["status"] == 400 and got["bad"]["problem"]["status"] == 422
    assert got == expected
    assert all(line == bulk.record_json(json.loads(line)) for line in lines)  # the command's very lines


def test_parquet_in_and_out_ray_and_the_command(local_ray: None, expected: dict[str, dict[str, Any]],
                                                tmp_path: Path) -> None:
    source = tmp_path / "in.parquet"
    rows = [{"id": f"r{i}", "text": text, "date": None} for i, text in enumerate(TEXTS[:4])]
    rows += [{"id": None, "text": TEXTS[4], "date": None}, {"id": "r5", "text": TEXTS[5], "date": "2025-02-17"}]
    pyarrow.parquet.write_table(pyarrow.Table.from_pylist(rows), source)
    want = {k: v for k, v in expected.items() if k not in ("line-7", "bad")}  # rows 1-6 are lines 1-6
    bulk_ray.run(str(source), str(tmp_path / "ray.parquet"), actors=2)
    table = pyarrow.parquet.read_table(tmp_path / "ray.parquet")
    assert table.column_names == ["id", "record"]
    assert keyed([json.loads(r) for r in table["record"].to_pylist()]) == want
    out = tmp_path / "command.parquet"
    bulk.run(source, out, Config.from_env(os.environ), workers=1, resume=False)
    table = pyarrow.parquet.read_table(out)
    assert table["id"].to_pylist() == ["r0", "r1", "r2", "r3", "line-5", "r5"]  # the command keeps the order
    assert keyed([json.loads(r) for r in table["record"].to_pylist()]) == want
    with pytest.raises(FileExistsError, match="Parquet OUT cannot be resumed"):
        bulk.run(source, out, Config(), workers=1, resume=True)
