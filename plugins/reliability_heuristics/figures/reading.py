"""Reading a document's figures for comparison: what each counts, when, and held by whom.

A `Figure` is a claim from `claims.extract_claims` with its kind (`data/kinds.tsv`),
tally and modality (`data/measures.tsv`), and the context that tells "the same
thing" apart from another counted the same way (see `align` for how two
figures are compared). `figures_of` reads them once per document;
`FigureIndex` finds the candidates of a figure among another document's.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import msgspec

from reliability import Analysis
from reliability.analysis import DateExpression, Name, read_table
from reliability.analysis.lexicon import FUNCTION_WORDS

from .claims import CHANGE_VERBS, FigureClaim, extract_claims, lemma
from .story import published_ordinal

DATA_DIR = Path(__file__).resolve().parent / "data"

# Small definite counts ("the two countries", "all three planes") refer to things the text
# has already named or counted; they are not figures of their own.
_DEFINITE_MAX = 3
_NONE: frozenset[str] = frozenset()
_APOSTROPHES = ("'", "\u2019")
_UNSET = (0, 0)  # a marker: no period read yet (no real period is (0, 0), ordinals start at 1)
_WINDOW = 4  # tokens either side of a figure searched for its tally
_MODALITY_WINDOW = 5  # tokens before a figure searched for "can", "plans"…
# Nouns that name a relation; the thing counted is in their "of" phrase.
_RELATIONAL = frozenset({"member", "group", "unit", "contingent"})
# Tokens that end a clause when looking for a figure's holder ("Clinton has 503 delegates
# and Sanders 70"; "Cruz has 370, Rubio 163").
_CLAUSE_BREAKS = frozenset(
    {",", ";", ":", "(", ")", "\u2014", "\u2013", "while", "whereas", "but", "and", "than"}
)
# A speaker's own figures ("we raised $18,000"): who holds them is not in the text around.
_FIRST_PERSON = frozenset({"i", "we", "my", "our", "us", "me"})
# Shares and margins, whose holder may follow them ("44 percent back Trump").
SHARES = frozenset({"percent", "percentage point", "point"})
# Words before "from" that make the figure after it a former value ("down from 49 percent").
_CHANGE_WORDS = frozenset({"up", "down", "higher", "lower", "more", "less", "fewer"})
# Words before a figure that make it a part of a larger count ("including 1,000 pages").
_PART = frozenset({"including", "includes", "included"})
# Words after a figure that make it a count per item: "two were killed at each site".
_DISTRIBUTIVE = frozenset({"each", "per", "every", "apiece"})
_WEEKDAYS = {
    day: i
    for i, day in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    )
}
# Relative days, as days from the publication date.
_RELATIVE_DAYS = {"today": (0, 0), "tonight": (0, 0), "yesterday": (-1, -1), "tomorrow": (1, 1)}


def _load_kinds() -> dict[str, tuple[str, str | None]]:
    return {
        lemma_: (kind, parent or None)
        for lemma_, kind, parent in read_table(DATA_DIR / "kinds.tsv", 3)
    }


def _load_measures() -> tuple[dict[str, str], dict[str, str], frozenset[str], frozenset[str]]:
    tallies: dict[str, str] = {}
    modalities: dict[str, str] = {}
    survey: dict[str, set[str]] = {"method": set(), "sample": set()}
    for form, type_, cls in read_table(DATA_DIR / "measures.tsv", 3):
        if type_ == "tally":
            tallies[form] = cls
        elif type_ == "modality":
            modalities[form] = cls
        elif type_ == "survey" and cls in survey:
            survey[cls].add(form)
        else:
            raise ValueError(f"measures.tsv: unknown type {type_!r} for {form!r}")
    return tallies, modalities, frozenset(survey["method"]), frozenset(survey["sample"])


KINDS = _load_kinds()
TALLIES, MODALITIES, SURVEY_WORDS, SAMPLES = _load_measures()


class Read(NamedTuple):
    """What a figure's clause and sentence say about what it counts (see `Figure`)."""

    holder: frozenset[str]
    names: frozenset[str]
    personal: bool
    named: frozenset[str]
    population: frozenset[str]
    distributive: bool
    part: bool
    sample: bool


