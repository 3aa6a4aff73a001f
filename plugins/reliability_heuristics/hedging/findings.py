"""Hedging's findings, and the score and confidence from what was counted."""

from __future__ import annotations

import math
from dataclasses import dataclass

from reliability import Analysis, Finding, Outcome, Severity, Span
from reliability.analysis import Sentence

from .sentence import Hit, SentenceView

# Weight of one sentence of unearned certainty against one speculative
# sentence or weasel: asserting what one cannot know misleads more than
# guessing openly.
UNEARNED_WEIGHT = 3.0
# Steepness of the score's fall with the penalty rate per assertion.
SCORE_DECAY = 3.0
# Assertions at which confidence reaches one half.
CONFIDENCE_HALF = 10.0


@dataclass(slots=True)
class Tally:
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


def cue_span(doc: Analysis, view: SentenceView, hit: Hit) -> Span:
    return doc.span(view.tokens[hit.i].start, view.tokens[hit.j - 1].end, "cue")


def hedge_finding(doc: Analysis, view: SentenceView, hit: Hit) -> Finding:
    span = cue_span(doc, view, hit)
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


def vague_finding(doc: Analysis, view: SentenceView, hit: Hit) -> Finding:
    span = cue_span(doc, view, hit)
    return Finding(
        kind="hedge",
        severity=Severity.INFO,
        message=(
            f"\u201c{span.text}\u201d leaves the scale unstated (how many, how often or "
            "in whose judgement); it is vague, not a sign of miscalibration."
        ),
        spans=(span,),
    )


def speculation_finding(
    doc: Analysis, view: SentenceView, sentence: Sentence, hits: list[Hit]
) -> Finding:
    cues = [cue_span(doc, view, h) for h in hits]
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


def unearned_finding(
    doc: Analysis, view: SentenceView, sentence: Sentence, hits: list[Hit]
) -> Finding:
    cues = [cue_span(doc, view, h) for h in hits]
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


def weasel_finding(doc: Analysis, view: SentenceView, sentence: Sentence, hit: Hit) -> Finding:
    cue = cue_span(doc, view, hit)
    return Finding(
        kind="weasel",
        severity=Severity.MINOR,
        message=(
            f"\u201c{cue.text}\u201d credits the claim to unnamed people; "
            "the reader cannot check who they are."
        ),
        spans=(cue, doc.span(sentence.start, sentence.end, "claim")),
    )


def outcome(doc: Analysis, findings: list[Finding], tally: Tally) -> Outcome:
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
