"""The `specificity` heuristic's evaluate: details per assertion, and passages without any.

The package docstring (`reliability_heuristics.specificity`) explains what it
measures, its metrics and its score.
"""

from __future__ import annotations

from itertools import islice

from reliability import Analysis, Context, Finding, Heuristic, Outcome, Severity
from reliability_heuristics.specificity.assertions import Profile, profile

# Consecutive assertions without a detail that make an unspecific passage
# (about a paragraph or two of news prose), and the length from which it is minor.
PASSAGE_MIN = 4
PASSAGE_MINOR = 6
# Passages listed at most; the metrics count them all.
MAX_FINDINGS = 10
# Assertions at which confidence reaches one half.
CONFIDENCE_HALF = 10.0


class Specificity(Heuristic):
    """How specific are the article's assertions: who, where, when, how many?"""

    name = "specificity"
    version = "1.2.0"
    description = (
        "How many of the article's assertions name someone or something, or give a number "
        "or a date, rather than speaking in generalities."
    )
    default_weight = 1.0

    def evaluate(self, doc: Analysis, context: Context) -> Outcome:
        """Count names, numbers and dates per assertion and find passages with none."""
        found = profile(doc)
        total = found.assertions
        per = 1.0 / total if total else 0.0
        passages = [end - start for start, end in found.unspecific_runs(PASSAGE_MIN)]
        metrics = {
            "specific_sentence_share": found.specific * per,
            "names_per_sentence": found.names * per,
            "numbers_per_sentence": found.numbers * per,
            "dates_per_sentence": found.dates * per,
            "quantities_per_sentence": found.quantities * per,
            "titled_names_per_sentence": found.titled_names * per,
            "unspecific_passage_share": sum(passages) * per,
            "longest_unspecific_run": float(
                max((end - start for start, end in found.unspecific_runs()), default=0)
            ),
            "distinct_names": float(len({name.text.casefold() for name in doc.names})),
        }
        if not total:
            return Outcome(
                score=None,
                confidence=0.0,
                summary="No assertions to judge (only headings or quotations).",
                metrics=metrics,
            )
        summary = (
            f"{found.specific} of {total} assertions name someone or something, or give a "
            f"number or a date; {_plural(len(passages), 'passage')} of {PASSAGE_MIN} or more "
            "in a row without any."
        )
        return Outcome(
            score=metrics["specific_sentence_share"],
            confidence=total / (total + CONFIDENCE_HALF),
            summary=summary,
            metrics=metrics,
            findings=self._passage_findings(doc, found),
        )

    @staticmethod
    def _passage_findings(doc: Analysis, found: Profile) -> tuple[Finding, ...]:
        sentences = doc.sentences
        return tuple(
            Finding(
                kind="unspecific-passage",
                severity=Severity.MINOR if end - start >= PASSAGE_MINOR else Severity.INFO,
                message=(
                    f"{end - start} sentences in a row name no person, place or organisation "
                    "and give no number or date: general statements a reader cannot check."
                ),
                spans=(doc.span(sentences[start].start, sentences[end - 1].end, "passage"),),
            )
            for start, end in islice(found.unspecific_runs(PASSAGE_MIN), MAX_FINDINGS)
        )


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
