"""HTML pages in: decode, bound, parse and reduce a page to its article text and its metadata.

``POST /v1/extract`` (and the batch and stream documents) accept an HTML page instead of a text
(a ``text/html`` body or a JSON ``html`` field).  This module turns the page into what the
extraction pipeline already takes, a plain text (and, when the request gives none, the page's
publication date), so HTML never reaches :mod:`service.extract`; the page's title, authors, site
name, URL and date go back to the client as ``source``, and the extracted text as ``text``.

The work is done by trafilatura (main text, title, authors, site name; Apache-2.0) and htmldate
(publication date from meta tags, JSON-LD, visible dates and the URL; Apache-2.0), on a tree that
lxml parsed here from the string: neither library is ever handed a URL or a string it could take
for one (htmldate fetches a string that starts with ``http``), so nothing is downloaded.

Hostile pages are bounded before the libraries run, because their work cannot be interrupted
(C code, and a gunicorn thread cannot take a signal): the size (HERALD_MAX_HTML_CHARS), the
nesting depth (:data:`MAX_DEPTH`; libxml2 silently stops descending at 256 levels and drops
what lies deeper, so a deeper page is refused rather than half-read) and the number of elements
(:data:`MAX_ELEMENTS`; trafilatura's time grows faster than linearly with it: 20,000 inline
elements in one paragraph take about 4 s, 120,000 over 4 minutes).  The 78 real news pages of
``seeds/html`` (with ``seeds/html/zyte``) have at most 5,647 elements and 50 levels.
"""

from __future__ import annotations

import codecs
import dataclasses
import datetime as dt
import logging
import re
import urllib.parse
from dataclasses import dataclass
from typing import Any

import lxml.etree
import lxml.html
import trafilatura

from service.extract.contract import ExtractRequest
from service.http.errors import ApiError

#: Deepest accepted element nesting (the news pages measured: at most 50).
MAX_DEPTH = 200
#: Most accepted elements in a page (the news pages measured: at most 5,647).
MAX_ELEMENTS = 20_000

#: Charset labels accepted in a Content-Type or a ``<meta charset>`` -> Python codec.  As in
#: browsers (WHATWG Encoding), latin-1 and ascii labels mean windows-1252, a superset of both.
CHARSETS: dict[str, str] = {
    "utf-8": "utf-8", "utf8": "utf-8", "unicode-1-1-utf-8": "utf-8",
    "us-ascii": "cp1252", "ascii": "cp1252",
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "l1": "cp1252",
    "windows-1252": "cp1252", "cp1252": "cp1252", "x-cp1252": "cp1252",
    "iso-8859-15": "iso8859-15", "latin-9": "iso8859-15", "l9": "iso8859-15",
    "iso-8859-2": "iso8859-2", "windows-1250": "cp1250", "windows-1251": "cp1251", "koi8-r": "koi8-r",
    "utf-16": "utf-16", "utf-16le": "utf-16-le", "utf-16be": "utf-16-be",
    "shift_jis": "shift_jis", "euc-jp": "euc-jp", "euc-kr": "euc-kr",
    "gbk": "gbk", "gb2312": "gbk", "gb18030": "gb18030", "big5": "big5",
}
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
#: ``<meta charset="x">`` or ``<meta http-equiv="Content-Type" content="text/html; charset=x">`` in the
#: first 1024 bytes (the HTML standard's prescan length).
_META_CHARSET = re.compile(rb"""<meta[^>]{0,512}?charset\s*=\s*(?:["']\s*)?([a-zA-Z0-9_.:-]{1,40})""", re.IGNORECASE)
#: Elements whose text is never article text (the fallback below reads the rest).
_NOT_TEXT = ("script", "style", "noscript", "template", "head")
_log = logging.getLogger(__name__)
_PARSER = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True)

