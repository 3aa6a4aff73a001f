"""Hedging: is the writer's certainty calibrated to the evidence they give?

The heuristic finds three kinds of cue over the shared tokens, from the lexicon in
`data/hedging.tsv`:

- hedges ("may", "reportedly", "it is believed") mark a claim as uncertain;
- weasels ("some say", "experts say") credit a claim to vague, unnamed people;
- boosters ("obviously", "there is no doubt") present a claim as beyond doubt.

It judges calibration, not counts. A hedge is honest when it sits inside a
quotation, in an attributed sentence (one holding a reporting verb from
`data/hedging_reporting.tsv`: "said", "according to", ...), when the cue itself
credits others ("allegedly"), when it admits an open question ("unclear"), or
when the sentence states a reason or condition ("because", "if"). A hedge in
the writer's own unattributed voice is speculation. A booster on an
unattributed claim is unearned certainty. A weasel outside quotations and
attributed sentences is a vague source. Vague cues ("many", "generally",
"famous": an unstated scale) are reported as info `hedge` findings and never
cost score. A subject that is most likely the outlet itself ("The TV channel
suggested", with no channel mentioned before) attributes nothing. When the
`attribution` heuristic ran (`requires`), a cue inside one of its sourced
relations, or a hedge in a sentence with one of its cues, is attributed too;
without its result the reporting-verb test decides alone.

Findings: `hedge` (info) for every hedge cue; `speculation` (minor) and
`unearned-certainty` (major), one per sentence, with the cues (role `cue`) and
the sentence (role `claim`); `weasel` (minor) for each weasel cue, with the cue
and its sentence.

Score, over the assertions A (sentences outside headings), with S speculative
sentences, W weasels and U sentences of unearned certainty:

    score = exp(-3 * (S + W + 3 * U) / A)

so a fully calibrated text scores 1.0; in a 40-sentence article one unearned
certainty gives 0.80 and four speculative sentences 0.74. Honest hedges cost
nothing. `confidence = A / (A + 10)`: a few sentences are thin evidence. With
no assertions the score is None.
"""

from __future__ import annotations

import bisect
import math
import operator
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate, compress
from pathlib import Path
from typing import NamedTuple

from reliability import (
    Analysis,
    Context,
    Finding,
    Heuristic,
    Outcome,
    Severity,
    Span,
    hookimpl,
)
from reliability.analysis import Sentence, Token
from reliability.analysis.patterns import expand_pattern
from reliability_heuristics.tables import read_table, wordset

# Beside this module rather than through importlib.resources: an editable
# install made before the package had an __init__.py sees it as a namespace
# package, which importlib.resources cannot read from.
DATA_DIR = Path(__file__).resolve().parent / "data"

# Token start offsets for bisect, read in C rather than by a Python function.
_START = operator.attrgetter("start")
_END = operator.attrgetter("end")

CUE_TYPES = frozenset({"hedge", "weasel", "booster", "vague"})
VOICES = frozenset({"author", "reported", "open"})
REPORT_CLASSES = frozenset({"speech", "attitude", "inference", "state", "phrase"})

# Weight of one sentence of unearned certainty against one speculative
# sentence or weasel: asserting what one cannot know misleads more than
# guessing openly.
UNEARNED_WEIGHT = 3.0
# Steepness of the score's fall with the penalty rate per assertion.
SCORE_DECAY = 3.0
# Assertions at which confidence reaches one half.
CONFIDENCE_HALF = 10.0


@dataclass(frozen=True, slots=True)
class Cue:
    """One lexicon entry after expansion: its type and voice."""

    type: str
    voice: str


# A phrase table maps an anchor word to the phrases that contain it, grouped by
# the anchor's offset and the phrase's length, so that checking an occurrence
# costs one dict lookup per group however many phrases share the anchor
# ("experts" anchors hundreds). The anchor is a phrase's least common word
# ("doubt" in "there is no doubt"), so frequent words such as "the" or "it"
# never send a sentence to the phrase check.
PhraseGroup = tuple[int, int, dict[tuple[str, ...], str]]
PhraseTable = dict[str, tuple[PhraseGroup, ...]]

