"""Every command and Python snippet of README.md, run as a new user runs them.

The commands are read from the README itself: each line of a fenced block
that starts with a command (`$ ` prompts mark the commands of a block that
also shows output), and each inline code span that does. Every one must
have an entry in `HOW`, which says how it is run: a command added to the
README, or changed, fails `test_every_readme_command_is_run` until it has one,
and a command that fails when run fails its own test.

They run in a copy of the working tree (what a clone gives), after the quick
start has run there for real (`python3 -m venv .venv && .venv/bin/pip install
...`). The README says to activate an environment first; each command runs in
bash after `. .venv/bin/activate`, or for the benchmarks after activating the
test environment. The store's default place is inside the copy
(`XDG_DATA_HOME`).

Adapted, each for a reason (the README's text is kept otherwise):

- servers (the quick start's `serve`, the production uvicorn command) run on
  a free port instead of 8000, are checked over HTTP, then stopped; the
  production command binds 127.0.0.1 instead of 0.0.0.0 and reads the README's
  settings example, with its metrics folder inside the copy (not /etc, /run);
- `curl` goes to the quick start's server on its port;
- the test command: the Chromium and PostgreSQL checks as written, `python3 -m venv` in the
  copy, `pip install -e '.[test]'` as a dry run with the test environment's
  pip (a real install would move the editable install this suite runs from),
  and pytest collecting only (running the suite would run this test again);
  the quick-run command collects only too;
- benchmarks that read `../shared/data` or take minutes print their `--help`
  (which still imports all they use, and must list every option the README
  gives them); the others run with small arguments; `pip install -e
  '.[bench]'` is a dry run;
- synopses such as `reliability score PATH... [--format ...]` are checked
  against `--help`: every option they show exists;
- `reliability score https://…` scores a seed page from a local HTTP server,
  allowed with `RELIABILITY_FETCH_ALLOW`;
- `reliability batch` reads a `crawl/` folder made of the seeds as JSONL,
  after `pip install '.[ray]'` for real; the several-machines command runs
  against a cluster started with `ray start --head` on a free port, with the
  folder's path and that address in place of `/shared/crawl/` and `HEAD:6379`;
  `python benchmarks/batch.py` runs on 8 articles of the development data
  beside this tree (`--help` when it is absent).
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shlex
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from api.live import free_port
from processes import Process
from worktree import copy_worktree

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
TEST_ENV = ROOT / ".venv-test"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.S | re.M)
COMMAND = re.compile(
    r"^(?:[A-Z_]+=\S+\s+)*(?:\.venv(?:-test)?/bin/)?(?:python3?|pip|reliability|uvicorn|curl)\s"
    r"|^\.\s|^\(command -v "
)


def readme_commands() -> list[str]:
    """The README's shell commands, in order, continuation lines joined, spaces collapsed."""
    text = README.read_text(encoding="utf-8")
    commands: list[str] = []
    for lang, body in FENCE.findall(text):
        if lang in ("python", "toml"):
            continue
        body = body.replace("\\\n", " ")
        prompted = [line[2:] for line in body.splitlines() if line.startswith("$ ")]
        lines: list[str] = []
        for line in prompted or body.splitlines():
            if line[:1].isspace() and lines and not prompted:
                lines[-1] += " " + line  # a synopsis continued on the next line
            else:
                lines.append(line)
        for line in lines:
            line = " ".join(re.sub(r"\s+#\s.*$", "", line).split())
            if COMMAND.match(line + " "):
                commands.append(line)
    for span in re.findall(r"`([^`]+)`", FENCE.sub("", text)):
        span = " ".join(span.split())
        if " " in span and COMMAND.match(span + " "):
            commands.append(span)
    return list(dict.fromkeys(commands))


def readme_blocks(lang: str) -> list[str]:
    return [body for found, body in FENCE.findall(README.read_text("utf-8")) if found == lang]


