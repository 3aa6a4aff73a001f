"""Undated recycled content: is an old story circulating as new?

The heuristic estimates from the text when it was written (see `estimate`)
and compares the estimate with the date the document claims: its metadata
`published`, else a dateline in the text, else the day it is being read
(option `today`, an ISO date, or `datetime.date.today()`).

Options (`[options.recycling]`, `RecyclingOptions`): `today`, and `tenures`,
which extends the shipped office-holder tenure table: a list
of rows with the TSV's columns (`person`, `office`, `country`, `start`,
optional `end`, `titles` and `aliases` as lists or `|`-separated strings,
`source`), e.g. in the settings TOML:

    [[options.recycling.tenures]]
    person = "Jane Roe"
    office = "energy_minister"
    country = "VE"
    titles = ["Oil Minister"]
    start = "2026-02-01"
    source = "ministry press release, 2026-02-01"

Findings:

- `undated` (minor): no publication date in the metadata and no dateline;
- `relative-only-dates` (info): relative time expressions ("Saturday",
  "last week") and no year or dated anchor to read them against;
- `anachronism` (major): the claimed date lies more than `MARGIN_DAYS`
  outside the estimated interval; spans are the evidence that set the bound;
- `stale-in-story` (major, cross-document): the estimated interval ends more
  than `STALE_DAYS` before the median date of the story's peers (their
  `published`, else the midpoint of their own estimate).

Score: 1 minus penalties, floored at 0: 0.15 for `undated`, 0.05 for
`relative-only-dates`, `0.5 * (1 - exp(-lag / 365))` for an anachronism of
`lag` days (0.2 more when the document is also undated: an old story with no
date read today is the recycled-content case), 0.3 for `stale-in-story`.
Confidence is the estimate's confidence (at least 0.3 when the document is
undated: the missing date is itself certain).

It publishes `product.WritingDates`, the estimate and the metadata date of
the document and of each peer, for the heuristics that require `recycling`.
Estimates are kept in the engine's story memo: each document of a story is
estimated once, whichever it is scored beside.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any

import msgspec

from reliability import Analysis, Context, Finding, Heuristic, Outcome, Severity, hookimpl

from .estimate import Estimate, estimate, in_words, iso, iso_or_none
from .product import WritingDate, WritingDates
from .tenures import TenureTable, load_tenures

MARGIN_DAYS = 31
STALE_DAYS = 180

# The date a document claims, in a sentence, by where it comes from.
CLAIMED = {
    "metadata": "its publication date is {}",
    "dateline": "its dateline gives {}",
    "today": "it gives no date, so it is read as published today, {}",
}


class RecyclingOptions(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """`[options.recycling]`: the reading date, and office-holder rows to add."""

    today: dt.date | None = None
    """The day the document is read on (default: the real today)."""
    tenures: list[dict[str, Any]] = []
    """Rows for the tenure table, with the TSV's columns (see the module docstring)."""

    def __post_init__(self) -> None:
        if self.tenures:
            load_tenures(extra_rows=self.tenures)  # a bad row is refused at start-up


def reading_date(context: Context) -> dt.date:
    """The date the document is read on: option `today`, else the real today."""
    return context.options_as(RecyclingOptions).today or dt.date.today()


def tenure_table(context: Context) -> TenureTable | None:
    """The tenure table extended with option `tenures`; None (the shipped table) when unset."""
    rows = context.options_as(RecyclingOptions).tenures
    return load_tenures(extra_rows=rows) if rows else None


def _estimate(
    doc: Analysis,
    context: Context,
    today: dt.date,
    table: TenureTable | None,
    exclude: frozenset[str] = frozenset(),
) -> Estimate:
    """The estimate of `doc`, kept for the story (a peer is estimated once per story)."""
    return context.story_memo.get(
        ("estimate", doc, today, table, exclude),
        lambda: estimate(doc, today, table=table, exclude=exclude),
    )


def _writing_dates(
    doc: Analysis, context: Context, today: dt.date, table: TenureTable | None
) -> WritingDates:
    """The product: each document's estimated interval and metadata date."""
    dates: dict[str, WritingDate] = {}
    for a in (doc, *context.peers):
        est = _estimate(a, context, today, table)
        dates.setdefault(
            a.id, WritingDate(start=est.lo, end=est.hi, published=published_ordinal(a))
        )
    return WritingDates(documents=dates)


def published_ordinal(doc: Analysis) -> int | None:
    """The metadata's publication date as an ordinal, or None."""
    value = doc.document.published_at
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    return value.toordinal()


def _reference(
    doc: Analysis, context: Context, today: dt.date, table: TenureTable | None
) -> int | None:
    """A peer's date: its metadata, else the midpoint of its estimate when bounded on both sides."""
    published = published_ordinal(doc)
    if published is not None:
        return published
    est = _estimate(doc, context, today, table)
    if est.lo is not None and est.hi is not None:
        return (est.lo + est.hi) // 2
    return None