# Words too frequent in news to anchor a phrase; a phrase made only of them is
# anchored on its longest word.
COMMON_WORDS = frozenset(
    {
        *("the", "a", "an", "it", "it's", "is", "was", "are", "were", "be", "been", "being"),
        *("has", "have", "had", "of", "in", "to", "on", "by", "for", "at", "there", "there's"),
        *("no", "not", "some", "many", "most", "others", "other", "we", "i", "one", "can"),
        *("people", "who", "those", "that", "this", "all", "any"),
    }
)


def _build(entries: Iterable[tuple[str, str]], filename: str) -> PhraseTable:
    """A phrase table from (pattern, payload) pairs; a phrase listed twice is a data error."""
    seen: dict[tuple[str, ...], str] = {}
    for pattern, payload in entries:
        for phrase in expand_pattern(pattern):
            if phrase in seen:
                raise ValueError(f"{filename}: {' '.join(phrase)!r} is listed twice")
            seen[phrase] = payload
    grouped: dict[str, dict[tuple[int, int], dict[tuple[str, ...], str]]] = {}
    for phrase, payload in seen.items():
        offset = next(
            (k for k, word in enumerate(phrase) if word not in COMMON_WORDS),
            max(range(len(phrase)), key=lambda k: len(phrase[k])),
        )
        shapes = grouped.setdefault(phrase[offset], {})
        shapes.setdefault((offset, len(phrase)), {})[phrase] = payload
    return {
        anchor: tuple((offset, length, phrases) for (offset, length), phrases in shapes.items())
        for anchor, shapes in grouped.items()
    }


def _load_cues() -> tuple[PhraseTable, dict[str, Cue]]:
    rows = read_table(DATA_DIR / "hedging.tsv", 4)
    cues: dict[str, Cue] = {}
    for pattern, cue_type, voice, _notes in rows:
        if cue_type not in CUE_TYPES or voice not in VOICES:
            raise ValueError(f"hedging.tsv: bad type or voice for {pattern!r}")
        if cue_type == "vague" and voice != "author":
            # Vagueness is always the writer's wording; another voice would mean nothing.
            raise ValueError(f"hedging.tsv: vague cue {pattern!r} must have voice 'author'")
        cues[pattern] = Cue(cue_type, voice)
    return _build(((p, p) for p in cues), "hedging.tsv"), cues


def _load_reporting() -> PhraseTable:
    rows = read_table(DATA_DIR / "hedging_reporting.tsv", 3)
    for pattern, report_class, _notes in rows:
        if report_class not in REPORT_CLASSES:
            raise ValueError(f"hedging_reporting.tsv: bad class for {pattern!r}")
    return _build(((p, c) for p, c, _ in rows), "hedging_reporting.tsv")


CUE_TABLE, CUES = _load_cues()
REPORT_TABLE = _load_reporting()

# --- Disambiguation word lists. They encode grammar, not lexicon, so they live here.


