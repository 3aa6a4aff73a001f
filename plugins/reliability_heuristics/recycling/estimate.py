"""When was a text written? An interval estimated from the text itself.

Evidence is read from the shared analysis only (`doc.dates`, `doc.paragraphs`,
`doc.tokens`) and from `find_office_holders(doc)`:

- a **dateline** (a full date with a year at the start of a paragraph, alone
  or after a place: "Caracas, November 3, 2025") → written on that day or a
  few days after (two-sided, strong);
- a year or date marked as the **time of writing** ("Now, in 2025", "as of
  March 2016", "so far in 2016") → within that year or month (two-sided);
- any other year or date is **history** ("In May 2020, an invasion … was
  prevented") → written on or after its start (lower bound only); one in a
  sentence about the future ("will", "by 2030", "scheduled") is left out;
- a **copyright or "updated" line** ("© Copyright 2020") dates the page's
  rendering, not the writing: a footer is refreshed every year. It is kept
  as `render` evidence, reported, and never narrows the estimate;
- an **office-holder named in office** ("Secretary of State Mike Pompeo") →
  within the tenure (two-sided, strong); "former"/"then"/"late" titles, and
  titles in a sentence that also states a year, and a title after "as"
  ("recognised Guaidó as interim president"), only say the tenure had begun
  (lower bound); a title in an appositive ("Alexander Novak, Russia's energy
  minister,") counts as one before the name; untitled names are ignored
  (people outlive offices);
- **relative expressions** with no anchor ("Saturday", "last week", "last
  summer") imply nothing by themselves and are only counted.

`estimate(doc, today)` intersects the constraints. When they conflict, the
constraint in conflict with the most others is dropped, one at a time, until
the rest agree (robust to an outlier such as a misread future year). The
reading date `today` caps an open upper bound: nothing is written after it is
read. All dates are proleptic Gregorian ordinals (`date.toordinal()`).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence

import msgspec

from reliability.analysis import Analysis, DateExpression

from .tenures import OfficeMention, TenureTable, find_office_holders, fold

__all__ = [
    "Constraint",
    "Estimate",
    "clear_estimates",
    "estimate",
    "iso",
    "parse_partial",
]

# How much each kind of evidence weighs in the confidence.
WEIGHTS = {
    "dateline": 1.5,
    "writing-time": 1.0,
    "office": 0.8,
    "history": 0.25,
    "former-office": 0.3,
    "office-in-history": 0.2,
}
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
# Olympics", "2016 Democrats"): written about before they happen, so they date nothing.
_SCHEDULED = frozenset(
    {
        "race", "races", "election", "elections", "campaign", "campaigns", "cycle", "field",
        "candidate", "candidates", "contender", "contenders", "hopeful", "hopefuls",
        "primary", "primaries", "caucus", "caucuses", "ballot", "midterm", "midterms",
        "convention", "conventions", "nomination", "budget", "season", "olympics", "games",
        "census", "summit", "deadline", "target", "targets", "tournament", "cup", "fiscal",
        "democrats", "dems", "republicans", "gop", "ticket", "run", "bid", "debate", "debates",
    }
)  # fmt: skip
_COURTESY = frozenset(
    {"secretary", "governor", "gov", "senator", "sen", "ambassador", "general", "mayor"}
)
_RENDER_CUES = ("©", "copyright", "(c)", "updated", "last modified", "all rights reserved")
_PLACE_RE = re.compile(r"^[A-Z][\w’'.\- ]{0,40},$")


class Constraint(msgspec.Struct, frozen=True):
    """One piece of evidence: the interval it implies for the time of writing.

    `lo`/`hi` are ordinals (None: unbounded on that side). `kind` is one of
    the keys of `WEIGHTS` or `render` (which never enters the intersection).
    """

    kind: str
    start: int
    end: int
    text: str
    lo: int | None
    hi: int | None
    reason: str
    # Disjoint intervals the evidence allows ("Republican nominee Donald Trump":
    # 2016, 2024); `lo`/`hi` span them all until the other evidence picks one.
    alternatives: tuple[tuple[int, int | None], ...] = ()

    @property
    def weight(self) -> float:
        return WEIGHTS.get(self.kind, 0.0)


class Estimate(msgspec.Struct, frozen=True):
    """The estimated interval of writing, with the evidence behind it.

    `lo`/`hi` are ordinals or None when nothing bounds that side (`hi` is then
    capped at the reading date in `hi_capped`). `lo_by`/`hi_by` index the
    constraint that set each bound; `dropped` the constraints left out as
    outliers. `relative` counts relative expressions; `anchored` tells
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

    @property
    def found(self) -> bool:
        """Whether any constraint bounds the time of writing."""
        return self.lo is not None or self.hi is not None

    @property
    def anchored(self) -> bool:
        return bool(self.constraints)


