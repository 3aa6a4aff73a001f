"""A scoring worker process: what it runs, what it says, and the handle kept on it.

A `Job` is documents to score in one worker; `worker_main` is the worker
process: it builds one `JobEngine` when it starts and scores jobs one at a
time, its heuristics one after another in its main thread, each under a
CPU-time budget (`reliability.isolation`). As it goes it reports each
heuristic's start (with the process's CPU time then) and result, and each
scorecard, as MessagePack messages on its pipe; `reliability.workers`
supervises it from the serving process. SIGUSR1 interrupts the document being
scored (its request was cancelled).
"""

from __future__ import annotations

import contextlib
import mmap
import os
import signal
import struct
import tempfile
import time
from collections.abc import Callable, Mapping
from multiprocessing.connection import Connection
from typing import Any

import msgspec

from reliability.analysis import Analysis
from reliability.config import Settings
from reliability.document import Document
from reliability.engine import Engine, ScoreOptions
from reliability.isolation import Interrupted
from reliability.models import HeuristicResult, Scorecard, Status
from reliability.plugins import Registered


class Failure(msgspec.Struct, frozen=True, array_like=True):
    """Why a heuristic has no result: the supervisor stopped or lost its worker."""

    status: Status
    message: str


class Job(msgspec.Struct, frozen=True, kw_only=True):
    """Documents to score in one worker, in order.

    `targets` are indices into `documents`. With `together` each target's peers
    are the other documents; otherwise every target is scored against `peers`.
    `prior` and `failures` hold what is already known of the first target's
    heuristics (from a worker that was lost); with `finish_only` its other
    heuristics are not run (its deadline has passed) but reported as timeouts.
    """

    documents: list[Document]
    targets: list[int]
    options: ScoreOptions = ScoreOptions()
    together: bool = False
    peers: list[Document] = []
    prior: dict[str, HeuristicResult] = {}
    failures: dict[str, Failure] = {}
    finish_only: bool = False
    deadline: float = 0.0
    serial: int = 0  # tells this job's progress from an earlier job's on the board


class Progress(msgspec.Struct, array_like=True):
    """How far a worker is with its current document, as it shows on its `ProgressBoard`.

    `running` is the heuristic it is in (None between heuristics), with its
    budget, and the process's CPU seconds and the time when it started; `results` are the
    finished heuristics' results, MessagePack-encoded.
    """

    serial: int = 0
    target: int = -1
    running: str | None = None
    budget: float = 0.0
    cpu: float = 0.0
    wall: float = 0.0  # time.time() when `running` started
    results: dict[str, msgspec.Raw] = {}


class ProgressBoard:
    """A shared file both processes map, on which a worker posts its `Progress`.

    Posting costs the worker a copy and the supervisor nothing: it reads the
    board only when a document runs long or its worker is lost. A sequence
    number around each post (odd while writing) lets a reader skip torn reads.
    """

    SIZE = 32 * 1024 * 1024  # sparse: only the pages written use memory
    _HEAD = struct.Struct("<QI")

    def __init__(self, path: str, *, create: bool = False) -> None:
        self.path = path
        with open(path, "w+b" if create else "r+b") as f:
            if create:
                f.truncate(self.SIZE)
            self._map = mmap.mmap(f.fileno(), self.SIZE)
        self._seq = 0

    @classmethod
    def create(cls) -> ProgressBoard:
        folder = "/dev/shm" if os.path.isdir("/dev/shm") else None
        fd, path = tempfile.mkstemp(prefix="reliability-progress-", dir=folder)
        os.close(fd)
        return cls(path, create=True)

    def post(self, progress: Progress) -> None:
        data = encode(progress)
        if len(data) > self.SIZE - self._HEAD.size:  # too much to keep: keep where it is
            data = encode(msgspec.structs.replace(progress, results={}))
        self._seq += 1
        self._map[0:8] = self._seq.to_bytes(8, "little")
        self._map[12 : 12 + len(data)] = data
        self._map[8:12] = len(data).to_bytes(4, "little")
        self._seq += 1
        self._map[0:8] = self._seq.to_bytes(8, "little")

    def read(self) -> Progress:
        """The last complete post (an empty `Progress` when there is none)."""
        for _ in range(100):
            seq, size = self._HEAD.unpack_from(self._map, 0)
            if seq == 0:
                return Progress()
            data = bytes(self._map[12 : 12 + size]) if seq % 2 == 0 else b""
            if data and self._HEAD.unpack_from(self._map, 0)[0] == seq:
                try:
                    return decode_progress(data)
                except msgspec.DecodeError:
                    pass
            time.sleep(0.001)
        return Progress()

    def close(self) -> None:
        """Unmap the board and remove its file (the other process keeps its own mapping)."""
        with contextlib.suppress(OSError, ValueError, BufferError):
            self._map.close()
        with contextlib.suppress(OSError):
            os.unlink(self.path)


