"""What the `figures` heuristic reports on real coverage: PolNeAR train + dev news articles.

    python benchmarks/figures_real.py [--show N] [--seed S] [--splits train dev]
                                      [--window DAYS] [--peers K]

Loads the PolNeAR articles of the chosen splits (`../shared/data/polnear/`,
924 US political news articles of seven outlets, November 2015 to November
2016; never the test split) with their outlet, title and publication date
into a temporary `SQLiteStore` (the store keeps one copy of identical texts,
so 923 documents), takes each article's peers from `store.peers(...)`
(shared names and keywords within a date window; by default the service's
own settings, 45 days and at most 10 peers), and scores each article against
its peers through an `Engine` with `recycling`, `originality` and `figures`
enabled (figures reads the first two's products: when each text was written,
which copy which), `recycling` reading as of 2026-11-23.

Prints the number of articles and of articles with peers, figures extracted,
aligned pairs (each pair of figures of an article and of one of its peers
that `align` takes to count the same thing, counted once), the
`figure-conflict` findings (major / minor), the
`figure-corroborated` findings, and, with `--show N`, a random sample of N
conflicts and N corroborations (seeded by `--seed`) with the sentence of each
figure, so that a reader can judge whether the two count the same thing.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from reliability_heuristics.figures.align import FigureIndex, align, figures_of

from reliability import Analysis, Document, Engine, Finding, make_document
from reliability.config import Settings
from reliability.models import Status
from reliability.store import SQLiteStore

ROOT = Path(__file__).resolve().parent.parent
POLNEAR = ROOT.parent / "shared" / "data" / "polnear"
OPTIONS = {"today": "2026-11-23"}


def load(splits: list[str]) -> list[tuple[str, Document]]:
    """(file stem, document) of every article of the splits, with its metadata."""
    with (POLNEAR / "metadata.tsv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    docs = []
    for row in rows:
        if row["compartment"] not in splits:
            continue
        path = POLNEAR / row["compartment"] / "text" / f"{row['filename']}.txt"
        if not path.exists():
            continue
        docs.append(
            (
                row["filename"],
                make_document(
                    path.read_text("utf-8"),
                    outlet=row["publisher"],
                    title=row["title"] or None,
                    published=row["publication_date"] or None,
                ),
            )
        )
    return docs


def sentence(a: Analysis, offset: int) -> str:
    """The sentence of `a` containing `offset`, on one line."""
    i = a.sentence_index_at(offset)
    if i is None:
        return a.text[max(0, offset - 150) : offset + 150].replace("\n", " ")
    s = a.sentences[i]
    return " ".join(a.text[s.start : s.end].split())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=0, help="sample N conflicts and N agreements")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--splits", nargs="+", default=["train", "dev"])
    parser.add_argument("--window", type=int, default=45, help="peer date window, days")
    parser.add_argument("--peers", type=int, default=10, help="most peers per article")
    args = parser.parse_args(argv)
    if "test" in args.splits:
        parser.error("the test split is reserved for independent evaluation")
    if not (POLNEAR / "metadata.tsv").exists():
        print(f"PolNeAR not found under {POLNEAR}", file=sys.stderr)
        return 1

    started = time.perf_counter()
    named = load(args.splits)
    # Figures reads recycling's dates and originality's copy relations: all three run.
    engine = Engine(
        Settings(enable=["recycling", "originality", "figures"], options={"recycling": OPTIONS})
    )
    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(Path(tmp) / "polnear.sqlite")
        try:
            store.bulk_put(d for _, d in named)
            stored = [store.put(d)[0] for _, d in named]  # the documents with their ids
            names = {d.id: stem for (stem, _), d in zip(named, stored, strict=True)}
            analyses = {d.id: Analysis(d) for d in stored}
            peer_ids = {
                d.id: [p.id for p in store.peers(d, limit=args.peers, window_days=args.window)]
                for d in stored
            }
        finally:
            store.close()

    index = {doc_id: FigureIndex(figures_of(a)) for doc_id, a in analyses.items()}
    totals: Counter[str] = Counter()
    pairs: set[tuple[str, int, str, int]] = set()
    conflicts: list[tuple[str, Finding]] = []
    agreements: list[tuple[str, Finding]] = []
    for doc_id, a in analyses.items():
        peers = [analyses[i] for i in peer_ids[doc_id] if i in analyses]
        totals["figures"] += len(index[doc_id].figures)
        if not peers:
            continue
        totals["with peers"] += 1
        totals["peer links"] += len(peers)
        card = engine.score(a, peers=peers)
        (result,) = [r for r in card.heuristics if r.name == "figures"]
        if result.status != Status.OK:
            totals[f"figures {result.status.value}"] += 1
        for f in result.findings:
            totals[f.kind] += 1
            if f.kind == "figure-conflict":
                totals[f"conflict {f.severity.value}"] += 1
                conflicts.append((doc_id, f))
            elif f.kind == "figure-corroborated":
                agreements.append((doc_id, f))
        for mine in index[doc_id].figures:
            for p in peers:
                for theirs in index[p.id].candidates(mine):
                    if align(mine, theirs) is not None:
                        key = (doc_id, mine.claim.start, p.id, theirs.claim.start)
                        if (p.id, theirs.claim.start, doc_id, mine.claim.start) not in pairs:
                            pairs.add(key)
    elapsed = time.perf_counter() - started

    print(f"articles ({'+'.join(args.splits)}):      {len(analyses)}")
    print(f"articles with peers:        {totals['with peers']}")
    print(f"peer links (directed):      {totals['peer links']}")
    print(f"figures extracted:          {totals['figures']}")
    print(f"aligned figure pairs:       {len(pairs)}")
    print(
        f"figure-conflict findings:   {totals['figure-conflict']} "
        f"(major {totals['conflict major']}, minor {totals['conflict minor']})"
    )
    print(f"figure-corroborated:        {totals['figure-corroborated']}")
    print(f"figure-uncorroborated:      {totals['figure-uncorroborated']}")
    print(f"time: {elapsed:.1f} s")

    rng = random.Random(args.seed)
    for label, found in (("conflicts", conflicts), ("corroborations", agreements)):
        if not args.show:
            break
        sample = rng.sample(found, min(args.show, len(found)))
        print()
        print(f"=== sample of {len(sample)} of {len(found)} {label} ===")
        for n, (doc_id, f) in enumerate(sample, 1):
            a = analyses[doc_id]
            span = f.spans[0]
            print(f"\n[{label[:4]} {n}] {f.severity.value} {names[doc_id]}")
            print(f"  figure: “{span.text}”")
            print(f"  here:   {sentence(a, span.start)}")
            for r in f.related:
                p = analyses[r.document_id]
                print(f"  peer {names[r.document_id]}: “{r.text}”")
                print(f"      {sentence(p, r.start)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
