"""Who held which office, and when: the tenure table and the office-holder matcher.

`data/tenures.tsv` is built by `benchmarks/build_tenures.py` from public data
(Wikidata, the unitedstates executive list, the IfG Ministers Database) and the
hand-entered `data/tenure_additions.tsv`. One row per tenure: `person`,
`aliases` (`|`-separated), `office` (a role key such as `foreign_minister`),
`country` (ISO-like code; `UN` for the United Nations), `titles` (`|`-separated
titles as English news writes them: "Secretary of State", "Oil Minister"),
`start` and `end` (ISO dates at the source's precision, `YYYY`, `YYYY-MM` or
`YYYY-MM-DD`; an empty end is open) and `source`.

`find_office_holders(doc)` reads the shared analysis (`doc.names` with their
titles, `doc.tokens`) and returns an `OfficeMention` for each office-holder
named in an office compatible with a tenure ("Secretary of State Mike
Pompeo" → 2018-04-26..2021-01-20). Names match with accents folded, one edit
of tolerance for names of six letters or more ("Delcy Rodrigues"), by surname
after a full mention in the same document ("Pompeo", "Mr. Abrams"), and by
surname with an office title when that picks out one person ("President
Trump"). A name met without an office title (or with an honorific only)
yields `titled=False` mentions, weaker evidence, one per tenure of the person.
"""

from __future__ import annotations

import bisect
import csv
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from importlib import resources

import msgspec

from reliability.analysis import Analysis, Name, Token

