"""How often OntoNotes gives each ``type_heads`` word of ``service/data/aliases.json`` its type.

The entity stage retypes a name by its last word ("DeSoto County Jail" -> FAC) or first words
("Hurricane Florence" -> EVENT); a word belongs in the table only where the training corpus
agrees.  For every word of the table this prints, over the multi-word gold names of OntoNotes
5.0 train and development that end (or start) with it, the count per type and the share of
the table's type::

    python -m scripts.type_heads [--corpora ../shared/corpora]
"""

from __future__ import annotations

import argparse
import os
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

from service.extract.lexicons import load_lexicons

FILES = ("onto5.train.bio", "onto5.development.bio")


def names(path: Path) -> Iterator[tuple[str, list[str]]]:
    """The gold names of one BIO file, as (type, words)."""
    current: tuple[str, list[str]] | None = None
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            fields = line.split()
            tag = fields[2] if len(fields) >= 3 else "O"
            if tag.startswith("I-") and current is not None:
                current[1].append(fields[0])
                continue
            if current is not None:
                yield current
            current = (tag[2:], [fields[0]]) if tag.startswith("B-") else None
    if current is not None:
        yield current


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", default=os.environ.get("HERALD_CORPORA", "../shared/corpora"))
    args = parser.parse_args()
    last: defaultdict[str, Counter[str]] = defaultdict(Counter)
    first: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for name in FILES:
        for etype, words in names(Path(args.corpora) / "ontonotes5" / name):
            if len(words) > 1:
                last[words[-1].lower()][etype] += 1
                first[words[0].lower()][etype] += 1
                first[" ".join(words[:2]).lower()][etype] += 1
    lexicon = load_lexicons().entities
    tables = (("last", lexicon.last_word_types, last), ("first", lexicon.first_words_types, first))
    for position, table, counts in tables:
        for words, etype in table:
            for word in sorted(words):
                seen = counts[word]
                total = sum(seen.values())
                share = f"{100 * seen[etype] / total:5.1f} %" if total else "  (none)"
                print(f"{position:5} {word:16} {etype:6} {share}  {dict(seen.most_common(4))}")


if __name__ == "__main__":
    main()
