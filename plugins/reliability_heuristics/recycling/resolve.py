"""Conflicting evidence: which constraints on the time of writing to keep.

The constraints are intersected. When they conflict, the constraint in
conflict with the most others (the lighter on ties) is dropped, one at a time,
until the rest agree; an office-holder of an earlier tenure beside stronger
later evidence is first read as history instead. After `MAX_SINGLE_STEPS`
steps (a long text with many outliers) the rest is settled at once: the
constraints that hold at the day most of them allow are kept (on a line, a set
of intervals agrees exactly when they share a day). Each step costs
O(n log n), so the whole stays O(n log n) in the number of constraints.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

import msgspec

from .constraints import Constraint

__all__ = ["Resolution", "choose_alternatives", "disjoint", "intersect", "resolve"]

MAX_SINGLE_STEPS = 8
# Evidence strong enough to turn an earlier office-holder's tenure into history.
RELAXING = frozenset({"office", "dateline", "writing-time"})


class Resolution(msgspec.Struct, frozen=True):
    constraints: tuple[Constraint, ...]
    used: tuple[int, ...]
    dropped: tuple[int, ...]
    lo: int | None
    hi: int | None
    lo_by: int | None
    hi_by: int | None


def intersect(
    cs: Sequence[Constraint], idx: Sequence[int]
) -> tuple[int | None, int | None, int | None, int | None]:
    """The intersection of the constraints `idx`, and which of them set each bound."""
    lo = hi = lo_by = hi_by = None
    for i in idx:
        c = cs[i]
        if c.lo is not None and (lo is None or c.lo > lo):
            lo, lo_by = c.lo, i
        if c.hi is not None and (hi is None or c.hi < hi):
            hi, hi_by = c.hi, i
    return lo, hi, lo_by, hi_by


def disjoint(intervals: list[tuple[int, int | None]]) -> list[tuple[int, int | None]]:
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


def choose_alternatives(constraints: tuple[Constraint, ...], today: int) -> tuple[Constraint, ...]:
    """Each constraint with alternatives narrowed to the one the rest of the evidence allows.

    The rest: every constraint without alternatives, and the reading date
    (nothing read today was written in a later term). When none or several
    alternatives fit, the constraint keeps spanning them all.
    """
    if not any(c.alternatives for c in constraints):
        return constraints
    plain = [i for i, c in enumerate(constraints) if not c.alternatives]
    lo, hi, _, _ = intersect(constraints, plain)
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


def _worst(constraints: Sequence[Constraint], used: Sequence[int]) -> int:
    """The constraint in conflict with the most others (the lighter on ties), in O(n log n)."""
    los = sorted(c.lo for c in (constraints[i] for i in used) if c.lo is not None)
    his = sorted(c.hi for c in (constraints[i] for i in used) if c.hi is not None)
    best, best_key = used[0], (-1, 0.0)
    for i in used:
        c = constraints[i]
        n = 0
        if c.hi is not None:
            n += len(los) - bisect.bisect_right(los, c.hi)  # others starting after it ends
        if c.lo is not None:
            n += bisect.bisect_left(his, c.lo)  # others ending before it starts
        key = (n, -c.weight)
        if key > best_key:
            best, best_key = i, key
    return best


def _deepest(constraints: Sequence[Constraint], used: Sequence[int]) -> list[int]:
    """The constraints holding on the day most of them allow (heavier on ties), in order."""
    events: list[tuple[float, int, int]] = []  # (day, 0 = opens / 1 = closes, index)
    for i in used:
        c = constraints[i]
        events.append((float("-inf") if c.lo is None else c.lo, 0, i))
        events.append((float("inf") if c.hi is None else c.hi + 0.5, 1, i))
    events.sort()
    open_now: set[int] = set()
    count, weight = 0, 0.0
    best_key, best_day = (-1, 0.0), 0.0
    for day, closes, i in events:
        w = constraints[i].weight
        if closes:
            open_now.discard(i)
            count, weight = count - 1, weight - w
            continue
        open_now.add(i)
        count, weight = count + 1, weight + w
        if (count, weight) > best_key:
            best_key, best_day = (count, weight), day
    keep = []
    for i in used:
        c = constraints[i]
        if (c.lo is None or c.lo <= best_day) and (c.hi is None or best_day <= c.hi + 0.5):
            keep.append(i)
    return keep


def resolve(constraints: tuple[Constraint, ...]) -> Resolution:
    """Keep the constraints that agree (see the module docstring)."""
    used = list(range(len(constraints)))
    dropped: list[int] = []
    steps = 0
    while True:
        lo, hi, lo_by, hi_by = intersect(constraints, used)
        if lo is None or hi is None or lo <= hi:
            break
        assert lo_by is not None
        steps += 1
        if constraints[lo_by].kind in RELAXING:
            # An office-holder of an earlier tenure beside later evidence ("a former
            # adviser to President George W. Bush" in a 2016 text) is told as history.
            relaxed = _relax_earlier_offices(constraints, used, lo)
            if relaxed is not constraints:
                constraints = relaxed
                continue
        if steps > MAX_SINGLE_STEPS:
            keep = set(_deepest(constraints, used))
            dropped.extend(i for i in used if i not in keep)
            used = [i for i in used if i in keep]
            continue
        worst = _worst(constraints, used)
        used.remove(worst)
        dropped.append(worst)
    if _handover(constraints, lo, hi, lo_by, hi_by):
        # Two office-holders in office only on the day one succeeded the other
        # ("President Obama" and "President George W. Bush"): the earlier is history.
        assert lo is not None
        constraints = _relax_earlier_offices(constraints, used, lo + 2)
        lo, hi, lo_by, hi_by = intersect(constraints, used)
    return Resolution(constraints, tuple(used), tuple(dropped), lo, hi, lo_by, hi_by)


def _handover(
    cs: Sequence[Constraint], lo: int | None, hi: int | None, lo_by: int | None, hi_by: int | None
) -> bool:
    if lo is None or hi is None or lo_by is None or hi_by is None or hi - lo > 1:
        return False
    return cs[lo_by].kind == "office" and cs[hi_by].kind == "office"
