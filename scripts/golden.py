"""Regenerate the golden outputs that the tests compare the pipeline's responses with.

Usage::

    python -m scripts.golden                       # the seed articles
    python -m scripts.golden --polnear             # tests/golden/polnear_dev.json
    python -m scripts.golden --show NAME           # print one PolNeAR dev article's current response

Seed articles (the default): writes ``seeds/<name>.expected.json`` next to each
``seeds/<name>.txt`` with the service's response (``stats.elapsed_ms`` left out, since it
varies run to run).  Review the diff before committing it: tests compare the pipeline's
output with it.

``--polnear``: writes ``tests/golden/polnear_dev.json``, the golden file of
``tests/test_golden_polnear.py``.  The corpus lives outside the repository
(``--corpora``, default ``$HERALD_CORPORA`` or ``../shared/corpora`` beside the checkout) and
its text is never copied in: the file keeps, per article (by file name), the SHA-256 of the
canonical response (``json.dumps(body, sort_keys=True, ensure_ascii=False)`` in UTF-8, with
``stats.elapsed_ms`` removed: the only part that varies run to run), a short digest of each
top-level part of the response, and small counts (entities, events, quotes, timexes...), so
that a failure says which articles and which parts changed.  Articles: the first
``PER_PUBLISHER`` (5) dev articles of each of the 7 publishers by sorted file name (35 articles,
about 27,600 words), so that every publisher's layout is covered; the names are stored in the
file and the test runs exactly those.  Each article is anchored at its ``publication_date``
from ``polnear/metadata.tsv`` (as ``scripts.eval_quotes`` does).  Responses come from the
test's own extractor (``tests.real.real_extractor``: the shipped models, two torch threads),
in ``extract_many`` calls of ``BATCH`` (8) articles, as a batch request would send them.
Regenerate only after a change meant to alter the output, and say so in the commit.

``--show NAME``: runs the same extractor on one article of that list (``NAME`` with or without
``.txt``) and prints its full current response (as hashed, indented), then its digest and
the golden one: for debugging a mismatch, e.g. ``--show NAME > /tmp/new.json``, then
compare with the same command's output on the commit before the change.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from service.extract import DocumentFailure, ExtractRequest, build_extractor
from service.extract.contract import Extractor

ROOT = Path(__file__).resolve().parent.parent
POLNEAR_GOLDEN = ROOT / "tests" / "golden" / "polnear_dev.json"
#: Dev articles per publisher (file names start with the publisher, then ``_``).
PER_PUBLISHER = 5
#: Documents per ``extract_many`` call.
BATCH = 8
REGENERATE = "python -m scripts.golden --polnear"
SHOW = "python -m scripts.golden --show NAME"
#: Counts kept per article, so that a failure says which part changed.
COUNTED = ("entities", "timexes", "events", "quotes", "boilerplate")


def write_seeds() -> None:
    extractor = build_extractor(None)
    for path in sorted(Path("seeds").glob("*.txt")):
        body = extractor.extract_many([ExtractRequest(text=path.read_text(encoding="utf-8"))])[0]
        body["stats"].pop("elapsed_ms", None)
        out = path.with_suffix(".expected.json")
        out.write_text(json.dumps(body, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {out}: {len(body['entities'])} entities, {len(body['events'])} events, "
              f"{len(body['quotes'])} quotes")


# --- PolNeAR dev golden file ----------------------------------------------------------------

def corpora_dir() -> Path:
    """``$HERALD_CORPORA``, else ``shared/corpora`` beside the checkout."""
    return Path(os.environ.get("HERALD_CORPORA") or ROOT.parent / "shared" / "corpora")


def polnear_text_dir(corpora: Path) -> Path:
    return corpora / "polnear" / "dev" / "text"


def pick_articles(corpora: Path) -> list[str]:
    """The first ``PER_PUBLISHER`` dev articles of each publisher, by sorted file name."""
    taken: dict[str, int] = {}
    names: list[str] = []
    for path in sorted(polnear_text_dir(corpora).glob("*.txt")):
        publisher = path.name.split("_", 1)[0]
        if taken.get(publisher, 0) < PER_PUBLISHER:
            taken[publisher] = taken.get(publisher, 0) + 1
            names.append(path.name)
    return names


def publication_dates(corpora: Path) -> dict[str, str]:
    """Each article's ``publication_date`` by file stem, read as ``scripts.eval_quotes`` does."""
    with (corpora / "polnear" / "metadata.tsv").open(encoding="utf-8") as fh:
        return {row["filename"]: row["publication_date"] for row in csv.DictReader(fh, delimiter="\t")}


