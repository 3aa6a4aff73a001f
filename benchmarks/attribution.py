"""Attribution relations found by the `attribution` heuristic, scored against PolNeAR.

Every figure comes from the production path: each article becomes
`Analysis(make_document(text))` and `find_attributions` (what
`AttributionHeuristic.evaluate` reports as `attribution` findings) extracts
its relations.

Data: `../shared/data/polnear/` relative to the project root (PolNeAR,
Newell et al., LREC 2018; see `../shared/data/README.md`). The rules were
developed on `train/`, and the tagger trained on it
(`python -m reliability_heuristics.attribution.train`); figures are reported
on `dev/` (train figures are printed too, for comparison). The test split is
reserved and never read. Some articles have several annotators; each is
scored against one annotation only, that of the first annotator id in
alphabetical order.

Measures, over all articles of a split (micro-averaged):

- source and cue spans, precision/recall/F1, with exact matching (same start
  and end) and overlap matching (a predicted span counts as correct when it
  overlaps a gold span of the same role; a gold span is found when a predicted
  one overlaps it);
- content spans, overlap F1 (a discontinuous gold content counts from its
  first to its last character; a prediction's content fragments likewise);
- relations: a predicted relation matches a gold one when their cues overlap
  and either their sources overlap or neither has a source. Precision counts
  predicted relations that match some gold relation, recall gold relations
  matched by some prediction.

Reference point (different corpus, a trained system): BBC citron on PARC 3.0
test, source F1 82.0 exact / 85.3 overlap, cue 82.3 / 76.8, content 59.3 / 83.3.
PolNeAR's notion of attribution is broader than PARC's (pronoun sources,
verbs of belief, feeling and intention), which lowers rule-based recall.

Targets, printed beside the figures: dev overlap F1 source >= 80, cue >= 78;
exact source F1 >= 72; no seed source that is a dateline, a verb phrase or
a relative clause (`plausible_source`); attribution + hedging <= 2 ms per
800 words.

Speed: `evaluate` (the shared analysis built beforehand, as the engine does)
of attribution alone and of attribution then hedging (reading attribution's
result, as in the engine), median ms per 800 words, on the dev articles and
on 100 synthetic 800-word articles (`benchmarks/synthetic.py`); and the part
of it the tagger takes (its feature columns and its decoding).

    python benchmarks/attribution.py [--split dev|train] [--errors N] [--no-speed]
"""

from __future__ import annotations

import argparse
import bisect
import json
import re
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from reliability_heuristics.attribution.heuristic import AttributionHeuristic, find_attributions
from reliability_heuristics.attribution.rules import RuleFinder
from reliability_heuristics.attribution.tagger import Columns, Tagger, body_sentences, cue_phrases
from reliability_heuristics.hedging.heuristic import Hedging
from synthetic import corpus

from reliability import Context
from reliability.analysis import Analysis
from reliability.document import make_document

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "polnear"

Span = tuple[int, int]


@dataclass
class Relation:
    cue: Span
    source: Span | None
    content: Span | None


@dataclass
class Article:
    name: str
    text: str
    sources: list[Span] = field(default_factory=list)
    cues: list[Span] = field(default_factory=list)
    contents: list[Span] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)


def _span(offsets: str) -> Span:
    """A brat offset field ("10 20" or "10 20;25 30") as one span, first to last character."""
    parts = [tuple(int(x) for x in piece.split()) for piece in offsets.split(";")]
    return min(p[0] for p in parts), max(p[1] for p in parts)


def load(split: str) -> list[Article]:
    """The articles of a split, each with its first annotator's (alphabetically) relations."""
    by_article: dict[str, list[Path]] = {}
    for path in sorted((DATA / split / "attributions").glob("*.ann")):
        by_article.setdefault(path.stem.rsplit("_", 1)[0], []).append(path)
    articles = []
    for name, paths in sorted(by_article.items()):
        text = (DATA / split / "text" / f"{name}.txt").read_text("utf-8")
        article = Article(name, text)
        spans: dict[str, tuple[str, Span]] = {}
        for line in sorted(paths)[0].read_text("utf-8").splitlines():
            fields = line.split("\t")
            if line.startswith("T") and len(fields) >= 2:
                kind, _, offsets = fields[1].partition(" ")
                spans[fields[0]] = (kind, _span(offsets))
            elif line.startswith("E") and len(fields) >= 2:
                roles = dict(part.split(":", 1) for part in fields[1].split())
                get = {r: spans[t][1] for r, t in roles.items() if t in spans}
                if "Cue" in get:
                    article.relations.append(
                        Relation(get["Cue"], get.get("Source"), get.get("Content"))
                    )
        for kind, span in spans.values():
            {"Source": article.sources, "Cue": article.cues, "Content": article.contents}.get(
                kind, []
            ).append(span)
        articles.append(article)
    return articles


