"""More evidence of the time of writing: named events, weekdays, relative times tied to a
date, ages.

- **Named events and names** (`data/events.tsv`: "the Paris attacks",
  "COVID-19", "ChatGPT") → written after the first day the name could be used
  (lower bound). A news text tells of events while they are recent, so an
  `event` also anchors the estimate's upper bound; a `name` ("Facebook") stays
  in use for years and does not. One constraint per row, at its first mention.
- **A weekday with a date of no year** ("Saturday, March 23", "March 23
  (Saturday)") → one of the years in which that day fell on that weekday; the
  text was written near that day (`WEEKDAY_BEFORE` days before to
  `WEEKDAY_AFTER` after). Each fitting year is an alternative; the rest of the
  evidence picks one; with no other evidence, the fitting years of the last
  years before the reading date bound the interval by themselves (see `era`).
- **A relative time tied to a date** ("last year, in 2015", "in 2012, four
  years ago", "this month (March 2016)", "yesterday, March 4, 2016") → the
  year, month, week or day of writing (two-sided).
- **An age with a year of birth** ("Smith, 43, was born in 1972"; "Juan Pérez,
  nacido en 1950, tiene 70 años"; "Hans Müller (70), geboren 1950") → written
  in the year the person turned that age or the next.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from reliability.analysis import WEEKDAYS, Analysis, DateExpression, read_table

from .constraints import Constraint, parse_partial, span_of

__all__ = [
    "EventRow",
    "age_constraints",
    "event_constraints",
    "load_events",
    "relative_constraints",
    "weekday_constraint",
    "weekday_constraints",
]

WEEKDAY_BEFORE = 30  # a weekday named with a date: the text written at most this long before
WEEKDAY_AFTER = 120  # ... or this long after
WEEKDAY_YEARS = 40  # fitting years looked at, back from the reading date

# (event, kind, alias, first day, last day it was current) as ordinals; the last day is
# None for a name and for an event still going on.
EventRow = tuple[str, str, str, int, int | None]


@lru_cache(maxsize=1)
def load_events() -> tuple[tuple[EventRow, ...], list[re.Pattern[str] | None]]:
    """The shipped events table: its rows (one per alias), and room for each alias's regex,
    compiled when a text first holds the alias's first letters (`_alias_regex`)."""
    body = read_table(Path(__file__).resolve().parent / "data" / "events.tsv", 5)
    rows: list[EventRow] = []
    for event, kind, aliases, date, _source in body:
        if kind not in ("event", "name"):
            raise ValueError(f"events.tsv: {event}: kind must be event or name, not {kind!r}")
        first, lasted, last = date.partition("..")
        day = parse_partial(first)
        end = parse_partial(last) if last else None
        if day is None or (last and end is None) or (lasted and kind != "event"):
            raise ValueError(f"events.tsv: {event}: bad date {date!r}")
        # An event is current from its first day to its last: its first when it had no
        # duration, none when it still goes on ("2022-02-24.."); a name is in use for years.
        until: int | None = None
        if kind == "event" and not lasted:
            until = day[0]
        elif kind == "event" and end is not None:
            until = end[1]
        rows.extend((event, kind, alias, day[0], until) for alias in aliases.split("|") if alias)
    return tuple(rows), [None] * len(rows)


def _alias_regex(i: int) -> re.Pattern[str]:
    """The regex of alias `i`, compiled on first use (most texts name few events)."""
    rows, patterns = load_events()
    pattern = patterns[i]
    if pattern is None:
        pattern = patterns[i] = re.compile(_alias_pattern(rows[i][2]))
    return pattern


def _alias_pattern(alias: str) -> str:
    """An alias as a regex: case kept, but a lower-case first letter may be a capital at a
    sentence start, and an acronym may be written in any case ("Covid")."""
    free_start = alias.startswith("*")
    open_end = alias.endswith("*")
    core = alias.strip("*")
    head, rest = core[0], core[1:]
    letters = "".join(ch for ch in core if ch.isalpha())
    if len(letters) >= 3 and letters.isupper():  # COVID, ISIS: "Covid", "covid" too
        body = "(?i:" + re.escape(core) + ")"
    else:
        first = f"[{head}{head.upper()}]" if head.isalpha() and head.islower() else ""
        body = (first or re.escape(head)) + re.escape(rest)
    left = "" if free_start else r"(?<![\w@#])"
    # In a script written without spaces the alias ends where its letters do ("新冠肺炎":
    # "新冠"); elsewhere a trailing `*` takes in the rest of the word ("коронавируса").
    right = "" if free_start else r"\w*" if open_end else r"(?![\w])"
    return left + body + right


