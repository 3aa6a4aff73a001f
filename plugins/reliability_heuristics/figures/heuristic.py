"""Figure consistency across sources: which numbers other coverage confirms or contradicts.

Each figure of the document (`claims.extract_claims`, read for comparison by
`align.figures_of`) is aligned with the figures of every peer document that
describes the same time: the best-aligned figure of each peer, if it counts
the same thing (`align.align`), confirms it, contradicts it, or neither.

- **Time of writing.** A peer whose time of writing cannot be within
  `STORY_DAYS` of the document's is about another event and is not compared
  (seed 004, a 2019 article, beside 2025 coverage). A document's time of
  writing is its `published` date when its text does not contradict it, else
  the interval the `recycling` heuristic reads from its text (its product,
  `WritingDates`); a copy is written no earlier than its original.
- **Independence.** The `originality` heuristic's product, `CopyRelations`,
  tells which documents are copies of which; only the pairs that matter are
  read (an undated document and the others; the document and the peers that
  agree with it, among themselves). A peer that copies the document,
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

Figures requires `recycling` and `originality` and reads their products:
disabling either changes its results. Without `recycling`, a document is
dated by its metadata alone (an undated one may be compared with coverage of
another year); without `originality`, copies and versions of one outlet count
as independent sources. The summary says which was missing. The reading date
and tenure table of the estimate are `recycling`'s options; figures has none.

Modules: `claims` (figure claims in the text), `align` (figures read for
comparison, and whether two count the same thing), `story` (when documents
were written, and which repeat which); this one checks the figures.
"""

from __future__ import annotations

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
    Span,
    hookimpl,
)
from reliability_heuristics.originality.product import CopyRelations
from reliability_heuristics.recycling.product import WritingDates

from .align import Alignment, align
from .reading import Figure, FigureIndex, figures_of
from .story import Kinship, Written, apart, date_copies, families, source_name, written

__all__ = ["STORY_DAYS", "Figures"]

STORY_DAYS = 183
"""Documents written further apart than this (in days) are not about the same event."""
CHANGE_DAYS = 3
"""Documents written further apart than this (in days) may report a figure at different stages."""


def _figures_of(doc: Analysis, context: Context) -> FigureIndex:
    """The document's comparable figures, kept in its memo for the story."""
    return context.memo_of(doc).get("figures", lambda: FigureIndex(figures_of(doc)))


