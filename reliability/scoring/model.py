"""The fitted scoring model: P(reliable) from the heuristics' scores and named metrics.

The model is a logistic regression over a few features, each read from one
heuristic's result (its score, one of its metrics, or a ratio of two), after
a fixed transform (`identity`, `log1p`, `sqrt`), clipped to the range seen in
the fitting data (so no value the author can push past that range moves the
score further), centred on the fitting data's mean and divided by its
standard deviation:

    z_j   = (clip(t(x_j), lo_j, hi_j) - mean_j) / scale_j
    L     = intercept + sum_h  w_h * sum_{j in h} coef_j * z_j
    score = 100 * sigmoid(L)

`w_h` is the heuristic's weight: 1 reads it as fitted, 0 leaves it at the
baseline. A heuristic the model was not fitted on (a third party's, or a
cross-document one, since the labelled sets have no coverage to compare)
enters as a *prior* term of fixed, small strength:
`w_h * PRIOR_LOGIT * confidence * (2 * score - 1)`.

The **baseline** is `100 * sigmoid(intercept)`: the score of an article on
which every feature reads at its fitted mean. Each heuristic's
**contribution** in points is its part of `L - intercept` carried through the
sigmoid along the straight line from the baseline (exact for a sum inside one
monotone function):

    points_h = 100 * (sigmoid(L) - sigmoid(intercept)) * L_h / (L - intercept)

(the sigmoid's slope at the baseline when `L = intercept`), so the
contributions add up to `score - baseline` and each has the sign of its
effect.

A heuristic that **failed or timed out** counts at its least favourable value
(each feature at the end of its fitted range that lowers the score, or score
0 at full confidence for a prior term): the score is a lower bound, and
`score_range` runs up to its most favourable value. The author controls the
text, and so can make a heuristic fail; this way a failure never raises the
score. A heuristic with nothing to judge (score None), or disabled or
excluded by the user, sits at the baseline and says so.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from reliability.models import Contribution, HeuristicResult, Reason, Status

MODEL_FILE = "score_model.json"
# The strength of a heuristic the model was not fitted on, in log-odds at score 0 or 1
# and full confidence: about 12 points either way from a baseline of 50.
PRIOR_LOGIT = 0.5
Transform = Literal["identity", "log1p", "sqrt"]


class Feature(msgspec.Struct, frozen=True, kw_only=True):
    """One input of the model, read from one heuristic's result."""

    name: Annotated[str, Meta(description="`heuristic.metric`, or `heuristic.score`.")]
    heuristic: str
    source: Annotated[str, Meta(description="`score`, or the name of a metric.")]
    per: Annotated[
        str | None, Meta(description="A metric to divide by (plus one), for a rate.")
    ] = None
    transform: Transform = "identity"
    direction: Annotated[
        int,
        Meta(description="+1 when a higher value should mean more reliable, -1 less, 0 either."),
    ] = 0
    label: Annotated[str, Meta(description="What the feature is, for a reader.")]
    lo: float = 0.0
    hi: float = 0.0
    mean: float = 0.0
    scale: float = 1.0
    coef: float = 0.0
    auroc: Annotated[
        dict[str, float], Meta(description="Its AUROC alone per data set fitted on.")
    ] = {}
    screened: Annotated[
        bool, Meta(description="Whether it passed the transfer screen and entered the fit.")
    ] = False

    def raw(self, result: HeuristicResult) -> float | None:
        """The feature's value in a result before transform, or None when it has none."""
        if self.source == "score":
            value: object = result.score
        else:
            value = result.metrics.get(self.source)
        if not isinstance(value, int | float) or isinstance(value, bool):
            return None
        x = float(value)
        if self.per is not None:
            denominator = result.metrics.get(self.per)
            # A rate over nothing is no evidence either way: a text with no checkable
            # assertion has no unattributed ones to be credited for. It sits at the average.
            if not isinstance(denominator, int | float) or denominator <= 0:
                return None
            x = x / (float(denominator) + 1.0)
        return x if math.isfinite(x) else None

    def transformed(self, x: float) -> float:
        """The transform, applied to a raw value."""
        if self.transform == "log1p":
            return math.log1p(max(x, 0.0))
        if self.transform == "sqrt":
            return math.sqrt(max(x, 0.0))
        return x

    def logit(self, t: float) -> float:
        """This feature's part of the log-odds at transformed value `t`."""
        z = (min(self.hi, max(self.lo, t)) - self.mean) / self.scale
        return self.coef * z

    def bounds(self) -> tuple[float, float]:
        """The least and most favourable parts of the log-odds over the fitted range."""
        a, b = self.logit(self.lo), self.logit(self.hi)
        return (min(a, b), max(a, b))


