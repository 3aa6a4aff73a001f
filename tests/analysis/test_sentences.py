"""Paragraphs and sentences: boundaries a reader would draw, with exact offsets."""

from __future__ import annotations

import pytest

from reliability.analysis import Analysis
from reliability.analysis.sentences import split_paragraphs
from reliability.document import make_document


def sentences(text: str) -> list[str]:
    analysis = Analysis(make_document(text))
    return [analysis.sentence_text(s) for s in analysis.sentences]


def paragraphs(text: str) -> list[tuple[str, bool]]:
    return [(text[p.start : p.end], p.heading) for p in split_paragraphs(text)]


# --- Paragraphs ---------------------------------------------------------------


def test_each_line_is_a_paragraph_and_offsets_exclude_whitespace() -> None:
    text = "  Venezuela has long been an irritant.  \nNicolas Maduro came to power in 2013.\n"
    assert paragraphs(text) == [
        ("Venezuela has long been an irritant.", False),
        ("Nicolas Maduro came to power in 2013.", False),
    ]
    first = split_paragraphs(text)[0]
    assert (first.start, first.end) == (2, 38)


def test_blank_lines_separate_paragraphs_and_are_never_inside_one() -> None:
    text = "The first paragraph ends here.\n\n\n   \nThe second one follows."
    assert [p for p, _ in paragraphs(text)] == [
        "The first paragraph ends here.",
        "The second one follows.",
    ]


def test_hard_wrapped_line_continues_its_paragraph() -> None:
    text = (
        "Moscow has been a key military ally to Venezuela for the\npast quarter-century.\n"
        "A new line."
    )
    assert [p for p, _ in paragraphs(text)] == [
        "Moscow has been a key military ally to Venezuela for the\npast quarter-century.",
        "A new line.",
    ]


def test_line_after_a_finished_sentence_starts_a_paragraph_even_in_lower_case() -> None:
    text = "The report was published.\nthis support was demonstrated last week."
    assert len(paragraphs(text)) == 2


def test_capitalised_line_after_an_unfinished_one_starts_a_paragraph() -> None:
    text = "Bones in the throat\nVenezuela has long been an irritant to the United States."
    assert paragraphs(text) == [
        ("Bones in the throat", True),
        ("Venezuela has long been an irritant to the United States.", False),
    ]


def test_windows_line_endings() -> None:
    text = "First paragraph.\r\n\r\nSecond paragraph.\r\n"
    assert [p for p, _ in paragraphs(text)] == ["First paragraph.", "Second paragraph."]


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("Bones in the throat", True),
        ("Accusations for cover-up purposes", True),
        ("Russia v. Trump Regime on Venezuela", True),
        ("Russia does not abandon its allies", True),
        ("The Kremlin said it was ready.", False),
        ("Read more in:", False),
        ("Why does Washington care?", False),
        (
            "Two Russian military cargo planes landed in Caracas in recent days as Venezuela "
            "faces escalating US threats and a growing crisis",
            False,
        ),
        ("“Flashpoint in Ukraine: How the US Drive for Hegemony Risks WW III.”", False),
    ],
)
def test_headings(line: str, heading: bool) -> None:
    assert paragraphs(line + "\nThe story goes on here.")[0] == (line, heading)


def test_whitespace_only_text_has_no_paragraphs() -> None:
    assert split_paragraphs(" \n\n\t") == []


# --- Sentences: abbreviations, initials and numbers ------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "The US President in those years was George W. Bush, and Venezuela endured two crises.",
        "It is headed by a person experienced in sabotage, Mr. Abrams, adding more.",
        "The case Russia v. Trump went nowhere.",
        "U.S. officials declined to comment.",
        "She spoke to Dr. Smith about it.",
        "The deadline is Jan. 5 for all parties.",
        "Resolution No. 5 was adopted.",
        "Some allies, e.g. Iran, also help.",
        "Venezuela holds 17.5% of the world's reserves, or 17.5 percent.",
        "Sgt. Maj. Lee and Gov. Abbott met Sen. Warren.",
        "He met John F. Kennedy Jr. at the airport.",
    ],
)
def test_abbreviations_and_numbers_do_not_end_a_sentence(sentence: str) -> None:
    assert sentences(sentence + " The next sentence starts here.") == [
        sentence,
        "The next sentence starts here.",
    ]


def test_abbreviation_at_the_end_of_a_sentence() -> None:
    text = "The sanctions were imposed by the U.S. The move angered Caracas."
    assert sentences(text) == [
        "The sanctions were imposed by the U.S.",
        "The move angered Caracas.",
    ]


def test_company_abbreviation_before_an_opener() -> None:
    text = "The deal went to Apple Inc. It was signed on Friday."
    assert sentences(text) == ["The deal went to Apple Inc.", "It was signed on Friday."]


