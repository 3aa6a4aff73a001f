"""Quantitative claims: qualifiers as intervals, units, counted things and context."""

from __future__ import annotations

import math

import pytest
from reliability_heuristics.figures.claims import FigureClaim, extract_claims, lemma

from reliability import Analysis, Document, make_document

INF = math.inf


def claims_of(text: str) -> tuple[Analysis, list[FigureClaim]]:
    doc = Analysis(Document(text=text))
    return doc, extract_claims(doc)


def only(text: str) -> tuple[Analysis, FigureClaim]:
    doc, claims = claims_of(text)
    assert len(claims) == 1, [c.text for c in claims]
    return doc, claims[0]


def spans(doc: Analysis, c: FigureClaim) -> tuple[str, str]:
    assert doc.text[c.start : c.end] == c.text
    return c.text, doc.text[c.number_start : c.number_end]


def interval(c: FigureClaim) -> tuple[str, float, float, str, bool]:
    return (
        "[" if c.low_inclusive else "(",
        c.low,
        c.high,
        "]" if c.high_inclusive else ")",
        c.approximate,
    )


# --- The brief's cases --------------------------------------------------------


def test_more_than_is_open_above() -> None:
    doc, c = only("Russian strikes on the city killed more than 60 civilians, officials said.")
    assert spans(doc, c) == ("more than 60 civilians", "60")
    assert c.value == 60 and c.kind == "cardinal" and c.qualifier == "more than"
    assert interval(c) == ("(", 60, INF, ")", False)
    assert (c.counted, c.phrase, c.unit) == ("civilian", "civilians", None)
    assert c.verb is not None and c.verb.text == "killed"


def test_at_least_is_closed_below() -> None:
    doc, c = only("The coast guard said it had seized at least 16 boats in the Caribbean.")
    assert spans(doc, c) == ("at least 16 boats", "16")
    assert interval(c) == ("[", 16, INF, ")", False)
    assert c.counted == "boat"
    assert c.verb is not None and c.verb.text == "seized"


def test_up_to_with_a_measure_unit() -> None:
    doc, c = only("The Il-76 is a military plane that can transport loads up to 50 tons.")
    assert spans(doc, c) == ("up to 50 tons", "50")
    assert interval(c) == ("[", 0, 50, "]", False)
    assert (c.unit, c.counted) == ("t", None)


def test_around_keeps_the_of_phrase() -> None:
    doc, c = only(
        "Around 100 members of the Russian military arrived in Caracas on Saturday, "
        "the broadcaster reported."
    )
    assert spans(doc, c) == ("Around 100 members of the Russian military", "100")
    assert c.approximate and c.qualifier == "Around"
    assert c.low == pytest.approx(90) and c.high == pytest.approx(110)
    assert c.counted == "member" and c.phrase == "members of the Russian military"
    assert c.verb is not None and c.verb.text == "arrived"
    assert [d.text for d in c.times] == ["Saturday"]


def test_unit_then_counted_thing() -> None:
    doc, c = only("A plane landed in Caracas carrying 35 tons of equipment.")
    assert spans(doc, c) == ("35 tons of equipment", "35")
    assert (c.value, c.unit, c.counted) == (35, "t", "equipment")
    assert interval(c) == ("[", 35, 35, "]", False)


def test_money_range_after_a_change_verb_is_two_values() -> None:
    doc, claims = claims_of(
        "The budget for the program was raised from $25 million to $50 million."
    )
    assert [spans(doc, c) for c in claims] == [
        ("$25 million", "$25 million"),
        ("$50 million", "$50 million"),
    ]
    assert [(c.value, c.kind, c.currency, c.unit) for c in claims] == [
        (25_000_000, "money", "USD", "USD"),
        (50_000_000, "money", "USD", "USD"),
    ]
    assert all(c.low == c.high == c.value for c in claims)


def test_money_range_without_a_change_is_one_interval() -> None:
    doc, claims = claims_of("The contracts were worth from $25 million to $50 million each.")
    assert [c.value for c in claims] == [25_000_000, 50_000_000]
    for c in claims:
        assert spans(doc, c)[0] == "from $25 million to $50 million"
        assert interval(c) == ("[", 25_000_000, 50_000_000, "]", False)
        assert c.currency == "USD"