def iso(ordinal: int | None) -> str:
    return "open" if ordinal is None else dt.date.fromordinal(ordinal).isoformat()


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


def _month_end(year: int, month: int) -> dt.date:
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def _span_of(year: int, month: int | None, day: int | None) -> tuple[int, int] | None:
    """The first and last day a date expression can mean, as ordinals."""
    try:
        if month is None:
            return dt.date(year, 1, 1).toordinal(), dt.date(year, 12, 31).toordinal()
        if day is None:
            return dt.date(year, month, 1).toordinal(), _month_end(year, month).toordinal()
        d = dt.date(year, month, day).toordinal()
        return d, d
    except ValueError:
        return None


def parse_partial(value: str) -> tuple[int, int] | None:
    """`YYYY`, `YYYY-MM` or `YYYY-MM-DD` → (first day, last day) as ordinals."""
    parts = value.strip()[:10].split("-")
    try:
        nums = [int(p) for p in parts if p]
    except ValueError:
        return None
    if not nums:
        return None
    return _span_of(nums[0], nums[1] if len(nums) > 1 else None, nums[2] if len(nums) > 2 else None)


def _folded_before(doc: Analysis, start: int, chars: int) -> str:
    """Folded text of the same line before `start`, at most `chars` characters."""
    lo = max(0, start - chars)
    line = doc.text[lo:start].rsplit("\n", 1)[-1]
    return " " + " ".join(line.casefold().split())


def _sentence_words(
    doc: Analysis, offset: int, skip: tuple[int, int] = (0, 0)
) -> tuple[int, int, frozenset[str]]:
    """The sentence around `offset` and its lower-cased words (those in `skip` left out)."""
    i = doc.sentence_index_at(offset)
    if i is None:
        return offset, offset, frozenset()
    s = doc.sentences[i]
    words = frozenset(
        t.text.casefold()
        for t in doc.tokens_in(s.start, s.end)
        if t.kind == "word" and not skip[0] <= t.start < skip[1]
    )
    return s.start, s.end, words


def _names_scheduled(doc: Analysis, date: DateExpression) -> bool:
    """Whether a bare year modifies a scheduled event or a term: "the 2016 race"."""
    if date.kind != "year":
        return False
    after = doc.tokens_in(date.end, min(len(doc.text), date.end + 40))
    words = [t.text.casefold() for t in after[:3] if t.kind == "word"]
    if not after or after[0].kind != "word" or doc.text[date.end : after[0].start] != " ":
        return False
    return bool(words) and (
        words[0] in _SCHEDULED or (len(words) > 1 and words[1] in _SCHEDULED and words[0] in
                                   ("presidential", "general", "democratic", "republican",
                                    "gop", "summer", "winter", "world", "midterm", "budget"))
    )  # fmt: skip


def _datelines(doc: Analysis) -> set[int]:
    """Starts of the dates that are datelines: one full date opening a paragraph.

    When several paragraphs open with a full date, they are a timeline or a
    listing, not the story's dateline.
    """
    found = {d.start for d in doc.dates if _is_dateline(doc, d)}
    return found if len(found) == 1 else set()


def _is_dateline(doc: Analysis, date: DateExpression) -> bool:
    if date.kind != "date" or date.year is None or date.month is None or date.day is None:
        return False
    for p in doc.paragraphs:
        if p.start <= date.start < p.end:
            head = doc.text[p.start : date.start]
            return head.strip() == "" or bool(_PLACE_RE.match(head.strip()))
    return False


