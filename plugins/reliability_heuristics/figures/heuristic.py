"""Figure consistency across sources: which numbers other coverage confirms or contradicts.

Each figure of the document (`claims.extract_claims`, read for comparison by
`align.figures_of`) is aligned with the figures of every peer document that
describes the same time: the best-aligned figure of each peer, if it counts
the same thing (`align.align`), confirms it, contradicts it, or neither.

- **Time of writing.** A peer whose time of writing cannot be within
  `STORY_DAYS` of the document's is about another event and is not compared
  (seed 004, a 2019 article, beside 2025 coverage). A document's time of
  writing is its `published` date when its text does not contradict it, else
  the interval `recycling.estimate.estimate` reads from its text; a copy is
  written no earlier than its original.
- **Independence.** `copies.derivation` tells which documents are copies of
  which, asked only for the pairs that matter (an undated document and the
  others; the document and the peers that agree with it, among themselves),
  so a story of many peers stays cheap. A peer that copies the document,
  that it copies, that shares an original with it, or that comes from the
  same outlet (by name, else by URL host) repeats rather than confirms;
  several peers of one family of copies, or of one outlet, count as one source.
- **Differences with a reason.** Two counts of a tally that grows while a
  story unfolds (deaths, injuries, arrests) differ without contradiction when
  the lower one may have been written earlier ("about 40 people died" in late
  October, "more than 60 civilians" killed by November 3). A capacity or plan
  against an amount ("can transport loads up to 50 tons", "35 tons of
  equipment offloaded") is a different measure. Any other two counts from
  texts written more than `CHANGE_DAYS` apart, outside a tally (where only
  growth is explained), may describe different stages
  (a delegate count on February 20 and on March 1). All are reported as minor.

Findings:

- `figure-conflict` (major): a peer's count of the same thing is incompatible;
  (minor) the difference may be explained by time or by different measures,
  the message says which. Spans: the figure here; related: the peer's figure.
- `figure-corroborated` (info): independent sources give a compatible count,
  named in the message; related: their figures.
- `figure-uncorroborated` (info): no compared source reports the figure,
  only copies repeat it (related: their figures, role `repeated`), or the
  peers only measure something related that neither confirms nor
  contradicts it (a part, a whole, a capacity; role `related`).

Score: `(1 + C) / (1 + C + 2 K + 0.5 E)` over C independently corroborated
figures, K figures in plain conflict and E figures differing for a stated
reason; None when no figure could be checked (no peers, or nothing aligned).
Uncorroborated figures do not lower it: a figure nobody else reports is
unconfirmed, not wrong. Confidence grows with the number of checked figures.

Options (`[options.figures]`): `today` (ISO date, the reading date for the
estimate) and `tenures` (extra office-holder rows), as for `recycling`.
"""

from __future__ import annotations

import datetime as dt
import threading
import weakref
from collections.abc import Callable, Sequence

import msgspec

from reliability import (
    Analysis,
    Context,
    Finding,
    Heuristic,
    Outcome,
    RelatedSpan,
    Severity,
    hookimpl,
)
from reliability_heuristics.originality.heuristic import Derivation, derivation, same_outlet
from reliability_heuristics.recycling.estimate import estimate, in_words
from reliability_heuristics.recycling.heuristic import published_ordinal, reading_date, tenure_table
from reliability_heuristics.recycling.tenures import TenureTable

from .align import Alignment, Figure, FigureIndex, align, figures_of

__all__ = ["STORY_DAYS", "Figures"]

STORY_DAYS = 183
"""Documents written further apart than this (in days) are not about the same event."""
CHANGE_DAYS = 3
"""Documents written further apart than this (in days) may report a figure at different stages."""
MARGIN_DAYS = 31  # a published date this far outside the text's estimate is not trusted


class _Written(msgspec.Struct, frozen=True):
    """When a document was written, as proleptic ordinals (None: unbounded)."""

    lo: int | None
    hi: int | None

    def text(self) -> str:
        """When, for a sentence: "on 2025-11-03", "between 2025-02-05 and 2025-12-31"."""
        return in_words(self.lo, self.hi)