def _lowered(text: str) -> str:
    """The text in lower case, offsets kept (a letter whose lower case is longer is kept)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    longer = {ord(c): "\x00" for c in set(text) if len(c.lower()) != 1}  # "İ" -> "i̇"
    return text.translate(longer).lower()


_KEY = 4  # aliases are looked up by their first characters


@lru_cache(maxsize=1)
def _index() -> tuple[re.Pattern[str], dict[str, list[int]], list[tuple[str, int]], list[str]]:
    """A regex finding where an alias may begin (a trie of them, in lower case, at a word
    start); the aliases by their first `_KEY` characters; those found anywhere, apart; each
    alias in lower case."""
    rows, _ = load_events()
    by_key: dict[str, list[int]] = {}
    anywhere: list[tuple[str, int]] = []
    trie: dict[str, dict] = {}
    needles = [row[2].strip("*").lower() for row in rows]
    for i, row in enumerate(rows):
        needle = needles[i]
        if row[2].startswith("*"):
            anywhere.append((needle, i))
            continue
        by_key.setdefault(needle[:_KEY], []).append(i)
        node = trie
        for ch in needle[:_KEY]:
            node = node.setdefault(ch, {})
    return re.compile(r"(?<![\w#@])" + _trie_pattern(trie)), by_key, anywhere, needles


def _trie_pattern(node: dict[str, dict]) -> str:
    """A regex matching any path from `node` to a leaf (common prefixes shared)."""
    alternatives = [re.escape(ch) + _trie_pattern(sub) for ch, sub in sorted(node.items())]
    if not alternatives:
        return ""
    return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"


def _mentions(text: str) -> list[tuple[int, int, int]]:
    """(start, end, row) of each alias met, the longest at each place, in order.

    Candidates are found where an alias's first characters begin a word (and,
    for scripts written without spaces, by a plain search); each is then
    checked against the alias's own pattern. Linear in the length of the text.
    """
    starts, by_key, anywhere, needles = _index()
    low = _lowered(text)
    found: dict[int, tuple[int, int]] = {}  # start -> (end, row)

    def check(i: int, at: int) -> None:
        if not low.startswith(needles[i], at):
            return  # the alias's own pattern needs these letters, in any case
        m = _alias_regex(i).match(text, at)
        if m is not None and (at not in found or m.end() > found[at][0]):
            found[at] = (m.end(), i)

    for w in starts.finditer(low):
        at = w.start()
        for n in range(1, _KEY + 1):
            for i in by_key.get(low[at : at + n], ()):
                check(i, at)
    for needle, i in anywhere:
        at = low.find(needle)
        while at >= 0:
            check(i, at)
            at = low.find(needle, at + 1)
    out: list[tuple[int, int, int]] = []
    covered = 0
    for start in sorted(found):
        end, i = found[start]
        if start >= covered:
            out.append((start, end, i))
            covered = end
    return out


def event_constraints(doc: Analysis) -> list[Constraint]:
    """The first mention of each named event or name of the table, as a lower bound."""
    rows, _ = load_events()
    seen: set[str] = set()
    out: list[Constraint] = []
    for start, end, i in _mentions(doc.text):
        event, kind, _alias, day, until = rows[i]
        if event in seen:
            continue
        seen.add(event)
        began = dt.date.fromordinal(day).isoformat()
        if kind == "name":
            reason = f"names {event}, in use since {began}"
        elif until is None:
            reason = f"names {event} (since {began}, still going on): written after it began"
        elif until > day:
            ended = dt.date.fromordinal(until).isoformat()
            reason = f"names {event} ({began} to {ended}): written after it began"
        else:
            reason = f"names {event} ({began}): written after it"
        # A day earlier: the writer's day may be a day behind the event's. News tells of
        # an event while it is current: `until` is its last day (see era.py).
        text = doc.text[start:end]
        out.append(Constraint(kind, start, end, text, day - 1, None, reason, (), until))
    return out


_WEEKDAY_NUMBER = {name.casefold(): i for i, name in enumerate(WEEKDAYS)}
_JOIN_AFTER_WEEKDAY = re.compile(r"^(?:,? ?\(?|, the )$")
_JOIN_AFTER_DATE = re.compile(r"^,? ?\($|^, $")


def _weekday_of(date: DateExpression) -> int | None:
    for word in date.text.replace("’", " ").replace("'", " ").split():
        number = _WEEKDAY_NUMBER.get(word.casefold())
        if number is not None:
            return number
    return None


def weekday_constraints(doc: Analysis, today: dt.date) -> list[Constraint]:
    """A weekday next to a date of no year: the years in which that day was that weekday."""
    out: list[Constraint] = []
    dates = doc.dates
    for a, b in itertools.pairwise(dates):
        join = doc.text[a.end : b.start]
        if a.kind == "weekday" and _JOIN_AFTER_WEEKDAY.match(join):
            weekday, date = _weekday_of(a), b
        elif b.kind == "weekday" and _JOIN_AFTER_DATE.match(join):
            weekday, date = _weekday_of(b), a
        else:
            continue
        if weekday is None or date.kind != "date" or date.year is not None:
            continue
        if date.month is None or date.day is None:
            continue
        start, end = min(a.start, b.start), max(a.end, b.end)
        c = weekday_constraint(doc.text, start, end, date.month, date.day, weekday, today)
        if c is not None:
            out.append(c)
    return out


def weekday_constraint(
    text: str, start: int, end: int, month: int, day: int, weekday: int, today: dt.date
) -> Constraint | None:
    """The soft constraint of a weekday (0: Monday) named with a day of no year at
    `text[start:end]`: one alternative per year, up to `WEEKDAY_YEARS` back from `today`,
    in which that day fell on that weekday (None when there is none)."""
    alternatives = []
    for year in range(today.year - WEEKDAY_YEARS, today.year + 2):
        try:
            named = dt.date(year, month, day)
        except ValueError:
            continue
        if named.weekday() == weekday:
            d = named.toordinal()
            alternatives.append((d - WEEKDAY_BEFORE, d + WEEKDAY_AFTER))
    if not alternatives:
        return None
    years = ", ".join(str(dt.date.fromordinal(lo + WEEKDAY_BEFORE).year) for lo, _ in
                      alternatives[-3:])  # fmt: skip
    reason = f"the weekday fits the date in {years} (among others): written near one of them"
    return Constraint("weekday", start, end, text[start:end], alternatives[0][0],
                      alternatives[-1][1], reason, tuple(alternatives))  # fmt: skip


_COUNTS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_DEICTIC = re.compile(
    r"^(?:(?P<when>earlier this|later this|last|this|next|past)\s+(?P<unit>year|month|week)"
    r"|(?P<count>\w+)\s+(?P<units>years|year|months|month)\s+ago"
    r"|(?P<day>yesterday|today|tomorrow))$"
)
_OFFSET = {"earlier this": 0, "later this": 0, "this": 0, "last": 1, "past": 1, "next": -1}
_JOIN_AFTER_RELATIVE = re.compile(r"^\s*(?:[,(–—-]\s*)?(?:(?:in|of|on)\s+)?$")
_JOIN_AFTER_DATED = re.compile(r"^\s*[,(–—-]\s*$")


def _reading(relative: DateExpression) -> tuple[str, int] | None:
    """("year" | "month" | "week" | "day", how many units before the time of writing)."""
    m = _DEICTIC.match(" ".join(relative.text.casefold().split()))
    if m is None:
        return None
    if m.group("day"):
        return "day", {"yesterday": 1, "today": 0, "tomorrow": -1}[m.group("day")]
    if m.group("unit"):
        return m.group("unit"), _OFFSET[m.group("when")]
    count = m.group("count")
    n = _COUNTS.get(count) if not count.isdigit() else int(count)
    if n is None or not 0 < n <= 60:
        return None
    return m.group("units").rstrip("s"), n


def _writing_interval(unit: str, back: int, date: DateExpression) -> tuple[int, int] | None:
    """The interval of writing a relative time `back` units before `date` implies."""
    if date.year is None:
        return None
    if unit == "year":
        return span_of(date.year + back, None, None)
    if date.month is None:
        return None
    if unit == "month":
        index = date.year * 12 + date.month - 1 + back
        year, month = divmod(index, 12)
        return span_of(year, month + 1, None)
    if date.day is None:
        return None
    day = span_of(date.year, date.month, date.day)
    if day is None:
        return None
    if unit == "week":
        return day[0] + 7 * back - 6, day[0] + 7 * back + 6
    return day[0] + back, day[0] + back


def relative_constraints(doc: Analysis) -> list[Constraint]:
    """ "last year, in 2015" and the like: the time of writing, from a relative time and a date."""
    out: list[Constraint] = []
    dates = doc.dates
    for a, b in itertools.pairwise(dates):
        join = doc.text[a.end : b.start]
        if a.kind == "relative" and b.kind in ("date", "year"):
            relative, dated = a, b
            if not _JOIN_AFTER_RELATIVE.match(join):
                continue
        elif b.kind == "relative" and a.kind in ("date", "year"):
            relative, dated = b, a
            if not _JOIN_AFTER_DATED.match(join):
                continue
        else:
            continue
        reading = _reading(relative)
        interval = _writing_interval(*reading, dated) if reading else None
        if interval is None:
            continue
        start, end = a.start, b.end
        reason = f"“{relative.text}” is {dated.text}: written within that {reading[0]}"  # type: ignore[index]
        out.append(
            Constraint("writing-time", start, end, doc.text[start:end], interval[0], interval[1],
                       reason, (), interval[1])
        )  # fmt: skip
    return out


# An age: "43-year-old", "Smith, 43,", "aged 43"; in other languages "88 ans", "70 años",
# "70 Jahre", "70-jährige", "70 лет", "(70)" after a name.
_AGE_RE = re.compile(
    r"(?<![\w])(\d{1,3})-year-old(?![\w])|, (\d{1,3}),(?= )|\baged? (\d{1,3})\b"
    r"|(?<![\w])(\d{1,3})(?:[ \xa0](?:ans|años|anni|anos|Jahre|jaar|år|lat|éves|yaşında"
    r"|лет|года|год|років|роки|рік)|-(?:jährige[rn]?|jarige|årige?|летн\w*|річн\w*))(?![\w])"
    r"|(?<=\w )\((\d{1,3})\)"
)
# Words that make the year after them a year of birth, in English and other languages.
_BORN_RE = re.compile(
    r"(?:\bborn(?: (?:in|on))?|\bn[ée]e? (?:en|le)|\bnacid[oa] (?:en|el)|\bnaci[óo] (?:en|el)"
    r"|\bnat[oa] (?:nel|il)|\bnascid[oa] (?:em|a)|\bnasceu em|\bgeboren(?: (?:am|im|op|in))?"
    r"|\bродил(?:ся|ась)(?: в)?|\bнародил(?:ся|ася)(?: у| в)?|\burodzon[ya](?: w)?"
    r"|\burodził(?:a)? się(?: w)?|\bszületett|\bföd(?:d|de)(?: år)?|\bnăscut(?:ă)? (?:în|la))"
    r"\s*$",
    re.IGNORECASE,
)
_BORN_BEFORE = 24  # characters before a year looked at for a word of birth


def age_constraints(
    doc: Analysis, dates: Sequence[DateExpression] | None = None
) -> list[Constraint]:
    """An age and a year of birth in one sentence: written when the person had that age.

    `dates` are the text's dates (by default the shared analysis's; `dates_with_years`
    adds those written in other languages: "né le 3 mars 1932").
    """
    out: list[Constraint] = []
    for date in doc.dates if dates is None else dates:
        if date.year is None or date.kind not in ("date", "year"):
            continue
        if not _BORN_RE.search(doc.text[max(0, date.start - _BORN_BEFORE) : date.start]):
            continue
        i = doc.sentence_index_at(date.start)
        if i is None:
            continue
        sentence = doc.sentences[i]
        ages = list(_ages(doc.text, sentence.start, sentence.end))
        if len(ages) != 1:
            continue  # none, or several people's ages: which is whose?
        age, a_start, a_end = ages[0]
        lo_hi = span_of(date.year + age, None, None)
        if lo_hi is None:
            continue
        start, end = min(a_start, date.start), max(a_end, date.end)
        hi = dt.date(date.year + age + 1, 12, 31).toordinal()
        reason = f"aged {age}, born in {date.year}: written in {date.year + age} or the year after"
        out.append(Constraint("age", start, end, doc.text[start:end], lo_hi[0], hi, reason, (), hi))
    return out


def _ages(text: str, start: int, end: int) -> Iterable[tuple[int, int, int]]:
    for m in _AGE_RE.finditer(text, start, end):
        group = next(g for g in (1, 2, 3, 4, 5) if m.group(g) is not None)
        age = int(m.group(group))
        # "70 años", "(70)": the unit or the brackets belong to the age.
        at = (m.start(), m.end()) if group >= 4 else (m.start(group), m.end(group))
        if 1 <= age <= 110:
            yield age, *at
