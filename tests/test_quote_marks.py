"""Finding quoted spans: straight and curly marks, unbalanced marks, multi-paragraph quotes."""

from __future__ import annotations

from service.extract.quotes import quote_fragments


def paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        if line:
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def fragments(text: str) -> list[str]:
    return [text[s:e] for s, e in quote_fragments(text, paragraphs(text))]


def test_straight_and_curly() -> None:
    text = 'He said "we will go" and she said “we will not.”'
    assert fragments(text) == ["we will go", "we will not."]


def test_unbalanced_runs_to_paragraph_end() -> None:
    text = 'The minister said "we are ready to act\nNext paragraph.'
    assert fragments(text) == ["we are ready to act"]


def test_multi_paragraph_quote_reopened() -> None:
    text = '"First paragraph of the quote.\n"Second paragraph," she said.'
    assert fragments(text) == ["First paragraph of the quote.\n\"Second paragraph,"]


def test_single_quotes_inside_double_stay_content() -> None:
    text = "He said \"they called it 'a disaster' on air\" yesterday."
    assert fragments(text) == ["they called it 'a disaster' on air"]


def test_apostrophes_and_inch_marks_are_not_quotes() -> None:
    text = "Trump's envoy didn't say it. The screen is 15\" wide."
    assert fragments(text) == []


def test_a_doubled_apostrophe_is_a_quotation_mark() -> None:
    # round 9 (dev): n131, n153 (wire copy in ASCII): ''...'' for “...”
    text = ("''Big time game. Both teams played so hard,'' Duke coach Mike Krzyzewski said.\n"
            "He said the team's ''best'' players were tired, and it's ''fine.''\n"
            "The players' union and the fans' club were not quoted.")
    assert fragments(text) == ["Big time game. Both teams played so hard,", "best", "fine."]


def test_only_a_doubled_apostrophe_closes_a_doubled_apostrophe() -> None:
    # (found by the round-9 review: “ or an inch mark inside closed it)
    assert fragments("''He called it “a disaster” on air,'' he said.") == ["He called it “a disaster” on air,"]
    assert fragments("''The screen is 15\" wide,'' he said.") == ["The screen is 15\" wide,"]


def test_a_doubled_apostrophe_inside_a_double_quote_is_content() -> None:
    text = "He said \"they called it ''a disaster'' on air\" yesterday."
    assert fragments(text) == ["they called it ''a disaster'' on air"]