def _apart(a: _Written, b: _Written) -> int:
    """Days between two intervals of writing (0 when they overlap or one is unbounded)."""
    if a.hi is not None and b.lo is not None and b.lo > a.hi:
        return b.lo - a.hi
    if b.hi is not None and a.lo is not None and a.lo > b.hi:
        return a.lo - b.hi
    return 0


# --- Per-document memo ----------------------------------------------------------
# A story's documents are each evaluated against the same peer analyses; their
# figures and estimates are pure functions of the analysis, read once.

_lock = threading.Lock()
_figures: weakref.WeakKeyDictionary[Analysis, FigureIndex] = weakref.WeakKeyDictionary()
_written: weakref.WeakKeyDictionary[Analysis, dict[object, _Written]] = weakref.WeakKeyDictionary()


def _figures_of(doc: Analysis) -> FigureIndex:
    with _lock:
        found = _figures.get(doc)
    if found is None:
        found = FigureIndex(figures_of(doc))
        with _lock:
            _figures[doc] = found
    return found


def _written_of(doc: Analysis, today: dt.date, table: TenureTable | None) -> _Written:
    key = (today, id(table))
    with _lock:
        memo = _written.setdefault(doc, {})
        found = memo.get(key)
    if found is not None:
        return found
    est = estimate(doc, today, table=table)
    published = published_ordinal(doc)
    if published is not None and (
        (est.lo is None or published >= est.lo - MARGIN_DAYS)
        and (est.hi is None or published <= est.hi + MARGIN_DAYS)
    ):
        found = _Written(published, published)
    else:
        found = _Written(est.lo, est.hi)
    if table is None:  # a custom table is built per call; memoise only the shipped one
        with _lock:
            memo[key] = found
    return found


# --- Naming and families of documents ------------------------------------------------


def _source(doc: Analysis) -> str:
    d = doc.document
    if d.outlet:
        return d.outlet
    if d.title:
        title = d.title if len(d.title) <= 60 else d.title[:57].rstrip() + "…"
        return f"“{title}”"
    words = d.text.split()
    opening = " ".join(words[:6]) + ("…" if len(words) > 6 else "")
    return f"the untitled text beginning “{opening}”"


def _count(n: int, noun: str) -> str:
    """A count and its noun: "1 figure", "2 figures"."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _families(ids: Sequence[str], edges: Sequence[tuple[str, str]]) -> dict[str, str]:
    """Each id's family: documents linked by copying, directly or through others."""
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        if a in parent and b in parent:
            parent[find(a)] = find(b)
    return {i: find(i) for i in ids}


class _Kinship:
    """Copy relations among a story's documents, asked for pair by pair and remembered."""

    def __init__(self) -> None:
        self._pairs: dict[tuple[str, str], Derivation | None] = {}

    def relation(self, a: Analysis, b: Analysis) -> Derivation | None:
        key = (a.id, b.id) if a.id <= b.id else (b.id, a.id)
        if key not in self._pairs:
            self._pairs[key] = derivation(a, b)
        return self._pairs[key]

    def found(self) -> list[Derivation]:
        return [d for d in self._pairs.values() if d is not None]


class _Check(msgspec.Struct, frozen=True):
    peer: Analysis
    theirs: Figure
    alignment: Alignment


def _related(check: _Check, role: str) -> RelatedSpan:
    c = check.theirs.claim
    return RelatedSpan(document_id=check.peer.id, start=c.start, end=c.end, text=c.text, role=role)


def _names(checks: Sequence[_Check]) -> str:
    names = list(dict.fromkeys(_source(c.peer) for c in checks))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _quoted(checks: Sequence[_Check]) -> str:
    return "; ".join(f"“{c.theirs.claim.text}” in {_source(c.peer)}" for c in checks)


