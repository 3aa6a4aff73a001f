"""`reliability score URL`, run as a user runs it, against a real local server."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from factories import ROOT
from localsite import page

from reliability.document import document_id
from reliability.fetch.extract import extract_html


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("RELIABILITY_")}
    return subprocess.run(
        [sys.executable, "-m", "reliability", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**full_env, **(env or {})},
        timeout=120,
    )


def test_scores_a_page_from_an_allowed_local_server(site):
    site.route("/news/harbour", page("article.html"))
    url = site.url("/news/harbour")
    proc = run("score", url, "--format", "json", env={"RELIABILITY_FETCH_ALLOW": "127.0.0.1"})
    assert proc.returncode == 0, proc.stderr
    card = json.loads(proc.stdout)
    text = extract_html(page("article.html"), url).document.text
    assert card["document_id"] == document_id(text)
    assert card["title"].startswith("Harbour authority delays dredging plan")
    for result in card["heuristics"]:
        for finding in result["findings"]:
            for span in finding["spans"]:
                assert text[span["start"] : span["end"]] == span["text"]
    assert site.hits["/news/harbour"] == 1


def test_the_page_dates_published_and_modified_are_shown(site):
    site.route("/news/harbour", page("article.html"))
    url = site.url("/news/harbour")
    proc = run("score", url, env={"RELIABILITY_FETCH_ALLOW": "127.0.0.1"})
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == (
        f"reliability: {url}: published 2024-03-14 (metadata, high confidence); "
        "modified 2024-03-15 (metadata, high confidence)\n"
    )


def test_allow_list_from_the_settings_file(site, tmp_path):
    site.route("/a", page("article.html"))
    config = tmp_path / "settings.toml"
    config.write_text('[fetch]\nallow = ["127.0.0.0/8"]\n')
    proc = run("--config", str(config), "score", site.url("/a"))
    assert proc.returncode == 0, proc.stderr
    assert "Harbour authority" in proc.stdout


def test_a_refused_address_is_one_line_and_exit_2(site):
    site.route("/a", page("article.html"))
    proc = run("score", site.url("/a"))
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr == (
        "reliability: error: host '127.0.0.1' resolves to 127.0.0.1, a loopback address\n"
    )
    assert site.hits["/a"] == 0


def test_a_fetch_failure_is_one_line_and_exit_2(site):
    proc = run("score", site.url("/missing"), env={"RELIABILITY_FETCH_ALLOW": "127.0.0.1"})
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "answered 404" in proc.stderr


def test_other_schemes_are_refused_by_name():
    proc = run("score", "ftp://example.com/story")
    assert proc.returncode == 2
    assert proc.stderr == "reliability: error: only http and https URLs are fetched, not ftp:\n"