# "Visitors may not enter": a modal after these subjects grants or withholds
# permission rather than hedging.
PERMISSION_SUBJECTS = wordset(
    "you anyone everyone applicants visitors residents passengers students users customers "
    "members employees staff participants candidates readers travellers travelers drivers "
    "guests tourists foreigners patients children minors spectators fans pupils tenants "
    "owners holders subscribers entrants contestants"
)
# "military might", "the might of": the noun.
MIGHT_NOUN_BEFORE = wordset(
    "the a its his her their our my your military economic naval nuclear industrial "
    "financial full all sheer combined considerable"
)
MIGHT_NOUN_AFTER = frozenset({"of", "and"})
# "as fast as they could", "be that as it may": a comparison, not a hedge.
COMPARATIVE_SUBJECTS = wordset("it they he she we you i one")
NEGATIONS = frozenset({"not", "n't", "never", "hardly"})
# "as soon as possible", "made possible", "the best possible": not epistemic.
POSSIBLE_NOT_BEFORE = wordset("as made make makes making best worst every all whenever wherever")
# "likely voters" is a polling population, not a probability.
LIKELY_POLL_NOUNS = frozenset({"voters", "voter", "electorate", "caucusgoers", "caucus-goers"})
# "spoke clearly", "clearly visible": manner or perceptibility, not certainty.
MANNER_VERBS = wordset(
    "spoke speak speaks speaking spoken see saw seen sees seeing hear heard hears think "
    "explain explained explains write wrote written writes read reads communicate "
    "communicated articulate articulated pronounce pronounced express expressed dressed "
    "label labelled labeled mark marked visible define defined set lay laid spell spelled "
    "spelt show showed shown"
)
PERCEPTIBLE = wordset(
    "visible audible legible marked labelled labeled defined displayed signposted "
    "identifiable identified outlined delineated worded written audibly"
)
# A group noun right after these refers to people already named: "the analysts".
DEFINITE = wordset("the these those both his her their its our my your")
# "experts including ...", "experts interviewed by ...": the group is specified.
SPECIFYING_NEXT = wordset(
    "including such like interviewed contacted consulted quoted surveyed polled cited named"
)
# "experts at Harvard", "is considered by Moscow": a named group or agent.
SPECIFYING_PREPOSITIONS = frozenset({"at", "from", "with", "by"})
# A capitalised word before a group noun specifies it ("UN experts", "Pentagon
# officials") unless it is a nationality or region ("Western analysts"),
# which these endings catch well enough for news.
VAGUE_CAPITAL_ENDINGS = ("an", "ese", "ish", "ern", "i", "ic")
# Words skipped when looking back from a reporting verb to its subject.
AUX_SKIP = wordset(
    "have has had also now still already long often never repeatedly previously later "
    "will would did does do not n't could may might should must can just recently "
    "reportedly again further"
)
FIRST_PERSON = frozenset({"i", "we"})
PASSIVE = frozenset({"is", "are", "was", "were", "be", "been", "being", "it's"})
NOUN_DETERMINERS = wordset(
    "the a an this that these those his her its their our my your no any every such"
)
INFERENCE_SUBJECTS = frozenset({"it", "which", "what", "this", "that"})
# A stated reason or condition turns a hedge into a reasoned estimate.
REASON_WORDS = frozenset({"because", "if", "unless", "pending"})
REASON_PHRASES = frozenset(
    {
        ("given", "that"),
        ("based", "on"),
        ("judging", "by"),
        ("judging", "from"),
        ("in", "light"),
        ("provided", "that"),
    }
)
# Every word with which a reason or condition can begin (see `_has_reason`).
REASON_OPENERS = REASON_WORDS | {first for first, _ in REASON_PHRASES} | {"since", "as"}
# "since it has not been confirmed" is a reason; "since 2019" is a time.
SINCE_CAUSAL_NEXT = wordset("it there they he she we no nobody neither none this these")
UNCONFIRMED_WORDS = wordset(
    "confirmed verified known clear established disclosed released public proven"
)


# Nouns by which an outlet refers to itself ("the channel reported").
MEDIA_NOUNS = wordset(
    "channel broadcaster network newspaper paper publication outlet website site magazine "
    "agency station portal"
)
SELF_DETERMINERS = frozenset({"the", "our", "this"})


def _matches(
    table: PhraseTable, words: Sequence[str], anchors: Iterable[int] | None = None
) -> list[tuple[int, int, str]]:
    """Every occurrence of a phrase of `table` in `words`, as (start, end, payload).

    `anchors`, when given, are the only indices holding an anchor word of
    `table`. Sorted leftmost first and, at one start, longest first, which is
    the order in which a caller picks non-overlapping matches.
    """
    found = []
    n = len(words)
    for k in range(n) if anchors is None else anchors:
        groups = table.get(words[k])
        if groups is None:
            continue
        for offset, length, phrases in groups:
            start = k - offset
            end = start + length
            if start >= 0 and end <= n:
                payload = phrases.get(tuple(words[start:end]))
                if payload is not None:
                    found.append((start, end, payload))
    if len(found) > 1:
        found.sort(key=lambda m: (m[0], m[0] - m[1]))
    return found


@dataclass(slots=True)
class _Hit:
    """A cue occurrence in a sentence: token range [i, j) and its lexicon entry."""

    i: int
    j: int
    cue: Cue
    quoted: bool = False
    attributed: bool = False
    reasoned: bool = False


