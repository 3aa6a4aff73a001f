"""The office-holder tenure table and the matcher that finds office-holders named in a text."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from reliability_heuristics.recycling.offices import OfficeMention, find_office_holders
from reliability_heuristics.recycling.tenures import (
    INDEX,
    TSV,
    Tenure,
    TenureTable,
    build_index,
    fold,
    load_tenures,
    normalise_title,
    read_tenure_rows,
)

from reliability.analysis import Analysis
from reliability.document import make_document

ROOT = Path(__file__).resolve().parents[3]


def mentions(text: str, **kwargs: object) -> tuple[Analysis, list[OfficeMention]]:
    doc = Analysis(make_document(text))
    return doc, find_office_holders(doc, **kwargs)  # type: ignore[arg-type]


def only(found: list[OfficeMention], person: str) -> OfficeMention:
    hits = [m for m in found if m.tenure.person == person and m.titled]
    assert len(hits) == 1, found
    return hits[0]


def check_spans(doc: Analysis, m: OfficeMention, whole: str, name: str) -> None:
    assert doc.text[m.start : m.end] == whole
    assert doc.text[m.name_start : m.name_end] == name
    if m.title_start is not None:
        assert m.title_end is not None
        assert doc.text[m.start : m.title_end] == doc.text[m.title_start : m.title_end]


def test_secretary_of_state_pompeo() -> None:
    doc, found = mentions("Secretary of State Mike Pompeo said the talks would resume.")
    m = only(found, "Mike Pompeo")
    assert m.tenure.office == "foreign_minister"
    assert m.interval == ("2018-04-26", "2021-01-20")
    check_spans(doc, m, "Secretary of State Mike Pompeo", "Mike Pompeo")
    assert doc.text[m.title_start : m.title_end] == "Secretary of State"  # type: ignore[misc]


def test_attorney_general_bondi_is_open_ended() -> None:
    doc, found = mentions("Attorney General Pam Bondi announced the charges.")
    m = only(found, "Pam Bondi")
    assert m.interval == ("2025-02-05", None)
    check_spans(doc, m, "Attorney General Pam Bondi", "Pam Bondi")


def test_oil_minister_quevedo() -> None:
    doc, found = mentions("Venezuelan Oil Minister Manuel Quevedo met OPEC delegates.")
    m = only(found, "Manuel Quevedo")
    assert m.tenure.office == "energy_minister"
    assert m.interval[0].startswith("2017-11")
    assert (m.interval[1] or "").startswith("2020-04")
    check_spans(doc, m, "Venezuelan Oil Minister Manuel Quevedo", "Manuel Quevedo")


def test_lower_case_title_with_qualifiers() -> None:
    text = "Supporters of the self-proclaimed Venezuelan president Juan Guaidó marched."
    doc, found = mentions(text)
    m = only(found, "Juan Guaidó")
    assert m.interval[0].startswith("2019-01")
    assert (m.interval[1] or "").startswith("2023-01")
    check_spans(doc, m, "self-proclaimed Venezuelan president Juan Guaidó", "Juan Guaidó")


def test_misspelt_name_within_one_edit() -> None:
    doc, found = mentions("Vice President Delcy Rodrigues rejected the report.")
    m = only(found, "Delcy Rodríguez")
    assert m.fuzzy
    assert m.tenure.office == "vice_president"
    assert m.interval == ("2018-06-14", None)
    check_spans(doc, m, "Vice President Delcy Rodrigues", "Delcy Rodrigues")


def test_title_chooses_among_a_persons_offices() -> None:
    _, found = mentions("Foreign Minister Delcy Rodríguez spoke in Geneva.")
    m = only(found, "Delcy Rodríguez")
    assert m.tenure.office == "foreign_minister"
    assert not m.fuzzy


def test_surname_only_after_full_mention() -> None:
    text = "Secretary of State Mike Pompeo arrived. Pompeo said the visit was short."
    doc, found = mentions(text)
    later = [m for m in found if m.surname_only]
    # One untitled mention per tenure of the person: CIA director, then secretary of state.
    assert sorted(m.tenure.office for m in later) == ["cia_director", "foreign_minister"]
    for m in later:
        assert m.tenure.person == "Mike Pompeo" and not m.titled
        assert doc.text[m.start : m.end] == "Pompeo"
        assert m.start == text.rindex("Pompeo")


def test_surname_alone_without_full_mention_is_not_matched() -> None:
    _, found = mentions("Pompeo said the visit was short.")
    assert found == []


def test_honorific_form_after_full_mention() -> None:
    text = (
        "U.S. Special Representative for Venezuela Elliott Abrams spoke on Friday. "
        "Mr. Abrams said more sanctions would follow."
    )
    doc, found = mentions(text)
    first = only(found, "Elliott Abrams")
    assert first.interval == ("2019-01-25", "2021-01-20")
    check_spans(
        doc, first, "U.S. Special Representative for Venezuela Elliott Abrams", "Elliott Abrams"
    )
    later = [m for m in found if m.surname_only]
    assert [doc.text[m.name_start : m.name_end] for m in later] == ["Abrams"]
    assert not later[0].titled


def test_incompatible_title_is_not_matched() -> None:
    _, found = mentions("Defense Secretary Mike Pompeo spoke.")
    assert [m for m in found if m.titled] == []


def test_untitled_full_name_is_weak_evidence() -> None:
    _, found = mentions("A letter signed by Pete Hegseth was released.")
    assert found and all(not m.titled for m in found)
    assert {m.tenure.person for m in found} == {"Pete Hegseth"}


def test_former_is_recorded() -> None:
    doc, found = mentions("Former U.S. Secretary of State Mike Pompeo criticised the plan.")
    m = only(found, "Mike Pompeo")
    assert m.former
    assert doc.text[m.start : m.end] == "Former U.S. Secretary of State Mike Pompeo"


def test_country_in_title_must_agree() -> None:
    _, found = mentions("Russian Foreign Minister Mike Pompeo spoke.")
    assert [m for m in found if m.titled] == []


def test_extra_rows_extend_the_table() -> None:
    extra = {
        "person": "Ana Exemplo",
        "office": "finance_minister",
        "country": "VE",
        "titles": "Finance Minister|Minister",
        "start": "2030-01-02",
        "source": "test",
    }
    table = load_tenures([extra])
    assert load_tenures([extra]) is table  # cached
    assert len(table) == len(load_tenures()) + 1
    _, found = mentions("Finance Minister Ana Exemplo resigned.", table=table)
    assert [m.tenure.person for m in found] == ["Ana Exemplo"]
    _, found = mentions("Finance Minister Ana Exemplo resigned.")
    assert found == []


def test_shipped_table_rows_are_well_formed() -> None:
    table = load_tenures()
    assert len(table) > 1000
    for row in table.rows:
        assert isinstance(row, Tenure)
        assert row.person and row.office and row.country and row.source
        assert len(row.start) in (4, 7, 10)
        assert row.end == "" or len(row.end) in (4, 7, 10)
        assert row.titles


def test_normalisation_helpers() -> None:
    assert fold("Delcy Rodríguez") == "delcy rodriguez"
    assert fold("J.D. Vance") == "jd vance"
    office, modifiers, countries = normalise_title(["former", "U.S.", "Secretary", "of", "State"])
    assert (office, modifiers, countries) == ("secretary of state", {"former"}, {"US"})
    office, _, countries = normalise_title(["Special", "Representative", "for", "Venezuela"])
    assert office == "special representative for venezuela" and not countries
    assert normalise_title(["Venezuela's", "Oil", "Minister"])[::2] == ("oil minister", {"VE"})


# A small officeholders tree in the three source formats, written for these tests.
WIKIDATA = """repo,position,person,personID,start,end
venezuela,Minister of Petroleum,Rafael Ramírez,Q1,2004-07-01,2014-09-02
venezuela,Minister of Tourism,Someone Else,Q2,2010-01-01,2012-01-01
france-cabinet,Minister of Foreign Affairs,Jean-Marc Ayrault,Q7711,2016-12-06,2017-05-15
us-cabinet,Secretary of State,Mike Pompeo,Q3,2018-04-26,2021-01-20
us-cabinet,President,Should Come From Executive,Q4,2001-01-20,2009-01-20
atlantis,President,Nobody Real,Q5,2001-01-01,
"""
WORLD = """position,person,personID,start,end
Secretary-General of the United Nations,Ban Ki-moon,Q1253,2007-01-01,2017-01-01
Director-General of Something,Not Kept,Q6,2007-01-01,2017-01-01
"""
EXECUTIVE = """- id:
    bioguide: X000001
  name:
    first: Barack
    middle: Hussein
    last: Obama
  terms:
  - type: prez
    start: '2009-01-20'
    end: '2013-01-20'
  - type: prez
    start: '2013-01-20'
    end: '2017-01-20'
