"""Table-driven tests of date normalisation: expression x anchor x tense -> TIMEX3 value."""

from __future__ import annotations

import datetime as dt

import pytest

from service.extract.timenorm import normalise

MON = dt.date(2025, 2, 17)  # Monday, ISO week 2025-W08 (the seed article's date)
NYE = dt.date(2024, 12, 31)  # Tuesday, ISO week 2025-W01
NEWYEAR = dt.date(2025, 1, 1)  # Wednesday
LEAP = dt.date(2024, 2, 29)  # Thursday
W53 = dt.date(2020, 12, 31)  # Thursday, ISO week 2020-W53
SUN = dt.date(2025, 3, 2)  # Sunday

# (expression, anchor, tense, type, value, mod)
TABLE = [
    # bare weekdays, by tense (the seed article's cases)
    ("Monday", MON, "past", "DATE", "2025-02-17", None),
    ("on Monday", MON, "past", "DATE", "2025-02-17", None),
    ("Sunday", MON, "past", "DATE", "2025-02-16", None),
    ("Tuesday", MON, "future", "DATE", "2025-02-18", None),
    ("on Wednesday", MON, "future", "DATE", "2025-02-19", None),
    ("late Sunday", MON, "past", "DATE", "2025-02-16", "END"),
    ("early Monday", MON, "past", "DATE", "2025-02-17", "START"),
    ("Monday's", MON, "past", "DATE", "2025-02-17", None),
    ("Monday's", MON, "none", "DATE", "2025-02-17", None),
    ("Friday", MON, "past", "DATE", "2025-02-14", None),
    ("Friday", MON, "future", "DATE", "2025-02-21", None),
    ("Friday", MON, "none", "DATE", "2025-02-14", None),
    ("Thursday", MON, "none", "DATE", "2025-02-13", None),
    ("Wednesday", MON, "none", "DATE", "2025-02-12", None),
    ("Wednesday", MON, "present", "DATE", "2025-02-19", None),
    ("Monday", MON, "present", "DATE", "2025-02-17", None),
    ("Saturday", MON, "none", "DATE", "2025-02-15", None),
    ("last Monday", MON, "none", "DATE", "2025-02-10", None),
    ("next Monday", MON, "none", "DATE", "2025-02-24", None),
    ("this Friday", MON, "none", "DATE", "2025-02-21", None),
    ("last Friday", MON, "past", "DATE", "2025-02-14", None),
    ("next Tuesday", MON, "future", "DATE", "2025-02-18", None),
    ("Sunday night", MON, "past", "DATE", "2025-02-16TNI", None),
    ("Monday morning", MON, "past", "DATE", "2025-02-17TMO", None),
    ("Tuesday evening", MON, "future", "DATE", "2025-02-18TEV", None),
    ("Wednesday", NYE, "future", "DATE", "2025-01-01", None),
    ("Monday", NYE, "past", "DATE", "2024-12-30", None),
    ("Friday", NEWYEAR, "past", "DATE", "2024-12-27", None),
    ("Thursday", LEAP, "past", "DATE", "2024-02-29", None),
    ("Wednesday", LEAP, "past", "DATE", "2024-02-28", None),
    ("Friday", LEAP, "future", "DATE", "2024-03-01", None),
    ("Saturday", SUN, "past", "DATE", "2025-03-01", None),
    ("Monday", SUN, "future", "DATE", "2025-03-03", None),
    # relative days
    ("today", MON, "none", "DATE", "2025-02-17", None),
    ("Today", MON, "past", "DATE", "2025-02-17", None),
    ("tonight", MON, "none", "DATE", "2025-02-17TNI", None),
    ("this morning", MON, "none", "DATE", "2025-02-17TMO", None),
    ("yesterday", MON, "none", "DATE", "2025-02-16", None),
    ("yesterday", NEWYEAR, "none", "DATE", "2024-12-31", None),
    ("tomorrow", NYE, "none", "DATE", "2025-01-01", None),
    ("tomorrow", dt.date(2024, 2, 28), "none", "DATE", "2024-02-29", None),
    ("tomorrow", dt.date(2023, 2, 28), "none", "DATE", "2023-03-01", None),
    ("last night", MON, "none", "DATE", "2025-02-16TNI", None),
    ("late yesterday", MON, "none", "DATE", "2025-02-16", "END"),
    ("the day before", MON, "none", "DATE", "2025-02-16", None),
    ("the next day", MON, "none", "DATE", "2025-02-18", None),
    ("the day after tomorrow", MON, "none", "DATE", "2025-02-19", None),
    ("the day before yesterday", MON, "none", "DATE", "2025-02-15", None),
    ("two days ago", MON, "none", "DATE", "2025-02-15", None),
    ("three days ago", NEWYEAR, "none", "DATE", "2024-12-29", None),
    # weeks
    ("last week", MON, "none", "DATE", "2025-W07", None),
    ("this week", MON, "none", "DATE", "2025-W08", None),
    ("next week", MON, "none", "DATE", "2025-W09", None),
    ("last week", NYE, "none", "DATE", "2024-W52", None),
    ("this week", NYE, "none", "DATE", "2025-W01", None),
    ("next week", W53, "none", "DATE", "2021-W01", None),
    ("this week", W53, "none", "DATE", "2020-W53", None),
    ("last week", dt.date(2021, 1, 4), "none", "DATE", "2020-W53", None),
    ("two weeks ago", MON, "none", "DATE", "2025-W06", None),
    ("a week ago", MON, "none", "DATE", "2025-W07", None),
    ("earlier this week", MON, "none", "DATE", "2025-W08", "START"),
    ("later this week", MON, "none", "DATE", "2025-W08", "END"),
    ("this weekend", MON, "none", "DATE", "2025-W08-WE", None),
    ("last weekend", MON, "none", "DATE", "2025-W07-WE", None),
    # months
    ("February 2022", MON, "past", "DATE", "2022-02", None),
    ("in February 2022", MON, "past", "DATE", "2022-02", None),
    ("February", MON, "none", "DATE", "2025-02", None),
    ("January", MON, "past", "DATE", "2025-01", None),
    ("March", MON, "future", "DATE", "2025-03", None),
    ("March", MON, "past", "DATE", "2024-03", None),
    ("December", MON, "none", "DATE", "2024-12", None),
    ("December", NEWYEAR, "past", "DATE", "2024-12", None),
    ("January", NYE, "future", "DATE", "2025-01", None),
    ("November", MON, "future", "DATE", "2025-11", None),
    ("last month", MON, "none", "DATE", "2025-01", None),
    ("last month", NEWYEAR, "none", "DATE", "2024-12", None),
    ("next month", NYE, "none", "DATE", "2025-01", None),
    ("this month", MON, "none", "DATE", "2025-02", None),
    ("earlier this month", MON, "none", "DATE", "2025-02", "START"),
    ("later this month", MON, "none", "DATE", "2025-02", "END"),
    ("early March", MON, "future", "DATE", "2025-03", "START"),
    ("late January", MON, "past", "DATE", "2025-01", "END"),
    ("mid-February", MON, "none", "DATE", "2025-02", "MID"),
    ("three months ago", MON, "none", "DATE", "2024-11", None),
    ("Sept. 2024", MON, "none", "DATE", "2024-09", None),
    ("January this year", MON, "none", "DATE", "2025-01", None),
    ("June last year", MON, "none", "DATE", "2024-06", None),
    # full dates
    ("Feb. 17", MON, "none", "DATE", "2025-02-17", None),
    ("February 17, 2025", MON, "none", "DATE", "2025-02-17", None),
    ("17 February 2025", MON, "none", "DATE", "2025-02-17", None),
    ("2/17/2025", MON, "none", "DATE", "2025-02-17", None),
    ("2025-02-17", None, "none", "DATE", "2025-02-17", None),
    ("Feb. 29", LEAP, "none", "DATE", "2024-02-29", None),
    ("Dec. 30", NEWYEAR, "past", "DATE", "2024-12-30", None),
    ("Jan. 3", NYE, "future", "DATE", "2025-01-03", None),
    ("March 1st", MON, "future", "DATE", "2025-03-01", None),
    ("the 3rd of March", MON, "future", "DATE", "2025-03-03", None),
    ("Feb. 10", MON, "none", "DATE", "2025-02-10", None),
    # years, decades, quarters, seasons
    ("2022", MON, "none", "DATE", "2022", None),
    ("in 2014", MON, "past", "DATE", "2014", None),
    ("last year", MON, "none", "DATE", "2024", None),
    ("next year", MON, "none", "DATE", "2026", None),
    ("this year", MON, "none", "DATE", "2025", None),
    ("earlier this year", MON, "none", "DATE", "2025", "START"),
    ("next year", NYE, "none", "DATE", "2025", None),
    ("the 1990s", MON, "none", "DATE", "199X", None),
    ("the 2010s", MON, "none", "DATE", "201X", None),
    ("the '80s", MON, "none", "DATE", "198X", None),
    ("the early 1990s", MON, "none", "DATE", "199X", "START"),
    ("the third quarter", MON, "none", "DATE", "2025-Q3", None),
    ("the first quarter of 2024", MON, "none", "DATE", "2024-Q1", None),
    ("last quarter", MON, "none", "DATE", "2024-Q4", None),
    ("this quarter", dt.date(2025, 8, 1), "none", "DATE", "2025-Q3", None),
    ("last summer", MON, "none", "DATE", "2024-SU", None),
    ("summer", MON, "past", "DATE", "2024-SU", None),
    ("summer", MON, "future", "DATE", "2025-SU", None),
    ("winter 2023", MON, "none", "DATE", "2023-WI", None),
    ("two years ago", MON, "none", "DATE", "2023", None),
    ("a decade ago", MON, "none", "DATE", "201X", None),
    ("several years ago", MON, "none", "DATE", "PAST_REF", None),
    # references
    ("now", MON, "none", "DATE", "PRESENT_REF", None),
    ("currently", MON, "none", "DATE", "PRESENT_REF", None),
    ("recently", MON, "none", "DATE", "PAST_REF", None),
    ("the past", MON, "none", "DATE", "PAST_REF", None),
    ("soon", MON, "none", "DATE", "FUTURE_REF", None),
    ("in the coming weeks", MON, "none", "DATE", "FUTURE_REF", None),
    # durations and sets
    ("three days", MON, "none", "DURATION", "P3D", None),
    ("for two years", MON, "none", "DURATION", "P2Y", None),
    ("years", MON, "none", "DURATION", "PXY", None),
    ("in years", MON, "none", "DURATION", "PXY", None),
    ("months", MON, "none", "DURATION", "PXM", None),
    ("the last weeks", MON, "none", "DURATION", "PXW", None),
    ("24 hours", MON, "none", "DURATION", "PT24H", None),
    ("a week", MON, "none", "DURATION", "P1W", None),
    ("decades", MON, "none", "DURATION", "PXDE", None),
    ("every Monday", MON, "none", "SET", "XXXX-WXX-1", None),
    ("each Friday", MON, "none", "SET", "XXXX-WXX-5", None),
    ("daily", MON, "none", "SET", "P1D", None),
    ("weekly", MON, "none", "SET", "P1W", None),
    ("annually", MON, "none", "SET", "P1Y", None),
    # times
    ("3 p.m.", MON, "none", "TIME", "2025-02-17T15:00", None),
    ("10:30 a.m.", MON, "none", "TIME", "2025-02-17T10:30", None),
    ("noon", MON, "none", "TIME", "2025-02-17T12:00", None),
    ("midnight", MON, "none", "TIME", "2025-02-17T24:00", None),
    # no anchor: X placeholders, never the server clock
    ("Monday", None, "past", "DATE", "XXXX-WXX-1", None),
    ("Sunday", None, "none", "DATE", "XXXX-WXX-7", None),
    ("February", None, "none", "DATE", "XXXX-02", None),
    ("Feb. 17", None, "none", "DATE", "XXXX-02-17", None),
    ("February 2022", None, "none", "DATE", "2022-02", None),
    ("summer", None, "none", "DATE", "XXXX-SU", None),
    ("last week", None, "none", "DATE", None, None),
    ("yesterday", None, "none", "DATE", None, None),
]


@pytest.mark.parametrize(("expression", "anchor", "tense", "etype", "value", "mod"), TABLE,
                         ids=[f"{row[0]}|{row[1]}|{row[2]}" for row in TABLE])
def test_normalise(expression: str, anchor: dt.date | None, tense: str, etype: str, value: str | None,
                   mod: str | None) -> None:
    result = normalise(expression, anchor, tense)
    assert result is not None
    assert (result.type, result.value, result.mod) == (etype, value, mod)


def test_unresolved_without_anchor() -> None:
    result = normalise("Monday", None, "past")
    assert result is not None and not result.resolved
    resolved = normalise("Monday", MON, "past")
    assert resolved is not None and resolved.resolved


@pytest.mark.parametrize("expression", ["the annual", "Paris", "peace", "a once-in-a-generation moment"])
def test_not_a_date(expression: str) -> None:
    assert normalise(expression, MON, "none") is None


def test_deterministic() -> None:
    values = {normalise("Tuesday", MON, "future") for _ in range(5)}
    assert len(values) == 1
