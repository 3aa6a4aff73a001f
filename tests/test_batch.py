"""`reliability batch` on a real Ray cluster: inputs, outputs, stories, error records.

One Ray cluster serves the whole session: `ray start --head` in a temporary
folder on free ports, two CPUs, stopped at the end. This process connects to
it once; the command, called in-process, uses that connection. Two tests run
the command as a new process: one given the cluster's address (and one with
`RAY_ADDRESS`), one with neither, which starts a local cluster of its own.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from api.live import free_port
from factories import SEEDS, load_seed
from test_stories import FLOOD, OTHERS

from reliability import cli
from reliability.batch import BatchError, find_inputs
from reliability.config import load_settings
from reliability.document import make_document
from reliability.engine import Engine

RAY = Path(sys.executable).parent / "ray"
SEED_FILES = sorted(SEEDS.glob("*.json"))


class RayHead:
    """`ray start --head --block` in its own process group, its output read as it comes."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.popen = subprocess.Popen(
            args,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,  # Ray's "started" message is on stdout
            text=True,
            start_new_session=True,
        )
        self.output: list[str] = []
        self.started = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.popen.stdout is not None
        for line in self.popen.stdout:
            self.output.append(line)
            if "Ray runtime started" in line:
                self.started.set()

    def wait_started(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not self.started.wait(0.5):
            if self.popen.poll() is not None or time.monotonic() > deadline:
                pytest.fail("ray start --head did not start:\n" + "".join(self.output))

    def stop(self) -> None:
        """SIGTERM to `ray start` itself, which stops its processes; SIGKILL to all if it hangs."""
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(90)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait(10)


@pytest.fixture(scope="session")
def ray_cluster() -> Iterator[str]:
    """A Ray cluster started with `ray start --head` (2 CPUs); its address. Stopped after."""
    # Ray's socket paths live under its temporary folder and must stay short.
    temp = tempfile.mkdtemp(prefix="ray-", dir="/tmp")
    port = free_port()
    env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0"}
    head = RayHead(
        [
            str(RAY), "start", "--head", "--block", f"--port={port}", "--num-cpus=2",
            "--include-dashboard=false", f"--temp-dir={temp}", "--disable-usage-stats",
            f"--dashboard-agent-listen-port={free_port()}",
        ],
        env,
    )  # fmt: skip
    try:
        head.wait_started(timeout=180)
        yield f"127.0.0.1:{port}"
    finally:
        head.stop()
        shutil.rmtree(temp, ignore_errors=True)


@pytest.fixture(scope="session")
def connected(ray_cluster: str) -> Iterator[str]:
    """This process connected to the session's cluster, once."""
    import ray

    from reliability.batch import _token_if_available

    saved = os.environ.get("RAY_AUTH_MODE")
    _token_if_available()
    ray.init(address=ray_cluster, log_to_driver=False)
    try:
        yield ray_cluster
    finally:
        ray.shutdown()
        if saved is None:
            os.environ.pop("RAY_AUTH_MODE", None)


def batch(*args: str) -> int:
    """`reliability batch ARGS` in this process."""
    return cli.main(["batch", *args])


def jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def without_timings(card: dict[str, Any]) -> dict[str, Any]:
    """A scorecard without its measured times (analysis, each heuristic): they differ run to run."""
    return {
        **{k: v for k, v in card.items() if k != "analysis_ms"},
        "heuristics": [
            {k: v for k, v in h.items() if k != "elapsed_ms"} for h in card["heuristics"]
        ],
    }


def seeds_jsonl(path: Path) -> Path:
    lines = [json.dumps(json.loads(p.read_text("utf-8")), ensure_ascii=False) for p in SEED_FILES]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def score_command(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, Any]]:
    """`reliability score --format ndjson ARGS`, in this process: its scorecards."""
    capsys.readouterr()
    assert cli.main(["score", "--format", "ndjson", *args]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


@pytest.mark.slow
def test_jsonl_to_jsonl_gives_the_scorecards_of_reliability_score(
    connected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    source = seeds_jsonl(tmp_path / "seeds.jsonl")
    out = tmp_path / "cards.jsonl"
    assert batch(str(source), "--output", str(out), "--ray-address", connected) == 0
    records = jsonl(out)
    expected = score_command(capsys, *map(str, SEED_FILES))
    assert [r["source"] for r in records] == [f"{source}:{n}" for n in range(1, 6)]
    assert [r["id"] for r in records] == [c["document_id"] for c in expected]
    assert all(r["error"] is None for r in records)
    assert [without_timings(r["scorecard"]) for r in records] == list(
        map(without_timings, expected)
    )


@pytest.mark.slow
def test_parquet_in_and_out(connected: str, tmp_path: Path):
    seeds = [load_seed(p.name[:3]) for p in SEED_FILES]
    table = pa.table(
        {
            "id": [f"seed-{n}" for n in range(5)],
            "text": [d.text for d in seeds],
            "title": [d.title if n else None for n, d in enumerate(seeds)],  # one null field
            "published": pa.array([dt.date(2025, 11, 3 + n) for n in range(5)], pa.date32()),
        }
    )
    source = tmp_path / "in.parquet"
    pq.write_table(table, source)
    out = tmp_path / "cards.parquet"
    assert batch(str(source), "--output", str(out)) == 0
    result = pq.read_table(out).to_pylist()
    assert [r["id"] for r in result] == [f"seed-{n}" for n in range(5)]
    assert [r["source"] for r in result] == [f"{source}:{n}" for n in range(1, 6)]
    engine = Engine(load_settings())
    for row, fields in zip(result, table.to_pylist(), strict=True):
        card = json.loads(row["scorecard"])
        assert row["error"] is None and row["story"] is None
        assert (row["score"], row["grade"]) == (card["score"], card["grade"])
        assert row["confidence"] == card["confidence"]
        document = make_document(**{k: v for k, v in fields.items() if v is not None})
        assert card["score"] == engine.score(document).score
        assert card["document_id"] == fields["id"]
    assert json.loads(result[0]["scorecard"])["title"] is None
    assert json.loads(result[1]["scorecard"])["title"] == seeds[1].title


@pytest.mark.slow
def test_a_folder_is_read_recursively_in_name_order(connected: str, tmp_path: Path):
    folder = tmp_path / "crawl"
    (folder / "day2").mkdir(parents=True)
    seeds_jsonl(folder / "b.ndjson")
    pq.write_table(pa.table({"text": FLOOD}), folder / "day2" / "flood.parquet")
    (folder / "a.jsonl").write_text(json.dumps({"text": OTHERS[0]}) + "\n", "utf-8")
    (folder / "notes.txt").write_text("not an input", "utf-8")
    (folder / ".hidden.jsonl").write_text(json.dumps({"text": OTHERS[1]}) + "\n", "utf-8")
    out = tmp_path / "out.jsonl"
    assert batch(str(folder), "--output", str(out)) == 0
    sources = [r["source"].removeprefix(f"{folder}/") for r in jsonl(out)]
    assert sources == [
        "a.jsonl:1",
        *(f"b.ndjson:{n}" for n in range(1, 6)),
        *(f"day2/flood.parquet:{n}" for n in range(1, 4)),
    ]


@pytest.mark.slow
def test_compare_story_groups_coverage_and_compares_within_each_story(
    connected: str, tmp_path: Path
):
    source = seeds_jsonl(tmp_path / "mixed.jsonl")
    with source.open("a", encoding="utf-8") as f:
        for text in [OTHERS[0], *FLOOD, OTHERS[1]]:
            f.write(json.dumps({"text": text}) + "\n")
        f.write("{broken\n")
    out = tmp_path / "stories.jsonl"
    assert batch(str(source), "--output", str(out), "--compare", "story") == 0
    records = {int(r["source"].rsplit(":", 1)[1]): r for r in jsonl(out)}
    assert sorted(records) == list(range(1, 12))
    story = {line: r["story"] for line, r in records.items()}
    assert len({story[n] for n in range(1, 6)}) == 1  # the seeds: one story
    assert len({story[n] for n in (7, 8, 9)}) == 1  # the flood: another
    assert len({story[n] for n in (1, 6, 7, 10)}) == 4  # the others alone
    assert records[11]["error"].startswith("malformed JSON") and records[11]["story"] is None
    # Each story is scored as `reliability score --compare` scores its documents.
    engine = Engine(load_settings())
    seeds = [load_seed(p.name[:3]) for p in SEED_FILES]
    expected = [msgspec_builtins(c) for c in engine.score_many(seeds, compare=True)]
    got = [records[n]["scorecard"] for n in range(1, 6)]
    assert list(map(without_timings, got)) == list(map(without_timings, expected))
    assert all(len(card["peers"]) == 4 for card in got)
    flood = [records[n]["scorecard"] for n in (7, 8, 9)]
    assert [sorted(c["peers"]) for c in flood] == [
        sorted(records[m]["id"] for m in (7, 8, 9) if m != n) for n in (7, 8, 9)
    ]
    assert records[6]["scorecard"]["peers"] == []


def msgspec_builtins(card: Any) -> dict[str, Any]:
    import msgspec

    return json.loads(msgspec.json.encode(card))


@pytest.mark.slow
def test_bad_documents_give_error_records_and_the_job_goes_on(
    connected: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("RELIABILITY_MAX_TEXT_BYTES", "5000")
    source = tmp_path / "bad.jsonl"
    lines = [
        json.dumps({"id": "fine", "text": FLOOD[0]}),
        "{not json",
        json.dumps({"id": "no-text", "title": "A headline only"}),
        "",
        json.dumps({"id": "blank", "text": "   "}),
        json.dumps({"id": "huge", "text": "Levee. " * 1000}),
        json.dumps({"text": FLOOD[1], "section": "local"}),
        json.dumps({"id": "bad-date", "text": FLOOD[2], "published": "yesterday"}),
        "[1, 2]",
    ]
    source.write_text("\n".join(lines) + "\n", "utf-8")
    out = tmp_path / "out.parquet"
    assert batch(str(source), "--output", str(out)) == 0
    rows = {r["source"].rsplit(":", 1)[1]: r for r in pq.read_table(out).to_pylist()}
    assert sorted(rows, key=int) == ["1", "2", "3", "5", "6", "7", "8", "9"]  # line 4 is blank
    assert rows["1"]["error"] is None and rows["1"]["grade"]
    errors = {line: (r["id"], r["error"]) for line, r in rows.items() if line != "1"}
    assert errors["2"][0] is None and errors["2"][1].startswith("malformed JSON")
    assert errors["3"] == ("no-text", "Object missing required field `text`")
    assert errors["5"] == ("blank", "text is empty")
    assert errors["6"] == ("huge", "text: text is 7,000 bytes; the limit is 5,000 bytes")
    assert "unknown field `section`" in errors["7"][1] and errors["7"][0]
    assert errors["8"][0] == "bad-date" and "not an ISO 8601 date" in errors["8"][1]
    assert errors["9"] == (None, "Expected `object`, got `array`")
    assert all(rows[line]["scorecard"] is None for line in errors)


@pytest.mark.slow
def test_ray_address_reaches_a_cluster_started_with_ray_start(ray_cluster: str, tmp_path: Path):
    source = seeds_jsonl(tmp_path / "seeds.jsonl")
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAY_")}
    for how, extra, variables in (
        ("--ray-address", ["--ray-address", ray_cluster], {}),
        ("RAY_ADDRESS", [], {"RAY_ADDRESS": ray_cluster}),
    ):
        out = tmp_path / f"{how}.jsonl"
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "reliability",
                "batch",
                str(source),
                "--output",
                str(out),
                *extra,
            ],
            env={**env, **variables},
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert proc.returncode == 0, proc.stderr
        assert f"on a Ray cluster at {ray_cluster} (2 CPUs) with 2 worker(s)" in proc.stderr
        assert f"wrote {out}: 5 scored, 0 error record(s)" in proc.stderr
        assert [r["scorecard"]["grade"] for r in jsonl(out)] == [
            r["scorecard"]["grade"] for r in jsonl(tmp_path / "--ray-address.jsonl")
        ]


@pytest.mark.slow
def test_without_an_address_a_local_cluster_is_started(tmp_path: Path):
    source = seeds_jsonl(tmp_path / "seeds.jsonl")
    out = tmp_path / "cards.parquet"
    env = {k: v for k, v in os.environ.items() if k != "RAY_ADDRESS"}
    proc = subprocess.run(
        [sys.executable, "-m", "reliability", "batch", str(source), "--output", str(out),
         "--workers", "1"],
        env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "on a local Ray cluster (" in proc.stderr and "with 1 worker(s)" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(pq.read_table(out)) == 5


# --- usage errors: found before any cluster is reached ---------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.jsonl", "--output", "out.jsonl"], "missing.jsonl: no such file or folder"),
        (["empty", "--output", "out.jsonl"], "empty: no .jsonl, .ndjson or .parquet files"),
        (["doc.txt", "--output", "out.jsonl"], "doc.txt: unsupported file type"),
        (["blank.jsonl", "--output", "out.jsonl"], "no documents to score"),
        (["extra.parquet", "--output", "out.jsonl"], "extra.parquet: unknown column(s) label"),
        (["good.jsonl", "--output", "out.csv"], "out.csv: the output must end in .jsonl"),
        (["good.jsonl", "--output", "nowhere/out.jsonl"], "nowhere: no such folder"),
        (["good.jsonl", "--output", "good.jsonl"], "good.jsonl: is also an input"),
    ],
)
def test_unusable_inputs_or_output_exit_2_with_a_message(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    (tmp_path / "doc.txt").write_text("text", "utf-8")
    (tmp_path / "blank.jsonl").write_text("\n\n", "utf-8")
    (tmp_path / "good.jsonl").write_text(json.dumps({"text": FLOOD[0]}) + "\n", "utf-8")
    pq.write_table(pa.table({"text": ["a"], "label": ["x"]}), tmp_path / "extra.parquet")
    with pytest.raises(SystemExit) as exit_:
        batch(*args)
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out.jsonl").exists()


def test_an_address_nothing_listens_on_exits_2_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    source = tmp_path / "good.jsonl"
    source.write_text(json.dumps({"text": FLOOD[0]}) + "\n", "utf-8")
    address = f"127.0.0.1:{free_port()}"
    started = time.monotonic()
    with pytest.raises(SystemExit) as exit_:
        batch(str(source), "--output", str(tmp_path / "out.jsonl"), "--ray-address", address)
    assert exit_.value.code == 2 and time.monotonic() - started < 30
    assert f"cannot reach the Ray cluster at {address}: Connection refused" in (
        capsys.readouterr().err
    )


def test_inputs_are_counted_and_listed_once(tmp_path: Path):
    seeds_jsonl(tmp_path / "a.jsonl")
    inputs = find_inputs([str(tmp_path), str(tmp_path / "a.jsonl")])
    assert inputs.files == (str(tmp_path / "a.jsonl"),) and inputs.documents == 5
    with pytest.raises(BatchError, match="no text column"):
        pq.write_table(pa.table({"title": ["a"]}), tmp_path / "t.parquet")
        find_inputs([str(tmp_path / "t.parquet")])
