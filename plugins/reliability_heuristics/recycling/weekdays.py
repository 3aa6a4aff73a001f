"""A weekday named with a date of no year, in other languages than English.

News in other languages names the weekday of the days it tells of as English
news does ("Saturday, March 23": see `evidence.weekday_constraints`):

- the weekday before the date: "mercredi 4 novembre", "miércoles 7 de
  octubre", "Mittwoch, 4. November", "в четверг, 3 декабря", "quarta-feira,
  4 de novembro";
- the date before the weekday: "3 декабря, четверг", "30 Kasım Pazartesi",
  "5 de março (quinta-feira)", and Hungarian order "június 10-én, szerdán";
- Chinese and Japanese dates with the weekday in brackets: "2月15日（土）",
  "3月12日（星期四）".

The weekday names are those of `data/weekdays.tsv`, the month names those of
`data/months.tsv`. A date that has its year ("mercredi 4 novembre 2020") is
left out: it is read as a date (`dates`). Each is the same soft evidence as an
English weekday with a date: the years in which that day fell on that weekday,
one of which the rest of the evidence may pick (see `era`). Found from the
text's words by a table look-up, so the cost is linear in the text.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path

from reliability.analysis import Analysis, read_table

from .constraints import Constraint
from .dates import load_months
from .evidence import weekday_constraint

__all__ = ["load_weekdays", "other_weekday_constraints"]


@lru_cache(maxsize=1)
def load_weekdays() -> dict[str, int]:
    """Weekday names (lower case, apostrophes straightened) to their number (0: Monday)."""
    body = read_table(Path(__file__).resolve().parent / "data" / "weekdays.tsv", 3)
    out: dict[str, int] = {}
    for language, weekday, names in body:
        number = int(weekday)
        if not 0 <= number <= 6:
            raise ValueError(f"weekdays.tsv: {language}: weekday must be 0 to 6, not {weekday!r}")
        for form in names.split("|"):
            if form and out.setdefault(form.lower(), number) != number:
                raise ValueError(f"weekdays.tsv: {form!r} names two weekdays")
    return out


_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
_MONTH = r"[^\W\d_]+"
# After a weekday: an article or preposition, the day, the month ("jeudi 3 décembre",
# "el miércoles 7 de octubre", "Mittwoch, 4. November", "в четверг, 3 декабря"); then
# whatever stands for a year, which puts the date out of this reader's reach.
_AFTER = re.compile(
    rf",?[ \t]{{0,3}}(?:(?:le|el|den|am|il|op|de|dia|на|в|у|w)[ \t]+)?(?P<d>{_DAY})"
    rf"(?:\.|º|°|er)?[ \t]{{1,3}}(?:de[ \t]+)?(?P<m>{_MONTH})(?P<dot>\.?)"
    rf"(?P<year>,?[ \t]{{0,3}}(?:de[ \t]+|del[ \t]+)?(?:1[89]|2[01])\d\d(?!\d))?"
)
# Before a weekday: the day and the month ("3 декабря, четверг", "5 de março (quinta-
# feira)"), or the month and the day with a Hungarian case ending ("június 10-én,").
_BEFORE = re.compile(
    rf"(?:(?<![\w.])(?P<d>{_DAY})\.?[ \t]{{1,3}}(?:de[ \t]+)?(?P<m>{_MONTH})(?P<dot>\.?)"
    rf"|(?<![\w])(?P<m2>{_MONTH})(?P<dot2>\.?)[ \t]{{1,3}}(?P<d2>{_DAY})(?:\.|-[^\W\d_]{{1,3}})?)"
    rf",?[ \t]{{0,3}}\(?\Z"
)
_YEAR_BEFORE = re.compile(r"(?:1[89]|2[01])\d\d\.?[ \t]*\Z")
_WINDOW = 40  # characters before a weekday looked at for its date
_CJK = re.compile(
    r"(?<![\d年년])(?P<m>1[0-2]|0?[1-9])月(?P<d>[12]\d|3[01]|0?[1-9])日[ \t]?[（(]"
    r"(?:星期|周|週)?(?P<w>[月火水木金土日一二三四五六天])(?:曜日?)?[）)]"
)
_CJK_WEEKDAY = {
    "月": 0, "火": 1, "水": 2, "木": 3, "金": 4, "土": 5, "日": 6,
    "一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "天": 6,
}  # fmt: skip


def _month(name: str, dot: str) -> int | None:
    """The month a word names, or None; a full name followed by a full stop ends a
    sentence ("... 28 de agosto. Lunes") and is not read."""
    months, full = load_months()
    folded = name.casefold()
    number = months.get(folded)
    if number is None or (dot and folded in full):
        return None
    return number


def other_weekday_constraints(doc: Analysis, today: dt.date) -> list[Constraint]:
    """Each weekday of `data/weekdays.tsv` named with a date of no year (see the module
    docstring), as a soft constraint with one alternative per fitting year."""
    text = doc.text
    out: list[Constraint] = []
    table = load_weekdays()
    words = doc.folded.words
    if not table.keys().isdisjoint(words):
        tokens = doc.tokens
        for k, word in enumerate(words):
            weekday = table.get(word)
            if weekday is None:
                continue
            c = _next_to(text, tokens[k].start, tokens[k].end, weekday, today)
            if c is not None:
                out.append(c)
    if "日（" in text or "日(" in text or "日 （" in text or "日 (" in text:
        for m in _CJK.finditer(text):
            month, day, weekday = int(m["m"]), int(m["d"]), _CJK_WEEKDAY[m["w"]]
            c = weekday_constraint(text, m.start(), m.end(), month, day, weekday, today)
            if c is not None:
                out.append(c)
        out.sort(key=lambda c: c.start)
    return out


def _next_to(text: str, start: int, end: int, weekday: int, today: dt.date) -> Constraint | None:
    """The constraint of the weekday at `text[start:end]` with the date after or before it."""
    a = _AFTER.match(text, end)
    if a is not None and not a["year"]:
        month = _month(a["m"], a["dot"])
        if month is not None:
            stop = a.end("dot")
            return weekday_constraint(text, start, stop, month, int(a["d"]), weekday, today)
    window = max(0, start - _WINDOW)
    b = _BEFORE.search(text, window, start)
    if b is None:
        return None
    if b["d"]:
        month, day = _month(b["m"], b["dot"]), int(b["d"])
    else:
        if _YEAR_BEFORE.search(text, window, b.start()):
            return None  # "2020. június 10-én": the date has its year
        month, day = _month(b["m2"], b["dot2"]), int(b["d2"])
    if month is None:
        return None
    return weekday_constraint(text, b.start(), end, month, day, weekday, today)
