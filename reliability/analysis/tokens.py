"""Tokenisation: one compiled regex, one `finditer` pass, exact offsets.

Token kinds:

- `word`: letters first, with digits, apostrophes ("don't", "Maduro’s") and
  hyphens ("co-operation", "Su-30", "Kh-31A", "Il-76TD") inside; dotted
  abbreviations ("U.S.", "e.g."), domains ("venezuelanalysis.com"), e-mail
  addresses and URLs; digit-first compounds that are not quantities ("3D",
  "76TD", "24-hour").
- `number`: digits with an optional currency sign, thousands separators,
  decimals and a percent sign or ordinal/decade suffix ("$50", "1,000",
  "17.5%", "21st", "1990s", "’90s"). A unit written straight after the digits
  ("10km") is split off as its own word so the number stands alone.
- `punct`: sentence and quotation punctuation, brackets and dashes; an ellipsis
  ("...", "…") is one token.
- `symbol`: any other non-space character ("/", "&", "©", "%" standing alone).

Whitespace is never part of a token.
"""

from __future__ import annotations

import bisect
import operator
import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from reliability.analysis.elements import Token
from reliability.analysis.lexicon import CURRENCY_SYMBOLS, TOP_LEVEL_DOMAINS, UNIT_SUFFIXES

__all__ = ["alternation", "tokenize"]


def alternation(words: Iterable[str]) -> str:
    """A regex group matching any of `words`, built as a prefix tree.

    Python's `re` tries the branches of a flat alternation one by one; a
    prefix tree rejects a non-matching position after one character, which
    keeps the big word-list patterns (number words, month names) fast. Words
    are matched literally; longer words win over their prefixes.
    """
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_pattern(trie)


def _trie_pattern(node: dict[str, dict]) -> str:
    """The regex for one prefix-tree node ("" marks a word ending here)."""
    ends_here = "" in node
    # Branches start with distinct characters, so at most one can match; an
    # optional tail is greedy, so a word beats its own prefix ("com" over "co").
    branches = [re.escape(ch) + _trie_pattern(child) for ch, child in node.items() if ch != ""]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 and not ends_here else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if ends_here else body


# `[^\W\d_]` is "a letter" in any script. A word goes on with word characters;
# combining marks (decomposed accents) may follow any of them, so "e\u0301"
# stays in its word. One class, taken possessively, is cheaper for the regex
# engine than word characters and runs of marks taken in turn.
_L = r"[^\W\d_]"
_BODY = r"[\w\u0300-\u036f]*+"
_HYPHEN = r"\-\u2010\u2011"
_APOSTROPHE = r"'\u2019"
_WORD = rf"{_L}{_BODY}(?:(?:[{_HYPHEN}]\w|[{_APOSTROPHE}]{_L}){_BODY})*+"

_CURRENCY = alternation(sorted(CURRENCY_SYMBOLS, key=len, reverse=True))
_NUM_CORE = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_UNITS = alternation(UNIT_SUFFIXES)
_TLD = alternation(TOP_LEVEL_DOMAINS)

# Leading whitespace is consumed inside the match (the token is the named
# group), so the engine never tries the alternatives at a space. The common
# cases come first; a plain word gives way when a "." or "@" and a word
# character follow, so dotted forms (domains, "U.S.") get their turn.
TOKEN_RE = re.compile(
    rf"""
    \s*+
    (?:
      (?P<word>{_WORD})(?![.@]\w|://|\$\d)
      # A mark no other kind can start with ("." only when no other kind can go on).
    | (?P<mark>[,;:!?…()\[\]{{}}"“”‘«»„‚‹›]|\.(?![\w.+@\-]))
    | (?P<number>
        {_CURRENCY}?(?:{_NUM_CORE})
        (?:%|(?:st|nd|rd|th|s|[{_APOSTROPHE}]s)(?!\w))?
        # A number ends here unless letters follow (then it is a word such as
        # "3D") or a hyphen and a letter ("24-hour"); a unit ("10km") is split off.
        (?=(?:{_UNITS})(?!\w)|(?!\w|[{_HYPHEN}]{_L}))
      )
    | (?P<url>(?:https?://|www\.)[^\s<>"“”‘’]*[^\s<>"“”‘’.,;:!?)\]'])
    | (?P<email>[\w.+-]++@[^\W_](?:[\w-]*\.)+{_L}{{2,}})
    | (?P<domain>{_L}[\w-]*+(?:\.[\w-]++)*?\.{_TLD}(?![\w-]|\.\w))
    | (?P<abbr>{_L}(?:\.{_L}(?!\w))+\.?)
    | (?P<word2>(?:{_L}|\d+(?=[{_HYPHEN}]?{_L})){_BODY}
        (?:(?:[{_HYPHEN}]\w|[{_APOSTROPHE}]{_L}){_BODY})*+)
    | (?P<decade>[{_APOSTROPHE}]\d0s(?!\w))
    | (?P<punct>\.{{2,}}|[-\u2013\u2014]{{2,}}|[.,;:!?…()\[\]{{}}"“”‘’'«»„‚‹›{_HYPHEN}\u2013\u2014])
    | (?P<symbol>\S)
    )
    """,
    re.VERBOSE,
)

