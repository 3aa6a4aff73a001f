"""The extension's manifest: one Manifest V3 file for Chromium and Firefox, asking for little.

Firefox cannot run here, so what it needs is checked in the file itself.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from extension_files import EXTENSION

MANIFEST = EXTENSION / "manifest.json"
GECKO_ID = re.compile(r"^(\{[0-9a-fA-F-]{36}\}|[A-Za-z0-9._+-]*@[A-Za-z0-9._-]+)$")


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


def referenced(manifest: dict[str, Any]) -> list[str]:
    """Every file the manifest names."""
    files = [
        *manifest["icons"].values(),
        *manifest["action"]["default_icon"].values(),
        manifest["action"]["default_popup"],
        manifest["background"]["service_worker"],
        *manifest["background"]["scripts"],
        manifest["options_ui"]["page"],
    ]
    return files


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script" and values.get("src"):
            self.refs.append(values["src"] or "")
        if tag == "link" and values.get("href"):
            self.refs.append(values["href"] or "")


def test_it_is_manifest_v3_for_both_browsers(manifest: dict[str, Any]):
    assert manifest["manifest_version"] == 3
    assert manifest["name"] and re.fullmatch(r"\d+(\.\d+){1,3}", manifest["version"])
    # Chromium runs the service worker; Firefox runs the same file as an event page.
    background = manifest["background"]
    assert background["scripts"] == [background["service_worker"]]
    assert "type" not in background  # a classic script, so Firefox and Chromium load it alike
    gecko = manifest["browser_specific_settings"]["gecko"]
    assert GECKO_ID.match(gecko["id"])
    # optional_host_permissions arrived in Firefox 128, which also accepts the data consent key.
    assert int(gecko["strict_min_version"].split(".")[0]) >= 128
    # It sends a page's address (browsing activity) or selected text (website content).
    assert sorted(gecko["data_collection_permissions"]["required"]) == [
        "browsingActivity",
        "websiteContent",
    ]


def test_it_asks_for_the_least_it_needs(manifest: dict[str, Any]):
    assert sorted(manifest["permissions"]) == sorted(
        ["activeTab", "scripting", "storage", "contextMenus"]
    )
    # No site is reachable at install: the API's origin is requested on the options page.
    assert "host_permissions" not in manifest
    assert set(manifest["optional_host_permissions"]) <= {"http://*/*", "https://*/*"}
    # Nothing runs in pages until the user asks.
    assert "content_scripts" not in manifest
    assert "web_accessible_resources" not in manifest


def test_every_file_it_names_exists(manifest: dict[str, Any]):
    for name in referenced(manifest):
        assert (EXTENSION / name).is_file(), name
    for size, name in manifest["icons"].items():
        data = (EXTENSION / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert int.from_bytes(data[16:20], "big") == int(size), name


def test_pages_and_injected_files_exist():
    for page in EXTENSION.rglob("*.html"):
        parser = _Refs()
        parser.feed(page.read_text(encoding="utf-8"))
        assert parser.refs, page
        for ref in parser.refs:
            # Everything ships in the package: no CDN, no remote code.
            assert "://" not in ref, (page, ref)
            assert (page.parent / ref).is_file(), (page, ref)
    background = (EXTENSION / "background" / "background.js").read_text(encoding="utf-8")
    injected = re.findall(r'"(content/[\w.-]+\.(?:js|css))"', background)
    assert {"content/anchor.js", "content/content.js", "content/highlight.css"} <= set(injected)
    for name in injected:
        assert (EXTENSION / name).is_file(), name


def test_no_code_is_evaluated_or_fetched_from_elsewhere():
    for script in EXTENSION.rglob("*.js"):
        source = script.read_text(encoding="utf-8")
        assert not re.search(r"\beval\(|new Function\(|importScripts\(", source), script
        assert not re.search(r"https?://(?!127\.0\.0\.1:8000)\w", source), script
    # The only request the extension makes is the one to the configured API.
    sources = "".join(p.read_text(encoding="utf-8") for p in EXTENSION.rglob("*.js"))
    assert sources.count("fetch(") == 1


def _files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_the_package_holds_only_what_it_uses(manifest: dict[str, Any]):
    used = set(referenced(manifest)) | {"manifest.json"}
    for page in EXTENSION.rglob("*.html"):
        parser = _Refs()
        parser.feed(page.read_text(encoding="utf-8"))
        used |= {str((page.parent / r).resolve().relative_to(EXTENSION)) for r in parser.refs}
    used |= {"content/anchor.js", "content/content.js", "content/highlight.css"}
    assert set(_files(EXTENSION)) == used
