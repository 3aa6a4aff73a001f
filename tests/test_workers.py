"""Scoring in supervised worker processes: faulty plugins cost only their own heuristic.

The command line's own runs are in test_cli.py; a live server with the same
faulty plugin is in tests/api/test_faults.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import msgspec
import pytest
from api import faulty

from reliability import make_document
from reliability.config import Settings
from reliability.engine import ScoreOptions
from reliability.workers import (
    POOL_MIN_CHARACTERS,
    Job,
    Supervisor,
    Unscored,
    default_jobs,
    score_in_workers,
    use_workers,
)

BUDGET = 0.3
DEADLINE = 3.0
LOADED = "faulty,length,style,hedging"
TEXT = "Officials said on Monday that 12 people were hurt in the fire, according to police."


def test_workers_only_when_asked_or_worth_their_start_up():
    short = [make_document(f"Officials said {n} people were hurt.") for n in range(40)]
    long = [make_document("x" * (POOL_MIN_CHARACTERS // 4)) for _ in range(4)]
    assert use_workers(short, None, compare=False) == 0  # a small input: in this process
    cores = min(default_jobs(), 4)
    assert use_workers(long, None, compare=False) == (cores if cores > 1 else 0)  # one per core
    assert use_workers(short, 3, compare=False) == 3  # asked for
    assert use_workers(short[:2], 8, compare=False) == 2  # never more than the documents
    assert use_workers(short[:1], 8, compare=False) == 0
    assert use_workers(short, 1, compare=False) == 0
    assert use_workers(long, None, compare=True) == use_workers(short, 4, compare=True) == 0


def settings(**workers) -> Settings:
    limits = {"deadline": DEADLINE, "max_memory_mb": 200, **workers}
    return msgspec.convert({"timeout": BUDGET, "workers": limits}, Settings)


@pytest.fixture(scope="module")
def plugin_site(tmp_path_factory) -> Iterator[Path]:
    """The faulty plugin on sys.path and in the environment the workers start with."""
    site = faulty.install(tmp_path_factory.mktemp("site"))
    sys.path.insert(0, str(site))
    old = os.environ.get("RELIABILITY_LOAD_PLUGINS")
    os.environ["RELIABILITY_LOAD_PLUGINS"] = LOADED
    yield site
    sys.path.remove(str(site))
    if old is None:
        del os.environ["RELIABILITY_LOAD_PLUGINS"]
    else:
        os.environ["RELIABILITY_LOAD_PLUGINS"] = old


@pytest.fixture(scope="module")
def pool(plugin_site) -> Iterator[Supervisor]:
    supervisor = Supervisor(settings(), 2)
    assert supervisor.wait_ready(), "the workers did not start"
    yield supervisor
    supervisor.close()


def cpu_seconds(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def assert_idle(pool: Supervisor) -> None:
    """No worker uses the CPU once the answer is out."""
    pids = pool.pids()
    before = cpu_seconds(pids)
    time.sleep(0.5)
    assert cpu_seconds(pids) - before < 0.05


def statuses(card) -> dict[str, str]:
    return {h.name: h.status.value for h in card.heuristics}


EXPECTED = {
    "regex": "timeout",
    "sleep": "timeout",
    "busy": "timeout",
    "memory": "error",
    "abort": "error",
    "c-loop": "timeout",
}


@pytest.mark.slow
@pytest.mark.parametrize("fault", sorted(EXPECTED))
def test_a_faulty_heuristic_costs_only_itself(pool, fault):
    text = f"{TEXT} {faulty.FAULTS[fault]}"
    start = time.monotonic()
    (card,) = pool.submit(Job(documents=[make_document(text)], targets=[0])).results()
    assert time.monotonic() - start < DEADLINE + 1
    found = statuses(card)
    assert found.pop("faulty") == EXPECTED[fault], card.heuristics
    assert set(found) == {"after-faulty", "length", "style", "hedging"}
    assert set(found.values()) == {"ok"}, card.heuristics
    (failed,) = [h for h in card.heuristics if h.name == "faulty"]
    assert failed.message
    after = next(h for h in card.heuristics if h.name == "after-faulty")
    assert after.summary == f"faulty was {EXPECTED[fault]}."
    assert_idle(pool)
    # The pool still scores normally.
    (again,) = pool.submit(Job(documents=[make_document(TEXT)], targets=[0])).results()
    assert set(statuses(again).values()) == {"ok"}


@pytest.mark.slow
def test_the_killed_worker_is_named_in_the_message(pool):
    (card,) = pool.submit(
        Job(documents=[make_document(f"{TEXT} FAULT-ABORT")], targets=[0])
    ).results()
    (failed,) = [h for h in card.heuristics if h.name == "faulty"]
    assert failed.message == "the worker process running it was killed by SIGABRT"


@pytest.mark.slow
def test_a_story_keeps_every_document_when_one_kills_its_worker(pool):
    docs = [make_document(f"{TEXT} Story {n}. {'FAULT-ABORT' if n == 1 else ''}") for n in range(3)]
    task = pool.submit(Job(documents=docs, targets=[0, 1, 2], together=True))
    cards = list(task.results())
    assert [c.document_id for c in cards] == [d.doc_id for d in docs]
    assert [statuses(c)["faulty"] for c in cards] == ["ok", "error", "ok"]
    assert all(len(c.peers) == 2 for c in cards)


@pytest.mark.slow
def test_past_the_deadline_the_rest_is_reported_as_timeouts(plugin_site):
    # A budget too large for the worker's own timers: the document deadline stops it.
    slow = Supervisor(msgspec.structs.replace(settings(deadline=1.0), timeout=30.0), 1)
    try:
        assert slow.wait_ready()
        start = time.monotonic()
        job = Job(documents=[make_document(f"{TEXT} FAULT-SLEEP")], targets=[0])
        (card,) = slow.submit(job).results()
        assert time.monotonic() - start < 1.0 + 1
        found = statuses(card)
        assert found["faulty"] == "timeout" and found["after-faulty"] == "timeout"
        (after,) = [h for h in card.heuristics if h.name == "after-faulty"]
        assert "deadline of 1 s" in str(after.message)
        assert_idle(slow)
    finally:
        slow.close()


@pytest.mark.slow
def test_a_cancelled_task_stops_its_worker(plugin_site):
    busy = Supervisor(msgspec.structs.replace(settings(deadline=60.0), timeout=30.0), 1)
    try:
        assert busy.wait_ready()
        task = busy.submit(Job(documents=[make_document(f"{TEXT} FAULT-BUSY")], targets=[0]))
        time.sleep(0.5)
        task.cancel()
        time.sleep(0.7)
        assert_idle(busy)
        (card,) = busy.submit(Job(documents=[make_document(TEXT)], targets=[0])).results()
        assert set(statuses(card).values()) == {"ok"}
    finally:
        busy.close()


@pytest.mark.slow
def test_workers_are_recycled_after_their_documents(plugin_site):
    small = Supervisor(settings(max_documents=2), 1)
    try:
        assert small.wait_ready()
        seen = set()
        for n in range(5):
            seen.update(small.pids())
            job = Job(documents=[make_document(f"{TEXT} {n}")], targets=[0])
            (card,) = small.submit(job).results()
            assert set(statuses(card).values()) == {"ok"}
        seen.update(small.pids())
        assert len(seen) == 3  # documents 1-2, 3-4 and 5
    finally:
        small.close()


@pytest.mark.slow
def test_the_command_lines_pool_keeps_input_order(plugin_site):
    docs = [make_document(f"{TEXT} Number {n}.") for n in range(12)]
    docs[4] = make_document(f"{TEXT} FAULT-ABORT")
    results = list(score_in_workers(docs, settings=settings(), options=ScoreOptions(), workers=2))
    assert not any(isinstance(r, Unscored) for r in results)
    assert [r.document_id for r in results] == [d.doc_id for d in docs]
    assert statuses(results[4])["faulty"] == "error"


ROOT = Path(__file__).resolve().parents[1]


def cli(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RELIABILITY_")}
    return subprocess.run(
        [sys.executable, "-m", "reliability", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=180,
    )


def test_the_command_line_scores_in_workers_in_order_with_progress(tmp_path):
    """The first document takes a worker longest; the output keeps the input's order."""
    texts = [" ".join([TEXT] * 400)] + [f"{TEXT} Number {n}." for n in range(11)]
    for n, text in enumerate(texts):
        (tmp_path / f"{n:02d}.txt").write_text(text, encoding="utf-8")
    proc = cli("score", "--jobs", "2", "--progress", "--format", "ndjson", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    ids = [json.loads(line)["document_id"] for line in proc.stdout.splitlines()]
    assert ids == [make_document(text).doc_id for text in texts]
    assert "scoring" in proc.stderr  # the progress bar


def test_the_command_line_compares_with_the_corpus_in_a_store(tmp_path):
    from reliability.cli import read_documents
    from reliability.store import open_store

    db = tmp_path / "corpus.sqlite3"
    store = open_store(str(db))
    try:
        for doc in read_documents([str(ROOT / "seeds")], sys.stdin.buffer):
            store.put(doc)
    finally:
        store.close()
    args = ["score", "--compare", "corpus", "--db", str(db), "--format", "ndjson", "seeds/"]
    for jobs in ("1", "2"):
        proc = cli(*args, "--jobs", jobs)
        assert proc.returncode == 0, proc.stderr
        cards = [json.loads(line) for line in proc.stdout.splitlines()]
        # Each seed finds the other four coverage of its story in the store, never itself.
        assert [len(c["peers"]) for c in cards] == [4] * 5
        assert all(c["document_id"] not in c["peers"] for c in cards)
    missing = cli("score", "--compare", "corpus", "seeds/")
    assert missing.returncode == 2 and "--db" in missing.stderr


def test_the_progress_board_shows_the_current_document_only():
    """What the supervisor reads when a worker is lost: the heuristic running, the results."""
    from reliability.jobs import ProgressBoard, encode
    from reliability.models import HeuristicResult, Status

    def result(name: str) -> HeuristicResult:
        return HeuristicResult(
            name=name,
            plugin="p",
            plugin_version="1",
            version="1",
            weight=1.0,
            status=Status.OK,
            score=0.5,
            confidence=1.0,
            summary=f"{name} ran",
        )

    worker = ProgressBoard.create()
    supervisor = ProgressBoard(worker.path)
    try:
        assert supervisor.read().target == -1  # nothing posted yet
        worker.start(serial=7, target=2)
        worker.running("hedging", 0.5)
        progress = supervisor.read()
        assert (progress.serial, progress.target, progress.running) == (7, 2, "hedging")
        assert progress.budget == 0.5 and progress.results == {}
        worker.finished(encode(result("hedging")))
        worker.running("style", 1.0)
        progress = supervisor.read()
        assert progress.running == "style"
        assert progress.results == {"hedging": result("hedging")}
        head = supervisor.read(results=False)  # what a check on a long document reads
        assert (head.running, head.budget, head.results) == ("style", 1.0, {})
        worker.finished(encode(result("style")))
        assert list(supervisor.read().results) == ["hedging", "style"]
        worker.start(serial=8, target=0)  # the next document starts with no results
        worker.running("length", 0.5)
        progress = supervisor.read()
        assert (progress.serial, progress.running, progress.results) == (8, "length", {})
    finally:
        supervisor.close()
        worker.close()