def _date_constraints(
    doc: Analysis,
) -> tuple[list[Constraint], list[Constraint], Constraint | None]:
    constraints: list[Constraint] = []
    render: list[Constraint] = []
    dateline: Constraint | None = None
    datelines = _datelines(doc)
    for date in doc.dates:
        if date.year is None or date.kind not in ("date", "year"):
            continue
        bounds = _span_of(date.year, date.month, date.day)
        if bounds is None:
            continue
        lo, hi = bounds
        before = _folded_before(doc, date.start, 40)
        text = doc.text[date.start : date.end]
        if any(cue in before for cue in _RENDER_CUES):
            render.append(
                Constraint("render", date.start, date.end, text, lo, None,
                           "a copyright or update line dates the page's rendering, not the writing")
            )  # fmt: skip
            continue
        if date.start in datelines:
            c = Constraint("dateline", date.start, date.end, text, lo, hi + DATELINE_DAYS,
                           "a dateline: written on this day or just after")  # fmt: skip
            constraints.append(c)
            dateline = dateline or c
            continue
        near = _folded_before(doc, date.start, 24)
        if _NOW_RE.search(near):
            constraints.append(
                Constraint("writing-time", date.start, date.end, text, lo, hi,
                           "stated as the present: written within this period")
            )  # fmt: skip
            continue
        _, _, words = _sentence_words(doc, date.start, skip=(date.start, date.end))
        if words & _FUTURE_WORDS or _names_scheduled(doc, date):
            continue  # a plan, a forecast or a scheduled event dates nothing
        if date.day is not None:
            lo -= 1  # a day's date in another time zone may be the writer's yesterday
        constraints.append(
            Constraint("history", date.start, date.end, text, lo, None,
                       "an event told as past: written after it began")
        )  # fmt: skip
    return _drop_lone_future_year(constraints), render, dateline


def _drop_lone_future_year(constraints: list[Constraint]) -> list[Constraint]:
    """Leave out a bare history year standing a year or more past every other date.

    "a reelection fight in 2018" in a 2016 text reads as history to the
    tense-blind reader above; a lone latest year with nothing near it is more
    often a plan than the latest event.
    """
    history = [c for c in constraints if c.kind == "history" and c.lo is not None]
    if len(history) < 2:
        return constraints
    latest = max(history, key=lambda c: c.lo or 0)
    rest = [c.lo for c in history if c is not latest and c.lo is not None]
    if latest.lo is not None and max(rest) + 365 <= latest.lo and latest.text.isdigit():
        return [c for c in constraints if c is not latest]
    return constraints


def _office_constraints(doc: Analysis, table: TenureTable | None) -> list[Constraint]:
    by_span: dict[tuple[int, int], list[OfficeMention]] = {}
    for m in find_office_holders(doc, table):
        if m.titled:
            by_span.setdefault((m.start, m.end), []).append(m)
    year_sentences = {
        doc.sentence_index_at(d.start)
        for d in doc.dates
        if (d.year is not None and d.kind in ("date", "year")) or d.kind == "decade"
    }
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
        spans = _disjoint([(s[0], e[1] if e is not None else None) for s, e in tenures if s])
        alternatives = tuple(spans) if len(spans) > 1 else ()
        out.append(Constraint("office", start, end, text, min(starts), hi, reason, alternatives))
    return out


def _disjoint(intervals: list[tuple[int, int | None]]) -> list[tuple[int, int | None]]:
    """Overlapping or touching intervals merged; the rest kept apart, in order."""
    merged: list[tuple[int, int | None]] = []
    for lo, hi in sorted(intervals, key=lambda x: x[0]):
        if merged:
            last_lo, last_hi = merged[-1]
            if last_hi is None or lo <= last_hi + 1:
                top = None if last_hi is None or hi is None else max(last_hi, hi)
                merged[-1] = (last_lo, top)
                continue
        merged.append((lo, hi))
    return merged


def _choose_alternatives(constraints: tuple[Constraint, ...], today: int) -> tuple[Constraint, ...]:
    """Each constraint with alternatives narrowed to the one the rest of the evidence allows.

    The rest: every constraint without alternatives, and the reading date
    (nothing read today was written in a later term). When none or several
    alternatives fit, the constraint keeps spanning them all.
    """
    if not any(c.alternatives for c in constraints):
        return constraints
    plain = [i for i, c in enumerate(constraints) if not c.alternatives]
    lo, hi, _, _ = _intersect(constraints, plain)
    hi = today if hi is None else min(hi, today)
    out = []
    for c in constraints:
        if c.alternatives:
            fits = [
                (a, b)
                for a, b in c.alternatives
                if a <= hi and (lo is None or b is None or b >= lo)
            ]
            if len(fits) == 1:
                c = msgspec.structs.replace(c, lo=fits[0][0], hi=fits[0][1], alternatives=())
        out.append(c)
    return tuple(out)


# Evidence strong enough to turn an earlier office-holder's tenure into history.
_RELAXING = frozenset({"office", "dateline", "writing-time"})


def _relax_earlier_offices(
    constraints: tuple[Constraint, ...], used: Sequence[int], lo: int
) -> tuple[Constraint, ...]:
    """Offices whose tenure ended before `lo` kept as lower bounds only (the same tuple if none)."""
    earlier = {
        i for i in used if constraints[i].kind == "office" and (constraints[i].hi or lo) < lo
    }
    if not earlier:
        return constraints
    return tuple(
        msgspec.structs.replace(
            c,
            kind="office-in-history",
            hi=None,
            alternatives=(),
            reason=c.reason.replace("written during the tenure", "")
            + "held before other evidence dates the text: written after the tenure began",
        )
        if i in earlier
        else c
        for i, c in enumerate(constraints)
    )


