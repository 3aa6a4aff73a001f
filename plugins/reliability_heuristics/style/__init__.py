"""Style: does the article read as calm reporting, or as sensational, polemical writing?

Studies of fake and hyperpartisan news find a style apart from reporting:
more exclamation marks, words in capitals, direct address of the reader,
questions, intensifiers and superlatives, and first-person opinion (Horne &
Adali 2017, "This just in: fake news packs a lot in title, uses simpler,
repetitive content in text body"; Rashkin et al. 2017, "Truth of varying
shades"; Potthast et al. 2018, "A stylometric inquiry into hyperpartisan and
fake news"). This heuristic counts those cues in the writer's own voice only:
a cue inside a quotation is the source's voice, and a sentence of page
furniture ("sign up for our newsletter", "comment below") is not the
article's prose (`cues.Voice`). The title is not read; only the text.

Cues (`cues.py`, word lists in `data/*.tsv`):

- `exclamation`: a sentence with a "!" of the writer's (the cue is the run
  of marks at its last one: "!", "?!", "!!!").
- `shouting`: a run of all-caps words that shouts ("NOT", "WHAT A DISGRACE")
  rather than abbreviates or names ("FBI", "NATO", "USA TODAY", "the DASH
  diet"): common vocabulary (`data/vocabulary.tsv`) in capitals, unless it
  is a known acronym (`data/acronyms.tsv`), defined in parentheses, repeated
  as a name, or a heading, subhead or label ("BREAKING:"); rules in
  `cues.find_shouting`.
- `rhetorical-question`: a sentence whose own question mark is the
  writer's (not a quoted one, not an interviewer's "Q:").
- `reader-address`: a sentence speaking to the reader ("you", "your");
  `call-to-action`: an appeal to act ("share this", "wake up", "let that
  sink in").
- `intensifier` ("absolutely", "totally", "literally") and `hyperbole`
  ("unbelievable", "bombshell", "the worst deal ever", "miracle"), unless
  negated ("no miracle cure", "not completely clear").

Findings: one per cue (one per sentence for reader address), each with the
cue (role `cue`) and its sentence (role `content`; a question's sentence is
its cue); at most `MAX_FINDINGS_PER_KIND` of each kind and
`MAX_CUES_PER_FINDING` cues in one. All are minor but calls to action, which
are major.

Metrics (rates per 1,000 words of the whole text, so a longer text is not
judged for its length; shares per assertion):

- `exclamations_per_1k_words`: "!" marks in the writer's voice.
- `shouting_per_1k_words`: shouted words (each word of two letters or more
  in a shouted run).
- `second_person_per_1k_words`: second-person words and calls to action.
- `rhetorical_question_share`: the writer's question sentences per assertion.
- `intensifiers_per_1k_words`: intensifiers and hyperbole.
- `first_person_singular_per_1k_words`, `first_person_plural_per_1k_words`:
  "I/me/my" and "we/us/our" outside quotations (opinion in the writer's
  voice; reported, not scored).
- `style_cues_per_assertion`: the penalty rate `P` below.
- `assertions`: sentences outside headings and page chrome.

Score, over the assertions A, with E sentences holding an exclamation, Q
rhetorical questions, S shouted runs, Y sentences addressing the reader, C
calls to action and I intensifiers and hyperbole:

    P = (E + Q + S + Y + C + I) / A
    score = exp(-SCORE_DECAY * P)        (SCORE_DECAY = 2)

so a calm report scores 1.0; one cue in ten assertions gives 0.82, one cue
per two assertions 0.37. `confidence = A / (A + 10)`. With no assertions the
score is None.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Iterable, Sequence
from itertools import islice
from typing import NamedTuple

from reliability import Analysis, Context, Finding, Heuristic, Outcome, Severity, Span, hookimpl
from reliability_heuristics.style.cues import (
    Cue,
    Marks,
    Voice,
    find_marks,
    find_shouting,
    mark_run,
    match_lexicon,
)

__all__ = ["Style", "register_heuristics"]

# Steepness of the score's fall with the rate of cues per assertion.
SCORE_DECAY = 2.0
# Assertions at which confidence reaches one half.
CONFIDENCE_HALF = 10.0
# Findings listed per kind, and cue spans per finding; the metrics and the score count every cue.
MAX_FINDINGS_PER_KIND = 10
MAX_CUES_PER_FINDING = 5

MESSAGES = {
    "exclamation": (
        "An exclamation mark in the writer's own voice. Reporting states facts calmly; "
        "exclamations are a mark of sensational writing."
    ),
    "shouting": (
        "{cue} is written in capitals to shout. News style keeps capitals for acronyms and names."
    ),
    "rhetorical-question": (
        "The writer asks a question rather than stating what is known; a rhetorical question "
        "leads the reader to a conclusion without showing the evidence."
    ),
    "reader-address": (
        "The writer speaks to the reader directly ({cue}). Reports describe events; "
        "opinion and advocacy address the reader."
    ),
    "call-to-action": (
        "{cue} urges the reader to act or react: advocacy or engagement bait, not reporting."
    ),
    "intensifier": "{cue} intensifies the wording; emphasis adds emotion, not evidence.",
    "hyperbole": "{cue} is hyperbole: exaggerated wording is a mark of sensational writing.",
}


class Style(Heuristic):
    """Judges whether the writer's own voice reads as reporting or as sensational polemic."""

    name = "style"
    version = "1.0.0"
    description = (
        "Whether the writer's own voice is calm reporting or sensational: exclamations, "
        "shouting in capitals, addressing the reader, rhetorical questions, intensifiers."
    )
    default_weight = 1.0

    def evaluate(self, doc: Analysis, context: Context) -> Outcome:
        """Find the style cues in the writer's voice and rate them per assertion."""
        voice = Voice(doc)
        lexicon = match_lexicon(doc, voice)
        voice.chrome = {c.sentence for c in lexicon if c.kind == "page-chrome"}
        by_kind: dict[str, list[Cue]] = {}
        for cue in lexicon:
            if cue.sentence not in voice.chrome:
                by_kind.setdefault(cue.kind, []).append(cue)
        found = _Found(
            marks=find_marks(doc, voice),
            shouting=find_shouting(doc, voice),
            address=[*by_kind.get("second-person", []), *by_kind.get("call-to-action", [])],
            calls=by_kind.get("call-to-action", []),
            intensity=[*by_kind.get("intensifier", []), *by_kind.get("hyperbole", [])],
            by_kind=by_kind,
        )
        assertions = _assertions(doc, voice)
        counts = {
            ("exclamation", "exclamations"): len(found.marks.exclaiming),
            ("shouted run of capitals", "shouted runs of capitals"): len(found.shouting),
            ("rhetorical question", "rhetorical questions"): len(found.marks.asking),
            ("sentence addressing the reader", "sentences addressing the reader"): len(
                {c.sentence for c in found.address}
            ),
            ("call to action", "calls to action"): len(found.calls),
            ("intensifier or hyperbole", "intensifiers or hyperbole"): len(found.intensity),
        }
        rate = sum(counts.values()) / assertions if assertions else 0.0
        metrics = _metrics(doc, found, assertions, rate)
        findings = (
            *_mark_findings(doc, "exclamation", found.marks.exclaiming),
            *_findings(doc, "shouting", found.shouting),
            *_mark_findings(doc, "rhetorical-question", found.marks.asking),
            *_address_findings(doc, found.address),
            *_findings(doc, "intensifier", by_kind.get("intensifier", [])),
            *_findings(doc, "hyperbole", by_kind.get("hyperbole", [])),
        )
        if assertions == 0:
            return Outcome(
                score=None,
                confidence=0.0,
                summary="No assertions to judge (only headings or page furniture).",
                metrics=metrics,
                findings=findings,
            )
        return Outcome(
            score=math.exp(-SCORE_DECAY * rate),
            confidence=assertions / (assertions + CONFIDENCE_HALF),
            summary=_summary(counts, assertions, rate),
            metrics=metrics,
            findings=findings,
        )


