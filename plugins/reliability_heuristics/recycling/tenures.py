"""Who held which office, and when: the tenure table.

`data/tenures.tsv` is built by `benchmarks/build_tenures.py` from public data
(Wikidata, the unitedstates executive list, the IfG Ministers Database) and the
hand-entered `data/tenure_additions.tsv`. One row per tenure: `person`,
`aliases` (`|`-separated; native-script spellings from `data/name_forms.tsv`),
`office` (a role key such as `foreign_minister`),
`country` (ISO-like code; `UN` for the United Nations), `titles` (`|`-separated
titles as English news writes them: "Secretary of State", "Oil Minister"; titles
in other languages are in `data/office_titles.tsv`, read by `titles.py`),
`start` and `end` (ISO dates at the source's precision, `YYYY`, `YYYY-MM` or
`YYYY-MM-DD`; an empty end is open) and `source`.

The table is read from a prebuilt index (`data/tenures.index`, written by
`benchmarks/build_tenures.py` beside the TSV, with the TSV's SHA-256) rather
than rebuilt at every start; when the TSV has changed since, the index is
ignored and the table built from the TSV. Office-holders named in a text are
found by `offices.find_office_holders`.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import zlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path

import msgspec

from reliability.analysis import fold as toolkit_fold

__all__ = [
    "COLUMNS",
    "COUNTRY_WORDS",
    "DEFAULT_TITLES",
    "Tenure",
    "TenureTable",
    "fold",
    "load_tenures",
    "normalise_title",
    "read_tenure_rows",
]

COLUMNS = ("person", "aliases", "office", "country", "titles", "start", "end", "source")

# Titles for an office when a row gives none (extra rows from configuration).
DEFAULT_TITLES: Mapping[str, tuple[str, ...]] = {
    "head_of_state": ("President", "Head of State"),
    "head_of_government": ("Prime Minister", "Premier", "PM"),
    "vice_president": ("Vice President", "VP"),
    "foreign_minister": ("Foreign Minister", "Minister of Foreign Affairs", "Minister"),
    "defence_minister": ("Defence Minister", "Defense Minister", "Minister of Defence", "Minister"),
    "finance_minister": ("Finance Minister", "Minister of Finance", "Minister"),
    "interior_minister": ("Interior Minister", "Minister of the Interior", "Minister"),
    "energy_minister": ("Energy Minister", "Oil Minister", "Minister of Energy", "Minister"),
    "attorney_general": ("Attorney General",),
    "un_secretary_general": ("Secretary-General", "UN Secretary-General", "UN chief"),
}

# Words that name a country inside a title ("Russian President", "U.S.
# Secretary of State"), folded; two-word forms are matched as pairs.
COUNTRY_WORDS: Mapping[str, str] = {
    "us": "US", "american": "US", "united states": "US", "america": "US",
    "uk": "GB", "british": "GB", "britain": "GB", "united kingdom": "GB",
    "russian": "RU", "russia": "RU", "kremlin": "RU",
    "venezuelan": "VE", "venezuela": "VE",
    "chinese": "CN", "china": "CN",
    "iranian": "IR", "iran": "IR",
    "israeli": "IL", "israel": "IL",
    "ukrainian": "UA", "ukraine": "UA",
    "turkish": "TR", "turkey": "TR", "turkiye": "TR",
    "french": "FR", "france": "FR",
    "indian": "IN", "india": "IN",
    "japanese": "JP", "japan": "JP",
    "brazilian": "BR", "brazil": "BR",
    "mexican": "MX", "mexico": "MX",
    "south korean": "KR", "south korea": "KR", "korean": "KR",
    "egyptian": "EG", "egypt": "EG",
    "iraqi": "IQ", "iraq": "IQ",
    "nigerian": "NG", "nigeria": "NG",
    "pakistani": "PK", "pakistan": "PK",
    "saudi": "SA", "saudi arabian": "SA", "saudi arabia": "SA",
    "syrian": "SY", "syria": "SY",
    "south african": "ZA", "south africa": "ZA",
    "spanish": "ES", "spain": "ES",
    "sudanese": "SD", "sudan": "SD",
    "kazakh": "KZ", "kazakhstani": "KZ", "kazakhstan": "KZ",
    "un": "UN", "united nations": "UN",
    "german": "DE", "germany": "DE", "italian": "IT", "italy": "IT",
    "canadian": "CA", "canada": "CA", "australian": "AU", "australia": "AU",
    "new zealand": "NZ", "finnish": "FI", "finland": "FI",
    "philippine": "PH", "philippines": "PH", "filipino": "PH",
    "polish": "PL", "poland": "PL", "dutch": "NL", "netherlands": "NL",
    "irish": "IE", "ireland": "IE", "greek": "GR", "greece": "GR",
    "portuguese": "PT", "portugal": "PT", "austrian": "AT", "austria": "AT",
    "argentine": "AR", "argentinian": "AR", "argentina": "AR",
    "colombian": "CO", "colombia": "CO", "chilean": "CL", "chile": "CL",
    "peruvian": "PE", "peru": "PE", "indonesian": "ID", "indonesia": "ID",
    "taiwanese": "TW", "taiwan": "TW", "kenyan": "KE", "kenya": "KE",
    "ethiopian": "ET", "ethiopia": "ET", "zimbabwean": "ZW", "zimbabwe": "ZW",
    "afghan": "AF", "afghanistan": "AF", "belarusian": "BY", "belarus": "BY",
    "moldovan": "MD", "moldova": "MD", "armenian": "AM", "armenia": "AM",
    "azerbaijani": "AZ", "azerbaijan": "AZ",
}  # fmt: skip

# Words before a title that qualify the tenure rather than name the office.
_MODIFIERS = frozenset(
    {
        "former", "ex", "then", "acting", "interim", "self-proclaimed", "self-declared",
        "self-styled", "outgoing", "incoming", "new", "current", "late", "caretaker",
        "de", "facto", "disputed", "opposition", "incumbent", "sitting", "deputy-designate",
        "presumptive", "would-be", "likely", "probable", "possible", "potential", "future",
        "hypothetical", "prospective",
    }
)  # fmt: skip
_FORMER = frozenset({"former", "ex", "late"})
# Modifiers that say the person does not (yet) hold the office: "would-be president
# Donald Trump", "likely Democratic nominee Hillary Clinton".
_ASPIRING = frozenset(
    {
        "would-be",
        "likely",
        "probable",
        "possible",
        "potential",
        "future",
        "hypothetical",
        "prospective",
    }
)
# Honorifics carry no office: a name after one is matched as untitled.
_HONORIFICS = frozenset(
    {"mr", "mrs", "ms", "mx", "dr", "prof", "sir", "dame", "lord", "lady", "madam", "mme"}
)
_GLUE = frozenset({"of", "for", "the", "and"})
_OBJECT_GLUE = frozenset({"for", "to", "on"})
_SPELLING = {"defense": "defence", "vice-president": "vice president"}
_CHIEF_EXECUTIVE = frozenset({"ceo", "chief executive", "chief executive officer"})
_FUZZY_MIN = 6


class Tenure(msgspec.Struct, frozen=True, gc=False):
    """One person's time in one office."""

    person: str
    office: str
    country: str
    start: str
    end: str = ""
    titles: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    source: str = ""

    @property
    def interval(self) -> tuple[str, str | None]:
        """(start, end) as ISO dates at the source's precision; end None while open."""
        return (self.start, self.end or None)


