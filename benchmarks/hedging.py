"""Uncertainty detection by the `hedging` heuristic: sentence-level P/R/F1, cue coverage, speed.

Every figure comes from the production path: each sentence becomes a document,
`Analysis(make_document(sentence))`, and `Hedging().evaluate` judges it. A
sentence counts as uncertain when the heuristic reports a hedge, weasel or
vague cue in it (a `hedge` or `weasel` finding, or a weasel it excused as
attributed, which only the metrics count); boosters do not count. Whatever it
then judges about attribution is irrelevant here: this is the CoNLL-2010
sentence task.

Data, from `../shared/data/hedging/` relative to the project root (see
`../shared/data/README.md`); all of it is development data, so every figure
is an informal "dev" figure:

- `wiki-weasel-train.csv`: 7,363 PTB-tokenised Wikipedia sentences, label 1 =
  holds a hedge or weasel cue, of undocumented provenance (apparently the
  CoNLL-2010 Wikipedia training data). The lexicon was extended by looking at
  errors on one half of it only: the split is by the parity of the SHA-256 of
  the detokenised sentence, `dev` (even, looked at) and `held-out` (odd, never
  looked at). Figures are printed for both halves and the whole. Reference
  point: the best CoNLL-2010 Wikipedia sentence F1 was 60.2 (a trained
  system, on the shared-task test set, so not directly comparable).
- `bio_bmc.xml`, `bio_fly.xml`, `bio_hbc.xml`: the Szeged Uncertainty Corpus
  biological part, with inline `<ccue type=...>` cues; a sentence is uncertain
  when it holds any cue. Different domain (biomedical papers), so it measures
  how far the lexicon covers uncertainty cues in general, per cue type; the
  heuristic was not tuned on it. Cue-level recall: a gold cue is found when a
  reported cue span overlaps it. Reference point: CoNLL-2010 best biological
  sentence F1 86.4 (trained, in-domain).

Speed: hedging's `evaluate` alone (the shared analysis built beforehand, as
the engine does) on the seeds and on synthetic 800-word articles, in ms per
800 words; and with the `attribution` heuristic too when it is installed.

    python benchmarks/hedging.py [--errors N] [--split dev|held-out]
"""

from __future__ import annotations

import argparse
import collections
import csv
import hashlib
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import msgspec
from reliability_heuristics.hedging.heuristic import Hedging
from synthetic import corpus
from timing import per_800_words

from reliability import (
    Analysis,
    Context,
    Document,
    Heuristic,
    Outcome,
    make_document,
)

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "hedging"
WIKI = DATA / "wiki-weasel-train.csv"
BIO = [DATA / name for name in ("bio_bmc.xml", "bio_fly.xml", "bio_hbc.xml")]

# Penn Treebank escapes and spacing, undone so the text reads as prose and the
# shared tokenizer sees what it would see in an article.
PTB_BRACKETS = {
    "-LRB-": "(",
    "-RRB-": ")",
    "-LSB-": "[",
    "-RSB-": "]",
    "-LCB-": "{",
    "-RCB-": "}",
}
PTB_FIXES = [
    (re.compile(r"``\s*|''"), '"'),
    (re.compile(r"\s+(n't|'s|'re|'ve|'ll|'d|'m)\b", re.IGNORECASE), r"\1"),
    (re.compile(r"\(\s+"), "("),
    (re.compile(r"\s+([)\].,;:!?%])"), r"\1"),
    (re.compile(r"` "), "'"),
]
# Finding kinds whose cue spans mark a sentence as uncertain.
UNCERTAIN_KINDS = ("hedge", "weasel")


def detokenise(text: str) -> str:
    """PTB-tokenised text back to ordinary prose spacing."""
    words = [PTB_BRACKETS.get(word, word) for word in text.split()]
    prose = " ".join(words)
    for pattern, replacement in PTB_FIXES:
        prose = pattern.sub(replacement, prose)
    return prose.strip()


