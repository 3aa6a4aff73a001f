"""A page's publication and modification dates, reconciled from everything the page states.

Candidates come from the URL, meta tags, JSON-LD, microdata, `<time>` elements
and the visible dateline (`reliability.fetch.datesources`). Each is read as a
calendar date in the page's own time zone, which is the offset its stated
times carry most often:

- a date alone (the URL's, a dateline's) is the calendar date as written;
- a date-time with an offset is the date at that offset; a UTC time (`...Z`)
  is moved to the page's zone when the page states one, else it is the UTC date;
- a date-time without offset that repeats another value's clock time is that
  value; otherwise it is the date as written;
- the candidate is ambiguous, standing for either of two days, when its day
  depends on the zone it is read in: a UTC time before 06:00 or from 22:00 on
  a page that states no zone (the day before in the Americas, the next day
  from central Europe eastwards), a UTC time whose day differs in the page's
  zone, and any time within an hour of midnight (offsets are often an hour
  off when daylight saving time is handled wrongly).

The publication date is the day that most machine-readable sources may mean,
then the most visible ones, then the day most name as their own. Only
publication candidates vote: a modification date is never taken for the
publication date. The date is trusted (`high` confidence) only when

- no source stands against it (the visible page stands against the metadata
  only when these leave the day open: a sidebar's date must not outvote them),
- some source states it unambiguously: a single strong source (URL, meta tag,
  JSON-LD, microdata), or an ambiguous one that another source settles,
- without any machine-readable date, the page marks it as its date (a
  dateline element or a `<time>` element by the headline) or two places agree,
- and the page was not updated more than a year later (a living document).

Everything else is `low` confidence, reported with the reason in `note` and
never used as the Document's `published`. The latest modification date the
page states is reported beside it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import Literal

from htmldate import find_date

from reliability.fetch.datesources import (
    Candidate,
    DateKind,
    DateSource,
    HtmlElement,
    dateline_candidates,
    jsonld_candidates,
    meta_candidates,
    microdata_candidates,
    time_candidates,
    url_candidates,
)

# A UTC time on a page that states no zone: before 06:00 it is the day before
# in the Americas; from 22:00 it is the next day from central Europe eastwards.
_WEST_HOURS = 6
_EAST_HOURS = 2
# A page updated this long after its publication is a living document (a wiki
# page, a profile, an evergreen guide): its text may not be the one first published.
_LIVING_DAYS = 365
# Which source names the date when several agree: the most deliberate first.
_PRIORITY: dict[DateSource, int] = {"structured-data": 0, "metadata": 1, "url": 2, "page": 3}


@dataclasses.dataclass(frozen=True, kw_only=True)
class PageDate:
    """A date of a page: what it dates, where it was found, and how far to trust it."""

    kind: DateKind
    date: str
    """ISO 8601 calendar date, in the page's own time zone."""
    source: DateSource
    """`url`, `metadata` (meta tags, microdata), `structured-data` (JSON-LD), or `page`
    (`<time>` elements and the dateline)."""
    confidence: Literal["high", "low"]
    field: str = ""
    """Where exactly (`meta article:published_time`, `JSON-LD NewsArticle.datePublished`, ...)."""
    time: str | None = None
    """The date-time as the page states it (ISO 8601, with its offset when stated), if any."""
    note: str | None = None
    """Why the date is not trusted, when it is not."""


@dataclasses.dataclass(frozen=True)
class _Reading:
    """A candidate read in the page's zone: the day it names, and the other days it may mean."""

    candidate: Candidate
    day: dt.date
    also: frozenset[dt.date]

    def names(self, day: dt.date) -> bool:
        return day == self.day or day in self.also


def collect(
    tree: HtmlElement | None, url: str | None, now: dt.datetime | None = None
) -> list[Candidate]:
    """Every date candidate of a page, from the URL and (with a tree) the HTML."""
    latest = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(tzinfo=None, microsecond=0)
    found = url_candidates(url, tree, latest)
    if tree is not None:
        for collector in (
            meta_candidates,
            jsonld_candidates,
            microdata_candidates,
            time_candidates,
            dateline_candidates,
        ):
            found += collector(tree, latest)
    return found


