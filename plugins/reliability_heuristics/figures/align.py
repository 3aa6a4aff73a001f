"""Aligning figures across documents: the same thing counted, and whether the counts agree.

A `Figure` is a claim from `claims.extract_claims` read for comparison:

- the **kind** of thing counted, from `data/kinds.tsv`: synonyms share a kind
  ("plane", "aircraft", "jet"), and a kind may have a broader kind (civilians
  and troops are people); "members of the Russian military" counts the
  military, i.e. troops;
- the **tally** it belongs to, from `data/measures.tsv` and the words next to
  it: deaths ("killed", "died", "death toll"), injuries, arrests…; two counts
  of different tallies never align;
- its **modality**: an amount that happened, a `capacity` ("can transport up
  to 50 tons") or a `plan` ("plans to send");
- the context that tells "the same thing" apart from another one counted the
  same way: the content words of its sentence, the other words of its noun
  phrase ("Su-30"), the names before its verb and the dated times of its
  sentence.

`align(a, b)` scores how likely two figures of different documents count the
same thing and, when they do, gives the verdict: `agree` (compatible
intervals), `conflict` (incompatible), `consistent` (no contradiction and no
confirmation: a count of people larger than the count of civilians in it, an
amount below a capacity), or `measure` (incompatible, but one is a capacity or
a plan and the other an amount: different measures).
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from collections.abc import Sequence
from pathlib import Path

import msgspec

from reliability import Analysis
from reliability.analysis.lexicon import FUNCTION_WORDS
from reliability_heuristics.tables import read_table

from .claims import FigureClaim, extract_claims, lemma

__all__ = ["Alignment", "Figure", "FigureIndex", "align", "figures_of"]

DATA_DIR = Path(__file__).resolve().parent / "data"

ALIGN_MIN = 1.5
"""The similarity from which two figures are taken to count the same thing."""

# Small definite counts ("the two countries", "all three planes") refer to things the text
# has already named or counted; they are not figures of their own.
_DEFINITE_MAX = 3
_WINDOW = 4  # tokens either side of a figure searched for its tally
_MODALITY_WINDOW = 5  # tokens before a figure searched for "can", "plans"…
# Nouns that name a relation; the thing counted is in their "of" phrase.
_RELATIONAL = frozenset({"member", "group", "unit", "contingent"})


def _load_kinds() -> dict[str, tuple[str, str | None]]:
    return {
        lemma_: (kind, parent or None)
        for lemma_, kind, parent in read_table(DATA_DIR / "kinds.tsv", 3)
    }


def _load_measures() -> tuple[dict[str, str], dict[str, str]]:
    tallies: dict[str, str] = {}
    modalities: dict[str, str] = {}
    for form, type_, cls in read_table(DATA_DIR / "measures.tsv", 3):
        if type_ == "tally":
            tallies[form] = cls
        elif type_ == "modality":
            modalities[form] = cls
        else:
            raise ValueError(f"measures.tsv: unknown type {type_!r} for {form!r}")
    return tallies, modalities


KINDS = _load_kinds()
TALLIES, MODALITIES = _load_measures()


class Figure(msgspec.Struct, frozen=True):
    """A claim read for comparison with other documents' claims (see the module docstring).

    `period` is the hull of the dated times of its sentence as proleptic
    ordinals, or None when the sentence dates nothing with a year.
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


class Alignment(msgspec.Struct, frozen=True):
    """Two figures taken to count the same thing: how alike they are and what they say.

    `relation` is how the second figure's kind stands to the first's: `same`
    (same word or no counted noun), `synonym`, `broader` or `narrower`.
    `verdict` is `agree`, `conflict`, `consistent` or `measure`.
    """

    similarity: float
    relation: str
    verdict: str


# --- Reading a document's figures ---------------------------------------------


@functools.lru_cache(maxsize=65536)
def _content(word: str) -> str | None:
    """A content word's lemma, lower case; None for function words, short words and numbers."""
    lower = word.lower().replace("\u2019", "'")
    if len(lower) < 3 or lower in FUNCTION_WORDS or not any(ch.isalpha() for ch in lower):
        return None
    if lower.endswith("'s"):
        lower = lower[:-2]
    return lemma(lower)


