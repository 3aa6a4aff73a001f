"""Reading one date value found on a page: a calendar date, or a moment with its time zone.

Machine-readable values (meta tags, JSON-LD, `datetime` attributes) are ISO 8601
in most pages, with the usual liberties: `+0300` without a colon, `23:15:0Z`,
`2020-08-25|00h23`, a space for the `T`, RFC 2822 (`Sun, 11 Oct 2020 07:34:36
GMT`) or a Unix timestamp. Free text in any language ("31 stycznia 2020",
"06 Dicembre 2020") goes to htmldate's parser, which gives a calendar date only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import email.utils
import re
from functools import lru_cache

from htmldate.extractors import try_date_expr

EARLIEST = dt.datetime(1995, 1, 1)
"""No news page is dated before the web carried news."""

_ISO = re.compile(
    r"(?P<y>(?:19|20)\d\d)(?P<s>[-/.])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})"
    r"(?:(?:T|\s+|\s*\|\s*|,\s*)(?P<H>\d{1,2})[:h](?P<M>\d{1,2})"
    r"(?::(?P<S>\d{1,2})(?:[.,]\d+)?)?"
    r"\s*(?P<z>Z|UTC|GMT|[+-]\d\d(?::?\d\d)?)?)?",
    re.IGNORECASE,
)
# East Asian dates: 2020年7月12日 (and 2020년 7월 12일).
_CJK = re.compile(r"((?:19|20)\d\d)\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]")
_COMPACT = re.compile(
    r"^(?P<y>(?:19|20)\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)(?:T?(?P<H>\d\d)(?P<M>\d\d))?$"
)
_EPOCH = re.compile(r"^\d{10}(?:\d{3})?$")
# Zone names a parser meets in RFC 2822 dates and bylines; only unambiguous ones.
_ZONE_NAMES = {
    "UT": 0,
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "EST": -5,
    "EDT": -4,
    "CST": -6,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
    "CET": 1,
    "CEST": 2,
    "EET": 2,
    "EEST": 3,
    "MSK": 3,
    "JST": 9,
    "KST": 9,
    "AEST": 10,
    "AEDT": 11,
}


@dataclasses.dataclass(frozen=True)
class Moment:
    """A date read from a page: the calendar date as written, and the time when there is one.

    `at` is timezone-aware when the value stated its offset, naive when it gave a
    time of day without one, and None for a date alone.
    """

    day: dt.date
    at: dt.datetime | None = None

    @property
    def offset(self) -> dt.timedelta | None:
        """The stated UTC offset, or None when the value stated none."""
        return None if self.at is None else self.at.utcoffset()


def _zone(raw: str | None) -> dt.tzinfo | None:
    if not raw:
        return None
    upper = raw.upper()
    if upper in _ZONE_NAMES:
        return dt.timezone(dt.timedelta(hours=_ZONE_NAMES[upper]))
    sign = -1 if raw[0] == "-" else 1
    digits = raw[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    if hours > 14 or minutes > 59:
        return None
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))


def _from_match(match: re.Match[str]) -> Moment | None:
    parts = match.groupdict()
    try:
        day = dt.date(int(parts["y"]), int(parts["m"]), int(parts["d"]))
        if parts.get("H") is None:
            return Moment(day)
        at = dt.datetime.combine(
            day, dt.time(int(parts["H"]), int(parts["M"]), int(parts.get("S") or 0))
        )
    except ValueError:
        return None
    zone = _zone(parts.get("z"))
    return Moment(day, at.replace(tzinfo=zone) if zone is not None else at)


@lru_cache(maxsize=1024)
def parse_value(value: str, *, latest: dt.datetime) -> Moment | None:
    """A machine-readable date value, or None when it is not one (or not between 1995 and `latest`).

    `latest` is naive UTC; a value more than a day after it (a date in the future) is refused.
    """
    value = value.strip()
    if not value or len(value) > 100:
        return None
    moment: Moment | None = None
    if _EPOCH.match(value):
        seconds = int(value) / (1000 if len(value) == 13 else 1)
        at = dt.datetime.fromtimestamp(seconds, dt.UTC)
        moment = Moment(at.date(), at)
    elif (compact := _COMPACT.match(value)) is not None:
        moment = _from_match(compact)
    elif (iso := _ISO.search(value[:40])) is not None and iso.start() <= 12:
        moment = _from_match(iso)
    else:
        moment = _rfc2822(value)
    if moment is None:
        return None
    return moment if _plausible(moment, latest) else None


def _rfc2822(value: str) -> Moment | None:
    try:
        at = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return Moment(at.date(), at)


def _plausible(moment: Moment, latest: dt.datetime) -> bool:
    if moment.at is not None and moment.at.tzinfo is not None:
        utc = moment.at.astimezone(dt.UTC).replace(tzinfo=None)
        return EARLIEST <= utc <= latest + dt.timedelta(days=1)
    return EARLIEST.date() <= moment.day <= (latest + dt.timedelta(days=1)).date()


@lru_cache(maxsize=1024)
def parse_text(text: str, *, latest: dt.datetime) -> Moment | None:
    """A date written for readers, in any language ("31 stycznia 2020 | 10:00"): its calendar date.

    A machine-readable value inside the text is read with its time; otherwise
    htmldate's text parser (dateparser for month names in other languages) gives
    the calendar date alone.
    """
    text = " ".join(text.split())
    if not text or len(text) > 200:
        return None
    iso = _ISO.search(text)
    if iso is not None and (moment := _from_match(iso)) is not None:
        return moment if _plausible(moment, latest) else None
    cjk = _CJK.search(text)
    if cjk is not None:
        try:
            moment = Moment(dt.date(*map(int, cjk.groups())))
        except ValueError:
            return None
        return moment if _plausible(moment, latest) else None
    found = try_date_expr(text, "%Y-%m-%d", True, EARLIEST, latest + dt.timedelta(days=1))
    if found is None:
        return None
    return Moment(dt.date.fromisoformat(found))
