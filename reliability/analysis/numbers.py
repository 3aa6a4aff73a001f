"""Numbers in digits or words, with values, kinds and currencies.

One compiled regex finds digit groups ("24", "1,000", "17.5", "$50", "US$5",
"USD 5") and runs of number words ("twenty-four", "a hundred", "two hundred
and fifty thousand", "third"); short regexes read what follows: a scale word
("$50 million", "1.5 million", "£2.5bn"), a percent ("17.5%", "17.5 percent",
"per cent") or a currency word ("5 dollars", "5 million USD"). The span is the
whole expression and nothing else: qualifiers such as "more than" are left out.

Kinds: `money` (a currency is stated), `percent`, `ordinal` ("third", "21st"),
`year` (a four-digit 1900–2100 integer read as a year, see `year_reading`),
otherwise `cardinal`.

Not emitted, because they are not figures:

- parts of designations and names: digits glued to letters ("Su-30",
  "Kh-31A", "S-300VM", "Il-76", "Buk-M2", "COVID-19"), a number straight
  after a capitalised word inside a sentence ("Flight 17", "Boeing 737",
  "Article 5", "No. 5"), a number straight before a capitalised measure word
  inside a sentence ("60 Minutes", "24 Hours of Le Mans"), and capitalised
  number words inside a sentence ("Air Force One", "World War Two");
- clock times ("10:30", "10 a.m."), numeric dates ("2025-11-03",
  "11/03/2025"), fractions and ratios ("9/11", "1/2"), version numbers;
- the day in a calendar date ("November 3", "3rd of November"); the year of
  such a date is still emitted, with kind `year`;
- decades ("1990s", "the ’90s"), which are date expressions;
- list numbering at the start of a line ("1. ", "2)");
- vague amounts ("dozens", "hundreds", "thousands of");
- "one" on its own ("one of the", "no one"); it counts only inside a larger
  number ("one hundred", "twenty-one") or a compound ("one-year").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from reliability.analysis.elements import Number, Token
from reliability.analysis.lexicon import (
    CURRENCY_CODES,
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    DOZEN,
    FRACTION_WORDS,
    FUNCTION_WORDS,
    HUNDRED,
    IRREGULAR_PLURALS,
    MONTH_ABBREVIATIONS,
    MONTHS,
    NUMBER_ABBREVIATIONS,
    ORDINALS,
    SCALES,
    SHORT_SCALES,
    TEENS,
    TENS,
    UNIT_SUFFIXES,
    UNIT_WORDS,
    UNITS,
    WEEKDAYS,
    YEAR_CONTEXT,
)
from reliability.analysis.tokens import alternation

__all__ = ["find_numbers", "year_reading"]

_NUMBER_WORDS = {**UNITS, **TEENS, **TENS, **HUNDRED, **SCALES, **DOZEN}
_ALL_WORDS = [*_NUMBER_WORDS, *ORDINALS]
_WORD = rf"{alternation(_ALL_WORDS)}(?![\w])"
_SPACE = r"[ \t\u00a0]"
_CALENDAR = frozenset(MONTHS) | frozenset(MONTH_ABBREVIATIONS) | frozenset(WEEKDAYS)
_MONTH_NAMES = frozenset(MONTHS) | frozenset(MONTH_ABBREVIATIONS)

NUMBER_RE = re.compile(
    rf"""
    (?<![\w.,])(?<![^\W\d_][\-\u2010\u2011])
    (?:
      (?P<skip>
          \d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:{_SPACE}?(?:[ap]\.m\.|[ap]m\b))?   # 10:30
        | \d{{1,2}}(?:\.\d{{2}})?{_SPACE}?(?:[ap]\.m\.|[ap]m\b)             # 10 a.m.
        | \d+(?:[/.\-]\d+){{2,}}                                          # 2025-11-03
        | \d+/\d+                                                         # 9/11, 1/2
        | \d{{2,4}}['’]?s(?![\w])                                         # 1990s
        | ['’]\d0s(?![\w])                                                # ’90s
      )
    | (?:(?P<code>{alternation(CURRENCY_CODES)}){_SPACE}?(?=[\d]))?
      (?P<cur>{alternation(CURRENCY_SYMBOLS)})?
      (?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)
      (?P<ord>st|nd|rd|th)?
      # Digits end here, or a unit glued to them ("10km") ends the word.
      (?:(?={alternation(UNIT_SUFFIXES)}(?![^\W_]))|(?![^\W_]))
    | (?P<words>
        (?i:(?:(?:a|an){_SPACE}+)?{_WORD}(?:(?:{_SPACE}+(?:and{_SPACE}+)?|[\-\u2010\u2011]){_WORD})*)
      )
    )
    """,
    re.VERBOSE,
)
_PIECE_RE = re.compile(r"[^\W\d_]+")
_SCALE_TAIL_RE = re.compile(
    rf"{_SPACE}+(?P<word>hundred|thousand|million|billion|trillion)(?![\w])"
    rf"|{_SPACE}?(?P<short>bn|tn|mn|mln|m|k|b)(?![\w])"
)
_PERCENT_TAIL_RE = re.compile(rf"{_SPACE}?%|{_SPACE}+(?:percent|per{_SPACE}cent|pct)(?![\w])")
_CURRENCY_TAIL_RE = re.compile(
    rf"{_SPACE}+(?:(?:US|U\.S\.){_SPACE}+)?(?P<w>{alternation(CURRENCY_WORDS)})(?![\w])"
    rf"|{_SPACE}+(?P<c>{alternation(CURRENCY_CODES)})(?![\w])"
)
# What every scale, percent and currency tail starts with: one regex call rules all
# three out for a bare number.
_ANY_TAIL_RE = re.compile(rf"{_SPACE}*+[^\W\d_]|{_SPACE}?%")
# Words that can start a number expression, in the cases they are written in.
_HEADS = (
    frozenset(
        w for word in [*_ALL_WORDS, "a", "an"] for w in (word, word.capitalize(), word.upper())
    )
    | CURRENCY_CODES
)
_ARTICLES = frozenset({"a", "an", "A", "An", "AN"}) - CURRENCY_CODES
_DAY_LINKS = frozenset({"and", "or", "to", "-", "\u2013"})
_SCALE_VALUES = {**SHORT_SCALES, **HUNDRED, **SCALES}
_LINE_INDENT = " \t\u00a0"
# Two characters after a plain integer that let no other reading of it start.
_BARE_ENDS = frozenset(a + b for a in " \t\n" for b in " \t\n") | frozenset(" \t\n.,;)")
_SENTENCE_END = frozenset(".!?…")
_CLOSING = frozenset("\"”’'»)")


def find_numbers(text: str, tokens: Sequence[Token]) -> list[Number]:
    """Numbers in `text`, in order, each with its value and kind."""
    heads = _HEADS
    # Only number tokens and words that can start a number are tried; the
    # regex then reads the whole expression from there.
    candidates = [
        i
        for i, t in enumerate(tokens)
        if t.kind == "number"
        or (w := t.text) in heads
        or ("-" in w and w.split("-", 1)[0] in heads)
    ]
    numbers: list[Number] = []
    covered = 0
    for i in candidates:
        token = tokens[i]
        if token.start < covered:
            continue
        if token.kind == "number" and _plain_integer(text, token.start, token.end, token.text):
            # NUMBER_RE would read just these digits: no need to run it.
            covered = token.end
            number = _plain_number(text, tokens, i, token)
            if number is not None:
                numbers.append(number)
                covered = number.end
            continue
        if token.text in _ARTICLES and not _before_word(text, tokens, i):
            continue  # "a"/"an" start a number only before a word: "a dozen", "an eighth"
        m = NUMBER_RE.match(text, token.start)
        if m is None:
            continue
        covered = m.end()
        if m.lastgroup == "skip":
            continue
        if m.group("words") is not None:
            numbers.extend(_word_numbers(text, tokens, i, m))
        else:
            code, cur, num, ordinal = m.group("code", "cur", "num", "ord")
            number = _digit_number(text, tokens, i, m.start(), m.end(), (code, cur, num, ordinal))
            if number is not None:
                numbers.append(number)
                covered = number.end
    return numbers


def _before_word(text: str, tokens: Sequence[Token], i: int) -> bool:
    """Whether token i is followed, across spaces on its line only, by a word token."""
    k = i + 1
    if k >= len(tokens) or tokens[k].kind != "word":
        return False
    gap = text[tokens[i].end : tokens[k].start]
    return gap == " " or (gap != "" and gap.strip(_LINE_INDENT) == "")


def _index_at(tokens: Sequence[Token], i: int, offset: int) -> int:
    """The index of the first token at or after `offset`, searching on from token i."""
    n = len(tokens)
    while i < n and tokens[i].start < offset:
        i += 1
    return i


def _plain_integer(text: str, start: int, end: int, digits: str) -> bool:
    """Whether a number token is digits alone, set off by whitespace before and by
    whitespace or a closing mark and whitespace after ("in 2019 the", "1. Pompeo"): no
    alternative of NUMBER_RE but the digits themselves can match there."""
    if not digits.isdecimal() or (start > 0 and text[start - 1] not in " \t\n"):
        return False
    after = text[end : end + 2]
    if after == "" or after in _BARE_ENDS:
        return True
    first = after[0]
    if first in " \t\n":
        return after[1].isdecimal()  # a letter may start a tail or "a.m."
    return first in ".,;)" and after[1:] in ("", " ", "\t", "\n")


def _plain_number(text: str, tokens: Sequence[Token], i: int, token: Token) -> Number | None:
    """`_digit_number` for a plain integer token (`_plain_integer`) with no word or "%"
    after it, which is most numbers: the same checks, in the same order, without the
    ones that cannot apply to bare digits."""
    start, end, digits = token.start, token.end, token.text
    if _ANY_TAIL_RE.match(text, end) is not None:
        return _digit_number(text, tokens, i, start, end, (None, None, digits, None))
    # The token is the whole match, so the next token is the first one after it; a
    # list number has at most three digits, a calendar day's value is 1 to 31.
    if len(digits) <= 3 and _is_list_number(text, digits, start, end):
        return None
    if (len(digits) <= 2 or int(digits) <= 31) and _is_calendar_day(tokens, i, i + 1):
        return None
    kind = "cardinal"
    if len(digits) == 4 and year_reading(text, tokens, i):
        kind = "year"
    elif _is_name_part(text, tokens, i, i + 1):
        return None
    return Number(start, end, digits, float(digits), kind, None)


def _digit_number(
    text: str,
    tokens: Sequence[Token],
    first: int,
    start: int,
    match_end: int,
    groups: tuple[str | None, str | None, str, str | None],
) -> Number | None:
    """The number the digits matched in `[start, match_end)` stand for (`groups`: the
    match's code, currency sign, digits and ordinal suffix), or None when it is not a
    figure."""
    end = match_end
    code, cur, num, ordinal = groups
    digits = num.replace(",", "")
    # float() of the digits is float() of their Decimal; Decimal is needed only to
    # scale exactly.
    value = None
    currency = None
    if cur:
        currency = CURRENCY_SYMBOLS[cur]
    elif code:
        currency = code
    kind = "cardinal"
    if ordinal:
        kind = "ordinal"
    elif _ANY_TAIL_RE.match(text, end) is not None:
        scale = _SCALE_TAIL_RE.match(text, end)
        if scale and (scale.group("word") or currency):
            word = scale.group("word") or scale.group("short")
            value = float(Decimal(digits) * _SCALE_VALUES[word])
            end = scale.end()
        pct = _PERCENT_TAIL_RE.match(text, end)
        if pct and currency is None:
            kind, end = "percent", pct.end()
        else:
            tail = _CURRENCY_TAIL_RE.match(text, end)
            if tail and currency is None:
                currency = CURRENCY_WORDS[tail.group("w")] if tail.group("w") else tail.group("c")
                end = tail.end()
    if currency is not None and not ordinal:
        kind = "money"

    if kind in ("cardinal", "ordinal") and end == match_end:
        after = _index_at(tokens, first, end)
        if _is_list_number(text, num, start, match_end) or _is_calendar_day(tokens, first, after):
            return None
        if kind == "cardinal" and year_reading(text, tokens, first):
            kind = "year"
        elif _is_name_part(text, tokens, first, after):
            return None
    value = float(digits) if value is None else value
    return Number(start, end, text[start:end], value, kind, currency)


def _word_numbers(text: str, tokens: Sequence[Token], first: int, m: re.Match[str]) -> list[Number]:
    """Numbers in a run of number words; the run may hold several ("two or three")."""
    pieces = [(p.start(), p.end(), p.group().lower()) for p in _PIECE_RE.finditer(m.group())]
    base = m.start()
    numbers: list[Number] = []
    i = 0
    while i < len(pieces):
        parsed = _parse_words([w for _, _, w in pieces[i:]])
        if parsed is None:
            i += 1
            continue
        used, skipped, value, ordinal = parsed
        start = base + pieces[i + skipped][0]
        end = base + pieces[i + used - 1][1]
        i += used
        index = _index_at(tokens, first, start)
        number = _word_number(text, tokens, index, start, end, value, ordinal, used - skipped)
        if number is not None:
            numbers.append(number)
    return numbers


def _word_number(
    text: str,
    tokens: Sequence[Token],
    first: int,
    start: int,
    end: int,
    value: int,
    ordinal: bool,
    words: int,
) -> Number | None:
    """A parsed number-word expression as a `Number`, or None when it is not a figure."""
    hyphen_after = text[end : end + 1] in ("-", "\u2010", "\u2011")
    if hyphen_after:
        # "two-thirds" is a fraction; "three-year" is a count of three.
        follow = _PIECE_RE.match(text, end + 1)
        if follow and follow.group().lower() in FRACTION_WORDS:
            return None
    elif words == 1 and text[start:end].lower() == "one":
        return None
    if (
        first < len(tokens)
        and text[start].isupper()
        and not _is_sentence_initial(text, tokens, first)
    ):
        return None  # "Air Force One", "World War Two"
    kind = "ordinal" if ordinal else "cardinal"
    currency = None
    if not ordinal:
        pct = _PERCENT_TAIL_RE.match(text, end)
        tail = None if pct else _CURRENCY_TAIL_RE.match(text, end)
        if pct:
            kind, end = "percent", pct.end()
        elif tail:
            currency = CURRENCY_WORDS[tail.group("w")] if tail.group("w") else tail.group("c")
            kind, end = "money", tail.end()
    return Number(start, end, text[start:end], float(value), kind, currency)


def _parse_words(words: list[str]) -> tuple[int, int, int, bool] | None:
    """Parse the longest number at the head of `words`.

    Returns (words used, leading article words skipped, value, is ordinal), or
    None when the head is not a number (a lone "a", a stray "and").
    """
    total = group = 0
    last = "start"
    used = skipped = 0
    ordinal = False
    n = len(words)
    k = 0
    if words[0] in ("a", "an"):
        if n > 1 and (words[1] in HUNDRED or words[1] in SCALES or words[1] in DOZEN):
            group, last, k = 1, "article", 1
        else:
            skipped = k = 1
            if n == 1:
                return None
    while k < n:
        w = words[k]
        if w in UNITS and last in ("start", "tens", "hundred", "scale", "and"):
            group += UNITS[w]
            last = "unit"
        elif w in TEENS and last in ("start", "hundred", "scale", "and"):
            group += TEENS[w]
            last = "teen"
        elif w in TENS and last in ("start", "hundred", "scale", "and"):
            group += TENS[w]
            last = "tens"
        elif w in HUNDRED and last in ("unit", "teen", "article") and group < 100:
            group *= 100
            last = "hundred"
        elif w in SCALES and last in ("unit", "teen", "tens", "hundred", "article"):
            total += group * SCALES[w]
            group = 0
            last = "scale"
        elif w in DOZEN and last in ("unit", "article"):
            group *= 12
            used, last = k + 1, "dozen"
            break
        elif w == "and" and last in ("hundred", "scale") and k + 1 < n:
            last = "and"
            k += 1
            continue
        elif w in ORDINALS and last in ("start", "tens", "hundred", "scale", "and"):
            v = ORDINALS[w]
            group = group * v if v >= 100 and group else group + v
            ordinal = True
            used, last = k + 1, "ordinal"
            break
        else:
            break
        k += 1
        used = k
    if last in ("start", "article") or used <= skipped:
        return None
    return used, skipped, total + group, ordinal


def _is_sentence_initial(text: str, tokens: Sequence[Token], index: int) -> bool:
    """Whether token `index` starts a sentence or a line (looking past opening quotes)."""
    k = index - 1
    while k >= 0 and tokens[k].kind == "punct" and tokens[k].text in "“\"‘'(«[":
        k -= 1
    if k < 0:
        return True
    prev = tokens[k]
    gap = text[prev.end : tokens[index].start]
    if "\n" in gap or "\r" in gap:
        return True
    t = prev.text
    if t in _CLOSING and k > 0:
        t = tokens[k - 1].text
    return t[-1:] in _SENTENCE_END or t in ("...", ":")


def year_reading(text: str, tokens: Sequence[Token], index: int) -> bool:
    """Whether number token `index`, a plain integer, reads as a year.

    A four-digit integer from 1900 to 2100 is a year ("in 2019", "the 2002
    coup", "2019 was marked") unless it counts something: a lower-case plural
    noun follows ("2000 people", "1500 troops") and no year word precedes it
    ("in", "since", "the", a month name). News style writes counts of a
    thousand and more with a comma, so a comma-less four-digit number is
    nearly always a year.
    """
    token = tokens[index]
    digits = token.text
    if not (len(digits) == 4 and digits.isdigit() and 1900 <= int(digits) <= 2100):
        return False
    prev = _word_at(tokens, index - 1)
    if prev is not None:
        lower = prev.text.lower()
        if lower in YEAR_CONTEXT or lower == "the" or prev.text in _MONTH_NAMES:
            return True
    nxt = _word_at(tokens, index + 1)
    if nxt is None or not nxt.text[:1].islower():
        return True
    w = nxt.text
    plural = w in IRREGULAR_PLURALS or (
        w.endswith("s") and not w.endswith(("ss", "us", "is")) and w not in FUNCTION_WORDS
    )  # "2019 was", "2019 has" are verbs, not counted nouns
    return not plural


def _word_at(tokens: Sequence[Token], k: int) -> Token | None:
    """Token k if it exists and is a word."""
    if 0 <= k < len(tokens) and tokens[k].kind == "word":
        return tokens[k]
    return None


def _is_list_number(text: str, num: str, start: int, end: int) -> bool:
    """A small integer opening a line and followed by "." or ")" and a space."""
    if "." in num or "," in num or len(num) > 3 or text[end : end + 1] not in (".", ")"):
        return False
    if end + 1 < len(text) and not text[end + 1].isspace():
        return False
    # Only spaces and tabs between the line's start and the number (looking back
    # no further than those, so a long line costs nothing).
    i = start
    while i > 0 and text[i - 1] in _LINE_INDENT:
        i -= 1
    return i == 0 or text[i - 1] in "\n\r"


def _is_calendar_day(
    tokens: Sequence[Token], first: int, after: int, back: bool = True, ahead: bool = True
) -> bool:
    """The day of a calendar date: next to a month name ("November 3", "3rd of November").

    A day linked to such a day is one too ("October 21 and 22", "3-5 May");
    `back`/`ahead` say which way links are still followed.
    """
    value = tokens[first].text.rstrip("stndrh")
    if not value.isdigit() or not 1 <= int(value) <= 31:
        return False
    k = first - 1
    if k >= 1 and tokens[k].text == "." and tokens[k - 1].text in MONTH_ABBREVIATIONS:
        return True
    if k >= 0 and tokens[k].text in _MONTH_NAMES:
        return True
    if (
        back
        and k >= 1
        and tokens[k].text in _DAY_LINKS
        and _is_calendar_day(tokens, k - 1, k, back=True, ahead=False)
    ):
        return True
    n = len(tokens)
    j = after + 1 if after < n and tokens[after].text == "of" else after
    if j < n and tokens[j].text in _MONTH_NAMES:
        return True
    return (
        ahead
        and after + 1 < n
        and tokens[after].text in _DAY_LINKS
        and _is_calendar_day(tokens, after + 1, after + 2, back=False, ahead=True)
    )


def _is_name_part(text: str, tokens: Sequence[Token], first: int, after: int) -> bool:
    """A number inside a name: "Flight 17", "No. 5", "60 Minutes"."""
    if first >= 1:
        prev = tokens[first - 1]
        abbreviation = first >= 2 and tokens[first - 2].text.lower() in NUMBER_ABBREVIATIONS
        if prev.text == "#" or (prev.text == "." and abbreviation):
            return True
        if (
            prev.kind == "word"
            and prev.text[:1].isupper()
            and text[prev.end : tokens[first].start] == " "
            and prev.text.lower() not in FUNCTION_WORDS
            and prev.text not in _CALENDAR
            and prev.text not in CURRENCY_CODES
            and not _is_sentence_initial(text, tokens, first - 1)
        ):
            return True
    if after < len(tokens):
        nxt = tokens[after]
        if (
            nxt.text[:1].isupper()
            and nxt.text.lower() in UNIT_WORDS
            and not _is_sentence_initial(text, tokens, first)
        ):
            return True
    return False
