"""The scorecard and its parts: what every heuristic returns and what clients read.

All models are frozen msgspec Structs; their docstrings and field descriptions
become the JSON Schema that the API publishes.
"""

from __future__ import annotations

import enum
from typing import Annotated

import msgspec
from msgspec import Meta

Score01 = Annotated[float, Meta(ge=0.0, le=1.0, description="A value from 0 to 1.")]
Score100 = Annotated[float, Meta(ge=0.0, le=100.0, description="A value from 0 to 100.")]
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


class Span(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """A stretch of this document's text: `text == document.text[start:end]`."""

    start: Offset
    end: Offset
    text: str
    role: str | None = None


class RelatedSpan(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """A stretch of another document's text that a finding relates to."""

    document_id: str
    start: Offset
    end: Offset
    text: str
    role: str | None = None


class Finding(msgspec.Struct, frozen=True, kw_only=True):
    """One observation a heuristic makes, pointing at the text it is about."""

    kind: MachineName
    severity: Severity
    message: str
    spans: tuple[Span, ...] = ()
    related: tuple[RelatedSpan, ...] = ()


class Outcome(msgspec.Struct, frozen=True, kw_only=True):
    """What a heuristic's `evaluate` returns; the engine adds who, when and how long.

    `score` is 1.0 for the most trustworthy reading and 0.0 for the least, or
    None when the heuristic found nothing to judge. `confidence` says how much
    evidence the score rests on (0: none, 1: plenty).
    """

    score: Score01 | None
    confidence: Score01
    summary: str
    metrics: dict[str, float] = {}
    findings: tuple[Finding, ...] = ()


class HeuristicResult(msgspec.Struct, frozen=True, kw_only=True):
    """One heuristic's result within a scorecard."""

    name: str
    plugin: str
    plugin_version: str
    version: str
    status: Status
    score: Score01 | None
    confidence: Score01
    weight: Weight
    summary: str
    metrics: dict[str, float] = {}
    findings: tuple[Finding, ...] = ()
    elapsed_ms: float = 0.0
    message: str | None = None


class Aggregate(msgspec.Struct, frozen=True, kw_only=True):
    """The overall judgement an aggregation hook returns."""

    score: Score100 | None
    grade: str
    confidence: Score01
    method: str


class Scorecard(msgspec.Struct, frozen=True, kw_only=True):
    """How far to trust one document, and why: the overall score and each heuristic's result."""

    document_id: str
    score: Score100 | None
    grade: str
    confidence: Score01
    aggregation: str
    engine_version: str
    heuristics: tuple[HeuristicResult, ...]
    peers: tuple[str, ...] = ()
    title: str | None = None


class HeuristicInfo(msgspec.Struct, frozen=True, kw_only=True):
    """An installed heuristic as listed by `reliability heuristics`."""

    name: str
    plugin: str
    plugin_version: str
    version: str
    description: str
    default_weight: float
    weight: float
    enabled: bool
    cross_document: bool
    requires: tuple[str, ...] = ()
