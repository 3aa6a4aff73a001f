"""Quotations: marks of every style, nesting, apostrophes, and real-world mess."""

from __future__ import annotations

from reliability.analysis.elements import Quotation
from reliability.analysis.quotations import find_quotations
from reliability.analysis.sentences import split_paragraphs


def quotes(text: str) -> list[Quotation]:
    return find_quotations(text, split_paragraphs(text))


def quoted(text: str) -> list[str]:
    return [text[q.start : q.end] for q in quotes(text)]


def inner(text: str) -> list[str]:
    return [text[q.inner_start : q.inner_end] for q in quotes(text)]


def test_curly_double_quotes() -> None:
    text = "Rubio calls him a “terrible dictator.” Venezuela denies it."
    (q,) = quotes(text)
    assert text[q.start : q.end] == "“terrible dictator.”"
    assert text[q.inner_start : q.inner_end] == "terrible dictator."
    assert (q.depth, q.parent, q.closed) == (0, None, True)


def test_straight_double_quotes() -> None:
    text = 'Caracas has accused the US of potential "false flag" operations, "again".'
    assert inner(text) == ["false flag", "again"]


def test_guillemets_and_low_nine_quotes() -> None:
    assert inner("Er sagte „Hallo“ und «bonjour» dann.") == ["Hallo", "bonjour"]


def test_single_quotes_inside_double() -> None:
    # Seed 003.
    text = (
        "“To tell Russia to ‘get out of Venezuela’ is going completely over the top. "
        "This is total boorishness on a global scale.”"
    )
    outer, nested = quotes(text)
    assert text[nested.inner_start : nested.inner_end] == "get out of Venezuela"
    assert (nested.depth, nested.parent) == (1, 0)
    assert outer.depth == 0 and outer.parent is None
    assert outer.start == 0 and outer.end == len(text)


def test_double_quotes_inside_single() -> None:
    text = "The paper wrote: ‘He called it “a disgrace” on air.’ Nobody denied it."
    outer, nested = quotes(text)
    assert text[outer.inner_start : outer.inner_end] == "He called it “a disgrace” on air."
    assert text[nested.inner_start : nested.inner_end] == "a disgrace"
    assert nested.parent == 0 and nested.depth == 1


def test_apostrophes_are_not_quote_marks() -> None:
    text = (
        "We don’t want conflicts, and Venezuela's and Maduro’s allies say the '90s "
        "and the ’90s were calmer in the countries’ view, O'Brien's aide said."
    )
    assert quotes(text) == []


def test_plural_possessive_inside_a_quotation_does_not_close_it() -> None:
    text = "She said “the countries’ leaders met” and left."
    assert inner(text) == ["the countries’ leaders met"]


def test_plural_possessive_closes_an_open_single_quote() -> None:
    text = "He called them ‘the Lions’ and moved on."
    assert inner(text) == ["the Lions"]


def test_curly_open_closed_by_straight_mark() -> None:
    # Seed 004.
    text = (
        "“The flights carried officials who arrived to ‘exchange consultations,'” "
        "according to Russian state media."
    )
    outer, nested = quotes(text)
    assert text[outer.start : outer.end] == (
        "“The flights carried officials who arrived to ‘exchange consultations,'”"
    )
    assert text[nested.inner_start : nested.inner_end] == "exchange consultations,"
    assert outer.closed and nested.closed and nested.parent == 0


def test_closing_mark_used_as_opener() -> None:
    # Seed 001.
    text = (
        "Venezuela has formally requested ”defensive radars, aircraft repairs and possibly "
        "missiles” from Russia."
    )
    (q,) = quotes(text)
    assert text[q.inner_start : q.inner_end] == (
        "defensive radars, aircraft repairs and possibly missiles"
    )
    assert q.closed


def test_unclosed_quotation_ends_with_its_paragraph() -> None:
    # News convention: a long quote re-opens in each paragraph; only the last closes.
    text = (
        "“There are certain plans, certain steps aimed at creation of illegal armed groups.\n\n"
        "“The US supports such extremist illegal terror groups to destabilize the world.”"
    )
    first, second = quotes(text)
    first_paragraph_end = text.index("\n")
    assert (first.end, first.inner_end, first.closed) == (
        first_paragraph_end,
        first_paragraph_end,
        False,
    )
    assert second.closed and text[second.end - 1] == "”"
    assert second.parent is None


def test_unclosed_inner_quote_ends_at_the_outer_closing_mark() -> None:
    text = "He said “they called it ‘a farce and left.” Then silence."
    outer, nested = quotes(text)
    assert outer.closed and not nested.closed
    assert nested.end == outer.inner_end
    assert nested.parent == 0


def test_stray_straight_apostrophe_is_dropped() -> None:
    text = "The 'rebels were routed, officials said."
    assert quotes(text) == []


def test_attribution_between_two_quotations() -> None:
    # Seed 002.
    text = (
        "“We want everything to remain peaceful, and we don’t want any new conflicts to arise "
        "in the region. The world is already full of conflicts,” he said Sunday."
    )
    (q,) = quotes(text)
    assert q.start == 0
    assert text[q.inner_end - 10 : q.inner_end] == "conflicts,"


def test_several_quotations_in_order() -> None:
    # Seed 003.
    text = (
        "Maria Zakharova denounced “the provocative activities of the impostor” Guaido, "
        "affirming Kremlin support for “legitimate” Venezuelan authorities."
    )
    found = quotes(text)
    assert inner(text) == ["the provocative activities of the impostor", "legitimate"]
    assert found[0].start < found[1].start
    assert all(q.parent is None for q in found)


def test_brackets_inside_a_quotation() -> None:
    text = "His spokesman said “(w)e consider the attempt to usurp the top power illegal.”"
    assert inner(text) == ["(w)e consider the attempt to usurp the top power illegal."]


def test_straight_quotes_directly_after_a_colon() -> None:
    assert inner('He said:"We will win." Then he left.') == ["We will win."]
