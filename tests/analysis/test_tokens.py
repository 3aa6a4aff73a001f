"""Tokenisation: what stays whole, what splits, and the kind of each token."""

from __future__ import annotations

import pytest

from reliability.analysis.tokens import alternation, tokenize


def texts(text: str) -> list[str]:
    return [t.text for t in tokenize(text)]


def kinds(text: str) -> dict[str, str]:
    return {t.text: t.kind for t in tokenize(text)}


@pytest.mark.parametrize(
    "word",
    [
        "Su-30",
        "Kh-31A",
        "Il-76TD",
        "S-300VM",
        "Buk-M2",
        "Igla-S",
        "don't",
        "Venezuela's",
        "Maduro’s",
        "Gov’t",
        "co-operation",
        "e-mail",
        "anti-ship",
        "surface-to-air",
        "U.S.",
        "e.g.",
        "i.e.",
        "a.m.",
        "venezuelanalysis.com",
        "Tass.com",
        "café",
        "Москва",
        "Türk",
        "José",
    ],
)
def test_words_stay_whole(word: str) -> None:
    tokens = tokenize(f"They saw {word} there.")
    assert word in [t.text for t in tokens]
    assert next(t for t in tokens if t.text == word).kind == "word"


@pytest.mark.parametrize("number", ["$50", "17.5%", "1,000", "24", "17.5", "21st", "US$5", "€3"])
def test_numbers_stay_whole(number: str) -> None:
    tokens = tokenize(f"It cost {number} in total.")
    token = next(t for t in tokens if t.text == number)
    assert token.kind == "number"


def test_sentence_with_hyphenated_designations() -> None:
    text = (
        "Venezuela possesses 24 Sukhoi Su-30 MK2 fighter jets equipped with Kh-31A "
        "anti-ship missiles, long-range S-300VM and medium-range Buk-M2 systems."
    )
    assert texts(text) == [
        "Venezuela", "possesses", "24", "Sukhoi", "Su-30", "MK2", "fighter", "jets",
        "equipped", "with", "Kh-31A", "anti-ship", "missiles", ",", "long-range", "S-300VM",
        "and", "medium-range", "Buk-M2", "systems", ".",
    ]  # fmt: skip
    assert kinds(text)["24"] == "number"
    assert kinds(text)["Su-30"] == "word"


def test_offsets_are_exact() -> None:
    text = "  From $25 million to $50 million – 17.5% of the world’s total.\n"
    for token in tokenize(text):
        assert text[token.start : token.end] == token.text
        assert not token.text.isspace()


def test_money_and_scale_are_separate_tokens() -> None:
    assert texts("from $25 million to $50 million") == [
        "from", "$25", "million", "to", "$50", "million",
    ]  # fmt: skip


def test_missing_space_after_full_stop_splits_words() -> None:
    assert texts("economic sanctions.A recently ratified") == [
        "economic", "sanctions", ".", "A", "recently", "ratified",
    ]  # fmt: skip


def test_dotted_abbreviation_keeps_its_full_stop() -> None:
    assert texts("U.S. officials and the U.S.A said") == [
        "U.S.", "officials", "and", "the", "U.S.A", "said",
    ]  # fmt: skip


def test_initials_and_titles_split_from_their_stop() -> None:
    # Names and sentences read "W" + "." and "Mr" + "." themselves.
    assert texts("George W. Bush met Mr. Abrams") == [
        "George", "W", ".", "Bush", "met", "Mr", ".", "Abrams",
    ]  # fmt: skip


def test_unit_glued_to_digits_is_split_off() -> None:
    assert texts("a 10km march") == ["a", "10", "km", "march"]
    assert kinds("a 10km march")["10"] == "number"


def test_digit_first_compounds_are_words() -> None:
    tokens = {t.text: t.kind for t in tokenize("a 24-hour vigil in 3D")}
    assert tokens["24-hour"] == "word"
    assert tokens["3D"] == "word"


def test_ranges_split_at_the_hyphen() -> None:
    assert texts("between 2006-2008") == ["between", "2006", "-", "2008"]


def test_decades_and_ordinals_are_numbers() -> None:
    tokens = {t.text: t.kind for t in tokenize("the 1990s and the ’90s, the 21st century")}
    assert tokens["1990s"] == tokens["’90s"] == tokens["21st"] == "number"


def test_punctuation_and_symbols() -> None:
    tokens = tokenize("“Yes,” she said... (really) – 5 / 6 & ©…")
    by_text = {t.text: t.kind for t in tokens}
    assert by_text["“"] == by_text["”"] == by_text[","] == by_text["..."] == "punct"
    assert by_text["("] == by_text["–"] == by_text["…"] == "punct"
    assert by_text["/"] == by_text["&"] == by_text["©"] == "symbol"


def test_curly_apostrophe_after_a_word_is_punctuation() -> None:
    # A closing single quote is not part of the word before it.
    assert texts("to ‘get out of Venezuela’ is") == [
        "to", "‘", "get", "out", "of", "Venezuela", "’", "is",
    ]  # fmt: skip


def test_urls_and_emails_are_single_tokens() -> None:
    text = "See https://example.com/a?b=1, or write to press@example.org."
    assert "https://example.com/a?b=1" in texts(text)
    assert "press@example.org" in texts(text)


def test_decomposed_accent_stays_in_its_word() -> None:
    assert texts("Jose\u0301 said") == ["Jose\u0301", "said"]


def test_empty_and_blank_text() -> None:
    assert tokenize("") == []
    assert tokenize(" \n\t ") == []


def test_alternation_prefers_longer_words() -> None:
    import re

    pattern = re.compile(f"(?:{alternation(['co', 'com', 'de'])})$")
    assert pattern.match("com") and pattern.match("co") and pattern.match("de")
    assert not pattern.match("c")
