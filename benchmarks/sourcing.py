"""The `sourcing` heuristic on the labelled sets: each metric's AUROC alone, and its speed.

    python benchmarks/sourcing.py [--data DIR]

Every usable article of BuzzFeed-Webis 2016 and FakeHealth HealthStory
(`reliability.scoring.labelled`: title and text only) is analysed and judged
by `Sourcing().evaluate`. For each metric, and the score (None, when no
document is cited, counted as 0.5), the rank AUROC (Mann-Whitney) with real
articles as positives, in the direction fixed before looking: named
documents, their share and kinds, links, a byline, a label and a corrections
notice are expected higher in real articles, vague documents lower. 0.5 is
chance; below 0.5 the signal runs the other way on that set. "share" columns:
how often a metric is non-zero among real / fake articles.

BuzzFeed's real articles come mostly from mainstream outlets and its fakes
from hyperpartisan pages; the `bf-partisan` column repeats BuzzFeed within
the six hyperpartisan pages only (the orientation is read from the data file
for this split and never shown to the heuristic).

Speed: `evaluate` alone, the shared analysis built beforehand, per article
and per 800 words (median).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import numpy as np
from reliability_heuristics.sourcing import Sourcing

from reliability import Analysis, Context
from reliability.scoring import labelled

# +1: expected higher in real articles; -1: expected lower.
SIGNS = {
    "score": +1,
    "named_documents_per_1k_words": +1,
    "vague_documents_per_1k_words": -1,
    "document_references_per_1k_words": +1,
    "named_document_share": +1,
    "named_document_kinds": +1,
    "links_per_1k_words": +1,
    "has_byline": +1,
    "opinion_label": -1,
    "corrections_notice": +1,
}


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


def orientations(data_dir: Path) -> dict[str, str]:
    path = data_dir / labelled.SETS["buzzfeed-webis-2016"]
    with path.open(encoding="utf-8") as fh:
        return {row["id"]: row["orientation"] for row in map(json.loads, fh)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=labelled.default_data_dir())
    args = parser.parse_args()
    heuristic = Sourcing()
    context = Context()
    orient = orientations(args.data)
    groups: dict[str, list[tuple[bool, dict[str, float]]]] = {
        "buzzfeed": [],
        "fakehealth": [],
        "bf-partisan": [],
    }
    per_article: list[float] = []
    per_800: list[float] = []
    for name, column in (
        ("buzzfeed-webis-2016", "buzzfeed"),
        ("fakehealth-healthstory", "fakehealth"),
    ):
        for art in labelled.load(name, args.data):
            doc = Analysis(art.document)
            doc.tokens, doc.sentences, doc.names, doc.numbers, doc.dates, doc.folded  # noqa: B018
            start = time.perf_counter()
            out = heuristic.evaluate(doc, context)
            elapsed = (time.perf_counter() - start) * 1000
            per_article.append(elapsed)
            per_800.append(elapsed * 800 / max(doc.word_count, 50))
            score = 0.5 if out.score is None else out.score
            row = (art.reliable, {"score": score, **out.metrics})
            groups[column].append(row)
            if column == "buzzfeed" and orient[art.id] != "mainstream":
                groups["bf-partisan"].append(row)
    header = f"{'metric':34s}" + "".join(f"{g:>13s}" for g in groups)
    print(header + "   share real/fake (buzzfeed, fakehealth)")
    for key, sign in SIGNS.items():
        cells = []
        shares = []
        for column, rows in groups.items():
            pos = [sign * float(m[key]) for real, m in rows if real]
            neg = [sign * float(m[key]) for real, m in rows if not real]
            cells.append(f"{auroc(pos, neg):13.3f}")
            if column != "bf-partisan" and key != "score":
                nonzero = [np.mean([v != 0 for v in side]) for side in (pos, neg)]
                shares.append(f"{nonzero[0]:.2f}/{nonzero[1]:.2f}")
        print(f"{key:34s}" + "".join(cells) + "   " + "  ".join(shares))
    counts = ", ".join(
        f"{g}: {sum(r for r, _ in rows)} real / {sum(not r for r, _ in rows)} fake"
        for g, rows in groups.items()
    )
    print(counts)
    print(
        f"evaluate: median {statistics.median(per_article):.3f} ms per article, "
        f"{statistics.median(per_800):.3f} ms per 800 words"
    )


if __name__ == "__main__":
    main()
