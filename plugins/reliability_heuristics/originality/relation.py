"""Copy relations between two documents, with the engine's memos.

A document's profile is kept in the heuristic's memo of that document, and a
pair's relation in its story memo, so a story of many documents compares each
pair once and profiles each document once. Called without a context (tests,
benchmarks), a fresh one is used and nothing outlives the call.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from reliability import Analysis, Context

from .align import Side, align, in_spelling_of, own, sides, weights
from .credit import credit_of, same_outlet
from .product import AlignedPair, Derivation
from .profile import SHARE_MARGIN, Profile, profile


def profile_of(doc: Analysis, context: Context) -> Profile:
    return context.memo_of(doc).get("profile", lambda: profile(doc))


def _day(doc: Analysis) -> dt.date | None:
    value = doc.document.published_at
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def _pair(pa: Profile, pb: Profile) -> tuple[Side, Side]:
    """Both documents in one spelling, over the words they share, with the pair's weights."""
    # The smaller vocabulary is spelt in the larger one's words: fewer look-ups, more matches.
    if len(pa.vocabulary) <= len(pb.vocabulary):
        words_a, words_b = in_spelling_of(pa, pb), own(pb)
    else:
        words_a, words_b = own(pa), in_spelling_of(pb, pa)
    return sides(words_a, words_b, weights(words_a, words_b))


def overlap(doc: Analysis, other: Analysis, context: Context | None = None) -> tuple[float, float]:
    """The share of each document's substantive sentences that align with the other's
    (0 for a document without any), whether or not either is a copy."""
    context = context if context is not None else Context()
    pa, pb = profile_of(doc, context), profile_of(other, context)
    if not pa.substantive or not pb.substantive:
        return 0.0, 0.0
    side_a, side_b = _pair(pa, pb)
    ab = align(pa, side_a, side_b) or []
    ba = align(pb, side_b, side_a) or []
    return len(ab) / pa.substantive, len(ba) / pb.substantive


def _relation(a: Analysis, b: Analysis, context: Context) -> Derivation | None:
    pa, pb = profile_of(a, context), profile_of(b, context)
    if not pa.substantive or not pb.substantive:
        return None
    side_a, side_b = _pair(pa, pb)
    ab = align(pa, side_a, side_b, give_up=True)
    ba = align(pb, side_b, side_a, give_up=True)
    if ab is None and ba is None:
        return None
    # One of them is a copy: the full alignment of the other decides the direction.
    ab = align(pa, side_a, side_b) if ab is None else ab
    ba = align(pb, side_b, side_a) if ba is None else ba
    assert ab is not None and ba is not None
    share_a = len(ab) / pa.substantive
    share_b = len(ba) / pb.substantive
    credit_ab = credit_of(a, b)  # a names b
    credit_ba = credit_of(b, a)
    day_a, day_b = _day(a), _day(b)
    copy_is_a: bool
    if day_a is not None and day_b is not None and day_a != day_b:
        copy_is_a, basis = day_a > day_b, "dates"
    elif (credit_ab is None) != (credit_ba is None):
        copy_is_a, basis = credit_ab is not None, "credit"
    elif abs(share_a - share_b) >= SHARE_MARGIN:
        copy_is_a, basis = share_a > share_b, "share"
    else:
        # Near-identical and nothing tells which came first: keep an order that does
        # not depend on argument order, and say that it is undetermined.
        copy_is_a, basis = (share_a, a.id) > (share_b, b.id), "undetermined"
    copy, original = (a, b) if copy_is_a else (b, a)
    cp, op = (pa, pb) if copy_is_a else (pb, pa)
    aligned = ab if copy_is_a else ba
    credit = credit_ab if copy_is_a else credit_ba
    # An outlet does not credit itself: another version of its own article is no theft.
    same = credit is None and same_outlet(copy, original)
    pairs = tuple(
        AlignedPair(
            cp.sentences[i].start,
            cp.sentences[i].end,
            op.sentences[lo].start,
            op.sentences[hi - 1].end,
            round(sim, 3),
        )
        for i, sim, lo, hi in aligned
    )
    return Derivation(
        copy_id=copy.id,
        original_id=original.id,
        pairs=pairs,
        share=round(len(aligned) / cp.substantive, 3),
        credited=credit is not None or same,
        credit=credit,
        basis=basis,
    )


def derivation(doc: Analysis, other: Analysis, context: Context | None = None) -> Derivation | None:
    """If one of the two is a copy/rewrite of the other, which one and how; else None.

    With `context`, profiles and the pair's answer are kept in its memos.
    """
    if doc.id == other.id:
        return None
    context = context if context is not None else Context()
    # The same answer whichever comes first.
    a, b = (doc, other) if (doc.id, doc.text) <= (other.id, other.text) else (other, doc)
    return context.story_memo.get(("pair", a, b), lambda: _relation(a, b, context))


def derivations(
    analyses: Sequence[Analysis], context: Context | None = None
) -> tuple[Derivation, ...]:
    """Every copy relation among a story's documents (pairwise)."""
    context = context if context is not None else Context()
    unique = list({a.id: a for a in analyses}.values())
    found = []
    for i, a in enumerate(unique):
        for b in unique[i + 1 :]:
            d = derivation(a, b, context)
            if d is not None:
                found.append(d)
    return tuple(found)
