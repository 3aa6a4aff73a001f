"""Properties every analysis must keep, on any text: no crash, offsets that point into the text."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from reliability.analysis import Analysis
from reliability.document import make_document

# Pieces of news-like text: words of every kind the analysis treats specially,
# quote marks in every style, digits, punctuation and line breaks.
NEWS_PIECES = [
    "Russia",
    "Venezuela",
    "Maduro’s",
    "don't",
    "the",
    "said",
    "May",
    "March",
    "Sunday",
    "November",
    "Nov.",
    "Mr.",
    "Dr.",
    "U.S.",
    "e.g.",
    "W.",
    "George",
    "Bush",
    "al-Assad",
    "van",
    "de",
    "of",
    "Bank",
    "President",
    "Secretary",
    "State",
    "Su-30",
    "Kh-31A",
    "Il-76TD",
    "S-300VM",
    "60",
    "Minutes",
    "$50",
    "million",
    "17.5%",
    "percent",
    "1,000",
    "2019",
    "2025-11-03",
    "11/03/2025",
    "10:30",
    "twenty-four",
    "three-year",
    "a",
    "dozen",
    "third",
    "21st",
    "1990s",
    "’90s",
    "last",
    "week",
    "ago",
    "two",
    "days",
    "in",
    "recent",
    "venezuelanalysis.com",
    "sanctions.A",
    "No.",
    "5",
    "v.",
    "Jr.",
    "é",
    "Москва",
    "“",
    "”",
    "‘",
    "’",
    '"',
    "'",
    "«",
    "»",
    "„",
    "‚",
    "‹",
    "›",
    ".",
    ",",
    ";",
    ":",
    "!",
    "?",
    "...",
    "…",
    "(",
    ")",
    "-",
    "–",
    "—",
    "/",
    "%",
    "#",
    " ",
    " ",
    " ",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    "\u00a0",
    "\u2028",
    "e\u0301",
]

news_text = st.lists(st.sampled_from(NEWS_PIECES), max_size=80).map(
    lambda parts: "".join(
        piece if piece.isspace() or i == 0 else " " + piece if i % 3 else piece
        for i, piece in enumerate(parts)
    )
)


def check(text: str) -> None:
    """Build every property of the analysis and check its offsets."""
    assume(text.strip())
    analysis = Analysis(make_document(text))
    n = len(text)

    paragraphs = analysis.paragraphs
    for p in paragraphs:
        assert 0 <= p.start < p.end <= n
        assert not text[p.start].isspace() and not text[p.end - 1].isspace()
    for a, b in pairwise(paragraphs):
        assert a.end < b.start

    sentences = analysis.sentences
    for s in sentences:
        assert 0 <= s.start < s.end <= n
        para = paragraphs[s.paragraph]
        assert para.start <= s.start and s.end <= para.end
        assert not text[s.start].isspace() and not text[s.end - 1].isspace()
    for a, b in pairwise(sentences):
        assert a.end <= b.start
        assert a.paragraph <= b.paragraph

    for elements in (analysis.tokens, analysis.numbers, analysis.dates, analysis.names):
        previous_start = -1
        for e in elements:
            assert 0 <= e.start <= e.end <= n
            assert text[e.start : e.end] == e.text
            assert e.start >= previous_start
            previous_start = e.start

    for t in analysis.tokens:
        assert t.kind in ("word", "number", "punct", "symbol")
        assert t.text and not t.text.isspace()
    for a, b in pairwise(analysis.tokens):
        assert a.end <= b.start

    quotations = analysis.quotations
    for i, q in enumerate(quotations):
        assert 0 <= q.start <= q.inner_start <= q.inner_end <= q.end <= n
        if q.parent is not None:
            outer = quotations[q.parent]
            assert q.parent < i
            assert outer.start <= q.start and q.end <= outer.end
            assert q.depth == outer.depth + 1
        else:
            assert q.depth == 0
    for a, b in pairwise(quotations):
        assert a.start < b.start

    for number in analysis.numbers:
        assert number.kind in ("cardinal", "percent", "money", "ordinal", "year")
    for date in analysis.dates:
        assert date.kind in ("date", "year", "weekday", "relative", "decade")
        assert date.month is None or 1 <= date.month <= 12
        assert date.day is None or 1 <= date.day <= 31
    for name in analysis.names:
        assert name.text.strip() == name.text and name.text


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_unicode_text(text: str) -> None:
    check(text)


@settings(max_examples=500, deadline=None)
@given(news_text)
def test_news_like_text(text: str) -> None:
    check(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("aA1 .,!?\"'“”‘’«»\n-:$%"), max_size=200))
def test_punctuation_heavy_text(text: str) -> None:
    check(text)
