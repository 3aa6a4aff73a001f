"""A scoring worker process: what it runs, what it says, and the handle kept on it.

A `Job` is documents to score in one worker; `worker_main` is the worker
process: it builds one `JobEngine` when it starts and scores jobs one at a
time, its heuristics one after another in its main thread, each under a
CPU-time budget (`reliability.isolation`). As it goes it posts each
heuristic's start (with the process's CPU time then) and result on its
`ProgressBoard`, and sends each scorecard on its pipe, encoded as the JSON
that clients receive (in a MessagePack message); `reliability.workers`
supervises it from the serving process. SIGUSR1 interrupts the document being
scored (its request was cancelled).
"""

from __future__ import annotations

import contextlib
import gc
import mmap
import os
import signal
import struct
import time
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import msgspec

from reliability.analysis import Analysis
from reliability.config import Settings
from reliability.document import Document
from reliability.engine import Engine, ScoreOptions
from reliability.isolation import Interrupted
from reliability.models import HeuristicResult, Scorecard, Status
from reliability.plugins import Registered

if TYPE_CHECKING:
    from multiprocessing.connection import Connection


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


class _State(msgspec.Struct):
    """Which document a worker is on, the heuristic it is in, and since when."""

    serial: int = 0
    target: int = -1
    running: str | None = None
    budget: float = 0.0
    cpu: float = 0.0
    wall: float = 0.0  # time.time() when `running` started


class Progress(_State):
    """How far a worker is with its current document, as it shows on its `ProgressBoard`.

    `running` is the heuristic it is in (None between heuristics), with its
    budget, and the process's CPU seconds and the time when it started; `results` are the
    finished heuristics' results, by name.
    """

    results: dict[str, HeuristicResult] = {}


class _Head(_State, array_like=True):
    """The board's head: `Progress` without its results, and how much of the log is current."""

    logged: int = 0  # bytes of the log that hold the current document's results


class ProgressBoard:
    """A shared file both processes map, on which a worker posts its `Progress`.

    Posting costs the worker little and the supervisor nothing: it reads the
    board only when a document runs long or its worker is lost. The file holds
    a small head (the document, the heuristic running, its budget and start)
    and a log to which each finished heuristic's result is appended once, as
    MessagePack; the head says how much of the log is the current document's.
    A sequence number around each head post (odd while writing) lets a reader
    skip torn reads: the log below the head's length is rewritten only after
    a new document's head is posted, which changes the number.
    """

    SIZE = 32 * 1024 * 1024  # sparse: only the pages written use memory
    _SEQ = struct.Struct("<QI")  # sequence number, head length
    _HEAD_ROOM = 4096
    _LOG = _SEQ.size + _HEAD_ROOM
    _RECORD = struct.Struct("<I")  # a result's length, before it in the log

    def __init__(self, path: str, *, create: bool = False) -> None:
        self.path = path
        with open(path, "w+b" if create else "r+b") as f:
            if create:
                f.truncate(self.SIZE)
            self._map = mmap.mmap(f.fileno(), self.SIZE)
        self._seq = 0
        self._head = _Head()

    @classmethod
    def create(cls) -> ProgressBoard:
        import tempfile  # here: the command imports this module for every run

        folder = "/dev/shm" if os.path.isdir("/dev/shm") else None
        fd, path = tempfile.mkstemp(prefix="reliability-progress-", dir=folder)
        os.close(fd)
        return cls(path, create=True)

    def _post(self) -> None:
        data = encode(self._head)[: self._HEAD_ROOM]
        self._seq += 1
        self._map[0:8] = self._seq.to_bytes(8, "little")
        self._map[12 : 12 + len(data)] = data
        self._map[8:12] = len(data).to_bytes(4, "little")
        self._seq += 1
        self._map[0:8] = self._seq.to_bytes(8, "little")

    def start(self, serial: int, target: int) -> None:
        """Post that the worker starts on a document: nothing running, no results."""
        self._head = _Head(serial=serial, target=target)
        self._post()

    def running(self, name: str, budget: float) -> None:
        """Post that heuristic `name` starts now, with its CPU-time budget."""
        head = self._head
        head.running, head.budget = name[:256], budget
        head.cpu, head.wall = time.process_time(), time.time()
        self._post()

    def finished(self, result: bytes) -> None:
        """Post a heuristic's result (`HeuristicResult` as MessagePack); none is running."""
        head = self._head
        at = self._LOG + head.logged
        end = at + self._RECORD.size + len(result)
        if end <= self.SIZE:  # past the end it is not kept: the heuristic would run again
            self._map[at : at + self._RECORD.size] = self._RECORD.pack(len(result))
            self._map[at + self._RECORD.size : end] = result
            head.logged = end - self._LOG
        head.running = None
        self._post()

    def read(self, *, results: bool = True) -> Progress:
        """The last complete post (an empty `Progress` when there is none).

        Without `results` only the head is read (what runs, since when): the cheap
        read of a supervisor checking on a long document.
        """
        for _ in range(100):
            seq, size = self._SEQ.unpack_from(self._map, 0)
            if seq == 0:
                return Progress()
            if seq % 2 == 0:
                try:
                    head = decode_head(bytes(self._map[12 : 12 + size]))
                    size = max(0, head.logged) if results else 0
                    log = bytes(self._map[self._LOG : self._LOG + size])
                    if self._SEQ.unpack_from(self._map, 0)[0] == seq:
                        return self._progress(head, log)
                except msgspec.DecodeError:
                    pass
            time.sleep(0.001)
        return Progress()

    def _progress(self, head: _Head, log: bytes) -> Progress:
        results: dict[str, HeuristicResult] = {}
        at = 0
        while at + self._RECORD.size <= len(log):
            (size,) = self._RECORD.unpack_from(log, at)
            at += self._RECORD.size
            result = decode_result(log[at : at + size])
            results[result.name] = result
            at += size
        state = msgspec.structs.asdict(head)
        del state["logged"]
        return Progress(**state, results=results)

    def close(self) -> None:
        """Unmap the board and remove its file (the other process keeps its own mapping)."""
        with contextlib.suppress(OSError, ValueError, BufferError):
            self._map.close()
        with contextlib.suppress(OSError):
            os.unlink(self.path)


