"""How cost grows with text length, and what adversarial 2 MB texts cost.

Two measurements, in one process on one core, CPU time:

- `growth`: synthetic news prose (`benchmarks/synthetic.py`) of 100k words
  and of 2 MB (about 330k words). For the shared analysis and for every
  built-in heuristic, the time at each size and the exponent
  `log(t2 / t1) / log(n2 / n1)`; 1.0 is linear. Target: every exponent <= 1.1.
- `shapes`: 2 MB texts of odd shapes scored by the engine as a user would
  (`Engine.score`, every built-in, budgets on): `". " * 1000000`, all
  quotations, 200k numbers, repeated attribution cues, one endless
  sentence. Target: each within 2 s, no heuristic timing out. The engine
  builds the shared analysis before the heuristics (outside their budgets);
  its time is shown beside the total.
- `analysis shapes`: the shared analysis alone on those shapes and on shapes
  that stress it (quotes nested deep, never closed or closed far away,
  sentence-initial names, list numbers on one line), at a tenth of the size
  and at the full size, with the exponent. Target: every exponent <= 1.1.

    python benchmarks/scaling.py [--small] [--repeat R]

`--small` measures 10k words to 100k words and 200 KB shapes instead (for a
quick check; the targets are for the full sizes).
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import time
from collections.abc import Callable

from synthetic import article

from reliability import Analysis, Context, Engine, make_document
from reliability.engine import collection_paused
from reliability.models import Status
from reliability.plugins import CORE_DISTRIBUTION

TARGET_EXPONENT = 1.1
TARGET_SECONDS = 2.0
MAX_BYTES = 2_000_000


def prose(words: int, *, seed: int = 11) -> str:
    """Synthetic news prose of about `words` words, in paragraphs of one article each."""
    rng = random.Random(seed)
    parts: list[str] = []
    total = 0
    while total < words:
        piece = article(rng, 800)
        parts.append(piece)
        total += len(piece.split())
    return "\n\n".join(parts)


def fit_bytes(text: str, limit: int) -> str:
    """`text` cut at a word boundary to at most `limit` UTF-8 bytes."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    cut = data[:limit].decode("utf-8", "ignore")
    return cut[: cut.rfind(" ")]