def _count(n: int, noun: str) -> str:
    """A count and its noun: "1 figure", "2 figures"."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


class _Check(msgspec.Struct, frozen=True):
    peer: Analysis
    theirs: Figure
    alignment: Alignment


def _related(check: _Check, role: str) -> RelatedSpan:
    c = check.theirs.claim
    return RelatedSpan(document_id=check.peer.id, start=c.start, end=c.end, text=c.text, role=role)


def _names(checks: Sequence[_Check]) -> str:
    names = list(dict.fromkeys(source_name(c.peer) for c in checks))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _quoted(checks: Sequence[_Check]) -> str:
    return "; ".join(f"“{c.theirs.claim.text}” in {source_name(c.peer)}" for c in checks)


class _Story(msgspec.Struct, kw_only=True):
    """The document among its peers: when each was written, which are compared, and kin."""

    doc: Analysis
    peers: list[Analysis]
    written: dict[str, Written]
    compared: list[Analysis]
    skipped: list[Analysis]
    kin: Kinship
    dated: bool

    @property
    def here(self) -> Written:
        return self.written[self.doc.id]


class _Tally(msgspec.Struct, kw_only=True):
    corroborated: int = 0
    conflicts: int = 0
    explained: int = 0
    uncorroborated: int = 0
    copies_only: int = 0


class Figures(Heuristic):
    name = "figures"
    version = "0.1.0"
    description = (
        "Figures checked against other coverage of the story: confirmed by independent "
        "sources, contradicted, or reported by nobody else."
    )
    default_weight = 1.0
    cross_document = True
    # Read when present: without them the figures are dated by metadata alone and
    # copies count as independent sources (the summary says so).
    requires = ("recycling", "originality")

    def evaluate(self, doc: Analysis, context: Context) -> Outcome:
        peers = [p for p in context.peers if p.id != doc.id]
        if not peers:
            # Nothing to check the figures against: they are not even read (reading them
            # costs about a tenth of a lone scorecard, and a count alone says nothing).
            return Outcome(
                score=None,
                confidence=0.0,
                summary="No other coverage to compare with: figures are checked only against "
                "other articles on the story.",
                metrics={"peers": 0.0},
            )
        mine = _figures_of(doc, context).figures
        story = self._story(doc, peers, context)
        all_checks = [(figure, self._checks(figure, story.compared, context)) for figure in mine]
        family = self._families(story, all_checks)
        findings: list[Finding] = []
        tally = _Tally()
        for figure, checks in all_checks:
            findings += self._judge(figure, checks, story, family, tally)
        return self._outcome(story, len(mine), findings, tally)

    @staticmethod
    def _story(doc: Analysis, peers: list[Analysis], context: Context) -> _Story:
        """When each document was written (a copy no earlier than its original), and which
        peers are compared: those that may have been written within `STORY_DAYS`."""
        dates = context.product("recycling", WritingDates)
        kin = Kinship(context.product("originality", CopyRelations))
        everyone = [doc, *peers]
        when = {a.id: written(a, dates) for a in everyone}
        date_copies(everyone, when, kin)
        here = when[doc.id]
        compared = [p for p in peers if apart(here, when[p.id]) <= STORY_DAYS]
        skipped = [p for p in peers if p not in compared]
        return _Story(
            doc=doc,
            peers=peers,
            written=when,
            compared=compared,
            skipped=skipped,
            kin=kin,
            dated=dates is not None,
        )

    @staticmethod
    def _families(
        story: _Story, all_checks: Sequence[tuple[Figure, Sequence[_Check]]]
    ) -> dict[str, str]:
        """Each document's family: copies of one another, or versions of one outlet."""
        agreeing = {
            c.peer.id: c.peer
            for _, checks in all_checks
            for c in checks
            if c.alignment.verdict == "agree"
        }
        kin = story.kin
        # Copying among the document and the peers that agree with it: a common original
        # of two of them reports the figure too, so it is among them.
        circle = [story.doc.id, *agreeing]
        kin.within(set(circle))
        # One outlet is one source, its versions and its repeated boilerplate included.
        edges = [(d.copy_id, d.original_id) for d in kin.found()]
        edges += kin.outlet_edges(circle)
        return families([a.id for a in [story.doc, *story.peers]], edges)

    def _judge(
        self,
        figure: Figure,
        checks: Sequence[_Check],
        story: _Story,
        family: dict[str, str],
        tally: _Tally,
    ) -> list[Finding]:
        """The findings on one figure of the document, counted in `tally`."""
        doc = story.doc
        agree = [c for c in checks if c.alignment.verdict == "agree"]
        independent = [c for c in agree if family[c.peer.id] != family[doc.id]]
        repeated = [c for c in agree if c not in independent]
        plain, reasons = self._differences(figure, checks, story.here, story.written)
        span = (doc.span(figure.claim.start, figure.claim.end, "claim"),)
        text = figure.claim.text
        findings: list[Finding] = []
        if plain:
            tally.conflicts += 1
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
            tally.explained += 1
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
            tally.corroborated += 1
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
            tally.uncorroborated += 1
            findings.append(_uncorroborated(text, span, checks, repeated, tally))
        return findings

    @staticmethod
    def _outcome(story: _Story, figures: int, findings: list[Finding], tally: _Tally) -> Outcome:
        """Score, confidence, summary and metrics (formula in the module docstring)."""
        t = tally
        checked = t.corroborated + t.conflicts + t.explained
        score = (1 + t.corroborated) / (1 + t.corroborated + 2 * t.conflicts + 0.5 * t.explained)
        peers, compared, skipped = story.peers, story.compared, story.skipped
        summary = (
            f"{_count(figures, 'figure')}: {t.corroborated} confirmed independently, "
            f"{t.conflicts} contradicted, {t.explained} differing for a stated reason, "
            f"{t.uncorroborated} unconfirmed; compared with {len(compared)} of the "
            f"{_count(len(peers), 'other document')}."
        )
        if skipped:
            summary += (
                f" Not compared, because written more than {STORY_DAYS} days from this text "
                f"(written {story.here.text()}): "
                + "; ".join(
                    f"{source_name(p)}, written {story.written[p.id].text()}" for p in skipped
                )
                + "."
            )
        if not story.dated:
            summary += " Dated by metadata alone: the recycling heuristic did not run."
        if not story.kin.known:
            summary += (
                " Copies not told apart: the originality heuristic did not run, so every "
                "peer counts as an independent source."
            )
        return Outcome(
            score=round(score, 3) if checked else None,
            confidence=round(min(1.0, checked / 3), 3),
            summary=summary,
            metrics={
                "figures": float(figures),
                "corroborated": float(t.corroborated),
                "conflicts": float(t.conflicts),
                "explained_differences": float(t.explained),
                "uncorroborated": float(t.uncorroborated),
                "repeated_by_copies_only": float(t.copies_only),
                "peers": float(len(peers)),
                "peers_compared": float(len(compared)),
                "peers_skipped_time": float(len(skipped)),
            },
            findings=tuple(findings),
        )

    @staticmethod
    def _checks(figure: Figure, peers: Sequence[Analysis], context: Context) -> list[_Check]:
        """Each peer's best-aligned figure, when one counts the same thing."""
        checks = []
        for peer in peers:
            best: _Check | None = None
            for theirs in _figures_of(peer, context).candidates(figure):
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
        here: Written,
        written: dict[str, Written],
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
                days = apart(here, there)
                if figure.tally is not None and _may_precede(figure, c.theirs, here, there):
                    reason = (
                        f"a {figure.tally} count grows as a story unfolds, and this text was "
                        f"written {here.text()}, {source_name(c.peer)} {there.text()}"
                    )
                    reasons.setdefault(reason, []).append(c)
                elif figure.tally is None and days > CHANGE_DAYS:
                    reason = (
                        f"written {days} days apart (this text {here.text()}, "
                        f"{source_name(c.peer)} {there.text()}), so the figure may have "
                        "changed in between"
                    )
                    reasons.setdefault(reason, []).append(c)
                else:
                    plain.append(c)
        return plain, reasons


def _may_precede(mine: Figure, theirs: Figure, here: Written, there: Written) -> bool:
    """Whether the lower of two counts of a tally may have been written before the higher."""
    if mine.claim.high <= theirs.claim.low:
        low, high = here, there
    else:
        low, high = there, here
    return low.lo is None or high.hi is None or low.lo < high.hi


def _uncorroborated(
    text: str,
    span: tuple[Span, ...],
    checks: Sequence[_Check],
    repeated: Sequence[_Check],
    tally: _Tally,
) -> Finding:
    """The finding on a figure no independent source reports."""
    if repeated:
        tally.copies_only += 1
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
    return Finding(
        kind="figure-uncorroborated",
        severity=Severity.INFO,
        message=message,
        spans=span,
        related=related,
    )


@hookimpl
def register_heuristics(register: Callable[[Heuristic], None]) -> None:
    register(Figures())