# Messages from a worker, in the order it sends them.
class Ready(msgspec.Struct, tag="ready", array_like=True):
    pass


class Timing(msgspec.Struct, frozen=True, array_like=True):
    """One heuristic's status and time in a scorecard, for metrics that need no more of it."""

    name: str
    status: Status
    elapsed_ms: float


class Carded(msgspec.Struct, tag="card", array_like=True):
    """A target's scorecard, encoded as JSON by the worker, and its heuristics' timings."""

    target: int
    card: bytes
    timings: list[Timing]


class Failed(msgspec.Struct, tag="fail", array_like=True):
    target: int
    message: str


class Ended(msgspec.Struct, tag="end", array_like=True):
    cancelled: bool


Message = Ready | Carded | Failed | Ended
encode = msgspec.msgpack.Encoder().encode
encode_json = msgspec.json.Encoder().encode
decode_message = msgspec.msgpack.Decoder(Message).decode
decode_job = msgspec.msgpack.Decoder(Job).decode
decode_result = msgspec.msgpack.Decoder(HeuristicResult).decode
decode_head = msgspec.msgpack.Decoder(_Head).decode
_decode_card = msgspec.json.Decoder(Scorecard).decode


class EncodedCard(msgspec.Struct, frozen=True):
    """A scorecard as its worker encoded it: the JSON a client receives, written as is.

    The process that hands it on (the API, the command line) need not decode
    and encode it again; `timings` is what its metrics read, and `decode()`
    gives the `Scorecard` when more is needed.
    """

    json: bytes
    timings: list[Timing]

    def decode(self) -> Scorecard:
        return _decode_card(self.json)


def encoded(card: Scorecard) -> EncodedCard:
    """`card` as a worker hands it on."""
    timings = [Timing(r.name, r.status, r.elapsed_ms) for r in card.heuristics]
    return EncodedCard(encode_json(card), timings)


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
        self.target = 0
        self.prior: Mapping[str, HeuristicResult] = {}
        self.failures: Mapping[str, Failure] = {}
        self.finish_only = False
        self.deadline = 0.0

    def analyse(
        self, analysis: Analysis, peers: Sequence[Analysis], regs: Sequence[Registered]
    ) -> float:
        # Past the deadline no heuristic runs: the analysis would only delay the scorecard.
        return 0.0 if self.finish_only else super().analyse(analysis, peers, regs)

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
        board = self.board
        if board is not None:
            board.running(name, self.budget(reg))
        result = super()._run(reg, analysis, context, weight)
        if board is not None:
            board.finished(encode(result))
        return result


def run_job(engine: JobEngine, job: Job, deliver: Callable[[int, Scorecard | str], None]) -> None:
    """Score the job's targets in order, handing each scorecard (or error text) to `deliver`."""
    analyses = [Analysis(doc) for doc in job.documents] if job.together else []
    peers = [Analysis(doc) for doc in job.peers]
    for k, index in enumerate(job.targets):
        engine.target = index
        if engine.board is not None:
            engine.board.start(job.serial, index)
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
    # What exists now (the plugins and their tables) lives as long as the process: the
    # garbage collector need not walk it again on every full collection.
    gc.freeze()
    conn.send_bytes(encode(Ready()))

    def deliver(index: int, card: Scorecard | str) -> None:
        if isinstance(card, str):
            send(Failed(index, card))
        else:
            # Encoded here, once, as the client receives it: the supervisor only passes it on.
            out = encoded(card)
            send(Carded(index, out.json, out.timings))

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
