"""Headline: does the headline bait the click, and does the body back what it claims?

The headline is `document.title`; the body is the scored text. Two kinds of
evidence, both from the literature on clickbait and fake news:

1. **Clickbait form** (Chakraborty et al. 2016, "Stop Clickbait"; Potthast et
   al. 2016, "Clickbait Detection"; Blom & Hansen 2015 on forward reference;
   Horne & Adali 2017 on fake-news titles). Cues, from `data/clickbait.tsv`
   and `data/function_words.tsv` (`forms.py`):
   - `forward`: a forward reference that withholds the news ("Here's why",
     "You won't believe", "What happened next", "doing this");
   - `ellipsis`: an ellipsis ("…") that breaks off for suspense;
   - `listicle`: a number opening the headline and counting a list ("10 Reasons");
   - `second-person`: the reader addressed ("you", "your");
   - `question` and `exclamation`: a "?" or "!" in the headline;
   - `caps`: words in capitals for emphasis ("DISGRACED"), not acronyms
     (an all-caps word the body also writes in capitals, or a short one the
     body never writes otherwise, is an acronym); a headline wholly in
     capitals is typography and counts no caps;
   - `sensational`: hyperbole, emotional intensifiers, combat verbs
     ("SHOCKING", "destroys", "slams");
   - `hype`: health-news hype words ("breakthrough", "miracle", "cure");
   - `label`: a leading tag before a colon or dash ("BREAKING:", "WATCH -").
2. **Claims the body does not back** (`support.py`; cf. Chesney et al. 2017 on
   incongruent headlines). The headline's content words (no function words,
   no clickbait cue words), numbers and names are looked up in the body,
   loosely (a crude stem's first five letters as a word prefix). A number
   the body never states (within rounding; years exactly) is a strong sign
   that the headline claims more than the article reports; so is a name the
   article never mentions (names are read only from a sentence-case
   headline: in a title-case one capitals say nothing). An opening body
   paragraph that only repeats the headline does not count as the body.
   The body must have `MIN_BODY_WORDS` words for this part to be judged.

Findings (spans point into the body only; the headline is not part of the
text, so findings about its form have no spans and quote it instead):

- `clickbait-headline`, one per cue kind present: minor for `forward`,
  `ellipsis`, `caps`, `exclamation`, `sensational`, `hype` and `label`;
  info for `listicle`, `question` and `second-person`;
- `headline-number-unsupported` (major), one per number the body lacks;
  spans: up to three of the body's figures of the same kind (role `figure`),
  for the reader to compare;
- `headline-name-unsupported` (minor), one per name the body never mentions;
- `headline-unsupported` (minor) when at least half the headline's content
  words, and at least two, appear nowhere in the body.

Metrics (all numbers; rates are shares of the headline's words, so they do not
grow with the body's length):

- `headline_length_words`: words and numbers in the headline;
- `headline_clickbait_cues`: how many of the cue kinds above are present (0-10);
- `headline_forward_reference`: forward-reference phrases and teaser ellipses;
- `headline_sensational_words`: sensational, hype and label cues;
- `headline_caps_share`: emphasis all-caps words per headline word;
- `headline_question`, `headline_exclamation`: 1 when present, else 0;
- `headline_unsupported_share`: headline content words the body lacks, per
  content word;
- `headline_unsupported_numbers`: headline figures the body does not state;
- `headline_unsupported_names`: headline names the body never mentions.

Score, with F the weighted number of cue kinds present (`FORM_WEIGHTS`: 1 for
`forward`, `caps`, `exclamation`, `sensational` and `label`, 0.5 for the
others), N unsupported numbers, M unsupported names and U the unsupported share:

    score = exp(-0.35 * F - 0.7 * N - 0.35 * M - 1.5 * max(0, U - 0.3))

A plain headline whose words the body bears out scores 1.0; one cue of
forward reference gives 0.70; a headline number the body never states 0.50.
`confidence = W / (W + 4)` over the headline's W words, halved when the body
is too short to check the headline against. With no headline the score is
None and the confidence 0.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from reliability import Analysis, Context, Document, Finding, Heuristic, Outcome, Severity, hookimpl
from reliability.analysis import Number

from .forms import Forms, find_forms, quoted
from .support import BodyIndex, body_index, checked_numbers, content_parts, unsupported_words

__all__ = ["Headline"]

FORM_WEIGHTS: dict[str, float] = {
    "forward": 1.0,
    "caps": 1.0,
    "exclamation": 1.0,
    "sensational": 1.0,
    "label": 1.0,
    "ellipsis": 0.5,
    "hype": 0.5,
    "listicle": 0.5,
    "question": 0.5,
    "second-person": 0.5,
}
FORM_DECAY = 0.35
NUMBER_DECAY = 0.7
NAME_DECAY = 0.35
SHARE_DECAY = 1.5
# Some of a headline's words are a headline's own (a summing-up verb, a
# general noun): up to this share of absent content words costs nothing.
SHARE_ALLOWANCE = 0.3
# Below this many body words, the body is too thin to check the headline against.
MIN_BODY_WORDS = 40
CONFIDENCE_HALF = 4.0
# The `headline-unsupported` finding: at least this share and this many absent words.
UNSUPPORTED_SHARE_FINDING = 0.5
UNSUPPORTED_MIN_FINDING = 2
MAX_FINDINGS_PER_KIND = 5
MAX_FIGURE_SPANS = 3

CUE_MESSAGES: dict[str, tuple[Severity, str]] = {
    "forward": (
        Severity.MINOR,
        "The headline teases instead of telling ({}): it withholds the news to make readers click.",
    ),
    "ellipsis": (
        Severity.MINOR,
        "The headline trails off ({}) to build suspense instead of stating the news.",
    ),
    "caps": (
        Severity.MINOR,
        "The headline shouts words in capitals ({}), a sign of sensational rather than "
        "sober reporting.",
    ),
    "exclamation": (
        Severity.MINOR,
        "The headline uses an exclamation mark, which news headlines rarely need.",
    ),
    "sensational": (
        Severity.MINOR,
        "The headline uses sensational wording ({}) that plays on emotion rather than informing.",
    ),
    "hype": (
        Severity.MINOR,
        "The headline uses hype words ({}) that health and science reporting guides advise "
        "against: they overstate what a finding shows.",
    ),
    "label": (
        Severity.MINOR,
        "The headline opens with an attention tag ({}) rather than with the news.",
    ),
    "listicle": (
        Severity.INFO,
        "The headline is a numbered list ({}), a common clickbait format.",
    ),
    "question": (
        Severity.INFO,
        "The headline asks a question instead of stating a finding; such headlines often "
        "suggest more than the article shows.",
    ),
    "second-person": (
        Severity.INFO,
        "The headline addresses the reader directly ({}), a common clickbait device.",
    ),
}


class Headline(Heuristic):
    """Judges the headline: clickbait form, and claims the body does not back."""

    name = "headline"
    version = "1.0.0"
    description = (
        "Whether the headline states the news plainly, without clickbait devices, and "
        "whether the body backs its words, numbers and names."
    )
    default_weight = 1.0

    def evaluate(self, doc: Analysis, context: Context) -> Outcome:
        """Read the headline's form and look its claims up in the body."""
        title = (doc.document.title or "").strip()
        if not title:
            return Outcome(score=None, confidence=0.0, summary="No headline to judge.")
        head = Analysis(Document(text=title))
        tokens = head.tokens
        words = head.folded.words
        body = body_index(doc, title)
        forms = find_forms(title, tokens, words, head.numbers, body.writes)
        judged = doc.word_count >= MIN_BODY_WORDS
        tally = _Tally(words=sum(1 for t in tokens if t.kind in ("word", "number")))
        findings = _form_findings(forms)
        if judged:
            findings += self._support(doc, head, forms, body, tally)
        return _outcome(forms, tally, judged, findings)

    @staticmethod
    def _support(
        doc: Analysis, head: Analysis, forms: Forms, body: BodyIndex, tally: _Tally
    ) -> list[Finding]:
        """Findings and counts for the headline's words, numbers and names the body lacks."""
        findings: list[Finding] = []
        words = head.folded.words
        tokens = head.tokens
        tally.content, missing = unsupported_words(words, forms.cue_tokens, body)
        for number in checked_numbers(head.numbers, forms.listicle_number):
            if body.has_number(number):
                continue
            tally.numbers += 1
            if tally.numbers <= MAX_FINDINGS_PER_KIND:
                findings.append(_number_finding(doc, number))
        for name in _unsupported_names(head, forms, body):
            tally.names += 1
            if tally.names <= MAX_FINDINGS_PER_KIND:
                findings.append(
                    Finding(
                        kind="headline-name-unsupported",
                        severity=Severity.MINOR,
                        message=(
                            f"The headline names \u201c{name}\u201d, but the article "
                            "never mentions it: the headline may claim what the story does "
                            "not report."
                        ),
                    )
                )
        tally.missing = len(missing)
        if (
            tally.missing >= UNSUPPORTED_MIN_FINDING
            and tally.missing >= UNSUPPORTED_SHARE_FINDING * tally.content
        ):
            listed = quoted(tokens[k].text for k in missing)
            findings.append(
                Finding(
                    kind="headline-unsupported",
                    severity=Severity.MINOR,
                    message=(
                        f"{tally.missing} of the headline's {tally.content} content words "
                        f"({listed}) appear nowhere in the article: the headline may say more "
                        "than the story reports."
                    ),
                )
            )
        return findings