class _Found(NamedTuple):
    """The cues of one document in the writer's voice, by what they count towards."""

    marks: Marks
    shouting: list[Cue]
    address: list[Cue]  # second-person words and calls to action
    calls: list[Cue]
    intensity: list[Cue]  # intensifiers and hyperbole
    by_kind: dict[str, list[Cue]]


def _metrics(doc: Analysis, found: _Found, assertions: int, rate: float) -> dict[str, float]:
    """The named metrics (documented in the module docstring)."""
    per_k = 1000.0 / doc.word_count if doc.word_count else 0.0
    text = doc.text
    shouted_words = sum(len(w) > 1 for c in found.shouting for w in text[c.start : c.end].split())
    singular = len(found.by_kind.get("first-person-singular", []))
    plural = len(found.by_kind.get("first-person-plural", []))
    return {
        "exclamations_per_1k_words": found.marks.exclamation_marks * per_k,
        "shouting_per_1k_words": shouted_words * per_k,
        "second_person_per_1k_words": len(found.address) * per_k,
        "rhetorical_question_share": len(found.marks.asking) / assertions if assertions else 0.0,
        "intensifiers_per_1k_words": len(found.intensity) * per_k,
        "first_person_singular_per_1k_words": singular * per_k,
        "first_person_plural_per_1k_words": plural * per_k,
        "style_cues_per_assertion": rate,
        "assertions": float(assertions),
    }


