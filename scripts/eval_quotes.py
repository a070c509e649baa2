"""Score quote and speaker attribution on PolNeAR dev (speech cues only).

Usage::

    python -m scripts.eval_quotes [--corpora ../shared/corpora] [--split dev] [--limit N] [--show 10]
                                  [--direct-errors] [--nlp-cache build/polnear-dev.nlp.pkl]

``--direct-errors`` lists every direct quote whose speaker is wrong or whose content is not
found (gold source vs our speaker, with the sentence); ``--nlp-cache`` keeps the Stanza
analyses in a pickle so that reruns after a change to the later stages take seconds.

Gold: Source/Cue/Content spans (BRAT standoff) linked by Attribution relations,
restricted to speech cues (said, told, according to, wrote, added...).  Metrics:

- direct quotes (gold content inside quotation marks): *content found* when a returned
  quote covers at least half of the gold content characters; *speaker right* when that
  quote's speaker span, or any mention of the entity it resolves to, overlaps the gold source;
- all speech attributions: *speaker right* as above, over every gold speech attribution;
- *precision*: returned quotes at least half of whose content lies in some gold content span
  (any cue type, since PolNeAR also marks beliefs and intentions).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import os
import pickle
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scripts.eval_dates import REPO, adapter_digest
from service.config import Config
from service.deadline import NO_DEADLINE, Deadline
from service.extract import ExtractRequest, build_extractor
from service.nlp import _md5
from service.nlp.records import Sentence

SPEECH = re.compile(r"\b(say|says|said|saying|tell|tells|told|telling|according|write|writes|wrote|written|writing|"
                    r"add|adds|added|adding|announce[sd]?|announcing|note[sd]?|noting|state[sd]?|stating|"
                    r"explain(?:s|ed|ing)?|warn(?:s|ed|ing)?|insist(?:s|ed|ing)?|claim(?:s|ed|ing)?|"
                    r"ask(?:s|ed|ing)?|argue[sd]?|arguing|declare[sd]?|declaring|tweet(?:s|ed|ing)?)\b",
                    re.IGNORECASE)
QUOTE_MARKS = "\"“”«»"


@dataclass
class Attribution:
    source: list[tuple[int, int]] = field(default_factory=list)
    cue: list[tuple[int, int]] = field(default_factory=list)
    content: list[tuple[int, int]] = field(default_factory=list)
    cue_text: str = ""


def read_ann(path: Path) -> list[Attribution]:
    spans: dict[str, tuple[str, list[tuple[int, int]], str]] = {}
    relations: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            tid, info, surface = (line.split("\t") + [""])[:3]
            kind, _, offsets = info.partition(" ")
            pieces = [tuple(int(x) for x in part.split()) for part in offsets.split(";")]
            spans[tid] = (kind, [(a, b) for a, b in pieces], surface)
        elif line.startswith("E"):
            _, args = line.split("\t", 1)
            relations.append(dict(arg.split(":", 1) for arg in args.split()))
    out: list[Attribution] = []
    for rel in relations:
        attribution = Attribution()
        for role in ("Source", "Cue", "Content"):
            if role in rel and rel[role] in spans:
                getattr(attribution, role.lower()).extend(spans[rel[role]][1])
                if role == "Cue":
                    attribution.cue_text = spans[rel[role]][2]
        out.append(attribution)
    return out


def chars(spans: list[tuple[int, int]]) -> set[int]:
    return {i for a, b in spans for i in range(a, b)}


def is_direct(text: str, content: list[tuple[int, int]]) -> bool:
    if not content:
        return False
    start = min(a for a, _ in content)
    before = text[max(0, start - 2):start]
    return any(m in before for m in QUOTE_MARKS) or text[start:start + 1] in QUOTE_MARKS


def speaker_right(quote: dict[str, Any], source: set[int], mentions: dict[str, list[tuple[int, int]]]) -> bool:
    speaker = quote.get("speaker")
    if not speaker or not source:
        return False
    if set(range(speaker["start"], speaker["end"])) & source:
        return True
    entity = speaker.get("entity")
    return bool(entity and any(set(range(a, b)) & source for a, b in mentions.get(entity, [])))


class CachedNlp:
    """Wraps an NLP pipeline; analyses are kept by text digest in a pickle file."""

    def __init__(self, nlp: Any, path: Path) -> None:
        self.nlp = nlp
        self.path = path
        self.processors = nlp.processors
        # Kept for one version of the models and the NLP adapter's code (a change to the segmentation
        # repairs makes other analyses): a file made by another is started afresh.
        self.version = f"{_md5(REPO / 'models' / 'resources.json')}-{adapter_digest()}"
        saved = pickle.loads(path.read_bytes()) if path.is_file() else {}
        self.store: dict[str, bytes] = saved.get("analyses", {}) if saved.get("version") == self.version else {}
        self.dirty = False

    def annotate(self, texts: Sequence[str], *, deadline: Deadline = NO_DEADLINE) -> list[list[Sentence]]:
        keys = [hashlib.sha1(t.encode("utf-8")).hexdigest() for t in texts]
        missing = [i for i, k in enumerate(keys) if k not in self.store]
        if missing:
            for i, sentences in zip(missing, self.nlp.annotate([texts[i] for i in missing]), strict=True):
                self.store[keys[i]] = pickle.dumps(sentences)
            self.dirty = True
        return [pickle.loads(self.store[k]) for k in keys]  # fresh copies: the pipeline shifts offsets

    def save(self) -> None:
        if self.dirty:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_bytes(pickle.dumps({"version": self.version, "analyses": self.store}))


def sentence_at(text: str, offset: int) -> str:
    start = max(text.rfind(". ", 0, offset), text.rfind("\n", 0, offset)) + 1
    ends = [e for e in (text.find(". ", offset), text.find("\n", offset)) if e >= 0]
    return " ".join(text[start:min(ends, default=len(text)) + 1].split())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=Path(os.environ.get("HERALD_CORPORA", "../shared/corpora")))
    parser.add_argument("--split", default="dev")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--show", type=int, default=10)
    parser.add_argument("--direct-errors", action="store_true",
                        help="list every direct quote missed or with a wrong speaker, with its sentence")
    parser.add_argument("--nlp-cache", type=Path, default=None, help="pickle file caching the Stanza analyses")
    args = parser.parse_args()

    root = args.corpora / "polnear"
    with (root / "metadata.tsv").open(encoding="utf-8") as fh:
        dates = {row["filename"]: row["publication_date"] for row in csv.DictReader(fh, delimiter="\t")}
    files = sorted((root / args.split / "text").glob("*.txt"))[: args.limit]
    extractor = build_extractor(Config.from_env(os.environ))  # HERALD_* as the service reads them
    cache = None
    if args.nlp_cache is not None:
        cache = CachedNlp(extractor.nlp, args.nlp_cache)  # type: ignore[attr-defined]
        extractor.nlp = cache  # type: ignore[attr-defined]
    counts = {"direct": 0, "direct_found": 0, "direct_speaker": 0, "speech": 0, "speech_speaker": 0,
              "returned": 0, "returned_right": 0}
    errors: list[str] = []
    direct_errors: list[str] = []
    bases: dict[str, list[int]] = {}  # speaker basis -> [found with a speaker, speaker right]
    for i in range(0, len(files), 8):
        chunk = files[i:i + 8]
        texts = [f.read_text(encoding="utf-8") for f in chunk]
        anchors = [dt.date.fromisoformat(dates[f.stem]) if f.stem in dates else None for f in chunk]
        bodies = extractor.extract_many([ExtractRequest(text=t, date=d) for t, d in zip(texts, anchors, strict=True)])
        for path, text, body in zip(chunk, texts, bodies, strict=True):
            # Annotation files carry the annotator's id: NAME_<annotator>.ann
            ann = sorted((root / args.split / "attributions").glob(f"{path.stem}*.ann"))
            if not ann:
                continue
            gold = read_ann(ann[0])
            mentions = {e["id"]: [(m["start"], m["end"]) for m in e["mentions"]] for e in body["entities"]}
            all_content = [chars(a.content) for a in gold]
            for quote in body["quotes"]:
                counts["returned"] += 1
                own = set(range(quote["content"]["start"], quote["content"]["end"]))
                if any(len(own & c) * 2 >= len(own) for c in all_content if c):
                    counts["returned_right"] += 1
            for attribution in gold:
                if not SPEECH.search(attribution.cue_text):
                    continue
                content = chars(attribution.content)
                if not content:
                    continue
                match = max(body["quotes"], default=None,
                            key=lambda q: len(content & set(range(q["content"]["start"], q["content"]["end"]))))
                covered = match is not None and len(
                    content & set(range(match["content"]["start"], match["content"]["end"]))) * 2 >= len(content)
                right = covered and match is not None and speaker_right(match, chars(attribution.source), mentions)
                counts["speech"] += 1
                counts["speech_speaker"] += right
                if covered and match is not None and match["speaker"] is not None:
                    basis = match["speaker"].get("basis", "?")
                    bases.setdefault(basis, [0, 0])
                    bases[basis][0] += 1
                    bases[basis][1] += right
                if is_direct(text, attribution.content):
                    counts["direct"] += 1
                    counts["direct_found"] += covered
                    counts["direct_speaker"] += right
                if not right and len(errors) < 500:
                    src = " / ".join(text[a:b] for a, b in attribution.source)
                    got = match["speaker"]["text"] if covered and match and match["speaker"] else None
                    if is_direct(text, attribution.content):
                        where = min(a for a, _ in attribution.content)
                        if covered and match is not None:
                            entity = (match["speaker"] or {}).get("entity")
                            names = next((e["name"] for e in body["entities"] if e["id"] == entity), None)
                            cue = (match["cue"] or {}).get("text")
                            ours = f"ours {got!r} -> {names!r} (cue {cue!r}, {match['kind']})"
                        else:
                            ours = "content not found"
                        direct_errors.append(f"{path.stem[:40]}: gold {src!r} (cue {attribution.cue_text!r}); "
                                             f"{ours}\n      {sentence_at(text, where)[:400]}")
                    errors.append(f"{path.stem[:40]}: cue {attribution.cue_text!r} source {src!r}; "
                                  f"{'found, speaker ' + repr(got) if covered else 'content not found'}")

    if cache is not None:
        cache.save()

    def pct(a: str, b: str) -> str:
        return f"{counts[a] / max(counts[b], 1):.1%} ({counts[a]}/{counts[b]})"

    print(f"documents: {len(files)}")
    print(f"direct quotes: content found {pct('direct_found', 'direct')}, "
          f"speaker right {pct('direct_speaker', 'direct')}")
    print(f"all speech attributions: speaker right {pct('speech_speaker', 'speech')}")
    print(f"precision of returned quotes: {pct('returned_right', 'returned')}")
    print("speech attributions found with a speaker, by the speaker's basis (found / right / share right; "
          "service/data/weights/confidence.json):")
    for basis, (found, right) in sorted(bases.items()):
        print(f"  {basis:12s} {found:5d} {right:5d}  {right / max(found, 1):.1%}")
    print(f"\nerrors (first {args.show}):")
    for row in errors[: args.show]:
        print("  " + row)
    if args.direct_errors:
        print(f"\ndirect quotes not found or with a wrong speaker ({len(direct_errors)}):")
        for row in direct_errors:
            print("  " + row)


if __name__ == "__main__":
    main()
