"""The units one analysis pass finds in a text, each with character offsets.

Every element's `start`/`end` are offsets into the original text, so
`text[start:end]` is exactly what the element covers.
"""

from __future__ import annotations

import msgspec


class Paragraph(msgspec.Struct, frozen=True):
    """A paragraph or a heading line.

    `heading` is true for short lines with no closing punctuation.
    """

    start: int
    end: int
    heading: bool = False


class Sentence(msgspec.Struct, frozen=True):
    """A sentence; it never crosses a paragraph boundary. `paragraph` is its paragraph's index."""

    start: int
    end: int
    paragraph: int


class Token(msgspec.Struct, frozen=True):
    """A word, number or punctuation mark.

    `kind` is one of `word`, `number`, `punct`, `symbol`. Words such as
    "Su-30", "Kh-31A", "don't" and numbers such as "$50" and "17.5%" are one token.
    """

    start: int
    end: int
    text: str
    kind: str


class Quotation(msgspec.Struct, frozen=True):
    """A quoted stretch, marks included (`start`/`end`) and excluded (`inner_start`/`inner_end`).

    `depth` is 0 for an outermost quotation; `parent` is the index of the
    enclosing quotation. `closed` is false when the text ends (or the paragraph
    ends) before a closing mark.
    """

    start: int
    end: int
    inner_start: int
    inner_end: int
    depth: int = 0
    parent: int | None = None
    closed: bool = True


class Number(msgspec.Struct, frozen=True):
    """A number written in digits or words, with its value.

    `kind`: `cardinal` ("24", "two", "a dozen", "1.5 million"), `percent`
    ("17.5%", "17.5 percent"), `money` ("$50 million": `currency` "USD"),
    `ordinal` ("third", "21st"), `year` ("2019" read as a year). `value` is the
    number with scale words applied ("$50 million" -> 50000000).
    """

    start: int
    end: int
    text: str
    value: float
    kind: str
    currency: str | None = None


class DateExpression(msgspec.Struct, frozen=True):
    """A date or time expression.

    `kind`: `date` (a full or partial calendar date: "November 3, 2025",
    "October 26", "May 2020"), `year` ("in 2019"), `weekday` ("Saturday"),
    `relative` ("last week", "yesterday", "in recent weeks", "last summer"),
    `decade` ("the 1990s"). `year`/`month`/`day` are filled when the text states them.
    """

    start: int
    end: int
    text: str
    kind: str
    year: int | None = None
    month: int | None = None
    day: int | None = None


class Name(msgspec.Struct, frozen=True):
    """A candidate proper name: a run of capitalised words ("George W. Bush", "Mr. Abrams").

    `title` is a preceding honorific or role word when present ("Mr.",
    "President"), kept outside the span of the name itself.
    """

    start: int
    end: int
    text: str
    title: str | None = None
