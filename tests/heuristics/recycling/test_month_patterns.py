"""The month-name patterns of other languages, compiled with only the names a text can match,
read what the patterns with every name read."""

from __future__ import annotations

import itertools
import re
import sys

import pytest
from reliability_heuristics.recycling import dates
from reliability_heuristics.recycling.dates import load_months, other_dates

# Every code point but the surrogates, which a str cannot be matched against alone.
ALL_CHARACTERS = "".join(chr(i) for i in range(sys.maxunicode + 1) if not 0xD800 <= i < 0xE000)
SHAPES = [
    "{d} {m} {y}",
    "{d}. {m} {y}",
    "{d} de {m} de {y}",
    "{m} de {y}",
    "{m}, {y}",
    "{m}. {y}",
    "el {d} {m}., {y}",
    "{y}. {m} {d}.",
    "{y}.  {m}",
    "x{m} {y}",
    "{d}{m} {y}",
]


def variants(name: str) -> list[str]:
    return [name, name.upper(), name.title(), name.swapcase()]


def test_case_key_is_what_ignorecase_compares() -> None:
    """Each character `re.IGNORECASE` matches with a month name's character has its key,
    and is a word character (so a name found in a text is a whole word there)."""
    months, _ = load_months()
    letters = sorted({c for name in months for c in name})
    assert len(letters) > 50  # Latin, Turkish, Polish, Czech and Cyrillic letters
    for letter in letters:
        same = set(re.findall(re.escape(letter), ALL_CHARACTERS, re.IGNORECASE))
        assert letter in same
        for c in same:
            assert dates._case_key(c) == dates._case_key(letter), (letter, c)
            assert re.fullmatch(r"\w", c), (letter, c)
    for name in months:
        for variant in variants(name):
            assert dates._case_key(variant) == dates._case_key(name)


def test_dotted_and_dotless_i_match_as_re_matches_them() -> None:
    # "ARALIK" (Turkish December, written in capitals) matches "aralık" under
    # re.IGNORECASE, as "İ" matches "i": both must find the name.
    assert dates._names_in(["ARALIK"]) == ("aralık",)
    assert "ekim" in dates._names_in(["EKİM"])
    assert dates._names_in(["Haziran", "word", "2020"]) == ("haziran",)
    assert dates._names_in(["word"]) == ()
    assert dates._names_in(["enero", "de"]) == ("enero",)
    assert dates._names_in(["enero", "febrero"]) == dates._every_name()


def _texts() -> list[str]:
    months, _ = load_months()
    out = []
    for i, name in enumerate(sorted(months)):
        for j, shape in enumerate(SHAPES):
            for variant in variants(name):
                day, year = (i + j) % 33, (1999, 2020, 1850, 2101)[(i + j) % 4]
                out.append(shape.format(d=day, m=variant, y=year))
    return out


@pytest.mark.parametrize("pattern", ["before", "hungarian"])
def test_patterns_match_as_with_every_name(pattern: str) -> None:
    every = dates._every_name()
    after_year = re.compile(r"(?:1[89]|2[01])\d\d(?![\d])")
    compared = 0
    for text in _texts():
        for year in after_year.finditer(text):
            start, end = year.span()
            if pattern == "before":
                few = dates._before_match(text, start)
                window = max(0, start - dates._WINDOW)
                full = dates._before(every).search(text, window, start)
            else:
                few = dates._hungarian_match(text, end)
                full = dates._hungarian(every).match(text, end)
            assert (few and (few.span(), few.groupdict())) == (
                full and (full.span(), full.groupdict())
            ), text
            compared += full is not None
    assert compared > 1000  # the shapes are read, not just refused alike


def test_few_patterns_are_compiled_whatever_the_text() -> None:
    """One per name, one of no name and one of every name, however names are combined."""
    names = sorted(load_months()[0])
    pairs = [f"{a} {b} {1900 + i % 200}" for i, (a, b) in enumerate(itertools.pairwise(names))]
    triples = [f"{names[i]} de {names[i - 5]} {names[i - 9]}, 2020" for i in range(len(names))]
    other_dates(". ".join(pairs + triples))
    assert dates._before.cache_info().currsize <= len(names) + 2
    assert dates._hungarian.cache_info().currsize <= len(names) + 2


def test_other_dates_reads_names_in_any_case() -> None:
    found = other_dates("Am 3. DEZEMBER 2020 und am 4. dezember 2021, 2022. JÚNIUS 10. napján.")
    assert [(d.text, d.year, d.month, d.day) for d in found] == [
        ("3. DEZEMBER 2020", 2020, 12, 3),
        ("4. dezember 2021", 2021, 12, 4),
        ("2022. JÚNIUS 10.", 2022, 6, 10),
    ]
