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

A bare year the shared analysis leaves out as a count is read too when it names
the period of figures ("2018 figures show", not "nearly 2000 figures").

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
from functools import cache, lru_cache
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


# The month names of every language make an alternation that `re` takes milliseconds
# to compile, and a year has at most a name or two where a pattern can read one. A
# pattern is therefore compiled with only the names that can match where it is tried:
# every other name could not match there, so leaving it out changes no match. A name
# made of word characters only matches a whole word (each pattern has a non-word
# character or the text's edge on both sides of it), and only one of the last two
# words before a year ("3 diciembre 2020", "diciembre de 2020") or the word after
# "2020. " (Hungarian order); those words are looked up in an index of the names by
# `_case_key`, which is the same for two words whenever `re.IGNORECASE` matches one
# with the other. Where one name is found, the pattern has it alone; where none, no
# name; where more (rare), every name in the usual order, so that at most one pattern
# per name and the one of all names are ever compiled, whatever the text. A name with
# other characters than word characters would be in every pattern.
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
_WORD = re.compile(r"\w+")
_NO_MONTH = "(?!)"  # an alternation of no names: matches nowhere
# Characters that `re.IGNORECASE` matches with each other beyond their lower case
# (the extra cases listed by `re` itself, in re/_casefix.py), each to the first.
_EXTRA_CASES = (
    "i\u0131", "s\u017f", "\xb5\u03bc", "\u03b9\u0345\u1fbe", "\u0390\u1fd3",
    "\u03b0\u1fe3", "\u03b2\u03d0", "\u03b5\u03f5", "\u03b8\u03d1", "\u03ba\u03f0",
    "\u03c0\u03d6", "\u03c1\u03f1", "\u03c3\u03c2", "\u03c6\u03d5", "\u0432\u1c80",
    "\u0434\u1c81", "\u043e\u1c82", "\u0441\u1c83", "\u0442\u1c84\u1c85",
    "\u044a\u1c86", "\u0463\u1c87", "\ua64b\u1c88", "\u1e61\u1e9b", "\ufb05\ufb06",
)  # fmt: skip
_SAME_CASE = str.maketrans({c: group[0] for group in _EXTRA_CASES for c in group[1:]})
# The one character whose lower case is two characters: `re` reads it as "i".
_DOTTED_I = str.maketrans({"\u0130": "i"})


def _case_key(word: str) -> str:
    """`word` as `re.IGNORECASE` compares it: lower case, extra case pairs folded to one."""
    return word.translate(_DOTTED_I).lower().translate(_SAME_CASE)


@lru_cache(maxsize=1)
def _month_index() -> tuple[dict[str, tuple[str, ...]], tuple[str, ...]]:
    """The month names by `_case_key` (those of word characters), and the other names."""
    index: dict[str, tuple[str, ...]] = {}
    other: list[str] = []
    for name in load_months()[0]:
        if _WORD.fullmatch(name):
            key = _case_key(name)
            index[key] = (*index.get(key, ()), name)
        else:
            other.append(name)
    return index, tuple(other)


@lru_cache(maxsize=1)
def _every_name() -> tuple[str, ...]:
    return tuple(sorted(load_months()[0]))


def _names_in(words: Sequence[str]) -> tuple[str, ...]:
    """The month names a pattern needs where `words` are the whole words a name can be:
    none, the one found, or every name when more than one is found."""
    index, other = _month_index()
    found = set(other)
    for word in words:
        found.update(index.get(_case_key(word), ()))
    return _every_name() if len(found) > 1 else tuple(found)


@cache  # one key per name, and two more: see `_names_in`
def _before(names: tuple[str, ...]) -> re.Pattern[str]:
    """The text before a year: a day and a month, a month, or a day and a month in figures."""
    month = _alternation(names) or _NO_MONTH
    return re.compile(
        rf"(?<![\w.])(?:"
        rf"(?P<d1>{_DAY})\.?(?:\s+de)?\s+(?P<m1>{month})\.?,?(?:\s+(?:de|del|of))?\s+"
        rf"|(?P<m2>{month}),?(?:\s+(?:de|del|of))?\s+"
        rf"|(?P<d3>{_DAY})(?P<sep>[.\-])(?P<n3>1[0-2]|0?[1-9])(?P=sep)"
        rf")\Z",
        re.IGNORECASE,
    )


