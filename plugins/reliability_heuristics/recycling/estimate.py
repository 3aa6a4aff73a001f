"""When was a text written? An interval estimated from the text itself.

Evidence is read from the shared analysis (`doc.dates`, `doc.paragraphs`,
`doc.tokens`), from `find_office_holders(doc)` and, for named events, from the
text itself:

- a **dateline** (a full date with a year at the start of a paragraph, alone
  or after a place: "Caracas, November 3, 2025") → written on that day or a
  few days after (two-sided, strong);
- a year or date marked as the **time of writing** ("Now, in 2025", "as of
  March 2016", "so far in 2016") → within that year or month (two-sided);
- any other year or date is **history** ("In May 2020, an invasion … was
  prevented") → written on or after its start (lower bound only); one in a
  sentence about the future ("will", "by 2030", "scheduled"; in other
  languages the words of `data/future_cues.tsv`: "será", "wird", "будет") is
  left out, and so is a lone bare year a year or more past every other (more
  often a plan), unless it ends a span in brackets (a life span, "Jane Doe
  (1932–2020)": told as past). Dates in other languages and numeric forms
  ("3 décembre 2020", "27.08.2020", "2020年7月1日") and the year of figures
  ("2018 figures show") are read by `dates`;
- a **copyright or "updated" line** ("© Copyright 2020") dates the page's
  rendering, not the writing: a footer is refreshed every year. It is kept
  as soft `render` evidence, a weak upper bound of the reported interval only;
- a year naming a **scheduled event** ("the 2016 race", "the 2020 Olympics")
  is soft `scheduled` evidence: written in the two years before it or the
  year after (a year naming a target or a budget dates nothing);
- **named events** ("the Paris attacks"), **relative times tied to a date**
  ("last year, in 2015"), **ages with a year of birth** and **weekdays with a
  date of no year** ("Saturday, March 23"): see `evidence` (and `weekdays`
  for other languages: "mercredi 4 novembre"); the **age of a
  well-known person** ("Sanders, 74,"): see `births`;
- an **office-holder named in office** ("Secretary of State Mike Pompeo") →
  within the tenure (two-sided, strong); "former"/"then"/"late" titles, and
  titles in a sentence that also states a year, and a title after "as"
  ("recognised Guaidó as interim president"), only say the tenure had begun
  (lower bound); a title in an appositive ("Alexander Novak, Russia's energy
  minister,") counts as one before the name; untitled names are ignored
  (people outlive offices), but a **description** of an office ("the
  Republican nominee", "the former secretary of state") stands for the one
  person named in the text who held it (see `descriptions`); one named as
  **elected, not yet in office** ("President-elect Joe Biden", "избранный
  президент Майя Санду") → in the months before the tenure began (see `elect`);
- **relative expressions** with no anchor ("Saturday", "last week", "last
  summer") imply nothing by themselves and are only counted.

`estimate(doc, today)` intersects the constraints (`lo`/`hi`: the bounds the
evidence itself sets, possibly on one side only). When they conflict, the
constraint in conflict with the most others is dropped until the rest agree
(robust to an outlier such as a misread future year; see `resolve`). The
reported interval `start`/`end` is always two-sided when there is any
evidence: soft evidence and the recency of news close it (see `era`), and the
reading date `today` caps it: nothing is written after it is read. All dates
are proleptic Gregorian ordinals (`date.toordinal()`).
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import re
from collections.abc import Sequence
from functools import lru_cache
from itertools import repeat
from pathlib import Path

import msgspec

from reliability.analysis import Analysis, DateExpression, read_table

from .births import age_of_known_people
from .constraints import Constraint, iso, iso_or_none, parse_partial, span_of
from .dates import dates_with_years
from .descriptions import description_constraints
from .elect import elect_constraints
from .era import two_sided
from .evidence import age_constraints, event_constraints, relative_constraints, weekday_constraints
from .offices import OfficeMention, find_office_holders
from .resolve import choose_alternatives, disjoint, resolve
from .tenures import TenureTable, fold, load_tenures
from .weekdays import other_weekday_constraints

__all__ = [
    "Constraint",
    "Estimate",
    "estimate",
    "in_words",
    "iso",
    "iso_or_none",
    "parse_partial",
]

DATELINE_DAYS = 3  # a dateline dates the writing to within a few days

# Words straight before a year that make it the present: "Now, in 2025", "so far in 2016".
_NOW_RE = re.compile(r"(?<![\w])(?:now|currently|today|so far|as of now)[ ,]+(?:in|of)?[ ]*$")
_FUTURE_WORDS = frozenset(
    {
        "will", "would", "plans", "plan", "planned", "scheduled", "expected", "expects",
        "target", "targets", "goal", "projected", "forecast", "upcoming",
        "next", "ahead", "deadline", "aims", "aim", "intends", "might",
        "hope", "hopes", "facing", "ballot", "nomination", "reelection", "re-election",
    }
)  # fmt: skip
# Nouns a year names as a scheduled event or a term ("the 2016 race", "the 2028
# Olympics", "2016 Democrats"): written about before they happen, so no lower bound.
# Those in _NEAR are written about in the years around them (soft evidence); targets,
# budgets and deadlines are set far ahead and date nothing.
_NEAR = frozenset(
    {
        "race", "races", "election", "elections", "campaign", "campaigns", "cycle", "field",
        "candidate", "candidates", "contender", "contenders", "hopeful", "hopefuls",
        "primary", "primaries", "caucus", "caucuses", "ballot", "midterm", "midterms",
        "convention", "conventions", "nomination", "season", "olympics", "games",
        "summit", "tournament", "cup",
        "democrats", "dems", "republicans", "gop", "ticket", "run", "bid", "debate", "debates",
    }
)  # fmt: skip
_SCHEDULED = _NEAR | {"budget", "census", "deadline", "target", "targets", "fiscal"}
SCHEDULED_BEFORE = 2  # years before a scheduled event that a text names it
SCHEDULED_AFTER = 1  # ... and after
_COURTESY = frozenset(
    {"secretary", "governor", "gov", "senator", "sen", "ambassador", "general", "mayor"}
)
_RENDER_CUES = ("©", "copyright", "(c)", "updated", "last modified", "all rights reserved")
_PLACE_RE = re.compile(r"^[A-Z][\w’'.\- ]{0,40},$")


class Estimate(msgspec.Struct, frozen=True):
    """The estimated interval of writing, with the evidence behind it.

    `lo`/`hi` are the bounds the evidence sets, ordinals or None when nothing
    bounds that side (`hi` is then capped at the reading date in `hi_capped`);
    they alone may flag an anachronism. `start`/`end` close them (see `era`).
    `lo_by`/`hi_by` index the constraint that set each bound; `dropped` the
    constraints left out as outliers. `relative` counts relative expressions; `anchored` tells
    whether any absolute year or date (history included) was found.
    """

    lo: int | None
    hi: int | None
    hi_capped: int
    confidence: float
    constraints: tuple[Constraint, ...]
    used: tuple[int, ...]
    dropped: tuple[int, ...]
    lo_by: int | None
    hi_by: int | None
    relative: tuple[DateExpression, ...]
    render: tuple[Constraint, ...]
    dateline: Constraint | None
    # The reported interval, two-sided whenever there is any evidence (soft
    # readings and the recency of news included), what set each side, and the
    # soft evidence looked at (copyright lines, scheduled events, weekdays).
    start: int | None = None
    end: int | None = None
    start_by: Constraint | None = None
    end_by: Constraint | None = None
    soft: tuple[Constraint, ...] = ()

    @property
    def found(self) -> bool:
        """Whether any evidence bounds the time of writing (then `start` and `end` are set)."""
        return self.start is not None or self.lo is not None or self.hi is not None

    @property
    def anchored(self) -> bool:
        return bool(self.constraints)


def in_words(lo: int | None, hi: int | None) -> str:
    """An interval of days for a sentence: "between 2025-02-05 and 2025-12-31", "on …", "by …"."""
    if lo is not None and lo == hi:
        return f"on {iso(lo)}"
    if lo is None and hi is None:
        return "at an unknown date"
    if lo is None:
        return f"by {iso(hi)}"
    if hi is None:
        return f"on or after {iso(lo)}"
    return f"between {iso(lo)} and {iso(hi)}"


def _folded_before(doc: Analysis, start: int, chars: int) -> str:
    """Folded text of the same line before `start`, at most `chars` characters."""
    lo = max(0, start - chars)
    line = doc.text[lo:start].rsplit("\n", 1)[-1]
    return " " + " ".join(line.casefold().split())


@lru_cache(maxsize=1)
def _future_cues() -> tuple[frozenset[str], tuple[str, ...]]:
    """The future words (English, and those of `data/future_cues.tsv`), and the word endings."""
    body = read_table(Path(__file__).resolve().parent / "data" / "future_cues.tsv", 2)
    cues = [c.casefold() for _, row in body for c in row.split("|") if c]
    return (
        _FUTURE_WORDS | {c for c in cues if not c.startswith("-")},
        tuple(c[1:] for c in cues if c.startswith("-")),
    )


def _is_future(word: str) -> bool:
    """Whether a word (in lower case) puts its sentence in the future, in any language read."""
    words, endings = _future_cues()
    return word in words or (len(word) >= 4 and word.endswith(endings))


class _FutureCues:
    """Where each sentence holds a word of the future ("will", "plans"), found once a sentence.

    A text with many dates in one sentence (a table, a list of numbers) would
    otherwise read that sentence once per date.
    """

    def __init__(self, doc: Analysis) -> None:
        self._doc = doc
        self._starts: dict[int, list[int]] = {}

    def near(self, date: DateExpression) -> bool:
        """Whether the sentence of `date` holds a future word outside the date itself."""
        doc = self._doc
        i = doc.sentence_index_at(date.start)
        if i is None:
            return False
        starts = self._starts.get(i)
        if starts is None:
            starts = self._starts[i] = self._find(i)
        inside = bisect.bisect_left(starts, date.end) - bisect.bisect_left(starts, date.start)
        return len(starts) > inside

    def _find(self, i: int) -> list[int]:
        """The starts of the future words of sentence `i`."""
        doc = self._doc
        s = doc.sentences[i]
        folded = doc.folded
        lo = bisect.bisect_left(folded.starts, s.start)
        hi = bisect.bisect_left(folded.starts, s.end)
        words, endings = _future_cues()
        lowered = folded.words[lo:hi]
        if words.isdisjoint(lowered) and not any(map(str.endswith, lowered, repeat(endings))):
            return []  # the common case, decided without a loop over the words
        tokens = doc.tokens
        return [
            tokens[k].start
            for k in range(lo, hi)
            if tokens[k].end <= s.end
            and tokens[k].kind == "word"
            and _is_future(tokens[k].text.casefold())
        ]


def _names_scheduled(doc: Analysis, date: DateExpression) -> str | None:
    """The noun when a bare year modifies a scheduled event or a term: "the 2016 race"."""
    if date.kind != "year":
        return None
    after = doc.tokens_in(date.end, min(len(doc.text), date.end + 40))
    words = [t.text.casefold() for t in after[:3] if t.kind == "word"]
    if not after or after[0].kind != "word" or doc.text[date.end : after[0].start] != " ":
        return None
    if words and words[0] in _SCHEDULED:
        return words[0]
    if len(words) > 1 and words[1] in _SCHEDULED and words[0] in (
        "presidential", "general", "democratic", "republican", "gop", "summer", "winter",
        "world", "midterm", "budget", "commonwealth", "olympic", "paralympic", "asian",
        "european", "african", "pan",
    ):  # fmt: skip
        return words[1]
    return None


def _datelines(doc: Analysis, dates: Sequence[DateExpression]) -> set[int]:
    """Starts of the dates that are datelines: one full date opening a paragraph.

    When several paragraphs open with a full date, they are a timeline or a
    listing, not the story's dateline.
    """
    starts = [p.start for p in doc.paragraphs]
    found = {d.start for d in dates if _is_dateline(doc, d, starts)}
    return found if len(found) == 1 else set()


def _is_dateline(doc: Analysis, date: DateExpression, starts: list[int]) -> bool:
    if date.kind != "date" or date.year is None or date.month is None or date.day is None:
        return False
    i = bisect.bisect_right(starts, date.start) - 1
    if i < 0 or date.start >= doc.paragraphs[i].end:
        return False
    head = doc.text[starts[i] : date.start]
    return head.strip() == "" or bool(_PLACE_RE.match(head.strip()))


def _date_constraints(
    doc: Analysis, dates: Sequence[DateExpression]
) -> tuple[list[Constraint], list[Constraint], list[Constraint], Constraint | None]:
    """Constraints from the text's dates: (evidence, render lines, scheduled events, dateline)."""
    constraints: list[Constraint] = []
    render: list[Constraint] = []
    scheduled: list[Constraint] = []
    dateline: Constraint | None = None
    datelines = _datelines(doc, dates)
    future = _FutureCues(doc)
    for date in dates:
        if date.year is None or date.kind not in ("date", "year"):
            continue
        bounds = span_of(date.year, date.month, date.day)
        if bounds is None:
            continue
        lo, hi = bounds
        before = _folded_before(doc, date.start, 40)
        text = doc.text[date.start : date.end]
        if any(cue in before for cue in _RENDER_CUES):
            render.append(
                Constraint("render", date.start, date.end, text, None, hi,
                           "a copyright or update line dates the page's rendering, not the "
                           "writing: written by then")
            )  # fmt: skip
            continue
        if date.start in datelines:
            c = Constraint("dateline", date.start, date.end, text, lo, hi + DATELINE_DAYS,
                           "a dateline: written on this day or just after", (), hi)  # fmt: skip
            constraints.append(c)
            dateline = dateline or c
            continue
        near = _folded_before(doc, date.start, 24)
        if _NOW_RE.search(near):
            constraints.append(
                Constraint("writing-time", date.start, date.end, text, lo, hi,
                           "stated as the present: written within this period", (), hi)
            )  # fmt: skip
            continue
        noun = _names_scheduled(doc, date)
        if noun in _NEAR and date.year is not None:
            scheduled.append(
                Constraint("scheduled", date.start, date.end, text,
                           dt.date(date.year - SCHEDULED_BEFORE, 1, 1).toordinal(),
                           dt.date(date.year + SCHEDULED_AFTER, 12, 31).toordinal(),
                           f"names the {date.year} {noun}: written in the years around it")
            )  # fmt: skip
            continue
        if noun or future.near(date):
            continue  # a plan, a forecast or a scheduled event dates nothing
        if date.day is not None:
            lo -= 1  # a day's date in another time zone may be the writer's yesterday
        constraints.append(
            Constraint("history", date.start, date.end, text, lo, None,
                       "an event told as past: written after it began", (), hi)
        )  # fmt: skip
    return _drop_lone_future_year(doc.text, constraints), render, scheduled, dateline


