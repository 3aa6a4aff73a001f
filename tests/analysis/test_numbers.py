"""Numbers: values, kinds, currencies and spans, and what is not a figure."""

from __future__ import annotations

import pytest

from reliability.analysis.numbers import find_numbers
from reliability.analysis.tokens import tokenize


def numbers(text: str) -> list[tuple[str, float, str, str | None]]:
    found = find_numbers(text, tokenize(text))
    for n in found:
        assert text[n.start : n.end] == n.text
    return [(n.text, n.value, n.kind, n.currency) for n in found]


def figures(text: str) -> list[str]:
    return [n.text for n in find_numbers(text, tokenize(text))]


# --- Digits ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Venezuela received 24 airplanes.", ("24", 24, "cardinal", None)),
        ("Some 1,000 troops arrived.", ("1,000", 1000, "cardinal", None)),
        ("The index stood at 17.5 points.", ("17.5", 17.5, "cardinal", None)),
        ("It holds 17.5% of the total.", ("17.5%", 17.5, "percent", None)),
        ("It holds 17.5 percent of the total.", ("17.5 percent", 17.5, "percent", None)),
        ("Inflation hit 3 per cent last year.", ("3 per cent", 3, "percent", None)),
        ("The reward rose to $50 million.", ("$50 million", 50_000_000, "money", "USD")),
        ("The fund holds €3 billion.", ("€3 billion", 3_000_000_000, "money", "EUR")),
        ("The bill came to £2.5bn in total.", ("£2.5bn", 2_500_000_000, "money", "GBP")),
        ("They paid USD 5 each.", ("USD 5", 5, "money", "USD")),
        ("They paid 5 dollars each.", ("5 dollars", 5, "money", "USD")),
        ("A loan of 5 million rubles was agreed.", ("5 million rubles", 5_000_000, "money", "RUB")),
        ("Aid of US$5 arrived.", ("US$5", 5, "money", "USD")),
        ("About 1.5 million people fled.", ("1.5 million", 1_500_000, "cardinal", None)),
        ("It costs 2 billion a year.", ("2 billion", 2_000_000_000, "cardinal", None)),
        ("In the 21st century, things changed.", ("21st", 21, "ordinal", None)),
        ("It ran 10km.", ("10", 10, "cardinal", None)),
    ],
)
def test_digit_numbers(text: str, expected: tuple[str, float, str, str | None]) -> None:
    assert numbers(text) == [expected]


def test_two_amounts_and_their_spans() -> None:
    # Seed 000: "more than"/"from"/"to" are not part of the span.
    text = "The reward rose from $25 million to $50 million."
    assert numbers(text) == [
        ("$25 million", 25_000_000, "money", "USD"),
        ("$50 million", 50_000_000, "money", "USD"),
    ]


def test_qualifiers_stay_outside_the_span() -> None:
    text = "US forces killed more than 60 civilians and struck at least 16 boats."
    assert figures(text) == ["60", "16"]


# --- Words -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Two Russian planes landed.", ("Two", 2, "cardinal")),
        ("The president expelled three American diplomats.", ("three", 3, "cardinal")),
        ("It lasted twenty-four hours.", ("twenty-four", 24, "cardinal")),
        ("About a hundred people came.", ("a hundred", 100, "cardinal")),
        ("A dozen officers resigned.", ("A dozen", 12, "cardinal")),
        ("He proposed a three-year financing plan.", ("three", 3, "cardinal")),
        ("A third plane left Russia on Sunday.", ("third", 3, "ordinal")),
        ("It was the twenty-first attempt.", ("twenty-first", 21, "ordinal")),
        ("They counted two hundred and fifty thousand votes.", (
            "two hundred and fifty thousand", 250_000, "cardinal",
        )),
        ("Five percent of voters abstained.", ("Five percent", 5, "percent")),
        ("He offered two million dollars.", ("two million dollars", 2_000_000, "money")),
        ("She signed a one-year contract.", ("one", 1, "cardinal")),
    ],
)  # fmt: skip
def test_number_words(text: str, expected: tuple[str, float, str]) -> None:
    (found,) = numbers(text)
    assert found[:3] == expected


def test_separate_number_words_stay_separate() -> None:
    assert figures("two or three planes, then four") == ["two", "three", "four"]


@pytest.mark.parametrize(
    "text",
    [
        "Dozens of people were arrested.",
        "Hundreds of troops and thousands of civilians left.",
        "One answer is oil.",
        "No one was hurt; one of the planes was late.",
        "About two-thirds of the budget went to defence.",
    ],
)
def test_vague_amounts_and_lone_one_are_not_figures(text: str) -> None:
    assert figures(text) == []


# --- Years -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("It all started in 1999, when Chavez won.", "1999"),
        ("Maduro, who came to power in 2013, continued.", "2013"),
        ("The year 2019 was marked by a political crisis.", "2019"),
        ("He has been under sanctions since 2023.", "2023"),
        ("Venezuela endured the 2002 coup attempt.", "2002"),
        ("2019 was a difficult year.", "2019"),
        ("© Copyright 2020, The Daily Wire", "2020"),
    ],
)
def test_years(text: str, year: str) -> None:
    assert (year, float(year), "year", None) in numbers(text)


