"""Whether a cue's claim is credited to a source: reporting verbs, and attribution's relations.

The sentence's own reporting verbs and phrases (`data/hedging_reporting.tsv`)
decide first; when the `attribution` heuristic ran, its relations (its
published product, `Relations`) credit a cue inside their content, or a hedge
in a sentence holding their cue. A subject that is most likely the outlet
itself ("the TV channel suggested") credits no one.
"""

from __future__ import annotations

import bisect
import operator
from collections.abc import Sequence
from itertools import compress
from typing import NamedTuple

from reliability import Analysis
from reliability.analysis import wordset
from reliability_heuristics.attribution.product import Relations

from .lexicon import REPORT_TABLE, matches
from .sentence import NOUN_DETERMINERS, Hit, SentenceView

_START = operator.attrgetter("start")

FIRST_PERSON = frozenset({"i", "we"})
PASSIVE = frozenset({"is", "are", "was", "were", "be", "been", "being", "it's"})
INFERENCE_SUBJECTS = frozenset({"it", "which", "what", "this", "that"})

# Nouns by which an outlet refers to itself ("the channel reported").
MEDIA_NOUNS = wordset(
    "channel broadcaster network newspaper paper publication outlet website site magazine "
    "agency station portal"
)
SELF_DETERMINERS = frozenset({"the", "our", "this"})


def reporting_spans(view: SentenceView) -> list[tuple[int, int, int]]:
    """Attributing verbs and phrases in a sentence: token range [a, b) and subject index."""
    spans = []
    resume = 0
    words = view.words
    anchors = compress(range(view.n), map(REPORT_TABLE.__contains__, words))
    for start, end, report_class in matches(REPORT_TABLE, words, anchors):
        if start < resume:
            continue
        if report_class == "phrase" or _is_attributing_verb(view, start, report_class):
            subject = view.back(start)
            if report_class != "phrase" and _self_reference(view, subject):
                continue
            spans.append((start, end, subject))
            resume = end
    return spans


def _self_reference(view: SentenceView, k: int) -> bool:
    """Whether the subject at `k` is most likely the publishing outlet itself.

    "The TV channel suggested that ..." with no channel mentioned before: a
    news site writing of itself in the third person. Its suggestion is the
    writer's own, so it attributes nothing. With an antecedent ("Zvezda, a
    state TV channel, ... The channel suggested") it is a real source.
    """
    noun = view.word(k)
    if noun not in MEDIA_NOUNS or view.capitalised_inside(k):
        return False
    # "the TV channel", "our newspaper": a definite media noun, no name in between.
    m = k - 1
    while m >= 0 and m >= k - 3 and view.words[m] not in SELF_DETERMINERS:
        if view.tokens[m].text[:1].isupper() and m > view.first_word and view.words[m] != "tv":
            return False  # "the Kremlin channel": a named outlet
        m -= 1
    if m < 0 or view.words[m] not in SELF_DETERMINERS:
        return False
    return view.folded.find(noun, 0, view.start) < 0


class Relation(NamedTuple):
    """An attribution relation with a source, as character offsets."""

    source: tuple[int, int]
    cue: tuple[int, int]
    content: tuple[tuple[int, int], ...]


def relations_by_sentence(doc: Analysis, product: Relations | None) -> dict[int, list[Relation]]:
    """Attribution's sourced relations, by the sentences their cue and content touch.

    Empty without the product (attribution disabled, excluded, failed or
    overran): the reporting-verb test then decides alone. Relations with no
    source ("it was reported") credit no one and are left out.
    """
    if product is None:
        return {}
    sentences = doc.sentences
    sentence_starts = list(map(_START, sentences))
    grouped: dict[int, list[Relation]] = {}
    for found in product.sourced():
        assert found.source is not None
        relation = Relation(found.source, found.cue, found.content)
        touched = set()
        for offset in (relation.cue[0], *[start for start, _ in relation.content]):
            # The sentence holding the offset, if any (as `doc.sentence_index_at`).
            index = bisect.bisect_right(sentence_starts, offset) - 1
            if index >= 0 and offset < sentences[index].end and index not in touched:
                touched.add(index)
                grouped.setdefault(index, []).append(relation)
    return grouped


def related(
    view: SentenceView,
    hit: Hit,
    relations: Sequence[Relation],
    starts: Sequence[int],
    lo: int,
) -> bool:
    """Whether an `attribution` relation credits the cue's claim to a source.

    A hedge is attributed inside a relation's content or in a sentence with a
    relation's cue; a booster or weasel only inside the content, since in
    "some say" the relation's own source is the vague one. A source that is
    the outlet itself ("the TV channel", see `_self_reference`) credits no one.
    """
    start = view.tokens[hit.i].start
    end = view.tokens[hit.j - 1].end
    sentence_end = view.tokens[-1].end
    for rel in relations:
        if start < rel.source[1] and rel.source[0] < end:
            continue  # the cue is part of the source ("some analysts")
        src_end = bisect.bisect_left(starts, rel.source[1]) - 1 - lo
        if 0 <= src_end < view.n and _self_reference(view, src_end):
            continue
        inside = any(a <= start and end <= b for a, b in rel.content)
        if inside or (hit.cue.type == "hedge" and view.start <= rel.cue[0] < sentence_end):
            return True
    return False


def attributed(hit: Hit, reports: Sequence[tuple[int, int, int]]) -> bool:
    """Whether a reporting verb in the sentence credits the cue's claim to a source.

    A hedge may be its own attribution ("the channel suggested that"). A
    weasel's or booster's own verb cannot excuse it: in "some say" or "some
    analysts expect" the verb's subject is the vague source itself, and in
    "no one can deny" the verb is part of the boast.
    """
    if hit.cue.type == "hedge":
        return bool(reports)
    return any(
        not (a < hit.j and hit.i < b) and not hit.i <= subject < hit.j for a, b, subject in reports
    )


def _is_attributing_verb(view: SentenceView, i: int, report_class: str) -> bool:
    """Whether a reporting word at `i` is a verb with a source as its subject."""
    # "United States", "State Department": part of a name, not a verb.
    if view.capitalised_inside(i) and not view.heading:
        return False
    if report_class == "state":
        # "officials are concerned that": the subject stands before "be".
        k = view.back(i)
        while view.word(k) in PASSIVE:
            k = view.back(k)
        return view.word(k) not in FIRST_PERSON and view.word(k) not in INFERENCE_SUBJECTS
    before = view.word(view.back(i))
    if before in FIRST_PERSON or before in PASSIVE or before in NOUN_DETERMINERS:
        # "I think" is the writer's own stance; "it is said" names no one;
        # "the report", "his claims" are nouns.
        return False
    return not (report_class == "inference" and before in INFERENCE_SUBJECTS)
