"""CI runs the README's test command verbatim."""

from factories import ROOT


def test_ci_runs_the_readme_test_command():
    marker = ".venv-test/bin/python -m pytest"
    (readme,) = [line for line in (ROOT / "README.md").read_text().splitlines() if marker in line]
    (ci,) = [line for line in (ROOT / ".ci" / "run").read_text().splitlines() if marker in line]
    assert ci == readme
    # Chromium, which the browser tests drive, is installed when it is missing.
    assert readme.startswith("(command -v chromium >/dev/null || (apt-get update && apt-get")