def responses(extractor: Extractor, names: Sequence[str], corpora: Path) -> dict[str, dict[str, Any]]:
    """The response body of each named dev article, ``BATCH`` articles per ``extract_many`` call.

    A document that fails alone becomes ``{"failure": {"status", "detail"}}``.
    """
    dates = publication_dates(corpora)
    out: dict[str, dict[str, Any]] = {}
    for i in range(0, len(names), BATCH):
        chunk = [polnear_text_dir(corpora) / name for name in names[i:i + BATCH]]
        texts = [f.read_text(encoding="utf-8") for f in chunk]
        # the anchor exactly as scripts.eval_quotes computes it
        anchors = [dt.date.fromisoformat(dates[f.stem]) if f.stem in dates else None for f in chunk]
        requests = [ExtractRequest(text=t, date=d) for t, d in zip(texts, anchors, strict=True)]
        for path, body in zip(chunk, extractor.extract_many(requests), strict=True):
            if isinstance(body, DocumentFailure):
                out[path.name] = {"failure": {"status": body.status, "detail": body.detail}}
            else:
                out[path.name] = body
    return out


def canonical(body: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``body`` without ``stats.elapsed_ms`` (wall time, the one varying field)."""
    body = dict(body)
    if isinstance(body.get("stats"), dict):
        body["stats"] = {k: v for k, v in body["stats"].items() if k != "elapsed_ms"}
    return body


def _sha256(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def record(body: dict[str, Any]) -> dict[str, Any]:
    """What the golden file keeps of one response: digests and counts, no text."""
    body = canonical(body)
    counts: dict[str, Any] = {key: len(body[key]) for key in COUNTED if isinstance(body.get(key), list)}
    stats = body.get("stats") or {}
    counts.update({key: stats[key] for key in ("sentences", "tokens") if key in stats})
    return {
        "sha256": _sha256(body),
        "parts": {key: _sha256(value)[:16] for key, value in sorted(body.items())},
        "counts": counts,
    }


def differences(expected: dict[str, Any], current: dict[str, Any]) -> list[str]:
    """One line per article whose response changed: the parts and counts that differ."""
    lines: list[str] = []
    for name in expected:
        old, new = expected[name], current.get(name)
        if new is None:
            lines.append(f"{name}: no response")
            continue
        if old["sha256"] == new["sha256"]:
            continue
        parts = sorted(k for k in old["parts"].keys() | new["parts"].keys()
                       if old["parts"].get(k) != new["parts"].get(k))
        counts = [f"{k} {old['counts'].get(k)} -> {new['counts'].get(k)}"
                  for k in sorted(old["counts"].keys() | new["counts"].keys())
                  if old["counts"].get(k) != new["counts"].get(k)]
        lines.append(f"{name}: changed parts {', '.join(parts) or '(none?)'}; "
                     f"counts {'; '.join(counts) if counts else 'unchanged'}")
    return lines


def polnear_extractor() -> Extractor:
    """The extractor of the test (the shipped models, network blocked, two torch threads)."""
    from tests.real import real_extractor

    return real_extractor()


def write_polnear(corpora: Path) -> None:
    if not polnear_text_dir(corpora).is_dir():
        sys.exit(f"no PolNeAR dev corpus at {polnear_text_dir(corpora)} (set --corpora or HERALD_CORPORA)")
    names = pick_articles(corpora)
    bodies = responses(polnear_extractor(), names, corpora)
    golden = {
        "about": "Digests of the responses to PolNeAR dev articles (polnear/dev/text/NAME, anchored at their "
                 "publication_date); no article text. Checked by tests/test_golden_polnear.py; "
                 f"regenerate with `{REGENERATE}`, debug one article with `{SHOW}`.",
        "articles": {name: record(bodies[name]) for name in names},
    }
    POLNEAR_GOLDEN.parent.mkdir(parents=True, exist_ok=True)
    POLNEAR_GOLDEN.write_text(json.dumps(golden, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    failures = [name for name, body in bodies.items() if "failure" in body]
    print(f"wrote {POLNEAR_GOLDEN.relative_to(ROOT)}: {len(names)} articles, "
          f"{sum(r['counts'].get('quotes', 0) for r in golden['articles'].values())} quotes, "
          f"{len(failures)} failures {failures or ''}")


def show_polnear(name: str, corpora: Path) -> None:
    """Print the full current response to one PolNeAR dev article, then its digest and the golden one."""
    name = name if name.endswith(".txt") else name + ".txt"
    if not (polnear_text_dir(corpora) / name).is_file():
        sys.exit(f"no article {polnear_text_dir(corpora) / name}")
    body = canonical(responses(polnear_extractor(), [name], corpora)[name])
    print(json.dumps(body, indent=1, sort_keys=True, ensure_ascii=False))
    golden = json.loads(POLNEAR_GOLDEN.read_text(encoding="utf-8"))["articles"] if POLNEAR_GOLDEN.is_file() else {}
    print(f"sha256 now {record(body)['sha256']}, golden {golden.get(name, {}).get('sha256')}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--polnear", action="store_true", help=f"write {POLNEAR_GOLDEN.relative_to(ROOT)}")
    parser.add_argument("--show", metavar="NAME", help="print one PolNeAR dev article's current response")
    parser.add_argument("--corpora", type=Path, default=None,
                        help="corpora folder (default $HERALD_CORPORA or ../shared/corpora)")
    args = parser.parse_args(argv)
    corpora = args.corpora or corpora_dir()
    if args.show:
        show_polnear(args.show, corpora)
    elif args.polnear:
        write_polnear(corpora)
    else:
        write_seeds()


if __name__ == "__main__":
    main()