def test_question_and_exclamation_marks() -> None:
    text = "So what does Washington care about? One answer is oil! The rest is noise."
    assert sentences(text) == [
        "So what does Washington care about?",
        "One answer is oil!",
        "The rest is noise.",
    ]


def test_ellipsis() -> None:
    text = "They said it was over... Then the planes landed. He paused … and went on."
    assert sentences(text) == [
        "They said it was over...",
        "Then the planes landed.",
        "He paused … and went on.",
    ]


def test_missing_space_after_full_stop() -> None:
    text = (
        "Both nations face extensive Western economic sanctions.A recently ratified treaty "
        "establishes a joint commitment."
    )
    assert sentences(text) == [
        "Both nations face extensive Western economic sanctions.",
        "A recently ratified treaty establishes a joint commitment.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Caracas, November 3, 2025 (venezuelanalysis.com) – The government reaffirmed support.",
        "The report by Tass.com was quoted widely.",
        "Troops from the U.S.A were not involved.",
        "Allies, e.g.Iran, help too.",
        "The rate rose to 17.5 in May.",
        "The agency Tass.Com reported it.",
    ],
)
def test_no_split_inside_domains_abbreviations_and_decimals(text: str) -> None:
    assert sentences(text) == [text]


def test_lower_case_after_a_full_stop_is_a_new_sentence_when_plainly_one() -> None:
    text = "It relied on US military equipment. this support was demonstrated last week."
    assert sentences(text) == [
        "It relied on US military equipment.",
        "this support was demonstrated last week.",
    ]


def test_list_numbers_stay_with_their_item() -> None:
    text = "Read more in:\n1. Mike Pompeo\n2. Nicolas Maduro"
    assert sentences(text) == ["Read more in:", "1. Mike Pompeo", "2. Nicolas Maduro"]


# --- Sentences and quotations ---------------------------------------------------


def test_attribution_after_a_quotation_stays_in_the_sentence() -> None:
    text = "“The world is already full of conflicts,” he said Sunday. Peskov spoke again."
    assert sentences(text) == [
        "“The world is already full of conflicts,” he said Sunday.",
        "Peskov spoke again.",
    ]


def test_question_inside_a_quotation_followed_by_attribution() -> None:
    text = "“Is this fair?” he asked. “Why now?” Lavrov asked reporters. Nobody answered."
    assert sentences(text) == [
        "“Is this fair?” he asked.",
        "“Why now?” Lavrov asked reporters.",
        "Nobody answered.",
    ]


def test_quoted_full_stop_keeps_the_closing_mark() -> None:
    text = "Rubio calls him a “terrible dictator.” Venezuela denies it."
    assert sentences(text) == [
        "Rubio calls him a “terrible dictator.”",
        "Venezuela denies it.",
    ]


def test_two_sentences_inside_one_quotation() -> None:
    # Seed 003: a quotation that opens the paragraph may split inside.
    text = (
        "“To tell Russia to ‘get out of Venezuela’ is going completely over the top. "
        "This is total boorishness on a global scale.” There are no “legal let alone moral” "
        "grounds for Trump regime demands."
    )
    assert sentences(text) == [
        "“To tell Russia to ‘get out of Venezuela’ is going completely over the top.",
        "This is total boorishness on a global scale.”",
        "There are no “legal let alone moral” grounds for Trump regime demands.",
    ]


def test_closing_mark_after_a_stray_space_stays_with_its_sentence() -> None:
    text = "“It is going over the top. ” There are no grounds."
    assert sentences(text) == ["“It is going over the top. ”", "There are no grounds."]


def test_quotation_embedded_mid_sentence_with_reporting_clause_is_not_cut() -> None:
    # Seed 003: the quote opens mid-sentence and ", she added" continues it.
    text = (
        "Rodrigues reported the meeting, saying it’s to “complete the transfer of the office "
        "to (the Russian capital). Besides, we are planning to move here,” she added. "
        "Earlier, Rodriguez denounced the appointment."
    )
    assert sentences(text) == [
        "Rodrigues reported the meeting, saying it’s to “complete the transfer of the office "
        "to (the Russian capital). Besides, we are planning to move here,” she added.",
        "Earlier, Rodriguez denounced the appointment.",
    ]


def test_quotation_that_ends_the_sentence_may_split_inside() -> None:
    text = (
        "Weeks earlier, “President Nicolas Maduro held an official visit to Russia. Now we are "
        "preparing to expand our cooperation.”"
    )
    assert sentences(text) == [
        "Weeks earlier, “President Nicolas Maduro held an official visit to Russia.",
        "Now we are preparing to expand our cooperation.”",
    ]


