"""The `sourcing` heuristic's evaluate: references, links and labels into one outcome.

The package docstring (`reliability_heuristics.sourcing`) explains what it
finds, its metrics and its score.
"""

from __future__ import annotations

from collections.abc import Sequence

from reliability import Analysis, Context, Finding, Heuristic, Outcome, Severity
from reliability_heuristics.sourcing.documents import Reference, find_references
from reliability_heuristics.sourcing.labels import (
    find_corrections,
    find_links,
    find_opinion_label,
)
from reliability_heuristics.sourcing.voices import direct_quotations, dissent_sentences

# Findings of one kind listed at most; the metrics count them all.
MAX_FINDINGS = 20
# References at which confidence reaches one half.
CONFIDENCE_HALF = 3.0
# Sentences at which the confidence of the voice metrics reaches one half.
SENTENCES_HALF = 10.0
# Laplace prior of the named share: with no reference it is one half.
PRIOR = 0.5

KIND_NOUNS = {
    "research": "study",
    "report": "report",
    "data": "data source",
    "poll": "poll",
    "record": "record",
    "consensus": "consensus claim",
}


class Sourcing(Heuristic):
    """Does the article say which documents its evidence comes from, and who made them?"""

    name = "sourcing"
    version = "1.1.0"
    description = (
        "Whether the article identifies the documents it relies on (studies, reports, data, "
        "polls, records) and who published them, rather than citing unnamed ones; and how "
        "much it quotes its sources word for word and hears a second side."
    )
    default_weight = 1.0

    def evaluate(self, doc: Analysis, context: Context) -> Outcome:
        """Find document references, links, a type-of-work label and corrections notices."""
        references = find_references(doc)
        folded = doc.folded.folded
        links = find_links(doc.text, folded)
        label = find_opinion_label(doc.text, doc.document.title)
        corrections = find_corrections(doc.text, folded)
        findings = [
            *self._reference_findings(doc, references),
            *self._link_findings(doc, links),
            *self._label_findings(doc, label),
            *self._correction_findings(doc, corrections),
        ]
        named = sum(1 for r in references if r.named)
        vague = len(references) - named
        byline = bool((doc.document.author or "").strip())
        words = doc.word_count
        per_k = 1000.0 / words if words else 0.0
        metrics = {
            "named_documents_per_1k_words": named * per_k,
            "vague_documents_per_1k_words": vague * per_k,
            "document_references_per_1k_words": len(references) * per_k,
            "named_document_share": (named + PRIOR) / (len(references) + 2 * PRIOR),
            "named_document_kinds": float(len({r.kind for r in references if r.named})),
            "links_per_1k_words": len(links) * per_k,
            "has_byline": float(byline),
            "opinion_label": float(label is not None),
            "corrections_notice": float(bool(corrections)),
            "direct_quotations": float(direct_quotations(doc)),
            "dissent_sentence_share": (
                dissent_sentences(doc) / len(doc.sentences) if doc.sentences else 0.0
            ),
        }
        summary = self._summary(named, vague, len(links), byline, label, bool(corrections))
        # The voice metrics read every sentence, with or without a document cited.
        read = len(doc.sentences) / (len(doc.sentences) + SENTENCES_HALF)
        if not references:
            return Outcome(
                score=None,
                confidence=read,
                summary=summary,
                metrics=metrics,
                findings=tuple(findings),
            )
        total = len(references)
        return Outcome(
            score=metrics["named_document_share"],
            confidence=max(total / (total + CONFIDENCE_HALF), read),
            summary=summary,
            metrics=metrics,
            findings=tuple(findings),
        )

    @staticmethod
    def _reference_findings(doc: Analysis, references: Sequence[Reference]) -> list[Finding]:
        named: list[Finding] = []
        vague: list[Finding] = []
        for ref in references:
            span = doc.span(ref.start, ref.end, "source")
            noun = KIND_NOUNS[ref.kind]
            if ref.named and len(named) < MAX_FINDINGS:
                named.append(
                    Finding(
                        kind="named-document",
                        severity=Severity.INFO,
                        message=(
                            f"\u201c{span.text}\u201d identifies the {noun} and who produced "
                            "it, so a reader can look it up."
                        ),
                        spans=(span,),
                    )
                )
            elif not ref.named and len(vague) < MAX_FINDINGS:
                sentence = doc.sentences[ref.sentence]
                vague.append(
                    Finding(
                        kind="vague-document",
                        severity=Severity.MINOR,
                        message=(
                            f"\u201c{span.text}\u201d cites evidence without saying which "
                            f"{noun} or who produced it; a reader cannot check it."
                        ),
                        spans=(
                            doc.span(ref.start, ref.end, "cue"),
                            doc.span(sentence.start, sentence.end, "claim"),
                        ),
                    )
                )
        return named + vague

    @staticmethod
    def _link_findings(doc: Analysis, links: Sequence[tuple[int, int]]) -> list[Finding]:
        return [
            Finding(
                kind="link",
                severity=Severity.INFO,
                message="A web address written in the text: a reader can follow it to the source.",
                spans=(doc.span(start, end, "link"),),
            )
            for start, end in links[:MAX_FINDINGS]
        ]

    @staticmethod
    def _label_findings(
        doc: Analysis, label: tuple[str, tuple[int, int] | None] | None
    ) -> list[Finding]:
        if label is None:
            return []
        word, where = label
        place = "headline" if where is None else "text"
        return [
            Finding(
                kind="opinion-label",
                severity=Severity.INFO,
                message=(
                    f"The {place} labels this piece \u201c{word}\u201d: it gives the writer's "
                    "view or interpretation, not only reported facts."
                ),
                spans=() if where is None else (doc.span(*where, "label"),),
            )
        ]

    @staticmethod
    def _correction_findings(doc: Analysis, notices: Sequence[tuple[int, int]]) -> list[Finding]:
        findings: list[Finding] = []
        covered = -1
        for start, end in notices:
            # The whole sentence of the notice, once, for the reader to see what was fixed.
            index = doc.sentence_index_at(start)
            if index is not None:
                sentence = doc.sentences[index]
                start, end = sentence.start, max(end, sentence.end)
            if start < covered:
                continue
            covered = end
            findings.append(
                Finding(
                    kind="correction-notice",
                    severity=Severity.INFO,
                    message=(
                        "The article carries a corrections notice: the outlet says openly "
                        "what it got wrong and fixed."
                    ),
                    spans=(doc.span(start, end, "notice"),),
                )
            )
            if len(findings) == MAX_FINDINGS:
                break
        return findings

    @staticmethod
    def _summary(
        named: int,
        vague: int,
        links: int,
        byline: bool,
        label: tuple[str, tuple[int, int] | None] | None,
        corrected: bool,
    ) -> str:
        if named or vague:
            head = (
                f"{_plural(named, 'identified document')} and "
                f"{_plural(vague, 'unidentified one')} cited as evidence"
            )
        else:
            head = "No study, report, data, poll or record cited"
        extras = [_plural(links, "link")] if links else []
        if byline:
            extras.append("a byline")
        if label is not None:
            extras.append(f"labelled \u201c{label[0]}\u201d")
        if corrected:
            extras.append("a corrections notice")
        return head + (f"; {', '.join(extras)}." if extras else ".")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
