"""The command line, run as a user runs it: a subprocess, on the seeds."""

from __future__ import annotations

import json
import os
import random
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from api.live import free_port
from factories import ROOT, SEEDS
from processes import Process

from reliability import Document, make_document


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
            "reliability-scorecards",
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


# --- Scoring in worker processes (--jobs)


def generated_documents(folder: Path, seeds: dict[str, Document], count: int) -> list[str]:
    """`count` articles made of the seeds' paragraphs, the first one long; their texts.

    The first takes a worker longest, so the others come back before it: the
    output must still be in input order.
    """
    rng = random.Random(20251107)
    paragraphs = [p for doc in seeds.values() for p in doc.text.split("\n\n") if p.strip()]
    texts = []
    for number in range(count):
        chosen = rng.sample(paragraphs, 40 if number == 0 else rng.randint(2, 6))
        texts.append("\n\n".join(chosen))
        (folder / f"{number:03d}.txt").write_text(texts[-1], encoding="utf-8")
    return texts


def without_timings(output: str) -> str:
    """The output without the measured times, which differ between any two runs."""
    return re.sub(r'"(elapsed_ms|analysis_ms)": ?[0-9.e+-]+', r'"\1": 0', output)


@pytest.fixture(scope="module")
def generated(tmp_path_factory, seeds) -> tuple[Path, list[str]]:
    folder = tmp_path_factory.mktemp("generated")
    return folder, generated_documents(folder, seeds, 24)


@pytest.mark.parametrize("output", ["table", "json", "ndjson"])
def test_jobs_give_the_same_output_in_input_order(tmp_path, seeds, generated, output):
    """Settings reach the workers as they are: a config file, --skip and --weight."""
    folder, texts = generated
    config = tmp_path / "c.toml"
    config.write_text("min_confidence = 0.4\n[weights]\nhedging = 2.5\n", encoding="utf-8")
    args = ["--config", str(config), "score", "--format", output, "--skip", "style"]
    args += ["--weight", "attribution=2", "seeds/", str(folder)]
    one, two = run(*args, "--jobs", "1"), run(*args, "--jobs", "2")
    assert one.returncode == two.returncode == 0, one.stderr + two.stderr
    assert without_timings(one.stdout) == without_timings(two.stdout)
    if output == "table":
        assert len(re.findall(r"^score .* grade ", two.stdout, re.M)) == 5 + len(texts)
        return
    cards = (
        json.loads(two.stdout)
        if output == "json"
        else [json.loads(line) for line in two.stdout.splitlines()]
    )
    ids = [seeds[k].id for k in sorted(seeds)]
    ids += [make_document(text).doc_id for text in texts]
    assert [card["document_id"] for card in cards] == ids
    for card in cards:
        names = {h["name"]: h["weight"] for h in card["heuristics"]}
        assert "style" not in names and names["attribution"] == 2 and names["hedging"] == 2.5


def test_compare_is_the_same_whatever_the_jobs(seeds):
    one = run("score", "--compare", "--format", "json", "--jobs", "1", "seeds/")
    two = run("score", "--compare", "--format", "json", "--jobs", "2", "seeds/")
    assert without_timings(one.stdout) == without_timings(two.stdout)
    assert all(len(card["peers"]) == 4 for card in json.loads(two.stdout))


TEMPLATES = [
    "Two days later, {who} announced a {n}-point plan to cut costs by {p} percent.",
    "{who} said on Monday that {n} families had been moved to {where}.",
    "According to the ministry, more than {n} schools in {where} were closed.",
    "Around {n} protesters gathered outside the offices in {where} last week.",
]