class TenureIndex(msgspec.Struct, frozen=True):
    """The prebuilt table: its rows and lookups, and the SHA-256 of the TSV they came from."""

    tsv_sha256: str
    rows: list[Tenure]
    title_sets: list[list[str]]  # each distinct set of a row's normalised titles, sorted
    titles: list[int]  # each row's, by its place in title_sets
    person: list[str]
    by_name: dict[str, list[int]]
    by_surname: dict[str, list[int]]


# The most names a table keeps the rows of (see `TenureTable.by_name`).
_FOLD_CACHE = 1 << 16


def fold(text: str) -> str:
    """Case folded, accents removed, full stops dropped, hyphens and spaces made one space."""
    if text.isascii():  # the common case, the same result without the general fold's steps
        return " ".join(text.lower().replace("-", " ").replace(".", "").split())
    return " ".join(
        toolkit_fold(text, casefold=True, accents=True, dots=True, hyphens="space").split()
    )


def _fold_word(word: str) -> str:
    if word.isascii():
        word = word.lower().replace(".", "")
    else:
        word = toolkit_fold(word, casefold=True, accents=True, dots=True)
    if word.endswith("'s"):
        word = word[:-2]
    return word.strip("'")


def normalise_title(words: Sequence[str]) -> tuple[str, frozenset[str], frozenset[str]]:
    """A title's office words, with its modifiers and countries set apart.

    `["former", "U.S.", "Secretary", "of", "State"]` → ("secretary of state",
    {"former"}, {"US"}).
    """
    folded = []
    for w in (_fold_word(w) for w in words):
        head, _, rest = w.partition("-")
        if rest and w not in _MODIFIERS and head in _MODIFIERS:
            folded += [head, rest]  # "then-candidate", "ex-president"
        elif w:
            folded.append(w)
    modifiers: set[str] = set()
    countries: set[str] = set()
    kept: list[str] = []
    i = 0
    while i < len(folded):
        w = folded[i]
        pair = f"{w} {folded[i + 1]}".replace("-", " ") if i + 1 < len(folded) else ""
        if i > 0 and folded[i - 1] in _OBJECT_GLUE and kept:
            # "Special Representative for Venezuela": the country is the office's object.
            kept.append(w)
            i += 1
            continue
        if pair in COUNTRY_WORDS:
            countries.add(COUNTRY_WORDS[pair])
            i += 2
            continue
        if w in _MODIFIERS:
            modifiers.add(w)
        elif w.replace("-", " ") in COUNTRY_WORDS:
            countries.add(COUNTRY_WORDS[w.replace("-", " ")])
        elif w == "the" or (w in _GLUE and not kept):
            pass
        else:
            kept.append(_SPELLING.get(w, w))
        i += 1
    while kept and kept[-1] in _GLUE:
        kept.pop()
    office = " ".join(" ".join(kept).replace("-", " ").split())
    return office, frozenset(modifiers), frozenset(countries)


