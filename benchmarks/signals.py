"""Installed heuristics on the labelled sets: each metric's AUROC alone, and evaluate()'s speed.

    python benchmarks/signals.py [HEURISTIC ...] [--data DIR] [--repeat N]

    python benchmarks/signals.py style headline sourcing specificity length   # the default

Every usable article of BuzzFeed-Webis 2016 and FakeHealth HealthStory
(`reliability.scoring.labelled`: title and text only) is analysed and
judged by each named heuristic, loaded through the engine's registry (any
installed heuristic can be named; `reliability heuristics` lists them). The
heuristics a heuristic `requires` are run first through the engine, outside
the timing, and its configured options are passed as the engine would. A
cross-document heuristic is judged without peers.

For each metric, and the score, the rank AUROC (Mann-Whitney,
`reliability.scoring.fit.auroc`) with real articles as positives, in the
direction fixed before looking (`SIGNS`): +1 when the value is expected
higher in real articles, -1 when lower. 0.5 is chance; below 0.5 the signal
runs the other way on that set. A heuristic without an entry in `SIGNS` is
read with every numeric metric at +1, and says so. Metrics a table leaves out
(counts such as `style`'s `assertions`) are listed under it, not measured.

A score of None with metrics (`sourcing` with no document cited,
`specificity` or `style` with no assertion) is counted as 0.5; an outcome
with neither score nor metrics (`headline` with no headline) leaves the
article out of that heuristic's table.

Columns:

- `buzzfeed`, `fakehealth`: the AUROC over each set.
- `bf-partisan`: BuzzFeed within the six hyperpartisan pages only. BuzzFeed's
  real articles come mostly from mainstream outlets and its fakes from
  hyperpartisan pages, so a signal over all of BuzzFeed partly tells outlets
  apart. The orientation is read from the data file for this split and never
  shown to the heuristic.
- `bf-by-length`, `fh-by-length`: the AUROC averaged within thirds of each
  set by word count, so that length cannot carry the signal (fake articles
  are shorter in both sets, and a short text more often holds no cue at all).
- `share real/fake`: how often a metric is non-zero among real / fake
  articles, in BuzzFeed and in FakeHealth.

Speed: `evaluate` alone on a fresh analysis of each article, its shared
parts built just before (paragraphs, tokens, sentences, quotations, names,
numbers, dates, folded words and the sentence and token lookup indexes, as
the engine's other heuristics would), so that no heuristic pays for them and
the order the heuristics run in does not matter. The best of `--repeat` runs
(default 3) of each article: the median per article, the median per 800
words (word count floored at 50), and the total per 800 words over all the
articles judged. The machine's speed varies; compare figures from one run.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import time
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np

from reliability import Analysis, Context, Document, Engine
from reliability.scoring import labelled
from reliability.scoring.fit import auroc

DEFAULT = ("style", "headline", "sourcing", "specificity", "length")

# The direction of each metric, fixed before looking at the data: +1 expected
# higher in real articles, -1 expected lower. A metric not listed is not measured.
SIGNS: dict[str, dict[str, int]] = {
    # Calm reporting: every cue rate lower in real articles, the score higher.
    "style": {
        "score": +1,
        "exclamations_per_1k_words": -1,
        "shouting_per_1k_words": -1,
        "second_person_per_1k_words": -1,
        "rhetorical_question_share": -1,
        "intensifiers_per_1k_words": -1,
        "first_person_singular_per_1k_words": -1,
        "first_person_plural_per_1k_words": -1,
        "style_cues_per_assertion": -1,
    },
    # Clickbait cues, headline length (Horne & Adali 2017: fake titles are
    # longer) and unsupported words, numbers and names lower in real articles.
    "headline": {
        "score": +1,
        "headline_length_words": -1,
        "headline_clickbait_cues": -1,
        "headline_forward_reference": -1,
        "headline_sensational_words": -1,
        "headline_caps_share": -1,
        "headline_question": -1,
        "headline_exclamation": -1,
        "headline_unsupported_share": -1,
        "headline_unsupported_numbers": -1,
        "headline_unsupported_names": -1,
    },
    # Named documents, their share and kinds, links, a byline and a corrections
    # notice higher in real articles; vague documents and an opinion label lower.
    "sourcing": {
        "score": +1,
        "named_documents_per_1k_words": +1,
        "vague_documents_per_1k_words": -1,
        "document_references_per_1k_words": +1,
        "named_document_share": +1,
        "named_document_kinds": +1,
        "links_per_1k_words": +1,
        "has_byline": +1,
        "opinion_label": -1,
        "corrections_notice": +1,
    },
    # Names, numbers, dates and specific assertions higher in real articles,
    # unspecific passages lower.
    "specificity": {
        "score": +1,
        "specific_sentence_share": +1,
        "names_per_sentence": +1,
        "numbers_per_sentence": +1,
        "dates_per_sentence": +1,
        "quantities_per_sentence": +1,
        "titled_names_per_sentence": +1,
        "unspecific_passage_share": -1,
        "longest_unspecific_run": -1,
    },
    # Unreliable articles are shorter.
    "length": {
        "score": +1,
        "words": +1,
        "assertions": +1,
        "paragraphs": +1,
    },
}

# The shared analysis other heuristics compute first; not counted in the timing.
SHARED = (
    "paragraphs",
    "tokens",
    "sentences",
    "quotations",
    "names",
    "numbers",
    "dates",
    "folded",
    "word_count",
)
# (labelled set, column, short prefix)
SETS = (
    ("buzzfeed-webis-2016", "buzzfeed", "bf"),
    ("fakehealth-healthstory", "fakehealth", "fh"),
)
NONE_SCORE = 0.5


class Article(NamedTuple):
    """One labelled article and where it belongs."""

    column: str
    partisan: bool
    reliable: bool
    document: Document


class Row(NamedTuple):
    """One article's verdict and what a heuristic measured on it."""

    reliable: bool
    words: int
    values: dict[str, float]


