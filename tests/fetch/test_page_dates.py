"""Page dates: sources reconciled in the page's time zone, published and modified, and trust."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from localsite import page

from reliability.fetch.dates import page_dates
from reliability.fetch.datevalues import parse_text, parse_value
from reliability.fetch.extract import extract_html

URL = "https://ledger.example/news/harbour-dredging-delay"
DATED_URL = "https://ledger.example/2024/03/13/harbour-dredging-delay"
NOW = dt.datetime(2026, 1, 1)
BODY = (
    "<p>The harbour authority has postponed a plan to dredge the main shipping channel "
    "after a survey found that silt levels had doubled since the last assessment.</p>"
    "<p>Local fishing crews, who have complained for two years that the channel is "
    "becoming difficult to navigate at low tide, reacted with frustration.</p>"
)


def html(head: str = "", header: str = "", before: str = "") -> str:
    return (
        f"<html><head><title>Harbour delay</title>{head}</head><body>{before}"
        f"<article><h1>Harbour authority delays dredging plan</h1>{header}{BODY}</article>"
        "</body></html>"
    )


def meta(name: str, value: str, attribute: str = "property") -> str:
    return f'<meta {attribute}="{name}" content="{value}">'


def jsonld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def dates(document: str, url: str = URL) -> dict[str, tuple[str, str, str]]:
    extraction = extract_html(document, url)
    found = {d.kind: (d.date, d.source, d.confidence) for d in extraction.dates}
    published = found.get("published")
    trusted = published[0] if published and published[2] == "high" else None
    assert extraction.document.published == trusted
    return found


# -- time zones ------------------------------------------------------------------------


def test_a_date_time_is_dated_in_its_own_offset():
    """Reading 23:30 at UTC-05:00 in UTC would give the next day."""
    found = dates(html(meta("article:published_time", "2024-03-14T22:30:00-05:00")))
    assert found["published"] == ("2024-03-14", "metadata", "high")


def test_a_utc_time_is_moved_to_the_zone_the_page_states_elsewhere():
    """JSON-LD in UTC, meta tags at +01:00: 23:30Z is the 15th on this page."""
    head = meta("article:modified_time", "2024-03-15T09:00:00+01:00") + jsonld(
        {"@type": "NewsArticle", "datePublished": "2024-03-14T23:30:00Z"}
    )
    found = dates(html(head, header="<p class='dateline'>15 March 2024</p>"))
    assert found["published"] == ("2024-03-15", "structured-data", "high")


def test_a_time_just_after_midnight_alone_is_not_trusted():
    """00:16 in Moscow is the 13th in UTC: which day the page means is open."""
    head = jsonld({"@type": "NewsArticle", "datePublished": "2024-03-14T00:16:15+03:00"})
    extraction = extract_html(html(head), URL)
    (published,) = [d for d in extraction.dates if d.kind == "published"]
    assert (published.date, published.confidence) == ("2024-03-14", "low")
    assert published.note is not None and "time zone" in published.note
    assert extraction.document.published is None


def test_a_time_near_midnight_settled_by_the_url_is_trusted():
    head = jsonld({"@type": "NewsArticle", "datePublished": "2024-03-13T00:16:15+03:00"})
    assert dates(html(head), DATED_URL)["published"] == ("2024-03-13", "structured-data", "high")


def test_a_utc_time_late_at_night_takes_the_day_the_dateline_shows():
    """23:15Z on an Italian page is the 6th at home; the page says so under the headline."""
    head = meta("article:published_time", "2020-12-05T23:15:00Z")
    found = dates(html(head, header="<p class='data'>06 Dicembre 2020</p>"))
    assert found["published"] == ("2020-12-06", "metadata", "high")


def test_a_utc_time_early_in_the_morning_alone_is_not_trusted():
    """02:54Z is the evening before in New York: without another source, not trusted."""
    found = dates(html(meta("article:published_time", "2020-05-02T02:54:29.000Z")))
    assert found["published"] == ("2020-05-02", "metadata", "low")


def test_a_time_without_zone_that_repeats_a_utc_time_is_that_utc_time():
    """`dc.date.created` 00h23 with no zone is the JSON-LD's 00:23Z, not a settled day."""
    head = meta("dc.date.created", "2020-08-25|00h23", "name") + jsonld(
        {"@type": "NewsArticle", "datePublished": "2020-08-25T00:23:33.312Z"}
    )
    assert dates(html(head))["published"][2] == "low"