def shapes(size: int) -> dict[str, str]:
    """Adversarial texts of about `size` bytes."""
    n = size // 2
    return {
        "'. ' x N": ". " * n,
        "all quotations": fit_bytes('"We will win," he said. ' * (size // 24), size),
        "numbers": fit_bytes(" ".join(str(1000 + i) for i in range(size // 6)), size),
        "attribution cues": fit_bytes(
            "Officials said sources told reporters, according to experts. " * (size // 62), size
        ),
        "one sentence": fit_bytes(" ".join(["word"] * (size // 5)), size),
    }


def analysis_shapes(size: int) -> dict[str, str]:
    """Texts of about `size` characters whose shape once made a part of the analysis
    cost the square of their length."""
    n = size
    return {
        "nested open quotes": "‘a " * (n // 6) + "a” " * (n // 6),
        "unclosed quotes": ("“We will. " * (n // 10))[:n],
        "quote mid-sentence": ("He said “a. b. c, d. e, f. " * (n // 27))[:n],
        "initial names": ("Xyzzy Russian ties grow. " * (n // 25))[:n],
        "distinct names": "".join(f"Qa{i} Russian ties grow. " for i in range(n // 25))[:n],
        "list numbers": ("1. " * (n // 3))[:n],
    }


def cpu(fn: Callable[[], object], repeat: int) -> float:
    """Median CPU seconds of `fn` over `repeat` runs."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times)


def analyse(text: str) -> Analysis:
    """A fresh analysis with every shared property computed."""
    doc = Analysis(make_document(text))
    for name in ("paragraphs", "sentences", "tokens", "quotations", "numbers", "dates", "names"):
        getattr(doc, name)
    doc.folded  # noqa: B018 - computes the cached property
    return doc


def growth(engine: Engine, small: bool, repeat: int) -> bool:
    sizes = (10_000, 100_000) if small else (100_000, None)
    low = prose(sizes[0])
    high = prose(sizes[1]) if sizes[1] else fit_bytes(prose(400_000), MAX_BYTES)
    n1, n2 = len(low.split()), len(high.split())
    heuristics = [
        engine.registry.heuristics[info.name].heuristic
        for info in engine.heuristics()
        if info.plugin == CORE_DISTRIBUTION
    ]
    print(f"growth: {n1:,} words -> {n2:,} words ({len(high.encode()) / 1e6:.1f} MB)")
    print(
        f"{'stage':<14}{'small s':>10}{'large s':>10}{'exponent':>10}  target <= {TARGET_EXPONENT}"
    )
    rows: list[tuple[str, float, float]] = [
        ("analysis", cpu(lambda: analyse(low), repeat), cpu(lambda: analyse(high), repeat))
    ]
    done_low, done_high = analyse(low), analyse(high)
    for h in heuristics:
        context = Context(options=engine.settings.options.get(h.name, {}))
        # As the engine runs them: the cyclic collector held off during a document.
        with collection_paused():
            t1 = cpu(lambda h=h, c=context: h.evaluate(done_low, c), repeat)
            t2 = cpu(lambda h=h, c=context: h.evaluate(done_high, c), repeat)
        rows.append((h.name, t1, t2))
    ok = True
    for name, t1, t2 in rows:
        exponent = math.log(max(t2, 1e-6) / max(t1, 1e-6)) / math.log(n2 / n1)
        # Below a millisecond the clock's grain decides the ratio, not the code.
        flag = "" if exponent <= TARGET_EXPONENT or t2 < 0.01 else "  OVER"
        ok = ok and not flag
        print(f"{name:<14}{t1:>10.3f}{t2:>10.3f}{exponent:>10.2f}{flag}")
    return ok


def odd_shapes(engine: Engine, small: bool) -> bool:
    size = 200_000 if small else MAX_BYTES
    print(f"\nshapes: {size / 1e6:.1f} MB each, Engine.score with every built-in, one core")
    print(f"{'shape':<20}{'seconds':>9}  target <= {TARGET_SECONDS}  slowest heuristics")
    ok = True
    for name, text in shapes(size).items():
        start = time.process_time()
        card = engine.score(text)
        took = time.process_time() - start
        slow = sorted(card.heuristics, key=lambda r: -(r.elapsed_ms or 0))[:3]
        late = [r.name for r in card.heuristics if r.status == Status.TIMEOUT]
        flag = "" if took <= TARGET_SECONDS and not late else "  OVER"
        ok = ok and not flag
        detail = f"analysis {card.analysis_ms / 1000:.2f}s wall; " + ", ".join(
            f"{r.name} {r.elapsed_ms / 1000:.2f}s" for r in slow
        )
        if late:
            detail += f"; timed out: {', '.join(late)}"
        print(f"{name:<20}{took:>9.2f}{flag}  {detail}")
    return ok


def analysis_growth(small: bool) -> bool:
    size = 200_000 if small else MAX_BYTES
    print(f"\nanalysis shapes: {size // 10:,} -> {size:,} bytes, the shared analysis alone")
    print(f"{'shape':<20}{'small s':>10}{'large s':>10}{'exponent':>10}  target <= 1.1")
    low = {**shapes(size // 10), **analysis_shapes(size // 10)}
    high = {**shapes(size), **analysis_shapes(size)}
    ok = True
    for name, text in high.items():
        t1 = cpu(lambda small=low[name]: analyse(small), 1)
        t2 = cpu(lambda large=text: analyse(large), 1)
        exponent = math.log(max(t2, 1e-6) / max(t1, 1e-6)) / math.log(10)
        flag = "" if exponent <= TARGET_EXPONENT or t2 < 0.05 else "  OVER"
        ok = ok and not flag
        print(f"{name:<20}{t1:>10.3f}{t2:>10.3f}{exponent:>10.2f}{flag}")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="quick sizes, not the targets'")
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement (median)")
    parser.add_argument("--skip-shapes", action="store_true", help="only the growth table")
    args = parser.parse_args()
    engine = Engine()
    ok = growth(engine, args.small, args.repeat)
    if not args.skip_shapes:
        ok = odd_shapes(engine, args.small) and ok
        ok = analysis_growth(args.small) and ok
    print("\nall within target" if ok else "\nsome figures are over target (marked OVER)")


if __name__ == "__main__":
    main()