def test_percent_with_its_of_phrase() -> None:
    doc, c = only("Venezuela holds 17.5% of the world's total proven oil reserves.")
    assert spans(doc, c)[1] == "17.5%"
    assert (c.value, c.kind, c.unit) == (17.5, "percent", "percent")
    assert c.text.startswith("17.5% of the world's total")


def test_number_word_compound_is_a_duration() -> None:
    doc, c = only("Caracas and Moscow signed a three-year financing plan in 2019.")
    assert spans(doc, c) == ("three-year", "three")
    assert (c.value, c.unit) == (3, "year")
    assert [d.text for d in c.times] == ["2019"]


def test_number_word_before_a_model_designation() -> None:
    doc, c = only("Russia sent two Ilyushin Il-76 transport aircraft to Venezuela.")
    assert spans(doc, c) == ("two Ilyushin Il-76 transport aircraft", "two")
    assert (c.value, c.counted) == (2, "aircraft")


def test_years_are_context_not_claims() -> None:
    doc, c = only("Venezuela bought 24 Su-30 airplanes between 2006 and 2008.")
    assert spans(doc, c) == ("24 Su-30 airplanes", "24")
    assert (c.value, c.counted, c.phrase) == (24, "airplane", "Su-30 airplanes")
    assert [d.text for d in c.times] == ["2006", "2008"]


@pytest.mark.parametrize(
    "text",
    [
        "In May 2020 the talks failed.",
        "He told 60 Minutes the deal was done.",
        "The first plane landed at noon.",
        "The Su-30 and the S-300VM were on display.",
        "Flight 17 was shot down on July 17, 2014.",
        "The meeting began at 10:30 a.m. on 11/03/2025.",
        "1. Introduction",
        "He was the second official to resign in the 21st century.",
    ],
)
def test_not_figures(text: str) -> None:
    _, claims = claims_of(text)
    assert claims == []


def test_about_before_a_verb() -> None:
    doc, c = only("About 40 people died in the explosion, according to local authorities.")
    assert spans(doc, c) == ("About 40 people", "40")
    assert c.counted == "person" and c.approximate
    assert c.low == pytest.approx(36) and c.high == pytest.approx(44)
    assert c.verb is not None and c.verb.text == "died"


# --- Qualifiers ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "qualified", "bounds"),
    [
        (
            "Fewer than 300 people attended the rally.",
            "Fewer than 300 people",
            "Fewer than",
            ("[", 0, 300, ")", False),
        ),
        (
            "The storm left over 20,000 homes without power.",
            "over 20,000 homes",
            "over",
            ("(", 20000, INF, ")", False),
        ),
        (
            "Children under 5 are most at risk, the WHO said.",
            "under 5",
            "under",
            ("[", 0, 5, ")", False),
        ),
        (
            "As many as 70 migrants were aboard the boat.",
            "As many as 70 migrants",
            "As many as",
            ("[", 0, 70, "]", False),
        ),
        (
            "Nearly 100 police officers were deployed to the stadium.",
            "Nearly 100 police officers",
            "Nearly",
            ("[", 90, 100, ")", True),
        ),
        (
            "Rescuers searched for almost 48 hours.",
            "almost 48 hours",
            "almost",
            ("[", 48 * 0.9, 48, ")", True),
        ),
        (
            "Some 2,000 troops were moved to the border.",
            "Some 2,000 troops",
            "Some",
            ("[", 1800, 2200, "]", True),
        ),
        (
            "Officials said 60 or more houses were damaged.",
            "60 or more houses",
            "or more",
            ("[", 60, INF, ")", False),
        ),
    ],
)
def test_qualifiers(
    text: str,
    expected: str,
    qualified: str,
    bounds: tuple[str, float, float, str, bool],
) -> None:
    doc, c = only(text)
    assert spans(doc, c)[0] == expected
    assert c.qualifier == qualified
    low_mark, low, high, high_mark, approx = interval(c)
    assert (low_mark, high_mark, approx) == (bounds[0], bounds[3], bounds[4])
    assert low == pytest.approx(bounds[1]) and high == pytest.approx(bounds[2])


