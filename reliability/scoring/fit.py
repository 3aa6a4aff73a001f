"""Fitting the scoring model on the labelled sets, deterministically.

    python -m reliability.scoring.fit [--data DIR] [--out PATH] [--check]

scores every usable labelled article with the installed built-in heuristics
(title and text only; see `reliability.scoring.labelled`), reads the
candidate features of `features.toml` from the results, and fits a logistic
regression by Newton's method with a fixed ridge penalty toward a weak prior
(each feature in its declared direction), in float64, with no
randomness, so a refit on the same data and code gives the same file.
Each data set weighs the same in the fit whatever its size, and within a set
each class weighs the same, so neither the larger set nor either set's share
of fakes sets the intercept: the baseline is an article the model cannot
tell either way.

Transfer screen: a candidate enters the fit only if, alone and in its
declared direction, it separates reliable from unreliable articles in every
data set fitted on (AUROC at least `SCREEN_MIN` in each, `SCREEN_MEAN` on
average); a signal that works in one set and reverses in the other is
learning that set, not reliability. Each feature's AUROC per set is kept in
the model file.

Monotone constraints: a feature whose weight comes out against its declared
direction is held at zero and the rest refitted, until every weight agrees.
`--check` refits and compares with the shipped file instead of writing it.
"""

from __future__ import annotations

import argparse
import math
import subprocess
import sys
import tomllib
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path

import msgspec
import numpy as np

from reliability.models import HeuristicResult
from reliability.scoring import labelled
from reliability.scoring.model import MODEL_FILE, Band, Feature, ScoreModel

# A weakly informative prior: each feature that passed the screen is expected to move the
# log-odds by PRIOR_COEF per standard deviation in its declared direction, and the ridge
# penalty L2 (per unit of total sample weight) pulls its weight toward that, not toward 0.
# Fitted on one labelled set and measured on the other, this transfers better than
# shrinking toward zero (benchmarks/validity.py), at a small cost within the set.
PRIOR_COEF = 0.3
L2 = 1000.0
CLIP_PERCENTILES = (1.0, 99.0)
MAX_OPEN_POINTS = 20.0
SCREEN_MIN = 0.49
SCREEN_MEAN = 0.53
DIGITS = 6


class Candidates(msgspec.Struct, frozen=True, kw_only=True):
    """The feature spec file."""

    one_sided: tuple[str, ...] = ()
    bands: tuple[Band, ...]
    features: tuple[Feature, ...]


def candidates() -> Candidates:
    """The candidate features, bands and one-sided heuristics of `features.toml`."""
    text = resources.files("reliability.scoring").joinpath("features.toml").read_text("utf-8")
    return msgspec.convert(tomllib.loads(text), Candidates)


def feature_matrix(
    features: Sequence[Feature], results: Sequence[Sequence[HeuristicResult]]
) -> np.ndarray:
    """Transformed feature values, one row per document; NaN where a value is missing."""
    x = np.full((len(results), len(features)), np.nan)
    for i, row in enumerate(results):
        by_name = {r.name: r for r in row}
        for j, feature in enumerate(features):
            result = by_name.get(feature.heuristic)
            if result is None or result.status != "ok":
                continue
            raw = feature.raw(result)
            if raw is not None:
                x[i, j] = feature.transformed(raw)
    return x


def standardise(
    features: Sequence[Feature], x: np.ndarray, weights: np.ndarray
) -> tuple[list[Feature], np.ndarray]:
    """Clip bounds, mean and scale of each feature from the data; the standardised matrix."""
    out, z = [], np.zeros_like(x)
    for j, feature in enumerate(features):
        col, seen = x[:, j], ~np.isnan(x[:, j])
        if seen.sum() < 2:
            out.append(msgspec.structs.replace(feature, lo=0.0, hi=0.0, mean=0.0, scale=1.0))
            continue
        lo, hi = (float(v) for v in np.percentile(col[seen], CLIP_PERCENTILES))
        clipped = np.clip(col[seen], lo, hi)
        w = weights[seen] / weights[seen].sum()
        mean = float(np.dot(w, clipped))
        scale = float(math.sqrt(np.dot(w, (clipped - mean) ** 2))) or 1.0
        out.append(
            msgspec.structs.replace(feature, lo=_r(lo), hi=_r(hi), mean=_r(mean), scale=_r(scale))
        )
        z[seen, j] = (clipped - out[-1].mean) / out[-1].scale
    return out, z