@dataclass
class Clone:
    """The copy of the tree after the quick start, with its server running."""

    path: Path
    env: dict[str, str]
    server: str
    quickstart: Process
    serving: str
    postgres: Any = None  # the session's PostgreSQL server, for the commands that need one

    def bash(self, script: str, *, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["bash", "-c", f"set -e\n{script}"],
            cwd=self.path,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def run(self, command: str, *, test_env: bool = False, timeout: float = 300) -> str:
        """Run `command` in the activated environment; fails the test unless it exits 0."""
        activate = f"{TEST_ENV}/bin/activate" if test_env else ".venv/bin/activate"
        proc = self.bash(f". {activate}\n{command}", timeout=timeout)
        assert proc.returncode == 0, (
            f"{command}\nexit {proc.returncode}\n{proc.stdout}{proc.stderr}"
        )
        assert "Traceback" not in proc.stderr, proc.stderr
        return proc.stdout + proc.stderr


def _environment(data: Path) -> dict[str, str]:
    """A user's environment: none of the project's settings, no environment active."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("RELIABILITY_", "PROMETHEUS_", "PYTEST_"))
        and key not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")
    }
    env["PATH"] = os.pathsep.join(
        p for p in env.get("PATH", "").split(os.pathsep) if not p.startswith(str(TEST_ENV))
    )
    env["XDG_DATA_HOME"] = str(data)  # the store's default place, inside the copy
    env["COLUMNS"] = "120"
    return env


QUICK_START = (
    "python3 -m venv .venv && .venv/bin/pip install . ./plugins/loaded-language && "
    ".venv/bin/reliability serve --load seeds/"
)


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Clone]:
    """A fresh copy of the tree where the quick start ran, as written, on a free port."""
    assert QUICK_START in readme_commands()
    path = copy_worktree(tmp_path_factory.mktemp("readme") / "clone")
    env = _environment(path / "data")
    port = free_port()
    quickstart = Process(f"{QUICK_START} --port {port}", env, cwd=path)
    try:
        serving = quickstart.wait_for("serving", timeout=600)
        yield Clone(path, env, f"http://127.0.0.1:{port}", quickstart, serving)
    finally:
        quickstart.stop()


# --- How each command is run


def run_as_written(check: Callable[[str], None] | None = None) -> Callable[[Clone, str], None]:
    def runner(clone: Clone, command: str) -> None:
        out = clone.run(command)
        if check is not None:
            check(out)

    return runner


def run_in_test_env(*, replace: dict[str, str] | None = None, add: str = "") -> Callable:
    """A benchmark or measurement: in the test environment, with small arguments or `--help`."""

    def runner(clone: Clone, command: str) -> None:
        adapted = command
        for old, new in (replace or {}).items():
            adapted = adapted.replace(old, new)
        out = clone.run(f"{adapted} {add}".strip(), test_env=True)
        if "--help" in add:
            assert out.startswith("usage:"), out
            options = re.findall(r"(?<!\S)--[a-z][a-z-]*", adapted.replace("--help", ""))
            for option in options:
                assert option in out, f"{command}: {option} is not an option"

    return runner


def synopsis(clone: Clone, command: str) -> None:
    """A usage line: `--help` of the same subcommand shows every option it names."""
    words = command.split()
    sub = [w for w in words[1:2] if w.isalpha() and w.islower()]
    out = clone.run(" ".join(["reliability", *sub, "--help"]))
    for option in re.findall(r"--[a-z][a-z-]*", command):
        assert option in out, f"{command}: {option} is not in `{' '.join(sub)} --help`"


def quick_start(clone: Clone, command: str) -> None:
    """The fixture ran it; what it started is what the README promises."""
    port = clone.server.rsplit(":", 1)[1]
    assert f"serving http://127.0.0.1:{port}" in clone.serving
    assert f"docs at http://127.0.0.1:{port}/docs" in clone.quickstart.wait_for("docs at")
    with httpx.Client(base_url=clone.server, timeout=30) as http:
        assert len(http.get("/v1/documents").json()["items"]) == 5
        names = {info["name"] for info in http.get("/v1/heuristics").json()}
        assert "loaded-language" in names
        assert http.get("/docs").status_code == 200
        assert "text/html" in http.get("/").headers["content-type"]


def the_test_command(clone: Clone, command: str) -> None:
    """The test command, adapted: see the module's docstring."""
    system_checks, make_venv, install, pytest_run = command.rsplit(" && ", 3)
    chromium_check, _, postgres_check = system_checks.partition(" && (command -v initdb")
    postgres_check = "(command -v initdb" + postgres_check
    assert chromium_check.startswith("(command -v chromium >/dev/null || (apt-get update")
    assert postgres_check.endswith("apt-get install -y --no-install-recommends postgresql))")
    for check in (chromium_check, postgres_check):  # installed here: nothing to install
        proc = clone.bash(check)
        assert proc.returncode == 0, proc.stderr
    assert make_venv == "python3 -m venv .venv-test"
    proc = clone.bash(make_venv, timeout=120)
    assert proc.returncode == 0 and (clone.path / ".venv-test" / "bin" / "python").exists()
    assert install == ".venv-test/bin/pip install -e '.[test]'"
    out = clone.run(
        install.replace(".venv-test/bin/pip install", "pip install --dry-run --no-build-isolation"),
        test_env=True,
    )
    assert "Would install reliability-scorecards-" in out, out
    assert "does not provide the extra 'test'" not in out, out
    assert pytest_run == ".venv-test/bin/python -m pytest"
    out = clone.run("python -m pytest --collect-only -q -p no:cacheprovider", test_env=True)
    assert re.search(r"^\d+ tests collected", out, re.M), out[-2000:]


def quick_run(clone: Clone, command: str) -> None:
    args = shlex.split(command)
    assert args[:3] == [".venv-test/bin/python", "-m", "pytest"]
    adapted = shlex.join(["python", *args[1:], "--collect-only", "-q", "-p", "no:cacheprovider"])
    out = clone.run(adapted, test_env=True)
    assert re.search(r"^\d+/\d+ tests collected \(\d+ deselected\)", out, re.M), out[-2000:]


def activate(clone: Clone, command: str) -> None:
    venv = clone.path / ".venv" if "-test" not in command else TEST_ENV
    proc = clone.bash(command.replace(".venv-test/", f"{TEST_ENV}/") + "\ncommand -v python")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == str(venv / "bin" / "python")
    if "-test" not in command:
        for program in ("reliability", "uvicorn", "python"):
            found = clone.bash(f"{command}\ncommand -v {program}").stdout.strip()
            assert found == str(venv / "bin" / program)


def curl(clone: Clone, command: str) -> None:
    port = clone.server.rsplit(":", 1)[1]
    out = clone.run(command.replace("localhost:8000", f"localhost:{port}"))
    card = json.loads(out)
    assert card["grade"] and card["heuristics"], card


def serve(clone: Clone, command: str) -> None:
    """`reliability serve` on its own: started on a free port, answering, stopped."""
    port = free_port()
    server = Process(f". .venv/bin/activate\n{command} --port {port}", clone.env, cwd=clone.path)
    try:
        server.wait_for("serving")
        assert httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=10).status_code == 200
    finally:
        server.stop()


