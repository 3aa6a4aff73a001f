"""Copied coverage: which documents of a story are rewrites of another.

A rewrite keeps the original's facts and order but changes the wording, adds
typos and drops the credit, so word shingles miss it. Here each substantive
sentence of one document is aligned with the most similar run of one to
`MAX_WINDOW` consecutive sentences of the other (a rewrite merges and splits
sentences), on content words only:

- a sentence's content words are its word and number tokens outside closed
  quotations (a quoted statement is its speaker's words, and two outlets
  quoting the same statement is not copying), case- and accent-folded, split
  at hyphens, without function words, as the shared analysis tokenised them;
- words are spelt alike across the pair: a word becomes a word of either
  document that is a prefix of it by at most `MAX_SUFFIX` letters ("Iranian"
  -> "iran", "supported" -> "support"), and a word one document lacks becomes
  the other's most similar word by `rapidfuzz.fuzz.ratio` if at least
  `WORD_SIMILARITY` ("distrcit" -> "district"); numbers must be equal;
- the similarity of a sentence and a run is the Dice coefficient of their
  words, each word weighted by its inverse sentence frequency over the pair
  (the story's recurring names weigh little, a passage's particular words
  most); a sentence is aligned when it reaches `SENTENCE_SIMILARITY`;
- only runs through sentences sharing `MIN_SHARED_WORDS` words with the
  sentence (the `MAX_CANDIDATES` sharing most) are tried, all sentences of a
  pair at once (numpy, over the words both documents have); a direction is
  given up before any run is scored when too few of its sentences could reach
  `SENTENCE_SIMILARITY` or have a candidate, so a story of many documents
  stays fast. A document's words, index and spelling matches are kept with
  its profile for all its pairs.

A document is a derived copy of another when at least `COPY_SHARE` of its
substantive sentences (and at least `MIN_ALIGNED`, or all of them when it has
fewer: a two-sentence brief taken whole is a copy) align with it. Headings,
sentences with fewer than `MIN_CONTENT_WORDS` content words and page
furniture (`data/copies_boilerplate.tsv`) are not substantive.

Which one is the copy: the later one when both publication dates are known
and differ; else the one that credits the other; else the one with the larger
share of its sentences aligned. When neither dates, credit nor a clear
difference in share (`SHARE_MARGIN`) decide, the relation says so with
`basis="undetermined"`. Two documents with the same id have the same text:
they are one document, not a copy.

A copy credits its original when it names the original's URL, outlet (or the
host of its URL), author, or title (outside the copy's own headline); another
version from the same outlet counts as credited.

A story's pairs are filtered before they are aligned (`candidates`): a pair is
aligned only when sentences of one share enough of their particular words with
runs of the other's, so a story of a thousand documents costs about ten times
one of a hundred, not a hundred times. The relations among all the candidate
pairs of the story are found once (profiles, sketches and relations are kept
in the engine's memos) and published as `product.CopyRelations` for the
heuristics that require `originality` (figures reads them to tell independent
sources from copies).

Modules: `profile` (a document's content words), `candidates` (the filter),
`align` (sentence alignment), `credit` (credit and outlets), `relation` (the
relation of a pair, and of a story's pairs), `product` (what is published);
this one judges the document.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reliability import (
    Analysis,
    Context,
    Finding,
    Heuristic,
    Outcome,
    RelatedSpan,
    Severity,
    Span,
    hookimpl,
)

from .credit import same_outlet
from .product import AlignedPair, CopyRelations, Derivation
from .relation import derivation, derivations, overlap, profile_of, story_relations

__all__ = [
    "AlignedPair",
    "CopyRelations",
    "Derivation",
    "Originality",
    "derivation",
    "derivations",
    "overlap",
    "same_outlet",
]


# Score of a derived copy: low when it hides its source, middle when it credits it
# or when which of two near-identical documents came first is not known.
UNCREDITED_SCORE = 0.15
UNDETERMINED_SCORE = 0.5
CREDITED_SCORE = 0.6


def _label(doc: Analysis) -> str:
    """How a message names a document: “title” (outlet), else the outlet, else its id."""
    meta = doc.document
    if meta.title and meta.outlet:
        return f"“{meta.title}” ({meta.outlet})"
    if meta.title:
        return f"“{meta.title}”"
    if meta.outlet:
        return f"the {meta.outlet} article"
    return f"document {doc.id}"


def _has_metadata(doc: Analysis) -> bool:
    meta = doc.document
    return bool(meta.outlet or meta.title or meta.url or meta.author)


def _sentences(n: int) -> str:
    return f"{n} sentence{'' if n == 1 else 's'}"


class Originality(Heuristic):
    """Is the document a rewrite of other coverage of the story, and does it say so?

    Findings: `derived-copy` (major when uncredited, minor when credited, info
    for another version from the same outlet) with the document's rewritten
    sentences (role `copy`) and the original's (related, role `original`);
    `near-duplicate` (minor) when two undated documents are near-identical and
    nothing tells which came first; `copied-by` (info) on an original that
    others rewrite. Score: 1 for an original or independent document,
    `CREDITED_SCORE` for a credited copy, `UNDETERMINED_SCORE` for a
    near-duplicate, `UNCREDITED_SCORE` for an uncredited copy (the lowest
    applies); a copy of the same outlet's own article costs nothing. None
    without peers.
    """

    name = "originality"
    version = "0.1.0"
    description = (
        "Copied coverage: whether the document rewrites another article of the story, "
        "sentence by sentence, and whether it credits it."
    )
    default_weight = 0.7
    cross_document = True
    publishes = CopyRelations
    # The first document of a story pays for the story's comparison (every profile, the
    # filter, the candidate pairs), nearly linear in the story: about 3 s of CPU for a
    # thousand articles (their shared analyses built); the others read it from the story
    # memo.
    budget = 20.0

    def evaluate(self, doc: Analysis, context: Context) -> Outcome:
        # The same set of analyses for every document of the story: compared once. A peer
        # with the same id has the same text: it is the same document.
        story = story_relations([doc, *context.peers], context) if context.peers else None
        if story is None or len(story.documents) < 2:
            return Outcome(
                score=None,
                confidence=0.0,
                summary="No other coverage of the story to compare with.",
            )
        peers = story.documents  # by id, in the story's order (this document among them)
        # This document's relations, in the order of its peers. A story of a thousand
        # documents publishes a thousand of these: the copies are made at C speed.
        doc_id = doc.id
        order = story.position
        own = story.by_document.get(doc_id, ())
        relations = sorted(
            own, key=lambda r: order[r.original_id if r.copy_id == doc_id else r.copy_id]
        )
        mine_ids = set(map(id, own))
        among_peers = (
            tuple(r for r in story.derivations if id(r) not in mine_ids)
            if mine_ids
            else story.derivations
        )
        ids = story.ids
        k = order[doc_id]
        context.publish(
            CopyRelations(
                documents=(doc_id, *ids[:k], *ids[k + 1 :]),
                derivations=(*relations, *among_peers),
                outlets=story.outlets,
            )
        )
        substantive = profile_of(doc, context).substantive
        findings: list[Finding] = []
        score = 1.0
        # The relations in which this document is (or may be) the copy, most copied first.
        mine = sorted(
            (r for r in relations if r.copy_id == doc.id or r.basis == "undetermined"),
            key=lambda r: -len(r.pairs),
        )
        for r in mine:
            other = peers[r.original_id if r.copy_id == doc.id else r.copy_id]
            finding, value = self._copy_finding(doc, other, r)
            findings.append(finding)
            score = min(score, value)
        originals = [r for r in relations if r.original_id == doc.id and r.basis != "undetermined"]
        for r in originals:
            findings.append(self._original_finding(doc, peers[r.copy_id], r))
        top = mine[0] if mine else None
        n = len(peers) - 1
        if top is not None:
            other = peers[top.original_id if top.copy_id == doc.id else top.copy_id]
            verb = "near-identical to" if top.basis == "undetermined" else "a rewrite of"
            summary = (
                f"{verb.capitalize()} {_label(other)}: {len(top.pairs)} of its "
                f"{substantive} substantive sentences follow it, "
                + ("crediting it." if top.credited else "without crediting it.")
            )
        elif originals and n == 1:
            summary = "Original reporting as far as the other document shows: it rewrites this one."
        elif originals:
            summary = (
                f"Original reporting as far as the {n} other documents show; "
                f"{len(originals)} of them {'rewrites' if len(originals) == 1 else 'rewrite'} it."
            )
        else:
            others = "the other document" if n == 1 else f"the {n} other documents"
            summary = (
                f"Independent of {others} of the story: none rewrites it or is rewritten by it."
            )
        # Evidence grows with the document's own substantive sentences and with the
        # number of peers it was checked against; a copy is evidence in itself.
        confidence = min(1.0, substantive / 8) * min(1.0, 0.4 + 0.2 * n)
        if top is not None:
            confidence = max(confidence, min(1.0, 0.5 + len(top.pairs) / 16))
        return Outcome(
            score=score,
            confidence=round(confidence, 3),
            summary=summary,
            metrics={
                "peers": float(n),
                "substantive_sentences": float(substantive),
                "aligned_sentences": float(len(top.pairs)) if top else 0.0,
                "share": float(top.share) if top else 0.0,
                "credited": 1.0 if top is not None and top.credited else 0.0,
                "originals": float(len(mine)),
                "copies": float(len(originals)),
            },
            findings=tuple(findings),
        )

    @staticmethod
    def _copy_finding(doc: Analysis, other: Analysis, r: Derivation) -> tuple[Finding, float]:
        """The finding on a copy (or one of two near-duplicates), and the score it allows."""
        as_copy = r.copy_id == doc.id
        pairs = [
            (p.start, p.end, p.other_start, p.other_end)
            if as_copy
            else (p.other_start, p.other_end, p.start, p.end)
            for p in r.pairs
        ]
        spans: list[Span] = _unique_spans(doc, [(a, b) for a, b, _, _ in pairs], "copy")
        related = _unique_related(other, [(c, d) for _, _, c, d in pairs], "original")
        n = _sentences(len(pairs))
        same = same_outlet(doc, other)
        if r.basis == "undetermined":
            kind = "near-duplicate"
            what = (
                f"{n} closely match {_label(other)}. The two are near-identical and neither "
                "date nor credit tells which came first."
            )
            severity = Severity.INFO if same else Severity.MINOR
            value = 1.0 if same else CREDITED_SCORE if r.credited else UNDETERMINED_SCORE
        else:
            kind = "derived-copy"
            what = (
                f"{n} ({r.share:.0%} of its substantive sentences) closely rewrite "
                f"{_label(other)}. "
                + {
                    "dates": "It was published later.",
                    "credit": "It names the other, not the other way round.",
                    "share": "More of its sentences are found in the other than the reverse.",
                }[r.basis]
            )
            if same:
                severity, value = Severity.INFO, 1.0
            elif r.credited:
                severity, value = Severity.MINOR, CREDITED_SCORE
            else:
                severity, value = Severity.MAJOR, UNCREDITED_SCORE
        credit = r.credit if as_copy else None
        if same:
            note = "Both come from the same outlet: another version of one article."
        elif credit is not None:
            spans.append(doc.span(credit[0], credit[1], "credit"))
            note = f"It credits the original (“{doc.text[credit[0] : credit[1]]}”)."
        elif r.credited:
            note = "It credits the original."
        elif not _has_metadata(other):
            note = (
                "The other has no outlet, title, URL or author on record, so a credit could "
                "not be checked."
            )
        else:
            note = "It does not name the original's outlet, author, title or URL."
        message = f"{what} {note} Corroboration by a copy is not independent."
        finding = Finding(
            kind=kind, severity=severity, message=message, spans=tuple(spans), related=related
        )
        return finding, value

    @staticmethod
    def _original_finding(doc: Analysis, copy: Analysis, r: Derivation) -> Finding:
        credited = "crediting it" if r.credited else "without crediting it"
        return Finding(
            kind="copied-by",
            severity=Severity.INFO,
            message=(
                f"{_label(copy)} rewrites {_sentences(len(r.pairs))} of this document "
                f"({r.share:.0%} of the rewrite's substantive sentences), {credited}."
            ),
            spans=tuple(
                _unique_spans(
                    doc, sorted((p.other_start, p.other_end) for p in r.pairs), "original"
                )
            ),
            related=_unique_related(copy, [(p.start, p.end) for p in r.pairs], "copy"),
        )


def _unique_spans(doc: Analysis, where: Sequence[tuple[int, int]], role: str) -> list[Span]:
    return [doc.span(a, b, role) for a, b in dict.fromkeys(where)]


def _unique_related(
    doc: Analysis, where: Sequence[tuple[int, int]], role: str
) -> tuple[RelatedSpan, ...]:
    return tuple(
        RelatedSpan(document_id=doc.id, start=a, end=b, text=doc.text[a:b], role=role)
        for a, b in dict.fromkeys(where)
    )


@hookimpl
def register_heuristics(register: Callable[[Heuristic], None]) -> None:
    register(Originality())
