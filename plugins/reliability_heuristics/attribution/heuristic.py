"""Attribution: who does the article say its claims come from?

The heuristic finds attribution relations over the shared tokens: a **source**
(a named person or body, an outlet, a document, or a vague group such as
"officials"), a **cue** ("said", "told", "according to", "accused", "in a
statement", a colon before a quotation, from `data/attribution_cues.tsv`) and
the **content** (the quotation or the reported clause). It covers the source
before the cue ("Peskov said that ..."), after it ("..., said Peskov",
"according to the Post"), quotations with the speaker before, after or inside
them, quotations introduced by a colon (also in the next paragraph), agentless
passives ("it was reported") and pronouns ("he said"), which are resolved to
the last named source that fits (a person for "he"/"she", a body for "it",
the antecedent of "who"); definite descriptions ("the channel", "the report")
are resolved to the last named source of their kind.

Each sentence outside headings is classed as one of:

- `named`: it carries an attribution to a named source;
- `vague`: its only attributions are to unnamed sources ("experts say");
- `unsourced_quote`: it holds a quotation of a full statement with no speaker;
- `unattributed`: a checkable assertion (a number, a date or a name) with no
  source and no stance marker;
- `commentary`: the author's own voice (stance markers from
  `data/attribution_stance.tsv`, or nothing checkable).

Score, with N, V, Q, U the named, vague, unsourced-quote and unattributed
sentences, C = N + V + Q + U the checkable assertions, D the distinct named
sources and K their distinct kinds (official, agency, media, document,
person):

    named_share = N / C
    diversity   = 0.3 * (1 - exp(-D / 5)) + 0.7 * min(K, 4) / 4
    score       = clip(0.5 * named_share + 0.5 * diversity - 0.5 * V / C, 0, 1)

and, when one source carries most attributions (`single-source`), the
diversity term is halved. A text whose checkable claims all rest on several
named sources of several kinds scores near 1; one that asserts facts in its
own voice scores near 0. `confidence = C / (C + 10)`. With no checkable
assertion the score is None.
"""

from __future__ import annotations

import bisect
import math
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, compress
from pathlib import Path

from reliability import Analysis, Context, Finding, Heuristic, Outcome, Severity, Span, hookimpl
from reliability.analysis import Name, Sentence
from reliability.analysis.patterns import expand_pattern
from reliability_heuristics.tables import read_table, wordset

# Beside this module rather than through importlib.resources, as in hedging.py:
# an old editable install may see the package as a namespace package.
DATA_DIR = Path(__file__).resolve().parent / "data"

_START = operator.attrgetter("start")
_END = operator.attrgetter("end")

CUE_CLASSES = frozenset(
    {"speech", "act", "attitude", "evidence", "according", "agentless", "extension", "nominal"}
)
SOURCE_KINDS = frozenset({"official", "agency", "media", "document", "vague"})
STANCE_TYPES = frozenset({"evaluation", "modal", "booster"})

# Score weights (see the module docstring).
NAMED_WEIGHT = 0.5
DIVERSITY_WEIGHT = 0.5
VAGUE_PENALTY = 0.5
# Distinct sources at which the source term of diversity reaches 1 - 1/e.
SOURCE_SCALE = 5.0
# Source kinds that give full kind diversity.
KIND_TARGET = 4
# Checkable assertions at which confidence reaches one half.
CONFIDENCE_HALF = 10.0
# Share of named attributions one source must carry to make the article single-sourced.
SINGLE_SOURCE_SHARE = 0.5
# A subject longer than this is a clause, not a noun phrase; its last name is used instead.
MAX_SOURCE_TOKENS = 12


def _read_table(filename: str, allowed: frozenset[str]) -> list[tuple[str, str]]:
    """(pattern, class) rows of a packaged three-column TSV, classes checked."""
    out = []
    for number, row in enumerate(read_table(DATA_DIR / filename, 3), start=2):
        if row[1] not in allowed:
            raise ValueError(f"{filename}: data row {number} has unknown class {row[1]!r}")
        out.append((row[0], row[1]))
    return out


# A phrase table maps a phrase's first word to its phrases grouped by length,
# longest first: the longest phrase starting at a token is found with one dict
# lookup per length, however many phrases share the first word ("in", "is").
PhraseTable = dict[str, list[tuple[int, dict[tuple[str, ...], str]]]]


def _build(filename: str, allowed: frozenset[str], *extra: str) -> PhraseTable:
    """The phrase table of `filename`, then of each `extra` file for phrases not yet in it."""
    seen: dict[tuple[str, ...], str] = {}
    for pattern, payload in _read_table(filename, allowed):
        for phrase in expand_pattern(pattern):
            if phrase in seen and seen[phrase] != payload:
                raise ValueError(f"{filename}: {' '.join(phrase)!r} has two classes")
            seen[phrase] = payload
    for name in extra:
        for pattern, payload in _read_table(name, allowed):
            for phrase in expand_pattern(pattern):
                seen.setdefault(phrase, payload)
    grouped: dict[str, dict[int, dict[tuple[str, ...], str]]] = {}
    for phrase, payload in seen.items():
        grouped.setdefault(phrase[0], {}).setdefault(len(phrase), {})[phrase] = payload
    return {first: sorted(lengths.items(), reverse=True) for first, lengths in grouped.items()}