def _edits1(a: str, b: str) -> bool:
    """Whether a and b differ by at most one insertion, deletion or substitution."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la > lb:
        a, b, la, lb = b, a, lb, la
    i = 0
    while i < la and a[i] == b[i]:
        i += 1
    if la == lb:
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


def _long(variant: str) -> bool:
    """Whether a name is long enough to be matched with one edit."""
    return len(variant.replace(" ", "")) >= _FUZZY_MIN


class TenureTable:
    """The tenure rows with the indexes the matcher needs."""

    def __init__(self, rows: Iterable[Tenure]) -> None:
        self.rows: tuple[Tenure, ...] = tuple(rows)
        self._titles: list[frozenset[str]] = []
        by_name: dict[str, set[int]] = defaultdict(set)
        by_surname: dict[str, set[int]] = defaultdict(set)
        self._person: list[str] = []
        for k, row in enumerate(self.rows):
            titles = row.titles or DEFAULT_TITLES.get(row.office, ())
            self._titles.append(frozenset(normalise_title(t.split())[0] for t in titles))
            self._person.append(fold(row.person))
            for variant in {fold(row.person), *(fold(a) for a in row.aliases)}:
                if not variant:
                    continue
                by_name[variant].add(k)
                for surname in _surnames(variant):
                    by_surname[surname].add(k)
        # Sorted, so the prebuilt index is the same whatever the process's hash seed.
        self._by_name = {k: sorted(by_name[k]) for k in sorted(by_name)}
        self._by_surname = {k: sorted(by_surname[k]) for k in sorted(by_surname)}
        self._memo: dict[str, tuple[frozenset[int], bool]] = {}  # by_name, looked up before

    @classmethod
    def from_index(cls, index: TenureIndex) -> TenureTable:
        """The table as `index` (written by `to_index`) holds it, without rebuilding."""
        table = cls.__new__(cls)
        table.rows = tuple(index.rows)
        sets = [frozenset(t) for t in index.title_sets]
        table._titles = [sets[k] for k in index.titles]
        # Many rows share a set of titles: the vocabulary is read from each set once.
        table.__dict__["title_vocabulary"] = _vocabulary(sets)
        table._person = index.person
        table._by_name = index.by_name
        table._by_surname = index.by_surname
        table._memo = {}
        return table

    def to_index(self, tsv_sha256: str) -> TenureIndex:
        """The table's rows and lookups, for `from_index`."""
        places: dict[frozenset[str], int] = {}
        titles = [places.setdefault(t, len(places)) for t in self._titles]
        return TenureIndex(
            tsv_sha256=tsv_sha256,
            rows=list(self.rows),
            title_sets=[sorted(t) for t in places],
            titles=titles,
            person=self._person,
            by_name=self._by_name,
            by_surname=self._by_surname,
        )

    @functools.cached_property
    def title_vocabulary(self) -> frozenset[str]:
        """Every word of an office title, and a few country words that come inside titles."""
        return _vocabulary(self._titles)

    @functools.cached_property
    def _near(self) -> tuple[dict[tuple[int, str], list[str]], dict[tuple[int, str], list[str]]]:
        """The names long enough for a match with one edit, by length and first two
        letters, and by length and last two letters.

        A name one edit from a key (both of six letters or more) has a length
        within one of the key's, and the same first two letters (an edit at the
        third letter or later) or the same last two (an edit before). Built when
        a name is first missing from the table: it is small beside the table.
        """
        heads: dict[tuple[int, str], list[str]] = defaultdict(list)
        tails: dict[tuple[int, str], list[str]] = defaultdict(list)
        for variant in self._by_name:
            if _long(variant):
                heads[len(variant), variant[:2]].append(variant)
                tails[len(variant), variant[-2:]].append(variant)
        return dict(heads), dict(tails)

    @functools.cached_property
    def row_index(self) -> dict[int, int]:
        """Each row's index, by the row object's identity (mentions carry the row itself)."""
        return {id(r): k for k, r in enumerate(self.rows)}

    def __len__(self) -> int:
        return len(self.rows)

    def by_name(self, key: str) -> tuple[set[int], bool]:
        """Rows whose person (or an alias) is `key` (folded); second: matched with one edit."""
        memo = self._memo
        found = memo.get(key)
        if found is None:
            if len(memo) >= _FOLD_CACHE:
                memo.clear()
            found = memo[key] = self._by_name_uncached(key)
        return set(found[0]), found[1]

    def _by_name_uncached(self, key: str) -> tuple[frozenset[int], bool]:
        exact = self._by_name.get(key)
        if exact:
            return frozenset(exact), False
        if not _long(key):
            return frozenset(), False
        heads, tails = self._near
        found: set[int] = set()
        for size in (len(key) - 1, len(key), len(key) + 1):
            for variant in (*heads.get((size, key[:2]), ()), *tails.get((size, key[-2:]), ())):
                if _edits1(key, variant):
                    found.update(self._by_name[variant])
        return frozenset(found), bool(found)

    def by_surname(self, key: str) -> set[int]:
        """Rows whose person's surname (or surnames) is `key` (folded)."""
        return set(self._by_surname.get(key, ()))

    def person_key(self, k: int) -> str:
        """The folded display name of row k (the person's identity in the table)."""
        return self._person[k]

    def titles_of(self, k: int) -> frozenset[str]:
        """The normalised titles of row k ("secretary of state")."""
        return self._titles[k]

    def title_fits(self, k: int, office: str, countries: frozenset[str]) -> bool:
        """Whether a normalised title (and the countries it names) fits row k."""
        row = self.rows[k]
        if countries and row.country not in countries:
            return False
        if office in self._titles[k]:
            return True
        # "Twitter CEO Jack Dorsey", "General Motors CEO Mary Barra": a company named before
        # a chief executive's title (companies are not title words, so none is listed).
        words = office.split()
        return any(
            " ".join(words[n:]) in _CHIEF_EXECUTIVE and " ".join(words[n:]) in self._titles[k]
            for n in range(1, min(len(words), 4))
        )


