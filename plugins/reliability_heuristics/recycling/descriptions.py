"""Office-holders named by a description: "the Republican presidential nominee" in a text
that names Donald Trump elsewhere.

A definite description ("the GOP nominee", "the former secretary of state")
stands for a person the text names, often without a title. When exactly one
person named in the text (titled or not) held an office the description fits,
the description is read as naming that person:

- a description of a **campaign office** ("the Democratic presidential
  nominee", "the presumptive Republican nominee") → written during one of
  that person's campaigns (two-sided, alternatives when several);
- any description with **"former"**, "ex-" or "late" ("the former secretary
  of state") → written after one of the person's tenures ended (lower bound).

A present-tense description of any other office is not read: "the secretary
of state" in a text naming a former holder most often means the unnamed
present one. Descriptions of one office word ("the nominee"), those with an
aspiring modifier ("the likely nominee") and those followed by a name (read by
`offices`) are left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from reliability.analysis import Analysis, Token

from .constraints import Constraint, parse_partial
from .offices import OfficeMention
from .resolve import disjoint
from .tenures import (
    _ASPIRING,
    _FORMER,
    _GLUE,
    _MODIFIERS,
    COUNTRY_WORDS,
    TenureTable,
    normalise_title,
)
from .tenures import _fold_word as fold_word

__all__ = ["CAMPAIGN_OFFICES", "description_constraints"]

CAMPAIGN_OFFICES = frozenset(
    {"presidential_nominee", "vice_presidential_nominee", "presidential_candidate"}
)
_POSSESSIVE = ("'s", "’s")


def _is_title_word(word: str, vocabulary: frozenset[str]) -> bool:
    return (
        word in vocabulary
        or word in _MODIFIERS
        or word in COUNTRY_WORDS
        or word.replace("-", " ") in COUNTRY_WORDS
        or ("-" in word and all(p in vocabulary or p in _MODIFIERS for p in word.split("-")))
    )


def _description_at(
    doc: Analysis, i: int, vocabulary: frozenset[str]
) -> tuple[int, int, list[str], int | None] | None:
    """The title words after "the" at token `i`: (start, end, words, where the next word
    starts when a space alone parts it from them), or None."""
    tokens: Sequence[Token] = doc.tokens
    taken: list[tuple[str, int, int]] = []  # (word, start, end)
    j = i + 1
    while j < len(tokens):
        token = tokens[j]
        if token.kind != "word" or doc.text[tokens[j - 1].end : token.start] != " ":
            break
        possessive = token.text.endswith(_POSSESSIVE)
        word = fold_word(token.text)
        if word == "and":
            break  # "the former secretary of state and current nominee": two descriptions
        if not word or not (_is_title_word(word, vocabulary) or (word in _GLUE and taken)):
            break
        cut = 2 if possessive else 0
        taken.append((token.text[: len(token.text) - cut], token.start, token.end - cut))
        j += 1
        if possessive:
            break  # "the Republican nominee's daughter"
    while taken and fold_word(taken[-1][0]) in _GLUE:
        taken.pop()  # "the Republican nominee for president": "for" is not taken in
    if not taken:
        return None
    end = taken[-1][2]
    follows = (
        j < len(tokens) and end == tokens[j - 1].end and doc.text[end : tokens[j].start] == " "
    )
    return taken[0][1], end, [w for w, _, _ in taken], tokens[j].start if follows else None


def _indexes(words: list[str], word: str) -> list[int]:
    """Where `word` stands in `words` (found by `list.index`, quicker than a loop)."""
    out: list[int] = []
    i = -1
    while True:
        try:
            i = words.index(word, i + 1)
        except ValueError:
            return out
        out.append(i)


@lru_cache(maxsize=4)
def _campaign_titles(table: TenureTable) -> frozenset[str]:
    """The normalised titles of the table's campaign offices ("republican nominee")."""
    return frozenset(
        title
        for k, row in enumerate(table.rows)
        if row.office in CAMPAIGN_OFFICES
        for title in table.titles_of(k)
    )


def _people(table: TenureTable, mentions: Sequence[OfficeMention]) -> list[set[int]]:
    """The rows of each person the text names (a name's rows, merged when they meet)."""
    row_of = table.row_index
    by_name: dict[tuple[int, int], set[int]] = {}
    for m in mentions:
        k = row_of.get(id(m.tenure))
        if k is not None:
            by_name.setdefault((m.name_start, m.name_end), set()).add(k)
    people: list[set[int]] = []
    for rows in by_name.values():
        rows = set(rows)
        for other in [p for p in people if p & rows]:
            rows |= other
            people.remove(other)
        people.append(rows)
    return people


