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
    """The built-in per-document heuristics, in the engine's run (dependency) order."""
    registered = engine.registry.heuristics
    return [
        registered[info.name].heuristic
        for info in engine.heuristics()
        if info.plugin == CORE_DISTRIBUTION and not info.cross_document
    ]


def time_both(
    docs: list[Document], heuristics: list, engine: Engine, repeat: int
) -> tuple[list[float], list[float]]:
    """Milliseconds per document, direct and through the engine, interleaved.

    Timing the two ways alternately, document by document, exposes both to the
    same moments of a noisy machine, so their difference is the engine's cost.
    """
    from reliability import ScoreOptions

    options = ScoreOptions(include=[h.name for h in heuristics])
    direct, engined = [], []
    for _ in range(repeat):
        for doc in docs:
            start = time.perf_counter()
            analysis = Analysis(doc)
            results: dict = {}
            for h in heuristics:
                results[h.name] = h.evaluate(analysis, Context(results=results))
            direct.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            engine.score(doc, options=options)
            engined.append((time.perf_counter() - start) * 1000)
    return direct, engined


# The signals added for the overall score; together they may cost at most 1 ms per 800 words.
SIGNALS = ("style", "headline", "sourcing", "specificity", "length")


def time_signals(docs: list[Document], heuristics: list, repeat: int) -> list[float]:
    """Milliseconds per 800 words that the `SIGNALS` heuristics add to a document's scoring.

    The other heuristics run first on the same analysis, as in the engine, so
    the shared analysis they build is not charged to the signals.
    """
    signals = [h for h in heuristics if h.name in SIGNALS]
    others = [h for h in heuristics if h.name not in SIGNALS]
    out = []
    for _ in range(repeat):
        for doc in docs:
            analysis = Analysis(doc)
            results: dict = {}
            for h in others:
                results[h.name] = h.evaluate(analysis, Context(results=results))
            start = time.perf_counter()
            for h in signals:
                h.evaluate(analysis, Context(results=results))
            elapsed = (time.perf_counter() - start) * 1000
            out.append(elapsed * 800 / max(1, len(doc.text.split())))
    return out


def reference_loop() -> float:
    """Nanoseconds per iteration of a fixed pure-Python loop: the machine's speed right now.

    Shared virtual machines change speed from minute to minute; printing this
    beside the figures lets two runs be compared fairly.
    """
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        total = 0
        for i in range(1_000_000):
            total += i
        best = min(best, time.perf_counter() - start)
    return best * 1000


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
    print(f"built-in per-document heuristics, in run order: {', '.join(names) or 'none'}")
    seeds = [
        msgspec.json.decode(p.read_bytes(), type=Document)
        for p in sorted((ROOT / "seeds").glob("*.json"))
    ]
    synthetic = [make_document(text) for text in corpus(args.synthetic)]
    print(f"reference loop: {reference_loop():.0f} ns per iteration (lower is a faster machine)")
    # Warm up imports and lexicon tables outside the timed runs.
    time_both(seeds, heuristics, engine, 1)
    for label, docs in (("seeds", seeds), ("synthetic 800-word", synthetic)):
        direct, engined = time_both(docs, heuristics, engine, args.repeat)
        report(f"{label} direct", docs, direct)
        report(f"{label} engine", docs, engined)
        added = time_signals(docs, heuristics, args.repeat)
        print(
            f"{label + ' signals':<28} {', '.join(SIGNALS)}: median "
            f"{statistics.median(added):.2f} ms per 800 words on top of the others"
        )
    print(f"reference loop: {reference_loop():.0f} ns per iteration")


if __name__ == "__main__":
    main()
