"""Speed of the `figures` heuristic: extraction per article, and a five-document story.

    python benchmarks/figures.py [--repeat 30] [--articles 100]

Prints medians (ms) of:

- **extraction**: `extract_claims` and `figures_of` (claims read for
  comparison) per article, on the seeds, on PolNeAR dev news articles
  (`../shared/data/polnear/dev/text`, when present) and on synthetic
  800-word articles (`benchmarks/synthetic.py`, about four times denser in
  figures than news), with the shared analysis (tokens, sentences,
  numbers, dates, names) computed beforehand, as the engine's other
  heuristics need it anyway; and per 800 words;
- **story**: a five-document story scored through an engine (each document
  against the four others) with `recycling`, `originality` and `figures`,
  from fresh analyses each time, on the seed story and on synthetic stories
  of five 800-word articles: `figures` is the time of the five `figures`
  results alone (the time-of-writing estimates and copy relations are the
  other two heuristics' products, computed before it runs); `with products`
  adds the `recycling` and `originality` results that make them.

A reference loop (ns per iteration of a fixed Python loop) is printed with
the figures: this VM's speed changes from minute to minute.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import msgspec
from reliability_heuristics.figures import heuristic as figures_plugin
from reliability_heuristics.figures.align import figures_of
from reliability_heuristics.figures.claims import extract_claims
from reliability_heuristics.originality import heuristic as originality_plugin
from reliability_heuristics.recycling import heuristic as recycling_plugin

from reliability import Analysis, Document, Engine, make_document
from reliability.config import Settings

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import article

ROOT = Path(__file__).resolve().parent.parent
POLNEAR_DEV = ROOT.parent / "shared" / "data" / "polnear" / "dev" / "text"
OPTIONS = {"today": "2026-11-23"}


def reference_loop() -> float:
    """ns per iteration of a fixed loop, to compare runs on a VM of varying speed."""
    n = 2_000_000
    start = time.perf_counter()
    total = 0
    for i in range(n):
        total += i & 7
    return (time.perf_counter() - start) / n * 1e9


def analysed(document: Document) -> Analysis:
    """A fresh analysis with the shared parts every heuristic reads already computed."""
    a = Analysis(document)
    _ = (a.tokens, a.sentences, a.quotations, a.numbers, a.dates, a.names, a.folded)
    return a


def seeds() -> list[Document]:
    return [
        msgspec.json.decode(p.read_bytes(), type=Document)
        for p in sorted((ROOT / "seeds").glob("*.json"))
    ]


def synthetic(n: int, seed: int = 7) -> list[Document]:
    rng = random.Random(seed)
    start = dt.date(2025, 3, 1)
    return [
        make_document(
            article(rng, 800),
            outlet=f"Outlet {i % 7}",
            published=(start + dt.timedelta(days=i % 5)).isoformat(),
        )
        for i in range(n)
    ]


def median_ms(samples: Sequence[float]) -> float:
    return statistics.median(samples) * 1000


def time_extraction(docs: Sequence[Document], repeat: int) -> tuple[float, float, float]:
    """Median ms per article of extract_claims and figures_of, and words per article."""
    claims_t: list[float] = []
    figures_t: list[float] = []
    words = statistics.median(analysed(d).word_count for d in docs)
    for _ in range(repeat):
        for d in docs:
            a = analysed(d)
            t0 = time.perf_counter()
            extract_claims(a)
            t1 = time.perf_counter()
            figures_of(a)
            t2 = time.perf_counter()
            claims_t.append(t1 - t0)
            figures_t.append(t2 - t1)
    return median_ms(claims_t), median_ms(figures_t), words


ENGINE = Engine(
    Settings(options={"recycling": OPTIONS}),
    entry_points=False,
    plugins=[recycling_plugin, originality_plugin, figures_plugin],
)


def time_story(docs: Sequence[Document], repeat: int) -> tuple[list[float], list[float]]:
    """Seconds for the five `figures` results of one story, and with the products' makers."""
    alone, whole = [], []
    for _ in range(repeat):
        story = [analysed(d) for d in docs]
        cards = list(ENGINE.score_many([a.document for a in story], compare=True))
        results = [r for card in cards for r in card.heuristics]
        alone.append(sum(r.elapsed_ms for r in results if r.name == "figures") / 1000)
        whole.append(sum(r.elapsed_ms for r in results) / 1000)
    return alone, whole


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--articles", type=int, default=100)
    args = parser.parse_args(argv)

    seed_docs = seeds()
    synth = synthetic(args.articles)
    news = [make_document(p.read_text("utf-8")) for p in sorted(POLNEAR_DEV.glob("*.txt"))]
    # Warm up: tables, the tenure table, imports.
    time_story(seed_docs, 2)

    print(f"reference loop: {reference_loop():.1f} ns/iteration")
    print()
    print("extraction, median ms per article (analysis computed beforehand)")
    print(f"{'corpus':<34} {'words':>6} {'claims':>8} {'figures':>8} {'figures/800 words':>18}")
    corpora = [("seeds (5)", seed_docs, args.repeat)]
    if news:
        corpora.append((f"PolNeAR dev ({len(news)})", news, max(1, args.repeat // 10)))
    corpora.append((f"synthetic 800-word ({len(synth)})", synth, max(1, args.repeat // 10)))
    for label, docs, repeat in corpora:
        c, f, words = time_extraction(docs, repeat)
        per800 = f * 800 / words
        print(f"{label:<34} {words:>6.0f} {c:>8.3f} {f:>8.3f} {per800:>18.3f}")

    print()
    print("story of five documents: all five `figures` results, median ms")
    stories: list[tuple[str, Callable[[], list[Document]]]] = [
        ("seed story", lambda: seed_docs),
    ]
    groups = [synth[i : i + 5] for i in range(0, min(len(synth), 50), 5)]
    print(f"{'story':<34} {'figures':>12} {'with products':>14}")
    for label, make in stories:
        alone, whole = time_story(make(), args.repeat)
        print(f"{label:<34} {median_ms(alone):>12.2f} {median_ms(whole):>14.2f}")
    alone_all: list[float] = []
    whole_all: list[float] = []
    for group in groups:
        alone, whole = time_story(group, max(1, args.repeat // 10))
        alone_all += alone
        whole_all += whole
    label = f"synthetic 5 x 800 words ({len(groups)})"
    print(f"{label:<34} {median_ms(alone_all):>12.2f} {median_ms(whole_all):>14.2f}")
    print()
    print(f"reference loop: {reference_loop():.1f} ns/iteration")
    return 0


if __name__ == "__main__":
    sys.exit(main())
