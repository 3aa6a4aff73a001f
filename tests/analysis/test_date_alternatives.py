"""The date alternatives, compiled one by one and tried in order, match as one pattern of
all of them does."""

from __future__ import annotations

import json
import re
from pathlib import Path

from reliability.analysis import dates
from reliability.analysis.tokens import tokenize

ROOT = Path(__file__).resolve().parents[2]
TEXT = """Caracas, November 3, 2025 (AP) – On Nov. 3 and on 3rd of May, 2019, and the 3 June
2020 vote; 11/03/2025, 3/11/25, 2025-11-03, 2025-13-40. In May 2020, in May, mid-May, since
March and May, between May and June; May I ask? May God help us. Last Saturday, next Monday
morning, Sunday’s match, Sunday's, sun. The 1990s, 1990s, the ’90s, the '20s, 1870s.
Yesterday, today, tonight and tomorrow; earlier this month, later that year, later in the day,
the last week, the past few weeks, the following year, the coming months, recent weeks, recent
days, weeks earlier, a year ago, a few days ago, a couple of years ago, two days ago, 3 days
later, twenty-one years ago, several months earlier, many decades ago, centuries ago, the
next two years, this summer, last fall, the previous quarter, the 2002 coup, in 2019. SEPT.
12, Sept 12, DEC 1, dec. 1, 5 Jan, 31st of December 1999, 1 janvier 2020, 12-13 May."""


def _texts() -> list[str]:
    seeds = sorted((ROOT / "seeds").glob("*.json"))
    return [TEXT, TEXT.upper(), TEXT.lower(), *(json.loads(p.read_text())["text"] for p in seeds)]


def test_alternatives_in_order_match_as_one_pattern() -> None:
    whole = re.compile(
        rf"(?<![\w])(?:{'|'.join(source for _, source in dates._BRANCHES)})", re.VERBOSE
    )
    matched = 0
    for text in _texts():
        for token in tokenize(text):
            for pos in (token.start, token.start + 4):
                one = whole.match(text, pos)
                tried = dates._match(text, pos)
                assert (one and (one.span(), one.lastgroup, one.group(one.lastgroup or 0))) == (
                    tried and (tried.span(), tried.lastgroup, tried.group(tried.lastgroup or 0))
                ), (text[pos : pos + 40], pos)
                if one is not None:
                    groups = {k: v for k, v in one.groupdict().items() if v is not None}
                    assert tried is not None
                    assert groups == {k: v for k, v in tried.groupdict().items() if v is not None}
                    matched += 1
    assert matched > 150
