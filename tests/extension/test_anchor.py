"""The extension's page script finds a real scorecard's anchors in a saved news page.

`extension/content/anchor.js` is injected into a static copy of the page of
seed 002 (site navigation, a ticker repeating the standfirst, adverts, links
and emphasis splitting sentences, its own line wrapping) in headless Chromium.
Every span of the engine's findings must be highlighted with exactly its text,
at the place in the article where the engine found it, and `clear` must leave
the DOM as it was.
"""

from __future__ import annotations

import re
from typing import Any

import msgspec
import pytest
from extension_files import EXTENSION, PAGES

from reliability import Document, Scorecard, score
from reliability.engine import text_quote

ANCHOR_JS = EXTENSION / "content" / "anchor.js"
PAGE = PAGES / "seed-002.html"

# Runs in the page: for every highlighted span, its marks' text and where its
# first mark sits in the article, counted in non-whitespace characters of the
# article's text with the page furniture (adverts, share links) left out.
MARKED = """
() => {
  const article = document.querySelector("article");
  const positions = {};
  let count = 0;
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => n.parentElement.closest("[data-furniture]")
      ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
  });
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const mark = n.parentElement.closest("mark[data-reliability]");
    for (let m = n.parentElement; m && m !== article; m = m.parentElement) {
      const id = m.matches("mark[data-reliability]") && m.getAttribute("data-reliability");
      if (id && !(id in positions)) positions[id] = count;
    }
    count += n.data.replace(/\\s+/g, "").length;
  }
  const texts = {};
  for (const mark of document.querySelectorAll("mark[data-reliability]")) {
    const id = mark.getAttribute("data-reliability");
    texts[id] = (texts[id] || "") + mark.textContent;
  }
  return { texts, positions };
}
"""

# A fingerprint of every node: an innerHTML comparison cannot see a text node
# left split in two.
NODES = """
() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ALL);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    out.push(n.nodeType === 3 ? "#" + n.data : n.nodeName);
  }
  return out;
}
"""


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def findings_of(card: Scorecard) -> list[dict[str, Any]]:
    """The scorecard's findings as the extension receives them (JSON)."""
    return [msgspec.to_builtins(f) for h in card.heuristics for f in h.findings]


