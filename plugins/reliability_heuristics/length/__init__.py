"""Length: how much room the article gives itself to report.

A short item rarely has room for what careful reporting carries: who said
it, how they know, what the numbers are, what is still unknown. On the
labelled news this project measures, the articles rated unreliable are
shorter (FakeHealth: median 459 words against 677), and length is one of the
signals the overall score reads. It is kept as its own heuristic so that a
reader sees it named in "why this grade", and so that no other heuristic's
failure takes it away.

Metrics: `words` (word and number tokens), `assertions` (sentences outside
headings), `paragraphs`, `repeated_words`. A sentence of four words or more
that repeats an earlier one word for word (case and spacing aside) adds
nothing a reader had not read: its words are counted in `repeated_words`, not
in `words`, and a `repeated-text` finding points at the first repeat. Padding
a text with its own paragraphs therefore gains nothing, and other padding
little: the overall score reads `log(1 + words)` clipped to the range it was
fitted on.

Score: `words / (words + 300)`, so 300 words score 0.5 and 1,200 words 0.8;
confidence 1 (a text's length is never in doubt). A `short-article` finding
(info) is given under 150 words.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable

from reliability import Analysis, Context, Finding, Heuristic, Outcome, Severity, hookimpl

HALF_SCORE_WORDS = 300
SHORT_WORDS = 150
# A sentence of fewer words (split at spaces) may repeat naturally ("He declined.").
REPEAT_MIN_WORDS = 4


def repeated_sentences(doc: Analysis) -> tuple[int, list[tuple[int, int]]]:
    """Words in sentences that repeat an earlier sentence word for word (case and
    spacing aside), and those sentences' (start, end) offsets, in order."""
    text, tokens, starts = doc.text, doc.tokens, doc.folded.starts
    seen: set[str] = set()
    # A sentence written exactly as an earlier one is known without folding it again,
    # and its words are counted once (a text of one sentence repeated costs one fold).
    written: dict[str, bool] = {}  # as written -> whether it is long enough to count
    counted: dict[str, int] = {}  # as written -> its words, once it has repeated
    words = 0
    spans: list[tuple[int, int]] = []
    for sentence in doc.sentences:
        raw = text[sentence.start : sentence.end]
        long_enough = written.get(raw)
        if long_enough is None:
            parts = raw.casefold().split()
            long_enough = written[raw] = len(parts) >= REPEAT_MIN_WORDS
            if not long_enough:
                continue
            key = " ".join(parts)
            if key not in seen:
                seen.add(key)
                continue
        elif not long_enough:
            continue
        n = counted.get(raw)
        if n is None:
            # Counted as `words` is: word and number tokens.
            lo = bisect.bisect_left(starts, sentence.start)
            hi = bisect.bisect_left(starts, sentence.end, lo)
            n = counted[raw] = sum(1 for t in tokens[lo:hi] if t.kind in ("word", "number"))
        words += n
        spans.append((sentence.start, sentence.end))
    return words, spans


class Length(Heuristic):
    """The article's length in words, sentences and paragraphs."""

    name = "length"
    version = "1.1.0"
    description = "How long the article is: short items rarely carry careful reporting."

    def evaluate(self, doc: Analysis, context: Context) -> Outcome:
        repeated, spans = repeated_sentences(doc)
        words = doc.word_count - repeated
        paragraphs = doc.paragraphs
        assertions = sum(1 for s in doc.sentences if not paragraphs[s.paragraph].heading)
        findings: list[Finding] = []
        if words < SHORT_WORDS:
            findings.append(
                Finding(
                    kind="short-article",
                    severity=Severity.INFO,
                    message=(
                        f"The article is {words} words long: too short, as a rule, to say "
                        "who the sources are and how they know."
                    ),
                )
            )
        if spans:
            start, end = spans[0]
            findings.append(
                Finding(
                    kind="repeated-text",
                    severity=Severity.MINOR,
                    message=(
                        f"{len(spans):,} sentence{'s' if len(spans) > 1 else ''} repeat earlier "
                        f"ones word for word (this is the first); their {repeated:,} words "
                        "are not counted in the article's length."
                    ),
                    spans=(doc.span(start, end),),
                )
            )
        return Outcome(
            score=words / (words + HALF_SCORE_WORDS),
            confidence=1.0,
            summary=(
                f"{words:,} words in {assertions:,} sentences and {len(paragraphs):,} paragraphs."
                + (f" {repeated:,} more words repeat earlier sentences." if repeated else "")
            ),
            metrics={
                "words": float(words),
                "assertions": float(assertions),
                "paragraphs": float(len(paragraphs)),
                "repeated_words": float(repeated),
            },
            findings=tuple(findings),
        )


@hookimpl
def register_heuristics(register: Callable[[Heuristic], None]) -> None:
    """Register the length heuristic with the engine."""
    register(Length())
