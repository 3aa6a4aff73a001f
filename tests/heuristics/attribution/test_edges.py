"""Where a source ends (`edges.trimmed_end`, `edges.before_clause`), where a subject starts
(`edges.extended_start`, an appositive), and stems."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from reliability_heuristics.attribution.edges import extended_start, trimmed_end
from reliability_heuristics.attribution.heuristic import find_attributions
from reliability_heuristics.attribution.lexicon import stem
from reliability_heuristics.attribution.rules import RuleFinder

from reliability.analysis import Analysis
from reliability.document import make_document


def _edged(text: str, span: str, edge: Callable[[RuleFinder, int, int], tuple[int, int]]) -> str:
    """The text of `span` (a piece of `text`, in its first sentence) as `edge` leaves it."""
    doc = Analysis(make_document(text))
    finder = RuleFinder(doc)
    finder.find()
    tokens = doc.tokens
    start = text.index(span)
    s = next(k for k, t in enumerate(tokens) if t.start == start)
    e = next(k for k, t in enumerate(tokens) if t.end == start + len(span)) + 1
    a, b = edge(finder, s, e)
    return text[tokens[a].start : tokens[b - 1].end]


def trimmed(text: str, span: str) -> str:
    return _edged(text, span, trimmed_end)


def extended(text: str, span: str) -> str:
    return _edged(text, span, lambda finder, s, e: extended_start(finder, s, e, 0))


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
    ("text", "span", "source"),
    [
        # The object of "in" or "from" inside the subject: the whole noun phrase.
        (
            "Democratic leaders in Congress said the bill would pass.",
            "Congress",
            "Democratic leaders in Congress",
        ),
        (
            "Officials from the ministry said talks would resume.",
            "the ministry",
            "Officials from the ministry",
        ),
        # The article or demonstrative before the noun.
        ("Yesterday the Tax Foundation said taxes rose.", "Tax Foundation", "the Tax Foundation"),
        ("He said these experts disagree.", "experts", "these experts"),
        # "at least" bounds the number it opens.
        (
            "At least four senators said they would vote against it.",
            "least four senators",
            "At least four senators",
        ),
    ],
)
def test_a_subject_read_from_inside_its_noun_phrase_is_widened(
    text: str, span: str, source: str
) -> None:
    assert extended(text, span) == source


@pytest.mark.parametrize(
    ("text", "span"),
    [
        # A verb before the preposition: the phrase is no part of the subject.
        ("Protesters marched in Charlotte and said the officer lied.", "Charlotte"),
        # A name before it: "Trump in Ohio" is a name and where it stood, not one phrase.
        ("Speaking to Trump in Ohio, Pence said the race was close.", "Ohio"),
        # Another preposition ("of", "at" and "by" open phrases of their own as often).
        ("A spokesman at the embassy said nothing.", "the embassy"),
        # An indefinite article before a name goes with the noun after it.
        ("He cited a Washington Post report on the talks.", "Washington Post"),
        # The sentence's first word: nothing before it.
        ("Congress said nothing.", "Congress"),
    ],
)
def test_other_sources_keep_their_start(text: str, span: str) -> None:
    assert extended(text, span) == span


def test_the_heuristic_reports_the_whole_subject() -> None:
    assert _sources("Democratic leaders in Congress said the bill would pass.") == [
        "Democratic leaders in Congress"
    ]


def test_a_source_after_its_cue_ends_before_the_subject_of_the_clause() -> None:
    # "Venezuela" is what the report tells of: the clause's subject, not its source.
    text = (
        "According to a recent report in The Washington Post, Venezuela has formally "
        "requested radars from Russia."
    )
    assert _sources(text) == ["a recent report in The Washington Post"]
    assert _sources("According to Maria Lopez, the talks will resume.") == ["Maria Lopez"]


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