def orientations(data_dir: Path | None) -> dict[str, str]:
    """BuzzFeed's outlet orientation by article id (`mainstream`, `left`, `right`)."""
    path = labelled.dataset_path("buzzfeed-webis-2016", data_dir)
    with path.open(encoding="utf-8") as fh:
        return {row["id"]: row.get("orientation") or "" for row in map(json.loads, fh)}


def articles(data_dir: Path | None) -> list[Article]:
    """Every usable article of both sets, in file order."""
    orient = orientations(data_dir)
    out = []
    for name, column, _ in SETS:
        for art in labelled.load(name, data_dir):
            partisan = column == "buzzfeed" and orient[art.id] != "mainstream"
            out.append(Article(column, partisan, art.reliable, art.document))
    return out


def analysed(document: Document) -> Analysis:
    """A fresh analysis of the document with the shared parts built."""
    doc = Analysis(document)
    for prop in SHARED:
        getattr(doc, prop)
    doc.sentence_index_at(0), doc.tokens_in(0, 0)  # their lookup indexes
    return doc


def prerequisites(engine: Engine, name: str) -> list[str]:
    """The heuristics `name` requires, directly or not, that are installed."""
    known = engine.registry.heuristics
    found: list[str] = []
    todo = list(known[name].heuristic.requires)
    while todo:
        dep = todo.pop()
        if dep in known and dep not in found:
            found.append(dep)
            todo.extend(known[dep].heuristic.requires)
    return [info.name for info in engine.heuristics() if info.name in found]  # run order


class Judged(NamedTuple):
    """One heuristic's rows by column, and its timings."""

    rows: dict[str, list[Row]]  # by column: buzzfeed, fakehealth, bf-partisan
    left_out: int
    none_scores: int
    per_article: list[float]  # ms
    per_800: list[float]  # ms per 800 words, word count floored at 50
    elapsed: float  # ms, all articles judged
    words: int


def judge(engine: Engine, name: str, arts: Sequence[Article], repeat: int) -> Judged:
    """Run one heuristic on every article, timing `evaluate` alone."""
    heuristic = engine.registry.heuristics[name].heuristic
    needs = prerequisites(engine, name)
    options = engine.settings.options.get(name, {})
    rows: dict[str, list[Row]] = {"buzzfeed": [], "fakehealth": [], "bf-partisan": []}
    left_out = none_scores = words = 0
    per_article: list[float] = []
    per_800: list[float] = []
    elapsed = 0.0
    for art in arts:
        doc = analysed(art.document)
        # What it requires runs first, its products passed on as the engine passes them.
        products: dict[str, object] = {}
        for dep in needs:
            required = engine.registry.heuristics[dep].heuristic
            made = Context(
                heuristic=dep,
                publishes=required.publishes,
                options=engine.settings.options.get(dep, {}),
                products=products,
            )
            required.evaluate(doc, made)
            if made.published is not None:
                products[dep] = made.published
        context = Context(
            products=products, options=options, heuristic=name, publishes=heuristic.publishes
        )
        best = math.inf
        for _ in range(repeat):
            start = time.perf_counter()
            out = heuristic.evaluate(doc, context)
            best = min(best, time.perf_counter() - start)
        values = {
            k: float(v)
            for k, v in out.metrics.items()
            if isinstance(v, int | float) and not isinstance(v, bool)
        }
        if out.score is None and not values:
            left_out += 1
            continue
        if out.score is None:
            none_scores += 1
        values["score"] = NONE_SCORE if out.score is None else float(out.score)
        ms = best * 1000
        per_article.append(ms)
        per_800.append(ms * 800 / max(doc.word_count, 50))
        elapsed += ms
        words += doc.word_count
        row = Row(art.reliable, doc.word_count, values)
        rows[art.column].append(row)
        if art.partisan:
            rows["bf-partisan"].append(row)
    return Judged(rows, left_out, none_scores, per_article, per_800, elapsed, words)


