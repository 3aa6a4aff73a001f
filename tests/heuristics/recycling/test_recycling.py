"""The `recycling` heuristic: the time of writing from the text, against the claimed date."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import msgspec
import pytest
from reliability_heuristics.recycling.estimate import estimate
from reliability_heuristics.recycling.heuristic import Recycling

from reliability import Context, Outcome
from reliability.analysis import Analysis
from reliability.document import Document, make_document

SEEDS = Path(__file__).resolve().parents[3] / "seeds"
TODAY = {"today": "2026-11-23"}


def seed(prefix: str, **changes: object) -> Analysis:
    path = next(SEEDS.glob(f"{prefix}_*.json"))
    document = msgspec.json.decode(path.read_bytes(), type=Document)
    if changes:
        document = msgspec.structs.replace(document, **changes)
    return Analysis(document)


def run(doc: Analysis, **context: object) -> Outcome:
    options = context.pop("options", TODAY)
    return Recycling().evaluate(doc, Context(options=options, **context))  # type: ignore[arg-type]


def kinds(outcome: Outcome) -> set[str]:
    return {f.kind for f in outcome.findings}


def day(iso: str) -> int:
    return dt.date.fromisoformat(iso).toordinal()


def test_seed_004_old_undated_story_is_an_anachronism_today() -> None:
    doc = seed("004")
    outcome = run(doc)
    m = outcome.metrics
    assert "2019-01-01" <= m["estimated_start"] <= m["estimated_end"] <= "2021-01-31"  # type: ignore[operator]
    assert {"undated", "anachronism", "relative-only-dates"} <= kinds(outcome)
    assert m["claimed_date"] == "2026-11-23" and m["claimed_from"] == "today"
    assert m["lag_days"] > 5 * 365  # type: ignore[operator]
    assert outcome.score is not None and outcome.score < 0.3
    anachronism = next(f for f in outcome.findings if f.kind == "anachronism")
    texts = {s.text for s in anachronism.spans}
    assert any("Pompeo" in t or "Guaidó" in t for t in texts)
    for f in outcome.findings:
        for s in f.spans:
            assert doc.text[s.start : s.end] == s.text
    # The copyright footer dates the page, not the writing: a weak upper bound only.
    assert "“2020”" in outcome.summary and "weak upper bound" in outcome.summary
    est = estimate(doc, dt.date(2026, 11, 23))
    assert [c.kind for c in est.render] == ["render"] and est.render[0].hi == day("2020-12-31")
    assert all(c.kind != "render" for c in est.constraints)  # never flags an anachronism


def test_seed_002_dateline_and_metadata_agree() -> None:
    outcome = run(seed("002"))
    assert "anachronism" not in kinds(outcome) and "undated" not in kinds(outcome)
    assert outcome.metrics["claimed_date"] == "2025-11-03"
    assert outcome.metrics["claimed_from"] == "metadata"
    assert outcome.metrics["estimated_start"] == "2025-11-03"


def test_seed_002_without_metadata_uses_its_dateline() -> None:
    outcome = run(seed("002", published=None))
    assert kinds(outcome) == set()
    assert outcome.metrics["claimed_date"] == "2025-11-03"
    assert outcome.metrics["claimed_from"] == "dateline"


def test_seed_000_now_in_2025_and_bondi_date_it_to_2025() -> None:
    doc = seed("000")
    est = estimate(doc, dt.date(2026, 11, 23))
    assert est.lo is not None and est.hi is not None
    assert day("2025-01-01") <= est.lo <= est.hi <= day("2025-12-31")
    history = [c for c in est.constraints if c.text == "May 2020"]
    assert [c.kind for c in history] == ["history"] and history[0].hi is None
    # Read in 2025, the same text is not an anachronism.
    assert "anachronism" not in kinds(run(doc, options={"today": "2025-11-01"}))


def test_seed_003_is_dated_2019_to_2020_by_its_office_holders() -> None:
    doc = seed("003")
    outcome = run(doc)
    m = outcome.metrics
    assert "2019-01-01" <= m["estimated_start"] <= m["estimated_end"] <= "2020-12-31"  # type: ignore[operator]
    est = estimate(doc, dt.date(2026, 11, 23))
    used = {est.constraints[i].text for i in est.used}
    assert {"Oil Minister Manuel Quevedo", "Russian Energy Minister Alexander Novak"} <= used
    # Guaidó "as self-proclaimed president" bounds it below: the claim began in January 2019.
    assert est.lo_by is not None and "Guaido" in est.constraints[est.lo_by].text
    assert est.hi_by is not None and "Quevedo" in est.constraints[est.hi_by].text
    assert {"undated", "anachronism"} <= kinds(outcome)


@pytest.mark.parametrize("old", ["003", "004"])
def test_old_seeds_are_stale_against_the_2025_coverage(old: str) -> None:
    story = tuple(seed(p) for p in ("000", "001", "002"))
    outcome = run(seed(old), peers=story)
    assert {"undated", "stale-in-story"} <= kinds(outcome)
    stale = next(f for f in outcome.findings if f.kind == "stale-in-story")
    assert stale.severity == "major" and "2025" in stale.message
    assert stale.spans and all(seed(old).text[s.start : s.end] == s.text for s in stale.spans)


@pytest.mark.parametrize("new", ["000", "001", "002"])
def test_the_2025_seeds_are_not_stale_in_their_story(new: str) -> None:
    # The old 003 and 004 are in the story too: they must not drag its date back.
    others = tuple(seed(p) for p in ("000", "001", "002", "003", "004") if p != new)
    outcome = run(seed(new), peers=others, options={"today": "2025-11-05"})
    assert not kinds(outcome) & {"stale-in-story", "anachronism"}


def test_today_defaults_to_the_real_date() -> None:
    outcome = run(seed("004"), options={})
    assert "anachronism" in kinds(outcome)


def test_metadata_date_outside_the_interval_is_flagged() -> None:
    outcome = run(seed("004", published="2026-03-01"))
    assert "anachronism" in kinds(outcome) and "undated" not in kinds(outcome)
    assert outcome.metrics["claimed_date"] == "2026-03-01"


def test_one_conflicting_constraint_is_dropped() -> None:
    doc = Analysis(
        make_document(
            "Secretary of State Mike Pompeo met the envoy. Attorney General William Barr "
            "agreed. In 1999, the talks began. Now, in 2019, they resume. The 2035 target stands."
        )
    )
    est = estimate(doc, dt.date(2026, 11, 23))
    assert est.lo is not None and est.hi is not None
    assert day("2019-01-01") <= est.lo <= est.hi <= day("2019-12-31")


def test_plain_text_without_dates() -> None:
    outcome = run(Analysis(make_document("Officials said the plan was ready.")))
    assert kinds(outcome) == {"undated"}
    # No evidence: the interval's ends are null, never a placeholder such as "open".
    assert outcome.metrics["estimated_start"] is None and outcome.metrics["estimated_end"] is None
    assert outcome.metrics["lag_days"] == 0 and outcome.score is not None


def test_stale_in_story_reads_peers() -> None:
    assert Recycling.cross_document
    peer = Analysis(make_document("A peer story about the same flights.", published="2025-11-03"))
    outcome = run(seed("004", published="2025-11-04"), peers=(peer,))
    assert "stale-in-story" in kinds(outcome)
    alone = run(seed("004", published="2025-11-04"))
    assert "stale-in-story" not in kinds(alone)


FICTIONAL = "Oil Minister Zorabel Quintanilla said exports would rise."
FICTIONAL_TENURE = {
    "person": "Zorabel Quintanilla",
    "office": "energy_minister",
    "country": "VE",
    "titles": ["Oil Minister"],
    "start": "2019-02-01",
    "end": "2019-12-31",
    "source": "made up for this test",
}


def test_options_tenures_extend_the_table() -> None:
    doc = Analysis(make_document(FICTIONAL))
    plain = run(doc)
    assert plain.metrics["estimated_start"] is None and "anachronism" not in kinds(plain)
    outcome = run(doc, options={**TODAY, "tenures": [FICTIONAL_TENURE]})
    assert outcome.metrics["estimated_start"] == "2019-02-01"
    assert outcome.metrics["estimated_end"] == "2019-12-31"
    anachronism = next(f for f in outcome.findings if f.kind == "anachronism")
    assert [s.text for s in anachronism.spans] == ["Oil Minister Zorabel Quintanilla"] * 2
    # Rows as written in TOML (`|`-separated strings) work the same, and the table is cached.
    row = {**FICTIONAL_TENURE, "titles": "Oil Minister"}
    again = run(doc, options={**TODAY, "tenures": [row]})
    assert again.metrics == outcome.metrics


def test_options_tenures_from_the_settings_file(tmp_path: Path) -> None:
    from reliability.config import load_settings

    config = tmp_path / "settings.toml"
    config.write_text(
        "[[options.recycling.tenures]]\n"
        + "".join(f"{k} = {json.dumps(v)}\n" for k, v in FICTIONAL_TENURE.items()),
        encoding="utf-8",
    )
    options = {**load_settings(config, environ={}).options["recycling"], **TODAY}
    outcome = run(Analysis(make_document(FICTIONAL)), options=options)
    assert outcome.metrics["estimated_start"] == "2019-02-01"


def test_options_tenures_must_be_a_list_of_tables() -> None:
    with pytest.raises(ValueError, match="tenures"):
        run(Analysis(make_document(FICTIONAL)), options={**TODAY, "tenures": "Zorabel"})


def test_the_rest_of_the_evidence_picks_one_of_several_terms() -> None:
    # Trump was the Republican nominee in 2016 and in 2024; Obama in office rules out 2024.
    text = (
        "Republican presidential nominee Donald Trump attacked the plan on Monday. "
        "President Barack Obama defended it."
    )
    est = estimate(Analysis(make_document(text)), dt.date(2026, 11, 23))
    assert est.lo is not None and est.hi is not None
    assert (dt.date.fromordinal(est.lo), dt.date.fromordinal(est.hi)) == (
        dt.date(2016, 5, 3),
        dt.date(2016, 11, 8),
    )
    alone = estimate(Analysis(make_document(text.split(". ")[0] + ".")), dt.date(2026, 11, 23))
    assert alone.lo == day("2016-05-03") and alone.hi == day("2024-11-05")  # both terms spanned
    # Read in 2017, the 2024 nomination had not happened: the reading date picks 2016.
    early = estimate(Analysis(make_document(text.split(". ")[0] + ".")), dt.date(2017, 3, 1))
    assert early.hi == day("2016-11-08")


def test_a_year_naming_a_scheduled_event_is_only_soft_evidence() -> None:
    # Written in 2015 about the coming race: "2016" is no lower bound of the evidence,
    # only a soft reading of the years around the race.
    doc = Analysis(make_document("The 2016 race is wide open, and 2016 Democrats are wary."))
    est = estimate(doc, dt.date(2026, 11, 23))
    assert est.lo is None and est.hi is None and not est.constraints
    assert (est.start, est.end) == (day("2014-01-01"), day("2017-12-31"))
    assert est.start_by is not None and est.start_by.kind == "scheduled"
    assert doc.text[est.start_by.start : est.start_by.end] == "2016"
    # A target year is set far ahead: it dates nothing at all.
    target = Analysis(make_document("The 2035 target stands."))
    assert not estimate(target, dt.date(2026, 11, 23)).found
    told = Analysis(make_document("The 2008 crisis ruined him."))
    assert estimate(told, dt.date(2026, 11, 23)).lo == day("2008-01-01")


def test_several_dated_paragraphs_are_a_timeline_not_a_dateline() -> None:
    timeline = "Oct. 31, 2012 The hug.\n\nNov. 6, 2012 The election.\n\nThe rest is history."
    est = estimate(Analysis(make_document(timeline)), dt.date(2026, 11, 23))
    assert est.dateline is None and est.hi is None
    assert [c.kind for c in est.constraints] == ["history", "history"]


def test_here_in_a_year_is_a_place_not_the_present() -> None:
    doc = Analysis(make_document("She won here in 2008 with ease."))
    est = estimate(doc, dt.date(2026, 11, 23))
    assert est.hi is None and [c.kind for c in est.constraints] == ["history"]


def test_an_earlier_office_holder_beside_later_evidence_is_history() -> None:
    text = (
        "Secretary of State John Kerry met his counterpart on Monday. "
        "A former adviser to President George W. Bush criticised the deal."
    )
    est = estimate(Analysis(make_document(text)), dt.date(2026, 11, 23))
    assert est.lo == day("2013-02-01") and est.hi == day("2017-01-20")
    assert not est.dropped
    bush = next(c for c in est.constraints if "Bush" in c.text)
    assert bush.kind == "office-in-history" and bush.hi is None


def test_a_past_day_allows_for_time_zones() -> None:
    est = estimate(Analysis(make_document("On March 4, 2016, he spoke.")), dt.date(2026, 11, 23))
    assert est.lo == day("2016-03-03")  # the writer's day may be a day behind the event's
