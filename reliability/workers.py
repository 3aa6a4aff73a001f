"""Scoring many documents in worker processes, each with one engine, in input order.

`reliability score` uses them when there is enough text to repay their
start-up (see `use_workers`):

- Each worker builds one `Engine` when it starts, so plugins load once per
  worker, from the parent's resolved `Settings` and `ScoreOptions`. They are
  pickled as they are (not re-read from the file and the environment), so a
  worker scores exactly as the parent would, whatever values `[options]` holds.
- Documents go to the workers, and scorecards come back, as msgspec MessagePack
  bytes: faster to encode and decode than pickled Structs.
- Workers are started with `spawn`, never `fork`: the parent has threads (the
  engine's heuristic workers, the progress bar) that a forked child would
  inherit in whatever state they were in. Spawn also works on every platform.
  (`forkserver` with the plugins preloaded started 0.1 s sooner: not worth
  being Unix-only.)
- The pool is pebble's: when a worker dies (a plugin calls `os.abort()`, the
  kernel kills it for memory), pebble knows which document it held, fails only
  that one and starts a replacement worker. The document becomes `Unscored`;
  every other document is scored. (The standard library's
  `ProcessPoolExecutor`, and loky, fail every pending task, and the pool.)
- Results come back in input order; at most `QUEUED_PER_WORKER` documents per
  worker wait in the pool at a time, so memory does not grow with the input.

Documents scored as one story (`--compare`) are scored in the calling process:
the cross-document heuristics keep story-wide and pairwise work per process
(figures' confirmations, originality's pairs), which every worker would do
again: with two workers a story of 50 articles took 1.4 to 1.8 times as long
as in one process.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future

import msgspec

from reliability.config import Settings
from reliability.document import Document
from reliability.engine import Engine, ScoreOptions
from reliability.models import Scorecard

# Without --jobs, less text than this is scored in the calling process: starting a
# worker (a new interpreter importing the package and the plugins, which then load
# their data) takes about 0.5 s, in which one process scores about 250,000
# characters, and on 2 cores the pool is faster from about 500,000 characters
# (100 articles of 800 words). Measured with benchmarks/cli.py.
POOL_MIN_CHARACTERS = 500_000
# Documents waiting in the pool per worker, beyond the one it scores: enough that
# a worker never waits for the next.
QUEUED_PER_WORKER = 4

_document_encoder = msgspec.msgpack.Encoder()
_document_decoder = msgspec.msgpack.Decoder(Document)
_scorecard_encoder = msgspec.msgpack.Encoder()
_scorecard_decoder = msgspec.msgpack.Decoder(Scorecard)


class Unscored(msgspec.Struct, frozen=True, kw_only=True):
    """A document that got no scorecard, and why (its worker process died)."""

    index: int
    document_id: str
    reason: str


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
    never for a story (`compare`).
    """
    if compare:
        return 0
    if jobs is None:
        if sum(len(doc.text) for doc in documents) < POOL_MIN_CHARACTERS:
            return 0
        jobs = default_jobs()
    workers = min(jobs, len(documents))
    return workers if workers > 1 else 0


# -- in each worker process ----------------------------------------------------

_engine: Engine | None = None
_options = ScoreOptions()


def _start_worker(settings: Settings, options: ScoreOptions) -> None:
    global _engine, _options
    # Ctrl-C reaches the whole process group: the parent stops the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _engine, _options = Engine(settings), options


def _score(document: bytes) -> bytes:
    assert _engine is not None, "the pool's initializer did not run"
    card = _engine.score(_document_decoder.decode(document), options=_options)
    return _scorecard_encoder.encode(card)


# -- in the parent -------------------------------------------------------------


def _why(error: BaseException) -> str:
    from pebble import ProcessExpired

    if isinstance(error, ProcessExpired):
        code = error.exitcode
        if code is not None and code < 0:
            try:
                died = f"was killed by {signal.Signals(-code).name}"
            except ValueError:
                died = f"was killed by signal {-code}"
        else:
            died = f"exited with status {code}"
        return f"the worker process scoring it {died}"
    return f"{type(error).__name__}: {error}"


def score_in_workers(
    documents: Sequence[Document], *, settings: Settings, options: ScoreOptions, workers: int
) -> Iterator[Scorecard | Unscored]:
    """Score `documents` in `workers` worker processes; yield the results in input order.

    A document whose worker died, or whose scoring raised, is yielded as
    `Unscored`; the others are unaffected. Closing the iterator early stops
    the workers at once.
    """
    from pebble import ProcessPool

    pool = ProcessPool(
        max_workers=workers,
        initializer=_start_worker,
        initargs=(settings, options),
        context=multiprocessing.get_context("spawn"),
    )

    def schedule(document: Document) -> Future[bytes]:
        try:
            return pool.schedule(_score, args=(_document_encoder.encode(document),))
        except RuntimeError as exc:  # the pool broke: its workers died between documents
            failed: Future[bytes] = Future()
            failed.set_exception(exc)
            return failed

    finished = False
    try:
        pending: deque[Future[bytes]] = deque()
        queued = 0
        while queued < len(documents) or pending:
            while queued < len(documents) and len(pending) < workers * (1 + QUEUED_PER_WORKER):
                pending.append(schedule(documents[queued]))
                queued += 1
            index = queued - len(pending)
            try:
                card = _scorecard_decoder.decode(pending.popleft().result())
            except Exception as exc:  # this document only; the pool goes on
                yield Unscored(index=index, document_id=documents[index].doc_id, reason=_why(exc))
                continue
            yield card
        finished = True
    finally:
        if finished:
            pool.close()
        else:  # interrupted, or the reader went away: do not wait for the workers
            pool.stop()
        pool.join()
