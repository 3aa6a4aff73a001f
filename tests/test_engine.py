"""The engine: ordering, weights, options, isolation of broken heuristics, aggregation."""

from __future__ import annotations

import threading
import time

import pytest
from factories import plugin_of

from reliability import (
    Aggregate,
    Context,
    Finding,
    Heuristic,
    Outcome,
    ScoreOptions,
    Severity,
    Span,
    Status,
    TextQuoteSelector,
    UnknownHeuristicError,
    hookimpl,
    make_document,
)
from reliability.config import Settings
from reliability.isolation import WALL_FACTOR
from reliability.scoring.model import PRIOR_LOGIT, load_model, sigmoid

INTERCEPT = load_model().intercept


def expected(*parts: float) -> float:
    """The built-in aggregation's score for heuristics the model was not fitted on.

    Each such heuristic adds `weight * PRIOR_LOGIT * confidence * (2 * score - 1)`
    to the log-odds; one that failed adds `-weight * PRIOR_LOGIT`.
    """
    return round(100 * sigmoid(INTERCEPT + sum(parts)), 1)


def prior(score: float, confidence: float = 1.0, weight: float = 1.0) -> float:
    return weight * PRIOR_LOGIT * confidence * (2 * score - 1)


def adds_up(card) -> bool:
    return round(card.baseline + sum(c.points for c in card.contributions), 1) == card.score


TEXT = "Officials said on Monday that 40 people died. Obviously, this is a disaster."


class Fixed(Heuristic):
    """Returns a fixed score, with one finding on the first word."""

    version = "2.0.0"
    description = "A fixed score."

    def __init__(
        self,
        name: str,
        score: float | None = 0.8,
        confidence: float = 1.0,
        requires: tuple[str, ...] = (),
        weight: float = 1.0,
    ) -> None:
        self.name = name
        self.score = score
        self.confidence = confidence
        self.requires = requires
        self.default_weight = weight
        self.seen: dict = {}

    def evaluate(self, doc, context: Context) -> Outcome:
        self.seen = dict(context.results)
        first = doc.tokens[0]
        return Outcome(
            score=self.score,
            confidence=self.confidence,
            summary=f"{self.name} ran.",
            metrics={"tokens": float(len(doc.tokens))},
            findings=(
                Finding(
                    kind="first-word",
                    severity=Severity.INFO,
                    message="First word.",
                    spans=(doc.span(first.start, first.end, "cue"),),
                ),
            ),
        )


class Raises(Fixed):
    def evaluate(self, doc, context):
        raise RuntimeError("boom")


class Returns(Fixed):
    def __init__(self, name, value):
        super().__init__(name)
        self.value = value

    def evaluate(self, doc, context):
        return self.value(doc) if callable(self.value) else self.value


class Spins(Fixed):
    """Loops in Python until interrupted; records whether it stopped."""

    def __init__(self, name):
        super().__init__(name)
        self.stopped = threading.Event()

    def evaluate(self, doc, context):
        try:
            while True:
                pass
        finally:
            self.stopped.set()


class Sleeps(Fixed):
    """Blocks in a C call that an interrupt cannot stop."""

    def evaluate(self, doc, context):
        time.sleep(3)
        return super().evaluate(doc, context)


def result(card, name):
    (r,) = [r for r in card.heuristics if r.name == name]
    return r


def test_a_scorecard_has_every_part(make_engine):
    engine = make_engine(plugin_of(Fixed("alpha", 0.9), Fixed("beta", 0.5)))
    card = engine.score(make_document(TEXT, title="T"))
    assert card.title == "T" and card.engine_version
    assert [r.name for r in card.heuristics] == ["alpha", "beta"]
    alpha = result(card, "alpha")
    assert alpha.status is Status.OK and alpha.plugin == "test-plugin" and alpha.version == "2.0.0"
    assert alpha.plugin_version
    span = alpha.findings[0].spans[0]
    assert (span.start, span.end, span.text, span.role) == (0, 9, "Officials", "cue")
    # The engine anchors every span by its text too, for pages where offsets mean nothing.
    assert span.selector == TextQuoteSelector(
        exact="Officials", prefix="", suffix=" said on Monday that 40 people d"
    )
    assert alpha.elapsed_ms >= 0 and alpha.metrics["tokens"] > 5
    assert card.score == expected(prior(0.9), prior(0.5)) and card.confidence == 1.0
    assert card.grade == load_model().grade(card.score)
    assert card.baseline == round(100 * sigmoid(INTERCEPT), 1)
    assert card.score_range == (card.score, card.score)
    assert [(c.heuristic, c.basis) for c in card.contributions] == [
        ("alpha", "prior"),
        ("beta", "prior"),
    ]
    assert card.contributions[0].points > 0 and card.contributions[1].points == 0
    assert adds_up(card)


