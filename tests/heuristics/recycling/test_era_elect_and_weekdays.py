"""Era evidence: an office-holder named as elected and not yet in office, and weekdays
named with a date of no year standing alone (the fitting years of a window before the
reading date)."""

from __future__ import annotations

import datetime as dt

import pytest
from reliability_heuristics.recycling.elect import ELECT_DAYS, elect_constraints
from reliability_heuristics.recycling.era import WEEKDAY_WINDOW_YEARS
from reliability_heuristics.recycling.evidence import WEEKDAY_AFTER, WEEKDAY_BEFORE
from reliability_heuristics.recycling.heuristic import Recycling
from reliability_heuristics.recycling.tenures import load_tenures
from test_evidence import TODAY, assert_span, day, est_of, only

from reliability import Context
from reliability.analysis import Analysis
from reliability.document import make_document


@pytest.mark.parametrize(
    ("text", "span", "took_office"),
    [
        ("U.S. President-elect Joe Biden met advisers in Wilmington.",
         "President-elect Joe Biden", "2021-01-20"),
        ("Aides to President-elect Biden's transition team declined to comment.",
         "President-elect Biden", "2021-01-20"),
        ("Vice President-elect Kamala Harris spoke in Delaware.",
         "Vice President-elect Kamala Harris", "2021-01-20"),
        ("The meeting with president-elect Maia Sandu went well.",
         "president-elect Maia Sandu", "2020-12-24"),
        ("Накануне избранный президент Молдовы Майя Санду назвала законопроект.",
         "избранный президент Молдовы Майя Санду", "2020-12-24"),
        ("El presidente electo Alberto Fernández habló con la prensa.",
         "presidente electo Alberto Fernández", "2019-12-10"),
        ("Le président élu Emmanuel Macron a reçu les syndicats.",
         "président élu Emmanuel Macron", "2017-05-14"),
        ("Der designierte US-Präsident Joe Biden hat sein Team vorgestellt.",
         "designierte US-Präsident Joe Biden", "2021-01-20"),
        ("Новообраний президент США Джо Байден заявив про це.",
         "Новообраний президент США Джо Байден", "2021-01-20"),
    ],
)  # fmt: skip
def test_an_office_holder_named_as_elected_dates_the_months_before_the_tenure(
    text: str, span: str, took_office: str
) -> None:
    doc, est = est_of(text)
    c = only(est, "office-elect")
    assert_span(doc, c, span)
    # From the longest wait for the oath before the tenure began, to the day it began.
    assert (c.lo, c.hi) == (day(took_office) - ELECT_DAYS, day(took_office) + 1)
    assert (est.lo, est.hi) == (c.lo, c.hi) and (est.start, est.end) == (c.lo, c.hi)


def test_an_elected_office_holder_of_two_tenures_is_picked_by_the_rest_of_the_text() -> None:
    # Donald Trump took office in 2017 and in 2025: each is an alternative.
    _, alone = est_of("President-elect Donald Trump named his cabinet.")
    c = only(alone, "office-elect")
    assert c.alternatives == (
        (day("2017-01-20") - ELECT_DAYS, day("2017-01-20") + 1),
        (day("2025-01-20") - ELECT_DAYS, day("2025-01-20") + 1),
    )
    # A date of the election told as past keeps the second only.
    doc, est = est_of("President-elect Donald Trump, who won on Nov. 5, 2024, named his cabinet.")
    assert_span(doc, only(est, "office-elect"), "President-elect Donald Trump")
    assert est.start == day("2024-11-04") and est.end == day("2025-01-21")


@pytest.mark.parametrize(
    "text",
    [
        "then-President-elect Joe Biden spoke to reporters.",  # told of the past
        "The former president-elect Maia Sandu spoke.",
        "President-elect John Smith of the club thanked members.",  # no one of the table
        "Senator-elect Joe Biden was sworn in.",  # an office the reading does not cover
        "The president elected by parliament, Joe Biden, spoke.",  # not the title
    ],
)
def test_an_elect_title_is_not_read_for_the_past_or_for_no_one(text: str) -> None:
    assert elect_constraints(Analysis(make_document(text)), load_tenures()) == []


def test_an_elect_title_and_a_weekday_give_the_days_around_that_weekday() -> None:
    text = (
        "КИЕВ. Парламент на заседании в четверг, 3 декабря, одобрил закон. Избранный "
        "президент Молдовы Майя Санду назвала его антидемократическим."
    )
    doc, est = est_of(text)
    assert_span(doc, only(est, "weekday"), "четверг, 3 декабря")
    # Of the Thursdays the 3rd of December, only 2020 lies in the months before Sandu's oath.
    assert (est.start, est.end) == (day("2020-12-03") - WEEKDAY_BEFORE, day("2020-12-25"))


def test_weekdays_alone_span_their_fitting_years_in_the_window_before_the_reading_date() -> None:
    # June 8 was a Monday, June 9 a Tuesday, in 2009, 2015, 2020 and 2026: of those, the
    # twelve years back from 2026-11-23 hold 2015, 2020 and 2026.
    assert WEEKDAY_WINDOW_YEARS == 12
    text = "У понеділок, 8 червня, буде сонячно. У вівторок, 9 червня, пройдуть грози."
    doc, est = est_of(text)
    first = est.soft[0]
    assert_span(doc, first, "понеділок, 8 червня")
    assert (est.lo, est.hi, est.confidence) == (None, None, 0.0)  # no evidence bound
    assert est.start == day("2015-06-08") - WEEKDAY_BEFORE
    assert est.end == day("2026-06-08") + WEEKDAY_AFTER
    assert est.start_by == first == est.end_by
    # Read ten years earlier, the window holds 2009 and 2015.
    _, earlier = est_of(text, dt.date(2016, 11, 23))
    assert earlier.start == day("2009-06-08") - WEEKDAY_BEFORE
    assert earlier.end == day("2015-06-08") + WEEKDAY_AFTER


def test_weekdays_that_disagree_keep_the_years_of_the_first() -> None:
    # Saturday, March 23: 2019 and 2024 in the window; Sunday, March 23: 2014 (out), 2025.
    _, est = est_of("The vote is on Saturday, March 23. The count is on Sunday, March 23.")
    assert [c.text for c in est.soft] == ["Saturday, March 23", "Sunday, March 23"]
    assert (est.start, est.end) == (day("2019-02-21"), day("2024-07-21"))


def test_a_weekday_with_no_fitting_year_in_the_window_gives_no_estimate() -> None:
    # February 29 was a Friday in 2008 and will be in 2036: none in the window.
    _, est = est_of("The gala is on Friday, February 29, at the town hall.")
    assert only(est, "weekday").alternatives
    assert est.start is None and est.end is None and not est.found


def test_a_weekday_alone_is_reported_with_no_confidence() -> None:
    doc = make_document("Le procès a repris ce mercredi 4 novembre devant le tribunal.")
    outcome = Recycling().evaluate(Analysis(doc), Context(options={"today": TODAY.isoformat()}))
    # Wednesday, November 4: 2015, 2020 and 2026 (the last one 19 days before the reading).
    assert outcome.metrics["estimated_start"] == "2015-10-05"
    assert outcome.metrics["estimated_end"] == TODAY.isoformat()
    assert outcome.metrics["confidence"] == 0.0
