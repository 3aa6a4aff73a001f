"""The rules: attribution relations found from cue phrases, sentence by sentence.

A cue from `data/attribution_cues.tsv` ("said", "according to", "told")
opens a relation; its source is found by `SourceFinder`, its content is the
quotation or the reported clause. Colon-introduced quotations may sit in the
next sentence or paragraph. Two forms need no cue phrase: a quotation
credited after a dash ("“...” ― Carlos Raúl") and a transcript's speaker
label ("WALLACE: Let's start ...").
"""

from __future__ import annotations

import bisect
import operator
from itertools import compress

from reliability.analysis import wordset
from reliability_heuristics.attribution.lexicon import (
    AUX,
    BAD_SOURCE_END,
    CLAUSE_WORDS,
    CLOSE_QUOTES,
    CUE_TABLE,
    DETERMINERS,
    INVERSION_AFTER,
    INVERSION_WORDS,
    MAX_SOURCE_TOKENS,
    NOUN_CUES,
    OPEN_QUOTES,
    PASSIVE_BE,
    SENTENCE_END,
    match_phrase,
)
from reliability_heuristics.attribution.relation import Attribution
from reliability_heuristics.attribution.sources import SourceFinder

# Dashes that credit a quotation to the name after them, and how long that name may be.
CREDIT_DASHES = frozenset({"―", "—", "–"})
MAX_CREDIT_TOKENS = 6
_CUE_START = operator.attrgetter("cue")
# Capitalised labels that open a paragraph without naming a speaker ("UPDATE: ...").
SECTION_LABELS = wordset(
    "update updated background note editor editors correction clarification watch read "
    "more related photos photo video live breaking exclusive opinion analysis"
)