def _vocabulary(title_sets: Iterable[frozenset[str]]) -> frozenset[str]:
    words: set[str] = {"south", "saudi", "united", "states", "nations", "kingdom"}
    for titles in title_sets:
        for title in titles:
            words.update(title.split())
    return frozenset(words - _GLUE)


def _surnames(variant: str) -> set[str]:
    """Forms a later mention may use for a person: "pompeo"; "padrino", "padrino lopez"."""
    words = [w for w in variant.split() if len(w) > 1]
    if len(words) < 2:
        return set()
    forms = {words[-1]}
    if len(words) >= 3:
        forms.add(" ".join(words[-2:]))
        forms.add(words[1])
    return forms


def read_tenure_rows(lines: Iterable[str]) -> list[Tenure]:
    """Parse tenure TSV lines (the shipped format; `#` lines are comments)."""
    body = [line for line in lines if line.strip() and not line.startswith("#")]
    rows: list[Tenure] = []
    for record in csv.DictReader(body, delimiter="\t", quoting=csv.QUOTE_NONE):
        rows.append(
            Tenure(
                person=record["person"],
                aliases=tuple(a for a in (record.get("aliases") or "").split("|") if a),
                office=record["office"],
                country=record["country"],
                titles=tuple(t for t in (record.get("titles") or "").split("|") if t),
                start=record["start"],
                end=record.get("end") or "",
                source=record.get("source") or "",
            )
        )
    return rows


