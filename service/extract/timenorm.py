"""Table-driven normalisation of one temporal expression to a TIMEX3 value.

``normalise(expression, anchor, tense)`` is a pure function: the same expression,
anchor date and tense always give the same value, and no clock is ever read.  The
tense (``past``, ``future``, ``present`` or ``none``) comes from the governing verb, so that in an
article of Monday 2025-02-17 "met on Monday" -> 2025-02-17, "said Sunday" ->
2025-02-16 and "will meet Tuesday" -> 2025-02-18; a bare weekday with no tense to go by
takes the past one, as news mostly reports what happened.  Without an anchor, relative values
keep ``X`` placeholders (``XXXX-WXX-1``) and are marked unresolved.
"""

from __future__ import annotations

import datetime as dt
import re
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
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
           "thirty": 30, "several": None, "few": None, "a few": None, "many": None, "some": None}
UNITS = {"second": ("T", "S"), "minute": ("T", "M"), "hour": ("T", "H"), "day": ("", "D"), "week": ("", "W"),
         "month": ("", "M"), "year": ("", "Y"), "decade": ("", "DE"), "century": ("", "CE")}
MODS = {"early": "START", "earlier": "START", "late": "END", "later": "END", "mid": "MID", "middle": "MID",
        "end": "END", "beginning": "START", "start": "START"}
ORDINAL_QUARTERS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}

_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY_RE = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_NUM_RE = "|".join(sorted((k for k in NUMBERS if k), key=len, reverse=True)) + r"|\d+"
_UNIT_RE = "|".join(UNITS)


@dataclass(frozen=True)
class Value:
    type: str  # DATE, TIME, DURATION, SET
    value: str | None
    mod: str | None = None

    @property
    def resolved(self) -> bool:
        return self.value is not None and "X" not in self.value.replace("PX", "P")


