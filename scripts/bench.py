"""Benchmark herald over HTTP against the bare Stanza pipeline on the same texts, models and cores.

Usage::

    python -m scripts.bench [--workers 2] [--docs 24] [--concurrency 1,2,4] [--json out.json]
                            [--baseline spacy [--baseline-python .venv-bench/bin/python] [--baseline-rounds 3]]
                            [--baseline-only]

Prints markdown tables (the figures of BENCHMARKS.md):

1. the bare in-process Stanza pipeline (tokenize, mwt, pos, lemma, depparse, ner: what the
   service loads) on the corpus, as ``--workers`` processes of one torch thread each (the
   service's layout) and as one process with ``--workers`` threads;
2. a real gunicorn server (``python -m service serve``, ``--workers`` workers, one torch thread
   each) started by this script on a free loopback port: time to ready, then every document
   POSTed once per concurrency level (words/s, documents/s, p50/p95/p99 latency), the same
   documents through ``/v1/extract/batch``, and an ~800-word article at concurrency 2;
3. where the time goes (Stanza vs the project's own stages vs HTTP, from ``Server-Timing``)
   and memory per worker (RSS and PSS from ``/proc/PID/smaps_rollup``);
4. with ``--baseline spacy``: a spaCy service behind the same request contract
   (scripts/baseline_spacy: en_core_web_sm, dateparser, textacy's direct quotations; gunicorn,
   ``--workers`` sync workers, one BLAS thread each), run from its own virtual environment
   (``--baseline-python``, made by ``make bench-setup``) on another free loopback port while
   herald's server is up.  At each concurrency level both are served every document once per
   round, ``--baseline-rounds`` rounds, alternating which goes first; printed: words/s of each
   (all rounds' words over all rounds' seconds), herald/spaCy, and the baseline's memory per worker.
   ``--baseline-only`` skips parts 1-3 (herald's server is still started, warmed and compared).

Corpus: ``seeds/*.txt`` then PolNeAR dev articles (``--corpora``, default ``../shared/corpora``)
in file-name order until ``--docs`` documents.  Words are the whitespace-separated words of the
submitted texts in both set-ups (the service skips boilerplate, so its own token counts are lower).
Loopback only; the servers are stopped at the end whatever happens.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parent.parent
PROCESSORS = "tokenize,mwt,pos,lemma,depparse,ner"
READY_TEXT = "Emmanuel Macron met Donald Tusk in Paris on Monday."
#: The spaCy baseline's gunicorn settings, and where ``make bench-setup`` puts its environment.
BASELINE_CONF = ROOT / "scripts" / "baseline_spacy" / "gunicorn.conf.py"
BASELINE_PYTHON = ROOT / ".venv-bench" / "bin" / "python"


def corpus(corpora: Path, count: int) -> list[str]:
    """The seed articles, then PolNeAR dev articles, ``count`` documents in all."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    dev = corpora / "polnear" / "dev" / "text"
    if dev.is_dir():
        texts.extend(p.read_text(encoding="utf-8") for p in sorted(dev.glob("*.txt")))
    return texts[:count]


