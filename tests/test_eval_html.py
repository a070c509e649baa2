"""The character-level score of scripts/eval_html.py: the alignment scorer, and two real seeds/html/zyte pages."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scripts.eval_html import ZYTE, char_score, characters, score_zyte, tokens
from service.config import Config

GOLD = (
    "VIENNA — The house where Adolf Hitler was born will be turned into a police station, "
    "Austria's interior minister said on Tuesday.\n"
    "The building has been at the centre of a legal dispute for years."
)
BOILERPLATE = "Share this article on Facebook\nSign up for our newsletter"


def zyte_pages() -> list[dict[str, Any]]:
    """The pages of seeds/html/zyte/gold.json."""
    return json.loads((ZYTE / "gold.json").read_text(encoding="utf-8"))["pages"]


def test_identical_texts_score_one() -> None:
    score = char_score(GOLD, GOLD)
    assert (score.precision, score.recall, score.f1) == (1.0, 1.0, 1.0)
    assert score.matched == score.gold == len("".join(GOLD.split()))


def test_white_space_and_spaced_punctuation_do_not_count() -> None:
    spaced = ("VIENNA —  The house where Adolf Hitler was born will be turned into a police station ,\n\n"
              "Austria 's interior minister said on Tuesday .  The building has been at the centre of a legal "
              "dispute for years .")
    assert tokens(spaced) == tokens(GOLD)
    assert char_score(spaced, GOLD).f1 == 1.0


def test_boilerplate_lowers_precision_only() -> None:
    score = char_score(f"{BOILERPLATE}\n{GOLD}\n{BOILERPLATE}", GOLD)
    assert score.recall == 1.0
    assert 0.0 < score.precision < 1.0
    assert score.matched / score.extracted == score.precision


def test_missing_paragraph_lowers_recall_only() -> None:
    first = GOLD.split("\n")[0]
    score = char_score(first, GOLD)
    assert score.precision == 1.0
    assert score.recall == pytest.approx(len("".join(first.split())) / len("".join(GOLD.split())))


def test_nothing_extracted_scores_zero() -> None:
    score = char_score("", GOLD)
    assert (score.precision, score.recall, score.f1) == (0.0, 0.0, 0.0)


def test_gold_pages_are_what_the_readme_says() -> None:
    pages = zyte_pages()
    outlets = [page["outlet"] for page in pages]
    assert len(pages) >= 36 and len(set(outlets)) >= 20
    assert max(outlets.count(outlet) for outlet in outlets) <= 2
    assert all((ZYTE / page["file"]).is_file() and page["body"].strip() and page["note"] for page in pages)
    assert sum(path.stat().st_size for path in ZYTE.iterdir()) < 3_000_000


def test_chars_scores_two_real_pages(capsys: pytest.CaptureFixture[str]) -> None:
    pages = [page for page in zyte_pages() if page["outlet"] in ("techcrunch.com", "nbcnews.com")]
    assert len(pages) == 2
    results = characters(pages)
    out = capsys.readouterr().out
    assert "2 pages from 2 outlets" in out and "micro P" in out
    for result in results:
        assert result.error is None
        for value in (result.score.precision, result.score.recall, result.score.f1):
            assert 0.0 <= value <= 1.0
        assert result.score.precision > 0.5


def test_a_page_over_the_body_limit_is_kept_with_recall_zero() -> None:
    page = next(page for page in zyte_pages() if page["outlet"] == "techcrunch.com")
    result = score_zyte(page, Config().replace({"max_body_bytes": 1000}))
    assert result.error is not None and result.error.startswith("413")
    assert result.score.recall == 0.0 and result.score.gold > 0
