"""More evidence of the era: weekdays with dates in other languages, ages with years of
birth in other languages, life spans, the year of figures, and named events of the table
(an ongoing investigation, names, the pandemic's names in more languages)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
import reliability_heuristics.recycling as recycling_package
from reliability_heuristics.recycling.dates import other_dates
from reliability_heuristics.recycling.era import RECENCY_DAYS, WEEKDAY_WINDOW_YEARS
from reliability_heuristics.recycling.evidence import WEEKDAY_AFTER, WEEKDAY_BEFORE
from reliability_heuristics.recycling.weekdays import load_weekdays, other_weekday_constraints
from test_evidence import TODAY, assert_span, day, est_of, only
from work import growth, package_of

from reliability.analysis import Analysis
from reliability.document import make_document


@pytest.mark.parametrize(
    ("text", "span", "month_day", "weekday"),
    [
        ("Le procès a repris ce mercredi 4 novembre devant le tribunal.",
         "mercredi 4 novembre", (11, 4), 2),
        ("El juicio se reanudó el miércoles 7 de octubre en Madrid.",
         "miércoles 7 de octubre", (10, 7), 2),
        ("Der Bundestag tagte am Mittwoch, 4. November, bis spät.",
         "Mittwoch, 4. November", (11, 4), 2),
        ("Парламент на заседании в четверг, 3 декабря, одобрил закон.",
         "четверг, 3 декабря", (12, 3), 3),
        ("У понеділок, 8 червня, в Україні буде сонячно.", "понеділок, 8 червня", (6, 8), 0),
        ("Vrijdag 9 oktober is de ambulance uitgereden.", "Vrijdag 9 oktober", (10, 9), 4),
        ("O cão foi resgatado na quarta-feira, 4 de novembro, em Porto Velho.",
         "quarta-feira, 4 de novembro", (11, 4), 2),
        ("Temetése június 10-én, szerdán 10 órakor lesz.", "június 10-én, szerdán", (6, 10), 2),
        ("Il match è in programma 3 dicembre (giovedì) a Roma.", "3 dicembre (giovedì", (12, 3), 3),
        ("写真集の未収録カットが2月15日（土）に公開された。", "2月15日（土）", (2, 15), 5),
        ("王婉諭3月12日（星期四）於臉書批評。", "3月12日（星期四）", (3, 12), 3),
    ],
)  # fmt: skip
def test_a_weekday_with_a_date_is_read_in_other_languages(
    text: str, span: str, month_day: tuple[int, int], weekday: int
) -> None:
    doc, est = est_of(text)
    c = only(est, "weekday")
    assert_span(doc, c, span)
    # Each alternative is a year in which that day fell on that weekday, and only those.
    month, mday = month_day
    years = {dt.date.fromordinal(lo + WEEKDAY_BEFORE).year for lo, _ in c.alternatives}
    fitting = {
        y
        for y in range(TODAY.year - 40, TODAY.year + 2)
        if dt.date(y, month, mday).weekday() == weekday
    }
    assert years == fitting and len(years) >= 4
    for lo, hi in c.alternatives:
        assert hi is not None and hi - lo == WEEKDAY_BEFORE + WEEKDAY_AFTER
    # No other evidence: the interval spans the days around the years that fit in the
    # window before the reading date; the evidence's own bounds stay open.
    since = TODAY - dt.timedelta(days=round(WEEKDAY_WINDOW_YEARS * 365.25))
    named = [
        d
        for y in fitting
        if since <= (d := dt.date(y, month, mday)) + dt.timedelta(days=WEEKDAY_AFTER) and d <= TODAY
    ]
    assert len(named) >= 1 and (est.lo, est.hi) == (None, None)
    assert est.start == min(named).toordinal() - WEEKDAY_BEFORE
    assert est.end == min(max(named).toordinal() + WEEKDAY_AFTER, TODAY.toordinal())


@pytest.mark.parametrize(
    "text",
    [
        "Le procès a repris ce mercredi 4 novembre 2020 devant le tribunal.",  # its year: a date
        "Presentado el pasado 28 de agosto. Lunes y martes no hubo audiencias.",  # two sentences
        "Temetése 2020. június 10-én, szerdán lesz.",  # Hungarian order with its year
        "Am Mittwoch trafen sich 40 Vertreter.",  # no date
    ],
)
def test_a_weekday_is_not_paired_with_a_dated_day_or_across_sentences(text: str) -> None:
    assert other_weekday_constraints(Analysis(make_document(text)), TODAY) == []


def test_a_weekday_after_a_dated_event_picks_the_first_fitting_year() -> None:
    # The pandemic named (a lower bound, dated): of the years in which 4 November was a
    # Wednesday (2015, 2020, 2026), the first after it is 2020.
    text = (
        "Malgré le coronavirus, le procès a repris ce mercredi 4 novembre devant le tribunal "
        "militaire."
    )
    doc, est = est_of(text)
    weekday = only(est, "weekday")
    assert_span(doc, weekday, "mercredi 4 novembre")
    assert est.start is not None and est.end is not None
    assert est.start <= day("2020-11-04") <= est.end and est.end == day("2020-11-04") + 120
    assert est.end_by == weekday


def test_a_weekday_after_a_name_in_use_for_years_picks_no_year() -> None:
    # A name in use since 2004 says nothing of recency: 30 March fell on a Tuesday in
    # 2010, 2021 and 2027, and the first after 2004 is no likelier than the others.
    text = "Lo anunció en Facebook. La audiencia será el martes 30 de marzo en Lima."
    doc, est = est_of(text)
    assert_span(doc, only(est, "weekday"), "martes 30 de marzo")
    assert est.start == day("2004-02-03") and est.end == TODAY.toordinal()


def test_the_weekday_table_names_each_weekday_once_per_language() -> None:
    table = load_weekdays()
    assert table["mercredi"] == 2 and table["szerdán"] == 2 and table["п'ятницю"] == 4
    assert table["quarta-feira"] == 2 and table["sábado"] == 5 and table["pazar"] == 6
    assert set(table.values()) == set(range(7))


def test_weekdays_with_dates_cost_linear_work() -> None:
    # Thousands of weekdays with dates: each is looked at once. Lines run are counted.
    found: list[int] = []

    def run(n: int) -> Callable[[], object]:
        text = " ".join(f"Le jeudi {1 + i % 28} mars, il pleut." for i in range(n))
        doc = Analysis(make_document(text))
        doc.folded  # noqa: B018 - the shared analysis is built before
        return lambda: found.append(len(other_weekday_constraints(doc, TODAY)))

    assert growth(package_of(recycling_package), run, 500, 8) <= 8 * 1.3
    assert found == [500, 4000]


@pytest.mark.parametrize(
    ("text", "span", "year"),
    [
        ("Juan Pérez, nacido en 1950, tiene 70 años.", "1950, tiene 70 años", 2020),
        ("Hans Müller (70), geboren 1950, sagte am Montag.", "(70), geboren 1950", 2020),
        ("Jean Dupont, né le 3 mars 1932, est mort à 88 ans.", "3 mars 1932, est mort à 88 ans",
         2020),
        ("Иван Петров родился в 1950 году, ему 70 лет.", "1950 году, ему 70 лет", 2020),
        ("Maria Rossi, nata nel 1950, ha 70 anni.", "1950, ha 70 anni", 2020),
        ("Smith, 43, was born in 1972.", "43, was born in 1972", 2015),
    ],
)  # fmt: skip
def test_an_age_with_a_year_of_birth_is_read_in_other_languages(
    text: str, span: str, year: int
) -> None:
    doc, est = est_of(text)
    age = only(est, "age")
    assert_span(doc, age, span)
    # Written in the year the person turned that age or the next.
    assert (age.lo, age.hi) == (day(f"{year}-01-01"), day(f"{year + 1}-12-31"))
    assert (est.start, est.end) == (age.lo, age.hi)


def test_an_age_needs_a_word_of_birth_before_the_year() -> None:
    # A year and an age in one sentence, but no birth: "en 1950" is when the club began.
    _, est = est_of("El club, fundado en 1950, tiene 70 años de historia y 300 socios.")
    assert not [c for c in est.constraints if c.kind == "age"]


def test_the_last_year_of_a_life_span_is_told_as_past() -> None:
    # A lone latest year is usually a plan ("a reelection fight in 2018") and is left
    # out; the last year of a life span in brackets is a death, told as past.
    doc, est = est_of("John Smith (1932–2020) was a painter who lived in Ohio.")
    history = sorted((c for c in est.constraints if c.kind == "history"), key=lambda c: c.start)
    assert [c.text for c in history] == ["1932", "2020"] and est.lo == day("2020-01-01")
    assert_span(doc, history[1], "2020")
    assert doc.text[history[1].start - 6 : history[1].end + 1] == "(1932–2020)"
    _, german = est_of("Hans Müller (* 1932, † 2020) war Maler in Köln.")
    assert german.lo == day("2020-01-01")
    # Elsewhere a lone latest year is still left out, and so is the end of a bracketed
    # span of a year (a season, which may be to come).
    _, plan = est_of("He won in 2012. He faces a reelection fight in 2018.")
    assert plan.lo == day("2012-01-01")
    _, season = est_of("The title (2019–2020) was decided in 2019.")
    assert season.lo == day("2019-01-01")


def test_a_year_of_figures_is_a_year_not_a_count() -> None:
    text = "The institute says 2018 figures show more students drink."
    doc, est = est_of(text)
    history = only(est, "history")
    assert_span(doc, history, "2018")
    assert est.lo == day("2018-01-01")
    # After a word of quantity it is a count: "nearly 2000 figures were sold".
    assert other_dates("Nearly 2000 figures were sold at the fair.") == []


@pytest.mark.parametrize(
    ("text", "alias", "lo", "end"),
    [
        ("La Procuraduría del caso Lava Jato identificó el perjuicio.", "Lava Jato",
         "2014-03-16", "2021-02-01"),
        ("Детективи зафіксували хабар депутатом від \"Слуги народу\".", "Слуги народу",
         "2015-10-15", None),
    ],
)  # fmt: skip
def test_more_named_events_and_names(text: str, alias: str, lo: str, end: str | None) -> None:
    doc, est = est_of(text)
    c = [c for c in est.constraints if c.kind in ("event", "name")]
    assert len(c) == 1
    assert_span(doc, c[0], alias)
    assert est.lo == day(lo)
    if end is None:  # a name: in use for years, closed by the reading date only
        assert c[0].kind == "name" and est.end == TODAY.toordinal()
    else:  # an investigation that lasted: recent for a year after its last day
        assert c[0].until == day(end) and est.end == day(end) + RECENCY_DAYS


@pytest.mark.parametrize(
    ("text", "alias"),
    [
        ("A koronavírus-járvány miatt bezártak az iskolák.", "koronavírus"),
        ("Τα κρούσματα κορωνοϊού αυξάνονται στην Αθήνα.", "κορωνοϊού"),
        ("De coronacrisis raakt de horeca hard.", "coronacrisis"),
        ("Die Corona-Regeln gelten bis Ende des Monats.", "Corona-Regeln"),
        ("コロナ禍で客足が遠のいた。", "コロナ禍"),
    ],
)
def test_the_pandemic_is_named_in_more_languages(text: str, alias: str) -> None:
    doc, est = est_of(text)
    assert_span(doc, only(est, "event"), alias)
    assert est.lo == day("2019-12-30") and est.end == day("2019-12-31") + RECENCY_DAYS
