"""NER training sentences made from the news set's gold (scripts/training/news.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from scripts.eval_news import anchor_span, load_articles
from scripts.training.news import article_sentences, gold_spans, surface_forms


@dataclass
class Token:
    text: str
    start_char: int
    end_char: int
    ner: str = "O"


@dataclass
class Sentence:
    tokens: list[Token]


@dataclass
class Doc:
    sentences: list[Sentence]


def doc_of(text: str, tags: dict[str, str], breaks: tuple[str, ...] = ()) -> Doc:
    """Whitespace and punctuation tokens, the tagger's tags by token text, a sentence per ``breaks`` word."""
    sentences: list[Sentence] = [Sentence([])]
    for m in re.finditer(r"\w+|[^\w\s]", text):
        sentences[-1].tokens.append(Token(m.group(), m.start(), m.end(), tags.get(m.group(), "O")))
        if m.group() in breaks:
            sentences.append(Sentence([]))
    return Doc([s for s in sentences if s.tokens])


def test_surface_forms_drop_the_article_and_the_possessive_longest_first() -> None:
    entity = {"name": "The Washington Post", "type": "ORG", "aliases": ["the Post's", "Post"]}
    assert surface_forms(entity) == ["Washington Post", "Post"]


def test_gold_spans_take_longest_forms_whole_words_and_skip_boilerplate() -> None:
    text = "Emmanuel Macron met Scholz. Macron spoke. Macronism. By Emmanuel Macron"
    entities = [{"name": "Emmanuel Macron", "type": "PERSON", "aliases": ["Macron"]}]
    byline = (text.index("By"), len(text))
    spans = gold_spans(text, entities, [byline])
    assert [text[s:e] for s, e, _ in spans] == ["Emmanuel Macron", "Macron"]


def test_sentences_carry_gold_names_silver_numbers_and_drop_the_taggers_other_names() -> None:
    text = "Sheriff Jo Bloggs said 3 people died Monday. Police in Kent said so."
    article = {"text": text, "entities": [{"name": "Jo Bloggs", "type": "PERSON", "aliases": []},
                                          {"name": "Kent", "type": "GPE", "aliases": []}]}
    # The tagger calls "Sheriff" an ORG (not in the gold: dropped), "Kent" a PERSON (gold: GPE) and
    # keeps "3" CARDINAL and "Monday" DATE, which the gold does not annotate.
    doc = doc_of(text, {"Sheriff": "S-ORG", "3": "S-CARDINAL", "Monday": "S-DATE", "Kent": "S-PERSON"},
                 breaks=(".",))
    out = article_sentences(article, doc, [])
    tagged = [[(t["text"], t["ner"]) for t in s if t["ner"] != "O"] for s in out]
    assert tagged == [[("Jo", "B-PERSON"), ("Bloggs", "I-PERSON"), ("3", "B-CARDINAL"), ("Monday", "B-DATE")],
                      [("Kent", "B-GPE")]]


def test_sentences_in_boilerplate_or_off_token_boundaries_are_left_out() -> None:
    text = "Sen. Ann Lee (D-Calif.) spoke. Photo: Ann Lee/AP"
    article = {"text": text, "entities": [{"name": "Ann Lee", "type": "PERSON", "aliases": []},
                                          {"name": "Calif.", "type": "GPE", "aliases": []}]}
    doc = doc_of(text, {}, breaks=("spoke",))
    # The tokenizer keeps "D-Calif." whole: the gold "Calif." does not fall on its boundaries.
    first = doc.sentences[0].tokens
    doc.sentences[0].tokens = [*first[:5], Token("D-Calif.", 14, 22), *first[-2:]]
    caption = (text.index("Photo"), len(text))
    assert article_sentences(article, doc, [caption]) == []


def test_a_real_dev_article_gives_bio_sentences_with_its_gold_people() -> None:
    import stanza

    from service.nlp import default_models_dir

    nlp = stanza.Pipeline("en", dir=str(default_models_dir()), processors="tokenize,mwt,ner",
                          download_method=None, logging_level="WARN")
    article = next(a for a in load_articles() if a["split"] == "dev" and a["id"].startswith("n002"))
    boiler = [anchor_span(article["text"], b["anchor"]) for b in article["boilerplate"]]
    out = article_sentences(article, nlp(article["text"]), boiler)
    assert out
    tags = [t["ner"] for s in out for t in s]
    assert all(t == "O" or t[:2] in ("B-", "I-") for t in tags)
    gold = {e["name"] for e in article["entities"] if e["type"] == "PERSON"}
    assert people(out) & gold


def people(sentences: list[list[dict[str, str]]]) -> set[str]:
    """The PERSON spans of BIO-tagged sentences, as text."""
    names: set[str] = set()
    for sentence in sentences:
        current: list[str] = []
        for token in [*sentence, {"text": "", "ner": "O"}]:
            if token["ner"] != "I-PERSON" and current:
                names.add(" ".join(current))
                current = []
            if token["ner"] in ("B-PERSON", "I-PERSON"):
                current.append(token["text"])
    return names
