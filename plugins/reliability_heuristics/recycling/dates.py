"""Dates the shared analysis does not read: other languages' month names, numeric forms.

The shared analysis reads English dates and bare years in any language
("en 2019", "В 2019 году"). This reader adds, for the estimate of the time
of writing, the dates with a year that news in other languages writes:

- a day and a month name of `data/months.tsv` with a year: "3 de diciembre
  de 2020", "3. Dezember 2020", "3 декабря 2020", "3 grudnia 2020";
  Hungarian order "2020. június 10.";
- a month name and a year: "diciembre de 2020", "в декабре 2020" (full names
  only: an abbreviation such as "mar" or "set" is read only with a day);
- numeric dates: "2020.08.27", "2020/08/27" (year first), "27.08.2020"
  (day first, as Europe writes it); "27-08-2020" has its day and month only
  when one of them is above 12, else it gives the year;
- Chinese, Japanese and Korean dates: "2020年7月1日", "2021年3月", "2020년 8월 27일";
- Persian (Solar Hijri) dates, as Iranian and Afghan news writes them: "2 تیر 1399"
  (in Persian or Latin figures), read as the Gregorian day a day or two early at
  most (the year is taken to begin on 20 March: the bound stays safe); a month
  alone as the Gregorian month it begins in.

Each is found from its four-digit year, so the cost is linear in the text.
A date found here replaces the shared analysis's bare year inside it
("2020" of "3 décembre 2020") and gives way to any other date the shared
analysis found where it overlaps.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from reliability.analysis import Analysis, DateExpression, read_table

from .constraints import span_of

__all__ = ["dates_with_years", "load_months", "other_dates"]

_WINDOW = 48  # characters before a year looked at for its day and month


@lru_cache(maxsize=1)
def load_months() -> tuple[dict[str, int], frozenset[str]]:
    """Month names (folded) to their number, and which of them are full names."""
    body = read_table(Path(__file__).resolve().parent / "data" / "months.tsv", 3)
    months: dict[str, int] = {}
    full: set[str] = set()
    for language, month, names in body:
        number = int(month)
        if not 1 <= number <= 12:
            raise ValueError(f"months.tsv: {language}: month must be 1 to 12, not {month!r}")
        forms = [n.casefold() for n in names.split("|") if n]
        for i, form in enumerate(forms):
            if months.setdefault(form, number) != number:
                raise ValueError(f"months.tsv: {form!r} names two months")
            # The first form is the full name, and so is any form of five letters or more.
            if i == 0 or len(form) >= 5:
                full.add(form)
    return months, frozenset(full)


def _alternation(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(text before a year, text after it, Hungarian month after a year, the year itself)."""
    months, _ = load_months()
    month = _alternation(list(months))
    day = r"(?:[12]\d|3[01]|0?[1-9])"
    before = re.compile(
        rf"(?<![\w.])(?:"
        rf"(?P<d1>{day})\.?(?:\s+de)?\s+(?P<m1>{month})\.?,?(?:\s+(?:de|del|of))?\s+"
        rf"|(?P<m2>{month}),?(?:\s+(?:de|del|of))?\s+"
        rf"|(?P<d3>{day})(?P<sep>[.\-])(?P<n3>1[0-2]|0?[1-9])(?P=sep)"
        rf")\Z",
        re.IGNORECASE,
    )
    after = re.compile(
        rf"(?:(?P<sep>[./])(?P<n1>1[0-2]|0?[1-9])(?P=sep)(?P<d1>{day})(?![\d])"
        rf"|\s?(?P<cjk>[年년])(?:\s?(?P<n2>1[0-2]|0?[1-9])\s?[月월](?:\s?(?P<d2>{day})\s?[日일])?)?"
        rf")"
    )
    hungarian = re.compile(rf"\.\s+(?P<m>{month})(?![\w])(?:\s+(?P<d>{day})\.)?", re.IGNORECASE)
    # No look-behind: the regex engine then skips ahead to the next "1" or "2" quickly;
    # a year glued to a digit before it is left out in `other_dates`.
    year = re.compile(r"(?:1[89]|2[01])\d\d(?![\d])")
    return before, after, hungarian, year


def _read(text: str, start: int, end: int) -> DateExpression | None:
    """The date around the year at `text[start:end]`, when it is written in a form read here."""
    months, full = load_months()
    before, after, hungarian, _ = _patterns()
    year = int(text[start:end])
    m = before.search(text, max(0, start - _WINDOW), start) if _may_follow(text, start) else None
    if m is not None:
        if m.group("m1"):
            return _date(text, m.start(), end, year, months[m.group("m1").casefold()], m["d1"])
        if m.group("m2") and m.group("m2").casefold() in full:
            return _date(text, m.start(), end, year, months[m.group("m2").casefold()], None)
        if m.group("d3"):
            day, month = int(m["d3"]), int(m["n3"])
            if m["sep"] == "-" and day <= 12:
                return _date(text, m.start(), end, year, None, None)  # which is the day?
            return _date(text, m.start(), end, year, month, str(day))
    follows = text[end : end + 2]
    if not follows or not (follows[0] in "./年년" or follows[-1] in "年년"):
        return None  # nothing after the year that a form read here needs
    a = after.match(text, end)
    if a is not None:
        if a.group("n1"):
            return _date(text, start, a.end(), year, int(a["n1"]), a["d1"])
        if a.group("cjk"):
            named = int(a["n2"]) if a["n2"] else None
            return _date(text, start, a.end(), year, named, a["d2"])
    h = hungarian.match(text, end)
    if h is not None and h.group("m").casefold() in full:
        stop = h.end() if h["d"] else h.end("m")
        return _date(text, start, stop, year, months[h.group("m").casefold()], h["d"])
    return None


