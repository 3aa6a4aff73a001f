"""`reliability batch`'s inputs, output and progress, on the machine the command runs on.

The inputs are found and checked before any cluster is reached (they exist,
their types, a Parquet file's columns), and their documents counted for the
progress bar. The output is written from the records the cluster sends back,
under a temporary name beside it, renamed when complete. pyarrow comes with
the `[ray]` extra, so it is imported only where it is used.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import msgspec

from reliability.document import Document
from reliability.errors import ReliabilityError

JSONL_SUFFIXES = (".jsonl", ".ndjson")
PARQUET_SUFFIX = ".parquet"
INPUT_SUFFIXES = (*JSONL_SUFFIXES, PARQUET_SUFFIX)
OUTPUT_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}
# Without a terminal, a progress line is written this often (seconds).
PROGRESS_EVERY = 10.0


class BatchError(ReliabilityError):
    """The batch cannot run: no Ray, unusable inputs or output, an unreachable cluster."""


@dataclass(frozen=True)
class Inputs:
    """The input files (absolute, in order, each once) and how many documents they hold."""

    files: tuple[str, ...]
    documents: int


# --- inputs and output ----------------------------------------------------------------


def _in_folder(folder: Path) -> list[Path]:
    found = []
    for path in folder.rglob("*"):
        hidden = any(part.startswith(".") for part in path.relative_to(folder).parts)
        if not hidden and path.suffix.lower() in INPUT_SUFFIXES and path.is_file():
            found.append(path)
    return sorted(found)


def _count_lines(path: Path) -> int:
    try:
        with path.open("rb") as f:
            return sum(1 for line in f if line.strip())
    except OSError as exc:
        raise BatchError(f"{path}: cannot read: {exc.strerror}") from None


def _count_rows(path: Path) -> int:
    """The rows of a Parquet file, after checking that its columns are `Document` fields."""
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    try:
        parquet = pq.ParquetFile(path)
    except OSError as exc:  # pyarrow's ArrowInvalid is an OSError too
        raise BatchError(f"{path}: not a readable Parquet file: {exc}") from None
    names = parquet.schema_arrow.names
    fields = Document.__struct_fields__
    unknown = [name for name in names if name not in fields]
    if unknown or "text" not in names:
        problem = f"unknown column(s) {', '.join(unknown)}" if unknown else "no text column"
        raise BatchError(f"{path}: {problem}; a document's columns are {', '.join(fields)}")
    return int(parquet.metadata.num_rows)


def find_inputs(paths: Sequence[str]) -> Inputs:
    """The input files named on the command line, checked and counted.

    Raises `BatchError` for a path that does not exist, a file of another type,
    a folder without inputs, an unreadable file, or inputs without documents.
    """
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = _in_folder(path)
            if not found:
                raise BatchError(f"{path}: no .jsonl, .ndjson or .parquet files in this folder")
            files.extend(found)
        elif path.is_file():
            if path.suffix.lower() not in INPUT_SUFFIXES:
                raise BatchError(f"{path}: unsupported file type (use .jsonl, .ndjson or .parquet)")
            files.append(path)
        else:
            raise BatchError(f"{path}: no such file or folder")
    unique = list(dict.fromkeys(path.resolve() for path in files))
    documents = sum(
        _count_rows(path) if path.suffix.lower() == PARQUET_SUFFIX else _count_lines(path)
        for path in unique
    )
    if documents == 0:
        raise BatchError("no documents to score: the inputs hold no lines or rows")
    return Inputs(tuple(str(path) for path in unique), documents)


def output_format(output: str, inputs: Inputs | None = None) -> str:
    """`jsonl` or `parquet`, from OUT's extension; `BatchError` when OUT cannot be written."""
    path = Path(output)
    kind = OUTPUT_FORMATS.get(path.suffix.lower())
    if kind is None:
        raise BatchError(f"{output}: the output must end in .jsonl, .ndjson or .parquet")
    if path.is_dir():
        raise BatchError(f"{output}: is a folder; name a file")
    if not path.parent.resolve().is_dir():
        raise BatchError(f"{path.parent}: no such folder for the output")
    if inputs is not None and str(path.resolve()) in inputs.files:
        raise BatchError(f"{output}: is also an input")
    return kind


