"""Office titles in other languages: "el presidente Nicolás Maduro", "президента России
Владимира Путина", "pääministeri Sanna Marinin".

`foreign_titles(doc, name, table)` reads the title written before a name (or
in an appositive after it: "Nicolás Maduro, presidente de Venezuela,") in
Spanish, Portuguese, French, Italian, German, Dutch, Swedish, Russian,
Ukrainian, Polish, Czech, Croatian and Serbian, Romanian, Finnish, Turkish or
Indonesian, and returns the tenures of the table (`tenures.py`) the name and
the title fit (`offices.find_office_holders` makes them mentions). Three
tables in `data/` hold the languages' words, each row with where it comes from:

- `office_titles.tsv`: titles ("canciller", "премьер-министр", "Bundeskanzlerin")
  mapped to the table's office keys, with the countries a title is limited to
  and whether it tells a past tenure ("expresidente", "Altkanzler");
- `title_words.tsv`: the words around a title: country words ("alemana",
  "России"), `former`/`then` words (the tenure is over: "бывший", "ex",
  "entonces"), `aspiring` words ("electo": not yet in office) and `deputy`
  words ("vice", "заместитель"), for which nothing is read, and glue
  (articles, prepositions);
- `inflections.tsv`: per language, the case endings that let an inflected
  name or title match ("Владимира Путина", "Mateusza Morawieckiego"; see
  `inflected.py`).

A title is read only when every word between it and the name is a title,
country, modifier or glue word: "el presidente de la Asamblea Nacional, Juan
Guaidó" names no head of state. A long title may stand before a comma ("El
alto representante de la Unión Europea para Asuntos Exteriores y Política de
Seguridad, Josep Borrell"). The name and the title must pick out one person;
a surname alone stands for a person the text named in full before, if any.
The English word "president" is left to `offices`, which weighs what stands
around it ("a President Trump would ...").
"""

from __future__ import annotations

import bisect
import functools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

import msgspec

from reliability.analysis import Analysis, Name, Token, read_index, read_table, tables_sha256

from .inflected import match_name, named_earlier
from .tenures import _MODIFIERS, TenureTable, _fold_word, fold

__all__ = ["ForeignTitle", "Lexicon", "foreign_titles", "load_lexicon"]

DATA = Path(__file__).resolve().parent / "data"
TABLES = (DATA / "office_titles.tsv", DATA / "title_words.tsv", DATA / "inflections.tsv")
# The lexicon as built from the three tables, read at start instead of folding and
# inflecting every title word again (`python benchmarks/build_tenures.py --index`).
INDEX = DATA / "titles.index"
# Elided articles and prepositions written onto the next word ("l'État", "dell'Economia").
_ELISIONS = frozenset({"l", "d", "dell", "dall", "nell", "all", "sull", "qu"})
_APOSTROPHES = ("'", "’")
# Prefixes that make a title a past one ("expresidente", "Altkanzler") or a deputy's.
_FORMER_PREFIXES = ("ex", "alt")
_DEPUTY_PREFIXES = ("vice", "vize", "wice", "вице", "віце", "vara")
# Words before a title that make it no one's in office: an indefinite article ("a
# President Trump would ...", "un presidente Trump") or an English modifier ("would-be").
_NO_HOLDER = frozenset({"a", "an", "un", "una", "uno", "une", "ein", "eine", "einen", "um", "uma"})
# English titles that fold like another language's ("President", "président"): English
# text is read by `offices` alone, which weighs what stands around them.
_ENGLISH = frozenset({"president", "vice-president"})
_MIN_STEM = 3
_MAX_ZONE = 16  # words of a title, its country words and modifiers
_TENSES = ("", "former")


class Sense(msgspec.Struct, frozen=True):
    """What one title means: an office, limited to some countries (empty: any)."""

    office: str
    language: str
    countries: frozenset[str] = frozenset()
    needs_country: bool = False
    former: bool = False


