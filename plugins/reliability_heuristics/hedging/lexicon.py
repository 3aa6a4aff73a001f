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

from reliability.analysis import expand_pattern, read_table

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


# A phrase table maps an anchor word to the phrases that contain it, grouped by
# the anchor's offset and the phrase's length, so that checking an occurrence
# costs one dict lookup per group however many phrases share the anchor
# ("experts" anchors hundreds). The anchor is a phrase's least common word
# ("doubt" in "there is no doubt"), so frequent words such as "the" or "it"
# never send a sentence to the phrase check.
PhraseGroup = tuple[int, int, dict[tuple[str, ...], str]]
PhraseTable = dict[str, tuple[PhraseGroup, ...]]

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


def build_table(entries: Iterable[tuple[str, str]], filename: str) -> PhraseTable:
    """A phrase table from (pattern, payload) pairs; a phrase listed twice is a data error."""
    seen: dict[tuple[str, ...], str] = {}
    for pattern, payload in entries:
        for phrase in expand_pattern(pattern):
            if phrase in seen:
                raise ValueError(f"{filename}: {' '.join(phrase)!r} is listed twice")
            seen[phrase] = payload
    grouped: dict[str, dict[tuple[int, int], dict[tuple[str, ...], str]]] = {}
    for phrase, payload in seen.items():
        offset = next(
            (k for k, word in enumerate(phrase) if word not in COMMON_WORDS),
            max(range(len(phrase)), key=lambda k: len(phrase[k])),
        )
        shapes = grouped.setdefault(phrase[offset], {})
        shapes.setdefault((offset, len(phrase)), {})[phrase] = payload
    return {
        anchor: tuple((offset, length, phrases) for (offset, length), phrases in shapes.items())
        for anchor, shapes in grouped.items()
    }


def load_cues() -> tuple[PhraseTable, dict[str, Cue]]:
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


def load_reporting() -> PhraseTable:
    rows = read_table(DATA_DIR / "hedging_reporting.tsv", 3)
    for pattern, report_class, _notes in rows:
        if report_class not in REPORT_CLASSES:
            raise ValueError(f"hedging_reporting.tsv: bad class for {pattern!r}")
    return build_table(((p, c) for p, c, _ in rows), "hedging_reporting.tsv")


CUE_TABLE, CUES = load_cues()
REPORT_TABLE = load_reporting()


def matches(
    table: PhraseTable, words: Sequence[str], anchors: Iterable[int] | None = None
) -> list[tuple[int, int, str]]:
    """Every occurrence of a phrase of `table` in `words`, as (start, end, payload).

    `anchors`, when given, are the only indices holding an anchor word of
    `table`. Sorted leftmost first and, at one start, longest first, which is
    the order in which a caller picks non-overlapping matches.
    """
    found = []
    n = len(words)
    for k in range(n) if anchors is None else anchors:
        groups = table.get(words[k])
        if groups is None:
            continue
        for offset, length, phrases in groups:
            start = k - offset
            end = start + length
            if start >= 0 and end <= n:
                payload = phrases.get(tuple(words[start:end]))
                if payload is not None:
                    found.append((start, end, payload))
    if len(found) > 1:
        found.sort(key=lambda m: (m[0], m[0] - m[1]))
    return found