def test_compare_gives_the_same_output_in_any_process(tmp_path):
    """Templated coverage ties sentences exactly; a tie must not be settled by a set's order,
    which changes with each process's hash seed."""
    rng = random.Random(7)
    for number in range(6):
        sentences = [
            rng.choice(TEMPLATES).format(
                who=rng.choice(["Maria Lopez", "John Carter", "Ana Souza"]),
                where=rng.choice(["Lima", "Kyiv", "Lagos"]),
                n=rng.randint(2, 900),
                p=rng.randint(2, 40),
            )
            for _ in range(40)
        ]
        text = "\n\n".join(" ".join(sentences[i : i + 4]) for i in range(0, 40, 4))
        (tmp_path / f"{number}.txt").write_text(text, encoding="utf-8")
    outputs = {
        without_timings(
            run(
                "score",
                "--compare",
                "--format",
                "json",
                str(tmp_path),
                env={"PYTHONHASHSEED": seed},
            ).stdout
        )
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1


CRASHING_PLUGIN = """
import os

from reliability import Heuristic, Outcome, hookimpl


class Crasher(Heuristic):
    name = "crasher"
    description = "Stops its process dead on a document that asks for it."

    def evaluate(self, doc, context):
        if "ABORT-HERE" in doc.text:
            os.abort()
        return Outcome(score=None, confidence=0.0, summary="Nothing to judge.")


@hookimpl
def register_heuristics(register):
    register(Crasher())
"""


def crashing_plugin(site: Path) -> dict[str, str]:
    """A plugin distribution on PYTHONPATH (module, dist-info, entry point), as pip lays it out.

    Returns the environment that loads it and the hedging heuristic only.
    """
    (site / "crash_plugin.py").write_text(CRASHING_PLUGIN, encoding="utf-8")
    dist = site / "crash_plugin-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: crash-plugin\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[reliability]\ncrasher = crash_plugin\n")
    return {"PYTHONPATH": str(site), "RELIABILITY_LOAD_PLUGINS": "crasher,hedging"}


@pytest.mark.parametrize("output", ["ndjson", "json", "table"])
def test_a_dying_worker_costs_only_its_documents(tmp_path, output):
    env = crashing_plugin(tmp_path)
    docs = [
        {"text": f"Officials said {n} people were hurt on Monday.", "id": f"d{n}"} for n in range(9)
    ]
    for n in (2, 6):
        docs[n]["text"] = "ABORT-HERE, officials said."
    stdin = "".join(json.dumps(doc) + "\n" for doc in docs)
    proc = run("score", "--jobs", "2", "--format", output, "-", stdin=stdin, env=env)
    # The worker that died is replaced; only the heuristic it was running fails, and
    # the documents it held are still scored, by the others, in input order.
    assert proc.returncode == 0, proc.stderr
    every = [f"d{n}" for n in range(9)]
    if output == "table":
        # the id ends the score line, or wraps onto the next one
        assert re.findall(r"^score .* id\s+(d\d)$", proc.stdout, re.M) == every
        assert proc.stdout.count("killed by SIGABRT") >= 2
        return
    cards = (
        json.loads(proc.stdout)
        if output == "json"
        else [json.loads(line) for line in proc.stdout.splitlines()]
    )
    assert [card["document_id"] for card in cards] == every
    for n, card in enumerate(cards):
        (crasher,) = [h for h in card["heuristics"] if h["name"] == "crasher"]
        others = [h for h in card["heuristics"] if h["name"] != "crasher"]
        if n in (2, 6):
            assert crasher["status"] == "error"
            assert "killed by SIGABRT" in crasher["message"]
        else:
            assert crasher["status"] == "ok"
        assert all(h["status"] == "ok" for h in others), card["document_id"]


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
        (["score", "--jobs", "0", "seeds/"], None, {}, "'0' is not a number of processes"),
        (["score", "--jobs", "-2", "seeds/"], None, {}, "'-2' is not a number of processes"),
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
    assert (
        hedging["plugin"] == "reliability-scorecards"
        and hedging["version"]
        and hedging["description"]
    )
    assert hedging["weight"] == hedging["default_weight"] > 0
    table = run("heuristics", env={"COLUMNS": "200"})  # wide enough not to wrap names
    assert "hedging" in table.stdout and "reliability-scorecards" in table.stdout


