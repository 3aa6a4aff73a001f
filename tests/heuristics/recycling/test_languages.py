"""The era estimate on dates in other languages and numeric forms, plans told in other
languages, the recency of a year named once, and the cost on texts full of years."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
import reliability_heuristics.recycling as recycling_package
from reliability_heuristics.recycling.constraints import Constraint
from reliability_heuristics.recycling.dates import dates_with_years, load_months, other_dates
from reliability_heuristics.recycling.era import RECENCY_DAYS
from reliability_heuristics.recycling.estimate import Estimate, estimate
from reliability_heuristics.recycling.heuristic import Recycling
from test_evidence import TODAY, day, est_of
from work import growth, package_of

from reliability import Context
from reliability.analysis import Analysis
from reliability.document import make_document


def history(est: Estimate) -> list[Constraint]:
    return [c for c in est.constraints if c.kind == "history"]


@pytest.mark.parametrize(
    ("text", "date_text", "ymd"),
    [
        ("Le 3 décembre 2020, le parlement a voté la loi.", "3 décembre 2020", (2020, 12, 3)),
        ("El 3 de diciembre de 2020 el Congreso aprobó la ley.", "3 de diciembre de 2020",
         (2020, 12, 3)),
        ("Am 3. Dezember 2020 hat der Bundestag abgestimmt.", "3. Dezember 2020", (2020, 12, 3)),
        ("Парламент одобрил закон 3 декабря 2020 года.", "3 декабря 2020", (2020, 12, 3)),
        ("Sejm przyjął ustawę 6 stycznia 2019 roku.", "6 stycznia 2019", (2019, 1, 6)),
        ("Em março de 2019 o governo anunciou o plano.", "março de 2019", (2019, 3, None)),
        ("A temetés 2020. június 10. napján volt.", "2020. június 10.", (2020, 6, 10)),
        ("입력 2020.08.27 20:27 롯데 자이언츠 투수가 무너졌다.", "2020.08.27", (2020, 8, 27)),
        ("ハウスコムは、2020年7月1日に岐阜駅前店をオープンしました。", "2020年7月1日",
         (2020, 7, 1)),
        ("경기는 2020년 8월 27일 부산에서 열렸다.", "2020년 8월 27일", (2020, 8, 27)),
        ("Die Sitzung fand am 27.08.2020 statt.", "27.08.2020", (2020, 8, 27)),
    ],
)  # fmt: skip
def test_dates_in_other_languages_and_numeric_forms_are_read(
    text: str, date_text: str, ymd: tuple[int, int, int | None]
) -> None:
    doc, est = est_of(text)
    found = [d for d in dates_with_years(doc) if d.year is not None]
    assert [(d.text, (d.year, d.month, d.day)) for d in found] == [(date_text, ymd)]
    assert doc.text[found[0].start : found[0].end] == date_text
    (c,) = history(est)
    assert c.text == date_text and doc.text[c.start : c.end] == date_text
    year, month, dd = ymd
    first = dt.date(year, month, dd or 1).toordinal() - (1 if dd else 0)  # a day's grace
    assert est.lo == first


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Der Termin 31.02.2020 existiert nicht.", []),  # no such day
        ("Die Zahl 05-06-2020 ist mehrdeutig.", [(2020, None, None)]),  # which is the day?
        ("The set 2020 record stands.", []),  # an abbreviation needs a day
        ("Il 5 set 2020 la squadra ha vinto.", [(2020, 9, 5)]),
        ("截至2021年3月，一年的营业利润将下降。", [(2021, 3, None)]),
    ],
)
def test_only_real_dates_are_read_and_ambiguous_orders_keep_the_year(
    text: str, expected: list[tuple[int, int | None, int | None]]
) -> None:
    assert [(d.year, d.month, d.day) for d in other_dates(text)] == expected


def test_a_persian_solar_hijri_date_is_read_as_its_gregorian_day() -> None:
    # 1 Farvardin 1399 was 20 March 2020; the Arabic "ي" some sites write is read as "ی".
    text = "۱ فروردین ۱۳۹۹ آغاز شد و 2 تير 1399 - 12:09 خبر منتشر شد."
    found = other_dates(text)
    assert [(d.text, d.year, d.month, d.day) for d in found] == [
        ("۱ فروردین ۱۳۹۹", 2020, 3, 20),
        ("2 تير 1399", 2020, 6, 22),
    ]
    assert all(text[d.start : d.end] == d.text for d in found)


def test_a_shared_date_is_kept_and_a_bare_year_inside_a_longer_date_is_replaced() -> None:
    doc = Analysis(make_document("On November 3, 2020, and on 4 novembre 2020, votes were cast."))
    dates = [(d.text, d.month, d.day) for d in dates_with_years(doc)]
    assert dates == [("November 3, 2020", 11, 3), ("4 novembre 2020", 11, 4)]


def test_the_month_table_maps_each_language_to_twelve_months() -> None:
    months, full = load_months()
    assert months["dezember"] == months["décembre"] == months["декабря"] == 12
    assert months["março"] == 3 and months["stycznia"] == 1
    assert "mar" not in full and "diciembre" in full


@pytest.mark.parametrize(
    "text",
    [
        "En 2021, Jauss será coach de Luis Rojas.",
        "MinSalud afirma que en 2021 el país tendrá 20 millones de vacunados.",
        "Ihre drei Krimis für 2021 sollen erst im Frühjahr gedruckt werden.",
        "Четвертый участок будет построен в октябре 2021 года.",
        "Il nuovo stadio sarà pronto nel 2023.",
    ],
)
def test_a_year_in_a_sentence_about_the_future_dates_nothing_in_other_languages(
    text: str,
) -> None:
    _, est = est_of(text)
    assert history(est) == [] and not est.found


def test_a_year_named_once_shows_no_recency_but_a_month_or_a_repeated_year_does() -> None:
    _, once = est_of("The law was passed in 1990 after a long debate.")
    assert (once.start, once.end) == (day("1990-01-01"), TODAY.toordinal())
    assert once.end_by is None  # closed by the reading date, not by recency
    _, month = est_of("The law was passed in March 1990 after a long debate.")
    assert month.end == day("1990-03-31") + RECENCY_DAYS
    _, twice = est_of("The law was passed in 1990. By the end of 1990 it was in force.")
    assert twice.end == day("1990-12-31") + RECENCY_DAYS
    assert twice.end_by is not None and twice.end_by.kind == "recency"


def test_a_year_past_the_reading_date_closes_the_interval_on_itself() -> None:
    _, est = est_of("The bonds mature in 2032, the ministry said.")
    assert est.start is not None and est.end is not None and est.start <= est.end


def test_many_years_in_one_sentence_cost_linear_work() -> None:
    # Thousands of years in one endless sentence: each is looked at once, not the
    # sentence once per year. Lines of the recycling package run are counted, not time.
    found: list[bool] = []

    def run(n: int) -> Callable[[], object]:
        doc = Analysis(make_document(" ".join(str(1900 + i % 200) for i in range(n))))
        doc.dates  # noqa: B018 - the shared analysis is built before
        return lambda: found.append(estimate(doc, TODAY).found)

    assert growth(package_of(recycling_package), run, 5_000, 8) <= 8 * 1.3
    assert found == [True, True]


def test_a_dateline_in_another_language_is_the_claimed_date() -> None:
    text = (
        "Berlin, 3. Dezember 2020\n\nDer Bundestag hat am Donnerstag das Gesetz beschlossen. "
        "Die Opposition stimmte dagegen."
    )
    outcome = Recycling().evaluate(
        Analysis(make_document(text)), Context(options={"today": TODAY.isoformat()})
    )
    assert outcome.metrics["claimed_from"] == "dateline"
    assert outcome.metrics["claimed_date"] == "2020-12-03"
    assert outcome.metrics["estimated_start"] == "2020-12-03"
    assert not [f for f in outcome.findings if f.kind == "undated"]