# A sentence read for its figures' clauses: clause break token indices, whether it speaks
# in the first person, its names (start, end, words) and all their words.
_SentenceRead = tuple[list[int], bool, list[tuple[int, int, frozenset[str]]], frozenset[str]]


class _Sentence:
    """The clause breaks and names of one sentence, shared by its figures, read on first use."""

    __slots__ = ("_names", "_read", "hi", "lo", "lowers", "text", "tokens")

    def __init__(
        self, doc: Analysis, names: tuple[list[int], list[Name]], lo: int, hi: int
    ) -> None:
        self.lo, self.hi, self.lowers, self.tokens = lo, hi, doc.folded.words, doc.tokens
        self.text = doc.text
        self._names = names
        self._read: _SentenceRead | None = None

    def read(self) -> _SentenceRead:
        """(clause break indices, whether it speaks in the first person, names, their words).

        Reading twice from two threads at once gives the same result; either is kept.
        """
        if self._read is None:
            lo, hi, lowers, tokens = self.lo, self.hi, self.lowers, self.tokens
            found: list[Name] = []
            if lo < hi:
                starts, all_names = self._names
                n_lo = bisect.bisect_left(starts, tokens[lo].start)
                found = all_names[n_lo : bisect.bisect_left(starts, tokens[hi - 1].end)]
            names = [(n.start, n.end, _words_of_name(n.text)) for n in found]
            self._read = (
                [k for k in range(lo, hi) if lowers[k] in _CLAUSE_BREAKS],
                lo < hi and not _FIRST_PERSON.isdisjoint(lowers[lo:hi]),
                names,
                frozenset(w for _, _, nw in names for w in nw),
            )
        return self._read


class _Clause:
    """A figure's place in its sentence, read into a `Read` on first use."""

    __slots__ = ("_read", "claim", "first", "last", "sample", "sentence", "share")

    def __init__(
        self,
        sentence: _Sentence,
        claim: FigureClaim,
        first: int,
        last: int,
        share: bool,
        sample: bool,
    ) -> None:
        self.sentence, self.claim, self.share, self.sample = sentence, claim, share, sample
        self.first, self.last = first, last  # token indices of the figure
        self._read: Read | None = None

    def read(self) -> Read:
        if self._read is None:
            self._read = _read_clause(self)
        return self._read


class Figure(msgspec.Struct, frozen=True):
    """A claim read for comparison with other documents' claims (see the module docstring).

    `period` is the hull of the dated times of its sentence as proleptic
    ordinals, or None when the sentence dates nothing. Read from its clause
    when first asked for: `holder` is the words of the name nearest before
    the figure in its clause (or after it, for a share: "46 percent would
    choose Clinton"), `names` the words of the names of its clause read the
    same way, `personal` whether its clause speaks in the first person,
    `named` the words of all names of its sentence outside the figure,
    `population` the group a share is of ("among likely voters"),
    `distributive` whether it counts per something ("two killed at each
    site", "$5 per head"), `part` whether it is introduced as a part of
    something larger ("55,000 pages, including about 1,000 released
    Friday"), and `sample` whether it counts the respondents of a survey
    ("a poll of 1,200 registered voters"), which, like a share, belongs to
    one poll.
    """

    claim: FigureClaim
    lemma: str | None
    kind: str | None
    parent: str | None
    tally: str | None
    modality: str
    words: frozenset[str]
    modifiers: frozenset[str]
    subjects: frozenset[str]
    period: tuple[int, int] | None
    clause: _Clause

    # The clause is read only when the figure is compared: most figures never are.
    @property
    def holder(self) -> frozenset[str]:
        return self.clause.read().holder

    @property
    def names(self) -> frozenset[str]:
        return self.clause.read().names

    @property
    def personal(self) -> bool:
        return self.clause.read().personal

    @property
    def named(self) -> frozenset[str]:
        return self.clause.read().named

    @property
    def population(self) -> frozenset[str]:
        return self.clause.read().population

    @property
    def distributive(self) -> bool:
        return self.clause.read().distributive

    @property
    def part(self) -> bool:
        return self.clause.read().part

    @property
    def sample(self) -> bool:
        return self.clause.read().sample


# --- Reading a document's figures ---------------------------------------------