class Lexicon:
    """The three tables, folded and indexed for the reader."""

    def __init__(
        self,
        titles: Iterable[Sequence[str]],
        words: Iterable[Sequence[str]],
        inflections: Iterable[Sequence[str]],
    ) -> None:
        self.endings: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        for language, nominative, oblique, _ in inflections:
            self.endings[language] = (_endings(nominative), _endings(oblique))
        self.countries: dict[str, str] = {}
        self.kinds: dict[str, str] = {}
        for _language, word, kind, country, _ in words:
            key = " ".join(_words(word))
            if kind == "country":
                self.countries[key] = country
            elif kind in ("former", "then", "aspiring", "deputy", "glue"):
                self.kinds.setdefault(key, kind)
            else:
                raise ValueError(f"title_words.tsv: unknown kind {kind!r} for {word!r}")
        self.country_parts = frozenset(w for k in self.countries for w in k.split())
        self._token_kinds: dict[str, bool] = {}
        self.senses: dict[str, list[Sense]] = defaultdict(list)
        self.forms: dict[str, str] = {}  # an inflected title word → its base form
        for language, title, office, country, tense, _ in titles:
            if tense not in _TENSES:
                raise ValueError(f"office_titles.tsv: unknown tense {tense!r} for {title!r}")
            content = [w for w in _words(title) if self.kinds.get(w) != "glue"]
            countries = frozenset(c for c in country.split("|") if c and c != "+")
            sense = Sense(office, language, countries, country == "+", tense == "former")
            self.senses[" ".join(content)].append(sense)
            for word in content:
                self.forms.setdefault(word, word)
                for form in sorted(_inflected(word, self.endings.get(language))):
                    self.forms.setdefault(form, word)

    @classmethod
    def from_index(cls, index: _Index) -> Lexicon:
        """The lexicon as `index` (written by `to_index`) holds it, without rebuilding."""
        lexicon = cls.__new__(cls)
        lexicon.endings = {k: (tuple(n), tuple(o)) for k, (n, o) in index.endings.items()}
        lexicon.countries = index.countries
        lexicon.kinds = index.kinds
        lexicon.country_parts = frozenset(w for k in index.countries for w in k.split())
        lexicon._token_kinds = {}
        lexicon.senses = defaultdict(list)
        for key, senses in index.senses.items():
            lexicon.senses[key] = [
                Sense(s.office, s.language, frozenset(s.countries), s.needs_country, s.former)
                for s in senses
            ]
        lexicon.forms = index.forms
        return lexicon

    def to_index(self, tsv_sha256: str) -> _Index:
        """The lexicon's tables, for `from_index` (sets sorted: the same bytes in any process)."""
        return _Index(
            tsv_sha256=tsv_sha256,
            endings={k: (list(n), list(o)) for k, (n, o) in self.endings.items()},
            countries=self.countries,
            kinds=self.kinds,
            senses={
                key: [
                    _SavedSense(
                        s.office, s.language, sorted(s.countries), s.needs_country, s.former
                    )
                    for s in senses
                ]
                for key, senses in self.senses.items()
            },
            forms=self.forms,
        )

    def in_zone(self, token: str) -> bool:
        """Whether every word of a token may stand in a title zone (memoised by text)."""
        found = self._token_kinds.get(token)
        if found is None:
            if len(self._token_kinds) >= 1 << 16:
                self._token_kinds.clear()
            parts = _token_words(token)
            found = self._token_kinds[token] = (
                bool(parts)
                and token.casefold() not in _ENGLISH
                and all(self.kind(p) is not None for p in parts)
            )
        return found

    def glue(self, token: str) -> bool:
        """Whether a token is glue only ("de", "la"): no title ends with it."""
        return all(self.kinds.get(p) == "glue" for p in _token_words(token))

    def base(self, word: str) -> str | None:
        """The title word `word` is a form of, also after a former or deputy prefix."""
        return self.forms.get(word)

    def kind(self, word: str) -> str | None:
        """The word's class in a title zone, or None when it ends the zone."""
        if word in self.forms:
            return "title"
        if word in self.countries:
            return "country"
        found = self.kinds.get(word)
        if found is not None:
            return found
        if word in self.country_parts:
            return "country"
        if word.startswith(_DEPUTY_PREFIXES) and _prefixed(word, _DEPUTY_PREFIXES, self.forms):
            return "deputy"
        if word.startswith(_FORMER_PREFIXES) and _prefixed(word, _FORMER_PREFIXES, self.forms):
            return "former-title"
        return None


def _endings(cell: str) -> tuple[str, ...]:
    # Longest first (then in order, the same in every process); folded like the text
    # ("ий" folds to "ии").
    return tuple(sorted({fold(e) for e in cell.split("|") if e}, key=lambda e: (-len(e), e)))


def _inflected(word: str, endings: tuple[tuple[str, ...], tuple[str, ...]] | None) -> set[str]:
    if endings is None:
        return set()
    nominative, oblique = endings
    stems = {word} | {
        word[: -len(e)] for e in nominative if word.endswith(e) and len(word) - len(e) >= _MIN_STEM
    }
    return {stem + e for stem in stems for e in oblique}


