"""From a fetched page to a `Document`: the article's text and metadata, and its dates.

The text, title, author and site name come from trafilatura, which keeps the
article body and leaves out navigation, sidebars, comments and footers. The
dates come from htmldate, in two tiers:

- trusted (`high` confidence): a date in the URL, in the page's meta tags or
  in its JSON-LD. Only a trusted publication date becomes the Document's
  `published`.
- not trusted (`low` confidence): a date htmldate finds anywhere else on the
  page (time and abbr elements, byline-like classes, the text). When a page
  states no date, that is often the date of a sidebar link or a comment, so
  it is reported with its source and never used as the publication date.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import threading
from collections import OrderedDict
from typing import Any, Literal

import trafilatura
from htmldate import find_date
from htmldate.core import examine_header
from htmldate.extractors import extract_url_date, json_search
from htmldate.utils import Extractor, load_html
from htmldate.validators import get_max_date, get_min_date
from trafilatura.settings import Document as TrafilaturaResult
from trafilatura.utils import decode_file

from reliability.document import Document, check_size, make_document
from reliability.errors import PageUnusable
from reliability.fetch.client import FetchedPage

DateSource = Literal["url", "metadata", "structured-data", "page"]
DateKind = Literal["published", "modified"]
HtmlElement = Any  # lxml.html.HtmlElement (lxml ships no type information)
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


@dataclasses.dataclass(frozen=True, kw_only=True)
class PageDate:
    """A date found on a page, with where it was found and how far to trust it."""

    kind: DateKind
    date: str
    """ISO 8601 date."""
    source: DateSource
    """`url`, `metadata` (meta tags), `structured-data` (JSON-LD), or `page` (anywhere else)."""

    @property
    def confidence(self) -> Literal["high", "low"]:
        return "low" if self.source == "page" else "high"


@dataclasses.dataclass(frozen=True, kw_only=True)
class Extraction:
    """The document extracted from a page, and the dates found on it."""

    document: Document
    dates: tuple[PageDate, ...] = ()


def _options(original: bool) -> Extractor:
    return Extractor(False, get_max_date(None), get_min_date(None), original, "%Y-%m-%d")


def page_dates(tree: HtmlElement | None, url: str | None) -> tuple[PageDate, ...]:
    """The publication and modification dates of a page, each labelled with its source.

    A modification date is reported only from metadata, and only when it differs
    from the publication date.
    """
    published: PageDate | None = None
    options = _options(original=True)
    if url:
        found = extract_url_date(url, options)
        if found:
            published = PageDate(kind="published", date=found, source="url")
    if tree is None:
        return () if published is None else (published,)
    if published is None:
        canonical = tree.find('.//link[@rel="canonical"]')
        found = extract_url_date(canonical.get("href"), options) if canonical is not None else None
        if found:
            published = PageDate(kind="published", date=found, source="url")
    if published is None:
        found = examine_header(tree, options)
        if found:
            published = PageDate(kind="published", date=found, source="metadata")
    if published is None:
        found = json_search(tree, options)
        if found:
            published = PageDate(kind="published", date=found, source="structured-data")
    if published is None:
        # Anything htmldate finds beyond metadata: reported, not trusted.
        found = find_date(tree, extensive_search=True, original_date=True, url=None)
        if found:
            published = PageDate(kind="published", date=found, source="page")
    dates = [] if published is None else [published]
    latest = _options(original=False)
    for source, found in (
        ("metadata", examine_header(tree, latest)),
        ("structured-data", json_search(tree, latest)),
    ):
        if found and (published is None or found != published.date):
            dates.append(PageDate(kind="modified", date=found, source=source))  # type: ignore[arg-type]
            break
    return tuple(dates)


def trusted_published(dates: tuple[PageDate, ...]) -> str | None:
    """The publication date when it comes from a trusted source, else None."""
    for date in dates:
        if date.kind == "published" and date.confidence == "high":
            return date.date
    return None


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
