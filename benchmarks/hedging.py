"""Sentence-level uncertainty detection by the `hedging` heuristic, on Wikipedia weasel data.

A sentence counts as uncertain when the heuristic finds a hedge or weasel cue
in it (boosters do not count), whatever it then judges about attribution; this
is the CoNLL-2010 sentence task. Data: `../shared/data/hedging/wiki-weasel-train.csv`
(relative to the project root; see `../shared/data/README.md`): 7,363
PTB-tokenised Wikipedia sentences, label 1 = holds a hedge or weasel cue. It is
a development split of undocumented provenance, so the figures are informal
"dev" figures, not comparable with the shared-task table (best Wikipedia
sentence F1 there: 60.2). The lexicon is built for news; do not tune it to
this file.

    python benchmarks/hedging.py [--errors N]
"""

from __future__ import annotations

import argparse
import collections
import csv
import re
import sys
import time
from pathlib import Path

from reliability_heuristics.hedging import Hedging

from reliability import Analysis, Context, make_document

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "hedging" / "wiki-weasel-train.csv"

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


def detokenise(text: str) -> str:
    """PTB-tokenised text back to ordinary prose spacing."""
    words = [PTB_BRACKETS.get(word, word) for word in text.split()]
    prose = " ".join(words)
    for pattern, replacement in PTB_FIXES:
        prose = pattern.sub(replacement, prose)
    return prose.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", type=int, default=0, help="print N false positives/negatives")
    args = parser.parse_args()
    if not DATA.exists():
        print(
            f"hedging benchmark: {DATA} not found; it needs the shared development data "
            "checked out beside the project (../shared/data).",
            file=sys.stderr,
        )
        return 2

    with DATA.open(encoding="utf-8", newline="") as handle:
        rows = [(detokenise(r["text"]), r["label"].strip() == "1") for r in csv.DictReader(handle)]
    rows = [(text, gold) for text, gold in rows if text]

    heuristic = Hedging()
    tp = fp = fn = tn = 0
    cue_fp: collections.Counter[str] = collections.Counter()
    cue_tp: collections.Counter[str] = collections.Counter()
    false_pos: list[str] = []
    false_neg: list[str] = []
    started = time.perf_counter()
    for text, gold in rows:
        outcome = heuristic.evaluate(Analysis(make_document(text)), Context())
        cues = [
            s.text.lower()
            for f in outcome.findings
            if f.kind in ("hedge", "weasel")
            for s in f.spans
            if s.role == "cue"
        ]
        # Weasels excused by attribution yield no finding, but the metric
        # still counts them: a cue is a cue for this task.
        predicted = bool(cues) or outcome.metrics["weasels_per_1000_words"] > 0
        if predicted and gold:
            tp += 1
            cue_tp.update(cues)
        elif predicted:
            fp += 1
            cue_fp.update(cues)
            false_pos.append(text)
        elif gold:
            fn += 1
            false_neg.append(text)
        else:
            tn += 1
    elapsed = time.perf_counter() - started

    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"data: {DATA} ({len(rows)} sentences, {tp + fn} uncertain)")
    print(f"tp={tp} fp={fp} fn={fn} tn={tn}")
    print(f"sentence-level (dev): P={precision:.3f} R={recall:.3f} F1={f1:.3f}")
    per_sentence = elapsed / len(rows) * 1000
    print(f"time: {elapsed:.1f} s including analysis ({per_sentence:.2f} ms/sentence)")
    print("cues in true positives: ", ", ".join(f"{c} {n}" for c, n in cue_tp.most_common(15)))
    print("cues in false positives:", ", ".join(f"{c} {n}" for c, n in cue_fp.most_common(15)))
    for label, texts in (("false positive", false_pos), ("false negative", false_neg)):
        for text in texts[: args.errors]:
            print(f"{label}: {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
