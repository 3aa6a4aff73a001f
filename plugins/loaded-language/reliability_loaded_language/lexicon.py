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
from collections.abc import Iterable, Mapping
from importlib import resources

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

# Typographic variants folded before matching, so that a curly apostrophe
# ("regime\u2019s") or a Unicode hyphen ("so\u2011called") meets the
# lexicon's plain ASCII forms.
_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2010": "-", "\u2011": "-"})


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
    """Lower-case `text` and fold curly apostrophes and Unicode hyphens to ASCII."""
    return text.lower().translate(_FOLD)


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


def parse_lexicon(lines: Iterable[str]) -> tuple[Entry, ...]:
    """Parse the TSV rows of a lexicon, skipping `#` comments and the header row.

    Raises ValueError naming the line for a row with a wrong column count, an
    unknown category or source, or a strength outside 0-2.
    """
    entries: list[Entry] = []
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if tuple(fields) == COLUMNS:
            continue
        if len(fields) != len(COLUMNS):
            raise ValueError(f"lexicon line {number}: expected {len(COLUMNS)} columns")
        term, category, strength_text, source, valence_text = fields
        if category not in CATEGORIES:
            raise ValueError(f"lexicon line {number}: unknown category {category!r}")
        if source not in SOURCES:
            raise ValueError(f"lexicon line {number}: unknown source {source!r}")
        strength = int(strength_text)
        if strength not in (0, 1, 2) or (strength == 0) != (category in MODIFIERS | {NEUTRAL}):
            raise ValueError(f"lexicon line {number}: strength {strength} unfit for {category}")
        valence = float(valence_text) if valence_text else None
        entries.append(Entry(term, category, strength, source, valence))
    return tuple(entries)


def index(entries: Iterable[Entry]) -> Mapping[tuple[str, ...], Entry]:
    """Map each key sequence to its entry; a later duplicate key is an error."""
    table: dict[tuple[str, ...], Entry] = {}
    for entry in entries:
        for keys in term_keys(entry.term):
            other = table.get(keys)
            if other is not None and other != entry:
                raise ValueError(
                    f"lexicon terms {other.term!r} and {entry.term!r} share the key {keys}"
                )
            table[keys] = entry
    return table


@functools.cache
def load() -> Mapping[tuple[str, ...], Entry]:
    """The shipped lexicon, indexed by key sequence; read once, on first use."""
    path = resources.files("reliability_loaded_language").joinpath("lexicon.tsv")
    with path.open(encoding="utf-8") as stream:
        return index(parse_lexicon(stream))