class RuleFinder(SourceFinder):
    """Finds attribution relations in one document, sentence by sentence, from cue phrases."""

    # --- the sentence pass

    def run(self) -> list[Attribution]:
        """The relations of the sentences outside headings, in text order.

        Only sentences holding a cue phrase or an early colon (`_candidates`)
        can yield a relation; the others are not looked at, but for the
        quotation a colon at the end of the previous sentence introduces.
        """
        los, his = self.v.sentence_los, self.v.sentence_his
        sentences = self.doc.sentences
        paragraphs = self.doc.paragraphs
        pending_colon: Attribution | None = None
        pending_at = -1
        for i in self._candidates():
            if pending_colon is not None:
                # "..., adding:" then the quotation opens the next sentence or paragraph.
                j = self._next_nonempty(pending_at + 1)
                if j is not None:
                    self._colon_content(pending_colon, j)
                pending_colon = None
            if paragraphs[sentences[i].paragraph].heading:
                continue
            lo, hi = los[i], his[i]
            found = self._sentence(lo, hi)
            if found and found[-1].cue[1] < hi and self.v.words[found[-1].cue[1] - 1] == ":":
                if not found[-1].content:
                    pending_colon, pending_at = found[-1], i
            elif found and not found[-1].content and self.v.words[hi - 1] == ":":
                pending_colon, pending_at = found[-1], i
        if pending_colon is not None:
            j = self._next_nonempty(pending_at + 1)
            if j is not None:
                self._colon_content(pending_colon, j)
        credits = self._dash_credits()
        if credits:
            self.relations = sorted([*self.relations, *credits], key=_CUE_START)
        return self.relations

    def _dash_credits(self) -> list[Attribution]:
        """ "“...” ― Carlos Raúl": a quotation credited after a dash, the name ending its line.

        The dash is the cue, the capitalised words after it (up to a line end,
        the next quotation or the end of the sentence) the source.
        """
        v = self.v
        words, tokens, text = v.words, v.tokens, v.text
        out: list[Attribution] = []
        if not self.quote_by_end or not any(dash in text for dash in CREDIT_DASHES):
            return out
        for k in compress(range(v.n), map(CREDIT_DASHES.__contains__, words)):
            if not 0 < k < v.n - 1 or words[k - 1] not in CLOSE_QUOTES:
                continue
            q = self.quote_by_end.get(tokens[k - 1].end)
            if q is None or self.quoted[k] or not v.cap(k + 1):
                continue
            m = k + 1
            while m < v.n and m - k <= MAX_CREDIT_TOKENS and (v.cap(m) or words[m] == "."):
                m += 1
                if m < v.n and "\n" in text[tokens[m - 1].end : tokens[m].start]:
                    break
            ends = (
                m == v.n
                or words[m] in OPEN_QUOTES
                or words[m] in SENTENCE_END
                or "\n" in text[tokens[m - 1].end : tokens[m].start]
            )
            if not ends or m - k > MAX_CREDIT_TOKENS:
                continue
            content = [self._quote_range(q)]
            rel = Attribution(cue=(k, k + 1), source=(k + 1, m), content=content)
            self.sentence_of[id(rel)] = []
            self.identify(rel, k)
            out.append(rel)
        return out

    def _candidates(self) -> list[int]:
        """Indices of the sentences holding a cue phrase or a colon near their start.

        A sentence with neither yields no relation (see `_sentence` and
        `_colon_quote`); each index is a sentence with tokens.
        """
        v = self.v
        los, his = v.sentence_los, v.sentence_his
        out: set[int] = set()
        for k in self.cue_positions:
            i = bisect.bisect_right(los, k) - 1
            if i >= 0 and k < his[i]:
                out.add(i)
        for k in compress(range(v.n), map(":".__eq__, v.words)):
            i = bisect.bisect_right(los, k) - 1
            # `_colon_quote` looks for one among tokens [lo + 1, lo + 7), the last left out.
            if i >= 0 and los[i] + 1 <= k < min(his[i] - 1, los[i] + 7):
                out.add(i)
        return sorted(out)

    def _next_nonempty(self, i: int) -> int | None:
        """The first sentence from index i on that holds a token."""
        los, his = self.v.sentence_los, self.v.sentence_his
        while i < len(los):
            if los[i] < his[i]:
                return i
            i += 1
        return None

    def _colon_content(self, rel: Attribution, i: int) -> None:
        """Give `rel` the quotation opening sentence i, if one does."""
        lo, hi = self.v.sentence_los[i], self.v.sentence_his[i]
        quote = self._quotation_at_token(lo, lo, hi)
        if quote is not None:
            rel.content.append(quote)
            self.sentence_of[id(rel)].append(self.doc.sentences[i].start)

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
        matches = self.cue_matches
        quoted = self.quoted
        first = bisect.bisect_left(positions, lo)
        last = bisect.bisect_left(positions, hi, first)
        for x in range(first, last):
            k = positions[x]
            if k < taken_until or quoted[k]:
                continue  # inside a relation already found, or the speaker's own words
            hit = matches[x]
            if hit is not None and hit[0] > hi:
                # The longest phrase here runs past the sentence: the longest within it.
                hit = match_phrase(CUE_TABLE, words, k, hi)
            if hit is None:
                continue
            end, cls = hit
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
            if quote is None:
                return self._speaker_label(lo, hi, k)
            if not any(v.cap(m) for m in range(lo, k)):
                return None
            rel = Attribution(cue=(k, k + 1), content=[quote], source=(lo, k))
            self.identify(rel, lo)
            return rel
        return None

    def _speaker_label(self, lo: int, hi: int, k: int) -> Attribution | None:
        """ "WALLACE: Let's start ...": a transcript's speaker, in capitals, opening a paragraph.

        The capitalised label (after an opening quotation mark, as transcripts
        quoted in full have it) is the source, the colon the cue and the rest
        of the sentence the content.
        """
        v = self.v
        words, tokens, text = v.words, v.tokens, v.text
        start = lo + 1 if words[lo] in OPEN_QUOTES else lo
        opening = tokens[lo].start
        if start >= k or (opening > 0 and text[opening - 1] != "\n"):
            return None
        for m in range(start, k):
            t = tokens[m].text
            if (t != "." and not (t.isupper() and len(t) > 1)) or words[m] in SECTION_LABELS:
                return None
        end = self._trim_end(k + 1, hi)
        if end <= k + 1:
            return None
        rel = Attribution(cue=(k, k + 1), content=[(k + 1, end)], source=(start, k))
        self.identify(rel, lo)
        return rel

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
        # A capitalised one inside the sentence is a name ("Theresa May said").
        while a - 1 > lo and words[a - 1] in AUX and not self.quoted[a - 1] and not v.cap(a - 1):
            a -= 1
        if words[i].endswith("ed") and not PASSIVE_BE.isdisjoint(words[max(a - 1, lo) : i]):
            return None  # "was asked", "were told": the subject is not the speaker
        b = j
        ext = match_phrase(CUE_TABLE, words, b, hi) if b < hi and words[b] in CUE_TABLE else None
        if ext is not None and ext[1] == "extension":
            b = ext[0]
        if b < hi and words[b] == ":":
            b += 1
        rel = Attribution(cue=(a, b))
        # Where is the source? Before the cue normally; after it for an inverted
        # speech verb ("..., said Peskov"); the clause subject for "..., adding".
        inverted = (
            cls == "speech"
            and not words[i].endswith("ing")
            and (
                a == lo
                or words[a - 1] in INVERSION_AFTER
                or (words[a - 1] in INVERSION_WORDS and a - 1 == lo)
            )
        )
        source: tuple[int, int] | None = None
        if inverted and b < hi and self._starts_np(b, hi):
            source = self._inverted_source(lo, hi, a, b)
            if source is not None:
                rel.source = source
                after = source[1]
                rel.content = self.content_of(lo, hi, after, a, front=(a - 1 == lo))
        if rel.source is None:
            if a > lo and words[a - 1] == "," and words[i].endswith("ing"):
                # "..., saying", "..., accusing": the subject of the main clause.
                if not found or found[-1].source is None:
                    first = self.subject_of_clause(lo, a - 1)
                    if first is None:
                        return None
                    rel.source = first
                else:
                    prev = found[-1]
                    rel.source = prev.source
                    rel.name, rel.kind, rel.key = prev.name, prev.kind, prev.key
                    rel.resolved = True
            else:
                source = self.source_before(lo, a)
                if source is None:
                    return None
                rel.source = source
            if rel.source is None:
                return None
            rel.content = self.content_of(lo, hi, b, rel.source[0], front=False)
        if rel.source is not None and rel.key is None:
            self.identify(rel, lo)
        if not rel.content and cls in ("attitude", "evidence"):
            return None
        return rel

    def _inverted_source(self, lo: int, hi: int, a: int, b: int) -> tuple[int, int] | None:
        """The source after an inverted cue (cue tokens [a, b)), unless it is the content.

        "..., said Peskov" has its source after the cue; "Phil Smith, a union
        spokesman, said the union expected ..." and "..., said he would" have
        the content there: a phrase holding a clause word, or running into a
        quotation, is no source, and after "name, appositive," the subject
        stands before the cue.
        """
        words = self.v.words
        source = self._source_after(b, hi)
        if source is None:
            return None
        s, e = source
        if (
            self._is_date(s, e)
            or not CLAUSE_WORDS.isdisjoint(words[s:e])
            or (e < hi and words[e] in OPEN_QUOTES and words[b] not in OPEN_QUOTES)
        ):
            return None
        if a > lo and words[a - 1] == ",":
            before = self.source_before(lo, a)
            if before is not None and words[before[1] - 1] == ",":
                return None
        return source

    def _nominal(self, lo: int, hi: int, i: int, j: int) -> Attribution | None:
        """ "a Washington Post report that ...": the name before the noun is the source."""
        v = self.v
        s = i
        while s > lo and v.proper(s - 1):
            s -= 1
        if s == lo or v.words[s - 1] not in DETERMINERS:
            return None
        rel = Attribution(cue=(i, j), source=(s, i))
        rel.content = self.content_of(lo, hi, j, s, front=False)
        self.identify(rel, lo)
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
            rel.content = self.content_of(lo, hi, m, hi, front=False)
        else:
            end = i - 1 if words[i - 1] == "," else i
            rel.content = [(lo, end)] if end > lo else self.content_of(lo, hi, m, hi, front=False)
        self.identify(rel, lo)
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
                self.identify(rel, lo)
                j = src[1]
        rel.content = self.content_of(lo, hi, j, i, front=False)
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
        return None if q is None else self._quote_range(q)

    def _trim_end(self, lo: int, hi: int) -> int:
        end = hi
        while end > lo and self.v.words[end - 1] in SENTENCE_END:
            end -= 1
        return end

    def content_of(
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
            # The first "that" among the next eight words, unless a quotation opens before it.
            soon = words[k : min(end, k + 8)]
            if "that" in soon:
                m = soon.index("that")
                if OPEN_QUOTES.isdisjoint(soon[:m]):
                    return [(k + m, end)]
            return [(k, end)]
        if front and end > k:
            return [(k, end)]
        # Nothing after the cue: the quotations before the source ("“...,” he said").
        closing = self._quote_closing_before(lo, before)
        if closing is not None:
            return [closing, *self._quotes_in(after, hi)[:1]]
        quotes = self._quotes_in(lo, before)
        if quotes:
            return [quotes[-1], *self._quotes_in(after, hi)[:1]]
        if before - lo >= 3:
            e = before - 1 if words[before - 1] in (",", "—", "–") else before
            return [(lo, e)]
        return []
