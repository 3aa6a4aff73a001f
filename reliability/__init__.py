"""reliability: source-reliability scorecards for news articles.

The public Python API: build a `Document`, score it (alone or with peers) and
read the `Scorecard`. Heuristic authors use `Heuristic`, `Outcome`, `Finding`,
`Severity`, `Context` and `hookimpl`.
"""

from reliability.analysis import Analysis
from reliability.document import Document, make_document
from reliability.engine import (
    ENGINE_VERSION,
    Engine,
    ScoreOptions,
    default_engine,
    score,
    score_many,
)
from reliability.errors import (
    ConfigError,
    DocumentTooLarge,
    InputError,
    PluginError,
    ReliabilityError,
    UnknownHeuristicError,
)
from reliability.heuristic import Context, Heuristic
from reliability.hookspecs import hookimpl
from reliability.models import (
    Aggregate,
    Contribution,
    Finding,
    HeuristicInfo,
    HeuristicResult,
    Outcome,
    RelatedSpan,
    Scorecard,
    Severity,
    Span,
    Status,
    TextQuoteSelector,
)

__version__ = ENGINE_VERSION

__all__ = [
    "Aggregate",
    "Analysis",
    "ConfigError",
    "Context",
    "Contribution",
    "Document",
    "DocumentTooLarge",
    "Engine",
    "Finding",
    "Heuristic",
    "HeuristicInfo",
    "HeuristicResult",
    "InputError",
    "Outcome",
    "PluginError",
    "RelatedSpan",
    "ReliabilityError",
    "ScoreOptions",
    "Scorecard",
    "Severity",
    "Span",
    "Status",
    "TextQuoteSelector",
    "UnknownHeuristicError",
    "__version__",
    "default_engine",
    "hookimpl",
    "make_document",
    "score",
    "score_many",
]
