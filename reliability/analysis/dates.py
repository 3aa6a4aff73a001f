"""Date and time expressions: calendar dates, years, weekdays, decades, relative times.

Regular expressions, tried in this order of preference at each position, find:

- numeric dates: "2025-11-03" (ISO), "11/03/2025" (day and month are filled
  only when the order is clear: one part above 12, or both equal);
- month and day, with an optional year: "November 3, 2025", "Nov. 3",
  "October 26"; day and month: "3 November 2025", "the 3rd of November";
- month and year: "May 2020", "January 2023";
- a month name alone: "in September". "March", "May", "April", "June" and
  "August" are also a verb, a modal or given names, so alone they count only
  after a date word ("in May", "since March", "mid-May", "between March and
  May"); "May I" and a sentence-initial "May God…" are not dates;
- weekdays, with "last"/"next"/"this" before and a part of the day after:
  "Saturday", "last Saturday", "Monday morning";
- decades: "the 1990s", "1990s", "the ’90s" (’00s–’20s are this century);
- relative expressions: "yesterday", "today", "last week", "next month",
  "this year", "last summer", "earlier this month", "later that year",
  "recent weeks", "the past few weeks", "the following year", "weeks earlier",
  "a year ago", "two days ago".

Then every four-digit number from 1900 to 2100 that is not part of a date
already found and reads as a year (see `numbers.year_reading`) is a `year`:
"in 2019", "since 2013", "the 2002 coup".

Spans cover the time expression itself. A leading preposition is left out
("in 2019" → "2019", "in recent weeks" → "recent weeks", "on Friday" →
"Friday"), as qualifiers are for numbers; determiners that are part of the
phrase stay ("the 1990s", "the following year", "a year ago").
Abbreviated weekdays ("Sun.") are not read: "Sun" is far more often a name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from reliability.analysis.elements import DateExpression, Token
from reliability.analysis.lexicon import (
    AMBIGUOUS_MONTHS,
    DAY_PARTS,
    MONTH_ABBREVIATIONS,
    MONTH_CONTEXT,
    MONTHS,
    RELATIVE_COUNT_WORDS,
    RELATIVE_DATE_HEADS,
    SEASONS,
    TEENS,
    TENS,
    TIME_UNITS,
    UNITS,
    WEEKDAYS,
)
from reliability.analysis.numbers import year_reading
from reliability.analysis.tokens import alternation

__all__ = ["find_dates"]

_S = r"[ \t\u00a0]"
_MONTH_ANY = alternation([*MONTHS, *MONTH_ABBREVIATIONS])
_MONTH_FULL = alternation(MONTHS)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\w])"
_YEAR = r"\d{4}(?![\w])"
_UNIT = alternation([*TIME_UNITS, *(u + "s" for u in TIME_UNITS), "centuries"])
_PERIOD = alternation([*TIME_UNITS, *SEASONS, "night", "morning", "evening", "afternoon"])
_COUNT = alternation([*UNITS, *TEENS, *TENS, *RELATIVE_COUNT_WORDS])
# The words a relative expression can start with.
_REL_WORDS = [
    *("yesterday", "today", "tonight", "tomorrow", "earlier", "later", "the", "last", "next"),
    *("this", "past", "coming", "previous", "following", "recent"),
    *UNITS,
    *TEENS,
    *TENS,
    *RELATIVE_COUNT_WORDS,
    *TIME_UNITS,
    "centuries",
]


def _initials(words: Iterable[str]) -> str:
    """A regex class of the words' first characters."""
    return "[" + "".join(re.escape(c) for c in sorted({w[0] for w in words})) + "]"


