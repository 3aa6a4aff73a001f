"""How well does the `recycling` estimate date real articles? PolNeAR dev (2015–2016).

For each article in ../shared/data/polnear/dev/text/*.txt the estimate is made
from the text alone (no metadata: the true date in metadata.tsv is only used
to score). Reported: how many articles got a bounded estimate, the share
whose interval contains the true date, the median interval width and the
median error of the interval's midpoint, in days. An open upper bound is
capped at the reading date (`--today`, default the real today), as the
heuristic does; articles with no evidence at all are counted separately.

    .venv/bin/python benchmarks/recycling.py [--today 2026-11-23]

Exits 2 when the data set is absent.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import statistics
import sys
from pathlib import Path

from reliability_heuristics.recycling.estimate import estimate

from reliability.analysis import Analysis
from reliability.document import make_document

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "polnear"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument(
        "--split",
        choices=["dev", "train"],
        default="dev",
        help="dev (looked at while the rules were written) or train (not looked at)",
    )
    parser.add_argument("--today", default=None, help="reading date (ISO); default: today")
    args = parser.parse_args(argv)
    text_dir = args.data / args.split / "text"
    meta = args.data / "metadata.tsv"
    if not text_dir.is_dir() or not meta.is_file():
        print(
            f"PolNeAR not found at {args.data} (expected dev/text/*.txt and metadata.tsv)",
            file=sys.stderr,
        )
        return 2
    today = dt.date.fromisoformat(args.today) if args.today else dt.date.today()
    truth: dict[str, dt.date] = {}
    with meta.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["compartment"] == args.split:
                truth[row["filename"]] = dt.date.fromisoformat(row["publication_date"])
    rows = []
    none = 0
    lower_only = 0
    for path in sorted(text_dir.glob("*.txt")):
        true = truth.get(path.stem)
        if true is None:
            continue
        doc = Analysis(make_document(path.read_text(encoding="utf-8")))
        est = estimate(doc, today)
        if not est.found:
            none += 1
            continue
        if est.hi is None:
            lower_only += 1
        lo = est.lo if est.lo is not None else est.hi_capped - 3650
        hi = est.hi_capped
        t = true.toordinal()
        rows.append(
            (lo <= t <= hi, hi - lo, abs((lo + hi) / 2 - t), est.hi is None, est.confidence)
        )
    total = len(rows) + none
    if not rows:
        print("no article got an estimate")
        return 1

    def line(label: str, sel: list[tuple[bool, int, float, bool, float]]) -> None:
        if not sel:
            print(f"| {label:<34} | {0:>5} | {'-':>8} | {'-':>12} | {'-':>14} |")
            return
        share = sum(r[0] for r in sel) / len(sel)
        width = statistics.median(r[1] for r in sel)
        err = statistics.median(r[2] for r in sel)
        print(f"| {label:<34} | {len(sel):>5} | {share:>8.1%} | {width:>12.0f} | {err:>14.0f} |")

    print(f"PolNeAR {args.split}: {total} articles, reading date {today.isoformat()}")
    head = ("articles", "n", "contains", "median width", "median mid err")
    print(f"| {head[0]:<34} | {head[1]:>5} | {head[2]:>8} | {head[3]:>12} | {head[4]:>14} |")
    print(f"|{'-' * 36}|{'-' * 7}|{'-' * 10}|{'-' * 14}|{'-' * 16}|")
    line("with an estimate", rows)
    line("  bounded on both sides", [r for r in rows if not r[3]])
    line("  lower bound only (capped today)", [r for r in rows if r[3]])
    line("  confidence >= 0.5", [r for r in rows if r[4] >= 0.5])
    print(f"| {'no estimate':<34} | {none:>5} | {'':>8} | {'':>12} | {'':>14} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