# Hand-written cues first; those mined from PolNeAR train (benchmarks/build_attribution_cues.py)
# only add phrases the hand-written table lacks.
CUE_TABLE = _build("attribution_cues.tsv", CUE_CLASSES, "attribution_cues_polnear.tsv")
SOURCE_TABLE = _build("attribution_sources.tsv", SOURCE_KINDS)
STANCE_TABLE = _build("attribution_stance.tsv", STANCE_TYPES)
# Single words that name an unnamed group ("officials"): capitalised, they still name no one.
VAGUE_WORDS = frozenset(
    first
    for first, groups in SOURCE_TABLE.items()
    for length, phrases in groups
    if length == 1 and phrases[(first,)] == "vague"
)


def _positions(words: list[str], table: PhraseTable) -> list[int]:
    """Indices of the words that open some phrase of `table`, found in C."""
    return list(compress(range(len(words)), map(table.__contains__, words)))


# --- Grammar word lists: they encode English syntax, not lexicon, so they live here.

# Auxiliaries and adverbs between a subject and its reporting verb; PolNeAR-style
# cue spans include them ("has said", "also said").
AUX = wordset(
    "has have had will would is was are were be been being did does do not n't also later "
    "previously repeatedly recently again once still already often publicly privately "
    "never long could may might should must can just further then first initially "
    "earlier subsequently quickly immediately openly"
)
PRONOUNS = wordset("he she they it i we you")
RELATIVE = wordset("who which")
# Words that end a subject noun phrase when scanning back from a cue: clause
# openers, conjunctions and the prepositions that start adverbials ("In 2019, ...").
SUBJECT_STOP = wordset(
    "that and but or because while as when if although though after before since so where "
    "whether than until unless yet nor in on at during with from to into over under about "
    "against through without amid despite among across like how what why this these those "
    "there here is are was were has have had "
)
DETERMINERS = wordset("the a an this that these those his her its their our my your no any every")
# Words that cannot end a noun phrase: a "source" ending in one is a misparse.
BAD_SOURCE_END = wordset("the a an of for and or to by with his her its their our my your")
# Prepositions that end a source after the cue ("said Peskov on Sunday").
AFTER_STOP = wordset(
    "that on in at during after before when while as because since about to with who which "
    "last this yesterday today"
)
OPEN_QUOTES = frozenset("\"“‘'«")
CLOSE_QUOTES = frozenset("\"”’'»")
SENTENCE_END = frozenset(".!?")
# Capitalised group modifiers that still leave a group vague ("Western analysts",
# "Russian officials"): nationalities and regions, caught by their endings.
VAGUE_CAPITAL_ENDINGS = ("an", "ese", "ish", "ern", "i", "ic")
# A speech verb may take its source after it only when it follows a quotation,
# a comma or a dash, or opens a parenthetical ("as reported Tsargrad").
INVERSION_AFTER = frozenset({",", "”", '"', "’", "'", "—", "–", ":"})
INVERSION_WORDS = wordset("as how")


@dataclass(slots=True)
class Attribution:
    """One attribution relation. Token indices are into `doc.tokens`; `source` may be absent.

    `name` is the resolved source name (the antecedent of a pronoun or of "the
    channel"), `kind` one of official, agency, media, document, person, vague,
    self; `key` identifies the source across the article.
    """

    cue: tuple[int, int]
    content: list[tuple[int, int]] = field(default_factory=list)
    source: tuple[int, int] | None = None
    name: str | None = None
    kind: str = "vague"
    key: str | None = None
    resolved: bool = False


class _View:
    """The tokens of a whole document with their folded words."""

    __slots__ = ("doc", "lexed", "n", "named", "opening", "starts", "text", "tokens", "words")
    opening: set[int]

    def __init__(self, doc: Analysis) -> None:
        self.doc = doc
        self.text = doc.text
        self.tokens = doc.tokens
        self.lexed = lexed = doc.folded
        self.starts = starts = lexed.starts
        ends = lexed.ends
        self.words = lexed.words
        self.n = n = len(self.tokens)
        # Tokens that belong to a candidate name: a capital opening a sentence
        # ("Foreign policy analysts") is not a name unless the name finder says so.
        # Tokens do not overlap, so their ends are sorted as their starts are.
        self.named = named = [False] * n
        for name in doc.names:
            k = bisect.bisect_left(starts, name.start)
            m = bisect.bisect_right(ends, name.end, k)
            if m > k:
                named[k:m] = [True] * (m - k)
        self.opening = set()
        for sentence in doc.sentences:
            k = bisect.bisect_left(starts, sentence.start)
            while k < self.n - 1 and self.tokens[k].kind == "punct":
                k += 1
            self.opening.add(k)

    def cap(self, k: int) -> bool:
        """Whether token k is capitalised (or an alphanumeric such as "60")."""
        token = self.tokens[k]
        first = token.text[:1]
        return first.isupper() or (first.isdigit() and token.kind == "word")

    def proper(self, k: int) -> bool:
        """Whether token k is part of a name rather than a capital opening a sentence."""
        return self.named[k] or (self.cap(k) and k not in self.opening)


