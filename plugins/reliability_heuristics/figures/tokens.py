"""Token-level reading around a document's numbers, for claim extraction.

`TokenReader` holds one analysed document's tokens in the forms the claim
reader asks for (lower-cased words, token starts, name and date starts) and
answers its questions: which token holds an offset, which listed phrase
starts or ends at a token, the noun phrase a figure counts, and which tokens
of a sentence read as reporting or event verbs (`is_verb`, each read once).
`nearest_verb` picks a claim's verb. `claims.extract_claims` is the user.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping

from reliability import Analysis
from reliability.analysis import DateExpression, Token
from reliability.analysis.lexicon import FUNCTION_WORDS

from .vocabulary import DETERMINERS, HEADS, MAX_PHRASE, VERBS, is_head, is_verbish, lemma

VERB_ENDINGS = ("ed", "ing")


class TokenReader:
    """Token-level reading around the numbers of one analysed document."""

    def __init__(self, doc: Analysis) -> None:
        self.doc = doc
        self.text = doc.text
        self.tokens = doc.tokens
        self.starts = doc.folded.starts
        self.lower = doc.folded.words  # lower case, straight apostrophes
        self.name_starts = [n.start for n in doc.names]
        self.date_starts = [d.start for d in doc.dates]
        self.verbs: dict[int, bool] = {}  # whether token k reads as a verb
        self.indices: dict[int, int] = {}  # `index_at` of each offset asked for
        # The verbs of each sentence (its tokens lo..hi), in order: read once per sentence.
        self.sentence_verbs: dict[tuple[int, int], list[int]] = {}
        # The date expressions of each sentence (by its bounds): the same for its figures.
        self.times: dict[tuple[int, int], tuple[DateExpression, ...]] = {}

    def verb_at(self, k: int, hi: int) -> bool:
        """Whether token k reads as a reporting or event verb (`hi` ends its sentence)."""
        found = self.verbs.get(k)
        if found is None:
            found = self.verbs[k] = is_verb(self, k, hi)
        return found

    def verbs_in(self, lo: int, hi: int) -> list[int]:
        """The indices of the tokens lo..hi - 1 (one sentence) that read as verbs."""
        found = self.sentence_verbs.get((lo, hi))
        if found is None:
            # Only a listed word, an "-ed" or "-ing" form or "according" may read as a
            # verb (`is_verb`): the other tokens are passed over at C speed.
            verb_at = self.verb_at
            found = self.sentence_verbs[(lo, hi)] = [
                k
                for k, low in enumerate(self.lower[lo:hi], lo)
                if (low in VERBS or low.endswith(VERB_ENDINGS) or low == "according")
                and verb_at(k, hi)
            ]
        return found

    def index_at(self, offset: int) -> int:
        """Index of the token containing `offset`, or of the first token after it."""
        i = self.indices.get(offset)
        if i is None:
            # A figure asks for the same offsets (its sentence's bounds) many times.
            i = bisect.bisect_right(self.starts, offset) - 1
            if not (i >= 0 and self.tokens[i].end > offset):
                i += 1
            self.indices[offset] = i
        return i

    def match(self, table: Mapping[tuple[str, ...], object], k: int, stop: int) -> int:
        """Length of the longest phrase of `table` starting at token k (0 if none)."""
        for n in range(min(MAX_PHRASE, stop - k), 0, -1):
            if tuple(self.lower[k : k + n]) in table:
                return n
        return 0

    def match_before(self, table: Mapping[tuple[str, ...], object], k: int, floor: int) -> int:
        """Length of the longest phrase of `table` ending just before token k (0 if none)."""
        for n in range(min(MAX_PHRASE, k - floor), 0, -1):
            if tuple(self.lower[k - n : k]) in table:
                return n
        return 0

    def of_phrase(self, k: int, stop: int) -> tuple[int, int] | None:
        """After "of" at token k: the noun phrase's token range [first, last], or None."""
        if k >= stop or self.lower[k] != "of":
            return None
        j = k + 1
        first = j
        while j < stop and self.lower[j] in DETERMINERS:
            j += 1
        last = None
        while j < stop and j - first < 7:
            t = self.tokens[j]
            if t.kind != "word" or self.lower[j] in FUNCTION_WORDS or is_verbish(self.tokens, j):
                break
            last = j
            j += 1
        return None if last is None else (first, last)

    def noun_phrase(self, k: int, stop: int) -> tuple[int, int, int] | None:
        """A counted noun phrase from token k: (first, head, last) token indices, or None."""
        run: list[int] = []
        j = k
        while j < stop and len(run) < 6:
            t = self.tokens[j]
            low = self.lower[j]
            if t.kind != "word" or (low in FUNCTION_WORDS and low not in HEADS):
                break
            run.append(j)
            j += 1
        for n, j in enumerate(run):
            if is_head(self.tokens[j].text):
                # "police officers": a compound's last noun heads it; a regular plural
                # ends the phrase ("two countries establishes").
                while (
                    n + 1 < len(run)
                    and lemma(self.tokens[run[n]].text) == self.tokens[run[n]].text
                    and is_head(self.tokens[run[n + 1]].text)
                ):
                    n += 1
                return run[0], run[n], run[n]
        return None


def nearest_verb(r: TokenReader, start: int, end: int, s_start: int, s_end: int) -> Token | None:
    """The reporting or event verb nearest the claim in its sentence, outside the claim."""
    lo, hi = r.index_at(s_start), r.index_at(s_end)
    first, last = r.index_at(start), r.index_at(end - 1)
    # The sentence's verbs are read once, so a sentence of many figures costs its length.
    verbs = r.verbs_in(lo, hi)
    i = bisect.bisect_left(verbs, first)
    before = verbs[i - 1] if i > 0 else None
    j = bisect.bisect_right(verbs, last)
    after = verbs[j] if j < len(verbs) else None
    if after is None and before is None:
        return None
    # On a tie the verb after the claim wins: "saw 35 tons of equipment offloaded".
    if before is None or (after is not None and after - last <= first - before):
        assert after is not None
        return r.tokens[after]
    return r.tokens[before]


def is_verb(r: TokenReader, k: int, hi: int) -> bool:
    """Whether token k reads as a reporting or event verb (`hi` ends its sentence)."""
    t = r.tokens[k]
    if t.kind != "word" or not t.text[:1].islower():
        return False
    low = r.lower[k]
    if low in VERBS:
        return low not in HEADS and lemma(low) not in HEADS
    if low.endswith("ed"):
        return len(low) > 4 and t.text.isalpha() and t.text.islower()
    if low.endswith("ing"):
        return t.text.islower() and low not in HEADS and lemma(low) not in HEADS and is_gerund(low)
    return low == "according" and k + 1 < hi and r.lower[k + 1] == "to"


def is_gerund(word: str) -> bool:
    """An "-ing" form of a listed or regular verb: "killing", "carrying", "taking", "hitting"."""
    if len(word) < 6 or not word.endswith("ing") or not word.isalpha():
        return False
    stem = word[:-3]
    candidates = (stem + "ed", stem, stem + "e", stem[:-1] if stem[-1] == stem[-2] else stem)
    return any(c in VERBS for c in candidates)