# -- published and modified ------------------------------------------------------------


def test_both_dates_are_reported_and_the_original_is_published():
    head = jsonld(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "datePublished": "2024-03-14T09:00:00+01:00",
            "dateModified": "2024-03-16T10:00:00+01:00",
        }
    )
    extraction = extract_html(html(head), URL)
    assert extraction.document.published == "2024-03-14"
    assert extraction.published is not None and extraction.modified is not None
    assert (extraction.published.date, extraction.published.confidence) == ("2024-03-14", "high")
    assert extraction.published.time == "2024-03-14T09:00:00+01:00"
    assert (extraction.modified.date, extraction.modified.confidence) == ("2024-03-16", "high")
    assert extraction.modified.field == "JSON-LD NewsArticle.dateModified"


def test_date_created_counts_only_without_date_published():
    """A CMS's creation date days earlier is not a second publication date."""
    head = jsonld(
        {
            "@type": "NewsArticle",
            "dateCreated": "2020-08-14T20:22:34Z",
            "datePublished": "2020-08-17T09:00:00Z",
        }
    )
    assert dates(html(head))["published"] == ("2020-08-17", "structured-data", "high")
    only_created = jsonld({"@type": "NewsArticle", "dateCreated": "2020-08-14T12:00:00Z"})
    assert dates(html(only_created))["published"] == ("2020-08-14", "structured-data", "high")


def test_a_page_updated_years_later_is_not_trusted_as_first_published():
    head = jsonld(
        {
            "@type": "Article",
            "datePublished": "2005-07-26T16:22:26-07:00",
            "dateModified": "2020-04-07T12:33:32-07:00",
        }
    )
    found = dates(html(head))
    assert found["published"] == ("2005-07-26", "structured-data", "low")
    assert found["modified"] == ("2020-04-07", "structured-data", "high")


def test_an_update_line_under_the_headline_is_the_modified_date():
    header = "<p class='date'>Published 14 March 2024</p><p class='date'>Updated 16 March 2024</p>"
    found = dates(html(meta("article:published_time", "2024-03-14T09:00:00+00:00"), header))
    assert found["published"] == ("2024-03-14", "metadata", "high")
    assert found["modified"] == ("2024-03-16", "page", "low")


# -- disagreement ----------------------------------------------------------------------


def test_url_and_meta_tags_disagreeing_lower_the_confidence():
    extraction = extract_html(
        html(meta("article:published_time", "2024-03-14T10:00:00+01:00")), DATED_URL
    )
    published = extraction.published
    assert published is not None and published.confidence == "low"
    assert published.note is not None and published.note.startswith("sources disagree")
    assert "url 2024-03-13" in published.note
    assert extraction.document.published is None


def test_url_and_meta_tags_agreeing_are_trusted():
    found = dates(html(meta("article:published_time", "2024-03-13T10:00:00+01:00")), DATED_URL)
    assert found["published"] == ("2024-03-13", "metadata", "high")


def test_json_ld_against_meta_tags_lowers_the_confidence():
    """Ten hours apart, both marked UTC: one of them is local time mislabelled."""
    head = meta("article:published_time", "2020-04-24T21:25:06Z") + jsonld(
        {"@type": "NewsArticle", "datePublished": "2020-04-25T07:25:06Z"}
    )
    assert dates(html(head))["published"][2] == "low"


# -- JSON-LD shapes --------------------------------------------------------------------


def test_json_ld_graph_arrays_give_the_article_date_not_the_page_or_its_parts():
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "The Ledger"},
            {"@type": "WebPage", "datePublished": "2019-01-01T00:00:00Z"},
            {
                "@type": ["NewsArticle"],
                "datePublished": "2024-03-14T08:30:00+00:00",
                "dateModified": "2024-03-14T10:00:00+00:00",
                "video": {"@type": "VideoObject", "uploadDate": "2023-11-02"},
                "liveBlogUpdate": [{"@type": "BlogPosting", "datePublished": "2024-03-20"}],
            },
        ],
    }
    extraction = extract_html(html(jsonld(graph)), URL)
    assert extraction.published is not None
    assert (extraction.published.date, extraction.published.confidence) == ("2024-03-14", "high")
    assert extraction.published.field == "JSON-LD NewsArticle.datePublished"