def test_version():
    proc = run("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("reliability ")


# --- `reliability serve` and the production command, as real processes


def _server_env(tmp_path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RELIABILITY_", "PROMETHEUS_"))}
    env["XDG_DATA_HOME"] = str(tmp_path / "data")  # the default store goes here, not to ~
    env.update(extra)
    return env


def serve(tmp_path, *args: str, **env: str) -> Process:
    command = [sys.executable, "-m", "reliability", "serve", "--db", str(tmp_path / "s.sqlite3")]
    return Process([*command, *args], _server_env(tmp_path, **env), cwd=ROOT)


def production(tmp_path, port: int, workers: int, **env: str) -> Process:
    """The README's production command: the app factory under uvicorn."""
    command = [sys.executable, "-m", "uvicorn", "--factory", "reliability.api.app:create_app"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    command += ["--proxy-headers", "--no-access-log"]
    return Process(command, _server_env(tmp_path, **env), cwd=ROOT)


@pytest.mark.parametrize("workers", [1, 2])
def test_serve_says_it_is_serving_only_once_it_answers(tmp_path, workers):
    port = free_port()
    server = serve(tmp_path, "--port", str(port), "--workers", str(workers), "--load", "seeds/")
    try:
        line = server.wait_for("serving")
        # At once, no retry: the address printed answers.
        answer = httpx.get(f"http://127.0.0.1:{port}/v1/documents", timeout=10)
        assert answer.status_code == 200 and len(answer.json()["items"]) == 5
        assert f"serving http://127.0.0.1:{port} with {workers} worker(s)" in line
        assert f"docs at http://127.0.0.1:{port}/docs" in server.wait_for("docs at")
    finally:
        server.stop()


def test_serve_on_a_taken_port_says_so_in_one_line_and_exits(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, stderr = serve(tmp_path, "--port", str(port), "--load", "seeds/").finish()
    assert code != 0
    assert stderr.splitlines() == [
        f"reliability: error: port {port} on 127.0.0.1 is already in use; stop what is "
        "using it, or choose another port with --port"
    ]


@pytest.mark.parametrize("port", ["0", "65536", "http"])
def test_serve_refuses_a_port_that_is_not_one(tmp_path, port):
    code, stderr = serve(tmp_path, "--port", port).finish()
    assert code == 2 and "is not a port number (1-65535)" in stderr
    assert "Traceback" not in stderr


@pytest.mark.parametrize("workers", [1, 2])
def test_production_command_without_its_settings_file_fails_once(tmp_path, workers):
    missing = tmp_path / "reliability.toml"
    metrics_dir = tmp_path / "metrics"
    metrics_dir.mkdir()
    server = production(
        tmp_path,
        free_port(),
        workers,
        RELIABILITY_CONFIG=str(missing),
        PROMETHEUS_MULTIPROC_DIR=str(metrics_dir),
    )
    try:
        code, stderr = server.finish(timeout=90)  # it ends by itself: no restarts forever
    finally:
        server.stop()
    message = f"reliability: cannot start: cannot read configuration file {missing}"
    # Each worker says why once; none is started again.
    assert 1 <= stderr.count(message) <= workers, stderr
    assert "Traceback" not in stderr
    if workers == 1:
        assert code == 3  # uvicorn's "failed to start"


def test_production_command_without_settings_runs_on_defaults(tmp_path):
    port = free_port()
    metrics_dir = tmp_path / "run" / "reliability-metrics"  # not there yet
    server = production(tmp_path, port, 2, PROMETHEUS_MULTIPROC_DIR=str(metrics_dir))
    try:
        deadline = time.monotonic() + 90
        while True:
            assert server.popen.poll() is None, "".join(server.seen)
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the server never answered"
                time.sleep(0.1)
        assert answer.status_code == 200
        assert httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=10).status_code == 200
        assert metrics_dir.is_dir()
    finally:
        server.stop()


def test_production_command_with_an_unusable_metrics_folder_fails_once(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    server = production(tmp_path, free_port(), 2, PROMETHEUS_MULTIPROC_DIR=str(blocker / "metrics"))
    try:
        _code, stderr = server.finish(timeout=90)
    finally:
        server.stop()
    assert f"PROMETHEUS_MULTIPROC_DIR={blocker / 'metrics'}: cannot create the folder" in stderr
    assert "Traceback" not in stderr
