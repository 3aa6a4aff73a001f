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


def budget(n: int) -> str:
    """n different sentences of 13 words each."""
    return "".join(
        f"The council approved budget number {i} of 4.2 million euros after a debate. "
        for i in range(n)
    )


def test_a_long_article_scores_higher_and_has_no_finding():
    short, long = length_of(budget(3)), length_of(budget(100))
    assert long.score > 0.8 > short.score
    assert long.findings == () and long.metrics["words"] == 100 * 13
    assert long.metrics["repeated_words"] == 0


def test_sentences_repeated_word_for_word_add_no_length():
    article = budget(20)
    padded = "\n\n".join([article, article.upper(), "  ".join(article.split(" ")), article])
    plain, result = length_of(article), length_of(padded)
    assert result.metrics["words"] == plain.metrics["words"] == 20 * 13
    assert result.metrics["repeated_words"] == 3 * 20 * 13
    assert result.score == plain.score
    (finding,) = [f for f in result.findings if f.kind == "repeated-text"]
    assert finding.severity.value == "minor"
    assert "60 sentences repeat earlier ones" in finding.message
    # It points at the first repeat: the start of the upper-cased copy, one sentence.
    (span,) = finding.spans
    first = padded.index("THE COUNCIL")
    assert (span.start, span.text) == (first, padded[first : span.end])
    assert span.text == "THE COUNCIL APPROVED BUDGET NUMBER 0 OF 4.2 MILLION EUROS AFTER A DEBATE."
    assert "780 more words repeat earlier sentences" in result.summary


def test_short_sentences_and_near_repeats_still_count():
    text = (
        "He declined. He declined. The mayor said the bridge would reopen in May. "
        "The mayor said the bridge would reopen in June."
    )
    result = length_of(text)
    assert result.metrics["repeated_words"] == 0
    assert result.metrics["words"] == 22
    assert not [f for f in result.findings if f.kind == "repeated-text"]
