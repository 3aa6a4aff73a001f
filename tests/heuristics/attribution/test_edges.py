"""Where a source ends (`edges.trimmed_end`), where an appositive subject starts, and stems."""

from __future__ import annotations

import pytest
from reliability_heuristics.attribution.edges import trimmed_end
from reliability_heuristics.attribution.heuristic import find_attributions
from reliability_heuristics.attribution.lexicon import stem
from reliability_heuristics.attribution.rules import RuleFinder

from reliability.analysis import Analysis
from reliability.document import make_document


def trimmed(text: str, span: str) -> str:
    """The text of `span` (a piece of `text`) as `trimmed_end` leaves it."""
    doc = Analysis(make_document(text))
    finder = RuleFinder(doc)
    finder.find()
    tokens = doc.tokens
    start = text.index(span)
    s = next(k for k, t in enumerate(tokens) if t.start == start)
    e = next(k for k, t in enumerate(tokens) if t.end == start + len(span)) + 1
    a, b = trimmed_end(finder, s, e)
    return text[tokens[a].start : tokens[b - 1].end]


@pytest.mark.parametrize(
    ("text", "span", "source"),
    [
        # A trailing adverb.
        ("Gingrich cynically said the vote was rigged.", "Gingrich cynically", "Gingrich"),
        ("Clinton now says the deal was a mistake.", "Clinton now", "Clinton"),
        # A time after "on".
        (
            "David Axelrod on Wednesday said the race was close.",
            "David Axelrod on Wednesday",
            "David Axelrod",
        ),
        # A comma-set phrase of circumstance.
        (
            "Clinton, during Monday's debate, said she would raise taxes.",
            "Clinton, during Monday's debate,",
            "Clinton",
        ),
        # An unclosed bracket.
        ("Mr. Burman (a former Treasury official) said so.", "Mr. Burman (a", "Mr. Burman"),
        # The speaker's own verb with its object.
        (
            "Connecticut's tax commissioner says an internal review found errors.",
            "Connecticut's tax commissioner says an internal review",
            "Connecticut's tax commissioner",
        ),
    ],
)
def test_a_tail_after_the_noun_phrase_is_cut_off(text: str, span: str, source: str) -> None:
    assert trimmed(text, span) == source


@pytest.mark.parametrize(
    ("text", "span"),
    [
        # Appositives, affiliations and group members stay, trailing comma included.
        (
            "Scott Pruitt, the attorney general of Oklahoma, said the rule was illegal.",
            "Scott Pruitt, the attorney general of Oklahoma,",
        ),
        (
            "Tom Miller, at a consulting firm, said growth slowed.",
            "Tom Miller, at a consulting firm,",
        ),
        (
            "Other unions, including the AFL-CIO, said they would join.",
            "Other unions, including the AFL-CIO,",
        ),
        # A relative clause keeps its verbs and adverbs.
        (
            "Weld, who added that the emails gave him pause, said he would vote.",
            "Weld, who added that the emails gave him pause,",
        ),
        (
            "A Republican who responded anonymously said no.",
            "A Republican who responded anonymously",
        ),
        # A noun in -ly, and a time that belongs to the source.
        ("The family said it was relieved.", "The family"),
        ("A CNN/ORC poll in January found Trump ahead.", "A CNN/ORC poll in January"),
        # Plural nouns and participles are no verbs.
        ("Media reports and party sources said so.", "Media reports and party sources"),
        (
            "A new batch of emails released this week shows the plan.",
            "A new batch of emails released this week",
        ),
    ],
)
def test_a_source_that_is_one_noun_phrase_stays_whole(text: str, span: str) -> None:
    assert trimmed(text, span) == span


def _sources(text: str) -> list[str | None]:
    doc = Analysis(make_document(text))
    relations, _ = find_attributions(doc)
    tokens = doc.tokens
    return [
        None if r.source is None else text[tokens[r.source[0]].start : tokens[r.source[1] - 1].end]
        for r in relations
    ]


def test_a_name_set_off_after_its_description_is_part_of_the_source() -> None:
    text = "A lawyer for the news outlets, David Schulz, said no decision had been made."
    assert _sources(text) == ["A lawyer for the news outlets, David Schulz,"]


def test_a_description_set_off_after_a_name_is_part_of_the_source() -> None:
    text = "Anne Richards, assistant secretary of state, said the talks went well."
    assert _sources(text) == ["Anne Richards, assistant secretary of state,"]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("claims", "claim"),
        ("claimed", "claim"),
        ("claiming", "claim"),
        ("publicly", "public"),
        ("said", "said"),
        ("is", "is"),
        ("bus", "bus"),
    ],
)
def test_stems(word: str, expected: str) -> None:
    assert stem(word) == expected