# A life span or a term in brackets, "(1932–2020)", "(* 1932, † 2020)": its last year
# is told as past. A range of a year or two ("(2019-2020)") may be a season to come.
_SPAN_START = re.compile(r"[(（]\s?(?:\*\s?)?(?P<y>(?:1[89]|2[01])\d\d)\s?(?:[-–—]|,?\s?†)\s?\Z")
_SPAN_END = re.compile(r"\s?[)）]")


def _ends_span(text: str, c: Constraint) -> bool:
    """Whether the year of `c` ends a span of years in brackets: "Jane Doe (1932–2020)"."""
    head = _SPAN_START.search(text, max(0, c.start - 14), c.start)
    return (
        head is not None
        and bool(_SPAN_END.match(text, c.end))
        and (int(head["y"]) + 2 <= int(c.text))
    )


def _drop_lone_future_year(text: str, constraints: list[Constraint]) -> list[Constraint]:
    """Leave out a bare history year standing a year or more past every other date.

    "a reelection fight in 2018" in a 2016 text reads as history to the
    tense-blind reader above; a lone latest year with nothing near it is more
    often a plan than the latest event. The last year of a span in brackets
    (a life span, "Jane Doe (1932–2020)", or a term) is told as past and kept.
    """
    history = [c for c in constraints if c.kind == "history" and c.lo is not None]
    if len(history) < 2:
        return constraints
    latest = max(history, key=lambda c: c.lo or 0)
    rest = [c.lo for c in history if c is not latest and c.lo is not None]
    lone = latest.lo is not None and max(rest) + 365 <= latest.lo and latest.text.isdigit()
    if lone and not _ends_span(text, latest):
        return [c for c in constraints if c is not latest]
    return constraints


