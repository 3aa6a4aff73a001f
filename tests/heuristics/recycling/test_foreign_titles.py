"""Office titles in other languages: "el presidente Nicolás Maduro", "президента России
Владимира Путина", "pääministeri Sanna Marinin"."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
import reliability_heuristics.recycling as recycling_package
from reliability_heuristics.recycling.estimate import estimate
from reliability_heuristics.recycling.offices import OfficeMention, find_office_holders
from reliability_heuristics.recycling.tenures import DATA, load_tenures, read_tenure_rows
from reliability_heuristics.recycling.titles import _words, load_lexicon
from work import growth, package_of

from reliability.analysis import Analysis, read_table
from reliability.document import make_document

ROOT = Path(__file__).resolve().parents[3]


def titled(text: str) -> tuple[Analysis, list[OfficeMention]]:
    doc = Analysis(make_document(text))
    return doc, [m for m in find_office_holders(doc) if m.titled]


# (text, person, office, title as written, name as written, the tenure's start)
IN_OFFICE = [
    # Spanish: a title before the name, a country word after the title, a long title
    # parted from the name by a comma.
    ("Ayer el presidente Nicolás Maduro habló.", "Nicolás Maduro", "head_of_state",
     "presidente", "Nicolás Maduro", "2013-03-05"),
    ("Ayer la canciller alemana Angela Merkel habló.", "Angela Merkel", "head_of_government",
     "canciller alemana", "Angela Merkel", "2005-11-22"),
    ("Ayer el canciller venezolano Jorge Arreaza habló.", "Jorge Arreaza", "foreign_minister",
     "canciller venezolano", "Jorge Arreaza", "2017-08-02"),
    ("Dijo el presidente de Venezuela, Nicolás Maduro, en Caracas.", "Nicolás Maduro",
     "head_of_state", "presidente de Venezuela", "Nicolás Maduro", "2013-03-05"),
    ("El alto representante de la Unión Europea para Asuntos Exteriores y Política de "
     "Seguridad, Josep Borrell, dijo.", "Josep Borrell", "eu_foreign_policy_chief",
     "alto representante de la Unión Europea para Asuntos Exteriores y Política de Seguridad",
     "Josep Borrell", "2019-12-01"),
    ("Lo dijo el alto representante de la Unión Europea (UE) para la Política Exterior, "
     "Josep Borrell, ayer.", "Josep Borrell", "eu_foreign_policy_chief",
     "alto representante de la Unión Europea (UE) para la Política Exterior",
     "Josep Borrell", "2019-12-01"),
    # Portuguese, French, Italian, German.
    ("Ontem o presidente Jair Bolsonaro disse.", "Jair Bolsonaro", "head_of_state",
     "presidente", "Jair Bolsonaro", "2019-01-01"),
    ("Ontem o presidente dos EUA, Donald Trump, disse.", "Donald J. Trump", "head_of_state",
     "presidente dos EUA", "Donald Trump", "2017-01-20"),
    ("Hier le président Emmanuel Macron a parlé.", "Emmanuel Macron", "head_of_state",
     "président", "Emmanuel Macron", "2017-05-14"),
    ("Hier le Premier ministre Jean Castex a parlé.", "Jean Castex", "head_of_government",
     "Premier ministre", "Jean Castex", "2020-07-03"),
    ("Ieri il premier Giuseppe Conte ha detto.", "Giuseppe Conte", "head_of_government",
     "premier", "Giuseppe Conte", "2018-06-01"),
    ("Ieri il presidente del Consiglio Giuseppe Conte ha detto.", "Giuseppe Conte",
     "head_of_government", "presidente del Consiglio", "Giuseppe Conte", "2018-06-01"),
    ("Dort sagte Bundeskanzlerin Angela Merkel am Montag.", "Angela Merkel",
     "head_of_government", "Bundeskanzlerin", "Angela Merkel", "2005-11-22"),
    ("Dort sagte US-Präsident Donald Trump am Montag.", "Donald J. Trump", "head_of_state",
     "US-Präsident", "Donald Trump", "2017-01-20"),
    ("Dort sagte Russlands Präsident Wladimir Putin am Montag.", "Vladimir Putin",
     "head_of_state", "Russlands Präsident", "Wladimir Putin", "2012-05-07"),
    # Russian and Ukrainian: native-script names, inflected names and titles.
    ("Вчера президент Путин заявил об этом.", "Vladimir Putin", "head_of_state",
     "президент", "Путин", "2012-05-07"),
    ("Встреча президента России Владимира Путина прошла в Кремле.", "Vladimir Putin",
     "head_of_state", "президента России", "Владимира Путина", "2012-05-07"),
    ("Вчора президент Володимир Зеленський заявив.", "Volodymyr Zelenskyy", "head_of_state",
     "президент", "Володимир Зеленський", "2019-05-20"),
    ("Вчора зустріч з президентом Зеленським скасували.", "Volodymyr Zelenskyy",
     "head_of_state", "президентом", "Зеленським", "2019-05-20"),
    ("Звернення до президента Володимира Зеленського надіслали вчора.", "Volodymyr Zelenskyy",
     "head_of_state", "президента", "Володимира Зеленського", "2019-05-20"),
    ("Lo dijo la vicepresidenta de la República, Delcy Rodríguez, ayer.", "Delcy Rodríguez",
     "vice_president", "vicepresidenta de la República", "Delcy Rodríguez", "2018-06-14"),
    ("Disse o presidente iraniano, Hassan Rouhani, ontem.", "Hassan Rouhani", "head_of_state",
     "presidente iraniano", "Hassan Rouhani", "2013-08-03"),
    ("Exigen la dimisión del presidente del país, Alexander Lukashenko, en Minsk.",
     "Alexander Lukashenko", "head_of_state", "presidente del país", "Alexander Lukashenko",
     "1994-07-20"),
    ("Ministrul francez al Economiei şi Finanţelor, Bruno Le Maire, a anunţat.", "Bruno Le Maire",
     "finance_minister", "Ministrul francez al Economiei şi Finanţelor", "Bruno Le Maire",
     "2017-06-21"),
    # Romanian, Dutch, Swedish, Czech, Croatian and Serbian, Indonesian.
    ("Ieri președintele rus Vladimir Putin a declarat.", "Vladimir Putin", "head_of_state",
     "președintele rus", "Vladimir Putin", "2012-05-07"),
    ("Gisteren zei premier Mark Rutte dat het goed ging.", "Mark Rutte", "head_of_government",
     "premier", "Mark Rutte", "2010-10-14"),
    ("I går sade Tysklands förbundskansler Angela Merkel att det var bra.", "Angela Merkel",
     "head_of_government", "Tysklands förbundskansler", "Angela Merkel", "2005-11-22"),
    ("Včera se setkal s prezidentem Vladimirem Putinem v Moskvě.", "Vladimir Putin",
     "head_of_state", "prezidentem", "Vladimirem Putinem", "2012-05-07"),
    ("Jučer je bio sastanak s predsjednikom Vladimirom Putinom u Moskvi.", "Vladimir Putin",
     "head_of_state", "predsjednikom", "Vladimirom Putinom", "2012-05-07"),
    ("Kemarin Presiden Joko Widodo mengatakan hal itu.", "Joko Widodo", "head_of_state",
     "Presiden", "Joko Widodo", "2014-10-20"),
    # A title in an appositive after the name.
    ("Ayer Nicolás Maduro, presidente de Venezuela, dijo.", "Nicolás Maduro", "head_of_state",
     "presidente de Venezuela", "Nicolás Maduro", "2013-03-05"),
    ("Sin embargo, Josep Borrell, alto representante de la UE, dijo.", "Josep Borrell",
     "eu_foreign_policy_chief", "alto representante de la UE", "Josep Borrell", "2019-12-01"),
    ("Ayer dijo Mike Pompeo, secretario de Estado de EE.UU., en Lima.", "Mike Pompeo",
     "foreign_minister", "secretario de Estado de EE.UU.", "Mike Pompeo", "2018-04-26"),
    ("Вчера Майк Помпео, госсекретарь США, заявил.", "Mike Pompeo", "foreign_minister",
     "госсекретарь США", "Майк Помпео", "2018-04-26"),
    # A Cyrillic name the table holds in Latin letters only, written in them.
    ("Вчера министр внутренних дел Украины Арсен Аваков заявил.", "Arsen Avakov",
     "interior_minister", "министр внутренних дел Украины", "Арсен Аваков", "2019-08-29"),
    ("Вчора прем'єр-міністр Денис Шмигаль заявив.", "Denys Shmyhal", "head_of_government",
     "прем'єр-міністр", "Денис Шмигаль", "2020-03-04"),
    # Polish, Finnish, Turkish.
    ("Wczoraj premier Mateusz Morawiecki powiedział.", "Mateusz Morawiecki",
     "head_of_government", "premier", "Mateusz Morawiecki", "2017-12-11"),
    ("Spotkanie premiera Mateusza Morawieckiego odbyło się wczoraj.", "Mateusz Morawiecki",
     "head_of_government", "premiera", "Mateusza Morawieckiego", "2017-12-11"),
    ("He tapasivat pääministeri Sanna Marinin keskiviikkona.", "Sanna Marin",
     "head_of_government", "pääministeri", "Sanna Marinin", "2019-12-10"),
    ("Dün Cumhurbaşkanı Erdoğan'ın açıklaması geldi.", "Recep Tayyip Erdoğan",
     "head_of_state", "Cumhurbaşkanı", "Erdoğan'ın", "2014-08-28"),
    ("Dün Rusya Devlet Başkanı Vladimir Putin konuştu.", "Vladimir Putin", "head_of_state",
     "Rusya Devlet Başkanı", "Vladimir Putin", "2012-05-07"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "person", "office", "title", "name", "start"), IN_OFFICE)
def test_a_title_in_another_language_names_the_holder(
    text: str, person: str, office: str, title: str, name: str, start: str
) -> None:
    doc, found = titled(text)
    hits = [m for m in found if m.tenure.person == person and m.tenure.office == office]
    assert hits, [(m.tenure.person, m.tenure.office) for m in found]
    assert all(m.tenure.office == office for m in found)
    assert start in {m.tenure.start for m in hits}
    for m in hits:
        assert not m.former
        assert m.title_start is not None and m.title_end is not None
        assert doc.text[m.title_start : m.title_end] == title
        assert doc.text[m.name_start : m.name_end] == name
        whole = doc.text[m.start : m.end]
        if m.form == "appositive":
            assert whole.startswith(name) and whole.endswith(title)
        else:
            assert whole.startswith(title) and whole.endswith(name)


FORMER = [
    ("Ayer el expresidente Mauricio Macri habló.", "Mauricio Macri", "expresidente"),
    ("El expresidente de EE.UU. Barack Obama anunciará su respaldo.", "Barack H. Obama",
     "expresidente de EE.UU."),
    ("Ayer el entonces presidente Mauricio Macri habló.", "Mauricio Macri",
     "entonces presidente"),
    ("Ontem o ex-presidente Michel Temer disse.", "Michel Temer", "ex-presidente"),
    ("Hier l'ancien Premier ministre Édouard Philippe a parlé.", "Édouard Philippe",
     "ancien Premier ministre"),
    ("Ieri l'ex premier Giuseppe Conte ha detto.", "Giuseppe Conte", "ex premier"),
    ("Dort sagte die frühere Bundeskanzlerin Angela Merkel am Montag.", "Angela Merkel",
     "frühere Bundeskanzlerin"),
    ("Dort sagte Altkanzlerin Angela Merkel am Montag.", "Angela Merkel", "Altkanzlerin"),
    ("Вчера бывший президент Украины Петр Порошенко заявил.", "Petro Poroshenko",
     "бывший президент Украины"),
    ("Вчора колишній президент Петро Порошенко заявив.", "Petro Poroshenko",
     "колишній президент"),
    ("Wczoraj były premier Mateusz Morawiecki powiedział.", "Mateusz Morawiecki",
     "były premier"),
    ("He tapasivat entisen pääministeri Sanna Marinin keskiviikkona.", "Sanna Marin",
     "entisen pääministeri"),
    ("Dün eski Başbakan Recep Tayyip Erdoğan konuştu.", "Recep Tayyip Erdoğan",
     "eski Başbakan"),
    ("Ieri fostul premier Giuseppe Conte a declarat.", "Giuseppe Conte", "fostul premier"),
    ("Gisteren zei oud-premier Mark Rutte dat het goed ging.", "Mark Rutte", "oud-premier"),
    ("I går sade förre statsministern Sanna Marin att det var bra.", "Sanna Marin",
     "förre statsministern"),
    ("Včera bývalý premiér Mateusz Morawiecki řekl.", "Mateusz Morawiecki",
     "bývalý premiér"),
    ("Jučer je bivši premijer Giuseppe Conte rekao.", "Giuseppe Conte", "bivši premijer"),
    ("Kemarin mantan Presiden Joko Widodo mengatakan hal itu.", "Joko Widodo",
     "mantan Presiden"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "person", "title"), FORMER)
def test_a_former_title_in_another_language_is_not_read_as_in_office(
    text: str, person: str, title: str
) -> None:
    doc, found = titled(text)
    hits = [m for m in found if m.tenure.person == person]
    assert hits, found
    for m in hits:
        assert m.former
        assert m.title_start is not None
        assert doc.text[m.title_start : m.title_end] == title
    kinds = {c.kind for c in estimate(doc, dt.date(2026, 12, 1)).constraints if c.text.endswith(
        doc.text[hits[0].name_start : hits[0].name_end])}  # fmt: skip
    assert kinds == {"former-office"}


REFUSED = [
    # A deputy's title, an aspiring one, a title not yet held.
    "Ontem o vice-presidente Hamilton Mourão disse.",
    "Ayer el presidente electo Joe Biden dijo.",
    "Накануне избранный президент Молдовы Майя Санду назвала дату.",
    "Kemarin Presiden terpilih Prabowo Subianto mengatakan hal itu.",
    "Jučer je potpredsjednik Vladimir Putin rekao.",
    # Words between title and name that are no part of the title.
    "Dijo el presidente de la Asamblea Nacional, Juan Guaidó, en Caracas.",
    # A country word that is not the person's country; a title that needs a country.
    "Ayer el presidente ruso Emmanuel Macron habló.",
    "Dün Başkan Erdoğan konuştu.",
    # An appositive that says more than a title, or an aspiring one.
    "Ayer Nicolás Maduro, presidente desde 2013, dijo.",
    "Ayer Joe Biden, presidente electo de Estados Unidos, dijo.",
    # An indefinite article: no holder.
    "Sería un presidente Trump muy distinto.",
    # A surname two holders of the office share; another person of the same surname.
    "Ayer el presidente Bush habló.",
    "Ayer el presidente George Bush habló.",
    "Ayer el presidente Eduardo Bolsonaro habló.",
    # An ending not in the language's list, a stem too short.
    "Вчера президент Путинцев заявил об этом.",
    "Wczoraj premier Morawiec powiedział.",
]


@pytest.mark.parametrize("text", REFUSED)
def test_no_holder_is_read_from_a_title_that_does_not_name_one(text: str) -> None:
    _, found = titled(text)
    assert found == [], [(m.tenure.person, m.tenure.office) for m in found]


def test_a_surname_alone_stands_for_the_person_named_before() -> None:
    text = (
        'Hillary Clinton spoke in Ohio. One voter said: "President Clinton, thank you." '
        "Sprach dann Präsident Clinton?"
    )
    _, found = titled(text)
    assert not any(m.tenure.person == "William J. Clinton" for m in found)


def test_an_english_reading_stands_unless_the_other_reading_tells_a_past_tenure() -> None:
    # "former Republican president": English text is not re-read as "president George W.
    # Bush" alone, in office.
    _, found = titled("He praised former Republican president George W. Bush for it.")
    assert all(m.former for m in found)
    # "frühere Bundeskanzlerin": the English reading of "Bundeskanzlerin" misses "frühere".
    _, found = titled("Dort sagte die frühere Bundeskanzlerin Angela Merkel am Montag.")
    assert found and all(m.former for m in found)


def test_a_title_in_another_language_dates_the_text() -> None:
    doc = Analysis(make_document("He tapasivat pääministeri Sanna Marinin keskiviikkona."))
    est = estimate(doc, dt.date(2026, 12, 1))
    assert est.start == dt.date(2019, 12, 10).toordinal()
    assert est.end == dt.date(2023, 6, 20).toordinal()


def test_the_tables_are_well_formed_and_name_known_offices() -> None:
    offices = {r.office for r in load_tenures().rows}
    countries = {r.country for r in load_tenures().rows}
    lexicon = load_lexicon()
    titles = read_table(DATA / "office_titles.tsv", 6)
    assert len({t[0] for t in titles}) >= 16  # languages
    for language, title, office, country, _tense, source in titles:
        assert office in offices, title
        assert source, title
        assert all(c in countries for c in country.split("|") if c and c != "+"), title
        # A title holds no modifier: "ex" or "бывший" is read beside it, never inside.
        assert not any(
            lexicon.kinds.get(w) in ("former", "then", "aspiring", "deputy") for w in _words(title)
        ), (language, title)
    for row in read_table(DATA / "title_words.tsv", 5):
        assert row[4], row
        if row[2] == "country":
            assert row[3] in countries, row
    for row in read_table(DATA / "inflections.tsv", 4):
        assert row[2] and row[3], row


def test_name_forms_name_people_of_the_table() -> None:
    people = {r.person for r in load_tenures().rows}
    for person, forms, source in read_table(DATA / "name_forms.tsv", 3):
        assert person in people, person
        assert forms and source
    putin = next(r for r in load_tenures().rows if r.person == "Vladimir Putin")
    assert {"Владимир Путин", "Володимир Путін"} <= set(putin.aliases)


WIKIDATA = """repo,position,person,personID,start,end
russia-cabinet,Minister of Internal Affairs,Rashid Nurgaliyev,Q1,2003-12-24,2012-05-21
russia-cabinet,President,Vladimir Putin,Q7747,2012-05-07,
brazil-ministers,Minister of Economy,Paulo Guedes,Q2,2019-01-01,
ukraine-cabinet,Minister of Economy,Someone Else,Q3,2019-01-01,2020-01-01
"""
IFG = {
    "post.csv": "id,id_ifg_website,organisation_id,name,display_name,rank_equivalence,"
    "rank_equivalence_value\n",
    "person.csv": "id,id_parliament,id_ifg_website,name,display_name,normalized_name,"
    "short_name,gender,start_date,end_date\n",
    "appointment.csv": "id,person_id,post_id,start_date,end_date\n",
}


def test_the_build_maps_more_positions_and_adds_native_spellings(tmp_path: Path) -> None:
    data = tmp_path / "officeholders"
    (data / "wikidata").mkdir(parents=True)
    (data / "wikidata" / "all_holders21.csv").write_text(WIKIDATA, encoding="utf-8")
    (data / "wikidata" / "world_holders21.csv").write_text(
        "position,person,personID,start,end\n", encoding="utf-8"
    )
    (data / "us-executive").mkdir()
    (data / "us-executive" / "executive.yaml").write_text("", encoding="utf-8")
    (data / "uk-ifg").mkdir()
    for name, text in IFG.items():
        (data / "uk-ifg" / name).write_text(text, encoding="utf-8")
    out = tmp_path / "tenures.tsv"
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "build_tenures.py"), "--data", str(data),
         "--out", str(out)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = read_tenure_rows(out.read_text(encoding="utf-8").splitlines())
    built = {(r.person, r.office, r.country, r.start, r.end) for r in rows}
    assert ("Rashid Nurgaliyev", "interior_minister", "RU", "2003-12-24", "2012-05-21") in built
    assert ("Paulo Guedes", "finance_minister", "BR", "2019-01-01", "") in built
    assert not any(r.person == "Someone Else" for r in rows)  # Economy is Finance in Brazil only
    putin = next(r for r in rows if r.person == "Vladimir Putin" and r.source == "wikidata:Q7747")
    assert "Владимир Путин" in putin.aliases


def test_titles_in_other_languages_cost_linear_work() -> None:
    def run(n: int) -> object:
        text = " ".join(
            f"Ayer el presidente Nicolás Maduro habló con la canciller alemana Angela Merkel "
            f"y con el presidente Pérez {k}. Президент Путин и премьер Мишустин {k}."
            for k in range(n)
        )
        doc = Analysis(make_document(text))
        doc.names  # noqa: B018 - the shared analysis, built outside the count
        return lambda: find_office_holders(doc)

    assert growth(package_of(recycling_package), run, 40, 8) <= 8 * 1.4