def production(clone: Clone, command: str) -> None:
    """The production command with the README's settings example as its settings file."""
    (settings,) = readme_blocks("toml")
    (clone.path / "reliability.toml").write_text(settings, encoding="utf-8")
    port = free_port()
    metrics = clone.path / "run" / "reliability-metrics"
    adapted = (
        command.replace("/etc/reliability.toml", str(clone.path / "reliability.toml"))
        .replace("/run/reliability-metrics", str(metrics))
        .replace("--host 0.0.0.0 --port 8000", f"--host 127.0.0.1 --port {port}")
    )
    assert adapted.count(str(clone.path)) == 2 and f"--port {port}" in adapted
    server = Process(f". .venv/bin/activate\n{adapted}", clone.env, cwd=clone.path)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as http:
            for _ in range(600):
                assert server.popen.poll() is None, "".join(server.seen)
                try:
                    if http.get("/readyz").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                threading.Event().wait(0.1)
            else:
                pytest.fail("the production command never answered")
            infos = http.get("/v1/heuristics").json()
            # The settings example: only these two, hedging weighted 1.5.
            enabled = {i["name"]: i["weight"] for i in infos if i["enabled"]}
            assert enabled == {"hedging": 1.5, "loaded-language": 0.5}
            assert http.get("/metrics").status_code == 200
        assert metrics.is_dir()
    finally:
        server.stop()


def score_url(clone: Clone, command: str) -> None:
    """A page on a local server, allowed as the README says private hosts must be."""
    pages = clone.path / "pages"
    pages.mkdir(exist_ok=True)
    seed = json.loads((clone.path / "seeds" / "003_88799ff349ff80df.json").read_text("utf-8"))
    paragraphs = "".join(f"<p>{p}</p>" for p in seed["text"].split("\n\n")[1:])
    (pages / "article.html").write_text(
        f"<html><head><title>{seed['title']}</title></head>"
        f"<body><article><h1>{seed['title']}</h1>{paragraphs}</article></body></html>",
        encoding="utf-8",
    )
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(pages))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    site = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{site.server_address[1]}/article.html"
        out = clone.run(f"RELIABILITY_FETCH_ALLOW=127.0.0.1 {command.replace('https://…', url)}")
    finally:
        site.shutdown()
        site.server_close()
    assert re.search(r"^score .* grade ", out, re.M), out


