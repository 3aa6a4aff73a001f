"""Entry points and versions read from the distributions' metadata folders on sys.path."""

from __future__ import annotations

import importlib.metadata
import sys
from pathlib import Path

import pytest

from reliability.distributions import entry_points, version


def test_the_same_entry_points_and_versions_as_importlib_metadata():
    expected = sorted(
        (ep.name, ep.value, ep.dist.metadata["Name"], ep.dist.version)
        for ep in importlib.metadata.entry_points(group="reliability")
        if ep.dist is not None
    )
    found = sorted((ep.name, ep.value, ep.dist, ep.version) for ep in entry_points("reliability"))
    assert found == expected
    assert {"hedging", "figures", "attribution"} <= {name for name, *_ in found}
    for dist in ("reliability-scorecards", "msgspec", "pluggy", "Reliability_Scorecards"):
        assert version(dist) == importlib.metadata.version(dist)
    assert version("no-such-distribution-here") is None


def write_dist(folder: Path, name: str, ver: str, entry_points_txt: str) -> None:
    info = folder / f"{name.replace('-', '_')}-{ver}.dist-info"
    info.mkdir(parents=True)
    metadata = f"Metadata-Version: 2.1\nName: {name}\nVersion: {ver}\n\nName: not a header\n"
    (info / "METADATA").write_text(metadata, encoding="utf-8")
    (info / "entry_points.txt").write_text(entry_points_txt, encoding="utf-8")


def test_first_on_sys_path_wins_and_entry_points_load(tmp_path, monkeypatch):
    first, second = tmp_path / "first", tmp_path / "second"
    text = "# a comment\n[console_scripts]\nx = os:getcwd\n\n[reliability.test]\n"
    write_dist(first, "Demo-Plugin", "2.0", text + "joined = os.path:join\nplain = json [extra]\n")
    write_dist(second, "demo_plugin", "1.0", text + "old = os:getcwd\n")
    write_dist(second, "other", "0.3", "[reliability.test]\nsep = os:sep\n")
    (second / "broken.egg-info").write_text("Name: broken\nVersion: 1\n", encoding="utf-8")
    monkeypatch.setattr(sys, "path", [str(first), str(tmp_path / "missing"), str(second)])
    found = {ep.name: ep for ep in entry_points("reliability.test")}
    assert sorted(found) == ["joined", "plain", "sep"]  # demo_plugin 1.0 is shadowed
    assert (found["joined"].dist, found["joined"].version) == ("Demo-Plugin", "2.0")
    import json
    import os.path

    assert found["joined"].load() is os.path.join
    assert found["plain"].load() is json
    assert found["sep"].load() == os.sep
    assert version("demo-plugin") == "2.0"
    assert version("broken") == "1"


def test_a_malformed_entry_point_fails_when_loaded(tmp_path, monkeypatch):
    write_dist(tmp_path, "bad", "1", "[reliability.test]\nbad = not a module path!\n")
    monkeypatch.setattr(sys, "path", [str(tmp_path)])
    (ep,) = entry_points("reliability.test")
    with pytest.raises(ValueError, match="module:attribute"):
        ep.load()
