"""Candidate names: capitalised runs, titles kept apart, sentence openers and dates left out."""

from __future__ import annotations

import pytest

from reliability.analysis import Analysis
from reliability.document import make_document


def names(text: str) -> list[str]:
    analysis = Analysis(make_document(text))
    for n in analysis.names:
        assert text[n.start : n.end] == n.text
    return [n.text for n in analysis.names]


def titled(text: str) -> list[tuple[str, str | None]]:
    return [(n.text, n.title) for n in Analysis(make_document(text)).names]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The US President in those years was George W. Bush.", ["US", "George W. Bush"]),
        ("Vladimir Putin said the ties would deepen.", ["Vladimir Putin"]),
        ("Venezuela's leaders met Ludwig van Beethoven's heirs.", [
            "Venezuela", "Ludwig van Beethoven",
        ]),
        ("They hunted Osama bin Laden and praised Charles de Gaulle.", [
            "Osama bin Laden", "Charles de Gaulle",
        ]),
        ("Officials met Bashar al-Assad and the head of al-Qaeda.", [
            "Bashar al-Assad", "al-Qaeda",
        ]),
        ("He spoke to Al-Assad in Damascus.", ["Al-Assad", "Damascus"]),
        ("Edited by José Luis Granados Ceja in Mexico City, Mexico.", [
            "José Luis Granados Ceja", "Mexico City", "Mexico",
        ]),
        ("USS Gerald R. Ford is headed to the region.", ["USS Gerald R. Ford"]),
        ("He met Martin Luther King Jr. in Atlanta.", ["Martin Luther King Jr.", "Atlanta"]),
    ],
)  # fmt: skip
def test_people_and_places(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Discussions at the United Nations Security Council continued.", [
            "United Nations Security Council",
        ]),
        ("A State Department spokesperson told reporters Monday.", ["State Department"]),
        ("According to a recent report in The Washington Post, talks failed.", ["Washington Post"]),
        ("The Daily Wire reported it.", ["Daily Wire"]),
        ("It is the Bolivarian Republic of Venezuela.", ["Bolivarian Republic of Venezuela"]),
        ("A loan from the Bank of America was refused.", ["Bank of America"]),
        ("The Justice Department declined to comment.", ["Justice Department"]),
        ("The CIA and the DEA disagreed.", ["CIA", "DEA"]),
    ],
)  # fmt: skip
def test_organisations(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It was headed by a person who spoke against governments, Mr. Abrams, adding more.", [
            ("Abrams", "Mr."),
        ]),
        ("Weeks earlier, President Nicolas Maduro held an official visit.", [
            ("Nicolas Maduro", "President"),
        ]),
        ("In 1999, Lieutenant Colonel Hugo Chavez assumed the presidency.", [
            ("Hugo Chavez", "Lieutenant Colonel"),
        ]),
        ("In that context, Russian President Vladimir Putin sent a bill.", [
            ("Vladimir Putin", "Russian President"),
        ]),
        ("On August 7, US Attorney General Pam Bondi announced a reward.", [
            ("Pam Bondi", "US Attorney General"),
        ]),
        ("He said Secretary of State Marco Rubio calls him a dictator.", [
            ("Marco Rubio", "Secretary of State"),
        ]),
        ("UN High Commissioner for Human Rights Volker Türk condemned the strikes.", [
            ("Volker Türk", "UN High Commissioner for Human Rights"),
        ]),
        ("On Sunday, Kremlin spokesperson Dmitry Peskov told Tass.", [
            ("Kremlin", None), ("Dmitry Peskov", "spokesperson"), ("Tass", None),
        ]),
        ("They backed self-proclaimed Venezuelan president Juan Guaidó.", [
            ("Venezuelan", None), ("Juan Guaidó", "president"),
        ]),
        ("Sen. Elizabeth Warren and Dr. Anthony Fauci met Prime Minister Narendra Modi.", [
            ("Elizabeth Warren", "Sen."),
            ("Anthony Fauci", "Dr."),
            ("Narendra Modi", "Prime Minister"),
        ]),
    ],
)  # fmt: skip
def test_titles_are_kept_out_of_the_name(text: str, expected: list[tuple[str, str]]) -> None:
    assert titled(text) == expected


def test_a_title_alone_is_not_a_name() -> None:
    assert names("The Secretary of State and the President spoke.") == []


def test_possessive_is_left_out_of_the_span() -> None:
    assert names("He sought Maduro’s capture and Venezuela's oil.") == ["Maduro", "Venezuela"]


