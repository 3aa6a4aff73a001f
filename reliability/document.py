"""The `Document`: the text to score and what is known about it."""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from typing import Annotated, Any

import msgspec
from msgspec import Meta

from reliability.errors import DocumentTooLarge, InputError

DEFAULT_MAX_TEXT_BYTES = 2_000_000

OptionalText = Annotated[str, Meta(max_length=2000)] | None


class Document(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A news article to score: its text and, when known, where it came from.

    Leave a field empty rather than guess it. `published` is an ISO 8601 date
    (`2025-11-03`) or date-time (`2025-11-03T14:00:00Z`); a `datetime.date` or
    `datetime.datetime` is accepted from Python and stored in ISO form.
    """

    text: Annotated[str, Meta(description="The article's text; every span points into it.")]
    id: (
        Annotated[
            str,
            Meta(
                min_length=1,
                max_length=200,
                description="An id; derived from the normalised text when absent.",
            ),
        ]
        | None
    ) = None
    title: Annotated[OptionalText, Meta(description="The headline.")] = None
    url: Annotated[OptionalText, Meta(description="Where the article was published.")] = None
    outlet: Annotated[OptionalText, Meta(description="The publishing outlet.")] = None
    author: Annotated[OptionalText, Meta(description="The byline.")] = None
    published: Annotated[
        str | None,
        Meta(description="ISO 8601 date or date-time of publication.", examples=["2025-11-03"]),
    ] = None
    language: (
        Annotated[
            str,
            Meta(
                pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
                description="BCP 47 language tag, such as `en`.",
            ),
        ]
        | None
    ) = None

    def __post_init__(self) -> None:
        if not self.text.strip():
            raise ValueError("text is empty")
        published: Any = self.published
        if isinstance(published, dt.date):
            msgspec.structs.force_setattr(self, "published", published.isoformat())
        elif published is not None:
            parse_published(published)
        if self.id is None:
            msgspec.structs.force_setattr(self, "id", document_id(self.text))

    @property
    def published_at(self) -> dt.date | dt.datetime | None:
        """`published` as a date, or a datetime when it carries a time of day."""
        return None if self.published is None else parse_published(self.published)

    @property
    def doc_id(self) -> str:
        """The document's id (given, or derived from its normalised text)."""
        assert self.id is not None  # set in __post_init__
        return self.id


def parse_published(value: str) -> dt.date | dt.datetime:
    """Parse an ISO 8601 date or date-time, raising ValueError with a clear message."""
    text = value.strip()
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(
            f"published: {value!r} is not an ISO 8601 date (YYYY-MM-DD) or date-time"
        ) from None


def normalise_text(text: str) -> str:
    """The text as compared for identity: NFC, unified line ends, trimmed lines and ends."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


def document_id(text: str) -> str:
    """A stable id for a text: the same normalised text always gives the same id."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()[:16]


def check_size(document: Document, max_bytes: int = DEFAULT_MAX_TEXT_BYTES) -> None:
    """Raise `DocumentTooLarge` when the text's UTF-8 size exceeds `max_bytes`."""
    size = len(document.text.encode("utf-8"))
    if size > max_bytes:
        raise DocumentTooLarge(
            f"text is {size:,} bytes; the limit is {max_bytes:,} bytes", path="text"
        )


_decoder = msgspec.json.Decoder(Document)


def decode_document(data: bytes | str, *, source: str | None = None) -> Document:
    """Decode one JSON document, turning every problem into an `InputError`."""
    try:
        return _decoder.decode(data)
    except msgspec.ValidationError as exc:
        raise InputError(str(exc), path=source) from None
    except msgspec.DecodeError as exc:
        raise InputError(f"malformed JSON: {exc}", path=source) from None


def make_document(text: str, **metadata: Any) -> Document:
    """Build a Document from Python values, turning validation problems into `InputError`."""
    published = metadata.get("published")
    if isinstance(published, dt.date):
        metadata["published"] = published.isoformat()
    try:
        return msgspec.convert({"text": text, **metadata}, Document)
    except msgspec.ValidationError as exc:
        raise InputError(str(exc)) from None
