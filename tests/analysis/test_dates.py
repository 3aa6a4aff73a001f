"""Date expressions: calendar dates, years, weekdays, decades and relative times."""

from __future__ import annotations

import pytest

from reliability.analysis.dates import find_dates
from reliability.analysis.tokens import tokenize

Row = tuple[str, str, int | None, int | None, int | None]


def dates(text: str) -> list[Row]:
    found = find_dates(text, tokenize(text))
    for d in found:
        assert text[d.start : d.end] == d.text
    return [(d.text, d.kind, d.year, d.month, d.day) for d in found]


def spans(text: str) -> list[str]:
    return [d.text for d in find_dates(text, tokenize(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Caracas, November 3, 2025 (AP) – The", ("November 3, 2025", "date", 2025, 11, 3)),
        ("It was signed on 3 November 2025 in Moscow.", ("3 November 2025", "date", 2025, 11, 3)),
        ("The vote is due Nov. 3, officials said.", ("Nov. 3", "date", None, 11, 3)),
        ("On October 26, an Il-76TD landed.", ("October 26", "date", None, 10, 26)),
        ("Talks resume on the 3rd of November.", ("3rd of November", "date", None, 11, 3)),
        ("In May 2020, an invasion was prevented.", ("May 2020", "date", 2020, 5, None)),
        ("It is under sanctions since January 2023.", ("January 2023", "date", 2023, 1, None)),
        ("The ruling came in September.", ("September", "date", None, 9, None)),
        ("The file is dated 2025-11-03.", ("2025-11-03", "date", 2025, 11, 3)),
        ("The file is dated 25/11/2025.", ("25/11/2025", "date", 2025, 11, 25)),
        ("The file is dated 11/25/2025.", ("11/25/2025", "date", 2025, 11, 25)),
    ],
)  # fmt: skip
def test_calendar_dates(text: str, expected: Row) -> None:
    assert dates(text) == [expected]


def test_ambiguous_numeric_date_fills_only_the_year() -> None:
    # 11/03/2025 is 3 November in the US and 11 March elsewhere.
    assert dates("The file is dated 11/03/2025.") == [("11/03/2025", "date", 2025, None, None)]


def test_two_days_of_one_month() -> None:
    assert spans("On October 21 and 22, the State Duma approved it.") == ["October 21"]


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("It all started in 1999, when Chavez won.", 1999),
        ("The year 2019 was marked by a political crisis.", 2019),
        ("Nicolas Maduro, who came to power in 2013, continued.", 2013),
        ("He has been in office since 2013.", 2013),
        ("Venezuela endured the 2002 coup attempt.", 2002),
        ("Russian/Bolivarian Republic ties began in 2001, deepening over the years.", 2001),
    ],
)
def test_years(text: str, year: int) -> None:
    assert dates(text) == [(str(year), "year", year, None, None)]


def test_count_is_not_a_year() -> None:
    assert dates("Officials said 2000 people were evacuated.") == []


def test_year_in_a_full_date_is_not_repeated() -> None:
    assert spans("Caracas, November 3, 2025 – officials said") == ["November 3, 2025"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Peskov told Tass Sunday that Moscow remains in contact.", "Sunday"),
        ("Pompeo spoke to Lavrov Monday morning.", "Monday morning"),
        ("Equipment sent to Caracas last Saturday was unloaded.", "last Saturday"),
        ("On Friday, Conviasa held the inaugural flight.", "Friday"),
        ("Saturday’s flights were delayed.", "Saturday"),
    ],
)
def test_weekdays(text: str, expected: str) -> None:
    assert dates(text) == [(expected, "weekday", None, None, None)]


@pytest.mark.parametrize(
    "expression",
    [
        "yesterday",
        "today",
        "tomorrow",
        "last week",
        "next week",
        "last month",
        "last year",
        "this year",
        "last summer",
        "earlier this month",
        "later that year",
        "recent weeks",
        "recent days",
        "the past few weeks",
        "the following year",
        "weeks earlier",
        "a year ago",
        "two days ago",
        "24 years ago",
    ],
)
def test_relative_expressions(expression: str) -> None:
    assert dates(f"It happened {expression}, officials said.") == [
        (expression, "relative", None, None, None)
    ]


def test_relative_expressions_leave_the_preposition_out() -> None:
    text = "In recent days, the White House began discussing it. Weeks earlier, he left."
    assert spans(text) == ["recent days", "Weeks earlier"]


def test_capitalised_relative_expression_at_sentence_start() -> None:
    assert spans("Last week, two Ilyushin Il-76 aircraft landed.") == ["Last week"]


def test_decades() -> None:
    assert dates("Ties grew in the 1990s, unlike the ’70s and 2000s.") == [
        ("the 1990s", "decade", 1990, None, None),
        ("the ’70s", "decade", 1970, None, None),
        ("2000s", "decade", 2000, None, None),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("May I ask a question?", []),
        ("May God help us all.", []),
        ("Theresa May said the talks had failed.", []),
        ("Officials may meet again.", []),
        ("In May, the invasion was prevented.", ["May"]),
        ("May 3 was the deadline.", ["May 3"]),
        ("The deal was signed in mid-May.", ["May"]),
        ("The talks ran between March and May.", ["March", "May"]),
        ("Trump and May met in Washington.", []),
        ("Protesters march on the capital.", []),
        ("Thousands will March on Washington.", []),
        ("The Sun reported it first.", []),
        ("June Carter sang and April Ryan asked.", []),
        ("By August, the fleet had sailed.", ["August"]),
    ],
)
def test_month_names_that_are_also_words(text: str, expected: list[str]) -> None:
    assert spans(text) == expected


def test_seed_excerpt_dates() -> None:
    # Seed 000, several paragraphs.
    text = (
        "On October 26, an Il-76TD transport plane, which has been subject to sanctions since "
        "January 2023, landed in Venezuela.\n"
        "Nicolas Maduro, who came to power in 2013, continued. The following year, the "
        "president expelled three American diplomats.\n"
        "In May 2020, an invasion was prevented. Later that year, Halliburton left.\n"
        "On August 21, the United States deployed a strike force and in September began "
        "attacking vessels. In recent days, the White House began discussing it."
    )
    assert dates(text) == [
        ("October 26", "date", None, 10, 26),
        ("January 2023", "date", 2023, 1, None),
        ("2013", "year", 2013, None, None),
        ("The following year", "relative", None, None, None),
        ("May 2020", "date", 2020, 5, None),
        ("Later that year", "relative", None, None, None),
        ("August 21", "date", None, 8, 21),
        ("September", "date", None, 9, None),
        ("recent days", "relative", None, None, None),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Counts: 1000 1001 2019 12. 3.", ["2019"]),
        ("On 3 November, 5 days ago, 2025-11-03 and 3/11/2025.",
         ["3 November", "5 days ago", "2025-11-03", "3/11/2025"]),
        ("Scores were 3 and 4.", []),
    ],
)  # fmt: skip
def test_bare_numbers_start_dates_only_before_what_a_date_holds(
    text: str, expected: list[str]
) -> None:
    assert spans(text) == expected


def test_no_guard_word_is_written_in_digits() -> None:
    # Numbers in digits skip the guard words' table (see `find_dates`).
    from reliability.analysis.dates import _GUARDS

    assert _GUARDS and not any(word.isdecimal() for word in _GUARDS)