def paragraphs(text: str) -> list[str]:
    """The non-empty lines after a ``date`` header line, as separate texts."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return [line for line in lines if not line.startswith("date ")]


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


# ---- bare Stanza ------------------------------------------------------------------------------

def _bare_worker(models: str, threads: int, work: Any, ready: Any, start: Any, out: Any) -> None:
    """Load the pipeline, wait for the common start signal, then annotate documents from ``work`` until None."""
    import stanza
    import torch

    from service.nlp import BATCH_SIZES

    torch.set_num_threads(threads)
    from service.nlp import patches

    patches.install_all()  # Stanza as the service runs it
    options = {f"{name}_batch_size": size for name, size in BATCH_SIZES.items()}  # as the service runs it
    nlp = stanza.Pipeline("en", dir=models, processors=PROCESSORS, download_method=None, use_gpu=False,
                          logging_level="WARN", **options)
    nlp.bulk_process([stanza.Document([], text=READY_TEXT)])  # warm-up
    ready.put(os.getpid())
    start.wait()
    words = tokens = 0
    while (text := work.get()) is not None:
        doc = nlp.bulk_process([stanza.Document([], text=text)])[0]
        words += len(text.split())
        tokens += sum(len(s.tokens) for s in doc.sentences)
    out.put((words, tokens))


def bare_pipeline(models: Path, texts: list[str], processes: int, threads: int) -> dict[str, float]:
    """Words/s of the bare pipeline: ``processes`` processes x ``threads`` torch threads, each taking the
    next document from a shared queue (as idle gunicorn workers take the next request)."""
    context = multiprocessing.get_context("spawn")  # torch must not be forked once initialised
    work, ready, start, out = context.Queue(), context.Queue(), context.Event(), context.Queue()
    for text in texts:
        work.put(text)
    for _ in range(processes):
        work.put(None)
    workers = [context.Process(target=_bare_worker, args=(str(models), threads, work, ready, start, out))
               for _ in range(processes)]
    for worker in workers:
        worker.start()
    # Every process loads its models and warms up before the clock starts.
    for _ in workers:
        ready.get(timeout=300)
    began = time.perf_counter()
    start.set()
    results = [out.get(timeout=900) for _ in workers]
    wall = time.perf_counter() - began
    for worker in workers:
        worker.join()
    words = sum(r[0] for r in results)
    return {"processes": processes, "threads": threads, "words": words, "seconds": wall,
            "words_per_s": words / wall, "docs_per_s": len(texts) / wall, "stanza_tokens": sum(r[1] for r in results)}


# ---- the real server --------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    base: str
    process: subprocess.Popen[bytes]
    ready_s: float = 0.0
    all_workers_s: float = 0.0
    workers: list[int] = field(default_factory=list)


def _live_workers(base: str) -> int:
    """How many workers have loaded their models: one herald_model_load_seconds sample per live worker."""
    text = requests.get(f"{base}/metrics", timeout=10).text
    return sum(1 for line in text.splitlines() if line.startswith("herald_model_load_seconds{"))


@contextmanager
def serve(workers: int, extra_env: dict[str, str] | None = None) -> Iterator[Server]:
    """Run ``python -m service serve`` on a free loopback port until the block ends."""
    port = free_port()
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "WEB_CONCURRENCY": str(workers),
           "HERALD_TORCH_THREADS": "1", "HERALD_LOG_LEVEL": "WARNING", **(extra_env or {})}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "service", "serve"], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    server = Server(base=f"http://127.0.0.1:{port}", process=process)
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise SystemExit("the server exited during start-up")
            try:
                if not server.ready_s and requests.get(f"{server.base}/readyz", timeout=5).status_code == 200:
                    server.ready_s = time.perf_counter() - started
                if server.ready_s and _live_workers(server.base) >= workers:
                    server.all_workers_s = time.perf_counter() - started
                    break
            except requests.RequestException:
                pass
            time.sleep(0.2)
        else:
            raise SystemExit("the server was not ready within 300 s")
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
        server.workers = [int(pid) for pid in children.read_text().split()] if children.exists() else []
        yield server
    finally:
        _stop(process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM a server's process group, SIGKILL it if it is still there after 40 s."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=40)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


@contextmanager
def serve_baseline(python: Path, workers: int) -> Iterator[Server]:
    """Run the spaCy baseline (scripts/baseline_spacy, gunicorn) with ``python`` on a free loopback port.

    Ready once ``/readyz`` has answered from ``workers`` distinct worker processes (each loads its model
    before it accepts a connection, and the baseline's sync workers take one connection each)."""
    port = free_port()
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "WEB_CONCURRENCY": str(workers)}
    started = time.perf_counter()
    process = subprocess.Popen([str(python), "-m", "gunicorn", "--config", str(BASELINE_CONF)], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    server = Server(base=f"http://127.0.0.1:{port}", process=process)
    try:
        seen: set[int] = set()
        deadline = time.monotonic() + 300
        while len(seen) < workers:
            if process.poll() is not None:
                raise SystemExit(f"the spaCy baseline exited during start-up (try: {python} -m gunicorn "
                                 f"--config {BASELINE_CONF.relative_to(ROOT)})")
            if time.monotonic() > deadline:
                raise SystemExit("the spaCy baseline was not ready within 300 s")
            try:
                answer = requests.get(f"{server.base}/readyz", timeout=5)
                if answer.status_code == 200:
                    server.ready_s = server.ready_s or time.perf_counter() - started
                    seen.add(int(answer.json()["pid"]))
                    continue
            except requests.RequestException:
                pass
            time.sleep(0.2)
        server.all_workers_s = time.perf_counter() - started
        server.workers = sorted(seen)
        yield server
    finally:
        _stop(process)


def compare(urls: dict[str, str], payloads: list[dict[str, Any]], concurrencies: list[int],
            rounds: int) -> list[dict[str, Any]]:
    """At each concurrency, ``rounds`` rounds that each send every payload to every url in turn
    (``urls``' order, reversed every other round); words/s per url over all rounds and per round."""
    rows: list[dict[str, Any]] = []
    names = list(urls)
    for concurrency in concurrencies:
        words = dict.fromkeys(names, 0)
        seconds = dict.fromkeys(names, 0.0)
        per_round: dict[str, list[float]] = {name: [] for name in names}
        for index in range(rounds):
            for name in (names if index % 2 == 0 else names[::-1]):
                calls, wall = run_load(urls[name], payloads, concurrency)
                count = sum(c.words for c in calls)
                words[name] += count
                seconds[name] += wall
                per_round[name].append(count / wall)
        rows.append({"concurrency": concurrency, "rounds": rounds,
                     **{f"{name}_words_per_s": words[name] / seconds[name] for name in names},
                     **{f"{name}_rounds": per_round[name] for name in names}})
    return rows


def print_comparison(rows: list[dict[str, Any]], documents: int, baseline: Server, mem: list[dict[str, float]]) -> None:
    """The herald vs spaCy table, the baseline's start-up and its memory per worker."""
    print(f"\n## Against a spaCy baseline (same {documents} documents, same concurrency, alternating rounds)\n")
    print(f"Baseline: scripts/baseline_spacy (en_core_web_sm 3.8.0 + dateparser + textacy direct quotations), "
          f"gunicorn {len(baseline.workers)} sync workers x 1 thread; all workers ready after "
          f"{baseline.all_workers_s:.1f} s.\n")
    print("| concurrency | rounds | herald words/s | spaCy words/s | herald / spaCy | herald per round | "
          "spaCy per round |")
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        herald, spacy = row["herald_words_per_s"], row["spacy_words_per_s"]
        print(f"| {row['concurrency']} | {row['rounds']} | {herald:,.0f} | {spacy:,.0f} | {herald / spacy:.2f}x | "
              + ", ".join(f"{v:,.0f}" for v in row["herald_rounds"]) + " | "
              + ", ".join(f"{v:,.0f}" for v in row["spacy_rounds"]) + " |")
    print("\nspaCy baseline memory per worker: " + ", ".join(
        f"RSS {m['rss']:.0f} MB / PSS {m['pss']:.0f} MB" for m in mem))


@dataclass
class Call:
    seconds: float
    words: int
    documents: int
    timings: dict[str, float]


def _server_timing(header: str) -> dict[str, float]:
    timings: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in header.split(","))):
        name, _, duration = part.partition(";dur=")
        timings[name] = float(duration) / 1000
    return timings


