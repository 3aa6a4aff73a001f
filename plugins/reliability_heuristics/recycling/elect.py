"""An office-holder named as elected but not yet in office: "President-elect Joe Biden".

A head of state or of government is "president-elect" ("presidente electo",
"président élu", "избранный президент") between the election and the day the
tenure begins. A text that names someone so was written in that time: from
`ELECT_DAYS` before the tenure of the table (`tenures.py`) began to the day it
began (two-sided). The longest such wait among the countries of the table is
about eight months (Indonesia: an election in February or April, the oath in
October). A person who took the office more than once ("President-elect Trump":
2017 and 2025) gives one alternative per tenure, and the rest of the evidence
picks one (see `resolve.choose_alternatives`). "then-President-elect" and
"former president-elect" tell of the past and are not read.

The name is read from the capitalised words straight after the title, in
full ("Maia Sandu", "Майя Санду") or by surname when the office picks out one
person ("President-elect Biden"). Found by one regex search over the text.
"""

from __future__ import annotations

import re
from functools import cache

from reliability.analysis import Analysis

from .constraints import Constraint, parse_partial
from .tenures import TenureTable, fold

__all__ = ["ELECT_DAYS", "elect_constraints"]

ELECT_DAYS = 240  # the longest wait from an election to the oath, and some margin

_HEAD_OF_STATE = "president"
_HEAD_OF_GOVERNMENT = "prime minister"
# The title words, by the office they name; "vice" is read apart.
_OFFICES = {
    "president": _HEAD_OF_STATE, "presidente": _HEAD_OF_STATE, "presidenta": _HEAD_OF_STATE,
    "président": _HEAD_OF_STATE, "présidente": _HEAD_OF_STATE, "präsident": _HEAD_OF_STATE,
    "präsidentin": _HEAD_OF_STATE, "президент": _HEAD_OF_STATE,
    "prime minister": _HEAD_OF_GOVERNMENT, "premier": _HEAD_OF_GOVERNMENT,
    "chancellor": _HEAD_OF_GOVERNMENT, "primer ministro": _HEAD_OF_GOVERNMENT,
    "primo ministro": _HEAD_OF_GOVERNMENT, "premier ministre": _HEAD_OF_GOVERNMENT,
}  # fmt: skip
# The offices of the table each title may name.
_TABLE_OFFICES = {
    _HEAD_OF_STATE: frozenset({"head_of_state"}),
    _HEAD_OF_GOVERNMENT: frozenset({"head_of_government"}),
    "vice president": frozenset({"vice_president"}),
}
_CUE = (
    r"(?<![\w-])(?:"
    # English: "President-elect", "Prime Minister-elect", "Vice President-elect".
    r"(?P<en_vice>vice[- ])?(?P<en>president|prime minister|premier|chancellor)[- ]elect"
    # The elect word after the title: "presidente electo", "président élu".
    r"|(?P<ro>presidente|presidenta|président|présidente|primer ministro|primo ministro"
    r"|premier ministre)\s+(?:electo|electa|eleito|eleita|élu|élue|eletto|eletta)"
    # The elect word before the title: "избранный президент", "designierte Präsident".
    r"|(?:избранн|новоизбранн|обран|новообран)[а-яіїє]*\s+(?P<ru>президент)[а-яіїє]*"
    r"|(?:gewählte|designierte|neugewählte)[nr]?\s+(?:\w{2,4}-)?(?P<de>präsident(?:in)?)(?:en)?"
    r")(?![\w-])"
)
# The words of the text (as the shared analysis folds them) of which one must be there for
# the regex to be tried: most texts hold none.
_ENDINGS_RU = ("ый", "ого", "ому", "ым", "ом", "ая", "ой", "ую", "ые", "ых", "ыми")
_ENDINGS_UK = ("ий", "ого", "ому", "им", "а", "ої", "ій", "у", "і", "их", "ими")
_TRIGGERS = frozenset(
    {
        "elect", "president-elect", "minister-elect", "premier-elect", "chancellor-elect",
        "electo", "electa", "eleito", "eleita", "élu", "élue", "eletto", "eletta",
        *(w + n for w in ("gewählte", "designierte", "neugewählte") for n in ("", "n", "r")),
        *(f"{s}{e}" for s in ("избранн", "новоизбранн") for e in _ENDINGS_RU),
        *(f"{s}{e}" for s in ("обран", "новообран") for e in _ENDINGS_UK),
    }
)  # fmt: skip
_PAST = r"(?:then|former|ex|late|бывш\w*|ex-)[- ]?\Z"
# The words after the title: a country's name or the person's ("Молдовы Майя Санду").
_NAME_WORD = r"[ \t]+(?P<w>[^\W\d_][\w'’.-]*)"
_MAX_WORDS = 4


