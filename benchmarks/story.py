"""How story comparison grows with the story: 10, 100 and 1,000 documents of one story.

A story of N real-length articles: four fifths PolNeAR articles
(`../shared/data/polnear`, US political news of 2015-2016, drawn at random
with a fixed seed) and one fifth rewrites of some of them (the rewriter of
`benchmarks/copies.py`: sentences dropped, merged and swapped, synonyms,
typos, a new headline, no credit). Without PolNeAR, the articles are
synthetic 800-word ones (`benchmarks/synthetic.py`), which share far more of
their words than real coverage does.

Each story is scored as a user would, `Engine.score_many(docs, compare=True)`,
CPU time of the whole call: once with `originality` alone (story comparison)
and once with every built-in (`recycling`'s reading date fixed). Prints the
time of each size, the pairs the filter let through to the alignment, the
relations found, and the 1000/100 time ratio beside its target (<= 15x).

    python benchmarks/story.py [--sizes 10 100 1000] [--only-originality]
"""

from __future__ import annotations

import argparse
import csv
import random
import time

from copies import POLNEAR, rewrite
from reliability_heuristics.originality import heuristic as originality
from reliability_heuristics.originality.relation import story_relations
from synthetic import article

from reliability import Analysis, Context, Document, Engine, make_document
from reliability.config import Settings

TARGET_RATIO = 15.0
REWRITTEN = 0.2  # the share of the story that rewrites another of its documents


def originals(n: int, rng: random.Random) -> list[Document]:
    """`n` distinct articles: PolNeAR ones when present, else synthetic."""
    if not POLNEAR.is_dir():
        return [
            make_document(article(rng, 800), published=f"2025-11-{1 + k % 28:02}") for k in range(n)
        ]
    with (POLNEAR / "metadata.tsv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    rows = rng.sample(rows, min(n, len(rows)))
    return [
        make_document(
            (POLNEAR / r["compartment"] / "text" / f"{r['filename']}.txt").read_text("utf-8"),
            outlet=r["publisher"],
            title=r["title"][:2000] or None,
            published=r["publication_date"] or None,
        )
        for r in rows
    ]


def story(n: int, pool: list[Document], seed: int = 5) -> list[Document]:
    """A story of `n` documents: originals from `pool` and rewrites of some of them."""
    rng = random.Random(seed)
    k = n - round(n * REWRITTEN)
    kept = pool[:k]
    copies = [rewrite(rng.choice(kept), rng, f"2026-01-{1 + i % 28:02}") for i in range(n - k)]
    docs = kept + copies
    rng.shuffle(docs)
    return docs


def measure(engine: Engine, docs: list[Document]) -> float:
    start = time.process_time()
    for _ in engine.score_many(docs, compare=True):
        pass
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--only-originality", action="store_true")
    args = parser.parse_args()
    pool = originals(max(args.sizes), random.Random(3))
    source = "PolNeAR" if POLNEAR.is_dir() else "synthetic"
    engines = {"originality": Engine(Settings(), entry_points=False, plugins=[originality])}
    if not args.only_originality:
        engines["every built-in"] = Engine(Settings(options={"recycling": {"today": "2026-11-23"}}))
    print(f"stories of {source} articles, a fifth of them rewrites; CPU seconds of score_many")
    for label, engine in engines.items():
        times: dict[int, float] = {}
        for n in args.sizes:
            docs = story(n, pool)
            times[n] = measure(engine, docs)
            # The filter's work, on fresh analyses (what the engine kept is gone).
            found = story_relations([Analysis(d) for d in docs], Context())
            print(
                f"{label:<15} {n:>5} documents: {times[n]:8.2f} s "
                f"({times[n] / n * 1000:6.1f} ms a document); "
                f"{found.candidates} of {n * (n - 1) // 2} pairs aligned, "
                f"{len(found.derivations)} relations"
            )
        if 100 in times and 1000 in times:
            ratio = times[1000] / times[100]
            flag = "" if ratio <= TARGET_RATIO else "  OVER"
            target = f"target <= {TARGET_RATIO:.0f}x"
            print(f"{label:<15} 1000/100 time ratio: {ratio:.1f}x ({target}){flag}")


if __name__ == "__main__":
    main()
