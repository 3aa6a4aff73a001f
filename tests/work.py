"""Work counted, not timed: the lines of one package's code that a call executes.

A count does not change with the machine's load or speed, so a test can bound
how work grows with the input (linear code runs about k times the lines on an
input k times as long; a scan over everything earlier for each item runs about
k² times) without timing anything. Speed itself is measured by `benchmarks/`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType, ModuleType
from typing import Any


def package_of(module: ModuleType) -> str:
    """The folder of `module`'s package: lines in files under it are counted."""
    return str(Path(module.__file__ or "").resolve().parent)


def lines_run(package: str, call: Callable[[], object]) -> int:
    """How many lines of the files under `package` run while `call()` runs."""
    count = 0

    def local(frame: FrameType, event: str, arg: Any) -> Callable[..., Any]:
        nonlocal count
        if event == "line":
            count += 1
        return local

    def calls(frame: FrameType, event: str, arg: Any) -> Callable[..., Any] | None:
        return local if frame.f_code.co_filename.startswith(package) else None

    previous = sys.gettrace()
    sys.settrace(calls)
    try:
        call()
    finally:
        sys.settrace(previous)
    return count


def growth(package: str, run: Callable[[int], Callable[[], object]], n: int, scale: int) -> float:
    """Lines run on an input of size `n * scale` over lines run on one of size `n`.

    `run(size)` prepares an input of that size (outside the count) and returns
    the call to count.
    """
    small = lines_run(package, run(n))
    large = lines_run(package, run(n * scale))
    assert small > 0, "nothing of the package ran"
    return large / small