def _match(table: PhraseTable, words: Sequence[str], k: int, hi: int) -> tuple[int, str] | None:
    """The longest phrase of `table` starting at token `k` and ending by `hi`: (end, payload)."""
    entries = table.get(words[k])
    if not entries:
        return None
    for length, phrases in entries:
        end = k + length
        if end <= hi:
            payload = phrases.get(tuple(words[k:end]))
            if payload is not None:
                return end, payload
    return None


def _source_kind(view: _View, a: int, b: int) -> str:
    """The kind of source the tokens [a, b) name: the last kind word in it wins, or person."""
    words = view.words
    kind = ""
    k = a
    kind_at = (b, b)
    while k < b:
        if words[k] in SOURCE_TABLE:
            hit = _match(SOURCE_TABLE, words, k, b)
            if hit is not None:
                kind, kind_at = hit[1], (k, hit[0])
                k = hit[0]
                continue
        k += 1
    if kind == "vague":
        # "UN experts", "Pentagon officials": a named body specifies the group,
        # but a nationality ("Russian officials") or the group noun itself does not.
        at_lo, at_hi = kind_at
        for k in range(a, b):
            if at_lo <= k < at_hi:
                continue
            w = words[k]
            if (
                w not in DETERMINERS
                and not w.endswith(VAGUE_CAPITAL_ENDINGS)
                and view.cap(k)
                and (view.proper(k) or w not in COMMON_OPENERS)
            ):
                return "official"
        return "vague"
    if kind:
        return kind
    capital = any(view.proper(k) and words[k] not in DETERMINERS for k in range(a, b))
    return "person" if capital else "vague"


def _name_key(text: str) -> str:
    """How a source is identified across the article: its last capitalised word, lower case."""
    words = [w for w in text.replace("\u2019", "'").split() if w[:1].isupper()]
    if not words:
        return text.lower()
    last = words[-1]
    if last.endswith("'s"):
        last = last[:-2]
    return last.strip(".,;:\"'“”«»()").lower()


