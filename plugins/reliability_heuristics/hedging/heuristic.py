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
`attribution` heuristic ran (`requires`), its published relations
(`attribution.product.Relations`) credit a cue inside their content, or a
hedge in a sentence with one of their cues; without them (attribution
disabled, excluded, failed or overran) the reporting-verb test decides alone.

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
import operator
from collections.abc import Callable
from itertools import accumulate, compress

from reliability import Analysis, Context, Finding, Heuristic, Outcome, hookimpl
from reliability_heuristics.attribution.product import Relations

from .attributed import attributed, related, relations_by_sentence, reporting_spans
from .findings import (
    Tally,
    hedge_finding,
    outcome,
    speculation_finding,
    unearned_finding,
    vague_finding,
    weasel_finding,
)
from .lexicon import CUE_TABLE, CUES, matches
from .rules import has_reason, keep_cue
from .sentence import Hit, SentenceView

# Token start offsets for bisect, read in C rather than by a Python function.
_START = operator.attrgetter("start")
_END = operator.attrgetter("end")


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
        tally = Tally(assertions=sum(1 for s in sentences if not paragraphs[s.paragraph].heading))

        by_sentence = relations_by_sentence(doc, context.product("attribution", Relations))
        # Only sentences holding a cue's anchor word need a closer look; in
        # news that is a minority of them.
        sentence_starts = list(map(_START, sentences))
        anchors: dict[int, list[int]] = {}
        for k in compress(range(len(all_words)), map(CUE_TABLE.groups.__contains__, all_words)):
            offset = starts[k]
            index = bisect.bisect_right(sentence_starts, offset) - 1
            if index >= 0 and offset < sentences[index].end:
                anchors.setdefault(index, []).append(k)
        # Whether an offset lies inside a quotation: quotations come in order of
        # their opening mark; `quote_reach` is the furthest end of those so far.
        quote_starts = list(map(_START, doc.quotations))
        quote_reach = list(accumulate(map(_END, doc.quotations), max))
        # The sentences come in order: each one's tokens are looked for between the end
        # of the previous one and the next one's first anchor, not in the whole text.
        ordered = list(anchors.items())
        firsts = [positions[0] for _, positions in ordered]
        ceilings = [*firsts[1:], len(starts)][: len(ordered)]
        hi = 0
        for (index, positions), ceiling in zip(ordered, ceilings, strict=True):
            sentence = sentences[index]
            heading = paragraphs[sentence.paragraph].heading
            lo = bisect.bisect_left(starts, sentence.start, hi, positions[0])
            hi = bisect.bisect_left(starts, sentence.end, positions[-1] + 1, ceiling)
            view = SentenceView(
                all_tokens[lo:hi], all_words[lo:hi], heading, folded, sentence.start
            )
            hits = self._cues(doc, view, [k - lo for k in positions])
            if not hits:
                continue
            reports = reporting_spans(view)
            relations = by_sentence.get(index, ())
            reasoned = has_reason(view)
            spec_hits: list[Hit] = []
            boost_hits: list[Hit] = []
            for hit in hits:
                offset = view.tokens[hit.i].start
                q = bisect.bisect_right(quote_starts, offset)
                hit.quoted = q > 0 and quote_reach[q - 1] > offset
                hit.attributed = attributed(hit, reports) or related(
                    view, hit, relations, starts, lo
                )
                if hit.cue.type == "hedge":
                    tally.hedges += 1
                    hit.reasoned = reasoned
                    if hit.quoted or hit.attributed or hit.cue.voice == "reported":
                        tally.attributed_hedges += 1
                    elif hit.cue.voice == "author" and not reasoned:
                        spec_hits.append(hit)
                    findings.append(hedge_finding(doc, view, hit))
                elif hit.cue.type == "vague":
                    # Reported, never scored: imprecision is not miscalibration.
                    tally.vague += 1
                    findings.append(vague_finding(doc, view, hit))
                elif hit.cue.type == "booster":
                    tally.boosters += 1
                    if not (hit.quoted or hit.attributed):
                        boost_hits.append(hit)
                else:
                    tally.weasel_cues += 1
                    if not (hit.quoted or hit.attributed):
                        tally.weasels += 1
                        findings.append(weasel_finding(doc, view, sentence, hit))
            if spec_hits:
                tally.speculation += 1
                findings.append(speculation_finding(doc, view, sentence, spec_hits))
            if boost_hits:
                tally.unearned += 1
                findings.append(unearned_finding(doc, view, sentence, boost_hits))

        return outcome(doc, findings, tally)

    @staticmethod
    def _cues(doc: Analysis, view: SentenceView, anchors: list[int]) -> list[Hit]:
        """The cue occurrences in one sentence: leftmost, then longest, not overlapping."""
        hits: list[Hit] = []
        resume = 0
        for start, end, pattern in matches(CUE_TABLE, view.words, anchors):
            if start < resume:
                continue  # inside a cue already taken
            # A rejected reading ("UN experts say") leaves the shorter or later
            # readings in the list to be tried next.
            if keep_cue(doc, view, start, end, pattern):
                hits.append(Hit(start, end, CUES[pattern]))
                resume = end
        return hits


@hookimpl
def register_heuristics(register: Callable[[Heuristic], None]) -> None:
    """Register the hedging heuristic with the engine."""
    register(Hedging())