def page_zone(candidates: Iterable[Candidate]) -> dt.tzinfo | None:
    """The page's own time zone: the offset its stated times most often carry, other than UTC."""
    offsets = Counter(
        c.moment.offset for c in candidates if c.moment.offset not in (None, dt.timedelta(0))
    )
    if not offsets:
        return None
    return dt.timezone(offsets.most_common(1)[0][0])


def read(candidate: Candidate, zone: dt.tzinfo | None, stated: list[Candidate]) -> _Reading:
    """The calendar date a candidate names in the page's zone, and the others it may mean.

    `stated` are the page's candidates with an offset: a time without one that
    repeats one of their clock times (in their offset or in UTC) is that moment.
    """
    moment = candidate.moment
    at = moment.at
    if at is not None and at.tzinfo is None:
        at = _same_moment(at, stated)
    if at is None:
        return _Reading(candidate, moment.day, frozenset())
    if at.tzinfo is None:
        return _Reading(candidate, moment.day, _near_midnight(at))
    utc = at.astimezone(dt.UTC)
    if at.utcoffset() != dt.timedelta(0):
        also = {at.astimezone(zone).date()} if zone is not None else set()
        return _Reading(candidate, at.date(), frozenset((also | _near_midnight(at)) - {at.date()}))
    if zone is not None:
        local = at.astimezone(zone)
        also = {utc.date()} | _near_midnight(local)
        return _Reading(candidate, local.date(), frozenset(also - {local.date()}))
    also = set()
    if utc.hour < _WEST_HOURS:
        also.add(utc.date() - dt.timedelta(days=1))
    if utc.hour >= 24 - _EAST_HOURS:
        also.add(utc.date() + dt.timedelta(days=1))
    return _Reading(candidate, utc.date(), frozenset(also))


def _near_midnight(at: dt.datetime) -> frozenset[dt.date]:
    """The neighbouring day when a clock time is within an hour of midnight (exact midnight
    is how a date alone is often stored): offsets are often an hour off, daylight saving
    time handled wrongly."""
    clock = at.time().replace(tzinfo=None)
    if dt.time(0, 0, 0) < clock < dt.time(1, 0):
        return frozenset({at.date() - dt.timedelta(days=1)})
    if clock >= dt.time(23, 0):
        return frozenset({at.date() + dt.timedelta(days=1)})
    return frozenset()


def _same_moment(naive: dt.datetime, stated: list[Candidate]) -> dt.datetime:
    for other in stated:
        at = other.moment.at
        if at is None or at.tzinfo is None:
            continue
        for clock in (at, at.astimezone(dt.UTC)):
            if clock.replace(tzinfo=None, second=0) == naive.replace(second=0):
                return clock
    return naive


def reconcile(candidates: list[Candidate]) -> tuple[PageDate, ...]:
    """The publication date (and the modification date when stated), each with its confidence."""
    zone = page_zone(candidates)
    stated = [c for c in candidates if c.moment.offset is not None]
    readings = [read(c, zone, stated) for c in candidates]
    published = _published([r for r in readings if r.candidate.kind == "published"])
    updates = [r for r in readings if r.candidate.kind == "modified" and r.candidate.strong]
    if published is not None and published.confidence == "high" and updates:
        last = max(r.day for r in updates)
        if (last - dt.date.fromisoformat(published.date)).days > _LIVING_DAYS:
            published = dataclasses.replace(
                published,
                confidence="low",
                note=f"updated on {last.isoformat()}, over a year later: the text may be newer",
            )
    dates = [] if published is None else [published]
    modified = _modified([r for r in readings if r.candidate.kind == "modified"], published)
    if modified is not None:
        dates.append(modified)
    return tuple(dates)


def _published(readings: list[_Reading]) -> PageDate | None:
    strong = [r for r in readings if r.candidate.strong]
    seen = [r for r in readings if not r.candidate.strong]
    pool = strong or seen
    if not pool:
        return None
    day = _best_day(pool, readings)
    chosen = min(
        (r for r in pool if r.names(day)),
        key=lambda r: (r.day != day, _PRIORITY[r.candidate.source], r.also != frozenset()),
    )
    settled = any(r.names(day) and not r.also for r in readings)
    # What the page shows its readers stands against the machine-readable sources
    # only when these leave the day open; otherwise a sidebar's date would.
    against = [r for r in (strong if settled and strong else readings) if not r.names(day)]
    note = None
    if against:
        note = "sources disagree: " + _listing([chosen, *against])
    elif not settled:
        note = f"the day depends on the time zone ({_listing([chosen])})"
    elif not strong and not _shown(seen, day):
        note = "found only in the visible page, not marked as its date"
    return _page_date(chosen, day, note)


