"""The command line, run as a user runs it: a subprocess, on the seeds."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from factories import ROOT, SEEDS


def run(
    *args: str, stdin: str | None = None, env: dict | None = None
) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "reliability", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=full_env,
        timeout=120,
    )


def check_spans(card: dict, texts: dict[str, str]) -> None:
    text = texts[card["document_id"]]
    for result in card["heuristics"]:
        for finding in result["findings"]:
            for span in finding["spans"]:
                assert text[span["start"] : span["end"]] == span["text"]


@pytest.fixture(scope="module")
def seed_texts(seeds):
    return {doc.id: doc.text for doc in seeds.values()}


def test_score_seeds_prints_five_scorecards():
    proc = run("score", "seeds/")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert len(re.findall(r"^score .* grade ", out, re.M)) == 5
    for title in ("Russia Reaffirms Backing", "Russia v. Trump Regime", "The Russians Have Landed"):
        assert title in out
    assert "hedging" in out


def test_json_output_for_a_folder_is_a_list_in_file_order(seeds, seed_texts):
    proc = run("score", "--format", "json", str(SEEDS))
    assert proc.returncode == 0, proc.stderr
    cards = json.loads(proc.stdout)
    assert [c["document_id"] for c in cards] == [seeds[k].id for k in sorted(seeds)]
    for card in cards:
        assert card["grade"] and 0 <= card["confidence"] <= 1
        names = [h["name"] for h in card["heuristics"]]
        assert "hedging" in names
        hedging = card["heuristics"][names.index("hedging")]
        assert (hedging["plugin"], hedging["plugin_version"]) == (
            "reliability",
            card["engine_version"],
        )
        check_spans(card, seed_texts)


def test_one_file_gives_one_json_object(seeds):
    proc = run("score", "--format", "json", "seeds/000_8df6e2e784614816.json")
    card = json.loads(proc.stdout)
    assert card["document_id"] == seeds["000"].id


def test_ndjson_streams_one_scorecard_a_line_in_input_order(seeds):
    files = ["seeds/004_a6ee0f53edc5ae34.json", "seeds/001_fffc7c21f827b99c.json"]
    proc = run("score", "--format", "ndjson", *files)
    lines = proc.stdout.splitlines()
    assert [json.loads(line)["document_id"] for line in lines] == [seeds["004"].id, seeds["001"].id]


def test_stdin_ndjson_documents(tmp_path):
    docs = [
        {"text": "Officials said 40 people died.", "id": "one"},
        {"text": "Obviously, this may be a disaster.", "id": "two", "published": "2025-01-02"},
    ]
    stdin = "\n".join(json.dumps(d) for d in docs) + "\n\n"
    proc = run("score", "--format", "ndjson", "-", stdin=stdin)
    assert proc.returncode == 0, proc.stderr
    assert [json.loads(line)["document_id"] for line in proc.stdout.splitlines()] == ["one", "two"]


def test_text_and_markdown_files(tmp_path):
    (tmp_path / "a.txt").write_text("Reportedly, the minister may resign.", encoding="utf-8")
    (tmp_path / "b.md").write_text("# Heading\n\nThe plan clearly failed.", encoding="utf-8")
    (tmp_path / "ignored.csv").write_text("x,y", encoding="utf-8")
    proc = run("score", "--format", "json", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert len(json.loads(proc.stdout)) == 2


def test_compare_scores_documents_as_one_story(seeds):
    proc = run(
        "score",
        "--compare",
        "--format",
        "json",
        "seeds/001_fffc7c21f827b99c.json",
        "seeds/002_eec91c594e6a2ce7.json",
    )
    a, b = json.loads(proc.stdout)
    assert a["peers"] == [seeds["002"].id] and b["peers"] == [seeds["001"].id]


def test_only_skip_and_weight():
    proc = run(
        "score",
        "--format",
        "json",
        "--only",
        "hedging",
        "--weight",
        "hedging=3",
        "seeds/003_88799ff349ff80df.json",
    )
    card = json.loads(proc.stdout)
    assert [(h["name"], h["weight"]) for h in card["heuristics"]] == [("hedging", 3.0)]
    proc = run("score", "--format", "json", "--skip", "hedging", "seeds/003_88799ff349ff80df.json")
    assert "hedging" not in [h["name"] for h in json.loads(proc.stdout)["heuristics"]]


def test_configuration_file_and_environment(tmp_path):
    config = tmp_path / "c.toml"
    config.write_text('disable = ["hedging"]\n')
    proc = run(
        "--config", str(config), "score", "--format", "json", "seeds/003_88799ff349ff80df.json"
    )
    assert "hedging" not in [h["name"] for h in json.loads(proc.stdout)["heuristics"]]
    proc = run(
        "score",
        "--format",
        "json",
        "seeds/003_88799ff349ff80df.json",
        env={"RELIABILITY_WEIGHTS": "hedging=4"},
    )
    weights = {h["name"]: h["weight"] for h in json.loads(proc.stdout)["heuristics"]}
    assert weights["hedging"] == 4.0


def test_progress_bar_on_stderr():
    proc = run("score", "--progress", "--format", "ndjson", "seeds/")
    assert proc.returncode == 0 and "scoring" in proc.stderr


@pytest.mark.parametrize(
    ("args", "stdin", "env", "message"),
    [
        (["score", "nowhere.txt"], None, {}, "nowhere.txt: no such file or folder"),
        (["score", "pyproject.toml"], None, {}, "unsupported file type"),
        (
            ["score", "-"],
            '{"text": "x", "colour": 1}\n',
            {},
            "stdin line 1: Object contains unknown field `colour`",
        ),
        (["score", "-"], '{"text": ""}\n', {}, "text is empty"),
        (["score", "-"], '{"text": "x", "published": "last week"}\n', {}, "not an ISO 8601 date"),
        (["score", "-"], "not json\n", {}, "malformed JSON"),
        (["score", "-"], "", {}, "no documents to score"),
        (["score", "--only", "nope", "seeds/"], None, {}, "unknown heuristic(s) nope"),
        (
            ["score", "--weight", "hedging", "seeds/"],
            None,
            {},
            "--weight: 'hedging' is not name=weight",
        ),
        (
            ["score", "seeds/"],
            None,
            {"RELIABILITY_MAX_TEXT_BYTES": "100"},
            "the limit is 100 bytes",
        ),
        (["score", "seeds/"], None, {"RELIABILITY_TIMEOUT": "x"}, "RELIABILITY_TIMEOUT"),
        (["score"], None, {}, "the following arguments are required"),
        (["frobnicate"], None, {}, "invalid choice"),
    ],
)
def test_input_and_usage_errors_exit_2_with_a_message(args, stdin, env, message):
    proc = run(*args, stdin=stdin, env=env)
    assert proc.returncode == 2, proc.stdout
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr


def test_empty_and_binary_files_are_input_errors(tmp_path):
    (tmp_path / "empty.txt").write_text("  \n")
    (tmp_path / "bin.txt").write_bytes(b"\xff\xfe\x00bad")
    for name, message in (("empty.txt", "has no text"), ("bin.txt", "not UTF-8")):
        proc = run("score", str(tmp_path / name))
        assert proc.returncode == 2 and message in proc.stderr


def test_heuristics_lists_plugin_version_weight_and_description():
    proc = run("heuristics", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    infos = {i["name"]: i for i in json.loads(proc.stdout)}
    hedging = infos["hedging"]
    assert hedging["plugin"] == "reliability" and hedging["version"] and hedging["description"]
    assert hedging["weight"] == hedging["default_weight"] > 0
    table = run("heuristics")
    assert "hedging" in table.stdout and "reliability" in table.stdout


def test_version():
    proc = run("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("reliability ")
