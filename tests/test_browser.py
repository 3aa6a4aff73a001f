"""The headless-Chromium helper that the browser tests share (`tests/browser.py`)."""

import browser
import pytest


def test_a_missing_chromium_fails_with_the_install_command(monkeypatch):
    monkeypatch.setattr(browser, "CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(pytest.fail.Exception, match=r"apt-get install -y .* chromium"):
        browser.chromium_executable()


def test_each_session_starts_with_a_fresh_profile():
    with browser.chromium() as first:
        tab = first.new_page()
        tab.set_content("<p>😀 ready</p>")
        assert tab.inner_text("p") == "😀 ready"
        first.add_cookies([{"name": "seen", "value": "1", "url": "http://127.0.0.1/"}])
        assert [c["name"] for c in first.cookies()] == ["seen"]
    with browser.chromium() as second:
        assert second.cookies() == []


def test_artifacts_go_where_the_environment_says(monkeypatch, tmp_path):
    monkeypatch.setenv("RELIABILITY_TEST_ARTIFACTS", str(tmp_path / "out"))
    assert browser.artifact_path("shot.png") == tmp_path / "out" / "shot.png"
    assert (tmp_path / "out").is_dir()
