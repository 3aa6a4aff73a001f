"""The words figures are read with: qualifiers, units, counted heads and verbs, from `data/`.

`data/qualifiers.tsv` (relations such as "more than", "about"),
`data/units.tsv`, `data/heads.tsv` (counted nouns and their plurals) and
`data/verbs.tsv` (reporting and event verbs), read with the shared tokenizer;
and the word tests built on them (`lemma`, `is_head`, `is_verbish`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import msgspec

from reliability.analysis import Token, read_table
from reliability.analysis.lexicon import FUNCTION_WORDS
from reliability.analysis.tokens import tokenize

DATA_DIR = Path(__file__).resolve().parent / "data"

# --- Data ---------------------------------------------------------------------


def phrase_words(phrase: str) -> tuple[str, ...]:
    """A phrase as the lower-cased token texts the shared tokenizer gives it."""
    return tuple(t.text.lower() for t in tokenize(phrase))


RELATIONS = frozenset({"gt", "ge", "lt", "le", "approx", "nearly", "exact", "atleast-vague"})


class Qualifier(msgspec.Struct, frozen=True):
    relation: str
    value: float | None


def load_qualifiers() -> dict[str, dict[tuple[str, ...], Qualifier]]:
    tables: dict[str, dict[tuple[str, ...], Qualifier]] = {"pre": {}, "post": {}, "vague": {}}
    for phrase, position, relation, value in read_table(DATA_DIR / "qualifiers.tsv", 4):
        if position not in tables or relation not in RELATIONS:
            raise ValueError(f"qualifiers.tsv: bad position or relation for {phrase!r}")
        tables[position][phrase_words(phrase)] = Qualifier(
            relation, float(value) if value else None
        )
    return tables


def load_units() -> dict[tuple[str, ...], str]:
    return {phrase_words(form): unit for form, unit in read_table(DATA_DIR / "units.tsv", 2)}


def load_heads() -> tuple[frozenset[str], dict[str, str]]:
    lemmas: set[str] = set()
    plurals: dict[str, str] = {}
    for lemma_, plural in read_table(DATA_DIR / "heads.tsv", 2):
        lemmas.add(lemma_)
        if plural:
            plurals[plural] = lemma_
    return frozenset(lemmas), plurals


def load_verbs() -> dict[str, str]:
    return dict((form, cls) for form, cls in read_table(DATA_DIR / "verbs.tsv", 2))


QUALIFIERS = load_qualifiers()
UNITS = load_units()
HEADS, PLURALS = load_heads()
VERBS = load_verbs()
MAX_PHRASE = max(len(p) for p in [*UNITS, *(q for t in QUALIFIERS.values() for q in t)])
VAGUE_FIRST = frozenset(p[0] for p in QUALIFIERS["vague"])

# Connectors of a range ("10 to 20", "between 10 and 20", "two or three").
RANGE_LINKS = frozenset({"to", "and", "or", "-", "\u2013", "\u2014"})
# Verbs before "from X to Y" that make it a change, two values, not a range.
CHANGE_VERBS = frozenset(
    {
        "rose",
        "risen",
        "rise",
        "rises",
        "increased",
        "increase",
        "increases",
        "grew",
        "grown",
        "grow",
        "grows",
        "jumped",
        "climbed",
        "soared",
        "surged",
        "fell",
        "fallen",
        "fall",
        "falls",
        "dropped",
        "declined",
        "decreased",
        "slipped",
        "plunged",
        "cut",
        "raised",
        "lowered",
        "reduced",
        "boosted",
        "slashed",
        "doubled",
        "tripled",
        "went",
        "changed",
        "revised",
        "expanded",
        "shrank",
        "shrunk",
    }
)
DETERMINERS = frozenset(
    {"the", "a", "an", "its", "their", "his", "her", "our", "your", "this", "these", "those"}
)
# Words before a figure that make it a reference to a known set ("the two countries").
DEFINITE = (DETERMINERS - {"a", "an"}) | {"all", "both", "each", "every"}
HYPHENS = ("-", "\u2010", "\u2011")
# Words between the two numbers of a proportion.
RATIO_LINKS = frozenset({("in",), ("out", "of"), ("of", "every"), ("in", "every")})
RATIO_LAST = frozenset(link[-1] for link in RATIO_LINKS)
NOT_PLURAL = frozenset({"ss", "us", "is"})  # "press", "census", "crisis"


# --- Words ------------------------------------------------------------------


def lemma(word: str) -> str:
    """The singular of a noun by simple rules ("civilians" -> "civilian", "people" -> "person")."""
    lower = word.lower()
    if lower in PLURALS:
        base = PLURALS[lower]
    elif lower in HEADS or len(lower) < 4 or not lower.endswith("s") or lower[-2:] in NOT_PLURAL:
        return word
    elif lower.endswith("ies") and len(lower) > 4:
        base = lower[:-3] + "y"
    elif lower.endswith(("sses", "ches", "shes", "xes", "zes")):
        base = lower[:-2]
    else:
        base = lower[:-1]
    return base.capitalize() if word[:1].isupper() else base


def is_head(word: str) -> bool:
    """Whether a word can head a counted noun phrase: a listed head or a plural form."""
    lower = word.lower()
    if lower in PLURALS or lower in HEADS or lemma(lower) in HEADS:
        return True
    if lower in VERBS or lower in FUNCTION_WORDS or "'" in word or "\u2019" in word:
        return False
    return lemma(lower) != lower


def is_verbish(tokens: Sequence[Token], k: int) -> bool:
    """A verb ending a noun phrase: a listed verb or lower-case "-ed" word before no noun.

    "of the Russian military arrived in" ends before "arrived"; "of armed men"
    and "of transport aircraft" go on.
    """
    text = tokens[k].text
    lower = text.lower()
    listed = lower in VERBS and lower not in HEADS and lemma(lower) not in HEADS
    if not (listed or (text.islower() and text.endswith("ed") and len(text) > 4)):
        return False
    nxt = tokens[k + 1] if k + 1 < len(tokens) else None
    return nxt is None or nxt.kind != "word" or nxt.text.lower() in FUNCTION_WORDS
