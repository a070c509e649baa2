"""Regenerate the golden outputs of the seed articles for review: ``python -m scripts.golden``.

Writes ``seeds/<name>.expected.json`` next to each ``seeds/<name>.txt`` with the
service's response (``stats.elapsed_ms`` left out, since it varies run to run).
Review the diff before committing it: tests compare the pipeline's output with it.
"""

from __future__ import annotations

import json
from pathlib import Path

from service.extract import ExtractRequest, build_extractor


def main() -> None:
    extractor = build_extractor(None)
    for path in sorted(Path("seeds").glob("*.txt")):
        body = extractor.extract_many([ExtractRequest(text=path.read_text(encoding="utf-8"))])[0]
        body["stats"].pop("elapsed_ms", None)
        out = path.with_suffix(".expected.json")
        out.write_text(json.dumps(body, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {out}: {len(body['entities'])} entities, {len(body['events'])} events, "
              f"{len(body['quotes'])} quotes")


if __name__ == "__main__":
    main()
