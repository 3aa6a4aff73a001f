"""`reliability batch`: score sets of documents on a Ray cluster, with Ray Data.

    reliability batch INPUT... --output OUT [--compare none|story]
                               [--ray-address ADDRESS] [--workers N]

- INPUT is a JSONL/NDJSON file (one `Document` object a line, as `reliability
  score -` reads them), a Parquet file (one document a row, a column per
  `Document` field), or a folder of them, read recursively in name order.
  The inputs are checked here before anything starts (they exist, their
  types, Parquet columns) and their documents counted for the progress bar.
- OUT ends in `.jsonl`/`.ndjson` or `.parquet`. Each document gives one
  record: its id, its source (`file:line`, or `file:row` for Parquet), and
  the scorecard as the CLI and the API print it, or the error that kept it
  from being scored (`reliability.batch_ray`). The file is written under a
  temporary name beside OUT and renamed when complete.
- Ray Data reads the files in tasks anywhere on the cluster, so on several
  nodes the inputs must be at the same path on each (a shared filesystem, a
  volume mounted in every pod); the output is written by this command, on the
  machine it runs on. The scoring runs in an actor pool of `--workers` actors
  (default: one per CPU of the cluster), each holding one `Engine`, so plugins
  load once per actor.
- `--compare story` first reads every document's story terms (in Ray tasks),
  groups the documents into stories here with the peer index's rules
  (`reliability.stories`), then reads the inputs again and scores each story
  on one actor, its documents against each other. The output is then in story
  order, each record naming its story.
- Without `--ray-address` (or `RAY_ADDRESS`) a local Ray cluster is started on
  this machine's cores and stopped at the end; with it, the command connects
  to that cluster (`auto`, `HOST:PORT`) and runs unchanged.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from reliability.batch_io import BatchError, Inputs, Meter, Writer, find_inputs, output_format, say
from reliability.config import Settings
from reliability.workers import default_jobs

__all__ = ["BatchError", "Summary", "add_parser", "cmd_batch", "find_inputs", "run_batch"]

INSTALL_HINT = "pip install 'reliability-scorecards[ray]'"

Compare = Literal["none", "story"]


@dataclass(frozen=True)
class Summary:
    """What a batch did."""

    documents: int
    scored: int
    errors: int
    stories: int | None
    seconds: float


def require_ray() -> None:
    """Raise `BatchError` with the install command when Ray Data is not installed."""
    try:
        import pyarrow  # type: ignore[import-untyped]  # noqa: F401
        import ray.data  # noqa: F401
    except ImportError as exc:
        raise BatchError(
            f"reliability batch needs Ray Data ({exc.name} is not installed): {INSTALL_HINT}"
        ) from None


# --- the Ray cluster --------------------------------------------------------------------


@contextmanager
def connected(address: str | None) -> Iterator[str]:
    """A connection to Ray: to `address`, else a new local cluster on this machine's cores.

    Yields a description of the cluster. A connection this process already has
    (a program that called `ray.init` itself) is used as it is and left open.
    """
    import ray

    if address:
        _check_reachable(address)
    if ray.is_initialized():
        yield f"Ray cluster ({_cpus()} CPUs)"
        return
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    # Ray's C++ core logs routine notices at error level (an actor with arguments
    # in the object store); a failure that matters reaches us as an exception.
    os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "fatal")
    quiet: dict[str, Any] = {"logging_level": logging.ERROR, "log_to_driver": False}
    try:
        if address:
            _token_if_available()
            ray.init(address=address, **quiet)
            where = f"Ray cluster at {address}"
        else:
            ray.init(address="local", num_cpus=default_jobs(), include_dashboard=False, **quiet)
            where = "local Ray cluster"
    except (ConnectionError, ValueError, RuntimeError) as exc:
        if not address:
            raise BatchError(f"cannot start a local Ray cluster: {exc}") from None
        raise BatchError(
            f"cannot reach the Ray cluster at {address}: {exc} (is it running, and does "
            "this machine have its authentication token, in ~/.ray/auth_token or "
            "RAY_AUTH_TOKEN?)"
        ) from None
    try:
        yield f"{where} ({_cpus()} CPUs)"
    finally:
        ray.shutdown()


def _check_reachable(address: str, timeout: float = 10.0) -> None:
    """Refuse at once a HOST:PORT that nothing listens on (Ray itself retries for minutes)."""
    host, _, port = address.rpartition(":")
    if "://" in address or not host or not port.isdigit():
        return  # `auto`, or another form Ray resolves itself
    import socket  # here, not at the top: every command builds the parser from this module

    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=timeout).close()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise BatchError(f"cannot reach the Ray cluster at {address}: {reason}") from None


def _token_if_available() -> None:
    """Send Ray's authentication token to a cluster named by address, when there is one.

    Ray enables token authentication by default (`ray start --head` does when
    this machine has a token, and a local cluster writes one to
    ~/.ray/auth_token), but a driver given an address sends the token only
    with `RAY_AUTH_MODE=token`. A cluster without authentication ignores it,
    so the same command reaches both. An explicit `RAY_AUTH_MODE` is left alone.
    """
    if "RAY_AUTH_MODE" in os.environ:
        return
    token_file = Path(os.environ.get("RAY_AUTH_TOKEN_PATH") or Path.home() / ".ray/auth_token")
    if os.environ.get("RAY_AUTH_TOKEN") or token_file.is_file():
        os.environ["RAY_AUTH_MODE"] = "token"
        try:  # Ray read its configuration when it was imported: have it read it again
            from ray._raylet import Config  # type: ignore[attr-defined]

            Config.initialize("")
        except (ImportError, AttributeError):
            pass


def _cpus() -> int:
    import ray

    return int(ray.cluster_resources().get("CPU", 0))


def _quiet_data(preserve_order: bool) -> None:
    """Ray Data without its own progress bars and start-up messages; ours show progress."""
    import ray.data

    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.execution_options.preserve_order = preserve_order
    logging.getLogger("ray.data").setLevel(logging.ERROR)


# --- the job ------------------------------------------------------------------------------


def _read(inputs: Inputs) -> Any:
    import ray.data

    from reliability.batch_ray import DocumentFiles

    # Reading is light work; it takes no CPU from the scoring actors (which
    # could otherwise hold every CPU while the reader waits for one).
    return ray.data.read_datasource(DocumentFiles(inputs.files), num_cpus=0)


def _score_each(inputs: Inputs, settings: Settings, workers: int) -> Any:
    import ray.data

    from reliability.batch_ray import Scorer, with_settings

    return _read(inputs).map_batches(
        with_settings(Scorer, settings),
        compute=ray.data.ActorPoolStrategy(size=workers),
        num_cpus=1,
        batch_size=16,
        batch_format="pyarrow",
    )


def _find_stories(inputs: Inputs, settings: Settings) -> tuple[dict[int, int], int]:
    """Every row's story number (by `story_key`), and how many stories there are."""
    from reliability.batch_ray import index_batch, story_key
    from reliability.stories import Indexed, group_stories

    indexed = _read(inputs).map_batches(
        index_batch,
        fn_kwargs={"max_bytes": settings.max_text_bytes},
        num_cpus=1,
        batch_size=16,
        batch_format="pyarrow",
    )
    keys: list[int] = []
    documents: list[Indexed] = []
    failed: list[int] = []
    meter = Meter("finding stories", inputs.documents)
    try:
        for batch in indexed.iter_batches(batch_size=None, batch_format="pyarrow"):
            for file, line, error, day, terms in zip(*batch.to_pydict().values(), strict=True):
                if error is None:
                    keys.append(story_key(file, line))
                    documents.append(Indexed(terms, day))
                else:
                    failed.append(story_key(file, line))
            meter.advance(batch.num_rows)
    finally:
        meter.close()
    order = sorted(range(len(keys)), key=keys.__getitem__)
    stories = group_stories([documents[i] for i in order])
    numbers = {keys[order[member]]: n for n, story in enumerate(stories) for member in story}
    # A row that cannot be scored is a story of its own: it only gives its error record.
    numbers.update({key: len(stories) + n for n, key in enumerate(sorted(failed))})
    return numbers, len(stories)


