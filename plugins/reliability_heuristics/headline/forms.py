"""The headline's form: clickbait cues read from its own tokens.

Every cue is found over the headline's tokens alone, except the test that
tells an all-caps word written for emphasis ("DISGRACED") from an acronym
("NYPD"), which asks the body how it writes the same word.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reliability.analysis import Number, PhraseTable, Token, expand_pattern, read_table

DATA_DIR = Path(__file__).resolve().parent / "data"

CUE_TYPES = frozenset({"forward", "sensational", "hype", "label", "listicle"})
# What may follow a leading tag ("BREAKING:", "WATCH -", "VIDEO |").
LABEL_ENDS = frozenset({":", "-", "\u2013", "\u2014", "|"})
# A leading number counts as a list count only in this range: "1 Dead" or
# "2016 Election" are not lists.
LISTICLE_RANGE = (2.0, 100.0)
# How far after the leading number the list noun may stand ("7 Surprising New Things").
LISTICLE_REACH = 4
# Fewer letters than this and an all-caps word unknown in the body is taken for
# an acronym ("FDA", "HS"); this many or more and it is emphasis ("WATCH").
ACRONYM_MAX_LETTERS = 4
APOSTROPHES = ("'", "\u2019")
_NON_LETTERS = re.compile(r"[\W\d_]+")


def _load_cues() -> tuple[PhraseTable[tuple[str, ...]], frozenset[str]]:
    """Cue phrases with their cue types (in the table's order), and the list nouns.

    A phrase listed twice with the same type is a data error.
    """
    types: dict[tuple[str, ...], list[str]] = {}
    list_nouns: set[str] = set()
    for pattern, cue_type, _notes in read_table(DATA_DIR / "clickbait.tsv", 3):
        if cue_type not in CUE_TYPES:
            raise ValueError(f"clickbait.tsv: bad type {cue_type!r} for {pattern!r}")
        if cue_type == "listicle":
            if " " in pattern or "/" in pattern or pattern in list_nouns:
                raise ValueError(f"clickbait.tsv: list noun {pattern!r} must be one word, once")
            list_nouns.add(pattern)
            continue
        for phrase in expand_pattern(pattern):
            if cue_type in types.setdefault(phrase, []):
                raise ValueError(f"clickbait.tsv: {' '.join(phrase)!r} is listed twice")
            types[phrase].append(cue_type)
    table = PhraseTable({p: tuple(t) for p, t in types.items()}, name="clickbait.tsv")
    return table, frozenset(list_nouns)


def _load_function_words() -> dict[str, str]:
    rows = read_table(DATA_DIR / "function_words.tsv", 2)
    return {word: word_class for word, word_class in rows}


CUES, LIST_NOUNS = _load_cues()
FUNCTION_WORDS = _load_function_words()
SECOND_PERSON = frozenset(w for w, c in FUNCTION_WORDS.items() if c == "second-person")


@dataclass(slots=True)
class Forms:
    """The clickbait cues of one headline: the headline words behind each kind."""

    cues: dict[str, list[str]] = field(default_factory=dict)
    caps_words: list[str] = field(default_factory=list)
    # Token indices inside a cue phrase: teaser words, not claims to check.
    cue_tokens: set[int] = field(default_factory=set)
    listicle_number: Number | None = None

    def add(self, kind: str, words: str) -> None:
        self.cues.setdefault(kind, []).append(words)


def strip_possessive(word: str) -> str:
    """The word without a possessive ending: "Clinton's" -> "Clinton" (either apostrophe)."""
    if len(word) > 2 and word[-2] in APOSTROPHES and word[-1] in "sS":
        return word[:-2]
    return word


def find_forms(
    title: str,
    tokens: Sequence[Token],
    words: Sequence[str],
    numbers: Sequence[Number],
    body_writes: Callable[[str], tuple[bool, bool]],
) -> Forms:
    """The clickbait cues of a headline.

    `words` are the headline's folded tokens. `body_writes(word)` answers, for
    an all-caps headline word, whether the body has it in capitals and
    whether it has it in other casing.
    """
    forms = Forms()
    _phrases(tokens, words, numbers, forms)
    for k, word in enumerate(words):
        if word in SECOND_PERSON:
            forms.add("second-person", tokens[k].text)
    if "?" in title:
        forms.add("question", "?")
    if "!" in title:
        forms.add("exclamation", "!")
    if "\u2026" in title or "..." in title:
        forms.add("ellipsis", "\u2026")
    forms.caps_words = _caps_emphasis(tokens, body_writes)
    if forms.caps_words:
        forms.cues["caps"] = list(forms.caps_words)
    return forms


def _phrases(
    tokens: Sequence[Token], words: Sequence[str], numbers: Sequence[Number], forms: Forms
) -> None:
    """Table cues: leftmost, then longest, not overlapping; labels and list nouns by position."""
    first = next((k for k, t in enumerate(tokens) if t.kind != "punct"), len(tokens))
    lead = _leading_count(tokens, numbers, first)
    if lead is not None:
        for k in range(first + 1, min(first + 1 + LISTICLE_REACH, len(words))):
            if words[k] in LIST_NOUNS:
                forms.listicle_number = lead
                forms.add("listicle", f"{tokens[first].text} \u2026 {tokens[k].text}")
                break
    n = len(words)

    def fitting(types: tuple[str, ...], k: int, stop: int) -> str | None:
        """The first of a phrase's types that fits there: a label only opens the headline."""
        label_fits = k == first and stop < n and words[stop] in LABEL_ENDS
        return next((t for t in types if t != "label" or label_fits), None)

    k = 0
    while k < n:
        match = CUES.at(
            words, k, accept=lambda i, length, types: bool(fitting(types, i, i + length))
        )
        if match is None:
            k += 1
            continue
        stop = k + match.length
        forms.add(fitting(match.payload, k, stop) or "", " ".join(t.text for t in tokens[k:stop]))
        forms.cue_tokens.update(range(k, stop))
        k = stop


def _leading_count(tokens: Sequence[Token], numbers: Sequence[Number], first: int) -> Number | None:
    """The number that opens the headline, when it could count the items of a list."""
    if not numbers or first >= len(tokens):
        return None
    number = numbers[0]
    low, high = LISTICLE_RANGE
    if (
        number.start == tokens[first].start
        and number.kind == "cardinal"
        and low <= number.value <= high
        and number.value == int(number.value)
    ):
        return number
    return None


def _caps_emphasis(
    tokens: Sequence[Token], body_writes: Callable[[str], tuple[bool, bool]]
) -> list[str]:
    """All-caps words written for emphasis, not acronyms.

    None when the whole headline is in capitals.
    """
    candidates: list[str] = []
    lettered = 0
    for token in tokens:
        if token.kind != "word" or "." in token.text:
            continue  # dotted abbreviations ("U.S.") are acronyms
        word = strip_possessive(token.text)
        letters = len(_NON_LETTERS.sub("", word))
        if letters < 2:
            continue
        lettered += 1
        if word.isupper():
            candidates.append(word)
    if not candidates or len(candidates) == lettered:
        # A headline set wholly in capitals is typography, not emphasis.
        return []
    return [w for w in candidates if _is_emphasis(w, body_writes)]


def _is_emphasis(word: str, body_writes: Callable[[str], tuple[bool, bool]]) -> bool:
    folded = word.lower()
    if folded in FUNCTION_WORDS:
        return True  # "IS", "NOT", "WHAT": no acronym spells a function word
    in_caps, in_lower = body_writes(word)
    if in_caps:
        return False  # the body writes it the same way: an acronym ("NYPD")
    if len(_NON_LETTERS.sub("", word)) > ACRONYM_MAX_LETTERS:
        return True
    return in_lower  # "LIES" beside "lies" in the body; an unknown "FDA" is an acronym


def quoted(words: Iterable[str]) -> str:
    """Headline words for a message: “a”, “b”, “c”."""
    unique = list(dict.fromkeys(words))
    return ", ".join(f"\u201c{w}\u201d" for w in unique)
