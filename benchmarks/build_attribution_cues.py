"""Regenerate `attribution/data/attribution_cues_polnear.tsv` from the PolNeAR *train* annotations.

Mines the gold cue spans of PolNeAR train (first annotator per article, as
`benchmarks/attribution.py` scores them) for cue words and two-word cues the
hand-written table `attribution_cues.tsv` lacks, and keeps those that are
reliable in train:

- a cue's *head* is the first token of a gold cue span that is not an
  auxiliary or adverb ("has", "also");
- a single word is kept when, of all its occurrences as a word token in train
  text, at least PRECISION of them head a gold cue, and at least MIN_HITS do;
- a two-word cue ("pointed to", "talking about") is kept on the same terms,
  counted over occurrences of the pair, when its first word alone is not kept;
- its class comes from where the gold source stands in train: mostly none
  -> agentless; mostly after the cue -> according; mostly a possessive or a
  determiner just before it -> nominal ("his criticism", "the decision by");
  otherwise speech when at least INVERTED of its sources follow it ("...,"
  echoed X), else act.

Only the dev split is used for reporting and the test split is never read.
The output is deterministic (sorted by hits, then text) and the shipped TSV
does not need the data at run time.

    python benchmarks/build_attribution_cues.py
"""

from __future__ import annotations

import argparse
import bisect
import sys
from collections import Counter, defaultdict
from pathlib import Path

from attribution import DATA, load
from reliability_heuristics.attribution.lexicon import AUX, CUE_CLASSES, DETERMINERS, build_table

from reliability.analysis import Analysis
from reliability.document import make_document

OUT = (
    Path(__file__).resolve().parent.parent
    / "plugins"
    / "reliability_heuristics"
    / "attribution"
    / "data"
    / "attribution_cues_polnear.tsv"
)
# A kept cue heads a gold cue in at least half of its occurrences, at least 5 times.
PRECISION = 0.5
MIN_HITS = 5
INVERTED = 0.1
# The hand-written table alone, so that regenerating does not depend on the previous output.
CUE_TABLE = build_table("attribution_cues.tsv", CUE_CLASSES)
POSSESSIVES = frozenset(["his", "her", "their", "its", "our", "my", "your"])
# Function words never kept as cues on their own: they head cues ("in", "for",
# "of") only inside longer, article-specific spans.
FUNCTION = (
    frozenset(
        [
            "in",
            "for",
            "of",
            "to",
            "on",
            "about",
            "at",
            "by",
            "with",
            "from",
            "as",
            "that",
            "the",
            "a",
            "an",
            "and",
            "or",
            "but",
            "not",
            "this",
            "it",
            "be",
            "is",
            "are",
            "was",
            "were",
            "he",
            "she",
            "they",
            "we",
            "i",
            "you",
        ]
    )
    | AUX
)


def _fold(text: str) -> str:
    return text.lower().replace("\u2019", "'").replace("\u2018", "'")


def mine() -> list[tuple[str, str, str]]:
    occ: Counter[tuple[str, ...]] = Counter()
    hits: Counter[tuple[str, ...]] = Counter()
    where: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    for article in load("train"):
        doc = Analysis(make_document(article.text))
        tokens = doc.tokens
        words = [_fold(t.text) for t in tokens]
        starts = [t.start for t in tokens]
        heads: dict[int, tuple[int, str]] = {}
        for rel in article.relations:
            lo = bisect.bisect_left(starts, rel.cue[0])
            hi = bisect.bisect_left(starts, rel.cue[1], lo)
            while lo < hi and words[lo] in AUX:
                lo += 1
            if lo >= hi:
                continue
            if rel.source is None:
                place = "none"
            elif rel.source[0] >= rel.cue[1]:
                place = "after"
            elif (lo > 0 and (words[lo - 1] in POSSESSIVES or words[lo - 1].endswith("'s"))) or (
                lo > 0 and words[lo - 1] in DETERMINERS
            ):
                place = "nominal"
            else:
                place = "before"
            heads[lo] = (hi, place)
        for k, w in enumerate(words):
            if tokens[k].kind != "word":
                continue
            pair = (w, words[k + 1]) if k + 1 < len(words) else None
            occ[(w,)] += 1
            if pair:
                occ[pair] += 1
            if k in heads:
                hi, place = heads[k]
                hits[(w,)] += 1
                where[(w,)][place] += 1
                if pair and hi > k + 1:
                    hits[pair] += 1
                    where[pair][place] += 1
    kept: list[tuple[int, str, str, str]] = []
    singles = set()
    for phrase in sorted(hits, key=len):
        h, o = hits[phrase], occ[phrase]
        if h < MIN_HITS or h / o < PRECISION:
            continue
        if phrase[0] in FUNCTION or not phrase[0].isalpha():
            continue
        if len(phrase) == 1:
            singles.add(phrase[0])
        elif phrase[0] in singles:
            continue
        if phrase[0] in CUE_TABLE or phrase[-1] in CUE_TABLE:
            continue  # the hand-written table already has a cue opening with it
        places = where[phrase]
        top, top_n = max(sorted(places.items()), key=lambda item: item[1])
        if places["none"] * 2 >= h:
            cls = "agentless"
        elif places["after"] * 2 >= h:
            cls = "according"
        elif places["nominal"] * 2 >= h:
            cls = "nominal"
        elif places["after"] >= INVERTED * h:
            cls = "speech"
        else:
            cls = "act"
        note = (
            f"derived from PolNeAR train annotations: heads {h} of {o} occurrences "
            f"({100 * h / o:.0f}%), source {top} in {top_n}"
        )
        kept.append((-h, " ".join(phrase), cls, note))
    kept.sort()
    return [(text, cls, note) for _, text, cls, note in kept]


def main() -> int:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    if not DATA.is_dir():
        print(f"PolNeAR not found at {DATA} (expected ../shared/data/polnear)", file=sys.stderr)
        return 2
    rows = mine()
    header = (
        "# Attribution cues derived from PolNeAR train annotations (Newell et al., LREC 2018).\n"
        "# Generated by benchmarks/build_attribution_cues.py; do not edit by hand. A word or\n"
        f"# word pair is kept when it heads a gold cue in >= {PRECISION:.0%} of its occurrences\n"
        f"# in train text and at least {MIN_HITS} times, and attribution_cues.tsv lacks it.\n"
        "# Columns as in attribution_cues.tsv; class nominal: a noun whose source is a\n"
        '# possessive before it ("his criticism") or a by/from phrase after it.\n'
        "cue\tclass\tnotes\n"
    )
    OUT.write_text(header + "".join(f"{t}\t{c}\t{n}\n" for t, c, n in rows), "utf-8")
    print(f"{len(rows)} cues written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
