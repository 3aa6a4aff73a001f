"""Timing helpers shared by the benchmark scripts."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from reliability import Analysis, Document


def per_800_words(
    docs: list[Document], run: Callable[[Analysis], object], repeat: int, *, cold: bool = False
) -> float:
    """Median time of `run` per document, in ms scaled to 800 words.

    Warm (the default): each document's shared analysis is built before the
    timed runs, as when other heuristics have already read it. Cold: every
    run gets a fresh analysis, so the parts of it that `run` reads (tokens,
    sentences, dates, names, ...) are timed too.
    """
    analyses = [Analysis(doc) for doc in docs]
    for analysis in analyses:
        run(analysis)  # builds the lazily computed analysis outside the timed runs
    times = []
    for _ in range(repeat):
        for analysis in analyses:
            target = Analysis(analysis.document) if cold else analysis
            started = time.perf_counter()
            run(target)
            times.append((time.perf_counter() - started) * 1000 * 800 / analysis.word_count)
    return statistics.median(times)
