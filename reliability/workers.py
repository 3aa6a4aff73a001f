"""Scoring in worker processes supervised by the serving process.

The API and `reliability score` over many documents hand every document to a
pool of worker processes (`Supervisor`); the serving process never runs a
heuristic. What a worker runs is in `reliability.jobs`.

The supervisor keeps one thread per worker (a *slot*), which sends the job,
waits for its scorecard on the pipe and, when a document runs long, reads the
worker's progress board (the heuristic it is in, with the CPU time and the
time it started, and the results so far). So it enforces from outside what
the worker cannot enforce on itself:

- a heuristic in C code that holds the GIL and never checks for signals is
  stopped by killing the worker once it has used its budget plus `KILL_GRACE`
  of CPU time, or blocked past its wall ceiling plus `KILL_GRACE`;
- a worker that dies (`os.abort()`, a segfault, the OOM killer) or passes
  twice `max_memory_mb` while scoring is replaced;
- a document past `[workers] deadline` has its worker killed.

The heuristic that was running then gets `timeout` or `error` with the
reason, the results already on the board are kept, and the heuristics left
run in a fresh worker (a warm spare, so that costs milliseconds). Past the
deadline they are reported as timeouts instead; only when no worker can even
assemble the scorecard is the document failed (`DeadlineExceeded`). A
cancelled task interrupts its worker with SIGUSR1 (killed if it does not
stop), so no CPU burns for an answer nobody reads. Workers are recycled after
`max_documents` documents or above `max_memory_mb`.

Why not pebble or loky: neither lets a worker report progress during a task,
so on a kill they can only fail the whole document; neither recycles by
memory. Workers are forked with the caller's loaded engine while the caller
has a single thread (the command line), so they start at once; otherwise
(the serving process has threads a forked child would inherit in whatever
state they were in) they are spawned and load the plugins themselves.
"""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import threading
import time
from collections import deque
from collections.abc import Generator, Iterator, Sequence
from concurrent.futures import CancelledError, Future, InvalidStateError

import msgspec

from reliability.config import Settings
from reliability.document import Document
from reliability.engine import Engine, ScoreOptions
from reliability.errors import ReliabilityError
from reliability.isolation import WALL_FACTOR
from reliability.jobs import (
    Carded,
    EncodedCard,
    Ended,
    Failed,
    Failure,
    Job,
    Message,
    Progress,
    ProgressBoard,
    WorkerProcess,
    decode_message,
    encode,
)
from reliability.models import Scorecard, Status

# Without --jobs, less text than this is scored in the calling process: a pool
# pays for its start and hand-offs, and a spawned worker (a new interpreter
# loading the plugins) takes about 0.6 s to start, in which one process scores
# about 250,000 characters. Measured with benchmarks/cli.py.
POOL_MIN_CHARACTERS = 500_000
# Tasks waiting per worker in `score_in_workers`, beyond the one it scores.
QUEUED_PER_WORKER = 4
# At most this many documents in one task of `score_in_workers` (see `chunk_size`).
MAX_CHUNK = 8
# CPU or wall seconds past a heuristic's own limits before the supervisor kills its worker
# (the worker's own timers stop it first whenever it runs Python code).
KILL_GRACE = 0.5
# Seconds allowed past a document's deadline for a fresh worker to assemble its scorecard.
FINISH_GRACE = 0.8
# How often a busy worker's memory and CPU time are read.
POLL_SECONDS = 0.1
# How often, at most, a worker's memory is read between tasks to recycle it.
RECYCLE_CHECK_SECONDS = 0.5
# Attempts at one document before it is failed (each attempt runs the heuristics left).
MAX_ATTEMPTS = 4
# Seconds a worker may take to start (import, load plugins) before it is given up.
START_SECONDS = 120.0


class DeadlineExceeded(ReliabilityError):
    """A document's scoring ran past its deadline and no scorecard could be assembled."""


class ScoringFailed(ReliabilityError):
    """A document got no scorecard: its workers kept dying, or the engine raised."""


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def use_workers(documents: Sequence[Document], jobs: int | None, *, compare: bool) -> int:
    """How many worker processes to score `documents` in; 0 to score them in this process.

    `jobs` is what the user asked for (None: one per core, when the documents
    hold at least `POOL_MIN_CHARACTERS`). Never more workers than documents;
    never for a story (`compare`), whose cross-document work is shared in one process.
    """
    if compare:
        return 0
    if jobs is None:
        if sum(len(doc.text) for doc in documents) < POOL_MIN_CHARACTERS:
            return 0
        jobs = default_jobs()
    workers = min(jobs, len(documents))
    return workers if workers > 1 else 0


