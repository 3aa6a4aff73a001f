"""More offices in the tenure table (other countries, titles in other languages, central
bankers, heads of sport, company chiefs, US senators), office-holders named by a
description ("the Republican nominee"), and the newer events and names."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from reliability_heuristics.recycling.constraints import Constraint
from reliability_heuristics.recycling.estimate import Estimate
from reliability_heuristics.recycling.tenures import TSV, load_tenures
from test_evidence import TODAY, assert_span, day, est_of, only

ROOT = Path(__file__).resolve().parents[3]


def office_kinds(est: Estimate) -> list[Constraint]:
    return [c for c in est.constraints if c.kind.endswith("office") or c.kind.startswith("office")]


@pytest.mark.parametrize(
    ("text", "span", "lo", "hi"),
    [
        # Heads of government beyond the Wikidata seed, with the titles local news uses.
        ("Bundeskanzlerin Angela Merkel traf am Mittwoch die Ministerpräsidenten der Länder.",
         "Bundeskanzlerin Angela Merkel", "2005-11-22", "2021-12-08"),
        ("Italian Prime Minister Giuseppe Conte announced a nationwide lockdown.",
         "Italian Prime Minister Giuseppe Conte", "2018-06-01", "2021-02-13"),
        ("Protesters in Manila marched against President Rodrigo Duterte's drug war.",
         "President Rodrigo Duterte", "2016-06-30", "2022-06-30"),
        # International posts, central bankers, heads of sport.
        ("NATO Secretary-General Jens Stoltenberg urged allies to raise spending.",
         "NATO Secretary-General Jens Stoltenberg", "2014-10-01", "2024-10-01"),
        ("Fed Chair Janet Yellen said rates would rise gradually.",
         "Fed Chair Janet Yellen", "2014-02-03", "2018-02-03"),
        ("FIFA President Sepp Blatter denied any wrongdoing.",
         "FIFA President Sepp Blatter", "1998-06-08", "2015-12-21"),
        # Company chiefs and US congressional leaders.
        ("Twitter CEO Jack Dorsey testified before the committee.",
         "Twitter CEO Jack Dorsey", "2015-10-05", "2021-11-29"),
        ("House Speaker Paul Ryan said the vote would be held next week.",
         "House Speaker Paul Ryan", "2015-10-29", "2019-01-03"),
        # A senator with a state: the stretch of service (from the congress-legislators list).
        ("Texas Sen. John Cornyn said the bill would pass.",
         "Texas Sen. John Cornyn", "2002-11-30", "2027-01-03"),
    ],
)  # fmt: skip
def test_more_offices_are_read_with_their_tenures(text: str, span: str, lo: str, hi: str) -> None:
    doc, est = est_of(text)
    c = only(est, "office")
    assert_span(doc, c, span)
    assert (c.lo, c.hi) == (day(lo), day(hi))
    # The reported interval: the tenure, up to the reading date.
    assert (est.start, est.end) == (day(lo), min(day(hi), TODAY.toordinal()))


def test_an_open_tenure_of_a_company_chief_bounds_below_only() -> None:
    doc, est = est_of("Microsoft CEO Satya Nadella said the acquisition would close this year.")
    c = only(est, "office")
    assert_span(doc, c, "Microsoft CEO Satya Nadella")
    assert (c.lo, c.hi) == (day("2014-02-04"), None)
    assert est.end == TODAY.toordinal()  # up to the reading date, no further


def test_a_bare_senator_title_is_a_courtesy_and_bounds_below_only() -> None:
    # "Sen." alone is kept for life by courtesy: the tenure had begun, no more.
    doc, est = est_of("Sen. Bernie Sanders told supporters the fight would go on.")
    c = only(est, "office-in-history")
    assert_span(doc, c, "Sen. Bernie Sanders")
    assert (c.lo, c.hi) == (day("2007-01-04"), None)


def test_every_new_row_has_a_source_and_known_titles() -> None:
    table = load_tenures()
    offices = {"senator", "central_bank_governor", "company_chief_executive",
               "league_commissioner", "house_speaker", "campaign_manager", "pope"}  # fmt: skip
    rows = [r for r in table.rows if r.office in offices]
    assert len(rows) > 150
    for r in rows:
        assert r.source and r.titles and r.start, r
        assert not r.end or r.end >= r.start, r


def test_a_campaign_office_described_dates_the_writing_to_that_campaign() -> None:
    text = (
        "Hillary Clinton and Donald Trump traded attacks over trade. The Democratic nominee "
        "said the deals had cost jobs."
    )
    doc, est = est_of(text)
    c = only(est, "office")
    assert_span(doc, c, "Democratic nominee")
    # From her candidacy to election day: the likely nominee is described so all through
    # the primaries; her 2008 campaign, which won no nomination, is not read.
    assert (c.lo, c.hi) == (day("2015-04-12"), day("2016-11-08"))
    assert not c.alternatives


def test_a_described_nominee_of_two_campaigns_is_picked_by_the_other_evidence() -> None:
    text = "Donald Trump held a rally in Ohio. Aides to the Republican presidential nominee's "
    doc, est = est_of(text + "campaign said the crowd was large.")
    c = only(est, "office")
    assert_span(doc, c, "Republican presidential nominee")  # the possessive left out
    # His 2016 and 2024 campaigns, from the candidacy to election day.
    assert c.alternatives == (
        (day("2015-06-16"), day("2016-11-08")),
        (day("2022-11-15"), day("2024-11-05")),
    )
    # President Obama, in office until January 2017, leaves the 2016 campaign only.
    _, est = est_of("President Barack Obama spoke in Ohio. " + text + "campaign said no.")
    c = next(c for c in est.constraints if c.text == "Republican presidential nominee")
    assert (c.lo, c.hi) == (day("2015-06-16"), day("2016-11-08"))
    assert (est.start, est.end) == (day("2015-06-16"), day("2016-11-08"))


def test_a_former_office_described_is_a_lower_bound() -> None:
    text = "Hillary Clinton spoke in Ohio. The former secretary of state said she would win."
    doc, est = est_of(text)
    c = only(est, "former-office")
    assert_span(doc, c, "former secretary of state")
    assert (c.lo, c.hi) == (day("2013-02-01"), None)


@pytest.mark.parametrize(
    "text",
    [
        # A present-tense office other than a campaign: most often the unnamed holder.
        "Hillary Clinton spoke in Ohio. The secretary of state said the talks would go on.",
        # Two people named who fit: which one is meant?
        "Hillary Clinton and John Kerry spoke. The former secretary of state said no.",
        # Aspiring, or a single office word.
        "Donald Trump spoke. The likely Republican nominee said no.",
        "Donald Trump spoke. The nominee said no.",
        # Nobody named who held such an office.
        "Voters met in Ohio. The Republican nominee will be chosen in July.",
    ],
)
def test_descriptions_that_name_nobody_for_sure_are_not_read(text: str) -> None:
    _, est = est_of(text)
    assert not office_kinds(est)
    assert est.start is None


@pytest.mark.parametrize(
    ("text", "alias", "kind", "first"),
    [
        ("Iran vowed revenge after the killing of Qasem Soleimani in Baghdad.",
         "killing of Qasem Soleimani", "event", "2020-01-03"),
        ("The company posted the video on X, formerly Twitter, on Friday.",
         "formerly Twitter", "name", "2023-07-23"),
        ("Skopje hosted the summit, and North Macedonia signed the accord.",
         "North Macedonia", "name", "2019-02-12"),
        # Written without spaces: the span is the alias's own letters, not the run after it.
        ("新冠肺炎疫情持续蔓延。", "新冠", "event", "2019-12-31"),
        # Organisations and parties, as their own country's news writes them.
        ("Die AfD legte in Thüringen deutlich zu.", "AfD", "name", "2013-02-06"),
        ("Il Movimento 5 Stelle ha perso voti al Sud.", "Movimento 5 Stelle", "name",
         "2009-10-04"),
    ],
)  # fmt: skip
def test_newer_events_and_names_bound_below(text: str, alias: str, kind: str, first: str) -> None:
    doc, est = est_of(text)
    c = only(est, kind)
    assert_span(doc, c, alias)
    assert c.lo == day(first) - 1  # a day's grace for time zones


def _yaml_person(first: str, last: str, terms: list[tuple[str, str, str, str]]) -> str:
    lines = ["- id:", "    bioguide: X", "  name:", f"    first: {first}", f"    last: {last}",
             "  terms:"]  # fmt: skip
    for kind, start, end, state in terms:
        lines += [f"  - type: {kind}", f"    start: '{start}'", f"    end: '{end}'",
                  f"    state: {state}", "    party: Republican"]  # fmt: skip
    return "\n".join(lines) + "\n"


def test_build_reads_senators_from_congress_legislators(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from tenure_readers import senator_rows

    folder = tmp_path / "legislators"
    folder.mkdir()
    (folder / "legislators-current.yaml").write_text(
        _yaml_person("Jane", "Roe", [("rep", "2011-01-05", "2013-01-03", "OH"),
                                     ("sen", "2013-01-03", "2019-01-03", "OH"),
                                     ("sen", "2019-01-03", "2025-01-03", "OH")]),
        encoding="utf-8",
    )  # fmt: skip
    (folder / "legislators-historical.yaml").write_text(
        _yaml_person("Old", "Timer", [("sen", "1961-01-03", "1967-01-03", "TX")]),
        encoding="utf-8",
    )
    rows = senator_rows(folder, TSV)
    # House terms left out, back-to-back Senate terms joined, service before 1990 left out.
    assert [(r.person, r.start, r.end) for r in rows] == [("Jane Roe", "2013-01-03", "2025-01-03")]
    assert {"Sen.", "Ohio Sen.", "Republican Sen.", "GOP Sen."} <= set(rows[0].titles)
    assert rows[0].source == "us-legislators"
    # Without the data, the rows already shipped are kept, so a rebuild does not lose them.
    kept = senator_rows(None, TSV)
    assert kept and all(r.office == "senator" and r.source == "us-legislators" for r in kept)


def test_build_check_passes_without_the_legislators_checkout() -> None:
    data = ROOT.parent / "shared" / "data" / "officeholders"
    assert data.is_dir(), f"the officeholders data the table is built from is not at {data}"
    script = ROOT / "benchmarks" / "build_tenures.py"
    result = subprocess.run(
        [sys.executable, str(script), "--check"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_company_before_a_chief_executive_title_is_taken_in_but_nothing_else_is() -> None:
    doc, est = est_of("General Motors CEO Mary Barra said the plant would reopen.")
    c = only(est, "office")
    assert_span(doc, c, "General Motors CEO Mary Barra")
    assert (c.lo, c.hi) == (day("2014-01-15"), None)
    # A shadow minister holds no office: an unknown word before a minister's title is no company.
    _, est = est_of("Shadow Foreign Secretary David Lammy said the deal was weak.")
    assert not [c for c in est.constraints if c.kind == "office"]


def test_an_organisation_name_is_not_read_in_another_sense() -> None:
    # NABU is also a German nature society, far older: the acronym dates nothing.
    _, est = est_of("Der NABU Niedersachsen warnt vor dem Insektensterben.")
    assert not [c for c in est.constraints if c.kind == "name"]
    # "en marche" is also plain French: only the party's own spellings are read.
    _, est = est_of("Le train est en marche depuis midi.")
    assert not [c for c in est.constraints if c.kind == "name"]


@pytest.mark.parametrize(
    ("text", "span", "lo", "hi"),
    [
        ("Bernie Sanders, 74, told the crowd in Des Moines that the system was rigged.",
         "Bernie Sanders, 74", "2015-09-08", "2016-09-07"),
        ("Angela Merkel met the press. Merkel (66) said the measures would stay.",
         "Merkel (66)", "2020-07-17", "2021-07-16"),
        ("The 44-year-old Emmanuel Macron was sworn in for a second term at the Elysee.",
         "44-year-old Emmanuel Macron", "2021-12-21", "2022-12-20"),
    ],
)  # fmt: skip
def test_the_age_of_a_well_known_person_dates_the_writing(
    text: str, span: str, lo: str, hi: str
) -> None:
    doc, est = est_of(text)
    c = only(est, "age")
    assert_span(doc, c, span)
    assert (c.lo, c.hi) == (day(lo), day(hi))
    assert (est.start, est.end) == (day(lo), day(hi))


@pytest.mark.parametrize(
    "text",
    [
        # A surname several people of the table bear: Bill, Hillary or Chelsea Clinton?
        "Hillary Clinton spoke in Reno. Mr. Clinton, 69, looked tired.",
        # The name qualifies a noun: the age is the supporter's.
        "Video showed a 78-year-old Trump supporter punching a protester.",
        # The age at death is told for years after it.
        "John McCain, 81, died at his ranch in Arizona.",
        # Someone not in the table.
        "John Smith, 43, was arrested on Friday.",
    ],
)
def test_ages_that_do_not_date_the_writing_are_not_read(text: str) -> None:
    _, est = est_of(text)
    assert not [c for c in est.constraints if c.kind == "age"]


def test_tenures_the_2022_snapshot_left_open_are_closed() -> None:
    doc, est = est_of("Queen Elizabeth II opened the new session of Parliament.")
    c = only(est, "office")
    assert_span(doc, c, "Queen Elizabeth II")
    assert (c.lo, c.hi) == (day("1952-02-06"), day("2022-09-08"))
    _, est = est_of("President Jair Bolsonaro vetoed the bill.")
    assert (only(est, "office").lo, only(est, "office").hi) == (
        day("2019-01-01"),
        day("2023-01-01"),
    )