def _prefixed(word: str, prefixes: tuple[str, ...], forms: dict[str, str]) -> bool:
    return any(word.startswith(p) and word[len(p) :] in forms for p in prefixes)


def _token_words(text: str) -> tuple[str, ...]:
    """`_words` of one token's text."""
    return tuple(_words(text))


def _words(text: str) -> list[str]:
    """Folded words, elided articles set apart ("l'État" → "l", "etat")."""
    out: list[str] = []
    for word in fold(text).replace("’", "'").split():
        head, sep, rest = word.partition("'")
        if sep and head in _ELISIONS and rest:
            out += [head, rest]
        else:
            out.append(word.strip("()"))
    return [w for w in out if w]


class _SavedSense(msgspec.Struct, array_like=True):
    office: str
    language: str
    countries: list[str]
    needs_country: bool
    former: bool


class _Index(msgspec.Struct, frozen=True):
    """The lexicon's tables as built from the TSVs, and the SHA-256 of the TSVs."""

    tsv_sha256: str
    endings: dict[str, tuple[list[str], list[str]]]
    countries: dict[str, str]
    kinds: dict[str, str]
    senses: dict[str, list[_SavedSense]]
    forms: dict[str, str]


def _build() -> Lexicon:
    office_titles, title_words, inflections = TABLES
    return Lexicon(
        read_table(office_titles, 6), read_table(title_words, 5), read_table(inflections, 4)
    )


def build_index() -> bytes:
    """The prebuilt index of the shipped tables (MessagePack)."""
    return msgspec.msgpack.encode(_build().to_index(tables_sha256(TABLES)))


@functools.lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The shipped tables: from the prebuilt index when it matches the TSVs, else built."""
    index = read_index(INDEX, _Index, TABLES)
    if index is not None:
        return Lexicon.from_index(index)
    return _build()


class _Zone(msgspec.Struct):
    """The words before a name that may hold its title: (folded word, start, end)."""

    words: list[tuple[str, int, int]]
    comma: bool


def _zone(doc: Analysis, at: int, lexicon: Lexicon) -> _Zone | None:
    """The run of title, country, modifier and glue words ending just before offset `at`
    (a comma between them and the name allowed: "el presidente de Venezuela, Nicolás Maduro")."""
    tokens = doc.tokens
    i = bisect.bisect_left(doc.folded.starts, at) - 1
    edge = at
    comma = False
    if i >= 0 and tokens[i].text == "," and doc.text[tokens[i].end : at] == " ":
        comma = True
        edge = tokens[i].start
        i -= 1
    taken: list[tuple[str, int, int]] = []
    last = 0  # the end of an abbreviation's full stop closing the zone ("EE.UU.")
    while i >= 0 and len(taken) < _MAX_ZONE:
        token = tokens[i]
        gap = doc.text[token.end : edge]
        if gap.strip() or "\n" in gap:
            break
        if token.text == "." and _abbreviation(tokens, i):
            i -= 1  # "EE.UU.": the full stops of an abbreviation
            edge = token.start
            last = last if taken else token.end
            continue
        if token.text in ("(", ")"):
            if not comma:
                break  # a bracketed acronym only inside a long title before a comma
            edge = token.start
            i -= 1
            continue
        if not lexicon.in_zone(token.text):
            break
        taken[:0] = _spans(token.text, token.start, token.end)
        edge = token.start
        i -= 1
    before = (
        _fold_word(tokens[i].text) if i >= 0 and doc.text[tokens[i].end : edge].isspace() else ""
    )
    while taken and lexicon.kinds.get(taken[0][0]) == "glue":
        before = taken.pop(0)[0]
    if before in _NO_HOLDER or before in _MODIFIERS:
        return None
    if taken and last:
        word, start, _ = taken[-1]
        taken[-1] = (word, start, last)
    return _Zone(taken, comma) if taken else None


def _abbreviation(tokens: Sequence[Token], i: int) -> bool:
    """Whether the full stop at `i` belongs to a dotted abbreviation of short capital
    letter groups ("EE.UU.", "U.S."), not to a sentence's end ("... de la UE. Borrell")."""

    def group(k: int) -> bool:
        return 0 <= k < len(tokens) and tokens[k].text.isupper() and len(tokens[k].text) <= 3

    def joined(a: int, b: int) -> bool:
        return a >= 0 and b < len(tokens) and tokens[a].end == tokens[b].start

    if not (group(i - 1) and joined(i - 1, i)):
        return False
    if group(i + 1) and joined(i, i + 1):
        return True  # inside: "EE.|UU."
    return tokens[i - 2].text == "." and joined(i - 2, i - 1) and group(i - 3)