def logistic(
    z: np.ndarray,
    y: np.ndarray,
    weights: np.ndarray,
    free: np.ndarray,
    prior: np.ndarray | None = None,
) -> np.ndarray:
    """Weighted logistic regression by Newton's method, ridge toward `prior`: [intercept, coefs].

    `prior` holds the expected weight of each feature (zero when None).
    """
    n, k = z.shape
    design = np.hstack([np.ones((n, 1)), z[:, free]])
    centre = np.zeros(design.shape[1])
    if prior is not None:
        centre[1:] = prior[free]
    beta = centre.copy()
    penalty = np.full(design.shape[1], L2 * weights.sum() / n)
    penalty[0] = 0.0
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-(design @ beta)))
        gradient = design.T @ (weights * (y - p)) - penalty * (beta - centre)
        hessian = (design * (weights * p * (1 - p))[:, None]).T @ design + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        beta = beta + step
        if np.max(np.abs(step)) < 1e-12:
            break
    full = np.zeros(k + 1)
    full[0] = beta[0]
    full[1:][free] = beta[1:]
    return full


def fit_monotone(
    z: np.ndarray,
    y: np.ndarray,
    weights: np.ndarray,
    directions: np.ndarray,
    free: np.ndarray | None = None,
) -> np.ndarray:
    """Fit, then hold at zero each weight against its direction and refit, until none is."""
    free = np.ones(z.shape[1], dtype=bool) if free is None else free.copy()
    prior = PRIOR_COEF * directions
    while True:
        beta = logistic(z, y, weights, free, prior)
        wrong = free & (directions != 0) & (np.sign(beta[1:]) * directions < 0)
        if not wrong.any():
            return beta
        # Release one at a time, the worst first, so the result does not depend on ties.
        worst = int(np.argmax(np.where(wrong, np.abs(beta[1:]), -1.0)))
        free[worst] = False


