"""What int8 dynamic quantisation (service/nlp/quantize.py) costs in accuracy and gives in speed.

Usage::

    python -m scripts.eval_quantize [--corpora ../shared/corpora] [--configs none,pos,depparse,ner,all]
                                    [--ner-docs N] [--rounds 3] [--speed-words 5000] [--no-memory] [--json out.json]

Each configuration is a set of processors quantised (``none``; one name; ``all``, every quantisable
processor; or names joined by ``+``, e.g. ``pos+depparse+ner``), each with the module types
``quantize_pipeline`` quantises by default (``QUANTIZED_TYPES``: LSTMs and linear layers, the tagger's
LSTMs only) or with the types given after a colon, joined by ``/`` (``pos:LSTM/Linear``), applied to a
pipeline built as the service builds it (its batch sizes, the Stanza patches, one torch thread).  For
each one:

* accuracy on the dev sets, with the scorers the training script uses (scripts/training):
  UD English-EWT dev on the gold words (pos, then lemma, then depparse on the predicted tags and
  lemmas: the model card's set-up, except that the card's LAS reads gold lemmas) scored by the CoNLL
  2018 scorer (UPOS, XPOS, UFeats, Lemmas, UAS, LAS); the same dev treebank's raw text through
  tokenize and mwt (Tokens, Sentences, Words F1); OntoNotes dev, gold tokens, through ner, scored by
  exact entity spans (``score_by_entity``; all 12,678 sentences unless ``--ner-docs N`` keeps the
  first N ``#doc`` documents in file order).  A part none of whose processors a configuration quantises
  gives the scores of ``none`` (the same models on the same input) and is not re-run: shown "= none";
* speed of the bare pipeline (all processors, ``bulk_process``, per processor) on the benchmark's
  news texts (``seeds/`` then PolNeAR dev, until ``--speed-words``), in ``--rounds`` rounds that
  visit every configuration in turn (rotating which goes first), so that a busy neighbour on a shared
  machine slows them all alike: words/s per configuration and its ratio to ``none`` (median of the
  rounds' ratios);
* memory (unless ``--no-memory``): a fresh process per configuration loads the pipeline, quantises,
  annotates the speed texts once and reports its RSS (after ``gc`` and ``malloc_trim``).

The CPU model (``/proc/cpuinfo``) and the load average are printed with the results: the speed
figures are indicative on a shared machine; the accuracy figures do not depend on it.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIGS = "none,pos,pos:LSTM/Linear,depparse,ner,pos+depparse+ner,all"
#: The pipeline's processors in the order ``bulk_process`` runs them.
PROCESSORS = ("tokenize", "mwt", "pos", "lemma", "depparse", "ner")
#: The scored parts and the processors whose models they run.
PARTS = {"tags_parse": ("pos", "lemma", "depparse"), "segmentation": ("tokenize", "mwt"), "ner": ("ner",)}


# ---- set-up -------------------------------------------------------------------------------------

def parse_config(config: str) -> tuple[tuple[str, ...], dict[str, tuple[str, ...]]]:
    """The processors a configuration quantises and the module types given for some of them
    (``none``, ``all``, ``pos``, ``pos:LSTM/Linear+depparse``...).  Raises ``ValueError`` for an unknown
    processor or module type."""
    from service.config import parse_quantize
    from service.nlp.quantize import MODULE_TYPES

    processors: list[str] = []
    types: dict[str, tuple[str, ...]] = {}
    for item in config.split("+"):
        name, _, kinds = item.partition(":")
        named = parse_quantize(name)
        processors.extend(named)
        if kinds:
            given = tuple(kinds.split("/"))
            if set(given) - set(MODULE_TYPES):
                raise ValueError(f"{config}: module types are {', '.join(MODULE_TYPES)}, not {kinds}")
            types.update(dict.fromkeys(named, given))
    return tuple(dict.fromkeys(processors)), types


def build_pipeline(models: Path, config: str) -> tuple[Any, dict[str, Any]]:
    """A pipeline as the service builds it, with ``config`` quantised; and what quantisation did."""
    import stanza

    from service.nlp import BATCH_SIZES, patches
    from service.nlp.quantize import quantize_pipeline

    patches.install_all()
    options = {f"{name}_batch_size": size for name, size in BATCH_SIZES.items()}
    nlp = stanza.Pipeline("en", dir=str(models), processors=",".join(PROCESSORS), download_method=None,
                          use_gpu=False, logging_level="WARN", **options)
    processors, types = parse_config(config)
    report = quantize_pipeline(nlp, processors, types=types)
    return nlp, {name: vars(q) for name, q in report.items()}


def cpu_model() -> str:
    """The CPU's model name and how many logical CPUs this process sees."""
    names = [line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
             if line.startswith("model name")]
    return f"{names[0] if names else 'unknown CPU'} ({len(names)} logical CPUs in /proc/cpuinfo, " \
           f"{len(os.sched_getaffinity(0))} usable)"


