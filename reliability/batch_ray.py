"""What `reliability batch` runs on the Ray cluster: the input reader and the scoring actors.

Rows travel between the stages as Arrow tables. The reader emits one row per
input document: `file` (its position in the list of input files), `line`
(1-based line of a JSONL file, or row of a Parquet file), and `payload`, the
document as JSON, or `error` when the row could not be read. Each later
stage adds its columns; `OUTPUT_SCHEMA` is what the command writes.

A document is decoded on the worker with `reliability.document.decode_document`,
so JSONL lines and Parquet rows are held to the same rules as `reliability
score` (known fields only, a non-empty text, an ISO 8601 `published`), and
checked against the settings' `max_text_bytes`. A document that fails them,
or whose scoring raises, becomes an error row; the job goes on.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

import msgspec
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]
from ray.data.datasource import FileBasedDatasource

from reliability.analysis import Analysis
from reliability.config import Settings
from reliability.document import Document, check_size, decode_document, document_id
from reliability.engine import Engine
from reliability.errors import InputError
from reliability.models import Scorecard
from reliability.store.peering import published_day
from reliability.store.terms import story_terms

# Rows per block the reader emits: small enough that the scoring actors share
# the work of one file evenly, large enough that a block costs little to schedule.
READ_BLOCK_ROWS = 64
PARQUET_SUFFIX = ".parquet"
DOCUMENT_FIELDS = frozenset(Document.__struct_fields__)

READ_SCHEMA = pa.schema(
    [
        ("file", pa.int32()),
        ("line", pa.int64()),
        ("payload", pa.binary()),
        ("error", pa.string()),
    ]
)
INDEX_SCHEMA = pa.schema(
    [
        ("file", pa.int32()),
        ("line", pa.int64()),
        ("error", pa.string()),
        ("day", pa.string()),
        ("terms", pa.list_(pa.string())),
    ]
)
OUTPUT_SCHEMA = pa.schema(
    [
        ("file", pa.int32()),
        ("line", pa.int64()),
        ("id", pa.string()),
        ("story", pa.int64()),
        ("score", pa.float64()),
        ("grade", pa.string()),
        ("confidence", pa.float64()),
        ("error", pa.string()),
        ("scorecard", pa.string()),
    ]
)

_encoder = msgspec.json.Encoder()
_loose = msgspec.json.Decoder()


class DocumentFiles(FileBasedDatasource):
    """JSONL (one document a line) and Parquet (one a row) files, read as `READ_SCHEMA` rows.

    `files` lists the inputs in the order the command was given them; a row's
    `file` is the position there. Blank lines are skipped but counted.
    """

    def __init__(self, files: Sequence[str], **kwargs: Any) -> None:
        super().__init__(list(files), **kwargs)
        self._numbers = {path: number for number, path in enumerate(files)}

    def _open_input_source(self, filesystem: Any, path: str, **open_args: Any) -> Any:
        # Parquet is read by row group, which needs random access.
        if path.endswith(PARQUET_SUFFIX):
            return filesystem.open_input_file(path)
        return super()._open_input_source(filesystem, path, **open_args)

    def _read_stream(self, f: Any, path: str) -> Iterator[pa.Table]:
        number = self._numbers[path]
        rows = _parquet_rows(f) if path.endswith(PARQUET_SUFFIX) else _jsonl_rows(f)
        block: list[tuple[int, bytes | None, str | None]] = []
        for row in rows:
            block.append(row)
            if len(block) == READ_BLOCK_ROWS:
                yield _read_block(number, block)
                block = []
        if block:
            yield _read_block(number, block)


def _read_block(number: int, rows: list[tuple[int, bytes | None, str | None]]) -> pa.Table:
    return pa.table(
        {
            "file": [number] * len(rows),
            "line": [line for line, _, _ in rows],
            "payload": [payload for _, payload, _ in rows],
            "error": [error for _, _, error in rows],
        },
        schema=READ_SCHEMA,
    )


def _jsonl_rows(f: Any, chunk: int = 1 << 22) -> Iterator[tuple[int, bytes | None, str | None]]:
    """(line number, the line) for every non-blank line, read in chunks of `chunk` bytes."""
    number = 0
    rest = b""
    while data := f.read(chunk):
        lines = (rest + data).split(b"\n")
        rest = lines.pop()
        for line in lines:
            number += 1
            if line.strip():
                yield number, line, None
    if rest.strip():
        yield number + 1, rest, None


def _parquet_rows(f: Any) -> Iterator[tuple[int, bytes | None, str | None]]:
    """(row number, the row as a JSON document) for every row; its null fields left out."""
    parquet = pq.ParquetFile(f)
    columns = [name for name in parquet.schema_arrow.names if name in DOCUMENT_FIELDS]
    number = 0
    for batch in parquet.iter_batches(batch_size=READ_BLOCK_ROWS, columns=columns):
        for row in batch.to_pylist():
            number += 1
            fields = {key: value for key, value in row.items() if value is not None}
            try:
                yield number, _encoder.encode(fields), None
            except (TypeError, msgspec.EncodeError) as exc:
                yield number, None, f"row {number}: a field cannot be read as JSON: {exc}"


def parse(payload: bytes | None, error: str | None, max_bytes: int) -> tuple[Document | None, str]:
    """The document a row holds, or None and why not (an `InputError`'s message)."""
    if payload is None:
        return None, error or "the row holds no document"
    try:
        document = decode_document(payload)
        check_size(document, max_bytes)
    except InputError as exc:
        return None, str(exc)
    return document, ""


def recover_id(payload: bytes | None) -> str | None:
    """The id of a document that failed to decode, when it can be told: given, or from its text."""
    if payload is None:
        return None
    try:
        fields = _loose.decode(payload)
    except msgspec.DecodeError:
        return None
    if not isinstance(fields, dict):
        return None
    given, text = fields.get("id"), fields.get("text")
    if isinstance(given, str) and given:
        return given[:200]
    if isinstance(text, str) and text.strip():
        return document_id(text)
    return None


def index_batch(batch: pa.Table, *, max_bytes: int) -> pa.Table:
    """Each row's story terms and publication day, or its error (`INDEX_SCHEMA`)."""
    days: list[str | None] = []
    terms: list[list[str] | None] = []
    errors: list[str | None] = []
    for payload, error in zip(
        batch.column("payload").to_pylist(), batch.column("error").to_pylist(), strict=True
    ):
        document, why = parse(payload, error, max_bytes)
        if document is None:
            days.append(None)
            terms.append(None)
            errors.append(why)
            continue
        try:
            terms.append(story_terms(Analysis(document)))
            days.append(published_day(document))
            errors.append(None)
        except Exception as exc:  # this document only
            days.append(None)
            terms.append(None)
            errors.append(f"{type(exc).__name__}: {exc}")
    return pa.table(
        {
            "file": batch.column("file"),
            "line": batch.column("line"),
            "error": errors,
            "day": days,
            "terms": terms,
        },
        schema=INDEX_SCHEMA,
    )


def story_key(file: int, line: int) -> int:
    """One integer for a row's place in the input: its file and line."""
    return (file << 40) | line


def assign_stories(batch: pa.Table, *, stories: dict[int, int]) -> pa.Table:
    """`batch` with a `story` column: each row's story number from `stories`."""
    keys = zip(batch.column("file").to_pylist(), batch.column("line").to_pylist(), strict=True)
    return batch.append_column(
        "story", pa.array([stories[story_key(f, n)] for f, n in keys], type=pa.int64())
    )


class _Rows:
    """Output rows, collected column by column."""

    def __init__(self) -> None:
        self.columns: dict[str, list[Any]] = {name: [] for name in OUTPUT_SCHEMA.names}

    def scored(self, file: int, line: int, story: int | None, card: Scorecard) -> None:
        self._add(file, line, card.document_id, story, card.score, card.grade, card.confidence)
        self.columns["error"].append(None)
        self.columns["scorecard"].append(_encoder.encode(card).decode())

    def failed(
        self, file: int, line: int, story: int | None, doc_id: str | None, error: str
    ) -> None:
        self._add(file, line, doc_id, story, None, None, None)
        self.columns["error"].append(error)
        self.columns["scorecard"].append(None)

    def _add(self, *values: Any) -> None:
        for name, value in zip(OUTPUT_SCHEMA.names, values, strict=False):
            self.columns[name].append(value)

    def table(self) -> pa.Table:
        return pa.table(self.columns, schema=OUTPUT_SCHEMA)


def _rows_of(batch: pa.Table) -> list[tuple[int, int, bytes | None, str | None]]:
    return list(
        zip(
            batch.column("file").to_pylist(),
            batch.column("line").to_pylist(),
            batch.column("payload").to_pylist(),
            batch.column("error").to_pylist(),
            strict=True,
        )
    )


class _Actor:
    """An actor holding one engine, built from `settings` (plugins load once per actor)."""

    settings = Settings()

    def __init__(self) -> None:
        self.engine = Engine(self.settings)


A = TypeVar("A", bound=_Actor)


def with_settings(actor: type[A], settings: Settings) -> type[A]:
    """`actor` with `settings` built in, to give Ray Data as a class that takes no arguments.

    Ray pickles the class itself, settings included, into each actor's
    creation; constructor arguments would be kept in the object store instead,
    from where an actor restarted after its node failed might not get them back.
    """
    return type(actor.__name__, (actor,), {"settings": settings})


class Scorer(_Actor):
    """Scores rows one by one."""

    def __call__(self, batch: pa.Table) -> pa.Table:
        out = _Rows()
        max_bytes = self.engine.settings.max_text_bytes
        for file, line, payload, error in _rows_of(batch):
            document, why = parse(payload, error, max_bytes)
            if document is None:
                out.failed(file, line, None, recover_id(payload), why)
                continue
            try:
                out.scored(file, line, None, self.engine.score(document))
            except Exception as exc:  # this document only; the job goes on
                out.failed(file, line, None, document.doc_id, f"{type(exc).__name__}: {exc}")
        return out.table()


class StoryScorer(_Actor):
    """Scores the stories of a block, one at a time, each story's documents against each other.

    The block holds whole stories (rows partitioned by `story`). A story's
    documents are scored in input order with `Engine.score_many(...,
    compare=True)`, as `reliability score --compare` scores the same documents.
    """

    def __call__(self, block: pa.Table) -> pa.Table:
        out = _Rows()
        stories: dict[int, list[tuple[int, int, bytes | None, str | None]]] = {}
        for row, story in zip(_rows_of(block), block.column("story").to_pylist(), strict=True):
            stories.setdefault(story, []).append(row)
        for story, rows in sorted(stories.items()):
            self._story(story, sorted(rows, key=lambda row: row[:2]), out)
        return out.table()

    def _story(
        self, story: int, rows: list[tuple[int, int, bytes | None, str | None]], out: _Rows
    ) -> None:
        max_bytes = self.engine.settings.max_text_bytes
        members: list[tuple[int, int, Document]] = []
        for file, line, payload, error in rows:
            document, why = parse(payload, error, max_bytes)
            if document is None:
                out.failed(file, line, None, recover_id(payload), why)
            else:
                members.append((file, line, document))
        if not members:
            return
        try:
            compare = len(members) > 1
            cards = list(self.engine.score_many([m[2] for m in members], compare=compare))
        except Exception as exc:  # this story only; the job goes on
            message = f"{type(exc).__name__}: {exc}"
            for file, line, document in members:
                out.failed(file, line, story, document.doc_id, message)
            return
        for (file, line, _), card in zip(members, cards, strict=True):
            out.scored(file, line, story, card)