def test_weights_from_settings_and_request(make_engine):
    settings = Settings(weights={"alpha": 3.0})
    engine = make_engine(plugin_of(Fixed("alpha", 1.0), Fixed("beta", 0.0)), settings=settings)
    assert engine.score(TEXT).score == expected(prior(1.0, weight=3), prior(0.0))
    card = engine.score(TEXT, options=ScoreOptions(weights={"alpha": 1.0, "beta": 3.0}))
    assert card.score == expected(prior(1.0), prior(0.0, weight=3))
    assert result(card, "beta").weight == 3.0 and adds_up(card)
    # Weight 0 leaves a heuristic at the baseline, and the scorecard says so.
    card = engine.score(TEXT, options=ScoreOptions(weights={"alpha": 0.0}))
    assert card.score == expected(prior(0.0))
    assert [c.basis for c in card.contributions] == ["baseline", "prior"]


def test_enable_disable_by_settings_and_request(make_engine):
    plugins = plugin_of(Fixed("alpha"), Fixed("beta"), Fixed("gamma"))
    engine = make_engine(plugins, settings=Settings(disable=["beta"]))
    assert [r.name for r in engine.score(TEXT).heuristics] == ["alpha", "gamma"]
    assert [i.enabled for i in engine.heuristics()] == [True, False, True]
    only = engine.score(TEXT, options=ScoreOptions(include=["beta"]))
    assert [r.name for r in only.heuristics] == ["beta"]
    skip = engine.score(TEXT, options=ScoreOptions(exclude=["gamma"]))
    assert [r.name for r in skip.heuristics] == ["alpha"]
    engine = make_engine(
        plugin_of(Fixed("alpha"), Fixed("beta")), settings=Settings(enable=["beta"])
    )
    assert [r.name for r in engine.score(TEXT).heuristics] == ["beta"]


def test_unknown_heuristic_in_request_is_an_input_error(make_engine):
    engine = make_engine(plugin_of(Fixed("alpha")))
    with pytest.raises(UnknownHeuristicError, match=r"unknown heuristic.*nope.*installed: alpha"):
        engine.score(TEXT, options=ScoreOptions(exclude=["nope"]))


def test_dependencies_run_first_and_results_are_passed(make_engine):
    reader = Fixed("reader", requires=("source",))
    engine = make_engine(plugin_of(reader, Fixed("source", 0.3)))
    card = engine.score(TEXT)
    assert [r.name for r in card.heuristics] == ["source", "reader"]
    assert reader.seen["source"].score == 0.3


def test_dependency_cycles_are_refused_naming_the_cycle(make_engine):
    engine = make_engine(
        plugin_of(Fixed("a", requires=("b",)), Fixed("b", requires=("a",)), Fixed("c"))
    )
    assert [i.name for i in engine.heuristics()] == ["c"]
    messages = " ".join(p.message for p in engine.problems)
    assert "dependency cycle" in messages and "'a'" in messages and "'b'" in messages


def test_duplicate_names_are_refused_naming_both_plugins(make_engine):
    engine = make_engine(
        plugin_of(Fixed("same", 0.9), name="first-plugin"),
        plugin_of(Fixed("same", 0.1), name="second-plugin"),
    )
    assert [(i.name, i.plugin) for i in engine.heuristics()] == [("same", "first-plugin")]
    (problem,) = engine.problems
    assert "second-plugin" in problem.message and "first-plugin" in problem.message


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        (object(), "invalid name"),
        (Fixed("Bad Name"), "invalid name"),
        (Fixed, "class"),
    ],
)
def test_invalid_registrations_are_refused(make_engine, bad, reason):
    engine = make_engine(plugin_of(bad, Fixed("fine"), name="sloppy"))
    assert [i.name for i in engine.heuristics()] == ["fine"]
    assert reason in engine.problems[0].message and engine.problems[0].plugin == "sloppy"


def test_a_plugin_whose_registration_raises_costs_only_itself(make_engine):
    class Broken:
        __name__ = "broken"

        @hookimpl
        def register_heuristics(self, register):
            raise ValueError("cannot start")

    engine = make_engine(Broken(), plugin_of(Fixed("fine")))
    assert [i.name for i in engine.heuristics()] == ["fine"]
    assert "cannot start" in engine.problems[0].message