def load_average() -> str:
    """The 1, 5 and 15-minute load averages (how busy the shared machine was)."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


# ---- EWT dev ------------------------------------------------------------------------------------

def read_conllu(path: Path) -> list[tuple[list[str], list[str]]]:
    """The sentences of a CoNLL-U file as (comment lines, word lines)."""
    sentences: list[tuple[list[str], list[str]]] = []
    comments: list[str] = []
    words: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if words:
                sentences.append((comments, words))
            comments, words = [], []
        elif line.startswith("#"):
            comments.append(line)
        else:
            words.append(line)
    if words:
        sentences.append((comments, words))
    return sentences


def gold_words_document(sentences: list[tuple[list[str], list[str]]]) -> Any:
    """A Stanza document of the gold tokens and words only (multi-word tokens kept, empty nodes left out):
    nothing the processors predict is in it."""
    from stanza.models.common.doc import Document

    entries: list[list[dict[str, Any]]] = []
    for _, lines in sentences:
        sentence: list[dict[str, Any]] = []
        for line in lines:
            ident, form = line.split("\t")[:2]
            if "." in ident:
                continue
            if "-" in ident:
                first, last = ident.split("-")
                sentence.append({"id": (int(first), int(last)), "text": form})
            else:
                sentence.append({"id": int(ident), "text": form})
        entries.append(sentence)
    return Document(entries)


def raw_text(sentences: list[tuple[list[str], list[str]]]) -> str:
    """The treebank's text: each sentence's ``# text``, sentences of a paragraph joined by a space,
    paragraphs (and documents) by a blank line."""
    paragraphs: list[list[str]] = []
    for comments, _ in sentences:
        text = next(line.split("=", 1)[1].strip() for line in comments if line.startswith("# text ="))
        if not paragraphs or any(line.startswith(("# newpar", "# newdoc")) for line in comments):
            paragraphs.append([])
        paragraphs[-1].append(text)
    return "\n\n".join(" ".join(paragraph) for paragraph in paragraphs)


def tag_parse_scores(nlp: Any, gold: Path, sentences: list[tuple[list[str], list[str]]]) -> dict[str, float]:
    """CoNLL 2018 scores of tags, lemmas and parse on the gold words."""
    from scripts.training.common import conllu_eval

    doc = gold_words_document(sentences)
    for name in PARTS["tags_parse"]:
        doc = nlp.processors[name].process(doc)
    return {k: v for k, v in conllu_eval(gold, f"{doc:C}\n\n").items()
            if k in ("UPOS", "XPOS", "UFeats", "Lemmas", "UAS", "LAS")}


def segmentation_scores(nlp: Any, gold: Path, text: str) -> dict[str, float]:
    """CoNLL 2018 scores of tokens, sentences and words from the treebank's raw text."""
    import stanza

    from scripts.training.common import conllu_eval

    segmented = nlp.process(stanza.Document([], text=text), processors=PARTS["segmentation"])
    return {k: v for k, v in conllu_eval(gold, f"{segmented:C}\n\n").items() if k in ("Tokens", "Sentences", "Words")}


# ---- OntoNotes dev ------------------------------------------------------------------------------

def onto_sentences(path: Path, docs: int | None) -> list[list[tuple[str, str]]]:
    """OntoNotes dev as sentences of (word, BIO tag), the first ``docs`` documents (all if None)."""
    sentences: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    seen = 0
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if line.startswith("#doc"):
                seen += 1
                if docs is not None and seen > docs:
                    break
                continue
            if not line.strip():
                if current:
                    sentences.append(current)
                current = []
                continue
            columns = line.split("\t")
            current.append((columns[0], columns[-1]))
    if current:
        sentences.append(current)
    return sentences