# Messages from a worker, in the order it sends them.
class Ready(msgspec.Struct, tag="ready", array_like=True):
    pass


class Carded(msgspec.Struct, tag="card", array_like=True):
    target: int
    card: msgspec.Raw


class Failed(msgspec.Struct, tag="fail", array_like=True):
    target: int
    message: str


class Ended(msgspec.Struct, tag="end", array_like=True):
    cancelled: bool


Message = Ready | Carded | Failed | Ended
encode = msgspec.msgpack.Encoder().encode
decode_message = msgspec.msgpack.Decoder(Message).decode
decode_job = msgspec.msgpack.Decoder(Job).decode
decode_result = msgspec.msgpack.Decoder(HeuristicResult).decode
decode_card = msgspec.msgpack.Decoder(Scorecard).decode
decode_progress = msgspec.msgpack.Decoder(Progress).decode


# -- running a job (in a worker, or in the calling process) ---------------------


class JobEngine(Engine):
    """An engine that posts each heuristic's start and result, and reuses known results."""

    def __init__(
        self,
        settings: Settings,
        board: ProgressBoard | None = None,
        *,
        loaded: Engine | None = None,
    ) -> None:
        if loaded is None:
            super().__init__(settings)
        else:  # share an engine's loaded plugins (a worker forked from the process that has it)
            self.__dict__.update(loaded.__dict__)
        self.board = board
        self.progress = Progress()
        self.target = 0
        self.prior: Mapping[str, HeuristicResult] = {}
        self.failures: Mapping[str, Failure] = {}
        self.finish_only = False
        self.deadline = 0.0

    def _run(
        self, reg: Registered, analysis: Analysis, context: Any, weight: float
    ) -> HeuristicResult:
        name = reg.heuristic.name
        known = self.prior.get(name)
        if known is not None:
            return known
        failure = self.failures.get(name)
        if failure is None and self.finish_only:
            failure = Failure(
                Status.TIMEOUT, f"not run: the document's deadline of {self.deadline:g} s passed"
            )
        if failure is not None:
            return self.failed_result(reg, weight, failure.status, failure.message)
        board, progress = self.board, self.progress
        if board is not None:
            progress.running, progress.budget = name, self.budget(reg)
            progress.cpu, progress.wall = time.process_time(), time.time()
            board.post(progress)
        result = super()._run(reg, analysis, context, weight)
        if board is not None:
            progress.results[name] = msgspec.Raw(encode(result))
            progress.running = None
            board.post(progress)
        return result


def run_job(engine: JobEngine, job: Job, deliver: Callable[[int, Scorecard | str], None]) -> None:
    """Score the job's targets in order, handing each scorecard (or error text) to `deliver`."""
    analyses = [Analysis(doc) for doc in job.documents] if job.together else []
    peers = [Analysis(doc) for doc in job.peers]
    for k, index in enumerate(job.targets):
        engine.target, engine.progress = index, Progress(serial=job.serial, target=index)
        if engine.board is not None:
            engine.board.post(engine.progress)
        engine.prior, engine.failures = (job.prior, job.failures) if k == 0 else ({}, {})
        engine.finish_only, engine.deadline = job.finish_only and k == 0, job.deadline
        try:
            if job.together:
                others = analyses[:index] + analyses[index + 1 :]
                card = engine.score(analyses[index], peers=others, options=job.options)
            else:
                card = engine.score(job.documents[index], peers=peers, options=job.options)
        except Interrupted:
            raise
        except Exception as exc:  # this document only
            deliver(index, f"{type(exc).__name__}: {exc}")
            continue
        deliver(index, card)


# -- in each worker process -----------------------------------------------------

