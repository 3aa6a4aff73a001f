"""The scoring engine: runs the enabled heuristics over one analysis of a document.

Before the first heuristic, the engine builds the document's shared analysis
(`Analysis.build`: paragraphs, quotations, sentences, tokens, folded words,
names, numbers, dates), and those of its peers when a cross-document heuristic
is to run. The built-ins read all of these parts, so they are built whole
rather than on first use: then no heuristic's budget pays for the analysis
that every heuristic shares, and its `elapsed_ms` is its own work. (A set of
heuristics that reads few parts still pays for all, a few milliseconds per
article; any part outside `Analysis.PARTS` stays lazy.) The analysis still
counts against a document's deadline in a worker (`reliability.workers`),
which skips it when the deadline has passed and no heuristic will run; its
time is the scorecard's `analysis_ms`.

Heuristics run in dependency order, one after another in the calling thread
when it is the main thread, each under its CPU-time budget (see
`reliability.isolation`). A heuristic that raises, returns an
invalid result or overruns gets a result with status `error` or `timeout` and
a message; the others and the scorecard are unaffected.
"""

from __future__ import annotations

import contextlib
import gc
import graphlib
import math
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Annotated, Any

import msgspec
from msgspec import Meta

from reliability import aggregation
from reliability.analysis import Analysis
from reliability.config import Settings, load_settings
from reliability.document import Document, check_size, make_document
from reliability.errors import UnknownHeuristicError
from reliability.heuristic import Context, Memos
from reliability.isolation import HeuristicTimeout, Interrupted, IsolatedRunner
from reliability.models import (
    Aggregate,
    HeuristicInfo,
    HeuristicResult,
    Outcome,
    Scorecard,
    Status,
    TextQuoteSelector,
)
from reliability.plugins import PluginProblem, Registered, load_registry, validate_options
from reliability.version import __version__

ENGINE_VERSION = __version__


