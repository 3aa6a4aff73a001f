"""Hedging's lexicon: cue and reporting-verb phrase tables, read from `data/`.

`data/hedging.tsv` lists hedge, weasel, booster and vague cues with their
voice; `data/hedging_reporting.tsv` the verbs and phrases that credit a claim
to a source, with their class. Patterns are expanded by the analysis layer's
`expand_pattern` ("it is/was believed").

Both tables are read from a prebuilt index (`data/hedging.index`, written by
`build_index`: `python benchmarks/build_hedging_index.py`), which holds them
expanded and indexed with the SHA-256 of the two TSVs; when a TSV has changed
since, the index is ignored and the tables built from the TSVs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import msgspec

from reliability.analysis import (
    AnchoredPhrases,
    PhraseTable,
    read_index,
    read_table,
    tables_sha256,
)

# Beside this module rather than through importlib.resources: an editable
# install made before the package had an __init__.py sees it as a namespace
# package, which importlib.resources cannot read from.
DATA_DIR = Path(__file__).resolve().parent / "data"
TABLES = (DATA_DIR / "hedging.tsv", DATA_DIR / "hedging_reporting.tsv")
INDEX = DATA_DIR / "hedging.index"

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


# A saved table: its payloads, and by anchor word (offset, length, {phrase: its
# payload's place in the payloads}), in the order `AnchoredPhrases` makes them.
_Saved = tuple[list[str], dict[str, list[tuple[int, int, dict[tuple[str, ...], int]]]]]


class _Index(msgspec.Struct, frozen=True):
    """Both tables as built from the TSVs, and the SHA-256 of the TSVs."""

    tsv_sha256: str
    cues: list[tuple[str, str, str]]  # pattern, type, voice
    cue_table: _Saved
    report_table: _Saved


def _saved(table: AnchoredPhrases[str]) -> _Saved:
    places: dict[str, int] = {}
    groups = {
        anchor: [
            (offset, length, {p: places.setdefault(v, len(places)) for p, v in phrases.items()})
            for offset, length, phrases in shapes
        ]
        for anchor, shapes in table.groups.items()
    }
    return list(places), groups


def _read(saved: _Saved) -> AnchoredPhrases[str]:
    payloads, groups = saved
    return AnchoredPhrases.from_groups(
        {
            anchor: tuple(
                (offset, length, {p: payloads[v] for p, v in phrases.items()})
                for offset, length, phrases in shapes
            )
            for anchor, shapes in groups.items()
        }
    )


def build_index() -> bytes:
    """The prebuilt index of the shipped tables (MessagePack)."""
    cue_table, cues = load_cues()
    return msgspec.msgpack.encode(
        _Index(
            tsv_sha256=tables_sha256(TABLES),
            cues=[(p, c.type, c.voice) for p, c in cues.items()],
            cue_table=_saved(cue_table),
            report_table=_saved(load_reporting()),
        )
    )


def _load() -> tuple[AnchoredPhrases[str], dict[str, Cue], AnchoredPhrases[str]]:
    """The tables: from the prebuilt index when it matches the TSVs, else built from them."""
    index = read_index(INDEX, _Index, TABLES)
    if index is not None:
        cues = {p: Cue(cue_type, voice) for p, cue_type, voice in index.cues}
        return _read(index.cue_table), cues, _read(index.report_table)
    cue_table, cues = load_cues()
    return cue_table, cues, load_reporting()


CUE_TABLE, CUES, REPORT_TABLE = _load()


def matches(
    table: AnchoredPhrases[str], words: Sequence[str], anchors: Iterable[int] | None = None
) -> list[tuple[int, int, str]]:
    """Every occurrence of a phrase of `table` in `words`, as (start, end, payload)."""
    return table.matches(words, anchors)