class Writer:
    """Writes output rows to a temporary file beside the output, renamed on `commit`."""

    def __init__(self, output: str, kind: str, files: Sequence[str], *, stories: bool) -> None:
        self.path = Path(output)
        self.temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.partial")
        self.kind, self.files, self.stories = kind, list(files), stories
        self._parquet: Any = None
        self._jsonl: IO[bytes] | None = None
        self._encoder = msgspec.json.Encoder()
        if kind == "jsonl":
            self._jsonl = self.temporary.open("wb")

    def write(self, table: Any) -> tuple[int, int]:
        """Write one batch of `OUTPUT_SCHEMA` rows; return (scored, errors) in it."""
        rows = table.to_pylist()
        for row in rows:
            row["source"] = f"{self.files[row['file']]}:{row['line']}"
        if self._jsonl is not None:
            self._jsonl.write(b"".join(self._line(row) for row in rows))
        else:
            self._write_parquet(rows)
        errors = sum(1 for row in rows if row["error"] is not None)
        return len(rows) - errors, errors

    def _line(self, row: dict[str, Any]) -> bytes:
        record: dict[str, Any] = {"id": row["id"], "source": row["source"]}
        if self.stories:
            record["story"] = row["story"]
        record["error"] = row["error"]
        card = row["scorecard"]
        record["scorecard"] = msgspec.Raw(card.encode()) if card is not None else None
        return self._encoder.encode(record) + b"\n"

    def _write_parquet(self, rows: list[dict[str, Any]]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = pa.schema(
            [
                ("id", pa.string()),
                ("source", pa.string()),
                ("story", pa.int64()),
                ("score", pa.float64()),
                ("grade", pa.string()),
                ("confidence", pa.float64()),
                ("error", pa.string()),
                ("scorecard", pa.string()),
            ]
        )
        if self._parquet is None:
            self._parquet = pq.ParquetWriter(self.temporary, schema)
        self._parquet.write_table(pa.Table.from_pylist(rows, schema=schema))

    def commit(self) -> None:
        self.close()
        if self.kind == "parquet" and not self.temporary.exists():
            self._write_parquet([])  # no rows at all: still a valid, empty file
            self.close()
        self.temporary.replace(self.path)

    def close(self) -> None:
        if self._jsonl is not None:
            self._jsonl.close()
            self._jsonl = None
        if self._parquet is not None:
            self._parquet.close()
            self._parquet = None

    def discard(self) -> None:
        self.close()
        self.temporary.unlink(missing_ok=True)


# --- progress ---------------------------------------------------------------------------


class Meter:
    """Progress on stderr: a bar on a terminal, else a line every `PROGRESS_EVERY` seconds."""

    def __init__(self, label: str, total: int, stream: IO[str] | None = None) -> None:
        self.label, self.total, self.done = label, total, 0
        self.stream = stream or sys.stderr
        self.start = self.last = time.monotonic()
        self._bar: Any = None
        if self.stream.isatty():
            from rich.console import Console
            from rich.progress import Progress

            self._bar = Progress(console=Console(file=self.stream), transient=True)
            self._bar.start()
            self._task = self._bar.add_task(label, total=total)

    def advance(self, count: int) -> None:
        self.done += count
        if self._bar is not None:
            self._bar.advance(self._task, count)
            return
        now = time.monotonic()
        if now - self.last >= PROGRESS_EVERY:
            self.last = now
            rate = self.done / max(now - self.start, 1e-9)
            self.stream.write(
                f"reliability: {self.label}: {self.done:,} of {self.total:,} documents "
                f"({rate:,.1f}/s)\n"
            )
            self.stream.flush()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def say(message: str) -> None:
    sys.stderr.write(f"reliability: {message}\n")
    sys.stderr.flush()