class _Tally:
    """Counts over one headline."""

    __slots__ = ("content", "missing", "names", "numbers", "words")

    def __init__(self, words: int) -> None:
        self.words = words
        self.content = 0
        self.missing = 0
        self.numbers = 0
        self.names = 0


def _unsupported_names(head: Analysis, forms: Forms, body: BodyIndex) -> list[str]:
    """The names of a sentence-case headline that the body never mentions."""
    tokens = head.tokens
    words = head.folded.words
    cue_starts = {tokens[k].start for k in forms.cue_tokens}
    # A capital after a colon opens a clause ("Surgery for migraines: Help or hokum?").
    clause_starts = {tokens[k + 1].start for k in range(len(tokens) - 1) if words[k] == ":"}
    absent = []
    for name in head.names:
        if (
            name.text.isupper()
            or name.start in clause_starts
            or any(name.start <= c < name.end for c in cue_starts)
        ):
            continue  # a shouted tag, a clause's first word or a cue phrase, not a name
        parts = [p for w in name.text.split() for p in content_parts(w.lower())]
        if parts and not any(body.has_word(p) for p in parts):
            absent.append(name.text)
    return absent


def _form_findings(forms: Forms) -> list[Finding]:
    findings = []
    for kind, (severity, template) in CUE_MESSAGES.items():
        cues = forms.cues.get(kind)
        if cues:
            message = template.format(quoted(cues[:MAX_FINDINGS_PER_KIND]))
            findings.append(Finding(kind="clickbait-headline", severity=severity, message=message))
    return findings


