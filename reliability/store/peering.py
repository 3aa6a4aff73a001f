"""What every backend of the store shares: peer-search rules, stamps, prepared documents.

The peer rules (which terms a lookup queries, how candidates are weighed, the
evidence a peer needs) are the product's definition of "same story", so the
SQLite and PostgreSQL stores apply the same ones and return the same peers
for the same corpus; only how they read posting lists differs.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import msgspec

from reliability.analysis import Analysis
from reliability.document import Document, document_id
from reliability.errors import InputError
from reliability.store.base import Peer
from reliability.store.terms import NAME_PREFIX, story_terms

__all__ = [
    "DF_CAP_FRACTION",
    "DF_CAP_MINIMUM",
    "MAX_PEER_LIMIT",
    "MAX_POSTINGS_READ",
    "MAX_QUERY_TERMS",
    "MIN_PEER_SCORE",
    "MIN_SCORE_FRACTION",
    "MIN_SHARED_TERMS",
    "ONE_MICROSECOND",
    "STAMP_FORMAT",
    "Pending",
    "QueryTerm",
    "document_from_row",
    "document_of",
    "prepare",
    "published_day",
    "ranked_peers",
    "select_query_terms",
    "stamp",
    "window",
]

# --- Peer search parameters ---------------------------------------------------

# A term found in more than max(DF_CAP_MINIMUM, DF_CAP_FRACTION × corpus)
# documents ("n:us", "k:government") says little about which story a text
# covers and has a long posting list; it is not queried. The floor keeps
# small corpora usable, where every term is "frequent" in relative terms.
DF_CAP_MINIMUM = 50
DF_CAP_FRACTION = 0.02
# At most this many terms are queried, rarest first, and their posting lists
# together hold at most MAX_POSTINGS_READ entries: the work of one lookup is
# bounded whatever the corpus size (the cap alone grows with the corpus).
MAX_QUERY_TERMS = 30
MAX_POSTINGS_READ = 10_000
# Evidence a candidate needs to count as coverage of the same story:
# - at least MIN_SHARED_TERMS shared terms of different entities, because
#   one shared name (a country, a politician, a common surname) is often a
#   coincidence; a full name and its surname are one entity;
# - a summed IDF of at least MIN_PEER_SCORE: with idf = ln(1 + N/df), two
#   terms each found in under a fifth of a small corpus, or one specific and
#   one broader term in a large one;
# - a summed IDF of at least MIN_SCORE_FRACTION of what an exact copy of the
#   document's queried multi-document terms would score: in a big corpus a
#   document shares two or three of its 30 rarest terms with many unrelated
#   texts by chance, and a relative bar removes those while a short
#   document with few terms still finds its peers.
MIN_SHARED_TERMS = 2
MIN_PEER_SCORE = 6.0
MIN_SCORE_FRACTION = 0.15
MAX_PEER_LIMIT = 200

STAMP_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
ONE_MICROSECOND = dt.timedelta(microseconds=1)
# The columns `document_from_row` reads, in order.
DOCUMENT_COLUMNS = "id, text, title, url, outlet, author, published, language"
SUMMARY_COLUMNS = "id, title, outlet, author, url, published, language, stored_at, length"


def stamp(moment: dt.datetime) -> str:
    """A `stored_at` value: UTC, microseconds, sortable as text."""
    return moment.strftime(STAMP_FORMAT)


def parse_stamp(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, STAMP_FORMAT)


def document_from_row(fields: Sequence[object]) -> Document:
    """A Document from `DOCUMENT_COLUMNS` values."""
    id_, text, title, url, outlet, author, published, language = fields
    return msgspec.convert(
        {
            "id": id_,
            "text": text,
            "title": title,
            "url": url,
            "outlet": outlet,
            "author": author,
            "published": published,
            "language": language,
        },
        Document,
    )


def published_day(document: Document) -> str | None:
    """The calendar date of `published` as written (a date-time's own local date)."""
    value = document.published_at
    if value is None:
        return None
    day = value.date() if isinstance(value, dt.datetime) else value
    return day.isoformat()


@dataclass(frozen=True)
class Pending:
    """A document ready to insert: under its content address, with its story terms."""

    document: Document
    terms: list[str]


def document_of(item: Document | Analysis) -> Document:
    """The document a `put` item stands for."""
    return item if isinstance(item, Document) else item.document


def prepare(item: Document | Analysis) -> Pending:
    """A document under its content address, with its story terms.

    Given an `Analysis` (the engine's, say), its document is stored and the
    analysis is read for the terms instead of analysing the text again.
    """
    if isinstance(item, Analysis):
        document, analysis = item.document, item
    else:
        document, analysis = item, Analysis(item)
    doc_id = document_id(document.text)
    if document.id != doc_id:
        document = msgspec.structs.replace(document, id=doc_id)
    terms = list(dict.fromkeys(story_terms(analysis)))  # a repeated term would count twice
    return Pending(document, terms)


def window(day: str | None, window_days: int) -> tuple[str | None, str | None]:
    """The inclusive publication-date bounds of a peer lookup around `day` (None: no bound).

    A window reaching past the calendar's ends is open on that side.
    """
    if window_days < 0:
        raise InputError("window_days must not be negative", path="window_days")
    if day is None:
        return None, None
    centre = dt.date.fromisoformat(day)
    try:
        low = (centre - dt.timedelta(days=window_days)).isoformat()
    except OverflowError:
        low = dt.date.min.isoformat()
    try:
        high = (centre + dt.timedelta(days=window_days)).isoformat()
    except OverflowError:
        high = dt.date.max.isoformat()
    return low, high


class QueryTerm(NamedTuple):
    """A term a peer lookup queries: its id and text, IDF weight, and entity number.

    Terms of one entity (a person's full name and their surname alone)
    count once as evidence: sharing "n:nicolas maduro" and "n:maduro" is
    sharing one name.
    """

    term_id: int
    term: str
    idf: float
    entity: int


def entities(terms: Iterable[str]) -> dict[str, int]:
    """An entity number for each term: a multi-word name joins its surname's term."""
    terms = list(terms)
    present = set(terms)
    keys = {}
    for term in terms:
        key = term
        if term.startswith(NAME_PREFIX) and " " in term:
            surname = NAME_PREFIX + term.rsplit(" ", 1)[1]
            if surname in present:
                key = surname
        keys[term] = key
    numbers = {key: n for n, key in enumerate(sorted(set(keys.values())))}
    return {term: numbers[key] for term, key in keys.items()}


def select_query_terms(
    terms: Sequence[tuple[int, str, int]], total: int
) -> tuple[list[QueryTerm], float]:
    """The terms a peer lookup queries, and the score a peer needs.

    `terms` holds every term of the document as (term_id, term, df among the
    other documents); `total` is the corpus size.

    - Terms no other document has are useless; terms above the frequency cap
      are too common to say which story a text covers.
    - Terms exactly one other document has are all queried (up to
      MAX_QUERY_TERMS of them): each reads a one-entry posting list, and
      without this an article's idiosyncratic words, shared only with an
      earlier version of itself, would crowd out the story's names.
    - Of the others, the MAX_QUERY_TERMS rarest are queried, as long as
      their posting lists hold at most MAX_POSTINGS_READ entries in all; at
      equal frequency names go first, a shared name being the stronger sign.
    - The relative bar is MIN_SCORE_FRACTION of the summed IDF (per
      entity) of those multi-document terms; a term only one document has
      cannot be evidence for many candidates, so it does not raise the bar.
    """
    entity = entities(term for _, term, _ in terms)
    cap = max(DF_CAP_MINIMUM, math.ceil(DF_CAP_FRACTION * total))
    ranked = sorted(
        (df, not term.startswith(NAME_PREFIX), term, term_id)
        for term_id, term, df in terms
        if 1 <= df <= cap
    )
    singles = [t for t in ranked if t[0] == 1][:MAX_QUERY_TERMS]
    several: list[tuple[int, bool, str, int]] = []
    budget = MAX_POSTINGS_READ
    for t in ranked:
        if t[0] == 1:
            continue
        # Rarest first, so once a posting list overflows the budget, all later ones would.
        if len(several) == MAX_QUERY_TERMS or t[0] > budget:
            break
        several.append(t)
        budget -= t[0]

    def query_term(df: int, term: str, term_id: int) -> QueryTerm:
        # df counts the other documents; + 1 for the queried one itself.
        return QueryTerm(term_id, term, math.log(1 + total / (df + 1)), entity[term])

    chosen = [query_term(df, term, term_id) for df, _, term, term_id in singles + several]
    best: dict[int, float] = {}
    for q in chosen[len(singles) :]:
        best[q.entity] = max(best.get(q.entity, 0.0), q.idf)
    return chosen, max(MIN_PEER_SCORE, MIN_SCORE_FRACTION * sum(best.values()))


@dataclass(frozen=True)
class PeerQuery:
    """A prepared peer lookup: terms to query, the evidence bar and the date window."""

    doc_id: str
    seq: int | None
    terms: list[QueryTerm]
    min_score: float
    low: str | None
    high: str | None


def ranked_peers(query: PeerQuery, rows: Iterable[tuple[str, float, Sequence[int]]]) -> list[Peer]:
    """Peers from candidate rows (id, score, shared term ids), shared terms most specific first."""
    info = {q.term_id: (q.term, q.idf) for q in query.terms}
    peers = []
    for peer_id, score, shared in rows:
        ids = sorted(set(shared), key=lambda term_id: (-info[term_id][1], info[term_id][0]))
        peers.append(Peer(id=peer_id, score=round(score, 6), shared=[info[i][0] for i in ids]))
    return peers
