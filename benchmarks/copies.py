"""Copied coverage: how fast `derivations` compares a story's documents, and what it finds.

Three measurements:

- **seeds**: the five seed articles as one story (ten pairs). Median time of
  `derivations` with its caches cleared before each run (the documents'
  shared analyses already built, as other heuristics build them), and of the
  `originality` heuristic scoring all five against each other through an
  engine (cached after the first document, as in a real request).
- **synthetic**: a story of 20 documents: the five seeds and three rewrites
  of each, made by a deterministic rewriter (sentences dropped, merged and
  reordered, words replaced by synonyms, typos added, a new headline). Reports
  the median time and whether each rewrite is found as a copy of its seed
  (seeds 001 and 002 count as one family: 001 rewrites 002), and any relation
  across families.
- **polnear** (when ../shared/data/polnear is present): the 924 PolNeAR dev
  articles (7 US outlets, 2015-2016), every pair published within three days
  of each other aligned; prints time per pair and every relation found, for
  reading, and how close pairs by different outlets come (the larger of their
  shares). Then all 924 as one story, as `originality` compares a story
  (`story_relations`: only the pairs its filter lets through are aligned):
  the pairs aligned, the time, whether every relation of the three-day pairs
  is found again, and every relation found.
- **against** (with `--against FILE`, another version of the module, e.g.
  `git show <commit>:plugins/reliability_heuristics/originality/heuristic.py \
  > /tmp/copies_then.py`):
  both versions timed in turns in one process (CPU time, caches cleared, the
  shared analyses built) on the seed story, the 20-document story and stories
  of five synthetic 800-word articles (`benchmarks/synthetic.py`), and whether
  they find the same relations with the same aligned sentences.

    .venv/bin/python benchmarks/copies.py [--repeat 50] [--skip-polnear] [--against FILE]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import itertools
import random
import re
import statistics
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path

import msgspec
from reliability_heuristics.originality import heuristic as copies
from reliability_heuristics.originality.heuristic import derivation, derivations, overlap
from reliability_heuristics.originality.relation import story_relations

from reliability import Analysis, Context, Document, Engine, make_document
from reliability.config import Settings

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "data" / "polnear"

# The rewriter's vocabulary: ordinary newsroom substitutions.
SYNONYMS = {
    "said": "stated",
    "says": "states",
    "told": "informed",
    "however": "but",
    "also": "additionally",
    "recent": "latest",
    "recently": "lately",
    "support": "backing",
    "government": "administration",
    "military": "armed",
    "country": "nation",
    "large": "big",
    "major": "key",
    "increase": "rise",
    "announced": "declared",
    "after": "following",
    "before": "prior to",
    "about": "around",
    "more than": "over",
    "according to": "per",
}
_SYNONYM_RE = re.compile(r"\b(" + "|".join(map(re.escape, SYNONYMS)) + r")\b")


def _typo(word: str, rng: random.Random) -> str:
    """Swap two inner letters of a long word."""
    if len(word) < 6 or not word.isalpha():
        return word
    i = rng.randrange(1, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def rewrite(doc: Document, rng: random.Random, published: str | None) -> Document:
    """A light rewrite: about a fifth of the sentences dropped, some merged or swapped,
    synonyms and typos, a new headline, no credit."""
    analysis = Analysis(doc)
    sentences = [
        analysis.sentence_text(s)
        for s in analysis.sentences
        if not analysis.paragraphs[s.paragraph].heading
    ]
    kept = [s for s in sentences if rng.random() > 0.2]
    for i in range(len(kept) - 1):
        if rng.random() < 0.15:
            kept[i], kept[i + 1] = kept[i + 1], kept[i]
    out: list[str] = []
    for s in kept:
        s = _SYNONYM_RE.sub(lambda m: SYNONYMS[m.group(1)] if rng.random() < 0.7 else m.group(1), s)
        words = s.split(" ")
        if rng.random() < 0.4:
            k = rng.randrange(len(words))
            words[k] = _typo(words[k], rng)
        s = " ".join(words)
        if out and rng.random() < 0.1:
            out[-1] = out[-1].rstrip(".") + ", and " + s[:1].lower() + s[1:]
        else:
            out.append(s)
    headline = f"What We Know: {' '.join((doc.title or sentences[0]).split()[:6])}"
    paragraphs = [" ".join(out[i : i + 2]) for i in range(0, len(out), 2)]
    return make_document("\n\n".join([headline, *paragraphs]), published=published)


def synthetic_story(seeds: list[Document]) -> tuple[list[Document], dict[str, str]]:
    """The seeds and three rewrites of each; the family (seed number) of every document."""
    rng = random.Random(11)
    story = list(seeds)
    family = {d.doc_id: f"{i:03}" for i, d in enumerate(seeds)}
    for i, seed in enumerate(seeds):
        for k in range(3):
            day = dt.date(2025, 11, 4 + k).isoformat()
            doc = rewrite(seed, rng, day if k else None)
            story.append(doc)
            family[doc.doc_id] = f"{i:03}"
    return story, family


def median_ms(run: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median wall-clock and CPU milliseconds of `run`, each run from a fresh story memo.

    CPU time is the steadier figure on a machine shared with other work.
    """
    wall, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        run()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def load_seeds() -> list[Document]:
    return [
        msgspec.json.decode(p.read_bytes(), type=Document)
        for p in sorted((ROOT / "seeds").glob("*.json"))
    ]


