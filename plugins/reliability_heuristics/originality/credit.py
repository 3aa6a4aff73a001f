"""Credit and outlets: whether a copy names its original, and whether two share an outlet."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from reliability import Analysis

from .product import Outlet


def name_words(name: str) -> list[str]:
    """A name's words, without a leading "The" ("The Washington Post" -> Washington, Post)."""
    words = re.findall(r"\w+(?:['’.]\w+)*", name)
    if len(words) > 1 and words[0].casefold() == "the":
        words = words[1:]
    return words


def find_name(doc: Analysis, name: str, *, capitalised: bool) -> tuple[int, int] | None:
    """Offsets of the first occurrence of `name`'s words in a row, whatever lies between
    them but letters and digits; with `capitalised`, a word capitalised in the name must
    be capitalised where it is found ("The Hill", not "the hill")."""
    words = name_words(name)
    if not words:
        return None
    pattern = r"(?<!\w)" + r"[^\w]{1,3}".join(re.escape(w) for w in words) + r"(?!\w)"
    for m in re.finditer(pattern, doc.text, re.IGNORECASE):
        found = re.findall(r"\w+(?:['’.]\w+)*", m.group())
        if capitalised and any(
            w[:1].isupper() and not f[:1].isupper() for w, f in zip(words, found, strict=False)
        ):
            continue
        return m.start(), m.end()
    return None


def _host(url: str) -> str | None:
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host.removeprefix("www.")


def credit_of(copy: Analysis, original: Analysis) -> tuple[int, int] | None:
    """Where the copy names the original: its URL, outlet, URL host, author or title."""
    meta = original.document
    text = copy.text
    if meta.url:
        bare = re.sub(r"^[a-z]+://(www\.)?", "", meta.url.strip(), flags=re.IGNORECASE)
        bare = bare.rstrip("/")
        if len(bare) >= 8:
            at = text.lower().find(bare.lower())
            if at >= 0:
                return at, at + len(bare)
    names: list[str] = []
    if meta.outlet:
        names.append(meta.outlet)
        host = _host(meta.outlet) if "." in meta.outlet and " " not in meta.outlet else None
        if host and "." in host:
            names.append(host.rsplit(".", 1)[0])  # "venezuelanalysis.com" -> "venezuelanalysis"
    if meta.url:
        host = _host(meta.url)
        if host:
            names += [host, host.rsplit(".", 1)[0]]
    if meta.author:
        names.append(meta.author)
    for name in names:
        # Written as a name: "The Hill", not "the hill".
        found = find_name(copy, name, capitalised=True)
        if found is not None:
            return found
    if meta.title:
        found = find_name(copy, meta.title, capitalised=False)
        if found is not None:
            # A headline of its own that repeats the original's is copying, not credit.
            k = copy.sentence_index_at(found[0])
            own_headline = k is not None and (
                copy.paragraphs[copy.sentences[k].paragraph].heading
                or copy.sentences[k].paragraph == 0
            )
            if not own_headline:
                return found
    return None


def outlet_key(doc: Analysis) -> Outlet:
    """The document's outlet: its name's folded words, and its URL's host."""
    meta = doc.document
    name = " ".join(name_words(meta.outlet.casefold())) if meta.outlet else None
    return Outlet(name, _host(meta.url) if meta.url else None)


def same_outlet(a: Analysis, b: Analysis) -> bool:
    """Both documents come from one outlet (a later version, a print and a web edition).

    By the outlet's name when both give one, else by their URLs' hosts.
    """
    return outlet_key(a).same(outlet_key(b))
