"""Names as other languages write them: inflected ("Владимира Путина", "Mateusza
Morawieckiego", "Sanna Marinin") and in Cyrillic letters ("Арсен Аваков").

`match_name` finds the tenure rows a name read with a title in another
language (`titles.py`) may stand for: the name as the table holds it (one
edit of tolerance), then by stems (a known word less one of its language's
nominative endings against the text's word less an oblique one, three
letters at least left; the endings are in `data/inflections.tsv`), then a
Cyrillic name's stems in Latin letters, then the surname alone (with a first
name, that first name must be the person's).
"""

from __future__ import annotations

import functools
import itertools
from collections import defaultdict
from collections.abc import Mapping, Sequence

from .tenures import TenureTable, _edits1, _surnames, fold

__all__ = ["Endings", "match_name", "named_earlier", "stems"]

# Per language: (nominative endings, oblique endings), folded, longest first.
Endings = Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]]
_MIN_STEM = 3


def stems(word: str, endings: tuple[str, ...]) -> set[str]:
    return {word} | {
        word[: -len(e)] for e in endings if word.endswith(e) and len(word) - len(e) >= _MIN_STEM
    }


class _Stems:
    """The table's names by their stems, per language (built on first use)."""

    def __init__(self, table: TenureTable) -> None:
        self._table = table
        self._built: dict[str, tuple[dict[str, set[int]], dict[str, set[int]]]] = {}

    def get(
        self, language: str, nominative: tuple[str, ...]
    ) -> tuple[dict[str, set[int]], dict[str, set[int]]]:
        found = self._built.get(language)
        if found is None:
            names: dict[str, set[int]] = defaultdict(set)
            surnames: dict[str, set[int]] = defaultdict(set)
            for variant in self._table._by_name:
                rows = self._table._by_name[variant]
                options = [sorted(stems(w, nominative)) for w in variant.split()]
                for combo in itertools.product(*options):
                    names[" ".join(combo)].update(rows)
                for surname in _surnames(variant):
                    if " " not in surname:
                        for stem in stems(surname, nominative):
                            surnames[stem].update(rows)
            found = self._built[language] = (dict(names), dict(surnames))
        return found


@functools.lru_cache(maxsize=4)
def _stems_for(table: TenureTable) -> _Stems:
    return _Stems(table)


def match_name(
    words: list[str], languages: Sequence[str], table: TenureTable, endings: Endings
) -> tuple[set[int], bool, bool]:
    """Rows the name (folded words) may stand for, its inflections read by the endings of
    `languages`: (rows, by surname alone, with one edit)."""
    rows, fuzzy = table.by_name(" ".join(words))
    if not rows and len(words) >= 3:
        rows, fuzzy = table.by_name(f"{words[0]} {words[-1]}")
    if rows:
        return rows, False, fuzzy
    for language in languages:
        names, _ = _stems_for(table).get(language, endings[language][0])
        oblique = endings[language][1]
        options = [sorted(stems(w, oblique)) for w in words]
        for combo in itertools.product(*options):
            rows |= names.get(" ".join(combo), set())
    if rows:
        return rows, False, False
    scripts = [x for x in languages if x in _LATIN] if any(map(_cyrillic, words)) else []
    for language in scripts:
        # "министра Арсена Авакова": the stems written in Latin letters ("arsen avakov").
        oblique = endings[language][1]
        options = [sorted({_latin(x, language) for x in stems(w, oblique)}) for w in words]
        for combo in itertools.product(*options):
            found, by_edit = table.by_name(" ".join(combo))
            rows |= found
            fuzzy = fuzzy or by_edit
    if rows:
        return rows, False, fuzzy
    surname = words[-1]
    rows = table.by_surname(surname)
    for language in languages:
        _, surnames = _stems_for(table).get(language, endings[language][0])
        for stem in stems(surname, endings[language][1]):
            rows |= surnames.get(stem, set())
            if language in scripts:
                rows |= table.by_surname(_latin(stem, language))
    if len(words) > 1:
        # "Wladimir Putin": the first name must be the person's, give or take one letter.
        firsts: set[str] = {words[0]}
        for language in languages:
            firsts |= stems(words[0], endings[language][1])
            if language in scripts:
                firsts |= {_latin(x, language) for x in stems(words[0], endings[language][1])}
        rows = {k for k in rows if _first_name_fits(table, k, firsts)}
    return rows, True, False


# Russian and Ukrainian letters as English news writes them in names (BGN/PCGN, the
# letters folded as the text is: "й" read as "и").
_LATIN = {
    "ru": str.maketrans({
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z",
        "и": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
        "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
        "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    }),
    "uk": str.maketrans({
        "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ye",
        "ж": "zh", "з": "z", "и": "y", "і": "i", "к": "k", "л": "l", "м": "m", "н": "n",
        "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh",
        "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "yu", "я": "ya", "'": "",
    }),
}  # fmt: skip


def _cyrillic(word: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in word)


def _latin(word: str, language: str) -> str:
    return word.translate(_LATIN[language])


def _first_name_fits(table: TenureTable, k: int, firsts: set[str]) -> bool:
    row = table.rows[k]
    for variant in (row.person, *row.aliases):
        first = fold(variant).split()[0] if fold(variant) else ""
        if any(_edits1(f, first) or (len(f) >= _MIN_STEM and first.startswith(f)) for f in firsts):
            return True
    return False


def named_earlier(
    surname: str, languages: Sequence[str], earlier: dict[str, set[int]], endings: Endings
) -> set[int]:
    """Rows of a person named in full before whose surname this (maybe inflected) one is."""
    forms = {surname}
    for language in languages:
        forms |= stems(surname, endings[language][1])
    return {k for form in forms for k in earlier.get(form, ())}
