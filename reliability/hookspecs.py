"""The plugin contract. Each hook's docstring is its whole contract.

Plugins implement hooks with `@reliability.hookimpl` and are found through the
`reliability` entry-point group. A hook implementation may accept only the
arguments it needs, so hooks can grow without breaking plugins.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from reliability.heuristic import Heuristic
    from reliability.models import Aggregate, HeuristicResult

hookspec = pluggy.HookspecMarker("reliability")
hookimpl = pluggy.HookimplMarker("reliability")


@hookspec
def register_heuristics(register: Callable[[Heuristic], None]) -> None:
    """Register heuristics: call `register` once for each, as `register(heuristic)`.

    `heuristic` is an instance of a `reliability.Heuristic` subclass. The core
    checks it (a valid unique name, a version, an `evaluate` method, known
    types for its attributes: `publishes` a type or None, `options` a msgspec
    Struct refusing unknown fields with a default for each, `budget` None or
    positive seconds), stamps the plugin that registered it, and refuses a
    second heuristic with a name already taken, naming both plugins. The
    configured options of every registered heuristic are then validated
    against its `options` Struct, so a bad key stops start-up.
    Called once when the engine loads plugins; it must not do I/O or slow work.
    """


@hookspec(firstresult=True)
def aggregate_scorecard(
    results: Sequence[HeuristicResult], weights: Mapping[str, float], min_confidence: float
) -> Aggregate | None:
    """Combine the heuristics' results into the overall score, grade and confidence.

    `results` holds every heuristic's result in run order, including those
    with status `error` or `timeout` (whose score is None), followed by the
    installed heuristics the request left out (disabled or excluded), with
    status `skipped`. `weights` maps each of them to the weight in force
    for this request (0 for those left out). `min_confidence` is the
    configured overall confidence below which the grade should be
    "insufficient evidence".
    Return a `reliability.Aggregate` (score 0-100 or None, grade, confidence
    0-1, a short name of the method, and optionally `baseline`,
    `score_range` and `contributions`), or None to leave the decision to the
    next implementation. The first non-None answer wins; the built-in fitted
    model (`reliability.aggregation`) runs last (`trylast`), so a plugin's
    implementation replaces it.
    """
