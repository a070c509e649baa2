"""Boilerplate lines the rules miss: a line classifier learned from the news set's gold.

The rules of ``boilerplate.json`` name what they know ("Photograph:", "By NAME", "Read more");
unseen outlets write their furniture, bylines and captions in other words, and there the rules
found about a third of it.  What such lines share is their *shape*: short, capitalised, without a
sentence's closing stop, near the top or the end, next to other short lines, with words like
"photo", "subscribe" or "staff".  A multinomial logistic regression over those features and the
line's words gives each line a probability per class (``content`` and the boilerplate reasons);
a line the rules left in the analysis becomes boilerplate, with the likeliest reason, when its
boilerplate probability reaches ``threshold``.

The weights are data (``service/data/weights/boilerplate_lines.json``), fitted by
``python -m scripts.train_boilerplate`` on the development articles of ``seeds/news``
(leave-one-round-out figures in its ``--cv`` report).  The threshold is set high: a content line
taken for boilerplate is lost to every later stage, a missed one only leaks.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from service.extract.linear import check_keys, checked_probability, checked_weights, probabilities, read_weights

FILE = "boilerplate_lines.json"
CONTENT = "content"

MONTH = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?![\w])", re.IGNORECASE)
CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b|\b[ap]\.?m\.?(?![\w])", re.IGNORECASE)
YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
URL = re.compile(r"https?://|www\.|\.com\b", re.IGNORECASE)
COPYRIGHT = re.compile(r"©|copyright|all rights reserved", re.IGNORECASE)
QUOTE_MARK = re.compile(r"[\"“”]")
REPORTING = re.compile(r"\b(?:said|says|told|according)\b", re.IGNORECASE)
CAPS_OPENER = re.compile(r"[A-Z][A-Z .,'-]+\s*[(—–-]")
SENTENCE_STOPS = frozenset(".!?\"”’'")
WORD_STRIP = ".,:;"
#: Words in a line above which it reads as a paragraph, and at or below which as a label.
SHORT_WORDS, LABEL_WORDS, LONG_WORDS = 3, 8, 25


@dataclass(frozen=True)
class LineModel:
    """The classifier: its classes (``content`` first), threshold, the fewest lines of a text it judges,
    and one weight per class and feature."""

    classes: tuple[str, ...]
    threshold: float
    min_lines: int
    weights: dict[str, tuple[float, ...]]

    def probabilities(self, features: dict[str, float]) -> list[float]:
        """Softmax over the classes for one line's features (unknown features weigh nothing)."""
        return probabilities(self.weights, len(self.classes), features)


@cache
def load_line_model() -> LineModel:
    """Read and check ``service/data/weights/boilerplate_lines.json`` once."""
    return line_model_from(read_weights(FILE))


def line_model_from(data: dict[str, Any]) -> LineModel:
    """The :class:`LineModel` of a weights file's content; a ValueError names the fault."""
    classes = tuple(data.get("classes", ()))
    threshold = data.get("threshold")
    weights = data.get("weights")
    min_lines = data.get("min_lines")
    check_keys(data, FILE, ("threshold", "min_lines"))
    if not classes or classes[0] != CONTENT or len(set(classes)) != len(classes):
        raise ValueError(f"{FILE}: classes must list {CONTENT!r} first, each class once")
    threshold = checked_probability(threshold, FILE, "threshold")
    if isinstance(min_lines, bool) or not isinstance(min_lines, int) or min_lines < 1:
        raise ValueError(f"{FILE}: min_lines must be a whole number of at least 1")
    return LineModel(classes, threshold, min_lines, checked_weights(weights, len(classes), FILE))


@dataclass(frozen=True)
class ArticleShape:
    """What a line's features need from the whole article, computed once per text: where the story's
    paragraphs (lines of at least ``LONG_WORDS`` words) begin and end, how many short lines run
    together around each line (menus, link lists, credits), and which lines occur more than once."""

    first_long: int
    last_long: int
    short_runs: tuple[int, ...]
    repeated: frozenset[int]


def article_shape(text: str, lines: Sequence[tuple[int, int]]) -> ArticleShape:
    counts = [len(text[s:e].split()) for s, e in lines]
    long_lines = [i for i, n in enumerate(counts) if n >= LONG_WORDS]
    runs = [0] * len(lines)
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and counts[j] <= LABEL_WORDS:
            j += 1
        for k in range(i, j):
            runs[k] = j - i
        i = max(j, i + 1)
    seen: dict[str, list[int]] = {}
    for k, (s, e) in enumerate(lines):
        seen.setdefault(text[s:e], []).append(k)
    repeated = frozenset(k for ks in seen.values() if len(ks) > 1 for k in ks)
    return ArticleShape(long_lines[0] if long_lines else len(lines), long_lines[-1] if long_lines else -1,
                        tuple(runs), repeated)


