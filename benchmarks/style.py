"""The `style` heuristic on the labelled sets: each metric's AUROC alone, and its speed.

    python benchmarks/style.py [--data DIR]

Every usable article of BuzzFeed-Webis 2016 and FakeHealth HealthStory
(`reliability.scoring.labelled`: title and text only) is analysed and judged
by `Style().evaluate`. For each metric, and the score, the rank AUROC
(Mann-Whitney) with real articles as positives, in the direction fixed
before looking: a cue rate is expected lower in real articles, the score
higher. 0.5 is chance; below 0.5 the signal runs the other way on that set.

BuzzFeed's real articles come mostly from mainstream outlets and its fakes
from hyperpartisan pages, so a style signal there partly tells outlets apart;
the `bf-partisan` column repeats BuzzFeed within the six hyperpartisan pages
only (the outlet is read from the data file for this split and never shown
to the heuristic). Fake articles are shorter in both sets, and a short text
more often holds no cue at all (a rate of 0), which ranks it as calm; the
`-by-length` columns average the AUROC within thirds of each set by word
count, so that length cannot carry the signal.

Speed: `evaluate` alone, the shared analysis built beforehand (tokens,
sentences, quotations, names, numbers, dates touched first, as the engine's
other heuristics would), the best of three runs of each article, in ms per
800 words over all articles.
"""

from __future__ import annotations

import argparse
import json
import math
import time
from pathlib import Path

import numpy as np
from reliability_heuristics.style import Style

from reliability import Analysis, Context
from reliability.scoring import labelled

HYPERPARTISAN = frozenset(
    {
        "Addicting Info",
        "Occupy Democrats",
        "The Other 98%",
        "Right Wing News",
        "Eagle Rising",
        "Freedom Daily",
    }
)


# The shared analysis other heuristics compute first; not counted in the timing.
SHARED = ("tokens", "sentences", "quotations", "names", "numbers", "dates", "folded", "word_count")


def auroc(positives: list[float], negatives: list[float]) -> float:
    """P(a positive ranks above a negative), ties counted half (Mann-Whitney U / n1 n2)."""
    values = np.asarray(positives + negatives, dtype=float)
    order = values.argsort(kind="mergesort")
    ranks = np.empty(len(values))
    sorted_values = values[order]
    i = 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and sorted_values[j + 1] == sorted_values[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    n1, n2 = len(positives), len(negatives)
    return float((ranks[:n1].sum() - n1 * (n1 + 1) / 2) / (n1 * n2))


def oriented(metric: str, rows: list[tuple[bool, dict[str, float]]]) -> float:
    """AUROC of real over fake: the score higher for real, every other metric lower."""
    pos = [v[metric] for r, v in rows if r]
    neg = [v[metric] for r, v in rows if not r]
    a = auroc(pos, neg)
    return a if metric == "score" else 1.0 - a


def thirds(rows: list[tuple[bool, dict[str, float]]]) -> list[list[tuple[bool, dict[str, float]]]]:
    """The rows in three groups by word count."""
    ordered = sorted(rows, key=lambda row: row[1]["words"])
    size = len(ordered) // 3
    return [ordered[:size], ordered[size : 2 * size], ordered[2 * size :]]


def outlets(data_dir: Path | None) -> dict[str, str]:
    path = labelled.dataset_path("buzzfeed-webis-2016", data_dir)
    with path.open(encoding="utf-8") as fh:
        return {row["id"]: row.get("outlet") or "" for row in map(json.loads, fh)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="folder of the labelled sets")
    args = parser.parse_args()

    style = Style()
    context = Context()
    outlet_of = outlets(args.data)
    columns: dict[str, list[tuple[bool, dict[str, float]]]] = {}
    elapsed, words = 0.0, 0
    for name in labelled.SETS:
        rows = []
        partisan = []
        for art in labelled.load(name, args.data):
            doc = Analysis(art.document)
            for prop in (
                "tokens",
                "sentences",
                "quotations",
                "names",
                "numbers",
                "dates",
                "folded",
            ):
                getattr(doc, prop)
            best = math.inf
            for _ in range(3):
                t0 = time.perf_counter()
                outcome = style.evaluate(doc, context)
                best = min(best, time.perf_counter() - t0)
            elapsed += best
            words += doc.word_count
            values = {k: float(v) for k, v in outcome.metrics.items()}
            values["words"] = float(doc.word_count)
            values["score"] = outcome.score if outcome.score is not None else 1.0
            rows.append((art.reliable, values))
            if outlet_of.get(art.id) in HYPERPARTISAN:
                partisan.append((art.reliable, values))
        short = "buzzfeed" if name.startswith("buzzfeed") else "fakehealth"
        columns[short] = rows
        if partisan:
            columns["bf-partisan"] = partisan
        columns[f"{short[:2]}-by-length"] = rows

    names = [k for k in columns["buzzfeed"][0][1] if k not in ("assertions", "words")]
    print(f"{'metric':36}" + "".join(f"{c:>14}" for c in columns))
    counts = (f"{sum(r for r, _ in v)}/{sum(not r for r, _ in v)}" for v in columns.values())
    print(f"{'(real/fake articles)':36}" + "".join(f"{c:>14}" for c in counts))
    for metric in names:
        line = f"{metric:36}"
        for column, rows in columns.items():
            groups = thirds(rows) if column.endswith("-by-length") else [rows]
            a = float(np.mean([oriented(metric, group) for group in groups]))
            line += f"{a:14.3f}"
        print(line)
    print(f"\nevaluate: {1000 * elapsed / words * 800:.3f} ms per 800 words ({words:,} words)")


if __name__ == "__main__":
    main()
