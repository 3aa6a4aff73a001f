"""Evidence of the time of writing, as intervals of days, and the helpers to build them.

All dates are proleptic Gregorian ordinals (`date.toordinal()`).
"""

from __future__ import annotations

import datetime as dt

import msgspec

__all__ = ["WEIGHTS", "Constraint", "iso", "iso_or_none", "month_end", "parse_partial", "span_of"]

# How much each kind of evidence weighs in the confidence and in conflicts.
# Soft kinds (statistical readings, never used to flag an anachronism) weigh least.
WEIGHTS = {
    "dateline": 1.5,
    "writing-time": 1.0,
    "office": 0.8,
    "office-elect": 0.8,
    "event": 0.4,
    "history": 0.25,
    "former-office": 0.3,
    "office-in-history": 0.2,
    "age": 0.6,
    "name": 0.2,
    "weekday": 0.3,
    "scheduled": 0.15,
    "render": 0.1,
    "recency": 0.1,
}


class Constraint(msgspec.Struct, frozen=True):
    """One piece of evidence: the interval it implies for the time of writing.

    `lo`/`hi` are ordinals (None: unbounded on that side). `kind` is one of
    the keys of `WEIGHTS`. `start`/`end` are the offsets of the evidence in
    the text.
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
    # The last day of the period the evidence names ("2012": 2012-12-31), when it
    # names one: the latest such day anchors the estimate's upper bound.
    until: int | None = None

    @property
    def weight(self) -> float:
        return WEIGHTS.get(self.kind, 0.0)


def iso(ordinal: int | None) -> str:
    """An ordinal as an ISO date for a sentence ("open" when unbounded)."""
    return "open" if ordinal is None else dt.date.fromordinal(ordinal).isoformat()


def iso_or_none(ordinal: int | None) -> str | None:
    """An ordinal as an ISO date, or None when unbounded."""
    return None if ordinal is None else dt.date.fromordinal(ordinal).isoformat()


def month_end(year: int, month: int) -> dt.date:
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def span_of(year: int, month: int | None, day: int | None) -> tuple[int, int] | None:
    """The first and last day a date expression can mean, as ordinals (None if no such day)."""
    try:
        if month is None:
            return dt.date(year, 1, 1).toordinal(), dt.date(year, 12, 31).toordinal()
        if day is None:
            return dt.date(year, month, 1).toordinal(), month_end(year, month).toordinal()
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
    return span_of(nums[0], nums[1] if len(nums) > 1 else None, nums[2] if len(nums) > 2 else None)