def bench_seeds(repeat: int) -> None:
    seeds = load_seeds()
    analyses = [Analysis(d) for d in seeds]
    for a in analyses:  # the shared analysis, as other heuristics leave it
        a.tokens, a.sentences, a.quotations, a.folded, a.paragraphs  # noqa: B018
    found = derivations(analyses)
    ms, cpu = median_ms(lambda: derivations(analyses), repeat)
    engine = Engine(Settings(), entry_points=False, plugins=[copies])
    scored, scored_cpu = median_ms(
        lambda: list(engine.score_many(seeds, compare=True)), max(5, repeat // 5)
    )
    print(
        f"seeds: 5 documents, 10 pairs: derivations median {ms:.1f} ms "
        f"({cpu:.1f} ms CPU) over {repeat} runs"
    )
    print(
        "seeds: originality over the 5-document story through an engine, 5 scorecards: "
        f"median {scored:.1f} ms ({scored_cpu:.1f} ms CPU)"
    )
    number = {
        d.doc_id: p.name[:3]
        for d, p in zip(seeds, sorted((ROOT / "seeds").glob("*.json")), strict=True)
    }
    for d in found:
        print(
            f"  {number[d.copy_id]} copies {number[d.original_id]}: {len(d.pairs)} sentences, "
            f"share {d.share:.2f}, credited {d.credited}, decided by {d.basis}"
        )


def bench_synthetic(repeat: int) -> None:
    story, family = synthetic_story(load_seeds())
    analyses = [Analysis(d) for d in story]
    for a in analyses:
        a.tokens, a.sentences, a.quotations, a.folded, a.paragraphs  # noqa: B018
    ms, cpu = median_ms(lambda: derivations(analyses), max(5, repeat // 5))
    found = derivations(analyses)

    def fam(doc_id: str) -> str:
        return "001" if family[doc_id] == "002" else family[doc_id]

    seeds = {family[a.id]: a for a in analyses[:5]}
    rewrites = analyses[5:]
    hits = sum(
        1
        for r in rewrites
        if (d := derivation(r, seeds[family[r.id]])) is not None and d.copy_id == r.id
    )
    across = [d for d in found if fam(d.copy_id) != fam(d.original_id)]
    print(
        f"synthetic: 20 documents, 190 pairs: derivations median {ms:.1f} ms "
        f"({cpu:.1f} ms CPU); "
        f"{len(found)} relations; {hits}/15 rewrites found as copies of their seed "
        f"with the right direction; {len(across)} relations across families"
    )


def bench_polnear() -> None:
    if not POLNEAR.is_dir():
        print(f"polnear: skipped ({POLNEAR} is absent)")
        return
    with (POLNEAR / "metadata.tsv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    docs = []
    for row in rows:
        path = POLNEAR / row["compartment"] / "text" / f"{row['filename']}.txt"
        doc = make_document(
            path.read_text("utf-8"),
            outlet=row["publisher"],
            published=row["publication_date"],
            title=row["title"][:2000],
        )
        docs.append((row, Analysis(doc)))
    pairs = [
        (a, b)
        for a, b in itertools.combinations(docs, 2)
        if abs(
            (
                dt.date.fromisoformat(a[0]["publication_date"])
                - dt.date.fromisoformat(b[0]["publication_date"])
            ).days
        )
        <= 3
    ]
    # One story memo for all pairs: each article is profiled once.
    context = Context()
    started = time.perf_counter()
    found = [
        (ra, rb, d) for (ra, a), (rb, b) in pairs if (d := derivation(a, b, context)) is not None
    ]
    elapsed = time.perf_counter() - started
    print(
        f"polnear: {len(docs)} articles, {len(pairs)} pairs within 3 days: "
        f"{elapsed:.1f} s ({elapsed / len(pairs) * 1000:.2f} ms a pair, profiles included); "
        f"{len(found)} relations"
    )
    # How close independent coverage comes: the larger of the two shares, for every
    # pair of articles by different outlets (the threshold for a copy is 0.4).
    across = sorted(
        (max(overlap(a, b, context)), ra["filename"], rb["filename"])
        for (ra, a), (rb, b) in pairs
        if ra["publisher"] != rb["publisher"]
    )
    high = [x for x in across if x[0] >= 0.2]
    print(
        f"polnear: {len(across)} of those pairs by different outlets: highest share "
        f"{across[-1][0]:.2f}; {len(high)} at 0.2 or more:"
    )
    for share, a_name, b_name in reversed(high):
        print(f"  {share:.2f} {a_name} / {b_name}")
    by_id = {a.id: row for row, a in docs}
    for _, _, d in found:
        c, o = by_id[d.copy_id], by_id[d.original_id]
        print(
            f"  {c['filename']} <- {o['filename']}: {len(d.pairs)} sentences, share "
            f"{d.share:.2f}, credited {d.credited}, decided by {d.basis}"
        )
    # All the articles as one story, as `originality` compares a story: only the pairs the
    # filter lets through are aligned, whatever their dates.
    started = time.perf_counter()
    started_cpu = time.process_time()
    story = story_relations([a for _, a in docs], Context())
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - started_cpu
    total = len(docs) * (len(docs) - 1) // 2
    pairwise = {(d.copy_id, d.original_id) for _, _, d in found}
    kept = pairwise <= {(d.copy_id, d.original_id) for d in story.derivations}
    print(
        f"polnear as one story: {story.candidates} of {total} pairs aligned, {elapsed:.1f} s "
        f"({cpu:.1f} s CPU, profiles included); {len(story.derivations)} relations; "
        f"every relation of the pairs within 3 days among them: {kept}"
    )
    for d in story.derivations:
        c, o = by_id[d.copy_id], by_id[d.original_id]
        print(
            f"  {c['filename']} <- {o['filename']}: {len(d.pairs)} sentences, share "
            f"{d.share:.2f}, credited {d.credited}, decided by {d.basis}"
        )


def load_version(path: Path) -> types.ModuleType:
    """Another version of the copies module, reading this one's data files."""
    module = types.ModuleType("reliability_heuristics.copies_then")
    module.__file__ = copies.__file__  # its tables are beside this module
    # Relative imports resolve in the heuristic's package, whichever module is given.
    module.__package__ = copies.__package__
    sys.modules[module.__name__] = module
    exec(compile(path.read_text("utf-8"), str(path), "exec"), module.__dict__)
    return module


def bench_against(path: Path, repeat: int) -> None:
    then = load_version(path)
    seeds = load_seeds()
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synthetic import article

    rng = random.Random(7)
    stories = {
        "seed story (10 pairs)": [seeds],
        "20-document story (190 pairs)": [synthetic_story(seeds)[0]],
        "5 x 800-word synthetic stories (10 pairs each)": [
            [make_document(article(rng, 800)) for _ in range(5)] for _ in range(10)
        ],
    }
    for label, docs in stories.items():
        analysed = [[Analysis(d) for d in story] for story in docs]
        for story in analysed:
            for a in story:
                a.tokens, a.sentences, a.quotations, a.folded, a.paragraphs  # noqa: B018
        times: dict[str, list[float]] = {"then": [], "now": []}
        same = identical = True
        for _ in range(max(3, repeat // 5)):
            for name, module in (("then", then), ("now", copies)):
                for story in analysed:
                    if hasattr(module, "clear_cache"):  # a version with module-level caches
                        module.clear_cache()
                    started = time.process_time()
                    module.derivations(story)
                    times[name].append((time.process_time() - started) * 1000)
        for story in analysed:
            found = [msgspec.to_builtins(m.derivations(story)) for m in (then, copies)]
            identical &= found[0] == found[1]
            # The same copies, shares and aligned sentences of each copy; the run of the
            # original a sentence aligns with may differ only between equally similar runs.
            for d in found[0] + found[1]:
                for p in d["pairs"]:
                    del p["other_start"], p["other_end"]
            same &= found[0] == found[1]
        a, b = statistics.median(times["then"]), statistics.median(times["now"])
        print(
            f"against {path.name}: {label}: derivations median {a:.1f} ms CPU then, "
            f"{b:.1f} ms now ({b / a:.2f}); same relations and aligned sentences: {same}; "
            f"identical: {identical}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--skip-polnear", action="store_true")
    parser.add_argument("--against", type=Path, help="another version of copies.py")
    args = parser.parse_args()
    if args.against:
        bench_against(args.against, args.repeat)
        return
    bench_seeds(args.repeat)
    bench_synthetic(args.repeat)
    if not args.skip_polnear:
        bench_polnear()


if __name__ == "__main__":
    main()