def test_between_is_one_interval_for_both_numbers() -> None:
    doc, claims = claims_of("Between 10 and 20 people were injured in the stampede.")
    assert [spans(doc, c) for c in claims] == [
        ("Between 10 and 20 people", "10"),
        ("Between 10 and 20 people", "20"),
    ]
    for c in claims:
        assert interval(c) == ("[", 10, 20, "]", False)
        assert c.counted == "person"
        assert c.verb is not None and c.verb.text == "injured"


def test_or_range_is_approximate() -> None:
    _, claims = claims_of("Two or three medics stayed behind.")
    assert [c.value for c in claims] == [2, 3]
    assert all(interval(c) == ("[", 2, 3, "]", True) and c.counted == "medic" for c in claims)


def test_vague_amounts() -> None:
    doc, claims = claims_of(
        "Dozens of people were hurt and thousands of residents fled, the agency said."
    )
    assert [spans(doc, c) for c in claims] == [
        ("Dozens of people", "Dozens"),
        ("thousands of residents", "thousands"),
    ]
    assert [interval(c) for c in claims] == [
        ("[", 24, INF, ")", True),
        ("[", 2000, INF, ")", True),
    ]
    assert [c.counted for c in claims] == ["person", "resident"]
    assert all(c.kind == "vague" for c in claims)


# --- Units, values, context ---------------------------------------------------


def test_other_stories() -> None:
    text = (
        "The agency said 1.5 million people had fled the fighting. "
        "Officials in Kyiv said on Tuesday that 12 drones were shot down overnight. "
        "Turnout rose to 62.5 percent, up 3 percentage points. "
        "A 10km stretch of road and 400 hectares of farmland were flooded. "
        "The IMF approved a $2.5bn loan. "
        "The company, founded in 1998, employs about 4,500 workers."
    )
    doc, claims = claims_of(text)
    got = [(c.text, c.value, c.unit, c.counted) for c in claims]
    assert got == [
        ("1.5 million people", 1_500_000, None, "person"),
        ("12 drones", 12, None, "drone"),
        ("62.5 percent", 62.5, "percent", None),
        ("3 percentage points", 3, "percentage point", None),
        ("10km", 10, "km", None),
        ("400 hectares of farmland", 400, "ha", "farmland"),
        ("$2.5bn", 2_500_000_000, "USD", None),
        ("about 4,500 workers", 4500, None, "worker"),
    ]
    for c in claims:
        assert doc.text[c.start : c.end] == c.text
    drones = claims[1]
    assert [n.text for n in drones.subjects] == ["Kyiv"]
    assert drones.verb is not None and drones.verb.text == "shot"
    assert [d.text for d in drones.times] == ["Tuesday"]
    assert claims[-1].verb is not None and claims[-1].verb.text == "employs"


def test_subjects_are_names_before_the_verb() -> None:
    text = "On Monday, the United Nations said that at least 1,200 civilians had been killed."
    doc, c = only(text)
    assert spans(doc, c) == ("at least 1,200 civilians", "1,200")
    assert "United Nations" in [n.text for n in c.subjects]
    assert c.verb is not None and c.verb.text == "said"  # the nearest, reporting or event
    assert [d.text for d in c.times] == ["Monday"]


def test_spans_hold_for_many_sentences() -> None:
    text = (
        "Police arrested a dozen protesters. The fire destroyed 3,000 acres.\n\n"
        "Hundreds of thousands of refugees crossed into Poland, and 5 ships sank."
    )
    doc, claims = claims_of(text)
    assert [(c.text, c.value) for c in claims] == [
        ("a dozen protesters", 12),
        ("3,000 acres", 3000),
        ("Hundreds of thousands of refugees", 200_000),
        ("5 ships", 5),
    ]
    for c in claims:
        assert doc.text[c.start : c.end] == c.text
        assert c.start <= c.number_start < c.number_end <= c.end


