"""CI runs the README's test command verbatim; the README's quick run leaves out slow tests."""

import shlex
import subprocess
import sys

from factories import ROOT

SUITE = ".venv-test/bin/python -m pytest"
QUICK = '.venv-test/bin/python -m pytest -m "not slow and not browser"'


def readme_lines() -> list[str]:
    return (ROOT / "README.md").read_text(encoding="utf-8").splitlines()


def test_ci_runs_the_readme_test_command():
    (readme,) = [line for line in readme_lines() if line.startswith("(command -v chromium")]
    (ci,) = [line for line in (ROOT / ".ci" / "run").read_text().splitlines() if SUITE in line]
    assert ci == readme
    # The whole suite: no marker leaves anything out.
    assert readme.endswith(f"&& {SUITE}")
    # Chromium, which the browser tests drive, is installed when it is missing.
    assert readme.startswith("(command -v chromium >/dev/null || (apt-get update && apt-get")
    # So is PostgreSQL, whose server the store tests start (Debian keeps initdb off PATH).
    assert (
        " && (command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null "
        "2>&1 || (apt-get update && apt-get install -y --no-install-recommends postgresql)) && "
    ) in readme


def collected(*args: str) -> set[str]:
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "--strict-markers", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return {line for line in proc.stdout.splitlines() if "::" in line}


def test_the_quick_run_leaves_out_browser_and_slow_tests():
    assert readme_lines().count(QUICK) == 1
    everything = collected()
    quick = collected(*shlex.split(QUICK)[3:])
    assert quick < everything
    left_out = everything - quick
    # Chromium, live servers, the command line in a subprocess, a real pip install.
    for module in (
        "tests/test_browser.py::test_each_session_starts_with_a_fresh_profile",
        "tests/extension/test_extension.py::",
        "tests/api/test_live.py::",
        "tests/test_cli.py::",
        "tests/test_readme.py::test_readme_command",
        "tests/test_plugin_distribution.py::test_installed_plugin_scores_a_document",
    ):
        assert any(test.startswith(module) for test in left_out), module
        assert not any(test.startswith(module) for test in quick), module
    # Most tests stay in the quick run: the in-process ones.
    assert len(quick) > len(everything) / 2
    assert "tests/test_browser.py::test_a_missing_chromium_fails_with_the_install_command" in quick
    assert collected("-m", "browser") < left_out
