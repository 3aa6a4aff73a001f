"""Quantitative claims: each figure in a text with its qualifier, unit and context.

Groundwork for a "figure consistency across sources" heuristic. Built on the
shared analysis: `doc.numbers` gives each number's value, kind and currency;
this module reads the tokens around it and never re-tokenises the text.

A `FigureClaim` is one figure:

- the span of the whole expression (qualifier, number, unit and counted noun
  phrase: "around 100 members of the Russian military") and the number's span;
- the normalised value ("two" -> 2, "$50 million" -> 50,000,000 USD, "17.5%"
  -> 17.5 percent, "three-year" -> 3 year);
- the qualifier as an interval `low`/`high` with inclusive flags and
  `approximate` (from `data/qualifiers.tsv`): "more than 60" -> (60, inf),
  "at least 16" -> [16, inf), "up to 50" -> [0, 50], "about 100" -> [90, 110]
  approximate, "nearly 100" -> [90, 100) approximate, "dozens of" -> [24, inf)
  approximate; a range "between 10 and 20" / "10 to 20" / "from 10 to 20" gives
  each of its two numbers one claim with the interval [10, 20] and the span of
  the whole range, unless a change verb precedes "from" ("rose from 10 to
  20"), or the first number is the larger without "from" or "between" (a
  score: "leads 44 percent to 37 percent"), when each number is a claim of
  its own; a proportion ("8 in 10 voters", "one out of four") is no claim;
- the unit (`data/units.tsv`: "tons" -> "t", "dollars" -> "USD") and the
  counted thing: the lemma of the noun phrase's head ("civilians" ->
  "civilian"; heads from `data/heads.tsv` or by plural form) and the phrase
  as written, an "of" phrase included ("35 tons of equipment": unit "t",
  counted "equipment");
- its context: the sentence, the nearest reporting or event verb
  (`data/verbs.tsv`, a lower-case "-ed" word, or the "-ing" form of either:
  "killing more than 60 civilians"; on a tie the one after the claim, "saw
  35 tons of equipment offloaded"), the names before that verb (outside the
  claim itself), the date expressions of the sentence, and whether a
  determiner makes it a reference to a known set ("the two countries").

Not claims: years, numbers inside date expressions or names, and ordinals
unless a measure unit follows them. Clock times, list numbering and model
designations never reach `doc.numbers`.

The token-level questions (which token holds an offset, which noun phrase a
figure counts, which words read as verbs) are answered by `tokens.TokenReader`.
"""

from __future__ import annotations

import bisect
import itertools
import math

import msgspec

from reliability import Analysis
from reliability.analysis import DateExpression, Name, Number, Token
from reliability.analysis.lexicon import FUNCTION_WORDS

from .tokens import TokenReader, nearest_verb
from .vocabulary import (
    CHANGE_VERBS,
    DEFINITE,
    HYPHENS,
    QUALIFIERS,
    RANGE_LINKS,
    RATIO_LAST,
    RATIO_LINKS,
    UNITS,
    VAGUE_FIRST,
    lemma,
    phrase_words,
)

__all__ = ["CHANGE_VERBS", "FigureClaim", "extract_claims", "lemma"]

INF = math.inf
_LONGEST_RATIO_LINK = max(map(len, RATIO_LINKS))
MAX_NUMBERS = 10_000
"""Only a document's first numbers are read: a news article has a few hundred at most,
and it bounds the time a pathological text (a table, a dump of numbers) can take."""
MAX_SENTENCE = 3_000
"""Numbers in a "sentence" longer than this (in characters) are not read: it is a list
or a table, not prose, and its figures have no clause to be compared by."""


