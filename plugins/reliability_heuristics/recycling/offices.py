"""Office-holders named in a document: "Secretary of State Mike Pompeo" -> his tenure.

`find_office_holders(doc)` reads the shared analysis (`doc.names` with their
titles, `doc.tokens`) and returns an `OfficeMention` for each office-holder
named in an office compatible with a tenure of the table (`tenures.py`)
("Secretary of State Mike Pompeo" -> 2018-04-26..2021-01-20). Names match
with accents folded, one edit of tolerance for names of six letters or more
("Delcy Rodrigues"), by surname after a full mention in the same document
("Pompeo", "Mr. Abrams"), and by surname with an office title when that
picks out one person ("President Trump"). A name met without an office title
(or with an honorific only) yields `titled=False` mentions, weaker evidence,
one per tenure of the person. Titles in other languages ("el presidente Nicolás
Maduro", "президента России Владимира Путина", inflected names included) are
read by `titles.foreign_titles`.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence

import msgspec

from reliability.analysis import Analysis, Name, Token

from .tenures import (
    _ASPIRING,
    _FORMER,
    _FUZZY_MIN,
    _GLUE,
    _HONORIFICS,
    _MODIFIERS,
    COUNTRY_WORDS,
    Tenure,
    TenureTable,
    _edits1,
    _fold_word,
    _surnames,
    fold,
    load_tenures,
    normalise_title,
)
from .titles import ForeignTitle, foreign_titles

__all__ = ["OfficeMention", "find_office_holders"]


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
    starts = doc.folded.starts
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
    i = bisect.bisect_left(doc.folded.starts, start) - 1
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
    i = bisect.bisect_left(doc.folded.starts, end)
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


class _Title(msgspec.Struct):
    """The office title read beside a name, normalised."""

    span: tuple[int, int] | None = None
    form: str = "before"
    office: str = ""
    modifiers: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    honorific: bool = False


def _named(
    doc: Analysis, name: Name, key: str, table: TenureTable
) -> tuple[str, set[int], bool, int, tuple[int, int] | None]:
    """The folded name (`key`, as given), the rows it names (exactly or with one edit), where
    it starts, and the title the name finder saw before it."""
    rows, fuzzy = table.by_name(key)
    name_start = name.start
    title_span = _title_span(doc, name)
    words = key.split()
    if not rows and len(words) >= 3:
        rows, fuzzy = table.by_name(f"{words[0]} {words[-1]}")
    if not rows and len(words) >= 3:
        # "Venezuela Elliott Abrams": a name at the end of a longer run.
        found = _tail_match(doc, name, table)
        if found is not None:
            rows, fuzzy, name_start = found
            key = fold(doc.text[name_start : name.end])
            title_span = _words_before(doc, name.start, name_start) or title_span
    return key, rows, fuzzy, name_start, title_span


def _title(
    doc: Analysis,
    name: Name,
    name_start: int,
    span: tuple[int, int] | None,
    vocabulary: frozenset[str],
) -> _Title:
    """The office title before the name (or after it, "Mike Pompeo, the secretary of state")."""
    if span is None:
        # A title the name finder does not know ("Republican nominee Donald Trump").
        left = _extend_left(doc, name_start, vocabulary)
        if left < name_start:
            span = _words_before(doc, left, name_start)
    if span is None or fold(doc.text[span[0] : span[1]]) in _HONORIFICS:
        after = _title_after(doc, name.end, vocabulary)
        if after is None:
            return _Title(span=span)
        office, modifiers, countries = normalise_title(doc.text[after[0] : after[1]].split())
        if not office:
            return _Title(span=None)
        return _Title((after[0], after[1]), after[2], office, modifiers, countries)
    start = _extend_left(doc, span[0], vocabulary)
    office, modifiers, countries = normalise_title(doc.text[start : span[1]].split())
    return _Title((start, span[1]), "before", office, modifiers, countries, office in _HONORIFICS)


class _TitleOnce:
    """The title of one name, read on the first call (see `_title`)."""

    def __init__(
        self,
        doc: Analysis,
        name: Name,
        name_start: int,
        span: tuple[int, int] | None,
        vocabulary: frozenset[str],
    ) -> None:
        self._args = (doc, name, name_start, span, vocabulary)
        self._title: _Title | None = None

    def __call__(self) -> _Title:
        if self._title is None:
            self._title = _title(*self._args)
        return self._title


def _by_surname(
    key: str, mentioned: dict[str, set[int]], table: TenureTable, title: Callable[[], _Title]
) -> tuple[set[int], bool]:
    """Rows for a surname alone: a person named in full earlier, or one an office picks out
    (`title` reads the name's title, only when a surname of the table needs it)."""
    rows = set(mentioned.get(key, ()))
    fuzzy = False
    if not rows and len(key) >= _FUZZY_MIN:
        for form, ks in mentioned.items():
            if len(form) >= _FUZZY_MIN and _edits1(key, form):
                rows |= ks
                fuzzy = True
    surnamed = table.by_surname(key) if not rows else set()
    if surnamed and title().office and not title().honorific:
        # "President Trump": a surname with an office title that picks out one person.
        office, countries = title().office, title().countries
        candidates = {k for k in surnamed if table.title_fits(k, office, countries)}
        if len({table.person_key(k) for k in candidates}) == 1:
            rows = candidates
    return rows, fuzzy


def find_office_holders(
    doc: Analysis, table: TenureTable | None = None, keys: Sequence[str] | None = None
) -> list[OfficeMention]:
    """Office-holders named in `doc`, in text order, each with the tenure its title implies.

    `keys`: each of `doc.names` folded (`tenures.fold`), when the caller has them."""
    table = table if table is not None else load_tenures()
    if keys is None:
        keys = [fold(n.text) for n in doc.names]
    vocabulary = table.title_vocabulary
    mentioned: dict[str, set[int]] = {}  # surname form → rows of persons fully named so far
    mentions: list[OfficeMention] = []
    for name, key in zip(doc.names, keys, strict=True):
        if not key:
            continue
        key, rows, fuzzy, name_start, span = _named(doc, name, key, table)
        for k in rows:
            for form in _surnames(table.person_key(k)) | _surnames(key):
                mentioned.setdefault(form, set()).add(k)
        # The title is read only for a name the table may hold: most names are not.
        title = _TitleOnce(doc, name, name_start, span, vocabulary)
        surname_only = False
        if not rows and len(key.split()) <= 2:
            rows, by_edit = _by_surname(key, mentioned, table, title)
            fuzzy = fuzzy or by_edit
            surname_only = bool(rows)
        found = (
            _mentions(doc, name, name_start, rows, title(), table, surname_only, fuzzy)
            if rows
            else []
        )
        # "el presidente Nicolás Maduro", "президента Путина": a title in another language;
        # over an English reading of its words only when it tells a past tenure the
        # English reading missed ("l'ex premier Giuseppe Conte", "frühere Bundeskanzlerin").
        foreign = foreign_titles(doc, name, table, mentioned)
        english = [m for m in found if m.titled]
        if foreign is not None and (
            not english or (all(f for _, f in foreign.rows) and not any(m.former for m in english))
        ):
            found = _foreign_mentions(doc, name, foreign, table)
            for k, _ in foreign.rows:
                for form in _surnames(table.person_key(k)):
                    mentioned.setdefault(form, set()).add(k)
        mentions.extend(found)
    return mentions


def _foreign_mentions(
    doc: Analysis, name: Name, foreign: ForeignTitle, table: TenureTable
) -> list[OfficeMention]:
    return [
        OfficeMention(
            start=min(foreign.title_start, foreign.name_start),
            end=max(foreign.title_end, name.end),
            name_start=foreign.name_start,
            name_end=name.end,
            tenure=table.rows[k],
            titled=True,
            title_start=foreign.title_start,
            title_end=foreign.title_end,
            former=former,
            surname_only=foreign.surname_only,
            fuzzy=foreign.fuzzy,
            form=foreign.form,
        )
        for k, former in foreign.rows
    ]


def _mentions(
    doc: Analysis,
    name: Name,
    name_start: int,
    rows: set[int],
    title: _Title,
    table: TenureTable,
    surname_only: bool,
    fuzzy: bool,
) -> list[OfficeMention]:
    """One mention per tenure the name (and its title, when it holds one) fits."""
    span = title.span
    titled = bool(title.office) and not title.honorific
    if (
        titled
        and span is not None
        and (title.modifiers & _ASPIRING or _indefinite_before(doc, span[0]))
    ):
        titled = False  # "would-be president Trump", "a President Trump would ...": no holder
    if titled:
        chosen = sorted(k for k in rows if table.title_fits(k, title.office, title.countries))
    else:
        chosen = sorted(rows)
    # With a title, an office this person did not hold (or not in the table) yields nothing.
    shown = span if titled and span is not None else None
    return [
        OfficeMention(
            start=min(shown[0], name_start) if shown else name_start,
            end=max(shown[1], name.end) if shown else name.end,
            name_start=name_start,
            name_end=name.end,
            tenure=table.rows[k],
            titled=titled,
            title_start=shown[0] if shown else None,
            title_end=shown[1] if shown else None,
            former=bool(title.modifiers & _FORMER),
            surname_only=surname_only,
            fuzzy=fuzzy,
            form=title.form,
        )
        for k in chosen
    ]
