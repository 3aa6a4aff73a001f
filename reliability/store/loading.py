"""Loading many documents at once (`reliability serve --load`): transactions of many.

Documents already stored are left out first (one query per few hundred ids),
so loading a folder again analyses nothing again. The rest are written in
transactions of `batch` documents, in the order given: one commit, and one
flush to disk, per transaction instead of per document.
"""

from __future__ import annotations

from collections.abc import Sequence

from reliability.document import Document, document_id
from reliability.store.base import DocumentStore

__all__ = ["LOAD_BATCH", "load_documents"]

# Documents per transaction: large enough that commits cost little per
# document, small enough that other writers wait briefly.
LOAD_BATCH = 500


def load_documents(
    store: DocumentStore, documents: Sequence[Document], *, batch: int = LOAD_BATCH
) -> int:
    """Store `documents` in transactions of `batch`, in order; return how many were new."""
    known = store.existing(document_id(d.text) for d in documents)
    todo: dict[str, Document] = {}
    for document in documents:
        doc_id = document_id(document.text)
        if doc_id not in known and doc_id not in todo:
            todo[doc_id] = document
    new = list(todo.values())
    return sum(store.bulk_put(new[start : start + batch]) for start in range(0, len(new), batch))
