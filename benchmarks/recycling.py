"""How well does the `recycling` estimate date real articles, from their text alone?

Two dev corpora (`--corpus`, default both):

- **polnear**: PolNeAR dev (2015–2016), ../shared/data/polnear/<split>/text/*.txt;
  the true date in metadata.tsv is only used to score.
- **mediacloud**: 200 world news pages from 2020 (many not in English),
  ../shared/data/htmldate-mediacloud-2020 (gold.json maps url → {"file",
  "date"}; pages/NAME is saved HTML). The main text is extracted with
  trafilatura (text only: no comments, no metadata); the URL and every date
  in the page's metadata are ignored, and the Document has no `published`.
  Pages with no gold date, or from which no text is extracted, are counted
  separately.

For each article the estimate is made from `make_document(text)` alone.
The interval scored is the one the heuristic reports (`estimated_start`,
`estimated_end`: two-sided whenever there is any evidence, capped at the
reading date `--today`, default the real today). Reported: how many articles
got an estimate, the share whose interval contains the true date, the median
interval width and the median error of the interval's midpoint, in days;
then each target beside its figure, per corpus and for both together:

- the interval contains the true date for >= 85 % of the articles with an
  estimate;
- the median width is <= 2 years (730 days);
- no estimate at all for <= 10 % of the articles.

    .venv/bin/python benchmarks/recycling.py [--corpus both] [--today 2026-11-23] [--list-none]
    .venv/bin/python benchmarks/recycling.py --corpus speed [--repeat 20]

`--list-none` lists the articles with no estimate (file, true date, opening
words), to look at what evidence they lack.

`--corpus speed` times the heuristic instead (no data needed): median ms per
800 words on the seeds and on 100 synthetic 800-word articles, warm (the
shared analysis already built by other heuristics) and cold (tokens,
sentences, dates and names built in the timed run too), office-holder lookup
included.

Exits 2 when a requested data set is absent.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import statistics
import sys
from collections.abc import Iterable
from pathlib import Path

import msgspec
import trafilatura
from reliability_heuristics.recycling.estimate import estimate
from reliability_heuristics.recycling.heuristic import Recycling
from synthetic import corpus
from timing import per_800_words

from reliability import Context, Document
from reliability.analysis import Analysis
from reliability.document import make_document

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "polnear"
MEDIACLOUD = ROOT.parent / "shared" / "data" / "htmldate-mediacloud-2020"

# (contains the true date, width in days, midpoint error in days, upper bound from
# the evidence itself, confidence)
Row = tuple[bool, int, float, bool, float]
TARGET_CONTAINS = 0.85
TARGET_WIDTH_DAYS = 730
TARGET_NONE = 0.10


def _score(
    items: Iterable[tuple[str, str, dt.date]], today: dt.date, list_none: bool = False
) -> tuple[list[Row], int]:
    """Estimate each (label, text, true date); rows for those with an estimate, and how many
    had none (listed with --list-none)."""
    rows: list[Row] = []
    none = 0
    for label, text, true in items:
        est = estimate(Analysis(make_document(text)), today)
        if est.start is None or est.end is None:
            none += 1
            if list_none:
                opening = " ".join(text.split())[:70]
                print(f"  no estimate: {label} ({true.isoformat()}): {opening}")
            continue
        lo, hi = est.start, est.end
        t = true.toordinal()
        rows.append(
            (lo <= t <= hi, hi - lo, abs((lo + hi) / 2 - t), est.hi is not None, est.confidence)
        )
    return rows, none


def targets(label: str, rows: list[Row], none: int) -> bool:
    """Each target beside its figure; whether all are met."""
    total = len(rows) + none
    contains = sum(r[0] for r in rows) / len(rows) if rows else 0.0
    width = statistics.median(r[1] for r in rows) if rows else float("inf")
    share_none = none / total if total else 1.0
    checks = [
        ("interval contains the true date", f"{contains:.1%}", f">= {TARGET_CONTAINS:.0%}",
         contains >= TARGET_CONTAINS),
        ("median width (days)", f"{width:.0f}", f"<= {TARGET_WIDTH_DAYS}",
         width <= TARGET_WIDTH_DAYS),
        ("no estimate at all", f"{share_none:.1%} ({none} of {total})", f"<= {TARGET_NONE:.0%}",
         share_none <= TARGET_NONE),
    ]  # fmt: skip
    print(f"targets, {label}:")
    for name, figure, target, met in checks:
        print(f"  {name:<33} {figure:>18}   target {target:<7} {'met' if met else 'NOT MET'}")
    return all(met for *_, met in checks)


def _table(title: str, rows: list[Row], none: int, extra: Iterable[tuple[str, int]] = ()) -> None:
    def line(label: str, sel: list[Row]) -> None:
        if not sel:
            print(f"| {label:<34} | {0:>5} | {'-':>8} | {'-':>12} | {'-':>14} |")
            return
        share = sum(r[0] for r in sel) / len(sel)
        width = statistics.median(r[1] for r in sel)
        err = statistics.median(r[2] for r in sel)
        print(f"| {label:<34} | {len(sel):>5} | {share:>8.1%} | {width:>12.0f} | {err:>14.0f} |")

    def count(label: str, n: int) -> None:
        print(f"| {label:<34} | {n:>5} | {'':>8} | {'':>12} | {'':>14} |")

    print(title)
    head = ("articles", "n", "contains", "median width", "median mid err")
    print(f"| {head[0]:<34} | {head[1]:>5} | {head[2]:>8} | {head[3]:>12} | {head[4]:>14} |")
    print(f"|{'-' * 36}|{'-' * 7}|{'-' * 10}|{'-' * 14}|{'-' * 16}|")
    line("with an estimate", rows)
    line("  upper bound from the evidence", [r for r in rows if r[3]])
    line("  upper bound from recency/soft", [r for r in rows if not r[3]])
    line("  confidence >= 0.5", [r for r in rows if r[4] >= 0.5])
    count("no estimate", none)
    for label, n in extra:
        count(label, n)


Scored = tuple[list[Row], int]


def polnear(data: Path, split: str, today: dt.date, list_none: bool = False) -> Scored | None:
    text_dir = data / split / "text"
    meta = data / "metadata.tsv"
    if not text_dir.is_dir() or not meta.is_file():
        print(
            f"PolNeAR not found at {data} (expected dev/text/*.txt and metadata.tsv)",
            file=sys.stderr,
        )
        return None
    truth: dict[str, dt.date] = {}
    with meta.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["compartment"] == split:
                truth[row["filename"]] = dt.date.fromisoformat(row["publication_date"])
    items = [
        (path.stem, path.read_text(encoding="utf-8"), truth[path.stem])
        for path in sorted(text_dir.glob("*.txt"))
        if path.stem in truth
    ]
    rows, none = _score(items, today, list_none)
    _table(
        f"PolNeAR {split}: {len(rows) + none} articles, reading date {today.isoformat()}",
        rows,
        none,
    )
    return rows, none


def _gold_date(value: object) -> dt.date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def mediacloud(data: Path, today: dt.date, list_none: bool = False) -> Scored | None:
    gold_path = data / "gold.json"
    if not gold_path.is_file() or not (data / "pages").is_dir():
        print(f"htmldate-mediacloud-2020 not found at {data}", file=sys.stderr)
        return None
    # json reads the file's bare NaN as float('nan'): no gold date.
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    items: list[tuple[str, str, dt.date]] = []
    no_gold = no_text = 0
    for entry in gold.values():  # the URL (the key) is never looked at
        true = _gold_date(entry.get("date"))
        if true is None:
            no_gold += 1
            continue
        # Bytes: trafilatura detects the page's encoding.
        html = (data / "pages" / entry["file"]).read_bytes()
        text = trafilatura.extract(html, include_comments=False, with_metadata=False)
        if not text or not text.strip():
            no_text += 1
            continue
        items.append((entry["file"], text, true))
    rows, none = _score(items, today, list_none)
    _table(
        f"htmldate-mediacloud-2020: {len(gold)} pages, {len(rows) + none} scored, "
        f"reading date {today.isoformat()}",
        rows,
        none,
        [("no gold date (not scored)", no_gold), ("no text extracted (not scored)", no_text)],
    )
    return rows, none


def speed(today: dt.date, repeat: int) -> int:
    seeds = [
        msgspec.json.decode(p.read_bytes(), type=Document)
        for p in sorted((ROOT / "seeds").glob("*.json"))
    ]
    synthetic = [make_document(text) for text in corpus(100)]
    heuristic = Recycling()
    options = {"today": today.isoformat()}

    def run(analysis: Analysis) -> object:
        # A fresh context each time: its story memo keeps estimates.
        return heuristic.evaluate(analysis, Context(options=options))

    print("recycling: median ms per 800 words (office-holder lookup included)")
    for label, docs in (("seeds", seeds), ("synthetic 800-word", synthetic)):
        warm = per_800_words(docs, run, repeat)
        cold = per_800_words(docs, run, repeat, cold=True)
        print(f"  {label:<20} warm {warm:.3f} ms   cold (analysis parts included) {cold:.3f} ms")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--corpus", choices=["polnear", "mediacloud", "both", "speed"], default="both"
    )
    parser.add_argument("--repeat", type=int, default=20, help="speed: timing passes")
    parser.add_argument("--data", type=Path, default=DATA, help="PolNeAR folder")
    parser.add_argument("--mediacloud-data", type=Path, default=MEDIACLOUD)
    parser.add_argument(
        "--split",
        choices=["dev", "train"],
        default="dev",
        help="PolNeAR: dev (looked at while the rules were written) or train (only its "
        "share of bare years named once that lie within a year of the writing was read)",
    )
    parser.add_argument("--today", default=None, help="reading date (ISO); default: today")
    parser.add_argument(
        "--list-none", action="store_true", help="list the articles with no estimate"
    )
    args = parser.parse_args(argv)
    today = dt.date.fromisoformat(args.today) if args.today else dt.date.today()
    if args.corpus == "speed":
        return speed(today, args.repeat)
    scored: dict[str, Scored | None] = {}
    if args.corpus in ("polnear", "both"):
        scored[f"PolNeAR {args.split}"] = polnear(args.data, args.split, today, args.list_none)
    if args.corpus in ("mediacloud", "both"):
        if args.corpus == "both":
            print()
        scored["htmldate-mediacloud-2020"] = mediacloud(args.mediacloud_data, today, args.list_none)
    found = {label: s for label, s in scored.items() if s is not None}
    print()
    for label, (rows, none) in found.items():
        targets(label, rows, none)
    if len(found) > 1:
        targets(
            "both corpora together",
            [r for rows, _ in found.values() for r in rows],
            sum(none for _, none in found.values()),
        )
    return 2 if len(found) < len(scored) else 0


if __name__ == "__main__":
    sys.exit(main())