def test_a_raising_heuristic_gives_an_error_result_only(make_engine):
    engine = make_engine(plugin_of(Raises("broken"), Fixed("fine", 0.6)))
    card = engine.score(TEXT)
    broken = result(card, "broken")
    assert broken.status is Status.ERROR and "RuntimeError: boom" in broken.message
    assert broken.score is None and broken.findings == ()
    assert result(card, "fine").status is Status.OK
    # A failure counts at its least favourable value: it can only lower the score.
    assert card.score == expected(prior(0.6), -PRIOR_LOGIT)
    assert card.score < make_engine(plugin_of(Fixed("fine", 0.6))).score(TEXT).score
    assert card.score_range == (card.score, expected(prior(0.6), PRIOR_LOGIT))
    broken_part = card.contributions[0]
    assert broken_part.basis == "lower-bound" and broken_part.points < 0
    assert broken_part.open_points == round(card.score_range[1] - card.score, 1)
    assert adds_up(card)


def _bad_span(doc):
    return Outcome(
        score=0.5,
        confidence=0.5,
        summary="s",
        findings=(
            Finding(
                kind="x",
                severity=Severity.INFO,
                message="m",
                spans=(Span(start=0, end=4, text="Nope"),),
            ),
        ),
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"score": 0.5}, "returned dict, not Outcome"),
        (None, "returned NoneType"),
        (Outcome(score=1.5, confidence=0.5, summary="s"), "Expected `float` <= 1.0"),
        (Outcome(score=0.5, confidence=-1, summary="s"), "confidence"),
        (Outcome(score=float("nan"), confidence=0.5, summary="s"), "not a finite number"),
        (
            Outcome(score=0.5, confidence=0.5, summary="s", metrics={"m": float("inf")}),
            "metric 'm'",
        ),
        (
            Outcome(score=0.5, confidence=0.5, summary="s", metrics={"m": [2025]}),  # type: ignore[dict-item]
            "metric 'm'",
        ),
        (_bad_span, "does not match the document"),
        (
            Outcome(
                score=0.5,
                confidence=0.5,
                summary="s",
                findings=(Finding(kind="Not A Kind", severity=Severity.INFO, message="m"),),
            ),
            "kind",
        ),
    ],
)
def test_an_invalid_result_gives_an_error_result(make_engine, value, message):
    engine = make_engine(plugin_of(Returns("bad", value), Fixed("fine")))
    card = engine.score(TEXT)
    bad = result(card, "bad")
    assert bad.status is Status.ERROR
    assert message in bad.message
    assert result(card, "fine").status is Status.OK


def test_a_metric_may_be_a_number_or_a_string(make_engine):
    metrics = {"lag_days": 12, "estimated_start": "2019-01-23"}
    card = make_engine(
        plugin_of(
            Returns("dated", Outcome(score=0.5, confidence=0.5, summary="s", metrics=metrics))
        )
    ).score(TEXT)
    assert result(card, "dated").metrics == metrics


def test_a_spinning_heuristic_times_out_and_is_stopped(make_engine):
    spinner = Spins("spinner")
    engine = make_engine(plugin_of(spinner, Fixed("fine", 0.7)), settings=Settings(timeout=0.2))
    started = time.perf_counter()
    card = engine.score(TEXT)
    assert time.perf_counter() - started < 1.5
    spin = result(card, "spinner")
    assert spin.status is Status.TIMEOUT and "0.2 s" in spin.message
    assert result(card, "fine").status is Status.OK
    assert card.score == expected(prior(0.7), -PRIOR_LOGIT)
    assert spinner.stopped.wait(2), "the overrunning heuristic was not interrupted"
    # The engine keeps working afterwards.
    assert result(engine.score(TEXT), "fine").status is Status.OK


def test_a_heuristic_blocked_in_c_code_times_out_without_blocking_others(make_engine):
    engine = make_engine(
        plugin_of(Sleeps("sleeper"), Fixed("fine")), settings=Settings(timeout=0.2)
    )
    started = time.perf_counter()
    cards = [engine.score(TEXT) for _ in range(3)]
    # Blocking uses no CPU time, so the wall-clock ceiling stops it.
    assert time.perf_counter() - started < 3 * (0.2 * WALL_FACTOR + 0.3)
    assert all(result(c, "sleeper").status is Status.TIMEOUT for c in cards)
    assert all(result(c, "fine").status is Status.OK for c in cards)


def test_system_exit_in_a_plugin_does_not_end_the_process(make_engine):
    def leave(doc):
        raise SystemExit(3)

    card = make_engine(plugin_of(Returns("quitter", leave))).score(TEXT)
    assert result(card, "quitter").status is Status.ERROR


def test_low_confidence_gives_insufficient_evidence(make_engine):
    engine = make_engine(plugin_of(Fixed("weak", 0.9, confidence=0.1), Raises("broken")))
    card = engine.score(TEXT)
    # One of two heuristics came back, with a tenth of the confidence it could have;
    # the failure leaves a wide range open.
    assert card.grade == "insufficient evidence" and card.confidence == pytest.approx(0.05)
    assert card.score == expected(prior(0.9, 0.1), -PRIOR_LOGIT)
    assert card.score_range[1] - card.score > load_model().max_open_points
    nothing = make_engine(plugin_of(Fixed("empty", None))).score(TEXT)
    assert nothing.score is None and nothing.grade == "insufficient evidence"


