"""The age of a well-known person whose birth date is known: the year of writing.

"Bernie Sanders, 74, told the crowd", with Sanders born on 1941-09-08, was
written between 2015-09-08 and 2016-09-07: he was 74 then (two-sided). The
people and their birth (and death) dates are in `data/births.tsv`. The person
is named in full (or by a surname no one else of the table bears, after a full
mention in the same text) right before the age, "Sanders, 74," or "Sanders
(74)", or in full right after "the 74-year-old". An age given for someone
who has died is read only when it is not the age at death: "Elizabeth II, 96,
died" is told for years after.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from reliability.analysis import Analysis, read_table

from .constraints import Constraint, parse_partial
from .tenures import fold

__all__ = ["Born", "age_of_known_people", "load_births"]


class Born:
    """One person of the table: display name, birth date, death date (or None)."""

    __slots__ = ("born", "died", "person")

    def __init__(self, person: str, born: dt.date, died: dt.date | None) -> None:
        self.person = person
        self.born = born
        self.died = died


@lru_cache(maxsize=1)
def load_births() -> dict[str, Born]:
    """The shipped table, by each folded full name (the person's and the aliases)."""
    body = read_table(Path(__file__).resolve().parent / "data" / "births.tsv", 5)
    out: dict[str, Born] = {}
    for person, aliases, born, died, _source in body:
        b, d = parse_partial(born), parse_partial(died) if died else None
        if b is None or b[0] != b[1] or (died and (d is None or d[0] != d[1])):
            raise ValueError(f"births.tsv: {person}: dates must be full days: {born!r} {died!r}")
        row = Born(person, dt.date.fromordinal(b[0]), dt.date.fromordinal(d[0]) if d else None)
        for name in (person, *aliases.split("|")):
            if name:
                out[fold(name)] = row
    return out


_AFTER = re.compile(r", (\d{1,3}),|,? ?[(（](\d{1,3})[)）]")
_BEFORE = re.compile(r"(?<![\w-])(\d{1,3})-year-old\s+$")


def _birthday(born: dt.date, years: int) -> dt.date:
    try:
        return born.replace(year=born.year + years)
    except ValueError:  # born on 29 February
        return dt.date(born.year + years, 3, 1)


def age_of_known_people(doc: Analysis, keys: Sequence[str] | None = None) -> list[Constraint]:
    """Each age given for a person of the table: written while the person had that age.

    `keys`: each of `doc.names` folded (`tenures.fold`), when the caller has them."""
    table = load_births()
    shared = _shared_surnames()
    by_surname: dict[str, Born] = {}
    out: list[Constraint] = []
    seen: set[tuple[str, int]] = set()
    text = doc.text
    if keys is None:
        keys = [fold(n.text) for n in doc.names]
    for name, key in zip(doc.names, keys, strict=True):
        row = table.get(key)
        if row is not None and key.split()[-1] not in shared:
            by_surname[key.split()[-1]] = row
        elif row is None and " " not in key:
            row = by_surname.get(key)
        if row is None:
            continue
        found = _age_near(text, name.start, name.end, full=" " in key)
        if found is None:
            continue
        age, start, end = found
        c = _constraint(doc, row, age, start, end)
        if c is not None and (row.person, age) not in seen:
            seen.add((row.person, age))
            out.append(c)
    return out


@lru_cache(maxsize=1)
def _shared_surnames() -> frozenset[str]:
    """Surnames of more than one person of the table ("Clinton": Bill, Hillary, Chelsea): a
    surname alone does not tell which of them is meant."""
    people: dict[str, set[str]] = {}
    for key, row in load_births().items():
        people.setdefault(key.split()[-1], set()).add(row.person)
    return frozenset(s for s, ps in people.items() if len(ps) > 1)


def _age_near(text: str, start: int, end: int, full: bool) -> tuple[int, int, int] | None:
    """(age, span start, span end) of an age told right after or before the name; before
    it, only for a full name ("a 78-year-old Trump supporter" is not Trump's age)."""
    m = _AFTER.match(text, end)
    if m is not None:
        if m.group(1) is not None:
            return int(m.group(1)), start, m.end(1)  # "Sanders, 74": the comma after left out
        return int(m.group(2)), start, m.end()  # "Sanders (74)": the bracket taken in
    m = _BEFORE.search(text, max(0, start - 20), start) if full else None
    if m is not None:
        return int(m.group(1)), m.start(1), end
    return None


def _constraint(doc: Analysis, row: Born, age: int, start: int, end: int) -> Constraint | None:
    if not 0 < age < 120:
        return None
    lo = _birthday(row.born, age)
    hi = _birthday(row.born, age + 1) - dt.timedelta(days=1)
    if row.died is not None and hi >= row.died:
        return None  # the age at death (told for years after), or an age never reached
    reason = (
        f"{row.person}, born {row.born.isoformat()}, aged {age}: written between "
        f"{lo.isoformat()} and {hi.isoformat()}"
    )
    return Constraint(
        "age", start, end, doc.text[start:end], lo.toordinal(), hi.toordinal(), reason, (),
        hi.toordinal(),
    )  # fmt: skip
