"""The built-in heuristics keep the shape a third-party author copies: they talk to each
other only through the engine's typed products, and they keep no memo of their own.

Read from the source, as an author reads it: a built-in that imported another's
internals, or kept a process-wide cache keyed by text, would work here and teach
the wrong thing.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

BUILTINS = Path(__file__).resolve().parents[2] / "plugins" / "reliability_heuristics"
PACKAGES = sorted(p.name for p in BUILTINS.iterdir() if (p / "__init__.py").is_file())
MEMOS = {"cache", "lru_cache"}
# What a memo may be keyed by: a shipped table read once, never a text or a word.
SCALARS = {"str", "bytes", "int", "float"}


def _modules(package: str) -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted((BUILTINS / package).glob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"), str(path))


def _imported(tree: ast.Module) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def _memo_name(decorator: ast.expr) -> str | None:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    if isinstance(target, ast.Attribute):
        return target.attr
    if isinstance(target, ast.Name):
        return target.id
    return None


def _keyed_by_scalars(fn: ast.FunctionDef) -> list[str]:
    """The parameters of `fn` annotated as a text or number."""
    params = [*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs]
    return [
        p.arg
        for p in params
        if p.annotation is not None and ast.unparse(p.annotation).strip("'\"") in SCALARS
    ]


def test_every_builtin_is_found() -> None:
    assert {"attribution", "hedging", "recycling", "figures", "originality"} <= set(PACKAGES)


@pytest.mark.parametrize("package", PACKAGES)
def test_a_builtin_reads_another_only_through_its_published_product(package: str) -> None:
    wrong = [
        f"{path.name} imports {name}"
        for path, tree in _modules(package)
        for name in _imported(tree)
        if name.startswith("reliability_heuristics.")
        and name.split(".")[1] != package
        and name.split(".")[2:] != ["product"]
    ]
    assert not wrong, f"{package}: {wrong}"


@pytest.mark.parametrize("package", PACKAGES)
def test_a_builtin_keeps_no_module_level_memo_of_texts(package: str) -> None:
    """functools caches only read a shipped table once; memos of words and texts belong to
    the engine (`context.memo`, `context.story_memo`), which bounds and drops them."""
    wrong = [
        f"{path.name}: {node.name}({', '.join(keyed)})"
        for path, tree in _modules(package)
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
        and any(_memo_name(d) in MEMOS for d in node.decorator_list)
        and (keyed := _keyed_by_scalars(node))
    ]
    assert not wrong, f"{package}: {wrong}"