# The alternatives of a date expression, in order, each with the characters it can start
# with (a class, read with the alternative's own case rules).
_BRANCHES: tuple[tuple[str, str], ...] = (
    (r"\d", r"(?P<iso>(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2}))(?![\w/\-])"),
    (r"\d", r"(?P<sl>(?P<sa>\d{1,2})/(?P<sb>\d{1,2})/(?P<sy>\d{4}|\d{2}))(?![\w/])"),
    (
        _initials([*MONTHS, *MONTH_ABBREVIATIONS]),
        rf"(?P<mdy>(?P<m1>{_MONTH_ANY})(?![\w])\.?{_S}+(?P<d1>{_DAY})(?:,?{_S}+(?P<y1>{_YEAR}))?)",
    ),
    (
        r"\d",
        rf"""(?P<dmy>(?P<d2>{_DAY})(?:{_S}+of)?{_S}+(?P<m2>{_MONTH_ANY})(?![\w])\.?
        (?:,?{_S}+(?P<y2>{_YEAR}))?)""",
    ),
    (
        _initials([*MONTHS, *MONTH_ABBREVIATIONS]),
        rf"(?P<my>(?P<m3>{_MONTH_ANY})(?![\w])\.?,?{_S}+(?:of{_S}+)?(?P<y3>{_YEAR}))",
    ),
    (_initials(MONTHS), rf"(?P<mo>{_MONTH_FULL})(?![\w\-])"),
    (
        f"(?i:[lntpc])|{_initials(WEEKDAYS)}",
        rf"""(?P<wd>(?:(?i:last|next|this|past|coming){_S}+)?
        (?P<wdn>{alternation(WEEKDAYS)})(?![\w])(?:{_S}+{alternation(DAY_PARTS)}(?![\w]))?)""",
    ),
    (
        "(?i:t)|[12'’]",
        rf"""(?P<dec>(?:(?i:the){_S}+)?
        (?:(?P<dcen>1[5-9]|20)(?P<dd>\d)0['’]?s|['’](?P<ds>\d)0s)(?![\w]))""",
    ),
    (
        rf"\d|(?i:{_initials(_REL_WORDS)})",
        rf"""(?P<rel>(?i:
          yesterday|today|tonight|tomorrow
        | (?:earlier|later)(?:{_S}+(?:this|that|last|next))?{_S}+{_PERIOD}
        | (?:the{_S}+)?(?:last|next|this|past|coming|previous|following)
          (?:{_S}+(?:{_COUNT}|\d+))?{_S}+(?:{_UNIT}|{_PERIOD})
        | recent{_S}+(?:days|weeks|months|years)
        | (?:(?:{_COUNT}|\d+){_S}+)?{_UNIT}{_S}+(?:ago|earlier|later)
      )(?![\w\-]))""",
    ),
)


def _date_re(source: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w])(?:{source})", re.VERBOSE)


# The alternatives are compiled one by one, each when a text first needs it: `re`
# takes milliseconds to compile the month and number-word alternations, which a
# process scoring one article would otherwise spend on every alternative at start.
# Trying them in order and keeping the first that matches finds what one pattern
# of all of them would (`(?:A|B|C)` with nothing after it matches as the first of
# A, B, C that matches), with the same groups, as `_read` reads only the matched
# alternative's own.
_COMPILED: list[re.Pattern[str] | None] = [None] * len(_BRANCHES)
_FIRST = [re.compile(first) for first, _ in _BRANCHES]
# An alternative that cannot start with a position's character cannot match
# there; leaving it out changes no match (the order of the others is kept) and
# saves the regex engine entering it at every candidate.
_BY_FIRST: dict[str, tuple[int, ...]] = {}