class Band(msgspec.Struct, frozen=True):
    """A letter grade and the lowest score (100 * P(reliable)) that earns it."""

    grade: str
    min_score: float


class ScoreModel(msgspec.Struct, frozen=True, kw_only=True):
    """A fitted model and what it was fitted on."""

    method: str
    intercept: float
    features: tuple[Feature, ...]
    bands: tuple[Band, ...]
    max_open_points: Annotated[
        float,
        Meta(description="The grade is `insufficient evidence` when failures leave more open."),
    ]
    one_sided: Annotated[
        tuple[str, ...],
        Meta(
            description=(
                "Heuristics the model was not fitted on whose favourable reading is only the "
                "absence of evidence (no copy among the peers searched): their prior term "
                "can lower the score, never raise it."
            )
        ),
    ] = ()
    fitted_on: dict[str, object] = {}

    def heuristics(self) -> set[str]:
        """The heuristics the model reads."""
        return {f.heuristic for f in self.features}

    def grade(self, score: float) -> str:
        """The letter grade for a score."""
        for band in self.bands:
            if score >= band.min_score:
                return band.grade
        return self.bands[-1].grade


def sigmoid(x: float) -> float:
    """The logistic function, safe for large |x|."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


@cache
def load_model() -> ScoreModel:
    """The shipped model (`reliability/data/score_model.json`)."""
    # Read beside the package rather than through importlib.resources, whose import
    # (tempfile, zipfile and the compression modules) costs a start of the command.
    data = (Path(__file__).resolve().parent.parent / "data" / MODEL_FILE).read_bytes()
    return msgspec.json.decode(data, type=ScoreModel)


class Part(msgspec.Struct, frozen=True, kw_only=True):
    """One heuristic's log-odds part: the value used, and the open range a failure leaves."""

    heuristic: str
    basis: Literal["fitted", "prior", "lower-bound", "baseline"]
    logit: float
    high: float
    reach: float = 0.0
    evidence: float = 0.0
    reasons: tuple[tuple[str, float], ...] = ()


def parts(
    model: ScoreModel, results: Sequence[HeuristicResult], weights: Mapping[str, float]
) -> list[Part]:
    """Each heuristic's part of the log-odds, in run order."""
    by_heuristic: dict[str, list[Feature]] = {}
    for feature in model.features:
        by_heuristic.setdefault(feature.heuristic, []).append(feature)
    out = []
    for result in results:
        w = float(weights.get(result.name, 1.0))
        features = by_heuristic.get(result.name)
        failed = result.status in (Status.ERROR, Status.TIMEOUT)
        if w <= 0 or result.status is Status.SKIPPED:
            out.append(Part(heuristic=result.name, basis="baseline", logit=0.0, high=0.0))
            continue
        if features is None:
            out.append(_prior_part(result, w, failed, result.name in model.one_sided))
            continue
        low = sum(f.bounds()[0] for f in features) * w
        high = sum(f.bounds()[1] for f in features) * w
        if failed:
            out.append(
                Part(
                    heuristic=result.name,
                    basis="lower-bound",
                    logit=low,
                    high=high,
                    reach=high - low,
                )
            )
        else:
            reasons = []
            for f in features:
                x = f.raw(result)
                if x is not None:
                    t = f.transformed(x)
                    side = "above" if t > f.mean else "below"
                    reasons.append((f"{f.label}: {side} average", w * f.logit(t)))
            total = sum(v for _, v in reasons)
            basis: Literal["fitted", "baseline"] = "fitted" if reasons else "baseline"
            reasons.sort(key=lambda r: -abs(r[1]))
            out.append(
                Part(
                    heuristic=result.name,
                    basis=basis,
                    logit=total,
                    high=total,
                    reach=high - low,
                    evidence=result.confidence if reasons else 0.0,
                    reasons=tuple(reasons),
                )
            )
    return out


