"""Golden regression test: the responses to 35 real PolNeAR dev articles are unchanged.

It guards refactors of ``service/extract/``: the real pipeline (``tests.real.real_extractor``)
analyses the articles listed in ``tests/golden/polnear_dev.json`` (read from the corpora
outside the repository: ``$HERALD_CORPORA``, else ``../shared/corpora``; no article text is
kept in the repository), in ``extract_many`` calls of 8 articles as a batch request would,
each anchored at its publication date, and the SHA-256 of each canonical response (sorted
keys, ``stats.elapsed_ms`` left out) must equal the stored one.  See ``scripts/golden.py``.

- Missing corpora make the test fail, never skip: CI has them.
- After a change meant to alter the output: ``python -m scripts.golden --polnear``, review
  the counts it prints and say so in the commit.
- To debug a mismatch: ``python -m scripts.golden --show NAME > /tmp/after.json`` prints one
  article's full current response; run it on the commit before too and diff the two.

Slow: about 27,600 words of Stanza on CPU, almost all of the time.  Measured 320 s wall
(240 s of CPU) on two cores shared with other heavy jobs; expect less on free cores.
"""

from __future__ import annotations

import json

import pytest

from scripts.golden import (
    POLNEAR_GOLDEN,
    REGENERATE,
    SHOW,
    corpora_dir,
    differences,
    polnear_text_dir,
    record,
    responses,
)
from tests.real import real_extractor


def test_polnear_dev_responses_are_unchanged() -> None:
    golden = json.loads(POLNEAR_GOLDEN.read_text(encoding="utf-8"))["articles"]
    assert len(golden) >= 30, f"{POLNEAR_GOLDEN} lists only {len(golden)} articles; regenerate: {REGENERATE}"
    corpora = corpora_dir()
    text_dir = polnear_text_dir(corpora)
    if not text_dir.is_dir():
        pytest.fail(f"PolNeAR dev corpus not found at {text_dir}: the golden test needs the corpora "
                    "(../shared/corpora beside the checkout, or set HERALD_CORPORA)", pytrace=False)
    absent = [name for name in golden if not (text_dir / name).is_file()]
    assert not absent, f"articles of {POLNEAR_GOLDEN.name} missing from {text_dir}: {absent}"

    current = {name: record(body) for name, body in responses(real_extractor(), list(golden), corpora).items()}

    changed = differences(golden, current)
    assert not changed, (
        f"{len(changed)} of {len(golden)} PolNeAR dev responses changed:\n  " + "\n  ".join(changed)
        + f"\nDebug one with `{SHOW}`; if the change is intended, regenerate with `{REGENERATE}`."
    )