class _Finder:
    """Finds attribution relations in one document, sentence by sentence."""

    def __init__(self, doc: Analysis) -> None:
        self.doc = doc
        self.v = _View(doc)
        self.names: Sequence[Name] = doc.names
        self.name_ends = [n.end for n in self.names]
        self.dates = doc.dates
        # The furthest end of the dates up to each one, for skipping those behind a token.
        self.date_reach = list(accumulate(map(_END, self.dates), max))
        self.relations: list[Attribution] = []
        # id(relation) -> starts of later sentences holding its content (after a colon).
        self.sentence_of: dict[int, list[int]] = {}
        # Top-level quotations by their opening and closing offsets, for lookups by token.
        self.quote_by_start = {q.start: q for q in doc.quotations if q.depth == 0}
        self.quote_by_end = {q.end: q for q in doc.quotations if q.depth == 0}
        self.quote_starts = sorted(self.quote_by_start)
        # Token index -> True when inside a quotation (cues there are the speaker's words).
        self.quoted = [False] * self.v.n
        for q in doc.quotations:
            if q.depth == 0:
                lo, hi = self._tok_range(q.inner_start, q.inner_end)
                self.quoted[lo:hi] = [True] * (hi - lo)
        # Only tokens that can open a cue are looked at, found once for the text.
        self.cue_positions = _positions(self.v.words, CUE_TABLE)

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
        a, b = self._tok_range(q.start, q.end)
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
                out.append(self._tok_range(q.start, q.end))
        return out

    # --- the sentence pass

    def run(self) -> list[Attribution]:
        v = self.v
        sentences = self.doc.sentences
        paragraphs = self.doc.paragraphs
        pending_colon: Attribution | None = None
        for s in sentences:
            lo, hi = self._tok_range(s.start, s.end)
            if lo >= hi:
                continue
            if pending_colon is not None:
                # "..., adding:" then the quotation opens the next sentence or paragraph.
                quote = self._quotation_at_token(lo, lo, hi)
                if quote is not None:
                    pending_colon.content.append(quote)
                    self.sentence_of[id(pending_colon)].append(s.start)
                pending_colon = None
            if paragraphs[s.paragraph].heading:
                continue
            found = self._sentence(lo, hi)
            if found and found[-1].cue[1] < hi and v.words[found[-1].cue[1] - 1] == ":":
                if not found[-1].content:
                    pending_colon = found[-1]
            elif found and not found[-1].content and v.words[hi - 1] == ":":
                pending_colon = found[-1]
        return self.relations

    def find(self) -> tuple[list[Attribution], dict[int, list[int]]]:
        """Relations, and for each (by id) the starts of further sentences holding its content."""
        self.run()
        return self.relations, self.sentence_of

    def _sentence(self, lo: int, hi: int) -> list[Attribution]:
        v = self.v
        words = v.words
        found: list[Attribution] = []
        taken_until = lo
        positions = self.cue_positions
        quoted = self.quoted
        first = bisect.bisect_left(positions, lo)
        last = bisect.bisect_left(positions, hi, first)
        for k in positions[first:last]:
            if k < taken_until or quoted[k]:
                continue  # inside a relation already found, or the speaker's own words
            # `_match`, inline: k opens some cue.
            for length, phrases in CUE_TABLE[words[k]]:
                end = k + length
                if end <= hi:
                    cls = phrases.get(tuple(words[k:end]))
                    if cls is not None:
                        break
            else:
                continue
            rel = self._relation(lo, hi, k, end, cls, found)
            if rel is None:
                continue
            found.append(rel)
            self.relations.append(rel)
            self.sentence_of[id(rel)] = []
            # Cues inside the content stay open: "X said that Y told him ..." is two relations.
            taken_until = rel.cue[1]
            if rel.source is not None:
                taken_until = max(taken_until, rel.source[1])
            taken_until = max(taken_until, rel.cue[1])
        if not found:
            colon = self._colon_quote(lo, hi)
            if colon is not None:
                found.append(colon)
                self.relations.append(colon)
                self.sentence_of[id(colon)] = []
        return found

    def _colon_quote(self, lo: int, hi: int) -> Attribution | None:
        """ "Trump: “...”" — a short name, a colon and a quotation, with no verb."""
        v = self.v
        stop = min(hi - 1, lo + 7)
        if ":" not in v.words[lo + 1 : stop]:
            return None  # most sentences: no colon near the start
        for k in range(lo + 1, stop):
            if v.words[k] != ":":
                continue
            quote = self._quotation_at_token(k + 1, lo, hi)
            if quote is None or not any(v.cap(m) for m in range(lo, k)):
                return None
            rel = Attribution(cue=(k, k + 1), content=[quote], source=(lo, k))
            self._identify(rel, lo)
            return rel
        return None

    def _relation(
        self, lo: int, hi: int, i: int, j: int, cls: str, found: list[Attribution]
    ) -> Attribution | None:
        v = self.v
        words = v.words
        if cls == "extension":
            return None
        if i > lo and words[i - 1] not in OPEN_QUOTES and v.cap(i):
            return None  # "State Department", "Post": part of a name, not a cue
        before = words[i - 1] if i > lo else ""
        if cls == "according":
            return self._according(lo, hi, i, j)
        if cls == "agentless":
            return self._agentless(lo, hi, i, j)
        if words[i] in NOUN_CUES and i > lo and v.proper(i - 1):
            return self._nominal(lo, hi, i, j)
        if before in DETERMINERS or before.endswith("'s"):
            return None  # "the report", "his claims": nouns
        if words[i] in ("continued", "continues") and (
            j >= hi or (words[j] != ":" and words[j] not in OPEN_QUOTES)
        ):
            return None  # "continued" reports only before a quotation or colon
        # Cue start: take in auxiliaries and adverbs just before the verb.
        a = i
        while a - 1 > lo and words[a - 1] in AUX and not self.quoted[a - 1]:
            a -= 1
        if a - 1 >= lo and words[a - 1] in PASSIVE_BE and words[i].endswith("ed"):
            return None  # "was asked", "were told": the subject is not the speaker
        b = j
        ext = _match(CUE_TABLE, words, b, hi) if b < hi and words[b] in CUE_TABLE else None
        if ext is not None and ext[1] == "extension":
            b = ext[0]
        if b < hi and words[b] == ":":
            b += 1
        rel = Attribution(cue=(a, b))
        # Where is the source? Before the cue normally; after it for an inverted
        # speech verb ("..., said Peskov"); the clause subject for "..., adding".
        inverted = cls == "speech" and (
            a == lo
            or words[a - 1] in INVERSION_AFTER
            or (words[a - 1] in INVERSION_WORDS and a - 1 == lo)
        )
        source: tuple[int, int] | None = None
        if inverted and b < hi and self._starts_np(b, hi):
            source = self._source_after(b, hi)
            if source is not None:
                rel.source = source
                after = source[1]
                rel.content = self._content(lo, hi, after, a, front=(a - 1 == lo))
        if rel.source is None:
            if a > lo and words[a - 1] == "," and words[i].endswith("ing"):
                # "..., saying", "..., accusing": the subject of the main clause.
                if not found or found[-1].source is None:
                    first = self._subject_of_clause(lo, a - 1)
                    if first is None:
                        return None
                    rel.source = first
                else:
                    prev = found[-1]
                    rel.source = prev.source
                    rel.name, rel.kind, rel.key = prev.name, prev.kind, prev.key
                    rel.resolved = True
            else:
                source = self._source_before(lo, a)
                if source is None:
                    return None
                rel.source = source
            if rel.source is None:
                return None
            rel.content = self._content(lo, hi, b, rel.source[0], front=False)
        if rel.source is not None and rel.key is None:
            self._identify(rel, lo)
        if not rel.content and cls in ("attitude", "evidence"):
            return None
        return rel

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
            if q is None:
                return None
            return q[0] + 1, q[1] - 1  # the quoted title, marks left out
        m = k
        while m < hi and words[m] not in AFTER_STOP and v.tokens[m].kind != "punct":
            m += 1
        if m == k:
            return None
        # "said Peskov, the Kremlin spokesman.": an appositive closing the sentence.
        if m < hi - 2 and words[m] == ",":
            rest_end = hi - 1 if words[hi - 1] in SENTENCE_END else hi
            if (
                (words[m + 1] in DETERMINERS or not v.cap(m + 1))
                and rest_end - m <= MAX_SOURCE_TOKENS
                and all(words[x] not in OPEN_QUOTES for x in range(m + 1, rest_end))
            ):
                m = rest_end
        if words[m - 1] in BAD_SOURCE_END:
            return None
        return k, m

    def _source_before(self, lo: int, a: int) -> tuple[int, int] | None:
        """The subject noun phrase ending right before the cue, or None."""
        v = self.v
        words = v.words
        e = a
        if e <= lo:
            return None
        w = words[e - 1]
        if w in PRONOUNS or w in RELATIVE:
            return e - 1, e
        appositive_comma = False
        if w == ",":
            # "Anne Richards, assistant secretary of state, said": the name and
            # its appositive together, trailing comma included.
            c = e - 1
            m = c
            while m > lo and words[m - 1] != "," and v.tokens[m - 1].kind != "punct":
                m -= 1
            if m - 1 > lo and words[m - 1] == "," and m < c and not v.cap(m):
                appositive_comma = True
                e2 = m - 1
                s = self._np_back(lo, e2)
                if s is not None and any(v.cap(x) for x in range(s, e2)):
                    return s, e
            return None
        s = self._np_back(lo, e)
        if s is None:
            return None
        if e - s > MAX_SOURCE_TOKENS and not appositive_comma and not self._name_chain(s, e):
            return self._last_name_in(s, e)
        return s, e

    def _np_back(self, lo: int, e: int) -> int | None:
        """Start of the noun phrase ending at token e (exclusive), scanning back."""
        v = self.v
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
        if not any(v.cap(x) for x in range(s, e)) and _source_kind(v, s, e) == "vague":
            # A lower-case subject must be a source noun ("officials", "the report"),
            # not any clause fragment ("the flight became").
            hit = any(
                words[x] in SOURCE_TABLE and _match(SOURCE_TABLE, words, x, e) for x in range(s, e)
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

    def _subject_of_clause(self, lo: int, e: int) -> tuple[int, int] | None:
        """The first name of a clause (the subject of "..., saying")."""
        v = self.v
        start, end = v.tokens[lo].start, v.tokens[e - 1].end if e > lo else v.tokens[lo].end
        for n in self.names:
            if n.start >= end:
                break
            k = self._tok_range(n.start, n.end)[0]
            if n.start >= start and not self.quoted[k]:
                if k > lo and v.words[k - 1] in SUBJECT_STOP | DETERMINERS:
                    continue  # "with 60 Minutes": an object, not the subject
                return self._tok_range(n.start, n.end)
        return None

    def _nominal(self, lo: int, hi: int, i: int, j: int) -> Attribution | None:
        """ "a Washington Post report that ...": the name before the noun is the source."""
        v = self.v
        s = i
        while s > lo and v.proper(s - 1):
            s -= 1
        if s == lo or v.words[s - 1] not in DETERMINERS:
            return None
        rel = Attribution(cue=(i, j), source=(s, i))
        rel.content = self._content(lo, hi, j, s, front=False)
        self._identify(rel, lo)
        return rel

    def _according(self, lo: int, hi: int, i: int, j: int) -> Attribution | None:
        v = self.v
        words = v.words
        m = j
        while m < hi and words[m] not in (",", ";", ":") and words[m] not in SENTENCE_END:
            if words[m] in OPEN_QUOTES and m > j:
                break
            m += 1
        if m == j or m - j > MAX_SOURCE_TOKENS + 4 or words[m - 1] in BAD_SOURCE_END:
            return None
        rel = Attribution(cue=(i, j), source=(j, m))
        if i == lo or (i == lo + 1 and not v.cap(lo)):
            rel.content = self._content(lo, hi, m, hi, front=False)
        else:
            end = i - 1 if words[i - 1] == "," else i
            rel.content = [(lo, end)] if end > lo else self._content(lo, hi, m, hi, front=False)
        self._identify(rel, lo)
        return rel

    def _agentless(self, lo: int, hi: int, i: int, j: int) -> Attribution | None:
        v = self.v
        words = v.words
        rel = Attribution(cue=(i, j))
        if j < hi - 1 and words[j] == "by" and self._starts_np(j + 1, hi):
            src = self._source_after(j + 1, hi)
            if src is not None:
                rel.cue = (i, j + 1)
                rel.source = src
                self._identify(rel, lo)
                j = src[1]
        rel.content = self._content(lo, hi, j, i, front=False)
        if words[i] in ("reportedly", "allegedly") and rel.source is None:
            # The adverb qualifies the clause it sits in: the whole sentence.
            rel.content = [(lo, self._trim_end(lo, hi))]
        return rel

    def _quote_closing_before(self, lo: int, before: int) -> tuple[int, int] | None:
        """The quotation whose closing mark stands just before token `before` ("...,” he said").

        It may open in an earlier sentence: the splitter ends a sentence inside a
        long quotation, but the speaker after it speaks the whole of it.
        """
        v = self.v
        k = before - 1
        while k >= lo and v.words[k] in (",", "—", "–"):
            k -= 1
        if k < lo or v.words[k] not in CLOSE_QUOTES:
            return None
        q = self.quote_by_end.get(v.tokens[k].end)
        return None if q is None else self._tok_range(q.start, q.end)

    def _trim_end(self, lo: int, hi: int) -> int:
        end = hi
        while end > lo and self.v.words[end - 1] in SENTENCE_END:
            end -= 1
        return end

    def _content(
        self, lo: int, hi: int, after: int, before: int, front: bool
    ) -> list[tuple[int, int]]:
        """The content of a cue ending at `after`: what follows it, else a quotation before it."""
        v = self.v
        words = v.words
        k = after
        while k < hi and words[k] in (",", ":"):
            k += 1
        if k < hi and k > after and words[k].endswith("ing") and words[k] in CUE_TABLE:
            k = hi  # "..., she stressed, adding:": what follows is the next cue's content
        if k >= hi and words[after - 1] == ":":
            return []  # "adding:" at the end: the quotation comes in the next sentence
        end = self._trim_end(k, hi)
        if end > k and words[k] in OPEN_QUOTES:
            q = self._quotation_at_token(k, lo, hi)
            if q is not None:
                # "“We want peace,” Lavrov said, “and ...”": the speaker inside the quotation.
                opening = self._quote_closing_before(lo, before)
                return [q] if opening is None else [opening, q]
        if end - k >= 2 and not front:
            # "told Tass Sunday that ...": content from "that" when it comes soon.
            for m in range(k, min(end, k + 8)):
                if words[m] == "that":
                    return [(m, end)]
                if words[m] in OPEN_QUOTES:
                    break
            return [(k, end)]
        if front and end > k:
            return [(k, end)]
        # Nothing after the cue: the quotations before the source ("“...,” he said").
        quotes = self._quotes_in(lo, before)
        tail = self._quotes_in(after, hi)
        closing = self._quote_closing_before(lo, before)
        if closing is not None:
            return [closing, *tail[:1]]
        if quotes:
            return [quotes[-1], *tail[:1]]
        if before - lo >= 3:
            e = before - 1 if words[before - 1] in (",", "—", "–") else before
            return [(lo, e)]
        return []

    # --- who is the source?

    def _identify(self, rel: Attribution, lo: int) -> None:
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
            fits = {"he": PERSON_KINDS, "she": PERSON_KINDS, "it": BODY_KINDS}.get(
                head, GROUP_KINDS
            )
            self._resolve(rel, fits)
            return
        if e - s == 1 and head in RELATIVE:
            # "Maria Zakharova, who reiterated": the name just before the comma.
            start = v.tokens[s].start
            i = bisect.bisect_right(self.name_ends, start) - 1
            if i >= 0 and self.names[i].end >= v.tokens[max(s - 2, 0)].start:
                n = self.names[i]
                rel.name = n.text
                rel.kind = _source_kind(v, *self._tok_range(n.start, n.end))
                rel.key = _name_key(n.text)
                rel.resolved = True
            else:
                self._resolve(rel, PERSON_KINDS | BODY_KINDS)
            return
        kind = _source_kind(v, s, e)
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
            rel.name, rel.kind, rel.key = text, kind, _name_key(text)
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
        for prev in reversed(self.relations):
            if prev is rel or prev.name is None or prev.kind not in fits:
                continue
            rel.name, rel.kind, rel.key, rel.resolved = prev.name, prev.kind, prev.key, True
            return
        rel.kind = "vague"


PASSIVE_BE = wordset("is are was were be been being")
# Capitalised only because they open a sentence: they do not name the group they modify.
COMMON_OPENERS = wordset(
    "foreign many some several other senior top former local military security government "
    "police two three four five few most all both such unnamed anonymous independent "
    "international western eastern northern southern"
)
# Connectors that may sit inside a name chain ("Office on Drugs and Crime").
NAME_CONNECTORS = wordset("and of for on from & de del la")
# Base-form cue words that are nouns after a name ("a Washington Post report that").
NOUN_CUES = wordset("report claim statement warning analysis")
PERSON_KINDS = frozenset({"person", "official"})
BODY_KINDS = frozenset({"official", "agency", "media", "document"})
GROUP_KINDS = frozenset({"official", "agency", "media", "person"})
RELATED_KINDS = {
    "media": frozenset({"media", "document"}),
    "document": frozenset({"media", "document", "agency", "official"}),
    "official": frozenset({"official", "agency"}),
    "agency": frozenset({"official", "agency"}),
}


def find_attributions(doc: Analysis) -> tuple[list[Attribution], dict[int, list[int]]]:
    """The attribution relations of a document (see `Attribution`), in text order.

    The second value maps `id(relation)` to the starts of later sentences that
    hold its content (a quotation introduced by a colon in the previous sentence).
    """
    return _Finder(doc).find()


def _find(doc: Analysis) -> tuple[_Finder, list[Attribution], dict[int, list[int]]]:
    finder = _Finder(doc)
    relations, extra = finder.find()
    return finder, relations, extra


def merge_keys(keys: Sequence[str]) -> dict[str, str]:
    """Map each source key to a canonical one, merging spelling variants of one name.

    Transliterated names are often spelt several ways in one article
    ("Rodriguez", "Rodriquez"): keys of six letters or more that differ by one
    edit are one source.
    """
    canon: dict[str, str] = {}
    kept: list[str] = []
    for key in keys:
        if key in canon:
            continue
        match = next((k for k in kept if len(key) >= 6 and _one_edit(key, k)), None)
        canon[key] = match or key
        if match is None:
            kept.append(key)
    return canon


def _one_edit(a: str, b: str) -> bool:
    if a == b or abs(len(a) - len(b)) > 1:
        return a == b
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    if len(a) > len(b):
        a, b = b, a
    return any(b[:k] + b[k + 1 :] == a for k in range(len(b)))


# --- sentence classes


def _stance(view: _View, quoted: list[bool], lo: int, hi: int) -> bool:
    """Whether tokens [lo, hi) hold a stance marker.

    Quoted words are the speaker's; a capitalised "May" inside a sentence is the month.
    """
    words = view.words
    for k in compress(range(lo, hi), map(STANCE_TABLE.__contains__, words[lo:hi])):
        if quoted[k] or (words[k] == "may" and view.proper(k)):
            continue
        if _match(STANCE_TABLE, words, k, hi):
            return True
    return False


def _count_in(starts: list[int], lo: int, hi: int) -> int:
    return bisect.bisect_left(starts, hi) - bisect.bisect_left(starts, lo)


def _checkable(doc: Analysis, s: Sentence, cache: dict[str, list[int]]) -> bool:
    """Whether the sentence holds something a reader could check: a number, a date, a name."""
    if _count_in(cache["numbers"], s.start, s.end) or _count_in(cache["dates"], s.start, s.end):
        return True
    # A name opening the sentence may be any capitalised word; one inside it is a name.
    return _count_in(cache["names"], s.start + 1, s.end) > 0


class AttributionHeuristic(Heuristic):
    """Judges how far the article's checkable claims are attributed to named, diverse sources."""

    name = "attribution"
    version = "1.0.0"
    description = (
        "Attribution density: the share of checkable claims credited to named sources, "
        "and how many independent sources of which kinds the article cites."
    )
    default_weight = 1.0

    def evaluate(self, doc: Analysis, context: Context) -> Outcome:
        """Find attribution relations, class each sentence, and score sourcing."""
        finder, relations, extra = _find(doc)
        quoted = finder.quoted
        token_starts = finder.v.starts
        view = finder.v
        sentences = doc.sentences
        paragraphs = doc.paragraphs
        findings: list[Finding] = []

        # Which sentences each relation covers: its cue's, plus colon-introduced ones.
        named_at: set[int] = set()
        vague_at: set[int] = set()
        sentence_starts = list(map(_START, sentences))
        for rel in relations:
            starts = [token_starts[rel.cue[0]], *extra.get(id(rel), [])]
            # A quotation the speaker follows may open in an earlier sentence.
            starts.extend([token_starts[c[0]] for c in rel.content if c[1] > c[0]])
            target = vague_at if rel.key is None else named_at
            for start in starts:
                # The sentence holding `start`, if any (as `doc.sentence_index_at`).
                index = bisect.bisect_right(sentence_starts, start) - 1
                if index >= 0 and start < sentences[index].end:
                    target.add(index)

        keys = [r.key for r in relations if r.key is not None]
        canon = merge_keys(keys)
        counts: dict[str, int] = {}
        labels: dict[str, str] = {}
        kinds: set[str] = set()
        for rel in relations:
            if rel.key is None:
                continue
            key = canon[rel.key]
            counts[key] = counts.get(key, 0) + 1
            if rel.name and (key not in labels or len(rel.name) > len(labels[key])):
                labels[key] = rel.name
            kinds.add(rel.kind)

        cache = {
            "numbers": [n.start for n in doc.numbers],
            "dates": [d.start for d in doc.dates],
            "names": [n.start for n in doc.names],
        }
        quote_starts = [q.start for q in doc.quotations if q.depth == 0]
        quote_words = {
            q.start: bisect.bisect_left(token_starts, q.inner_end)
            - bisect.bisect_left(token_starts, q.inner_start)
            for q in doc.quotations
            if q.depth == 0
        }
        tally = dict.fromkeys(
            ("named", "vague", "unsourced_quote", "unattributed", "commentary"), 0
        )
        for index, s in enumerate(sentences):
            if paragraphs[s.paragraph].heading:
                continue
            if index in named_at:
                tally["named"] += 1
                continue
            if index in vague_at:
                tally["vague"] += 1
                continue
            a = bisect.bisect_left(quote_starts, s.start)
            b = bisect.bisect_left(quote_starts, s.end)
            # A quotation of four words or more is a statement; shorter ones are
            # titles or scare quotes, the author's own framing.
            if any(quote_words[quote_starts[x]] >= 4 for x in range(a, b)):
                tally["unsourced_quote"] += 1
                continue
            lo = bisect.bisect_left(token_starts, s.start)
            hi = bisect.bisect_left(token_starts, s.end, lo)
            if not _stance(view, quoted, lo, hi) and _checkable(doc, s, cache):
                tally["unattributed"] += 1
                findings.append(
                    Finding(
                        kind="unattributed-claim",
                        severity=Severity.MINOR,
                        message=(
                            "A checkable claim (numbers, names or dates) with no source: "
                            "the reader cannot tell where it comes from."
                        ),
                        spans=(doc.span(s.start, s.end, "claim"),),
                    )
                )
            else:
                tally["commentary"] += 1

        for rel in relations:
            findings.append(_relation_finding(doc, rel))
            if rel.kind == "vague" and rel.source is not None:
                src = _span_of(doc, rel.source, "source")
                findings.append(
                    Finding(
                        kind="vague-source",
                        severity=Severity.MINOR,
                        message=(f"\u201c{src.text}\u201d names no one the reader could check."),
                        spans=(src,),
                    )
                )

        total_named = sum(counts.values())
        top = max(counts, key=lambda k: counts[k]) if counts else None
        single = (
            top is not None and counts[top] >= 2 and counts[top] / total_named > SINGLE_SOURCE_SHARE
        )
        if single and top is not None:
            findings.append(
                Finding(
                    kind="single-source",
                    severity=Severity.MAJOR,
                    message=(
                        f"Most attributed claims ({counts[top]} of {total_named}) rest on one "
                        f"source, {labels.get(top, top)}; nothing independent corroborates them."
                    ),
                    spans=tuple(
                        _span_of(doc, r.source, "source")
                        for r in relations
                        if r.key is not None and canon[r.key] == top and r.source is not None
                    ),
                )
            )
        outcome = _outcome(tally, counts, labels, kinds, single, findings, relations)
        return outcome


def _span_of(doc: Analysis, rng: tuple[int, int], role: str) -> Span:
    tokens = doc.tokens
    return doc.span(tokens[rng[0]].start, tokens[rng[1] - 1].end, role)


def _relation_finding(doc: Analysis, rel: Attribution) -> Finding:
    spans = []
    if rel.source is not None:
        spans.append(_span_of(doc, rel.source, "source"))
    spans.append(_span_of(doc, rel.cue, "cue"))
    spans.extend(_span_of(doc, c, "content") for c in rel.content if c[1] > c[0])
    cue = spans[1 if rel.source is not None else 0].text
    if rel.source is None:
        message = f"\u201c{cue}\u201d attributes the claim to no one in particular."
    elif rel.resolved:
        message = (
            f"Attributed to \u201c{spans[0].text}\u201d, that is {rel.name} "
            f"({rel.kind}), by \u201c{cue}\u201d."
        )
    elif rel.name:
        message = f"Attributed to {rel.name} ({rel.kind}) by \u201c{cue}\u201d."
    else:
        message = f"Attributed to \u201c{spans[0].text}\u201d ({rel.kind}) by \u201c{cue}\u201d."
    return Finding(kind="attribution", severity=Severity.INFO, message=message, spans=tuple(spans))


def _outcome(
    tally: dict[str, int],
    counts: dict[str, int],
    labels: dict[str, str],
    kinds: set[str],
    single: bool,
    findings: list[Finding],
    relations: list[Attribution],
) -> Outcome:
    """Metrics, score and confidence (formula in the module docstring)."""
    named, vague = tally["named"], tally["vague"]
    checkable = named + vague + tally["unsourced_quote"] + tally["unattributed"]
    source_kinds = kinds - {"vague", "self"}
    distinct = len(counts)
    metrics = {
        "attributions": float(len(relations)),
        "named_sentences": float(named),
        "vague_sentences": float(vague),
        "unsourced_quotes": float(tally["unsourced_quote"]),
        "unattributed_claims": float(tally["unattributed"]),
        "commentary_sentences": float(tally["commentary"]),
        "checkable_assertions": float(checkable),
        "distinct_sources": float(distinct),
        "source_kinds": float(len(source_kinds)),
        "named_share": named / checkable if checkable else 0.0,
    }
    listed = ", ".join(sorted(labels.values(), key=str.lower)) or "none"
    if checkable == 0:
        return Outcome(
            score=None,
            confidence=0.0,
            summary="No checkable assertions to judge.",
            metrics=metrics,
            findings=tuple(findings),
        )
    # Kinds weigh more than counts: ten officials of one government corroborate
    # less than an official, an agency, an outlet and a document.
    diversity = (
        0.3 * (1.0 - math.exp(-distinct / SOURCE_SCALE))
        + 0.7 * min(len(source_kinds), KIND_TARGET) / KIND_TARGET
    )
    if single:
        diversity *= 0.5
    raw = NAMED_WEIGHT * named / checkable + DIVERSITY_WEIGHT * diversity
    raw -= VAGUE_PENALTY * vague / checkable
    score = min(1.0, max(0.0, raw))
    summary = (
        f"{named} of {checkable} checkable assertions attributed to named sources, "
        f"{vague} to vague ones, {tally['unattributed']} unattributed; "
        f"{distinct} distinct sources ({listed})."
    )
    return Outcome(
        score=score,
        confidence=checkable / (checkable + CONFIDENCE_HALF),
        summary=summary,
        metrics=metrics,
        findings=tuple(findings),
    )


@hookimpl
def register_heuristics(register: Callable[[Heuristic], None]) -> None:
    """Register the attribution heuristic with the engine."""
    register(AttributionHeuristic())


__all__ = ["Attribution", "AttributionHeuristic", "find_attributions", "merge_keys"]