def line_features(text: str, lines: Sequence[tuple[int, int]], i: int, shape: ArticleShape) -> dict[str, float]:
    """The features of line ``i`` of ``lines`` (stripped, non-empty ``(start, end)`` spans of ``text``):
    its shape, its place in the article and against the story's paragraphs (``shape``, computed once
    per text by :func:`article_shape`), its neighbours and its words."""
    start, end = lines[i]
    line = text[start:end]
    words = line.split()
    count = len(words)
    letters = [c for c in line if c.isalpha()]
    previous = text[lines[i - 1][0]:lines[i - 1][1]].split() if i else []
    following = text[lines[i + 1][0]:lines[i + 1][1]].split() if i + 1 < len(lines) else []
    flags = {
        "short3": count <= SHORT_WORDS,
        "short8": count <= LABEL_WORDS,
        "long25": count >= LONG_WORDS,
        "ends_stop": line[-1] in SENTENCE_STOPS,
        "ends_colon": line.endswith(":"),
        "all_caps": line.upper() == line and len(letters) > 2,
        "time": bool(CLOCK.search(line)),
        "month": bool(MONTH.search(line)),
        "year": bool(YEAR.search(line)),
        "slash": "/" in line,
        "pipe": "|" in line,
        "at": "@" in line,
        "url": bool(URL.search(line)),
        "copyright": bool(COPYRIGHT.search(line)),
        "paren_end": line.endswith(")"),
        "quote_mark": bool(QUOTE_MARK.search(line)),
        "said": bool(REPORTING.search(line)),
        "dash_open": bool(CAPS_OPENER.match(line)),
        "pos_first": i == 0,
        "pos_early": i < 4,
        "pos_last": i == len(lines) - 1,
        "pos_late": i >= len(lines) - 3,
        "prev_short": len(previous) <= LABEL_WORDS,
        "next_short": len(following) <= LABEL_WORDS,
        "prev_long": len(previous) >= LONG_WORDS,
        "next_long": len(following) >= LONG_WORDS,
        "blank_before": i > 0 and "\n\n" in text[max(0, start - 3):start],
        "above_story": i < shape.first_long,
        "below_story": i > shape.last_long,
        "run3": shape.short_runs[i] >= 3,
        "run6": shape.short_runs[i] >= 6,
        "repeated": i in shape.repeated,
    }
    features: dict[str, float] = {name: 1.0 for name, on in flags.items() if on}
    features["bias"] = 1.0
    features["len_log"] = math.log1p(len(line)) / 6
    features["words_log"] = math.log1p(count) / 4
    features["caps_share"] = sum(w[:1].isupper() for w in words) / max(count, 1)
    features["upper_share"] = sum(c.isupper() for c in letters) / max(len(letters), 1)
    features["digit_share"] = sum(c.isdigit() for c in line) / len(line)
    features["rel_pos"] = i / max(len(lines) - 1, 1)
    lowered = [w.lower().strip(WORD_STRIP) for w in words]
    for word in lowered[:2]:
        features["first:" + word] = 1.0
    for word in set(lowered):
        features["w:" + word] = 1.0
    return features


def classify_lines(text: str, lines: Sequence[tuple[int, int]], candidates: Sequence[int],
                   model: LineModel | None = None) -> dict[int, str]:
    """Line index -> boilerplate reason, for the ``candidates`` the model puts at or above its threshold.

    A text of fewer than ``min_lines`` lines is what the client chose to send (a headline, a
    sentence), not a page: it is left alone; and the candidates are never all taken (an article
    has content), so the model can empty no request.
    """
    model = model or load_line_model()
    found: dict[int, str] = {}
    if len(lines) < model.min_lines:
        return found
    shape = article_shape(text, lines)
    for i in candidates:
        probabilities = model.probabilities(line_features(text, lines, i, shape))
        if 1 - probabilities[0] >= model.threshold:
            best = max(range(1, len(model.classes)), key=probabilities.__getitem__)
            found[i] = model.classes[best]
    return found if len(found) < len(candidates) else {}