@pytest.mark.parametrize(
    ("word", "singular"),
    [
        ("civilians", "civilian"),
        ("people", "person"),
        ("casualties", "casualty"),
        ("churches", "church"),
        ("aircraft", "aircraft"),
        ("press", "press"),
        ("Americans", "American"),
        ("lives", "life"),
    ],
)
def test_lemma(word: str, singular: str) -> None:
    assert lemma(word) == singular


def test_claims_are_frozen_structs() -> None:
    _, c = only("The coast guard seized at least 16 boats.")
    with pytest.raises(AttributeError):
        c.value = 1  # type: ignore[misc]


# --- Context the cross-document comparison reads ------------------------------


def test_verb_in_ing_form() -> None:
    _doc, claims = claims_of(
        "US forces have launched strikes against at least 16 boats, killing more than 60 "
        "civilians in the process."
    )
    assert [(c.text, c.verb.text if c.verb else None) for c in claims][-1] == (
        "more than 60 civilians",
        "killing",
    )


def test_participle_after_the_figure_wins_a_tie() -> None:
    _doc, c = only("Reporters saw around 35 tons of equipment offloaded from the planes.")
    assert c.verb is not None and c.verb.text == "offloaded"


def test_definite_figures_refer_back() -> None:
    _doc, claims = claims_of(
        "Two planes landed on Saturday. The two planes took off from Russia, and all three "
        "planes carried troops."
    )
    assert [(c.text, c.definite) for c in claims] == [
        ("Two planes", False),
        ("two planes", True),
        ("three planes", True),
    ]


def test_a_score_is_two_figures_not_a_range() -> None:
    doc = Analysis(make_document("Alvarez leads Okafor 44 percent to 37 percent in the poll."))
    found = extract_claims(doc)
    assert [(c.value, c.low, c.high) for c in found] == [(44, 44, 44), (37, 37, 37)]
    assert [c.text for c in found] == ["44 percent", "37 percent"]
    rising = Analysis(make_document("Support is 37 percent to 44 percent, the poll found."))
    assert [(c.low, c.high) for c in extract_claims(rising)] == [(37, 44), (37, 44)]


def test_a_proportion_is_not_a_count() -> None:
    doc = Analysis(make_document("About 8 in 10 voters and one out of four donors agreed."))
    assert extract_claims(doc) == []


def test_a_list_of_numbers_without_sentences_is_not_read() -> None:
    from reliability_heuristics.figures.claims import MAX_SENTENCE

    listing = ", ".join(f"{100 + i} tons" for i in range(MAX_SENTENCE // 8))
    _, found = claims_of(f"The ship carried 35 tons of grain. Cargo: {listing}.")
    assert [c.text for c in found] == ["35 tons of grain"]


def test_only_the_first_numbers_of_a_document_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    from reliability_heuristics.figures import claims

    monkeypatch.setattr(claims, "MAX_NUMBERS", 3)
    text = " ".join(f"Crews moved {10 + i} boats to the port on Monday." for i in range(6))
    _, found = claims_of(text)
    assert [c.text for c in found] == ["10 boats", "11 boats", "12 boats"]


def test_the_first_numbers_read_count_vague_amounts_in_text_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from reliability_heuristics.figures import claims

    monkeypatch.setattr(claims, "MAX_NUMBERS", 3)
    said = ["10", "11", "dozens of", "12", "hundreds of", "13"]
    text = " ".join(f"Crews moved {n} boats to the port on Monday." for n in said)
    _, found = claims_of(text)
    assert [c.text for c in found] == ["10 boats", "11 boats", "dozens of boats"]


def test_the_nearest_verb_of_a_figure_among_many() -> None:
    text = (
        "Police said 12 people were hurt, officials counted 40 cars, and "
        "firefighters saved 7 homes while reporters waited."
    )
    _, found = claims_of(text)
    assert [(c.text, c.verb.text if c.verb else None) for c in found] == [
        ("12 people", "said"),
        ("40 cars", "counted"),
        ("7 homes", "saved"),
    ]