class FigureClaim(msgspec.Struct, frozen=True):
    """One figure: value, qualifier interval, unit, counted thing and context.

    `start`/`end` cover the whole expression, `number_start`/`number_end` the
    number. `kind` is the number's kind (`cardinal`, `percent`, `money`,
    `ordinal`) or `vague` ("dozens of"). `qualifier` is the qualifying phrase
    as written ("more than", "between"), `unit` the normalised measure unit,
    `counted` the lemma of the counted noun and `phrase` that noun phrase as
    written. `subjects`, `verb` and `times` come from the claim's sentence.
    `definite` is true when a determiner such as "the" or "all" introduces the
    figure ("the two countries", "all three planes"): it refers to a set the
    text has usually named or counted already.
    """

    start: int
    end: int
    text: str
    number_start: int
    number_end: int
    value: float
    kind: str
    low: float
    high: float
    low_inclusive: bool = True
    high_inclusive: bool = True
    approximate: bool = False
    qualifier: str | None = None
    unit: str | None = None
    counted: str | None = None
    phrase: str | None = None
    currency: str | None = None
    sentence: int | None = None
    subjects: tuple[Name, ...] = ()
    verb: Token | None = None
    times: tuple[DateExpression, ...] = ()
    definite: bool = False


# --- Extraction -------------------------------------------------------------


class _Item(msgspec.Struct):
    """A figure being read: the number and what has been found around it."""

    start: int
    end: int
    value: float
    kind: str
    currency: str | None
    first: int  # index of the first token of the number
    after: int  # index of the first token after the number
    tail_end: int = -1  # end of unit and counted phrase, or -1
    unit: str | None = None
    counted: str | None = None
    phrase: str | None = None


def extract_claims(doc: Analysis) -> list[FigureClaim]:
    """The quantitative claims of `doc`, in text order."""
    r = TokenReader(doc)
    blocked = sorted([(d.start, d.end) for d in doc.dates] + [(n.start, n.end) for n in doc.names])
    blocked_starts = [b[0] for b in blocked]
    reach = list(itertools.accumulate((b[1] for b in blocked), max))  # furthest end so far
    items: list[_Item] = []
    for number in doc.numbers:
        if number.kind == "year":
            continue
        i = bisect.bisect_left(blocked_starts, number.end)  # spans starting before its end
        if i and reach[i - 1] > number.start:
            continue  # inside a date or a name
        items.append(_item(r, number))
        if len(items) == MAX_NUMBERS:
            # The numbers come in text order: no later one is among the first
            # `MAX_NUMBERS` figures, and a vague amount before the last one read
            # that overlaps a later number overlaps that last one too.
            break
    items.extend(_vague_items(r, items))
    items.sort(key=lambda it: it.start)
    del items[MAX_NUMBERS:]

    claims: list[FigureClaim] = []
    i = 0
    while i < len(items):
        item = items[i]
        sentence = doc.sentence_index_at(item.start)
        s_start, s_end = _sentence_bounds(doc, sentence)
        if s_end - s_start > MAX_SENTENCE:
            i += 1
            continue
        stop = r.index_at(s_end)
        nxt = items[i + 1] if i + 1 < len(items) else None
        if nxt is not None and _ratio(r, item, nxt):
            i += 2  # "8 in 10 voters": a proportion, neither number counts the voters
            continue
        if _denominator(r, item):
            i += 1  # "one in five voters", "one of every nine"
            continue
        link = _range_link(r, item, nxt, s_start) if nxt is not None else None
        if nxt is not None and link is not None:
            _read_tail(r, nxt, stop)
            _read_tail(r, item, stop, shared=nxt)
            pair = [item, nxt]
            if link == "change":
                claims.extend(_claim(r, it, sentence, None, stop) for it in pair if _keep(it))
            else:
                claims.extend(_range_claims(r, pair, link, sentence, stop))
            i += 2
            continue
        _read_tail(r, item, stop)
        if _keep(item, r):
            claims.append(_claim(r, item, sentence, s_start, stop))
        i += 1
    return claims


def _item(r: TokenReader, number: Number) -> _Item:
    first = r.index_at(number.start)
    return _Item(
        start=number.start,
        end=number.end,
        value=number.value,
        kind=number.kind,
        currency=number.currency,
        first=first,
        after=r.index_at(number.end),
    )


