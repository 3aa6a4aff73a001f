"""The document store's interface: what the API may rely on, whatever the backend.

`DocumentStore` is the contract. The HTTP API and the CLI talk only to it, so
a second backend (PostgreSQL for several API instances, say) is a new
subclass and a new scheme in `reliability.store.open_store`, never a change
to the callers. Backends raise `StoreError` when the storage itself fails
(unreachable, locked beyond retries, closed, from a newer version) and
`reliability.errors.InputError` for a caller's mistake (a malformed cursor,
a page size out of range).
"""

from __future__ import annotations

import abc
import base64
import binascii
import builtins
import datetime as dt
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated

import msgspec
from msgspec import Meta

from reliability.document import Document
from reliability.errors import InputError, ReliabilityError

if TYPE_CHECKING:
    from reliability.analysis import Analysis

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "DEFAULT_PEER_LIMIT",
    "DEFAULT_WINDOW_DAYS",
    "MAX_PAGE_SIZE",
    "DocumentStore",
    "DocumentSummary",
    "Page",
    "Peer",
    "StoreError",
    "TokenBuckets",
    "check_limit",
    "decode_cursor",
    "encode_cursor",
    "redact_url",
]

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000
DEFAULT_PEER_LIMIT = 20
DEFAULT_WINDOW_DAYS = 45


class StoreError(ReliabilityError):
    """The store failed: unreachable, busy beyond retries, closed, or written by a newer version."""


class DocumentSummary(msgspec.Struct, frozen=True, kw_only=True):
    """One listed document: its metadata without the text.

    `stored_at` is when the store first received it (UTC, ISO 8601 with
    microseconds); `length` is the text's length in characters.
    """

    id: Annotated[str, Meta(description="The document's id.")]
    title: Annotated[str | None, Meta(description="The headline.")]
    outlet: Annotated[str | None, Meta(description="The publishing outlet.")]
    author: Annotated[str | None, Meta(description="The byline.")]
    url: Annotated[str | None, Meta(description="Where it was published.")]
    published: Annotated[str | None, Meta(description="ISO 8601 publication date or date-time.")]
    language: Annotated[str | None, Meta(description="BCP 47 language tag.")]
    stored_at: Annotated[str, Meta(description="When the store first received it (UTC, ISO 8601).")]
    length: Annotated[int, Meta(description="Length of the text in characters.")]


class Page(msgspec.Struct, frozen=True, kw_only=True):
    """One page of a listing; pass `next_cursor` to `list` for the next, `None` at the end."""

    items: Annotated[list[DocumentSummary], Meta(description="The documents on this page.")]
    next_cursor: Annotated[
        str | None, Meta(description="Pass as `cursor` for the next page; null at the end.")
    ] = None


class Peer(msgspec.Struct, frozen=True, kw_only=True):
    """Another document covering the same story.

    `score` is the summed inverse document frequency of the terms both share
    (higher: more, and more specific, shared names and keywords; a person's
    full name and surname count once). `shared` lists those terms, most
    specific first, as the index stores them: `n:…` for names, `k:…` for
    keywords.
    """

    id: Annotated[str, Meta(description="The peer document's id.")]
    score: Annotated[float, Meta(description="Summed inverse document frequency of shared terms.")]
    shared: Annotated[list[str], Meta(description="The shared terms, most specific first.")]