def _number_finding(doc: Analysis, number: Number) -> Finding:
    same_kind = [n for n in doc.numbers if n.kind == number.kind][:MAX_FIGURE_SPANS]
    spans = tuple(doc.span(n.start, n.end, "figure") for n in same_kind)
    if spans:
        stated = quoted(s.text for s in spans)
        tail = f"; the figures it gives are {stated}."
    else:
        tail = "."
    return Finding(
        kind="headline-number-unsupported",
        severity=Severity.MAJOR,
        message=(
            f"The headline's figure \u201c{number.text}\u201d appears nowhere in the article"
            f"{tail} A figure only the headline states cannot be checked against the story."
        ),
        spans=spans,
    )


def _outcome(forms: Forms, tally: _Tally, judged: bool, findings: Sequence[Finding]) -> Outcome:
    """Metrics, score and confidence (formula in the module docstring)."""
    cues = forms.cues
    n_words = tally.words
    share = tally.missing / tally.content if tally.content else 0.0
    metrics = {
        "headline_length_words": float(n_words),
        "headline_clickbait_cues": float(len(cues)),
        "headline_forward_reference": float(
            len(cues.get("forward", ())) + len(cues.get("ellipsis", ()))
        ),
        "headline_sensational_words": float(
            sum(len(cues.get(k, ())) for k in ("sensational", "hype", "label"))
        ),
        "headline_caps_share": len(forms.caps_words) / n_words if n_words else 0.0,
        "headline_question": float("question" in cues),
        "headline_exclamation": float("exclamation" in cues),
        "headline_unsupported_share": share,
        "headline_unsupported_numbers": float(tally.numbers),
        "headline_unsupported_names": float(tally.names),
    }
    form = sum(FORM_WEIGHTS[k] for k in cues)
    penalty = (
        FORM_DECAY * form
        + NUMBER_DECAY * tally.numbers
        + NAME_DECAY * tally.names
        + SHARE_DECAY * max(0.0, share - SHARE_ALLOWANCE)
    )
    score = math.exp(-penalty)
    confidence = n_words / (n_words + CONFIDENCE_HALF)
    if not judged:
        confidence /= 2
    kinds = len(cues)
    parts = [
        "no clickbait cues"
        if not kinds
        else f"{kinds} kind{'s' if kinds != 1 else ''} of clickbait cue"
    ]
    if judged:
        parts.append(f"{tally.missing} of its {tally.content} content words not in the body")
        figures = "no figure" if not tally.numbers else f"{tally.numbers} figure"
        parts.append(f"{figures}{'s' if tally.numbers > 1 else ''} the body does not back")
    else:
        parts.append("the body is too short to check the headline against")
    summary = "Headline: " + "; ".join(parts) + "."
    return Outcome(
        score=score,
        confidence=confidence,
        summary=summary,
        metrics=metrics,
        findings=tuple(findings),
    )


@hookimpl
def register_heuristics(register: Callable[[Heuristic], None]) -> None:
    """Register the headline heuristic with the engine."""
    register(Headline())