def description_constraints(
    doc: Analysis,
    table: TenureTable,
    mentions: Sequence[OfficeMention],
    year_sentences: set[int | None],
) -> list[Constraint]:
    """Constraints from descriptions of an office whose one holder the text names."""
    people = _people(table, mentions)
    if not people:
        return []
    vocabulary = table.title_vocabulary
    name_starts: frozenset[int] | None = None
    out: list[Constraint] = []
    seen: set[tuple[int, str]] = set()
    folded = doc.folded.words  # one a token, lower-cased
    for i in _indexes(folded, "the"):
        if i + 1 >= len(folded) or not _is_title_word(fold_word(folded[i + 1]), vocabulary):
            continue  # the common case: "the" before no office word
        found = _description_at(doc, i, vocabulary)
        if found is None:
            continue
        start, end, words, after = found
        if after is not None:
            if name_starts is None:
                name_starts = frozenset(n.start for n in doc.names)
            if after in name_starts:
                continue  # "the Republican nominee Donald Trump": a titled name (`offices`)
        office, modifiers, countries = normalise_title(words)
        if len(office.split()) < 2 or modifiers & _ASPIRING:
            continue
        former = bool(modifiers & _FORMER) or "then" in modifiers
        if not former and office not in _campaign_titles(table):
            continue  # only campaign offices are read in the present tense
        fits = [[k for k in rows if table.title_fits(k, office, countries)] for rows in people]
        fits = [ks for ks in fits if ks]
        if len(fits) != 1:
            continue  # nobody, or several people named in the text, held such an office
        rows = sorted(fits[0])
        if not former:
            if not all(table.rows[k].office in CAMPAIGN_OFFICES for k in rows):
                continue
            person = next(p for p in people if rows[0] in p)
            rows = _campaigns(table, person, rows)
        if (rows[0], office) in seen:
            continue
        seen.add((rows[0], office))
        dated = doc.sentence_index_at(start) in year_sentences
        c = _constraint(doc, table, rows, (start, end), former, dated)
        if c is not None:
            out.append(c)
    return out


def _campaigns(table: TenureTable, person: set[int], fitting: list[int]) -> list[int]:
    """The person's campaign rows in the cycles of the `fitting` rows.

    "The Republican nominee" is written of the likely nominee all through the
    primaries ("whoever becomes the Republican nominee"): a description of a
    nominee dates the writing to the campaign, from the candidacy on.
    """
    campaign = {k for k in person if table.rows[k].office in CAMPAIGN_OFFICES} | set(fitting)
    spans = {k: v for k in campaign if (v := _span(table, k)) is not None}

    def within(cycle: tuple[int, int | None], k: int) -> bool:
        return cycle[0] <= spans[k][0] and (cycle[1] is None or spans[k][0] <= cycle[1])

    cycles = [c for c in disjoint(list(spans.values())) if any(within(c, k) for k in fitting
                                                               if k in spans)]  # fmt: skip
    return sorted(k for k in spans if any(within(c, k) for c in cycles))


def _span(table: TenureTable, k: int) -> tuple[int, int | None] | None:
    row = table.rows[k]
    start = parse_partial(row.start)
    end = parse_partial(row.end) if row.end else None
    return None if start is None else (start[0], end[1] if end is not None else None)


def _constraint(
    doc: Analysis,
    table: TenureTable,
    rows: list[int],
    span: tuple[int, int],
    former: bool,
    dated_passage: bool,
) -> Constraint | None:
    tenures = [
        (parse_partial(r.start), parse_partial(r.end) if r.end else None)
        for r in (table.rows[k] for k in rows)
    ]
    spans = [(s[0], e[1] if e is not None else None) for s, e in tenures if s is not None]
    if not spans:
        return None
    who = table.rows[rows[0]].person
    start, end = span
    text = doc.text[start:end]
    if former:
        closed = [hi for _, hi in spans if hi is not None]
        lo = min(closed) if closed else min(lo for lo, _ in spans)
        reason = f"describes {who} as having held the office: written after a tenure ended"
        return Constraint("former-office", start, end, text, lo, None, reason)
    lo = min(lo for lo, _ in spans)
    if dated_passage:
        reason = f"describes {who} in office in a dated passage: written after a tenure began"
        return Constraint("office-in-history", start, end, text, lo, None, reason)
    his = [hi for _, hi in spans]
    hi = None if any(h is None for h in his) else max(h for h in his if h is not None)
    merged = disjoint(spans)
    reason = f"describes {who}, named in the text, in office: written during the tenure"
    alternatives = tuple(merged) if len(merged) > 1 else ()
    return Constraint("office", start, end, text, lo, hi, reason, alternatives)
