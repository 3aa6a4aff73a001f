"""Does the overall score track reliability? Measured on the labelled sets, across sets.

    python benchmarks/validity.py [--data DIR] [--plot docs/calibration.png] [--drop NAME ...]

(needs the `bench` extra: `pip install -e '.[bench]'` for scikit-learn and
matplotlib). Scores every usable article of BuzzFeed-Webis 2016 and FakeHealth
(title and text only) once with the installed built-in heuristics, then:

- fits the scoring model on one set and reports it on the other, both
  directions (with two sets this is leave-one-data-set-out), beside a TF-IDF
  + logistic-regression classifier trained on the same set, document length
  alone, and the former confidence-weighted mean of the heuristics' scores;
- reports the shipped model (fitted on both sets, so in-sample and
  optimistic) with its grade distribution per set;
- reports each heuristic's score and each model feature alone (AUROC per set,
  real = positive, in the feature's declared direction, not flipped per set);
- draws the calibration of the cross-set predictions to `--plot`.

`--drop NAME` (repeatable) leaves a candidate feature of `features.toml` out of
the cross-set fits, to measure what it adds: the same run with and without it.
"""

from __future__ import annotations

import argparse
import itertools
import math
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import msgspec
import numpy as np

from reliability.aggregation import INSUFFICIENT, aggregate_scorecard
from reliability.config import Settings
from reliability.models import HeuristicResult, Status
from reliability.scoring import fit, labelled
from reliability.scoring.fit import candidates, feature_matrix, fit_model, score_articles
from reliability.scoring.model import ScoreModel, explain, parts

ROOT = Path(__file__).resolve().parent.parent
SHORT = {"buzzfeed-webis-2016": "BuzzFeed", "fakehealth-healthstory": "FakeHealth"}


def auroc(scores: Sequence[float], y: Sequence[int]) -> float:
    """Area under the ROC curve (Mann-Whitney, ties counted half); real = positive."""
    return fit.auroc(np.asarray(scores, float), np.asarray(y, int))


def brier(p: Sequence[float], y: Sequence[int]) -> float:
    """Mean squared error of the probabilities."""
    return float(np.mean((np.asarray(p) - np.asarray(y)) ** 2))


def model_scores(model: ScoreModel, rows: Sequence[Sequence[HeuristicResult]]) -> list[float]:
    """The model's score (0-100) for each scored document."""
    out = []
    for row in rows:
        _, score, _, _ = explain(model, parts(model, row, {}))
        out.append(score)
    return out


FORMER = frozenset({"attribution", "hedging", "recycling", "originality", "figures"})


def former_mean(row: Sequence[HeuristicResult]) -> float:
    """The confidence-weighted mean of the former built-ins, the overall score before the model."""
    weights = {"originality": 0.7, "recycling": 0.8}
    scored = [r for r in row if r.name in FORMER and r.status is Status.OK and r.score is not None]
    evidence = sum(weights.get(r.name, 1.0) * r.confidence for r in scored)
    if evidence <= 0:
        return 50.0
    total = sum(weights.get(r.name, 1.0) * r.confidence * (r.score or 0.0) for r in scored)
    return 100.0 * total / evidence


