"""Hedging's lexicon: cue and reporting-verb phrase tables, read from `data/`.

`data/hedging.tsv` lists hedge, weasel, booster and vague cues with their
voice; `data/hedging_reporting.tsv` the verbs and phrases that credit a claim
to a source, with their class. Patterns are expanded by the analysis layer's
`expand_pattern` ("it is/was believed").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from reliability.analysis import AnchoredPhrases, PhraseTable, read_table

# Beside this module rather than through importlib.resources: an editable
# install made before the package had an __init__.py sees it as a namespace
# package, which importlib.resources cannot read from.
DATA_DIR = Path(__file__).resolve().parent / "data"

CUE_TYPES = frozenset({"hedge", "weasel", "booster", "vague"})
VOICES = frozenset({"author", "reported", "open"})
REPORT_CLASSES = frozenset({"speech", "attitude", "inference", "state", "phrase"})


@dataclass(frozen=True, slots=True)
class Cue:
    """One lexicon entry after expansion: its type and voice."""

    type: str
    voice: str


# Words too frequent in news to anchor a phrase; a phrase made only of them is
# anchored on its longest word.
COMMON_WORDS = frozenset(
    {
        *("the", "a", "an", "it", "it's", "is", "was", "are", "were", "be", "been", "being"),
        *("has", "have", "had", "of", "in", "to", "on", "by", "for", "at", "there", "there's"),
        *("no", "not", "some", "many", "most", "others", "other", "we", "i", "one", "can"),
        *("people", "who", "those", "that", "this", "all", "any"),
    }
)


def build_table(entries: Iterable[tuple[str, str]], filename: str) -> AnchoredPhrases[str]:
    """A phrase table from (pattern, payload) rows, indexed by anchor word (the toolkit's)."""
    return PhraseTable.from_patterns(entries, name=filename).anchored(COMMON_WORDS)


def load_cues() -> tuple[AnchoredPhrases[str], dict[str, Cue]]:
    rows = read_table(DATA_DIR / "hedging.tsv", 4)
    cues: dict[str, Cue] = {}
    for pattern, cue_type, voice, _notes in rows:
        if cue_type not in CUE_TYPES or voice not in VOICES:
            raise ValueError(f"hedging.tsv: bad type or voice for {pattern!r}")
        if cue_type == "vague" and voice != "author":
            # Vagueness is always the writer's wording; another voice would mean nothing.
            raise ValueError(f"hedging.tsv: vague cue {pattern!r} must have voice 'author'")
        cues[pattern] = Cue(cue_type, voice)
    return build_table(((p, p) for p in cues), "hedging.tsv"), cues


def load_reporting() -> AnchoredPhrases[str]:
    rows = read_table(DATA_DIR / "hedging_reporting.tsv", 3)
    for pattern, report_class, _notes in rows:
        if report_class not in REPORT_CLASSES:
            raise ValueError(f"hedging_reporting.tsv: bad class for {pattern!r}")
    return build_table(((p, c) for p, c, _ in rows), "hedging_reporting.tsv")


CUE_TABLE, CUES = load_cues()
REPORT_TABLE = load_reporting()


def matches(
    table: AnchoredPhrases[str], words: Sequence[str], anchors: Iterable[int] | None = None
) -> list[tuple[int, int, str]]:
    """Every occurrence of a phrase of `table` in `words`, as (start, end, payload)."""
    return table.matches(words, anchors)