def install_postgres_driver(clone: Clone, command: str) -> None:
    """The extra installed for real in the quick start's environment."""
    clone.run(command, timeout=600)
    out = clone.run("python -c 'import psycopg, psycopg_pool; print(psycopg.__version__)'")
    assert re.match(r"^3\.", out.strip()), out


def postgres_instance(clone: Clone, command: str) -> None:
    """An instance on the README's database, the session's real server standing in for it."""
    server = clone.postgres
    with psycopg.connect(server.admin_url, autocommit=True) as conn:
        if (
            conn.execute("SELECT 1 FROM pg_database WHERE datname = 'reliability'").fetchone()
            is None
        ):
            conn.execute("CREATE DATABASE reliability")
    clone.run("pip install '.[postgres]'", timeout=600)  # the README's step before this one
    port = free_port()
    adapted = re.sub(r"--port 800\d", f"--port {port}", command)
    adapted = adapted.replace("127.0.0.1:5432", f"127.0.0.1:{server.port}")
    assert adapted.count(str(server.port)) == 1 and f"--port {port}" in adapted
    instance = Process(f". .venv/bin/activate\n{adapted}", clone.env, cwd=clone.path)
    try:
        serving = instance.wait_for("serving", timeout=300)
        assert "reliability:***@" in serving and "secret" not in serving  # no password shown
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as http:
            assert http.get("/readyz").json()["status"] == "ok"
            text = "The harbour reopened on Monday, the port authority said."
            stored = http.post("/v1/documents", json={"text": text})
            assert stored.status_code in (200, 201), stored.text
            assert http.get(f"/v1/documents/{stored.json()['id']}").json()["text"] == text
    finally:
        instance.stop()


def install_ray(clone: Clone, command: str) -> None:
    """The extra installed for real in the quick start's environment: Ray Data and pyarrow."""
    clone.run(command, timeout=900)
    out = clone.run("python -c 'import pyarrow, ray.data; print(ray.__version__)'")
    assert re.match(r"^2\.", out.strip()), out


def crawl_folder(clone: Clone) -> Path:
    """The README's `crawl/`: the seeds as JSONL documents, in two files, one in a subfolder."""
    folder = clone.path / "crawl"
    (folder / "more").mkdir(parents=True, exist_ok=True)
    seeds = sorted((clone.path / "seeds").glob("*.json"))
    lines = [json.dumps(json.loads(p.read_text("utf-8")), ensure_ascii=False) for p in seeds]
    (folder / "a.jsonl").write_text("\n".join(lines[:3]) + "\n", "utf-8")
    (folder / "more" / "b.jsonl").write_text("\n".join(lines[3:]) + "\n", "utf-8")
    return folder


def batch_records(path: Path) -> list[dict[str, Any]]:
    """The records of a `reliability batch` output, the scorecards decoded."""
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        rows = pq.read_table(path).to_pylist()
        return [
            {**r, "scorecard": json.loads(r["scorecard"]) if r["scorecard"] else None} for r in rows
        ]
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def check_batch(clone: Clone, command: str) -> None:
    """The five seeds, each scored (as one story with --compare story)."""
    records = batch_records(clone.path / command.split("--output ")[1].split()[0])
    assert len(records) == 5 and all(r["error"] is None for r in records), records
    if "--compare story" in command:
        assert len({r["story"] for r in records}) == 1
        assert all(len(r["scorecard"]["peers"]) == 4 for r in records)


def batch_local(clone: Clone, command: str) -> None:
    """`reliability batch` on a local Ray cluster it starts, over the README's `crawl/`."""
    clone.run("pip install '.[ray]'", timeout=900)  # the README's step before this one
    crawl_folder(clone)
    out = clone.run(command, timeout=900)
    assert "on a local Ray cluster (" in out and "5 scored, 0 error record(s)" in out, out
    check_batch(clone, command)


