"""The two-sided interval of writing: the evidence's bounds, closed by soft readings.

The evidence (`estimate`) may bound the time of writing on one side only
("in 2012": on or after 2012-01-01). The interval reported is always closed
when there is any evidence:

1. soft evidence that never flags an anachronism narrows it when it agrees
   with the evidence: a copyright or "updated" line (the page was rendered by
   then), a year naming a scheduled event ("the 2016 race": written in the
   years around it);
2. an upper bound the evidence leaves open (or a soft one) is closed
   `RECENCY_DAYS` after the latest dated
   evidence (news tells of recent events: the last day of the latest year,
   month or day the text names as past, a named event, a dateline, a stated
   present, an age) when that is sooner; with no such evidence, when that
   evidence is a bare year named only once (background as often as news: see
   `_thin`), or when the lower bound lies later still (an office-holder still
   in office, a name in use for years), at the reading date;
3. an open lower bound is opened `RECENCY_DAYS` before the upper one;
4. a weekday named with a date of no year picks the fitting year: when the
   evidence leaves the upper bound open and the lower bound is dated evidence
   (not a name in use for years, a tenure or a title), the first after the
   lower bound (before step 2: news tells of recent days); otherwise the one
   fitting year the interval allows. The interval narrows to the days around
   that date;
5. with no other evidence at all, weekdays named with a date of no year
   ("mercredi 4 novembre") bound the interval by themselves: it spans the
   days around the fitting years of the last `WEEKDAY_WINDOW_YEARS` before
   the reading date (those all the weekdays named fit). A day and month fall
   on the same weekday every 5, 6 or 11 years, so the window always holds
   one and usually two or three: the interval is wide, years rather than
   days, and holds the writing only when the text is younger than the window.
   The evidence's own bounds stay open: a weekday alone flags no anachronism.

The upper bound never passes the reading date (nothing is written after it
is read), unless the evidence itself lies later.
"""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from .constraints import Constraint
from .evidence import WEEKDAY_BEFORE

__all__ = ["ANCHORS", "RECENCY_DAYS", "Era", "two_sided"]

RECENCY_DAYS = 365
# With no other evidence, the fitting years of weekdays named with a date looked at,
# back from the reading date: one gap of the calendar's 5-, 6- and 11-year cycle and more.
WEEKDAY_WINDOW_YEARS = 12
YEAR_DAYS = 364  # evidence spanning this long or longer names a whole year
ANCHORS = frozenset({"history", "event", "dateline", "writing-time", "age"})
# Lower bounds that say nothing of recency: a name in use for years, a tenure still
# running, a former or courtesy title (kept for life), a scheduled event (which
# bounds the interval on both sides itself).
UNDATED = frozenset({"name", "office", "former-office", "office-in-history", "scheduled"})


class Era(msgspec.Struct, frozen=True):
    start: int | None
    end: int | None
    start_by: Constraint | None
    end_by: Constraint | None


def _anchor(used: Sequence[Constraint]) -> Constraint | None:
    """The dated evidence whose period ends last."""
    best: Constraint | None = None
    for c in used:
        if c.kind not in ANCHORS or c.until is None:
            continue
        if best is None or c.until > (best.until or 0):
            best = c
    return best


