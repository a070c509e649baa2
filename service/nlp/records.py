"""Plain records for an analysed text: the interface between the NLP stage and the rest.

Offsets are character offsets (code points, end exclusive) into the submitted text.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from itertools import pairwise


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
    # The NER model's probability of this token's entity span (its tags as decoded); None outside
    # any span and where the model gave none (the ner_confidence patch is off).
    ner_p: float | None = None


@dataclass(slots=True)
class Sentence:
    words: tuple[Word, ...]
    tokens: tuple[Token, ...]
    start: int
    end: int
    paragraph: int = 0
    index: int = 0  # position in the document
    children: list[list[int]] = field(default_factory=list)
    # Word starts and ends for binary search, built on first use (see _offsets); None when the
    # words are out of text order.
    _built: bool = field(default=False, init=False, repr=False, compare=False)
    _starts: list[int] | None = field(default=None, init=False, repr=False, compare=False)
    _ends: list[int] | None = field(default=None, init=False, repr=False, compare=False)
    # The parse walked once, on first use (see _tour): a subtree is then one slice of it.
    _tree: _Tour | None = field(default=None, init=False, repr=False, compare=False)
    # The relations of each word's dependents, built on first use (see child_rels).
    _child_rels: list[frozenset[str]] | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.children = [[] for _ in self.words]
        for word in self.words:
            if 0 <= word.head < len(self.words):
                self.children[word.head].append(word.index)

    def shift(self, offset: int) -> None:
        """Move every offset by ``offset`` (a paragraph analysed on its own)."""
        self._built = False
        self.start += offset
        self.end += offset
        for word in self.words:
            word.start += offset
            word.end += offset
        for token in self.tokens:
            token.start += offset
            token.end += offset

    def subtree(self, index: int) -> list[int]:
        """Indices of a word and all its dependents, in order.

        The stages ask for the subtrees of many words of a sentence (each cue's report, each
        speaker's phrase), and subtrees nest, so a walk per call would be quadratic in a long
        sentence; a slice of the depth-first order is not (built once per sentence).
        """
        tour = self._tour()
        if tour.entry[index] >= 0:
            return sorted(tour.preorder[tour.entry[index]:tour.entry[index] + tour.size[index]])
        out, stack = [], [index]  # a word not under a root: a malformed parse, walked as it is
        while stack:
            i = stack.pop()
            out.append(i)
            stack.extend(self.children[i])
        return sorted(out)

    def child_rels(self, index: int) -> frozenset[str]:
        """The relations of a word's dependents ("does it have a copula?"), without a pass over
        them each time: a word with thousands of dependents is asked once per date."""
        if self._child_rels is None:
            self._child_rels = [frozenset(self.words[c].deprel for c in kids) for kids in self.children]
        return self._child_rels[index]

    # -- the parse as a tree --------------------------------------------------------------
    # The stages walk the parse by relation ("the cue's ccomp", "the subject's case marker")
    # and upwards ("the nearest speech verb above"); these say it by name instead of index
    # arithmetic on ``children`` and ``head``.  A word may be given as a Word or its index.

    def dependents(self, word: Word | int, rels: str | Collection[str] | None = None) -> list[Word]:
        """A word's dependents in order; with ``rels`` (one relation or several) only those
        attached by one of them."""
        kids = [self.words[c] for c in self.children[_index(word)]]
        if rels is None:
            return kids
        wanted = (rels,) if isinstance(rels, str) else rels  # a string is one relation, not its letters
        return [w for w in kids if w.deprel in wanted]

    def dependent(self, word: Word | int, rels: str | Collection[str]) -> Word | None:
        """A word's first dependent attached by one of ``rels``, or None."""
        found = self.dependents(word, rels)
        return found[0] if found else None

    def dependent_lemmas(self, word: Word | int, rels: str | Collection[str]) -> list[str]:
        """The lower-case lemmas of a word's dependents attached by ``rels``, in order ("the
        case markers of an oblique": its prepositions)."""
        return [w.lemma.lower() for w in self.dependents(word, rels)]

    def head_of(self, word: Word) -> Word | None:
        """The word ``word`` hangs on; None for a root."""
        return self.words[word.head] if word.head >= 0 else None

    def ancestors(self, word: Word, limit: int | None = None) -> Iterator[Word]:
        """The words above ``word``, its head first, up to the root or ``limit`` of them.

        Lazy, so that a search stopping at the first match climbs no further (as the
        hand-written climbs it replaces did)."""
        current, climbed = word, 0
        while current.head >= 0 and (limit is None or climbed < limit):
            current = self.words[current.head]
            climbed += 1
            yield current

    def climb(self, word: Word, while_rels: Collection[str], limit: int | None = None) -> Word:
        """The first word at or above ``word`` not attached by one of ``while_rels`` (or the root,
        or the word ``limit`` levels up): "the clause a conjunct belongs to"."""
        current = word
        for above in self.ancestors(word, limit):
            if current.deprel not in while_rels:
                break
            current = above
        return current

    def preorder(self) -> list[int]:
        """The word indices depth-first from the roots, each head before its dependents (words
        not under a root, which only a malformed parse has, left out)."""
        return self._tour().preorder

    def subtree_range(self, index: int) -> range | None:
        """The indices of a subtree as a range when they are contiguous (as in any projective
        parse), else None; answered without listing them."""
        tour = self._tour()
        if tour.entry[index] < 0:
            return None
        low, high = tour.low[index], tour.high[index]
        return range(low, high + 1) if high - low + 1 == tour.size[index] else None

    def in_subtree(self, index: int, root: int) -> bool:
        """Whether word ``index`` is ``root`` or one of its dependents."""
        tour = self._tour()
        if tour.entry[root] >= 0:
            return tour.entry[root] <= tour.entry[index] < tour.entry[root] + tour.size[root]
        return index in self.subtree(root)

    def _tour(self) -> _Tour:
        if self._tree is None:
            count = len(self.words)
            preorder: list[int] = []
            stack = [w.index for w in reversed(self.words) if not 0 <= w.head < count]
            while stack:
                i = stack.pop()
                preorder.append(i)
                stack.extend(reversed(self.children[i]))
            entry, size = [-1] * count, [1] * count
            low, high = list(range(count)), list(range(count))
            for position, i in enumerate(preorder):
                entry[i] = position
            for i in reversed(preorder):  # dependents before their heads
                head = self.words[i].head
                if 0 <= head < count:
                    size[head] += size[i]
                    low[head] = min(low[head], low[i])
                    high[head] = max(high[head], high[i])
            self._tree = _Tour(preorder, entry, size, low, high)
        return self._tree

    # -- words by offset ------------------------------------------------------------------
    # The stages ask for the words of a span once per candidate (date, quote, cue), so in a
    # long sentence a scan of all its words each time would be quadratic.  Words come in text
    # order (the words of one multi-word token share its span), so their starts and ends are
    # both sorted and a span's words are one slice found by binary search.  Hand-built
    # sentences out of order fall back to the scan, with the same result.

    def _offsets(self) -> tuple[list[int], list[int]] | None:
        """Word starts and ends, both sorted, or None when the words are out of text order."""
        if not self._built:
            starts, ends = [w.start for w in self.words], [w.end for w in self.words]
            ordered = all(a <= b for column in (starts, ends) for a, b in pairwise(column))
            self._starts, self._ends = (starts, ends) if ordered else (None, None)
            self._built = True
        if self._starts is None or self._ends is None:
            return None
        return self._starts, self._ends

    def in_order(self) -> bool:
        """Whether the words' starts and ends are both sorted (always so for analysed text)."""
        return self._offsets() is not None

    def overlapping(self, start: int, end: int) -> list[Word]:
        """The words overlapping ``[start, end)``, in order."""
        offsets = self._offsets()
        if offsets is None:
            return [w for w in self.words if w.start < end and w.end > start]
        starts, ends = offsets
        return list(self.words[bisect_right(ends, start):bisect_left(starts, end)])

    def starting_in(self, start: int, end: int) -> list[Word]:
        """The words starting in ``[start, end)``, in order."""
        offsets = self._offsets()
        if offsets is None:
            return [w for w in self.words if start <= w.start < end]
        starts, _ = offsets
        return list(self.words[bisect_left(starts, start):bisect_left(starts, end)])

    def within(self, start: int, end: int) -> list[Word]:
        """The words lying entirely inside ``[start, end]``, in order."""
        offsets = self._offsets()
        if offsets is None:
            return [w for w in self.words if start <= w.start and w.end <= end]
        starts, ends = offsets
        return list(self.words[bisect_left(starts, start):bisect_right(ends, end)])


def _index(word: Word | int) -> int:
    return word if isinstance(word, int) else word.index


@dataclass(slots=True, frozen=True)
class _Tour:
    """A sentence's parse walked depth-first from its roots, per word index: where the word
    enters the walk (-1: under no root, a malformed parse), how many words its subtree holds
    and the lowest and highest index in it."""

    preorder: list[int]
    entry: list[int]
    size: list[int]
    low: list[int]
    high: list[int]