def _words(payload: dict[str, Any]) -> int:
    return sum(len(d["text"].split()) for d in payload.get("documents", [payload]))


def post(session: requests.Session, url: str, payload: dict[str, Any]) -> Call:
    """One request; raises unless it is a 200 with results."""
    began = time.perf_counter()
    response = session.post(url, json=payload, timeout=300)
    seconds = time.perf_counter() - began
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}: {response.text[:300]}")
    body = response.json()
    results = body["results"] if "results" in body else [body]
    return Call(seconds, _words(payload), len(results),
                _server_timing(response.headers.get("Server-Timing", "")))


def run_load(url: str, payloads: list[dict[str, Any]], concurrency: int) -> tuple[list[Call], float]:
    """POST every payload once with ``concurrency`` clients (a keep-alive session each); return calls and wall time."""
    local = threading.local()

    def send(payload: dict[str, Any]) -> Call:
        if not hasattr(local, "session"):
            local.session = requests.Session()
        return post(local.session, url, payload)

    began = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        calls = list(pool.map(send, payloads))
    return calls, time.perf_counter() - began


def summarise(name: str, calls: list[Call], wall: float, concurrency: int) -> dict[str, Any]:
    latencies = [c.seconds for c in calls]
    return {
        "run": name, "concurrency": concurrency, "requests": len(calls),
        "documents": sum(c.documents for c in calls), "words": sum(c.words for c in calls), "seconds": wall,
        "words_per_s": sum(c.words for c in calls) / wall, "docs_per_s": sum(c.documents for c in calls) / wall,
        "p50_s": statistics.median(latencies), "p95_s": percentile(latencies, 95), "p99_s": percentile(latencies, 99),
    }