def ner_scores(nlp: Any, sentences: list[list[tuple[str, str]]]) -> dict[str, float]:
    """Entity-level precision, recall and F1 (exact spans) of the NER processor on gold tokens."""
    from stanza.models.common.doc import Document
    from stanza.models.ner.scorer import score_by_entity
    from stanza.models.ner.utils import bio2_to_bioes

    doc = Document([[{"id": i + 1, "text": word} for i, (word, _) in enumerate(s)] for s in sentences])
    doc = nlp.processors["ner"].process(doc)
    predicted = [[token.ner for token in sentence.tokens] for sentence in doc.sentences]
    gold = [bio2_to_bioes([tag for _, tag in s]) for s in sentences]
    precision, recall, f1, _ = score_by_entity(predicted, gold, verbose=False)
    return {"NER_P": round(100 * precision, 2), "NER_R": round(100 * recall, 2), "NER_F1": round(100 * f1, 2)}


# ---- speed --------------------------------------------------------------------------------------

def timed_run(nlp: Any, texts: list[str]) -> dict[str, float]:
    """Annotate ``texts`` in one batch processor by processor (as ``bulk_process`` does); seconds each."""
    import stanza

    docs = [stanza.Document([], text=text) for text in texts]
    seconds: dict[str, float] = {}
    for name, processor in nlp.processors.items():
        began = time.perf_counter()
        docs = processor.bulk_process(docs)
        seconds[name] = time.perf_counter() - began
    seconds["words"] = sum(len(text.split()) for text in texts)
    return seconds


def speed(pipelines: dict[str, Any], texts: list[str], rounds: int) -> dict[str, dict[str, Any]]:
    """Interleaved rounds over every configuration; words/s (whitespace words) and the ratio to ``none``."""
    import stanza

    names = list(pipelines)
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in names}
    for name in names:  # warm-up, not timed
        pipelines[name].bulk_process([stanza.Document([], text=texts[0])])
    for index in range(rounds):
        order = names[index % len(names):] + names[:index % len(names)]
        for name in order:
            runs[name].append(timed_run(pipelines[name], texts))
    result: dict[str, dict[str, Any]] = {}
    for name in names:
        per_round = [run["words"] / sum(v for k, v in run.items() if k != "words") for run in runs[name]]
        row: dict[str, Any] = {"words_per_s": statistics.median(per_round), "rounds": per_round}
        if "none" in runs:
            base = [run["words"] / sum(v for k, v in run.items() if k != "words") for run in runs["none"]]
            row["ratio_vs_none"] = statistics.median(a / b for a, b in zip(per_round, base, strict=True))
        words = runs[name][0]["words"]
        row["us_per_word"] = {p: 1e6 * statistics.median(run[p] for run in runs[name]) / words
                              for p in PROCESSORS if p in runs[name][0]}
        result[name] = row
    return result


def speed_texts(corpora: Path, words: int) -> list[str]:
    """The benchmark's texts (``seeds/`` then PolNeAR dev in file order) until ``words`` words."""
    from scripts.bench import corpus

    texts: list[str] = []
    for text in corpus(corpora, 10_000):
        if sum(len(t.split()) for t in texts) >= words:
            break
        texts.append(text)
    return texts


# ---- memory -------------------------------------------------------------------------------------

def memory_probe(models: Path, config: str, corpora: Path, words: int) -> dict[str, float]:
    """RSS (MB) of this process after loading, after quantising, and after one run over the speed texts."""
    import torch

    from service.memory import release_memory, resident_mb

    def rss() -> float:
        gc.collect()
        release_memory()
        return resident_mb() or 0.0

    torch.set_num_threads(1)
    import stanza

    from service.nlp import BATCH_SIZES, patches
    from service.nlp.quantize import quantize_pipeline

    patches.install_all()
    options = {f"{name}_batch_size": size for name, size in BATCH_SIZES.items()}
    nlp = stanza.Pipeline("en", dir=str(models), processors=",".join(PROCESSORS), download_method=None,
                          use_gpu=False, logging_level="WARN", **options)
    loaded = rss()
    processors, types = parse_config(config)
    quantize_pipeline(nlp, processors, types=types)
    quantized = rss()
    nlp.bulk_process([stanza.Document([], text=text) for text in speed_texts(corpora, words)])
    return {"rss_loaded_mb": loaded, "rss_quantized_mb": quantized, "rss_after_run_mb": rss()}