def _office_constraints(
    doc: Analysis,
    table: TenureTable | None,
    dates: Sequence[DateExpression],
    keys: Sequence[str],
) -> list[Constraint]:
    """Office-holders named with a title, or described ("the GOP nominee": `descriptions`)."""
    mentions = find_office_holders(doc, table, keys)
    year_sentences = {
        doc.sentence_index_at(d.start)
        for d in dates
        if (d.year is not None and d.kind in ("date", "year")) or d.kind == "decade"
    }
    described = description_constraints(doc, table or load_tenures(), mentions, year_sentences)
    return _titled_constraints(doc, mentions, year_sentences) + described


def _titled_constraints(
    doc: Analysis, mentions: Sequence[OfficeMention], year_sentences: set[int | None]
) -> list[Constraint]:
    by_span: dict[tuple[int, int], list[OfficeMention]] = {}
    for m in mentions:
        if m.titled:
            by_span.setdefault((m.start, m.end), []).append(m)
    out: list[Constraint] = []
    for (start, end), ms in by_span.items():
        tenures = [
            (parse_partial(m.tenure.start), parse_partial(m.tenure.end) if m.tenure.end else None)
            for m in ms
        ]
        starts = [s[0] for s, _ in tenures if s is not None]
        if not starts:
            continue
        ends = [e[1] if e is not None else None for s, e in tenures]
        title = fold(doc.text[ms[0].title_start or start : ms[0].title_end or start])
        text = doc.text[start:end]
        who = ms[0].tenure.person
        # A bare one-word title ("Secretary Clinton") is often kept as a courtesy after office.
        courtesy = len(title.split()) == 1 and title in _COURTESY
        if ms[0].former or "then" in title.split() or "late" in title.split():
            closed = [e for e in ends if e is not None]
            lo = min(closed) if closed else min(starts)
            reason = f"{who} named as having held the office: written after a tenure ended"
            out.append(Constraint("former-office", start, end, text, lo, None, reason))
            continue
        if ms[0].form == "as":
            # "recognised Guaidó as interim president" may tell of a role of the past.
            reason = f"{who} named as holding the office: written after a tenure began"
            out.append(Constraint("office-in-history", start, end, text, min(starts), None, reason))
            continue
        if courtesy or doc.sentence_index_at(start) in year_sentences:
            reason = f"{who} titled in a dated passage or by courtesy: written after a tenure began"
            out.append(Constraint("office-in-history", start, end, text, min(starts), None, reason))
            continue
        hi = None if any(e is None for e in ends) else max(e for e in ends if e is not None)
        reason = f"{who} named in office: written during the tenure"
        spans = disjoint([(s[0], e[1] if e is not None else None) for s, e in tenures if s])
        alternatives = tuple(spans) if len(spans) > 1 else ()
        out.append(Constraint("office", start, end, text, min(starts), hi, reason, alternatives))
    return out