def _vague_items(r: TokenReader, found: list[_Item]) -> list[_Item]:
    """Vague amounts followed by "of" ("dozens of", "tens of thousands of")."""
    items: list[_Item] = []
    # The numbers found, in text order and apart: one of them overlaps a span when the
    # last one starting before the span's end ends after its start.
    starts = [it.start for it in found]
    ends = [it.end for it in found]
    table = QUALIFIERS["vague"]
    n = len(r.tokens)
    after = 0  # the first token not yet read into a vague amount
    if VAGUE_FIRST.isdisjoint(r.lower):
        return items
    for k in itertools.compress(range(n), map(VAGUE_FIRST.__contains__, r.lower)):
        if k < after:
            continue
        length = r.match(table, k, n)
        end_k = k + length
        if length and end_k < n and r.lower[end_k] == "of":
            start, end = r.tokens[k].start, r.tokens[end_k - 1].end
            last = bisect.bisect_left(starts, end) - 1
            if last < 0 or ends[last] <= start:
                q = table[tuple(r.lower[k:end_k])]
                value = q.value if q.value is not None else 0.0
                items.append(_Item(start, end, value, "vague", None, k, end_k))
            after = end_k
    return items


def _sentence_bounds(doc: Analysis, sentence: int | None) -> tuple[int, int]:
    if sentence is None:
        return 0, len(doc.text)
    s = doc.sentences[sentence]
    return s.start, s.end


def _read_tail(r: TokenReader, item: _Item, stop: int, shared: _Item | None = None) -> None:
    """Read the unit and counted noun phrase after a number into `item`.

    `shared` is the second number of a range: when nothing follows the first
    number, it takes the second's unit and counted thing ("10 to 20 people").
    """
    tokens, text = r.tokens, r.text
    if item.kind == "money":
        item.unit = item.currency
    elif item.kind == "percent":
        item.unit = "percent"
    # A compound written with a hyphen: "three-year", "five-member".
    inside = r.index_at(item.end - 1)
    if (
        item.kind != "vague"
        and 0 <= inside < len(tokens)
        and tokens[inside].end > item.end
        and text[item.end : item.end + 1] in HYPHENS
    ):
        tail = text[item.end + 1 : tokens[inside].end]
        unit = UNITS.get(phrase_words(tail)) if tail else None
        if unit is not None:
            item.unit = unit
        elif tail:
            item.counted, item.phrase = lemma(tail).lower(), tail
        item.tail_end = tokens[inside].end
        return
    k = item.after
    k += r.match(QUALIFIERS["post"], k, stop)  # "60 or more people": read past "or more"
    if item.kind == "vague":
        k += 1  # past "of"
    elif item.unit is None:
        n = r.match(UNITS, k, stop)
        if n and tokens[k].text[:1].isupper() and k > 0:
            n = 0  # "60 Minutes" and the like are names, not measures
        if n:
            item.unit = UNITS[tuple(r.lower[k : k + n])]
            item.tail_end = tokens[k + n - 1].end
            k += n
    if item.unit is not None:
        of = r.of_phrase(k, stop)
        if of is not None:
            first, last = of
            item.counted = lemma(tokens[last].text).lower()
            item.phrase = text[tokens[first].start : tokens[last].end]
            item.tail_end = tokens[last].end
        elif shared is not None and k == item.after and shared.unit == item.unit:
            item.counted, item.phrase = shared.counted, shared.phrase
        return
    np = r.noun_phrase(k, stop) if item.kind != "ordinal" else None
    if np is None:
        if shared is not None and k == item.after:
            item.unit, item.counted, item.phrase = shared.unit, shared.counted, shared.phrase
        return
    first, head, last = np
    head_text = tokens[head].text
    item.counted = lemma(head_text) if head_text[:1].isupper() else lemma(head_text).lower()
    of = r.of_phrase(last + 1, stop)
    if of is not None:
        last = of[1]
    item.phrase = text[tokens[first].start : tokens[last].end]
    item.tail_end = tokens[last].end


