"""The loaded-language plugin installed for real and found through its entry point.

`plugins/loaded-language` is its own distribution. These tests install it
with pip into a private folder, put that folder on PYTHONPATH, and run the
command line in a fresh interpreter, so discovery goes through
`importlib.metadata` exactly as for any third-party plugin. The test
environment itself does not have the plugin installed, which the last check
confirms.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import httpx
import msgspec
import pytest
from api.live import LiveServer
from worktree import copy_worktree

from reliability import Engine
from reliability.config import Settings
from reliability.plugins import CORE_DISTRIBUTION

ROOT = Path(__file__).resolve().parent.parent
PLUGIN_SOURCE = ROOT / "plugins" / "loaded-language"
GUIDE = ROOT / "docs" / "plugins.md"

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


def test_the_tests_and_a_live_server_load_the_same_heuristics(tmp_path: Path) -> None:
    """The test process and a server it starts score with the same plugins.

    Browser tests compare a live server's grade with one computed in the test
    process, so a plugin seen by only one of them changes a grade.
    """
    here = {(info.name, info.plugin) for info in Engine(Settings()).heuristics()}
    server = LiveServer(tmp_path / "store.sqlite3", workers=1)
    try:
        answer = httpx.get(f"{server.url}/v1/heuristics", timeout=30)
    finally:
        server.stop()
    assert answer.status_code == 200, answer.text
    there = {(info["name"], info["plugin"]) for info in answer.json()}
    assert here == there


def test_a_plugin_built_in_the_tree_leaves_the_tests_and_the_server_in_agreement(
    tmp_path: Path,
) -> None:
    """The quick start, then the tests, in one clone.

    `pip install ./plugins/loaded-language` builds in place and leaves the
    plugin's `*.egg-info` beside its source. Nothing the tests put on
    `sys.path` may expose that metadata to the test process alone.
    """
    clone = copy_worktree(tmp_path / "clone")
    plugin = clone / "plugins" / "loaded-language"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--no-build-isolation",
            "--no-input",
            "--target",
            str(tmp_path / "site"),
            str(plugin),
        ],
        env=_environment(None),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, f"pip install failed:\n{proc.stdout}\n{proc.stderr}"
    assert list(plugin.glob("*.egg-info")), "the build left no metadata in the tree"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "plugins/loaded-language/tests",
            "tests/test_plugin_distribution.py::"
            "test_the_tests_and_a_live_server_load_the_same_heuristics",
        ],
        cwd=clone,
        env=_environment(None),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]


def test_the_core_is_distributed_under_a_name_of_its_own() -> None:
    """`reliability` on PyPI is an unrelated project: plugins depend on the core by its own name."""
    core = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["name"]
    assert core == CORE_DISTRIBUTION == "reliability-scorecards"
    plugin = tomllib.loads((PLUGIN_SOURCE / "pyproject.toml").read_text(encoding="utf-8"))
    assert plugin["project"]["dependencies"] == [core]
    (template,) = [
        block
        for block in re.findall(r"```toml\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)
        if "entry-points" in block
    ]
    assert tomllib.loads(template)["project"]["dependencies"] == [core]
    # Installed under that name, and no metadata left under the old one shadows it.
    entry_points = importlib.metadata.distribution(core).entry_points
    assert {ep.name for ep in entry_points if ep.group == "reliability"} >= {"hedging", "figures"}
    try:
        old = importlib.metadata.distribution("reliability")
    except importlib.metadata.PackageNotFoundError:
        old = None
    assert old is None, (
        f"an install under the old name is still visible at {old.locate_file('')}: "
        "`pip uninstall reliability`, or remove its *.egg-info"
    )


def test_the_plugin_dependency_is_the_core_installed_here(tmp_path: Path) -> None:
    """pip resolves the plugin's dependency to this core, without asking the package index."""
    source = tmp_path / "source"
    shutil.copytree(
        PLUGIN_SOURCE,
        source,
        ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__", ".*cache"),
    )
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--dry-run",
            "--no-index",
            "--no-build-isolation",
            "--no-input",
            str(source),
        ],
        env=_environment(None),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (line,) = [line for line in proc.stdout.splitlines() if line.startswith("Would install ")]
    assert line.split()[2:] == ["reliability-loaded-language-1.0.0"], proc.stdout


def test_a_running_server_loads_a_new_plugin_when_restarted(site: Path, tmp_path: Path) -> None:
    """As the plugin guide says: plugins load when a server starts, so install, then restart."""
    guide = " ".join(GUIDE.read_text(encoding="utf-8").split())
    assert "a running server (`reliability serve`, or uvicorn) does not see a plugin" in guide
    assert "Restart it to load the new plugin" in guide
    path = tmp_path / "site"
    path.mkdir()

    def listed(server: LiveServer) -> set[str]:
        answer = httpx.get(f"{server.url}/v1/heuristics", timeout=30)
        assert answer.status_code == 200, answer.text
        return {info["name"] for info in answer.json()}

    db = tmp_path / "store.sqlite3"
    server = LiveServer(db, workers=1, env={"PYTHONPATH": str(path)})
    try:
        assert "loaded-language" not in listed(server)
        shutil.copytree(site, path, dirs_exist_ok=True)  # the plugin is installed now
        assert "loaded-language" not in listed(server)
    finally:
        server.stop()
    restarted = LiveServer(db, workers=1, env={"PYTHONPATH": str(path)})
    try:
        assert "loaded-language" in listed(restarted)
    finally:
        restarted.stop()
