"""Documents per second: the analysis plus every built-in per-document heuristic.

Single process, one thread of work. Two measurements per corpus:
- `direct`: a fresh `Analysis` and each heuristic's `evaluate`, as the work itself costs;
- `engine`: `Engine.score`, which adds isolation (worker threads, time budget),
  result validation and aggregation.

    python benchmarks/engine.py [--synthetic N] [--repeat R]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import msgspec

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import corpus

from reliability import Analysis, Context, Document, Engine, make_document
from reliability.plugins import CORE_DISTRIBUTION

ROOT = Path(__file__).resolve().parent.parent


def builtin_heuristics(engine: Engine) -> list:
    return [
        reg.heuristic
        for reg in engine.registry.heuristics.values()
        if reg.plugin == CORE_DISTRIBUTION and not reg.heuristic.cross_document
    ]


def time_direct(docs: list[Document], heuristics: list, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        for doc in docs:
            start = time.perf_counter()
            analysis = Analysis(doc)
            results: dict = {}
            for h in heuristics:
                results[h.name] = h.evaluate(analysis, Context(results=results))
            times.append((time.perf_counter() - start) * 1000)
    return times


def time_engine(docs: list[Document], engine: Engine, names: list[str], repeat: int) -> list[float]:
    from reliability import ScoreOptions

    options = ScoreOptions(include=names)
    times = []
    for _ in range(repeat):
        for doc in docs:
            start = time.perf_counter()
            engine.score(doc, options=options)
            times.append((time.perf_counter() - start) * 1000)
    return times


def report(label: str, docs: list[Document], times: list[float]) -> None:
    words = statistics.median(len(d.text.split()) for d in docs)
    median = statistics.median(times)
    p90 = statistics.quantiles(times, n=10)[-1] if len(times) >= 10 else max(times)
    print(
        f"{label:<28} docs={len(docs):>4}  median words={words:>5.0f}  "
        f"median {median:6.2f} ms/doc  p90 {p90:6.2f} ms  {1000 / median:8.0f} docs/s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=200, help="synthetic articles (800 words)")
    parser.add_argument("--repeat", type=int, default=5, help="passes over each corpus")
    args = parser.parse_args()

    engine = Engine()
    heuristics = builtin_heuristics(engine)
    names = [h.name for h in heuristics]
    print(f"built-in per-document heuristics: {', '.join(names) or 'none'}")
    seeds = [
        msgspec.json.decode(p.read_bytes(), type=Document)
        for p in sorted((ROOT / "seeds").glob("*.json"))
    ]
    synthetic = [make_document(text) for text in corpus(args.synthetic)]
    # Warm up imports and lexicon tables outside the timed runs.
    time_direct(seeds[:1], heuristics, 1)
    for label, docs in (("seeds", seeds), ("synthetic 800-word", synthetic)):
        report(f"{label} direct", docs, time_direct(docs, heuristics, args.repeat))
        report(f"{label} engine", docs, time_engine(docs, engine, names, args.repeat))


if __name__ == "__main__":
    main()