_KIND_OF_GROUP = {
    "url": "word",
    "email": "word",
    "domain": "word",
    "abbr": "word",
    "word": "word",
    "word2": "word",
    "decade": "number",
    "number": "number",
    "punct": "punct",
    "mark": "punct",
    "symbol": "symbol",
}
# Kinds by group number, for a list lookup per token.
_KIND: list[str] = [""] * (TOKEN_RE.groups + 1)
for _name, _index in TOKEN_RE.groupindex.items():
    _KIND[_index] = _KIND_OF_GROUP[_name]


def tokenize(text: str) -> list[Token]:
    """Split `text` into word, number, punctuation and symbol tokens, in order."""
    kinds = _KIND
    # One comprehension keeps the per-token work out of the interpreter's slower paths;
    # `lastindex` is always set (one group per kind).
    return [
        Token(a := m.start(i := m.lastindex), b := m.end(i), text[a:b], kinds[i])  # type: ignore[arg-type, index]
        for m in TOKEN_RE.finditer(text)
    ]


class FoldedWords(NamedTuple):
    """Every token's offsets and its text as lexicons spell it: lower case, straight
    apostrophes; and the whole text folded the same way (`folded`)."""

    starts: list[int]
    ends: list[int]
    words: list[str]
    folded: str


_START = operator.attrgetter("start")
_END = operator.attrgetter("end")
_TEXT = operator.attrgetter("text")


def fold_words(text: str, tokens: Sequence[Token]) -> FoldedWords:
    """Lower-cased, apostrophe-straightened token texts, for matching against lexicons."""
    # Folding the whole text once is cheaper than folding each token; both
    # replacements keep every offset, and lower() does too except for a few
    # letters ("İ"), for which each token is lowered on its own (the folded
    # text then only serves to look for earlier mentions, where a shift of a
    # character or two does not matter).
    folded = text.replace("\u2019", "'").replace("\u2018", "'")
    lowered = folded.lower()
    # map() keeps these per-token loops in C: they run over every token.
    starts = list(map(_START, tokens))
    ends = list(map(_END, tokens))
    if len(lowered) != len(folded):
        words = [folded[a:b].lower() for a, b in zip(starts, ends, strict=True)]
    elif "\u03a3" in text or (text.count("\u2019") + text.count("\u2018")) * 8 > len(tokens):
        # A capital sigma lowers by its context (final "ς"), which may lie outside
        # the token; and with curly apostrophes in many tokens, slicing every token
        # is cheaper than the path below.
        words = [lowered[a:b] for a, b in zip(starts, ends, strict=True)]
    else:
        # Otherwise lower() maps each character on its own and to one character,
        # so each token's own text lowered is its slice of the lowered text, but
        # for the curly apostrophes folded into the latter.
        words = list(map(str.lower, map(_TEXT, tokens)))
        for mark in ("\u2019", "\u2018"):
            at = text.find(mark)
            while at >= 0:
                k = bisect.bisect_right(starts, at) - 1
                if k >= 0 and at < ends[k]:
                    words[k] = lowered[starts[k] : ends[k]]
                at = text.find(mark, at + 1)
    return FoldedWords(starts, ends, words, lowered)
