"""NER training sentences from the news set's gold (``seeds/news``), for adapting the tagger to news.

The news set's gold lists each named entity once, with its name, its type and every other surface
form (ANNOTATION.md), and marks the boilerplate; it has no token tags.  Tags are made here:

- the text is split into sentences and tokens by the shipped tokenizer (as at run time);
- every occurrence of an entity's name or alias (case as written, whole words, longest first, a
  leading "the" and a trailing possessive left out, as the scorer ignores them) gets the entity's
  type;
- the numeric OntoNotes types (DATE, MONEY, CARDINAL, ...), which the gold does not annotate, keep
  the shipped tagger's own tags where they do not overlap a gold name ("silver");
- a name type that the tagger found and the gold does not list becomes ``O``: the gold lists every
  named entity of the content, so such a span is one of the tagger's news errors ("Sheriff" ORG);
- a sentence that touches a boilerplate span (bylines, credits, captions: names there are not
  annotated) or where a gold form does not fall on token boundaries is left out.

Only articles of the ``dev`` split are used, minus any held out (``exclude``): the test split is
never read here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

# The name types of scripts.eval_news, repeated so that the trainer imports this module without the
# service's dependencies (a bare GPU machine has Stanza and torch only).
NAME_TYPES = frozenset({"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART",
                        "LAW", "LANGUAGE"})

Span = tuple[int, int]


def surface_forms(entity: dict[str, Any]) -> list[str]:
    """An entity's name and aliases as they occur in text, without "the" and "'s", longest first."""
    forms = set()
    for form in [entity["name"], *entity.get("aliases", [])]:
        form = re.sub(r"[’']s$", "", re.sub(r"^[Tt]he\s+", "", form.strip()))
        if form:
            forms.add(form)
    return sorted(forms, key=len, reverse=True)


def gold_spans(text: str, entities: Iterable[dict[str, Any]], blocked: Sequence[Span]) -> list[tuple[int, int, str]]:
    """Character spans of every occurrence of every gold form, longest forms first, none overlapping."""
    found: list[tuple[int, int, str]] = []
    candidates = [(form, e["type"]) for e in entities for form in surface_forms(e)]
    for form, etype in sorted(candidates, key=lambda c: len(c[0]), reverse=True):
        for m in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", text):
            span = (m.start(), m.end())
            if any(_overlaps(span, b) for b in blocked) or any(_overlaps(span, f[:2]) for f in found):
                continue
            found.append((*span, etype))
    return sorted(found)


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def article_sentences(article: dict[str, Any], doc: Any, boiler: Sequence[Span]) -> list[list[dict[str, str]]]:
    """One article's training sentences (Stanza NER json: ``[{"text", "ner"}]`` per token, BIO)."""
    spans = gold_spans(article["text"], article["entities"], boiler)
    out: list[list[dict[str, str]]] = []
    for sentence in doc.sentences:
        tokens = sentence.tokens
        sent_span = (tokens[0].start_char, tokens[-1].end_char)
        if any(_overlaps(sent_span, b) for b in boiler):
            continue
        gold = _token_spans(tokens, [s for s in spans if _overlaps(s[:2], sent_span)])
        if gold is None:
            continue
        silver = [s for s in _silver_numeric(tokens) if not any(_overlaps(s[:2], g[:2]) for g in gold)]
        tags = ["O"] * len(tokens)
        for first, last, etype in [*gold, *silver]:
            for i in range(first, last):
                tags[i] = ("B-" if i == first else "I-") + etype
        out.append([{"text": t.text, "ner": tag} for t, tag in zip(tokens, tags, strict=True)])
    return out


def _silver_numeric(tokens: Sequence[Any]) -> list[tuple[int, int, str]]:
    """The tagger's own spans (token ranges) of the numeric types, which the gold does not annotate."""
    spans: list[tuple[int, int, str]] = []
    for i, token in enumerate(tokens):
        tag = token.ner or "O"
        if tag == "O" or tag[2:] in NAME_TYPES:
            continue
        if tag[0] in "BS" or not spans or spans[-1][1] != i or spans[-1][2] != tag[2:]:
            spans.append((i, i + 1, tag[2:]))
        else:
            spans[-1] = (spans[-1][0], i + 1, tag[2:])
    return spans


def _token_spans(tokens: Sequence[Any], spans: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, str]] | None:
    """Gold character spans as token ranges; None when one does not fall on token boundaries."""
    out = []
    for start, end, etype in spans:
        inside = [i for i, t in enumerate(tokens) if t.start_char >= start and t.end_char <= end]
        if not inside or tokens[inside[0]].start_char != start or tokens[inside[-1]].end_char != end:
            return None
        out.append((inside[0], inside[-1] + 1, etype))
    return out


def news_ner_json(models: str, news_dir: str, exclude: Iterable[str] = ()) -> list[list[dict[str, str]]]:
    """Training sentences from every ``dev`` article of ``news_dir`` whose id starts with none of ``exclude``."""
    import stanza

    from scripts.eval_news import anchor_span, load_articles
    from service.nlp import split_contractions

    skip = tuple(exclude)
    pipeline = stanza.Pipeline("en", dir=models, processors="tokenize,mwt,ner", download_method=None,
                               logging_level="WARN")

    def nlp(text: str) -> Any:
        # tokens as the service reads them: contractions cut ("Nevada's" = "Nevada" + "'s")
        doc = split_contractions(pipeline.process(stanza.Document([], text=text), processors="tokenize,mwt"))
        return pipeline.process(doc, processors="ner")

    sentences: list[list[dict[str, str]]] = []
    for article in load_articles(Path(news_dir)):
        if article.get("split") != "dev" or article["id"].startswith(skip):
            continue
        boiler = [anchor_span(article["text"], b["anchor"]) for b in article["boilerplate"]]
        sentences += article_sentences(article, nlp(article["text"]), boiler)
    return sentences
