"""Does a worker's memory stay flat over many varied real articles?  And what does the oneDNN cache cap cost?

Starts ``python -m service serve`` with one worker and sends it N distinct news articles
(PolNeAR train and dev, then TempEval-3 TimeBank/AQUAINT, from ``--corpora``), one at a time,
printing the worker's RSS every ``--every`` articles and the words/s of the whole run.  The
issue's check: RSS after the warm-up (the first 100 articles) stays within ±30 MB.

    python -m scripts.memory_soak --articles 1000                 # the shipped cache cap (8)
    python -m scripts.memory_soak --articles 200 --onednn-cache 1024   # oneDNN's default, to compare

Figures depend on the CPU: compare settings within one machine (the CPU model is printed).
"""

from __future__ import annotations

import argparse
import os
import re
import time
from pathlib import Path

import requests

from scripts.bench import memory, serve

ROOT = Path(__file__).resolve().parent.parent


def articles(corpora: Path, count: int) -> list[str]:
    """Distinct real news texts: PolNeAR (train, dev), then TimeML documents without their tags."""
    texts = [p.read_text(encoding="utf-8") for split in ("train", "dev")
             for p in sorted((corpora / "polnear" / split / "text").glob("*.txt"))]
    for path in sorted((corpora / "tempeval3").rglob("*.tml")):
        raw = path.read_text(encoding="utf-8")
        body = raw.split("<TEXT>", 1)[-1].split("</TEXT>", 1)[0]
        texts.append(re.sub(r"<[^>]+>", "", body))
    texts = [t for t in texts if t.strip()]
    if len(texts) < count:
        raise SystemExit(f"only {len(texts)} articles under {corpora}")
    return [t[:100_000] for t in texts[:count]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=Path(os.environ.get("HERALD_CORPORA",
                                                                              ROOT.parent / "shared" / "corpora")))
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--every", type=int, default=100)
    parser.add_argument("--onednn-cache", type=int, default=None,
                        help="ONEDNN_PRIMITIVE_CACHE_CAPACITY for the server (default: gunicorn.conf.py's)")
    args = parser.parse_args()
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "unknown CPU")
    texts = articles(args.corpora, args.articles)
    env = {} if args.onednn_cache is None else {"ONEDNN_PRIMITIVE_CACHE_CAPACITY": str(args.onednn_cache)}
    print(f"{cpu}; {len(texts)} articles; oneDNN cache {args.onednn_cache or 'as gunicorn.conf.py sets it'}")
    with serve(1, env) as server:
        (worker,) = server.workers
        session = requests.Session()
        words = 0
        samples: list[tuple[int, float]] = [(0, memory(worker)["rss"])]
        started = time.perf_counter()
        for i, text in enumerate(texts, 1):
            response = session.post(f"{server.base}/v1/extract", json={"text": text}, timeout=120)
            response.raise_for_status()
            words += response.json()["stats"]["tokens"]
            if i % args.every == 0:
                samples.append((i, memory(worker)["rss"]))
                rate = words / (time.perf_counter() - started)
                print(f"{i:5d} articles  RSS {samples[-1][1]:7.1f} MB  {rate:6.0f} words/s so far", flush=True)
        seconds = time.perf_counter() - started
    after_warmup = [rss for i, rss in samples if i >= min(100, args.articles)]
    print(f"words/s {words / seconds:.0f} ({words} words in {seconds:.0f} s, one worker)")
    print(f"RSS after warm-up: min {min(after_warmup):.1f}, max {max(after_warmup):.1f}, "
          f"spread {max(after_warmup) - min(after_warmup):.1f} MB")


if __name__ == "__main__":
    main()