def _prior_part(result: HeuristicResult, w: float, failed: bool, one_sided: bool) -> Part:
    top = 0.0 if one_sided else w * PRIOR_LOGIT
    reach = top + w * PRIOR_LOGIT
    if failed:
        return Part(
            heuristic=result.name,
            basis="lower-bound",
            logit=-w * PRIOR_LOGIT,
            high=top,
            reach=reach,
        )
    if result.score is None:
        return Part(heuristic=result.name, basis="baseline", logit=0.0, high=0.0, reach=reach)
    value = min(top, w * PRIOR_LOGIT * result.confidence * (2.0 * result.score - 1.0))
    return Part(
        heuristic=result.name,
        basis="prior",
        logit=value,
        high=value,
        reach=reach,
        evidence=result.confidence,
    )


def slope(intercept: float, logit: float) -> float:
    """Points per unit of log-odds on the straight line from the baseline to `logit`.

    `slope * L_h` is a part's contribution; they add up to `score - baseline`.
    """
    delta = logit - intercept
    if abs(delta) > 1e-9:
        return 100.0 * (sigmoid(logit) - sigmoid(intercept)) / delta
    p = sigmoid(intercept)
    return 100.0 * p * (1.0 - p)


def explain(
    model: ScoreModel, items: Sequence[Part], *, digits: int = 1
) -> tuple[float, float, float, tuple[Contribution, ...]]:
    """Baseline, score (a lower bound), best case and rounded contributions that add up exactly."""
    low = model.intercept + sum(p.logit for p in items)
    high = model.intercept + sum(p.high for p in items)
    base = round(100.0 * sigmoid(model.intercept), digits)
    k = slope(model.intercept, low)
    points = [k * item.logit for item in items]
    score = round(100.0 * sigmoid(low), digits)
    best = round(100.0 * sigmoid(high), digits)
    rounded = [round(v, digits) for v in points]
    # Rounding each part must not break the sum: the largest part absorbs the residue.
    residue = round(score - base - sum(rounded), digits)
    absorbs = max(range(len(rounded)), key=lambda j: abs(points[j]), default=-1)
    if residue and absorbs >= 0:
        rounded[absorbs] = round(rounded[absorbs] + residue, digits)
    out = []
    for index, (item, pts) in enumerate(zip(items, rounded, strict=True)):
        shown = [round(k * v, digits) for _, v in item.reasons]
        if index == absorbs and shown:
            # The part that absorbed the rounding passes it on to its largest reason.
            shown[0] = round(shown[0] + residue, digits)
        reasons = tuple(
            Reason(label=label, points=value)
            for (label, _), value in zip(item.reasons, shown, strict=True)
            if value != 0
        )
        open_points = 0.0
        if item.basis == "lower-bound":
            reached = round(100.0 * sigmoid(low - item.logit + item.high), digits)
            open_points = round(reached - score, digits)
        out.append(
            Contribution(
                heuristic=item.heuristic,
                points=pts,
                basis=item.basis,
                reasons=reasons,
                open_points=open_points,
            )
        )
    return base, score, best, tuple(out)