__all__ = [
    "COLUMNS",
    "COUNTRY_WORDS",
    "DEFAULT_TITLES",
    "OfficeMention",
    "Tenure",
    "TenureTable",
    "find_office_holders",
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
_FUZZY_MIN = 6


class Tenure(msgspec.Struct, frozen=True):
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


class OfficeMention(msgspec.Struct, frozen=True):
    """An office-holder named in a text, with the tenure the naming implies.

    `start`/`end` cover title and name ("Secretary of State Mike Pompeo");
    `title_start`/`title_end` the title with its qualifiers ("former U.S.
    Secretary of State"; None when untitled) and `name_start`/`name_end` the
    name. `titled` is false for a name without an office title (weaker
    evidence); `former` when the title says the tenure is over; `surname_only`
    for a surname standing for a fuller mention; `fuzzy` when the name matched
    with one edit. `form` says where the title stands: `before` the name
    ("Energy Minister Alexander Novak"), in an `appositive` after it ("Alexander
    Novak, Russia's energy minister,") or after `as` ("recognising Guaidó as
    interim president"), which may tell a role of the past.
    """

    start: int
    end: int
    name_start: int
    name_end: int
    tenure: Tenure
    titled: bool
    title_start: int | None = None
    title_end: int | None = None
    former: bool = False
    surname_only: bool = False
    fuzzy: bool = False
    form: str = "before"

    @property
    def interval(self) -> tuple[str, str | None]:
        """The interval the mention implies: the tenure's start and end (None while open)."""
        return self.tenure.interval


def fold(text: str) -> str:
    """Lower case, accents removed, full stops dropped, hyphens and spaces made one space."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    bare = bare.replace("’", "'").casefold().replace(".", "").replace("-", " ")
    return " ".join(bare.split())


def _fold_word(word: str) -> str:
    word = unicodedata.normalize("NFKD", word)
    word = "".join(c for c in word if not unicodedata.combining(c))
    word = word.replace("’", "'").casefold().replace(".", "")
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


def _deletions(key: str) -> set[str]:
    return {key} | {key[:i] + key[i + 1 :] for i in range(len(key))}


class TenureTable:
    """The tenure rows with the indexes the matcher needs."""

    def __init__(self, rows: Iterable[Tenure]) -> None:
        self.rows: tuple[Tenure, ...] = tuple(rows)
        self._titles: list[frozenset[str]] = []
        self._by_name: dict[str, set[int]] = defaultdict(set)
        self._by_deletion: dict[str, set[str]] = defaultdict(set)
        self._by_surname: dict[str, set[int]] = defaultdict(set)
        self._person: list[str] = []
        for k, row in enumerate(self.rows):
            titles = row.titles or DEFAULT_TITLES.get(row.office, ())
            self._titles.append(frozenset(normalise_title(t.split())[0] for t in titles))
            self._person.append(fold(row.person))
            for variant in {fold(row.person), *(fold(a) for a in row.aliases)}:
                if not variant:
                    continue
                self._by_name[variant].add(k)
                if len(variant.replace(" ", "")) >= _FUZZY_MIN:
                    for d in _deletions(variant):
                        self._by_deletion[d].add(variant)
                for surname in _surnames(variant):
                    self._by_surname[surname].add(k)

    def __len__(self) -> int:
        return len(self.rows)

    def by_name(self, key: str) -> tuple[set[int], bool]:
        """Rows whose person (or an alias) is `key` (folded); second: matched with one edit."""
        exact = self._by_name.get(key)
        if exact:
            return set(exact), False
        if len(key.replace(" ", "")) < _FUZZY_MIN:
            return set(), False
        found: set[int] = set()
        for d in _deletions(key):
            for variant in self._by_deletion.get(d, ()):
                if _edits1(key, variant):
                    found |= self._by_name[variant]
        return found, bool(found)

    def by_surname(self, key: str) -> set[int]:
        """Rows whose person's surname (or surnames) is `key` (folded)."""
        return set(self._by_surname.get(key, ()))

    def person_key(self, k: int) -> str:
        """The folded display name of row k (the person's identity in the table)."""
        return self._person[k]

    def title_fits(self, k: int, office: str, countries: frozenset[str]) -> bool:
        """Whether a normalised title (and the countries it names) fits row k."""
        row = self.rows[k]
        if countries and row.country not in countries:
            return False
        return office in self._titles[k]


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


@lru_cache(maxsize=1)
def _shipped_rows() -> tuple[Tenure, ...]:
    text = resources.files(__package__).joinpath("data/tenures.tsv").read_text(encoding="utf-8")
    return tuple(read_tenure_rows(text.splitlines()))


@lru_cache(maxsize=8)
def _table(extra: tuple[Tenure, ...]) -> TenureTable:
    return TenureTable(_shipped_rows() + extra)


def load_tenures(extra_rows: Iterable[Tenure | Mapping[str, object]] = ()) -> TenureTable:
    """The shipped tenure table, extended with `extra_rows` (cached per distinct extension).

    Extra rows are `Tenure`s or mappings with the TSV's columns (`titles` and
    `aliases` as lists or `|`-separated strings).
    """
    return _table(tuple(_as_tenure(r) for r in extra_rows))


def _title_span(doc: Analysis, name: Name) -> tuple[int, int] | None:
    """Where the name's title stands: straight before the name, spaces between."""
    if not name.title:
        return None
    end = name.start
    while end > 0 and doc.text[end - 1] in " \t":
        end -= 1
    start = end - len(name.title)
    if start < 0 or doc.text[start:end] != name.title:
        return None
    return start, end


def _extend_left(doc: Analysis, start: int, vocabulary: frozenset[str]) -> int:
    """Take in qualifiers and office words before a title ("former U.S.", "self-proclaimed")."""
    tokens: Sequence[Token] = doc.tokens
    starts = doc._token_starts
    i = bisect.bisect_left(starts, start) - 1
    best = start
    edge = start
    while i >= 0:
        token = tokens[i]
        gap = doc.text[token.end : edge]
        if (
            token.text == "."
            and i > 0
            and tokens[i - 1].end == token.start
            and ("." in tokens[i - 1].text or len(tokens[i - 1].text) <= 3)
        ):
            i -= 1  # "U.S." split as "U.S" + "."; "president. Trump" is two sentences
            token = tokens[i]
            gap = doc.text[tokens[i + 1].end : edge]
        if gap and not (gap.isspace() and "\n" not in gap):
            break
        if not gap and edge != start:
            break
        word = _fold_word(doc.text[token.start : tokens[i].end])
        if not word:
            break
        if word in _GLUE:
            edge = token.start
            i -= 1
            continue
        if (
            word in _MODIFIERS
            or word in COUNTRY_WORDS
            or word.replace("-", " ") in COUNTRY_WORDS
            or word in vocabulary
            or (
                "-" in word
                and all(part in vocabulary or part in _MODIFIERS for part in word.split("-"))
            )
        ):
            edge = token.start
            best = edge
            i -= 1
            continue
        break
    return best


_CLAUSE_END = frozenset({",", ".", ";", ":", ")", "…", "—", "–"})


# Verbs (as stems) that name someone as an office's holder: "recognised Guaidó
# as interim president", "appointed her as finance minister".
_NAMING_STEMS = (
    "recogni", "appoint", "named", "naming", "sworn", "swore", "swear", "install",
    "confirm", "nominat", "designat", "proclaim", "declar", "serv", "replac", "succeed",
    "tapped", "chose", "chosen",
)  # fmt: skip


def _recognised(doc: Analysis, name_start_or_end: int) -> bool:
    """Whether a naming verb stands in the few words before the name that ends here."""
    i = doc.sentence_index_at(name_start_or_end - 1)
    lo = doc.sentences[i].start if i is not None else 0
    words = [t.text.casefold() for t in doc.tokens_in(lo, name_start_or_end) if t.kind == "word"]
    return any(w.startswith(_NAMING_STEMS) for w in words[-8:])


def _indefinite_before(doc: Analysis, start: int) -> bool:
    """Whether "a" or "an" stands just before `start` ("a President Trump would ...")."""
    i = bisect.bisect_left(doc._token_starts, start) - 1
    return i >= 0 and doc.tokens[i].text.casefold() in ("a", "an")


def _title_after(
    doc: Analysis, end: int, vocabulary: frozenset[str]
) -> tuple[int, int, str] | None:
    """A title just after a name: "Novak, Russia's energy minister," or "Guaidó as president".

    Returns the title's span and its form (`appositive` or `as`). An
    appositive must close (comma, full stop, bracket, dash) right after the
    title, so "Pompeo, the president said" is not read as Pompeo's title.
    """
    tokens: Sequence[Token] = doc.tokens
    i = bisect.bisect_left(doc._token_starts, end)
    if i < len(tokens) and tokens[i].text == ")" and tokens[i].start == end:
        i += 1  # "(Guaidó as)" written with the name bracketed
    if i >= len(tokens) or "\n" in doc.text[end : tokens[i].start]:
        return None
    connector = tokens[i].text.casefold()
    if connector not in (",", "as"):
        return None
    form = "appositive" if connector == "," else "as"
    if form == "as" and not _recognised(doc, end):
        return None  # "Trump as president would ..." imagines; it does not name a holder
    i += 1
    if form == "as" and i < len(tokens) and tokens[i].text == ")":
        i += 1
    edge = tokens[i - 1].end
    first = last = None
    while i < len(tokens):
        token = tokens[i]
        gap = doc.text[edge : token.start]
        if gap and not (gap.isspace() and "\n" not in gap):
            break
        word = _fold_word(token.text)
        if not word or not (
            word in _GLUE
            or word in _MODIFIERS
            or word in COUNTRY_WORDS
            or word.replace("-", " ") in COUNTRY_WORDS
            or word in vocabulary
        ):
            break
        if first is None and word not in _GLUE:
            first = token.start
        if first is not None and word not in _GLUE:
            last = token.end
        edge = token.end
        i += 1
    if first is None or last is None:
        return None
    if form == "appositive":
        after = tokens[i].text if i < len(tokens) else "."
        if after not in _CLAUSE_END:
            return None
    return first, last, form


def _tail_match(doc: Analysis, name: Name, table: TenureTable) -> tuple[set[int], bool, int] | None:
    """The last two or three words of a longer name that name a person, and where they start."""
    words = [t for t in doc.tokens_in(name.start, name.end) if t.kind == "word"]
    for n in (3, 2):
        if len(words) <= n:
            continue
        start = words[-n].start
        rows, fuzzy = table.by_name(fold(doc.text[start : name.end]))
        if rows:
            return rows, fuzzy, start
    return None


def _words_before(doc: Analysis, lo: int, hi: int) -> tuple[int, int] | None:
    """The span of the words in [lo, hi), trailing spaces left out."""
    while hi > lo and doc.text[hi - 1].isspace():
        hi -= 1
    return (lo, hi) if hi > lo else None


@lru_cache(maxsize=8)
def _vocabulary(table: TenureTable) -> frozenset[str]:
    words: set[str] = {"south", "saudi", "united", "states", "nations", "kingdom"}
    for titles in table._titles:
        for title in titles:
            words.update(title.split())
    return frozenset(words - _GLUE)


def find_office_holders(doc: Analysis, table: TenureTable | None = None) -> list[OfficeMention]:
    """Office-holders named in `doc`, in text order, each with the tenure its title implies."""
    table = table if table is not None else load_tenures()
    vocabulary = _vocabulary(table)
    mentioned: dict[str, set[int]] = {}  # surname form → rows of persons fully named so far
    mentions: list[OfficeMention] = []
    for name in doc.names:
        key = fold(name.text)
        if not key:
            continue
        rows, fuzzy = table.by_name(key)
        surname_only = False
        name_start = name.start
        title_span = _title_span(doc, name)
        if not rows:
            words = key.split()
            if len(words) >= 3:
                rows, fuzzy = table.by_name(f"{words[0]} {words[-1]}")
            if not rows and len(words) >= 3:
                # "Venezuela Elliott Abrams": a name at the end of a longer run.
                found = _tail_match(doc, name, table)
                if found is not None:
                    rows, fuzzy, name_start = found
                    key = fold(doc.text[name_start : name.end])
                    title_span = _words_before(doc, name.start, name_start) or title_span
        if rows:
            for k in rows:
                for form in _surnames(table.person_key(k)) | _surnames(key):
                    mentioned.setdefault(form, set()).add(k)
        office = ""
        modifiers: frozenset[str] = frozenset()
        countries: frozenset[str] = frozenset()
        honorific = False
        title_form = "before"
        if title_span is None:
            # A title the name finder does not know ("Republican nominee Donald Trump").
            left = _extend_left(doc, name_start, vocabulary)
            if left < name_start:
                title_span = _words_before(doc, left, name_start)
        if title_span is None or fold(doc.text[title_span[0] : title_span[1]]) in _HONORIFICS:
            after = _title_after(doc, name.end, vocabulary)
            if after is not None:
                title_span, title_form = (after[0], after[1]), after[2]
                office, modifiers, countries = normalise_title(
                    doc.text[after[0] : after[1]].split()
                )
                if not office:
                    title_span, title_form = None, "before"
        elif title_span is not None:
            t_start = _extend_left(doc, title_span[0], vocabulary)
            title_span = (t_start, title_span[1])
            office, modifiers, countries = normalise_title(
                doc.text[t_start : title_span[1]].split()
            )
            honorific = office in _HONORIFICS
        if not rows and len(key.split()) <= 2:
            rows = set(mentioned.get(key, ()))
            if not rows and len(key) >= _FUZZY_MIN:
                for form, ks in mentioned.items():
                    if len(form) >= _FUZZY_MIN and _edits1(key, form):
                        rows |= ks
                        fuzzy = True
            if not rows and office and not honorific:
                # "President Trump": a surname with an office title that picks out one person.
                candidates = {
                    k for k in table.by_surname(key) if table.title_fits(k, office, countries)
                }
                if len({table.person_key(k) for k in candidates}) == 1:
                    rows = candidates
            surname_only = bool(rows)
        if not rows:
            continue
        titled = bool(office) and not honorific
        if (
            titled
            and title_span is not None
            and (modifiers & _ASPIRING or _indefinite_before(doc, title_span[0]))
        ):
            titled = False  # "would-be president Trump", "a President Trump would ...": no holder
        if titled:
            chosen = sorted(k for k in rows if table.title_fits(k, office, countries))
            if not chosen:
                continue  # an office title this person did not hold (or not in the table)
        else:
            chosen = sorted(rows)
        for k in chosen:
            row = table.rows[k]
            has_title = titled and title_span is not None
            mentions.append(
                OfficeMention(
                    start=min(title_span[0], name_start)
                    if has_title and title_span
                    else name_start,
                    end=max(title_span[1], name.end) if has_title and title_span else name.end,
                    name_start=name_start,
                    name_end=name.end,
                    tenure=row,
                    titled=titled,
                    title_start=title_span[0] if has_title and title_span else None,
                    title_end=title_span[1] if has_title and title_span else None,
                    former=bool(modifiers & _FORMER),
                    surname_only=surname_only,
                    fuzzy=fuzzy,
                    form=title_form,
                )
            )
    return mentions