def _mark_findings(doc: Analysis, kind: str, by_sentence: dict[int, int]) -> list[Finding]:
    """Findings for the first sentences with a mark, in text order, at the run of its last mark."""
    cues = []
    for index, offset in islice(by_sentence.items(), MAX_FINDINGS_PER_KIND):
        start, end = mark_run(doc.text, offset)
        cues.append(Cue(kind, start, end, index))
    return _findings(doc, kind, cues)


def _assertions(doc: Analysis, voice: Voice) -> int:
    """Sentences outside heading lines and page chrome."""
    starts = voice.sentence_starts
    in_headings = 0
    for index in voice.heading_paragraphs:
        paragraph = doc.paragraphs[index]
        in_headings += bisect.bisect_left(starts, paragraph.end) - bisect.bisect_left(
            starts, paragraph.start
        )
    chrome = sum(1 for index in voice.chrome if not voice.in_heading(index))
    return len(starts) - in_headings - chrome


def _quoted(doc: Analysis, cues: Iterable[Cue]) -> str:
    return ", ".join(f"\u201c{doc.text[c.start : c.end]}\u201d" for c in cues)


def _sentence_span(doc: Analysis, cue: Cue, role: str) -> Span:
    sentence = doc.sentences[cue.sentence]
    return doc.span(sentence.start, sentence.end, role)


def _findings(doc: Analysis, kind: str, cues: Sequence[Cue]) -> list[Finding]:
    """One finding per cue, at most `MAX_FINDINGS_PER_KIND`."""
    severity = Severity.MAJOR if kind == "call-to-action" else Severity.MINOR
    findings = []
    for cue in cues[:MAX_FINDINGS_PER_KIND]:
        if kind == "rhetorical-question":
            spans: tuple[Span, ...] = (_sentence_span(doc, cue, "cue"),)
        else:
            spans = (doc.span(cue.start, cue.end, "cue"), _sentence_span(doc, cue, "content"))
        message = MESSAGES[kind].format(cue=_quoted(doc, [cue]))
        findings.append(Finding(kind=kind, severity=severity, message=message, spans=spans))
    return findings


def _address_findings(doc: Analysis, cues: Sequence[Cue]) -> list[Finding]:
    """Calls to action one by one; other reader address one finding per sentence."""
    calls = [c for c in cues if c.kind == "call-to-action"]
    findings = _findings(doc, "call-to-action", calls)
    by_sentence: dict[int, list[Cue]] = {}
    for cue in cues:
        if cue.kind == "second-person":
            by_sentence.setdefault(cue.sentence, []).append(cue)
    for whole in islice(by_sentence.values(), MAX_FINDINGS_PER_KIND):
        group = whole[:MAX_CUES_PER_FINDING]
        spans = (
            *(doc.span(c.start, c.end, "cue") for c in group),
            _sentence_span(doc, group[0], "content"),
        )
        findings.append(
            Finding(
                kind="reader-address",
                severity=Severity.MINOR,
                message=MESSAGES["reader-address"].format(cue=_quoted(doc, group)),
                spans=spans,
            )
        )
    return findings


def _summary(counts: dict[tuple[str, str], int], assertions: int, rate: float) -> str:
    within = f"{assertions} assertion" + ("" if assertions == 1 else "s")
    found = [f"{n} {one if n == 1 else many}" for (one, many), n in counts.items() if n]
    if not found:
        return f"No sensational style cues in the writer's voice in {within}."
    return f"{', '.join(found)} in {within} ({rate:.2f} style cues per assertion)."


@hookimpl
def register_heuristics(register: Callable[[Heuristic], None]) -> None:
    """Register the style heuristic with the engine."""
    register(Style())