_LINKS = frozenset({"de", "del", "of"})


def _may_follow(text: str, start: int) -> bool:
    """Whether the year at `start` may follow a month name, "de", or a day and month in
    figures (a quick test before the full pattern, which most years in a text do not need)."""
    head = text[max(0, start - 24) : start]
    if not head or head[-1] in ".-":
        return bool(head)
    if not head[-1].isspace():
        return False
    words = head.split()
    word = words[-1].rstrip(".,").casefold() if words else ""
    return word in _LINKS or word in load_months()[0]


def _date(
    text: str, start: int, end: int, year: int, month: int | None, day: str | None
) -> DateExpression | None:
    d = int(day) if day else None
    if span_of(year, month, d) is None:
        return None  # no such day: "31.02.2020"
    kind = "year" if month is None else "date"
    return DateExpression(start, end, text[start:end], kind, year, month, d)


# The months of the Solar Hijri calendar, in Persian (with the Arabic letters "ي"/"ك"
# some sites write for "ی"/"ک" folded in `_solar_hijri`), and their first day of the year.
_SH_MONTHS = (
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
)  # fmt: skip
_SH_FIRST_DAY = (0, 31, 62, 93, 124, 155, 186, 216, 246, 276, 306, 336)
_SH_RE = re.compile(
    r"(?<![\w])(?:(?P<d>[0-9۰-۹]{1,2})\s*)?"
    r"(?P<m>" + "|".join(sorted(_SH_MONTHS, key=len, reverse=True)) + r")"
    r"\s+(?P<y>(?:1[34]|۱[۳۴])[0-9۰-۹]{2})(?![\w])"
)


_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")


def _solar_hijri(text: str) -> list[DateExpression]:
    """Solar Hijri dates ("2 تیر 1399"), as Gregorian days (see the module docstring)."""
    # One letter for one: the offsets into the text are kept.
    persian = text.replace("ي", "ی").replace("ك", "ک")
    out: list[DateExpression] = []
    for m in _SH_RE.finditer(persian):
        month = _SH_MONTHS.index(m["m"])
        first = dt.date(int(m["y"]) + 621, 3, 20).toordinal() + _SH_FIRST_DAY[month]
        day = first + (int(m["d"]) - 1 if m["d"] else 0)
        if m["d"] and not 1 <= int(m["d"]) <= 31:
            continue
        g = dt.date.fromordinal(day)
        out.append(
            DateExpression(m.start(), m.end(), text[m.start() : m.end()], "date", g.year,
                           g.month, g.day if m["d"] else None)
        )  # fmt: skip
    return out


def other_dates(text: str) -> list[DateExpression]:
    """The dates with a year written in the forms this module reads, in order."""
    year = _patterns()[3]
    out: list[DateExpression] = []
    covered = 0
    for m in year.finditer(text):
        if m.start() < covered or (m.start() > 0 and text[m.start() - 1].isdigit()):
            continue
        date = _read(text, m.start(), m.end())
        if date is not None and date.start >= covered:
            out.append(date)
            covered = date.end
    if _ARABIC_SCRIPT.search(text):
        found = _solar_hijri(text)
        if found:
            out = _merge(out, found)
    return out


def _merge(a: list[DateExpression], b: list[DateExpression]) -> list[DateExpression]:
    """Two ordered lists of dates as one, the first's kept where they overlap."""
    out = sorted([*a, *b], key=lambda d: (d.start, d in b))
    kept: list[DateExpression] = []
    for d in out:
        if not kept or d.start >= kept[-1].end:
            kept.append(d)
    return kept


def dates_with_years(doc: Analysis) -> list[DateExpression]:
    """The shared analysis's dates, with the dates of `other_dates` merged in, in order.

    A date found here takes the place of the shared dates it contains (a bare
    year inside "3 décembre 2020"); where it overlaps any other, the shared
    date is kept.
    """
    shared = list(doc.dates)
    extra = other_dates(doc.text)
    if not extra:
        return shared
    starts = [d.start for d in shared]
    replaced: set[int] = set()
    merged: list[DateExpression] = []
    for date in extra:
        i = bisect.bisect_left(starts, date.start)
        j = bisect.bisect_left(starts, date.end)
        inside = range(i, j)
        left = i > 0 and shared[i - 1].end > date.start
        if left or any(shared[k].end > date.end for k in inside):
            continue  # overlaps a shared date it does not contain
        if any(shared[k].kind not in ("year", "date") for k in inside):
            continue
        if any(shared[k].kind == "date" and shared[k].year is not None for k in inside):
            continue  # the shared analysis already read a full date here
        replaced.update(inside)
        merged.append(date)
    merged.extend(d for k, d in enumerate(shared) if k not in replaced)
    merged.sort(key=lambda d: d.start)
    return merged
