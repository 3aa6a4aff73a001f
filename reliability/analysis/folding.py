"""One configurable fold: how words are compared with word lists and with each other.

Every table lookup in the analysis layer and the built-in heuristics folds
both sides the same way, so a curly apostrophe ("regime\u2019s"), a Unicode
hyphen ("so\u2011called") or an accent ("Jos\u00e9") in the text meets the
plain forms of a word list.
"""

from __future__ import annotations

import unicodedata
from typing import Literal

_APOSTROPHES = {"\u2019": "'", "\u2018": "'", "\u02bc": "'"}
_HYPHENS = ("\u2010", "\u2011")
_ASCII_HYPHENS = str.maketrans({**_APOSTROPHES, **dict.fromkeys(_HYPHENS, "-")})
_PLAIN = str.maketrans(_APOSTROPHES)

Hyphens = Literal["keep", "ascii", "space"]


def strip_accents(text: str) -> str:
    """`text` without combining accents ("José" -> "Jose"); other letters are kept."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(
    text: str,
    *,
    casefold: bool = False,
    hyphens: Hyphens = "keep",
    accents: bool = False,
    dots: bool = False,
) -> str:
    """`text` lower-cased with straight apostrophes, and optionally more.

    - `casefold`: Unicode case folding ("Straße" -> "strasse") instead of lower case;
    - `hyphens`: `"ascii"` turns Unicode hyphens into "-", `"space"` turns every
      hyphen, ASCII or not, into a space;
    - `accents`: strip combining accents;
    - `dots`: drop full stops ("U.S." -> "us").

    Without `accents` or `dots` and with `hyphens` other than `"space"`, every
    character maps to one character (but for the few letters whose lower case
    is longer, such as "İ"), so offsets into the folded text match the original.
    """
    if accents:
        text = strip_accents(text)
    text = text.casefold() if casefold else text.lower()
    text = text.translate(_ASCII_HYPHENS if hyphens != "keep" else _PLAIN)
    if hyphens == "space":
        text = text.replace("-", " ")
    if dots:
        text = text.replace(".", "")
    return text
