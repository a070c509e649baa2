"""Measure the bare Stanza pipeline's speed on news text (words/second), for the model card.

Usage::

    python -m scripts.bench_pipeline [--models models] [--corpora ../shared/corpora] [--words 5000]
                                     [--threads 2] [--repeat 3] [--per-processor]

Texts: the articles in ``seeds/`` plus PolNeAR dev articles until ``--words`` words.
Prints one table row per run and the best words/second; loading time is reported
separately and not counted.  ``--per-processor`` also prints each processor's share of
the time (microseconds per word), to show where a faster model would pay off.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path


def news_texts(corpora: Path, min_words: int) -> list[str]:
    """Seed articles first, then PolNeAR dev articles, until ``min_words`` words."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(Path("seeds").glob("*.txt"))]
    dev = corpora / "polnear" / "dev" / "text"
    for path in sorted(dev.glob("*.txt")) if dev.is_dir() else []:
        if sum(len(t.split()) for t in texts) >= min_words:
            break
        texts.append(path.read_text(encoding="utf-8"))
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", type=Path, default=Path("models"))
    parser.add_argument("--corpora", type=Path, default=Path(os.environ.get("HERALD_CORPORA", "../shared/corpora")))
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--processors", default="tokenize,mwt,pos,lemma,depparse,ner")
    parser.add_argument("--per-processor", action="store_true", help="also time each processor on its own")
    parser.add_argument("--plain-stanza", action="store_true",
                        help="run Stanza's own code: without service/nlp/patches (its inference shortcuts and "
                             "the parser's faster decoder, which the service installs)")
    args = parser.parse_args()

    import stanza
    import torch

    torch.set_num_threads(args.threads)
    started = time.perf_counter()
    from service.nlp import BATCH_SIZES

    options = {f"{name}_batch_size": size for name, size in BATCH_SIZES.items()}  # as the service runs it
    if not args.plain_stanza:
        from service.nlp import patches

        patches.install_all()
    nlp = stanza.Pipeline("en", dir=str(args.models), processors=args.processors, download_method=None, **options,
                          use_gpu=False, logging_level="WARN")
    load_s = time.perf_counter() - started
    texts = news_texts(args.corpora, args.words)
    nlp.bulk_process([stanza.Document([], text=t) for t in texts[:1]])  # warm-up
    print(f"processors: {args.processors}; torch threads: {args.threads}; load: {load_s:.1f} s")
    print("| run | documents | words | seconds | words/s |")
    print("|---|---|---|---|---|")
    best = 0.0
    for run in range(1, args.repeat + 1):
        started = time.perf_counter()
        docs = nlp.bulk_process([stanza.Document([], text=t) for t in texts])
        seconds = time.perf_counter() - started
        words = sum(len(s.words) for d in docs for s in d.sentences)
        best = max(best, words / seconds)
        print(f"| {run} | {len(docs)} | {words} | {seconds:.2f} | {words / seconds:.0f} |")
    print(f"best: {best:.0f} words/s")
    if args.per_processor:
        per_processor(nlp, texts, args.repeat)


def per_processor(nlp: object, texts: list[str], repeat: int) -> None:
    """Run the processors one after the other, as ``Pipeline.bulk_process`` does, timing each."""
    import stanza

    totals: dict[str, float] = {}
    words = 0
    for _ in range(repeat):
        docs = [stanza.Document([], text=t) for t in texts]
        for name, processor in nlp.processors.items():  # type: ignore[attr-defined]
            started = time.perf_counter()
            docs = processor.bulk_process(docs)
            totals[name] = totals.get(name, 0.0) + time.perf_counter() - started
        words += sum(len(s.words) for d in docs for s in d.sentences)
    total = sum(totals.values())
    print("| processor | µs per word | share |")
    print("|---|---|---|")
    for name, seconds in totals.items():
        print(f"| {name} | {1e6 * seconds / words:.0f} | {100 * seconds / total:.1f} % |")
    print(f"| all | {1e6 * total / words:.0f} | 100 % |")


if __name__ == "__main__":
    main()