# The commonest heads start a date only before certain words; a short test of
# the next word saves trying the alternatives there. "the" starts only "the last week",
# "the 1990s"; "a"/"an" only "a year ago", "a few days ago"; a time unit only
# "days ago".
_UNIT_GUARD = re.compile(rf"(?i:{_UNIT}){_S}+(?i:ago|earlier|later)")
_ARTICLE_GUARD = re.compile(rf"(?i:an?){_S}+(?i:few|couple|{_UNIT})")
# Every alternative that starts with digits goes on after them with "-", "/" or a
# space and a letter ("2025-11-03", "3/11/2025", "3 November", "3rd of May", "two
# days ago"): a number token of plain digits followed by none of these starts no date.
_AFTER_DIGITS = re.compile(rf"[\-/]|{_S}+[^\W\d_]")
# Each guard reads its word, then a space or tab: without one after the word, none matches.
_GUARD_GAP = frozenset(" \t\u00a0")
_GUARDS: dict[str, re.Pattern[str]] = {
    "the": re.compile(
        rf"(?i:the){_S}+(?:(?i:last|next|this|past|coming|previous|following)|1[5-9]|20|['’])"
    ),
    "a": _ARTICLE_GUARD,
    "an": _ARTICLE_GUARD,
    **dict.fromkeys([*TIME_UNITS, *(u + "s" for u in TIME_UNITS), "centuries"], _UNIT_GUARD),
}


def _branch(index: int) -> re.Pattern[str]:
    """The alternative `index` of `_BRANCHES`, compiled on first use."""
    pattern = _COMPILED[index]
    if pattern is None:
        pattern = _COMPILED[index] = _date_re(_BRANCHES[index][1])
    return pattern


def _branches_for(ch: str) -> tuple[int, ...]:
    """The alternatives that can start with `ch`, in order."""
    try:
        return _BY_FIRST[ch]
    except KeyError:
        pass
    if len(_BY_FIRST) >= 4096:  # any character may come; keep the table small
        _BY_FIRST.clear()
    found = tuple(i for i, first in enumerate(_FIRST) if first.match(ch))
    _BY_FIRST[ch] = found
    return found


def _match(text: str, pos: int) -> re.Match[str] | None:
    """The date expression starting at `pos`: the first alternative that matches there."""
    if pos >= len(text):
        return None  # every alternative reads at least one character
    for index in _branches_for(text[pos]):
        m = _branch(index).match(text, pos)
        if m is not None:
            return m
    return None


# Words that can start a date expression, as written (capitalised at a
# sentence start, possessive "Sunday’s", "mid-May"). Only number tokens and
# tokens in this set are tried against the alternatives.
_HEADS = (
    frozenset(
        w
        for word in [
            *RELATIVE_DATE_HEADS,
            *UNITS,
            *TEENS,
            *TENS,
            *TIME_UNITS,
            *(u + "s" for u in TIME_UNITS),
            "centuries",
        ]
        for w in (word, word.capitalize())
    )
    | frozenset(
        w
        for name in [*MONTHS, *MONTH_ABBREVIATIONS, *WEEKDAYS]
        for w in (name, name + "’s", name + "'s")
    )
    | frozenset(m + name for name in MONTHS for m in ("mid-", "Mid-"))
)


def find_dates(text: str, tokens: Sequence[Token]) -> list[DateExpression]:
    """Date and time expressions in `text`, in order."""
    heads = _HEADS
    guards = _GUARDS
    candidates = [i for i, t in enumerate(tokens) if t.kind == "number" or t.text in heads]
    dates: list[DateExpression] = []
    covered = 0
    for i in candidates:
        token = tokens[i]
        if token.start < covered:
            continue
        t = token.text
        if t.isdecimal():
            # The commonest number, digits alone (no guard is written in digits).
            if _AFTER_DIGITS.match(text, token.end) is None:
                # No date starts with it; it may be a year on its own.
                if _is_bare_year(t) and token.kind == "number" and year_reading(text, tokens, i):
                    dates.append(DateExpression(token.start, token.end, t, "year", int(t)))
                continue
            m = _match(text, token.start)
        elif (guard := guards.get(t.lower())) is not None and (
            text[token.end : token.end + 1] not in _GUARD_GAP
            or guard.match(text, token.start) is None
        ):
            continue
        else:
            m = _match(text, token.start + 4 if t[:4].lower() == "mid-" else token.start)
        date = _read(text, tokens, i, m) if m is not None else None
        if date is not None:
            dates.append(date)
            covered = date.end
        elif token.kind == "number" and _is_bare_year(t) and year_reading(text, tokens, i):
            dates.append(DateExpression(token.start, token.end, t, "year", int(t)))
    return dates