# Documents per partition when the rows are partitioned by story: whole stories
# stay in one partition, and partitions stay far below Ray Data's block size.
DOCUMENTS_PER_PARTITION = 256


def _score_stories(
    inputs: Inputs, settings: Settings, workers: int, stories: dict[int, int]
) -> Any:
    """Rows partitioned by story, then scored a partition at a time by the actor pool.

    This is `groupby("story").map_groups(...)` in two runs: the partitioning
    runs to completion first, so its shuffle never waits for CPUs that the
    scoring actors hold.
    """
    import ray.data

    from reliability.batch_ray import StoryScorer, assign_stories, with_settings

    partitions = max(workers, -(-inputs.documents // DOCUMENTS_PER_PARTITION))
    partitioned = (
        _read(inputs)
        .map_batches(assign_stories, fn_kwargs={"stories": stories}, batch_format="pyarrow")
        .repartition(partitions, keys=["story"], sort=True)
        .materialize()
    )
    return partitioned.map_batches(
        with_settings(StoryScorer, settings),
        compute=ray.data.ActorPoolStrategy(size=workers),
        num_cpus=1,
        batch_size=None,
        batch_format="pyarrow",
    )


def run_batch(
    paths: Sequence[str],
    output: str,
    *,
    settings: Settings,
    compare: Compare = "none",
    address: str | None = None,
    workers: int | None = None,
) -> Summary:
    """Score every document of `paths` on Ray and write their records to `output`.

    `address` None (and no `RAY_ADDRESS`) starts a local cluster. `workers`
    is the number of scoring actors (default: one per CPU of the cluster).
    Raises `BatchError` when nothing can run.
    """
    require_ray()
    inputs = find_inputs(paths)
    kind = output_format(output, inputs)
    started = time.monotonic()
    address = address or os.environ.get("RAY_ADDRESS") or None
    with connected(address) as cluster:
        _quiet_data(preserve_order=compare == "none")
        pool = workers or max(1, _cpus())
        if not address and pool > _cpus():  # a local cluster never grows: the pool would wait
            raise BatchError(f"--workers {pool} needs {pool} CPUs; this machine has {_cpus()}")
        say(
            f"scoring {inputs.documents:,} documents from {len(inputs.files)} file(s) "
            f"on a {cluster} with {pool} worker(s)"
        )
        count: int | None = None
        try:
            if compare == "story":
                stories, count = _find_stories(inputs, settings)
                say(f"{count:,} stories")
                dataset = _score_stories(inputs, settings, pool, stories)
            else:
                dataset = _score_each(inputs, settings, pool)
            scored, errors = _write(dataset, output, kind, inputs, stories=compare == "story")
        except BatchError:
            raise
        except Exception as exc:  # the cluster failed the job (a node lost, a file unreadable)
            raise BatchError(f"the job failed on the Ray cluster: {_last_line(exc)}") from exc
    return Summary(inputs.documents, scored, errors, count, time.monotonic() - started)


def _last_line(error: BaseException) -> str:
    """The gist of an error from the cluster: the last line of its (often long) message."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return (lines[-1] if lines else type(error).__name__)[:500]


def _write(
    dataset: Any, output: str, kind: str, inputs: Inputs, *, stories: bool
) -> tuple[int, int]:
    writer = Writer(output, kind, inputs.files, stories=stories)
    meter = Meter("scoring", inputs.documents)
    scored = errors = 0
    try:
        for batch in dataset.iter_batches(batch_size=None, batch_format="pyarrow"):
            good, bad = writer.write(batch)
            scored, errors = scored + good, errors + bad
            meter.advance(good + bad)
        writer.commit()
    except BaseException:
        writer.discard()
        raise
    finally:
        meter.close()
    return scored, errors


# --- the command line ---------------------------------------------------------------------


def _workers(value: str) -> int:
    import argparse

    try:
        workers = int(value)
    except ValueError:
        workers = 0
    if workers < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of workers (1 or more)")
    return workers


def add_parser(sub: Any) -> None:
    """The `batch` subcommand, on the command line's subparsers `sub`."""
    batch = sub.add_parser(
        "batch",
        help="score document sets on a Ray cluster (needs the [ray] extra)",
        description=(
            "Score JSONL/NDJSON or Parquet files, or folders of them, on Ray Data: a local "
            "Ray cluster on this machine's cores, or the cluster at --ray-address. Writes one "
            "record per document (its scorecard, or why it could not be scored) to OUT."
        ),
    )
    batch.add_argument(
        "inputs", nargs="+", metavar="INPUT", help=".jsonl, .ndjson or .parquet file, or folder"
    )
    batch.add_argument(
        "--output", required=True, metavar="OUT", help="output file: .jsonl, .ndjson or .parquet"
    )
    batch.add_argument(
        "--compare",
        choices=["none", "story"],
        default="none",
        help="story: group the documents into stories and score each story's documents "
        "against each other (default: none, each on its own)",
    )
    batch.add_argument(
        "--ray-address",
        metavar="ADDRESS",
        help="Ray cluster to run on (auto, HOST:PORT; or RAY_ADDRESS); default: start a "
        "local one on this machine's cores",
    )
    batch.add_argument(
        "--workers",
        type=_workers,
        default=None,
        metavar="N",
        help="scoring actors, one engine each (default: one per CPU of the cluster)",
    )
    batch.set_defaults(func=cmd_batch)


def cmd_batch(args: Any, engine: Any) -> int:
    """Run `reliability batch`: exit 0 once OUT is written, whatever its error records."""
    summary = run_batch(
        args.inputs,
        args.output,
        settings=engine.settings,
        compare=args.compare,
        address=args.ray_address,
        workers=args.workers,
    )
    rate = summary.documents / max(summary.seconds, 1e-9)
    say(
        f"wrote {args.output}: {summary.scored:,} scored, {summary.errors:,} error record(s), "
        f"{summary.documents:,} documents in {summary.seconds:.1f} s ({rate:,.1f}/s)"
    )
    return 0
