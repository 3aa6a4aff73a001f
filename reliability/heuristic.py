"""What a heuristic is: a small object with a name, a version and a pure method.

A heuristic never does I/O. It reads the shared `Analysis` of a document (and,
for a cross-document heuristic, the analyses of its peers) and returns an
`Outcome`. The engine adds the plugin name, timing and status.
"""

from __future__ import annotations

import abc
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

import msgspec

from reliability.analysis import Analysis
from reliability.models import Outcome


class Context(msgspec.Struct, frozen=True, kw_only=True):
    """What a heuristic receives beside the document.

    `peers`: analyses of the other coverage of the same story (empty unless
    the heuristic is cross-document and peers were given). `results`: the
    results of the heuristics named in `requires`, by name (a required
    heuristic that is disabled or missing is absent). `options`: this
    heuristic's settings from configuration.
    """

    peers: Sequence[Analysis] = ()
    results: Mapping[str, Any] = {}
    options: Mapping[str, Any] = {}


class Heuristic(abc.ABC):
    """Base class for heuristics. Subclasses set the class attributes and `evaluate`.

    - `name`: a stable machine name, unique across installed plugins (`hedging`).
    - `version`: the heuristic's own version; bump it when results change.
    - `description`: one sentence saying what it judges.
    - `default_weight`: its weight in the overall score unless configured.
    - `requires`: names of heuristics whose results it reads; they run first.
    - `cross_document`: true when it compares the document with its peers.
    """

    name: ClassVar[str]
    version: ClassVar[str] = "1.0.0"
    description: ClassVar[str] = ""
    default_weight: ClassVar[float] = 1.0
    requires: ClassVar[tuple[str, ...]] = ()
    cross_document: ClassVar[bool] = False

    @abc.abstractmethod
    def evaluate(self, doc: Analysis, context: Context) -> Outcome:
        """Judge one analysed document; must be pure and must not mutate `doc`."""
