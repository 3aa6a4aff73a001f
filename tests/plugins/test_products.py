"""Sharing through the engine, as a third-party plugin uses it: products, memos, options, budgets.

The plugin is the guide's own example (`docs/plugins.md`, section 7), written
out exactly as the guide gives it, so the guide cannot drift from what works.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any, ClassVar

import msgspec
import pytest
from factories import plugin_of

from reliability import (
    Analysis,
    ConfigError,
    Context,
    Engine,
    Heuristic,
    Outcome,
    Status,
    make_document,
)
from reliability.config import Settings

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "plugins.md"

QUOTE = "“We will rebuild every house by the spring,” the mayor said."


def _guide_blocks() -> list[str]:
    section = GUIDE.read_text(encoding="utf-8").split("## 7. Sharing", 1)[1]
    return re.findall(r"```py\n(.*?)```", section, re.S)


@pytest.fixture
def quoting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """The guide's `reliability_quoting` module."""
    module_src, _test_src = _guide_blocks()
    path = tmp_path / "reliability_quoting.py"
    path.write_text(module_src, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("reliability_quoting", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "reliability_quoting", module)
    spec.loader.exec_module(module)
    return module


def engine_of(*plugins: Any, **options: dict[str, Any]) -> Engine:
    return Engine(Settings(options=options), entry_points=False, plugins=plugins)


def result(card: Any, name: str) -> Any:
    (found,) = [r for r in card.heuristics if r.name == name]
    return found


def test_the_guide_test_passes(quoting: ModuleType) -> None:
    _module_src, test_src = _guide_blocks()
    namespace: dict[str, Any] = {}
    exec(compile(test_src, "docs/plugins.md", "exec"), namespace)
    tests = [fn for key, fn in namespace.items() if key.startswith("test_")]
    assert len(tests) == 1
    tests[0]()


def test_product_reaches_the_dependent_with_spans_into_the_peer(quoting: ModuleType) -> None:
    engine = engine_of(quoting, quoting={"min_words": 3})
    docs = [make_document(QUOTE), make_document("The mayor spoke. " + QUOTE)]
    first, second = engine.score_many(docs, compare=True)
    assert [r.name for r in first.heuristics] == ["quoting", "shared-quotes"]
    (finding,) = result(first, "shared-quotes").findings
    (span,) = finding.spans
    assert docs[0].text[span.start : span.end] == span.text
    assert span.text == "We will rebuild every house by the spring,"
    (rel,) = finding.related
    assert rel.document_id == docs[1].doc_id
    assert docs[1].text[rel.start : rel.end] == rel.text == span.text
    assert result(second, "shared-quotes").metrics["shared_quotes"] == 1.0


def test_typed_options_are_applied(quoting: ModuleType) -> None:
    doc = "He called it “a disgrace” and left."
    strict = engine_of(quoting).score(doc)  # default: four words at least
    loose = engine_of(quoting, quoting={"min_words": 2}).score(doc)
    assert result(strict, "quoting").metrics["quoted_share"] == 0.0
    assert result(loose, "quoting").metrics["quoted_share"] > 0.0


def test_unknown_option_stops_start_up_naming_heuristic_and_key(quoting: ModuleType) -> None:
    with pytest.raises(ConfigError, match=r"heuristic 'quoting'.*min_word`"):
        engine_of(quoting, quoting={"min_word": 3})
    with pytest.raises(ConfigError, match=r"options\.quoting\.min_words"):
        engine_of(quoting, quoting={"min_words": "three"})
    # A heuristic that declares no options refuses every key.
    with pytest.raises(ConfigError, match=r"heuristic 'shared-quotes'.*level`"):
        engine_of(quoting, **{"shared-quotes": {"level": 1}})


def test_options_from_a_settings_file_are_checked_at_start_up(
    quoting: ModuleType, tmp_path: Path
) -> None:
    from reliability.config import load_settings

    path = tmp_path / "settings.toml"
    path.write_text("[options.quoting]\nmin_words = 3\nshout = true\n", encoding="utf-8")
    settings = load_settings(path, environ={})  # the file alone is fine ...
    with pytest.raises(ConfigError, match="shout"):
        Engine(settings, entry_points=False, plugins=[quoting])  # ... the plugin refuses it


def test_the_budget_is_the_heuristics_own(quoting: ModuleType) -> None:
    engine = Engine(Settings(timeout=3.0), entry_points=False, plugins=[quoting])
    regs = engine.registry.heuristics
    assert regs["quoting"].budget == 0.5
    assert engine.budget(regs["quoting"]) == 0.5
    assert regs["shared-quotes"].budget is None
    assert engine.budget(regs["shared-quotes"]) == 3.0


def test_the_runner_enforces_the_heuristics_own_budget() -> None:
    class Busy(Heuristic):
        name = "busy"
        budget = 0.05

        def evaluate(self, doc: Analysis, context: Context) -> Outcome:
            total = 0
            for i in range(200_000_000):  # far more than 0.05 s of CPU
                total += i & 1
            return Outcome(score=1.0, confidence=1.0, summary=str(total))

    engine = Engine(Settings(timeout=30.0), entry_points=False, plugins=[plugin_of(Busy())])
    busy = result(engine.score("text"), "busy")
    assert busy.status == Status.TIMEOUT
    assert "0.05" in (busy.message or "")
    assert busy.elapsed_ms < 5000  # stopped by its own budget, not by the 30 s timeout


def test_without_the_required_heuristic_the_dependent_carries_on(quoting: ModuleType) -> None:
    from reliability import ScoreOptions

    engine = engine_of(quoting)
    docs = [make_document(QUOTE), make_document(QUOTE)]
    (first, _) = engine.score_many(docs, compare=True, options=ScoreOptions(exclude=["quoting"]))
    shared = result(first, "shared-quotes")
    assert shared.status == Status.OK
    assert shared.summary == "No quotations read." and not shared.findings


# --- The engine's side of the contract, with throwaway heuristics


class Token(msgspec.Struct, frozen=True):
    value: int


class Producer(Heuristic):
    name = "producer"
    publishes = Token

    def __init__(self, *, fail: bool = False, wrong: bool = False) -> None:
        self.fail, self.wrong = fail, wrong

    def evaluate(self, doc: Analysis, context: Context) -> Outcome:
        context.publish(("not", "a token") if self.wrong else Token(value=len(doc.text)))
        if self.fail:
            raise RuntimeError("failed after publishing")
        return Outcome(score=1.0, confidence=1.0, summary="ok")


class Reader(Heuristic):
    name = "reader"
    requires = ("producer",)

    def evaluate(self, doc: Analysis, context: Context) -> Outcome:
        token = context.product("producer", Token)
        value = -1.0 if token is None else float(token.value)
        return Outcome(score=None, confidence=0.0, summary="read", metrics={"value": value})


def read_value(*heuristics: Heuristic, text: str = "four") -> float:
    card = engine_of(plugin_of(*heuristics)).score(text)
    return float(result(card, "reader").metrics["value"])


def test_a_product_goes_to_the_heuristics_that_require_it() -> None:
    assert read_value(Producer(), Reader()) == 4.0


def test_a_failed_producer_publishes_nothing() -> None:
    card = engine_of(plugin_of(Producer(fail=True), Reader())).score("four")
    assert result(card, "producer").status == Status.ERROR
    assert result(card, "reader").metrics["value"] == -1.0


def test_a_product_of_the_wrong_type_is_an_error_saying_so() -> None:
    card = engine_of(plugin_of(Producer(wrong=True), Reader())).score("four")
    producer = result(card, "producer")
    assert producer.status == Status.ERROR
    assert "published tuple, not Token" in (producer.message or "")
    assert result(card, "reader").metrics["value"] == -1.0


def test_publishing_without_declaring_is_an_error() -> None:
    class Undeclared(Heuristic):
        name = "undeclared"

        def evaluate(self, doc: Analysis, context: Context) -> Outcome:
            context.publish(Token(value=1))
            return Outcome(score=1.0, confidence=1.0, summary="ok")

    card = engine_of(plugin_of(Undeclared())).score("text")
    assert "declares no `publishes`" in (result(card, "undeclared").message or "")


def test_a_product_is_only_for_heuristics_that_require_it() -> None:
    class Stranger(Reader):
        name = "stranger"
        requires = ()

    card = engine_of(plugin_of(Producer(), Stranger())).score("four")
    assert result(card, "stranger").metrics["value"] == -1.0


class Counting(Heuristic):
    """Counts how often its memos compute, to show what they keep and for how long."""

    name = "counting"
    cross_document = True
    made: ClassVar[list[str]] = []

    def evaluate(self, doc: Analysis, context: Context) -> Outcome:
        for peer in context.peers:
            context.memo_of(peer).get("words", lambda p=peer: self.made.append(p.id))
            pair = tuple(sorted((doc.id, peer.id)))
            context.story_memo.get(pair, lambda pair=pair: self.made.append("|".join(pair)))
        context.memo.get("own", lambda: self.made.append("own " + doc.id))
        return Outcome(score=None, confidence=0.0, summary="counted")


def test_memos_last_for_one_story_and_each_value_is_made_once() -> None:
    Counting.made.clear()
    engine = engine_of(plugin_of(Counting()))
    docs = [make_document(t) for t in ("one text", "two text", "three text")]
    list(engine.score_many(docs, compare=True))
    ids = [d.doc_id for d in docs]
    assert sorted(m for m in Counting.made if m in ids) == sorted(ids)  # each document once
    assert len([m for m in Counting.made if "|" in m]) == 3  # each pair once
    assert len([m for m in Counting.made if m.startswith("own")]) == 3
    # A new call is a new story: nothing is kept from the last one.
    Counting.made.clear()
    list(engine.score_many(docs, compare=True))
    assert len(Counting.made) == 3 + 3 + 3


@pytest.mark.parametrize(
    ("attribute", "value", "message"),
    [
        ("budget", -1.0, "budget"),
        ("budget", True, "budget"),
        ("publishes", "Token", "publishes"),
        ("options", dict, "msgspec.Struct"),
    ],
)
def test_bad_declarations_are_refused_at_load(attribute: str, value: Any, message: str) -> None:
    heuristic = Producer()
    setattr(heuristic, attribute, value)
    engine = engine_of(plugin_of(heuristic))
    assert "producer" not in engine.registry.heuristics
    assert any(message in p.message for p in engine.problems)


def test_options_must_refuse_unknown_keys_and_have_defaults() -> None:
    class Lenient(msgspec.Struct):
        level: int = 1

    class Required(msgspec.Struct, forbid_unknown_fields=True):
        level: int

    for options, message in ((Lenient, "forbid_unknown_fields"), (Required, "default")):
        heuristic = Producer()
        heuristic.options = options  # type: ignore[misc]
        engine = engine_of(plugin_of(heuristic))
        assert any(message in p.message for p in engine.problems), engine.problems


def test_a_hand_built_context_converts_options_and_accepts_products() -> None:
    class Options(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
        level: int = 1

    context = Context(options={"level": "3"})
    assert context.options_as(Options).level == 3
    with pytest.raises(msgspec.ValidationError):
        Context(options={"lvl": 3}).options_as(Options)
    context.publish(Token(value=1))
    assert context.published == Token(value=1)
    assert Context(products={"producer": Token(value=2)}).product("producer", Token) == Token(
        value=2
    )