def auroc(scores: np.ndarray, y: np.ndarray) -> float:
    """Area under the ROC curve, positives = 1, ties counted half (Mann-Whitney U)."""
    order = np.argsort(scores, kind="mergesort")
    ranked = scores[order]
    ranks = np.empty(len(scores))
    i = 0
    while i < len(ranked):
        j = i
        while j + 1 < len(ranked) and ranked[j + 1] == ranked[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    n1 = float(y.sum())
    n0 = len(y) - n1
    if n1 == 0 or n0 == 0:
        return 0.5
    return float((ranks[y == 1].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def screen(
    features: Sequence[Feature], x: np.ndarray, y: np.ndarray, datasets: Sequence[str]
) -> tuple[np.ndarray, list[dict[str, float]]]:
    """Which features pass the transfer screen, and each one's AUROC alone per set."""
    names = np.asarray(datasets)
    passed, table = np.zeros(len(features), dtype=bool), []
    for j, feature in enumerate(features):
        sign = feature.direction or 1
        per_set = {}
        for name in sorted(set(datasets)):
            mask = (names == name) & ~np.isnan(x[:, j])
            per_set[name] = round(auroc(sign * x[mask, j], y[mask]), 4) if mask.sum() else 0.5
        values = list(per_set.values())
        passed[j] = min(values) >= SCREEN_MIN and sum(values) / len(values) >= SCREEN_MEAN
        table.append(per_set)
    return passed, table


def balanced_weights(datasets: Sequence[str], y: np.ndarray) -> np.ndarray:
    """Each data set weighs 1 in all, and within it each class weighs a half."""
    names = np.asarray(datasets)
    w = np.zeros(len(y))
    for name in sorted(set(datasets)):
        for label in (0, 1):
            mask = (names == name) & (y == label)
            if mask.any():
                w[mask] = 0.5 / mask.sum()
    return w * len(y) / w.sum()


def fit_model(
    results: Sequence[Sequence[HeuristicResult]],
    y: Sequence[int],
    datasets: Sequence[str],
    spec: Candidates | None = None,
    fitted_on: dict[str, object] | None = None,
) -> ScoreModel:
    """The scoring model fitted on scored documents with their labels."""
    spec = spec or candidates()
    labels = np.asarray(y, dtype=float)
    weights = balanced_weights(datasets, labels)
    x = feature_matrix(spec.features, results)
    passed, table = screen(spec.features, x, labels, datasets)
    features, z = standardise(spec.features, x, weights)
    directions = np.asarray([f.direction for f in features], dtype=float)
    beta = fit_monotone(z, labels, weights, directions, passed)
    fitted = tuple(
        msgspec.structs.replace(f, coef=_r(float(b)) + 0.0, auroc=aurocs, screened=bool(ok))
        for f, b, aurocs, ok in zip(features, beta[1:], table, passed, strict=True)
    )
    return ScoreModel(
        method="logistic regression",
        intercept=_r(float(beta[0])),
        features=fitted,
        bands=spec.bands,
        max_open_points=MAX_OPEN_POINTS,
        one_sided=spec.one_sided,
        fitted_on=fitted_on or {},
    )


def _r(value: float) -> float:
    return round(value, DIGITS)


def score_articles(
    articles: Iterable[labelled.LabelledArticle],
) -> tuple[list[list[HeuristicResult]], list[int], list[str]]:
    """Every article scored with the installed heuristics (no peers): results, labels, sets."""
    from reliability.engine import Engine

    engine = Engine()
    results, y, sets = [], [], []
    for article in articles:
        card = engine.score(article.document)
        results.append(list(card.heuristics))
        y.append(int(article.reliable))
        sets.append(article.dataset)
    return results, y, sets


def provenance(data_dir: Path, y: Sequence[int], sets: Sequence[str]) -> dict[str, object]:
    """What a model was fitted on: each file's digest and counts, and the code's commit."""
    out: dict[str, object] = {}
    for name in sorted(set(sets)):
        rows = [label for label, s in zip(y, sets, strict=True) if s == name]
        out[name] = {
            "file": labelled.SETS[name],
            "sha256": labelled.digest(labelled.dataset_path(name, data_dir)),
            "articles": len(rows),
            "reliable": sum(rows),
        }
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).resolve().parent,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    return {"datasets": out, "commit": commit}


def shipped_path() -> Path:
    """Where the shipped model lives in the source tree."""
    return Path(__file__).resolve().parent.parent / "data" / MODEL_FILE


def encode(model: ScoreModel) -> bytes:
    """The model file's bytes: indented JSON with a final newline."""
    return msgspec.json.format(msgspec.json.encode(model), indent=2) + b"\n"


def same_fit(a: ScoreModel, b: ScoreModel) -> bool:
    """Whether two models are the same fit (the commit they were fitted at aside)."""

    def strip(m: ScoreModel) -> ScoreModel:
        info = dict(m.fitted_on)
        info.pop("commit", None)
        return msgspec.structs.replace(m, fitted_on=info)

    return encode(strip(a)) == encode(strip(b))


def main(argv: Sequence[str] | None = None) -> int:
    """Fit (or `--check`) the shipped scoring model."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=labelled.default_data_dir())
    parser.add_argument("--out", type=Path, default=shipped_path())
    parser.add_argument("--check", action="store_true", help="compare a refit with --out")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"fit: no labelled data at {args.data}", file=sys.stderr)
        return 2
    articles = [a for name in labelled.SETS for a in labelled.load(name, args.data)]
    results, y, sets = score_articles(articles)
    model = fit_model(results, y, sets, fitted_on=provenance(args.data, y, sets))
    if args.check:
        shipped = msgspec.json.decode(args.out.read_bytes(), type=ScoreModel)
        if not same_fit(model, shipped):
            print(f"fit: a refit differs from {args.out}", file=sys.stderr)
            return 1
        print(f"fit: a refit reproduces {args.out}")
        return 0
    args.out.write_bytes(encode(model))
    print(f"fit: wrote {args.out} ({len(articles)} articles)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
