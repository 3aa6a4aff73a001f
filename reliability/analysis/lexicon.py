"""Word lists and tables the analysis pass reads, from `data/words/*.tsv`.

Each list is a data file with a comment saying what it holds and its source
line; this module only loads them (once, at import) under the names the
analysis code uses. Word sets hold lower-case forms unless their file says
otherwise; callers lower-case before looking up.
"""

from __future__ import annotations

from pathlib import Path

from reliability.analysis.tables import read_table

WORDS = Path(__file__).resolve().parent / "data" / "words"


def words(name: str) -> tuple[str, ...]:
    """The words of a one-column list, in the file's order."""
    return tuple(row[0] for row in read_table(WORDS / f"{name}.tsv", ("word",)))


def wordset(name: str) -> frozenset[str]:
    """The words of a one-column list, as a set."""
    return frozenset(words(name))


def numbers(name: str) -> dict[str, int]:
    """A word-to-number table, in the file's order."""
    return {w: int(v) for w, v in read_table(WORDS / f"{name}.tsv", ("word", "value"))}


def pairs(name: str) -> dict[str, str]:
    """A word-to-word table, in the file's order."""
    return {w: v for w, v in read_table(WORDS / f"{name}.tsv", ("word", "value"))}


TITLE_ABBREVIATIONS: frozenset[str] = wordset("title_abbreviations")
NUMBER_ABBREVIATIONS: frozenset[str] = wordset("number_abbreviations")
AMBIGUOUS_ABBREVIATIONS: frozenset[str] = wordset("ambiguous_abbreviations")
NEVER_FINAL_DOTTED: frozenset[str] = wordset("never_final_dotted")
TOP_LEVEL_DOMAINS: tuple[str, ...] = words("top_level_domains")
FUNCTION_WORDS: frozenset[str] = wordset("function_words")
SPEECH_VERBS: frozenset[str] = wordset("speech_verbs")
MONTHS: dict[str, int] = numbers("months")
MONTH_ABBREVIATIONS: dict[str, int] = numbers("month_abbreviations")
AMBIGUOUS_MONTHS: frozenset[str] = wordset("ambiguous_months")
MONTH_CONTEXT: frozenset[str] = wordset("month_context")
WEEKDAYS: tuple[str, ...] = words("weekdays")
DAY_PARTS: tuple[str, ...] = words("day_parts")
TIME_UNITS: tuple[str, ...] = words("time_units")
SEASONS: tuple[str, ...] = words("seasons")
RELATIVE_DATE_HEADS: tuple[str, ...] = words("relative_date_heads")
RELATIVE_COUNT_WORDS: tuple[str, ...] = words("relative_count_words")
YEAR_CONTEXT: frozenset[str] = wordset("year_context")
IRREGULAR_PLURALS: frozenset[str] = wordset("irregular_plurals")
UNITS: dict[str, int] = numbers("units")
TEENS: dict[str, int] = numbers("teens")
TENS: dict[str, int] = numbers("tens")
HUNDRED: dict[str, int] = numbers("hundred")
SCALES: dict[str, int] = numbers("scales")
DOZEN: dict[str, int] = numbers("dozen")
ORDINALS: dict[str, int] = numbers("ordinals")
FRACTION_WORDS: frozenset[str] = wordset("fraction_words")
SHORT_SCALES: dict[str, int] = numbers("short_scales")
CURRENCY_SYMBOLS: dict[str, str] = pairs("currency_symbols")
CURRENCY_CODES: frozenset[str] = wordset("currency_codes")
CURRENCY_WORDS: dict[str, str] = pairs("currency_words")
UNIT_WORDS: frozenset[str] = wordset("unit_words")
UNIT_SUFFIXES: tuple[str, ...] = words("unit_suffixes")
NAME_CONNECTORS: frozenset[str] = wordset("name_connectors")
NAME_SUFFIXES: frozenset[str] = wordset("name_suffixes")
NAME_PREFIXES: tuple[str, ...] = words("name_prefixes")
ORGANISATION_HEADS: frozenset[str] = wordset("organisation_heads")
TITLE_WORDS: frozenset[str] = wordset("title_words")
MONTHS_ALSO_NAMES: frozenset[str] = wordset("months_also_names")
