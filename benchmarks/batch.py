"""Documents per second: `reliability score` on all cores against `reliability batch` on Ray.

Builds the corpus from the real development articles in `../shared/data`
(PolNeAR train and dev, BuzzFeed-Webis 2016, FakeHealth HealthStory, with
their titles, outlets, authors and dates: 4,142 articles; 47 more have no
text), repeated in order until there are `--articles` of them (default
10,000), as one JSONL file.
Then times, each as a user runs it (a new process, wall clock, start-up
included):

- the bare engine: `Engine.score` over every article in this process, one
  core, nothing else (the reference for overheads);
- `reliability score --jobs C --format ndjson -` (C = all cores), the file on stdin;
- `reliability batch FILE --output OUT --workers W` on a local Ray cluster,
  W = 1 and 2;
- `reliability batch FILE --output OUT --compare story`.

A `reliability batch` of 8 articles is timed too: its wall time is the
fixed cost of starting a local Ray cluster and the actors, which the
"scoring only" rates leave out. Ray's overhead is the ratio of `batch
--workers 1`'s scoring-only time to the bare engine's time, wall and CPU
(1.00 would be none; on a machine where other work takes CPU from the bare
engine, its CPU time is the fairer reference). The scores of `score` and
`batch --workers 2` are compared document by document.

    python benchmarks/batch.py [--articles N] [--data DIR]
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from reliability.document import decode_document
from reliability.engine import Engine
from reliability.errors import InputError
from reliability.workers import default_jobs

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
PROBE_ARTICLES = 8


def _polnear(folder: Path) -> list[dict[str, Any]]:
    with (folder / "metadata.tsv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    articles = []
    for row in rows:
        if row["compartment"] not in ("train", "dev"):
            continue  # the reserved test split is never read
        path = folder / row["compartment"] / "text" / f"{row['filename']}.txt"
        if path.exists():
            articles.append(
                {
                    "text": path.read_text("utf-8"),
                    "title": row["title"] or None,
                    "outlet": row["publisher"] or None,
                    "author": row["author"] or None,
                    "published": row["publication_date"] or None,
                }
            )
    return articles


def _jsonl(path: Path) -> list[dict[str, Any]]:
    articles = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            articles.append(
                {
                    "text": row["text"],
                    "title": row.get("title"),
                    "outlet": row.get("outlet"),
                    "url": row.get("source_url"),
                    "published": row.get("published"),
                }
            )
    return articles


def corpus(size: int, data: Path = DATA) -> tuple[list[str], int]:
    """`size` articles as JSON Document lines, and how many distinct articles they repeat."""
    raw = _polnear(data / "polnear")
    raw += _jsonl(data / "buzzfeed-webis-2016" / "articles.jsonl")
    raw += _jsonl(data / "fakehealth-healthstory" / "articles.jsonl")
    lines = []
    for fields in raw:
        fields = {key: value for key, value in fields.items() if value not in (None, "")}
        line = json.dumps(fields, ensure_ascii=False)
        try:
            decode_document(line)  # only what the engine accepts
        except InputError:
            continue
        lines.append(line)
    if not lines:
        sys.exit(f"no articles found under {data}")
    return [lines[i % len(lines)] for i in range(size)], len(lines)


def timed(command: list[str], *, stdin: Path | None = None) -> tuple[float, str]:
    """Wall time of a command, and its stdout; exits when it fails."""
    start = time.perf_counter()
    with open(stdin or "/dev/null", "rb") as source:
        proc = subprocess.run(
            command, cwd=ROOT, stdin=source, capture_output=True, text=True, check=False
        )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"{' '.join(command)} failed (exit {proc.returncode}):\n{proc.stderr}")
    return elapsed, proc.stdout


def bare_engine(path: Path) -> tuple[float, float]:
    """Wall and CPU seconds for `Engine.score` over every article of `path` in this process."""
    engine = Engine()
    documents = [decode_document(line) for line in path.open(encoding="utf-8")]
    start, cpu = time.perf_counter(), time.process_time()
    for document in documents:
        engine.score(document)
    return time.perf_counter() - start, time.process_time() - cpu


def compare(score_cards: list[dict[str, Any]], batch_path: Path) -> str:
    """How many documents got the same score from both, and where the others differ."""
    records = [json.loads(line) for line in batch_path.open(encoding="utf-8")]
    same, differences = 0, Counter[str]()
    for card, record in zip(score_cards, records, strict=True):
        other = record["scorecard"]
        if other is not None and card["score"] == other["score"]:
            same += 1
            continue
        if other is None:
            differences[f"batch error: {record['error']}"] += 1
            continue
        for mine, theirs in zip(card["heuristics"], other["heuristics"], strict=True):
            if (mine["status"], mine["score"]) != (theirs["status"], theirs["score"]):
                differences[f"{mine['name']} {mine['status']} vs {theirs['status']}"] += 1
    detail = "; ".join(f"{why}: {n}" for why, n in differences.most_common())
    return f"{same:,} of {len(score_cards):,}" + (f" (differing: {detail})" if detail else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000, help="articles (default 10,000)")
    parser.add_argument(
        "--data", type=Path, default=DATA, help=f"the development data (default {DATA})"
    )
    args = parser.parse_args()
    cores = default_jobs()
    lines, distinct = corpus(args.articles, args.data)
    cli = [sys.executable, "-m", "reliability"]
    rows: list[tuple[str, float, float | None]] = []
    with tempfile.TemporaryDirectory(prefix="reliability-batch-bench-") as tmp:
        folder = Path(tmp)
        articles, probe = folder / "articles.jsonl", folder / "probe.jsonl"
        articles.write_text("\n".join(lines) + "\n", encoding="utf-8")
        probe.write_text("\n".join(lines[:PROBE_ARTICLES]) + "\n", encoding="utf-8")
        megabytes = articles.stat().st_size / 1e6
        print(
            f"{args.articles:,} articles ({distinct:,} distinct, repeated), {megabytes:.1f} MB, "
            f"{cores} cores"
        )
        bare, bare_cpu = bare_engine(articles)
        rows.append(("bare engine, 1 process", bare, None))
        elapsed, out = timed(
            [*cli, "score", "--format", "ndjson", "--jobs", str(cores), "-"], stdin=articles
        )
        rows.append((f"reliability score --jobs {cores}", elapsed, None))
        score_cards = [json.loads(line) for line in out.splitlines()]
        startup, _ = timed([*cli, "batch", str(probe), "--output", str(folder / "probe.out.jsonl")])
        for workers in (1, 2):
            output = folder / f"batch-{workers}.jsonl"
            command = [*cli, "batch", str(articles), "--output", str(output)]
            elapsed, _ = timed([*command, "--workers", str(workers)])
            rows.append((f"reliability batch --workers {workers}", elapsed, startup))
        same = compare(score_cards, folder / "batch-2.jsonl")
        output = folder / "batch-story.jsonl"
        elapsed, _ = timed(
            [*cli, "batch", str(articles), "--output", str(output), "--compare", "story"]
        )
        rows.append((f"reliability batch --compare story ({cores} workers)", elapsed, startup))
    report(rows, args.articles, startup, (bare, bare_cpu))
    print(f"batch --workers 2 scores equal to reliability score's: {same}")


def report(
    rows: list[tuple[str, float, float | None]], n: int, startup: float, bare: tuple[float, float]
) -> None:
    print(f"\nlocal Ray cluster start-up and actors ({PROBE_ARTICLES} articles): {startup:.1f} s")
    print("\n| run | wall s | docs/s | scoring only s | docs/s |")
    print("|---|---|---|---|---|")
    scoring_one = None
    for name, elapsed, fixed in rows:
        # Too few articles to tell scoring from start-up: no scoring-only figures.
        known = fixed is not None and elapsed > 2 * fixed
        only = f"{elapsed - fixed:.1f}" if known and fixed is not None else ""
        rate = f"{n / (elapsed - fixed):,.1f}" if known and fixed is not None else ""
        print(f"| {name} | {elapsed:.1f} | {n / elapsed:,.1f} | {only} | {rate} |")
        if name.endswith("--workers 1") and known and fixed is not None:
            scoring_one = elapsed - fixed
    wall, cpu = bare
    print(
        f"\nbare engine CPU time: {cpu:.1f} s ({1000 * cpu / n:.1f} ms a document; "
        f"{n / cpu:,.1f} documents per CPU-second)"
    )
    if scoring_one is not None:
        print(
            f"Ray's overhead over the bare engine, one worker, scoring only: "
            f"{scoring_one / wall:.2f}x the bare engine's wall time, "
            f"{scoring_one / cpu:.2f}x its CPU time"
        )


if __name__ == "__main__":
    main()