def memory(pid: int) -> dict[str, float]:
    """RSS and PSS of one process in MB (PSS shares pages fairly between the processes that map them)."""
    values: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("Rss", "Pss"):
            values[key.lower()] = int(rest.split()[0]) / 1024
    return values


def stage_split(calls: list[Call]) -> dict[str, float]:
    """Seconds summed over ``calls``: Stanza (nlp), the project's own stages, and the rest (HTTP, JSON, queueing)."""
    nlp = sum(c.timings.get("nlp", 0.0) for c in calls)
    own = sum(v for c in calls for k, v in c.timings.items() if k != "nlp")
    total = sum(c.seconds for c in calls)
    return {"nlp": nlp, "own_stages": own, "http_and_rest": total - nlp - own, "total": total,
            **{f"stage_{k}": sum(c.timings.get(k, 0.0) for c in calls)
               for k in ("cleaning", "entities", "timexes", "quotes", "events")}}


def table(rows: list[dict[str, Any]], columns: list[tuple[str, str, Callable[[Any], str]]]) -> str:
    lines = ["| " + " | ".join(title for title, _, _ in columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(fmt(row[key]) for _, key, fmt in columns) + " |" for row in rows]
    return "\n".join(lines)


def herald_runs(server: Server, singles: list[dict[str, Any]], texts: list[str], date: str,
                args: argparse.Namespace) -> tuple[list[dict[str, Any]], list[dict[str, float]], dict[str, float]]:
    """herald's own runs over HTTP (singles per concurrency, batches, short texts, one article x20): their
    rows, the workers' memory afterwards and where the time went."""
    url = f"{server.base}/v1/extract"
    rows: list[dict[str, Any]] = []
    all_calls: list[Call] = []
    for concurrency in (int(c) for c in args.concurrency.split(",")):
        calls, wall = run_load(url, singles, concurrency)
        if concurrency <= args.workers:  # above it, client latency includes queueing for a worker
            all_calls += calls
        rows.append(summarise("single", calls, wall, concurrency))
    batches = [{"documents": singles[i: i + args.batch_size]} for i in range(0, len(singles), args.batch_size)]
    calls, wall = run_load(f"{server.base}/v1/extract/batch", batches, args.workers)
    rows.append(summarise(f"articles, batches of {args.batch_size}", calls, wall, args.workers))
    # Short texts (each article's first paragraphs, one text each): where per-request cost weighs most.
    shorts = [{"text": p, "date": date} for t in texts for p in paragraphs(t)[:3]]
    calls, wall = run_load(url, shorts, args.workers)
    rows.append(summarise("short texts, single", calls, wall, args.workers))
    size = max(1, len(shorts) // (args.workers * 3))
    short_batches = [{"documents": shorts[i: i + size]} for i in range(0, len(shorts), size)]
    calls, wall = run_load(f"{server.base}/v1/extract/batch", short_batches, args.workers)
    rows.append(summarise(f"short texts, batches of {size}", calls, wall, args.workers))
    article = next((t for t in texts if 750 <= len(t.split()) <= 950), texts[0])
    calls, wall = run_load(url, [{"text": article, "date": date}] * 20, 2)
    rows.append(summarise(f"one {len(article.split())}-word article x20", calls, wall, 2))
    mem = [{"pid": pid, **memory(pid)} for pid in server.workers]
    return rows, mem, stage_split(all_calls)


def print_bare(bare: list[dict[str, Any]]) -> None:
    """The bare pipeline's table."""
    print("\n## Bare Stanza pipeline (in process, models loaded beforehand)\n")
    print(table(bare, [("processes", "processes", str), ("torch threads each", "threads", str),
                       ("words", "words", str), ("seconds", "seconds", lambda v: f"{v:.2f}"),
                       ("words/s", "words_per_s", lambda v: f"{v:,.0f}"),
                       ("docs/s", "docs_per_s", lambda v: f"{v:.2f}")]))


def print_herald(report: dict[str, Any], server: Server, args: argparse.Namespace) -> None:
    """herald's HTTP tables, its ratios to the bare pipeline (added to ``report``), the time split and memory."""
    rows, mem, split, bare = report["http"], report["memory"], report["stages"], report["bare"]
    print(f"\n## Service over HTTP (gunicorn, {args.workers} workers x 1 torch thread)\n")
    print(f"Start-up: first /readyz 200 after {server.ready_s:.1f} s, all {args.workers} workers loaded after "
          f"{server.all_workers_s:.1f} s.\n")
    print(table(rows, [("run", "run", str), ("concurrency", "concurrency", str), ("requests", "requests", str),
                       ("words", "words", str), ("words/s", "words_per_s", lambda v: f"{v:,.0f}"),
                       ("docs/s", "docs_per_s", lambda v: f"{v:.2f}"), ("p50 s", "p50_s", lambda v: f"{v:.2f}"),
                       ("p95 s", "p95_s", lambda v: f"{v:.2f}"), ("p99 s", "p99_s", lambda v: f"{v:.2f}")]))

    best_bare = bare[0]["words_per_s"]
    best_single = max(r["words_per_s"] for r in rows if r["run"] == "single")
    single_at_workers = next(r for r in rows if r["run"] == "single" and r["concurrency"] == args.workers)
    batch = next(r for r in rows if r["run"].startswith("articles, batches"))
    short_single = next(r for r in rows if r["run"] == "short texts, single")
    short_batch = next(r for r in rows if r["run"].startswith("short texts, batches"))
    report["ratios"] = {"service_vs_bare": best_single / best_bare,
                        "batch_vs_single_docs": batch["docs_per_s"] / single_at_workers["docs_per_s"],
                        "short_batch_vs_single_docs": short_batch["docs_per_s"] / short_single["docs_per_s"]}
    print(f"\nService / bare ({args.workers} processes x 1 thread): {best_single:,.0f} / {best_bare:,.0f} words/s = "
          f"{report['ratios']['service_vs_bare']:.1%}.  Batch / single documents/s at concurrency {args.workers}: "
          f"{report['ratios']['batch_vs_single_docs']:.2f}x for articles, "
          f"{report['ratios']['short_batch_vs_single_docs']:.2f}x for short texts.")
    total = split["total"]
    print(f"\n## Where the time goes (single-document requests at concurrency <= {args.workers})\n")
    print("| part | seconds | share |\n|---|---|---|")
    for key in ("nlp", "own_stages", "stage_cleaning", "stage_entities", "stage_timexes", "stage_quotes",
                "stage_events", "http_and_rest"):
        print(f"| {key} | {split[key]:.2f} | {split[key] / total:.1%} |")
    print("\n(http_and_rest: client latency minus the server's stage time: HTTP, JSON encoding and decoding, "
          "request validation, the client itself.)")
    print("\n## Memory per worker after the runs\n")
    print(table(mem, [("pid", "pid", str), ("RSS MB", "rss", lambda v: f"{v:.0f}"),
                      ("PSS MB", "pss", lambda v: f"{v:.0f}")]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", type=Path, default=ROOT / "models")
    parser.add_argument("--corpora", type=Path, default=Path(os.environ.get("HERALD_CORPORA", ROOT.parent / "shared" /
                                                                             "corpora")))
    parser.add_argument("--docs", type=int, default=24)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", default="1,2,4")
    parser.add_argument("--batch-size", type=int, default=4)
    parser.add_argument("--json", type=Path, default=None, help="also write every figure here")
    parser.add_argument("--baseline", choices=["none", "spacy"], default="none",
                        help="also serve the same documents to a spaCy baseline service and compare (part 4)")
    parser.add_argument("--baseline-python", type=Path, default=BASELINE_PYTHON,
                        help="the Python of the baseline's environment (made by `make bench-setup`)")
    parser.add_argument("--baseline-rounds", type=int, default=3, help="alternating rounds per concurrency")
    parser.add_argument("--baseline-only", action="store_true",
                        help="with --baseline: only the comparison (no bare pipeline, no other herald runs)")
    args = parser.parse_args()
    if args.baseline == "spacy" and not args.baseline_python.exists():
        raise SystemExit(f"--baseline spacy: no {args.baseline_python}; create the baseline's environment with "
                         "`make bench-setup` (requirements-bench.txt) or give --baseline-python")
    if args.baseline_only and args.baseline == "none":
        raise SystemExit("--baseline-only needs --baseline spacy")

    texts = corpus(args.corpora, args.docs)
    date = "2025-02-17"
    print(f"# herald benchmark: {len(texts)} documents, {sum(len(t.split()) for t in texts):,} whitespace words; "
          f"{os.cpu_count()} CPUs; {args.workers} workers")
    report: dict[str, Any] = {"documents": len(texts), "cpus": os.cpu_count(), "workers": args.workers}

    if not args.baseline_only:
        report["bare"] = [bare_pipeline(args.models, texts, args.workers, 1),
                          bare_pipeline(args.models, texts, 1, args.workers)]
        print_bare(report["bare"])

    singles = [{"text": t, "date": date} for t in texts]
    with serve(args.workers) as server:
        report["startup"] = {"first_ready_s": server.ready_s, "all_workers_ready_s": server.all_workers_s}
        url = f"{server.base}/v1/extract"
        run_load(url, singles[: args.workers * 2], args.workers)  # warm every worker
        if not args.baseline_only:
            report["http"], report["memory"], report["stages"] = herald_runs(server, singles, texts, date, args)
        if args.baseline == "spacy":
            with serve_baseline(args.baseline_python, args.workers) as baseline:
                base_url = f"{baseline.base}/v1/extract"
                run_load(base_url, singles[: args.workers * 2], args.workers)  # warm every worker
                concurrencies = [int(c) for c in args.concurrency.split(",")]
                comparison = compare({"herald": url, "spacy": base_url}, singles, concurrencies, args.baseline_rounds)
                baseline_mem = [{"pid": pid, **memory(pid)} for pid in baseline.workers]
            report["baseline"] = {"name": "spacy", "startup_s": baseline.all_workers_s, "rows": comparison,
                                  "memory": baseline_mem}

    if not args.baseline_only:
        print_herald(report, server, args)
    if args.baseline == "spacy":
        print_comparison(report["baseline"]["rows"], len(texts), baseline, report["baseline"]["memory"])
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