def _badness(constraints: Sequence[Constraint], used: Sequence[int], i: int) -> tuple[int, float]:
    """How many others constraint i conflicts with; the lighter is worse on ties."""
    n = sum(_conflict(constraints[i], constraints[j]) for j in used if j != i)
    return n, -constraints[i].weight


def _conflict(a: Constraint, b: Constraint) -> bool:
    return (a.lo is not None and b.hi is not None and a.lo > b.hi) or (
        b.lo is not None and a.hi is not None and b.lo > a.hi
    )


def _intersect(
    cs: Sequence[Constraint], idx: Sequence[int]
) -> tuple[int | None, int | None, int | None, int | None]:
    lo = hi = lo_by = hi_by = None
    for i in idx:
        c = cs[i]
        if c.lo is not None and (lo is None or c.lo > lo):
            lo, lo_by = c.lo, i
        if c.hi is not None and (hi is None or c.hi < hi):
            hi, hi_by = c.hi, i
    return lo, hi, lo_by, hi_by


_CACHE_SIZE = 512
_cache: OrderedDict[tuple[str, dt.date, int, frozenset[str]], tuple[TenureTable | None, Estimate]]
_cache = OrderedDict()
_cache_lock = threading.Lock()


def estimate(
    doc: Analysis,
    today: dt.date,
    *,
    table: TenureTable | None = None,
    exclude: frozenset[str] = frozenset(),
) -> Estimate:
    """The interval in which `doc` was most likely written (see the module docstring).

    `exclude` leaves out constraint kinds (`dateline`, to test a dateline
    against the rest of the text). The estimate reads the text only, so it is
    kept (a bounded cache keyed by the text itself): every document of a
    story is estimated again as a peer of each of the others.
    """
    key = (doc.text, today, id(table), exclude)
    with _cache_lock:
        hit = _cache.get(key)
        if hit is not None and hit[0] is table:
            _cache.move_to_end(key)
            return hit[1]
    result = _estimate(doc, today, table, exclude)
    with _cache_lock:
        _cache[key] = (table, result)  # the table is kept so its id cannot be reused
        if len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return result


def clear_estimates() -> None:
    """Forget the kept estimates (for benchmarks that time the work itself)."""
    with _cache_lock:
        _cache.clear()


def _estimate(
    doc: Analysis, today: dt.date, table: TenureTable | None, exclude: frozenset[str]
) -> Estimate:
    dated, render, dateline = _date_constraints(doc)
    constraints = tuple(
        c for c in [*dated, *_office_constraints(doc, table)] if c.kind not in exclude
    )
    today_ord = today.toordinal()
    constraints = _choose_alternatives(constraints, today_ord)
    used = list(range(len(constraints)))
    dropped: list[int] = []
    while True:
        lo, hi, lo_by, hi_by = _intersect(constraints, used)
        if lo is None or hi is None or lo <= hi:
            break
        assert lo_by is not None
        if constraints[lo_by].kind in _RELAXING:
            # An office-holder of an earlier tenure beside later evidence ("a former
            # adviser to President George W. Bush" in a 2016 text) is told as history.
            relaxed = _relax_earlier_offices(constraints, used, lo)
            if relaxed is not constraints:
                constraints = relaxed
                continue

        # Drop the constraint in conflict with the most others (the lighter on ties).
        worst = max(used, key=lambda i: _badness(constraints, used, i))
        used.remove(worst)
        dropped.append(worst)
    weight = sum(constraints[i].weight for i in used)
    two_sided = any(constraints[i].hi is not None for i in used)
    confidence = (1 - math.exp(-weight)) * (1.0 if two_sided else 0.5)
    confidence *= 0.7 ** len(dropped)
    relative = tuple(
        d
        for d in doc.dates
        if d.kind in ("weekday", "relative") or (d.kind == "date" and d.year is None)
    )
    hi_capped = min(hi, today_ord) if hi is not None else today_ord
    if lo is not None and hi_capped < lo:
        hi_capped = lo
    return Estimate(
        lo=lo,
        hi=hi,
        hi_capped=hi_capped,
        confidence=round(confidence, 3),
        constraints=constraints,
        used=tuple(used),
        dropped=tuple(dropped),
        lo_by=lo_by,
        hi_by=hi_by,
        relative=relative,
        render=tuple(render),
        dateline=dateline if "dateline" not in exclude else None,
    )
