"""Attribution: who does the article say its claims come from?

The heuristic finds attribution relations over the shared tokens: a **source**
(a named person or body, an outlet, a document, or a vague group such as
"officials"), a **cue** ("said", "told", "according to", "accused", "in a
statement", a colon before a quotation, from `data/attribution_cues.tsv`) and
the **content** (the quotation or the reported clause). It covers the source
before the cue ("Peskov said that ..."), after it ("..., said Peskov",
"according to the Post"), quotations with the speaker before, after or inside
them, quotations introduced by a colon (also in the next paragraph), agentless
passives ("it was reported") and pronouns ("he said"), which are resolved to
the last named source that fits (a person for "he"/"she", a body for "it",
the antecedent of "who"); definite descriptions ("the channel", "the report")
are resolved to the last named source of their kind.

Each sentence outside headings is classed as one of:

- `named`: it carries an attribution to a named source;
- `vague`: its only attributions are to unnamed sources ("experts say");
- `unsourced_quote`: it holds a quotation of a full statement with no speaker;
- `unattributed`: a checkable assertion (a number, a date or a name) with no
  source and no stance marker;
- `commentary`: the author's own voice (stance markers from
  `data/attribution_stance.tsv`, or nothing checkable).

Score, with N, V, Q, U the named, vague, unsourced-quote and unattributed
sentences, C = N + V + Q + U the checkable assertions, D the distinct named
sources and K their distinct kinds (official, agency, media, document,
person):

    named_share = N / C
    diversity   = 0.3 * (1 - exp(-D / 5)) + 0.7 * min(K, 4) / 4
    score       = clip(0.5 * named_share + 0.5 * diversity - 0.5 * V / C, 0, 1)

and, when one source carries most attributions (`single-source`), the
diversity term is halved. A text whose checkable claims all rest on several
named sources of several kinds scores near 1; one that asserts facts in its
own voice scores near 0. `confidence = C / (C + 10)`. With no checkable
assertion the score is None.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Sequence
from itertools import compress

import numpy as np

from reliability import Analysis, Context, Finding, Heuristic, Outcome, Severity, Span, hookimpl
from reliability_heuristics.attribution.combine import Combiner
from reliability_heuristics.attribution.lexicon import STANCE_TABLE, match_phrase
from reliability_heuristics.attribution.product import Relations, relations_of
from reliability_heuristics.attribution.relation import Attribution, TokenView
from reliability_heuristics.attribution.rules import RuleFinder
from reliability_heuristics.attribution.tagger import Columns, Tagger

_START = operator.attrgetter("start")
_PARAGRAPH = operator.attrgetter("paragraph")

# Score weights (see the module docstring).
NAMED_WEIGHT = 0.5
DIVERSITY_WEIGHT = 0.5
VAGUE_PENALTY = 0.5
# Distinct sources at which the source term of diversity reaches 1 - 1/e.
SOURCE_SCALE = 5.0
# Source kinds that give full kind diversity.
KIND_TARGET = 4
# Checkable assertions at which confidence reaches one half.
CONFIDENCE_HALF = 10.0
# Share of named attributions one source must carry to make the article single-sourced.
SINGLE_SOURCE_SHARE = 0.5


def find_attributions(
    doc: Analysis, tagger: Tagger | None = None
) -> tuple[list[Attribution], dict[int, list[int]]]:
    """The attribution relations of a document (see `Attribution`), in text order.

    The second value maps `id(relation)` to the starts of later sentences that
    hold its content (a quotation introduced by a colon in the previous sentence).
    `tagger` is the shipped model, loaded when not given.
    """
    _, relations, extra = _find(doc, tagger or Tagger())
    return relations, extra


def _find(
    doc: Analysis, tagger: Tagger
) -> tuple[RuleFinder, list[Attribution], dict[int, list[int]]]:
    """The rules' relations, the tagger's spans, and the two combined (see `combine`)."""
    finder = RuleFinder(doc)
    rules, extra = finder.find()
    sentences = _body_sentences(doc, finder.v)
    # Every body sentence is tagged: a cue outside the cue table is kept when the
    # tagger also finds a source in its sentence (`combine`). On PolNeAR dev this
    # reads about two points more of sources and cues than tagging only the
    # sentences that hold a phrase of the table.
    phrases = finder.cue_phrases()
    cue_starts = [k for k, _, _ in phrases]
    columns = Columns(finder.v, finder.quoted, rules, finder.cue_positions, sentences, phrases)
    sources, cues = tagger.tag(columns)
    combiner = Combiner(finder, rules, sentences, sources, cues, cue_starts)
    return finder, combiner.combine(), extra


# A sentence of more tokens than this is read only when it holds a word: every cue is
# a word, and a run of marks or numbers that no sentence end splits (". . ." for
# megabytes, 200,000 numbers) would otherwise cost the tagger seconds for nothing.
LONG_SENTENCE = 200


def _body_sentences(doc: Analysis, view: TokenView) -> list[tuple[int, int]]:
    """Token ranges of the document's sentences outside headings that have tokens (a
    long one only when it holds a word)."""
    ranges = zip(view.sentence_los, view.sentence_his, strict=True)
    headings = [p.heading for p in doc.paragraphs]
    if not any(headings):
        body = [(lo, hi) for lo, hi in ranges if hi > lo]
    else:
        sentences = doc.sentences
        body = [
            (lo, hi)
            for s, (lo, hi) in zip(sentences, ranges, strict=True)
            if hi > lo and not headings[s.paragraph]
        ]
    tokens = view.tokens
    return [
        (lo, hi)
        for lo, hi in body
        if hi - lo <= LONG_SENTENCE or any(t.kind == "word" for t in tokens[lo:hi])
    ]


def merge_keys(keys: Sequence[str]) -> dict[str, str]:
    """Map each source key to a canonical one, merging spelling variants of one name.

    Transliterated names are often spelt several ways in one article
    ("Rodriguez", "Rodriquez"): keys of six letters or more that differ by one
    edit are one source.
    """
    canon: dict[str, str] = {}
    kept: list[str] = []
    # Past a few dozen sources, the kept keys are indexed by what one deletion
    # leaves of them: the keys one edit from a new key are found there, not by
    # comparing it with every kept key.
    index: _EditIndex | None = None
    for key in keys:
        if key in canon:
            continue
        match = None
        if len(key) >= 6 and index is None:
            match = next((k for k in kept if _one_edit(key, k)), None)
        elif len(key) >= 6 and index is not None:
            found = [x for x in index.near(key) if _one_edit(key, kept[x])]
            match = kept[min(found)] if found else None
        canon[key] = match or key
        if match is None:
            kept.append(key)
            if index is not None:
                index.add(key, len(kept) - 1)
            elif len(kept) > _SCAN_KEYS:
                index = _EditIndex()
                for x, k in enumerate(kept):
                    index.add(k, x)
    return canon


# Kept source keys compared one by one with a new key, before they are indexed.
_SCAN_KEYS = 32


class _EditIndex:
    """Keys by their one-deletion variants, for finding the keys one edit from a word."""

    def __init__(self) -> None:
        self.whole: dict[str, int] = {}
        # (position, key with that letter deleted) -> keys: one substitution apart.
        self.at: dict[tuple[int, str], list[int]] = {}
        # key with any one letter deleted -> keys: one letter longer than it.
        self.shorter: dict[str, list[int]] = {}

    def add(self, key: str, x: int) -> None:
        self.whole.setdefault(key, x)
        for i in range(len(key)):
            cut = key[:i] + key[i + 1 :]
            self.at.setdefault((i, cut), []).append(x)
            self.shorter.setdefault(cut, []).append(x)

    def near(self, key: str) -> set[int]:
        """Keys that may be one substitution, insertion or deletion from `key`."""
        out = set(self.shorter.get(key, ()))
        for i in range(len(key)):
            cut = key[:i] + key[i + 1 :]
            out.update(self.at.get((i, cut), ()))
            if cut in self.whole:
                out.add(self.whole[cut])
        return out


def _one_edit(a: str, b: str) -> bool:
    if a == b or abs(len(a) - len(b)) > 1:
        return a == b
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    if len(a) > len(b):
        a, b = b, a
    return any(b[:k] + b[k + 1 :] == a for k in range(len(b)))


# --- sentence classes


def _stance(view: TokenView, quoted: list[bool], lo: int, hi: int) -> bool:
    """Whether tokens [lo, hi) hold a stance marker.

    Quoted words are the speaker's; a capitalised "May" inside a sentence is the month.
    """
    words = view.words
    for k in compress(range(lo, hi), map(STANCE_TABLE.__contains__, words[lo:hi])):
        if quoted[k] or (words[k] == "may" and view.proper(k)):
            continue
        if match_phrase(STANCE_TABLE, words, k, hi):
            return True
    return False


class AttributionHeuristic(Heuristic):
    """Judges how far the article's checkable claims are attributed to named, diverse sources."""

    name = "attribution"
    version = "1.0.0"
    description = (
        "Attribution density: the share of checkable claims credited to named sources, "
        "and how many independent sources of which kinds the article cites."
    )
    default_weight = 1.0
    publishes = Relations

    def __init__(self) -> None:
        self.tagger = Tagger()

    def evaluate(self, doc: Analysis, context: Context) -> Outcome:
        """Find attribution relations, class each sentence, and score sourcing."""
        finder, relations, extra = _find(doc, self.tagger)
        named_at, vague_at = _covered_sentences(finder.v, relations, extra)
        canon = merge_keys([r.key for r in relations if r.key is not None])
        counts, labels, kinds = _source_tally(relations, canon)
        tally, findings = _classify_sentences(doc, finder, named_at, vague_at)
        findings.extend(_relation_findings(doc, relations))
        single = _single_source(doc, relations, canon, counts, labels)
        if single is not None:
            findings.append(single)
        outcome = _outcome(tally, counts, labels, kinds, single is not None, findings, relations)
        context.publish(relations_of(doc, relations))
        return outcome


