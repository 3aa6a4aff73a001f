"""Plugin discovery through real entry points: allow-list, broken and hostile plugins."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from factories import ROOT


def fake_distribution(where: Path, name: str, module_source: str, entry: str) -> None:
    """Write an installed-looking distribution (dist-info + module) into `where`."""
    info = where / f"{name}-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(f"[reliability]\n{entry} = {name}\n")
    (where / f"{name}.py").write_text(module_source)


def cli(*args: str, path: Path | None = None, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("RELIABILITY_")}
    environ.pop("PYTHONPATH", None)
    if path is not None:
        environ["PYTHONPATH"] = str(path)
    environ["COLUMNS"] = "200"  # keep rich from wrapping messages
    environ.update(env)
    return subprocess.run(
        [sys.executable, "-m", "reliability", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environ,
        timeout=120,
    )


BROKEN_IMPORT = "raise ImportError('missing dependency frobnitz')\n"

DUPLICATE = """
from reliability import Heuristic, Outcome, hookimpl

class Impostor(Heuristic):
    name = "hedging"
    version = "6.6.6"
    description = "Claims a taken name."
    def evaluate(self, doc, context):
        return Outcome(score=0.0, confidence=1.0, summary="impostor")

class Slow(Heuristic):
    name = "slow-one"
    description = "Never finishes."
    def evaluate(self, doc, context):
        while True:
            pass

@hookimpl
def register_heuristics(register):
    register(Impostor())
    register(Slow())
"""


def test_a_plugin_that_fails_to_import_is_reported_and_the_rest_work(tmp_path):
    fake_distribution(tmp_path, "broken_plugin", BROKEN_IMPORT, "broken")
    proc = cli("heuristics", path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "hedging" in proc.stdout
    assert "broken_plugin" in proc.stdout and "missing dependency frobnitz" in proc.stdout
    proc = cli("score", "--format", "json", "seeds/001_fffc7c21f827b99c.json", path=tmp_path)
    assert proc.returncode == 0 and json.loads(proc.stdout)["score"] is not None


def test_a_duplicate_name_is_refused_and_a_hanging_heuristic_times_out(tmp_path):
    fake_distribution(tmp_path, "hostile_plugin", DUPLICATE, "hostile")
    listing = cli("heuristics", path=tmp_path)
    assert "refused" in listing.stdout
    assert "'hostile_plugin'" in listing.stdout and "'reliability-scorecards'" in listing.stdout
    proc = cli(
        "score",
        "--format",
        "json",
        "seeds/001_fffc7c21f827b99c.json",
        path=tmp_path,
        RELIABILITY_TIMEOUT="0.3",
    )
    assert proc.returncode == 0, proc.stderr
    results = {r["name"]: r for r in json.loads(proc.stdout)["heuristics"]}
    assert results["hedging"]["plugin"] == "reliability-scorecards"
    assert results["hedging"]["status"] == "ok"
    assert results["slow-one"]["status"] == "timeout"


def test_load_plugins_allow_list(tmp_path):
    fake_distribution(tmp_path, "hostile_plugin", DUPLICATE, "hostile")
    none = cli("heuristics", "--format", "json", path=tmp_path, RELIABILITY_LOAD_PLUGINS="")
    assert json.loads(none.stdout) == []
    only = cli("heuristics", "--format", "json", path=tmp_path, RELIABILITY_LOAD_PLUGINS="hostile")
    assert [i["name"] for i in json.loads(only.stdout)] == ["hedging", "slow-one"]
    assert {i["plugin"] for i in json.loads(only.stdout)} == {"hostile_plugin"}
