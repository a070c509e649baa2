"""Table-driven tests of date normalisation: expression x anchor x tense -> TIMEX3 value."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from service.extract.timenorm import FUTURE, PAST, holiday_date, is_holiday, normalise
from service.extract.timexes import find_timexes
from tests.parsed import sentence

MON = dt.date(2025, 2, 17)  # Monday, ISO week 2025-W08 (the seed article's date)
NYE = dt.date(2024, 12, 31)  # Tuesday, ISO week 2025-W01
NEWYEAR = dt.date(2025, 1, 1)  # Wednesday
LEAP = dt.date(2024, 2, 29)  # Thursday
W53 = dt.date(2020, 12, 31)  # Thursday, ISO week 2020-W53
SUN = dt.date(2025, 3, 2)  # Sunday
WSJ = dt.date(1989, 10, 26)  # Thursday, in the fourth quarter (TimeBank's Wall Street Journal articles)
APW = dt.date(1998, 2, 13)  # Friday
Q3 = "1989-Q3"  # the quarter a report was last talking about (the ``reference``)

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
    # round 28: a weekday of the week before, after or of the anchor's, whatever the tense (dev n343
    # "On Friday last week, the Oregon Health Authority said" was dated to the week)
    ("Friday last week", MON, "past", "DATE", "2025-02-14", None),
    ("on Thursday last week", MON, "future", "DATE", "2025-02-13", None),
    ("last week Thursday", MON, "past", "DATE", "2025-02-13", None),
    ("Monday next week", MON, "future", "DATE", "2025-02-24", None),
    ("Wednesday, this week", MON, "past", "DATE", "2025-02-19", None),
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
    ("Earlier Sunday", dt.date(1998, 3, 22), "past", "DATE", "1998-03-22", "START"),
    ("Later Thursday", dt.date(2000, 2, 10), "past", "DATE", "2000-02-10", "END"),
    ("this past Sunday", MON, "none", "DATE", "2025-02-16", None),
    ("this coming Sunday", MON, "none", "DATE", "2025-02-23", None),
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
    ("Earlier yesterday", dt.date(1989, 11, 1), "past", "DATE", "1989-10-31", "START"),
    ("later today", MON, "future", "DATE", "2025-02-17", "END"),
    ("today's", dt.date(1989, 11, 2), "none", "DATE", "1989-11-02", None),
    ("yesterday's", WSJ, "none", "DATE", "1989-10-25", None),
    ("the day", APW, "past", "DATE", "1998-02-13", None),
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
    ("the weekend", dt.date(1990, 8, 13), "past", "DATE", "1990-W32-WE", None),
    ("the weekend", dt.date(1989, 10, 27), "future", "DATE", "1989-W43-WE", None),
    ("the week", WSJ, "past", "DATE", "1989-W43", None),
    ("the month", WSJ, "past", "DATE", "1989-10", None),
    ("the end of this week", dt.date(1989, 10, 31), "future", "DATE", "1989-W44", "END"),
    ("the end of the month", dt.date(1990, 8, 13), "future", "DATE", "1990-08", "END"),
    ("the beginning of October", WSJ, "past", "DATE", "1989-10", "START"),
    ("the middle of October", dt.date(1998, 2, 23), "past", "DATE", "1997-10", "MID"),
    ("a week or so ago", dt.date(1991, 2, 25), "none", "DATE", "1991-W08", None),
    ("nearly two weeks ago", dt.date(1989, 10, 30), "past", "DATE", "1989-W42", None),
    ("last month's", dt.date(1998, 11, 20), "none", "DATE", "1998-10", None),
    ("last weekend", MON, "none", "DATE", "2025-W07-WE", None),
    # months
    ("February 2022", MON, "past", "DATE", "2022-02", None),
    ("in February 2022", MON, "past", "DATE", "2022-02", None),
    ("February", MON, "none", "DATE", "2025-02", None),
    ("January", MON, "past", "DATE", "2025-01", None),
    ("March", MON, "future", "DATE", "2025-03", None),
    # six months from either: the past on a tie, the coming one for a present verb ("The November
    # election is just six months away", round 26)
    ("November", dt.date(2021, 5, 10), "none", "DATE", "2020-11", None),
    ("November", dt.date(2021, 5, 10), "present", "DATE", "2021-11", None),
    # past tense: a bare month is the last such month (the rule), even one month ahead;
    # a month-day date at most 62 days ahead is the coming one ("extended the offer to Nov. 16")
    ("March", MON, "past", "DATE", "2024-03", None),
    ("April", MON, "past", "DATE", "2024-04", None),
    ("May", MON, "past", "DATE", "2024-05", None),
    ("January", dt.date(1989, 11, 2), "past", "DATE", "1989-01", None),
    ("January", WSJ, "past", "DATE", "1989-01", None),
    ("mid-November", dt.date(1989, 10, 30), "past", "DATE", "1988-11", "MID"),
    ("September", WSJ, "past", "DATE", "1989-09", None),
    ("Nov. 16", dt.date(1989, 10, 30), "past", "DATE", "1989-11-16", None),
    ("Dec. 7", WSJ, "past", "DATE", "1989-12-07", None),
    ("Feb. 1", WSJ, "past", "DATE", "1989-02-01", None),
    ("last Oct. 23", dt.date(1999, 4, 19), "past", "DATE", "1998-10-23", None),
    ("last Oct. 23", dt.date(1998, 10, 1), "past", "DATE", "1997-10-23", None),
    # present or no tense: the nearest
    ("September", WSJ, "present", "DATE", "1989-09", None),
    ("June", WSJ, "present", "DATE", "1989-06", None),
    ("February", WSJ, "present", "DATE", "1990-02", None),
    ("Aug. 13", dt.date(1998, 9, 7), "present", "DATE", "1998-08-13", None),
    ("April 8", dt.date(1999, 5, 5), "present", "DATE", "1999-04-08", None),
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
    # a range of days before its month is its first day, as "June 14-15" is (round 27: n091, "14-15 June")
    ("14-15 June", MON, "future", "DATE", "2025-06-14", None),
    ("3 – 4 March 2015", MON, "past", "DATE", "2015-03-03", None),
    # a weekday counted in its month (round 27: n341, a legislature "to convene on the second Tuesday in January")
    ("the second Tuesday in January", dt.date(2016, 11, 29), "future", "DATE", "2017-01-10", None),
    ("the last Monday in May", MON, "future", "DATE", "2025-05-26", None),
    ("the fourth Thursday of November 2020", MON, "none", "DATE", "2020-11-26", None),
    ("the first Monday in March", MON, "future", "DATE", "2025-03-03", None),
    ("Feb. 10", MON, "none", "DATE", "2025-02-10", None),
    ("August 7 (Xinhua)", dt.date(1998, 8, 8), "none", "DATE", "1998-08-07", None),
    ("March eighth", APW, "future", "DATE", "1998-03-08", None),
    ("March twenty-first", APW, "future", "DATE", "1998-03-21", None),
    # a weekday with its date: the year in which the date falls on that weekday
    ("Monday, Oct. 26", dt.date(1998, 10, 25), "future", "DATE", "1998-10-26", None),
    ("Friday Oct. 13", dt.date(1989, 10, 27), "past", "DATE", "1989-10-13", None),
    ("Saturday, April 25", dt.date(1998, 4, 24), "past", "DATE", "1998-04-25", None),
    ("this coming Sunday, March eighth", dt.date(1998, 3, 5), "future", "DATE", "1998-03-08", None),
    ("Thursday, April 6", dt.date(2000, 4, 6), "none", "DATE", "2000-04-06", None),
    # years, decades, quarters, seasons
    ("2022", MON, "none", "DATE", "2022", None),
    ("in 2014", MON, "past", "DATE", "2014", None),
    ("last year", MON, "none", "DATE", "2024", None),
    ("next year", MON, "none", "DATE", "2026", None),
    ("this year", MON, "none", "DATE", "2025", None),
    ("earlier this year", MON, "none", "DATE", "2025", "START"),
    ("next year", NYE, "none", "DATE", "2025", None),
    ("the 1990s", MON, "none", "DATE", "199X", None),
    ("the nineties", APW, "none", "DATE", "199X", None),
    ("the '20s", MON, "none", "DATE", "202X", None),
    ("the twenties", dt.date(1998, 1, 1), "none", "DATE", "192X", None),
    ("the 20th century", MON, "none", "DATE", "19XX", None),
    ("the 11th century", MON, "none", "DATE", "10XX", None),
    ("the twenty-first century", MON, "none", "DATE", "20XX", None),
    ("the late 19th century", MON, "none", "DATE", "18XX", "END"),
    ("the last half of the '80s", dt.date(1989, 10, 26), "none", "DATE", "198X", "END"),
    ("nineteen ninety-six", APW, "past", "DATE", "1996", None),
    ("nineteen seventy-nine", APW, "past", "DATE", "1979", None),
    ("January nineteen ninety-seven", APW, "past", "DATE", "1997-01", None),
    ("the winter of nineteen ninety-four", APW, "past", "DATE", "1994-WI", None),
    ("the year two thousand", APW, "future", "DATE", "2000", None),
    ("two thousand and one", APW, "future", "DATE", "2001", None),
    ("the year 2000", APW, "future", "DATE", "2000", None),
    ("the end of 1990", WSJ, "future", "DATE", "1990", "END"),
    ("the last half of 1989", WSJ, "none", "DATE", "1989-H2", None),
    ("the first half", WSJ, "none", "DATE", "1989-H1", None),
    ("the first two quarters of 1990", WSJ, "none", "DATE", "1990-H1", None),
    ("year-end", WSJ, "future", "DATE", "1989", "END"),
    ("the full year", WSJ, "none", "DATE", "1989", None),
    ("the current year", WSJ, "none", "DATE", "1989", None),
    ("the year", WSJ, "past", "DATE", "1989", None),
    ("fiscal 1989", WSJ, "past", "DATE", "1989", None),
    ("the current fiscal year", WSJ, "none", "DATE", "1989", None),
    ("the fiscal year", WSJ, "none", "DATE", "1989", None),
    ("last year's", WSJ, "none", "DATE", "1988", None),
    ("the 2010s", MON, "none", "DATE", "201X", None),
    ("the '80s", MON, "none", "DATE", "198X", None),
    ("the early 1990s", MON, "none", "DATE", "199X", "START"),
    ("the third quarter", MON, "none", "DATE", "2025-Q3", None),
    ("the first quarter of 2024", MON, "none", "DATE", "2024-Q1", None),
    ("last quarter", MON, "none", "DATE", "2024-Q4", None),
    ("this quarter", dt.date(2025, 8, 1), "none", "DATE", "2025-Q3", None),
    # quarters in company reports
    ("third-quarter", WSJ, "none", "DATE", "1989-Q3", None),
    ("Third-quarter", WSJ, "past", "DATE", "1989-Q3", None),
    ("its fourth quarter", WSJ, "none", "DATE", "1989-Q4", None),
    ("the fourth quarter", dt.date(1990, 1, 20), "past", "DATE", "1989-Q4", None),
    ("the fourth quarter", dt.date(1990, 1, 20), "future", "DATE", "1990-Q4", None),
    ("the fiscal first quarter", WSJ, "past", "DATE", "1989-Q1", None),
    ("the fiscal-first quarter", WSJ, "past", "DATE", "1989-Q1", None),
    ("fiscal second-quarter", WSJ, "past", "DATE", "1989-Q2", None),
    ("the 1988 second quarter", WSJ, "none", "DATE", "1988-Q2", None),
    ("this year's third quarter", WSJ, "none", "DATE", "1989-Q3", None),
    ("next year's first quarter", WSJ, "future", "DATE", "1990-Q1", None),
    ("the year-ago third quarter", WSJ, "none", "DATE", "1988-Q3", None),
    ("the quarter", WSJ, "past", "DATE", "1989-Q3", None),
    ("the quarter", WSJ, "future", "DATE", "1989-Q4", None),
    ("the latest quarter", WSJ, "future", "DATE", "1989-Q3", None),
    ("the current quarter", WSJ, "none", "DATE", "1989-Q4", None),
    ("the year-ago quarter", WSJ, "none", "DATE", "1988-Q3", None),
    ("year-earlier", WSJ, "none", "DATE", "1988", None),
    ("a quarter ago", WSJ, "none", "DATE", "1989-Q3", None),
    ("last summer", MON, "none", "DATE", "2024-SU", None),
    ("summer", MON, "past", "DATE", "2024-SU", None),
    ("summer", MON, "future", "DATE", "2025-SU", None),
    ("winter 2023", MON, "none", "DATE", "2023-WI", None),
    ("two years ago", MON, "none", "DATE", "2023", None),
    ("a decade ago", MON, "none", "DATE", "201X", None),
    ("several years ago", MON, "none", "DATE", "PAST_REF", None),
    # round 30: spelled-out numbers past twelve (dev n263 "Twenty-five years ago, Airtel ... started")
    ("Twenty-five years ago", MON, "none", "DATE", "2000", None),
    ("forty years ago", MON, "none", "DATE", "1985", None),
    ("seventeen days ago", MON, "none", "DATE", "2025-01-31", None),
    ("the past thirty five years", MON, "none", "DURATION", "P35Y", None),
    # references
    ("now", MON, "none", "DATE", "PRESENT_REF", None),
    ("currently", MON, "none", "DATE", "PRESENT_REF", None),
    ("recently", MON, "none", "DATE", "PAST_REF", None),
    ("the past", MON, "none", "DATE", "PAST_REF", None),
    ("more recently", MON, "none", "DATE", "PAST_REF", None),
    ("recent years", MON, "none", "DATE", "PAST_REF", None),
    ("recent weeks and months", MON, "none", "DATE", "PAST_REF", None),
    ("current", MON, "none", "DATE", "PRESENT_REF", None),
    ("the future", MON, "none", "DATE", "FUTURE_REF", None),
    ("the near term", MON, "none", "DATE", "FUTURE_REF", None),
    ("future quarters", MON, "none", "DATE", "FUTURE_REF", None),
    ("coming quarters", MON, "none", "DATE", "FUTURE_REF", None),
    ("a later date", MON, "none", "DATE", "FUTURE_REF", None),
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
    ("6:30 p.m. Friday", MON, "past", "TIME", "2025-02-14T18:30", None),
    ("3:33 a.m. Feb. 3", MON, "past", "TIME", "2025-02-03T03:33", None),
    ("3 p.m., Aug. 31, 2016", MON, "none", "TIME", "2016-08-31T15:00", None),
    ("1 a.m. Eastern Time on Wednesday", MON, "past", "TIME", "2025-02-12T01:00", None),
    ("7:49 a.m. EST on Tuesday", MON, "past", "TIME", "2025-02-11T07:49", None),
    ("12:12 p.m. local time on Saturday", MON, "past", "TIME", "2025-02-15T12:12", None),
    ("7 p.m. to 9 p.m. Friday", MON, "past", "TIME", "2025-02-14T19:00", None),
    ("12am to 6pm on Friday", MON, "future", "TIME", "2025-02-21T00:00", None),
    ("10:32 p.m. Pacific time last night", MON, "past", "TIME", "2025-02-16T22:32", None),
    ("3 p.m. EDT", MON, "none", "TIME", "2025-02-17T15:00", None),
    ("Saturday night at 7 p.m.", MON, "future", "TIME", "2025-02-22T19:00", None),
    ("Aug. 31, 2016, at 3:30 p.m.", MON, "none", "TIME", "2016-08-31T15:30", None),
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
    ("the third quarter", None, "none", "DATE", "XXXX-Q3", None),
    ("the quarter", None, "none", "DATE", None, None),
    ("that year", None, "none", "DATE", None, None),
    ("the 20th century", None, "none", "DATE", "19XX", None),
]

# Anaphora: (expression, anchor, tense, reference, value) -- the reference is the date last talked about.
ANAPHORA = [
    ("a year earlier", WSJ, "past", Q3, "1988-Q3"),
    ("a year ago", WSJ, "past", Q3, "1988-Q3"),
    ("a year ago", WSJ, "past", "1989-10-02", "1988"),
    ("a year ago", WSJ, "past", None, "1988"),
    ("year-earlier", WSJ, "past", Q3, "1988-Q3"),
    ("the year-ago period", WSJ, "past", "1989-Q2", "1988-Q2"),
    ("the year-earlier quarter", WSJ, "past", Q3, "1988-Q3"),
    ("the quarter", WSJ, "past", "1989-Q1", "1989-Q1"),
    ("that quarter", WSJ, "past", "1988-Q2", "1988-Q2"),
    ("the 1988 quarter", WSJ, "past", Q3, "1988-Q3"),
    ("that year", WSJ, "past", "1988-05-10", "1988"),
    ("that year", WSJ, "past", None, "1989"),
    ("later that year", WSJ, "past", "1998", "1998"),
    ("Earlier that day", dt.date(1999, 10, 24), "past", "1999-10-23", "1999-10-23"),
    ("the same day", MON, "past", "2025-02-10", "2025-02-10"),
    ("the next day", MON, "past", "2025-02-10", "2025-02-11"),
    ("the day before", MON, "past", "2025-02-10", "2025-02-09"),
    ("the following year", dt.date(1998, 4, 18), "past", "1995", "1996"),
    ("The following month", WSJ, "past", "1989-03", "1989-04"),
    ("the previous week", MON, "past", "2025-02-10", "2025-W06"),
    ("next year", WSJ, "future", "1995", "1990"),  # without "the": from the anchor, never the reference
    # "later" counts narrative time, from the date last talked about (n515: "On April 1, 2018, ...
    # A year later, AFRICOM publicly admitted"), where that date is precise enough for the unit.
    ("a day later", dt.date(2019, 7, 10), "past", "2018-04-01", "2018-04-02"),
    ("A year later", dt.date(2019, 7, 10), "past", "2018-04-01", "2019"),
    ("two weeks later", MON, "past", "2025-01-01", "2025-W03"),
    ("three months later", WSJ, "past", "1988-11", "1989-02"),
    ("a year later", WSJ, "past", "1985", "1986"),
    ("two days later", MON, "past", "2024", "2025-02-19"),  # a year says nothing of days: the anchor
    ("a year earlier", WSJ, "past", "1988-05-10", "1988"),  # a comparison ("up from ... a year earlier")
    ("two years ago", WSJ, "past", "1985-05-10", "1987"),  # the writer's now, whatever the story
]


@pytest.mark.parametrize(("expression", "anchor", "tense", "reference", "value"), ANAPHORA,
                         ids=[f"{row[0]}|{row[3]}" for row in ANAPHORA])
def test_anaphora(expression: str, anchor: dt.date, tense: str, reference: str | None, value: str) -> None:
    result = normalise(expression, anchor, tense, reference)
    assert result is not None and result.value == value


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


@pytest.mark.parametrize("expression", ["the annual", "Paris", "peace", "a once-in-a-generation moment",
                                        "3 p.m. on the stage"])
def test_not_a_date(expression: str) -> None:
    assert normalise(expression, MON, "none") is None


def test_deterministic() -> None:
    values = {normalise("Tuesday", MON, "future") for _ in range(5)}
    assert len(values) == 1


# --- The calendar's edges: no exception, and never a value outside the four-digit years.
FIRST = dt.date(1, 1, 1)  # Monday, ISO week 0001-W01: the first day Python's calendar has
FIRST_SUNDAY = dt.date(1, 1, 7)
LAST_XMAS = dt.date(9999, 12, 25)  # Saturday
LAST = dt.date(9999, 12, 31)  # Friday, ISO week 9999-W52: the last day Python's calendar has
HUGE = str(10**30)

# (expression, anchor, tense, reference, value): beyond the calendar a deictic date is unresolved
# (None); a counted "N units ago/from now" past either end keeps its direction (PAST_REF/FUTURE_REF).
EDGES = [
    ("1000000 days ago", MON, "past", None, "PAST_REF"),
    ("1000000 days from now", MON, "future", None, "4763-01-15"),
    ("3000000 days from now", MON, "future", None, "FUTURE_REF"),
    (f"{HUGE} days ago", MON, "past", None, "PAST_REF"),
    (f"{HUGE} weeks later", MON, "none", None, "FUTURE_REF"),
    (f"{HUGE} months ago", MON, "past", None, "PAST_REF"),
    (f"{HUGE} quarters ago", MON, "past", None, "PAST_REF"),
    (f"{HUGE} decades from now", MON, "future", None, "FUTURE_REF"),
    ("2025 years ago", MON, "past", None, "0000"),
    ("2026 years ago", MON, "past", None, "PAST_REF"),
    ("7974 years from now", MON, "future", None, "9999"),
    ("7975 years from now", MON, "future", None, "FUTURE_REF"),
    ("ten thousand years ago", MON, "past", None, None),  # not read as a count: no date at all
    ("tomorrow", LAST, "none", None, None),
    ("today", LAST, "none", None, "9999-12-31"),
    ("yesterday", FIRST, "none", None, None),
    ("last night", FIRST, "none", None, None),
    ("the day after tomorrow", LAST_XMAS, "none", None, "9999-12-27"),
    ("a day ago", FIRST, "none", None, "PAST_REF"),
    ("a day later", LAST, "none", None, "FUTURE_REF"),
    ("the next day", MON, "past", "9999-12-31", None),
    ("the day before", MON, "past", "0001-01-01", None),
    ("last Monday", FIRST, "none", None, None),
    ("Monday", FIRST, "past", None, "0001-01-01"),
    ("Sunday", FIRST, "past", None, None),
    ("Sunday", FIRST, "future", None, "0001-01-07"),
    ("Friday", LAST, "future", None, "9999-12-31"),
    ("Saturday", LAST, "future", None, None),
    ("next Monday", LAST_XMAS, "none", None, "9999-12-27"),
    ("3 p.m. Sunday", FIRST, "past", None, None),
    ("the weekend", FIRST, "past", None, None),
    ("the weekend", LAST, "future", None, None),
    ("this week", FIRST, "none", None, "0001-W01"),
    ("this week", LAST, "none", None, "9999-W52"),
    ("last week", FIRST_SUNDAY, "none", None, None),
    ("next week", LAST_XMAS, "none", None, None),
    ("a week ago", FIRST, "none", None, "PAST_REF"),
    ("the following week", MON, "past", "9999-12-31", None),
    ("last month", FIRST, "none", None, "0000-12"),
    ("next month", LAST, "none", None, None),
    ("the following month", MON, "past", "9999-12", None),
    ("December", FIRST, "past", None, "0000-12"),
    ("January", LAST, "future", None, None),
    ("December last year", FIRST, "none", None, "0000-12"),
    ("next winter", LAST, "none", None, None),
    ("last year", dt.date(1, 6, 1), "none", None, "0000"),
    ("this year", FIRST, "none", None, "0001"),
    ("next year", LAST, "none", None, None),
    ("next fiscal year", LAST, "none", None, None),
    ("the following year", MON, "past", "9999", None),
    ("the previous year", MON, "past", "0000", None),
    ("that year", MON, "past", "0000", "0000"),
    ("last quarter", FIRST, "none", None, "0000-Q4"),
    ("next quarter", LAST, "none", None, None),
    ("the fourth quarter", FIRST, "past", None, "0000-Q4"),
    ("next year's first quarter", LAST, "future", None, None),
    ("the year-ago quarter", MON, "past", "0000-Q1", None),
    ("a year earlier", MON, "past", "0000-Q2", "PAST_REF"),
    ("two quarters later", MON, "past", "9999-Q4", "FUTURE_REF"),
    ("a day later", MON, "past", "9999-12-31", "FUTURE_REF"),
    ("a year later", MON, "past", "9999", "FUTURE_REF"),
    ("a year later", MON, "past", "0000", "2026"),  # no calendar day in year 0: from the anchor
    ("Q1", FIRST, "none", None, "0001-Q1"),
    ("the first half", FIRST, "none", None, "0001-H1"),
    ("the '80s", FIRST, "none", None, None),
    ("the '00s", FIRST, "none", None, "000X"),
    ("a decade ago", dt.date(15, 1, 1), "none", None, "000X"),
    ("next decade", LAST, "none", None, None),
    ("this century", FIRST, "none", None, "00XX"),
    ("last century", dt.date(50, 1, 1), "none", None, None),
    ("next century", LAST, "none", None, None),
    # other scripts' digits are read as digits, and written as ASCII ones
    ("the \u0661\u0669\u0668\u0668 second quarter", WSJ, "none", None, "1988-Q2"),
    ("\uff13 days ago", MON, "none", None, "2025-02-14"),
]


@pytest.mark.parametrize(("expression", "anchor", "tense", "reference", "value"), EDGES,
                         ids=[f"{row[0][:40]}|{row[1]}|{row[3]}" for row in EDGES])
def test_calendar_edges(expression: str, anchor: dt.date, tense: str, reference: str | None,
                        value: str | None) -> None:
    result = normalise(expression, anchor, tense, reference)
    if value is None and result is None:
        return  # not a date at all is as good as an unresolved one here
    assert result is not None and result.value == value
    if value is None:
        assert not result.resolved


#: The shapes of every value normalise writes: the references, durations and sets, X placeholders,
#: and calendar values whose year has exactly four digits (decades and centuries keep three or two).
TIMEX_VALUE = re.compile(
    r"(?:PRESENT_REF|PAST_REF|FUTURE_REF|P[0-9TX][0-9A-Z]*|XXXX-[0-9A-Z-]+(?:T[0-9A-Z:]+)?"
    r"|[0-9]{4}(?:-(?:[0-9]{2}(?:-[0-9]{2}(?:T(?:MO|AF|EV|NI|[0-9]{2}:[0-9]{2}))?)?|W[0-9]{2}(?:-WE)?|Q[1-4]|H[12]"
    r"|SP|SU|FA|WI))?|[0-9]{3}X|[0-9]{2}XX)")
EDGE_ANCHORS = [FIRST, FIRST_SUNDAY, LAST_XMAS, LAST, MON]
COUNTS = ["a", "one", "two", "twelve", "thirty", "several", "1", "7", "1000", "7975", "10000", "1000000",
          "3652059", HUGE, "9" * 150]
COUNT_UNITS = ["day", "week", "month", "quarter", "year", "decade", "century", "hour"]
DIRECTIONS = ["ago", "earlier", "before", "later", "from now", "hence"]
DEICTIC = [
    "today", "tonight", "yesterday", "tomorrow", "late tomorrow night", "last night", "the day before yesterday",
    "the day after tomorrow", "the day before", "the next day", "that day", "the same day", "Monday", "Sunday",
    "Saturday evening", "last Monday", "next Sunday", "this Saturday", "this past Sunday", "this coming Monday",
    "3 p.m. Sunday", "10:30 a.m. Monday", "noon", "midnight", "this week", "last week", "next week",
    "the following week", "the previous week", "that week", "the week", "this weekend", "last weekend",
    "next weekend", "the weekend", "this month", "last month", "next month", "the following month", "that month",
    "the month", "January", "December", "last January", "next December", "early January", "late December",
    "January this year", "December last year", "January next year", "Jan. 1", "Dec. 31", "Feb. 29",
    "last Jan. 1", "next Dec. 31", "Friday, Dec. 31", "Monday, Jan. 1", "1 January", "31 December", "winter",
    "the second Tuesday in January", "the last Monday in December", "the first Sunday of December 9999",
    "last winter", "next winter", "this summer", "this year", "last year", "next year", "the following year",
    "the previous year", "that year", "the year", "year-end", "the fiscal year", "last fiscal year",
    "next fiscal year", "this quarter", "last quarter", "next quarter", "the quarter", "the latest quarter",
    "the current quarter", "the first quarter", "the fourth quarter", "next year's first quarter",
    "last year's fourth quarter", "the year-ago quarter", "year-earlier", "Q1", "Q4", "the first half",
    "the second half", "the end of next year", "the beginning of next week", "the end of last month",
    "this decade", "last decade", "next decade", "this century", "last century", "next century", "the '80s",
    "the '00s", "the nineties", "the twenties", "the 1990s", "the 20th century", "nineteen ninety-six",
    "two thousand and one", "0000-01-01", "9999-12-31", "12/31/9999", "2/29/0000", "January 0000",
    "March eighth", "now", "recently", "in the coming weeks", "three days", "every Monday", "daily",
]
EXPRESSIONS = [f"{n} {unit}{'' if n in ('a', 'one', '1') else 's'} {way}"
               for n in COUNTS for unit in COUNT_UNITS for way in DIRECTIONS] + DEICTIC
REFERENCES = [None, "0000", "9999", "0000-01", "9999-12", "0000-Q1", "9999-Q4", "0001-01-01", "9999-12-31"]


def test_no_anchor_or_count_leaves_the_calendar() -> None:
    """Brute force over the calendar's first and last days: every expression in every tense (and the
    anaphoric ones against edge references) normalises without an exception to a well-formed value."""
    checked = 0
    for anchor in EDGE_ANCHORS:
        for expression in EXPRESSIONS:
            for tense in ("past", "future", "present", "none"):
                for reference in REFERENCES if tense == "past" else [None]:
                    result = normalise(expression, anchor, tense, reference)
                    checked += 1
                    if result is not None and result.value is not None:
                        assert TIMEX_VALUE.fullmatch(result.value), (expression, anchor, tense, reference, result)
    assert checked > 20_000


DEAL = "The deal closed 1000000 days ago."
DEAL_PARSE = """
The the DET 2 det
deal deal NOUN 3 nsubj
closed close VERB 0 root O Tense=Past
1000000 1000000 NUM 5 nummod
days day NOUN 6 obl:npmod
ago ago ADV 3 advmod
. . PUNCT 3 punct
"""
CLOSES = "The deal closes tomorrow."
CLOSES_PARSE = """
The the DET 2 det
deal deal NOUN 3 nsubj
closes close VERB 0 root O Tense=Pres
tomorrow tomorrow NOUN 3 obl:tmod
. . PUNCT 3 punct
"""


@pytest.mark.parametrize(("text", "parse", "anchor", "value"), [
    (DEAL, DEAL_PARSE, MON, ("1000000 days ago", "PAST_REF")),
    (CLOSES, CLOSES_PARSE, LAST, ("tomorrow", None)),
    (CLOSES, CLOSES_PARSE, LAST_XMAS, ("tomorrow", "9999-12-26")),
])
def test_timex_stage_at_the_calendar_edges(text: str, parse: str, anchor: dt.date,
                                           value: tuple[str, str | None]) -> None:
    """The date stage over a whole sentence: the timex is found and dated (or left unresolved)."""
    timexes = find_timexes([sentence(parse, text)], text, [], [], anchor)
    assert [(t.text, t.value) for t in timexes] == [value]
    assert timexes[0].resolved == (value[1] is not None)


@pytest.mark.parametrize(("text", "value"), [
    ("the week of May 13", "2019-W20"),
    ("the week of 13 May", "2019-W20"),
    ("the week of Jan 13", "2020-W03"),
    # a Sunday opens the US calendar week it names: May 12-18, 2024 is ISO week 20, not 19
    ("the week of May 12, 2024", "2024-W20"),
])
def test_the_week_of_a_date(text: str, value: str) -> None:
    found = normalise(text, dt.date(2019, 5, 3), FUTURE)
    assert found is not None and found.value == value


@pytest.mark.parametrize(("text", "tense", "value"), [
    # an article of Tuesday 2015-01-06: the holiday the tense points to
    ("Thanksgiving", PAST, "2014-11-27"),
    ("on Black Friday", PAST, "2014-11-28"),
    ("Christmas Eve", PAST, "2014-12-24"),
    ("New Year's Day", PAST, "2015-01-01"),
    ("Memorial Day", FUTURE, "2015-05-25"),
    ("next Easter", PAST, "2015-04-05"),
    ("last Christmas", FUTURE, "2014-12-25"),
    ("Labor Day 2019", PAST, "2019-09-02"),
    ("Good Friday 2024", PAST, "2024-03-29"),
    ("Martin Luther King Jr. Day", FUTURE, "2015-01-19"),
    # round 31: the US name of a fixed date (retired n660 "the impending Fourth of July recess") and the
    # church's days counted from Easter (retired n645, Manila Times, on Holy Week)
    ("the Fourth of July", FUTURE, "2015-07-04"),
    ("Palm Sunday", FUTURE, "2015-03-29"),
    ("Ash Wednesday", FUTURE, "2015-02-18"),
    ("Maundy Thursday", FUTURE, "2015-04-02"),
])
def test_holidays(text: str, tense: str, value: str) -> None:
    found = normalise(text, dt.date(2015, 1, 6), tense)
    assert found is not None and found.value == value


@pytest.mark.parametrize(("text", "anchor", "tense", "value"), [
    # on the holiday itself, the bare name is that day; "last" and "next" are the ones around it
    ("Christmas", dt.date(2014, 12, 25), PAST, "2014-12-25"),
    ("last Christmas", dt.date(2014, 12, 25), FUTURE, "2013-12-25"),
    ("next Christmas", dt.date(2014, 12, 25), PAST, "2015-12-25"),
    # "this" is the anchor's year, whatever the tense (as for months and seasons)
    ("this Christmas", dt.date(2014, 12, 25), PAST, "2014-12-25"),
    ("this Christmas", dt.date(2014, 12, 20), PAST, "2014-12-25"),
    ("this Thanksgiving", dt.date(2014, 12, 20), FUTURE, "2014-11-27"),
])
def test_holidays_around_the_day(text: str, anchor: dt.date, tense: str, value: str) -> None:
    found = normalise(text, anchor, tense)
    assert found is not None and found.value == value


@pytest.mark.parametrize("text", ["the new year", "New Year", "election day", "Independence Day"])
def test_names_that_are_no_one_date_are_not_holidays(text: str) -> None:
    # "in the new year" is the coming year (or the Lunar New Year); "election day" is any election's
    assert normalise(text, dt.date(2019, 12, 10), FUTURE) is None


def test_a_holiday_name_alone_is_a_holiday() -> None:
    # round 37: a tagger's EVENT "New Year’s Day" is a date (entities.py retypes it)
    assert all(is_holiday(name) for name in ("New Year’s Day", "the Fourth of July", "Labor Day", "Easter"))
    assert not any(is_holiday(name) for name in ("New Year Message", "Christmas Island", "Easter Rising",
                                                  "Independence Day", "the new year"))


def test_holiday_rules_by_year() -> None:
    assert [holiday_date("easter", y) for y in (2024, 2025, 2038)] == [
        dt.date(2024, 3, 31), dt.date(2025, 4, 20), dt.date(2038, 4, 25)]
    assert holiday_date("memorial day", 2021) == dt.date(2021, 5, 31)  # May 31 is that last Monday
    assert holiday_date("thanksgiving", 2018) == dt.date(2018, 11, 22)  # Nov 1 is a Thursday
    # without an anchor a holiday has no year; outside the calendar no date
    assert normalise("Thanksgiving", None, PAST) is not None and normalise("Thanksgiving", None, PAST).value is None
    assert holiday_date("christmas", 9999) == dt.date(9999, 12, 25)
    assert holiday_date("christmas", 10000) is None


@pytest.mark.parametrize(("text", "tense", "value"), [
    # round 36 (retired thirty-first split): n771 (Albuquerque Journal) "going to favor Arizona for the
    # last week of July", and dev n376 (BSS) "will visit Dhaka in the first week of March": the week, counted by
    # its Thursday as ISO 8601 counts weeks, not "last week" and a month
    ("the last week of July", FUTURE, "2019-W30"),  # Wednesday the 31st: Thursday the 25th holds it
    ("the first week of August", FUTURE, "2019-W31"),  # Thursday, August 1, 2019
    ("the second week of September", FUTURE, "2019-W37"),  # Thursday, September 12
    ("the final week of December", FUTURE, "2019-W52"),
    ("the last week of July 2023", PAST, "2023-W30"),  # Monday the 31st opens the next week
    ("the first week of March", PAST, "2019-W10"),  # Friday, March 1, 2019: the 7th is its first Thursday
])
def test_the_nth_week_of_a_month(text: str, tense: str, value: str) -> None:
    found = normalise(text, dt.date(2019, 5, 3), tense)
    assert found is not None and found.value == value
