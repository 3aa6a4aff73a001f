"""Copy relations between two documents, and among a story's, with the engine's memos.

A document's profile and sketch are kept in the heuristic's memo of that
document. A story's relations are found once, for the story's candidate pairs
only (`candidates`), and kept as one entry of the story memo: each candidate
pair is aligned once whatever the story's size, and nothing is evicted while
the story is scored. A pair asked for on its own (`derivation`) is aligned
whether or not it is a candidate, and kept in the story memo. Called without a
context (tests, benchmarks), a fresh one is used and nothing outlives the call.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

from reliability import Analysis, Context

from .align import Side, align, in_spelling_of, own, sides, weights
from .candidates import Sketch, candidate_pairs, sketch
from .credit import credit_of, outlet_key, same_outlet
from .product import AlignedPair, Derivation, Outlet
from .profile import SHARE_MARGIN, Profile, profile


def profile_of(doc: Analysis, context: Context) -> Profile:
    return context.memo_of(doc).get("profile", lambda: profile(doc))


def sketch_of(doc: Analysis, context: Context) -> Sketch:
    return context.memo_of(doc).get("sketch", lambda: sketch(profile_of(doc, context)))


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


class StoryRelations(NamedTuple):
    """The copy relations among a story's documents (each id once), found once per story."""

    # The story's documents by id (the last analysis of each id), in order, the
    # position of each, and their ids in order.
    documents: dict[str, Analysis]
    position: dict[str, int]
    ids: tuple[str, ...]
    # The relations, in the order of the story's documents (the first of a pair, then
    # the second), and those of each document, by id.
    derivations: tuple[Derivation, ...]
    by_document: dict[str, tuple[Derivation, ...]]
    # Each document's outlet, by id (see `product.CopyRelations.outlets`).
    outlets: dict[str, Outlet]
    # How many pairs the filter let through to the alignment.
    candidates: int


def story_relations(story: Sequence[Analysis], context: Context) -> StoryRelations:
    """The copy relations among `story`'s documents: only candidate pairs are aligned.

    Kept in the story memo under the set of the story's analyses, so every
    document scored against the same others reads the same answer (the key
    is made at C speed: a story of a thousand documents asks for it a
    thousand times).
    """
    return context.story_memo.get(
        ("story", frozenset(map(id, story))), lambda: _story_relations(story, context)
    )


def _story_relations(story: Sequence[Analysis], context: Context) -> StoryRelations:
    documents: dict[str, Analysis] = {}
    for a in story:
        documents[a.id] = a  # the position of the first, the last analysis (as a dict reads)
    unique = list(documents.values())
    pairs = sorted(candidate_pairs([sketch_of(a, context) for a in unique]))
    found: list[Derivation] = []
    by_document: dict[str, list[Derivation]] = {}
    for i, j in pairs:
        a, b = unique[i], unique[j]
        # The same answer whichever comes first (as `derivation` orders them).
        x, y = (a, b) if (a.id, a.text) <= (b.id, b.text) else (b, a)
        d = _relation(x, y, context)
        if d is not None:
            found.append(d)
            by_document.setdefault(a.id, []).append(d)
            by_document.setdefault(b.id, []).append(d)
    return StoryRelations(
        documents,
        {i: k for k, i in enumerate(documents)},
        tuple(documents),
        tuple(found),
        {k: tuple(v) for k, v in by_document.items()},
        {a.id: outlet_key(a) for a in unique},
        len(pairs),
    )


def derivations(
    analyses: Sequence[Analysis], context: Context | None = None
) -> tuple[Derivation, ...]:
    """Every copy relation among a story's documents, the candidate pairs aligned once."""
    context = context if context is not None else Context()
    return story_relations(analyses, context).derivations
