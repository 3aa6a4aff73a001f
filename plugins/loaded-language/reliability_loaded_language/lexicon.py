"""The loaded-language lexicon: reading `lexicon.tsv` and the word keys it is matched by.

Every lexicon term and every document token is reduced to a *key* by the same
function, `lemma`, so one lexicon row matches the word's inflections
("slam" matches "slammed", "slams", "slamming"; "regime" matches "regimes"
and "regime's"). `lemma` is a crude suffix stripper, not a dictionary
lemmatiser: it only has to send a word and its inflections to the same key,
and because lexicon and text go through the same function a key need not be
a real word ("regime" -> "regim").
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable
from pathlib import Path

from reliability.analysis import PhraseTable, TableError, parse_table
from reliability.analysis import fold as toolkit_fold

# Categories whose entries are never findings on their own: amplifiers and
# minimisers only strengthen the loaded term right after them, and neutral
# usages ("regime change", "tax regime") exist to win the longest match over
# the loaded word inside them.
AMPLIFIER = "amplifier"
MINIMISER = "minimiser"
NEUTRAL = "neutral usage"
MODIFIERS = frozenset({AMPLIFIER, MINIMISER})

# An intensifier ("shockingly", "blatantly") is loaded by itself and also
# colours the word after it, so its span reaches over that word.
INTENSIFIER = "intensifier"

LOADED_CATEGORIES = frozenset(
    {
        "derogatory label",
        "dismissive framing",
        "emotive verb",
        "emotive word",
        INTENSIFIER,
    }
)
CATEGORIES = LOADED_CATEGORIES | MODIFIERS | {NEUTRAL}

SOURCES = frozenset({"vader", "curated"})
COLUMNS = ("term", "category", "strength", "source", "valence")


@dataclasses.dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon row.

    `strength` is 0 for modifiers and neutral usages, 1 for loaded wording and
    2 for strongly loaded wording. `valence` is VADER's mean rating for rows
    taken from VADER, None for hand-curated rows.
    """

    term: str
    category: str
    strength: int
    source: str
    valence: float | None = None


def _undouble(stem: str) -> str:
    # "slammed" -> "slamm" -> "slam"; l, s and z stay doubled ("called", "assessed")
    # as in Porter's stemmer, where the double letter belongs to the stem.
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "aeiouylsz":
        return stem[:-1]
    return stem


def fold(text: str) -> str:
    """Lower-case `text` and fold curly apostrophes and Unicode hyphens to ASCII, so
    that "regime\u2019s" or "so\u2011called" meets the lexicon's plain forms."""
    return toolkit_fold(text, hyphens="ascii")


def lemma(word: str) -> str:
    """The matching key of one word: lower-cased, possessive and inflection stripped."""
    w = fold(word)
    if w.endswith("'s") and len(w) > 3:
        w = w[:-2]
    elif w.endswith("'") and len(w) > 2:
        w = w[:-1]
    if len(w) > 4 and w.endswith(("ies", "ied")):
        w = w[:-3] + "y"
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    elif len(w) > 5 and w.endswith("ing"):
        w = _undouble(w[:-3])
    elif len(w) > 4 and w.endswith("ed"):
        w = _undouble(w[:-2])
    # The silent e goes last so "regime", "regimes" and "regimed" agree.
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    return w


def term_keys(term: str) -> tuple[tuple[str, ...], ...]:
    """The key sequences a lexicon term matches.

    Words are separated by spaces. A hyphenated word ("so-called") gets two
    sequences, one for a tokeniser that keeps it whole and one for a
    tokeniser that splits it at the hyphens, so matching does not depend on
    that choice.
    """
    whole: list[str] = []
    split: list[str] = []
    for word in term.split():
        whole.append(lemma(word))
        parts = word.split("-")
        for i, part in enumerate(parts):
            if i:
                split.append("-")
            if part:
                split.append(lemma(part))
    variants = [tuple(whole)]
    if split != whole:
        variants.append(tuple(split))
    return tuple(variants)


def parse_lexicon(text: str, name: str = "lexicon.tsv") -> tuple[Entry, ...]:
    """Parse a lexicon table (the toolkit's TSV reader checks header and columns).

    Raises `TableError` naming the row for an unknown category or source, or
    a strength outside 0-2 or unfit for its category.
    """
    entries: list[Entry] = []
    for number, fields in enumerate(parse_table(text, COLUMNS, name=name), start=2):
        term, category, strength_text, source, valence_text = fields
        where = f"{name}: data row {number}"
        if category not in CATEGORIES:
            raise TableError(f"{where}: unknown category {category!r}")
        if source not in SOURCES:
            raise TableError(f"{where}: unknown source {source!r}")
        strength = int(strength_text)
        if strength not in (0, 1, 2) or (strength == 0) != (category in MODIFIERS | {NEUTRAL}):
            raise TableError(f"{where}: strength {strength} unfit for {category}")
        valence = float(valence_text) if valence_text else None
        entries.append(Entry(term, category, strength, source, valence))
    return tuple(entries)


def index(entries: Iterable[Entry]) -> PhraseTable[Entry]:
    """A phrase table from each entry's key sequences; two entries sharing a key is an error."""
    rows = ((keys, entry) for entry in entries for keys in term_keys(entry.term))
    return PhraseTable.from_phrases(rows, name="lexicon.tsv")


@functools.cache
def load() -> PhraseTable[Entry]:
    """The shipped lexicon, indexed by key sequence; read once, on first use."""
    path = Path(__file__).resolve().parent / "lexicon.tsv"
    return index(parse_lexicon(path.read_text(encoding="utf-8")))