def _content(word: str) -> str | None:
    """A content word's lemma, lower case; None for function words, short words and numbers."""
    lower = word.lower().replace("\u2019", "'")
    if len(lower) < 3 or lower in FUNCTION_WORDS or not any(ch.isalpha() for ch in lower):
        return None
    if lower.endswith("'s"):
        lower = lower[:-2]
    return lemma(lower)


def _relative_day(d: DateExpression, published: int | None) -> tuple[int, int] | None:
    """The days a weekday or "yesterday"/"today" may stand for, from the publication date.

    A bare weekday is one of the such days within six days either way of
    publication ("Tuesday" in a paper of Wednesday: the day before or the
    Tuesday after; in a paper of Tuesday, that day); "last Saturday" is within
    the 13 days before, "next Saturday" within the 13 days after.
    """
    if published is None:
        return None
    lower = d.text.lower()
    if d.kind == "relative":
        days = _RELATIVE_DAYS.get(lower)
        return None if days is None else (published + days[0], published + days[1])
    if d.kind != "weekday":
        return None
    wanted = next((_WEEKDAYS[w] for w in lower.split() if w in _WEEKDAYS), None)
    if wanted is None:
        return None
    # Ordinal 1 (0001-01-01) was a Monday, so (ordinal - 1) % 7 is the weekday.
    ahead = (wanted - (published - 1)) % 7  # days to the next such day, 0 on the day
    if lower.startswith("last"):  # within the 13 days before
        back = (7 - ahead) % 7 or 7
        return published - back - (7 if back < 7 else 0), published - back
    if lower.startswith("next"):  # within the 13 days after
        ahead = ahead or 7
        return published + ahead, published + ahead + (7 if ahead < 7 else 0)
    return (published + ahead - 7, published + ahead) if ahead else (published, published)