class Recycling(Heuristic):
    name = "recycling"
    version = "0.3.0"
    description = (
        "Old stories circulating as new: the date the text implies against the date it claims."
    )
    default_weight = 0.8
    cross_document = True
    publishes = WritingDates
    options = RecyclingOptions

    def evaluate(self, doc: Analysis, context: Context) -> Outcome:
        today = reading_date(context)
        table = tenure_table(context)
        est = _estimate(doc, context, today, table)
        published = published_ordinal(doc)
        if published is not None:
            claimed, source, against = published, "metadata", est
        elif est.dateline is not None and est.dateline.lo is not None:
            claimed, source = est.dateline.lo, "dateline"
            against = _estimate(doc, context, today, table, frozenset({"dateline"}))
        else:
            claimed, source, against = today.toordinal(), "today", est
        undated = source == "today"
        peer_dates = [
            d
            for d in (_reference(p, context, today, table) for p in context.peers)
            if d is not None
        ]
        judged = [
            _undated() if undated else None,
            _relative_only(doc, est) if published is None else None,
            _anachronism(doc, claimed, source, against, undated),
            _stale_in_story(doc, est, peer_dates),
        ]
        findings = [finding for penalty, finding in filter(None, judged)]
        penalty = sum(penalty for penalty, finding in filter(None, judged))
        lag = _lag(claimed, against)
        confidence = max(est.confidence, 0.3 if undated else 0.0)
        score = None if not est.found and not findings else round(max(0.0, 1.0 - penalty), 3)
        context.publish(_writing_dates(doc, context, today, table))
        return Outcome(
            score=score,
            confidence=round(min(1.0, confidence), 3),
            summary=_summary(est, CLAIMED[source].format(iso(claimed))),
            metrics={
                # Two-sided whenever there is evidence; null when there is none.
                "estimated_start": iso_or_none(est.start),
                "estimated_end": iso_or_none(est.end),
                "confidence": float(est.confidence),
                "claimed_date": iso(claimed),
                "claimed_from": source,
                "lag_days": float(lag),
                "evidence": float(len(est.used)),
                "dropped": float(len(est.dropped)),
                "relative_dates": float(len(est.relative)),
            },
            findings=tuple(findings),
        )


Judged = tuple[float, Finding]
"""A finding and what it takes off the score."""


def _undated() -> Judged:
    return 0.15, Finding(
        kind="undated",
        severity=Severity.MINOR,
        message="The document gives no date, in its metadata or in a dateline; "
        "readers will take it as new.",
        spans=(),
    )


def _relative_only(doc: Analysis, est: Estimate) -> Judged | None:
    """Relative time expressions ("last week") with no date in the text to read them against."""
    anchors = [c for c in est.constraints if c.kind in ("dateline", "writing-time", "history")]
    if not est.relative or anchors:
        return None
    message = (
        f"A relative time expression, “{est.relative[0].text}”, with no date to read it against."
        if len(est.relative) == 1
        else f"{len(est.relative)} relative time expressions, such as "
        f"“{est.relative[0].text}”, with no date to read them against."
    )
    spans = tuple(doc.span(d.start, d.end, "cue") for d in est.relative[:20])
    return 0.05, Finding(
        kind="relative-only-dates", severity=Severity.INFO, message=message, spans=spans
    )


def _lag(claimed: int, against: Estimate) -> int:
    """Days from the text's implied interval to the claimed date (0 when inside, or close)."""
    if against.hi is not None and claimed > against.hi + MARGIN_DAYS:
        return claimed - against.hi
    if against.lo is not None and claimed < against.lo - MARGIN_DAYS:
        return claimed - against.lo
    return 0


def _anachronism(
    doc: Analysis, claimed: int, source: str, against: Estimate, undated: bool
) -> Judged | None:
    """The claimed date outside the interval the text's own evidence sets."""
    lag = _lag(claimed, against)
    if not lag:
        return None
    by = [i for i in (against.lo_by, against.hi_by) if i is not None]
    spans = tuple(
        doc.span(against.constraints[i].start, against.constraints[i].end, "evidence") for i in by
    )
    reasons = "; ".join(
        f"“{against.constraints[i].text}” ({against.constraints[i].reason})" for i in by
    )
    penalty = 0.5 * (1 - math.exp(-abs(lag) / 365)) + (0.2 if undated else 0.0)
    return penalty, Finding(
        kind="anachronism",
        severity=Severity.MAJOR,
        message="The text implies it was written "
        f"{in_words(against.lo, against.hi)}, but "
        f"{CLAIMED[source].format(iso(claimed))} ({abs(lag)} days "
        f"{'later' if lag > 0 else 'earlier'}). Evidence: {reasons}.",
        spans=spans,
    )


def _stale_in_story(doc: Analysis, est: Estimate, peer_dates: list[int]) -> Judged | None:
    """Written well before the rest of the story's coverage."""
    if not peer_dates or est.hi is None:
        return None
    import statistics  # here: only a story's documents have peers

    story = int(statistics.median(peer_dates))
    if est.hi >= story - STALE_DAYS:
        return None
    by = [i for i in (est.hi_by,) if i is not None]
    dated = (
        f"dated {iso(story)})."
        if len(peer_dates) == 1
        else f"{len(peer_dates)} documents, median date {iso(story)})."
    )
    return 0.3, Finding(
        kind="stale-in-story",
        severity=Severity.MAJOR,
        message=f"The text implies it was written by {iso(est.hi)}, "
        f"{story - est.hi} days before the story's other coverage (" + dated,
        spans=tuple(
            doc.span(est.constraints[i].start, est.constraints[i].end, "evidence") for i in by
        ),
    )


def _summary(est: Estimate, claim: str) -> str:
    render = (
        f" A copyright or update line, “{est.render[0].text}”, dates the page, not the "
        "text: used only as a weak upper bound."
        if est.render
        else ""
    )
    if not est.found:
        return f"No evidence in the text of when it was written; {claim}.{render}"
    return (
        f"Written {in_words(est.start, est.end)}, judging by the text "
        f"(confidence {est.confidence:.2f}); {claim}.{render}"
    )


@hookimpl
def register_heuristics(register: Callable[[Heuristic], None]) -> None:
    register(Recycling())
