"""A real server with a deliberately faulty plugin installed stays healthy.

The plugin (tests/api/faulty.py) holds the GIL in a regex, sleeps forever,
spins, eats memory, aborts its process, or loops in C without ever checking
for signals, as the text asks. While each runs, /healthz answers at once;
the scorecard comes back within the document deadline plus a second, with
that heuristic failed and every other one ok; no CPU is used once the answer
is out; and over 50 such requests the server's threads and memory stay flat.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import faulty
import httpx
import pytest
from live import LiveServer

BUDGET = 0.3
DEADLINE = 3.0
TEXT = "Officials said on Monday that 12 people were hurt in the fire, according to police."
EXPECTED = {
    "regex": "timeout",
    "sleep": "timeout",
    "busy": "timeout",
    "memory": "error",
    "abort": "error",
    "c-loop": "timeout",
}


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[LiveServer]:
    site = faulty.install(tmp_path_factory.mktemp("site"))
    env = {
        "PYTHONPATH": str(site),
        "RELIABILITY_LOAD_PLUGINS": "faulty,length,style,hedging",
        "RELIABILITY_TIMEOUT": str(BUDGET),
        "RELIABILITY_WORKER_DEADLINE": str(DEADLINE),
        "RELIABILITY_WORKER_MAX_MEMORY_MB": "200",
    }
    live = LiveServer(tmp_path_factory.mktemp("db") / "s.sqlite3", workers=2, env=env)
    yield live
    live.stop()


def family(pid: int) -> list[int]:
    """The serving process and its children (the scoring workers, whichever thread started them)."""
    children = [
        int(child)
        for task in Path(f"/proc/{pid}/task").iterdir()
        for child in (task / "children").read_text().split()
    ]
    return [pid, *sorted(children)]


def stat(pid: int) -> tuple[float, int, int]:
    """CPU seconds, threads and resident megabytes of one process (0s if it has gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0, 0, 0
    cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return cpu, int(fields[17]), int(fields[21]) * os.sysconf("SC_PAGE_SIZE") // 1_000_000


def cpu_of(pids: list[int]) -> float:
    return sum(stat(p)[0] for p in pids)


class Health(threading.Thread):
    """Polls /healthz until stopped; keeps the slowest answer's time."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url, self.stop, self.slowest, self.answers = url, threading.Event(), 0.0, 0

    def run(self) -> None:
        with httpx.Client(timeout=5) as client:
            while not self.stop.is_set():
                start = time.monotonic()
                assert client.get(self.url + "/healthz").status_code == 200
                self.slowest = max(self.slowest, time.monotonic() - start)
                self.answers += 1
                self.stop.wait(0.1)


def score(server: LiveServer, fault: str, client: httpx.Client) -> dict:
    text = f"{TEXT} {faulty.FAULTS[fault]}"
    response = client.post(server.url + "/v1/scorecards", json={"document": {"text": text}})
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.slow
@pytest.mark.parametrize("fault", sorted(EXPECTED))
def test_a_faulty_plugin_costs_only_its_heuristic(server, fault):
    settle(server)
    present = family(server.process.pid)
    health = Health(server.url)
    health.start()
    with httpx.Client(timeout=30) as client:
        start = time.monotonic()
        card = score(server, fault, client)
        took = time.monotonic() - start
    health.stop.set()
    health.join()
    assert took < DEADLINE + 1
    assert health.answers >= 1 and health.slowest < 1.0
    found = {h["name"]: h["status"] for h in card["heuristics"]}
    assert found.pop("faulty") == EXPECTED[fault]
    assert found == dict.fromkeys(["after-faulty", "length", "style", "hedging"], "ok")
    # The processes that were there (the worker that scored it, if it lives) are idle at once;
    # a worker started to replace a killed one is idle once it has loaded the plugins.
    pids = [p for p in present if Path(f"/proc/{p}").exists()]
    before = cpu_of(pids)
    time.sleep(0.5)
    assert cpu_of(pids) - before < 0.05, "a process kept using the CPU after the answer"
    settle(server)


def settle(server: LiveServer, within: float = 15.0) -> None:
    """Wait until the server's processes use no CPU (a replacement worker has started)."""
    end = time.monotonic() + within
    while time.monotonic() < end:
        pids = family(server.process.pid)
        before = cpu_of(pids)
        time.sleep(0.5)
        if cpu_of(pids) - before < 0.02 and family(server.process.pid) == pids:
            return
    pytest.fail(f"the server's processes kept using the CPU for {within} s")


@pytest.mark.slow
def test_threads_and_memory_stay_flat_over_fifty_faulty_requests(server):
    faults = sorted(EXPECTED)
    with httpx.Client(timeout=30) as client:
        for n in range(10):  # warm up: every kind of failure once or more
            score(server, faults[n % len(faults)], client)
        pids = family(server.process.pid)
        threads = stat(pids[0])[1]
        memory = sum(stat(p)[2] for p in pids)
        for n in range(50):
            score(server, faults[n % len(faults)], client)
    after = family(server.process.pid)
    assert len(after) == len(pids)  # as many workers as before
    assert stat(after[0])[1] == threads
    assert sum(stat(p)[2] for p in after) < memory + 40


@pytest.mark.slow
def test_a_client_that_disconnects_cancels_its_work(server):
    """A story of spinning documents would keep a worker busy for seconds; hanging up stops it."""
    import json
    import socket

    docs = [{"text": f"{TEXT} Story {n}. FAULT-BUSY"} for n in range(20)]
    body = json.dumps({"documents": docs, "compare": "together"}).encode()
    head = (
        f"POST /v1/scorecards/batch HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()
    pids = family(server.process.pid)
    with socket.create_connection(("127.0.0.1", server.port)) as sock:
        sock.sendall(head + body)
        time.sleep(1.0)
        busy = cpu_of(pids)
        time.sleep(0.5)
        assert cpu_of(pids) - busy > 0.1, "the story is not being scored; the test proves nothing"
    time.sleep(1.0)  # hung up: the worker is interrupted
    pids = family(server.process.pid)
    before = cpu_of(pids)
    time.sleep(0.5)
    assert cpu_of(pids) - before < 0.05