def _as_tenure(row: Tenure | Mapping[str, object]) -> Tenure:
    if isinstance(row, Tenure):
        return row
    fields = dict(row)
    for key in ("titles", "aliases"):
        value = fields.get(key)
        if isinstance(value, str):
            fields[key] = tuple(v for v in value.split("|") if v)
        elif value is not None:
            fields[key] = tuple(value)  # type: ignore[arg-type]
    return msgspec.convert(fields, Tenure)


DATA = Path(__file__).resolve().parent / "data"
TSV = DATA / "tenures.tsv"
INDEX = DATA / "tenures.index"


def build_index(tsv: Path = TSV) -> bytes:
    """The prebuilt index of the table in `tsv` (zlib-compressed MessagePack)."""
    data = tsv.read_bytes()
    table = TenureTable(read_tenure_rows(data.decode("utf-8").splitlines()))
    encoded = msgspec.msgpack.encode(table.to_index(hashlib.sha256(data).hexdigest()))
    return zlib.compress(encoded, 9)


@lru_cache(maxsize=1)
def _shipped() -> TenureTable:
    """The shipped table: from the prebuilt index when it matches the TSV, else built."""
    data = TSV.read_bytes()
    if INDEX.exists():
        index = msgspec.msgpack.decode(zlib.decompress(INDEX.read_bytes()), type=TenureIndex)
        if index.tsv_sha256 == hashlib.sha256(data).hexdigest():
            return TenureTable.from_index(index)
    return TenureTable(read_tenure_rows(data.decode("utf-8").splitlines()))


@lru_cache(maxsize=8)
def _table(extra: tuple[Tenure, ...]) -> TenureTable:
    return TenureTable(_shipped().rows + extra) if extra else _shipped()


def load_tenures(extra_rows: Iterable[Tenure | Mapping[str, object]] = ()) -> TenureTable:
    """The shipped tenure table, extended with `extra_rows` (cached per distinct extension).

    Extra rows are `Tenure`s or mappings with the TSV's columns (`titles` and
    `aliases` as lists or `|`-separated strings).
    """
    return _table(tuple(_as_tenure(r) for r in extra_rows))