class ScoreOptions(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Per-request choices that override configuration."""

    include: Annotated[
        list[str] | None,
        Meta(description="Run only these heuristics (default: every enabled one)."),
    ] = None
    exclude: Annotated[list[str], Meta(description="Heuristics not to run.")] = []
    weights: Annotated[
        dict[str, Annotated[float, Meta(ge=0)]],
        Meta(description="Weights by heuristic name, overriding configuration."),
    ] = {}


class InvalidResult(Exception):
    """A heuristic returned something the engine cannot put in a scorecard."""


class Engine:
    """Loads plugins once and scores documents. Safe to share between threads."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        entry_points: bool = True,
        plugins: Iterable[Any] = (),
    ) -> None:
        self.settings = settings if settings is not None else load_settings()
        self.plugin_manager, self.registry = load_registry(
            entry_points=entry_points, plugins=plugins
        )
        # Options are checked now, so a bad key stops start-up rather than a scoring.
        self._options = validate_options(self.registry, self.settings.options)
        self._runner = IsolatedRunner()
        graph = {
            name: [d for d in reg.heuristic.requires if d in self.registry.heuristics]
            for name, reg in self.registry.heuristics.items()
        }
        # Cycles were refused at load time, so this order always exists.
        self._order = list(graphlib.TopologicalSorter(graph).static_order())

    # -- what is installed -------------------------------------------------

    @property
    def problems(self) -> list[PluginProblem]:
        """Plugins or heuristics that failed to load or were refused."""
        return list(self.registry.problems)

    def _configured_weight(self, reg: Registered) -> float:
        return float(self.settings.weights.get(reg.heuristic.name, reg.heuristic.default_weight))

    def _enabled_by_settings(self, name: str) -> bool:
        enable = self.settings.enable
        return (enable is None or name in enable) and name not in self.settings.disable

    def heuristics(self) -> list[HeuristicInfo]:
        """Every installed heuristic, in run order, with its configured state."""
        infos = []
        for name in self._order:
            reg = self.registry.heuristics[name]
            h = reg.heuristic
            infos.append(
                HeuristicInfo(
                    name=name,
                    plugin=reg.plugin,
                    plugin_version=reg.plugin_version,
                    version=h.version,
                    description=h.description,
                    default_weight=float(h.default_weight),
                    weight=self._configured_weight(reg),
                    enabled=self._enabled_by_settings(name),
                    cross_document=h.cross_document,
                    requires=tuple(h.requires),
                )
            )
        return infos

    def plan(
        self, options: ScoreOptions | None = None
    ) -> tuple[list[Registered], dict[str, float]]:
        """The heuristics to run for a request, in order, and their weights.

        Raises `UnknownHeuristicError` when the options name a heuristic that is not installed.
        """
        options = options or ScoreOptions()
        known = self.registry.heuristics
        named = [*(options.include or ()), *options.exclude, *options.weights]
        unknown = sorted({n for n in named if n not in known})
        if unknown:
            raise UnknownHeuristicError(
                f"unknown heuristic(s) {', '.join(unknown)}; installed: {', '.join(self._order)}",
                path="options",
            )
        if options.include is not None:
            chosen = [n for n in self._order if n in options.include]
        else:
            chosen = [n for n in self._order if self._enabled_by_settings(n)]
        chosen = [n for n in chosen if n not in options.exclude]
        regs = [known[n] for n in chosen]
        weights = {
            reg.heuristic.name: float(
                options.weights.get(reg.heuristic.name, self._configured_weight(reg))
            )
            for reg in regs
        }
        return regs, weights

    # -- scoring -------------------------------------------------------------

    def prepare(self, document: Document | str) -> Analysis:
        """Check a document against the limits and wrap it in a (lazy) analysis."""
        doc = make_document(document) if isinstance(document, str) else document
        check_size(doc, self.settings.max_text_bytes)
        return Analysis(doc)

    def score(
        self,
        document: Document | str | Analysis,
        *,
        peers: Sequence[Document | Analysis] = (),
        options: ScoreOptions | None = None,
    ) -> Scorecard:
        """Score one document, optionally against its peers (other coverage of the story)."""
        regs, weights = self.plan(options)
        analysis = document if isinstance(document, Analysis) else self.prepare(document)
        peer_analyses = [p if isinstance(p, Analysis) else self.prepare(p) for p in peers]
        return self._score(analysis, peer_analyses, regs, weights)

    def score_many(
        self,
        documents: Iterable[Document | str],
        *,
        compare: bool = False,
        options: ScoreOptions | None = None,
    ) -> Iterator[Scorecard]:
        """Score documents in order; with `compare`, each against all the others as one story."""
        regs, weights = self.plan(options)
        if not compare:
            for doc in documents:
                yield self._score(self.prepare(doc), [], regs, weights)
            return
        analyses = [self.prepare(doc) for doc in documents]
        memos = Memos()  # one story: what a heuristic keeps for one document serves the others
        for i, analysis in enumerate(analyses):
            yield self._score(analysis, analyses[:i] + analyses[i + 1 :], regs, weights, memos)

    def _score(
        self,
        analysis: Analysis,
        peers: Sequence[Analysis],
        regs: Sequence[Registered],
        weights: Mapping[str, float],
        memos: Memos | None = None,
    ) -> Scorecard:
        with collection_paused():
            return self._score_document(analysis, peers, regs, weights, memos)

    def _score_document(
        self,
        analysis: Analysis,
        peers: Sequence[Analysis],
        regs: Sequence[Registered],
        weights: Mapping[str, float],
        memos: Memos | None,
    ) -> Scorecard:
        results: dict[str, HeuristicResult] = {}
        # Products live for this document's scoring only; never in the scorecard.
        products: dict[str, object] = {}
        memos = memos if memos is not None else Memos()
        analysis_ms = self.analyse(analysis, peers, regs)
        for reg in regs:
            h = reg.heuristic
            context = Context(
                peers=peers if h.cross_document else (),
                results={d: results[d] for d in h.requires if d in results},
                products={d: products[d] for d in h.requires if d in products},
                options=self._options[h.name],
                memos=memos,
                heuristic=h.name,
                document=analysis,
                publishes=getattr(h, "publishes", None),
            )
            results[h.name] = self._run(reg, analysis, context, weights[h.name])
            # A heuristic that failed or overran publishes nothing, whatever it set.
            if results[h.name].status == Status.OK and context.published is not None:
                products[h.name] = context.published
        ordered = list(results.values())
        # Installed heuristics left out (disabled or excluded) reach the aggregation as
        # skipped, so its explanation can say they sit at the baseline.
        left_out = [
            self._skipped(self.registry.heuristics[name])
            for name in self._order
            if name not in results
        ]
        agg = self._aggregate([*ordered, *left_out], {**weights, **{r.name: 0.0 for r in left_out}})
        return Scorecard(
            document_id=analysis.id,
            title=analysis.document.title,
            score=agg.score,
            grade=agg.grade,
            confidence=agg.confidence,
            aggregation=agg.method,
            engine_version=ENGINE_VERSION,
            heuristics=tuple(ordered),
            peers=tuple(p.id for p in peers),
            baseline=agg.baseline,
            score_range=agg.score_range,
            contributions=agg.contributions,
            analysis_ms=analysis_ms,
        )

    def analyse(
        self, analysis: Analysis, peers: Sequence[Analysis], regs: Sequence[Registered]
    ) -> float:
        """Build the shared analysis the heuristics read; return the milliseconds it took.

        The document's parts are built when any heuristic is to run, its peers'
        when a cross-document one is. Parts already built (a peer scored
        earlier in the same story) are not built again.
        """
        if not regs:
            return 0.0
        seconds = analysis.build()
        if any(reg.heuristic.cross_document for reg in regs):
            seconds += sum(peer.build() for peer in peers)
        return round(seconds * 1000, 3)

    @staticmethod
    def _skipped(reg: Registered) -> HeuristicResult:
        h = reg.heuristic
        return HeuristicResult(
            name=h.name,
            plugin=reg.plugin,
            plugin_version=reg.plugin_version,
            version=h.version,
            status=Status.SKIPPED,
            score=None,
            confidence=0.0,
            weight=0.0,
            summary=f"{h.name} was not run (disabled or excluded).",
        )

    def budget(self, reg: Registered) -> float:
        """The CPU seconds one run of this heuristic may take: its own `budget`, else `timeout`."""
        return reg.budget if reg.budget is not None else self.settings.timeout

    def _run(
        self, reg: Registered, analysis: Analysis, context: Context, weight: float
    ) -> HeuristicResult:
        h = reg.heuristic
        status, message, outcome = Status.OK, None, None
        start = time.perf_counter()
        try:
            raw = self._runner.call(lambda: h.evaluate(analysis, context), self.budget(reg))
            outcome = check_outcome(raw, analysis, context.peers)
        except HeuristicTimeout as exc:
            status, message = Status.TIMEOUT, str(exc)
        except InvalidResult as exc:
            status, message = Status.ERROR, f"invalid result: {exc}"
        except (KeyboardInterrupt, Interrupted):
            raise
        except BaseException as exc:  # a plugin's failure is its own, never the scorecard's
            status, message = Status.ERROR, f"{type(exc).__name__}: {exc}"
        elapsed = round((time.perf_counter() - start) * 1000, 3)
        if outcome is None:
            return self.failed_result(reg, weight, status, str(message), elapsed_ms=elapsed)
        return result_from_outcome(
            h,
            outcome,
            plugin=reg.plugin,
            plugin_version=reg.plugin_version,
            weight=weight,
            elapsed_ms=elapsed,
        )

    @staticmethod
    def failed_result(
        reg: Registered, weight: float, status: Status, message: str, *, elapsed_ms: float = 0.0
    ) -> HeuristicResult:
        """The result of a heuristic that did not complete (`error` or `timeout`), and why."""
        h = reg.heuristic
        return HeuristicResult(
            name=h.name,
            plugin=reg.plugin,
            plugin_version=reg.plugin_version,
            version=h.version,
            weight=weight,
            elapsed_ms=elapsed_ms,
            status=status,
            score=None,
            confidence=0.0,
            summary=f"{h.name} did not complete: {message}",
            message=message,
        )

    def _aggregate(self, results: list[HeuristicResult], weights: Mapping[str, float]) -> Aggregate:
        hook = self.plugin_manager.hook.aggregate_scorecard
        kwargs: dict[str, Any] = {
            "results": results,
            "weights": weights,
            "min_confidence": self.settings.min_confidence,
        }
        try:
            agg = hook(**kwargs)
            return msgspec.convert(msgspec.to_builtins(agg), Aggregate)
        except Exception as exc:
            # A replacement aggregation that fails falls back to the built-in one.
            fallback = aggregation.aggregate_scorecard(**kwargs)
            return msgspec.structs.replace(
                fallback,
                method=f"{fallback.method} (replacement failed: {type(exc).__name__}: {exc})",
            )