def _spans(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """A token's words with their spans: an elided article apart ("l'ex" → "l", "ex"),
    the parts of a hyphenated word each spanning the word ("US-Präsident")."""
    parts = _token_words(text)
    if len(parts) == 2 and parts[0] in _ELISIONS:
        cut = start + len(parts[0]) + 1
        if text[cut - start - 1] in _APOSTROPHES:
            return [(parts[0], start, cut - 1), (parts[1], cut, end)]
    return [(p, start, end) for p in parts]


_CLOSING = frozenset({",", ".", ";", ":", ")", "—", "–", "»", '"', "”"})


def _zone_after(doc: Analysis, end: int, lexicon: Lexicon) -> _Zone | None:
    """The title in an appositive just after a name ("Nicolás Maduro, presidente de
    Venezuela,"): lexicon words after a comma, closed by punctuation right after them."""
    tokens = doc.tokens
    i = bisect.bisect_left(doc.folded.starts, end)
    if i >= len(tokens) or tokens[i].text != "," or tokens[i].start != end:
        return None
    edge = tokens[i].end
    i += 1
    taken: list[tuple[str, int, int]] = []
    while i < len(tokens) and len(taken) < _MAX_ZONE:
        token = tokens[i]
        gap = doc.text[edge : token.start]
        if gap.strip() or "\n" in gap:
            return None
        if token.text == "." and _abbreviation(tokens, i) and taken:
            word, start, _ = taken[-1]
            taken[-1] = (word, start, token.end)
        elif token.text in ("(", ")") and taken:
            pass
        elif lexicon.in_zone(token.text):
            taken += _spans(token.text, token.start, token.end)
        else:
            break
        edge = token.end
        i += 1
    while taken and lexicon.kinds.get(taken[0][0]) == "glue":
        taken.pop(0)
    if not taken or lexicon.kinds.get(taken[-1][0]) == "glue":
        return None  # "Maduro, presidente de un país": the title does not close
    if i < len(tokens) and tokens[i].text not in _CLOSING:
        return None  # "Maduro, presidente desde 2013": more than a title
    return _Zone(taken, comma=True)


class _Reading(msgspec.Struct):
    """A title read before a name."""

    senses: list[Sense]
    countries: frozenset[str]
    former: bool
    start: int
    end: int


def _read(zone: _Zone, lexicon: Lexicon) -> _Reading | None:
    """The title the zone holds, its countries and tense; None when it holds no title, a
    deputy's or an aspiring one, or words that are not part of one title."""
    words = zone.words
    countries: set[str] = set()
    content: list[str] = []
    former = False
    i = 0
    while i < len(words):
        w = words[i][0]
        for n in (3, 2):
            phrase = " ".join(x[0] for x in words[i : i + n])
            if len(words) - i >= n and phrase in lexicon.countries:
                countries.add(lexicon.countries[phrase])
                i += n
                break
        else:
            kind = lexicon.kind(w)
            if kind in ("deputy", "aspiring"):
                return None
            if kind in ("former", "then"):
                former = True
            elif kind == "former-title":
                former = True
                content.append(
                    next(b for p in _FORMER_PREFIXES if (b := lexicon.base(w[len(p) :])))
                )
            elif kind == "title":
                content.append(lexicon.forms[w])
            elif kind == "country" and w in lexicon.countries:
                countries.add(lexicon.countries[w])
            elif kind == "country":
                return None  # a word of a country's name standing alone
            i += 1
    senses = lexicon.senses.get(" ".join(content), [])
    senses = [s for s in senses if countries or not s.needs_country]
    if not senses:
        return None
    return _Reading(senses, frozenset(countries), former, words[0][1], words[-1][2])


def _person_start(doc: Analysis, name: Name, lexicon: Lexicon) -> tuple[int, int] | None:
    """Where the person's name starts inside the name finder's run ("Bundeskanzlerin
    Angela Merkel", "России Владимира Путина"), and the index of its first word token."""
    words = [t for t in doc.tokens_in(name.start, name.end) if t.kind == "word"]
    first = 0
    for k, token in enumerate(words[:-1]):
        parts = _token_words(token.text)
        if lexicon.in_zone(token.text) and all(lexicon.kind(p) != "glue" for p in parts):
            first = k + 1
    if not words:
        return None
    return words[first].start, first


def _fits(table: TenureTable, k: int, reading: _Reading) -> Sense | None:
    row = table.rows[k]
    if reading.countries and row.country not in reading.countries:
        return None
    for sense in reading.senses:
        if sense.office == row.office and (not sense.countries or row.country in sense.countries):
            return sense
    return None


def _name_words(doc: Analysis, start: int, end: int) -> list[str]:
    words = _words(doc.text[start:end])
    if words:
        head, sep, _ = words[-1].replace("’", "'").partition("'")
        if sep and head:
            words[-1] = head  # "Erdoğan'ın": a case suffix after an apostrophe
    return words


def _comma_after(doc: Analysis, name: Name) -> bool:
    """Whether a comma follows the name (an appositive title may follow it)."""
    i = bisect.bisect_left(doc.folded.starts, name.end)
    return i < len(doc.tokens) and doc.tokens[i].text == "," and doc.tokens[i].start == name.end


class ForeignTitle(msgspec.Struct, frozen=True):
    """A name read with a title in another language: the rows of the tenures it fits (with
    whether each reading tells a past tenure), and the spans of title and name."""

    rows: tuple[tuple[int, bool], ...]
    title_start: int
    title_end: int
    name_start: int
    surname_only: bool
    fuzzy: bool
    form: str = "before"


def foreign_titles(
    doc: Analysis,
    name: Name,
    table: TenureTable,
    earlier: dict[str, set[int]] | None = None,
    lexicon: Lexicon | None = None,
) -> ForeignTitle | None:
    """The tenures a name with a title in another language stands for (see the module
    docstring), or None when it has no such title or fits no tenure.

    `earlier` maps surname forms to the rows of persons the text named in full
    before: a surname alone stands for that person, not for another holder of
    the office ("Hillary Clinton ... President Clinton" is not Bill Clinton).
    """
    lexicon = lexicon if lexicon is not None else load_lexicon()
    i = bisect.bisect_left(doc.folded.starts, name.start)
    before = doc.tokens[i - 1].text if i > 0 else ""
    if not (
        before == ","
        or (before == "." and _abbreviation(doc.tokens, i - 1))
        or (lexicon.in_zone(before) and not lexicon.glue(before))
        or any(lexicon.in_zone(t.text) for t in doc.tokens_in(name.start, name.end)[:-1])
        or _comma_after(doc, name)
    ):
        return None  # the common case: no title word before the name nor inside it
    found = _person_start(doc, name, lexicon)
    if found is None:
        return None
    person_start, _ = found
    zone = _zone(doc, person_start, lexicon)
    form = "before"
    if zone is None and person_start == name.start:
        zone, form = _zone_after(doc, name.end, lexicon), "appositive"
    if zone is None:
        return None
    reading = _read(zone, lexicon)
    if reading is None:
        return None
    words = _name_words(doc, person_start, name.end)
    if not words:
        return None
    languages = sorted({s.language for s in reading.senses if s.language in lexicon.endings})
    rows, by_surname, fuzzy = match_name(words, languages, table, lexicon.endings)
    if form == "appositive" and by_surname and len(words) >= 3:
        # "Ayer Nicolás Maduro, presidente de Venezuela": a word the name finder took in.
        tokens = [t for t in doc.tokens_in(person_start, name.end) if t.kind == "word"]
        for n in (3, 2):
            if len(tokens) > n:
                tail = _name_words(doc, tokens[-n].start, name.end)
                found_rows, fuzzy = table.by_name(" ".join(tail))
                if found_rows:
                    rows, by_surname, words, person_start = (
                        found_rows,
                        False,
                        tail,
                        tokens[-n].start,
                    )
                    break
    if by_surname and len(words) == 1 and earlier:
        named = named_earlier(words[0], languages, earlier, lexicon.endings)
        if named:
            rows = named
    chosen = {k: s for k in rows if (s := _fits(table, k, reading)) is not None}
    if not chosen or len({table.person_key(k) for k in chosen}) != 1:
        return None  # the name and title must pick out one person ("presidente George Bush")
    return ForeignTitle(
        rows=tuple((k, reading.former or sense.former) for k, sense in sorted(chosen.items())),
        title_start=reading.start,
        title_end=reading.end,
        name_start=person_start,
        surname_only=by_surname and len(words) == 1,
        fuzzy=fuzzy,
        form=form,
    )
