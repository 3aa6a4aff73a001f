"""Does the body back the headline? Its content words, numbers and names, looked up loosely.

Words are compared folded and stemmed crudely: a headline word loses one
inflectional suffix ("-s", "-es", "-ies", "-ed", "-ing", "-ly") and is then
found in the body as the start of a body word, on its first five letters
("shooting" finds "shooter", "studies" finds "study"); a stem shorter than
four letters must be a whole body word, bare or inflected ("dies" finds
"died"). Truncating to a fixed prefix is the crude stemmer of Mayfield and
McNamee (2003, "Single n-gram stemming"), loose on purpose: a headline's
word that the body has in no form at all is what matters.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence

from reliability import Analysis
from reliability.analysis import Number

from .forms import FUNCTION_WORDS, strip_possessive

PREFIX_LETTERS = 5
MIN_PREFIX = 4
SUFFIXES = ("ies", "ing", "es", "ed", "ly", "s")
SHORT_INFLECTIONS = ("", "s", "es", "ed", "d", "ing", "'s")
# A headline number and a body number agree within this share of the
# headline's (headlines round: "40%" for "39.6%") or half a unit.
NUMBER_TOLERANCE = 0.05
# Word numbers below this ("one", "a") are articles more than figures.
MIN_WORD_NUMBER = 2.0
# How many of its opening paragraphs may repeat the headline: some pages put
# the headline at the top of the text too, which would support every word.
HEADLINE_COPY_REACH = 3
_HYPHENS = re.compile(r"[-\u2010\u2011]")
_NON_WORD = re.compile(r"[\W_]+")
# The rest of a body word after a short stem ("died" after "die").
# A headline word part worth looking up: three letters or more, nothing else.
_CONTENT = re.compile(r"[^\W\d_]{3,}")
_WORD_REST = re.compile(r"[\w']*")
MAX_FINDS = 200


def stem(word: str) -> str:
    """The lookup key of a folded word: one suffix off, then its first five letters."""
    word = strip_possessive(word)
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + ("y" if suffix == "ies" else "")
            break
    return word[:PREFIX_LETTERS]


class BodyIndex:
    """The body's text, searched word by word, and its numbers by value.

    Searching the text for the few headline words costs less than indexing
    every body word. A word is found where it starts a body word (no letter
    or digit before it). A needle found more than `MAX_FINDS` times inside
    other words counts as present: so common a string supports loosely, and
    the search stays bounded on a pathological text.
    """

    __slots__ = ("folded", "ranges", "text", "values")

    def __init__(
        self, text: str, folded: str, skip: tuple[int, int] | None, values: list[float]
    ) -> None:
        self.text = text
        self.folded = folded
        self.ranges = [(0, len(text))] if skip is None else [(0, skip[0]), (skip[1], len(text))]
        self.values = values

    def _starts(self, haystack: str, needle: str) -> Iterator[int]:
        """Offsets at which `needle` starts a word of the searched ranges."""
        finds = 0
        for lo, hi in self.ranges:
            at = haystack.find(needle, lo, hi)
            while at >= 0:
                finds += 1
                if at == 0 or not haystack[at - 1].isalnum() or finds > MAX_FINDS:
                    yield at
                    if finds > MAX_FINDS:
                        return
                at = haystack.find(needle, at + 1, hi)

    def has_word(self, word: str) -> bool:
        """Whether the body has this folded headline word in some form (module docstring)."""
        key = stem(word)
        folded = self.folded
        if len(key) >= MIN_PREFIX:
            return next(self._starts(folded, key), -1) >= 0
        for at in self._starts(folded, key):
            rest = _WORD_REST.match(folded, at + len(key))
            if rest is None or rest.group() in SHORT_INFLECTIONS:
                return True
        return False

    def _has_whole(self, haystack: str, word: str) -> bool:
        for at in self._starts(haystack, word):
            end = at + len(word)
            if end == len(haystack) or not haystack[end].isalnum():
                return True
        return False

    def writes(self, word: str) -> tuple[bool, bool]:
        """Whether the body has `word` (all capitals) in capitals, and in any other casing."""
        in_caps = self._has_whole(self.text, word)
        in_lower = not in_caps and self._has_whole(self.folded, word.lower())
        return in_caps, in_lower

    def has_number(self, number: Number) -> bool:
        """Whether a body number agrees with the headline's (years exactly)."""
        value = number.value
        slack = 0.0 if number.kind == "year" else max(0.5, abs(value) * NUMBER_TOLERANCE)
        i = bisect.bisect_left(self.values, value - slack)
        return i < len(self.values) and self.values[i] <= value + slack


def body_index(doc: Analysis, headline: str) -> BodyIndex:
    """The body, leaving out an opening paragraph that only repeats the headline."""
    copy = _headline_copy(doc, headline)
    values = sorted(
        n.value for n in doc.numbers if copy is None or not copy[0] <= n.start < copy[1]
    )
    return BodyIndex(doc.text, doc.folded.folded, copy, values)


def _headline_copy(doc: Analysis, headline: str) -> tuple[int, int] | None:
    target = _NON_WORD.sub(" ", headline.lower()).strip()
    for paragraph in doc.paragraphs[:HEADLINE_COPY_REACH]:
        if paragraph.end - paragraph.start > 2 * len(headline) + 10:
            continue
        text = _NON_WORD.sub(" ", doc.text[paragraph.start : paragraph.end].lower()).strip()
        if text == target:
            return paragraph.start, paragraph.end
    return None


def content_parts(word: str) -> list[str]:
    """The parts of a folded headline word worth checking: hyphen parts, no function words."""
    parts = []
    for part in _HYPHENS.split(strip_possessive(word)):
        if _CONTENT.fullmatch(part) and part not in FUNCTION_WORDS:
            parts.append(part)
    return parts


def unsupported_words(
    words: Sequence[str], skip: Iterable[int], body: BodyIndex
) -> tuple[int, list[int]]:
    """The number of content words of the headline and the indices of those the body lacks."""
    skipped = set(skip)
    content = 0
    missing: list[int] = []
    for k, word in enumerate(words):
        if k in skipped or len(word) < 3 or word in FUNCTION_WORDS:
            continue
        parts = content_parts(word)
        if not parts:
            continue
        content += 1
        if not all(body.has_word(p) for p in parts):
            missing.append(k)
    return content, missing


def checked_numbers(numbers: Sequence[Number], skip: Number | None) -> list[Number]:
    """Headline numbers that state a figure: no ordinals, no "one", not the list count."""
    return [
        n
        for n in numbers
        if n is not skip
        and n.kind != "ordinal"
        and (any(ch.isdigit() for ch in n.text) or n.value >= MIN_WORD_NUMBER)
    ]