"""
IFG = {
    "post.csv": "id,id_ifg_website,organisation_id,name,display_name,rank_equivalence,"
    "rank_equivalence_value\np1,,o1,Chancellor of the Exchequer,Chancellor,CAB,1\n"
    "p2,,o1,Economic Secretary,Economic Secretary,PUSS,5\n",
    "person.csv": "id,id_parliament,id_ifg_website,name,display_name,normalized_name,"
    "short_name,gender,start_date,end_date\nq1,1,,George Osborne,George Osborne,"
    "George Osborne,Osborne,M,,\nq2,2,,Lord Someone,Lord Someone,Lord Someone,Someone,M,,\n",
    "appointment.csv": "id,person_id,post_id,start_date,end_date\n"
    "a1,q1,p1,2010-05-11,2016-07-13\na2,q2,p2,2010-05-11,2012-01-01\n",
}


def officeholders(root: Path) -> Path:
    (root / "wikidata").mkdir(parents=True)
    (root / "wikidata" / "all_holders21.csv").write_text(WIKIDATA, encoding="utf-8")
    (root / "wikidata" / "world_holders21.csv").write_text(WORLD, encoding="utf-8")
    (root / "us-executive").mkdir()
    (root / "us-executive" / "executive.yaml").write_text(EXECUTIVE, encoding="utf-8")
    (root / "uk-ifg").mkdir()
    for name, text in IFG.items():
        (root / "uk-ifg" / name).write_text(text, encoding="utf-8")
    return root


def test_build_keeps_the_offices_merges_the_additions_and_is_deterministic(
    tmp_path: Path,
) -> None:
    data = officeholders(tmp_path / "officeholders")
    script = ROOT / "benchmarks" / "build_tenures.py"
    outputs = []
    for n in range(2):
        out = tmp_path / f"tenures-{n}.tsv"
        result = subprocess.run(
            [sys.executable, str(script), "--data", str(data), "--out", str(out)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    rows = read_tenure_rows(outputs[0].decode("utf-8").splitlines())
    built = {(r.person, r.office, r.country, r.start, r.end, r.source) for r in rows}
    # Kept and normalised from each source; other offices and unknown countries left out.
    assert (
        "Rafael Ramírez",
        "energy_minister",
        "VE",
        "2004-07-01",
        "2014-09-02",
        "wikidata:Q1",
    ) in built
    assert (
        "Mike Pompeo",
        "foreign_minister",
        "US",
        "2018-04-26",
        "2021-01-20",
        "wikidata:Q3",
    ) in built
    assert (
        "Ban Ki-moon",
        "un_secretary_general",
        "UN",
        "2007-01-01",
        "2017-01-01",
        "wikidata:Q1253",
    ) in built
    assert ("George Osborne", "finance_minister", "GB", "2010-05-11", "2016-07-13", "ifg") in built
    obama = [r for r in rows if r.source == "us-executive"]
    assert [(r.office, r.start, r.end) for r in obama] == [
        ("head_of_state", "2009-01-20", "2017-01-20")
    ]
    assert "Barack Obama" in {obama[0].person, *obama[0].aliases}
    people = {r.person for r in rows}
    assert not people & {"Someone Else", "Should Come From Executive", "Nobody Real", "Not Kept"}
    assert not any("Someone" in r.person for r in rows if r.source == "ifg")
    # A hand-entered addition replaces the overlapping data row of its person and office.
    ayrault = [
        r for r in rows if r.person == "Jean-Marc Ayrault" and r.office == "foreign_minister"
    ]
    assert [(r.start, r.end) for r in ayrault] == [("2016-02-11", "2017-05-17")]
    assert "Journal officiel" in ayrault[0].source
    # Titles as news writes them, for the matcher.
    pompeo = next(r for r in rows if r.person == "Mike Pompeo" and r.office == "foreign_minister")
    assert "Secretary of State" in pompeo.titles


def test_build_without_data_exits_2(tmp_path: Path) -> None:
    script = ROOT / "benchmarks" / "build_tenures.py"
    result = subprocess.run(
        [
            sys.executable,
            str(script),
            "--data",
            str(tmp_path / "absent"),
            "--out",
            str(tmp_path / "x"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "not at" in result.stderr
    assert not (tmp_path / "x").exists()


def test_middle_initial_tells_namesakes_apart() -> None:
    _, found = mentions("President George W. Bush signed it.")
    assert [m.interval for m in found if m.titled] == [("2001-01-20", "2009-01-20")]


def test_title_in_an_appositive_after_the_name() -> None:
    doc, found = mentions("Alexander Novak, Russia's energy minister, said output would rise.")
    m = only(found, "Alexander Novak")
    assert m.form == "appositive" and not m.former
    assert doc.text[m.start : m.end] == "Alexander Novak, Russia's energy minister"
    assert doc.text[m.title_start : m.title_end] == "Russia's energy minister"  # type: ignore[misc]
    former = only(mentions("Mike Pompeo, the former secretary of state, spoke.")[1], "Mike Pompeo")
    assert former.former and former.form == "appositive"


def test_an_appositive_must_close_after_the_title() -> None:
    # "the president said" is a clause of its own, not Pompeo's title.
    _, found = mentions("Mike Pompeo, the president said, was wrong about the talks.")
    assert not [m for m in found if m.titled]


def test_title_after_as_names_a_role() -> None:
    doc, found = mentions("Washington recognised Juan Guaidó as interim president of Venezuela.")
    m = only(found, "Juan Guaidó")
    assert m.form == "as"
    assert doc.text[m.start : m.end] == "Juan Guaidó as interim president of Venezuela"
    # A surname alone, bracketed, with the title after "as" still picks out the one person.
    _, bracketed = mentions("by recognising (Guaido as) self-proclaimed president, they meddled")
    assert only(bracketed, "Juan Guaidó").form == "as"


def test_as_without_a_naming_verb_is_not_a_title() -> None:
    # A hypothetical names nobody as a holder of the office.
    _, found = mentions("Voters wonder how Donald Trump as president would handle trade.")
    assert not [m for m in found if m.titled and m.form == "as"]


def test_campaign_titles_the_name_finder_does_not_know() -> None:
    doc, found = mentions("GOP front-runner Donald Trump attacked his rivals in Iowa.")
    runs = sorted(m.interval for m in found if m.titled)
    assert runs == [("2015-06-16", "2016-11-08"), ("2022-11-15", "2024-11-05")]
    m = next(m for m in found if m.titled)
    assert doc.text[m.start : m.end] == "GOP front-runner Donald Trump"


def test_a_modifier_joined_by_a_hyphen_is_a_modifier() -> None:
    assert normalise_title(["then-candidate"]) == ("candidate", frozenset({"then"}), frozenset())
    assert normalise_title(["Ex-President"])[:2] == ("president", frozenset({"ex"}))
    # A hyphenated modifier of its own stays whole.
    assert normalise_title(["self-proclaimed", "president"])[1] == frozenset({"self-proclaimed"})


@pytest.mark.parametrize(
    "text",
    [
        "But it is time to start worrying about a President Trump in the White House.",
        "Voters met would-be president Donald Trump in Iowa.",
        "He attacked likely Democratic nominee Hillary Clinton on Monday.",
    ],
)
def test_no_holder_when_the_title_is_hypothetical_or_aspiring(text: str) -> None:
    _, found = mentions(text)
    assert not [m for m in found if m.titled]


def test_a_title_never_reaches_across_a_sentence_end() -> None:
    _, found = mentions("They asked what he would do should he become president. Trump smiled.")
    assert not [m for m in found if m.titled]


def test_the_shipped_index_is_the_table_built_from_the_tsv() -> None:
    """`data/tenures.index` is what `build_index` makes of the shipped TSV, so starting
    from it gives the same table as building it; rebuild with benchmarks/build_tenures.py."""
    assert INDEX.read_bytes() == build_index(TSV), "run: python benchmarks/build_tenures.py --index"
    built = TenureTable(read_tenure_rows(TSV.read_text("utf-8").splitlines()))
    shipped = load_tenures()
    assert shipped.rows == built.rows
    for key in ("mike pompeo", "pompeo", "delcy rodrigues"):
        assert shipped.by_name(key) == built.by_name(key)
        assert shipped.by_surname(key) == built.by_surname(key)
    assert shipped.title_vocabulary == built.title_vocabulary


def test_a_name_one_edit_away_finds_every_holder_one_edit_away() -> None:
    """A misspelt name ("Pompeio", "Mike Pomepo") finds each person whose name or alias is
    within one letter added, dropped or changed, and no other: checked against every name."""
    table = load_tenures()
    names = {fold(n) for r in table.rows for n in (r.person, *r.aliases)} - {""}
    # One letter changed, dropped, added, in a name's first letters and at its end.
    keys = {"mike pompeio", "mike pomepo", "ike pompeo", "mike pompe", "xmike pompeo"}
    for name in sorted(names)[::40]:
        keys |= {name[1:], name[:-1], "q" + name, name + "s", name[:1] + "z" + name[2:]}

    def one_edit(a: str, b: str) -> bool:
        if len(a) == len(b):
            return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
        short, long = sorted((a, b), key=len)
        return len(long) - len(short) == 1 and any(
            long[:i] + long[i + 1 :] == short for i in range(len(long))
        )

    for key in keys:
        if key in names or len(key.replace(" ", "")) < 6:
            continue
        rows, fuzzy = table.by_name(key)
        near = {n for n in names if len(n.replace(" ", "")) >= 6 and one_edit(key, n)}
        expected = {k for n in near for k in table.by_name(n)[0]}
        assert rows == expected, key
        assert fuzzy == bool(expected)
    assert table.by_name("mike pompeio") == (table.by_name("mike pompeo")[0], True)