def estimate(
    doc: Analysis,
    today: dt.date,
    *,
    table: TenureTable | None = None,
    exclude: frozenset[str] = frozenset(),
) -> Estimate:
    """The interval in which `doc` was most likely written (see the module docstring).

    `exclude` leaves out constraint kinds (`dateline`, to test a dateline
    against the rest of the text). The heuristic keeps estimates in the
    engine's story memo, so each document of a story is estimated once.
    """
    return _estimate(doc, today, table, exclude)


def _estimate(
    doc: Analysis, today: dt.date, table: TenureTable | None, exclude: frozenset[str]
) -> Estimate:
    dates = dates_with_years(doc)
    dated, render, scheduled, dateline = _date_constraints(doc, dates)
    keys = [fold(n.text) for n in doc.names]  # each name folded once, for both tables
    found = [
        *dated,
        *_office_constraints(doc, table, dates, keys),
        *elect_constraints(doc, table or load_tenures()),
        *event_constraints(doc),
        *relative_constraints(doc),
        *age_constraints(doc, dates),
        *age_of_known_people(doc, keys),
    ]
    today_ord = today.toordinal()
    constraints = choose_alternatives(tuple(c for c in found if c.kind not in exclude), today_ord)
    r = resolve(constraints)
    constraints, used, lo, hi = r.constraints, r.used, r.lo, r.hi
    weight = sum(constraints[i].weight for i in used)
    two_sided_evidence = any(constraints[i].hi is not None for i in used)
    confidence = (1 - math.exp(-weight)) * (1.0 if two_sided_evidence else 0.5)
    confidence *= 0.7 ** len(r.dropped)
    relative = tuple(
        d
        for d in doc.dates
        if d.kind in ("weekday", "relative") or (d.kind == "date" and d.year is None)
    )
    hi_capped = min(hi, today_ord) if hi is not None else today_ord
    if lo is not None and hi_capped < lo:
        hi_capped = lo
    weekdays = [*weekday_constraints(doc, today), *other_weekday_constraints(doc, today)]
    soft = [c for c in [*render, *scheduled, *weekdays] if c.kind not in exclude]
    era = two_sided(
        lo,
        hi,
        None if r.lo_by is None else constraints[r.lo_by],
        None if r.hi_by is None else constraints[r.hi_by],
        [constraints[i] for i in used],
        soft,
        today_ord,
    )
    return Estimate(
        lo=lo,
        hi=hi,
        hi_capped=hi_capped,
        confidence=round(confidence, 3),
        constraints=constraints,
        used=used,
        dropped=r.dropped,
        lo_by=r.lo_by,
        hi_by=r.hi_by,
        relative=relative,
        render=tuple(render),
        dateline=dateline if "dateline" not in exclude else None,
        start=era.start,
        end=era.end,
        start_by=era.start_by,
        end_by=era.end_by,
        soft=tuple(soft),
    )
