"""The scorecard and its parts: what every heuristic returns and what clients read.

All models are frozen msgspec Structs; their docstrings and field descriptions
become the JSON Schema that the API publishes.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

Score01 = Annotated[float, Meta(ge=0.0, le=1.0, description="A value from 0 to 1.")]
Score100 = Annotated[float, Meta(ge=0.0, le=100.0, description="A value from 0 to 100.")]
Metric = float | str | None
"""A metric's value: a finite number, a string such as an ISO date, or null when the
heuristic looked but had nothing to measure it by (an undated text's estimated start)."""
Offset = Annotated[int, Meta(ge=0, description="A character offset into the document's text.")]
Weight = Annotated[float, Meta(ge=0.0, description="A non-negative weight.")]
MachineName = Annotated[
    str,
    Meta(
        pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$",
        min_length=1,
        max_length=64,
        description="A stable lower-case name with hyphens, such as `unattributed-claim`.",
    ),
]


class Severity(enum.StrEnum):
    """How much a finding should weigh with a reader."""

    INFO = "info"
    MINOR = "minor"
    MAJOR = "major"


class Status(enum.StrEnum):
    """What happened when a heuristic ran."""

    OK = "ok"
    ERROR = "error"
    TIMEOUT = "timeout"
    SKIPPED = "skipped"


class TextQuoteSelector(msgspec.Struct, frozen=True, kw_only=True):
    """Where a span is, found by its text rather than its offsets (W3C Web Annotation).

    A page script finds `prefix + exact + suffix` in the rendered page's text
    (whitespace collapsed), where character offsets into the extracted text
    mean nothing. The engine fills it in for every span.
    """

    type: Annotated[
        Literal["TextQuoteSelector"], Meta(description="Always `TextQuoteSelector`.")
    ] = "TextQuoteSelector"
    exact: Annotated[str, Meta(description="The spanned text.")]
    prefix: Annotated[str, Meta(description="Up to 32 characters just before it.")] = ""
    suffix: Annotated[str, Meta(description="Up to 32 characters just after it.")] = ""


class Span(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """A stretch of this document's text: `text == document.text[start:end]`."""

    start: Offset
    end: Offset
    text: Annotated[str, Meta(description="The spanned text, exactly `document.text[start:end]`.")]
    role: Annotated[
        str | None,
        Meta(
            description="What the span is to the finding: `cue`, `claim`, `source`, `content`, …."
        ),
    ] = None
    selector: Annotated[
        TextQuoteSelector | None,
        Meta(description="A text-quote anchor for highlighting the span in a live page."),
    ] = None


class RelatedSpan(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """A stretch of another document's text that a finding relates to."""

    document_id: Annotated[str, Meta(description="Id of the other document.")]
    start: Offset
    end: Offset
    text: Annotated[str, Meta(description="The spanned text of the other document.")]
    role: Annotated[str | None, Meta(description="What the span is to the finding.")] = None
    selector: Annotated[
        TextQuoteSelector | None,
        Meta(description="A text-quote anchor for highlighting the span in the other page."),
    ] = None


class Finding(msgspec.Struct, frozen=True, kw_only=True):
    """One observation a heuristic makes, pointing at the text it is about."""

    kind: MachineName
    severity: Annotated[
        Severity, Meta(description="How much the finding should weigh with a reader.")
    ]
    message: Annotated[str, Meta(description="Why this matters, in plain language.")]
    spans: Annotated[
        tuple[Span, ...], Meta(description="Where in this document the finding is.")
    ] = ()
    related: Annotated[
        tuple[RelatedSpan, ...],
        Meta(description="Related places in other documents (cross-source findings)."),
    ] = ()


class Outcome(msgspec.Struct, frozen=True, kw_only=True):
    """What a heuristic's `evaluate` returns; the engine adds who, when and how long.

    `score` is 1.0 for the most trustworthy reading and 0.0 for the least, or
    None when the heuristic found nothing to judge. `confidence` says how much
    evidence the score rests on (0: none, 1: plenty).
    """

    score: Score01 | None
    confidence: Score01
    summary: str
    metrics: Mapping[str, Metric] = {}
    findings: tuple[Finding, ...] = ()


class HeuristicResult(msgspec.Struct, frozen=True, kw_only=True):
    """One heuristic's result within a scorecard."""

    name: Annotated[str, Meta(description="The heuristic's name.")]
    plugin: Annotated[str, Meta(description="The plugin (distribution) that registered it.")]
    plugin_version: Annotated[str, Meta(description="The plugin's version.")]
    version: Annotated[str, Meta(description="The heuristic's own version.")]
    status: Annotated[
        Status,
        Meta(description="Whether it ran (`ok`) or failed (`error`, `timeout`) or was skipped."),
    ]
    score: Score01 | None
    confidence: Score01
    weight: Weight
    summary: Annotated[str, Meta(description="One sentence on what it found.")]
    metrics: Annotated[
        dict[str, Metric],
        Meta(
            description=(
                "Named values the heuristic measured: numbers, ISO dates, or null when it "
                "had nothing to measure a value by."
            )
        ),
    ] = {}
    findings: Annotated[
        tuple[Finding, ...], Meta(description="What it found, each pointing at the text.")
    ] = ()
    elapsed_ms: Annotated[float, Meta(description="Time the heuristic took, in milliseconds.")] = (
        0.0
    )
    message: Annotated[
        str | None, Meta(description="Why it failed, when status is `error` or `timeout`.")
    ] = None


class Reason(msgspec.Struct, frozen=True, kw_only=True):
    """One measured feature behind a contribution, with its points."""

    label: Annotated[str, Meta(description='What was measured, for a reader ("named sources").')]
    points: Annotated[float, Meta(description="Its points up (+) or down (-).")]


class Contribution(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """One heuristic's share of the overall score, in points up or down from the baseline.

    The contributions of a scorecard add up to `score - baseline`.
    """

    heuristic: Annotated[str, Meta(description="The heuristic's name.")]
    points: Annotated[
        float, Meta(description="Points this heuristic moves the score up (+) or down (-).")
    ]
    basis: Annotated[
        Literal["fitted", "prior", "lower-bound", "baseline"],
        Meta(
            description=(
                "`fitted`: read by the fitted model; `prior`: a heuristic the model was not "
                "fitted on, counted by its score at a small fixed strength; `lower-bound`: it "
                "failed or timed out and counts at its least favourable value; `baseline`: "
                "disabled, excluded or nothing to judge, so it moves nothing."
            )
        ),
    ]
    reasons: Annotated[
        tuple[Reason, ...],
        Meta(description="What moved it, largest first; their points add up to about `points`."),
    ] = ()
    open_points: Annotated[
        float,
        Meta(
            description="How many more points it could have added had it completed (failures only)."
        ),
    ] = 0.0


class Aggregate(msgspec.Struct, frozen=True, kw_only=True):
    """The overall judgement an aggregation hook returns.

    `baseline`, `score_range` and `contributions` are optional for a replacement
    aggregation; the built-in one fills them so that the contributions add up
    to `score - baseline`.
    """

    score: Score100 | None
    grade: str
    confidence: Score01
    method: str
    baseline: Score100 | None = None
    score_range: tuple[Score100, Score100] | None = None
    contributions: tuple[Contribution, ...] = ()


class Scorecard(msgspec.Struct, frozen=True, kw_only=True):
    """How far to trust one document, and why: the overall score and each heuristic's result."""

    document_id: Annotated[str, Meta(description="The scored document's id.")]
    score: Score100 | None
    grade: Annotated[str, Meta(description="A, B, C, D, F, or `insufficient evidence`.")]
    confidence: Score01
    aggregation: Annotated[str, Meta(description="How the overall score was computed.")]
    engine_version: Annotated[
        str, Meta(description="Version of the engine that produced this scorecard.")
    ]
    heuristics: Annotated[
        tuple[HeuristicResult, ...], Meta(description="One result per heuristic, in run order.")
    ]
    peers: Annotated[
        tuple[str, ...], Meta(description="Ids of the documents it was compared against.")
    ] = ()
    baseline: Annotated[
        Score100 | None,
        Meta(
            description=(
                "The score of an article on which every heuristic reads at its fitted average; "
                "`contributions` move the score from here."
            )
        ),
    ] = None
    score_range: Annotated[
        tuple[Score100, Score100] | None,
        Meta(
            description=(
                "Lowest and highest score the missing evidence leaves open (a heuristic that "
                "failed or timed out); `score` is the lowest. Equal ends when nothing is missing."
            )
        ),
    ] = None
    contributions: Annotated[
        tuple[Contribution, ...],
        Meta(
            description=(
                "Each heuristic's points up or down from `baseline`; they add up to the score."
            )
        ),
    ] = ()
    title: Annotated[str | None, Meta(description="The document's title, when known.")] = None
    analysis_ms: Annotated[
        float,
        Meta(
            description=(
                "Time spent building the shared analysis (sentences, tokens, names, numbers, "
                "dates, quotations) before the heuristics ran, in milliseconds; no heuristic's "
                "`elapsed_ms` includes it."
            )
        ),
    ] = 0.0


class HeuristicInfo(msgspec.Struct, frozen=True, kw_only=True):
    """An installed heuristic as listed by `reliability heuristics`."""

    name: Annotated[str, Meta(description="The heuristic's name.")]
    plugin: Annotated[str, Meta(description="The plugin (distribution) that registered it.")]
    plugin_version: Annotated[str, Meta(description="The plugin's version.")]
    version: Annotated[str, Meta(description="The heuristic's own version.")]
    description: Annotated[str, Meta(description="What it judges.")]
    default_weight: Annotated[float, Meta(description="Its weight unless configured.")]
    weight: Annotated[float, Meta(description="Its weight as configured.")]
    enabled: Annotated[bool, Meta(description="Whether it runs unless a request says otherwise.")]
    cross_document: Annotated[
        bool, Meta(description="Whether it compares a document with its peers.")
    ]
    requires: Annotated[
        tuple[str, ...], Meta(description="Heuristics whose results it reads.")
    ] = ()