def _covered_sentences(
    view: TokenView, relations: Sequence[Attribution], extra: dict[int, list[int]]
) -> tuple[set[int], set[int]]:
    """Indices of the sentences holding a named relation, and those holding a vague one.

    A relation covers its cue's sentence, the sentences of its content (a
    quotation the speaker follows may open in an earlier one) and those a
    colon introduced.
    """
    token_starts = view.starts
    # Every offset is looked up at once: the offsets, whether each is a named
    # relation's, then one search over the sentences.
    offsets: list[int] = []
    named: list[bool] = []
    for rel in relations:
        flag = rel.key is not None
        offsets.append(token_starts[rel.cue[0]])
        named.append(flag)
        more = extra.get(id(rel))
        if more:
            offsets.extend(more)
            named.extend([flag] * len(more))
        for a, b in rel.content:
            if b > a:
                offsets.append(token_starts[a])
                named.append(flag)
    if not offsets:
        return set(), set()
    at = np.array(offsets, dtype=np.int64)
    index = np.searchsorted(view.sentence_starts, at, "right") - 1
    inside = index >= 0
    inside[inside] &= at[inside] < view.sentence_ends[index[inside]]
    is_named = np.array(named, dtype=bool)
    named_at = set(index[inside & is_named].tolist())
    vague_at = set(index[inside & ~is_named].tolist())
    return named_at, vague_at