def _shown(seen: list[_Reading], day: dt.date) -> bool:
    """The visible page alone dates itself: a date-marked dateline or two places agree."""
    places = {r.candidate.field for r in seen if r.names(day) and not r.also}
    return bool(places & {"dateline", "time element"}) or len(places) >= 2


def _best_day(pool: list[_Reading], readings: list[_Reading]) -> dt.date:
    """The day the most machine-readable candidates may mean, then the most visible ones
    (a dateline settles a day the metadata leave open); then the day most of them name
    as theirs; then the day of the most deliberate source."""
    options = {r.day for r in pool} | {d for r in pool for d in r.also}
    strong = [r for r in readings if r.candidate.strong]
    seen = [r for r in readings if not r.candidate.strong]

    def rank(day: dt.date) -> tuple[int, ...]:
        may = [sum(r.names(day) for r in group) for group in (strong, seen)]
        own = [sum(r.day == day for r in group) for group in (strong, seen)]
        best = min((_PRIORITY[r.candidate.source] for r in pool if r.day == day), default=9)
        return (*may, *own, -best, -day.toordinal())

    return max(options, key=rank)


def _modified(readings: list[_Reading], published: PageDate | None) -> PageDate | None:
    """The latest modification date the page states (machine-readable sources first)."""
    pool = [r for r in readings if r.candidate.strong] or readings
    if not pool:
        return None
    latest = max(pool, key=lambda r: (r.day, -_PRIORITY[r.candidate.source]))
    note = None
    if not latest.candidate.strong:
        note = "found only in the visible page"
    elif latest.also:
        note = f"the day depends on the time zone ({_listing([latest])})"
    elif published is not None and latest.day < dt.date.fromisoformat(published.date):
        note = "before the stated publication date"
    return _page_date(latest, latest.day, note)


def _page_date(reading: _Reading, day: dt.date, note: str | None) -> PageDate:
    c = reading.candidate
    return PageDate(
        kind=c.kind,
        date=day.isoformat(),
        source=c.source,
        confidence="low" if note else "high",
        field=c.field,
        time=c.moment.at.isoformat() if c.moment.at is not None else None,
        note=note,
    )


def _listing(readings: list[_Reading]) -> str:
    parts = []
    for r in readings:
        value = r.candidate.moment.at.isoformat() if r.candidate.moment.at else r.day.isoformat()
        parts.append(f"{r.candidate.field} {value}")
    return ", ".join(dict.fromkeys(parts))


def page_dates(
    tree: HtmlElement | None, url: str | None, now: dt.datetime | None = None
) -> tuple[PageDate, ...]:
    """The publication date and modification date of a page, reconciled from all its sources.

    When nothing on the page is marked as its date, the date htmldate finds
    anywhere in it is reported at low confidence: often a sidebar link's or a comment's.
    """
    dates = reconcile(collect(tree, url, now))
    if tree is None or any(d.kind == "published" for d in dates):
        return dates
    found = find_date(tree, extensive_search=True, original_date=True, url=None)
    if not found:
        return dates
    guess = PageDate(
        kind="published",
        date=found,
        source="page",
        confidence="low",
        field="text",
        note="found in the page's text, not marked as its date (perhaps a link's or a comment's)",
    )
    return (guess, *dates)


def trusted_published(dates: tuple[PageDate, ...]) -> str | None:
    """The publication date when it is trusted, else None."""
    for date in dates:
        if date.kind == "published" and date.confidence == "high":
            return date.date
    return None


def describe(dates: tuple[PageDate, ...]) -> str:
    """The dates in one line for people: each with its source and confidence (and why not
    trusted), or that the page states none."""
    if not dates:
        return "no publication date found"
    parts = []
    for d in dates:
        why = f": {d.note}" if d.note else ""
        parts.append(f"{d.kind} {d.date} ({d.source}, {d.confidence} confidence{why})")
    return "; ".join(parts)
