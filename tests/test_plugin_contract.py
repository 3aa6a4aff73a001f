"""The plugin contract: every hook documented, and the guide's worked example works."""

from __future__ import annotations

import importlib.util
import inspect
import re
import sys
from pathlib import Path

import pytest

from reliability import Engine, hookspecs
from reliability.config import Settings

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "plugins.md"

HOOKS = [
    (name, fn)
    for name, fn in inspect.getmembers(hookspecs, inspect.isfunction)
    if hasattr(fn, "reliability_spec")
]


def test_there_are_hooks():
    assert {name for name, _ in HOOKS} >= {"register_heuristics", "aggregate_scorecard"}


@pytest.mark.parametrize(("name", "fn"), HOOKS, ids=[n for n, _ in HOOKS])
def test_every_hook_has_a_docstring_naming_each_argument(name, fn):
    doc = inspect.getdoc(fn)
    assert doc and len(doc) > 80, f"hook {name} has no contract docstring"
    for arg in inspect.signature(fn).parameters:
        assert f"`{arg}`" in doc, f"hook {name}: argument {arg} is not described"


@pytest.mark.parametrize(("name", "fn"), HOOKS, ids=[n for n, _ in HOOKS])
def test_every_hook_is_in_the_guide_with_its_signature(name, fn):
    args = ", ".join(inspect.signature(fn).parameters)
    assert f"### `{name}({args})`" in GUIDE.read_text(encoding="utf-8")


def _guide_blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)


@pytest.fixture
def shouting(tmp_path, monkeypatch):
    """The guide's plugin module, written out exactly as the guide gives it."""
    module_src, _test_src, _toolkit_src = _guide_blocks("python")
    path = tmp_path / "reliability_shouting.py"
    path.write_text(module_src, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("reliability_shouting", path)
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "reliability_shouting", module)
    spec.loader.exec_module(module)
    return module


def test_the_guide_example_registers_and_scores(shouting):
    engine = Engine(Settings(), entry_points=False, plugins=[shouting])
    assert [(h.name, h.version) for h in engine.heuristics()] == [("shouting", "1.0.0")]
    card = engine.score('The results are IN! "NO WAY," said one voter.')
    (res,) = card.heuristics
    assert res.status == "ok"
    assert [s.text for f in res.findings for s in f.spans] == ["!"]


def test_the_guide_tests_pass(shouting):
    _module_src, test_src, _toolkit_src = _guide_blocks("python")
    namespace: dict = {}
    exec(compile(test_src, "docs/plugins.md", "exec"), namespace)
    tests = [fn for key, fn in namespace.items() if key.startswith("test_")]
    assert len(tests) == 2
    for test in tests:
        test()


def test_the_guide_pyproject_declares_the_entry_point():
    import tomllib

    toml = next(b for b in _guide_blocks("toml") if "entry-points" in b)
    data = tomllib.loads(toml)
    assert data["project"]["entry-points"]["reliability"] == {"shouting": "reliability_shouting"}


def test_the_guide_toolkit_example_finds_phrases(tmp_path):
    """Section 8's example, run as written against a table in a data folder beside it."""
    _module_src, _test_src, toolkit_src = _guide_blocks("python")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "cues.tsv").write_text(
        "# cue phrases\npattern\tkind\nreportedly\thedge\naccording to officials\tvague\n",
        encoding="utf-8",
    )
    path = tmp_path / "toolkit_example.py"
    path.write_text(toolkit_src, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("toolkit_example", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    from reliability import Analysis, make_document

    doc = Analysis(make_document("The plan reportedly failed, according to officials."))
    found = [(span.text, kind) for span, kind in module.cues(doc)]
    assert found == [("reportedly", "hedge"), ("according to officials", "vague")]
