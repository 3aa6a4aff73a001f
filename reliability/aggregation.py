"""The built-in aggregation: the fitted scoring model of `reliability.scoring.model`.

It is an ordinary `aggregate_scorecard` implementation marked `trylast`, so a
plugin that implements the hook and returns an `Aggregate` replaces it.

The score is `100 * P(reliable)` from a logistic model fitted on labelled
news (see `reliability.scoring` and `docs/scoring.md`); every heuristic's
contribution is given in points from the baseline, and they add up to the
score. A heuristic that failed or timed out counts at its least favourable
value, so the score is a lower bound and `score_range` shows what the
missing evidence leaves open.

`confidence` is the share of the evidence asked for that was obtained: each
heuristic weighs by how far it can move the score, and counts by its own
confidence (a short text gives each little to go on); one that failed or had
nothing to judge adds only to the whole. The grade is
"insufficient evidence" when that share is below `min_confidence`, or when a
failure leaves more than the model's `max_open_points` open.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from reliability.hookspecs import hookimpl
from reliability.models import Aggregate, HeuristicResult
from reliability.scoring.model import explain, load_model, parts

INSUFFICIENT = "insufficient evidence"


@hookimpl(trylast=True)
def aggregate_scorecard(
    results: Sequence[HeuristicResult],
    weights: Mapping[str, float],
    min_confidence: float,
) -> Aggregate:
    """Score with the fitted model, as described in the module docstring."""
    model = load_model()
    items = parts(model, results, weights)
    base, score, best, contributions = explain(model, items)
    whole = sum(p.reach for p in items)
    measured = sum(p.reach * p.evidence for p in items if p.basis in ("fitted", "prior"))
    confidence = round(measured / whole, 4) if whole > 0 else 0.0
    method = f"{model.method} (fitted model, {len(model.features)} features)"
    if measured <= 0:
        return Aggregate(
            score=None,
            grade=INSUFFICIENT,
            confidence=0.0,
            method=method,
            baseline=base,
            contributions=contributions,
        )
    if measured <= 0 or confidence < min_confidence or best - score > model.max_open_points:
        grade = INSUFFICIENT
    else:
        grade = model.grade(score)
    return Aggregate(
        score=score,
        grade=grade,
        confidence=confidence,
        method=method,
        baseline=base,
        score_range=(score, best),
        contributions=contributions,
    )
