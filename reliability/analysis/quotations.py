"""Quotations: straight, curly and angle quote marks, nested, in real-world mess.

Each mark is read from its neighbours. A mark is *left-flanking* when a
non-space follows it and whitespace, an opening bracket, a dash or another
quote mark precedes it; *right-flanking* when a non-space precedes it and
whitespace, punctuation or another quote mark follows. Then, per mark:

- `“ « „ ‹` open; `”` `»` `›` close. A `“` that is only right-flanking closes
  an open double quote (German „…“ and typing slips). A `”` with nothing open
  that is left-flanking opens (`requested ”defensive radars…” from Russia`).
- `"` opens when only left-flanking; otherwise it closes an open double quote,
  and with none open it opens when glued to text on both sides (`said:"Yes`).
- `’` and `'` between two letters or digits are apostrophes ("don't",
  "Maduro’s"); before a decade ("the '90s") too. Otherwise a right-flanking one
  closes a single quote only if the innermost open quote is a single one;
  else it is an apostrophe ("the countries’ leaders"). A left-flanking `'` or
  `‘` opens; a left-flanking `’` is an elision ("’em").

Marks close across styles within a family (double: `" “ ” „ « »`; single:
`' ‘ ’ ‚ ‹ ›`), so `‘exchange consultations,'”` closes both quotes. Quotes
never cross a paragraph: news style re-opens a quote in each paragraph of a
long quotation, so a quote still open at its paragraph's end ends there with
`closed=False`. A quote still open when an outer one closes ends at that
closing mark, also with `closed=False`. An unclosed straight `'` is dropped:
it was far more likely an apostrophe than a quote.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reliability.analysis.elements import Paragraph, Quotation

__all__ = ["find_quotations"]

_MARK_RE = re.compile("[\"'“”‘’«»„‚‹›]")
_DECADE_RE = re.compile(r"\d0s\b")

_DOUBLE = "double"
_SINGLE = "single"

# What may stand before an opening mark besides whitespace, and after a
# closing mark besides whitespace.
_BEFORE_OPEN = "([{<—–-/\"'“”‘’«»„‚‹›"
_AFTER_CLOSE = ".,;:!?…)]}>—–-/\"'“”‘’«»„‚‹›"


class _Open:
    """A mark waiting for its closing mark."""

    __slots__ = ("family", "start", "straight_single")

    def __init__(self, family: str, start: int, straight_single: bool) -> None:
        self.family = family
        self.start = start
        self.straight_single = straight_single


def find_quotations(text: str, paragraphs: Sequence[Paragraph]) -> list[Quotation]:
    """Quotations in `text`, ordered by their opening mark, with nesting."""
    found: list[tuple[int, int, int, int, bool]] = []
    for para in paragraphs:
        _scan_paragraph(text, para.start, para.end, found)
    found.sort()
    return _with_nesting(found)


def _scan_paragraph(
    text: str, lo: int, hi: int, found: list[tuple[int, int, int, int, bool]]
) -> None:
    """Match the quote marks of one paragraph.

    Appends (start, end, inner_start, inner_end, closed) tuples to `found`.
    """
    stack = _Stack()
    is_open = stack.open
    for m in _MARK_RE.finditer(text, lo, hi):
        pos = m.start()
        ch = text[pos]
        prev = text[pos - 1] if pos > lo else " "
        nxt = text[pos + 1] if pos + 1 < hi else " "
        prev_space = prev.isspace()
        next_space = nxt.isspace()
        left = not next_space and (prev_space or prev in _BEFORE_OPEN)
        right = not prev_space and (next_space or nxt in _AFTER_CLOSE)

        if ch in "’'" and prev.isalnum() and nxt.isalnum():
            continue  # apostrophe inside a word
        if (
            ch in "’'‘"
            and nxt.isdecimal()
            and (prev_space or prev in _BEFORE_OPEN)
            and _DECADE_RE.match(text, pos + 1)
        ):
            continue  # "the '90s"
        if ch in "“«„‹":
            if ch == "“" and right and not left and is_open[_DOUBLE]:
                stack.close(_DOUBLE, pos, found)
            else:
                stack.push(_SINGLE if ch == "‹" else _DOUBLE, pos)
        elif ch in "”»":
            if is_open[_DOUBLE]:
                stack.close(_DOUBLE, pos, found)
            elif left:
                stack.push(_DOUBLE, pos)
        elif ch == "›":
            if is_open[_SINGLE]:
                stack.close(_SINGLE, pos, found)
        elif ch == '"':
            if left and not right:
                stack.push(_DOUBLE, pos)
            elif is_open[_DOUBLE]:
                stack.close(_DOUBLE, pos, found)
            elif not (prev_space or next_space or right):
                stack.push(_DOUBLE, pos)  # glued to text on both sides
        elif ch == "‘":
            if right and not left and stack.top() == _SINGLE:
                stack.close(_SINGLE, pos, found)
            elif not next_space and not (prev.isalnum() and nxt.isalnum()):
                stack.push(_SINGLE, pos)
        elif ch == "‚":
            if left and nxt.isalpha():
                stack.push(_SINGLE, pos)
        elif ch == "’":
            if right and stack.top() == _SINGLE:
                stack.close(_SINGLE, pos, found)
        else:  # "'"
            if right and stack.top() == _SINGLE:
                stack.close(_SINGLE, pos, found)
            elif left and not right:
                stack.push(_SINGLE, pos, True)
    for opener in stack.openers:
        if not opener.straight_single:
            found.append((opener.start, hi, opener.start + 1, hi, False))


class _Stack:
    """The open quotes, innermost last, with a count per family (so asking whether one
    is open costs the same at any depth)."""

    __slots__ = ("open", "openers")

    def __init__(self) -> None:
        self.openers: list[_Open] = []
        self.open = {_DOUBLE: 0, _SINGLE: 0}

    def push(self, family: str, start: int, straight_single: bool = False) -> None:
        self.openers.append(_Open(family, start, straight_single))
        self.open[family] += 1

    def top(self) -> str | None:
        return self.openers[-1].family if self.openers else None

    def close(self, family: str, pos: int, found: list[tuple[int, int, int, int, bool]]) -> None:
        """Close the innermost open quote of `family` at `pos`; quotes opened inside it end
        unclosed."""
        openers = self.openers
        while openers:
            opener = openers.pop()
            self.open[opener.family] -= 1
            if opener.family == family:
                found.append((opener.start, pos + 1, opener.start + 1, pos, True))
                return
            if not opener.straight_single:
                found.append((opener.start, pos, opener.start + 1, pos, False))


def _with_nesting(found: list[tuple[int, int, int, int, bool]]) -> list[Quotation]:
    """Quotations with `depth` and `parent` from containment, in order of start."""
    result: list[Quotation] = []
    enclosing: list[int] = []
    for start, end, inner_start, inner_end, closed in found:
        while enclosing and result[enclosing[-1]].end <= start:
            enclosing.pop()
        parent = enclosing[-1] if enclosing else None
        result.append(Quotation(start, end, inner_start, inner_end, len(enclosing), parent, closed))
        enclosing.append(len(result) - 1)
    return result