class DocumentStore(abc.ABC):
    """A durable, content-addressed store of documents with a peer index.

    Contract shared by every backend:

    - Ids are content addresses: a document is stored under
      `reliability.document.document_id(text)`, whatever `id` it carried, so
      the same normalised text (line ends, trailing spaces, Unicode form) is
      stored once.
    - A write is durable before the method returns.
    - Safe to share between the threads of one process; several processes
      may open the same store.
    - Listing order is the order documents were stored in (`stored_at`, then
      `id`), and `stored_at` never goes backwards in commit order, so paging
      with a cursor neither repeats nor skips a document, even while others
      are being added.
    """

    @abc.abstractmethod
    def put(self, document: Document | Analysis) -> tuple[Document, bool]:
        """Store `document`; return (the stored document, whether it was created now).

        Idempotent: when its normalised text is already stored, nothing is
        written and the stored document (the metadata of the first write) is
        returned with `created=False`. The returned document's `id` is the
        content address. The write, index entries included, is committed and
        flushed to stable storage before this returns. Given the document's
        `Analysis` (the engine's), the store reads its story terms from it
        instead of analysing the text again.
        """

    @abc.abstractmethod
    def put_many(
        self, documents: Iterable[Document | Analysis]
    ) -> builtins.list[tuple[Document, bool]]:
        """Store many documents in one transaction; for each one given, what `put` returns.

        Same idempotence as `put` (a text given twice is created the first
        time only); either all new documents are stored or none, durably
        before this returns. Texts already stored are not analysed.
        """

    def bulk_put(self, documents: Iterable[Document | Analysis]) -> int:
        """Store many documents in one transaction (loading, seeding); return how many were new."""
        return sum(created for _, created in self.put_many(documents))

    @abc.abstractmethod
    def existing(self, ids: Iterable[str]) -> set[str]:
        """Which of `ids` are stored (one query per few hundred ids, no text read)."""

    @abc.abstractmethod
    def get(self, id: str) -> Document | None:
        """The stored document with this id, or None."""

    @abc.abstractmethod
    def delete(self, id: str) -> bool:
        """Delete a document and its index entries; True when it existed. Durable on return."""

    @abc.abstractmethod
    def count(self) -> int:
        """How many documents are stored."""

    @abc.abstractmethod
    def list(
        self,
        *,
        outlet: str | None = None,
        published_from: dt.date | None = None,
        published_to: dt.date | None = None,
        limit: int = DEFAULT_PAGE_SIZE,
        cursor: str | None = None,
    ) -> Page:
        """One page of document summaries in storage order.

        `outlet` matches exactly. `published_from`/`published_to` bound the
        publication date inclusively (the calendar date as written in
        `published`); with either bound, undated documents are left out.
        `limit` is 1 to `MAX_PAGE_SIZE`. `cursor` is a page's `next_cursor`,
        opaque to callers; a malformed one raises `InputError`. Keep the same
        filters while following cursors.
        """

    @abc.abstractmethod
    def peers(
        self,
        document: Document,
        *,
        limit: int = DEFAULT_PEER_LIMIT,
        window_days: int = DEFAULT_WINDOW_DAYS,
    ) -> builtins.list[Peer]:
        """Other stored documents covering the same story as `document`, best first.

        `document` need not be stored. Candidates share the document's most
        specific names and keywords (found through an inverted index, never
        by scanning the corpus), are ranked by the summed inverse document
        frequency of shared terms, and need enough of that evidence to count
        (the backend documents its threshold). When both documents carry a
        publication date they must lie within `window_days` of each other;
        an undated document is never excluded by the window. The document
        itself is never its own peer.
        """

    def token_buckets(self) -> TokenBuckets | None:
        """Rate-limit counters every process using this store shares, or None.

        A backend that several API instances share (a database server)
        returns counters kept in it, so a limit holds across all of them; an
        embedded one returns None and the API counts per process.
        """
        return None

    @abc.abstractmethod
    def ping(self) -> bool:
        """Whether the store can be reached and read now (for health checks); never raises."""

    @abc.abstractmethod
    def close(self) -> None:
        """Release connections. Idempotent; the store is unusable afterwards."""

    def __enter__(self) -> DocumentStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class TokenBuckets(abc.ABC):
    """Named token buckets: `rate` tokens a minute, holding at most `rate` (a minute's burst).

    A bucket is created full on first use. Both methods return 0 when a
    token is there, else the seconds until one will be.
    """

    @abc.abstractmethod
    def take(self, name: str, rate: int) -> float:
        """Take a token from bucket `name` if one is there."""

    @abc.abstractmethod
    def wait(self, name: str, rate: int) -> float:
        """Look at bucket `name` without taking anything."""


def check_limit(limit: int, maximum: int = MAX_PAGE_SIZE) -> None:
    """Raise `InputError` unless 1 <= limit <= maximum."""
    if not 1 <= limit <= maximum:
        raise InputError(f"limit must be between 1 and {maximum}, not {limit}", path="limit")


_cursor_encoder = msgspec.json.Encoder()
_cursor_decoder = msgspec.json.Decoder(tuple[str, str])


def encode_cursor(stored_at: str, id: str) -> str:
    """An opaque cursor for the listing position just after (stored_at, id)."""
    raw = _cursor_encoder.encode((stored_at, id))
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str) -> tuple[str, str]:
    """The (stored_at, id) position a cursor encodes; `InputError` when it is not one of ours."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        return _cursor_decoder.decode(raw)
    except (binascii.Error, ValueError, msgspec.DecodeError):
        raise InputError("not a cursor returned by a previous page", path="cursor") from None


_PASSWORD = re.compile(r"(?<=://)([^:/@]*):[^@/]*@")


def redact_url(url: str) -> str:
    """A store URL with any password replaced by `***`, for messages and logs."""
    return _PASSWORD.sub(r"\1:***@", url)
