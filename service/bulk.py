"""Bulk extraction: many documents in, one result record each out, the records the API returns.

:func:`extract_records` (defined in :mod:`service.http.records`, re-exported here) is the one
batch function every bulk path uses (the ``bulk`` command here, ``POST /v1/extract/stream``, a
cluster runner): raw documents (decoded JSON objects with the fields
of ``POST /v1/extract``) go through the API's own validation (:func:`~service.http.documents.parse_document`)
and extraction (:func:`~service.http.documents.run_extraction`), so a record is exactly the body
``/v1/extract`` answers for that document (``stats.elapsed_ms`` aside), or, for a document that
could not be analysed, a problem record ``{"id", "line", "problem": {RFC 9457 body}}``.

``python -m service bulk IN OUT`` reads JSONL (``.gz`` by extension), runs ``--workers``
processes with one torch thread each, and appends each record to OUT as one line as soon as
it is known, in input order.  ``--resume`` first drops a last line cut short by a crash or
``kill -9``, then skips every document whose id OUT already holds: nothing is lost and nothing
written twice.  A document without an ``id`` gets ``line-<n>`` (its line number in IN), so that
resuming can recognise it.

Parquet, where pyarrow is installed (``requirements-bulk.txt``), chosen by the ``.parquet``
extension: an IN of one row per document (the fields of ``/v1/extract`` as columns; a null is
an absent field; row ``n`` counts as line ``n``), an OUT of two string columns, ``id`` and
``record`` (the record as JSON text: records are nested and differ in shape, a problem record
has none of an analysis's fields, so one JSON column keeps them exactly as the JSONL lines).
A Parquet file cut short has no footer and cannot be read, so OUT is written as
``OUT.partial`` and renamed when complete, and a Parquet OUT is never resumed.
:mod:`service.bulk_ray` reads and writes both formats with these same functions.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import gzip
import importlib.util
import io
import json
import multiprocessing
import os
import sys
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from service.config import Config, ConfigError
from service.extract.contract import Extractor
from service.http.records import CHUNK, BadLine, chunks, decode_line, extract_records, is_blank, record_id

__all__ = ["CHUNK", "BadLine", "Summary", "done_ids", "extract_records", "is_parquet", "load_worker", "open_text",
           "parquet_table", "read_documents", "read_lines", "record_id", "record_json", "run"]


# -- files ---------------------------------------------------------------------------------------


def open_text(path: Path, mode: str) -> IO[str]:
    """A text file, gzip-compressed when its name ends in ``.gz``."""
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, mode + "b"), encoding="utf-8")  # type: ignore[arg-type]
    return path.open(mode, encoding="utf-8")


def is_parquet(name: str) -> bool:
    """Whether a file (or, for Ray, a directory) is Parquet: its name ends in ``.parquet``."""
    return name.rstrip("/").endswith(".parquet")


def read_lines(name: str, binary: IO[bytes]) -> Iterator[tuple[int, str]]:
    """``(line number, JSON text)`` of each document of one input file, whatever its format.

    JSONL (gzip when ``name`` ends in ``.gz``): every non-blank line, as read in text mode.
    Parquet: each row as a JSON object (see the module docstring).  Text, not decoded values,
    so that a Ray task can ship it to an actor in an Arrow column and both runners decode it the
    same way (:func:`decode_line`).
    """
    if is_parquet(name):
        yield from _parquet_lines(binary)
        return
    stream: IO[bytes] = gzip.GzipFile(fileobj=binary) if name.endswith(".gz") else binary  # type: ignore[assignment]
    for number, line in enumerate(io.TextIOWrapper(stream, encoding="utf-8"), 1):
        if not is_blank(line):
            yield number, line


def read_documents(path: Path) -> Iterator[tuple[int, Any]]:
    """``(line number, decoded JSON or a :class:`BadLine`)`` for every document of IN."""
    with path.open("rb") as binary:
        for number, text in read_lines(path.name, binary):
            yield number, decode_line(text)


def _parquet_lines(binary: IO[bytes]) -> Iterator[tuple[int, str]]:
    """Each row of a Parquet file as a JSON object without its null fields; row ``n`` is line ``n``."""
    import pyarrow.parquet

    number = 0
    for batch in pyarrow.parquet.ParquetFile(binary).iter_batches(batch_size=1024):
        for row in batch.to_pylist():
            number += 1
            fields = {key: value for key, value in row.items() if value is not None}
            yield number, json.dumps(fields, ensure_ascii=False, default=_json_value)


def _json_value(value: Any) -> str:
    """A Parquet value JSON has no type for: a date as ``YYYY-MM-DD``, anything else as its text."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat()
    return str(value)