def test_a_web_page_date_counts_when_no_article_states_one():
    head = jsonld([{"@type": "WebPage", "datePublished": "2024-03-14T12:00:00+00:00"}])
    assert dates(html(head))["published"] == ("2024-03-14", "structured-data", "high")


def test_json_ld_that_does_not_parse_is_read_by_pattern():
    broken = (
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"datePublished": "2020-10-26T18:10:00+01:00", "headline": "x",}</script>'
    )
    assert dates(html(broken))["published"] == ("2020-10-26", "structured-data", "high")


# -- the visible page ------------------------------------------------------------------


def test_a_marked_dateline_under_the_headline_dates_an_undated_page():
    found = dates(html(header="<p class='article-date'>14 March 2024</p>"))
    assert found["published"] == ("2024-03-14", "page", "high")


def test_an_unmarked_date_near_the_headline_is_reported_not_trusted():
    found = dates(html(header="<p>Filed 14 March 2024 from the quay</p>"))
    assert found["published"] == ("2024-03-14", "page", "low")


def test_the_site_header_date_and_linked_dates_are_not_datelines():
    before = "<div class='topbar'><span class='today'>Monday, 2 December 2024</span></div>"
    header = (
        "<p><a href='/other'>Harbour survey of 3 March 2024</a></p>"
        "<p class='date'>14 March 2024</p>"
    )
    found = dates(html(header=header, before=before))
    assert found["published"] == ("2024-03-14", "page", "high")


def test_a_date_only_in_page_furniture_is_low_confidence():
    extraction = extract_html(page("undated.html"), URL)
    assert extraction.document.published is None
    assert extraction.published is not None and extraction.published.confidence == "low"


def test_time_elements_in_a_list_of_other_stories_are_left_out():
    sidebar = "".join(
        f"<li><time class='published' datetime='2024-03-0{d}T10:00:00+00:00'>{d} March</time>"
        f"<a href='/s{d}'>Story {d}</a></li>"
        for d in range(1, 6)
    )
    document = html(meta("article:published_time", "2024-03-14T10:00:00+00:00")).replace(
        "</article>", f"</article><ul class='stories'>{sidebar}</ul>"
    )
    assert dates(document)["published"] == ("2024-03-14", "metadata", "high")


def test_without_html_only_the_url_is_read():
    (published,) = page_dates(None, DATED_URL, NOW)
    assert (published.date, published.source, published.confidence) == (
        "2024-03-13",
        "url",
        "high",
    )


def test_an_eight_digit_date_segment_in_the_url_is_read():
    (published,) = page_dates(None, "https://news.example/news/20201123/storm-warning", NOW)
    assert published.date == "2020-11-23"


# -- reading values --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "day", "at"),
    [
        ("2020-10-19T06:34:31+0300", "2020-10-19", "2020-10-19T06:34:31+03:00"),
        ("2020-12-05T23:15:0Z", "2020-12-05", "2020-12-05T23:15:00+00:00"),
        ("2020-08-25|00h23", "2020-08-25", "2020-08-25T00:23:00"),
        ("Sun, 11 Oct 2020 07:34:36 GMT", "2020-10-11", "2020-10-11T07:34:36+00:00"),
        ("1600633920", "2020-09-20", "2020-09-20T20:32:00+00:00"),
        ("2020-04-15", "2020-04-15", None),
        ("20200415", "2020-04-15", None),
    ],
)
def test_machine_readable_values(value, day, at):
    moment = parse_value(value, latest=NOW)
    assert moment is not None
    assert moment.day.isoformat() == day
    assert (moment.at.isoformat() if moment.at else None) == at


@pytest.mark.parametrize("value", ["2031-01-01", "1980-05-01", "not a date", "2020-02-30"])
def test_values_out_of_range_or_invalid_are_refused(value):
    assert parse_value(value, latest=NOW) is None


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("31 stycznia 2020 | 10:00", "2020-01-31"),
        ("2020年07月12日", "2020-07-12"),
        ("15:35, Oct 29 2020", "2020-10-29"),
    ],
)
def test_dates_written_for_readers(text, day):
    moment = parse_text(text, latest=NOW)
    assert moment is not None and moment.day.isoformat() == day