def test_unclosed_quotation_across_paragraphs() -> None:
    text = (
        "“There are certain plans, certain steps aimed at creation of illegal armed groups. "
        "The whole world knows it.\n\n“The US supports such groups.”"
    )
    assert sentences(text) == [
        "“There are certain plans, certain steps aimed at creation of illegal armed groups.",
        "The whole world knows it.",
        "“The US supports such groups.”",
    ]


# --- Sentences and paragraphs ----------------------------------------------------


def test_sentences_never_cross_paragraphs() -> None:
    text = "Bones in the throat\nVenezuela has long been an irritant. It all started in 1999"
    analysis = Analysis(make_document(text))
    assert [(analysis.sentence_text(s), s.paragraph) for s in analysis.sentences] == [
        ("Bones in the throat", 0),
        ("Venezuela has long been an irritant.", 1),
        ("It all started in 1999", 1),
    ]


def test_sentence_offsets_exclude_whitespace() -> None:
    text = "  One.   Two?  \n\n  Three!  "
    analysis = Analysis(make_document(text))
    assert [(s.start, s.end) for s in analysis.sentences] == [(2, 6), (9, 13), (19, 25)]


def test_seed_excerpt_with_many_cases() -> None:
    # Seed 000, second paragraph.
    text = (
        "Venezuela has long been an irritant to the United States. The emergence of a "
        "“second Cuba” in Latin America is not in Washington's plans. It all started in 1999, "
        "when Lieutenant Colonel Hugo Chavez assumed the presidency of the country. The US "
        "President in those years was George W. Bush, and Venezuela endured two crises – the "
        "2002 coup attempt and the expulsion of the US ambassador from the country in 2008 as "
        "a sign of solidarity with Bolivia."
    )
    assert [s[:30] for s in sentences(text)] == [
        "Venezuela has long been an irr",
        "The emergence of a “second Cub",
        "It all started in 1999, when L",
        "The US President in those year",
    ]


def test_seed_excerpt_reward_sentence() -> None:
    # Seed 000: money and a quotation ending with a full stop inside the marks.
    text = (
        "On August 7, US Attorney General Pam Bondi announced an increase in the reward for "
        "information leading to Maduro's capture – from $25 million to $50 million. "
        "Venezuela's president is once again accused of supporting drug cartels, and Secretary "
        "of State Marco Rubio calls him a “terrible dictator.”"
    )
    result = sentences(text)
    assert len(result) == 2
    assert result[0].endswith("$50 million.")
    assert result[1].endswith("“terrible dictator.”")


def test_number_with_decimal_point_ends_a_sentence() -> None:
    text = "In the 1970s, inflation peaked at 26.9%. Two-thirds of voters back the plan."
    assert sentences(text) == [
        "In the 1970s, inflation peaked at 26.9%.",
        "Two-thirds of voters back the plan.",
    ]


def test_domain_in_brackets_ends_a_sentence() -> None:
    text = "The report was first published (venezuelanalysis.com). Officials declined to comment."
    assert len(sentences(text)) == 2


# --- Marks with no word between them -------------------------------------------


def test_a_long_run_of_marks_with_no_word_between_them_is_one_sentence() -> None:
    # Past the three sentences of marks alone a spaced ellipsis and a full stop make, the
    # marks up to the next word are one sentence, not one each (text whose letters were
    # lost to "?" has such runs).
    assert sentences("Wait. " + ". " * 10 + "Go on.") == [
        "Wait.",
        ".",
        ".",
        ".",
        ". . . . . . .",
        "Go on.",
    ]
    assert sentences("Aid came. ?? ?????? ???? #??? ?????! ???? ?? Officials said so.") == [
        "Aid came.",
        "??",
        "??????",
        "????",
        "#??? ?????! ???? ??",
        "Officials said so.",
    ]


def test_a_spaced_ellipsis_splits_as_before() -> None:
    # As news copy has it: "... obsolete.  ..." and "… he came across as a grown-up".
    assert sentences("He thinks NATO may be obsolete.  ...") == [
        "He thinks NATO may be obsolete.",
        "...",
    ]
    assert sentences("He looked like a grown-up. … he came across as strong.") == [
        "He looked like a grown-up.",
        "… he came across as strong.",
    ]
    assert sentences("He paused. . . . Then he left.") == [
        "He paused.",
        ".",
        ".",
        ".",
        "Then he left.",
    ]


def test_a_text_of_marks_alone_costs_a_few_sentences_per_paragraph() -> None:
    text = ". " * 50_000 + "\n\n" + "?! " * 1_000
    analysis = Analysis(make_document(text))
    spans = [(analysis.sentence_text(s), s.paragraph) for s in analysis.sentences]
    first, second = text.split("\n\n")
    assert spans == [
        *[(".", 0)] * 3,
        (first[6:].strip(), 0),
        *[("?!", 1)] * 3,
        (second[9:].strip(), 1),
    ]