def record_json(record: dict[str, Any]) -> str:
    """A record as one JSON text: a JSONL line of OUT (without its newline), a Parquet ``record`` value."""
    return json.dumps(record, ensure_ascii=False)


def parquet_table(records: list[dict[str, Any]]) -> Any:
    """Records as an Arrow table of two string columns, ``id`` and ``record`` (see the module docstring)."""
    import pyarrow

    return pyarrow.table({"id": pyarrow.array([r["id"] for r in records], pyarrow.string()),
                          "record": pyarrow.array([record_json(r) for r in records], pyarrow.string())})


def done_ids(path: Path) -> set[str]:
    """The ids OUT already holds, after cutting off a last line a crash left unfinished."""
    if not path.exists():
        return set()
    if path.suffix != ".gz":
        _drop_partial_line(path)
    ids: set[str] = set()
    complete: list[str] = []
    try:
        with open_text(path, "r") as handle:
            for line in handle:
                try:
                    ids.add(json.loads(line)["id"])
                    complete.append(line if line.endswith("\n") else line + "\n")
                except (json.JSONDecodeError, KeyError, TypeError):
                    break  # a record cut short: it and anything after it are redone
    except (EOFError, gzip.BadGzipFile):
        pass  # a gzip member cut short by a crash
    if path.suffix == ".gz":
        with open_text(path, "w") as handle:  # keep only the records that survived whole
            handle.writelines(complete)
    return ids


def _drop_partial_line(path: Path, block: int = 1 << 16) -> None:
    """Cut the file after its last newline, reading backwards (OUT may be far larger than memory)."""
    with path.open("rb+") as handle:
        end = handle.seek(0, os.SEEK_END)
        position = end
        while position > 0:
            start = max(0, position - block)
            handle.seek(start)
            newline = handle.read(position - start).rfind(b"\n")
            if newline >= 0:
                if start + newline + 1 < end:
                    handle.truncate(start + newline + 1)
                return
            position = start
        handle.truncate(0)


# -- the command -----------------------------------------------------------------------------------


@dataclass
class Summary:
    documents: int = 0
    tokens: int = 0  # analysed tokens (punctuation included, boilerplate left out)
    errors: int = 0
    skipped: int = 0
    started: float = field(default_factory=time.perf_counter)

    def line(self) -> str:
        seconds = time.perf_counter() - self.started
        rate = self.tokens / seconds if seconds > 0 else 0.0
        return (f"herald bulk: {self.documents} documents ({self.skipped} already done), {self.tokens} tokens "
                f"analysed, {self.errors} errors, {seconds:.1f} s, {rate:,.0f} tokens/s")


def worker_config(config: Config) -> Config:
    """A bulk worker's configuration: one torch thread (one process per core is the measured best layout)."""
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    return dataclasses.replace(config, torch_threads=1)


def load_worker(config: Config) -> tuple[Extractor, Config]:
    """The extractor of one bulk worker process (pool process or Ray actor), models loaded once, and its config."""
    from service.extract import build_extractor

    config = worker_config(config)
    return build_extractor(config), config


_WORKER_EXTRACTOR: Extractor | None = None
_WORKER_CONFIG: Config | None = None


def _start_worker(config: Config) -> None:
    """Pool initializer: one torch thread, the models loaded once per process."""
    global _WORKER_EXTRACTOR, _WORKER_CONFIG
    _WORKER_EXTRACTOR, _WORKER_CONFIG = load_worker(config)


def _work(chunk: list[tuple[int, Any]]) -> list[dict[str, Any]]:
    assert _WORKER_EXTRACTOR is not None and _WORKER_CONFIG is not None
    return extract_records(_WORKER_EXTRACTOR, chunk, _WORKER_CONFIG)


