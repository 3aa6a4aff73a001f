"""Readers and name helpers for `build_tenures.py`.

- `read_executive`: a minimal reader for the unitedstates/congress-legislators
  YAML files (`executive.yaml`, `legislators-*.yaml`): a list of persons with
  `name` and `terms`;
- `senator_rows`: US senators serving after 1990, from those files (CC0);
- `aliases_for`: the other spellings of a person's name.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from reliability_heuristics.recycling.tenures import Tenure, read_tenure_rows

__all__ = ["SENATE_SOURCE", "US_STATES", "aliases_for", "clean", "read_executive", "senator_rows"]

TRANSLITERATIONS = [
    ("Sergey", "Sergei"), ("Aleksandr", "Alexander"), ("Alexandr", "Alexander"),
    ("Dmitry", "Dmitri"), ("Yevgeny", "Evgeny"), ("Yuriy", "Yuri"), ("Yury", "Yuri"),
    ("Andrey", "Andrei"), ("Aleksey", "Alexei"), ("Alexey", "Alexei"),
    ("Nikolay", "Nikolai"), ("Arseniy", "Arseny"), ("Volodymyr", "Vladimir"),
    ("Oleksiy", "Oleksii"), ("Dmytro", "Dmitry"), ("Mohammad", "Mohammed"),
    ("Muhammad", "Mohammed"),
]  # fmt: skip


def aliases_for(person: str, others: Iterable[str] = ()) -> list[str]:
    """Other spellings: without a disambiguator, transliteration variants, accent-free."""
    forms = {clean(person), *others}
    for form in list(forms):
        words = form.split()
        for a, b in TRANSLITERATIONS:
            for x, y in ((a, b), (b, a)):
                if x in words:
                    forms.add(" ".join(y if w == x else w for w in words))
    for form in list(forms):
        # "Mark T. Esper" → "Mark Esper"; "Thomas A. Shannon, Jr." → "Thomas Shannon"
        words = [w for w in form.replace(",", "").split() if len(w.rstrip(".")) != 1]
        words = [w for w in words if w not in ("Jr.", "Sr.", "Jr", "Sr")]
        if len(words) >= 2:
            forms.add(" ".join(words))
    for form in list(forms):
        decomposed = unicodedata.normalize("NFKD", form)
        forms.add("".join(c for c in decomposed if not unicodedata.combining(c)))
    return sorted(f for f in forms if f and f != person)


def clean(person: str) -> str:
    return person.split(" (")[0].strip()


def read_executive(path: Path) -> list[dict[str, object]]:
    """A minimal reader for executive.yaml: a list of persons with `name` and `terms`."""
    people: list[dict[str, object]] = []
    person: dict[str, object] | None = None
    section = ""
    term: dict[str, str] | None = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        if raw.startswith("- "):
            person = {"name": {}, "terms": []}
            people.append(person)
            raw = "  " + raw[2:]
        if person is None:
            continue
        indent = len(raw) - len(raw.lstrip())
        line = raw.strip()
        if indent == 2 and not line.startswith("- "):
            section = line.rstrip(":").split(":")[0]
            continue
        key, _, value = line.lstrip("- ").partition(":")
        value = value.strip().strip("'\"")
        if section == "name" and indent == 4:
            person["name"][key] = value  # type: ignore[index]
        elif section == "terms":
            if line.startswith("- "):
                term = {}
                person["terms"].append(term)  # type: ignore[attr-defined]
            if term is not None and indent in (2, 4):
                term[key.strip()] = value
    return people


US_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa",
    "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
    "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi",
    "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire",
    "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina",
    "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee",
    "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
}  # fmt: skip
SENATE_SOURCE = "us-legislators"


def senator_rows(folder: Path | None, shipped: Path) -> list[Tenure]:
    """US senators serving after 1990, one row per unbroken stretch of terms; without the
    data, the senator rows of the shipped table."""
    if folder is None or not (folder / "legislators-current.yaml").is_file():
        if not shipped.is_file():
            return []
        shipped_rows = read_tenure_rows(shipped.read_text(encoding="utf-8").splitlines())
        return [r for r in shipped_rows if r.source == SENATE_SOURCE]
    rows: list[Tenure] = []
    for name_ in ("legislators-historical.yaml", "legislators-current.yaml"):
        for p in read_executive(folder / name_):
            terms = [t for t in p["terms"] if t.get("type") == "sen"]  # type: ignore[attr-defined]
            if not terms or max(t["end"] for t in terms) < "1990":
                continue
            name: dict[str, str] = p["name"]  # type: ignore[assignment]
            person = name.get("official_full") or f"{name['first']} {name['last']}"
            others = [f"{name['first']} {name['last']}"]
            if name.get("nickname"):
                others.append(f"{name['nickname']} {name['last']}")
            stretches: list[dict[str, str]] = []
            for t in sorted(terms, key=lambda t: t["start"]):
                last = stretches[-1] if stretches else None
                if last and last["state"] == t["state"] and _days(last["end"], t["start"]) <= 7:
                    last.update(end=t["end"], party=t.get("party", ""))
                else:
                    stretches.append(dict(t))
            for t in stretches:
                if t["end"] < "1990":
                    continue
                rows.append(
                    Tenure(person, "senator", "US", t["start"], t["end"],
                           _senate_titles(t["state"], t.get("party", "")),
                           tuple(a for a in aliases_for(person, others) if a != person),
                           SENATE_SOURCE)
                )  # fmt: skip
    return rows


def _days(a: str, b: str) -> int:
    return (dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days


def _senate_titles(state: str, party: str) -> tuple[str, ...]:
    forms = ["Senator", "Sen.", "U.S. Senator", "U.S. Sen.", "United States Senator"]
    where = US_STATES.get(state)
    if where:
        forms += [f"{where} Senator", f"{where} Sen."]
    lead = {"Republican": ["Republican", "GOP"], "Democrat": ["Democratic"]}.get(party, [])
    forms += [f"{p} {f}" for p in lead for f in ("Senator", "Sen.")]
    return tuple(forms)
