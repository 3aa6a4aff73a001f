import os
import re
import subprocess
import sys
import threading
import time

import pytest

from reliability import isolation
from reliability.isolation import HeuristicTimeout, IsolatedRunner, call_with_timers, timers_usable


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
    # The CPU budget, or on a loaded machine the wall ceiling of four times that.
    with pytest.raises(HeuristicTimeout, match=r"budget of 0\.1 s|ceiling of 0\.4 s"):
        runner.call(spin, 0.1)
    assert time.perf_counter() - start < 0.6
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


def test_off_the_main_thread_the_budget_counts_the_threads_cpu_time(monkeypatch):
    # A wall ceiling far off, so only the CPU budget is tested, however loaded the machine.
    monkeypatch.setattr(isolation, "WALL_FACTOR", 50.0)
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
        wall = runner.call_on_thread(lambda: _burn(0.15), 0.25)
    finally:
        stop.set()
        for t in hogs:
            t.join()
    assert wall > 0.25, "the load did not slow the work down; the test proves nothing"


def test_work_over_its_cpu_budget_still_times_out():
    runner = IsolatedRunner()
    with pytest.raises(HeuristicTimeout, match=r"0\.1 s"):
        runner.call(lambda: _burn(5.0), 0.1)


def test_in_the_main_thread_a_regex_holding_the_gil_is_stopped_at_its_budget():
    assert timers_usable()
    start = time.process_time()
    with pytest.raises(HeuristicTimeout, match=r"budget of 0\.2 s|ceiling of 0\.8 s"):
        call_with_timers(lambda: re.match(r"(a+)+$", "a" * 34 + "b"), 0.2)
    assert time.process_time() - start < 0.3


def test_in_the_main_thread_a_sleep_is_stopped_at_the_wall_ceiling():
    start = time.perf_counter()
    with pytest.raises(HeuristicTimeout, match=r"wall-clock ceiling of 0\.4 s"):
        call_with_timers(lambda: time.sleep(30), 0.1)
    assert 0.35 < time.perf_counter() - start < 1.0


def test_timers_are_disarmed_and_handlers_restored_after_a_call():
    import signal

    before = signal.getsignal(signal.SIGPROF), signal.getsignal(signal.SIGALRM)
    assert call_with_timers(lambda: 5, 0.05) == 5
    assert (signal.getsignal(signal.SIGPROF), signal.getsignal(signal.SIGALRM)) == before
    assert signal.getitimer(signal.ITIMER_PROF) == signal.getitimer(signal.ITIMER_REAL) == (0, 0)
    time.sleep(0.3)  # a timer left armed would raise here


def test_other_processes_load_does_not_change_a_main_thread_budget(monkeypatch):
    """Competing processes stretch wall time; the process's own CPU time stays under budget."""
    monkeypatch.setattr(isolation, "WALL_FACTOR", 50.0)
    # Three busy processes per core: the work gets about a quarter of a core, however
    # idle the machine was, so its wall time is well past its CPU time.
    hogs = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"])
        for _ in range(3 * (os.cpu_count() or 1))
    ]
    try:
        time.sleep(0.2)
        wall = call_with_timers(lambda: _burn_process(0.2), 0.35)
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait()
    assert wall > 0.35, "the load did not slow the work down; the test proves nothing"


def _burn_process(seconds: float) -> float:
    start, wall = time.process_time(), time.perf_counter()
    while time.process_time() - start < seconds:
        sum(range(200))
    return time.perf_counter() - wall