def _period(claim: FigureClaim) -> tuple[int, int] | None:
    spans: list[tuple[int, int]] = []
    for d in claim.times:
        if d.year is None or not 1 <= d.year <= 9999:
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
    figures: list[Figure] = []
    seen: set[tuple[int, int]] = set()
    sentence_words: dict[tuple[int, int], list[tuple[int, str]]] = {}
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
        last = bisect.bisect_left(starts, claim.end) - 1
        if claim.sentence is not None:
            sentence = doc.sentences[claim.sentence]
            lo = bisect.bisect_left(starts, sentence.start)
            hi = bisect.bisect_left(starts, sentence.end)
        else:
            lo, hi = 0, len(tokens)
        lemma_ = claim.counted.lower() if claim.counted else None
        if lemma_ in _RELATIONAL and claim.phrase and " of " in claim.phrase:
            lemma_ = _content(claim.phrase.rsplit(" ", 1)[-1]) or lemma_
        kind, parent = (None, None)
        if lemma_ is not None:
            kind, parent = KINDS.get(lemma_, (lemma_, None))
        content = sentence_words.get((lo, hi))
        if content is None:
            content = [
                (k, w)
                for k in range(lo, hi)
                if tokens[k].kind == "word"
                for w in (_content(tokens[k].text),)
                if w is not None
            ]
            sentence_words[(lo, hi)] = content
        words = frozenset(w for k, w in content if not first <= k <= last)
        modifiers: frozenset[str] = frozenset()
        if claim.phrase:
            phrase_words = {_content(w) for w in claim.phrase.split()}
            modifiers = frozenset(w for w in phrase_words if w is not None and w != lemma_)
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
                subjects=frozenset(
                    w for n in claim.subjects for w in n.text.lower().split() if len(w) > 2
                ),
                period=_period(claim),
            )
        )
    return tuple(figures)


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
            return list(self._by.get((*key, "any"), ()))
        found = list(self._by.get((*key, "kind", f.kind), ()))
        found += self._by.get((*key, "parent", f.kind), ())  # narrower kinds
        if f.parent is not None:
            found += self._by.get((*key, "kind", f.parent), ())  # the broader kind
        if f.claim.unit is not None:
            found += self._by.get((*key, "kind", None), ())  # a bare measure
        return found


# --- Comparing two figures ----------------------------------------------------


def _contains(c: FigureClaim, x: float) -> bool:
    above = c.low < x or (c.low == x and c.low_inclusive)
    below = x < c.high or (x == c.high and c.high_inclusive)
    return above and below


def overlap(a: FigureClaim, b: FigureClaim) -> bool:
    """Whether the two claims' intervals share a value."""
    lo, hi = max(a.low, b.low), min(a.high, b.high)
    if lo < hi:
        return True
    return lo == hi and _contains(a, lo) and _contains(b, lo)


def _at_most(small: FigureClaim, large: FigureClaim) -> bool:
    """Whether some value of `small` can be at most some value of `large`."""
    return small.low < large.high or (
        small.low == large.high and small.low_inclusive and large.high_inclusive
    )


def _relation(a: Figure, b: Figure) -> tuple[str, float] | None:
    """How b's counted kind stands to a's, and how much that says; None when unrelated."""
    if a.claim.unit != b.claim.unit:
        return None
    if a.kind is None or b.kind is None:
        # A bare measure ("up to 50 tons", "$50 million") is comparable with the same
        # measure of something, but only its context tells what it measures.
        return ("same", 0.5) if a.claim.unit is not None else None
    if a.lemma == b.lemma:
        return "same", 1.0
    if a.kind == b.kind:
        return "synonym", 0.8
    if b.kind == a.parent:
        return "broader", 0.6
    if a.kind == b.parent:
        return "narrower", 0.6
    return None


def align(a: Figure, b: Figure) -> Alignment | None:
    """Whether figures a and b (of different documents) count the same thing, and the verdict."""
    related = _relation(a, b)
    if related is None:
        return None
    relation, similarity = related
    if a.tally != b.tally:
        return None
    if a.tally is not None:
        similarity += 1.2
    if a.period is not None and b.period is not None:
        if a.period[1] < b.period[0] or b.period[1] < a.period[0]:
            return None  # dated to different times: different occasions
        similarity += 0.3
    if a.modifiers & b.modifiers:
        similarity += 0.5
    if a.words and b.words:
        shared = len(a.words & b.words) / min(len(a.words), len(b.words))
        similarity += 1.5 * shared
    if a.subjects and b.subjects:
        similarity += 0.3 if a.subjects & b.subjects else -0.4
    if similarity < ALIGN_MIN:
        return None
    return Alignment(round(similarity, 3), relation, _verdict(a, b, relation))


def _verdict(a: Figure, b: Figure, relation: str) -> str:
    x, y = a.claim, b.claim
    if a.modality != b.modality:
        if "capacity" in (a.modality, b.modality):
            amount, capacity = (x, y) if b.modality == "capacity" else (y, x)
            return "consistent" if _at_most(amount, capacity) else "measure"
        return "consistent" if overlap(x, y) else "measure"
    if overlap(x, y):
        return "agree"
    if relation == "broader":  # b counts a broader set, which may be larger
        return "consistent" if _at_most(x, y) else "conflict"
    if relation == "narrower":
        return "consistent" if _at_most(y, x) else "conflict"
    return "conflict"
