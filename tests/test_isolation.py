import threading
import time

import pytest

from reliability.isolation import HeuristicTimeout, IsolatedRunner


def test_returns_values_and_reraises_errors():
    runner = IsolatedRunner()
    assert runner.call(lambda: 42, 1.0) == 42
    with pytest.raises(KeyError):
        runner.call(lambda: {}["x"], 1.0)


def test_overrun_raises_at_the_budget_and_interrupts_python_code():
    runner = IsolatedRunner()
    stopped = threading.Event()

    def spin():
        try:
            while True:
                pass
        finally:
            stopped.set()

    start = time.perf_counter()
    with pytest.raises(HeuristicTimeout, match=r"0\.1 s"):
        runner.call(spin, 0.1)
    assert time.perf_counter() - start < 0.5
    assert stopped.wait(1)
    assert runner.call(lambda: "still works", 1.0) == "still works"


def test_a_plugin_cannot_swallow_the_interrupt():
    runner = IsolatedRunner()

    def stubborn():
        while True:
            try:
                while True:
                    pass
            except Exception:  # what a careless plugin might do
                pass

    with pytest.raises(HeuristicTimeout):
        runner.call(stubborn, 0.1)


def test_a_worker_stuck_in_c_code_is_replaced():
    runner = IsolatedRunner()
    with pytest.raises(HeuristicTimeout):
        runner.call(lambda: time.sleep(2), 0.1)
    start = time.perf_counter()
    assert runner.call(lambda: 7, 1.0) == 7
    assert time.perf_counter() - start < 0.5


def test_concurrent_callers():
    runner = IsolatedRunner()
    results = []

    def work(i):
        results.append(runner.call(lambda: i * i, 1.0))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [i * i for i in range(8)]


def _burn(seconds: float) -> float:
    """Use `seconds` of this thread's CPU time; return the wall time it took."""
    start, wall = time.thread_time(), time.perf_counter()
    while time.thread_time() - start < seconds:
        sum(range(200))
    return time.perf_counter() - wall


def test_the_budget_counts_cpu_time_so_load_does_not_cause_a_timeout():
    runner = IsolatedRunner()
    stop = threading.Event()

    def hog():
        while not stop.is_set():
            sum(range(200))

    # Three threads competing for the interpreter stretch the work's wall time
    # well past its budget; its own CPU time stays under it.
    hogs = [threading.Thread(target=hog, daemon=True) for _ in range(3)]
    for t in hogs:
        t.start()
    try:
        wall = runner.call(lambda: _burn(0.15), 0.25)
    finally:
        stop.set()
        for t in hogs:
            t.join()
    assert wall > 0.25, "the load did not slow the work down; the test proves nothing"


def test_work_over_its_cpu_budget_still_times_out():
    runner = IsolatedRunner()
    with pytest.raises(HeuristicTimeout, match=r"0\.1 s"):
        runner.call(lambda: _burn(5.0), 0.1)
