"""Hand-written analyses for narrow stage tests: a compact CoNLL-U with an NER column.

Each line is ``form lemma upos head deprel [ner] [feats]`` (head 0 = root, 1-based like
CoNLL-U); tokens are separated by single spaces in the text unless ``nospace`` is given.
This is a fake NLP result: it lets the entity, date, quote and event stages be tested
on exact parses, independently of the trained models.

The parses live in fixture files, ``tests/parses/*.conllu`` (format: tests/parses/README.md):
:func:`load_parse` gives one by name, :func:`parses` all those of a file, :func:`all_parses`
every one.  :func:`sentence` builds a single sentence from rows, for tests that make their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from service.nlp.records import Sentence, Token, Word

PARSES_DIR = Path(__file__).parent / "parses"


def sentence(rows: str, text: str, offset: int = 0, nospace_before: frozenset[int] = frozenset()) -> Sentence:
    """Build a Sentence whose offsets index ``text`` (words are located left to right)."""
    words: list[Word] = []
    tokens: list[Token] = []
    pos = offset
    for i, line in enumerate(r for r in rows.strip().splitlines() if r.strip()):
        cols = line.split()
        form, lemma, upos, head, deprel = cols[:5]
        ner = cols[5] if len(cols) > 5 else "O"
        feats = cols[6] if len(cols) > 6 else ""
        start = text.index(form, pos)
        end = start + len(form)
        pos = end
        words.append(Word(index=i, text=form, lemma=lemma, upos=upos, xpos="", feats=feats if feats != "_" else "",
                          head=int(head) - 1, deprel=deprel, start=start, end=end))
        tokens.append(Token(text=form, start=start, end=end, ner=ner, words=(i,)))
    return Sentence(words=tuple(words), tokens=tuple(tokens), start=words[0].start, end=words[-1].end)


@dataclass(frozen=True)
class Parse:
    """One named parse of a fixture file: the ``text`` and the rows of each of its sentences."""

    name: str
    text: str
    rows: tuple[str, ...]  # one block of rows per sentence, in order

    def sentences(self) -> list[Sentence]:
        """The sentences over ``text``, each located after the end of the one before."""
        out: list[Sentence] = []
        for rows in self.rows:
            out.append(sentence(rows, self.text, offset=out[-1].end if out else 0))
        return out


def _chunks(path: Path) -> list[tuple[int, str, list[str]]]:
    """(line number, name, lines) of each ``# name = `` block of a fixture file."""
    chunks: list[tuple[int, str, list[str]]] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("# name = "):
            chunks.append((n, line[len("# name = "):].strip(), []))
        elif chunks:
            chunks[-1][2].append(line)
        elif line.strip() and not line.startswith("#"):
            raise ValueError(f"{path}:{n}: rows before any '# name = ' line")
    return chunks


def _parse(where: str, name: str, lines: list[str]) -> Parse:
    text: str | None = None
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.startswith("# text = "):
            text = line[len("# text = "):]
        elif line.startswith("#"):
            continue  # a note
        elif line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])  # a blank line ends a sentence
    rows = tuple("\n".join(b) for b in blocks if b)
    if text is None or not rows:
        raise ValueError(f"{where}: parse {name!r} needs a '# text = ' line and rows")
    return Parse(name, text, rows)


def _read(path: Path) -> dict[str, Parse]:
    found: dict[str, Parse] = {}
    for n, name, lines in _chunks(path):
        if name in found:
            raise ValueError(f"{path}:{n}: parse {name!r} given twice")
        found[name] = _parse(f"{path}:{n}", name, lines)
    return found


@cache
def parses(file: str) -> dict[str, Parse]:
    """The parses of ``tests/parses/<file>`` (``.conllu`` added when missing), by name."""
    return _read(PARSES_DIR / (file if file.endswith(".conllu") else f"{file}.conllu"))


@cache
def all_parses() -> dict[str, Parse]:
    """Every parse of every fixture file, by name (names are unique across files)."""
    out: dict[str, Parse] = {}
    for path in sorted(PARSES_DIR.glob("*.conllu")):
        for name, parse in parses(path.name).items():
            if name in out:
                raise ValueError(f"parse {name!r} is in two fixture files")
            out[name] = parse
    return out


def load_parse(name: str) -> Parse:
    """The parse called ``name`` in any fixture file."""
    return all_parses()[name]
