"""The `reliability` command line: score files, folders or NDJSON, list heuristics.

Exit status 0 on success; 1 when a document got no scorecard because the worker
process scoring it died (each such document is named on stderr, the others are
printed); 2 with a message on a usage or input error.
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import sys
from collections.abc import Generator, Iterator, Sequence
from contextlib import closing
from pathlib import Path
from typing import IO, NoReturn, TypeVar

import msgspec

from reliability.config import Settings, load_settings, parse_weights
from reliability.document import Document, check_size, decode_document, make_document
from reliability.engine import Engine, ScoreOptions
from reliability.errors import ReliabilityError
from reliability.jobs import EncodedCard
from reliability.models import HeuristicInfo, Scorecard
from reliability.workers import (
    POOL_MIN_CHARACTERS,
    Supervisor,
    Unscored,
    encode_in_workers,
    score_in_workers,
    use_workers,
)

# What only some commands use (rich for tables; sockets, threads and uvicorn for
# `serve`, in `reliability.cli_serve`) is imported where it is used: every command
# pays for what is imported here.
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
TEXT_SUFFIXES = {".txt", ".md"}
SUFFIXES = TEXT_SUFFIXES | {".json"}
_encoder = msgspec.json.Encoder()
_list_decoder = msgspec.json.Decoder(list[Document])
T = TypeVar("T")


class UsageError(ReliabilityError):
    """A problem with the command line or its inputs; exit status 2."""


def _documents_from_file(path: Path) -> list[Document]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror}") from None
    if path.suffix.lower() == ".json":
        if data.lstrip()[:1] == b"[":
            try:
                return _list_decoder.decode(data)
            except (msgspec.ValidationError, msgspec.DecodeError) as exc:
                raise UsageError(f"{path}: {exc}") from None
        return [decode_document(data, source=str(path))]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    if not text.strip():
        raise UsageError(f"{path}: the file has no text")
    return [make_document(text)]


def _documents_from_stdin(stream: IO[bytes]) -> list[Document]:
    docs = []
    for number, line in enumerate(stream, start=1):
        if line.strip():
            docs.append(decode_document(line, source=f"stdin line {number}"))
    return docs


def _document_from_url(url: str, settings: Settings) -> Document:
    """Fetch a page (same address rules, limits and extraction as the API) and extract it."""
    import anyio

    from reliability.fetch import Fetcher, fetch_document
    from reliability.fetch.dates import describe

    async def fetch() -> Document:
        async with Fetcher(settings.fetch) as fetcher:
            page, extraction = await fetch_document(
                fetcher, url, max_text_bytes=settings.max_text_bytes
            )
            # published and modified dates on stderr: a scorecard has no place for them
            sys.stderr.write(f"reliability: {page.final_url}: {describe(extraction.dates)}\n")
            return extraction.document

    return anyio.run(fetch)


def read_documents(
    paths: Sequence[str], stdin: IO[bytes], settings: Settings | None = None
) -> list[Document]:
    """Every document named on the command line, in order; folders are read recursively, sorted.

    An `http://` or `https://` argument is a page to fetch and extract; other URL
    schemes are refused.
    """
    docs: list[Document] = []
    for raw in paths:
        if raw == "-":
            docs.extend(_documents_from_stdin(stdin))
            continue
        if _URL.match(raw):  # http(s) is fetched; another scheme is refused with a reason
            docs.append(_document_from_url(raw, settings or Settings()))
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
            )
            if not files:
                raise UsageError(f"{path}: no .txt, .md or .json files in this folder")
            for file in files:
                docs.extend(_documents_from_file(file))
        elif path.is_file():
            if path.suffix.lower() not in SUFFIXES:
                raise UsageError(f"{path}: unsupported file type (use .txt, .md or .json)")
            docs.extend(_documents_from_file(path))
        else:
            raise UsageError(f"{path}: no such file or folder")
    if not docs:
        raise UsageError("no documents to score")
    return docs


def _split_names(value: str | None) -> list[str] | None:
    if value is None:
        return None
    return [n.strip() for n in value.split(",") if n.strip()]


def _progress(
    results: Iterator[T], total: int, show: bool, force: bool
) -> Generator[T, None, None]:
    """Yield the results, advancing a progress bar on stderr when `show`.

    `force` draws it even when stderr is not a terminal (asked for with --progress).
    """
    if not show:
        yield from results
        return
    from rich.console import Console
    from rich.progress import Progress

    console = Console(stderr=True, force_terminal=force or None)
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("scoring", total=total)
        for result in results:
            yield result
            progress.advance(task)


def _scored(
    docs: list[Document], engine: Engine, options: ScoreOptions, args: argparse.Namespace
) -> Generator[Scorecard | EncodedCard | Unscored, None, None]:
    """The documents' results in input order: in worker processes when asked or worth it.

    A story (`--compare together`) is scored in this process, which shares its
    cross-document work; `--compare corpus` reads each document's peers from
    the store given with `--db`. Worker processes start here, before the
    progress bar's thread, so that they can be forked with the loaded plugins.
    """
    together = args.compare == "together"
    workers = use_workers(docs, args.jobs, compare=together)
    if args.compare == "corpus":
        return _scored_against_corpus(docs, engine, options, args, workers)
    if workers:
        # JSON output is encoded by the workers, and only written here.
        score = score_in_workers if args.format == "table" else encode_in_workers
        return score(
            docs, settings=engine.settings, options=options, workers=workers, engine=engine
        )
    return (card for card in engine.score_many(docs, compare=together, options=options))


def _scored_against_corpus(
    docs: list[Document],
    engine: Engine,
    options: ScoreOptions,
    args: argparse.Namespace,
    workers: int,
) -> Generator[Scorecard | Unscored, None, None]:
    from reliability.service import ScoringService
    from reliability.store import open_store

    if not args.db:
        raise UsageError("--compare corpus needs the store to compare with: give it with --db")
    store = open_store(args.db)
    supervisor = Supervisor(engine.settings, workers, spare=False) if workers else None
    try:
        service = ScoringService(engine.settings, engine, store, supervisor)
        jobs = service.jobs(docs, compare="corpus", options=options)
        for index, result in enumerate(_each(service.scorecards(jobs))):
            if isinstance(result, Exception):
                reason = str(result)
                yield Unscored(index=index, document_id=docs[index].doc_id, reason=reason)
            else:
                yield result
    finally:
        if supervisor is not None:
            supervisor.close()
        store.close()


def _each(cards: Iterator[Scorecard]) -> Iterator[Scorecard | Exception]:
    """The scorecards, with a document that failed in its worker as its error."""
    while True:
        try:
            yield next(cards)
        except StopIteration:
            return
        except ReliabilityError as exc:
            yield exc


def _reported(
    results: Iterator[Scorecard | EncodedCard | Unscored], total: int, unscored: list[Unscored]
) -> Iterator[Scorecard | EncodedCard]:
    """The scorecards; a document that got none is named on stderr and added to `unscored`."""
    for result in results:
        if isinstance(result, Unscored):
            unscored.append(result)
            sys.stderr.write(
                f"reliability: error: document {result.index + 1} of {total} "
                f"(id {result.document_id}) was not scored: {result.reason}\n"
            )
        else:
            yield result


def _json(card: Scorecard | EncodedCard) -> bytes:
    return card.json if isinstance(card, EncodedCard) else _encoder.encode(card)


def _write_bytes(data: bytes) -> None:
    """Write to stdout as bytes (no decoding of the JSON to text and back), and flush."""
    out = sys.stdout
    binary = getattr(out, "buffer", None)
    if binary is None:  # a text-only stream put in place of stdout
        out.write(data.decode())
    else:
        binary.write(data)
    out.flush()


def _write(
    cards: Iterator[Scorecard | EncodedCard], args: argparse.Namespace, *, single: bool
) -> None:
    if args.format == "ndjson":
        sys.stdout.flush()
        for card in cards:
            _write_bytes(_json(card) + b"\n")
    elif args.format == "json":
        collected = [_json(card) for card in cards]
        if collected:
            payload = collected[0] if single else b"[" + b",".join(collected) + b"]"
            sys.stdout.flush()
            _write_bytes(msgspec.json.format(payload, indent=2) + b"\n")
    else:
        from rich.console import Console

        from reliability.render import render_scorecard

        console = Console(file=sys.stdout)
        for card in cards:
            decoded = card.decode() if isinstance(card, EncodedCard) else card
            render_scorecard(console, decoded, findings=args.findings)


def cmd_score(args: argparse.Namespace, engine: Engine) -> int:
    docs = read_documents(args.paths, sys.stdin.buffer, engine.settings)
    options = ScoreOptions(
        include=_split_names(args.only),
        exclude=_split_names(args.skip) or [],
        weights=parse_weights(",".join(args.weight or []), source="--weight"),
    )
    # Unknown heuristic names and oversized texts are reported before any output.
    engine.plan(options)
    for doc in docs:
        check_size(doc, engine.settings.max_text_bytes)
    show = args.progress if args.progress is not None else (len(docs) > 3 and sys.stderr.isatty())
    unscored: list[Unscored] = []
    scored = _scored(docs, engine, options, args)
    progress = _progress(scored, len(docs), show, force=bool(args.progress))
    # Closed on the way out, even on an error or a closed pipe: that stops the workers.
    with closing(scored), closing(progress):
        _write(_reported(progress, len(docs), unscored), args, single=len(docs) == 1)
    return 1 if unscored else 0


def cmd_heuristics(args: argparse.Namespace, engine: Engine) -> int:
    infos: list[HeuristicInfo] = engine.heuristics()
    if args.format == "json":
        sys.stdout.write(msgspec.json.format(_encoder.encode(infos), indent=2).decode() + "\n")
    else:
        from rich.console import Console

        from reliability.render import render_heuristics

        render_heuristics(Console(file=sys.stdout), infos, engine.problems)
    return 0


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of processes (1 or more)")
    return jobs


def _score_options(score: argparse.ArgumentParser) -> None:
    """The options of `reliability score`."""
    score.add_argument("--format", choices=["table", "json", "ndjson"], default="table")
    score.add_argument(
        "--compare",
        choices=COMPARE_MODES,
        default="none",
        help=(
            "together (the default when --compare has no value): score the documents against "
            "each other as one story; corpus: each against the other coverage of its story in "
            "the store (--db)"
        ),
    )
    score.add_argument(
        "--db", metavar="PATH", help="the store that --compare corpus reads peers from"
    )
    score.add_argument("--only", metavar="NAMES", help="comma-separated heuristics to run")
    score.add_argument("--skip", metavar="NAMES", help="comma-separated heuristics not to run")
    score.add_argument(
        "--weight", action="append", metavar="NAME=W", help="override a heuristic's weight"
    )
    score.add_argument(
        "--findings",
        type=int,
        default=12,
        metavar="N",
        help="findings to list per document in the table (default 12)",
    )
    score.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar on stderr (default: when scoring many documents on a terminal)",
    )
    score.add_argument(
        "--jobs",
        type=_jobs,
        default=None,
        metavar="N",
        help=(
            "worker processes to score in, at most one per document; 1 scores in this "
            "process, as does --compare together (default: one per core when the documents hold "
            f"{POOL_MIN_CHARACTERS:,} characters or more, else in this process)"
        ),
    )


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; with `command` "score", only that command's.

    A line that starts with `score` is read by the `score` parser alone, so the
    others (and `reliability.batch`, imported for its own) are left out of it
    (see `_parse`).
    """
    from reliability import __version__

    parser = argparse.ArgumentParser(
        prog="reliability",
        description="Score how far to trust news articles, with findings that point at the text.",
    )
    parser.add_argument("--version", action="version", version=f"reliability {__version__}")
    parser.add_argument(
        "--config", metavar="FILE", help="TOML settings file (or RELIABILITY_CONFIG)"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    score = sub.add_parser(
        "score",
        help="score documents and print their scorecards",
        description=(
            "Score .txt, .md and .json documents, folders of them, NDJSON on stdin (-), "
            "or web pages by their http(s) URL."
        ),
    )
    score.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="file, folder, http(s) URL of a page, or - for NDJSON on stdin",
    )
    _score_options(score)
    score.set_defaults(func=cmd_score)
    if command == "score":
        return parser

    from reliability.cli_serve import cmd_serve, port_number

    serve = sub.add_parser("serve", help="start the HTTP API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=port_number, default=8000)
    serve.add_argument(
        "--workers",
        type=_jobs,
        default=None,
        help="scoring worker processes (default: one per core)",
    )
    serve.add_argument(
        "--db",
        metavar="PATH",
        help="store file (default: in the user's data directory), or a PostgreSQL URL "
        "postgresql://USER@HOST:PORT/DB shared by several instances",
    )
    serve.add_argument(
        "--load", nargs="+", metavar="PATH", help="documents to put in the store first (idempotent)"
    )
    serve.set_defaults(func=cmd_serve)

    heur = sub.add_parser("heuristics", help="list installed heuristics")
    heur.add_argument("--format", choices=["table", "json"], default="table")
    heur.set_defaults(func=cmd_heuristics)

    from reliability.batch import add_parser as add_batch_parser

    add_batch_parser(sub)
    return parser


def fail(message: str) -> NoReturn:
    sys.stderr.write(f"reliability: error: {message}\n")
    raise SystemExit(2)


COMPARE_MODES = ["none", "together", "corpus"]


def _compare_value(argv: Sequence[str]) -> list[str]:
    """`--compare` on its own means `--compare together` (it was a flag before it took a value)."""
    out = list(argv)
    for i, arg in enumerate(out):
        # `story` is `reliability batch --compare`'s own value.
        if arg == "--compare" and (
            i + 1 == len(out) or out[i + 1] not in [*COMPARE_MODES, "story"]
        ):
            out[i] = "--compare=together"
    return out


def _parse(line: list[str]) -> argparse.Namespace:
    """The command line read; one the command's own parser leaves words of is read by the
    whole parser, which names them with its usage."""
    args, extra = build_parser(line[0] if line else None).parse_known_args(line)
    return build_parser().parse_args(line) if extra else args


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `reliability` command."""
    # numpy's OpenBLAS starts a thread per core as it loads (tens of milliseconds on a
    # small machine); nothing here makes BLAS calls big enough to use them. A user's
    # own value is kept.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    # Run as the command (not called from Python with arguments), the process is its own:
    # the cyclic collector is held off while the plugins load, what they made is frozen
    # (later collections skip it), and all is frozen at the end, which spares the
    # interpreter's last collection (tens of milliseconds); the system frees the memory.
    program = argv is None and gc.isenabled()
    if program:
        gc.disable()
    args = _parse(_compare_value(sys.argv[1:] if argv is None else argv))
    try:
        engine = Engine(load_settings(args.config))
        if program:
            gc.freeze()
            gc.enable()
        status = int(args.func(args, engine))
    except ReliabilityError as exc:
        fail(str(exc))
    except BrokenPipeError:
        # The reader went away (for example `| head`); that is not an error.
        sys.stderr.close()
        return 0
    if program:
        gc.freeze()
    return status


if __name__ == "__main__":
    sys.exit(main())