def _source_tally(
    relations: Sequence[Attribution], canon: dict[str, str]
) -> tuple[dict[str, int], dict[str, str], set[str]]:
    """Relations per named source, each source's longest name, and the kinds named."""
    counts: dict[str, int] = {}
    labels: dict[str, str] = {}
    kinds: set[str] = set()
    for rel in relations:
        if rel.key is None:
            continue
        key = canon[rel.key]
        counts[key] = counts.get(key, 0) + 1
        if rel.name and (key not in labels or len(rel.name) > len(labels[key])):
            labels[key] = rel.name
        kinds.add(rel.kind)
    return counts, labels, kinds


def _classify_sentences(
    doc: Analysis, finder: RuleFinder, named_at: set[int], vague_at: set[int]
) -> tuple[dict[str, int], list[Finding]]:
    """How many sentences fall in each class, and a finding per unattributed claim.

    Each test is first made for all sentences at once (which sentences hold a
    statement quotation, a number, a stance word...); the sentences left to
    look at one by one are those with a checkable assertion and no source.
    """
    v = finder.v
    sentences = doc.sentences
    count = len(sentences)
    headings = np.array([p.heading for p in doc.paragraphs] or [False], dtype=bool)
    paragraph = np.fromiter(map(_PARAGRAPH, sentences), np.int64, count)
    body = ~headings[paragraph] if count else np.zeros(0, dtype=bool)
    named = _mask(count, named_at)
    vague = _mask(count, vague_at) & ~named
    rest = body & ~named & ~vague
    # A quotation of four words or more is a statement; shorter ones are
    # titles or scare quotes, the author's own framing.
    statements = _statements(doc, v.token_starts)
    quoting = rest & _holding_offsets(v, statements)
    rest &= ~quoting
    # A name opening the sentence may be any capitalised word; one inside it is a name.
    checkable = (
        _holding_offsets(v, list(map(_START, doc.numbers)))
        | _holding_offsets(v, list(map(_START, doc.dates)))
        | _holding_offsets(v, list(map(_START, doc.names)), after_start=True)
    )
    claims = rest & checkable
    tally = {
        "named": int(np.count_nonzero(body & named)),
        "vague": int(np.count_nonzero(body & vague)),
        "unsourced_quote": int(np.count_nonzero(quoting)),
        "unattributed": 0,
        "commentary": int(np.count_nonzero(rest & ~checkable)),
    }
    findings: list[Finding] = []
    los, his = v.sentence_los, v.sentence_his
    for index in np.flatnonzero(claims).tolist():
        if _stance(v, finder.quoted, los[index], his[index]):
            tally["commentary"] += 1
            continue
        tally["unattributed"] += 1
        s = sentences[index]
        findings.append(
            Finding(
                kind="unattributed-claim",
                severity=Severity.MINOR,
                message=(
                    "A checkable claim (numbers, names or dates) with no source: "
                    "the reader cannot tell where it comes from."
                ),
                spans=(doc.span(s.start, s.end, "claim"),),
            )
        )
    return tally, findings


