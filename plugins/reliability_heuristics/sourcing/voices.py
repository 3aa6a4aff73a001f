"""Whose voices the article gives: its sources' own words, and a second side.

- `direct_quotations`: the distinct passages quoted word for word, over the
  shared analysis's quotations (`doc.quotations`): an outermost quotation of
  at least `MIN_QUOTED_WORDS` words ("a bold move" in quotation marks is a
  phrase the writer marks, not a source speaking). Passages are compared by
  their words, lower-cased, and each counts once however often the text
  repeats it: a page that prints a quotation twice, or pads itself with its
  own paragraphs, quotes no one new.
- `dissent_sentences`: the sentences that report disagreement, criticism or
  a denial ("critics say", "the company denied", "not everyone agrees";
  `data/dissent.tsv`), in the writer's voice or a source's: an article that
  hears a second side says so in words like these. Matched as whole tokens
  of `doc.folded.words`, so "uncritical" or "anti-criticism" is no cue.
"""

from __future__ import annotations

from itertools import compress, count
from pathlib import Path

from reliability import Analysis
from reliability.analysis import FUNCTION_WORDS, AnchoredPhrases, PhraseTable, read_table

DATA_DIR = Path(__file__).resolve().parent / "data"
# Words inside the quotation marks from which a quotation is a source's words.
MIN_QUOTED_WORDS = 4


# Each cue filed under its least common word ("hand" for "on the other hand", "issue"
# for "took issue"), so the frequent words of a text rarely send it to the phrase check.
DISSENT: AnchoredPhrases[bool] = PhraseTable.from_patterns(
    ((pattern, True) for (pattern,) in read_table(DATA_DIR / "dissent.tsv", ["pattern"])),
    name="dissent.tsv",
).anchored(FUNCTION_WORDS | {"take", "takes", "took"})
ANCHORS = frozenset(DISSENT.groups)


def direct_quotations(doc: Analysis) -> int:
    """Distinct outermost quotations of at least `MIN_QUOTED_WORDS` words."""
    text = doc.text
    seen: set[str] = set()
    for quotation in doc.quotations:
        if quotation.depth:
            continue
        words = text[quotation.inner_start : quotation.inner_end].lower().split()
        if len(words) >= MIN_QUOTED_WORDS:
            seen.add(" ".join(words))
    return len(seen)


def dissent_sentences(doc: Analysis) -> int:
    """Sentences holding at least one cue of disagreement, criticism or denial."""
    words = doc.folded.words
    # Which anchor words occur at all is one pass in C; most texts have none, or few.
    present = ANCHORS.intersection(words)
    if not present:
        return 0
    starts = doc.folded.starts
    # The anchors' places, read in C: one look-up per token.
    anchors = compress(count(), map(present.__contains__, words))
    found = {
        doc.sentence_index_at(starts[start])
        for start, _end, _cue in DISSENT.matches(words, anchors)
    }
    found.discard(None)
    return len(found)