def _period(
    times: Sequence[DateExpression], published: int | None = None
) -> tuple[int, int] | None:
    spans: list[tuple[int, int]] = []
    for d in times:
        if d.year is None:
            relative = _relative_day(d, published)
            if relative is not None:
                spans.append(relative)
            continue
        if not 1 <= d.year <= 9999:
            continue
        try:
            if d.month is None:
                lo, hi = dt.date(d.year, 1, 1), dt.date(d.year, 12, 31)
            elif d.day is None:
                lo = dt.date(d.year, d.month, 1)
                hi = dt.date(d.year + d.month // 12, d.month % 12 + 1, 1) - dt.timedelta(days=1)
            else:
                lo = hi = dt.date(d.year, d.month, d.day)
        except ValueError:
            continue
        spans.append((lo.toordinal(), hi.toordinal()))
    if not spans:
        return None
    return min(s[0] for s in spans), max(s[1] for s in spans)


def figures_of(doc: Analysis) -> tuple[Figure, ...]:
    """The comparable figures of `doc`: each claim that counts something or has a unit."""
    tokens = doc.tokens
    starts, lowers = doc.folded.starts, doc.folded.words
    published = published_ordinal(doc)
    doc_names = ([n.start for n in doc.names], list(doc.names))
    figures: list[Figure] = []
    seen: set[tuple[int, int]] = set()
    sentences: dict[tuple[int, int], tuple[list[tuple[int, str]], _Sentence]] = {}
    periods: dict[tuple[DateExpression, ...], tuple[int, int] | None] = {}
    # Each word's lemma, read once for this document (a news text repeats its words).
    lemmas: dict[str, str | None] = {}

    def lemma_of(word: str) -> str | None:
        try:
            return lemmas[word]
        except KeyError:
            found = lemmas[word] = _content(word)
            return found

    for claim in extract_claims(doc):
        if claim.counted is None and claim.unit is None:
            continue
        # Both numbers of a range are one figure ("from $25 million to $50 million").
        if (claim.start, claim.end) in seen:
            continue
        seen.add((claim.start, claim.end))
        if claim.definite and claim.value <= _DEFINITE_MAX:
            continue
        first = bisect.bisect_left(starts, claim.start)
        if first > 1 and lowers[first - 1] == "from" and _earlier_value(lowers[first - 2]):
            continue
        last = bisect.bisect_left(starts, claim.end) - 1
        if claim.sentence is not None:
            sentence = doc.sentences[claim.sentence]
            lo = bisect.bisect_left(starts, sentence.start)
            hi = bisect.bisect_left(starts, sentence.end)
        else:
            lo, hi = 0, len(tokens)
        lemma_ = claim.counted.lower() if claim.counted else None
        if lemma_ in _RELATIONAL and claim.phrase and " of " in claim.phrase:
            lemma_ = lemma_of(claim.phrase.rsplit(" ", 1)[-1]) or lemma_
        kind, parent = (None, None)
        if lemma_ is not None:
            kind, parent = KINDS.get(lemma_, (lemma_, None))
        sentence_words = sentences.get((lo, hi))
        if sentence_words is None:
            sentence_words = sentences[(lo, hi)] = (
                [
                    (k, w)
                    for k, t in enumerate(tokens[lo:hi], lo)
                    if t.kind == "word" and (w := lemma_of(t.text)) is not None
                ],
                _Sentence(doc, doc_names, lo, hi),
            )
        content, sentence_read = sentence_words
        # The dated times are those of the sentence, the same for each of its figures.
        period = periods.get(claim.times, _UNSET) if claim.times else None
        if period is _UNSET:
            period = periods[claim.times] = _period(claim.times, published)
        # The sentence's words outside the number and the counted noun: the rest of the
        # figure's own phrase ("pages of Clinton's emails") tells what is counted too.
        n_first = bisect.bisect_left(starts, claim.number_start)
        n_last = bisect.bisect_left(starts, claim.number_end) - 1
        words = frozenset(w for k, w in content if not n_first <= k <= n_last and w != lemma_)
        modifiers: frozenset[str] = frozenset()
        if claim.phrase:
            phrase_words = {lemma_of(w) for w in claim.phrase.split()}
            modifiers = frozenset(w for w in phrase_words if w is not None and w != lemma_)
        share = claim.unit in SHARES or lemma_ in SHARES
        figures.append(
            Figure(
                claim=claim,
                lemma=lemma_,
                kind=kind,
                parent=parent,
                tally=_nearest(lowers, TALLIES, first, last, lo, hi, _WINDOW, _WINDOW),
                modality=_nearest(lowers, MODALITIES, first, last, lo, hi, _MODALITY_WINDOW, 0)
                or "amount",
                words=words,
                modifiers=modifiers,
                subjects=_name_words(claim.subjects),
                period=period,
                clause=_Clause(sentence_read, claim, first, last, share, lemma_ in SAMPLES),
            )
        )
    return tuple(figures)


def _read_clause(c: _Clause) -> Read:
    """The clause around a figure: its holder's name, its names, and whether it speaks as "we"."""
    s, claim, first, last = c.sentence, c.claim, c.first, c.last
    lo, hi, lowers, tokens = s.lo, s.hi, s.lowers, s.tokens
    breaks, first_person, sentence_names, named = s.read()
    b = bisect.bisect_left(breaks, first)
    c_lo = breaks[b - 1] + 1 if b else lo
    b = bisect.bisect_right(breaks, last)
    c_hi = breaks[b] - 1 if b < len(breaks) else hi - 1
    clause_lo, clause_hi = tokens[c_lo].start, tokens[max(c_hi, c_lo)].end
    clause_names: frozenset[str] = _NONE
    holder: frozenset[str] = _NONE
    inside = False
    for n_start, n_end, nw in sentence_names:
        if n_end <= claim.start:
            if clause_lo <= n_start:
                clause_names = clause_names | nw
                # The last name before the figure holds it, unless it only owns another
                # noun: "the contents of Clinton's correspondence as it prepared 52,000
                # pages" (but "Sanders' 49.6 percent" is his).
                if s.text[n_end : n_end + 1] not in _APOSTROPHES or (
                    not s.text[n_end : claim.start].strip(" '\u2019s")
                ):
                    holder = nw
        elif n_start >= claim.end:
            if not c.share or n_end > clause_hi:
                break
            # A share is often held by what follows it: "46 percent would choose Clinton".
            if not clause_names:
                holder = nw
            clause_names = clause_names | nw
        else:
            inside = True
    if inside:  # names within the figure belong to what it counts
        named = frozenset(
            w
            for n_start, n_end, nw in sentence_names
            if n_end <= claim.start or n_start >= claim.end
            for w in nw
        )
    personal = (
        not holder
        and first_person
        and not (
            _FIRST_PERSON.isdisjoint(lowers[c_lo:first])
            and _FIRST_PERSON.isdisjoint(lowers[last + 1 : c_hi + 1])
        )
    )
    return Read(
        holder=holder,
        names=clause_names,
        personal=personal,
        named=named,
        population=_among(s, lo, hi) if c.share else _NONE,
        distributive=not _DISTRIBUTIVE.isdisjoint(lowers[last + 1 : min(c_hi, last + 4) + 1]),
        part=not _PART.isdisjoint(lowers[max(lo, first - 3) : first]),
        sample=c.sample and not SURVEY_WORDS.isdisjoint(lowers[lo:hi]),
    )


def _earlier_value(before_from: str) -> bool:
    """Whether the word before "from" makes the figure after it a former value a change is
    measured from: "up from 37 percent", "rose from 10"."""
    return before_from in _CHANGE_WORDS or before_from in CHANGE_VERBS


def _among(s: _Sentence, lo: int, hi: int) -> frozenset[str]:
    """The content words of the sentence's "among …" phrase: the group a share is of."""
    lowers = s.lowers
    for k in range(lo, hi):
        if lowers[k] == "among":
            words = set()
            for j in range(k + 1, min(hi, k + 6)):
                if lowers[j] in _CLAUSE_BREAKS:
                    break
                w = _content(s.tokens[j].text)
                if w is not None:
                    words.add(w)
            return frozenset(words)
    return frozenset()


def _name_words(names: Sequence[Name]) -> frozenset[str]:
    """The words of names, lower case, possessives dropped ("Clinton's" -> "clinton")."""
    if len(names) == 1:
        return _words_of_name(names[0].text)
    return frozenset(w for n in names for w in _words_of_name(n.text))


def _words_of_name(text: str) -> frozenset[str]:
    words = set()
    for w in text.lower().replace("\u2019", "'").split():
        w = w.removesuffix("'s")
        if len(w) > 2:
            words.add(w)
    return frozenset(words)


def _nearest(
    lowers: list[str],
    table: dict[str, str],
    first: int,
    last: int,
    lo: int,
    hi: int,
    before: int,
    after: int,
) -> str | None:
    """The class of the table word nearest the figure: inside it, then outward within limits."""
    for k in range(first, last + 1):
        if lowers[k] in table:
            return table[lowers[k]]
    for d in range(1, max(before, after) + 1):
        if d <= before and first - d >= lo and lowers[first - d] in table:
            return table[lowers[first - d]]
        if d <= after and last + d < hi and lowers[last + d] in table:
            return table[lowers[last + d]]
    return None


MAX_CANDIDATES = 200
"""The most figures of one document a figure is aligned with: those of its kind first, in
text order. An article rarely counts one kind of thing more than a few dozen times; the
bound keeps the comparison of two pathological texts linear in their length."""


class FigureIndex:
    """A document's figures by what they count, to find the candidates for alignment fast."""

    def __init__(self, figures: Sequence[Figure]) -> None:
        self.figures = tuple(figures)
        self._by: dict[tuple[object, ...], list[Figure]] = {}
        for f in figures:
            key = (f.claim.unit, f.tally)
            self._by.setdefault((*key, "kind", f.kind), []).append(f)
            if f.parent is not None:
                self._by.setdefault((*key, "parent", f.parent), []).append(f)
            if f.claim.unit is not None:
                self._by.setdefault((*key, "any"), []).append(f)

    def candidates(self, f: Figure) -> list[Figure]:
        """The figures that `align(f, …)` may align with: same unit, tally and related kind."""
        key = (f.claim.unit, f.tally)
        if f.kind is None:  # a bare measure: anything measured in its unit
            return list(self._by.get((*key, "any"), ())[:MAX_CANDIDATES])
        found = list(self._by.get((*key, "kind", f.kind), ()))
        found += self._by.get((*key, "parent", f.kind), ())  # narrower kinds
        if f.parent is not None:
            found += self._by.get((*key, "kind", f.parent), ())  # the broader kind
        if f.claim.unit is not None:
            found += self._by.get((*key, "kind", None), ())  # a bare measure
        return found[:MAX_CANDIDATES]
