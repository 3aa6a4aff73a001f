"""Extraction: the article body without page furniture, its metadata, and dates by provenance."""

from __future__ import annotations

import pytest
from localsite import page

from reliability.errors import DocumentTooLarge, PageUnusable
from reliability.fetch.client import FetchedPage
from reliability.fetch.extract import extract_html, extract_page

URL = "https://coastal-ledger.example/news/harbour-dredging-delay"
FURNITURE = [
    "Subscribe for unlimited access",  # navigation
    "Most read",  # sidebar
    "Winter ferry timetable",
    "Sign up to our morning briefing",
    "Typical. Every year another survey",  # comments
    "seawatcher",
    "All rights reserved",  # footer
    "Privacy policy",
    "window.analytics",  # script
]


def fetched(body: bytes, content_type: str, url: str = URL, charset: str | None = "utf-8"):
    return FetchedPage(
        requested_url=url,
        final_url=url,
        status=200,
        content_type=content_type,
        charset=charset,
        body=body,
        fetched_at="2024-03-16T09:00:00+00:00",
    )


def test_takes_the_article_body_and_leaves_the_furniture():
    doc = extract_html(page("article.html"), URL).document
    assert doc.text.startswith("Harbour authority delays dredging plan")
    for sentence in (
        "The harbour authority has postponed a plan to dredge the main shipping channel",
        '"We cannot responsibly start work until we understand where this sediment',
        "A revised timetable for the dredging will be presented to the harbour board in July.",
    ):
        assert sentence in doc.text
    for furniture in FURNITURE:
        assert furniture not in doc.text, furniture


def test_metadata():
    extraction = extract_html(page("article.html"), URL)
    doc = extraction.document
    assert (
        doc.title == "Harbour authority delays dredging plan after survey finds silt levels doubled"
    )
    assert doc.author == "Priya Raman"
    assert doc.outlet == "The Coastal Ledger"
    assert doc.url == URL
    assert doc.language == "en-GB"


def test_dates_from_meta_tags_are_trusted():
    extraction = extract_html(page("article.html"), URL)
    assert extraction.document.published == "2024-03-14"
    dates = {(d.kind, d.date, d.source, d.confidence) for d in extraction.dates}
    assert dates == {
        ("published", "2024-03-14", "metadata", "high"),
        ("modified", "2024-03-15", "metadata", "high"),
    }


def test_dates_from_json_ld_are_trusted():
    extraction = extract_html(page("jsonld.html"), URL)
    assert extraction.document.published == "2024-03-14"
    published = extraction.dates[0]
    assert (published.kind, published.source, published.confidence) == (
        "published",
        "structured-data",
        "high",
    )


def test_a_date_in_the_url_is_trusted():
    url = "https://coastal-ledger.example/2024/03/14/harbour-dredging-delay"
    extraction = extract_html(page("undated.html"), url)
    assert extraction.document.published == "2024-03-14"
    assert [(d.source, d.confidence) for d in extraction.dates] == [("url", "high")]


def test_a_date_found_only_in_page_furniture_is_low_confidence_and_not_published():
    """The undated page's only dates are a comment's and the sidebar's: reported, not trusted."""
    extraction = extract_html(page("undated.html"), URL)
    assert extraction.document.published is None
    (found,) = extraction.dates
    assert found.kind == "published"
    assert found.source == "page" and found.confidence == "low"
    furniture_dates = {"2024-04-02", "2024-04-03", "2024-02-21", "2024-03-09", "2024-03-11"}
    assert found.date in furniture_dates


def test_extract_page_decodes_the_declared_charset():
    html = page("article.html").replace("Priya Raman", "Zoë Ångström").replace('"utf-8"', '"x"')
    extraction = extract_page(
        fetched(html.encode("latin-1"), "text/html", charset="iso-8859-1"), max_text_bytes=10**6
    )
    assert extraction.document.author == "Zoë Ångström"


def test_plain_text_page_is_taken_whole():
    body = "Officials said on Monday that 40 people died.\n\nThe report was denied.\n"
    url = "https://example.org/2023/05/02/notice.txt"
    extraction = extract_page(fetched(body.encode(), "text/plain", url=url), max_text_bytes=10**6)
    assert extraction.document.text == body
    assert extraction.document.published == "2023-05-02"


def test_a_page_without_text_is_unusable():
    empty = (
        b"<html><head><title>Gallery</title></head><body><div><img src='a.png'></div></body></html>"
    )
    with pytest.raises(PageUnusable, match="no article text"):
        extract_page(fetched(empty, "text/html"), max_text_bytes=10**6)


def test_text_over_the_limit_is_refused():
    with pytest.raises(DocumentTooLarge):
        extract_page(fetched(page("article.html").encode(), "text/html"), max_text_bytes=100)


def test_the_same_page_served_again_is_not_extracted_again(monkeypatch):
    import reliability.fetch.extract as extract

    calls = []
    real = extract.extract_html

    def counting(*args, **kwargs):
        calls.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(extract, "extract_html", counting)
    body = page("article.html").encode()
    url = URL + "?kept"
    first = extract_page(fetched(body, "text/html", url=url), max_text_bytes=2_000_000)
    again = extract_page(fetched(body, "text/html", url=url), max_text_bytes=2_000_000)
    assert again is first and calls == [url]
    # A changed page at the same address is extracted afresh.
    changed = body.replace(b"dredging", b"dredgeing")
    assert extract_page(fetched(changed, "text/html", url=url), max_text_bytes=2_000_000) != first
    assert calls == [url, url]