_TIME_UNITS = frozenset({"second", "minute", "hour", "day", "night", "week", "month", "year"})
_TIME_UNITS |= {"decade", "century"}


def _keep(item: _Item, r: TokenReader | None = None) -> bool:
    """Whether a read number is a figure.

    Ordinals count only with a measure unit ("the 3rd km"): "first" alone is a
    rank, and "21st century" or "third day" a position in time. Bare digits
    straight after a capitalised word with nothing counted after them are part
    of a name ("Flight 17 was shot down" at the start of a sentence, where the
    analysis cannot tell).
    """
    if item.kind == "ordinal":
        return item.unit is not None and item.unit not in _TIME_UNITS
    if r is None or item.kind != "cardinal" or item.unit or item.counted or item.first < 1:
        return True
    prev = r.tokens[item.first - 1]
    return not (
        prev.kind == "word"
        and prev.text[:1].isupper()
        and r.lower[item.first - 1] not in FUNCTION_WORDS
        and r.text[prev.end : item.start] == " "
        and r.text[item.start].isdigit()
    )


def _ratio(r: TokenReader, a: _Item, b: _Item) -> bool:
    """Whether a and b form a proportion: "8 in 10", "one out of four", "one of every nine"."""
    if a.kind != "cardinal" or b.kind != "cardinal" or a.value >= b.value:
        return False
    end = r.index_at(b.start)
    if end - a.after > _LONGEST_RATIO_LINK:
        return False  # not a slice of what may be pages of text
    return tuple(r.lower[a.after : end]) in RATIO_LINKS


def _denominator(r: TokenReader, item: _Item) -> bool:
    """Whether the number ends a proportion whose "one" is not a number of its own."""
    if item.first < 2 or r.lower[item.first - 1] not in RATIO_LAST:
        return False
    for link in RATIO_LINKS:
        k = item.first - len(link)
        if k >= 1 and tuple(r.lower[k : item.first]) == link and r.lower[k - 1] in ("one", "1"):
            return True
    return False


def _range_link(r: TokenReader, a: _Item, b: _Item, s_start: int) -> str | None:
    """How numbers a and b form a range: "between", "from", "to"/"or"/"-", "change", or None."""
    if a.kind == "ordinal" or b.kind == "ordinal" or a.kind == "vague" or b.kind == "vague":
        return None
    # One token between them (not a slice: the next number may be pages away).
    if r.index_at(b.start) - a.after != 1:
        return None
    link = r.tokens[a.after].text.lower()
    if link not in RANGE_LINKS:
        return None
    if r.text[a.end : b.start].count("\n"):
        return None
    before = a.first - 1
    opener = r.lower[before] if before >= 0 and r.tokens[before].start >= s_start else ""
    if link == "and":
        return "between" if opener == "between" else None
    if opener == "from" and link == "to":
        for k in range(max(before - 4, 0), before):
            if r.tokens[k].start >= s_start and r.lower[k] in CHANGE_VERBS:
                return "change"
        return "from"
    if opener == "between":
        return None
    if a.value > b.value and link != "or":
        return None  # a score, not a range: "leads 44 percent to 37 percent", "a 7-2 vote"
    return link


