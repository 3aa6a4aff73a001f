"""Links, type-of-work labels and corrections notices: what a page shows about its own sourcing.

Each finder runs compiled regular expressions only where they can match (where a
scheme, "www." or a domain and "/" occurs, on the first line, on texts holding an anchor word);
the label and correction phrases come from `data/labels.tsv`.

- `find_links`: URLs written out in the text ("https://...", "www.cdc.gov",
  "bit.ly/2cQ..."); a bare domain with no path ("FoxNews.com") names a site,
  not a page, and is left out.
- `find_opinion_label`: a label of the type of work ("Opinion:", "ANALYSIS",
  "Commentary |", "... | Opinion") opening the title or the text's first line.
- `find_corrections`: a corrections or clarification notice anywhere in the
  text ("Correction:", "An earlier version of this article misstated ...").
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from reliability.analysis import read_table

DATA_DIR = Path(__file__).resolve().parent / "data"


class Notice(NamedTuple):
    """A corrections-notice pattern and a literal every match holds (a cheap first test)."""

    anchor: str
    pattern: re.Pattern[str]


def _load_labels() -> tuple[re.Pattern[str], re.Pattern[str], tuple[Notice, ...]]:
    rows = read_table(DATA_DIR / "labels.tsv", 3)
    labels: list[str] = []
    notices: list[Notice] = []
    flags = re.IGNORECASE | re.MULTILINE
    for pattern, kind, anchor in rows:
        if kind == "opinion":
            labels.append(pattern)
        elif kind == "correction" and anchor and anchor == anchor.lower():
            notices.append(Notice(anchor, re.compile(pattern, flags)))
        else:
            raise ValueError(f"labels.tsv: bad type or anchor for {pattern!r}")
    # Longer labels first, so "news analysis" wins over "analysis".
    label = "|".join(sorted(labels, key=len, reverse=True))
    # A label opens its line and is followed by a colon, a bar, a spaced dash or
    # the line's end; a dash straight after a word ("Perspective-taking") is no separator.
    opening = re.compile(rf"[ \t]*(?P<label>{label})[ \t]*(?::|\||[ \t][-\u2013\u2014]|$)", flags)
    closing = re.compile(rf"[ \t][|\-\u2013\u2014][ \t]*(?P<label>{label})[ \t]*\Z", re.IGNORECASE)
    return opening, closing, tuple(notices)


OPENING_LABEL, CLOSING_LABEL, NOTICES = _load_labels()

# A URL with a scheme or "www.", or a domain followed by a path. Trailing
# punctuation belongs to the sentence, not the link.
_URL_CHAR = '[^\\s<>"\u201c\u201d\u2018\u2019]'
_URL_END = "[^\\s<>\"\u201c\u201d\u2018\u2019.,;:!?)\\]']"
LINK = re.compile(
    rf"""(?:https?://|www\.){_URL_CHAR}*{_URL_END}
    | [a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{{2,6}}/(?:{_URL_CHAR}*{_URL_END})?""",
    re.IGNORECASE | re.VERBOSE,
)
# Where a link may be: a scheme, "www." or a domain ending before a path. Rare
# in prose, so the link pattern only runs at the few places where one occurs.
# Run over the lower-cased text (without IGNORECASE, which makes `re` slower).
ANCHOR = re.compile(r"://|www\.|\.[a-z]{2,6}/")
# Opening brackets and quotes before a link, which are not part of it.
OPENING_MARKS = frozenset("([{<\"\u201c\u2018'")
SPACE = re.compile(r"\s")
# A link's lead before its anchor is never longer than this.
MAX_LINK_LEAD = 100


def find_links(text: str, folded: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of every URL written out in `text`, in order.

    `folded` is the text lower-cased (`doc.folded.folded`). A link is looked
    for at the start of the run of non-space characters that holds a scheme,
    "www." or a domain and "/", once per run.
    """
    if "/" not in text and "www." not in folded:
        return []  # most texts: two scans in C say so
    if len(folded) != len(text):
        # Lower-casing moved offsets (a rare letter such as "İ"): read the text
        # as it is, which misses only links written in capitals.
        folded = text
    links: list[tuple[int, int]] = []
    reach = 0
    for anchor in ANCHOR.finditer(folded):
        at = anchor.start()
        if at < reach:
            continue  # inside a run already tried
        # The start of the run of non-space characters holding the anchor.
        lead = max(0, at - MAX_LINK_LEAD)
        space = max(text.rfind(c, lead, at) for c in " \n\t")
        start = space + 1 if space >= 0 else lead
        while start < at and text[start] in OPENING_MARKS:
            start += 1
        match = LINK.match(text, start)
        if match:
            links.append(match.span())
            reach = match.end()
        else:
            after = SPACE.search(text, at)
            reach = after.start() if after else len(text)
    return links


def find_opinion_label(text: str, title: str | None) -> tuple[str, tuple[int, int] | None] | None:
    """The type-of-work label, with its offsets when it is in the text (None in the title).

    The title is read first, then the text's first non-blank line; None when
    neither carries a label.
    """
    if title:
        match = OPENING_LABEL.match(title) or CLOSING_LABEL.search(title)
        if match:
            return match.group("label"), None
    first = len(text) - len(text.lstrip())
    match = OPENING_LABEL.match(text, first)
    if match:
        return match.group("label"), match.span("label")
    return None


def find_corrections(text: str, folded: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of every corrections notice phrase in `text`, in order.

    `folded` is the text lower-cased with its offsets kept (`doc.folded.folded`);
    a pattern runs only when its anchor occurs in it.
    """
    spans = [
        m.span()
        for notice in NOTICES
        if notice.anchor in folded
        for m in notice.pattern.finditer(text)
    ]
    return sorted(spans)