@pytest.mark.parametrize(
    "text",
    [
        "However, the plan failed.",
        "Obviously, the drug trafficking allegations are just propaganda.",
        "In the years that followed, the parties talked.",
        "Then, opposition candidate Juan Guaido declared himself interim president.",
        "Thus, the real problem lies elsewhere.",
    ],
)
def test_capitalised_function_words_and_openers_are_not_names(text: str) -> None:
    assert all(word not in names(text) for word in ("However", "Obviously", "In", "Then", "Thus"))


def test_sentence_initial_word_is_a_name_when_seen_elsewhere() -> None:
    text = "Reuters reports that the planes landed. Blackouts are continuing, according to Reuters."
    assert names(text) == ["Reuters", "Reuters"]


def test_sentence_initial_acronym_or_possessive_is_a_name() -> None:
    assert names("CARACAS – Russia has reiterated its support.") == ["CARACAS", "Russia"]
    assert names("Venezuela’s air defenses are Russian.") == ["Venezuela", "Russian"]


def test_sentence_initial_common_word_is_not_a_name() -> None:
    text = "Police said the plans were new. Plans are to produce equipment in the country."
    assert names(text) == []


def test_sentence_initial_modifier_is_dropped_from_a_run() -> None:
    text = (
        "Deepening Russian/Venezuelan ties are crucial. Irreconcilable Russian positions harden. "
        "Two Russian Air Force planes landed. Concerning Russia, nothing changed."
    )
    assert names(text) == ["Russian", "Venezuelan", "Russian", "Russian Air Force", "Russia"]


def test_months_and_weekdays_are_not_names() -> None:
    text = "The Kremlin spokesperson Dmitry Peskov told Tass Sunday. In May 2020, talks failed."
    assert names(text) == ["Kremlin", "Dmitry Peskov", "Tass"]


def test_month_word_inside_a_name_is_kept() -> None:
    assert names("Earlier, Theresa May said no.") == ["Theresa May"]


def test_hyphenated_adjectives_are_not_names() -> None:
    text = "Venezuela’s air defenses include Russian-supplied equipment and US-bound cargo."
    assert names(text) == ["Venezuela"]


def test_number_before_a_capitalised_measure_word_is_part_of_a_title() -> None:
    assert names("In a recent interview with 60 Minutes, Trump changed course.") == [
        "60 Minutes",
        "Trump",
    ]


def test_runs_do_not_cross_punctuation_or_lines() -> None:
    text = "It buys from Russia, China and Iran.\nMexico City"
    assert names(text) == ["Russia", "China", "Iran", "Mexico City"]


def test_title_case_headline_is_skipped() -> None:
    text = (
        "Russia Reaffirms Backing for Venezuela Amid Maduro Government’s Reported Military Aid "
        "Request\nThe Kremlin’s statements followed."
    )
    assert names(text) == ["Kremlin"]


def test_shouting_is_not_a_name() -> None:
    assert names("VISIT MY NEW WEB SITE: the link is below.") == []


def test_model_designations_are_candidate_names() -> None:
    text = "In 2006, Venezuela received 24 Sukhoi Su-30 MK2 jets and Buk-M2 systems."
    assert names(text) == ["Venezuela", "Sukhoi Su-30 MK2", "Buk-M2"]


def test_seed_excerpt_names() -> None:
    # Seed 004.
    text = (
        "United States Secretary of State Mike Pompeo spoke to Russian Foreign Minister Sergei "
        "Lavrov Monday morning, and Lavrov was clear that the Russians want the United States "
        "to back off sanctions placed against Venezuela."
    )
    assert titled(text) == [
        ("Mike Pompeo", "United States Secretary of State"),
        ("Sergei Lavrov", "Russian Foreign Minister"),
        ("Lavrov", None),
        ("Russians", None),
        ("United States", None),
        ("Venezuela", None),
    ]


def test_british_titles_without_a_full_stop() -> None:
    text = "'We have to fix the foundations,' Ms Reeves told the BBC."
    assert titled(text) == [("Reeves", "Ms"), ("BBC", None)]


def test_contraction_opening_a_quotation_is_not_a_name() -> None:
    assert names('"It\'s a wait-and-see approach," said Diane Swonk.') == ["Diane Swonk"]


def test_company_suffix_keeps_its_full_stop() -> None:
    text = "Economists at Goldman Sachs Group Inc. expect one more hike."
    assert names(text) == ["Goldman Sachs Group Inc."]


def test_period_of_months_is_not_a_name() -> None:
    assert names("The economy grew in the July-September quarter, the U.S. said.") == ["U.S."]