def _finished(source: Path, target: Path, resume: bool) -> set[str]:
    """The ids already in OUT, after refusing what cannot run (an OUT not to be resumed, Parquet without pyarrow)."""
    if (is_parquet(source.name) or is_parquet(target.name)) and importlib.util.find_spec("pyarrow") is None:
        raise ConfigError("a .parquet IN or OUT needs pyarrow: pip install -r requirements-bulk.txt")
    if target.exists() and is_parquet(target.name):
        raise FileExistsError(f"{target} exists: a Parquet OUT cannot be resumed; remove it or choose another file")
    if target.exists() and not resume:
        raise FileExistsError(f"{target} exists: pass --resume to continue it, or choose another file")
    return done_ids(target) if resume else set()


def run(source: Path, target: Path, config: Config, *, workers: int, resume: bool) -> Summary:
    """Extract every document of ``source`` into ``target`` (see the module docstring)."""
    finished = _finished(source, target, resume)
    summary = Summary()

    def pending() -> Iterator[tuple[int, Any]]:
        for line, raw in read_documents(source):
            if record_id(line, raw) in finished:
                summary.skipped += 1
            else:
                yield line, raw

    pending_chunks = chunks(pending(), CHUNK)
    config = worker_config(config)  # before the pool starts: OMP_NUM_THREADS is read at torch's import
    context = multiprocessing.get_context("spawn")  # torch and fork do not mix
    progress = _progress()
    with _output(target) as out, context.Pool(workers, _start_worker, (config,)) as pool:
        # At most two chunks per worker in flight: memory stays bounded whatever IN's length
        # (Pool.imap would read all of IN ahead), and records are written in input order.
        in_flight: deque[Any] = deque()
        for chunk in pending_chunks:
            in_flight.append(pool.apply_async(_work, (chunk,)))
            if len(in_flight) >= 2 * workers:
                _write(out, in_flight.popleft().get(), summary, progress)
        while in_flight:
            _write(out, in_flight.popleft().get(), summary, progress)
    if progress is not None:
        progress.close()
    return summary


class _JsonLinesOut:
    """OUT as JSONL: each record one line, appended and flushed as soon as its chunk is done."""

    def __init__(self, target: Path) -> None:
        self._handle = open_text(target, "a")

    def write(self, records: list[dict[str, Any]]) -> None:
        self._handle.writelines(record_json(record) + "\n" for record in records)
        self._handle.flush()

    def close(self, complete: bool) -> None:
        self._handle.close()


class _ParquetOut:
    """OUT as Parquet (``id``, ``record``): row groups of ``ROWS`` records into ``OUT.partial``, renamed at the end."""

    ROWS = 1024

    def __init__(self, target: Path) -> None:
        import pyarrow
        import pyarrow.parquet

        self._target = target
        self._partial = target.with_name(target.name + ".partial")
        schema = pyarrow.schema([("id", pyarrow.string()), ("record", pyarrow.string())])
        self._writer = pyarrow.parquet.ParquetWriter(self._partial, schema)
        self._pending: list[dict[str, Any]] = []

    def write(self, records: list[dict[str, Any]]) -> None:
        self._pending.extend(records)
        if len(self._pending) >= self.ROWS:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            self._writer.write_table(parquet_table(self._pending))
            self._pending = []

    def close(self, complete: bool) -> None:
        if complete:
            self._flush()
        self._writer.close()
        if complete:
            self._partial.replace(self._target)


@contextlib.contextmanager
def _output(target: Path) -> Iterator[_JsonLinesOut | _ParquetOut]:
    """OUT's writer by its extension; a Parquet OUT becomes OUT only if the run completes."""
    out = _ParquetOut(target) if is_parquet(target.name) else _JsonLinesOut(target)
    complete = False
    try:
        yield out
        complete = True
    finally:
        out.close(complete)


def _write(out: _JsonLinesOut | _ParquetOut, records: list[dict[str, Any]], summary: Summary, progress: Any) -> None:
    out.write(records)
    for record in records:
        summary.documents += 1
        summary.errors += "problem" in record
        summary.tokens += _tokens(record)
    if progress is not None:
        progress.update(len(records))


def _tokens(record: dict[str, Any]) -> int:
    """A record's analysed tokens (boilerplate left out); 0 for a problem record."""
    stats = record.get("stats") or {}
    return int(stats.get("tokens", 0))


def _progress() -> Any:
    """A tqdm progress bar (documents/s, elapsed) on a terminal; None when stderr is not one."""
    if not sys.stderr.isatty():
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    return tqdm(unit="doc", desc="herald bulk", file=sys.stderr)