def predict(doc: Analysis, tagger: Tagger) -> list[Relation]:
    """The heuristic's relations as character spans."""
    tokens = doc.tokens
    out = []
    relations, _ = find_attributions(doc, tagger)
    for rel in relations:
        cue = (tokens[rel.cue[0]].start, tokens[rel.cue[1] - 1].end)
        source = (
            (tokens[rel.source[0]].start, tokens[rel.source[1] - 1].end) if rel.source else None
        )
        parts = [c for c in rel.content if c[1] > c[0]]
        content = (
            (tokens[min(c[0] for c in parts)].start, tokens[max(c[1] for c in parts) - 1].end)
            if parts
            else None
        )
        out.append(Relation(cue, source, content))
    return out


# A source holding one of these words is a clause, not a noun phrase ("forces will soon bomb").
_VERBS = frozenset(
    [
        "will",
        "would",
        "can",
        "could",
        "should",
        "may",
        "might",
        "must",
        "shall",
        "is",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "reportedly",
        "allegedly",
    ]
)
# What may follow a dateline's place before its dash: capitals, digits, a bracketed credit.
_DATELINE_REST = re.compile(r"(?:[^a-z()\n]|\([^)\n]*\))*?\s[–—―-]+\s")


def plausible_source(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] reads as a source: no verb, no leading "which", no dateline."""
    words = text[start:end].split()
    if not words or words[0].lower() in ("which", "that"):
        return False
    if (start == 0 or text[start - 1] == "\n") and _DATELINE_REST.match(text, end):
        return False
    return not any(w.lower().strip(",.") in _VERBS for w in words)


def _overlaps(a: Span | None, b: Span | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


class Counts:
    """True positives for precision and recall separately, and the totals."""

    def __init__(self) -> None:
        self.tp_p = self.tp_r = self.pred = self.gold = 0

    def add(self, pred: list[Span], gold: list[Span], exact: bool) -> None:
        self.pred += len(pred)
        self.gold += len(gold)
        if exact:
            gold_set, pred_set = set(gold), set(pred)
            self.tp_p += sum(1 for p in pred if p in gold_set)
            self.tp_r += sum(1 for g in gold if g in pred_set)
        else:
            self.tp_p += sum(1 for p in pred if any(_overlaps(p, g) for g in gold))
            self.tp_r += sum(1 for g in gold if any(_overlaps(p, g) for p in pred))

    def prf(self) -> tuple[float, float, float]:
        p = self.tp_p / self.pred if self.pred else 0.0
        r = self.tp_r / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _relation_match(p: Relation, g: Relation) -> bool:
    if not _overlaps(p.cue, g.cue):
        return False
    if p.source is None and g.source is None:
        return True
    return _overlaps(p.source, g.source)


def evaluate_split(split: str, errors: int, tagger: Tagger) -> dict[str, Counts]:
    table = {
        key: Counts()
        for key in (
            "source exact",
            "source overlap",
            "cue exact",
            "cue overlap",
            "content overlap",
            "relation",
        )
    }
    shown = 0
    for article in load(split):
        doc = Analysis(make_document(article.text))
        if doc.text != article.text:
            raise SystemExit(f"{article.name}: the document's text differs from the file's")
        pred = predict(doc, tagger)
        p_sources = [r.source for r in pred if r.source is not None]
        p_cues = [r.cue for r in pred]
        p_contents = [r.content for r in pred if r.content is not None]
        table["source exact"].add(p_sources, article.sources, True)
        table["source overlap"].add(p_sources, article.sources, False)
        table["cue exact"].add(p_cues, article.cues, True)
        table["cue overlap"].add(p_cues, article.cues, False)
        table["content overlap"].add(p_contents, article.contents, False)
        rel = table["relation"]
        rel.pred += len(pred)
        rel.gold += len(article.relations)
        rel.tp_p += sum(1 for p in pred if any(_relation_match(p, g) for g in article.relations))
        rel.tp_r += sum(1 for g in article.relations if any(_relation_match(p, g) for p in pred))
        if shown < errors:
            text = article.text
            gold_sources = set(article.sources)
            for p in pred:
                if p.source is not None and p.source not in gold_sources and shown < errors:
                    near = [g for g in article.sources if _overlaps(g, p.source)]
                    print(
                        f"  source {text[p.source[0] : p.source[1]]!r} cue "
                        f"{text[p.cue[0] : p.cue[1]]!r} gold "
                        f"{[text[g[0] : g[1]] for g in near]!r}"
                    )
                    shown += 1
    return table


def _prepared(texts: list[str]) -> list[Analysis]:
    docs = []
    for text in texts:
        doc = Analysis(make_document(text))
        for prop in ("sentences", "tokens", "quotations", "names", "numbers", "dates"):
            getattr(doc, prop)  # the analysis is shared and built before any heuristic runs
        docs.append(doc)
    return docs


def _both(attribution: AttributionHeuristic, hedging: Hedging, doc: Analysis) -> None:
    """Attribution, then hedging reading its product (the relations), as the engine passes it."""
    context = Context(heuristic=attribution.name, publishes=attribution.publishes)
    attribution.evaluate(doc, context)
    hedging.evaluate(doc, Context(products={attribution.name: context.published}))


def speed(docs: list[Analysis]) -> tuple[float, float]:
    """Median ms per 800 words of attribution alone, and of attribution + hedging."""
    attribution, hedging = AttributionHeuristic(), Hedging()
    alone, both = [], []
    for doc in docs:
        scale = 1000 * 800 / max(doc.word_count, 1)
        for runs, call in (
            (alone, lambda d=doc: attribution.evaluate(d, Context())),
            (both, lambda d=doc: _both(attribution, hedging, d)),
        ):
            times = []
            for _ in range(5):
                t0 = time.perf_counter()
                call()
                times.append(time.perf_counter() - t0)
            runs.append(min(times) * scale)
    return statistics.median(alone), statistics.median(both)


def tagging_speed(docs: list[Analysis], tagger: Tagger) -> float:
    """Median ms per 800 words of the tagger alone: its feature columns and its labels.

    The sentences tagged are those the heuristic tags: body sentences holding
    a phrase of the cue table; the rules' relations are found beforehand.
    """
    per_doc = []
    for doc in docs:
        finder = RuleFinder(doc)
        rules, _ = finder.find()
        phrases = cue_phrases(finder.v.words, finder.cue_positions)
        starts = [k for k, _, _ in phrases]
        tagged = [
            (lo, hi)
            for lo, hi in body_sentences(doc, finder.v)
            if bisect.bisect_left(starts, hi) > bisect.bisect_left(starts, lo)
        ]
        times = []
        for _ in range(5):
            t0 = time.perf_counter()
            columns = Columns(finder.v, finder.quoted, rules, finder.cue_positions, tagged, phrases)
            tagger.tag(columns)
            times.append(time.perf_counter() - t0)
        per_doc.append(min(times) * 1000 * 800 / max(doc.word_count, 1))
    return statistics.median(per_doc)


# Targets: PolNeAR dev F1 (percent) and speed (ms per 800 words, attribution + hedging).
TARGETS = {"source overlap": 80.0, "cue overlap": 78.0, "source exact": 72.0}
SPEED_TARGET = 2.0


def seed_sources(tagger: Tagger) -> list[tuple[str, str, bool]]:
    """(seed file, source text, plausible) of every relation on the seed articles."""
    out = []
    for path in sorted((ROOT / "seeds").glob("*.json")):
        doc = Analysis(make_document(json.loads(path.read_text("utf-8"))["text"]))
        for r in predict(doc, tagger):
            if r.source is not None:
                ok = plausible_source(doc.text, *r.source)
                out.append((path.name, doc.text[r.source[0] : r.source[1]], ok))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "train"), default="dev")
    parser.add_argument("--errors", type=int, default=0, help="print N source mismatches")
    parser.add_argument("--no-speed", action="store_true", help="leave the speed runs out")
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"PolNeAR not found at {DATA} (expected ../shared/data/polnear)", file=sys.stderr)
        return 2
    tagger = Tagger()
    splits = [args.split] if args.split == "train" else ["train", "dev"]
    for split in splits:
        table = evaluate_split(split, args.errors if split == args.split else 0, tagger)
        note = " (the tagger was trained here)" if split == "train" else ""
        print(f"\nPolNeAR {split} (first annotator per article){note}")
        print(f"{'measure':<17} {'P':>6} {'R':>6} {'F1':>6}   {'target':>8}   pred / gold")
        for key, counts in table.items():
            p, r, f = counts.prf()
            target = f">= {TARGETS[key]:.0f}" if key in TARGETS and split == "dev" else ""
            print(
                f"{key:<17} {100 * p:6.1f} {100 * r:6.1f} {100 * f:6.1f}   {target:>8}   "
                f"{counts.pred} / {counts.gold}"
            )
    sources = seed_sources(tagger)
    bad = [(name, text) for name, text, ok in sources if not ok]
    print(
        f"\nseed sources that are datelines, verb phrases or relative clauses: {len(bad)} "
        f"of {len(sources)} (target 0)"
    )
    for name, text in bad:
        print(f"  {name}: {text!r}")
    if args.no_speed:
        return 0
    print("\nevaluate() speed, median ms per 800 words (the shared analysis built before):")
    for label, texts in (
        ("PolNeAR dev", [a.text for a in load("dev")]),
        ("100 synthetic", corpus(100)),
    ):
        docs = _prepared(texts)
        alone, both = speed(docs)
        print(
            f"  {label:<15} attribution {alone:.3f} ms   attribution + hedging {both:.3f} ms "
            f"(target <= {SPEED_TARGET:.0f} ms); of which the tagger "
            f"{tagging_speed(docs, tagger):.3f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
