"""From a fetched page to a `Document`: the article's text and metadata, and its dates.

The text, title, author and site name come from trafilatura, which keeps the
article body and leaves out navigation, sidebars, comments and footers. The
dates come from `reliability.fetch.dates`: the publication date and the
modification date, each reconciled from the URL, meta tags, JSON-LD,
microdata, `<time>` elements and the dateline, with its source and its
confidence. Only a trusted (`high` confidence) publication date becomes the
Document's `published`; `Extraction.published` and `Extraction.modified`
give both dates whatever their confidence.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import threading
from collections import OrderedDict
from typing import Any

import trafilatura
from htmldate.utils import load_html
from trafilatura.settings import Document as TrafilaturaResult
from trafilatura.utils import decode_file

from reliability.document import Document, check_size, make_document
from reliability.errors import PageUnusable
from reliability.fetch.client import FetchedPage
from reliability.fetch.dates import PageDate, page_dates, trusted_published

HtmlElement = Any  # lxml.html.HtmlElement (lxml ships no type information)
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


@dataclasses.dataclass(frozen=True, kw_only=True)
class Extraction:
    """The document extracted from a page, and the dates found on it."""

    document: Document
    dates: tuple[PageDate, ...] = ()

    @property
    def published(self) -> PageDate | None:
        """The publication date (trusted or not: see its `confidence`), if any was found."""
        return next((d for d in self.dates if d.kind == "published"), None)

    @property
    def modified(self) -> PageDate | None:
        """The latest modification date the page states, if any."""
        return next((d for d in self.dates if d.kind == "modified"), None)


def _language(tree: HtmlElement | None) -> str | None:
    raw = (tree.get("lang") or "").strip().replace("_", "-") if tree is not None else ""
    return raw if raw and _LANGUAGE.match(raw) else None


def decode_page(page: FetchedPage, max_bytes: int) -> str:
    """The page's text: in its declared charset, else detected (for HTML, from its meta tags)."""
    if page.charset:
        try:
            return page.body.decode(page.charset, errors="replace")
        except LookupError:
            pass  # an unknown charset name: detect instead
    return decode_file(page.body, max_size=max_bytes)


def extract_html(html: str, url: str | None, *, max_text_bytes: int | None = None) -> Extraction:
    """The article in an HTML page, with its metadata and dates; `PageUnusable` without text."""
    result = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=True
    )
    text = result.text if isinstance(result, TrafilaturaResult) else None
    if not isinstance(result, TrafilaturaResult) or not text or not text.strip():
        raise PageUnusable(f"no article text could be extracted from {url or 'the page'}")
    tree = load_html(html)
    dates = page_dates(tree, url)
    document = make_document(
        text,
        title=_short(result.title),
        url=url if url and len(url) <= 2000 else None,
        outlet=_short(result.sitename),
        author=_short(result.author),
        published=trusted_published(dates),
        language=_language(tree),
    )
    if max_text_bytes is not None:
        check_size(document, max_text_bytes)
    return Extraction(document=document, dates=dates)


_EXTRACTED_SIZE = 64
_extracted: OrderedDict[tuple[str, str, str | None, int, bytes], Extraction] = OrderedDict()
_extracted_lock = threading.Lock()


def extract_page(page: FetchedPage, *, max_text_bytes: int) -> Extraction:
    """The document in a fetched page (HTML or plain text), with its dates.

    The last 64 extractions are kept, keyed by the page's address, type and a
    digest of its body: a page served again from the fetch cache (a browser
    extension scoring it twice) is not extracted twice.
    """
    key = (
        page.final_url,
        page.content_type,
        page.charset,
        max_text_bytes,
        hashlib.blake2b(page.body, digest_size=16).digest(),
    )
    with _extracted_lock:
        kept = _extracted.get(key)
        if kept is not None:
            _extracted.move_to_end(key)
            return kept
    extraction = _extract_page(page, max_text_bytes=max_text_bytes)
    with _extracted_lock:
        _extracted[key] = extraction
        if len(_extracted) > _EXTRACTED_SIZE:
            _extracted.popitem(last=False)
    return extraction


def _extract_page(page: FetchedPage, *, max_text_bytes: int) -> Extraction:
    text = decode_page(page, max_bytes=max(len(page.body), 1) * 4)
    if page.is_html:
        return extract_html(text, page.final_url, max_text_bytes=max_text_bytes)
    if not text.strip():
        raise PageUnusable(f"{page.final_url} has no text")
    dates = page_dates(None, page.final_url)
    url = page.final_url if len(page.final_url) <= 2000 else None
    document = make_document(text, url=url, published=trusted_published(dates))
    check_size(document, max_text_bytes)
    return Extraction(document=document, dates=dates)


def _short(value: str | None, limit: int = 2000) -> str | None:
    """Metadata within the Document's field limit (cut at a word when longer)."""
    if not value or not value.strip():
        return None
    value = value.strip()
    return value if len(value) <= limit else value[:limit].rsplit(" ", 1)[0]
