"""The article-level labelled sets the overall score is fitted and measured on.

Each set is an `articles.jsonl` under a data folder (by default
`../shared/data` beside the project root, or `RELIABILITY_LABELLED_DATA`):
one article a line with `id`, `title`, `text` and `label` (`real`, `fake` or
null). Rows without a verdict, and crawl failures (`empty`, `short`,
`crawl_stub`), are left out.

Only the title and the text become the scored `Document`: outlet, URL,
author, publication date and dateline are withheld, so that no feature can
learn which outlet or which data set an article came from.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path

import msgspec

from reliability.document import Document, make_document

SETS: dict[str, str] = {
    "buzzfeed-webis-2016": "buzzfeed-webis-2016/articles.jsonl",
    "fakehealth-healthstory": "fakehealth-healthstory/articles.jsonl",
}
DROPPED_FLAGS = frozenset({"empty", "short", "crawl_stub"})


class LabelledArticle(msgspec.Struct, frozen=True, kw_only=True):
    """One article with its verdict: `reliable` is true for `real`."""

    id: str
    dataset: str
    reliable: bool
    document: Document


def default_data_dir() -> Path:
    """`RELIABILITY_LABELLED_DATA`, else `../shared/data` beside the project root."""
    env = os.environ.get("RELIABILITY_LABELLED_DATA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2].parent / "shared" / "data"


def dataset_path(name: str, data_dir: Path | None = None) -> Path:
    """The `articles.jsonl` of one labelled set."""
    return (data_dir or default_data_dir()) / SETS[name]


def digest(path: Path) -> str:
    """The SHA-256 of a data file, recorded with a fitted model."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load(name: str, data_dir: Path | None = None) -> Iterator[LabelledArticle]:
    """The usable articles of one set, in file order."""
    path = dataset_path(name, data_dir)
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row.get("label") not in ("real", "fake"):
                continue
            if DROPPED_FLAGS.intersection(row.get("flags") or ()):
                continue
            text = row.get("text") or ""
            if not text.strip():
                continue
            yield LabelledArticle(
                id=row["id"],
                dataset=name,
                reliable=row["label"] == "real",
                document=make_document(text, title=(row.get("title") or None)),
            )