# Both libraries log at WARNING/ERROR about the pages they are given ("discarding data", "parsed tree
# length"): those are facts about a client's input, not errors of the service, so they stay quiet.
for _name in ("trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)


@dataclass(frozen=True)
class PageRequest(ExtractRequest):
    """An :class:`ExtractRequest` whose text was extracted from an HTML page, with what the page said.

    The extractor sees an ordinary request (the text, and the page's date when the request gave
    none); :func:`add_page` then writes ``text`` and ``source`` into its response body.
    """

    title: str | None = None
    authors: tuple[str, ...] = ()
    url: str | None = None
    published: dt.date | None = None
    sitename: str | None = None
    #: Whether ``date`` is the page's publication date (the request gave none): ``date_source: "html"``.
    date_from_page: bool = False
    #: Whether the document was an HTML page (a text request with a ``url`` only echoes it).
    from_html: bool = True


@dataclass(frozen=True)
class Page:
    """What :func:`read_page` found in a page."""

    text: str
    title: str | None
    authors: tuple[str, ...]
    published: dt.date | None
    sitename: str | None


def decode_html(data: bytes, declared: str | None) -> str:
    """The page's characters: the byte order mark, else the Content-Type's charset, else a ``<meta
    charset>`` in the first 1024 bytes, else UTF-8 (the order browsers follow).

    Raises :class:`ApiError`: 415 for a Content-Type charset outside :data:`CHARSETS`, 400 for bytes
    that are not valid in the charset used (never a guess: offsets must index what the page said).
    """
    codec, label = _charset(data, declared)
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        raise ApiError(400, f"The HTML body is not valid {label}: declare its charset in the Content-Type "
                            "(e.g. text/html; charset=windows-1252) or in a <meta charset>.") from None


def _charset(data: bytes, declared: str | None) -> tuple[str, str]:
    """(Python codec, label for messages) of a body, as :func:`decode_html` describes."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec, codec
    if declared is not None:
        label = declared.strip().strip("\"'").lower()
        if label not in CHARSETS:
            raise ApiError(415, f"The charset {declared[:40]!r} is not supported; send utf-8 or one of: "
                                f"{', '.join(sorted(CHARSETS))}.")
        return CHARSETS[label], label
    match = _META_CHARSET.search(data[:1024])
    if match:
        label = match.group(1).decode("ascii").lower()
        if label in CHARSETS:
            return CHARSETS[label], label
    return "utf-8", "utf-8"


def read_page(html: str, url: str | None, *, max_text_chars: int) -> Page:
    """The article text and metadata of ``html`` (already bounded by HERALD_MAX_HTML_CHARS).

    Raises :class:`ApiError`: 422 for a page that is not HTML lxml can read, nested deeper than
    :data:`MAX_DEPTH` or with no text at all ("no article text found"), 413 for a page with more
    than :data:`MAX_ELEMENTS` elements or whose text is over ``max_text_chars``.
    """
    tree = _parse(html)
    _check_shape(tree)
    try:
        document = _extract(tree, _http_url(url))
    except Exception:  # a library's bug on a strange page must not become a 500 without an answer
        _log.warning("HTML extraction failed", exc_info=True)
        raise ApiError(422, "The HTML page could not be read (the extraction failed on it).") from None
    text = _clean(getattr(document, "text", None) or "") or _visible_text(tree)
    if not text:
        raise ApiError(422, "No article text found in the HTML page.")
    if len(text) > max_text_chars:
        raise ApiError(413, f"The text extracted from the HTML page has {len(text)} characters; the limit is "
                            f"{max_text_chars} (HERALD_MAX_TEXT_CHARS).")
    return Page(
        text=text,
        title=_field(document, "title"),
        authors=_authors(_field(document, "author")),
        published=_date(_field(document, "date")),
        sitename=_field(document, "sitename"),
    )


def _http_url(url: str | None) -> str | None:
    """``url`` when it is an absolute http(s) URL the libraries can read, else None (it is then only echoed)."""
    if url is None:
        return None
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.hostname else None


def _extract(tree: Any, url: str | None) -> Any:
    """trafilatura's document (text and metadata) for ``tree``, or None; the settings are the measured ones.

    ``fast`` (no fallback extractors): on the tuning half of seeds/html it scored as well as the
    default and better than ``favor_precision`` or ``favor_recall`` (snippet F1 0.919, 0.919, 0.909,
    0.911; ``python -m scripts.eval_html --compare``), with less work per page, which also bounds
    hostile pages better.  Comments, images and links are not article text; tables
    are (results, figures).  ``deduplicate`` is off: its cache is shared across requests.  Dates
    (htmldate): ``original_date`` prefers the first publication over an update, ``extensive_search``
    also reads visible dates and the text when the markup has none; never after today.
    """
    return trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        fast=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        deduplicate=False,
        date_extraction_params={
            "extensive_search": True,
            "original_date": True,
            "outputformat": "%Y-%m-%d",
            "max_date": dt.date.today().isoformat(),
        },
    )


def _parse(html: str) -> Any:
    """lxml's tree of ``html`` (parsed from UTF-8 bytes, so an inner encoding declaration is ignored)."""
    try:
        return lxml.html.document_fromstring(html.encode("utf-8", "surrogatepass"), parser=_PARSER)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError):
        raise ApiError(422, "No article text found in the HTML page (nothing could be parsed).") from None