@dataclass(slots=True)
class _Tally:
    """Counts gathered over one document."""

    assertions: int = 0
    hedges: int = 0
    attributed_hedges: int = 0
    boosters: int = 0
    weasel_cues: int = 0
    weasels: int = 0  # weasel cues neither quoted nor attributed
    vague: int = 0  # imprecise quantities, generalisations, unsourced prominence
    speculation: int = 0  # sentences
    unearned: int = 0  # sentences


class _SentenceView:
    """One sentence's tokens with the lookups the disambiguation rules need."""

    __slots__ = ("first_word", "folded", "heading", "n", "start", "tokens", "words")

    def __init__(
        self, tokens: Sequence[Token], words: list[str], heading: bool, folded: str, start: int
    ) -> None:
        self.tokens = tokens
        self.words = words
        self.n = len(tokens)
        self.heading = heading
        self.folded = folded  # the whole document, folded as `words` are
        self.start = start  # the sentence's offset in the document
        self.first_word = 0
        for k, token in enumerate(tokens):
            if token.kind != "punct":
                self.first_word = k
                break

    def word(self, k: int) -> str:
        """The normalised word at `k`, or "" outside the sentence."""
        return self.words[k] if 0 <= k < self.n else ""

    def is_punct(self, k: int) -> bool:
        return not 0 <= k < self.n or self.tokens[k].kind == "punct"

    def capitalised_inside(self, k: int) -> bool:
        """True for a capitalised token that does not open the sentence (a proper noun)."""
        return k > self.first_word and self.tokens[k].text[:1].isupper()

    def back(self, k: int) -> int:
        """Index of the word before `k`, skipping auxiliaries and -ly adverbs."""
        k -= 1
        while k >= 0 and (self.words[k] in AUX_SKIP or self._adverb(k)):
            k -= 1
        return k

    def _adverb(self, k: int) -> bool:
        # "widely", "publicly"; but "the family", "Italy" are nouns.
        word = self.words[k]
        return (
            len(word) > 4
            and word.endswith("ly")
            and not self.tokens[k].text[:1].isupper()
            and self.word(k - 1) not in NOUN_DETERMINERS
        )


def _reporting_spans(view: _SentenceView) -> list[tuple[int, int, int]]:
    """Attributing verbs and phrases in a sentence: token range [a, b) and subject index."""
    spans = []
    resume = 0
    words = view.words
    anchors = compress(range(view.n), map(REPORT_TABLE.__contains__, words))
    for start, end, report_class in _matches(REPORT_TABLE, words, anchors):
        if start < resume:
            continue
        if report_class == "phrase" or _is_attributing_verb(view, start, report_class):
            subject = view.back(start)
            if report_class != "phrase" and _self_reference(view, subject):
                continue
            spans.append((start, end, subject))
            resume = end
    return spans


def _self_reference(view: _SentenceView, k: int) -> bool:
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


class _Relation(NamedTuple):
    """An attribution relation from the `attribution` heuristic, as character offsets."""

    source: tuple[int, int]
    cue: tuple[int, int]
    content: tuple[tuple[int, int], ...]


def _relations_by_sentence(doc: Analysis, context: Context) -> dict[int, list[_Relation]]:
    """The `attribution` result's sourced relations, by the sentences their cue and content touch.

    Empty when that heuristic is absent or did not finish: the reporting-verb
    test then decides alone. Relations with no source ("it was reported")
    credit no one and are left out.
    """
    result = context.results.get("attribution")
    if result is None or getattr(result, "status", None) != "ok":
        return {}
    sentences = doc.sentences
    sentence_starts = list(map(_START, sentences))
    grouped: dict[int, list[_Relation]] = {}
    for finding in result.findings:
        if finding.kind != "attribution":
            continue
        source = cue = None
        content: list[tuple[int, int]] = []
        for span in finding.spans:
            role = span.role
            if role == "content":
                content.append((span.start, span.end))
            elif role == "source":
                if source is None:
                    source = (span.start, span.end)
            elif role == "cue" and cue is None:
                cue = (span.start, span.end)
        if source is None or cue is None:
            continue
        relation = _Relation(source, cue, tuple(content))
        touched = set()
        for offset in (cue[0], *[start for start, _ in content]):
            # The sentence holding the offset, if any (as `doc.sentence_index_at`).
            index = bisect.bisect_right(sentence_starts, offset) - 1
            if index >= 0 and offset < sentences[index].end and index not in touched:
                touched.add(index)
                grouped.setdefault(index, []).append(relation)
    return grouped


