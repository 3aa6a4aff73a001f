"""Running untrusted heuristic code under a time budget.

The budget counts CPU time, not wall time, so a loaded machine (other
requests, other processes) does not turn a heuristic that would finish into a
timeout and change the scorecard. Code that blocks without using the CPU (a
sleep, a lock) is stopped by a wall-clock ceiling of `WALL_FACTOR` times the
budget.

Two ways, chosen by the calling thread:

- **In the main thread** (a scoring worker process, or a program calling the
  engine directly) the heuristic runs right there, with no hand-off. Two
  interval timers are armed around it: `ITIMER_PROF` (the process's CPU time)
  and `ITIMER_REAL` (the wall ceiling). Their signal raises `HeuristicTimeout`
  at the next bytecode; the regular-expression engine checks for signals too,
  so a catastrophic regex is stopped. Code that holds the GIL in C and never
  checks for signals cannot be stopped from inside the process: the worker
  supervisor (`reliability.workers`) kills and replaces the process.
- **In another thread** (signals reach only the main thread) the call runs on
  a pooled helper thread while the caller waits, and on overrun the helper is
  interrupted by raising `HeuristicTimeout` inside it
  (`PyThreadState_SetAsyncExc`). A helper stuck in a C call is abandoned and
  replaced, so a hung plugin never blocks later calls.
"""

from __future__ import annotations

import queue
import signal
import threading
import time
from collections.abc import Callable
from typing import Any


class HeuristicTimeout(BaseException):
    """Raised when a call overruns its budget.

    A BaseException, so that a plugin's `except Exception` cannot swallow
    the interrupt.
    """


class Interrupted(BaseException):
    """Scoring of the whole document was stopped from outside (its request was cancelled).

    The engine lets it through instead of recording it as the heuristic's failure.
    """


# How long an interrupted worker thread gets to unwind before it is abandoned.
_GRACE_SECONDS = 0.05
# A call that blocks (uses no CPU) is stopped after this many times its budget in wall time.
WALL_FACTOR = 4.0
# How often the caller reads the worker thread's CPU clock once the budget's wall time is up.
_POLL_SECONDS = 0.02


def timers_usable() -> bool:
    """Whether the calling thread can budget with interval timers (only the main thread)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def call_with_timers(fn: Callable[[], Any], budget: float) -> Any:
    """Return `fn()` run in this (main) thread, or raise `HeuristicTimeout` at its budget.

    `budget` is CPU seconds of this process; the wall ceiling is `WALL_FACTOR`
    times that. The previous handlers and timers of SIGPROF and SIGALRM are
    put back afterwards.
    """
    armed = True
    ceiling = budget * WALL_FACTOR

    def expire(signum: int, _frame: Any) -> None:
        if not armed:
            return
        if signum == signal.SIGPROF:
            raise HeuristicTimeout(f"exceeded its CPU time budget of {budget:g} s")
        raise HeuristicTimeout(f"blocked past its wall-clock ceiling of {ceiling:g} s")

    old_prof = signal.signal(signal.SIGPROF, expire)
    old_alarm = signal.signal(signal.SIGALRM, expire)
    try:
        signal.setitimer(signal.ITIMER_PROF, budget)
        signal.setitimer(signal.ITIMER_REAL, ceiling)
        return fn()
    finally:
        armed = False
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGPROF, old_prof)
        signal.signal(signal.SIGALRM, old_alarm)


def _cpu_clock(thread_id: int) -> Callable[[], float] | None:
    """A function reading a thread's CPU time in seconds, or None where there is none."""
    try:
        clock = time.pthread_getcpuclockid(thread_id)
        time.clock_gettime(clock)
    except (AttributeError, OSError):
        return None
    return lambda: time.clock_gettime(clock)


def _async_raise(thread_id: int, exc: type[BaseException] | None) -> None:
    """Raise `exc` in another thread at its next bytecode; None clears a pending one."""
    import ctypes  # here: only a call on a helper thread needs it, and it is slow to import

    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc is not None else None
    )


class _Job:
    __slots__ = ("done", "error", "fn", "value")

    def __init__(self, fn: Callable[[], Any]) -> None:
        self.fn = fn
        self.done = threading.Event()
        self.value: Any = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.value = self.fn()
        except BaseException as exc:  # handed to the waiting caller, who decides
            self.error = exc
        finally:
            self.done.set()


class _Worker(threading.Thread):
    def __init__(self) -> None:
        super().__init__(name="reliability-heuristic", daemon=True)
        self.inbox: queue.SimpleQueue[_Job] = queue.SimpleQueue()
        self.abandoned = False

    def run(self) -> None:
        while not self.abandoned:
            try:
                self.inbox.get().run()
            except HeuristicTimeout:
                # An interrupt that arrived just after its job had finished.
                continue


class IsolatedRunner:
    """Runs callables with a time budget; thread-safe.

    From the main thread, in place under interval timers; from any other
    thread, on reusable helper threads.
    """

    def __init__(self) -> None:
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()

    def call(self, fn: Callable[[], Any], timeout: float) -> Any:
        """Return `fn()`, re-raise what it raised, or raise `HeuristicTimeout` past `timeout` s."""
        if timers_usable():
            return call_with_timers(fn, timeout)
        return self.call_on_thread(fn, timeout)

    def _take(self) -> _Worker:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        worker = _Worker()
        worker.start()
        return worker

    def _give_back(self, worker: _Worker) -> None:
        with self._lock:
            self._idle.append(worker)

    def call_on_thread(self, fn: Callable[[], Any], timeout: float) -> Any:
        """`call` on a helper thread, whichever thread the caller is."""
        worker = self._take()
        job = _Job(fn)
        assert worker.ident is not None
        cpu = _cpu_clock(worker.ident)
        cpu_start = cpu() if cpu is not None else 0.0
        started = time.monotonic()
        worker.inbox.put(job)
        if not self._wait(job, timeout, cpu, cpu_start, started):
            _async_raise(worker.ident, HeuristicTimeout)
            if job.done.wait(_GRACE_SECONDS):
                # Clear the interrupt if the job ended before it was delivered.
                _async_raise(worker.ident, None)
                self._give_back(worker)
            else:
                worker.abandoned = True
            raise HeuristicTimeout(f"exceeded its time budget of {timeout:g} s")
        self._give_back(worker)
        if job.error is not None:
            raise job.error
        return job.value

    @staticmethod
    def _wait(
        job: _Job,
        budget: float,
        cpu: Callable[[], float] | None,
        cpu_start: float,
        started: float,
    ) -> bool:
        """Wait until the job is done (True) or has used its budget (False).

        A thread cannot use more CPU time than wall time, so nothing is read
        before the budget's wall time has passed.
        """
        if job.done.wait(budget):
            return True
        if cpu is None:
            return False
        ceiling = started + budget * WALL_FACTOR
        while True:
            used = cpu() - cpu_start
            left = min(budget - used, ceiling - time.monotonic())
            if left <= 0:
                return job.done.is_set()
            if job.done.wait(max(_POLL_SECONDS, min(left, 0.25))):
                return True
