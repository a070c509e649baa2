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
"""

from __future__ import annotations

import dataclasses
import gzip
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

from service.config import Config
from service.extract.contract import Extractor
from service.http.records import CHUNK, BadLine, chunks, decode_line, extract_records, is_blank, record_id

__all__ = ["CHUNK", "BadLine", "Summary", "done_ids", "extract_records", "open_text", "read_documents", "record_id",
           "run"]


# -- files ---------------------------------------------------------------------------------------


def open_text(path: Path, mode: str) -> IO[str]:
    """A text file, gzip-compressed when its name ends in ``.gz``."""
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, mode + "b"), encoding="utf-8")  # type: ignore[arg-type]
    return path.open(mode, encoding="utf-8")


def read_documents(path: Path) -> Iterator[tuple[int, Any]]:
    """``(line number, decoded JSON or a :class:`BadLine`)`` for every non-blank line of IN."""
    with open_text(path, "r") as handle:
        for number, line in enumerate(handle, 1):
            if not is_blank(line):
                yield number, decode_line(line)


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


_WORKER_EXTRACTOR: Extractor | None = None
_WORKER_CONFIG: Config | None = None


def _start_worker(config: Config) -> None:
    """Pool initializer: one torch thread, the models loaded once per process."""
    global _WORKER_EXTRACTOR, _WORKER_CONFIG
    from service.extract import build_extractor

    _WORKER_CONFIG = config
    _WORKER_EXTRACTOR = build_extractor(config)


def _work(chunk: list[tuple[int, Any]]) -> list[dict[str, Any]]:
    assert _WORKER_EXTRACTOR is not None and _WORKER_CONFIG is not None
    return extract_records(_WORKER_EXTRACTOR, chunk, _WORKER_CONFIG)


def run(source: Path, target: Path, config: Config, *, workers: int, resume: bool) -> Summary:
    """Extract every document of ``source`` into ``target`` (see the module docstring)."""
    if target.exists() and not resume:
        raise FileExistsError(f"{target} exists: pass --resume to continue it, or choose another file")
    finished = done_ids(target) if resume else set()
    summary = Summary()

    def pending() -> Iterator[tuple[int, Any]]:
        for line, raw in read_documents(source):
            if record_id(line, raw) in finished:
                summary.skipped += 1
            else:
                yield line, raw

    pending_chunks = chunks(pending(), CHUNK)
    # One torch thread per process: with one process per core, the measured best layout.
    config = dataclasses.replace(config, torch_threads=1)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    context = multiprocessing.get_context("spawn")  # torch and fork do not mix
    progress = _progress()
    with open_text(target, "a") as out, context.Pool(workers, _start_worker, (config,)) as pool:
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


def _write(out: IO[str], records: list[dict[str, Any]], summary: Summary, progress: Any) -> None:
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        summary.documents += 1
        summary.errors += "problem" in record
        summary.tokens += _tokens(record)
    out.flush()
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