def test_no_heuristics_gives_insufficient_evidence(make_engine):
    card = make_engine().score(TEXT)
    assert card.score is None and card.grade == "insufficient evidence" and card.heuristics == ()


def test_aggregation_can_be_replaced_by_a_plugin(make_engine):
    class Minimum:
        __name__ = "minimum"

        @hookimpl
        def aggregate_scorecard(self, results):
            scores = [r.score for r in results if r.score is not None]
            return Aggregate(score=100 * min(scores), grade="min", confidence=1.0, method="minimum")

    engine = make_engine(plugin_of(Fixed("a", 0.9), Fixed("b", 0.2)), Minimum())
    card = engine.score(TEXT)
    assert (card.score, card.grade, card.aggregation) == (pytest.approx(20.0), "min", "minimum")


def test_a_failing_aggregation_falls_back_to_the_built_in(make_engine):
    class Broken:
        __name__ = "broken-aggregation"

        @hookimpl
        def aggregate_scorecard(self):
            raise ZeroDivisionError("oops")

    card = make_engine(plugin_of(Fixed("a", 0.9)), Broken()).score(TEXT)
    assert card.score == expected(prior(0.9)) and adds_up(card)
    assert "replacement failed: ZeroDivisionError" in card.aggregation


def test_cross_document_heuristics_receive_peers_and_others_do_not(make_engine):
    seen: dict[str, list[str]] = {}

    class Peers(Fixed):
        cross_document = True

        def evaluate(self, doc, context):
            seen[self.name] = [p.id for p in context.peers]
            return super().evaluate(doc, context)

    class Lonely(Peers):
        cross_document = False

    engine = make_engine(plugin_of(Peers("cross"), Lonely("single")))
    docs = [make_document(f"Story number {i} said officials.") for i in range(3)]
    cards = list(engine.score_many(docs, compare=True))
    assert [c.document_id for c in cards] == [d.id for d in docs]
    assert cards[0].peers == (docs[1].id, docs[2].id)
    assert seen["cross"] == [docs[0].id, docs[1].id] and seen["single"] == []


def test_related_spans_must_point_into_a_peer(make_engine):
    from reliability import RelatedSpan

    peer = make_document("Peer text with 60 civilians.")

    def related(doc, ok=True):
        start = peer.text.index("60")
        return Outcome(
            score=0.5,
            confidence=0.5,
            summary="s",
            findings=(
                Finding(
                    kind="figure-conflict",
                    severity=Severity.MINOR,
                    message="m",
                    related=(
                        RelatedSpan(
                            document_id=peer.id if ok else "zzz",
                            start=start,
                            end=start + 2,
                            text="60",
                        ),
                    ),
                ),
            ),
        )

    class Cross(Returns):
        cross_document = True

    good = make_engine(plugin_of(Cross("cross", related))).score(TEXT, peers=[peer])
    assert result(good, "cross").status is Status.OK
    (rel,) = result(good, "cross").findings[0].related
    assert rel.selector == TextQuoteSelector(
        exact="60", prefix="Peer text with ", suffix=" civilians."
    )
    bad = make_engine(plugin_of(Cross("cross", lambda d: related(d, ok=False)))).score(
        TEXT, peers=[peer]
    )
    assert "unknown document 'zzz'" in result(bad, "cross").message


def test_text_over_the_limit_is_refused(make_engine):
    from reliability import DocumentTooLarge

    engine = make_engine(plugin_of(Fixed("a")), settings=Settings(max_text_bytes=10))
    with pytest.raises(DocumentTooLarge):
        engine.score(TEXT)


def test_in_the_main_thread_heuristics_run_in_it_one_after_another(make_engine):
    threads = []

    def where(doc):
        threads.append(threading.current_thread())
        return Outcome(score=0.5, confidence=1.0, summary="Ran.")

    engine = make_engine(plugin_of(Returns("one", where), Returns("two", where)))
    card = engine.score(TEXT)
    assert threads == [threading.main_thread()] * 2  # no hand-off to another thread
    assert {h.status for h in card.heuristics} == {Status.OK}


def test_off_the_main_thread_failures_are_still_isolated(make_engine):
    engine = make_engine(
        plugin_of(Spins("spinner"), Raises("broken"), Fixed("fine")),
        settings=Settings(timeout=0.2),
    )
    cards = []
    caller = threading.Thread(target=lambda: cards.append(engine.score(TEXT)))
    caller.start()
    caller.join(10)
    (card,) = cards
    assert result(card, "spinner").status is Status.TIMEOUT
    assert result(card, "broken").status is Status.ERROR
    assert result(card, "fine").status is Status.OK