def memory(models: Path, configs: list[str], corpora: Path, words: int) -> dict[str, dict[str, float]]:
    """:func:`memory_probe` for each configuration, each in a fresh process."""
    result: dict[str, dict[str, float]] = {}
    for config in configs:
        out = subprocess.run([sys.executable, "-m", "scripts.eval_quantize", "--probe-memory", config,
                              "--models", str(models), "--corpora", str(corpora), "--speed-words", str(words)],
                             cwd=ROOT, capture_output=True, text=True, check=True)
        result[config] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


# ---- report -------------------------------------------------------------------------------------

ACCURACY = ("UPOS", "LAS", "NER_F1", "UAS", "XPOS", "UFeats", "Lemmas", "Tokens", "Sentences", "Words")
#: The scores of each part.
PART_SCORES = {"tags_parse": ("UPOS", "XPOS", "UFeats", "Lemmas", "UAS", "LAS"),
               "segmentation": ("Tokens", "Sentences", "Words"), "ner": ("NER_P", "NER_R", "NER_F1")}


def print_accuracy(accuracy: dict[str, dict[str, float]], copied: dict[str, set[str]]) -> None:
    """The accuracy table, each score followed by its difference from ``none`` ("= none": not re-run)."""
    base = accuracy.get("none")
    print("| config | " + " | ".join(ACCURACY) + " |")
    print("|---|" + "---|" * len(ACCURACY))
    for name, scores in accuracy.items():
        cells = []
        for key in ACCURACY:
            if key in copied.get(name, set()):
                cells.append("= none")
                continue
            delta = f" ({scores[key] - base[key]:+.2f})" if base and name != "none" else ""
            cells.append(f"{scores[key]:.2f}{delta}")
        print(f"| {name} | " + " | ".join(cells) + " |")


def score(nlp: Any, config: str, data: dict[str, Any], reference: dict[str, float] | None) -> tuple[dict[str, float],
                                                                                                   set[str]]:
    """The scores of one configuration: each part run unless ``reference`` (none's scores) can stand for it;
    and the names of the scores so copied."""
    processors = set(parse_config(config)[0])
    scores: dict[str, float] = {}
    copied: set[str] = set()
    for part, uses in PARTS.items():
        if reference is not None and not processors & set(uses):
            found = {k: reference[k] for k in PART_SCORES[part]}
            copied.update(found)
        elif part == "tags_parse":
            found = tag_parse_scores(nlp, data["gold"], data["ewt"])
        elif part == "segmentation":
            found = segmentation_scores(nlp, data["gold"], data["text"])
        else:
            found = ner_scores(nlp, data["onto"])
        scores.update(found)
    return scores, copied


def print_speed(result: dict[str, dict[str, Any]]) -> None:
    """The speed table: words/s, ratio to ``none`` and microseconds per word by processor."""
    print("| config | words/s (median) | ratio vs none | rounds | " + " | ".join(f"{p} µs/w" for p in PROCESSORS)
          + " |")
    print("|---|---|---|---|" + "---|" * len(PROCESSORS))
    for name, row in result.items():
        rounds = ", ".join(f"{v:,.0f}" for v in row["rounds"])
        ratio = f"{row['ratio_vs_none']:.2f}x" if "ratio_vs_none" in row else "-"
        cells = " | ".join(f"{row['us_per_word'].get(p, 0.0):.0f}" for p in PROCESSORS)
        print(f"| {name} | {row['words_per_s']:,.0f} | {ratio} | {rounds} | {cells} |")


