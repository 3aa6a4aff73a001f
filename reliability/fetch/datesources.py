"""Every date a page states about itself, with where it stands: the candidates for its dates.

Six places, from the most to the least deliberate:

- the URL (`/2024/03/14/`), or the canonical URL when the address has no date;
- meta tags (`article:published_time`, Open Graph, Dublin Core, Parse.ly,
  Sailthru, `itemprop` ...), by a table of names below;
- JSON-LD: the article's `datePublished` / `dateCreated` and `dateModified`,
  in `@graph` arrays and lists alike, but not those of other things the
  article mentions (a live blog's updates, a video, a related story);
- microdata on visible elements (`itemprop="datePublished"`);
- `<time>` elements marked as the publication or update time;
- the visible dateline: the first date written just before or after the headline.

Dates inside navigation, sidebars, lists of other stories and comments are left out.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any, Literal

from htmldate.extractors import extract_url_date
from htmldate.utils import Extractor
from htmldate.validators import get_min_date
from lxml import etree  # type: ignore[import-untyped]

from reliability.fetch.datevalues import EARLIEST, Moment, parse_text, parse_value

DateSource = Literal["url", "metadata", "structured-data", "page"]
DateKind = Literal["published", "modified"]
HtmlElement = Any  # lxml.html.HtmlElement (lxml ships no type information)

# Meta tag names (name, property, itemprop or http-equiv, lower-cased) by what they date.
PUBLISHED_META = frozenset(
    {
        "article:published_time", "article:published", "og:published_time",
        "og:article:published_time", "published_time", "article.published",
        "article_date_original", "article:post_date", "datepublished", "datecreated",
        "dc.date.issued", "dcterms.issued", "dc.date.created", "dcterms.created",
        "dc.date", "dcterms.date", "date", "pubdate", "publishdate", "publish-date",
        "publish_date", "publication_date", "publication-date", "originalpublicationdate",
        "parsely-pub-date", "sailthru.date", "citation_publication_date", "citation_date",
        "cxenseparse:recs:publishtime", "displaydate", "og:pubdate", "rnews:datepublished",
        "bt:pubdate", "date_published", "article:published_date", "created", "timestamp",
        "aiturec:datetime", "nv:date", "ga-publishdate",
    }
)  # fmt: skip
MODIFIED_META = frozenset(
    {
        "article:modified_time", "article:modified", "og:updated_time", "og:modified_time",
        "article:updated_time", "datemodified", "dc.date.modified", "dcterms.modified",
        "last-modified", "lastmod", "last_updated_date", "lastupdated", "last-updated",
        "modified", "updated", "revised", "sailthru.lastmodified", "dateupdated",
        "parsely-updated-date", "article:modified_date",
    }
)  # fmt: skip
# JSON-LD types whose dates are the article's own; a WebPage's date is the page's.
_ARTICLE_TYPE = re.compile(r"article|posting|report|blog|review|newsarticle|story", re.I)
_PAGE_TYPE = re.compile(r"^(web|item|about|collection)?page$", re.I)
_JSONLD_PUBLISHED = ("datePublished", "dateCreated")
_JSONLD_MODIFIED = ("dateModified",)
_LOOSE_TYPE = re.compile(r'"@type"\s*:\s*"([^"]{1,40})"')
_LOOSE_DATE = re.compile(r'"(datePublished|dateCreated|dateModified)"\s*:\s*"([^"]{4,40})"')
# A date as a whole path segment of 8 digits (`/news/20201123/`), which htmldate does not read.
_URL_COMPACT = re.compile(r"/((?:19|20)\d\d)([01]\d)([0-3]\d)(?:/|$)")
# Containers whose dates belong to something else than the article.
_FURNITURE_TAGS = frozenset({"nav", "aside", "footer"})
_FURNITURE = re.compile(
    r"related|sidebar|side-bar|recommend|teaser|widget|comment|footer|popular|most-?read|"
    r"trending|more-?(news|stories|articles)|feed|rail|promo|newsletter|carousel|"
    r"latest|other-?news|read-?(also|more)|tags?-?list|card-?list",
    re.I,
)
_TIME_CUE = re.compile(
    r"publi|pubdate|posted|created|dateline|byline|article.?(date|time|meta|info)|"
    r"entry.?date|post.?date|story.?date|date.?publi|datetime|timestamp|meta",
    re.I,
)
_UPDATE_CUE = re.compile(
    r"updat|modif|edit|aktualisiert|actuali[sz]|atualiza|aggiorna|mis à jour|"
    r"bijgewerkt|zaktualiz|обновл|оновл|güncel|päivitetty|uppdaterad|opdateret|oppdatert",
    re.I,
)
_PUBLISHED_CUE = re.compile(r"publi|veröffentlicht|opublikowano|опубликовано|julkaistu", re.I)
_DATE_MARK = re.compile(r"date|time|publi|posted|tagline|byline|dateline|fecha|datum|data", re.I)
_HIDDEN_TAGS = frozenset({"script", "style", "noscript", "template"})
_DATELINE_BEFORE = 4
_DATELINE_AFTER = 16


@dataclasses.dataclass(frozen=True)
class Candidate:
    """One date stated by a page: what it dates, where it was found, its value."""

    kind: DateKind
    source: DateSource
    field: str
    """Where exactly: `url`, `meta article:published_time`, `JSON-LD NewsArticle.datePublished`,
    `microdata datePublished`, `time element`, `dateline`."""
    moment: Moment
    strong: bool
    """Stated for machines about the page itself (URL, meta, JSON-LD, microdata), or
    found in the visible page (`time` elements, dateline), which alone is not trusted."""


def url_candidates(
    url: str | None, tree: HtmlElement | None, latest: dt.datetime
) -> list[Candidate]:
    """The date in the address; else in the canonical or Open Graph URL."""
    options = Extractor(False, latest, get_min_date(None), True, "%Y-%m-%d")
    addresses = [url]
    if tree is not None:
        addresses += [e.get("href") for e in tree.iterfind('.//link[@rel="canonical"]')]
        addresses += [e.get("content") for e in tree.iterfind('.//meta[@property="og:url"]')]
    for address in addresses:
        found = extract_url_date(address, options) if address else None
        compact = _URL_COMPACT.search(address.split("?")[0]) if address and not found else None
        if compact is not None:
            try:
                found = dt.date(*map(int, compact.groups())).isoformat()
            except ValueError:
                found = None
            if found and not EARLIEST.date() <= dt.date.fromisoformat(found) <= latest.date():
                found = None
        if found:
            moment = Moment(dt.date.fromisoformat(found))
            return [
                Candidate(kind="published", source="url", field="url", moment=moment, strong=True)
            ]
    return []


def meta_candidates(tree: HtmlElement, latest: dt.datetime) -> list[Candidate]:
    """Dates in meta tags named for publication or modification (and Parse.ly's JSON tag)."""
    found: list[Candidate] = []
    for meta in tree.iter("meta"):
        content = (meta.get("content") or "").strip()
        if not content:
            continue
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            key = (meta.get(attribute) or "").strip().lower()
            if not key:
                continue
            if key == "parsely-page":
                found += _parsely(content, latest)
                break
            kind: DateKind | None = (
                "published"
                if key in PUBLISHED_META
                else "modified"
                if key in MODIFIED_META
                else None
            )
            if kind is None:
                continue
            if (
                meta.getparent() is not None
                and meta.getparent().tag != "head"
                and _in_furniture(meta)
            ):
                break
            moment = parse_value(content, latest=latest)
            if moment is not None:
                found.append(
                    Candidate(
                        kind=kind,
                        source="metadata",
                        field=f"meta {key}",
                        moment=moment,
                        strong=True,
                    )
                )
            break
    return found


def _parsely(content: str, latest: dt.datetime) -> list[Candidate]:
    try:
        data = json.loads(content)
    except ValueError:
        return []
    value = data.get("pub_date") if isinstance(data, dict) else None
    moment = parse_value(value, latest=latest) if isinstance(value, str) else None
    if moment is None:
        return []
    return [
        Candidate(
            kind="published",
            source="metadata",
            field="meta parsely-page",
            moment=moment,
            strong=True,
        )
    ]


def jsonld_candidates(tree: HtmlElement, latest: dt.datetime) -> list[Candidate]:
    """The article's own dates in JSON-LD; a WebPage's dates only when no article states any."""
    articles: list[Candidate] = []
    pages: list[Candidate] = []
    for script in tree.iterfind('.//script[@type="application/ld+json"]'):
        text = script.text or ""
        data = _load_json(text)
        for thing in _things(data) if data is not None else _loose_things(text):
            types = thing.get("@type")
            names = [
                t for t in (types if isinstance(types, list) else [types]) if isinstance(t, str)
            ]
            if any(_ARTICLE_TYPE.search(n) for n in names):
                target = articles
            elif any(_PAGE_TYPE.match(n) for n in names):
                target = pages
            else:
                continue
            target += _thing_dates(thing, names[0] if names else "Thing", latest)
    return articles if any(c.kind == "published" for c in articles) else articles + pages


def _thing_dates(thing: dict[str, Any], label: str, latest: dt.datetime) -> list[Candidate]:
    """A JSON-LD thing's publication date (`dateCreated` only without `datePublished`) and
    modification date."""
    found: list[Candidate] = []
    fields: tuple[tuple[tuple[str, ...], DateKind], ...] = (
        (_JSONLD_PUBLISHED, "published"),
        (_JSONLD_MODIFIED, "modified"),
    )
    for keys, kind in fields:
        for key in keys[:1] if thing.get(keys[0]) else keys:
            value = thing.get(key)
            if isinstance(value, bool) or not isinstance(value, (str, int)):
                continue
            moment = parse_value(str(value), latest=latest)
            if moment is not None:
                field = f"JSON-LD {label}.{key}"
                found.append(
                    Candidate(
                        kind=kind, source="structured-data", field=field, moment=moment, strong=True
                    )
                )
    return found


def _load_json(text: str) -> Any:
    text = text.strip().removeprefix("<!--").removesuffix("-->").strip()
    text = text.removeprefix("//<![CDATA[").removesuffix("//]]>").strip()
    try:
        return json.loads(text, strict=False)
    except ValueError:
        return None


def _loose_things(text: str) -> list[dict[str, Any]]:
    """From JSON-LD that does not parse: the first `@type` and its date fields, read by pattern."""
    kind = _LOOSE_TYPE.search(text)
    if kind is None:
        return []
    thing: dict[str, Any] = {"@type": kind.group(1)}
    for key, value in _LOOSE_DATE.findall(text):
        thing.setdefault(key, value)
    return [thing]


def _things(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Top-level things, in lists and `@graph` arrays, and a page's `mainEntity`; not parts."""
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _things(item, depth + 1)
    elif isinstance(data, dict):
        if "@graph" in data:
            yield from _things(data["@graph"], depth + 1)
        if "@type" in data:
            yield data
            for key in ("mainEntity", "mainEntityOfPage"):
                if isinstance(data.get(key), (dict, list)):
                    yield from _things(data[key], depth + 1)


def microdata_candidates(tree: HtmlElement, latest: dt.datetime) -> list[Candidate]:
    """`itemprop` dates on visible elements (their `content` or `datetime`, else their text)."""
    found: list[Candidate] = []
    for element in tree.xpath(
        "//body//*[not(self::meta)][@itemprop='datePublished' or @itemprop='dateCreated' "
        "or @itemprop='dateModified']"
    ):
        if _in_furniture(element):
            continue
        value = element.get("content") or element.get("datetime")
        moment = (
            parse_value(value, latest=latest)
            if value
            else parse_text(element.text_content(), latest=latest)
        )
        if moment is None:
            continue
        prop = element.get("itemprop")
        kind: DateKind = "modified" if prop == "dateModified" else "published"
        found.append(
            Candidate(
                kind=kind, source="metadata", field=f"microdata {prop}", moment=moment, strong=True
            )
        )
    return _unless_a_list(found)


def time_candidates(tree: HtmlElement, latest: dt.datetime) -> list[Candidate]:
    """`<time>` elements marked as the page's date (`pubdate`, or their or parents' class)."""
    found: list[Candidate] = []
    for element in tree.iterfind(".//body//time"):
        if element.get("itemprop") or _in_furniture(element):
            continue  # microdata is read as such
        marks = " ".join(
            filter(
                None,
                (e.get("class", "") + " " + e.get("id", "") for e in _self_and_parents(element, 2)),
            )
        )
        if element.get("pubdate") is None and not _TIME_CUE.search(marks):
            continue
        value = element.get("datetime")
        text = element.text_content()
        moment = parse_value(value, latest=latest) if value else None
        if moment is None:
            moment = parse_text(text, latest=latest)
        if moment is None:
            continue
        kind: DateKind = "modified" if _UPDATE_CUE.search(marks + " " + text) else "published"
        found.append(
            Candidate(kind=kind, source="page", field="time element", moment=moment, strong=False)
        )
    return _unless_a_list(found)


def dateline_candidates(tree: HtmlElement, latest: dt.datetime) -> list[Candidate]:
    """The first publication date and the first update date written around the headline.

    After the headline, or before it within the headline's own block (a site-wide
    header with today's date is not); never in a link (another story's title).
    A date in an element marked as a date (`class="date"`, `<time>` ...) is a
    `dateline`; any other is `text near the headline`.
    """
    headline = next((h for h in tree.iterfind(".//body//h1") if not _in_furniture(h)), None)
    body = tree.find(".//body")
    if headline is None or body is None:
        return []
    segments = list(_segments(body, headline))
    start = next((i for i, (_, inside, _) in enumerate(segments) if inside), len(segments))
    block = headline.getparent()
    before = [s for s in segments[max(0, start - _DATELINE_BEFORE) : start] if _inside(s[0], block)]
    found: dict[DateKind, Candidate] = {}
    previous = ""
    for owner, inside, text in before + segments[start : start + _DATELINE_AFTER]:
        if inside or owner.tag == "a" or _in_furniture(owner):
            previous = text
            continue
        if 6 <= len(text) <= 80 and (moment := parse_text(text, latest=latest)) is not None:
            update = _UPDATE_CUE.search(f"{previous} {text}") and not _PUBLISHED_CUE.search(text)
            kind: DateKind = "modified" if update else "published"
            field = "dateline" if _marked_as_date(owner) else "text near the headline"
            found.setdefault(
                kind,
                Candidate(kind=kind, source="page", field=field, moment=moment, strong=False),
            )
        previous = text
    return list(found.values())


def _segments(body: HtmlElement, headline: HtmlElement) -> Iterator[tuple[HtmlElement, bool, str]]:
    """The visible text of `body` in reading order: (the element holding it, whether it is in
    the headline, the text with its spaces collapsed)."""
    hidden = 0
    inside = False
    for event, element in etree.iterwalk(body, events=("start", "end")):
        if not isinstance(element.tag, str):  # a comment or processing instruction
            if event == "end" and hidden == 0 and element.tail and element.tail.strip():
                yield element.getparent(), inside, " ".join(element.tail.split())
            continue
        if event == "start":
            if element is headline:
                inside = True
            if element.tag in _HIDDEN_TAGS:
                hidden += 1
            elif hidden == 0 and element.text and element.text.strip():
                yield element, inside, " ".join(element.text.split())
            continue
        if element.tag in _HIDDEN_TAGS:
            hidden -= 1
        if element is headline:
            inside = False
        parent = element.getparent()
        if hidden == 0 and parent is not None and element.tail and element.tail.strip():
            yield parent, inside, " ".join(element.tail.split())


def _inside(element: HtmlElement, ancestor: HtmlElement | None) -> bool:
    node = element
    while node is not None:
        if node is ancestor:
            return True
        node = node.getparent()
    return False


def _marked_as_date(element: HtmlElement) -> bool:
    for node in _self_and_parents(element, 2):
        if node.tag == "time":
            return True
        marks = f"{node.get('class', '')} {node.get('id', '')}"
        if _DATE_MARK.search(marks):
            return True
    return False


def _self_and_parents(element: HtmlElement, up: int) -> Iterator[HtmlElement]:
    node = element
    for _ in range(up + 1):
        if node is None:
            return
        yield node
        node = node.getparent()


def _in_furniture(element: HtmlElement | None) -> bool:
    node = element
    while node is not None and node.tag not in ("body", "html"):
        if not isinstance(node.tag, str):
            node = node.getparent()
            continue
        if node.tag in _FURNITURE_TAGS:
            return True
        marks = f"{node.get('class', '')} {node.get('id', '')}"
        if marks.strip() and _FURNITURE.search(marks):
            return True
        if node.tag == "li" and node.getparent() is not None and len(node.getparent()) >= 4:
            return True  # an item of a list of stories
        node = node.getparent()
    return False


def _unless_a_list(found: list[Candidate]) -> list[Candidate]:
    """Many different dates of one kind are a list of other items, not the page's own."""
    for kind in ("published", "modified"):
        days = {c.moment.day for c in found if c.kind == kind}
        if len(days) > 2:
            found = [c for c in found if c.kind != kind]
    return found
