"""Text cleaning: date header, paragraphs and boilerplate, all as offsets into the submitted text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from service.extract.cleaning import clean

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_213a62ba50b0ddfd.txt"


def test_header_date_and_offsets() -> None:
    text = " date 2025-02-17 European leaders met on Monday.\nSecond paragraph."
    result = clean(text)
    assert result.header_date == dt.date(2025, 2, 17)
    first, second = result.paragraphs
    assert text[first[0]:first[1]] == "European leaders met on Monday."
    assert text[second[0]:second[1]] == "Second paragraph."


def test_impossible_header_date_is_text() -> None:
    result = clean("date 2025-02-30 Something happened.")
    assert result.header_date is None
    assert result.paragraphs[0][0] == 0


def test_seed_donation_appeal_is_boilerplate() -> None:
    text = SEED.read_text(encoding="utf-8")
    result = clean(text)
    assert len(result.boilerplate) == 1
    appeal = result.boilerplate[0]
    assert appeal.reason == "donation appeal"
    assert text[appeal.start:].startswith("A Message from The Moscow Times:")
    assert text[appeal.start:appeal.end].endswith("Remind me later.")
    assert all(end <= appeal.start for _, end in result.paragraphs)
    assert text[result.paragraphs[-1][0]:result.paragraphs[-1][1]].startswith("Zelensky had announced the trip")


def test_inline_boilerplate_lines() -> None:
    text = "The minister resigned.\nRead more: Why ministers resign\nShe left on Friday.\n© 2025 Example News"
    result = clean(text)
    reasons = [(text[b.start:b.end], b.reason) for b in result.boilerplate]
    assert reasons == [("Read more: Why ministers resign", "read more"), ("© 2025 Example News", "copyright")]
    assert [text[s:e] for s, e in result.paragraphs] == ["The minister resigned.", "She left on Friday."]


def test_appeal_words_at_the_start_are_article_text() -> None:
    text = "Dear readers,\nThis letter is the story itself."
    assert clean(text).boilerplate == ()