def test_year_range() -> None:
    assert numbers("Venezuela received 24 Su-30 airplanes between 2006 and 2008.") == [
        ("24", 24, "cardinal", None),
        ("2006", 2006, "year", None),
        ("2008", 2008, "year", None),
    ]


def test_four_digit_count_is_not_a_year() -> None:
    assert numbers("Officials said 2000 people were evacuated.") == [
        ("2000", 2000, "cardinal", None)
    ]


# --- What is not a figure -----------------------------------------------------------


def test_model_designations_are_not_numbers() -> None:
    # Seeds 001, 002, 003.
    text = (
        "Venezuela possesses 24 Sukhoi Su-30 MK2 fighter jets with Kh-31A missiles, S-300VM "
        "and Buk-M2 systems, two Ilyushin Il-76 aircraft and Russian Mi-17 helicopters; "
        "an Il-76TD landed."
    )
    assert figures(text) == ["24", "two"]


def test_number_that_is_part_of_a_name() -> None:
    # Seed 002: "60 Minutes" is a programme.
    text = "In a recent interview with 60 Minutes, Trump changed his rationale."
    assert figures(text) == []


def test_number_after_a_capitalised_word_inside_a_sentence() -> None:
    text = "After the crash of Flight 17 and Resolution No. 5, the Boeing 737 was grounded."
    assert figures(text) == []


def test_capitalised_number_word_inside_a_sentence_is_a_name() -> None:
    assert figures("He flew on Air Force One during World War Two.") == []


def test_clock_times_and_numeric_dates_are_not_numbers() -> None:
    text = "At 10:30 and again at 5 p.m. on 2025-11-03 (11/03/2025), a 9/11 memorial."
    assert figures(text) == []


def test_calendar_days_are_not_numbers_but_years_are() -> None:
    text = (
        "On October 26 and on November 3, 2025 and 3 November 2025 and Nov. 3 and the "
        "3rd of November, and on October 21 and 22, they met."
    )
    assert numbers(text) == [
        ("2025", 2025, "year", None),
        ("2025", 2025, "year", None),
    ]


def test_list_numbering_at_line_start() -> None:
    text = "Read more in:\n1. Mike Pompeo\n2) Nicolas Maduro\n  3. Russia"
    assert figures(text) == []


def test_decades_are_left_to_dates() -> None:
    assert figures("In the 1990s and the ’90s things were different.") == []


def test_seed_excerpt_counts() -> None:
    # Seed 004.
    text = (
        "Two Russian Air Force planes carrying around 100 members of the Russian military "
        "landed in Caracas. The BBC added that reporters saw around 35 tons of equipment. "
        "A third plane left Russia on Sunday. All three planes are carrying Russian troops."
    )
    assert numbers(text) == [
        ("Two", 2, "cardinal", None),
        ("100", 100, "cardinal", None),
        ("35", 35, "cardinal", None),
        ("third", 3, "ordinal", None),
        ("three", 3, "cardinal", None),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A currency sign alone makes money, with nothing after the digits.
        ("It cost $750,000.", ("$750,000", 750_000, "money", "USD")),
        ("It cost €5", ("€5", 5, "money", "EUR")),
        ("Only 7% did.", ("7%", 7, "percent", None)),
        # "a"/"an" before a number word, across any spaces on the line.
        ("They waited a\u00a0dozen years.", ("a\u00a0dozen", 12, "cardinal", None)),
        ("It took a  hundred days.", ("a  hundred", 100, "cardinal", None)),
    ],
)
def test_numbers_ending_at_their_digits_or_opened_by_an_article(
    text: str, expected: tuple[str, float, str, str | None]
) -> None:
    assert numbers(text) == [expected]


def test_an_article_before_a_line_break_or_a_mark_starts_no_number() -> None:
    assert figures("He said a\ndozen times, ‘a” dozen, a dozen.") == ["a dozen"]


def test_plain_integers_read_without_the_full_pattern_read_as_with_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from reliability.analysis import numbers as module

    texts = [
        "1. Mike Pompeo\n2. John Bolton\n10) Nikki Haley",
        "Counts: 1000 1001 2019 12, 13; 14 (15) 16.",
        "In 2019 the 3 men met at 10 30 and 10 am, then 10\tpm and 10.30.",
        "She scored 5.\n\nOn 3 November 1990 and 1990s, 9/11, 2025-11-03, 1.2.3 and 5",
        "It rose 7 % to 5 million, a 2000 troops and 1,000 2000.",
        "Flight 17 and 60 Minutes; No. 5 and #1; May 3 4 and 21 - 22.",
        # Leading zeros: a day of 1 to 31 in three or four digits, a list number in three.
        "May 031 and 0031 and 0032; 007 Minutes\n007. Bond\n2100 2101 1899 were.",
    ]
    fast = [find_numbers(t, tokenize(t)) for t in texts]
    assert sum(len(found) for found in fast) > 20
    monkeypatch.setattr(module, "_plain_integer", lambda *args: False)
    assert [find_numbers(t, tokenize(t)) for t in texts] == fast