def oriented(metric: str, sign: int, rows: Sequence[Row]) -> float:
    """AUROC of real over fake for one metric, in its fixed direction."""
    kept = [r for r in rows if metric in r.values]
    scores = np.array([sign * r.values[metric] for r in kept], dtype=float)
    y = np.array([int(r.reliable) for r in kept])
    return auroc(scores, y)


def thirds(rows: Sequence[Row]) -> list[list[Row]]:
    """The rows in three groups by word count."""
    ordered = sorted(rows, key=lambda row: row.words)
    size = len(ordered) // 3
    return [ordered[:size], ordered[size : 2 * size], ordered[2 * size :]]


def nonzero_share(metric: str, rows: Sequence[Row], reliable: bool) -> float:
    """How often the metric is non-zero among the real (or fake) rows."""
    side = [r.values[metric] != 0 for r in rows if r.reliable == reliable and metric in r.values]
    return float(np.mean(side)) if side else math.nan


def report(engine: Engine, name: str, judged: Judged) -> None:
    """Print one heuristic's table and speed."""
    reg = engine.registry.heuristics[name]
    h = reg.heuristic
    print(f"## {name} (heuristic {h.version}, plugin {reg.plugin} {reg.plugin_version})")
    seen = list(dict.fromkeys(k for rows in judged.rows.values() for r in rows for k in r.values))
    signs = SIGNS.get(name)
    if signs is None:
        print("no direction fixed in advance (SIGNS): every metric read as higher = real")
        signs = {"score": +1, **{k: +1 for k in seen if k != "score"}}
    notes = []
    if judged.left_out:
        notes.append(f"{judged.left_out} articles without score or metrics left out")
    if judged.none_scores:
        notes.append(f"a score of None counted as {NONE_SCORE} ({judged.none_scores} articles)")
    unsigned = [k for k in seen if k not in signs]
    if unsigned:
        notes.append(f"not measured: {', '.join(unsigned)}")
    missing = [k for k in signs if k not in seen]
    if missing:
        notes.append(f"never reported: {', '.join(missing)}")
    for note in notes:
        print(note)
    if not any(judged.rows.values()):
        print("no article judged\n")
        return
    metrics = [k for k in signs if k in seen]

    columns: dict[str, tuple[list[Row], bool]] = {
        "buzzfeed": (judged.rows["buzzfeed"], False),
        "fakehealth": (judged.rows["fakehealth"], False),
        "bf-partisan": (judged.rows["bf-partisan"], False),
    }
    for _, column, short in SETS:
        columns[f"{short}-by-length"] = (judged.rows[column], True)
    width = max(len("(real/fake articles)"), *map(len, metrics)) + 2
    print(
        f"{'metric':{width}}"
        + "".join(f"{c:>14}" for c in columns)
        + "   share real/fake (buzzfeed, fakehealth)"
    )
    counts = (
        f"{sum(r.reliable for r in rows)}/{sum(not r.reliable for r in rows)}"
        for rows, _ in columns.values()
    )
    print(f"{'(real/fake articles)':{width}}" + "".join(f"{c:>14}" for c in counts))
    for metric in metrics:
        sign = signs[metric]
        line = f"{metric:{width}}"
        for rows, by_length in columns.values():
            groups = thirds(rows) if by_length else [rows]
            line += f"{np.mean([oriented(metric, sign, g) for g in groups]):14.3f}"
        if metric != "score":
            line += "   " + "  ".join(
                f"{nonzero_share(metric, judged.rows[c], True):.2f}/"
                f"{nonzero_share(metric, judged.rows[c], False):.2f}"
                for _, c, _ in SETS
            )
        print(line)
    print(
        f"evaluate: median {statistics.median(judged.per_article):.3f} ms per article, "
        f"median {statistics.median(judged.per_800):.3f} ms per 800 words; "
        f"{judged.elapsed / max(judged.words, 1) * 800:.3f} ms per 800 words over all "
        f"({judged.words:,} words)\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "heuristics",
        nargs="*",
        metavar="HEURISTIC",
        help=f"installed heuristics to measure (default: {' '.join(DEFAULT)})",
    )
    parser.add_argument("--data", type=Path, default=None, help="folder of the labelled sets")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of evaluate per article; the best is kept"
    )
    args = parser.parse_args()
    engine = Engine()
    names = args.heuristics or list(DEFAULT)
    unknown = [n for n in names if n not in engine.registry.heuristics]
    if unknown:
        installed = ", ".join(engine.registry.heuristics)
        parser.error(f"not installed: {', '.join(unknown)} (installed: {installed})")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    arts = articles(args.data)
    for name in names:
        report(engine, name, judge(engine, name, arts, args.repeat))


if __name__ == "__main__":
    main()
