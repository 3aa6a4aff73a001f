"""Where an attribution's source is: the noun phrase before or after its cue, and who it names.

`SourceFinder` holds one document's shared state (token view, names, dates,
quotations) and finds a cue's subject ("Peskov said"), an inverted source
("..., said Peskov"), resolves pronouns and definite descriptions ("he", "the
channel") to the last named source that fits.
"""

from __future__ import annotations

import bisect
import operator
from collections.abc import Sequence
from itertools import accumulate

import numpy as np

from reliability import Analysis
from reliability.analysis import Name, Quotation
from reliability_heuristics.attribution.lexicon import (
    AFTER_STOP,
    BAD_SOURCE_END,
    BODY_KINDS,
    CLAUSE_WORDS,
    CLOSE_QUOTES,
    COMMON_OPENERS,
    CONJUNCTIONS,
    CUE_TABLE,
    DATELINE_DASHES,
    DETERMINERS,
    GROUP_KINDS,
    MAX_SOURCE_TOKENS,
    NAME_CONNECTORS,
    OPEN_QUOTES,
    PERSON_KINDS,
    PRONOUNS,
    RELATED_KINDS,
    RELATIVE,
    SENTENCE_END,
    SOURCE_OPENERS_NOT,
    SOURCE_TABLE,
    SOURCE_TRAIL,
    SUBJECT_STOP,
    VAGUE_WORDS,
    match_phrase,
    phrase_starts,
)
from reliability_heuristics.attribution.relation import (
    Attribution,
    TokenView,
    name_key,
    source_kind,
)

# How far back from a cue a subject is looked for (tokens): four times the
# longest noun phrase read as a source.
MAX_SCAN_TOKENS = 4 * MAX_SOURCE_TOKENS
# The longest appositive a source after its cue takes in ("said Acton, a physicist at ...").
MAX_APPOSITIVE_TOKENS = 3 * MAX_SOURCE_TOKENS
# Words opening a relative clause inside such an appositive.
APPOSITIVE_RELATIVE = frozenset({"who", "whom", "whose", "which", "that"})
_FIRST = operator.itemgetter(0)
_START = operator.attrgetter("start")
_END = operator.attrgetter("end")
# The source kinds a pronoun may stand for ("they" and the rest: `GROUP_KINDS`).
_PRONOUN_KINDS = {"he": PERSON_KINDS, "she": PERSON_KINDS, "it": BODY_KINDS}