# -- in the supervising process -------------------------------------------------


class Task:
    """A job handed to the pool: a future per target, and a way to cancel it."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.futures: dict[int, Future[EncodedCard]] = {i: Future() for i in job.targets}
        self.started: dict[int, float] = {}  # when each target was first sent to a worker
        self.cancelled = False
        self._slot: _Slot | None = None

    def cancel(self) -> None:
        """Stop the work (its worker is interrupted); unanswered futures are cancelled."""
        self.cancelled = True
        slot = self._slot
        if slot is not None:
            slot.wake()
        for future in self.futures.values():
            future.cancel()

    def results(self) -> Iterator[Scorecard]:
        """The scorecards in target order, waiting for each; raises what a target failed with."""
        for card in self.encoded():
            yield card.decode()

    def encoded(self) -> Iterator[EncodedCard]:
        """`results`, as the workers encoded them (JSON), so they can be passed on as they are."""
        for index in self.job.targets:
            yield self.futures[index].result()


class Supervisor:
    """A pool of worker processes, each followed by a slot thread; thread-safe `submit`."""

    def __init__(
        self,
        settings: Settings,
        processes: int | None = None,
        *,
        spare: bool = True,
        engine: Engine | None = None,
    ) -> None:
        """Start `processes` workers (default: `[workers] processes`, else one per core).

        With `spare`, one more worker is kept started, so that a killed one is
        replaced at once (the API); without, a replacement starts when needed.
        `engine`, an engine built from `settings` in this process, lets the first
        workers be forked with it where that is safe (see `new_process`).
        """
        import multiprocessing  # here: the command line imports this module for every command

        self.settings = settings
        fork = "fork" in multiprocessing.get_all_start_methods()
        self._engine = engine if fork else None
        self.size = processes or settings.workers.processes or default_jobs()
        self._context = multiprocessing.get_context("spawn")
        self._tasks: queue.SimpleQueue[Task | None] = queue.SimpleQueue()
        self._spares: queue.SimpleQueue[WorkerProcess] = queue.SimpleQueue()
        self._closed = False
        self._slots = [_Slot(self, n) for n in range(self.size)]
        self._keep_spare = spare
        if spare:
            self._spares.put(self.new_process())
        for slot in self._slots:
            slot.start()

    def new_process(self) -> WorkerProcess:
        """Start a worker: forked with this process's engine while that is safe, else spawned.

        Forking is safe only while this process has one thread (a forked child
        inherits other threads' locks in whatever state they are); it saves the
        child loading the plugins again.
        """
        if self._engine is not None and threading.active_count() == 1:
            fork = self._context.get_context("fork")
            return WorkerProcess(fork, self.settings, self._engine)
        return WorkerProcess(self._context, self.settings)

    def take_spare(self) -> WorkerProcess:
        """A started (usually already warm) worker; another spare is started in its place."""
        if not self._keep_spare:
            return self.new_process()
        spare = self._spares.get()
        self._spares.put(self.new_process())
        return spare

    def wait_ready(self, timeout: float = START_SECONDS) -> bool:
        """Wait until every worker has started; whether they all did within `timeout`."""
        end = time.monotonic() + timeout
        return all(s.process.wait_ready(max(0.0, end - time.monotonic())) for s in self._slots)

    def pids(self) -> list[int]:
        return [s.process.process.pid for s in self._slots if s.process.process.pid]

    def submit(self, job: Job) -> Task:
        if self._closed:
            raise RuntimeError("the worker pool is closed")
        task = Task(job)
        self._tasks.put(task)
        return task

    def close(self) -> None:
        """Stop the slots and every worker process (work in progress is abandoned)."""
        if self._closed:
            return
        self._closed = True
        for slot in self._slots:
            slot.stopping = True
            slot.wake()
        while True:  # tasks no slot has taken fail at once
            try:
                task = self._tasks.get_nowait()
            except queue.Empty:
                break
            if task is not None:
                _Slot._fail_all(task, ScoringFailed("the worker pool was closed"))
        for _ in self._slots:
            self._tasks.put(None)
        for slot in self._slots:
            slot.join(15)
        while True:
            try:
                self._spares.get_nowait().discard()
            except queue.Empty:
                break


class _Attempt:
    """What one worker reported on the current target of a task."""

    def __init__(self, serial: int, target: int, started: float, *, same_first: bool) -> None:
        self.serial = serial
        self.target = target
        self.started = started  # when this target was first sent to a worker
        self.same_first = same_first  # the job's prior and failures are this target's
        self.progress = Progress()  # read from the worker's board when needed

    def read(self, board: ProgressBoard, *, results: bool = True) -> Progress:
        """The worker's progress on this target, as its board shows it (see `ProgressBoard`)."""
        progress = board.read(results=results)
        mine = progress.serial == self.serial and progress.target == self.target
        self.progress = progress if mine else Progress()
        return self.progress


def _settle(
    future: Future[EncodedCard],
    *,
    result: EncodedCard | None = None,
    error: BaseException | None = None,
) -> None:
    """Answer a future unless it was cancelled meanwhile."""
    with contextlib.suppress(InvalidStateError):
        if error is not None:
            future.set_exception(error)
        else:
            assert result is not None
            future.set_result(result)


def _without_prior(job: Job) -> Job:
    return msgspec.structs.replace(job, prior={}, failures={}, finish_only=False)


def _without_first(job: Job) -> Job:
    return _without_prior(msgspec.structs.replace(job, targets=job.targets[1:]))


class _Slot(threading.Thread):
    """Feeds one worker process its tasks and watches it while it scores."""

    def __init__(self, supervisor: Supervisor, number: int) -> None:
        super().__init__(name=f"reliability-slot-{number}", daemon=True)
        self.supervisor = supervisor
        self.limits = supervisor.settings.workers
        self.process = supervisor.new_process()
        self.stopping = False
        self._serial = 0
        self._memory_checked = 0.0
        self._wake_read, self._wake_write = os.pipe()
        os.set_blocking(self._wake_write, False)

    def wake(self) -> None:
        with contextlib.suppress(BlockingIOError, OSError):
            os.write(self._wake_write, b"!")

    def run(self) -> None:
        try:
            while not self.stopping:
                task = self.supervisor._tasks.get()
                if task is None:
                    break
                if task.cancelled:
                    continue
                task._slot = self
                try:
                    self._execute(task)
                except Exception as exc:  # the supervisor must outlive any one task
                    self._fail_all(task, ScoringFailed(f"{type(exc).__name__}: {exc}"))
                    self._replace()
                finally:
                    task._slot = None
        finally:
            self.process.discard()
            os.close(self._wake_read)
            os.close(self._wake_write)

    @staticmethod
    def _fail_all(task: Task, error: BaseException) -> None:
        for future in task.futures.values():
            _settle(future, error=error)

    def _replace(self) -> None:
        self.process.discard()
        self.process = self.supervisor.take_spare()

    def _recycle_if_due(self) -> None:
        proc = self.process
        if proc.documents >= self.limits.max_documents:
            self._replace()
            return
        # Reading the worker's memory costs a file read: after a task, at most every
        # RECYCLE_CHECK_SECONDS (a document that grows it past twice the limit is
        # stopped while it runs).
        now = time.monotonic()
        if now >= self._memory_checked + RECYCLE_CHECK_SECONDS:
            self._memory_checked = now
            if proc.memory_mb() > self.limits.max_memory_mb:
                self._replace()

    def _execute(self, task: Task) -> None:
        job = msgspec.structs.replace(task.job, deadline=self.limits.deadline)
        attempts = 0
        while job.targets and not task.cancelled:
            first = job.targets[0]
            started = task.started.setdefault(first, time.monotonic())
            wait_for = START_SECONDS
            if job.finish_only:
                wait_for = started + job.deadline + FINISH_GRACE - time.monotonic()
            if not self.process.wait_ready(max(0.0, wait_for)):
                self._replace()
                attempts += 1
                if job.finish_only or attempts >= MAX_ATTEMPTS:
                    error = self._late() if job.finish_only else ScoringFailed("no worker started")
                    _settle(task.futures[first], error=error)
                    job = _without_first(job)
                continue
            lost = self._follow(task, job)
            if lost is None:
                self._recycle_if_due()
                return
            self._replace()
            attempts += 1
            job, attempts = self._resume(task, job, *lost, attempts)

    def _late(self) -> DeadlineExceeded:
        return DeadlineExceeded(
            f"the document was not scored within its deadline of {self.limits.deadline:g} s"
        )

    def _resume(
        self, task: Task, job: Job, attempt: _Attempt, reason: Failure, attempts: int
    ) -> tuple[Job, int]:
        """The job that carries on after a lost worker, the current target's results kept."""
        remaining = [i for i in job.targets if not task.futures[i].done()]
        if not remaining:
            return msgspec.structs.replace(job, targets=[]), 0
        job = msgspec.structs.replace(job, targets=remaining)
        if remaining[0] != attempt.target:
            return _without_prior(job), 0
        prior = dict(job.prior) if attempt.same_first else {}
        failures = dict(job.failures) if attempt.same_first else {}
        progress = attempt.progress
        prior.update(progress.results)
        if progress.running is not None:
            failures[progress.running] = reason
            attempts = 0  # progress: each heuristic fails at most once
        elif attempts >= MAX_ATTEMPTS:
            # Lost again and again outside any heuristic (analysis, aggregation).
            _settle(task.futures[attempt.target], error=ScoringFailed(reason.message))
            return _without_first(job), 0
        late = time.monotonic() - attempt.started >= job.deadline
        return (
            msgspec.structs.replace(job, prior=prior, failures=failures, finish_only=late),
            attempts,
        )

    def _follow(self, task: Task, job: Job) -> tuple[_Attempt, Failure] | None:
        """Send the job and watch the worker until it ends (None) or is lost (what it had done)."""
        proc = self.process
        self._serial += 1
        job = msgspec.structs.replace(job, serial=self._serial)
        first = job.targets[0]
        attempt = _Attempt(self._serial, first, task.started[first], same_first=True)
        try:
            proc.conn.send_bytes(encode(job))
        except OSError:
            why = proc.kill()
            attempt.read(proc.board)
            return attempt, Failure(Status.ERROR, f"the worker process running it {why}")
        from multiprocessing.connection import wait

        limit = job.deadline + (FINISH_GRACE if job.finish_only else 0.0)
        next_check = time.monotonic() + POLL_SECONDS
        while True:
            now = time.monotonic()
            timeout = max(0.0, min(next_check, attempt.started + limit) - now)
            ready = wait([proc.conn, self._wake_read], timeout)
            if self._wake_read in ready:
                os.read(self._wake_read, 4096)
            if self.stopping:  # the pool is closing: no grace
                proc.kill()
                self._fail_all(task, ScoringFailed("the worker pool was closed"))
                return None
            if task.cancelled:
                self._cancel(proc)
                return None
            if proc.conn in ready:
                try:
                    message = decode_message(proc.conn.recv_bytes())
                except (EOFError, OSError):
                    why = proc.kill()
                    attempt.read(proc.board)
                    return attempt, Failure(Status.ERROR, f"the worker process running it {why}")
                if isinstance(message, Ended):
                    return None
                attempt = self._record(task, message, attempt)
            now = time.monotonic()
            if now >= next_check or now >= attempt.started + limit:
                next_check = now + POLL_SECONDS
                lost = self._check(proc, attempt, limit)
                if lost is not None:
                    proc.kill()
                    attempt.read(proc.board)
                    return attempt, lost

    def _record(self, task: Task, message: Message, attempt: _Attempt) -> _Attempt:
        if isinstance(message, Carded | Failed):
            self.process.documents += 1
            future = task.futures[message.target]
            if isinstance(message, Carded):
                _settle(future, result=EncodedCard(message.card, message.timings))
            else:
                _settle(future, error=ScoringFailed(message.message))
            following = [i for i in task.job.targets if not task.futures[i].done()]
            if following:
                started = task.started.setdefault(following[0], time.monotonic())
                return _Attempt(attempt.serial, following[0], started, same_first=False)
        return attempt

    def _check(self, proc: WorkerProcess, attempt: _Attempt, limit: float) -> Failure | None:
        """Why the worker must be stopped now, if it must: deadline, runaway heuristic, memory."""
        now = time.monotonic()
        if now - attempt.started >= limit:
            return Failure(
                Status.TIMEOUT,
                f"did not finish within the document's deadline of {self.limits.deadline:g} s",
            )
        progress = attempt.read(proc.board, results=False)
        if progress.running is not None:
            wall = time.time() - progress.wall
            cpu = proc.cpu()
            used = cpu - progress.cpu if cpu is not None else 0.0
            budget = progress.budget
            if used > budget + KILL_GRACE or wall > budget * WALL_FACTOR + KILL_GRACE:
                return Failure(
                    Status.TIMEOUT,
                    f"exceeded its time budget of {budget:g} s without yielding "
                    "(its worker process was stopped)",
                )
        if proc.memory_mb() > 2 * self.limits.max_memory_mb:
            return Failure(
                Status.ERROR,
                f"used more than {2 * self.limits.max_memory_mb} MB of memory "
                "(its worker process was stopped)",
            )
        return None

    def _cancel(self, proc: WorkerProcess) -> None:
        """Interrupt the worker's document; kill it if it does not stop within KILL_GRACE."""
        with contextlib.suppress(OSError):
            os.kill(proc.process.pid, signal.SIGUSR1)
        end = time.monotonic() + KILL_GRACE
        while (left := end - time.monotonic()) > 0:
            try:
                if proc.conn.poll(left) and isinstance(
                    decode_message(proc.conn.recv_bytes()), Ended
                ):
                    return
            except (EOFError, OSError):
                break
        self._replace()


# -- the command line's many documents ------------------------------------------


class Unscored(msgspec.Struct, frozen=True, kw_only=True):
    """A document that got no scorecard, and why."""

    index: int
    document_id: str
    reason: str


def score_in_workers(
    documents: Sequence[Document],
    *,
    settings: Settings,
    options: ScoreOptions,
    workers: int,
    engine: Engine | None = None,
) -> Generator[Scorecard | Unscored, None, None]:
    """Score `documents` in `workers` supervised processes; the results in input order.

    The workers start at once (forked from `engine`, an engine built from
    `settings` in this process, while this process has no other thread), not
    when the results are first read. A document whose scoring failed comes
    back as `Unscored`; the others are unaffected. Closing the iterator early
    stops the workers at once.
    """
    encoded = encode_in_workers(
        documents, settings=settings, options=options, workers=workers, engine=engine
    )
    return (r if isinstance(r, Unscored) else r.decode() for r in encoded)


def encode_in_workers(
    documents: Sequence[Document],
    *,
    settings: Settings,
    options: ScoreOptions,
    workers: int,
    engine: Engine | None = None,
) -> Generator[EncodedCard | Unscored, None, None]:
    """`score_in_workers`, each scorecard as the JSON its worker encoded (`EncodedCard`)."""
    supervisor = Supervisor(settings, workers, spare=False, engine=engine)
    return _in_order(supervisor, documents, options, workers)


def chunk_size(left: int, workers: int) -> int:
    """How many of the `left` documents to hand a worker at once.

    A worker given several goes from one to the next without waiting for the
    supervisor's next message; near the end the chunks shrink, so that the
    workers finish together.
    """
    return max(1, min(MAX_CHUNK, left // (workers * (1 + QUEUED_PER_WORKER))))


def _in_order(
    supervisor: Supervisor, documents: Sequence[Document], options: ScoreOptions, workers: int
) -> Generator[EncodedCard | Unscored, None, None]:
    try:
        pending: deque[tuple[int, Task]] = deque()  # each task with its first document's index
        queued = 0
        while queued < len(documents) or pending:
            while queued < len(documents) and len(pending) < workers * (1 + QUEUED_PER_WORKER):
                size = chunk_size(len(documents) - queued, workers)
                chunk = list(documents[queued : queued + size])
                job = Job(documents=chunk, targets=list(range(len(chunk))), options=options)
                pending.append((queued, supervisor.submit(job)))
                queued += len(chunk)
            first, task = pending.popleft()
            for target in task.job.targets:
                index = first + target
                try:
                    yield task.futures[target].result()
                except (ReliabilityError, CancelledError) as exc:
                    doc_id = documents[index].doc_id
                    yield Unscored(index=index, document_id=doc_id, reason=str(exc))
    finally:
        supervisor.close()
