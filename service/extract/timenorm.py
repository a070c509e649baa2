"""Table-driven normalisation of one temporal expression to a TIMEX3 value.

``normalise(expression, anchor, tense)`` is a pure function: the same expression,
anchor date and tense always give the same value, and no clock is ever read.  The
tense (``past``, ``future``, ``present`` or ``none``) comes from the governing verb, so that in an
article of Monday 2025-02-17 "met on Monday" -> 2025-02-17, "said Sunday" ->
2025-02-16 and "will meet Tuesday" -> 2025-02-18; a bare weekday with no tense to go by
takes the past one, as news mostly reports what happened.  Without an anchor, relative values
keep ``X`` placeholders (``XXXX-WXX-1``) and are marked unresolved.

An optional ``reference`` is the value of the date the text was last talking about (given
by the timex stage): anaphoric expressions ("that year", "the following day", "the
year-earlier quarter", "a year earlier" after a quarter) are resolved against it, and
against the anchor when there is none.  Values follow TimeML except for decades and
centuries, written with ``X`` placeholders (``199X``, ``19XX``) where TimeML truncates.

Arithmetic never leaves the calendar a TIMEX3 value can write: a year has four digits
(0000-9999) and a day or week must exist in Python's calendar (0001-01-01 to 9999-12-31).  A
date that falls outside ("tomorrow" in an article dated 9999-12-31) is left unresolved (value
None); "N days ago" or "N years from now" past either end is PAST_REF or FUTURE_REF, as for
an uncounted "several years ago".
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

PAST, FUTURE, PRESENT, NONE = "past", "future", "present", "none"

WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
            "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4, "sat": 5, "sun": 6}
MONTHS = {"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
          "september": 9, "october": 10, "november": 11, "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4,
          "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
SEASON_MONTH = {"SP": 4, "SU": 7, "FA": 10, "WI": 1}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI"}
_UNITS_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
_TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
          "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
NUMBERS = {"a": 1, "an": 1, **_UNITS_WORDS, **_TEENS, **_TENS,
           "several": None, "few": None, "a few": None, "many": None, "some": None}
UNITS = {"second": ("T", "S"), "minute": ("T", "M"), "hour": ("T", "H"), "day": ("", "D"), "week": ("", "W"),
         "month": ("", "M"), "year": ("", "Y"), "decade": ("", "DE"), "century": ("", "CE")}
MODS = {"early": "START", "earlier": "START", "late": "END", "later": "END", "mid": "MID", "middle": "MID",
        "end": "END", "beginning": "START", "start": "START"}
ORDINAL_QUARTERS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}

_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
DAY_RE = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_UNIT_RE = "|".join(UNITS)
# A spelled-out number, a compound one first ("twenty-five years ago", "the past thirty five years").
_NUM_RE = (rf"(?:{'|'.join(_TENS)})[\s-](?:{'|'.join(_UNITS_WORDS)})|"
           + "|".join(sorted((k for k in NUMBERS if k), key=len, reverse=True)) + r"|\d+")
_ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                  "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
                  "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
                  "nineteenth": 19, "twentieth": 20, "thirtieth": 30}
_UNDER_100 = (rf"(?:(?:{'|'.join(_TENS)})(?:[\s-](?:{'|'.join(_UNITS_WORDS)}))?|{'|'.join(_TEENS)}"
              rf"|oh[\s-](?:{'|'.join(_UNITS_WORDS)}))")
# "nineteen ninety-six", "nineteen hundred", "two thousand (and) one": years read out in broadcast transcripts.
_SPELLED_YEAR = re.compile(rf"\b(?:(eighteen|nineteen|twenty)\s+(hundred|{_UNDER_100})"
                           rf"|two thousand(?:\s+(?:and\s+)?({'|'.join(_UNITS_WORDS)}|{'|'.join(_TEENS)}))?)\b")
_DAY_ORDINAL = re.compile(rf"\b({_MONTH_RE})\.?\s+((?:twenty|thirty)[\s-])?({'|'.join(_ORDINAL_WORDS)})\b")
_SPELLED_DECADES = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
                    "eighties": 8, "nineties": 9}


@dataclass(frozen=True)
class Value:
    type: str  # DATE, TIME, DURATION, SET
    value: str | None
    mod: str | None = None

    @property
    def resolved(self) -> bool:
        return self.value is not None and "X" not in self.value.replace("PX", "P")


#: The years a TIMEX3 value can write (four digits).  Python's dates stop at year 1, so a day or
#: week value stays within 0001-9999 while a year, month, quarter or decade may reach year 0000.
MIN_YEAR, MAX_YEAR = 0, 9999


def _yyyy(year: int) -> str | None:
    """``year`` as a TIMEX3 year (``0025``, ``2025``); None outside 0000-9999."""
    return f"{year:04d}" if MIN_YEAR <= year <= MAX_YEAR else None


def _year_month(year: int, month: int) -> str | None:
    y = _yyyy(year)
    return f"{y}-{month:02d}" if y else None


def _add_days(base: dt.date, days: int) -> dt.date | None:
    """``base`` + ``days``; None past either end of the calendar (or for an astronomical count)."""
    try:
        return base + dt.timedelta(days=days)
    except OverflowError:
        return None


def _iso_week(d: dt.date | None) -> str | None:
    if d is None:
        return None
    year, week, _ = d.isocalendar()
    return f"{year:04d}-W{week:02d}"


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _decade_value(decade: int) -> str | None:
    """Decade number ``decade`` (199 for the 1990s) as a value (``199X``); None outside 000X-999X."""
    return f"{decade:03d}X" if MIN_YEAR // 10 <= decade <= MAX_YEAR // 10 else None


def _century_value(century: int) -> str | None:
    """Century number ``century`` (19 for the 1900s) as a value (``19XX``); None outside 00XX-99XX."""
    return f"{century:02d}XX" if MIN_YEAR // 100 <= century <= MAX_YEAR // 100 else None


def _past_or_future(sign: int) -> Value:
    """An ago/from-now date too far away to write: only its direction is known."""
    return Value("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF")


def _number(word: str) -> int | None:
    word = word.lower()
    if word.isdecimal():
        return int(word)
    tens, _, units = word.replace("-", " ").partition(" ")
    if tens in _TENS and units in _UNITS_WORDS:
        return _under_100(word)
    return NUMBERS.get(word)


def resolve_weekday(day: int, anchor: dt.date, tense: str, modifier: str = "") -> dt.date | None:
    """The date of weekday ``day`` relative to ``anchor``, given the verb's tense and last/next/this
    (None when it falls outside the calendar: "last Monday" in an article of 0001-01-01)."""
    delta_back = (anchor.weekday() - day) % 7
    delta_fwd = (day - anchor.weekday()) % 7
    if modifier == "last":
        return _add_days(anchor, -(delta_back or 7))
    if modifier in ("next", "coming", "upcoming"):
        return _add_days(anchor, delta_fwd or 7)
    if modifier == "this":
        return _add_days(anchor, day - anchor.weekday())
    if tense in (FUTURE, PRESENT):
        # "will meet Tuesday", and the scheduling present: "the talks begin Tuesday".
        return _add_days(anchor, delta_fwd)
    # Past tense, or no verb to tell: news mostly reports what happened this past week.
    return _add_days(anchor, -delta_back)


def resolve_month(month: int, anchor: dt.date, tense: str, modifier: str = "") -> int:
    """The year of a bare month name ("in February") relative to ``anchor``.

    Future tense: the next such month.  Past tense: the last one (on or before the anchor, as the
    issue specifies, although news also reports deadlines in the past tense: "extended the offer to
    Nov. 16").  Present or no tense: the nearest one (on a tie the past, the coming one for a present verb).
    """
    if modifier == "last":
        return anchor.year if month < anchor.month else anchor.year - 1
    if modifier in ("next", "coming", "upcoming"):
        return anchor.year if month > anchor.month else anchor.year + 1
    if modifier == "this" or month == anchor.month:
        return anchor.year
    ahead = (month - anchor.month) % 12
    if tense == PAST:
        return anchor.year if month < anchor.month else anchor.year - 1
    if tense == FUTURE:
        return anchor.year if month >= anchor.month else anchor.year + 1
    if ahead < 12 - ahead or (ahead == 6 and tense == PRESENT):
        # (a present verb six months from either: what is to come, "The November election is just six
        # months away"; what is over is told in the past)
        return anchor.year if month > anchor.month else anchor.year + 1
    return anchor.year if month < anchor.month else anchor.year - 1


def _season_year(season: str, anchor: dt.date, tense: str, modifier: str) -> int:
    if modifier == "this":
        return anchor.year
    return resolve_month(SEASON_MONTH[season], anchor, tense, modifier)


# --- the table: (pattern, handler) tried in order on the lower-cased, space-normalised expression.
Handler = Callable[..., Value | None]
RULES: list[tuple[re.Pattern[str], Handler]] = []
#: Handlers that also take the ``reference`` value (anaphora: "that year", "the year-ago quarter").
ANAPHORIC: set[Handler] = set()


def rule(pattern: str, anaphoric: bool = False) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        RULES.append((re.compile(rf"^(?:the\s+)?{pattern}$"), fn))
        if anaphoric:
            ANAPHORIC.add(fn)
        return fn
    return register


# --- reading the reference value (the date the text last talked about)
def _ref_date(reference: str | None) -> dt.date | None:
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", reference or "")
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _ref_quarter(reference: str | None) -> tuple[int, int] | None:
    m = re.fullmatch(r"(\d{4})-Q([1-4])", reference or "")
    return (int(m.group(1)), int(m.group(2))) if m else None


def _ref_month(reference: str | None) -> tuple[int, int] | None:
    m = re.match(r"^(\d{4})-(\d{2})(?:$|-)", reference or "")
    return (int(m.group(1)), int(m.group(2))) if m else None


def _ref_year(reference: str | None) -> int | None:
    m = re.match(r"^(\d{4})(?:$|-)", reference or "")
    return int(m.group(1)) if m else None


def _quarter_of(d: dt.date) -> tuple[int, int]:
    return d.year, (d.month - 1) // 3 + 1


def _quarter_value(year: int, q: int) -> str | None:
    y = _yyyy(year)
    return f"{y}-Q{q}" if y else None


def _shift_quarter(year: int, q: int, delta: int) -> str | None:
    index = year * 4 + (q - 1) + delta
    return _quarter_value(index // 4, index % 4 + 1)


def _last_quarter(anchor: dt.date, tense: str) -> tuple[int, int]:
    """The quarter a report refers to: the one just ended (past) or the current one (present, future)."""
    year, q = _quarter_of(anchor)
    if tense in (FUTURE, PRESENT):
        return year, q
    index = year * 4 + q - 2
    return index // 4, index % 4 + 1


def _day(anchor: dt.date | None, days: int, suffix: str = "", mod: str | None = None) -> Value:
    """The day ``days`` after ``anchor`` (unresolved without an anchor or outside the calendar)."""
    etype = "TIME" if suffix.startswith("T") and suffix[1:] not in PARTS_OF_DAY.values() else "DATE"
    d = _add_days(anchor, days) if anchor is not None else None
    return Value(etype, d.isoformat() + suffix if d else None, mod)


@rule(r"(?:(early|late|mid|earlier|later)\s+)?(today|tonight|this (morning|afternoon|evening))")
def _today(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value:
    part = "TNI" if m.group(2) == "tonight" else ("T" + PARTS_OF_DAY[m.group(3)] if m.group(3) else "")
    return _day(anchor, 0, part, MODS.get(m.group(1) or ""))


@rule(r"(?:(early|late|earlier|later)\s+)?(yesterday|tomorrow|last night)(?:\s+(morning|afternoon|evening|night))?")
def _yesterday(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value:
    days = 1 if m.group(2) == "tomorrow" else -1
    part = "TNI" if m.group(2) == "last night" else ("T" + PARTS_OF_DAY[m.group(3)] if m.group(3) else "")
    return _day(anchor, days, part, MODS.get(m.group(1) or ""))


@rule(r"day (before yesterday|after tomorrow)")
def _two_days(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value:
    return _day(anchor, -2 if m.group(1) == "before yesterday" else 2)


@rule(r"(day before|previous day|preceding day|day after|next day|following day)", anaphoric=True)
def _adjacent_day(m: re.Match[str], anchor: dt.date | None, tense: str, reference: str | None) -> Value:
    """Relative to the day last talked about ("He was arrested Oct. 5 and charged the next day")."""
    base = _ref_date(reference) or anchor
    return _day(base, -1 if m.group(1) in ("day before", "previous day", "preceding day") else 1)


@rule(r"(?:(earlier|later|early|late)\s+)?(?:that|the same) (day|morning|afternoon|evening|night|week|month|year)",
      anaphoric=True)
def _that_period(m: re.Match[str], anchor: dt.date | None, tense: str, reference: str | None) -> Value:
    """"that day", "later that year", "the same day": the period of the date last talked about."""
    unit = m.group(2)
    mod = MODS.get(m.group(1) or "")
    day = _ref_date(reference)
    month = _ref_month(reference)
    year = _ref_year(reference)
    if unit in ("day", "morning", "afternoon", "evening", "night"):
        part = "" if unit == "day" else "T" + PARTS_OF_DAY[unit]
        base = day or anchor
        return Value("DATE", base.isoformat() + part if base else None, mod)
    if unit == "week":
        return Value("DATE", _iso_week(day or anchor), mod)
    if unit == "month":
        if month:
            return Value("DATE", _year_month(*month), mod)
        return Value("DATE", _year_month(anchor.year, anchor.month) if anchor else None, mod)
    if year is not None:
        return Value("DATE", _yyyy(year), mod)
    return Value("DATE", _yyyy(anchor.year) if anchor else None, mod)


@rule(r"the (following|next|previous|preceding|subsequent) (week|month|year)", anaphoric=True)
def _following_period(m: re.Match[str], anchor: dt.date | None, tense: str, reference: str | None) -> Value:
    """"the following year": one period after the date last talked about (else after the anchor)."""
    step = -1 if m.group(1) in ("previous", "preceding") else 1
    unit = m.group(2)
    if unit == "year":
        year = _ref_year(reference)
        if year is None:
            year = anchor.year if anchor else None
        return Value("DATE", _yyyy(year + step) if year is not None else None)
    if unit == "month":
        month = _ref_month(reference) or ((anchor.year, anchor.month) if anchor else None)
        if month is None:
            return Value("DATE", None)
        return Value("DATE", _year_month(*_shift_month(month[0], month[1], step)))
    base = _ref_date(reference) or anchor
    return Value("DATE", _iso_week(_add_days(base, 7 * step)) if base else None)


@rule(r"(now|currently|current|right now|at present|nowadays|these days)")
def _now(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value:
    return Value("DATE", "PRESENT_REF")


@rule(r"(recently|more recently|lately|past|previously|formerly|recent (?:days|weeks|months|years|quarters|decades)"
      r"(?: and (?:days|weeks|months|years))?|past (?:days|weeks|months|years|quarters|decades))")
def _past_ref(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value:
    return Value("DATE", "PAST_REF")


@rule(r"(soon|future|near future|(?:near|short|long) term|(?:a )?later date"
      r"|(?:coming|next few|upcoming|future) (?:days|weeks|months|years|quarters|decades))")
def _future_ref(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value:
    return Value("DATE", "FUTURE_REF")


@rule(rf"(?:(this past|this coming|last|next|this|coming|upcoming|past|previous)\s+)?"
      rf"(?:(early|late|mid|earlier|later)[\s-]+)?({DAY_RE})\.?"
      r"(?:'s|’s)?(?:\s+(morning|afternoon|evening|night))?")
def _weekday(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value:
    modifier = {"past": "last", "previous": "last", "this past": "last", "this coming": "next"}.get(
        m.group(1) or "", m.group(1) or "")
    day = WEEKDAYS[m.group(3)]
    part = "T" + PARTS_OF_DAY[m.group(4)] if m.group(4) else ""
    mod = MODS.get(m.group(2) or "")
    if anchor is None:
        return Value("DATE", f"XXXX-WXX-{day + 1}{part}", mod)
    date = resolve_weekday(day, anchor, tense, modifier)
    return Value("DATE", date.isoformat() + part if date else None, mod)


@rule(rf"(?:({DAY_RE})\.?,?\s+(?:of\s+)?(last|next|this)\s+week|(last|next|this)\s+week(?:'s|’s)?\s+(?:on\s+)?({DAY_RE}))")
def _weekday_of_week(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value | None:
    """"Friday last week", "on Monday next week", "last week Thursday": that weekday of the week
    before, after or of the anchor's (ISO weeks, Monday first), whatever the verb's tense."""
    day = WEEKDAYS[m.group(1) or m.group(4)]
    shift = {"last": -7, "next": 7, "this": 0}[m.group(2) or m.group(3)]
    if anchor is None:
        return Value("DATE", f"XXXX-WXX-{day + 1}")
    date = _add_days(anchor, shift + day - anchor.weekday())
    return Value("DATE", date.isoformat() if date else None)


@rule(rf"(?:(?:this past|this coming|last|next|this|coming)\s+)?({DAY_RE})\.?,?\s+(?:the\s+)?"
      rf"(?:({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?|(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_RE})\.?)"
      r"(?:,?\s+(\d{4}))?")
def _weekday_date(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value | None:
    """"Monday, Oct. 26": the date, in the year (around the anchor) where it falls on that weekday."""
    month = MONTHS[m.group(2) or m.group(5)]
    day = int(m.group(3) or m.group(4))
    return _full_date(anchor, tense, month, day, m.group(6), weekday=WEEKDAYS[m.group(1)])


@rule(rf"(?:(last|next|this|this past|this coming)\s+)?(?:(early|late|mid)[\s-]+)?({_MONTH_RE})\.?\s+"
      rf"(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?")
def _month_day(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value | None:
    """"Aug. 2", "March 1st, 2024", "last Oct. 23" (the past one), "next Jan. 3" (the coming one)."""
    which = {"last": PAST, "this past": PAST, "next": FUTURE, "this coming": FUTURE}.get(m.group(1) or "", tense)
    return _full_date(anchor, which, MONTHS[m.group(3)], int(m.group(4)), m.group(5), strict=bool(m.group(1)))


THURSDAY = 3  # (ISO 8601 gives a week to the year, or here the month, holding its Thursday)
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "last": -1}


@rule(rf"(first|second|third|fourth|1st|2nd|3rd|4th|last)\s+({DAY_RE})\s+(?:in|of)\s+({_MONTH_RE})\.?"
      r"(?:,?\s+(\d{4}))?")
def _nth_weekday(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value | None:
    """"the second Tuesday in January" (a legislature's first day), "the last Monday of May": that
    weekday of the month, in the month's year by the verb's tense (as a bare month)."""
    month, day, nth = MONTHS[m.group(3)], WEEKDAYS[m.group(2)], _ORDINALS[m.group(1)]
    if m.group(4):
        year = int(m.group(4))
    elif anchor is not None:
        year = resolve_month(month, anchor, tense)
    else:
        return Value("DATE", f"XXXX-{month:02d}")  # (which day depends on the year)
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        return None
    date = _nth_weekday_date(year, month, day, nth)
    return Value("DATE", date.isoformat()) if date.month == month else None


@rule(rf"(first|second|third|fourth|1st|2nd|3rd|4th|last|final)\s+week\s+(?:in|of)\s+({_MONTH_RE})\.?"
      r"(?:,?\s+(\d{4}))?")
def _nth_week(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value | None:
    """"the last week of July", "the first week of August" (forecasts, schedules): that ISO week,
    counted as ISO 8601 counts a year's weeks, by their Thursdays: a month's first week holds its
    first Thursday, its last week its last Thursday; the month's year as for a bare month."""
    month, nth = MONTHS[m.group(2)], _ORDINALS.get(m.group(1), -1)
    if m.group(3):
        year = int(m.group(3))
    elif anchor is not None:
        year = resolve_month(month, anchor, tense)
    else:
        return Value("DATE", f"XXXX-{month:02d}")
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        return None
    thursday = _nth_weekday_date(year, month, THURSDAY, nth)
    return Value("DATE", _iso_week(thursday)) if thursday.month == month else None


@rule(rf"week\s+of\s+(?:({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?|(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_RE})\.?)"
      r"(?:,?\s+(\d{4}))?")
def _week_of(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value | None:
    """"the week of May 13" (schedules, road work, court calendars): the ISO week holding that date;
    a Sunday names the week it starts, as US calendars run Sunday to Saturday ("the week of May 12,
    2024" is May 12-18, ISO week 20).  Without an anchor and a year, the day itself (``XXXX-05-13``)."""
    day = _full_date(anchor, tense, MONTHS[m.group(1) or m.group(4)], int(m.group(2) or m.group(3)), m.group(5))
    if day is None or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day.value or ""):
        return day
    date = dt.date.fromisoformat(day.value or "")
    week = _iso_week(date + dt.timedelta(days=1) if date.weekday() == 6 else date)
    return Value("DATE", week) if week else None


#: Holidays news dates events by: a fixed (month, day); the n-th weekday of a month (n = -1: the
#: last), as (month, weekday, n); or days after another holiday.  Only names whose date is the same
#: wherever English-language news is written, plus the US federal holidays with a US-only name
#: ("Thanksgiving" is the US one, as most English-language news means it; "Independence Day",
#: "Mother's Day" and "Labour Day" differ by country and are not here, nor "election day", said of
#: any election, nor a bare "New Year", which also means the coming year or the Lunar New Year).
#: Keys are canonical (lower-case, a possessive "'s" dropped: "new year day", "presidents day").
HOLIDAYS: dict[str, tuple[int, int] | tuple[int, int, int] | tuple[str, int]] = {
    "new year day": (1, 1), "new years day": (1, 1), "new year eve": (12, 31),
    "new years eve": (12, 31), "valentine day": (2, 14), "valentines day": (2, 14), "halloween": (10, 31),
    "christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24), "boxing day": (12, 26),
    "juneteenth": (6, 19), "veterans day": (11, 11), "st patrick day": (3, 17), "st. patrick day": (3, 17),
    "martin luther king jr. day": (1, 0, 3), "martin luther king jr day": (1, 0, 3),
    "martin luther king day": (1, 0, 3), "mlk day": (1, 0, 3),
    "presidents day": (2, 0, 3), "presidents' day": (2, 0, 3), "memorial day": (5, 0, -1),
    "labor day": (9, 0, 1), "fourth of july": (7, 4), "4th of july": (7, 4),
    "thanksgiving": (11, 3, 4), "thanksgiving day": (11, 3, 4),
    "black friday": ("thanksgiving", 1), "cyber monday": ("thanksgiving", 4),
    "easter": ("easter", 0), "easter sunday": ("easter", 0), "good friday": ("easter", -2),
    "easter monday": ("easter", 1), "palm sunday": ("easter", -7), "maundy thursday": ("easter", -3),
    "holy thursday": ("easter", -3), "holy saturday": ("easter", -1), "ash wednesday": ("easter", -46),
}
_HOLIDAY_RE = "|".join(re.escape(name) for name in sorted(HOLIDAYS, key=len, reverse=True))


def _easter(year: int) -> dt.date:
    """Western Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _nth_weekday_date(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The ``n``-th ``weekday`` of a month (``n`` = -1: the last); may fall in the next month for n = 5."""
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def is_holiday(name: str) -> bool:
    """Whether ``name`` is a holiday of :data:`HOLIDAYS` and nothing more ("New Year’s Day", "the
    Fourth of July"): a date, whatever type a tagger gives the name."""
    return canonical(name).removeprefix("the ") in HOLIDAYS


def holiday_date(name: str, year: int) -> dt.date | None:
    """The date of holiday ``name`` (a :data:`HOLIDAYS` key) in ``year``; None outside the calendar."""
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        return None
    rule_ = HOLIDAYS[name]
    try:
        if len(rule_) == 3:
            return _nth_weekday_date(year, *rule_)  # type: ignore[misc]
        if isinstance(rule_[0], str):
            base, days = rule_
            start = _easter(year) if base == "easter" else holiday_date(str(base), year)
            return start + dt.timedelta(days=int(days)) if start else None
        return dt.date(year, int(rule_[0]), int(rule_[1]))
    except (ValueError, OverflowError):  # Good Friday of year 1, Black Friday of 9999 past its end
        return None


@rule(rf"(?:(last|next|this|this past|this coming|past|coming)\s+)?({_HOLIDAY_RE})(?:\s+(?:of\s+)?(\d{{4}}))?")
def _holiday(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value | None:
    """"on Thanksgiving", "Christmas Eve", "last Easter", "Labor Day 2019": that holiday's date, in the
    year the tense points to as for a bare date ("opened stores on Thanksgiving" in January: the last
    one); with no anchor and no year, unresolved."""
    name = m.group(2)
    if m.group(3):
        date = holiday_date(name, int(m.group(3)))
        return Value("DATE", date.isoformat()) if date else None
    if anchor is None:
        return Value("DATE", None)
    which = {"last": PAST, "this past": PAST, "past": PAST, "next": FUTURE, "this coming": FUTURE,
             "coming": FUTURE}.get(m.group(1) or "", tense)
    if m.group(1) == "this":
        date = holiday_date(name, anchor.year)
        return Value("DATE", date.isoformat() if date else None)
    candidates = [d for d in (holiday_date(name, y) for y in range(anchor.year - 1, anchor.year + 2)) if d]
    if not candidates:
        return Value("DATE", None)
    today = [] if m.group(1) else [anchor]  # "last Christmas" on Christmas Day is the one before
    past = [d for d in candidates if d < anchor or d in today]
    future = [d for d in candidates if d > anchor or d in today]
    if which == PAST and past:
        chosen = max(past)
    elif which == FUTURE and future:
        chosen = min(future)
    else:
        chosen = min(candidates, key=lambda d: (abs((d - anchor).days), d > anchor))
    return Value("DATE", chosen.isoformat())


@rule(rf"(\d{{1,2}})(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{{1,2}}(?:st|nd|rd|th)?)?\s+(?:of\s+)?({_MONTH_RE})\.?"
      rf"(?:,?\s+(\d{{4}}))?")
def _day_month(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value | None:
    """"2 August", "21st of March 2024"; a range of days is its first ("visit Sri Lanka 14-15 June"),
    as "June 14-15" is read up to its first day."""
    return _full_date(anchor, tense, MONTHS[m.group(2)], int(m.group(1)), m.group(3))


#: A month-day date without a year ("Nov. 16") at most this many days ahead still means the coming
#: one in a past-tense clause: news reports deadlines and plans in the past tense ("extended the
#: offer to Nov. 16"); TimeBank/AQUAINT has 16 such dates against 4 at 9-11 months back.  Bare
#: weekdays, months and seasons keep the issue's rule (past tense: on or before the anchor).
PAST_LOOKAHEAD_DAYS = 62


def _full_date(anchor: dt.date | None, tense: str, month: int, day: int, year: str | None,
               weekday: int | None = None, strict: bool = False) -> Value | None:
    """The date; without a year, the one around ``anchor`` that the tense points to (see
    :func:`resolve_month`; ``strict``: a past tense means strictly the past one, as in "last Oct. 23")."""
    if year is None:
        if anchor is None:
            return Value("DATE", f"XXXX-{month:02d}-{day:02d}") if 1 <= day <= 31 else None
        candidates = []
        for y in (anchor.year - 1, anchor.year, anchor.year + 1):
            try:
                candidates.append(dt.date(y, month, day))
            except ValueError:
                continue
        if not candidates:
            return None
        if weekday is not None and any(c.weekday() == weekday for c in candidates):
            candidates = [c for c in candidates if c.weekday() == weekday]
        if tense == PAST:
            past = [c for c in candidates if c <= anchor]
            soon = [c for c in candidates if 0 < (c - anchor).days <= PAST_LOOKAHEAD_DAYS and not strict]
            chosen = soon[0] if soon else (max(past) if past else min(candidates,
                                                                       key=lambda c: abs((c - anchor).days)))
        elif tense == FUTURE:
            future = [c for c in candidates if c >= anchor]
            chosen = min(future) if future else min(candidates, key=lambda c: abs((c - anchor).days))
        else:
            chosen = min(candidates, key=lambda c: abs((c - anchor).days))
        return Value("DATE", chosen.isoformat())
    try:
        return Value("DATE", dt.date(int(year), month, day).isoformat())
    except ValueError:
        return None


@rule(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})")
def _us_numeric(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value | None:
    year = int(m.group(3)) + (2000 if len(m.group(3)) == 2 else 0)
    try:
        return Value("DATE", dt.date(year, int(m.group(1)), int(m.group(2))).isoformat())
    except ValueError:
        return None


@rule(r"(\d{4})-(\d{2})-(\d{2})")
def _iso(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value | None:
    try:
        return Value("DATE", dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat())
    except ValueError:
        return None


@rule(rf"(?:(early|late|mid)[\s-]+)?({_MONTH_RE})\.?,?\s+(?:of\s+)?(this|last|next) year")
def _month_relative_year(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value:
    month = MONTHS[m.group(2)]
    mod = MODS.get(m.group(1) or "")
    if anchor is None:
        return Value("DATE", f"XXXX-{month:02d}", mod)
    year = anchor.year + {"this": 0, "last": -1, "next": 1}[m.group(3)]
    return Value("DATE", _year_month(year, month), mod)


@rule(rf"(?:(last|next|this|coming|past|previous)\s+)?(?:(early|late|mid)[\s-]+)?({_MONTH_RE})\.?(?:,?\s+(?:of\s+)?(\d{{4}}))?")
def _month(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value:
    month = MONTHS[m.group(3)]
    mod = MODS.get(m.group(2) or "")
    modifier = {"past": "last", "previous": "last"}.get(m.group(1) or "", m.group(1) or "")
    if m.group(4):
        return Value("DATE", f"{m.group(4)}-{month:02d}", mod)
    if anchor is None:
        return Value("DATE", f"XXXX-{month:02d}", mod)
    return Value("DATE", _year_month(resolve_month(month, anchor, tense, modifier), month), mod)


@rule(rf"(?:(last|next|this|coming|past)\s+)?(?:(early|late|mid)[\s-]+)?({'|'.join(SEASONS)})(?:\s+(?:of\s+)?(\d{{4}}))?")
def _season(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value:
    season = SEASONS[m.group(3)]
    mod = MODS.get(m.group(2) or "")
    if m.group(4):
        return Value("DATE", f"{m.group(4)}-{season}", mod)
    if anchor is None:
        return Value("DATE", f"XXXX-{season}", mod)
    modifier = {"past": "last"}.get(m.group(1) or "", m.group(1) or "")
    year = _yyyy(_season_year(season, anchor, tense, modifier))
    return Value("DATE", f"{year}-{season}" if year else None, mod)


@rule(r"(?:(beginning|start|end|middle|close|turn|rest|remainder|balance) of "
      r"|(first|second|last|latter) half (?:of )?)(.+)", anaphoric=True)
def _part_of(m: re.Match[str], anchor: dt.date | None, tense: str, reference: str | None) -> Value | None:
    """"the end of 1990", "the beginning of October", "the last half of 1989": the period, with a mod."""
    inner = normalise(m.group(3), anchor, tense, reference)
    if inner is None or inner.type != "DATE":
        return None
    value = inner.value
    if m.group(2):
        half = 1 if m.group(2) == "first" else 2
        if value and re.fullmatch(r"\d{4}", value):
            return Value("DATE", f"{value}-H{half}")
        return Value("DATE", value, "START" if half == 1 else "END")
    word = m.group(1)
    mod = {"beginning": "START", "start": "START", "end": "END", "close": "END", "middle": "MID",
           "turn": None, "rest": None, "remainder": None, "balance": None}[word]
    if word == "turn" and value and re.fullmatch(r"\d{4}", value):
        return Value("DATE", value)
    return Value("DATE", value, mod)


@rule(r"(?:(first|second|1st|2nd) half|(?:first|second|last) two quarters|h([12]))(?:\s+(?:of\s+)?(\d{4}))?")
def _half(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value:
    first = m.group(1) in ("first", "1st") or m.group(2) == "1" or m.group(0).startswith(("first two", "the first two"))
    year = m.group(3) or (_yyyy(anchor.year) if anchor else "XXXX")
    return Value("DATE", f"{year}-H{1 if first else 2}")


@rule(r"(?:(this|current|last|next|previous|latest|past|coming) )?(?:(\d{4}) )?fiscal(?: year)?(?: (\d{4}))?")
def _fiscal(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value | None:
    """"fiscal 1989", "the current fiscal year": the (fiscal) year, written as the calendar year."""
    year = m.group(2) or m.group(3)
    if year:
        return Value("DATE", year)
    if anchor is None:
        return Value("DATE", None)
    step = {"last": -1, "previous": -1, "latest": -1, "past": -1, "next": 1, "coming": 1}.get(m.group(1) or "", 0)
    if m.group(0).endswith("fiscal"):
        return None
    return Value("DATE", _yyyy(anchor.year + step))


@rule(r"(?:(current|full|calendar|entire|whole) )?(?:calendar )?year(?: (\d{4}))?")
def _the_year(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value | None:
    """"the year 2000", "the full year", "the current year": a calendar year (the anchor's when unsaid)."""
    if m.group(2):
        return Value("DATE", m.group(2))
    if not m.group(0).startswith("the") and not m.group(1):
        return None  # a bare "year" is a unit, not a date
    return Value("DATE", _yyyy(anchor.year) if anchor else None)


@rule(r"(?:year end|end of year)")
def _year_end(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value:
    return Value("DATE", _yyyy(anchor.year) if anchor else None, "END")


@rule(r"(?:(current|full|entire|whole) )?(day|week|month|weekend)")
def _the_period(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value | None:
    """"the day", "the week", "the month": the anchor's (a definite singular period in a report);
    "the weekend": the one just past (the coming one in a future or present-tense clause)."""
    if not m.group(0).startswith("the") and not m.group(1):
        return None
    if anchor is None:
        return Value("DATE", None)
    unit = m.group(2)
    if unit == "day":
        return Value("DATE", anchor.isoformat())
    if unit == "month":
        return Value("DATE", _year_month(anchor.year, anchor.month))
    if unit == "week":
        return Value("DATE", _iso_week(anchor))
    back = (anchor.weekday() - 5) % 7
    if tense in (FUTURE, PRESENT) and anchor.weekday() < 5:
        back -= 7
    week = _iso_week(_add_days(anchor, -back))
    return Value("DATE", week + "-WE" if week else None)


@rule(r"(?:(early|late|mid)[\s-]+)?(?:in\s+)?(\d{4})")
def _year(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value | None:
    year = int(m.group(2))
    if not 1000 <= year <= 2999:
        return None
    return Value("DATE", str(year), MODS.get(m.group(1) or ""))


@rule(r"(?:(early|late|mid)[\s-]+)?(\d{3})0s")
def _decade(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value:
    return Value("DATE", f"{m.group(2)}X", MODS.get(m.group(1) or ""))


def _decade_century(decade: int, anchor: dt.date | None) -> str | None:
    """"the '80s" as a value: the decade in the latest century in which it has begun by the anchor
    (None when it has not begun in any: "the '80s" in an article of the year 50)."""
    if anchor is None:
        return f"{19 if decade >= 3 else 20}{decade}X"
    century = anchor.year // 100
    if decade * 10 > anchor.year % 100:
        century -= 1
    return _decade_value(century * 10 + decade)


@rule(r"(?:(early|late|mid)[\s-]+)?'?(\d)0s")
def _short_decade(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value:
    return Value("DATE", _decade_century(int(m.group(2)), anchor), MODS.get(m.group(1) or ""))


@rule(rf"(?:(early|late|mid)[\s-]+)?({'|'.join(_SPELLED_DECADES)})")
def _spelled_decade(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value:
    return Value("DATE", _decade_century(_SPELLED_DECADES[m.group(2)], anchor), MODS.get(m.group(1) or ""))


@rule(rf"(?:(?:(early|late|mid)[\s-]+)?(\d{{1,2}})(?:st|nd|rd|th) century|(?:(early|late|mid)[\s-]+)?"
      rf"(?:(twenty) )?({'|'.join(_ORDINAL_WORDS)}) century)")
def _century(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value | None:
    """"the 20th century", "the twentieth century" -> 19XX (TimeML writes 19)."""
    n = int(m.group(2)) if m.group(2) else _ORDINAL_WORDS[m.group(5)] + (20 if m.group(4) else 0)
    if not 1 <= n <= 30:
        return None
    return Value("DATE", f"{n - 1:02d}XX", MODS.get(m.group(1) or m.group(3) or ""))


@rule(r"(?:(earlier|later|early|late)\s+)?(?:(this|last|next|the past|the previous|the coming|the following)\s+)"
      r"(week|month|year|quarter|weekend|decade|century)")
def _relative_period(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value | None:
    which = {"the past": "last", "the previous": "last", "the coming": "next", "the following": "next"}.get(
        m.group(2), m.group(2))
    step = {"this": 0, "last": -1, "next": 1}[which]
    unit = m.group(3)
    mod = MODS.get(m.group(1) or "")
    if anchor is None:
        return Value("DATE", None, mod)
    if unit in ("week", "weekend"):
        week = _iso_week(_add_days(anchor, 7 * step))
        return Value("DATE", week + ("-WE" if unit == "weekend" else "") if week else None, mod)
    if unit == "month":
        return Value("DATE", _year_month(*_shift_month(anchor.year, anchor.month, step)), mod)
    if unit == "year":
        return Value("DATE", _yyyy(anchor.year + step), mod)
    if unit == "quarter":
        return Value("DATE", _shift_quarter(*_quarter_of(anchor), step), mod)
    if unit == "decade":
        return Value("DATE", _decade_value(anchor.year // 10 + step), mod)
    return Value("DATE", _century_value(anchor.year // 100 + step), mod)


_QORD = "first|second|third|fourth|1st|2nd|3rd|4th"


@rule(rf"(?:(\d{{4}}|this year|last year|next year|(?:comparable |corresponding )?year (?:ago|earlier))\s+)?"
      rf"(?:fiscal\s+)?({_QORD})\s+(?:fiscal\s+)?quarter"
      r"(?:\s+(?:of\s+)?(?:fiscal\s+)?(\d{4}|this year|last year|next year|the year))?", anaphoric=True)
def _quarter(m: re.Match[str], anchor: dt.date | None, tense: str, reference: str | None) -> Value:
    """"the third quarter", "the 1988 second quarter", "next year's first quarter", "the year-ago third quarter".

    Without a year: the anchor's year, or the year before for a quarter not yet begun in a past report.
    """
    q = ORDINAL_QUARTERS[m.group(2)]
    said = m.group(1) or m.group(3)
    if said and said[0].isdigit():
        return Value("DATE", f"{said}-Q{q}")
    if anchor is None:
        return Value("DATE", f"XXXX-Q{q}")
    if said in ("this year", "the year"):
        year = anchor.year
    elif said == "next year":
        year = anchor.year + 1
    elif said:  # "last year", "year-ago", "year-earlier"
        year = anchor.year - 1
    else:
        year = anchor.year - (1 if q > _quarter_of(anchor)[1] and tense == PAST else 0)
    return Value("DATE", _quarter_value(year, q))


@rule(r"(?:(\d{4}|(?:comparable |corresponding )?year (?:ago|earlier)|latest|current|same|this|that|"
      r"last year|fiscal|recent|reporting|most recent|just ended|just completed) )?(?:fiscal )?quarter", anaphoric=True)
def _the_quarter(m: re.Match[str], anchor: dt.date | None, tense: str, reference: str | None) -> Value | None:
    """"the quarter", "the latest quarter", "the year-ago quarter": the quarter the report is about.

    That is the quarter last talked about when there is one, else the one just ended (past)
    or the current one; "year-ago"/"last year" shift it a year back, "the 1988 quarter" puts it in 1988.
    """
    which = m.group(1) or ""
    if not which and not m.group(0).startswith("the") and "fiscal" not in m.group(0):
        return None  # a bare "quarter" is a unit
    if anchor is None and _ref_quarter(reference) is None:
        return Value("DATE", None)
    if which in ("current", "this") and anchor is not None:
        return Value("DATE", _quarter_value(*_quarter_of(anchor)))
    if which in ("latest", "most recent", "just ended", "just completed") and anchor is not None:
        return Value("DATE", _quarter_value(*_last_quarter(anchor, PAST)))
    ref = _ref_quarter(reference)
    if ref is None and anchor is not None:
        ref = _last_quarter(anchor, tense)
    assert ref is not None
    year, q = ref
    if which[:1].isdigit():
        return Value("DATE", f"{which}-Q{q}")
    if "year" in which:
        year -= 1
    return Value("DATE", _quarter_value(year, q))


@rule(r"(?:the )?(?:comparable |corresponding )?year (?:ago|earlier)(?: (?:period|level|levels|results|figure|figures|"
      r"time))?", anaphoric=True)
def _year_ago(m: re.Match[str], anchor: dt.date | None, tense: str, reference: str | None) -> Value | None:
    """"year-earlier", "the year-ago period": a year before the period talked about (a quarter stays a quarter)."""
    ref = _ref_quarter(reference)
    if ref is not None:
        return Value("DATE", _shift_quarter(ref[0], ref[1], -4))
    return Value("DATE", _yyyy(anchor.year - 1) if anchor else None)


@rule(r"(?:q([1-4])|([1-4])q)(?:\s+(\d{4}))?")
def _q(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value:
    """"Q3", "2Q" ("2Q profit falls"): without a year, the latest such quarter, this year's unless
    that is still ahead and the text speaks of no future (headlines report results in the present)."""
    q = int(m.group(1) or m.group(2))
    if m.group(3):
        return Value("DATE", f"{m.group(3)}-Q{q}")
    if anchor is None:
        return Value("DATE", f"XXXX-Q{q}")
    year = anchor.year - (q > _quarter_of(anchor)[1] and tense != FUTURE)
    return Value("DATE", _quarter_value(year, q))


@rule(rf"({_NUM_RE}) ({_UNIT_RE}|quarter)s? (ago|earlier|before|later|from now|hence)", anaphoric=True)
def _ago(m: re.Match[str], anchor: dt.date | None, tense: str, reference: str | None) -> Value | None:
    """"two years ago": counted back from the anchor.  After a quarter ("profit rose in the third
    quarter from $5 million a year earlier") a year back from that quarter.  "Later" counts from the
    date the text last talked about where that is precise enough for the unit (narrative time: "On
    April 1, 2018, ... an airstrike ... A year later, AFRICOM admitted" is 2019); "ago" and "from
    now" count from the anchor (the writer's now), and so does "earlier", mostly a comparison in
    news ("up from $4 million a year earlier")."""
    n = _number(m.group(1))
    unit = m.group(2)
    sign = -1 if m.group(3) in ("ago", "earlier", "before") else 1
    if n is None:
        return _past_or_future(sign)
    ref = _ref_quarter(reference)
    value: str | None
    if ref is not None and unit in ("year", "quarter"):
        value = _shift_quarter(ref[0], ref[1], sign * n * (4 if unit == "year" else 1))
        return Value("DATE", value) if value else _past_or_future(sign)
    point = (_narrative_point(reference, unit) if m.group(3) == "later" else None) or anchor
    if point is None:
        return Value("DATE", None)
    if unit in ("day", "week", "month", "year"):
        return _counted_from(point, unit, sign * n)
    if unit == "quarter":
        value = _shift_quarter(*_quarter_of(point), sign * n)
    elif unit == "decade":
        value = _decade_value((point.year + sign * 10 * n) // 10)
    else:
        value = None  # hours and minutes ago (no clock time) or centuries ago (no century value)
    return Value("DATE", value) if value else _past_or_future(sign)


def _narrative_point(reference: str | None, unit: str) -> dt.date | None:
    """The reference date as a point to count ``unit``s from: its day for days and weeks, its
    month's first day for months, its year's first day for years; None where the reference
    is not that precise (a year says nothing of "two days later")."""
    if unit in ("day", "week"):
        return _ref_date(reference)
    month = _ref_month(reference) if unit == "month" else None
    if month is not None and MIN_YEAR < month[0]:
        return dt.date(month[0], month[1], 1)
    year = _ref_year(reference) if unit == "year" else None
    return dt.date(year, 1, 1) if year else None


def _counted_from(point: dt.date, unit: str, count: int) -> Value:
    """``count`` ``unit``s from ``point``, written at the unit's granularity."""
    value: str | None
    if unit == "day":
        day = _add_days(point, count)
        value = day.isoformat() if day else None
    elif unit == "week":
        value = _iso_week(_add_days(point, 7 * count))
    elif unit == "month":
        value = _year_month(*_shift_month(point.year, point.month, count))
    else:
        value = _yyyy(point.year + count)
    return Value("DATE", value) if value else _past_or_future(1 if count >= 0 else -1)


@rule(rf"(?:(?:for|over|during|in|within|about|nearly|almost|more than|less than|at least)\s+)?"
      rf"(?:the\s+)?(?:(past|last|next|coming|first|previous)\s+)?({_NUM_RE}|a few|several)?\s*({_UNIT_RE})s?")
def _duration(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value | None:
    count = m.group(2)
    n = _number(count) if count else (None if m.group(0).rstrip().endswith("s") else 1)
    prefix, code = UNITS[m.group(3)]
    if code == "DE":
        return Value("DURATION", f"P{n * 10}Y" if n else "PXDE")
    if code == "CE":
        return Value("DURATION", f"P{n * 100}Y" if n else "PXCE")
    return Value("DURATION", f"P{prefix}{n if n else 'X'}{code}")


@rule(r"(?:every|each)\s+(" + DAY_RE + r")")
def _every_day(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value:
    return Value("SET", f"XXXX-WXX-{WEEKDAYS[m.group(1)] + 1}")


@rule(r"(daily|weekly|monthly|annually|yearly|every day|every week|every month|every year|each year|a year|per year)")
def _set(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value:
    unit = {"daily": "D", "every day": "D", "weekly": "W", "every week": "W", "monthly": "M",
            "every month": "M"}.get(m.group(1), "Y")
    return Value("SET", f"P1{unit}")


#: Time zones written after a clock time ("7:49 a.m. EST on Tuesday", "1 a.m. Eastern Time on
#: Wednesday"): the regions whose names take "Time" (and "Standard"/"Daylight"), and the abbreviations.
#: The date stage's patterns and the entity stage read them from here too.
ZONE_REGIONS = ("eastern", "central", "mountain", "pacific", "atlantic", "alaska", "hawaii")
ZONE_ABBREVIATIONS = ("est", "edt", "et", "cst", "cdt", "ct", "mst", "mdt", "mt", "pst", "pdt", "pt", "gmt", "utc",
                      "bst", "cest", "cet", "ist", "jst", "kst", "aest", "aedt", "sast", "hkt", "sgt", "msk")
#: A zone after a clock time, on canonical (lower-case) text ("12:12 p.m. local time on Saturday"):
#: read past, the day after it still dates the time.
ZONE_RE = (rf"(?:local time|(?:{'|'.join(ZONE_REGIONS)})(?: standard| daylight)?(?: time)?"
           rf"|{'|'.join(ZONE_ABBREVIATIONS)})")
_CLOCK_RE = r"\d{1,2}(?::\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)"


@rule(r"(?:at\s+)?(\d{1,2})(?::(\d{2}))?\s*(a\.?m\.?|p\.?m\.?)"
      r"(?:\s*(?:to|and|until|through|-|\u2013)\s*" + _CLOCK_RE + r")?(?:\s+" + ZONE_RE + r")?"
      r"(?:,?\s+(?:on\s+)?(" + DAY_RE + r"|\S.*))?")
def _clock(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value | None:
    """A clock time, on the day named after it in AP style ("6:30 p.m. Friday", "3:33 a.m. Aug. 31",
    "7:49 a.m. EST on Tuesday", "10:32 p.m. last night"), else on the anchor's day.  A range of times
    is its start ("7 p.m. to 9 p.m. Friday", "12am to 6pm on Friday")."""
    hour = int(m.group(1)) % 12 + (12 if m.group(3).startswith("p") else 0)
    minute = int(m.group(2) or 0)
    if hour > 23 or minute > 59:
        return None
    if m.group(4) in WEEKDAYS:
        if anchor is None:
            day = f"XXXX-WXX-{WEEKDAYS[m.group(4)] + 1}"
        else:
            date = resolve_weekday(WEEKDAYS[m.group(4)], anchor, tense)
            if date is None:
                return Value("TIME", None)
            day = date.isoformat()
    elif m.group(4):
        dated = normalise(m.group(4), anchor, tense)
        # A date, or a part of a dated day ("last night": 2012-08-05TNI).
        day_of = re.fullmatch(r"(\d{4}-\d{2}-\d{2})(?:T(?:MO|AF|EV|NI))?", dated.value or "") if dated else None
        if dated is None or dated.type not in ("DATE", "TIME") or day_of is None:
            return None
        day = day_of.group(1)
    else:
        day = anchor.isoformat() if anchor else "XXXX-XX-XX"
    return Value("TIME", f"{day}T{hour:02d}:{minute:02d}")


@rule(r"(.+?),?\s+at\s+(\d{1,2})(?::(\d{2}))?\s*(a\.?m\.?|p\.?m\.?)")
def _day_at_clock(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value | None:
    """A day and the time on it ("Saturday night at 7 p.m.", "Aug. 31 at 3:30 p.m.")."""
    hour = int(m.group(2)) % 12 + (12 if m.group(4).startswith("p") else 0)
    minute = int(m.group(3) or 0)
    dated = normalise(m.group(1), anchor, tense)
    day = re.match(r"(?:\d{4}-\d{2}-\d{2}|XXXX-WXX-\d)(?=$|T)", dated.value or "") if dated else None
    if dated is None or dated.type not in ("DATE", "TIME") or day is None or hour > 23 or minute > 59:
        return None
    return Value("TIME", f"{day.group()}T{hour:02d}:{minute:02d}")


@rule(r"(noon|midday|midnight)")
def _noon(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value:
    day = anchor.isoformat() if anchor else "XXXX-XX-XX"
    return Value("TIME", f"{day}T{'24:00' if m.group(1) == 'midnight' else '12:00'}")


def _under_100(words: str) -> int:
    parts = re.split(r"[\s-]+", words)
    if parts[0] == "oh":
        return _UNITS_WORDS[parts[1]]
    if parts[0] in _TEENS:
        return _TEENS[parts[0]]
    return _TENS[parts[0]] + (_UNITS_WORDS[parts[1]] if len(parts) > 1 else 0)


def _spelled_year(m: re.Match[str]) -> str:
    if m.group(1):
        century = {"eighteen": 18, "nineteen": 19, "twenty": 20}[m.group(1)]
        return str(century * 100 + (0 if m.group(2) == "hundred" else _under_100(m.group(2))))
    rest = m.group(3)
    return str(2000 + (_UNITS_WORDS.get(rest or "", 0) or _TEENS.get(rest or "", 0)))


def _day_ordinal(m: re.Match[str]) -> str:
    tens = {"twenty": 20, "thirty": 30}[m.group(2).strip(" -")] if m.group(2) else 0
    return f"{m.group(1)} {tens + _ORDINAL_WORDS[m.group(3)]}"


def canonical(expression: str) -> str:
    """Lower-case, collapse spaces, drop leading prepositions, approximators and trailing punctuation.

    Also: hyphens between words become spaces ("third-quarter", "year-ago"), a final
    possessive goes ("today's", "last year's"), spelled-out years and days become digits
    ("nineteen ninety-six" -> 1996, "March eighth" -> March 8), and other scripts' digits
    ASCII ones (``\\d`` matches them, and a value copies the digits it read).
    """
    text = re.sub(r"\s+", " ", expression.strip().lower().replace("’", "'").replace("`", "'"))
    if not text.isascii():
        text = re.sub(r"\d", lambda d: str(unicodedata.decimal(d.group())), text)
    text = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", text)
    text = re.sub(r"\s*\([^)]*\)?$", "", text)  # "August 7 (Xinhua)"
    text = re.sub(r"'s?$|(?<=[a-z])'s(?= )", "", text.strip(" ,.;:"))
    text = _SPELLED_YEAR.sub(_spelled_year, text)
    text = _DAY_ORDINAL.sub(_day_ordinal, text)
    for _ in range(2):
        text = re.sub(r"^(?:on|in|at|by|since|from|until|till|through|during|of|as of|before|after|around|"
                      r"for|about|nearly|almost|roughly|approximately|more than|less than|at least|just|only|"
                      r"(?:as )?(?:early|late|soon|recently) as|its|their|his|her|our|your|my)\s+", "", text)
    text = re.sub(r"\s+or so(?= ago| earlier| later|$)", "", text)
    return text.strip(" ,.;:")


#: No temporal expression is longer; a longer span is not read (and nesting stays shallow).
MAX_EXPRESSION_CHARS = 200


def normalise(expression: str, anchor: dt.date | None, tense: str = NONE,
              reference: str | None = None) -> Value | None:
    """TIMEX3 type, value and modifier of ``expression``; None when it is not a time expression.

    ``reference`` (optional) is the value of the date last talked about, for anaphora.
    """
    if len(expression) > MAX_EXPRESSION_CHARS:
        return None
    text = canonical(expression)
    for pattern, handler in RULES:
        m = pattern.match(text)
        if m:
            if handler in ANAPHORIC:
                return handler(m, anchor, tense, reference)  # type: ignore[call-arg]
            return handler(m, anchor, tense)
    return None
