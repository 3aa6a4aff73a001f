"""The era estimate's evidence beyond years and office-holders, and its two-sided interval."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import msgspec
import pytest
import reliability_heuristics.recycling as recycling_package
from reliability_heuristics.recycling.constraints import Constraint
from reliability_heuristics.recycling.era import RECENCY_DAYS
from reliability_heuristics.recycling.estimate import Estimate, estimate
from reliability_heuristics.recycling.evidence import load_events
from reliability_heuristics.recycling.heuristic import Recycling
from reliability_heuristics.recycling.resolve import Resolution, resolve
from work import growth, package_of

from reliability import Context
from reliability.analysis import Analysis
from reliability.document import Document, make_document

TODAY = dt.date(2026, 11, 23)


def day(iso: str) -> int:
    return dt.date.fromisoformat(iso).toordinal()


def est_of(text: str, today: dt.date = TODAY) -> tuple[Analysis, Estimate]:
    doc = Analysis(make_document(text))
    return doc, estimate(doc, today)


def only(est: Estimate, kind: str) -> Constraint:
    found = [c for c in (*est.constraints, *est.soft) if c.kind == kind]
    assert len(found) == 1, found
    return found[0]


def assert_span(doc: Analysis, c: Constraint, text: str) -> None:
    assert c.text == text and doc.text[c.start : c.end] == text


def test_a_named_event_is_a_lower_bound_and_anchors_the_upper_one() -> None:
    doc, est = est_of("Security was tightened after the Paris attacks, officials said.")
    event = only(est, "event")
    assert_span(doc, event, "Paris attacks")
    assert est.lo == day("2015-01-06")  # a day's grace for time zones
    assert est.hi is None  # the evidence alone leaves the upper side open...
    # ... the reported interval closes it a year after the event: news tells of recent events.
    assert (est.start, est.end) == (day("2015-01-06"), day("2015-01-07") + RECENCY_DAYS)
    assert est.end_by is not None and est.end_by.kind == "recency"


@pytest.mark.parametrize(
    ("text", "alias"),
    [
        ("Les hôpitaux débordent à cause du Covid-19 depuis des semaines.", "Covid"),
        ("В городе выявили новые случаи заражения коронавирусом.", "коронавирусом"),
        ("The novel coronavirus has reached Europe.", "coronavirus"),
    ],
)
def test_a_pandemic_is_named_in_many_languages(text: str, alias: str) -> None:
    doc, est = est_of(text)
    event = only(est, "event")
    assert_span(doc, event, alias)
    assert est.lo == day("2019-12-30") and est.end == day("2019-12-31") + RECENCY_DAYS


def test_event_names_need_their_case_and_word_boundaries() -> None:
    # "a nice truck attack" is not the 2016 attack in Nice; "paraISIS" is not ISIS.
    for text in ("It was a nice truck attack on goal by the winger.", "A paraISIS claim."):
        _, est = est_of(text)
        assert not [c for c in est.constraints if c.kind == "event"], text
    doc, est = est_of("Since the Nice truck attack, the promenade has barriers.")
    assert_span(doc, only(est, "event"), "Nice truck attack")


def test_a_name_in_use_for_years_bounds_below_only_up_to_the_reading_date() -> None:
    doc, est = est_of("She posted the video on Facebook.")
    name = only(est, "name")
    assert_span(doc, name, "Facebook")
    assert est.lo == day("2004-02-03") and est.hi is None
    assert (est.start, est.end) == (day("2004-02-03"), TODAY.toordinal())  # no recency
    # An older dated event beside it does not pull the upper bound before the name.
    _, both = est_of("Since the Great Recession, she has sold cakes on Instagram.")
    assert both.end == TODAY.toordinal()


def test_the_events_table_is_sourced_and_well_formed() -> None:
    rows, patterns = load_events()
    assert len(rows) == len(patterns) > 100
    assert {kind for _, kind, _, _, _ in rows} == {"event", "name"}
    # An event is current from its first day to its last; a name has no last day.
    assert all(until is None or until >= first for _, _, _, first, until in rows)
    assert all(until is None for _, kind, _, _, until in rows if kind == "name")


def test_an_event_that_lasted_is_recent_until_a_year_after_its_end() -> None:
    # The Iraq War was current news until the last troops left: a text naming it alone
    # may be from any of those years, or the year after.
    doc, est = est_of("Veterans of the Iraq War marched through the capital, the mayor said.")
    war = only(est, "event")
    assert_span(doc, war, "Iraq War")
    assert war.lo == day("2003-03-19") and war.until == day("2011-12-18")
    assert (est.start, est.end) == (day("2003-03-19"), day("2011-12-18") + RECENCY_DAYS)
    # A war still going on bounds only below: the reading date closes the interval.
    _, ongoing = est_of("Kyiv has been under fire since the Russian invasion of Ukraine began.")
    assert only(ongoing, "event").until is None
    assert ongoing.end == TODAY.toordinal()
    # An event of one day is recent for a year after that day.
    _, attack = est_of("Security was tightened after the Christchurch mosque shootings.")
    assert attack.end == day("2019-03-15") + RECENCY_DAYS


def test_a_weekday_with_a_date_picks_the_fitting_year() -> None:
    # President Obama: 2009-01-20 to 2017-01-20; March 23 was a Saturday in 2013 only then.
    text = "President Obama will speak on Saturday, March 23, at the summit."
    doc, est = est_of(text)
    weekday = only(est, "weekday")
    assert_span(doc, weekday, "Saturday, March 23")
    assert est.start is not None and est.end is not None
    assert est.start <= day("2013-03-23") <= est.end
    assert est.end - est.start < 200 and weekday in (est.start_by, est.end_by)
    # The other order, and no other evidence: the years that fit in the window before the
    # reading date (2019 and 2024 of the twelve years back from 2026-11-23), no evidence bound.
    doc, alone = est_of("The vote is on March 23 (Saturday).")
    weekday = only(alone, "weekday")
    assert_span(doc, weekday, "March 23 (Saturday")
    assert (alone.lo, alone.hi) == (None, None)
    assert (alone.start, alone.end) == (day("2019-02-21"), day("2024-07-21"))
    assert alone.start_by == weekday == alone.end_by


def test_a_weekday_after_an_open_lower_bound_picks_the_first_fitting_year() -> None:
    # Sept. 26 was a Monday in 2011, 2016 and 2022: after "2012", the first is 2016.
    doc, est = est_of("Turnout fell in 2012. The debate is on Monday, Sept. 26, at Hofstra.")
    weekday = only(est, "weekday")
    assert_span(doc, weekday, "Monday, Sept. 26")
    assert est.hi is None and est.start is not None and est.end is not None
    assert est.start <= day("2016-09-26") <= est.end and est.end < day("2017-03-01")
    assert est.end_by == weekday


@pytest.mark.parametrize(
    ("text", "span", "start", "end"),
    [
        ("Last year, in 2015, sales fell.", "Last year, in 2015", "2016-01-01", "2016-12-31"),
        ("In 2012, four years ago, he ran.", "2012, four years ago", "2016-01-01", "2016-12-31"),
        ("Sales rose this month (March 2016).", "this month (March 2016", "2016-03-01",
         "2016-03-31"),
        ("It rained yesterday, March 4, 2016.", "yesterday, March 4, 2016", "2016-03-05",
         "2016-03-05"),
    ],
)  # fmt: skip
def test_a_relative_time_tied_to_a_date_gives_the_time_of_writing(
    text: str, span: str, start: str, end: str
) -> None:
    doc, est = est_of(text)
    c = next(c for c in est.constraints if c.kind == "writing-time" and "," in c.text + ",")
    assert_span(doc, c, span)
    assert (est.lo, est.hi) == (day(start), day(end))
    assert (est.start, est.end) == (day(start), day(end))


def test_an_unanchored_relative_time_dates_nothing() -> None:
    _, est = est_of("Last year sales fell, and in 2010 they rose.")
    assert [c.kind for c in est.constraints] == ["history"]


def test_an_age_with_a_year_of_birth() -> None:
    doc, est = est_of("Smith, 43, who was born in 1972, won the seat.")
    age = only(est, "age")
    assert_span(doc, age, "43, who was born in 1972")
    assert (est.lo, est.hi) == (day("2015-01-01"), day("2016-12-31"))
    # Two ages in the sentence: whose is which is unknown, so none is used.
    _, two = est_of("Smith, 43, and Jones, 50, were born in 1972.")
    assert not [c for c in two.constraints if c.kind == "age"]


def test_a_copyright_line_is_a_weak_upper_bound() -> None:
    doc, est = est_of("In 2015 the mill closed.\n\n© 2016 Example News. All rights reserved.")
    assert est.hi is None  # never the evidence's own bound
    render = only(est, "render")
    assert_span(doc, render, "2016")
    # A year named once shows no recency: the footer closes the interval.
    assert (est.start, est.end) == (day("2015-01-01"), day("2016-12-31"))
    assert est.end_by is render
    # A month shows recency, and a year after it comes sooner than the footer.
    _, month = est_of("In March 2015 the mill closed.\n\n© 2016 Example News.")
    assert (month.start, month.end) == (day("2015-03-01"), day("2015-03-31") + RECENCY_DAYS)
    # A stale footer, earlier than the evidence, is not used.
    _, stale = est_of("In March 2019 the mill closed.\n\nCopyright 2012 Example News.")
    assert stale.start == day("2019-03-01") and stale.end == day("2019-03-31") + RECENCY_DAYS


@pytest.mark.parametrize(
    "text",
    [
        "In 2012 the mill closed.",
        "Secretary of State Mike Pompeo spoke.",
        "President Vladimir Putin spoke.",
        "The 2016 race is close.",
        "After the Brussels bombings the airport shut.",
        "In 2031 the plant opened.",
    ],
)
def test_any_evidence_gives_a_two_sided_interval_within_the_reading_date(text: str) -> None:
    _, est = est_of(text)
    assert est.start is not None and est.end is not None and est.start <= est.end
    assert est.end <= max(TODAY.toordinal(), est.start)
    outcome = Recycling().evaluate(
        Analysis(make_document(text)), Context(options={"today": TODAY.isoformat()})
    )
    start, end = outcome.metrics["estimated_start"], outcome.metrics["estimated_end"]
    assert dt.date.fromisoformat(str(start)).toordinal() == est.start
    assert dt.date.fromisoformat(str(end)).toordinal() == est.end


@pytest.mark.parametrize("number", ["000", "001", "002", "003", "004"])
def test_the_seeds_report_iso_dates_or_nothing(number: str) -> None:
    path = next((Path(__file__).resolve().parents[3] / "seeds").glob(f"{number}_*.json"))
    doc = Analysis(msgspec.json.decode(path.read_bytes(), type=Document))
    outcome = Recycling().evaluate(doc, Context(options={"today": TODAY.isoformat()}))
    ends = [outcome.metrics[k] for k in ("estimated_start", "estimated_end")]
    assert ends == [None, None] or all(dt.date.fromisoformat(str(e)) <= TODAY for e in ends)
    assert ends[0] is None or str(ends[0]) <= str(ends[1])
    for f in outcome.findings:
        for s in f.spans:
            assert doc.text[s.start : s.end] == s.text


def test_conflicts_are_resolved_in_near_linear_work() -> None:
    # Thousands of mutually conflicting days (a long text of many stories): all but the
    # most agreed-on are dropped, each looked at a bounded number of times. Lines of the
    # recycling package run are counted, not time.
    base = day("2000-01-01")
    results: list[tuple[int, Resolution]] = []

    def run(n: int) -> Callable[[], object]:
        cs = tuple(
            Constraint("history" if i % 3 else "office", 0, 1, "x", base + (i % 997) * 5,
                       base + (i % 997) * 5 + 2, "test")
            for i in range(n)
        )  # fmt: skip
        return lambda: results.append((n, resolve(cs)))

    # 8 times the constraints; the sort among them adds a logarithm's worth.
    assert growth(package_of(recycling_package), run, 2_500, 8) <= 8 * 1.4
    for n, r in results:
        assert r.lo is not None and r.hi is not None and r.lo <= r.hi
        assert len(r.used) + len(r.dropped) == n and len(r.used) >= n // 997


def test_one_outlier_among_agreeing_evidence_is_dropped() -> None:
    cs = (
        Constraint("office", 0, 1, "a", day("2018-04-26"), day("2021-01-20"), "a"),
        Constraint("office", 2, 3, "b", day("2019-02-14"), day("2020-12-23"), "b"),
        Constraint("history", 4, 5, "c", day("2031-01-01"), None, "c"),
    )
    r = resolve(cs)
    assert r.dropped == (2,) and (r.lo, r.hi) == (day("2019-02-14"), day("2020-12-23"))


def test_every_event_alias_is_a_valid_pattern_that_finds_itself() -> None:
    """Alias regexes compile on first use, so the table is checked here, all of them."""
    from reliability_heuristics.recycling.evidence import _alias_regex, load_events

    rows, _ = load_events()
    for i, (event, _kind, alias, _day, _until) in enumerate(rows):
        written = alias.strip("*")
        assert _alias_regex(i).match(written) is not None, (event, alias)
