"""Rules and tagger together: the tagger proposes cues the rules missed, the rules attach them.

The rules draw a relation's spans well where they find it, follow a
quotation across sentences and resolve pronouns and definite descriptions;
the tagger, trained on annotated news with the rules' relations among its
features, finds cues outside the cue table and speakers the rules' patterns
do not reach, and knows where the rules' cues are no attribution. So:

- a rule relation whose cue the tagger read but did not tag goes; every
  other rule relation stays as the rules found it, and a tagged source or
  cue overlapping it is the same relation, except that where one tagged
  source overlaps the rules' source with other edges, the tagged edges are
  kept (they are PolNeAR's more often: a title or an appositive kept, an
  adverb left out);
- every other tagged cue becomes a relation when it holds a phrase of the
  cue table (not only an auxiliary or an adverb) or a tagged source no
  relation has taken stands in its sentence. Its source is the nearest
  tagged source in the sentence (one before the cue first), widened or
  narrowed to the noun phrase the rules read there when one overlaps it;
  with none left, a second verb shares the source of the relation before it
  in its sentence ("Trump said ... and warned"), or after "and" or a comma
  takes the name opening the sentence. Its content and the source's
  identity (a pronoun's antecedent) come from the rules.

Last, every source is checked (`SourceFinder.checked_source`): a leading
relative word or a trailing adverb is cut off, and a clause or a dateline is
no source, but a possessive right before a noun cue is ("his criticism");
what runs on past the noun phrase is cut off (`edges.trimmed_end`: "Trump,
during the debate,"), and a subject read from inside its noun phrase is
widened to it (`edges.extended_start`: "leaders in Congress"); a relation
left without a source goes unless the tagger found its cue.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from itertools import pairwise

from reliability_heuristics.attribution.edges import before_clause, extended_start, trimmed_end
from reliability_heuristics.attribution.lexicon import AUX, NOUN_CUES
from reliability_heuristics.attribution.relation import Attribution
from reliability_heuristics.attribution.rules import RuleFinder

Spans = list[tuple[int, int]]


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# Words before a second verb that shares the first one's subject ("said ... and warned").
_SHARING = frozenset({"and", ",", "but", "or", "by", "before", "after", "while", "then"})


# Possessives that are the source of the noun cue right after them ("his criticism").
POSSESSIVES = frozenset({"his", "her", "its", "their", "our", "my", "your"})
# How far into its sentence the name may open that a sharing verb takes as its subject.
SUBJECT_REACH = 2
# How many relations back a sharing verb looks for the subject it shares.
SHARE_REACH = 4


def _shared(before: Sequence[Attribution], cue: tuple[int, int], lo: int) -> Attribution | None:
    """The last relation of the sentence before `cue` whose source stands before its own cue.

    A tagged cue with no source of its own in its sentence mostly shares the
    subject of a verb before it ("Trump said ... and warned against ...").
    """
    for rel in before[: -SHARE_REACH - 1 : -1]:  # the last few, latest first
        if rel.cue[0] < lo:
            return None
        if rel.source is not None and rel.source[1] <= rel.cue[0] and rel.cue[1] <= cue[0]:
            return rel
    return None


class Combiner:
    """Joins one document's rule relations and tagged spans into its relations."""

    def __init__(
        self,
        finder: RuleFinder,
        relations: Sequence[Attribution],
        sentences: Spans,
        sources: Spans,
        cues: Spans,
        cue_starts: Sequence[int],
    ) -> None:
        self.finder = finder
        self.rules = list(relations)
        self.sentences = sentences
        self.sentence_starts = [lo for lo, _ in sentences]
        self.sources = sources
        # Their starts, for bisection by start alone: with the sources in order and
        # none empty (as the tagger's are), those before (a, a) are those starting
        # before a. Otherwise the sources themselves are bisected.
        in_order = all(e > s for s, e in sources) and all(x <= y for x, y in pairwise(sources))
        self.source_starts = [s for s, _ in sources] if in_order else None
        self.cues = cues
        self.used: set[tuple[int, int]] = set()
        # Tokens that open a phrase of the cue table.
        self.cue_starts = cue_starts

    def sentence_of(self, k: int) -> tuple[int, int]:
        """The token range of the sentence holding token k (k alone outside every sentence)."""
        i = bisect.bisect_right(self.sentence_starts, k) - 1
        if i >= 0 and k < self.sentences[i][1]:
            return self.sentences[i]
        return k, k + 1

    def combine(self) -> list[Attribution]:
        """The document's relations in text order."""
        finder = self.finder
        n = finder.v.n
        self.rules = self._confirmed(n)
        rule_cue = bytearray(n)
        rule_source = bytearray(n)
        for rule in self.rules:
            a, b = rule.cue
            rule_cue[a:b] = b"\x01" * (b - a)
            if rule.source is not None:
                a, b = rule.source
                rule_source[a:b] = b"\x01" * (b - a)
        self.used.update(s for s in self.sources if any(rule_source[s[0] : s[1]]))
        rules = sorted(self.rules, key=lambda r: r.cue[0])
        before: list[Attribution] = []  # the relations so far, in text order
        added: list[Attribution] = []
        r = 0
        for cue in self.cues:
            if any(rule_cue[cue[0] : cue[1]]):
                continue
            if not self._carries(cue) and not self._has_source(cue):
                continue
            while r < len(rules) and rules[r].cue[0] < cue[0]:
                before.append(rules[r])
                r += 1
            lo, hi = self.sentence_of(cue[0])
            rel = Attribution(cue=cue, source=self._source(cue, lo, hi))
            shared = None if rel.source is not None else _shared(before, cue, lo)
            if shared is not None:
                rel.source = shared.source
            elif rel.source is None:
                rel.source = self._subject(cue, lo)
            start = cue[0] if rel.source is None else min(rel.source[0], cue[0])
            rel.content = finder.content_of(lo, hi, cue[1], start, front=False)
            if shared is not None:
                rel.name, rel.kind, rel.key = shared.name, shared.kind, shared.key
                rel.resolved = shared.resolved
            else:
                # Pronouns resolve against the relations before this one.
                finder.relations = before
                finder.identify(rel, lo)
            before.append(rel)
            added.append(rel)
        out = sorted([*self.rules, *added], key=lambda r: r.cue[0])
        finder.relations = out
        return self._checked(out, {id(r) for r in added})

    def _confirmed(self, n: int) -> list[Attribution]:
        """The rule relations the tagger does not contradict.

        A rule relation whose cue holds a phrase of the cue table lies in a
        sentence the tagger read, and the tagger reads the rules' relations
        among its features: when it tagged no cue overlapping the rules' one,
        it learnt on PolNeAR train that such cues are mostly no attribution
        there, and the relation goes. Relations in sentences the tagger
        never read (a colon before a quotation) stay, and so do those whose
        source the rules read after the cue ("..., said Peskov") or before a
        report noun ("a Tsargrad report that"), patterns the rules read on
        purpose and which keeping costs nothing on PolNeAR dev.
        """
        tagged = bytearray(n)
        for a, b in self.cues:
            tagged[a:b] = b"\x01" * (b - a)
        starts = self.cue_starts
        words = self.finder.v.words
        return [
            rel
            for rel in self.rules
            if any(tagged[rel.cue[0] : rel.cue[1]])
            or bisect.bisect_left(starts, rel.cue[1]) == bisect.bisect_left(starts, rel.cue[0])
            or (words[rel.cue[0]] in NOUN_CUES and rel.source and rel.source[1] == rel.cue[0])
            or (rel.source is not None and rel.source[0] >= rel.cue[1])
        ]

    def _carries(self, cue: tuple[int, int]) -> bool:
        """Whether a tagged cue holds a word of the cue table that is not an auxiliary.

        The tagger follows PolNeAR's broad notion of attribution (verbs of
        belief, plans, "began discussing"); a sourced claim needs a reporting
        phrase, and a cue of "will" or "promptly" alone is a fragment.
        """
        a, b = cue
        words = self.finder.v.words
        starts = self.cue_starts
        first = bisect.bisect_left(starts, a)
        return any(
            words[k] not in AUX and not words[k].endswith("ly")
            for k in starts[first : bisect.bisect_left(starts, b, first)]
        )

    def _has_source(self, cue: tuple[int, int]) -> bool:
        """Whether the cue's sentence holds a tagged source no relation has taken yet."""
        lo, hi = self.sentence_of(cue[0])
        sources = self.sources
        k = bisect.bisect_left(sources, (lo, lo))
        return any(s not in self.used for s in sources[k : bisect.bisect_left(sources, (hi, hi))])

    def _source(self, cue: tuple[int, int], lo: int, hi: int) -> tuple[int, int] | None:
        """The closest unused tagged source in the cue's sentence, one before the cue first."""
        sources = self.sources
        k = bisect.bisect_left(sources, (cue[0], cue[0]))
        for m in range(k - 1, -1, -1):
            source = sources[m]
            if source[0] < lo:
                break
            if source[1] <= cue[0] and source not in self.used:
                self.used.add(source)
                # The rules' reading of the noun phrase ending there draws its edges better.
                phrase = self.finder.source_before(lo, source[1])
                return phrase if phrase is not None and _overlaps(phrase, source) else source
        for source in sources[k:]:
            if source[1] > hi:
                break
            if source[0] >= cue[1] and source not in self.used:
                self.used.add(source)
                return source
        return None

    def _subject(self, cue: tuple[int, int], lo: int) -> tuple[int, int] | None:
        """The name opening the sentence, for a second verb sharing its subject.

        "Cruz exhorted Republicans to ... and said ...": a tagged cue after
        "and" or a comma with no source of its own speaks for the name the
        sentence opens with (within its first words), read as the noun phrase
        the rules see ending there.
        """
        finder = self.finder
        if cue[0] <= lo or finder.v.words[cue[0] - 1] not in _SHARING:
            return None
        # Only names opening within the first words are looked at.
        name = finder.subject_of_clause(lo, min(cue[0], lo + SUBJECT_REACH + 1))
        if name is None or name[0] - lo > SUBJECT_REACH:
            return None
        words = finder.v.words
        if any(words[k].endswith("ed") and not finder.v.cap(k) for k in range(lo, name[0])):
            return None  # "Cruz exhorted Republicans": the name is an object
        phrase = finder.source_before(lo, name[1])
        return phrase if phrase is not None and phrase[0] <= name[0] else name

    def _tagged_source(self, rel: Attribution) -> tuple[int, int] | None:
        """The one tagged source overlapping a rule relation's source and not its cue, if any.

        Where the rules and the tagger overlap on a source but draw its edges
        differently, the tagger's edges are more often PolNeAR's (a title or
        an appositive kept, an adverb or a verb left out).
        """
        assert rel.source is not None
        a, b = rel.source
        sources = self.sources
        starts = self.source_starts
        if starts is not None:
            k, m = bisect.bisect_left(starts, a), bisect.bisect_left(starts, b)
        else:
            k, m = bisect.bisect_left(sources, (a, a)), bisect.bisect_left(sources, (b, b))
        if k and sources[k - 1][1] > a:
            k -= 1
        found = [s for s in sources[k:m] if s[0] < b]
        if len(found) != 1 or found[0] == rel.source or _overlaps(found[0], rel.cue):
            return None
        return found[0]

    def _checked(self, relations: list[Attribution], added: set[int]) -> list[Attribution]:
        """The relations with their sources checked; see the module docstring."""
        finder = self.finder
        datelines = finder.datelines()
        words = finder.v.words
        out: list[Attribution] = []
        for rel in relations:
            if rel.source is None:
                out.append(rel)
                continue
            checked = None
            if id(rel) not in added:
                tagged = self._tagged_source(rel)
                if tagged is not None:
                    checked = finder.checked_source(tagged, datelines)
            if checked is None:
                checked = finder.checked_source(rel.source, datelines)
            a, b = rel.source
            if checked is None and b - a == 1 and b == rel.cue[0] and words[a] in POSSESSIVES:
                checked = rel.source  # "his criticism": the possessive is the source
            if checked is not None:
                checked = trimmed_end(finder, *checked)
                if checked[1] <= rel.cue[0]:
                    checked = extended_start(finder, *checked, self.sentence_of(rel.cue[0])[0])
                elif checked[0] >= rel.cue[1]:
                    checked = before_clause(finder, *checked)
            if checked is None:
                if id(rel) not in added:
                    continue
                rel.source, rel.name, rel.key = None, None, None
                rel.kind, rel.resolved = "vague", False
            elif checked != rel.source:
                rel.source = checked
                finder.relations = out
                finder.identify(rel, self.sentence_of(rel.cue[0])[0])
            out.append(rel)
        finder.relations = out
        return out