def wiki_split(text: str) -> str:
    """`dev` or `held-out`, fixed by the sentence's own text so it never changes."""
    digest = int(hashlib.sha256(text.encode("utf-8")).hexdigest(), 16)
    return "dev" if digest % 2 == 0 else "held-out"


def detect(heuristic: Heuristic, text: str) -> tuple[bool, list[tuple[int, int, str]]]:
    """Run the real heuristic on one sentence: (uncertain?, reported cue spans)."""
    outcome: Outcome = heuristic.evaluate(Analysis(make_document(text)), Context())
    cues = [
        (s.start, s.end, s.text.lower())
        for f in outcome.findings
        if f.kind in UNCERTAIN_KINDS
        for s in f.spans
        if s.role == "cue"
    ]
    # Weasels excused by attribution yield no finding, but the metric still
    # counts them: a cue is a cue for this task.
    return bool(cues) or outcome.metrics["weasels_per_1000_words"] > 0, cues


@dataclass
class Score:
    """Sentence-level confusion counts."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, predicted: bool, gold: bool) -> None:
        if predicted and gold:
            self.tp += 1
        elif predicted:
            self.fp += 1
        elif gold:
            self.fn += 1
        else:
            self.tn += 1

    def line(self, label: str) -> str:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        total = self.tp + self.fp + self.fn + self.tn
        return (
            f"  {label:<22} n={total:>5} uncertain={self.tp + self.fn:>5}  "
            f"P={p:.3f} R={r:.3f} F1={f1:.3f}   (tp={self.tp} fp={self.fp} fn={self.fn})"
        )


@dataclass
class Errors:
    """Cues behind false positives, and examples of both error kinds."""

    cue_fp: collections.Counter[str] = field(default_factory=collections.Counter)
    false_pos: list[str] = field(default_factory=list)
    false_neg: list[str] = field(default_factory=list)


def run_wiki(heuristic: Heuristic, errors: int, split: str) -> None:
    with WIKI.open(encoding="utf-8", newline="") as handle:
        rows = [(detokenise(r["text"]), r["label"].strip() == "1") for r in csv.DictReader(handle)]
    rows = [(text, gold) for text, gold in rows if text]
    scores = {"whole": Score(), "dev": Score(), "held-out": Score()}
    errs = Errors()
    for text, gold in rows:
        part = wiki_split(text)
        predicted, cues = detect(heuristic, text)
        scores["whole"].add(predicted, gold)
        scores[part].add(predicted, gold)
        # Only the half that may be looked at feeds the error listing.
        if part == split and predicted != gold:
            if predicted:
                errs.cue_fp.update(c for _, _, c in cues)
                errs.false_pos.append(text)
            else:
                errs.false_neg.append(text)
    print(f"Wikipedia weasel/hedge sentences: {WIKI}")
    for label, score in scores.items():
        print(score.line(label))
    print("  reference: CoNLL-2010 best Wikipedia sentence F1 60.2 (trained, test set)")
    top = ", ".join(f"{c} {n}" for c, n in errs.cue_fp.most_common(12))
    print(f"  cues in false positives ({split}): {top}")
    for label, texts in (("false positive", errs.false_pos), ("false negative", errs.false_neg)):
        for text in texts[:errors]:
            print(f"  {label}: {text}")


def bio_sentences(path: Path) -> Iterable[tuple[str, list[tuple[int, int, str, str]]]]:
    """Each sentence's text and its gold cues (start, end, type, text), from inline markup."""
    for sentence in ET.parse(path).getroot().iter("Sentence"):
        parts = [sentence.text or ""]
        cues = []
        offset = len(parts[0])
        for child in sentence:
            inner = "".join(child.itertext())
            if child.tag == "ccue":
                # "speculation_modal_probable_" -> epistemic, and so on (see the DTD).
                cues.append((offset, offset + len(inner), cue_type(child.get("type", "")), inner))
            parts.append(inner)
            offset += len(inner)
            parts.append(child.tail or "")
            offset += len(child.tail or "")
        yield "".join(parts), cues