def print_sizes(sizes: dict[str, dict[str, Any]]) -> None:
    """What quantisation replaced, per processor and module types (the first configuration that did it)."""
    print("| processor | modules replaced | replaced modules' state MB before -> after | "
          "whole model state MB before -> after |")
    print("|---|---|---|---|")
    for name, q in sizes.items():
        modules = ", ".join(f"{n} {k}" for k, n in q["modules"].items()) or "none"
        print(f"| {name} | {modules} | {q['replaced_bytes_before'] / 1e6:.2f} -> {q['replaced_bytes_after'] / 1e6:.2f}"
              f" | {q['bytes_before'] / 1e6:.2f} -> {q['bytes_after'] / 1e6:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", type=Path, default=ROOT / "models")
    parser.add_argument("--corpora", type=Path,
                        default=Path(os.environ.get("HERALD_CORPORA", ROOT.parent / "shared" / "corpora")))
    parser.add_argument("--configs", default=DEFAULT_CONFIGS)
    parser.add_argument("--ner-docs", type=int, default=None, help="score NER on the first N OntoNotes dev documents")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--speed-words", type=int, default=5000)
    parser.add_argument("--threads", type=int, default=1, help="torch threads (the service runs 1 per worker)")
    parser.add_argument("--no-memory", action="store_true", help="skip the per-configuration RSS processes")
    parser.add_argument("--no-accuracy", action="store_true", help="speed (and memory) only")
    parser.add_argument("--json", type=Path, default=None, help="also write every figure here")
    parser.add_argument("--probe-memory", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()

    import torch

    torch.set_num_threads(args.threads)
    if args.probe_memory is not None:
        print(json.dumps(memory_probe(args.models, args.probe_memory, args.corpora, args.speed_words)))
        return
    configs = [c.strip() for c in args.configs.split(",") if c.strip()]
    for config in configs:
        parse_config(config)  # a bad name stops here, before minutes of work
    print(f"# int8 dynamic quantisation: {cpu_model()}; torch {torch.__version__}, {args.threads} thread(s), "
          f"quantized engine {torch.backends.quantized.engine}; load average at start {load_average()}")
    report: dict[str, Any] = {"cpu": cpu_model(), "torch": torch.__version__, "threads": args.threads,
                              "load_average_start": load_average()}
    pipelines: dict[str, Any] = {}
    sizes: dict[str, dict[str, Any]] = {}
    for config in configs:
        pipelines[config], done = build_pipeline(args.models, config)
        for name, q in done.items():
            sizes.setdefault(f"{name} ({'+'.join(q['types'])})", q)
    report["sizes"] = sizes

    if not args.no_accuracy:
        gold = args.corpora / "ud_english_ewt" / "en_ewt-ud-dev.conllu"
        ewt = read_conllu(gold)
        text = raw_text(ewt)
        onto = onto_sentences(args.corpora / "ontonotes5" / "onto5.development.bio", args.ner_docs)
        print(f"\nEWT dev: {len(ewt)} sentences; OntoNotes dev: {len(onto)} sentences, "
              f"{sum(len(s) for s in onto):,} tokens ({'all' if args.ner_docs is None else f'first {args.ner_docs}'}"
              " documents)")
        data = {"gold": gold, "ewt": ewt, "text": text, "onto": onto}
        accuracy: dict[str, dict[str, float]] = {}
        copied: dict[str, set[str]] = {}
        # none first: the other configurations copy its scores for the parts they leave unquantised
        for config in sorted(configs, key=lambda c: c != "none"):
            began = time.perf_counter()
            accuracy[config], copied[config] = score(pipelines[config], config, data, accuracy.get("none"))
            print(f"  {config}: scored in {time.perf_counter() - began:.0f} s", file=sys.stderr, flush=True)
        report["accuracy"] = accuracy
        print("\n## Accuracy on dev (differences from none in brackets; \"= none\": that part's models are "
              "not quantised in this configuration, so none's scores stand and it is not re-run)\n")
        print_accuracy({c: accuracy[c] for c in configs}, copied)

    texts = speed_texts(args.corpora, args.speed_words)
    result = speed(pipelines, texts, args.rounds)
    report["speed"] = result
    print(f"\n## Speed of the bare pipeline: {len(texts)} texts, {sum(len(t.split()) for t in texts):,} words, "
          f"{args.rounds} interleaved rounds (load average now {load_average()})\n")
    print_speed(result)
    print("\n## What was quantised\n")
    print_sizes(sizes)
    if not args.no_memory:
        del pipelines
        gc.collect()
        report["memory"] = memory(args.models, configs, args.corpora, args.speed_words)
        print("\n## Memory (a fresh process per configuration; MB, after gc and malloc_trim)\n")
        print("| config | RSS loaded | RSS quantised | RSS after one run |\n|---|---|---|---|")
        for name, row in report["memory"].items():
            print(f"| {name} | {row['rss_loaded_mb']:.0f} | {row['rss_quantized_mb']:.0f} | "
                  f"{row['rss_after_run_mb']:.0f} |")
    report["load_average_end"] = load_average()
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
