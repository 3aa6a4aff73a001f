"""Aligning figures across documents: the same thing counted, and whether the counts agree.

A `Figure` is a claim from `claims.extract_claims` read for comparison
(`reading.figures_of`, re-exported here with `FigureIndex`):

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
  phrase ("Su-30"), the names before its verb, the dated times of its
  sentence (a weekday, "yesterday" or "today" dated from the document's
  publication date), the names of its clause, and its **holder**: the name
  nearest it in its clause ("Cruz has 370 delegates, Rubio 163"). Figures
  held by different names, or in clauses that name different things, count
  different things; a figure held by "we" or "I" (a speaker the text may
  not name) is compared with nothing.

`align(a, b)` scores how likely two figures of different documents count the
same thing and, when they do, gives the verdict: `agree` (each figure's
number is within the other's interval: "at least 16" and "16"), `conflict`
(intervals apart: "40" and "more than 60"), `consistent` (no contradiction
and no confirmation: "at least 175" and "at least 882", "hundreds of" and
"358", "more than 6 million" and "6 million", a count of people larger than
the count of civilians in it, an amount below a capacity), or `measure`
(incompatible, but one is a capacity or a plan and the other an amount:
different measures).
"""

from __future__ import annotations

import msgspec

from .claims import FigureClaim, lemma
from .reading import SHARES, Figure, FigureIndex, Read, figures_of

__all__ = ["Alignment", "Figure", "FigureIndex", "align", "figures_of"]

ALIGN_MIN = 1.5
"""The similarity from which two figures are taken to count the same thing."""

# Content words two sentences must share, beside holder and counted noun, for figures with
# the same number to confirm each other without another tie, and for different numbers.
_AGREE_CONTEXT = 2
_CONFLICT_CONTEXT = 3


class Alignment(msgspec.Struct, frozen=True):
    """Two figures taken to count the same thing: how alike they are and what they say.

    `relation` is how the second figure's kind stands to the first's: `same`
    (same word or no counted noun), `synonym`, `broader` or `narrower`.
    `verdict` is `agree`, `conflict`, `consistent` or `measure`.
    """

    similarity: float
    relation: str
    verdict: str


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


def _apart(a: FigureClaim, b: FigureClaim) -> bool:
    """Whether the two intervals are apart even with their ends included.

    "More than 6 million" and "6 million" touch: the first may be a rounder
    writing of the second, so they do not contradict each other.
    """
    return max(a.low, b.low) > min(a.high, b.high)


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
    if related is None or a.tally != b.tally:
        return None
    relation, similarity = related
    if a.tally is not None:
        similarity += 1.2
    if a.period is not None and b.period is not None:
        if a.period[1] < b.period[0] or b.period[1] < a.period[0]:
            return None  # dated to different times: different occasions
        similarity += 0.3
    if a.modifiers & b.modifiers:
        similarity += 0.5
    common = a.words & b.words
    if a.words and b.words:
        similarity += 1.5 * len(common) / min(len(a.words), len(b.words))
    if a.subjects and b.subjects:
        similarity += 0.3 if a.subjects & b.subjects else -0.4
    if similarity < ALIGN_MIN:
        return None
    # The clauses, read only now: whose figures, of what group, per item or in all.
    x, y = a.clause.read(), b.clause.read()
    if x.personal or y.personal:
        return None  # "we raised $18,000": the speaker may not be named
    if x.holder and y.holder and not x.holder & y.holder:
        return None  # held by different names: "Cruz has 370 delegates", "Rubio has 163"
    if x.distributive != y.distributive:
        return None  # "two killed at each site" is not a total
    if (x.population or y.population) and not x.population & y.population:
        return None  # shares of different groups: "among young voters" and all voters
    if x.names and y.names and not x.names & y.names:
        return None  # clauses about different named things
    verdict = _verdict(a, b, relation)
    # Whatever else the two sentences share, beside the holder and the thing counted.
    context = len(common - x.holder - y.holder - {a.lemma, b.lemma})
    held = bool(x.holder & y.holder)
    share = _is_share(a, x)
    if verdict == "agree":
        # The same number of the same thing is already evidence; it still needs one more
        # tie ("five states" of one primary day and of another).
        if not (a.tally or held or a.modifiers & b.modifiers or context >= _AGREE_CONTEXT):
            return None
        # A share is a share of something: the same holder or names, and no name on one
        # side only (the margin of error of two different polls is often the same).
        if share and not ((held or x.named & y.named) and _same_names(a, x, b, y)):
            return None
    elif verdict in ("conflict", "measure") and (
        x.part != y.part or not _anchored(a, x, b, y, share, held, context, common)
    ):
        # Different numbers of a common noun are most often different things; a part of a
        # count ("including 1,000 pages released Friday") differs from the whole.
        return None
    return Alignment(round(similarity, 3), relation, verdict)


def _is_share(f: Figure, read: Read) -> bool:
    """A share or margin, or the sample of a survey: relative to one poll or group."""
    return f.claim.unit in SHARES or f.lemma in SHARES or read.sample


def _same_names(a: Figure, x: Read, b: Figure, y: Read) -> bool:
    """Whether each figure's sentence mentions every name of the other's."""

    def within(names: frozenset[str], other: Figure, read: Read) -> bool:
        words = other.words
        return all(w in read.named or w in words or lemma(w) in words for w in names)

    return within(x.named, b, y) and within(y.named, a, x)


def _anchored(
    a: Figure,
    x: Read,
    b: Figure,
    y: Read,
    share: bool,
    held: bool,
    context: int,
    common: frozenset[str],
) -> bool:
    """Whether two different numbers are tied closely enough to be one thing counted twice.

    A difference is a strong statement, so it needs more than a shared noun: a
    tally (deaths, arrests); or, when neither sentence names what the other
    does not, a common holder with more of the sentence in common, or a
    sentence mostly in common. A share (a percentage, a margin in points)
    differs from poll to poll and group to group: it needs a common holder,
    the same names and much of its sentence in common.
    """
    if share:
        return held and context >= _CONFLICT_CONTEXT and _same_names(a, x, b, y)
    if a.tally is not None:
        return True
    if not _same_names(a, x, b, y):
        return False  # "to win the Republican nomination" against "to win the nomination"
    if held and context >= _AGREE_CONTEXT:
        return True
    smaller = min(len(a.words), len(b.words))
    return context >= _CONFLICT_CONTEXT and smaller > 0 and len(common) >= smaller / 2


def _verdict(a: Figure, b: Figure, relation: str) -> str:
    x, y = a.claim, b.claim
    if a.modality != b.modality:
        if "capacity" in (a.modality, b.modality):
            amount, capacity = (x, y) if b.modality == "capacity" else (y, x)
            return "consistent" if _at_most(amount, capacity) else "measure"
        return "consistent" if overlap(x, y) else "measure"
    if overlap(x, y):
        # A confirmation states a compatible number: each figure's number lies within the
        # other's interval. "At least 175" and "at least 882" overlap but say different things.
        same = (x.low, x.high, x.low_inclusive, x.high_inclusive) == (
            y.low,
            y.high,
            y.low_inclusive,
            y.high_inclusive,
        )
        if same or (_contains(x, y.value) and _contains(y, x.value)):
            return "agree"
        return "consistent"
    if relation == "broader":  # b counts a broader set, which may be larger
        return "consistent" if _at_most(x, y) else "conflict"
    if relation == "narrower":
        return "consistent" if _at_most(y, x) else "conflict"
    return "conflict" if _apart(x, y) else "consistent"