def _statements(doc: Analysis, token_starts: np.ndarray) -> list[int]:
    """Start offsets of the top-level quotations of four tokens or more, in order."""
    tops = [q for q in doc.quotations if q.depth == 0]
    if not tops:
        return []
    inner = np.array([(q.inner_start, q.inner_end) for q in tops], dtype=np.int64)
    lengths = np.searchsorted(token_starts, inner[:, 1], "left") - np.searchsorted(
        token_starts, inner[:, 0], "left"
    )
    return [q.start for q, long in zip(tops, (lengths >= 4).tolist(), strict=True) if long]


def _mask(count: int, indices: set[int]) -> np.ndarray:
    mask = np.zeros(count, dtype=bool)
    if indices:
        mask[list(indices)] = True
    return mask


def _holding_offsets(view: TokenView, offsets: list[int], after_start: bool = False) -> np.ndarray:
    """Which sentences hold one of the character `offsets` (sorted): start <= offset < end.

    With `after_start`, an offset at the sentence's very start does not count.
    """
    starts, ends = view.sentence_starts, view.sentence_ends
    held = np.zeros(len(starts), dtype=bool)
    if not offsets or not len(starts):
        return held
    at = np.array(offsets, dtype=np.int64)
    index = np.searchsorted(starts, at, "right") - 1
    inside = index >= 0
    index = np.where(inside, index, 0)
    inside &= at < ends[index]
    if after_start:
        inside &= at > starts[index]
    held[index[inside]] = True
    return held


def _relation_findings(doc: Analysis, relations: Sequence[Attribution]) -> list[Finding]:
    """A finding per relation, and one per vague source."""
    spans = _Spans(doc)
    findings = []
    for rel in relations:
        finding = _relation_finding(spans, rel)
        findings.append(finding)
        if rel.kind == "vague" and rel.source is not None:
            src = finding.spans[0]
            findings.append(
                Finding(
                    kind="vague-source",
                    severity=Severity.MINOR,
                    message=f"\u201c{src.text}\u201d names no one the reader could check.",
                    spans=(src,),
                )
            )
    return findings


def _single_source(
    doc: Analysis,
    relations: Sequence[Attribution],
    canon: dict[str, str],
    counts: dict[str, int],
    labels: dict[str, str],
) -> Finding | None:
    """The `single-source` finding when one source carries most named attributions."""
    if not counts:
        return None
    total = sum(counts.values())
    top = max(counts, key=lambda k: counts[k])
    if counts[top] < 2 or counts[top] / total <= SINGLE_SOURCE_SHARE:
        return None
    return Finding(
        kind="single-source",
        severity=Severity.MAJOR,
        message=(
            f"Most attributed claims ({counts[top]} of {total}) rest on one "
            f"source, {labels.get(top, top)}; nothing independent corroborates them."
        ),
        spans=tuple(
            _span_of(doc, r.source, "source")
            for r in relations
            if r.key is not None and canon[r.key] == top and r.source is not None
        ),
    )


def _span_of(doc: Analysis, rng: tuple[int, int], role: str) -> Span:
    tokens = doc.tokens
    return doc.span(tokens[rng[0]].start, tokens[rng[1] - 1].end, role)


