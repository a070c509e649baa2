"""Plain records for an analysed text: the interface between the NLP stage and the rest.

Offsets are character offsets (code points, end exclusive) into the submitted text.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Word:
    """A syntactic word (a multi-word token such as "don't" holds two)."""

    index: int  # position in its sentence
    text: str
    lemma: str
    upos: str
    xpos: str
    feats: str
    head: int  # index of the head word in the sentence, -1 for the root
    deprel: str
    start: int
    end: int

    def feat(self, name: str) -> str | None:
        """One morphological feature value (``Tense``, ``Number``...) or None."""
        for item in self.feats.split("|"):
            key, _, value = item.partition("=")
            if key == name:
                return value
        return None


@dataclass(slots=True)
class Token:
    """A surface token with its BIOES named-entity tag."""

    text: str
    start: int
    end: int
    ner: str
    words: tuple[int, ...]


@dataclass(slots=True)
class Sentence:
    words: tuple[Word, ...]
    tokens: tuple[Token, ...]
    start: int
    end: int
    paragraph: int = 0
    index: int = 0  # position in the document
    children: list[list[int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.children = [[] for _ in self.words]
        for word in self.words:
            if 0 <= word.head < len(self.words):
                self.children[word.head].append(word.index)

    def shift(self, offset: int) -> None:
        """Move every offset by ``offset`` (a paragraph analysed on its own)."""
        self.start += offset
        self.end += offset
        for word in self.words:
            word.start += offset
            word.end += offset
        for token in self.tokens:
            token.start += offset
            token.end += offset

    def subtree(self, index: int) -> list[int]:
        """Indices of a word and all its dependents, in order."""
        out, stack = [], [index]
        while stack:
            i = stack.pop()
            out.append(i)
            stack.extend(self.children[i])
        return sorted(out)