def _related(
    view: _SentenceView,
    hit: _Hit,
    relations: Sequence[_Relation],
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


def _attributed(hit: _Hit, reports: Sequence[tuple[int, int, int]]) -> bool:
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


def _is_attributing_verb(view: _SentenceView, i: int, report_class: str) -> bool:
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


def _keep_cue(doc: Analysis, view: _SentenceView, i: int, j: int, pattern: str) -> bool:
    """Apply the disambiguation rules; False when the matched words are not a cue here.

    `pattern` is the lexicon entry as written ("may", "it is/was believed").
    """
    cue = CUES[pattern]
    w = view.word
    if cue.type == "booster":
        if w(i - 1) in NEGATIONS:
            return False  # "not clearly", "not certainly": no longer a booster
        if pattern in ("clearly", "plainly"):
            # "spoke clearly.", "clearly visible"; but "Clearly, ..." opens a claim.
            return not (
                w(i - 1) in MANNER_VERBS
                or w(i + 1) in PERCEPTIBLE
                or (view.is_punct(i + 1) and i > view.first_word)
            )
        return True
    if cue.type == "weasel":
        return _weasel_is_vague(view, i, j)
    if cue.type == "vague":
        return _vague_is_vague(view, i, j)
    if pattern in ("may", "might", "could") and _comparative_modal(view, i):
        return False
    if pattern == "may":
        return _may_is_hedge(doc, view, i)
    if pattern in ("could", "might") and any(
        w(k) == "so" or (w(k), w(k + 1)) == ("in", "order") for k in range(i - 4, i)
    ):
        return False  # "so Mr. Clarke could start the work": purpose, not possibility
    if pattern == "might":
        return not (
            w(i - 1) in MIGHT_NOUN_BEFORE or w(i + 1) in MIGHT_NOUN_AFTER or view.is_punct(i + 1)
        )
    if pattern == "could":
        # "could not confirm", "could not be reached": an inability, usually a
        # party's, and negated possibility is certainty, not a hedge.
        return w(i + 1) not in NEGATIONS
    if w(j - 1) == "believe" and w(j) == "in":
        return False  # "I believe in the good sense of the people": a creed
    if pattern == "possible":
        before = w(i - 1)
        return not (before in POSSIBLE_NOT_BEFORE or before.endswith("est"))
    if pattern == "likely":
        return w(i + 1) not in LIKELY_POLL_NOUNS and w(i + 2) not in LIKELY_POLL_NOUNS
    return True


def _comparative_modal(view: _SentenceView, i: int) -> bool:
    """Whether the modal sits in a comparison ("as high as it could go"), not a hedge."""
    before = view.word(i - 1)
    if before == "as":
        return True
    return before in COMPARATIVE_SUBJECTS and view.word(i - 2) == "as"


def _may_is_hedge(doc: Analysis, view: _SentenceView, i: int) -> bool:
    token = view.tokens[i]
    if token.text[:1].isupper():
        # Mid-sentence "May" is the month or a surname ("Theresa May"); in a
        # title-case heading it can be the modal, unless a date claims it.
        if view.capitalised_inside(i) and not view.heading:
            return False
        if any(d.start <= token.start < d.end for d in doc.dates):
            return False
        # "May 5", "May 2020", "5 May": the month, even where the date finder
        # leaves a sentence-initial "May" alone.
        if _is_number(view, i + 1) or _is_number(view, i - 1):
            return False
    before = view.word(i - 1)
    if before in PERMISSION_SUBJECTS:
        return False
    # "come what may": a fixed concessive phrase ("be that as it may" is a
    # comparative form, caught before this).
    return not (before == "what" and view.word(i - 2) == "come")


def _is_number(view: _SentenceView, k: int) -> bool:
    return 0 <= k < view.n and view.tokens[k].kind == "number"


def _weasel_is_vague(view: _SentenceView, i: int, j: int) -> bool:
    """False when the group a weasel phrase names is in fact specified."""
    w = view.word
    before_k = i - 1
    if w(before_k) == ")":  # "United Nations (UN) experts"
        before_k -= 1
        while before_k >= 0 and w(before_k) != "(":
            before_k -= 1
        before_k -= 1
    before = w(before_k)
    if before in DEFINITE:
        return False  # "the analysts" refers back to people already named
    if before_k >= 0:
        token = view.tokens[before_k].text
        if len(token) > 1 and token.isupper():
            return False  # "UN experts", "EU officials", even opening a sentence
        if view.capitalised_inside(before_k) and not token.lower().endswith(VAGUE_CAPITAL_ENDINGS):
            return False  # "Pentagon officials"; but not "Western analysts"
    after = w(j)
    if after == ",":
        after = w(j + 1)
    if after in SPECIFYING_NEXT:
        return False
    if after in SPECIFYING_PREPOSITIONS:
        k = j + 1 if w(j + 1) != "the" else j + 2
        if 0 <= k < view.n and view.tokens[k].text[:1].isupper():
            return False  # "experts at Harvard"
    # "according to some 30 witnesses": an approximate number, not vague people.
    return not (_is_number(view, j) and w(j - 1) in ("some", "many"))


def _vague_is_vague(view: _SentenceView, i: int, j: int) -> bool:
    """False when a vague quantifier is in fact a question or an approximate count."""
    w = view.word
    if w(i) == "widely" and w(i - 1) in ("most", "more"):
        return False  # "the most widely seen video": a comparison of reach, not a generalisation
    if w(i) in ("many", "some"):
        if w(i - 1) == "how":
            return False  # "how many": a question, not a claim about scale
        if _is_number(view, j):
            return False  # "some 30 witnesses": an approximate count, not vagueness
    return True


def _has_reason(view: _SentenceView) -> bool:
    """Whether the sentence states a reason or a condition for its uncertainty."""
    words = view.words
    if REASON_OPENERS.isdisjoint(words):
        return False  # no word that could start a reason: most sentences
    for k, word in enumerate(words):
        if word in REASON_WORDS:
            return True
        if (word, view.word(k + 1)) in REASON_PHRASES:
            return True
        if word == "since" and view.word(k + 1) in SINCE_CAUSAL_NEXT:
            return True
        # "as it has not been confirmed", "as the cause is not yet known"
        if word == "as" and any(
            words[m] in UNCONFIRMED_WORDS and words[m - 1] in ("not", "n't", "yet", "been")
            for m in range(k + 2, min(k + 9, view.n))
        ):
            return True
    return False


class Hedging(Heuristic):
    """Judges whether the writer's certainty and uncertainty are earned and attributed."""

    name = "hedging"
    version = "1.1.0"
    description = (
        "Whether the writer's certainty is calibrated: hedges attributed or explained, "
        "no vague sources, no unsupported certainty."
    )
    default_weight = 1.0
    # Read when present; without it (disabled, failed) the own reporting-verb test decides alone.
    requires = ("attribution",)

    def evaluate(self, doc: Analysis, context: Context) -> Outcome:
        """Find hedge, weasel and booster cues and judge whether each is earned."""
        paragraphs = doc.paragraphs
        sentences = doc.sentences
        all_tokens = doc.tokens
        starts, _, all_words, folded = doc.folded
        findings: list[Finding] = []
        tally = _Tally(assertions=sum(1 for s in sentences if not paragraphs[s.paragraph].heading))

        by_sentence = _relations_by_sentence(doc, context)
        # Only sentences holding a cue's anchor word need a closer look; in
        # news that is a minority of them.
        sentence_starts = list(map(_START, sentences))
        anchors: dict[int, list[int]] = {}
        for k in compress(range(len(all_words)), map(CUE_TABLE.__contains__, all_words)):
            offset = starts[k]
            index = bisect.bisect_right(sentence_starts, offset) - 1
            if index >= 0 and offset < sentences[index].end:
                anchors.setdefault(index, []).append(k)
        # Whether an offset lies inside a quotation: quotations come in order of
        # their opening mark; `quote_reach` is the furthest end of those so far.
        quote_starts = list(map(_START, doc.quotations))
        quote_reach = list(accumulate(map(_END, doc.quotations), max))
        for index, positions in anchors.items():
            sentence = sentences[index]
            heading = paragraphs[sentence.paragraph].heading
            lo = bisect.bisect_left(starts, sentence.start)
            hi = bisect.bisect_left(starts, sentence.end, lo)
            view = _SentenceView(
                all_tokens[lo:hi], all_words[lo:hi], heading, folded, sentence.start
            )
            hits = self._cues(doc, view, [k - lo for k in positions])
            if not hits:
                continue
            reports = _reporting_spans(view)
            relations = by_sentence.get(index, ())
            reasoned = _has_reason(view)
            spec_hits: list[_Hit] = []
            boost_hits: list[_Hit] = []
            for hit in hits:
                offset = view.tokens[hit.i].start
                q = bisect.bisect_right(quote_starts, offset)
                hit.quoted = q > 0 and quote_reach[q - 1] > offset
                hit.attributed = _attributed(hit, reports) or _related(
                    view, hit, relations, starts, lo
                )
                if hit.cue.type == "hedge":
                    tally.hedges += 1
                    hit.reasoned = reasoned
                    if hit.quoted or hit.attributed or hit.cue.voice == "reported":
                        tally.attributed_hedges += 1
                    elif hit.cue.voice == "author" and not reasoned:
                        spec_hits.append(hit)
                    findings.append(self._hedge_finding(doc, view, hit))
                elif hit.cue.type == "vague":
                    # Reported, never scored: imprecision is not miscalibration.
                    tally.vague += 1
                    findings.append(self._vague_finding(doc, view, hit))
                elif hit.cue.type == "booster":
                    tally.boosters += 1
                    if not (hit.quoted or hit.attributed):
                        boost_hits.append(hit)
                else:
                    tally.weasel_cues += 1
                    if not (hit.quoted or hit.attributed):
                        tally.weasels += 1
                        findings.append(self._weasel_finding(doc, view, sentence, hit))
            if spec_hits:
                tally.speculation += 1
                findings.append(self._speculation_finding(doc, view, sentence, spec_hits))
            if boost_hits:
                tally.unearned += 1
                findings.append(self._unearned_finding(doc, view, sentence, boost_hits))

        return self._outcome(doc, findings, tally)

    @staticmethod
    def _cues(doc: Analysis, view: _SentenceView, anchors: list[int]) -> list[_Hit]:
        """The cue occurrences in one sentence: leftmost, then longest, not overlapping."""
        hits: list[_Hit] = []
        resume = 0
        for start, end, pattern in _matches(CUE_TABLE, view.words, anchors):
            if start < resume:
                continue  # inside a cue already taken
            # A rejected reading ("UN experts say") leaves the shorter or later
            # readings in the list to be tried next.
            if _keep_cue(doc, view, start, end, pattern):
                hits.append(_Hit(start, end, CUES[pattern]))
                resume = end
        return hits

    @staticmethod
    def _cue_span(doc: Analysis, view: _SentenceView, hit: _Hit) -> Span:
        return doc.span(view.tokens[hit.i].start, view.tokens[hit.j - 1].end, "cue")

    def _hedge_finding(self, doc: Analysis, view: _SentenceView, hit: _Hit) -> Finding:
        span = self._cue_span(doc, view, hit)
        cue = f"\u201c{span.text}\u201d"
        if hit.quoted:
            message = f"Hedge {cue} is inside a quotation: the speaker's uncertainty, reported."
        elif hit.cue.voice == "reported":
            message = f"Hedge {cue} credits the claim to others rather than asserting it."
        elif hit.attributed:
            message = f"Hedge {cue} is in an attributed statement: a source's uncertainty."
        elif hit.cue.voice == "open":
            message = f"Hedge {cue} says openly that something is unknown or unconfirmed."
        elif hit.reasoned:
            message = f"Hedge {cue} comes with a stated reason or condition."
        else:
            message = f"Hedge {cue} is the writer's own guess, with no source or reason given."
        return Finding(kind="hedge", severity=Severity.INFO, message=message, spans=(span,))

    def _vague_finding(self, doc: Analysis, view: _SentenceView, hit: _Hit) -> Finding:
        span = self._cue_span(doc, view, hit)
        return Finding(
            kind="hedge",
            severity=Severity.INFO,
            message=(
                f"\u201c{span.text}\u201d leaves the scale unstated (how many, how often or "
                "in whose judgement); it is vague, not a sign of miscalibration."
            ),
            spans=(span,),
        )

    def _speculation_finding(
        self, doc: Analysis, view: _SentenceView, sentence: Sentence, hits: list[_Hit]
    ) -> Finding:
        cues = [self._cue_span(doc, view, h) for h in hits]
        listed = ", ".join(f"\u201c{c.text}\u201d" for c in cues)
        return Finding(
            kind="speculation",
            severity=Severity.MINOR,
            message=(
                f"The writer speculates ({listed}) without saying who thinks so or why; "
                "readers cannot tell how well founded the guess is."
            ),
            spans=(*cues, doc.span(sentence.start, sentence.end, "claim")),
        )

    def _unearned_finding(
        self, doc: Analysis, view: _SentenceView, sentence: Sentence, hits: list[_Hit]
    ) -> Finding:
        cues = [self._cue_span(doc, view, h) for h in hits]
        listed = ", ".join(f"\u201c{c.text}\u201d" for c in cues)
        return Finding(
            kind="unearned-certainty",
            severity=Severity.MAJOR,
            message=(
                f"The writer presents this claim as beyond doubt ({listed}) but gives no "
                "source or evidence for it in the sentence."
            ),
            spans=(*cues, doc.span(sentence.start, sentence.end, "claim")),
        )

    def _weasel_finding(
        self, doc: Analysis, view: _SentenceView, sentence: Sentence, hit: _Hit
    ) -> Finding:
        cue = self._cue_span(doc, view, hit)
        return Finding(
            kind="weasel",
            severity=Severity.MINOR,
            message=(
                f"\u201c{cue.text}\u201d credits the claim to unnamed people; "
                "the reader cannot check who they are."
            ),
            spans=(cue, doc.span(sentence.start, sentence.end, "claim")),
        )

    @staticmethod
    def _outcome(doc: Analysis, findings: list[Finding], tally: _Tally) -> Outcome:
        """Metrics, score and confidence from the tally (formula in the module docstring)."""
        assertions, hedges, weasels = tally.assertions, tally.hedges, tally.weasels
        speculation, unearned = tally.speculation, tally.unearned
        words = doc.word_count
        per_k = 1000.0 / words if words else 0.0
        metrics = {
            "hedges_per_1000_words": hedges * per_k,
            "boosters_per_1000_words": tally.boosters * per_k,
            "weasels_per_1000_words": tally.weasel_cues * per_k,
            "vague_per_1000_words": tally.vague * per_k,
            "hedges_per_assertion": hedges / assertions if assertions else 0.0,
            "speculation": float(speculation),
            "unearned_certainty": float(unearned),
            "attributed_hedges": float(tally.attributed_hedges),
            "vague_sources": float(weasels),
            "assertions": float(assertions),
        }
        if assertions == 0:
            return Outcome(
                score=None,
                confidence=0.0,
                summary="No assertions to judge (only headings).",
                metrics=metrics,
                findings=tuple(findings),
            )
        penalty = (speculation + weasels + UNEARNED_WEIGHT * unearned) / assertions
        score = math.exp(-SCORE_DECAY * penalty)
        confidence = assertions / (assertions + CONFIDENCE_HALF)
        if not (speculation or weasels or unearned):
            verdict = "certainty is calibrated"
        else:
            verdict = (
                f"{_plural(unearned, 'sentence')} of unearned certainty, "
                f"{_plural(speculation, 'speculative sentence')}, "
                f"{_plural(weasels, 'vague source')}"
            )
        summary = (
            f"{_plural(hedges, 'hedge')} ({tally.attributed_hedges} attributed), "
            f"{_plural(tally.boosters, 'booster')} "
            f"in {_plural(assertions, 'assertion')}: {verdict}."
        )
        return Outcome(
            score=score,
            confidence=confidence,
            summary=summary,
            metrics=metrics,
            findings=tuple(findings),
        )


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


@hookimpl
def register_heuristics(register: Callable[[Heuristic], None]) -> None:
    """Register the hedging heuristic with the engine."""
    register(Hedging())