def result_from_outcome(
    heuristic: Any,
    outcome: Outcome,
    *,
    plugin: str,
    plugin_version: str,
    weight: float = 1.0,
    elapsed_ms: float = 0.0,
) -> HeuristicResult:
    """The result of a successful run, as dependents see it in `context.results`."""
    return HeuristicResult(
        name=heuristic.name,
        plugin=plugin,
        plugin_version=plugin_version,
        version=heuristic.version,
        weight=weight,
        elapsed_ms=elapsed_ms,
        status=Status.OK,
        score=outcome.score,
        confidence=outcome.confidence,
        summary=outcome.summary,
        metrics=dict(outcome.metrics),
        findings=outcome.findings,
    )


_outcome_check = msgspec.json.Decoder(Outcome)
_encoder = msgspec.json.Encoder()


@contextlib.contextmanager
def collection_paused() -> Iterator[None]:
    """Python's cyclic garbage collector held off while one document is scored.

    A document's analysis holds a few objects per word, all alive until the
    scorecard is made; every full collection meanwhile walks all of them, so
    on a 2 MB text the collections alone made the heuristics' cost grow faster
    than the text (hedging's time grew with exponent 1.28 instead of 0.91).
    What scoring frees is freed by reference counting as before; the few
    cycles it leaves wait for the next collection after the document. When
    the collector is already off (the caller's choice), nothing changes.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def check_outcome(raw: Any, analysis: Analysis, peers: Sequence[Analysis]) -> Outcome:
    """Validate what a heuristic returned; raise `InvalidResult` saying what is wrong."""
    if not isinstance(raw, Outcome):
        raise InvalidResult(f"evaluate() returned {type(raw).__name__}, not Outcome")
    for key, value in raw.metrics.items():
        if value is None or isinstance(value, str):
            continue
        if not isinstance(value, int | float) or not math.isfinite(value):
            raise InvalidResult(
                f"metric {key!r} is {value!r}, not a finite number, a string or None"
            )
    numbers: tuple[tuple[float | None, str], ...] = (
        (raw.score, "score"),
        (raw.confidence, "confidence"),
    )
    for number, what in numbers:
        if number is not None and not (isinstance(number, int | float) and math.isfinite(number)):
            raise InvalidResult(f"{what} is {number!r}, not a finite number")
    try:
        # Round-trip through JSON so the models' constraints (ranges, names) apply.
        outcome = _outcome_check.decode(_encoder.encode(raw))
    except (msgspec.ValidationError, msgspec.EncodeError, TypeError) as exc:
        raise InvalidResult(str(exc)) from None
    text = analysis.text
    # Only findings that point into other documents need the peers' texts.
    related = any(finding.related for finding in outcome.findings)
    peer_texts = {p.id: p.text for p in peers} if related else {}
    for finding in outcome.findings:
        for span in finding.spans:
            if (
                span.end > len(text)
                or span.start > span.end
                or text[span.start : span.end] != span.text
            ):
                raise InvalidResult(
                    f"finding {finding.kind!r}: span [{span.start}, {span.end}) {span.text!r} "
                    "does not match the document's text"
                )
        for rel in finding.related:
            other = peer_texts.get(rel.document_id)
            if other is None:
                raise InvalidResult(
                    f"finding {finding.kind!r}: related span names unknown document "
                    f"{rel.document_id!r}"
                )
            if (
                rel.end > len(other)
                or rel.start > rel.end
                or other[rel.start : rel.end] != rel.text
            ):
                raise InvalidResult(
                    f"finding {finding.kind!r}: related span [{rel.start}, {rel.end}) does not "
                    f"match document {rel.document_id!r}"
                )
    return _anchored(outcome, text, peer_texts)


ANCHOR_CONTEXT = 32


def text_quote(text: str, start: int, end: int) -> TextQuoteSelector:
    """The W3C text-quote anchor of `text[start:end]`: the quote with 32 characters each side."""
    return TextQuoteSelector(
        exact=text[start:end],
        prefix=text[max(0, start - ANCHOR_CONTEXT) : start],
        suffix=text[end : end + ANCHOR_CONTEXT],
    )


def _anchored(outcome: Outcome, text: str, peer_texts: Mapping[str, str]) -> Outcome:
    """The outcome with a text-quote selector on every span and related span."""
    if not outcome.findings:
        return outcome
    replace = msgspec.structs.replace
    findings = []
    for f in outcome.findings:
        # Inlined `text_quote`: a scorecard has a few hundred spans, each checked to quote
        # `text` exactly, so the quote itself is the span's text.
        spans = tuple(
            replace(
                s,
                selector=TextQuoteSelector(
                    exact=s.text,
                    prefix=text[max(0, s.start - ANCHOR_CONTEXT) : s.start],
                    suffix=text[s.end : s.end + ANCHOR_CONTEXT],
                ),
            )
            for s in f.spans
        )
        if f.related:
            related = tuple(
                replace(r, selector=text_quote(peer_texts[r.document_id], r.start, r.end))
                for r in f.related
            )
            findings.append(replace(f, spans=spans, related=related))
        else:
            findings.append(replace(f, spans=spans))
    return replace(outcome, findings=tuple(findings))


_default_engine: Engine | None = None


def default_engine() -> Engine:
    """The process-wide engine, built on first use from configuration and installed plugins."""
    global _default_engine
    if _default_engine is None:
        _default_engine = Engine()
    return _default_engine


def score(
    document: Document | str,
    *,
    peers: Sequence[Document | str] = (),
    options: ScoreOptions | None = None,
) -> Scorecard:
    """Score a text or `Document`, optionally against peers, with the default engine."""
    engine = default_engine()
    peer_docs = [make_document(p) if isinstance(p, str) else p for p in peers]
    return engine.score(document, peers=peer_docs, options=options)


def score_many(
    documents: Iterable[Document | str],
    *,
    compare: bool = False,
    options: ScoreOptions | None = None,
) -> Iterator[Scorecard]:
    """Score several documents in order; with `compare`, as one story against each other."""
    return default_engine().score_many(documents, compare=compare, options=options)