def two_sided(
    lo: int | None,
    hi: int | None,
    lo_by: Constraint | None,
    hi_by: Constraint | None,
    used: Sequence[Constraint],
    soft: Sequence[Constraint],
    today: int,
) -> Era:
    """The interval of writing (see the module docstring); (None, None) with no evidence."""
    open_above = hi is None
    # The heavier first; among equals the latest ("the 2016 race" over "the 2012 race").
    order = sorted(
        (c for c in soft if not c.alternatives), key=lambda c: (-c.weight, -(c.lo or c.hi or 0))
    )
    for c in order:
        if (c.lo is not None and hi is not None and c.lo > hi) or (
            c.hi is not None and lo is not None and c.hi < lo
        ):
            continue  # disagrees with the evidence: a stale footer, a postponed event
        if c.lo is not None and (lo is None or c.lo > lo):
            lo, lo_by = c.lo, c
        if c.hi is not None and (hi is None or c.hi < hi):
            hi, hi_by = c.hi, c
    if lo is None and hi is None:
        window = _window_fits(soft, today)
        if window is not None:
            c, lo, hi = window
            lo_by = hi_by = c
            open_above = False
    # Only after dated evidence: the first fit after a name in use for years or a tenure
    # still running is no likelier than any later one.
    dated_lo = lo_by is not None and lo_by.kind not in UNDATED
    weekday = _first_fit(soft, lo, today) if open_above and dated_lo else None
    if weekday is not None:
        # The first day after the evidence on which the weekday fits: news names the
        # weekday of days near its writing, and tells of recent days.
        c, (a, b) = weekday
        if lo is None or a > lo:
            lo, lo_by = a, c
        hi, hi_by = b, c
        open_above = False
    anchor = _anchor(used) if open_above and lo is not None else None
    if anchor is not None and _thin(anchor, used):
        anchor = None
    if anchor is not None and anchor.until is not None and lo is not None:
        # A later lower bound that is itself dated ("former Secretary of State", a
        # nomination told as past) moves the anchor; a name in use for years or a
        # tenure still running does not.
        dated = lo_by is not None and lo_by.kind not in UNDATED
        recent = (max(anchor.until, lo) if dated else anchor.until) + RECENCY_DAYS
        if recent >= lo and (hi is None or recent < hi):
            hi, hi_by = recent, _recency(anchor, recent)
    if hi is None and lo is not None:
        # No dated evidence that shows recency, or evidence of a later time that is not
        # dated itself; the evidence itself may lie later still.
        hi, hi_by = (today, None) if lo <= today else (lo, lo_by)
    if hi is not None and hi > today:
        if lo is not None and lo > today:
            hi, hi_by = lo, lo_by  # the evidence itself lies later
        else:
            hi, hi_by = today, None
    if lo is None and hi is not None:
        lo, lo_by = hi - RECENCY_DAYS, None
    if lo is None or hi is None:
        return Era(None, None, None, None)
    for c in soft:
        if not c.alternatives:
            continue
        fits = [(a, b) for a, b in c.alternatives if b is not None and a <= hi and b >= lo]
        if len(fits) == 1:
            a, b = fits[0]
            if a > lo:
                lo, lo_by = a, c
            if b < hi:
                hi, hi_by = b, c
    return Era(lo, hi, lo_by, hi_by)


def _thin(anchor: Constraint, used: Sequence[Constraint]) -> bool:
    """Whether the latest dated evidence is a bare year named once as past: no sign of recency.

    A year given once as background ("the law, passed in 1990") is as often
    decades before the writing as within a year of it (PolNeAR train: within
    a year for 12 of 93 such articles); a date to the month or day, a named
    event, a repeated year or a stated present are read as recent.
    """
    if anchor.kind != "history" or anchor.lo is None or anchor.until is None:
        return False
    if anchor.until - anchor.lo < YEAR_DAYS:
        return False  # a month or a day
    return sum(1 for c in used if c.kind == "history" and c.until == anchor.until) == 1


def _first_fit(
    soft: Sequence[Constraint], lo: int | None, today: int
) -> tuple[Constraint, tuple[int, int]] | None:
    """The earliest window of a weekday named with a date on or after `lo`."""
    best: tuple[Constraint, tuple[int, int]] | None = None
    for c in soft:
        for a, b in c.alternatives:
            named = a + WEEKDAY_BEFORE  # the day the text names
            if b is None or (lo is not None and named < lo) or named > today:
                continue
            if best is None or a < best[1][0]:
                best = (c, (a, b))
            break  # alternatives are in order: the first that fits is the earliest
    return best


def _window_fits(soft: Sequence[Constraint], today: int) -> tuple[Constraint, int, int] | None:
    """With no other evidence: the days around the fitting years, within
    `WEEKDAY_WINDOW_YEARS` before `today`, of the weekdays named with a date (those that all
    of them fit, or, when they disagree, those of the first), and the first weekday."""
    weekdays = [c for c in soft if c.alternatives and c.kind == "weekday"]
    if not weekdays:
        return None
    since = today - round(WEEKDAY_WINDOW_YEARS * 365.25)

    def recent(c: Constraint) -> list[tuple[int, int]]:
        return [
            (a, b)
            for a, b in c.alternatives
            if b is not None and b >= since and a + WEEKDAY_BEFORE <= today
        ]

    first = recent(weekdays[0])
    agreed = [
        (a, b)
        for a, b in first
        if all(any(x <= b and y >= a for x, y in recent(c)) for c in weekdays[1:])
    ]
    fits = agreed or first
    if not fits:
        return None
    return weekdays[0], fits[0][0], min(fits[-1][1], today)


def _recency(anchor: Constraint, hi: int) -> Constraint:
    """The recency reading as a constraint of its own, pointing at the evidence it rests on."""
    return Constraint(
        "recency",
        anchor.start,
        anchor.end,
        anchor.text,
        None,
        hi,
        f"the latest dated evidence: news tells of recent events, so written within "
        f"{RECENCY_DAYS} days of it",
    )
