"""Documents per second: the analysis plus every built-in per-document heuristic.

Single process, one thread of work. Two measurements per corpus:
- `direct`: a fresh `Analysis` and each heuristic's `evaluate` (products passed
  on as the engine does), as the work itself costs;
- `engine`: `Engine.score`, which adds budgets, result validation and
  aggregation.
Beside them, the shared analysis alone, part by part (CPU time per 800 words).

Side by side, in the same run: pysbd's sentence split of the same texts (a
widely used rule-based splitter, when installed: `pip install -e '.[bench]'`),
the reference for what one analysis step costs elsewhere. Target: the engine
with every built-in at most 4 ms per 800 words.

    python benchmarks/engine.py [--synthetic N] [--repeat R]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import msgspec
from synthetic import corpus

from reliability import Analysis, Context, Document, Engine, make_document
from reliability.plugins import CORE_DISTRIBUTION

ROOT = Path(__file__).resolve().parent.parent


def builtin_heuristics(engine: Engine) -> list:
    """Every built-in heuristic, in the engine's run (dependency) order; the cross-document
    ones run as they do for a document scored alone (no peers)."""
    registered = engine.registry.heuristics
    return [
        registered[info.name].heuristic
        for info in engine.heuristics()
        if info.plugin == CORE_DISTRIBUTION
    ]


def run_all(analysis: Analysis, heuristics: list, products: dict | None = None) -> dict:
    """Each heuristic's `evaluate` in turn, products passed on as the engine passes them."""
    products = {} if products is None else products
    for h in heuristics:
        context = Context(products=products, heuristic=h.name, publishes=h.publishes)
        h.evaluate(analysis, context)
        if context.published is not None:
            products[h.name] = context.published
    return products


def time_pysbd(docs: list[Document], repeat: int) -> list[float] | None:
    """Milliseconds per 800 words of pysbd's sentence split, or None when it is not installed."""
    try:
        import pysbd
    except ImportError:
        return None
    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=False)
    out = []
    for _ in range(repeat):
        for doc in docs:
            start = time.perf_counter()
            segmenter.segment(doc.text)
            elapsed = (time.perf_counter() - start) * 1000
            out.append(elapsed * 800 / max(1, len(doc.text.split())))
    return out


def per_800_words(docs: list[Document], times: list[float]) -> float:
    """The median of milliseconds per document, scaled to 800 words."""
    words = [len(d.text.split()) for d in docs]
    repeat = len(times) // len(docs)  # the times are `repeat` passes over `docs`, in order
    pairs = zip(times, words * repeat, strict=True)
    return statistics.median(t * 800 / max(1, w) for t, w in pairs)


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
            run_all(Analysis(doc), heuristics)
            direct.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            engine.score(doc, options=options)
            engined.append((time.perf_counter() - start) * 1000)
    return direct, engined


TARGET_MS_PER_800 = 4.0

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
            products = run_all(analysis, others)
            start = time.perf_counter()
            run_all(analysis, signals, products)
            elapsed = (time.perf_counter() - start) * 1000
            out.append(elapsed * 800 / max(1, len(doc.text.split())))
    return out


def time_analysis(docs: list[Document], repeat: int) -> dict[str, float]:
    """CPU milliseconds per 800 words of each part of the shared analysis (the median over
    documents), each part built after those it reads, as `Analysis.build` builds them."""
    times: dict[str, list[float]] = {part: [] for part in Analysis.PARTS}
    for _ in range(repeat):
        for doc in docs:
            analysis = Analysis(doc)
            scale = 800 / max(1, len(doc.text.split()))
            for part in Analysis.PARTS:
                start = time.process_time()
                getattr(analysis, part)
                times[part].append((time.process_time() - start) * 1000 * scale)
    return {part: statistics.median(values) for part, values in times.items()}


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
    print(f"built-in heuristics, in run order: {', '.join(names) or 'none'}")
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
        engine_800 = per_800_words(docs, engined)
        split = time_pysbd(docs, args.repeat)
        versus = (
            f"; pysbd's sentence split alone {statistics.median(split):.2f} ms"
            if split
            else "; pysbd not installed (pip install -e '.[bench]') for its split beside it"
        )
        print(
            f"{label + ' per 800 words':<28} engine with every built-in {engine_800:.2f} ms "
            f"(target <= {TARGET_MS_PER_800:.0f} ms){versus}"
        )
        parts = time_analysis(docs, args.repeat)
        print(
            f"{label + ' analysis':<28} {sum(parts.values()):.2f} ms per 800 words, built once "
            "before the heuristics: " + ", ".join(f"{p} {t:.2f}" for p, t in parts.items())
        )
        added = time_signals(docs, heuristics, args.repeat)
        print(
            f"{label + ' signals':<28} {', '.join(SIGNALS)}: median "
            f"{statistics.median(added):.2f} ms per 800 words on top of the others"
        )
    print(f"reference loop: {reference_loop():.0f} ns per iteration")


if __name__ == "__main__":
    main()
