"""The built-in aggregation: a confidence-weighted mean of the heuristics' scores.

It is an ordinary `aggregate_scorecard` implementation marked `trylast`, so a
plugin that implements the hook and returns an `Aggregate` replaces it.

    overall   = 100 * sum(w_i * c_i * s_i) / sum(w_i * c_i)
    evidence  = sum(w_i * c_i) / sum(w_i)

over the heuristics that ran (`s_i` score 0-1, `c_i` confidence 0-1, `w_i`
weight); heuristics that failed, timed out or had nothing to judge add to
the denominator of `evidence` but not to the score. Weighting each score by
its confidence keeps a heuristic that saw little evidence from moving the
overall score much; `evidence` is the overall confidence. When it is below
`min_confidence` the score is None and the grade "insufficient evidence".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from reliability.hookspecs import hookimpl
from reliability.models import Aggregate, HeuristicResult, Status

METHOD = "confidence-weighted-mean"
INSUFFICIENT = "insufficient evidence"
DEFAULT_MIN_CONFIDENCE = 0.2
# Lower bounds of each letter grade on the 0-100 scale.
GRADES: tuple[tuple[float, str], ...] = ((85, "A"), (70, "B"), (55, "C"), (40, "D"), (0, "F"))


def grade_for(score: float) -> str:
    """The letter grade for an overall score."""
    for bound, grade in GRADES:
        if score >= bound:
            return grade
    return GRADES[-1][1]


@hookimpl(trylast=True)
def aggregate_scorecard(
    results: Sequence[HeuristicResult],
    weights: Mapping[str, float],
    min_confidence: float,
) -> Aggregate:
    """Combine results with the confidence-weighted mean described in the module docstring."""
    counted = [r for r in results if r.status is not Status.SKIPPED and weights.get(r.name, 0) > 0]
    total_weight = sum(weights[r.name] for r in counted)
    scored = [
        (weights[r.name], r) for r in counted if r.status is Status.OK and r.score is not None
    ]
    evidence = sum(w * r.confidence for w, r in scored)
    confidence = evidence / total_weight if total_weight else 0.0
    if evidence <= 0 or confidence < min_confidence:
        return Aggregate(
            score=None, grade=INSUFFICIENT, confidence=round(confidence, 4), method=METHOD
        )
    score = 100.0 * sum(w * r.confidence * (r.score or 0.0) for w, r in scored) / evidence
    score = round(min(100.0, max(0.0, score)), 1)
    return Aggregate(
        score=score, grade=grade_for(score), confidence=round(confidence, 4), method=METHOD
    )