class _Spans:
    """Spans over token ranges of one document, from the token offsets as lists."""

    __slots__ = ("doc", "ends", "starts", "text")

    def __init__(self, doc: Analysis) -> None:
        self.doc = doc
        self.text = doc.text
        self.starts = doc.folded.starts
        self.ends = doc.folded.ends

    def __call__(self, rng: tuple[int, int], role: str) -> Span:
        start, end = self.starts[rng[0]], self.ends[rng[1] - 1]
        if end < start:
            return self.doc.span(start, end, role)  # refused: an empty token range
        return Span(start=start, end=end, text=self.text[start:end], role=role)


def _relation_finding(span: _Spans, rel: Attribution) -> Finding:
    pieces = [(rel.cue, "cue")]
    if rel.source is not None:
        pieces.insert(0, (rel.source, "source"))
    pieces.extend([(c, "content") for c in rel.content if c[1] > c[0]])
    # `_Spans.__call__`, inlined: a long document has a few spans per relation.
    starts, ends, text = span.starts, span.ends, span.text
    spans = []
    for rng, role in pieces:
        start, end = starts[rng[0]], ends[rng[1] - 1]
        if end < start:
            spans.append(span(rng, role))  # refused: an empty token range
        else:
            spans.append(Span(start=start, end=end, text=text[start:end], role=role))
    cue = spans[1 if rel.source is not None else 0].text
    if rel.source is None:
        message = f"\u201c{cue}\u201d attributes the claim to no one in particular."
    elif rel.resolved:
        message = (
            f"Attributed to \u201c{spans[0].text}\u201d, that is {rel.name} "
            f"({rel.kind}), by \u201c{cue}\u201d."
        )
    elif rel.name:
        message = f"Attributed to {rel.name} ({rel.kind}) by \u201c{cue}\u201d."
    else:
        message = f"Attributed to \u201c{spans[0].text}\u201d ({rel.kind}) by \u201c{cue}\u201d."
    return Finding(kind="attribution", severity=Severity.INFO, message=message, spans=tuple(spans))


def _outcome(
    tally: dict[str, int],
    counts: dict[str, int],
    labels: dict[str, str],
    kinds: set[str],
    single: bool,
    findings: list[Finding],
    relations: list[Attribution],
) -> Outcome:
    """Metrics, score and confidence (formula in the module docstring)."""
    named, vague = tally["named"], tally["vague"]
    checkable = named + vague + tally["unsourced_quote"] + tally["unattributed"]
    source_kinds = kinds - {"vague", "self"}
    distinct = len(counts)
    metrics = {
        "attributions": float(len(relations)),
        "named_sentences": float(named),
        "vague_sentences": float(vague),
        "unsourced_quotes": float(tally["unsourced_quote"]),
        "unattributed_claims": float(tally["unattributed"]),
        "commentary_sentences": float(tally["commentary"]),
        "checkable_assertions": float(checkable),
        "distinct_sources": float(distinct),
        "source_kinds": float(len(source_kinds)),
        "named_share": named / checkable if checkable else 0.0,
    }
    listed = ", ".join(sorted(labels.values(), key=str.lower)) or "none"
    if checkable == 0:
        return Outcome(
            score=None,
            confidence=0.0,
            summary="No checkable assertions to judge.",
            metrics=metrics,
            findings=tuple(findings),
        )
    # Kinds weigh more than counts: ten officials of one government corroborate
    # less than an official, an agency, an outlet and a document.
    diversity = (
        0.3 * (1.0 - math.exp(-distinct / SOURCE_SCALE))
        + 0.7 * min(len(source_kinds), KIND_TARGET) / KIND_TARGET
    )
    if single:
        diversity *= 0.5
    raw = NAMED_WEIGHT * named / checkable + DIVERSITY_WEIGHT * diversity
    raw -= VAGUE_PENALTY * vague / checkable
    score = min(1.0, max(0.0, raw))
    summary = (
        f"{named} of {checkable} checkable assertions attributed to named sources, "
        f"{vague} to vague ones, {tally['unattributed']} unattributed; "
        f"{distinct} distinct sources ({listed})."
    )
    return Outcome(
        score=score,
        confidence=checkable / (checkable + CONFIDENCE_HALF),
        summary=summary,
        metrics=metrics,
        findings=tuple(findings),
    )


@hookimpl
def register_heuristics(register: Callable[[Heuristic], None]) -> None:
    """Register the attribution heuristic with the engine."""
    register(AttributionHeuristic())


__all__ = ["Attribution", "AttributionHeuristic", "find_attributions", "merge_keys"]