def tfidf_baseline(train: list[str], y_train: list[int], test: list[str]) -> list[float]:
    """P(reliable) from TF-IDF (words and bigrams) + logistic regression."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectoriser = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    x = vectoriser.fit_transform(train)
    classifier = LogisticRegression(max_iter=2000, C=1.0)
    classifier.fit(x, y_train)
    return list(classifier.predict_proba(vectoriser.transform(test))[:, 1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=labelled.default_data_dir())
    parser.add_argument("--plot", type=Path, default=ROOT / "docs" / "calibration.png")
    parser.add_argument(
        "--drop", action="append", default=[], metavar="NAME", help="leave a candidate out"
    )
    args = parser.parse_args()
    if not args.data.is_dir():
        raise SystemExit(f"validity: no labelled data at {args.data}")
    spec = candidates()
    unknown = set(args.drop) - {f.name for f in spec.features}
    if unknown:
        raise SystemExit(f"validity: no candidate feature named {', '.join(sorted(unknown))}")
    spec = msgspec.structs.replace(
        spec, features=tuple(f for f in spec.features if f.name not in args.drop)
    )

    started = time.perf_counter()
    articles = {name: list(labelled.load(name, args.data)) for name in labelled.SETS}
    scored = {name: score_articles(arts) for name, arts in articles.items()}
    texts = {
        name: [f"{a.document.title or ''}\n{a.document.text}" for a in arts]
        for name, arts in articles.items()
    }
    print(
        f"scored {sum(map(len, articles.values()))} articles in "
        f"{time.perf_counter() - started:.0f} s\n"
    )

    names = list(labelled.SETS)
    print("## Fitted on one set, measured on the other (AUROC, Brier)\n")
    print(
        "| fitted on | measured on | fitted score AUROC | Brier | TF-IDF + LR AUROC | Brier "
        "| length alone | former mean |"
    )
    print("|---|---|---|---|---|---|---|---|")
    cross: dict[str, tuple[list[float], list[int]]] = {}
    for train in names:
        for test in names:
            if train == test:
                continue
            results, y, sets = scored[train]
            model = fit_model(results, y, sets, spec)
            t_results, t_y, _ = scored[test]
            p = [s / 100 for s in model_scores(model, t_results)]
            cross[test] = (p, t_y)
            base = tfidf_baseline(texts[train], y, texts[test])
            length = [math.log(len(t.split()) + 1) for t in texts[test]]
            former = [former_mean(r) for r in t_results]
            print(
                f"| {SHORT[train]} | {SHORT[test]} | **{auroc(p, t_y):.3f}** | "
                f"{brier(p, t_y):.3f} | {auroc(base, t_y):.3f} | {brier(base, t_y):.3f} | "
                f"{auroc(length, t_y):.3f} | {auroc(former, t_y):.3f} |"
            )

    min_confidence = Settings().min_confidence
    print("\n## The shipped model (fitted on both sets: in-sample)\n")
    print("| set | articles | real | AUROC | Brier | A | B | C | D | F | insufficient evidence |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    by_grade: dict[str, list[int]] = {}
    for name in names:
        results, y, _ = scored[name]
        cards = [aggregate_scorecard(row, {}, min_confidence) for row in results]
        scores = [c.score if c.score is not None else 0.0 for c in cards]
        grades = Counter(c.grade for c in cards)
        for c, label in zip(cards, y, strict=True):
            by_grade.setdefault(c.grade, []).append(label)
        by_grade_cells = " | ".join(str(grades.get(g, 0)) for g in [*"ABCDF", INSUFFICIENT])
        print(
            f"| {SHORT[name]} | {len(y)} | {sum(y)} | {auroc(scores, y):.3f} | "
            f"{brier([s / 100 for s in scores], y):.3f} | {by_grade_cells} |"
        )
    shares = ", ".join(
        f"{g} {np.mean(by_grade[g]):.0%} of {len(by_grade[g])}"
        for g in [*"ABCDF", INSUFFICIENT]
        if g in by_grade
    )
    print(f"\nShare rated reliable by grade (shipped model, both sets): {shares}")

    print("\n## Each signal alone (AUROC, real = positive, declared direction)\n")
    print("| signal | " + " | ".join(SHORT[n] for n in names) + " |")
    print("|---|" + "---|" * len(names))
    heuristics = sorted({r.name for n in names for row in scored[n][0] for r in row})
    for h in heuristics:
        cells: list[str] = []
        for name in names:
            results, y, _ = scored[name]
            pairs = [
                (r.score, label)
                for row, label in zip(results, y, strict=True)
                for r in row
                if r.name == h and r.score is not None
            ]
            scores, labels = [s for s, _ in pairs], [y for _, y in pairs]
            enough = len(set(labels)) == 2 and len(pairs) >= 50
            cells.append(f"{auroc(scores, labels):.3f}" if enough else "-")
        print(f"| `{h}` score | " + " | ".join(cells) + " |")
    for j, feature in enumerate(spec.features):
        cells = []
        for name in names:
            results, y, _ = scored[name]
            col = feature_matrix(spec.features, results)[:, j]
            seen = ~np.isnan(col)
            if seen.sum() < 50:
                cells.append("-")
                continue
            sign = feature.direction or 1
            cells.append(f"{auroc(sign * col[seen], np.asarray(y)[seen]):.3f}")
        print(
            f"| `{feature.name}` ({'+' if feature.direction >= 0 else '-'}) | "
            + " | ".join(cells)
            + " |"
        )

    draw_calibration(cross, args.plot)
    shown = args.plot.relative_to(ROOT) if args.plot.is_relative_to(ROOT) else args.plot
    print(f"\ncalibration plot: {shown}")


def draw_calibration(cross: dict[str, tuple[list[float], list[int]]], path: Path) -> None:
    """Observed share of reliable articles against predicted P(reliable), per measured set."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5, 5), dpi=100)
    ax.plot([0, 1], [0, 1], linestyle=":", color="grey", label="perfect calibration")
    edges = np.linspace(0, 1, 11)
    for name, (p, y) in cross.items():
        pa, ya = np.asarray(p), np.asarray(y)
        xs, ys, ns = [], [], []
        for lo, hi in itertools.pairwise(edges):
            mask = (pa >= lo) & (pa < hi if hi < 1 else pa <= hi)
            if mask.sum() >= 10:
                xs.append(pa[mask].mean())
                ys.append(ya[mask].mean())
                ns.append(mask.sum())
        ax.plot(xs, ys, marker="o", label=f"{SHORT[name]} (fitted on the other set)")
    ax.set_xlabel("predicted P(reliable) = score / 100")
    ax.set_ylabel("share rated reliable")
    ax.set_title("Calibration across data sets")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, metadata={"Software": None})
    plt.close(fig)


if __name__ == "__main__":
    main()