def batch_on_cluster(clone: Clone, command: str) -> None:
    """The multi-node command against a cluster started with `ray start --head`, as written."""
    from test_batch import RayHead

    clone.run("pip install '.[ray]'", timeout=900)
    crawl = crawl_folder(clone)
    port, temp = free_port(), tempfile.mkdtemp(prefix="ray-", dir="/tmp")  # short socket paths
    head = RayHead(
        [
            str(clone.path / ".venv" / "bin" / "ray"), "start", "--head", f"--port={port}",
            "--block", "--num-cpus=2", "--include-dashboard=false", f"--temp-dir={temp}",
            "--disable-usage-stats", f"--dashboard-agent-listen-port={free_port()}",
        ],
        {**clone.env, "RAY_USAGE_STATS_ENABLED": "0"},
    )  # fmt: skip
    try:
        head.wait_started(timeout=300)
        address = f"127.0.0.1:{port}"
        adapted = command.replace("/shared/crawl/", f"{crawl}/").replace("HEAD:6379", address)
        out = clone.run(adapted, timeout=900)
        assert f"on a Ray cluster at {address} (2 CPUs)" in out, out
        check_batch(clone, command)
    finally:
        head.stop()
        shutil.rmtree(temp, ignore_errors=True)


def batch_benchmark(clone: Clone, command: str) -> None:
    """Eight articles from the development data beside this tree; `--help` when it is absent."""
    data = ROOT.parent / "shared" / "data"
    if not (data / "polnear").is_dir():
        HELP(clone, command)
        return
    out = clone.run(f"{command} --articles 8 --data {data}", test_env=True, timeout=900)
    assert re.search(r"^\| reliability batch --compare story", out, re.M), out
    assert "scores equal to reliability score's: 8 of 8" in out, out


def five_tables(out: str) -> None:
    assert len(re.findall(r"^score .* grade ", out, re.M)) == 5, out


def five_cards(out: str) -> None:
    cards = json.loads(out)
    assert len(cards) == 5 and all(card["peers"] for card in cards)


def one_table(out: str) -> None:
    assert re.search(r"^score .* grade ", out, re.M) and "why this grade" in out, out


def lists_heuristics(out: str) -> None:
    assert "hedging" in out and "loaded-language" in out, out