def _check_shape(tree: Any) -> None:
    """422 past :data:`MAX_DEPTH` levels, 413 past :data:`MAX_ELEMENTS` elements (walked without recursion)."""
    stack: list[tuple[Any, int]] = [(tree, 1)]
    elements = 0
    while stack:
        element, depth = stack.pop()
        elements += 1
        if depth > MAX_DEPTH:
            raise ApiError(422, f"The HTML page is nested more than {MAX_DEPTH} elements deep.")
        if elements > MAX_ELEMENTS:
            raise ApiError(413, f"The HTML page has more than {MAX_ELEMENTS} elements.")
        stack.extend((child, depth + 1) for child in element)


def _visible_text(tree: Any) -> str:
    """The page's visible text, when trafilatura finds no article in it (a bare fragment, a very short page)."""
    for element in list(tree.iter(*_NOT_TEXT)):
        if element.getparent() is not None:
            element.drop_tree()
    return _clean(tree.text_content())


def _clean(text: str) -> str:
    """Paragraphs without runs of blank space, no leading or trailing space; control characters removed."""
    text = "".join(char for char in text if char in "\n\t" or char >= " ")
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _field(document: Any, name: str) -> str | None:
    value = getattr(document, name, None) if document is not None else None
    return value.strip() or None if isinstance(value, str) else None


def _authors(value: str | None) -> tuple[str, ...]:
    """trafilatura's ``"A; B"`` as ``("A", "B")``."""
    return tuple(name.strip() for name in (value or "").split(";") if name.strip())


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def page_request(base: ExtractRequest, html: str | None, url: str | None, max_text_chars: int) -> ExtractRequest:
    """The request to analyse: for a page, its text and metadata (the request's date wins over the page's).

    A text request with a ``url`` keeps its text; the url is only echoed in ``source``.
    """
    if html is None:
        return base if url is None else PageRequest(**_fields(base), url=url, from_html=False)
    page = read_page(html, url, max_text_chars=max_text_chars)
    from_page = base.date is None and page.published is not None
    return PageRequest(
        **{**_fields(base), "text": page.text, "date": base.date or page.published},
        title=page.title, authors=page.authors, url=url, published=page.published, sitename=page.sitename,
        date_from_page=from_page,
    )


def _fields(request: ExtractRequest) -> dict[str, Any]:
    return {field.name: getattr(request, field.name) for field in dataclasses.fields(ExtractRequest)}


def add_page(body: dict[str, Any], request: ExtractRequest) -> dict[str, Any]:
    """Write the page's ``text`` and ``source`` into the response body of ``request`` (nothing for a text)."""
    if not isinstance(request, PageRequest):
        return body
    if request.from_html:
        body["text"] = request.text
        if request.date_from_page and body.get("date_source") == "request":
            body["date_source"] = "html"
    body["source"] = {
        "title": request.title,
        "authors": list(request.authors),
        "url": request.url,
        "published": request.published.isoformat() if request.published else None,
        "sitename": request.sitename,
    }
    return body
