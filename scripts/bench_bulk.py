"""Bulk throughput in one run: the bare pipeline, ``python -m service bulk`` and the Ray runner.

Usage::

    python -m scripts.bench_bulk [--corpora ../shared/corpora] [--articles 200] [--workers 2] [--skip-ray]

Input: the first ``--articles`` PolNeAR train articles in file-name order (``polnear/train/text``),
id = file name, date = ``publication_date`` of ``metadata.tsv``, as one JSONL file: the set of
the first bulk measurement (200 articles, 122,003 whitespace words).  On the same cores, one
after the other:

- **bare**: ``--workers`` processes (one torch thread each) call ``extract_many`` on the
  documents directly, chunks of 8 handed out as workers free up: the pipeline without
  validation, serialisation or files.  The fair yardstick for both runners on these cores.
- **cli**: ``python -m service bulk IN OUT --workers N`` in a subprocess; OUT is polled.
- **ray**: ``ray.init(num_cpus=N)`` and :func:`service.bulk_ray.records` with N actors, the
  runner's own dataset, consumed with ``iter_batches`` so each result's arrival is seen
  (``run`` writes the same rows to files, and here only at the end).

For each: wall time from start (processes or Ray started, models loaded, included) to the last
record; time to first result; words/s end to end; and words/s once running, i.e. the words of the
records that arrived after the first one over the time from the first to the last (start-up and
the first chunk left out, the same way for all three); peak RSS of the largest worker and the sum
(VmHWM from /proc, polled); for Ray the actors', plus all of Ray's processes (raylet, GCS, ...).
The CLI's and Ray's records are compared, by id, without ``stats.elapsed_ms``.
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHUNK = 8


# -- input -----------------------------------------------------------------------------------------


def polnear_documents(corpora: Path, count: int) -> list[dict[str, str]]:
    """The first ``count`` PolNeAR train articles (file-name order) as documents with id and date."""
    polnear = corpora / "polnear"
    dates: dict[str, str] = {}
    with (polnear / "metadata.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            dates[row["filename"]] = row["publication_date"]
    documents = []
    for path in sorted((polnear / "train" / "text").glob("*.txt"))[:count]:
        document = {"id": path.stem, "text": path.read_text(encoding="utf-8")}
        if dates.get(path.stem, "None") != "None":
            document["date"] = dates[path.stem]
        documents.append(document)
    return documents


# -- measuring -------------------------------------------------------------------------------------


def _status_kb(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def descendants(root: int) -> list[int]:
    """Every live process below ``root`` (by parent pid)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int(Path(entry, "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, stack = [], [root]
    while stack:
        for child in children.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found


@dataclass
class Peaks:
    """Peak RSS (VmHWM, MB) of the processes ``pids()`` names, polled in a thread; ``groups`` split them."""

    pids: Callable[[], Iterable[int]]
    groups: dict[str, Callable[[str], bool]]
    peak_mb: dict[int, float] = field(default_factory=dict)
    group_of: dict[int, str] = field(default_factory=dict)
    total_mb: dict[str, float] = field(default_factory=dict)  # the largest sum of current RSS seen, by group

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()

    def _poll(self) -> None:
        while not self._stop.wait(0.25):
            current: dict[str, float] = {}
            for pid in self.pids():
                if self.group_of.get(pid, "other") == "other":  # again: a Ray worker takes its name later
                    command = _cmdline(pid)
                    self.group_of[pid] = next((g for g, test in self.groups.items() if test(command)), "other")
                hwm = _status_kb(pid, "VmHWM") / 1024
                if hwm:
                    self.peak_mb[pid] = max(self.peak_mb.get(pid, 0.0), hwm)
                group = self.group_of[pid]
                current[group] = current.get(group, 0.0) + _status_kb(pid, "VmRSS") / 1024
            for group, total in current.items():
                self.total_mb[group] = max(self.total_mb.get(group, 0.0), total)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def of(self, group: str) -> tuple[float, float, int]:
        """(largest peak, sum of peaks, processes) of one group."""
        peaks = [mb for pid, mb in self.peak_mb.items() if self.group_of.get(pid) == group]
        return (max(peaks, default=0.0), sum(peaks), len(peaks))


@dataclass
class Result:
    name: str
    started: float
    arrivals: list[tuple[float, int]] = field(default_factory=list)  # (time, words) per result
    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    memory: str = ""

    def row(self, words: int, bare: Result | None) -> str:
        times = sorted(t for t, _ in self.arrivals)
        first, last = times[0], times[-1]
        after_first = sum(w for t, w in self.arrivals if t > first)
        running = after_first / (last - first)
        ratio = f"{100 * running / bare.running():.0f} %" if bare is not None and bare is not self else "-"
        return (f"| {self.name} | {last - self.started:.1f} | {first - self.started:.1f} | "
                f"{words / (last - self.started):,.0f} | {running:,.0f} | {ratio} | {self.memory} |")

    def running(self) -> float:
        times = sorted(t for t, _ in self.arrivals)
        return sum(w for t, w in self.arrivals if t > times[0]) / (times[-1] - times[0])


def timeless(record: dict[str, Any]) -> dict[str, Any]:
    if "stats" not in record:
        return record
    return {**record, "stats": {k: v for k, v in record["stats"].items() if k != "elapsed_ms"}}


# -- bare ------------------------------------------------------------------------------------------

_EXTRACTOR: Any = None


def _bare_start() -> None:
    global _EXTRACTOR
    from service.bulk import load_worker
    from service.config import Config

    _EXTRACTOR, _ = load_worker(Config.from_env(os.environ))


def _bare_chunk(chunk: list[dict[str, str]]) -> tuple[float, int]:
    """Analyse one chunk with ``extract_many``: (finish time, words)."""
    import datetime as dt

    from service.extract.contract import ExtractRequest

    requests = [ExtractRequest(text=d["text"], id=d["id"],
                               date=dt.date.fromisoformat(d["date"]) if "date" in d else None) for d in chunk]
    _EXTRACTOR.extract_many(requests)
    return time.time(), sum(len(d["text"].split()) for d in chunk)


def run_bare(documents: list[dict[str, str]], workers: int) -> Result:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    peaks = Peaks(lambda: descendants(os.getpid()), {"worker": lambda c: "spawn_main" in c})
    result = Result(f"bare pipeline, {workers} processes", time.time())
    chunks = [documents[i:i + CHUNK] for i in range(0, len(documents), CHUNK)]
    with multiprocessing.get_context("spawn").Pool(workers, _bare_start) as pool:
        result.arrivals = list(pool.imap_unordered(_bare_chunk, chunks))
    peaks.stop()
    largest, total, count = peaks.of("worker")
    result.memory = f"{largest:,.0f} MB / {total:,.0f} MB ({count} workers)"
    return result


# -- the command -----------------------------------------------------------------------------------


def run_cli(source: Path, target: Path, words_of: dict[str, int], workers: int) -> Result:
    env = {**os.environ, "HERALD_LOG_LEVEL": "WARNING"}
    result = Result(f"`python -m service bulk --workers {workers}`", time.time())
    command = subprocess.Popen([sys.executable, "-m", "service", "bulk", str(source), str(target), "--workers",
                                str(workers)], cwd=ROOT, env=env, stderr=subprocess.PIPE)
    peaks = Peaks(lambda: [command.pid, *descendants(command.pid)],
                  {"worker": lambda c: "spawn_main" in c, "command": lambda c: "service bulk" in c})
    seen = 0
    while True:
        done = command.poll() is not None
        if target.exists():
            lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
            complete = [line for line in lines if line.endswith("\n")]
            now = time.time()
            for line in complete[seen:]:
                record = json.loads(line)
                result.records[record["id"]] = timeless(record)
                result.arrivals.append((now, words_of[record["id"]]))
            seen = len(complete)
        if done:
            break
        time.sleep(0.1)
    peaks.stop()
    _, err = command.communicate()
    print(err.decode().strip().splitlines()[-1], file=sys.stderr)
    largest, total, count = peaks.of("worker")
    command_mb = peaks.of("command")[0]
    result.memory = (f"{largest:,.0f} MB / {total + command_mb:,.0f} MB ({count} workers + the command, "
                     f"{command_mb:,.0f} MB)")
    return result


# -- Ray -------------------------------------------------------------------------------------------


def run_ray(source: Path, words_of: dict[str, int], actors: int) -> Result:
    import ray

    from service import bulk_ray

    result = Result(f"Ray runner, {actors} actors", time.time())
    peaks = Peaks(lambda: descendants(os.getpid()), {"actor": lambda c: c.startswith("ray::MapWorker")})
    ray.init(num_cpus=actors, include_dashboard=False, log_to_driver=False)
    init_s = time.time() - result.started
    for batch in bulk_ray.records(str(source), actors).iter_batches(batch_format="pyarrow", batch_size=None):
        now = time.time()
        for text in batch["record"].to_pylist():
            record = json.loads(text)
            result.records[record["id"]] = timeless(record)
            result.arrivals.append((now, words_of[record["id"]]))
    ray.shutdown()
    peaks.stop()
    largest, total, count = peaks.of("actor")
    everything = sum(peaks.total_mb.values())
    result.memory = (f"{largest:,.0f} MB / {total:,.0f} MB ({count} actors; all Ray processes at once "
                     f"≤ {everything:,.0f} MB; `ray.init` {init_s:.1f} s)")
    return result


# -- main ------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=Path(os.environ.get("HERALD_CORPORA", "../shared/corpora")))
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2, help="processes, CLI workers and Ray actors (and CPUs)")
    parser.add_argument("--skip-ray", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("HERALD_LOG_LEVEL", "WARNING")
    documents = polnear_documents(args.corpora, args.articles)
    words_of = {d["id"]: len(d["text"].split()) for d in documents}
    words = sum(words_of.values())
    cpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    model = next((line.split(":", 1)[1].strip() for line in cpu.splitlines() if line.startswith("Model name")), "?")
    print(f"{len(documents)} PolNeAR train articles, {words:,} words ({words / len(documents):.0f} per article); "
          f"CPU: {model}, {os.cpu_count()} cores; {time.strftime('%Y-%m-%d %H:%M')}", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "polnear-train.jsonl"
        source.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in documents), encoding="utf-8")
        bare = run_bare(documents, args.workers)
        print(f"bare done: {bare.running():,.0f} words/s", flush=True)
        cli = run_cli(source, Path(folder) / "out.jsonl", words_of, args.workers)
        print(f"cli done: {cli.running():,.0f} words/s", flush=True)
        ray_result = None if args.skip_ray else run_ray(source, words_of, args.workers)
    print("\n| run | wall s (start-up included) | first result s | words/s end to end | words/s once running "
          "| of bare (once running) | peak RSS: largest / sum |")
    print("|---|---|---|---|---|---|---|")
    for result in (bare, cli, ray_result):
        if result is not None:
            print(result.row(words, bare))
    if ray_result is not None:
        same = ray_result.records == cli.records
        print(f"\nRay's records equal the command's (by id, without stats.elapsed_ms): {same} "
              f"({len(ray_result.records)} / {len(cli.records)})")


if __name__ == "__main__":
    main()