def _claim(
    r: TokenReader, item: _Item, sentence: int | None, s_start: int | None, stop: int
) -> FigureClaim:
    """One claim for a lone number, with its qualifier (none when `s_start` is None)."""
    start, end = item.start, max(item.end, item.tail_end)
    relation = "exact"
    qualifier: str | None = None
    if item.kind == "vague":
        relation = "atleast-vague"
    elif s_start is not None:
        floor = r.index_at(s_start)
        n = r.match_before(QUALIFIERS["pre"], item.first, floor)
        post = r.match(QUALIFIERS["post"], item.after, stop)
        if n:
            phrase = tuple(r.lower[item.first - n : item.first])
            relation = QUALIFIERS["pre"][phrase].relation
            start = r.tokens[item.first - n].start
            qualifier = r.text[start : r.tokens[item.first - 1].end]
        elif post:
            phrase = tuple(r.lower[item.after : item.after + post])
            relation = QUALIFIERS["post"][phrase].relation
            q_end = r.tokens[item.after + post - 1].end
            qualifier = r.text[r.tokens[item.after].start : q_end]
            end = max(end, q_end)
    low, high, low_in, high_in, approx = _interval(relation, item.value)
    return _make(r, item, sentence, start, end, low, high, low_in, high_in, approx, qualifier)


def _range_claims(
    r: TokenReader, pair: list[_Item], link: str, sentence: int | None, stop: int
) -> list[FigureClaim]:
    """Both numbers of a range, each with the range's interval and span."""
    a, b = pair
    start = a.start
    qualifier = link
    if link in ("between", "from"):
        start = r.tokens[a.first - 1].start
        qualifier = r.text[start : r.tokens[a.first - 1].end]
    end = max(b.end, b.tail_end)
    low, high = sorted((a.value, b.value))
    return [
        _make(r, it, sentence, start, end, low, high, True, True, link == "or", qualifier)
        for it in pair
        if _keep(it)
    ]


def _interval(relation: str, x: float) -> tuple[float, float, bool, bool, bool]:
    """(low, high, low inclusive, high inclusive, approximate) for a qualifier relation."""
    if relation == "gt":
        return x, INF, False, False, False
    if relation == "ge":
        return x, INF, True, False, False
    if relation == "lt":
        return 0.0, x, True, False, False
    if relation == "le":
        return 0.0, x, True, True, False
    if relation == "approx":
        return 0.9 * x, 1.1 * x, True, True, True
    if relation == "nearly":
        return 0.9 * x, x, True, False, True
    if relation == "atleast-vague":
        return x, INF, True, False, True
    return x, x, True, True, False


def _make(
    r: TokenReader,
    item: _Item,
    sentence: int | None,
    start: int,
    end: int,
    low: float,
    high: float,
    low_in: bool,
    high_in: bool,
    approx: bool,
    qualifier: str | None,
) -> FigureClaim:
    doc = r.doc
    s_start, s_end = _sentence_bounds(doc, sentence)
    verb = nearest_verb(r, start, end, s_start, s_end)
    limit = verb.start if verb is not None else start
    # Names inside the claim belong to the counted thing ("two Ilyushin Il-76 aircraft").
    names = doc.names[
        bisect.bisect_left(r.name_starts, s_start) : bisect.bisect_left(r.name_starts, limit)
    ]
    subjects = tuple(n for n in names if n.end <= limit and not (start <= n.start < end))
    times = r.times.get((s_start, s_end))
    if times is None:
        dates = doc.dates[
            bisect.bisect_left(r.date_starts, s_start) : bisect.bisect_left(r.date_starts, s_end)
        ]
        times = r.times[(s_start, s_end)] = tuple(d for d in dates if d.end <= s_end)
    k = r.index_at(start) - 1
    definite = k >= 0 and r.tokens[k].start >= s_start and r.lower[k] in DEFINITE
    return FigureClaim(
        start=start,
        end=end,
        text=r.text[start:end],
        number_start=item.start,
        number_end=item.end,
        value=item.value,
        kind=item.kind,
        low=low,
        high=high,
        low_inclusive=low_in,
        high_inclusive=high_in,
        approximate=approx,
        qualifier=qualifier,
        unit=item.unit,
        counted=item.counted,
        phrase=item.phrase,
        currency=item.currency,
        sentence=sentence,
        subjects=subjects,
        verb=verb,
        times=times,
        definite=definite,
    )
