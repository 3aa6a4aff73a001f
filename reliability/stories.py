"""Grouping a set of documents into stories, by the peer index's own rules.

`group_stories` is what `reliability batch --compare story` runs on the
documents' story terms (`reliability.store.terms.story_terms`): each
document's peers are found exactly as the store finds them
(`reliability.store.peering.select_query_terms`: the rarest shared names and
keywords, weighted by inverse document frequency, with the same evidence bar
and publication-date window), as if the whole set were stored, but in memory.
Documents linked by a peer relation, directly or through others, form one
story.

A story is compared all against all, which costs the square of its size, so
a story larger than `MAX_STORY_SIZE` is cut, in publication order (undated
documents last, then input order), into near-equal consecutive parts: each
document is then compared with at most `MAX_STORY_SIZE - 1` others, as the
API compares a document with at most `DEFAULT_PEER_LIMIT` stored peers.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from reliability.store.base import DEFAULT_PEER_LIMIT, DEFAULT_WINDOW_DAYS
from reliability.store.peering import MIN_SHARED_TERMS, select_query_terms

__all__ = ["MAX_STORY_SIZE", "Indexed", "find_peers", "group_stories"]

MAX_STORY_SIZE = DEFAULT_PEER_LIMIT + 1


@dataclass(frozen=True)
class Indexed:
    """One document as the grouping sees it: its story terms and publication day."""

    terms: Sequence[str]
    day: str | None = None  # ISO calendar date, as the store's `published_day`


class _Index:
    """An in-memory inverted index of story terms: term ids, document frequencies, postings."""

    def __init__(self, documents: Sequence[Indexed]) -> None:
        self.ids: dict[str, int] = {}
        self.postings: list[list[int]] = []
        self.doc_terms: list[list[int]] = []
        for number, document in enumerate(documents):
            own = []
            for term in dict.fromkeys(document.terms):  # a repeated term counts once
                term_id = self.ids.setdefault(term, len(self.ids))
                if term_id == len(self.postings):
                    self.postings.append([])
                self.postings[term_id].append(number)
                own.append(term_id)
            self.doc_terms.append(own)
        self.names = list(self.ids)


def _days(documents: Sequence[Indexed]) -> list[int | None]:
    days: list[int | None] = []
    for document in documents:
        try:
            days.append(dt.date.fromisoformat(document.day).toordinal() if document.day else None)
        except ValueError:
            days.append(None)
    return days


def _within(a: int | None, b: int | None, window_days: int) -> bool:
    """Whether two publication days are within the window; an undated one always is."""
    return a is None or b is None or abs(a - b) <= window_days


def find_peers(
    documents: Sequence[Indexed],
    *,
    limit: int = DEFAULT_PEER_LIMIT,
    window_days: int = DEFAULT_WINDOW_DAYS,
) -> list[list[int]]:
    """Each document's peers among the others (their positions), best first.

    The same candidates, scores and bar as `SQLiteStore.peers` with every
    document of `documents` stored.
    """
    index = _Index(documents)
    days = _days(documents)
    total = len(documents)
    found: list[list[int]] = []
    for number, own in enumerate(index.doc_terms):
        # Document frequencies among the other documents, as the store passes them.
        terms = [(t, index.names[t], len(index.postings[t]) - 1) for t in own]
        chosen, min_score = select_query_terms(terms, total)
        if len(chosen) < MIN_SHARED_TERMS:
            found.append([])
            continue
        best: dict[tuple[int, int], float] = {}
        for query in chosen:
            for other in index.postings[query.term_id]:
                if other != number:
                    key = (other, query.entity)
                    best[key] = max(best.get(key, 0.0), query.idf)
        scores: dict[int, float] = defaultdict(float)
        entities: dict[int, int] = defaultdict(int)
        for (other, _entity), idf in best.items():
            scores[other] += idf
            entities[other] += 1
        day = days[number]
        candidates = [
            (-score, other)
            for other, score in scores.items()
            if entities[other] >= MIN_SHARED_TERMS
            and score >= min_score - 1e-9
            and _within(day, days[other], window_days)
        ]
        candidates.sort()
        found.append([other for _, other in candidates[:limit]])
    return found


def _components(peers: Sequence[Sequence[int]]) -> list[list[int]]:
    """Connected components of the peer relation, each in input order, by first member."""
    parent = list(range(len(peers)))

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for node, others in enumerate(peers):
        for other in others:
            a, b = root(node), root(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = defaultdict(list)
    for node in range(len(peers)):
        groups[root(node)].append(node)
    return sorted(groups.values(), key=lambda group: group[0])


def _cut(group: list[int], days: Sequence[int | None], size: int) -> list[list[int]]:
    """`group` in near-equal consecutive parts of at most `size`, in publication order."""
    if len(group) <= size:
        return [group]
    ordered = sorted(group, key=lambda n: (days[n] is None, days[n] or 0, n))
    parts = math.ceil(len(ordered) / size)
    bounds = [round(i * len(ordered) / parts) for i in range(parts + 1)]
    return [sorted(ordered[bounds[i] : bounds[i + 1]]) for i in range(parts)]


def group_stories(
    documents: Sequence[Indexed],
    *,
    max_size: int = MAX_STORY_SIZE,
    window_days: int = DEFAULT_WINDOW_DAYS,
) -> list[list[int]]:
    """The documents (by position) grouped into stories; every document is in exactly one.

    Stories are listed by their first document; the documents of a story in
    input order. A document with no peers is a story of its own.
    """
    if max_size < 1:
        raise ValueError("max_size must be at least 1")
    peers = find_peers(documents, window_days=window_days)
    days = _days(documents)
    stories: list[list[int]] = []
    for group in _components(peers):
        stories.extend(_cut(group, days, max_size))
    return sorted(stories, key=lambda story: story[0])