def span_ids(findings: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {f"{f}.{s}": span for f, fd in enumerate(findings) for s, span in enumerate(fd["spans"])}


@pytest.fixture(scope="module")
def article(seeds: dict[str, Document]) -> Document:
    return seeds["002"]


@pytest.fixture(scope="module")
def card(seeds: dict[str, Document], article: Document) -> Scorecard:
    peers = [doc for key, doc in seeds.items() if key != "002"]
    return score(article, peers=peers)


@pytest.fixture
def seed_page(page: Any) -> Any:
    page.goto(PAGE.as_uri())
    page.add_script_tag(path=str(ANCHOR_JS))
    return page


def test_the_fixture_holds_the_seed_text_in_its_article(seed_page: Any, article: Document):
    text = seed_page.evaluate(
        """() => {
          const a = document.querySelector("article").cloneNode(true);
          a.querySelectorAll("[data-furniture]").forEach((e) => e.remove());
          return a.textContent;
        }"""
    )
    assert squeeze(text) == squeeze(article.text)
    # ... laid out differently from the extracted text, with the standfirst repeated before it.
    assert article.text not in seed_page.evaluate("document.body.textContent")
    assert seed_page.evaluate("document.querySelector('.ticker').textContent").count(
        "Two Russian military cargo planes"
    )


def test_every_finding_of_a_real_scorecard_is_highlighted_in_place(
    seed_page: Any, card: Scorecard, article: Document
):
    findings = findings_of(card)
    spans = span_ids(findings)
    # Both single-document and cross-document heuristics contributed spans.
    assert len(spans) > 50
    assert {"attribution", "hedging"} <= {h.name for h in card.heuristics if h.findings}

    result = seed_page.evaluate("(f) => ReliabilityAnchor.highlight(document.body, f)", findings)
    assert result["missing"] == []
    assert sorted(e["id"] for e in result["found"]) == sorted(spans)

    marked = seed_page.evaluate(MARKED)
    for span_id, span in spans.items():
        assert squeeze(marked["texts"][span_id]) == squeeze(span["text"]), span_id
        # At the occurrence the engine meant, not an earlier one with the same words.
        assert marked["positions"][span_id] == len(squeeze(article.text[: span["start"]])), (
            span_id,
            span["text"],
        )


def test_marks_carry_the_message_severity_and_focus(seed_page: Any, card: Scorecard):
    findings = findings_of(card)
    links = seed_page.evaluate("[...document.querySelectorAll('a')].map(a => a.href)")
    seed_page.evaluate("(f) => ReliabilityAnchor.highlight(document.body, f)", findings)
    first = seed_page.locator('mark[data-reliability="0.0"]').first
    assert first.get_attribute("title") == findings[0]["message"]
    assert first.get_attribute("tabindex") == "0"
    assert f"reliability-mark--{findings[0]['severity']}" in first.get_attribute("class")
    # A quote across a link: the link keeps its target and holds the mark.
    source = next(
        span_id
        for span_id, span in span_ids(findings).items()
        if span["text"] == "UN High Commissioner for Human Rights Volker Türk"
    )
    marks = seed_page.locator(f'mark[data-reliability="{source}"]')
    assert marks.count() >= 2
    assert marks.first.evaluate("m => m.parentElement.getAttribute('href')").startswith("https://")
    assert seed_page.evaluate("[...document.querySelectorAll('a')].map(a => a.href)") == links


def test_clear_restores_the_page_exactly(seed_page: Any, card: Scorecard):
    html = seed_page.evaluate("document.body.innerHTML")
    nodes = seed_page.evaluate(NODES)
    found = seed_page.evaluate(
        "(f) => ReliabilityAnchor.highlight(document.body, f).found.length", findings_of(card)
    )
    assert found > 50
    assert seed_page.evaluate(NODES) != nodes
    removed = seed_page.evaluate("ReliabilityAnchor.clear(document.body)")
    assert removed >= found
    assert seed_page.evaluate("document.body.innerHTML") == html
    assert seed_page.evaluate(NODES) == nodes
    assert seed_page.evaluate("ReliabilityAnchor.clear(document.body)") == 0


def test_a_scored_selection_is_found_in_the_page(seed_page: Any, article: Document):
    """The extension scores a selected paragraph alone: its anchors have only that context."""
    start = article.text.index("Washington has justified")
    paragraph = article.text[start : article.text.index("\n", start)]
    card = score(paragraph)
    findings = findings_of(card)
    assert findings
    seed_page.evaluate("(f) => ReliabilityAnchor.highlight(document.body, f)", findings)
    marked = seed_page.evaluate(MARKED)
    for span_id, span in span_ids(findings).items():
        assert squeeze(marked["texts"][span_id]) == squeeze(span["text"])
        assert marked["positions"][span_id] == len(squeeze(article.text[: start + span["start"]]))


FIND = """
(s) => {
  const r = ReliabilityAnchor.findQuote(document.body, s);
  if (!r) return null;
  const up = r.startContainer.parentElement;
  return { text: r.toString(), inArticle: !!up.closest("article"), tag: up.localName };
}
"""


def test_find_quote_chooses_the_occurrence_by_its_context(seed_page: Any):
    # "Trump administration" is in the article three times; the end of the prefix picks one.
    assert seed_page.evaluate(
        """(s) => {
          const r = ReliabilityAnchor.findQuote(document.body, s);
          const after = document.createRange();
          after.setStart(r.endContainer, r.endOffset);
          after.setEndAfter(document.body.lastChild);
          return after.toString().trimStart().slice(0, 30);
        }""",
        {"exact": "Trump administration", "prefix": "wholly unrelated, into the US. The "},
    ).startswith("has provided no evidence")
    # Partial context is enough: only the last words of the prefix match here.
    found = seed_page.evaluate(
        FIND, {"exact": "alleged", "prefix": "wholly different words, bomb ", "suffix": " drug"}
    )
    assert found["text"] == "alleged"
    assert seed_page.evaluate(
        """(s) => {
          const r = ReliabilityAnchor.findQuote(document.body, s);
          const after = document.createRange();
          after.setStart(r.endContainer, r.endOffset);
          after.setEndAfter(document.body.lastChild);
          return after.toString().trimStart().startsWith("drug targets inside");
        }""",
        {"exact": "alleged", "prefix": "wholly different words, bomb ", "suffix": " drug"},
    )


def test_the_article_is_preferred_to_furniture_repeating_it(seed_page: Any):
    standfirst = "Two Russian military cargo planes landed in Caracas"
    # The ticker above the article repeats the standfirst: the article's copy is meant.
    assert seed_page.evaluate(FIND, {"exact": standfirst})["inArticle"] is True
    # Text only in the furniture is still found there.
    found = seed_page.evaluate(FIND, {"exact": "Conviasa opens a weekly route"})
    assert found["inArticle"] is False
    # The advert between two paragraphs does not break a quote that spans them.
    quote = (
        "to assist them against “existing and potential threats.”\n\n"
        "Since August, the US has deployed warships"
    )
    assert squeeze(seed_page.evaluate(FIND, {"exact": quote})["text"]).startswith(
        squeeze("to assist them against “existing and potential threats.”Advertisement")
    )
    result = seed_page.evaluate(
        "(f) => ReliabilityAnchor.highlight(document.body, f)",
        [
            {
                "kind": "k",
                "severity": "info",
                "message": "m",
                "spans": [{"selector": {"exact": quote}}],
            }
        ],
    )
    assert result["missing"] == []
    marked = seed_page.evaluate(
        "[...document.querySelectorAll('mark[data-reliability]')].map(m => m.textContent).join('')"
    )
    assert squeeze(marked) == squeeze(quote)


def test_find_quote_spans_elements_and_differing_whitespace(seed_page: Any):
    found = seed_page.evaluate(
        FIND,
        {"exact": "Kremlin spokesperson Dmitry Peskov told Russian news agency Tass Sunday"},
    )
    assert squeeze(found["text"]) == squeeze(
        "Kremlin spokesperson Dmitry Peskov told Russian news agency Tass Sunday"
    )
    # Straight quotes in a selector match the page's typographic ones.
    found = seed_page.evaluate(FIND, {"exact": 'a "zone of peace"'})
    assert found["text"] == "a “zone of peace”"


def test_find_quote_refuses_what_is_absent_or_ambiguous(seed_page: Any):
    assert seed_page.evaluate(FIND, {"exact": "Russia invaded Venezuela"}) is None
    assert seed_page.evaluate(FIND, {"exact": "   "}) is None
    # Many occurrences and no shared context at all: no guess.
    assert (
        seed_page.evaluate(FIND, {"exact": "Venezuela", "prefix": "zzzz", "suffix": "qqqq"}) is None
    )
    # Script text is not page text.
    assert seed_page.evaluate(FIND, {"exact": "dataLayer"}) is None


def test_highlight_reports_what_it_cannot_find(seed_page: Any):
    findings = [
        {
            "kind": "hedge",
            "severity": "info",
            "message": "Hedged.",
            "spans": [
                {"text": "allegedly", "selector": {"exact": "allegedly", "prefix": "16 boats "}},
                {"text": "nowhere", "selector": {"exact": "not on this page at all"}},
            ],
        }
    ]
    result = seed_page.evaluate("(f) => ReliabilityAnchor.highlight(document.body, f)", findings)
    assert [e["id"] for e in result["found"]] == ["0.0"]
    assert [e["id"] for e in result["missing"]] == ["0.1"]
    assert seed_page.locator("mark[data-reliability]").count() == 1


def test_a_quote_repeated_with_its_context_goes_where_the_other_spans_place_it(page: Any):
    """A pull quote repeats a long sentence: within it, ±32 characters of context tie."""
    sentence = (
        "The minister said on Tuesday that the revised figures for the coming year were final "
        "and that no department would see its budget cut again before the election."
    )
    text = f"Budget talks ended late.\n\n{sentence}\n\nOpposition members walked out in protest."
    page.set_content(
        "<main><article><p>Budget talks ended late.</p>"
        f"<blockquote class='pull'>{sentence}</blockquote>"
        f"<p>{sentence}</p><p>Opposition members walked out in protest.</p></article></main>"
    )
    page.add_script_tag(path=str(ANCHOR_JS))

    def span(quote: str) -> dict[str, Any]:
        start = text.index(quote)
        selector = text_quote(text, start, start + len(quote))
        return {"start": start, "text": quote, "selector": msgspec.to_builtins(selector)}

    tied = span("figures for the coming year were final")
    finding = {"kind": "k", "severity": "info", "message": "m"}
    # Alone, the tie goes to the first occurrence: the pull quote.
    page.evaluate(
        "(f) => ReliabilityAnchor.highlight(document.body, f)", [{**finding, "spans": [tied]}]
    )
    assert page.evaluate("!!document.querySelector('.pull mark')")
    page.evaluate("ReliabilityAnchor.clear(document.body)")
    # With a span placed without doubt after it, it goes to the article's paragraph.
    certain = span("Opposition members walked out")
    result = page.evaluate(
        "(f) => ReliabilityAnchor.highlight(document.body, f)",
        [{**finding, "spans": [tied, certain]}],
    )
    assert result["missing"] == []
    assert not page.evaluate("!!document.querySelector('.pull mark')")
    assert page.evaluate("document.querySelector('mark').parentElement.localName") == "p"