def elect_constraints(doc: Analysis, table: TenureTable) -> list[Constraint]:
    """Each office-holder named as elected, not yet in office (see the module docstring)."""
    if _TRIGGERS.isdisjoint(doc.folded.words):
        return []  # the common case: no word of an elect title
    text = doc.text
    out: list[Constraint] = []
    cue, past, _ = _patterns()
    for m in cue.finditer(text):
        if past.search(text, max(0, m.start() - 8), m.start()):
            continue
        word = next(m[g] for g in ("en", "ro", "ru", "de") if m[g])
        office = _OFFICES.get(" ".join(word.casefold().split()), _HEAD_OF_STATE)
        if m["en_vice"]:
            office = "vice president"
        found = _person(text, m.end(), table, _TABLE_OFFICES[office])
        if found is None:
            continue
        end, rows = found
        alternatives: list[tuple[int, int]] = []
        for k in rows:
            start = parse_partial(table.rows[k].start)
            if start is not None:
                alternatives.append((start[0] - ELECT_DAYS, start[1] + 1))
        if not alternatives:
            continue
        alternatives.sort()
        who = table.rows[rows[0]].person
        reason = f"{who} named as elected, not yet in office: written before the tenure began"
        out.append(
            Constraint("office-elect", m.start(), end, text[m.start() : end],
                       alternatives[0][0], alternatives[-1][1], reason,
                       tuple(alternatives) if len(alternatives) > 1 else (),
                       alternatives[-1][1] if len(alternatives) == 1 else None)
        )  # fmt: skip
    return out


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The regexes of the elect titles, of a past before one and of a word of a name,
    compiled on first use (few texts hold an elect word)."""
    return (
        re.compile(_CUE, re.IGNORECASE),
        re.compile(_PAST, re.IGNORECASE),
        re.compile(_NAME_WORD),
    )


def _person(
    text: str, at: int, table: TenureTable, offices: frozenset[str]
) -> tuple[int, list[int]] | None:
    """(end of the name, rows of its tenures in `offices`) of the one person named by the
    capitalised words after `at`; None when they name none or several."""
    name_word = _patterns()[2]
    words: list[tuple[str, int]] = []
    while len(words) < _MAX_WORDS:
        w = name_word.match(text, at)
        if w is None or not w["w"][0].isupper():
            break
        word = w["w"].rstrip(".")
        head, sep, _ = word.replace("’", "'").partition("'")
        words.append((head if sep else word, w.start("w") + len(head if sep else word)))
        at = w.end()
        if sep:
            break  # "Biden's": the name ends here
    for i in range(len(words)):  # the longest run of words that names someone, first
        for j in range(len(words), i, -1):
            key = fold(" ".join(w for w, _ in words[i:j]))
            rows = table.by_name(key)[0] if j - i > 1 else set()
            if not rows and j - i == 1 and i == 0:
                rows = table.by_surname(key)
            rows = {k for k in rows if table.rows[k].office in offices}
            if rows and len({table.person_key(k) for k in rows}) == 1:
                return words[j - 1][1], sorted(rows)
    return None
