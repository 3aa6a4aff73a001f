"""The loaded-language plugin installed for real and found through its entry point.

`plugins/loaded-language` is its own distribution. These tests install it
with pip into a private folder, put that folder on PYTHONPATH, and run the
command line in a fresh interpreter, so discovery goes through
`importlib.metadata` exactly as for any third-party plugin. The test
environment itself does not have the plugin installed, which the last check
confirms.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import msgspec
import pytest

ROOT = Path(__file__).resolve().parent.parent
PLUGIN_SOURCE = ROOT / "plugins" / "loaded-language"

LOADED_TEXT = (
    "Russia v. Trump Regime on Venezuela\n\n"
    "Deepening ties are key to defeating the Trump regime's aim to topple the "
    "government. Obviously, the drug trafficking allegations are just propaganda. "
    "Two planes landed in Caracas in a shockingly overt demonstration of support.\n"
)


def _environment(pythonpath: Path | None) -> dict[str, str]:
    """The parent's environment without settings that would change what loads."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("RELIABILITY_") and key != "PYTHONPATH"
    }
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return env


def _run_cli(*args: str, pythonpath: Path | None, cwd: Path) -> Any:
    """Run `python -m reliability ARGS` in a fresh interpreter and decode its JSON output."""
    proc = subprocess.run(
        [sys.executable, "-m", "reliability", *args],
        env=_environment(pythonpath),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, f"exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    return msgspec.json.decode(proc.stdout)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the plugin as pip installs it (package, data and dist-info)."""
    base = tmp_path_factory.mktemp("loaded-language")
    # Build from a copy so the build leaves no build/ or egg-info in the repository.
    source = base / "source"
    shutil.copytree(
        PLUGIN_SOURCE,
        source,
        ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__", ".*cache"),
    )
    target = base / "site"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--no-build-isolation",
            "--no-input",
            "--disable-pip-version-check",
            "--target",
            str(target),
            str(source),
        ],
        env=_environment(None),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, f"pip install failed:\n{proc.stdout}\n{proc.stderr}"
    return target


def test_install_puts_the_lexicon_and_entry_point_in_place(site: Path) -> None:
    assert (site / "reliability_loaded_language" / "lexicon.tsv").is_file()
    (dist_info,) = site.glob("reliability_loaded_language-1.0.0.dist-info")
    entry_points = (dist_info / "entry_points.txt").read_text(encoding="utf-8")
    assert "[reliability]" in entry_points
    assert "loaded-language = reliability_loaded_language" in entry_points


def test_installed_plugin_is_listed_through_its_entry_point(site: Path, tmp_path: Path) -> None:
    infos = _run_cli("heuristics", "--format", "json", pythonpath=site, cwd=tmp_path)
    by_name = {info["name"]: info for info in infos}
    assert "loaded-language" in by_name, sorted(by_name)
    info = by_name["loaded-language"]
    assert info["plugin"] == "reliability-loaded-language"
    assert info["plugin_version"] == "1.0.0"
    assert info["version"] == "1.0.0"
    assert info["description"]
    assert info["default_weight"] == 0.5
    assert info["enabled"] is True
    assert info["cross_document"] is False
    assert set(info) >= {
        "name",
        "plugin",
        "plugin_version",
        "version",
        "description",
        "default_weight",
        "weight",
        "enabled",
        "cross_document",
        "requires",
    }


def test_plugin_is_absent_without_the_install(tmp_path: Path) -> None:
    infos = _run_cli("heuristics", "--format", "json", pythonpath=None, cwd=tmp_path)
    names = [info["name"] for info in infos]
    assert "loaded-language" not in names
    assert all(info["plugin"] != "reliability-loaded-language" for info in infos)


def test_installed_plugin_scores_a_document(site: Path, tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text(LOADED_TEXT, encoding="utf-8")
    card = _run_cli("score", "--format", "json", str(article), pythonpath=site, cwd=tmp_path)
    results = {result["name"]: result for result in card["heuristics"]}
    assert "loaded-language" in results, sorted(results)
    result = results["loaded-language"]
    assert result["status"] == "ok", result
    assert result["plugin"] == "reliability-loaded-language"
    assert 0.0 <= result["score"] < 1.0
    spans = [span for finding in result["findings"] for span in finding["spans"]]
    assert all(f["kind"] == "loaded-language" for f in result["findings"])
    texts = [span["text"] for span in spans]
    assert "regime" in texts
    assert "just propaganda" in texts
    assert "shockingly overt" in texts
    text = article.read_text(encoding="utf-8")
    for span in spans:
        assert text[span["start"] : span["end"]] == span["text"]
        assert span["role"] == "cue"
