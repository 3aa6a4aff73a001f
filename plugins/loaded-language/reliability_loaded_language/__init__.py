"""The `loaded-language` heuristic: emotionally charged and loaded wording in the author's voice.

This distribution is also the worked example of a third-party plugin: it
depends only on the public `reliability` API, registers its heuristic
through the `reliability` entry-point group (see `pyproject.toml`), and ships
its data as package data.

What it judges. Loaded language steers the reader's feelings instead of
informing them: derogatory labels ("regime", "puppet", "thugs"), dismissive
framing ("so-called", "just propaganda"), emotive verbs ("slammed") and
intensifiers ("shockingly overt", "total boorishness"). Terms come from
`lexicon.tsv` and are matched against the shared tokens, inflections
included.

Quotations. Wording inside a quotation is the quoted speaker's, and
reporting that an official called something "total boorishness" is
reporting, not loaded writing. Such matches are findings of severity `info`
(so a reader still sees them) but do not lower the score and are not in
`loaded_terms` or `loaded_per_1000_words`; the `in_quotes` metric counts them.
This also treats scare quotes as quotation, which errs towards the author.

Score. Each loaded match in the author's voice weighs its strength (1, or 2
for strongly loaded wording such as "just propaganda"). With `W` the summed
weight and `N` the word count,

    density = 1000 * W / max(N, 200)
    score   = exp(-density / 8)

so a single minor term in a 700-word article gives about 0.84, and eight
weighted terms per thousand words give 0.37. The floor of 200 words keeps one
term in a two-line text from reading as a flood. Confidence is
`1 - exp(-N / 300)`: about 0.28 for 100 words, 0.9 for 700; a short text
says little about an author's habits.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from reliability import (
    Analysis,
    Context,
    Finding,
    Heuristic,
    Outcome,
    Severity,
    hookimpl,
)

from reliability_loaded_language import lexicon
from reliability_loaded_language.lexicon import INTENSIFIER, MINIMISER
from reliability_loaded_language.matching import Match, Matcher

__all__ = ["LoadedLanguage", "register_heuristics"]

__version__ = "1.0.0"

# Density (weighted terms per 1,000 words) at which the score falls to 1/e.
DENSITY_SCALE = 8.0
# Word count below which density is computed as if the text had this many words.
MIN_WORDS_FOR_DENSITY = 200
# Word count at which confidence reaches 1 - 1/e.
CONFIDENCE_WORDS = 300.0

# Why each category of wording is loaded, in words a reader understands.
WHY: dict[str, str] = {
    "derogatory label": "a derogatory label: it passes judgement on whom it names "
    "instead of describing them",
    "dismissive framing": "dismissive framing: it belittles its subject instead of reporting it",
    "emotive verb": "an emotive verb: it dramatises what was said or done",
    "emotive word": "emotionally charged wording: it tells the reader how to feel",
    INTENSIFIER: "an intensifier: it tells the reader how to feel about what it describes",
}


def _message(match: Match, text: str, quoted: bool) -> str:
    """The plain-language explanation of one match."""
    whole = text[match.start : match.end]
    head = text[match.head_start : match.head_end]
    why = WHY[match.entry.category]
    if whole == head:
        message = f'"{whole}" is {why}.'
    else:
        message = f'"{whole}": "{head}" is {why}.'
        if match.modifiers:
            dismissive = any(m.entry.category == MINIMISER for m in match.modifiers)
            words = " ".join(f'"{m.text}"' for m in match.modifiers)
            effect = "makes it dismissive" if dismissive else "makes it stronger"
            message = message[:-1] + f", and {words} {effect}."
    if quoted:
        message += (
            " It is inside a quotation, so it is the quoted speaker's wording and"
            " does not count against the author."
        )
    return message


class LoadedLanguage(Heuristic):
    """Flags loaded and emotionally charged wording in the author's own voice."""

    name = "loaded-language"
    version = __version__
    description = (
        "Flags emotionally charged and loaded wording (derogatory labels, dismissive "
        "framing, emotive verbs, intensifiers) in the author's own voice."
    )
    default_weight = 0.5

    def evaluate(self, doc: Analysis, context: Context) -> Outcome:
        """Find loaded wording, report each match, and score its density in the author's voice."""
        words = doc.word_count
        if words == 0:
            return Outcome(
                score=None,
                confidence=0.0,
                summary="No words to judge.",
                metrics={"loaded_per_1000_words": 0.0, "loaded_terms": 0.0, "in_quotes": 0.0},
            )

        # Read on first use and cached: registration must not do I/O.
        matches = Matcher(lexicon.load()).find(doc.text, doc.tokens)
        findings: list[Finding] = []
        authored = quoted = major = weight = 0
        for match in matches:
            in_quote = doc.quotation_at(match.head_start) is not None
            if in_quote:
                quoted += 1
                severity = Severity.INFO
            else:
                authored += 1
                weight += match.strength
                if match.strength >= 2:
                    severity = Severity.MAJOR
                    major += 1
                else:
                    severity = Severity.MINOR
            findings.append(
                Finding(
                    kind="loaded-language",
                    severity=severity,
                    message=_message(match, doc.text, in_quote),
                    spans=(doc.span(match.start, match.end, "cue"),),
                )
            )

        density = 1000.0 * weight / max(words, MIN_WORDS_FOR_DENSITY)
        score = math.exp(-density / DENSITY_SCALE)
        confidence = 1.0 - math.exp(-words / CONFIDENCE_WORDS)
        per_1000 = 1000.0 * authored / words
        return Outcome(
            score=round(score, 4),
            confidence=round(confidence, 4),
            summary=_summary(authored, major, quoted, per_1000),
            metrics={
                "loaded_per_1000_words": round(per_1000, 3),
                "loaded_terms": float(authored),
                "major_terms": float(major),
                "in_quotes": float(quoted),
            },
            findings=tuple(findings),
        )


def _summary(authored: int, major: int, quoted: int, per_1000: float) -> str:
    """One sentence on what was found."""
    if authored == 0:
        head = "No loaded wording in the author's voice"
    else:
        terms = "term" if authored == 1 else "terms"
        strong = f", {major} strongly loaded" if major else ""
        head = (
            f"{authored} loaded {terms} in the author's voice "
            f"({per_1000:.1f} per 1,000 words{strong})"
        )
    if quoted:
        head += f"; {quoted} more inside quotations"
    return head + "."


@hookimpl
def register_heuristics(register: Callable[[Heuristic], None]) -> None:
    """Register the `loaded-language` heuristic with the engine."""
    register(LoadedLanguage())