@cache
def _hungarian(names: tuple[str, ...]) -> re.Pattern[str]:
    """A month after a year, Hungarian order: "2020. június 10."."""
    month = _alternation(names) or _NO_MONTH
    return re.compile(rf"\.\s+(?P<m>{month})(?![\w])(?:\s+(?P<d>{_DAY})\.)?", re.IGNORECASE)


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(text after a year, the word after a full stop, the year itself)."""
    after = re.compile(
        rf"(?:(?P<sep>[./])(?P<n1>1[0-2]|0?[1-9])(?P=sep)(?P<d1>{_DAY})(?![\d])"
        rf"|\s?(?P<cjk>[年년])(?:\s?(?P<n2>1[0-2]|0?[1-9])\s?[月월](?:\s?(?P<d2>{_DAY})\s?[日일])?)?"
        rf")"
    )
    next_word = re.compile(r"\.\s+(\w+)")
    # No look-behind: the regex engine then skips ahead to the next "1" or "2" quickly;
    # a year glued to a digit before it is left out in `other_dates`.
    year = re.compile(r"(?:1[89]|2[01])\d\d(?![\d])")
    return after, next_word, year


def _read(text: str, start: int, end: int) -> DateExpression | None:
    """The date around the year at `text[start:end]`, when it is written in a form read here."""
    months, full = load_months()
    after = _patterns()[0]
    year = int(text[start:end])
    m = _before_match(text, start) if _may_follow(text, start) else None
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
    h = _hungarian_match(text, end)
    if h is not None and h.group("m").casefold() in full:
        stop = h.end() if h["d"] else h.end("m")
        return _date(text, start, stop, year, months[h.group("m").casefold()], h["d"])
    return None


def _before_match(text: str, start: int) -> re.Match[str] | None:
    """A day and a month, or a month, before the year at `start` (see `_before`)."""
    window = max(0, start - _WINDOW)
    # A name there is one of the last two words: "3 diciembre 2020", "diciembre de 2020".
    words = _WORD.findall(text, window, start)[-2:]
    return _before(_names_in(words)).search(text, window, start)


def _hungarian_match(text: str, end: int) -> re.Match[str] | None:
    """A month after the year ending at `end`, Hungarian order (see `_hungarian`)."""
    word = _patterns()[1].match(text, end)
    return _hungarian(_names_in([word[1]] if word else [])).match(text, end)


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


# A year before a noun of figures counted over it, "2018 figures show": the shared
# analysis reads a year before a plural noun as a count ("2000 people"), as it is after
# a word of quantity ("nearly 2000 figures").
_PERIOD_NOUN = re.compile(
    r" (?:figures|data|statistics|stats|estimates|census|earnings|rankings)(?![\w])"
)
_QUANTITY = re.compile(
    r"(?:nearly|almost|about|around|over|under|some|than|approximately|roughly|only|just"
    r"|least|most|all|of|to|and|or|by|[\d,.$€£%+-])\s*\Z",
    re.IGNORECASE,
)


def _bare_year(text: str, start: int, end: int) -> DateExpression | None:
    """The year at `text[start:end]` when it names the period of figures ("2018 figures
    show"); None otherwise (the shared analysis reads the other bare years)."""
    if not text.startswith(" ", end) or _PERIOD_NOUN.match(text, end) is None:
        return None
    if _QUANTITY.search(text, max(0, start - 16), start):
        return None
    return DateExpression(start, end, text[start:end], "year", int(text[start:end]))


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
    year = _patterns()[2]
    out: list[DateExpression] = []
    covered = 0
    for m in year.finditer(text):
        if m.start() < covered or (m.start() > 0 and text[m.start() - 1].isdigit()):
            continue
        date = _read(text, m.start(), m.end()) or _bare_year(text, m.start(), m.end())
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
