"""Hand-written analyses for narrow stage tests: a compact CoNLL-U with an NER column.

Each line is ``form lemma upos head deprel [ner] [feats]`` (head 0 = root, 1-based like
CoNLL-U); tokens are separated by single spaces in the text unless ``nospace`` is given.
This is a fake NLP result: it lets the entity, date, quote and event stages be tested
on exact parses, independently of the trained models.
"""

from __future__ import annotations

from service.extract.doc import Sentence, Token, Word


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
