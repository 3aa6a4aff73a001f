"""Scoring a page by its URL: fetch it safely, then extract the article and its dates.

- `guard`: which addresses may be fetched (public ones, plus the configured allow-list).
- `client`: the `Fetcher` (one shared httpx client, redirects checked hop by hop,
  limits on time, size and content type, a cache).
- `cache`: the bounded page cache that honours Cache-Control.
- `extract`: trafilatura and htmldate, from a page to a `Document` and its dates.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import anyio

from reliability.fetch.client import FetchedPage, Fetcher

if TYPE_CHECKING:
    from reliability.fetch.extract import Extraction


async def fetch_document(
    fetcher: Fetcher, url: str, *, max_text_bytes: int
) -> tuple[FetchedPage, Extraction]:
    """Fetch `url` and extract its document; the CPU-bound extraction runs on a worker thread."""
    from reliability.fetch.extract import extract_page  # trafilatura is slow to import

    page = await fetcher.fetch(url)
    extraction = await anyio.to_thread.run_sync(
        lambda: extract_page(page, max_text_bytes=max_text_bytes), abandon_on_cancel=True
    )
    return page, extraction


__all__ = ["FetchedPage", "Fetcher", "fetch_document"]