HELP = run_in_test_env(add="--help")  # reads ../shared/data, or takes minutes
HOW: dict[str, Callable[[Clone, str], None]] = {
    QUICK_START: quick_start,
    "(command -v chromium >/dev/null || (apt-get update && apt-get install -y "
    "--no-install-recommends chromium)) && (command -v initdb >/dev/null || "
    "ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || (apt-get update && apt-get install "
    "-y --no-install-recommends postgresql)) && python3 -m venv .venv-test && "
    ".venv-test/bin/pip install -e '.[test]' && .venv-test/bin/python -m pytest": the_test_command,
    '.venv-test/bin/python -m pytest -m "not slow and not browser"': quick_run,
    ". .venv/bin/activate": activate,
    ". .venv-test/bin/activate": activate,
    "curl -s localhost:8000/v1/scorecards -H 'content-type: application/json' -d "
    '\'{"document": {"text": "Obviously, the claims are propaganda, officials said."}}\'': curl,
    "RELIABILITY_CONFIG=/etc/reliability.toml PROMETHEUS_MULTIPROC_DIR=/run/reliability-metrics "
    "uvicorn --factory reliability.api.app:create_app --host 0.0.0.0 --port 8000 --workers 1 "
    "--proxy-headers --no-access-log": production,
    "reliability score PATH... [--format table|json|ndjson] [--compare] [--only NAMES] "
    "[--skip NAMES] [--weight NAME=W]... [--findings N] [--progress | --no-progress]": synopsis,
    "reliability heuristics [--format table|json]": synopsis,
    "reliability serve [--host H] [--port P] [--workers N] [--db PATH] [--load PATH...]": synopsis,
    "reliability --config FILE ...": synopsis,
    "reliability score --compare PATH...": synopsis,
    "reliability serve": serve,
    "reliability score https://…": score_url,
    "reliability score seeds/": run_as_written(five_tables),
    "reliability score --compare --format json seeds/": run_as_written(five_cards),
    "reliability score --compare seeds/": run_as_written(five_tables),
    "reliability heuristics": run_as_written(lists_heuristics),
    ".venv/bin/reliability score seeds/003_88799ff349ff80df.json": run_as_written(one_table),
    "pip install '.[postgres]'": install_postgres_driver,
    "reliability serve --db postgresql://reliability:secret@127.0.0.1:5432/reliability "
    "--port 8001": postgres_instance,
    "RELIABILITY_DB=postgresql://reliability:secret@127.0.0.1:5432/reliability reliability "
    "serve --port 8002": postgres_instance,
    "pip install -e '.[bench]'": run_in_test_env(
        replace={"pip install": "pip install --dry-run --no-build-isolation"}
    ),
    "python -m reliability.scoring.fit": HELP,
    "python benchmarks/validity.py": HELP,
    "python benchmarks/validity.py --drop NAME": HELP,
    "python benchmarks/build_tenures.py --index": HELP,
    "python benchmarks/gaming.py": run_in_test_env(
        add=f"--limit 2 --data {ROOT.parent / 'shared' / 'data'}"
    ),
    "python benchmarks/dates.py": HELP,
    "python benchmarks/attribution.py": HELP,
    "python benchmarks/build_attribution_cues.py": HELP,
    "python benchmarks/hedging.py": HELP,
    "python benchmarks/recycling.py --today 2026-11-23": HELP,
    "python benchmarks/figures_real.py --show 50": HELP,
    "python benchmarks/peers.py": HELP,
    "python benchmarks/peers.py --figures": HELP,
    "python benchmarks/peers.py --db postgresql://USER@HOST:PORT/DB": HELP,
    "python benchmarks/load.py --corpus polnear": HELP,
    "python benchmarks/load.py --corpus polnear --db postgresql://USER@HOST:PORT/DB": HELP,
    "python benchmarks/load.py --corpus polnear --http 8": HELP,
    "python benchmarks/web.py": HELP,  # drives Chromium for about 20 s even with --repeat 1
    "python benchmarks/engine.py": run_in_test_env(add="--synthetic 2 --repeat 1"),
    "python benchmarks/scaling.py": run_in_test_env(add="--small --skip-shapes"),
    "python benchmarks/story.py --only-originality": run_in_test_env(add="--help"),
    "python benchmarks/figures.py": run_in_test_env(add="--repeat 1 --articles 3"),
    "python benchmarks/copies.py": run_in_test_env(add="--repeat 1 --skip-polnear"),
    "python benchmarks/copies.py --against OLD_COPIES_PY": run_in_test_env(
        replace={"OLD_COPIES_PY": "plugins/reliability_heuristics/originality/heuristic.py"},
        add="--repeat 1 --skip-polnear",
    ),
    "python benchmarks/recycling.py --corpus speed": run_in_test_env(add="--repeat 1"),
    "python benchmarks/anchoring.py": run_in_test_env(add="--pages 1 --repeat 1"),
    "python benchmarks/api.py": run_in_test_env(add="--workers 1 --concurrency 1 --seconds 1"),
    "python benchmarks/cli.py": run_in_test_env(add="--articles 6"),
    "python benchmarks/startup.py": run_in_test_env(add="--runs 2"),
    "reliability batch INPUT... --output OUT [--compare none|story] [--ray-address ADDRESS] "
    "[--workers N]": synopsis,
    "pip install '.[ray]'": install_ray,
    "reliability batch crawl/ --output scores.parquet": batch_local,
    "reliability batch crawl/ --output stories.jsonl --compare story": batch_local,
    "reliability batch /shared/crawl/ --output scores.parquet --ray-address HEAD:6379": (
        batch_on_cluster
    ),
    "python benchmarks/batch.py": batch_benchmark,
}


def test_every_readme_command_is_run() -> None:
    commands = readme_commands()
    assert "reliability score seeds/" in commands  # the extraction finds inline commands
    assert sorted(set(commands) - set(HOW)) == [], "README commands this test does not run"
    assert sorted(set(HOW) - set(commands)) == [], "commands no longer in the README"


@pytest.mark.parametrize("command", list(HOW))
def test_readme_command(clone: Clone, command: str, request: pytest.FixtureRequest) -> None:
    if command not in readme_commands():
        pytest.fail("not in the README any more")
    if HOW[command] is postgres_instance:
        clone.postgres = request.getfixturevalue("postgres_server")
    HOW[command](clone, command)


def test_readme_python_snippets_run(clone: Clone) -> None:
    snippets = readme_blocks("python")
    assert snippets
    for number, snippet in enumerate(snippets):
        script = clone.path / f"snippet_{number}.py"
        script.write_text(snippet, encoding="utf-8")
        out = clone.run(f"python {script.name}")
        assert out.strip(), snippet
