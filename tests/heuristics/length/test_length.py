"""The length heuristic: words, sentences and paragraphs, and the short-article finding."""

from __future__ import annotations

from reliability import Engine, make_document
from reliability.config import Settings


def length_of(text: str):
    card = Engine(Settings()).score(make_document(text), options=None)
    (result,) = [r for r in card.heuristics if r.name == "length"]
    return result


def test_counts_words_sentences_and_paragraphs_without_headings():
    text = (
        "Storm Closes Ports\n\n"
        "The port of Rotterdam closed on Tuesday, its authority said. Ships waited offshore.\n\n"
        "Officials expect it to reopen on Thursday."
    )
    result = length_of(text)
    assert result.metrics["words"] == 23
    assert result.metrics["assertions"] == 3  # the heading line is not an assertion
    assert result.metrics["paragraphs"] == 3
    assert result.findings[0].kind == "short-article" and "23 words" in result.findings[0].message
    assert result.score == 23 / (23 + 300)


def test_a_long_article_scores_higher_and_has_no_finding():
    sentence = "The council approved the budget of 4.2 million euros after a long debate. "
    short, long = length_of(sentence * 3), length_of(sentence * 100)
    assert long.score > 0.8 > short.score
    assert long.findings == () and long.metrics["words"] == 100 * 13