class SourceFinder:
    """The shared state of a document's relation finder, and where each relation's source is."""

    def __init__(self, doc: Analysis) -> None:
        self.doc = doc
        self.v = TokenView(doc)
        self.names: Sequence[Name] = doc.names
        self.name_starts = list(map(_START, self.names))
        self.name_ends = list(map(_END, self.names))
        self.dates = doc.dates
        self.date_starts = sorted(map(_START, self.dates))
        # The furthest end of the dates up to each one, for skipping those behind a token.
        self.date_reach = list(accumulate(map(_END, self.dates), max))
        self.relations: list[Attribution] = []
        # `_resolve`'s index of the named relations in `relations` (`_named_by_kind`).
        self._named_seen: list[Attribution] | None = None
        self._named_count = 0
        self._named_index: dict[str, list[int]] = {}
        # id(relation) -> starts of later sentences holding its content (after a colon).
        self.sentence_of: dict[int, list[int]] = {}
        # Top-level quotations by their opening and closing offsets, for lookups by token.
        self.quote_by_start = {q.start: q for q in doc.quotations if q.depth == 0}
        self.quote_by_end = {q.end: q for q in doc.quotations if q.depth == 0}
        self.quote_starts = sorted(self.quote_by_start)
        # Token index -> True when inside a quotation (cues there are the speaker's words).
        self.quoted: list[bool] = [False] * self.v.n
        # (start, end) of each top-level quotation -> its token range (`_tok_range`).
        self.quote_ranges: dict[tuple[int, int], tuple[int, int]] = {}
        tops = [q for q in doc.quotations if q.depth == 0]
        if tops:
            self._quote_tokens(tops)
        # Only tokens that can open a cue are looked at, found once for the text.
        self.cue_positions = phrase_starts(self.v.words, CUE_TABLE)
        # The longest cue phrase at each of them, within the text: (end, class) or None.
        words, n = self.v.words, self.v.n
        self.cue_matches = [match_phrase(CUE_TABLE, words, k, n) for k in self.cue_positions]

    def _quote_tokens(self, tops: list[Quotation]) -> None:
        """Token ranges of the quotations and which tokens they quote, for all at once.

        A range is `_tok_range`'s: from the first token starting at or after
        the start to the first starting at or after the end, never before the first.
        """
        flat = [x for q in tops for x in (q.start, q.end, q.inner_start, q.inner_end)]
        at = np.searchsorted(self.v.token_starts, flat, "left").tolist()
        quoted = self.quoted
        ranges = self.quote_ranges
        for x, q in enumerate(tops):
            lo, hi, inner_lo, inner_hi = at[4 * x : 4 * x + 4]
            ranges[q.start, q.end] = lo, max(hi, lo)
            if inner_hi > inner_lo:
                quoted[inner_lo:inner_hi] = [True] * (inner_hi - inner_lo)

    def _quote_range(self, q: Quotation) -> tuple[int, int]:
        """The token range of a top-level quotation, marks included."""
        return self.quote_ranges[q.start, q.end]

    def cue_phrases(self) -> list[tuple[int, int, str]]:
        """The cue table's phrases in the text, as (start, end, class), in order."""
        return [
            (k, hit[0], hit[1])
            for k, hit in zip(self.cue_positions, self.cue_matches, strict=True)
            if hit is not None
        ]

    # --- checks on a source span

    def datelines(self) -> list[tuple[int, int]]:
        """Token ranges of paragraph-opening datelines ("CARACAS, Venezuela (AP) —").

        Up to twelve tokens before a dash, all capitalised words, numbers or
        punctuation (lower case only inside brackets), with a word in capitals,
        a date or a bracketed credit among them.
        """
        v = self.v
        words = v.words
        out = []
        for lo, hi in self._paragraph_ranges(3):
            if not v.cap(lo):
                continue
            bracket = capitals = False
            for k in range(lo, min(hi, lo + 12)):
                token = v.tokens[k]
                if words[k] in DATELINE_DASHES and k > lo:
                    dated = self._date_opens_in(lo, k)
                    if capitals or bracket or dated:
                        out.append((lo, k + 1))
                    break
                if words[k] == "(":
                    bracket = True
                text = token.text
                capitals |= len(text) > 1 and text.isupper() and text.isalpha()
                if token.kind == "word" and not text[:1].isupper() and not bracket:
                    break
        return out

    def _paragraph_ranges(self, least: int) -> list[tuple[int, int]]:
        """Token ranges of the paragraphs of at least `least` tokens, found all at once."""
        paragraphs = self.doc.paragraphs
        count = len(paragraphs)
        starts = self.v.token_starts
        los = np.searchsorted(starts, np.fromiter(map(_START, paragraphs), np.int64, count))
        ends = np.searchsorted(starts, np.fromiter(map(_END, paragraphs), np.int64, count))
        his = np.maximum(ends, los)
        keep = his - los >= least
        return list(zip(los[keep].tolist(), his[keep].tolist(), strict=True))

    def _date_opens_in(self, lo: int, hi: int) -> bool:
        """Whether a date opens at one of the tokens [lo, hi) (or in the gap before one)."""
        # A date's start maps to token index bisect_left(starts, start): that
        # index lies in [lo, hi) when the start is in (starts[lo - 1], starts[hi - 1]].
        starts = self.v.starts
        date_starts = self.date_starts
        i = bisect.bisect_right(date_starts, starts[lo - 1]) if lo > 0 else 0
        return i < len(date_starts) and date_starts[i] <= starts[hi - 1]

    def _is_date(self, s: int, e: int) -> bool:
        """Whether the tokens [s, e) lie in one date expression ("Tuesday", "last week")."""
        tokens = self.v.tokens
        i = bisect.bisect_right(self.date_starts, tokens[s].start) - 1
        return i >= 0 and self.date_reach[i] >= tokens[e - 1].end

    def checked_source(
        self, rng: tuple[int, int], datelines: list[tuple[int, int]]
    ) -> tuple[int, int] | None:
        """A source span without a leading relative word or trailing adverb; None for a clause.

        "which United Nations (UN) experts" is "United Nations (UN) experts";
        "the government reportedly" is "the government". No source is a span
        holding a verb of its own ("US forces will soon bomb"; a capitalised
        "May" is a name), opening with a preposition or a participle
        ("published by the Post", not "elected officials"), a lone determiner
        or conjunction, or one lying in a dateline.
        """
        v = self.v
        words = v.words
        s, e = rng
        if e - s > 1 and (words[s] in RELATIVE or words[s] == "that"):
            s += 1
        while e - s > 1 and words[e - 1] in SOURCE_TRAIL:
            e -= 1
        head = words[s]
        participle = not v.cap(s) and head.endswith(("ed", "ing")) and head not in SOURCE_TABLE
        after = words[s + 1] if e - s > 1 else None
        describes = after is not None and after not in SOURCE_OPENERS_NOT | DETERMINERS
        if (
            head in SOURCE_OPENERS_NOT
            or (e - s == 1 and (head in DETERMINERS or head in CONJUNCTIONS))
            or (participle and not describes)
            or (
                not CLAUSE_WORDS.isdisjoint(words[s:e])  # "Theresa May" is a name
                and any(words[k] in CLAUSE_WORDS and not v.cap(k) for k in range(s, e))
            )
        ):
            return None
        # Datelines come in text order and do not overlap: only the last one
        # opening at or before the span's start may hold it.
        i = bisect.bisect_right(datelines, s, key=_FIRST) - 1
        if i >= 0 and s < datelines[i][1]:
            return None
        return s, e

    # --- spans

    def _tok_range(self, start: int, end: int) -> tuple[int, int]:
        starts = self.v.starts
        lo = bisect.bisect_left(starts, start)
        return lo, bisect.bisect_left(starts, end, lo)

    def _quotation_at_token(self, k: int, lo: int, hi: int) -> tuple[int, int] | None:
        """The outermost quotation opening at token k, as a token range within [lo, hi)."""
        q = self.quote_by_start.get(self.v.tokens[k].start)
        if q is None:
            return None
        a, b = self._quote_range(q)
        return a, min(b, hi) if q.closed else b

    def _quotes_in(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """Top-level quotations lying in token range [lo, hi), as token ranges."""
        tokens = self.v.tokens
        if lo >= hi:
            return []
        start, end = tokens[lo].start, tokens[hi - 1].end
        first = bisect.bisect_left(self.quote_starts, start)
        last = bisect.bisect_left(self.quote_starts, end, first)
        out = []
        for offset in self.quote_starts[first:last]:
            q = self.quote_by_start[offset]
            if q.end <= end:
                out.append(self._quote_range(q))
        return out

    def _starts_np(self, k: int, hi: int) -> bool:
        v = self.v
        w = v.words[k]
        if w in OPEN_QUOTES:
            q = self._quotation_at_token(k, k, hi)
            return q is not None and q[1] - q[0] <= 6
        return v.cap(k) or w in DETERMINERS or w in PRONOUNS

    def _source_after(self, k: int, hi: int) -> tuple[int, int] | None:
        """The noun phrase right after an inverted cue: up to a comma, a preposition or the end."""
        v = self.v
        words = v.words
        if words[k] in OPEN_QUOTES:
            q = self._quotation_at_token(k, k, hi)
            if q is None or q[1] - q[0] <= 2:
                return None  # no quotation, or one with nothing between its marks
            return q[0] + 1, q[1] - 1  # the quoted title, marks left out
        m = k
        while m < hi and (
            (words[m] not in AFTER_STOP and v.tokens[m].kind != "punct") or self._title_dot(m, k)
        ):
            m += 1
        if m == k:
            return None
        # "said Peskov, the Kremlin spokesman.": an appositive closing the sentence.
        if m < hi - 2 and words[m] == ",":
            m = self._closing_appositive(m, hi)
        if words[m - 1] in BAD_SOURCE_END:
            return None
        return k, m

    def _title_dot(self, m: int, k: int) -> bool:
        """Whether token m is the dot of an abbreviated title ("Rep. Elijah Cummings")."""
        v = self.v
        return (
            v.words[m] == "."
            and k < m < v.n - 1
            and v.cap(m - 1)
            and len(v.words[m - 1]) <= 4
            and v.tokens[m - 1].end == v.tokens[m].start
            and v.cap(m + 1)
        )

    def _closing_appositive(self, m: int, hi: int) -> int:
        """Where a source after its cue ends when an appositive follows it at comma `m`.

        "said Peskov, the Kremlin spokesman." takes in the appositive up to the
        sentence's end; a relative clause with a verb of its own ("..., a
        physicist who is co-director of ...") is left out, and so is an
        appositive that quotes, is capitalised (a list) or is too long.
        """
        v = self.v
        words = v.words
        rest_end = hi - 1 if words[hi - 1] in SENTENCE_END else hi
        first = words[m + 1]
        if first.endswith("ing") or not (first in DETERMINERS or not v.cap(m + 1)):
            return m  # "said Tusk, summing up ...": a participle, no appositive
        end = rest_end
        relative = None
        # Tokens past the longest appositive taken in are not looked at.
        for x in range(m + 1, min(rest_end, m + 1 + MAX_APPOSITIVE_TOKENS)):
            w = words[x]
            if w in OPEN_QUOTES:
                return m
            if w == "," and x + 1 < rest_end and words[x + 1] in SOURCE_OPENERS_NOT:
                # "..., the top Democrat on the committee, in a statement.": the
                # appositive with its closing comma, as annotators mark it.
                return x + 1 if x + 1 - m <= MAX_APPOSITIVE_TOKENS else m
            if relative is None and w in APPOSITIVE_RELATIVE:
                relative = x
            if w in CLAUSE_WORDS:
                if relative is None:
                    return m
                end = relative
                break
        while end > m + 1 and words[end - 1] == ",":
            end -= 1
        if end - m <= 1 or end - m > MAX_APPOSITIVE_TOKENS:
            return m
        return end

    def source_before(self, lo: int, a: int) -> tuple[int, int] | None:
        """The subject noun phrase ending right before the cue, or None."""
        v = self.v
        words = v.words
        e = a
        if e <= lo:
            return None
        w = words[e - 1]
        if w in PRONOUNS or w in RELATIVE:
            return e - 1, e
        if w == ",":
            # "Anne Richards, assistant secretary of state, said": the name and
            # its appositive together, trailing comma included.
            c = e - 1
            m = c
            floor = max(lo, c - MAX_SCAN_TOKENS)
            while m > floor and words[m - 1] != "," and v.tokens[m - 1].kind != "punct":
                m -= 1
            if m - 1 > lo and words[m - 1] == "," and m < c:
                e2 = m - 1
                s = self._np_back(lo, e2)
                if s is None:
                    return None
                if not v.cap(m) and any(v.cap(x) for x in range(s, e2)):
                    return s, e
                # "A lawyer for the outlets, David Schulz, said": a name after its description.
                if v.cap(m) and all(v.cap(x) or words[x] in (".", "-") for x in range(m, c)):
                    return s, e
            return None
        s = self._np_back(lo, e)
        if s is None:
            return None
        if e - s > MAX_SOURCE_TOKENS and not self._name_chain(s, e):
            return self._last_name_in(s, e)
        return s, e

    def _np_back(self, lo: int, e: int) -> int | None:
        """Start of the noun phrase ending at token e (exclusive), scanning back.

        The scan stops at `lo` (the sentence's start) or `MAX_SCAN_TOKENS` before
        `e`, whichever is nearer: a longer phrase is a clause, read by its last
        name, and an unbounded scan from each of many cues in one endless
        sentence would cost the square of its length.
        """
        v = self.v
        lo = max(lo, e - MAX_SCAN_TOKENS)
        words = v.words
        tokens = v.tokens
        quoted = self.quoted
        s = e
        while s > lo:
            w = words[s - 1]
            if w in NAME_CONNECTORS and s < e and s - 2 >= lo and self._joins_names(s - 2, s):
                s -= 1  # "Office on Drugs and Crime", "Pollak of Breitbart": inside a name chain
                continue
            if quoted[s - 1] or w in SUBJECT_STOP or w in CLOSE_QUOTES or w in OPEN_QUOTES:
                break
            if tokens[s - 1].kind == "punct" and w not in ("(", ")", "-", "&", "."):
                break
            if w in PRONOUNS and s != e:
                break
            if w.endswith("ing") and not v.proper(s - 1):
                break  # "affirming Kremlin support": a participle opens a new phrase
            s -= 1
        if s == e:
            return None
        # Leave out a leading date ("Last week Trump said").
        # Dates wholly before the phrase (their ends so far, `date_reach`, reach no
        # further than its start) can neither hold it nor end the scan: skipped.
        dates = self.dates
        x = bisect.bisect_right(self.date_reach, v.tokens[s].start)
        while x < len(dates):
            d = dates[x]
            x += 1
            if d.start <= v.tokens[s].start < d.end:
                s2, _ = self._tok_range(d.end, d.end)
                if s2 >= e:
                    return None
                s = s2
            elif d.start > v.tokens[e - 1].end:
                break
        if words[e - 1] in BAD_SOURCE_END:
            return None
        if not any(v.cap(x) for x in range(s, e)) and source_kind(v, s, e) == "vague":
            # A lower-case subject must be a source noun ("officials", "the report"),
            # not any clause fragment ("the flight became").
            hit = any(
                words[x] in SOURCE_TABLE and match_phrase(SOURCE_TABLE, words, x, e)
                for x in range(s, e)
            )
            if not hit:
                return None
        return s

    def _name_chain(self, s: int, e: int) -> bool:
        """Whether [s, e) is names joined by connectors ("the UN Office on Drugs and Crime")."""
        v = self.v
        loose = sum(
            1
            for x in range(s, e)
            if v.tokens[x].kind == "word"
            and not v.proper(x)
            and v.words[x] not in NAME_CONNECTORS
            and v.words[x] not in DETERMINERS
            and v.words[x] not in SOURCE_TABLE
        )
        return loose == 0

    def _joins_names(self, left: int, right: int) -> bool:
        """Whether tokens `left` and `right` (around a connector) are both parts of names."""
        v = self.v
        right_ok = v.proper(right) or (
            v.words[right] in DETERMINERS and right + 1 < v.n and v.proper(right + 1)
        )
        # The left side may also be a source noun: "Reports from the UN".
        return right_ok and (
            v.proper(left) or v.words[left] == ")" or v.words[left] in SOURCE_TABLE
        )

    def _last_name_in(self, s: int, e: int) -> tuple[int, int] | None:
        v = self.v
        start, end = v.tokens[s].start, v.tokens[e - 1].end
        i = bisect.bisect_right(self.name_ends, end) - 1
        if i >= 0 and self.names[i].start >= start:
            return self._tok_range(self.names[i].start, self.names[i].end)
        return None

    def subject_of_clause(self, lo: int, e: int) -> tuple[int, int] | None:
        """The first name of a clause (the subject of "..., saying")."""
        v = self.v
        start, end = v.tokens[lo].start, v.tokens[e - 1].end if e > lo else v.tokens[lo].end
        names = self.names
        # Names come in text order: those before the clause are skipped by bisection.
        for x in range(bisect.bisect_left(self.name_starts, start), len(names)):
            n = names[x]
            if n.start >= end:
                break
            k = self._tok_range(n.start, n.end)[0]
            if not self.quoted[k]:
                if k > lo and v.words[k - 1] in SUBJECT_STOP | DETERMINERS:
                    continue  # "with 60 Minutes": an object, not the subject
                return self._tok_range(n.start, n.end)
        return None

    # --- who is the source?

    def identify(self, rel: Attribution, lo: int) -> None:
        """Fill the relation's name, kind and key, resolving pronouns and definite descriptions."""
        v = self.v
        if rel.source is None:
            return
        s, e = rel.source
        words = v.words
        text = v.text[v.tokens[s].start : v.tokens[e - 1].end]
        head = words[s]
        if e - s == 1 and head in ("i", "we"):
            rel.kind, rel.name, rel.key = "self", None, None
            return
        if e - s == 1 and head in PRONOUNS:
            self._resolve(rel, _PRONOUN_KINDS.get(head, GROUP_KINDS))
            return
        if e - s == 1 and head in RELATIVE:
            # "Maria Zakharova, who reiterated": the name just before the comma.
            start = v.tokens[s].start
            i = bisect.bisect_right(self.name_ends, start) - 1
            if i >= 0 and self.names[i].end >= v.tokens[max(s - 2, 0)].start:
                n = self.names[i]
                rel.name = n.text
                rel.kind = source_kind(v, *self._tok_range(n.start, n.end))
                rel.key = name_key(n.text)
                rel.resolved = True
            else:
                self._resolve(rel, PERSON_KINDS | BODY_KINDS)
            return
        kind = source_kind(v, s, e)
        if words[s] in OPEN_QUOTES or (s > 0 and words[s - 1] in OPEN_QUOTES and e - s <= 4):
            kind = "media"  # a quoted title after a reporting verb names an outlet or a work

        def capitals() -> bool:
            return any(
                words[x] not in DETERMINERS
                and (
                    v.proper(x)
                    or (v.cap(x) and words[x] not in COMMON_OPENERS and words[x] not in VAGUE_WORDS)
                )
                for x in range(s, e)
            )

        if (
            kind not in ("vague", "person")
            and words[s] in ("the", "this", "that")
            and not v.tokens[e - 1].text[:1].isupper()
            and v.tokens[e - 1].kind == "word"
        ):
            # "the TV channel", "the report": the last named source of that kind, if any.
            self._resolve(rel, frozenset({kind}))
            if rel.name is None:
                self._resolve(rel, RELATED_KINDS.get(kind, frozenset()))
            if rel.name is not None:
                return
            rel.kind = kind
        if kind != "vague" and capitals():
            rel.name, rel.kind, rel.key = text, kind, name_key(text)
            return
        if kind != "vague" and words[s] in ("the", "this", "that"):
            # "the channel", "the report": the last named source of that kind.
            self._resolve(rel, frozenset({kind}))
            if rel.name is None:
                # "the report" may stand for an outlet's report; "the ministry" for a body.
                self._resolve(rel, RELATED_KINDS.get(kind, frozenset()))
            return
        rel.kind = "vague"

    def _resolve(self, rel: Attribution, fits: frozenset[str]) -> None:
        """Give `rel` the identity of the last listed relation with a name of a kind in `fits`."""
        listed = self.relations
        by_kind = self._named_by_kind(listed)
        best = -1
        for kind in fits:
            at = by_kind.get(kind)
            if not at:
                continue
            i = at[-1]
            if listed[i] is rel:
                if len(at) < 2:
                    continue
                i = at[-2]
            best = max(best, i)
        prev: Attribution | None = listed[best] if best >= 0 else None
        if prev is not None and (prev.name is None or prev.kind not in fits):
            # A relation changed after it was listed: scan the list itself.
            self._named_seen = None
            prev = next(
                (
                    p
                    for p in reversed(listed)
                    if p is not rel and p.name is not None and p.kind in fits
                ),
                None,
            )
        if prev is None:
            rel.kind = "vague"
            return
        rel.name, rel.kind, rel.key, rel.resolved = prev.name, prev.kind, prev.key, True

    def _named_by_kind(self, listed: list[Attribution]) -> dict[str, list[int]]:
        """Positions in `listed` of the relations with a name, by kind, in list order.

        Relations are only ever appended to a list once identified, so the index
        is extended with the new ones rather than rebuilt: a pronoun is resolved
        in constant time, not by scanning every relation before it.
        """
        if self._named_seen is not listed or len(listed) < self._named_count:
            self._named_seen = listed
            self._named_count = 0
            self._named_index = {}
        index = self._named_index
        for i in range(self._named_count, len(listed)):
            prev = listed[i]
            if prev.name is not None:
                index.setdefault(prev.kind, []).append(i)
        self._named_count = len(listed)
        return index