class Figures(Heuristic):
    name = "figures"
    version = "0.1.0"
    description = (
        "Figures checked against other coverage of the story: confirmed by independent "
        "sources, contradicted, or reported by nobody else."
    )
    default_weight = 1.0
    cross_document = True

    def evaluate(self, doc: Analysis, context: Context) -> Outcome:
        mine = _figures_of(doc).figures
        peers = [p for p in context.peers if p.id != doc.id]
        if not peers:
            return Outcome(
                score=None,
                confidence=0.0,
                summary=f"No other coverage to compare with ({_count(len(mine), 'figure')} found).",
                metrics={"figures": float(len(mine)), "peers": 0.0},
            )
        today = reading_date(context)
        table = tenure_table(context)
        story = [doc, *peers]
        kin = _Kinship()
        written = {a.id: _written_of(a, today, table) for a in story}
        # A copy is written no earlier than its original: this dates undated copies.
        for x in story:
            if written[x.id].lo is None:
                for y in story:
                    if y is not x:
                        kin.relation(x, y)
        for d in kin.found():
            copy, original = written[d.copy_id], written[d.original_id]
            if original.lo is not None and (copy.lo is None or copy.lo < original.lo):
                hi = copy.hi if copy.hi is None or copy.hi >= original.lo else original.lo
                written[d.copy_id] = _Written(original.lo, hi)
        here = written[doc.id]
        compared = [p for p in peers if _apart(here, written[p.id]) <= STORY_DAYS]
        skipped = [p for p in peers if p not in compared]

        all_checks = [(figure, self._checks(figure, compared)) for figure in mine]
        agreeing = {
            c.peer.id: c.peer
            for _, checks in all_checks
            for c in checks
            if c.alignment.verdict == "agree"
        }
        # Copying among the document and the peers that agree with it: a common original
        # of two of them reports the figure too, so it is among them.
        circle = [doc, *agreeing.values()]
        for i, a in enumerate(circle):
            for b in circle[i + 1 :]:
                kin.relation(a, b)
        # One outlet is one source, its versions and its repeated boilerplate included.
        edges = [(d.copy_id, d.original_id) for d in kin.found()]
        edges += [
            (a.id, b.id) for i, a in enumerate(circle) for b in circle[i + 1 :] if same_outlet(a, b)
        ]
        family = _families([a.id for a in story], edges)

        findings: list[Finding] = []
        corroborated = conflicts = explained = uncorroborated = copies_only = 0
        for figure, checks in all_checks:
            agree = [c for c in checks if c.alignment.verdict == "agree"]
            independent = [c for c in agree if family[c.peer.id] != family[doc.id]]
            repeated = [c for c in agree if c not in independent]
            plain, reasons = self._differences(figure, checks, here, written)
            span = (doc.span(figure.claim.start, figure.claim.end, "claim"),)
            text = figure.claim.text
            if plain:
                conflicts += 1
                findings.append(
                    Finding(
                        kind="figure-conflict",
                        severity=Severity.MAJOR,
                        message=f"“{text}” is contradicted by {_quoted(plain)}.",
                        spans=span,
                        related=tuple(_related(c, "claim") for c in plain),
                    )
                )
            if reasons and not plain:
                explained += 1
            for reason, group in reasons.items():
                findings.append(
                    Finding(
                        kind="figure-conflict",
                        severity=Severity.MINOR,
                        message=f"“{text}” differs from {_quoted(group)}; {reason}.",
                        spans=span,
                        related=tuple(_related(c, "claim") for c in group),
                    )
                )
            if independent:
                corroborated += 1
                sources = len({family[c.peer.id] for c in independent})
                findings.append(
                    Finding(
                        kind="figure-corroborated",
                        severity=Severity.INFO,
                        message=f"“{text}” is confirmed by "
                        f"{_count(sources, 'independent source')}: {_quoted(independent)}.",
                        spans=span,
                        related=tuple(_related(c, "claim") for c in independent),
                    )
                )
            elif not plain and not reasons:
                uncorroborated += 1
                if repeated:
                    copies_only += 1
                    message = (
                        f"“{text}” is repeated only by {_names(repeated)}, which copies or "
                        "shares its text with this one, or comes from the same outlet: "
                        "no independent source confirms it."
                    )
                    related = tuple(_related(c, "repeated") for c in repeated)
                elif consistent := [c for c in checks if c.alignment.verdict == "consistent"]:
                    message = (
                        f"No other source compared confirms “{text}”; {_quoted(consistent)} "
                        "measures something related (a part, a whole, a capacity or a plan), "
                        "which neither confirms nor contradicts it."
                    )
                    related = tuple(_related(c, "related") for c in consistent)
                else:
                    message = f"No other source compared reports “{text}”."
                    related = ()
                findings.append(
                    Finding(
                        kind="figure-uncorroborated",
                        severity=Severity.INFO,
                        message=message,
                        spans=span,
                        related=related,
                    )
                )

        checked = corroborated + conflicts + explained
        score = (1 + corroborated) / (1 + corroborated + 2 * conflicts + 0.5 * explained)
        summary = (
            f"{_count(len(mine), 'figure')}: {corroborated} confirmed independently, "
            f"{conflicts} contradicted, {explained} differing for a stated reason, "
            f"{uncorroborated} unconfirmed; compared with {len(compared)} of the "
            f"{_count(len(peers), 'other document')}."
        )
        if skipped:
            summary += (
                f" Not compared, because written more than {STORY_DAYS} days from this text "
                f"(written {here.text()}): "
                + "; ".join(f"{_source(p)}, written {written[p.id].text()}" for p in skipped)
                + "."
            )
        return Outcome(
            score=round(score, 3) if checked else None,
            confidence=round(min(1.0, checked / 3), 3),
            summary=summary,
            metrics={
                "figures": float(len(mine)),
                "corroborated": float(corroborated),
                "conflicts": float(conflicts),
                "explained_differences": float(explained),
                "uncorroborated": float(uncorroborated),
                "repeated_by_copies_only": float(copies_only),
                "peers": float(len(peers)),
                "peers_compared": float(len(compared)),
                "peers_skipped_time": float(len(skipped)),
            },
            findings=tuple(findings),
        )

    @staticmethod
    def _checks(figure: Figure, peers: Sequence[Analysis]) -> list[_Check]:
        """Each peer's best-aligned figure, when one counts the same thing."""
        checks = []
        for peer in peers:
            best: _Check | None = None
            for theirs in _figures_of(peer).candidates(figure):
                alignment = align(figure, theirs)
                # On a tie the figure that agrees wins: when both texts say "two rows at the
                # back, 16 rows at the front", 16 pairs with 16, not with two.
                if alignment is not None and (
                    best is None
                    or alignment.similarity > best.alignment.similarity
                    or (
                        alignment.similarity == best.alignment.similarity
                        and alignment.verdict == "agree"
                    )
                ):
                    best = _Check(peer, theirs, alignment)
            if best is not None:
                checks.append(best)
        return checks

    @staticmethod
    def _differences(
        figure: Figure,
        checks: Sequence[_Check],
        here: _Written,
        written: dict[str, _Written],
    ) -> tuple[list[_Check], dict[str, list[_Check]]]:
        """Plain conflicts, and differences grouped by the reason that may explain them."""
        plain: list[_Check] = []
        reasons: dict[str, list[_Check]] = {}
        for c in checks:
            verdict = c.alignment.verdict
            if verdict == "measure":
                mine, theirs = figure.modality, c.theirs.modality
                reason = (
                    f"one is a {mine if mine != 'amount' else theirs}, the other an amount: "
                    "different measures"
                )
                reasons.setdefault(reason, []).append(c)
            elif verdict == "conflict":
                there = written[c.peer.id]
                days = _apart(here, there)
                if figure.tally is not None and _may_precede(figure, c.theirs, here, there):
                    reason = (
                        f"a {figure.tally} count grows as a story unfolds, and this text was "
                        f"written {here.text()}, {_source(c.peer)} {there.text()}"
                    )
                    reasons.setdefault(reason, []).append(c)
                elif figure.tally is None and days > CHANGE_DAYS:
                    reason = (
                        f"written {days} days apart (this text {here.text()}, {_source(c.peer)} "
                        f"{there.text()}), so the figure may have changed in between"
                    )
                    reasons.setdefault(reason, []).append(c)
                else:
                    plain.append(c)
        return plain, reasons


def _may_precede(mine: Figure, theirs: Figure, here: _Written, there: _Written) -> bool:
    """Whether the lower of two counts of a tally may have been written before the higher."""
    if mine.claim.high <= theirs.claim.low:
        low, high = here, there
    else:
        low, high = there, here
    return low.lo is None or high.hi is None or low.lo < high.hi


@hookimpl
def register_heuristics(register: Callable[[Heuristic], None]) -> None:
    register(Figures())