def cue_type(raw: str) -> str:
    """The Szeged cue type names used in the corpus README from the XML attribute."""
    raw = raw.strip().rstrip("_ ").lower()
    for key, name in (
        ("modal_probable", "epistemic"),
        ("doxastic", "doxastic"),
        ("condition", "condition"),
        ("investigation", "investigation"),
    ):
        if key in raw:
            return name
    return raw or "unknown"


def run_bio(heuristic: Heuristic) -> None:
    print("Szeged Uncertainty Corpus, biological part (cue coverage; not tuned on):")
    total = Score()
    found: collections.Counter[str] = collections.Counter()
    gold_cues: collections.Counter[str] = collections.Counter()
    missed: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for path in BIO:
        score = Score()
        for text, cues in bio_sentences(path):
            if not text.strip():
                continue
            predicted, spans = detect(heuristic, text)
            score.add(predicted, bool(cues))
            total.add(predicted, bool(cues))
            for start, end, kind, inner in cues:
                gold_cues[kind] += 1
                if any(s < end and start < e for s, e, _ in spans):
                    found[kind] += 1
                else:
                    missed[kind][inner.lower()] += 1
        print(score.line(path.name))
    print(total.line("all three"))
    print("  reference: CoNLL-2010 best biological sentence F1 86.4 (trained, in-domain)")
    print("  cue-level recall of the lexicon, by gold cue type:")
    for kind, n in gold_cues.most_common():
        top = ", ".join(f"{c} {k}" for c, k in missed[kind].most_common(8))
        print(
            f"    {kind:<14} {found[kind]:>5}/{n:<5} = {found[kind] / n:.3f}   most missed: {top}"
        )
    all_found, all_gold = sum(found.values()), sum(gold_cues.values())
    print(f"    {'all':<14} {all_found:>5}/{all_gold:<5} = {all_found / all_gold:.3f}")


def attribution_heuristic() -> Heuristic | None:
    """The `attribution` heuristic when its module is installed, else None."""
    try:
        from reliability_heuristics.attribution import heuristic as attribution
    except ImportError:
        return None
    registered: list[Heuristic] = []
    attribution.register_heuristics(registered.append)
    return next((h for h in registered if h.name == "attribution"), None)


def run_speed(heuristic: Heuristic, repeat: int) -> None:
    seeds = [
        msgspec.json.decode(p.read_bytes(), type=Document)
        for p in sorted((ROOT / "seeds").glob("*.json"))
    ]
    synthetic = [make_document(text) for text in corpus(100)]
    other = attribution_heuristic()

    def hedging_only(analysis: Analysis) -> object:
        return heuristic.evaluate(analysis, Context())

    def both(analysis: Analysis) -> object:
        assert other is not None
        context = Context()
        other.evaluate(analysis, context)
        # Its published relations, as the engine hands them to hedging in production.
        products = {other.name: context.published}
        return heuristic.evaluate(analysis, Context(products=products))

    print("Speed (median ms per 800 words, evaluate only; the shared analysis built before):")
    for label, docs in (("seeds", seeds), ("synthetic 800-word", synthetic)):
        line = f"  {label:<20} hedging {per_800_words(docs, hedging_only, repeat):.3f} ms"
        if other is not None:
            line += f"   attribution + hedging {per_800_words(docs, both, repeat):.3f} ms"
        print(line)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", type=int, default=0, help="print N false positives/negatives")
    parser.add_argument(
        "--split", choices=("dev", "held-out"), default="dev", help="half to list errors from"
    )
    parser.add_argument("--repeat", type=int, default=5, help="timing passes over each corpus")
    args = parser.parse_args()
    if not WIKI.exists():
        print(
            f"hedging benchmark: {WIKI} not found; it needs the shared development data "
            "checked out beside the project (../shared/data).",
            file=sys.stderr,
        )
        return 2
    heuristic = Hedging()
    started = time.perf_counter()
    run_wiki(heuristic, args.errors, args.split)
    if all(path.exists() for path in BIO):
        run_bio(heuristic)
    else:
        print("Szeged biological files not found; skipped.")
    print(f"(accuracy runs took {time.perf_counter() - started:.1f} s including analysis)")
    run_speed(heuristic, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