def _iso_week(d: dt.date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _number(word: str) -> int | None:
    word = word.lower()
    if word.isdigit():
        return int(word)
    return NUMBERS.get(word)


def resolve_weekday(day: int, anchor: dt.date, tense: str, modifier: str = "") -> dt.date:
    """The date of weekday ``day`` relative to ``anchor``, given the verb's tense and last/next/this."""
    delta_back = (anchor.weekday() - day) % 7
    delta_fwd = (day - anchor.weekday()) % 7
    if modifier == "last":
        return anchor - dt.timedelta(days=delta_back or 7)
    if modifier in ("next", "coming", "upcoming"):
        return anchor + dt.timedelta(days=delta_fwd or 7)
    if modifier == "this":
        return anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(days=day)
    if tense in (FUTURE, PRESENT):
        # "will meet Tuesday", and the scheduling present: "the talks begin Tuesday".
        return anchor + dt.timedelta(days=delta_fwd)
    # Past tense, or no verb to tell: news mostly reports what happened this past week.
    return anchor - dt.timedelta(days=delta_back)


def resolve_month(month: int, anchor: dt.date, tense: str, modifier: str = "") -> int:
    """The year of a bare month name ("in February") relative to ``anchor``."""
    if modifier == "last":
        return anchor.year if month < anchor.month else anchor.year - 1
    if modifier in ("next", "coming", "upcoming"):
        return anchor.year if month > anchor.month else anchor.year + 1
    if modifier == "this" or month == anchor.month:
        return anchor.year
    if tense == PAST:
        return anchor.year if month <= anchor.month else anchor.year - 1
    if tense in (FUTURE, PRESENT):
        return anchor.year if month >= anchor.month else anchor.year + 1
    back = (anchor.month - month) % 12
    return anchor.year if month <= anchor.month else (anchor.year - 1 if back <= 6 else anchor.year)


def _season_year(season: str, anchor: dt.date, tense: str, modifier: str) -> int:
    if modifier == "this":
        return anchor.year
    return resolve_month(SEASON_MONTH[season], anchor, tense, modifier)


# --- the table: (pattern, handler) tried in order on the lower-cased, space-normalised expression.
Handler = Callable[[re.Match[str], dt.date | None, str], Value | None]
RULES: list[tuple[re.Pattern[str], Handler]] = []


def rule(pattern: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        RULES.append((re.compile(rf"^(?:the\s+)?{pattern}$"), fn))
        return fn
    return register


def _day(anchor: dt.date | None, days: int, suffix: str = "", mod: str | None = None) -> Value:
    if anchor is None:
        return Value("DATE" if not suffix.startswith("T") or suffix[1:] in PARTS_OF_DAY.values() else "TIME",
                     None, mod)
    d = anchor + dt.timedelta(days=days)
    return Value("TIME" if suffix.startswith("T") and suffix[1:] not in PARTS_OF_DAY.values() else "DATE",
                 d.isoformat() + suffix, mod)


@rule(r"(?:(early|late|mid)\s+)?(today|tonight|this (morning|afternoon|evening))")
def _today(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value:
    part = "TNI" if m.group(2) == "tonight" else ("T" + PARTS_OF_DAY[m.group(3)] if m.group(3) else "")
    return _day(anchor, 0, part, MODS.get(m.group(1) or ""))


@rule(r"(?:(early|late)\s+)?(yesterday|tomorrow|last night)(?:\s+(morning|afternoon|evening|night))?")
def _yesterday(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value:
    days = 1 if m.group(2) == "tomorrow" else -1
    part = "TNI" if m.group(2) == "last night" else ("T" + PARTS_OF_DAY[m.group(3)] if m.group(3) else "")
    return _day(anchor, days, part, MODS.get(m.group(1) or ""))


@rule(r"day (before yesterday|after tomorrow)")
def _two_days(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value:
    return _day(anchor, -2 if m.group(1) == "before yesterday" else 2)


@rule(r"(day before|previous day|day after|next day|following day)")
def _adjacent_day(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value:
    return _day(anchor, -1 if m.group(1) in ("day before", "previous day") else 1)


@rule(r"(now|currently|right now|at present|nowadays|these days)")
def _now(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value:
    return Value("DATE", "PRESENT_REF")


@rule(r"(recently|lately|past|previously|formerly)")
def _past_ref(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value:
    return Value("DATE", "PAST_REF")


@rule(r"(soon|future|near future|(?:coming|next few|upcoming) (?:days|weeks|months|years))")
def _future_ref(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value:
    return Value("DATE", "FUTURE_REF")


@rule(rf"(?:(last|next|this|coming|upcoming|past|previous)\s+)?(?:(early|late|mid)[\s-]+)?({_DAY_RE})\.?"
      r"(?:'s|’s)?(?:\s+(morning|afternoon|evening|night))?")
def _weekday(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value:
    modifier = {"past": "last", "previous": "last"}.get(m.group(1) or "", m.group(1) or "")
    day = WEEKDAYS[m.group(3)]
    part = "T" + PARTS_OF_DAY[m.group(4)] if m.group(4) else ""
    mod = MODS.get(m.group(2) or "")
    if anchor is None:
        return Value("DATE", f"XXXX-WXX-{day + 1}{part}", mod)
    return Value("DATE", resolve_weekday(day, anchor, tense, modifier).isoformat() + part, mod)


@rule(rf"(?:(early|late|mid)[\s-]+)?({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?")
def _month_day(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value | None:
    return _full_date(anchor, tense, MONTHS[m.group(2)], int(m.group(3)), m.group(4))


@rule(rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_RE})\.?(?:,?\s+(\d{{4}}))?")
def _day_month(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value | None:
    return _full_date(anchor, tense, MONTHS[m.group(2)], int(m.group(1)), m.group(3))


def _full_date(anchor: dt.date | None, tense: str, month: int, day: int, year: str | None) -> Value | None:
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
        if tense == PAST:
            past = [c for c in candidates if c <= anchor]
            chosen = max(past) if past else min(candidates, key=lambda c: abs((c - anchor).days))
        elif tense in (FUTURE, PRESENT):
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
    return Value("DATE", f"{year}-{month:02d}", mod)


@rule(rf"(?:(last|next|this|coming|past|previous)\s+)?(?:(early|late|mid)[\s-]+)?({_MONTH_RE})\.?(?:,?\s+(?:of\s+)?(\d{{4}}))?")
def _month(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value:
    month = MONTHS[m.group(3)]
    mod = MODS.get(m.group(2) or "")
    modifier = {"past": "last", "previous": "last"}.get(m.group(1) or "", m.group(1) or "")
    if m.group(4):
        return Value("DATE", f"{m.group(4)}-{month:02d}", mod)
    if anchor is None:
        return Value("DATE", f"XXXX-{month:02d}", mod)
    return Value("DATE", f"{resolve_month(month, anchor, tense, modifier)}-{month:02d}", mod)


@rule(rf"(?:(last|next|this|coming|past)\s+)?(?:(early|late|mid)[\s-]+)?({'|'.join(SEASONS)})(?:\s+(?:of\s+)?(\d{{4}}))?")
def _season(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value:
    season = SEASONS[m.group(3)]
    mod = MODS.get(m.group(2) or "")
    if m.group(4):
        return Value("DATE", f"{m.group(4)}-{season}", mod)
    if anchor is None:
        return Value("DATE", f"XXXX-{season}", mod)
    modifier = {"past": "last"}.get(m.group(1) or "", m.group(1) or "")
    return Value("DATE", f"{_season_year(season, anchor, tense, modifier)}-{season}", mod)


@rule(r"(?:(early|late|mid)[\s-]+)?(?:in\s+)?(\d{4})")
def _year(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value | None:
    year = int(m.group(2))
    if not 1000 <= year <= 2999:
        return None
    return Value("DATE", str(year), MODS.get(m.group(1) or ""))


@rule(r"(?:(early|late|mid)[\s-]+)?(\d{3})0s")
def _decade(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value:
    return Value("DATE", f"{m.group(2)}X", MODS.get(m.group(1) or ""))


@rule(r"(?:(early|late|mid)[\s-]+)?'?(\d)0s")
def _short_decade(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value:
    century = "19" if int(m.group(2)) >= 3 else "20"
    return Value("DATE", f"{century}{m.group(2)}X", MODS.get(m.group(1) or ""))


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
        d = anchor + dt.timedelta(weeks=step)
        return Value("DATE", _iso_week(d) + ("-WE" if unit == "weekend" else ""), mod)
    if unit == "month":
        y, mo = _shift_month(anchor.year, anchor.month, step)
        return Value("DATE", f"{y}-{mo:02d}", mod)
    if unit == "year":
        return Value("DATE", str(anchor.year + step), mod)
    if unit == "quarter":
        q = (anchor.month - 1) // 3 + step
        y = anchor.year + q // 4
        return Value("DATE", f"{y}-Q{q % 4 + 1}", mod)
    if unit == "decade":
        return Value("DATE", f"{(anchor.year // 10 + step)}X", mod)
    return Value("DATE", f"{anchor.year // 100 + step:02d}XX", mod)


@rule(r"(first|second|third|fourth|1st|2nd|3rd|4th) quarter(?:\s+(?:of\s+)?(\d{4}))?")
def _quarter(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value:
    q = ORDINAL_QUARTERS[m.group(1)]
    year = m.group(2) or (str(anchor.year) if anchor else "XXXX")
    return Value("DATE", f"{year}-Q{q}")


@rule(r"q([1-4])(?:\s+(\d{4}))?")
def _q(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value:
    year = m.group(2) or (str(anchor.year) if anchor else "XXXX")
    return Value("DATE", f"{year}-Q{m.group(1)}")


@rule(rf"({_NUM_RE}) ({_UNIT_RE})s? (ago|earlier|before|later|from now|hence)")
def _ago(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value | None:
    n = _number(m.group(1))
    unit = m.group(2)
    sign = -1 if m.group(3) in ("ago", "earlier", "before") else 1
    if n is None:
        return Value("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF")
    if anchor is None:
        return Value("DATE", None)
    if unit == "day":
        return Value("DATE", (anchor + dt.timedelta(days=sign * n)).isoformat())
    if unit == "week":
        return Value("DATE", _iso_week(anchor + dt.timedelta(weeks=sign * n)))
    if unit == "month":
        y, mo = _shift_month(anchor.year, anchor.month, sign * n)
        return Value("DATE", f"{y}-{mo:02d}")
    if unit == "year":
        return Value("DATE", str(anchor.year + sign * n))
    if unit == "decade":
        return Value("DATE", f"{(anchor.year + sign * 10 * n) // 10}X")
    return Value("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF")


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


@rule(r"(?:every|each)\s+(" + _DAY_RE + r")")
def _every_day(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value:
    return Value("SET", f"XXXX-WXX-{WEEKDAYS[m.group(1)] + 1}")


@rule(r"(daily|weekly|monthly|annually|yearly|every day|every week|every month|every year|each year|a year|per year)")
def _set(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value:
    unit = {"daily": "D", "every day": "D", "weekly": "W", "every week": "W", "monthly": "M",
            "every month": "M"}.get(m.group(1), "Y")
    return Value("SET", f"P1{unit}")


@rule(r"(?:at\s+)?(\d{1,2})(?::(\d{2}))?\s*(a\.?m\.?|p\.?m\.?)(?:\s+(?:on\s+)?(" + _DAY_RE + r"))?")
def _clock(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value | None:
    hour = int(m.group(1)) % 12 + (12 if m.group(3).startswith("p") else 0)
    minute = int(m.group(2) or 0)
    if hour > 23 or minute > 59:
        return None
    if m.group(4):
        day = (resolve_weekday(WEEKDAYS[m.group(4)], anchor, tense).isoformat() if anchor
               else f"XXXX-WXX-{WEEKDAYS[m.group(4)] + 1}")
    else:
        day = anchor.isoformat() if anchor else "XXXX-XX-XX"
    return Value("TIME", f"{day}T{hour:02d}:{minute:02d}")


@rule(r"(noon|midday|midnight)")
def _noon(m: re.Match[str], anchor: dt.date | None, tense: str) -> Value:
    day = anchor.isoformat() if anchor else "XXXX-XX-XX"
    return Value("TIME", f"{day}T{'24:00' if m.group(1) == 'midnight' else '12:00'}")


def canonical(expression: str) -> str:
    """Lower-case, collapse spaces, drop leading prepositions and trailing punctuation."""
    text = re.sub(r"\s+", " ", expression.strip().lower().replace("’", "'"))
    text = re.sub(r"^(on|in|at|by|since|from|until|till|through|during|of|as of|before|after)\s+", "", text)
    return text.strip(" ,.;:")


def normalise(expression: str, anchor: dt.date | None, tense: str = NONE) -> Value | None:
    """TIMEX3 type, value and modifier of ``expression``; None when it is not a time expression."""
    text = canonical(expression)
    for pattern, handler in RULES:
        m = pattern.match(text)
        if m:
            return handler(m, anchor, tense)
    return None