_interruptible = False
_cancel_pending = False


def _on_cancel(_signum: int, _frame: Any) -> None:
    global _cancel_pending
    if _interruptible:
        raise Interrupted("the request was cancelled")
    _cancel_pending = True


def _limit_resources(max_memory_mb: int) -> None:
    import resource

    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a crash leaves no core file
    limit = 2 * max_memory_mb * 1024 * 1024
    with contextlib.suppress(ValueError, OSError, AttributeError):
        _soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
        if hard == resource.RLIM_INFINITY or hard > limit:
            # An allocation past it raises MemoryError in the heuristic making it.
            resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))


def worker_main(
    conn: Connection, settings: Settings, board: str, loaded: Engine | None = None
) -> None:
    """A worker process: build the engine, say ready, then score jobs until told to stop.

    `board` is the path of the `ProgressBoard` to post progress on. `loaded` is
    an engine the worker has without loading it (it was forked from a process
    that had it); without it the worker loads the plugins itself.
    """
    global _interruptible, _cancel_pending
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the group; the parent stops us
    signal.signal(signal.SIGUSR1, _on_cancel)
    _limit_resources(settings.workers.max_memory_mb)

    def send(message: Any) -> None:
        global _interruptible
        _interruptible = False
        try:
            conn.send_bytes(encode(message))
        finally:
            _interruptible = True
        if _cancel_pending:
            raise Interrupted("the request was cancelled")

    engine = JobEngine(settings, ProgressBoard(board), loaded=loaded)
    conn.send_bytes(encode(Ready()))

    def deliver(index: int, card: Scorecard | str) -> None:
        if isinstance(card, str):
            send(Failed(index, card))
        else:
            send(Carded(index, msgspec.Raw(encode(card))))

    while True:
        try:
            data = conn.recv_bytes()
        except (EOFError, OSError):
            return
        if not data:
            return
        job = decode_job(data)
        cancelled = False
        _cancel_pending, _interruptible = False, True
        try:
            run_job(engine, job, deliver)
        except Interrupted:
            cancelled = True
        _interruptible = False
        conn.send_bytes(encode(Ended(cancelled)))


# -- the supervisor's handle on a worker -------------------------------------


def _died(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            return f"was killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"was killed by signal {-exitcode}"
    return f"exited with status {exitcode}"


class WorkerProcess:
    """One worker process and the supervisor's end of its pipe."""

    _page = os.sysconf("SC_PAGE_SIZE")
    _tick = os.sysconf("SC_CLK_TCK")

    def __init__(self, context: Any, settings: Settings, loaded: Engine | None = None) -> None:
        self.board = ProgressBoard.create()
        self.conn, child = context.Pipe()
        self.process = context.Process(
            target=worker_main,
            args=(child, settings, self.board.path, loaded),
            name="reliability-worker",
            daemon=True,
        )
        self.process.start()
        child.close()
        self.ready = False
        self.documents = 0

    def wait_ready(self, timeout: float) -> bool:
        """Whether the worker has started (read its first message); False if it died or is late."""
        if not self.ready:
            try:
                if self.conn.poll(timeout) and isinstance(
                    decode_message(self.conn.recv_bytes()), Ready
                ):
                    self.ready = True
                    # Both processes have the board mapped: its file is no longer needed.
                    with contextlib.suppress(OSError):
                        os.unlink(self.board.path)
            except (EOFError, OSError):
                pass
        return self.ready

    def memory_mb(self) -> float:
        try:
            with open(f"/proc/{self.process.pid}/statm", "rb") as f:
                return int(f.read().split()[1]) * self._page / 1e6
        except (OSError, IndexError, ValueError):
            return 0.0

    def cpu(self) -> float | None:
        """The process's CPU seconds (user and system), or None where /proc cannot say."""
        try:
            with open(f"/proc/{self.process.pid}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / self._tick
        except (OSError, IndexError, ValueError):
            return None

    def kill(self) -> str:
        """Stop the process at once; why it ended (if it had already)."""
        if self.process.exitcode is None:
            self.process.kill()
        self.process.join(10)
        self.conn.close()
        return _died(self.process.exitcode)

    def discard(self) -> None:
        """Kill the process and drop its board."""
        self.kill()
        self.board.close()
