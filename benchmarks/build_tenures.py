"""Regenerate `recycling/data/tenures.tsv`, the office-holder tenure table.

Reads `../shared/data/officeholders` (relative to the project root):

- `wikidata/all_holders21.csv` and `wikidata/world_holders21.csv`
  (`[repo,]position,person,personID,start,end`; Wikidata, CC0);
- `us-executive/executive.yaml` (US presidents and vice-presidents, CC0;
  read with a small reader for that file's simple structure);
- `uk-ifg/` (`appointment.csv` joined to `person.csv` and `post.csv`; IfG
  Ministers Database, CC BY 4.0);
- with `--legislators DIR`, a checkout of github.com/unitedstates/congress-legislators
  (CC0; commit dfa9622, the commit of `executive.yaml`): every US senator whose
  service ran past 1990, from `legislators-current.yaml` and
  `legislators-historical.yaml`. Without it, the senator rows already in the
  shipped table are kept as they are.

It keeps heads of state and government, vice-presidents, US senators, foreign, defence,
finance, interior and energy/oil ministers, attorneys general and the UN
Secretary-General, normalises each row (person, aliases, office key, country
code, English news titles, ISO start and end, source), and merges the
hand-entered `recycling/data/tenure_additions.tsv`: an addition replaces the
data rows of the same person, office and country whose interval overlaps its
own (a later end, a corrected date). US presidents and vice-presidents come
from the executive list and UK ministers from IfG, not from Wikidata. The
native-script spellings of `recycling/data/name_forms.tsv` ("Владимир Путин")
are added to the aliases of the rows of their person (names only: no dates).

The output is deterministic (sorted by country, office, start, person) and
the shipped TSV does not need the data at run time.

    python benchmarks/build_tenures.py [--data DIR] [--legislators DIR]
                                       [--out FILE | --check | --index]

Writing the shipped TSV also writes its prebuilt index (`data/tenures.index`,
what the heuristic loads at start); `--index` rewrites only the prebuilt
indexes, after a hand edit of a table: the tenures' and the office titles'
(`data/titles.index`, from `office_titles.tsv`, `title_words.tsv` and
`inflections.tsv`). Until then the heuristic builds a table whose index is
stale from its TSVs at every start, and a test fails.

`--check` writes nothing: it rebuilds the table in memory and exits 1 when
it differs from the shipped file (run it where the data is, after changing
this script or the additions).
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
from collections import Counter
from pathlib import Path

from reliability_heuristics.recycling import titles
from reliability_heuristics.recycling.tenures import (
    COLUMNS,
    INDEX,
    Tenure,
    build_index,
    fold,
    read_tenure_rows,
)
from tenure_readers import SENATE_SOURCE, aliases_for, clean, read_executive, senator_rows

from reliability.analysis import read_table

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "officeholders"
PACKAGE_DATA = ROOT / "plugins" / "reliability_heuristics" / "recycling" / "data"
OUT = PACKAGE_DATA / "tenures.tsv"
ADDITIONS = PACKAGE_DATA / "tenure_additions.tsv"
NAME_FORMS = PACKAGE_DATA / "name_forms.tsv"

REPO_COUNTRY = {
    "brazil-ministers": "BR", "china-ministers": "CN", "egypt-ministers": "EG",
    "france-cabinet": "FR", "india-ministers": "IN", "iran-ministers": "IR",
    "iraq-ministers": "IQ", "israel-ministers": "IL", "japan-ministers": "JP",
    "kazakhstan-cabinet": "KZ", "mexico-ministers": "MX", "nigeria": "NG",
    "pakistan-ministers": "PK", "russia-cabinet": "RU", "saudi-ministers": "SA",
    "south-africa-cabinet": "ZA", "south-korea-ministers": "KR", "spain-ministers": "ES",
    "sudan": "SD", "syria": "SY", "turkey-ministers": "TR", "ukraine-cabinet": "UA",
    "united-kingdom-cabinet": "GB", "us-cabinet": "US", "venezuela": "VE",
}  # fmt: skip

# Wikidata position labels (exact) → office key.
POSITIONS = {
    "President": "head_of_state",
    "King": "head_of_state",
    "monarch": "head_of_state",
    "Supreme Leader": "head_of_state",
    "Chairman of the Sovereignty Council": "head_of_state",
    "Chairman of the Transitional Military Council": "head_of_state",
    "Prime Minister": "head_of_government",
    "Premier of the State Council": "head_of_government",
    "Vice President": "vice_president",
    "First Vice President": "vice_president",
    "Minister of Foreign Affairs": "foreign_minister",
    "Minister for Foreign Affairs": "foreign_minister",
    "Minister of External Relations": "foreign_minister",
    "Minister of External Affairs": "foreign_minister",
    "Minister of Europe and Foreign Affairs": "foreign_minister",
    "Minister of Foreign Affairs and Cooperation": "foreign_minister",
    "Minister of Foreign Affairs, European Union and Foreign Aid": "foreign_minister",
    "Secretary of Foreign Affairs": "foreign_minister",
    "Minister of Defence": "defence_minister",
    "Minister of the Armed Forces": "defence_minister",
    "Minister of National Defence": "defence_minister",
    "Minister of Defence and Armed Forces Logistics": "defence_minister",
    "Minister of Defence and Military Veterans": "defence_minister",
    "Secretary of National Defense": "defence_minister",
    "Minister of Finance": "finance_minister",
    "Minister of the Treasury": "finance_minister",
    "Minister of Economic Affairs and Finance": "finance_minister",
    "Minister of the Economy, Finances and Industry": "finance_minister",
    "Secretary of Finance and Public Credit": "finance_minister",
    "Minister of Finance and Economy": "finance_minister",
    "Minister of Economy and Finance": "finance_minister",
    "Minister of Economy, Finance and Employment": "finance_minister",
    "Minister of Finance and Public Administration": "finance_minister",
    "Minister of Finance and Public Administrations": "finance_minister",
    "Minister of Finance and Economic Model": "finance_minister",
    "Minister of the Interior": "interior_minister",
    "Minister of Interior": "interior_minister",
    "Minister of Internal Affairs": "interior_minister",
    "Minister of Home Affairs": "interior_minister",
    "Minister of Interior Affairs": "interior_minister",
    "Minister of the Interior and Safety": "interior_minister",
    "Minister of the Interior, Justice and Peace": "interior_minister",
    "Minister of Energy": "energy_minister",
    "Minister of Fuel and Energy": "energy_minister",
    "Minister of Petroleum": "energy_minister",
    "Minister of Oil": "energy_minister",
    "Minister of Petroleum and Mineral Resources": "energy_minister",
    "Minister of Mines and Energy": "energy_minister",
    "Minister of Energy and Natural Resources": "energy_minister",
    "Minister of Petroleum and Natural Gas": "energy_minister",
    "Minister of Petroleum Resources": "energy_minister",
    "Minister of Oil and Mineral Reserves": "energy_minister",
    "Minister of Petroleum and Gas": "energy_minister",
    "Minister of Energy and Mining": "energy_minister",
    "Minister for Energy Transition": "energy_minister",
    "Minister of Electricity and Renewable Energy": "energy_minister",
    "Attorney General": "attorney_general",
    "Attorney-General": "attorney_general",
    "Secretary-General of the United Nations": "un_secretary_general",
}
# Labels that name one of these offices in one country only: Brazil's Ministry of
# Economy took over Finance in 2019; Mexico's Secretariat of Government (Gobernación)
# is its interior ministry.
COUNTRY_POSITIONS = {
    ("BR", "Minister of Economy"): "finance_minister",
    ("MX", "Secretary of Government"): "interior_minister",
}
# US cabinet labels; "Secretary of State" means foreign minister only there
# (and "Secretary of the Interior" is not an interior minister).
US_POSITIONS = {
    "Secretary of State": "foreign_minister",
    "Secretary of Defence": "defence_minister",
    "Secretary of the Treasury": "finance_minister",
    "Secretary of Homeland Security": "interior_minister",
    "Secretary of Energy": "energy_minister",
    "Attorney General": "attorney_general",
}
UK_POSTS = {
    "Prime Minister": "head_of_government",
    "Chancellor of the Exchequer": "finance_minister",
    "Attorney General": "attorney_general",
    "Secretary of State for Defence": "defence_minister",
    "Secretary of State for the Home Department": "interior_minister",
    "Secretary of State for Energy": "energy_minister",
    "Secretary of State for Energy Security and Net Zero": "energy_minister",
    "Secretary of State for Energy and Climate Change": "energy_minister",
    "Secretary of State for Business, Energy and Industrial Strategy": "energy_minister",
    "Secretary of State for Foreign and Commonwealth Affairs": "foreign_minister",
    "Secretary of State for Foreign, Commonwealth and Development Affairs": "foreign_minister",
}

MINISTER = {
    "foreign_minister": [
        "Foreign Minister",
        "Minister of Foreign Affairs",
        "Foreign Affairs Minister",
    ],
    "defence_minister": ["Defence Minister", "Defense Minister", "Minister of Defence"],
    "finance_minister": ["Finance Minister", "Minister of Finance"],
    "interior_minister": ["Interior Minister", "Minister of the Interior", "Home Minister"],
    "energy_minister": [
        "Energy Minister",
        "Minister of Energy",
        "Oil Minister",
        "Petroleum Minister",
        "Minister of Petroleum",
        "Minister of Oil",
    ],
}
US_TITLES = {
    "head_of_state": ["President"],
    "vice_president": ["Vice President", "VP"],
    "foreign_minister": ["Secretary of State", "Secretary", "top diplomat"],
    "defence_minister": [
        "Secretary of Defense",
        "Defense Secretary",
        "Secretary of War",
        "War Secretary",
        "Pentagon chief",
        "Secretary",
    ],
    "finance_minister": ["Secretary of the Treasury", "Treasury Secretary", "Secretary"],
    "interior_minister": [
        "Secretary of Homeland Security",
        "Homeland Security Secretary",
        "DHS Secretary",
        "Secretary",
    ],
    "energy_minister": ["Secretary of Energy", "Energy Secretary", "Secretary"],
    "attorney_general": ["Attorney General", "AG"],
}
UK_TITLES = {
    "head_of_government": ["Prime Minister", "PM", "Premier"],
    "foreign_minister": [
        "Foreign Secretary",
        "Secretary of State for Foreign Affairs",
        "Foreign Minister",
        "Secretary",
    ],
    "defence_minister": [
        "Defence Secretary",
        "Secretary of State for Defence",
        "Defence Minister",
        "Secretary",
    ],
    "finance_minister": ["Chancellor", "Chancellor of the Exchequer", "Finance Minister"],
    "interior_minister": ["Home Secretary", "Interior Minister", "Secretary"],
    "energy_minister": ["Energy Secretary", "Business Secretary", "Energy Minister", "Secretary"],
    "attorney_general": ["Attorney General"],
}


def titles_for(office: str, country: str, position: str = "") -> list[str]:
    """The titles English news gives this office in this country."""
    if country == "US" and office in US_TITLES:
        return US_TITLES[office]
    if country == "GB" and office in UK_TITLES:
        return UK_TITLES[office]
    if office == "head_of_state":
        if position in ("King", "monarch"):
            return ["King", "Queen", "Monarch"]
        if position == "Supreme Leader":
            return ["Supreme Leader", "Ayatollah"]
        if position.startswith("Chairman"):
            return ["Chairman of the Sovereignty Council", "Chairman", "General", "Leader"]
        return ["President", "Head of State"]
    if office == "head_of_government":
        return (
            ["Premier", "Prime Minister"]
            if country == "CN"
            else ["Prime Minister", "Premier", "PM"]
        )
    if office == "vice_president":
        return ["Vice President", "First Vice President", "VP"]
    if office in MINISTER:
        extra = []
        if country == "IN" and office == "foreign_minister":
            extra = ["External Affairs Minister"]
        if country == "MX":
            extra = {
                "foreign_minister": ["Foreign Secretary"],
                "finance_minister": ["Finance Secretary"],
                "defence_minister": ["Defense Secretary"],
                "energy_minister": ["Energy Secretary"],
                "interior_minister": ["Interior Secretary", "Secretary of the Interior"],
            }.get(office, [])
        return [*MINISTER[office], *extra, "Minister"]
    if office == "attorney_general":
        return ["Attorney General"]
    if office == "un_secretary_general":
        return ["Secretary-General", "UN Secretary-General", "UN chief", "Secretary General"]
    return []


def wikidata_rows(data: Path) -> list[Tenure]:
    rows: list[Tenure] = []
    with (data / "wikidata" / "all_holders21.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            country = REPO_COUNTRY.get(r["repo"])
            if country is None or not r["person"] or not r["start"]:
                continue
            if country == "US":
                office = US_POSITIONS.get(r["position"])  # presidents from executive.yaml
            elif country == "GB":
                office = "head_of_state" if r["position"] == "monarch" else None  # rest from IfG
            else:
                office = POSITIONS.get(r["position"]) or COUNTRY_POSITIONS.get(
                    (country, r["position"])
                )
            if office is None:
                continue
            rows.append(
                Tenure(
                    person=clean(r["person"]),
                    aliases=tuple(aliases_for(r["person"])),
                    office=office,
                    country=country,
                    titles=tuple(titles_for(office, country, r["position"])),
                    start=r["start"],
                    end=r["end"],
                    source=f"wikidata:{r['personID']}",
                )
            )
    with (data / "wikidata" / "world_holders21.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            office = POSITIONS.get(r["position"])
            if office != "un_secretary_general" or not r["start"]:
                continue
            rows.append(
                Tenure(
                    person=clean(r["person"]),
                    aliases=tuple(aliases_for(r["person"])),
                    office=office,
                    country="UN",
                    titles=tuple(titles_for(office, "UN")),
                    start=r["start"],
                    end=r["end"],
                    source=f"wikidata:{r['personID']}",
                )
            )
    return rows


def executive_rows(data: Path) -> list[Tenure]:
    rows: list[Tenure] = []
    for p in read_executive(data / "us-executive" / "executive.yaml"):
        name: dict[str, str] = p["name"]  # type: ignore[assignment]
        first, last = name["first"], name["last"]
        initials = " ".join(f"{m[0]}." for m in name.get("middle", "").split())
        person = name.get("official_full") or " ".join(x for x in (first, initials, last) if x)
        others = [f"{first} {last}"]
        if initials:
            others.append(f"{first} {initials} {last}")
        if name.get("nickname"):
            others.append(f"{name['nickname']} {name['last']}")
        merged: list[list[str]] = []  # [type, start, end]
        for t in p["terms"]:  # type: ignore[attr-defined]
            if merged and merged[-1][0] == t["type"] and merged[-1][2] == t["start"]:
                merged[-1][2] = t["end"]
            else:
                merged.append([t["type"], t["start"], t["end"]])
        for kind, start, end in merged:
            if end < "1945":
                continue
            office = "head_of_state" if kind == "prez" else "vice_president"
            rows.append(
                Tenure(
                    person=person,
                    aliases=tuple(a for a in aliases_for(person, others) if a != person),
                    office=office,
                    country="US",
                    titles=tuple(titles_for(office, "US")),
                    start=start,
                    end=end,
                    source="us-executive",
                )
            )
    return rows


def ifg_rows(data: Path) -> list[Tenure]:
    folder = data / "uk-ifg"
    with (folder / "post.csv").open(encoding="utf-8") as f:
        posts = {r["id"]: r["name"] for r in csv.DictReader(f)}
    names: dict[str, list[dict[str, str]]] = {}
    with (folder / "person.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            names.setdefault(r["id"], []).append(r)
    rows: list[Tenure] = []
    with (folder / "appointment.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            office = UK_POSTS.get(posts.get(r["post_id"], ""))
            if office is None:
                continue
            forms = sorted({n["name"] for n in names.get(r["person_id"], [])})
            plain = [n for n in forms if not n.startswith(("Lord ", "Baroness ", "Lady ", "Sir "))]
            person = plain[0] if plain else forms[0]
            rows.append(
                Tenure(
                    person=person,
                    aliases=tuple(aliases_for(person, [n for n in forms if n != person])),
                    office=office,
                    country="GB",
                    titles=tuple(titles_for(office, "GB")),
                    start=r["start_date"],
                    end=r["end_date"],
                    source="ifg",
                )
            )
    return rows


def _overlaps(a: Tenure, b: Tenure) -> bool:
    a_end = a.end or "9999"
    b_end = b.end or "9999"
    return a.start[: len(b_end)] <= b_end and b.start[: len(a_end)] <= a_end


def merge(rows: list[Tenure], additions: list[Tenure]) -> tuple[list[Tenure], int]:
    """Rows with additions merged in; an addition replaces overlapping rows of its person."""
    kept: list[Tenure] = []
    replaced = 0
    for row in rows:
        if any(
            fold(a.person) == fold(row.person)
            and a.office == row.office
            and a.country == row.country
            and _overlaps(a, row)
            for a in additions
        ):
            replaced += 1
            continue
        kept.append(row)
    out = []
    for a in additions:
        titles = a.titles or tuple(titles_for(a.office, a.country))
        aliases = tuple(sorted(set(a.aliases) | set(aliases_for(a.person))))
        out.append(Tenure(a.person, a.office, a.country, a.start, a.end, titles, aliases, a.source))
    return kept + out, replaced


def with_name_forms(rows: list[Tenure], table: list[list[str]]) -> list[Tenure]:
    """Rows with the native-script spellings of `name_forms.tsv` added to their aliases
    (a person the rows do not hold, as in a partial rebuild, is passed over)."""
    forms: dict[str, set[str]] = {}
    for person, cell, _source in table:
        forms.setdefault(fold(person), set()).update(f for f in cell.split("|") if f)
    out = []
    for r in rows:
        extra = forms.get(fold(r.person), set()) - set(r.aliases) - {r.person}
        if extra:
            r = Tenure(
                r.person, r.office, r.country, r.start, r.end, r.titles,
                tuple(sorted({*r.aliases, *extra})), r.source,
            )  # fmt: skip
        out.append(r)
    return out


def build(data: Path, legislators: Path | None = None) -> tuple[list[Tenure], Counter[str]]:
    rows = wikidata_rows(data) + executive_rows(data) + ifg_rows(data)
    rows += senator_rows(legislators, OUT)
    rows = sorted(set(rows), key=_order)
    additions = read_tenure_rows(ADDITIONS.read_text(encoding="utf-8").splitlines())
    merged, replaced = merge(rows, additions)
    merged = with_name_forms(merged, read_table(NAME_FORMS, ("person", "forms", "source")))
    merged = sorted(set(merged), key=_order)
    counts: Counter[str] = Counter()
    for row in merged:
        if row.source.startswith("wikidata:"):
            counts["wikidata"] += 1
        elif row.source in ("us-executive", "ifg", SENATE_SOURCE):
            counts[row.source] += 1
        else:
            counts["additions"] += 1
    counts["replaced by additions"] = replaced
    return merged, counts


def _order(row: Tenure) -> tuple[str, ...]:
    return (row.country, row.office, row.start, row.person, row.end, row.source)


HEADER = """\
# Office-holder tenures: built by benchmarks/build_tenures.py; do not edit by hand.
# Sources: Wikidata (CC0) via every-politician-scrapers holders21 (wikidata:QID);
# unitedstates/congress-legislators executive.yaml (CC0) (us-executive) and
# legislators-current/-historical.yaml, senators (CC0) (us-legislators);
# Institute for Government, IfG Ministers Database (CC BY 4.0) (ifg);
# rows whose source is a named public record are hand-entered additions from
# tenure_additions.tsv. Dates at source precision (YYYY, YYYY-MM, YYYY-MM-DD);
# an empty end is open (for Wikidata rows: no end known at the 2022 snapshot).
"""


def write(rows: list[Tenure], out: Path) -> None:
    lines = [HEADER.rstrip("\n"), "\t".join(COLUMNS)]
    for r in rows:
        fields = [
            r.person,
            "|".join(r.aliases),
            r.office,
            r.country,
            "|".join(r.titles),
            r.start,
            r.end,
            r.source,
        ]
        if any("\t" in x or "\n" in x for x in fields):
            raise ValueError(f"tab or newline in {fields}")
        lines.append("\t".join(fields))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument(
        "--legislators",
        type=Path,
        default=None,
        help="a checkout of unitedstates/congress-legislators (senators); "
        "without it the shipped senator rows are kept",
    )
    parser.add_argument(
        "--check", action="store_true", help="compare a rebuild with the shipped table"
    )
    parser.add_argument(
        "--index",
        action="store_true",
        help="only rewrite the prebuilt indexes (data/tenures.index, data/titles.index) "
        "from the shipped TSVs",
    )
    args = parser.parse_args(argv)
    if args.index:
        INDEX.write_bytes(build_index(OUT))
        print(f"{INDEX} written from {OUT}")
        titles.INDEX.write_bytes(titles.build_index())
        print(f"{titles.INDEX} written from {', '.join(p.name for p in titles.TABLES)}")
        return 0
    if not args.data.is_dir():
        print(
            f"build_tenures: the office-holder data is not at {args.data} "
            "(expected ../shared/data/officeholders next to the project)",
            file=sys.stderr,
        )
        return 2
    rows, counts = build(args.data, args.legislators)
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            rebuilt = Path(tmp) / "tenures.tsv"
            write(rows, rebuilt)
            same = rebuilt.read_bytes() == OUT.read_bytes()
        print(f"{OUT} is {'up to date' if same else 'out of date: run without --check'}")
        return 0 if same else 1
    write(rows, args.out)
    print(f"{len(rows)} tenures written to {args.out}")
    if args.out == OUT:
        INDEX.write_bytes(build_index(OUT))
        print(f"and its prebuilt index to {INDEX}")
    for key, n in sorted(counts.items()):
        print(f"  {key}: {n}")
    for key, n in sorted(Counter(r.office for r in rows).items()):
        print(f"  office {key}: {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