def _is_bare_year(t: str) -> bool:
    """A four-digit number from 1900 to 2100."""
    return len(t) == 4 and t.isdigit() and 1900 <= int(t) <= 2100


def _read(
    text: str, tokens: Sequence[Token], index: int, m: re.Match[str]
) -> DateExpression | None:
    """The date expression a match stands for, or None when it is not one."""
    kind = m.lastgroup
    g = m.group
    span = (m.start(), m.end(), m.group())
    if kind == "iso":
        year, month, day = int(g("iy")), int(g("im")), int(g("id"))
        if 1 <= month <= 12 and 1 <= day <= 31:
            return DateExpression(*span, "date", year, month, day)
        return None
    if kind == "sl":
        return _slash_date(span, int(g("sa")), int(g("sb")), g("sy"))
    if kind == "mdy":
        return DateExpression(*span, "date", _int(g("y1")), _month(g("m1")), _day(g("d1")))
    if kind == "dmy":
        if span[2].endswith(".") and g("m2") in MONTHS:
            # "the 3rd of November." - the full stop ends the sentence, not an abbreviation.
            span = (span[0], span[1] - 1, span[2][:-1])
        return DateExpression(*span, "date", _int(g("y2")), _month(g("m2")), _day(g("d2")))
    if kind == "my":
        return DateExpression(*span, "date", int(g("y3")), _month(g("m3")))
    if kind == "mo":
        if g("mo") in AMBIGUOUS_MONTHS and not _month_context(text, tokens, index, m.start()):
            return None
        return DateExpression(*span, "date", None, MONTHS[g("mo")])
    if kind == "wd":
        return DateExpression(*span, "weekday")
    if kind == "dec":
        if g("ds") is not None:
            d = int(g("ds"))
            year = (2000 if d <= 2 else 1900) + 10 * d
        else:
            year = int(g("dcen")) * 100 + int(g("dd")) * 10
        return DateExpression(*span, "decade", year)
    return DateExpression(*span, "relative")


def _int(value: str | None) -> int | None:
    """An optional group's digits as an int."""
    return None if value is None else int(value)


def _month(name: str) -> int:
    """The number of a month name or abbreviation."""
    return MONTHS.get(name) or MONTH_ABBREVIATIONS[name]


def _day(day: str) -> int:
    """A day of the month without its ordinal suffix ("3rd" -> 3)."""
    return int(day.rstrip("stndrh"))


def _slash_date(span: tuple[int, int, str], a: int, b: int, y: str) -> DateExpression | None:
    """A/B/Y: month and day only when the order is clear (US or day-first)."""
    year = int(y) if len(y) == 4 else (2000 + int(y) if int(y) < 50 else 1900 + int(y))
    if not (1 <= a <= 31 and 1 <= b <= 31) or (a > 12 and b > 12):
        return None
    if a == b:
        return DateExpression(*span, "date", year, a, b)
    if a > 12:
        return DateExpression(*span, "date", year, b, a)
    if b > 12:
        return DateExpression(*span, "date", year, a, b)
    return DateExpression(*span, "date", year)


def _month_context(text: str, tokens: Sequence[Token], index: int, start: int) -> bool:
    """Whether an ambiguous month name (token `index`) follows a date word ("in May", "mid-May")."""
    if text[max(0, start - 4) : start].lower() == "mid-":
        return True
    i = index - 1
    if i < 0 or tokens[i].kind != "word":
        return False
    prev = tokens[i].text.lower()
    if prev in ("and", "or"):
        # "March and May": the word before the conjunction must be a month.
        return i >= 1 and tokens[i - 1].text in MONTHS
    return prev in MONTH_CONTEXT
