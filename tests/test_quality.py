"""The codebase stays ruff- and mypy-clean (both are test dependencies)."""

import subprocess
import sys

from factories import ROOT

TYPED = [
    "reliability",
    "plugins/reliability_heuristics",
    "plugins/loaded-language/reliability_loaded_language",
]


def test_ruff_is_clean():
    proc = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy_is_clean():
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", *TYPED], cwd=ROOT, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
